"""PyTorch 1.13 reference values for tests/layers/batch_norm_test.cpp.

Regenerate with Debian's interpreter (the one that has torch 1.13):
    /usr/bin/python3 tests/reference/batch_norm.py
which rewrites tests/fixtures/batch_norm.txt.

Each case is one nn.BatchNorm1d(features, eps, momentum) on (N, features) float32 input, with
random scale and shift, taken through:
  1. a training forward of x1 and a backward of g1: y1, dx1, dweight1, dbias1, and the running
     statistics after it;
  2. a second training forward of x2: y2 and the running statistics after both;
  3. an evaluation forward of x3 and a backward of g3 (gradients zeroed first): y3, dx3, dweight3,
     dbias3.
Inputs have a mean and spread per feature far from 0 and 1, so that wrong statistics show.
Values are written as the shortest decimal that parses back to the same float32.
"""

import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "batch_norm.txt")

# name, N, features, eps, momentum
CASES = [
    ("default", 8, 5, 1e-5, 0.1),
    ("small_batch_momentum", 3, 4, 1e-3, 0.3),
]


def fmt(t):
    return " ".join(str(np.float32(v)) for v in t.detach().numpy().ravel())


def inputs(n, features, generator):
    centre = torch.randn(features, generator=generator) * 3
    spread = torch.rand(features, generator=generator) * 4 + 0.5
    return torch.randn(n, features, generator=generator) * spread + centre


def main():
    g = torch.Generator().manual_seed(1013)
    lines = ["# PyTorch %s reference values; written by tests/reference/batch_norm.py."
             % torch.__version__]
    for name, n, features, eps, momentum in CASES:
        # Rounded to float32 first, as axon's options are float.
        eps = float(np.float32(eps))
        momentum = float(np.float32(momentum))
        layer = torch.nn.BatchNorm1d(features, eps=eps, momentum=momentum)
        with torch.no_grad():
            layer.weight.copy_(torch.rand(features, generator=g) + 0.5)
            layer.bias.copy_(torch.randn(features, generator=g))
        lines.append("case %s %d %d %r %r" % (name, n, features, eps, momentum))
        lines.append("weight " + fmt(layer.weight))
        lines.append("bias " + fmt(layer.bias))

        layer.train()
        x1 = inputs(n, features, g).requires_grad_()
        g1 = torch.randn(n, features, generator=g)
        y1 = layer(x1)
        y1.backward(g1)
        for key, t in [("x1", x1), ("g1", g1), ("y1", y1), ("dx1", x1.grad),
                       ("dweight1", layer.weight.grad), ("dbias1", layer.bias.grad),
                       ("running_mean1", layer.running_mean), ("running_var1", layer.running_var)]:
            lines.append(key + " " + fmt(t))

        x2 = inputs(n, features, g)
        with torch.no_grad():
            y2 = layer(x2)
        for key, t in [("x2", x2), ("y2", y2), ("running_mean2", layer.running_mean),
                       ("running_var2", layer.running_var)]:
            lines.append(key + " " + fmt(t))

        layer.eval()
        layer.zero_grad()
        x3 = inputs(n, features, g).requires_grad_()
        g3 = torch.randn(n, features, generator=g)
        y3 = layer(x3)
        y3.backward(g3)
        for key, t in [("x3", x3), ("g3", g3), ("y3", y3), ("dx3", x3.grad),
                       ("dweight3", layer.weight.grad), ("dbias3", layer.bias.grad)]:
            lines.append(key + " " + fmt(t))
    with open(FIXTURE, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
