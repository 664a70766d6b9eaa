#!/usr/bin/env python3
"""Checks axon's weights against PyTorch 1.13 (Debian's python3-torch), both ways:

  - `axon export --npz` weights load into the equivalent nn.Sequential (strict load_state_dict)
    and predict what `axon predict` does; weights changed in PyTorch and saved with np.savez come
    back through `axon import --npz` and predict what PyTorch does;
  - networks written by torch.onnx.export import with `axon import --onnx` and predict the same;
    an operator axon does not import is refused by name, with exit code 2 and no output file.

    check_pytorch.py AXON_BINARY

Run with Debian's /usr/bin/python3; exits 77 (skipped) when torch or onnx cannot be imported.
"""

import copy
import os
import subprocess
import sys
import tempfile

SKIP = 77
TOLERANCE = 1e-5
ROWS = 1000

try:
    import numpy as np
    import onnx
    import onnx.numpy_helper
    import torch
    from torch import nn
except ImportError as error:
    print(f"skipped: {error.name} is not importable by {sys.executable} "
          "(apt-get install python3-torch python3-onnx)")
    sys.exit(SKIP)

AXON = sys.argv[1] if len(sys.argv) > 1 else "axon"
failures = []


def run(*args, expect=0):
    result = subprocess.run([AXON, *args], capture_output=True, text=True)
    if result.returncode != expect:
        raise SystemExit(f"axon {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return result


def predict(model, x, directory):
    path = os.path.join(directory, "x.csv")
    np.savetxt(path, x, delimiter=",", fmt="%.9g")
    lines = run("predict", "--model", model, "--input", path, "--header", "no").stdout.split("\n")
    skip = 1 if lines[0].startswith("class") else 0
    return np.array([[float(v) for v in line.split(",")[skip:]] for line in lines[1:] if line])


def compare(name, got, want):
    worst = float(np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want))))
    print(f"{name}: {got.shape[0]} rows x {got.shape[1]} outputs, largest difference {worst:.3g}")
    if got.shape != want.shape or not worst <= TOLERANCE:
        failures.append(f"{name}: shapes {got.shape} and {want.shape}, difference {worst:.3g}")


def torch_sequential(summary, features):
    """The nn.Sequential of an `axon summary` layer table."""
    modules, width = [], features
    for line in summary.split("\n"):
        parts = line.split()
        if len(parts) < 4 or not parts[1].startswith("(") or not parts[2].startswith("(None,"):
            continue
        kind, out = parts[1].strip("()"), int(parts[3].rstrip(")"))
        make = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU,
                "softplus": nn.Softplus, "elu": nn.ELU, "leaky_relu": nn.LeakyReLU,
                "dropout": nn.Dropout, "identity": nn.Identity}
        if kind == "dense":
            modules.append(nn.Linear(width, out))
        elif kind == "batch_norm":
            modules.append(nn.BatchNorm1d(out))
        elif kind == "softmax":
            modules.append(nn.Softmax(dim=1))
        else:
            modules.append(make[kind]())
        width = out
    return nn.Sequential(*modules).eval()


def check_npz(directory, name, data, flags, head):
    model = os.path.join(directory, "m.axon")
    run("train", "--data", data, *flags.split(), "--epochs", "20", "--verbose_epoch", "0",
        "--save", model)
    # The first dense layer's input size from the exported graph, and its standardization.
    run("export", "--model", model, "--npz", os.path.join(directory, "w.npz"), "--onnx",
        os.path.join(directory, "m.onnx"))
    graph = onnx.load(os.path.join(directory, "m.onnx")).graph
    init = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
    features = graph.input[0].type.tensor_type.shape.dim[1].dim_value
    summary = run("summary", "--model", model).stdout
    net = torch_sequential(summary, features)
    weights = np.load(os.path.join(directory, "w.npz"))
    net.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=True)
    rng = np.random.default_rng(1)
    mean, std = init["standardize.mean"], init["standardize.stddev"]
    x = (mean + 1.5 * std * rng.standard_normal((ROWS, features))).astype(np.float32)
    # A regression trained on standardized targets: its outputs back in the targets' units.
    target_std = init.get("target.stddev", np.float32(1))
    target_mean = init.get("target.mean", np.float32(0))
    with torch.no_grad():
        y = head(net(torch.from_numpy((x - mean) / std))).numpy() * target_std + target_mean
    compare(f"npz export, {name}", y, predict(model, x, directory))

    # Changed in PyTorch, saved with np.savez, imported into the model file.
    torch.manual_seed(2)
    with torch.no_grad():
        for p in net.parameters():
            p.add_(0.1 * torch.randn_like(p))
        y = head(net(torch.from_numpy((x - mean) / std))).numpy() * target_std + target_mean
    np.savez(os.path.join(directory, "changed.npz"),
             **{k: v.numpy() for k, v in net.state_dict().items()})
    imported = os.path.join(directory, "imported.axon")
    run("import", "--npz", os.path.join(directory, "changed.npz"), "--model", model, "--save",
        imported)
    compare(f"npz import, {name}", y, predict(imported, x, directory))


def check_onnx_import(directory, name, net, task, sample=None, npz=True):
    """`sample` is the shape of one input image (C, H, W) for a CNN; rows otherwise. `npz`: the
    imported model's weights are checked in `net` too (not when torch's export folds a batch norm
    into the convolution before it, which leaves axon one layer fewer)."""
    net = net.eval()
    sample = sample or (net[0].in_features,)
    path = os.path.join(directory, "torch.onnx")
    torch.onnx.export(net, torch.zeros(2, *sample), path, input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    model = os.path.join(directory, "torch.axon")
    run("import", "--onnx", path, "--task", task, "--save", model)
    x = np.random.default_rng(3).standard_normal((ROWS, *sample)).astype(np.float32)
    with torch.no_grad():
        y = net(torch.from_numpy(x)).numpy()
    # axon reads an image as one row of C H W values.
    compare(f"onnx import, {name}", y, predict(model, x.reshape(ROWS, -1), directory))
    if not npz:
        return
    # The imported model's weights under state_dict names load into a fresh copy of `net`.
    npz = os.path.join(directory, "torch.npz")
    run("export", "--model", model, "--npz", npz)
    twin = copy.deepcopy(net)
    for p in twin.parameters():
        torch.nn.init.zeros_(p)
    with np.load(npz) as arrays:
        twin.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()}, strict=True)
    with torch.no_grad():
        compare(f"npz export of the imported model, {name}", twin(torch.from_numpy(x)).numpy(), y)


def main():
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as directory:
        softmax = lambda y: torch.softmax(y, dim=1)  # noqa: E731
        check_npz(directory, "tanh + batchnorm + dropout classifier", "blobs:samples=300,classes=3",
                  "--layers auto 16 8 auto --activation tanh --batchnorm --dropout 0.2",
                  lambda y: y)
        check_npz(directory, "gelu logits classifier", "spiral",
                  "--layers auto 16 auto --activation gelu --loss softmax_cross_entropy "
                  "--output identity", softmax)
        check_npz(directory, "softplus regression", "sine",
                  "--layers auto 16 16 auto --activation softplus", lambda y: y)
        check_onnx_import(directory, "relu/tanh regression",
                          nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(),
                                        nn.Linear(8, 2)), "regression")
        check_onnx_import(directory, "leaky_relu/elu/softplus/sigmoid softmax classifier",
                          nn.Sequential(nn.Linear(4, 12), nn.LeakyReLU(0.2), nn.Linear(12, 10),
                                        nn.ELU(0.5), nn.Linear(10, 8), nn.Softplus(),
                                        nn.Linear(8, 6), nn.Sigmoid(), nn.Linear(6, 3),
                                        nn.Softmax(dim=1)), "classification")
        # GELU (written as Div, Erf, Add, Mul, Mul) and batch norm: once fresh (torch shares its
        # equal initializers through Identity nodes), once with statistics of its own.
        check_onnx_import(directory, "gelu + fresh batchnorm1d regression",
                          nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.GELU(),
                                        nn.Linear(8, 2)), "regression")
        trained = nn.Sequential(nn.Linear(6, 10), nn.BatchNorm1d(10), nn.GELU(), nn.Linear(10, 4),
                                nn.GELU(), nn.Linear(4, 3), nn.Softmax(dim=1))
        with torch.no_grad():
            trained[1].running_mean.uniform_(-1, 1)
            trained[1].running_var.uniform_(0.5, 2)
            trained[1].weight.uniform_(0.5, 1.5)
            trained[1].bias.uniform_(-0.5, 0.5)
        check_onnx_import(directory, "batchnorm1d with statistics + gelu softmax classifier",
                          trained, "classification")
        # CNNs on images (N, C, H, W): convolutions with padding, stride and dilation, both
        # poolings, batch norm over channels, flatten and global average pooling.
        cnn = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Conv2d(8, 6, (3, 2), stride=(2, 1), dilation=1),
                            nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(6 * 1 * 2, 5),
                            nn.Softmax(dim=1))
        with torch.no_grad():
            cnn[1].running_mean.uniform_(-1, 1)
            cnn[1].running_var.uniform_(0.5, 2)
        check_onnx_import(directory, "cnn: conv, batchnorm2d, max and average pooling",
                          cnn, "classification", sample=(3, 12, 10), npz=False)
        check_onnx_import(directory, "cnn: dilated conv, padding, global average pooling",
                          nn.Sequential(nn.Conv2d(1, 4, 3, padding=2, dilation=2),
                                        nn.ELU(), nn.Conv2d(4, 6, 2, bias=False),
                                        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                        nn.Linear(6, 2)), "regression", sample=(1, 9, 9))
        # An operator axon does not import: refused by name, nothing written.
        path = os.path.join(directory, "conv.onnx")
        torch.onnx.export(nn.Sequential(nn.Linear(3, 4), nn.Hardswish()).eval(),
                          torch.zeros(1, 3), path)
        out = os.path.join(directory, "refused.axon")
        result = run("import", "--onnx", path, "--save", out, expect=2)
        if "HardSwish" not in result.stderr or os.path.exists(out):
            failures.append(f"unsupported operator: {result.stderr!r}, exists {os.path.exists(out)}")
        else:
            print("unsupported operator refused:", result.stderr.strip())
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
