"""PyTorch 1.13 reference values for the image layers' tests (tests/layers/*2d*_test.cpp).

Regenerate with Debian's interpreter (the one that has torch 1.13):
    /usr/bin/python3 tests/reference/conv.py
which rewrites tests/fixtures/conv.txt.

Each case is a line "case LAYER NAME key=value ..." with the layer's settings, followed by lines
"key values...": the input x (N, C, H, W), the parameters, a random upstream gradient g, and
what PyTorch computes: the output y and the gradients dx, dweight, dbias (conv2d), or for
batch_norm2d the training pass (y1, dx1, dweight1, dbias1, running statistics), then an
evaluation pass of x3 with g3 (y3, dx3, dweight3, dbias3). Values are the shortest decimal that
parses back to the same float32.
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "conv.txt")

# name, N, C, H, W, out channels, kernel, stride, padding, dilation, bias
CONV_CASES = [
    ("basic", 2, 1, 5, 5, 2, (3, 3), (1, 1), "valid", (1, 1), True),
    ("rgb_stride", 2, 3, 7, 6, 4, (3, 2), (2, 1), "1", (1, 1), True),
    ("same_odd", 2, 3, 6, 5, 2, (3, 3), (1, 1), "same", (1, 1), False),
    ("same_even_kernel", 1, 1, 5, 6, 3, (2, 4), (1, 1), "same", (1, 1), True),
    ("same_dilated", 2, 3, 7, 7, 2, (3, 3), (1, 1), "same", (2, 2), True),
    ("dilated_strided", 2, 2, 9, 8, 3, (3, 2), (2, 3), "1,2", (2, 1), True),
    ("one_by_one", 3, 3, 4, 5, 5, (1, 1), (1, 1), "valid", (1, 1), True),
]

# layer, name, N, C, H, W, kernel, stride
POOL_CASES = [
    ("max_pool2d", "k2", 2, 3, 6, 6, (2, 2), (2, 2)),
    ("max_pool2d", "k2_odd", 2, 1, 7, 5, (2, 2), (2, 2)),
    ("max_pool2d", "k3_s2", 1, 2, 7, 8, (3, 3), (2, 2)),
    ("max_pool2d", "k3x2_s1x2", 2, 2, 5, 7, (3, 2), (1, 2)),
    ("avg_pool2d", "k2_odd", 2, 3, 7, 5, (2, 2), (2, 2)),
    ("avg_pool2d", "k3x2_s2x1", 1, 2, 7, 6, (3, 2), (2, 1)),
]

# name, N, C, H, W, eps, momentum
BATCH_NORM_CASES = [
    ("default", 4, 3, 3, 5, 1e-5, 0.1),
    ("one_channel_momentum", 2, 1, 4, 3, 1e-3, 0.3),
]


def fmt(t):
    return " ".join(str(np.float32(v)) for v in t.detach().numpy().ravel())


def padding_arg(text):
    if text in ("valid", "same"):
        return text
    parts = [int(p) for p in text.split(",")]
    return tuple(parts) if len(parts) == 2 else parts[0]


def conv_case(lines, g, case):
    name, n, c, h, w, o, kernel, stride, padding, dilation, bias = case
    layer = torch.nn.Conv2d(c, o, kernel, stride=stride, padding=padding_arg(padding),
                            dilation=dilation, bias=bias)
    lines.append(
        "case conv2d %s n=%d c=%d h=%d w=%d o=%d kh=%d kw=%d sh=%d sw=%d padding=%s dh=%d dw=%d "
        "bias=%d" % (name, n, c, h, w, o, kernel[0], kernel[1], stride[0], stride[1], padding,
                     dilation[0], dilation[1], int(bias)))
    x = torch.randn(n, c, h, w, generator=g).requires_grad_()
    y = layer(x)
    grad = torch.randn(y.shape, generator=g)
    y.backward(grad)
    values = [("x", x), ("weight", layer.weight), ("g", grad), ("y", y), ("dx", x.grad),
              ("dweight", layer.weight.grad)]
    if bias:
        values += [("bias", layer.bias), ("dbias", layer.bias.grad)]
    for key, t in values:
        lines.append(key + " " + fmt(t))


def pool_case(lines, g, case):
    kind, name, n, c, h, w, kernel, stride = case
    pool = torch.nn.MaxPool2d if kind == "max_pool2d" else torch.nn.AvgPool2d
    layer = pool(kernel, stride=stride)
    lines.append("case %s %s n=%d c=%d h=%d w=%d kh=%d kw=%d sh=%d sw=%d" %
                 (kind, name, n, c, h, w, kernel[0], kernel[1], stride[0], stride[1]))
    x = torch.randn(n, c, h, w, generator=g).requires_grad_()
    y = layer(x)
    grad = torch.randn(y.shape, generator=g)
    y.backward(grad)
    for key, t in [("x", x), ("g", grad), ("y", y), ("dx", x.grad)]:
        lines.append(key + " " + fmt(t))


def batch_norm_case(lines, g, case):
    name, n, c, h, w, eps, momentum = case
    eps = float(np.float32(eps))
    momentum = float(np.float32(momentum))
    layer = torch.nn.BatchNorm2d(c, eps=eps, momentum=momentum)
    with torch.no_grad():
        layer.weight.copy_(torch.rand(c, generator=g) + 0.5)
        layer.bias.copy_(torch.randn(c, generator=g))
    lines.append("case batch_norm2d %s n=%d c=%d h=%d w=%d eps=%r momentum=%r" %
                 (name, n, c, h, w, eps, momentum))
    lines.append("weight " + fmt(layer.weight))
    lines.append("bias " + fmt(layer.bias))

    def image_batch():
        centre = (torch.randn(c, generator=g) * 3).view(1, c, 1, 1)
        spread = (torch.rand(c, generator=g) * 4 + 0.5).view(1, c, 1, 1)
        return torch.randn(n, c, h, w, generator=g) * spread + centre

    layer.train()
    x1 = image_batch().requires_grad_()
    g1 = torch.randn(n, c, h, w, generator=g)
    y1 = layer(x1)
    y1.backward(g1)
    for key, t in [("x1", x1), ("g1", g1), ("y1", y1), ("dx1", x1.grad),
                   ("dweight1", layer.weight.grad), ("dbias1", layer.bias.grad),
                   ("running_mean1", layer.running_mean), ("running_var1", layer.running_var)]:
        lines.append(key + " " + fmt(t))
    layer.eval()
    layer.zero_grad()
    x3 = image_batch().requires_grad_()
    g3 = torch.randn(n, c, h, w, generator=g)
    y3 = layer(x3)
    y3.backward(g3)
    for key, t in [("x3", x3), ("g3", g3), ("y3", y3), ("dx3", x3.grad),
                   ("dweight3", layer.weight.grad), ("dbias3", layer.bias.grad)]:
        lines.append(key + " " + fmt(t))


def main():
    torch.manual_seed(2024)  # the layers' own initial weights
    g = torch.Generator().manual_seed(1013)
    lines = ["# PyTorch %s reference values; written by tests/reference/conv.py." %
             torch.__version__]
    for case in CONV_CASES:
        conv_case(lines, g, case)
    for case in POOL_CASES:
        pool_case(lines, g, case)
    for case in BATCH_NORM_CASES:
        batch_norm_case(lines, g, case)
    with open(FIXTURE, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
