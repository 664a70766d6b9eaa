#!/usr/bin/env python3
"""Trains one small model of each kind with the axon command, exports it to ONNX, checks the file
with ONNX's checker and runs it in ONNX Runtime (node and the npm package onnxruntime-node) on
1,000 rows, requiring the outputs to equal `axon predict` within 1e-5; then imports each file
back into axon (`axon import --onnx`) and requires the same of the imported model.

    check_onnx_runtime.py AXON_BINARY NODE_MODULES_DIR

Exits 77 (skipped) with the reason when node, onnxruntime-node or Debian's python3-onnx is
missing. Prints each model kind with its largest difference.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
TOLERANCE = 1e-5
ROWS = 1000
HERE = os.path.dirname(os.path.abspath(__file__))
# Debian's interpreter: python3-onnx and python3-numpy are installed for it.
DEBIAN_PYTHON = "/usr/bin/python3"

# name, data, flags: every layer and activation the command can make, and both preprocessings.
MODELS = [
    ("softmax classifier, relu", "blobs:samples=300,classes=3,features=4",
     "--layers auto 16 auto"),
    ("leaky_relu + batchnorm + dropout", "blobs:samples=300,classes=3,features=5",
     "--layers auto 16 8 auto --activation leaky_relu --batchnorm --dropout 0.2"),
    ("sigmoid hidden, sigmoid output (bce)", "moons", "--layers auto 8 auto --activation sigmoid "
     "--output sigmoid"),
    ("tanh regression", "sine", "--layers auto 16 16 auto --activation tanh"),
    ("elu", "circles", "--layers auto 12 auto --activation elu"),
    ("gelu", "spiral", "--layers auto 16 auto --activation gelu"),
    ("softplus regression", "linear", "--layers auto 16 auto --activation softplus"),
    ("softmax output layer (cross_entropy)", "blobs:samples=200,classes=4",
     "--layers auto 8 auto --output softmax --loss cross_entropy"),
    ("images (pixel scaling)", "idx", "--layers auto 8 auto --batchnorm"),
    ("table regression (target scaling, missing cells filled by the mean)", "table",
     "--layers auto 12 auto --missing mean --task regression"),
    # Image layers: a CNN written with ONNX's helper (random weights), imported, then exported.
    ("cnn: conv (padding, stride, dilation), batchnorm2d, max, average and global pooling",
     "cnn", ""),
]

# A CNN on 2 x 11 x 9 images as an ONNX graph (written by ONNX's own helper, not by axon).
MAKE_CNN = """
import sys
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
rng = np.random.default_rng(int(sys.argv[2]))
def w(name, *shape, low=-0.5, high=0.5):
    return numpy_helper.from_array(rng.uniform(low, high, shape).astype(np.float32), name)
inits = [w("c1.w", 6, 2, 3, 3), w("c1.b", 6), w("bn.s", 6, low=0.5, high=1.5), w("bn.b", 6),
         w("bn.m", 6), w("bn.v", 6, low=0.5, high=2.0), w("c2.w", 8, 6, 2, 3), w("c2.b", 8),
         w("c3.w", 5, 8, 1, 1), w("fc.w", 3, 5), w("fc.b", 3)]
nodes = [
    helper.make_node("Conv", ["x", "c1.w", "c1.b"], ["c1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    helper.make_node("BatchNormalization", ["c1", "bn.s", "bn.b", "bn.m", "bn.v"], ["bn"],
                     epsilon=1e-5),
    helper.make_node("Relu", ["bn"], ["r1"]),
    helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("Conv", ["p1", "c2.w", "c2.b"], ["c2"], kernel_shape=[2, 3],
                     strides=[1, 2], dilations=[2, 1]),
    helper.make_node("Tanh", ["c2"], ["t2"]),
    helper.make_node("AveragePool", ["t2"], ["p2"], kernel_shape=[1, 1]),
    helper.make_node("Conv", ["p2", "c3.w"], ["c3"], kernel_shape=[1, 1]),
    helper.make_node("GlobalAveragePool", ["c3"], ["g"]),
    helper.make_node("Flatten", ["g"], ["f"], axis=1),
    helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["y0"], transB=1),
    helper.make_node("Softmax", ["y0"], ["y"], axis=1),
]
graph = helper.make_graph(
    nodes, "cnn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2, 11, 9])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
"""


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return result.stdout


def write_idx(directory):
    """Twenty 3x3 images of three classes (the bright pixel's row is the class), train and test."""
    import struct
    images, labels = bytearray(), bytearray()
    for i in range(60):
        label = i % 3
        images += bytes(200 if p // 3 == label else (i * 7 + p * 13) % 60 for p in range(9))
        labels.append(label)
    for prefix in ("train", "t10k"):
        with open(os.path.join(directory, f"{prefix}-images-idx3-ubyte"), "wb") as f:
            f.write(struct.pack(">IIII", 0x803, 60, 3, 3) + images)
        with open(os.path.join(directory, f"{prefix}-labels-idx1-ubyte"), "wb") as f:
            f.write(struct.pack(">II", 0x801, 60) + labels)


def write_table(path):
    """A regression table in the units users have (targets around 300, spread 100) with a few
    empty cells, so the model carries target scaling and fills missing values with the mean."""
    import random
    rng = random.Random(5)
    with open(path, "w") as f:
        f.write("a,b,c,price\n")
        for i in range(200):
            a, b, c = rng.gauss(0, 1), rng.gauss(10, 3), rng.uniform(-5, 5)
            y = 300 + 80 * a - 6 * (b - 10) + 4 * c
            cells = [f"{v:.4f}" for v in (a, b, c)]
            if i % 17 == 3:
                cells[i % 3] = ""
            f.write(",".join(cells) + f",{y:.3f}\n")


CHECK_AND_SAMPLE = r"""
import sys, numpy as np, onnx, onnx.numpy_helper
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
init = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
features = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value
batch = model.graph.input[0].type.tensor_type.shape.dim[0].dim_param
assert batch, "the batch dimension is not dynamic"
rng = np.random.default_rng(int(sys.argv[3]))
if "pixel_scale.factor" in init:
    x = rng.integers(0, 256, size=(int(sys.argv[2]), features)).astype(np.float32)
else:
    mean = init.get("standardize.mean", np.zeros(features, np.float32))
    std = init.get("standardize.stddev", np.ones(features, np.float32))
    x = (mean + 1.5 * std * rng.standard_normal((int(sys.argv[2]), features))).astype(np.float32)
if any(node.op_type == "IsNaN" for node in model.graph.node):
    x[rng.random(x.shape) < 0.05] = np.nan  # missing cells, filled with the training mean
for row in x:
    print(",".join(repr(float(v)) for v in row))
"""


def predict_columns(text):
    """The probability or value columns of `axon predict` output."""
    lines = text.strip().split("\n")
    header = lines[0].split(",")
    skip = 1 if header[0] == "class" else 0
    return [[float(v) for v in line.split(",")[skip:]] for line in lines[1:]]


def check_model(axon, package, work, name, data, flags, seed):
    model = os.path.join(work, f"m{seed}.axon")
    onnx_file = os.path.join(work, f"m{seed}.onnx")
    inputs = os.path.join(work, f"x{seed}.csv")
    if data == "idx":
        write_idx(work)
        data = "idx:" + work
    elif data == "table":
        data = os.path.join(work, "table.csv")
        write_table(data)
    if data == "cnn":
        source = os.path.join(work, "cnn_source.onnx")
        run([DEBIAN_PYTHON, "-c", MAKE_CNN, source, str(seed)])
        run([axon, "import", "--onnx", source, "--task", "classification", "--save", model])
    else:
        run([axon, "train", "--data", data, *flags.split(), "--epochs", "20", "--verbose_epoch",
             "0", "--seed", str(seed), "--save", model])
    run([axon, "export", "--model", model, "--onnx", onnx_file])
    with open(inputs, "w") as f:
        f.write(run([DEBIAN_PYTHON, "-c", CHECK_AND_SAMPLE, onnx_file, str(ROWS), str(seed)]))
    expected = predict_columns(run([axon, "predict", "--model", model, "--input", inputs,
                                    "--header", "no"]))
    result = json.loads(run(["node", os.path.join(HERE, "run_onnxruntime.js"), package, onnx_file,
                             inputs]))
    rows, cols = result["dims"]
    if rows != ROWS or rows != len(expected) or cols != len(expected[0]):
        raise SystemExit(f"{name}: ONNX Runtime gave {rows}x{cols}, axon predict "
                         f"{len(expected)}x{len(expected[0])}")
    worst = 0.0
    for i in range(rows):
        for j in range(cols):
            got, want = result["data"][i * cols + j], expected[i][j]
            # axon predict prints 6 significant digits: larger values are compared relative.
            worst = max(worst, abs(got - want) / max(1.0, abs(want)))
    print(f"{name}: {rows} rows x {cols} outputs, largest difference {worst:.3g}")

    # Back into axon: the imported model (preprocessing and target scaling read from the graph)
    # predicts what the original does.
    back = os.path.join(work, f"back{seed}.axon")
    task = "classification" if "class" in text_of_header(model, inputs, axon) else "regression"
    run([axon, "import", "--onnx", onnx_file, "--task", task, "--save", back])
    again = predict_columns(run([axon, "predict", "--model", back, "--input", inputs,
                                 "--header", "no"]))
    round_trip = max(abs(a - b) / max(1.0, abs(b))
                     for got_row, want_row in zip(again, expected)
                     for a, b in zip(got_row, want_row))
    print(f"{name}: exported and imported back, largest difference {round_trip:.3g}")
    return max(worst, round_trip)


def text_of_header(model, inputs, axon):
    """The header line `axon predict` writes for the model."""
    return run([axon, "predict", "--model", model, "--input", inputs, "--header", "no"]).split(
        "\n", 1)[0]


def main():
    axon, modules = sys.argv[1], sys.argv[2]
    package = os.path.join(os.path.abspath(modules), "onnxruntime-node")
    if shutil.which("node") is None:
        print("skipped: node is not installed (apt-get install nodejs; npm too where nodejs lacks it)")
        return SKIP
    if not os.path.isdir(package):
        print(f"skipped: {package} is missing (npm install --ignore-scripts onnxruntime-node "
              f"in {os.path.dirname(modules)})")
        return SKIP
    if subprocess.run([DEBIAN_PYTHON, "-c", "import onnx, numpy"],
                      capture_output=True).returncode != 0:
        print("skipped: Debian's python3-onnx is not installed (apt-get install python3-onnx)")
        return SKIP
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for seed, (name, data, flags) in enumerate(MODELS, 1):
            worst = check_model(axon, package, work, name, data, flags, seed)
            if not worst <= TOLERANCE:
                failures.append(f"{name}: largest difference {worst:.3g} > {TOLERANCE}")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
