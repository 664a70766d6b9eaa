#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora under fuzz/corpus/: small valid IDX and CSV files, generator
specs, NumPy .npy and .npz files (written by numpy itself), and model files of several architectures and optimizers trained for one epoch by the built
`axon` command.

    fuzz/make_seeds.py build/cli/axon
"""
import os
import pathlib
import struct
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def idx(dims, values):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(values)


def write(kind, name, data):
    path = CORPUS / kind / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def idx_seeds():
    write("idx", "images_3x2x2", idx([3, 2, 2], range(12)))
    write("idx", "labels_5", idx([5], [0, 1, 2, 1, 0]))
    write("idx", "rank4_1x1x2x2", idx([1, 1, 2, 2], [9, 8, 7, 6]))
    write("idx", "empty_0x4x4", idx([0, 4, 4], []))


def csv_seeds():
    # The first byte picks the reader's options (see csv_fuzz.cpp); 0: header auto, label -1.
    write("csv", "header_classes", "\0x1,x2,label\n0.5,1.5,0\n-2,3e-2,1\n4,5,2\n")
    write("csv", "no_header_regression", "\x02" + "1,2,3.5\n4,5,6.25\n7,8,-9\n")
    write("csv", "quoted_crlf", "\x03" + '"a","b","label"\r\n1,2,1\r\n3,4,0\r\n')
    write("csv", "named_label", "\x09" + "f,label,g\n1,0,2\n3,1,4\n\n5,1,6\n")


def gen_seeds():
    specs = ["blobs", "blobs:samples=12,features=3,classes=3", "xor:samples=8,noise=0.1",
             "sine:n=9", "linear:samples=5", "classification:samples=20,features=4,classes=2",
             "spiral:samples=12,classes=3,noise=0.2", "moons:samples=8", "circles:samples=6"]
    for i, spec in enumerate(specs):
        write("gen", f"spec_{i}", spec)


def flags_seeds():
    """Command lines of `axon train` (after "train"), arguments separated by NUL bytes."""
    lines = [
        ["--layers", "784", "128", "64", "10", "--learning_rate", "0.01", "--epochs", "3"],
        ["--layers", "auto", "32", "auto", "--optimizer", "momentum", "--batchnorm"],
        ["--lr_schedule", "cosine:50:0.001+warmup:3", "--batch_size", "64", "--dropout", "0.2"],
        ["--optimizer", "adamw", "--weight_decay", "0.01", "--clip_norm", "1.0", "--l2", "1e-4"],
        ["--loss", "huber:0.5", "--output", "linear", "--activation", "tanh", "--init", "xavier"],
        ["--validation_split", "0.1", "--early_stopping", "5", "--matmul", "fp32", "--threads", "1"],
        ["--data", "blobs:samples=100,classes=3", "--test_split", "0.2", "--seed", "7"],
    ]
    for i, line in enumerate(lines):
        write("flags", f"line_{i}", "\0".join(line))


def numpy_seeds():
    import io

    import numpy as np

    def saved(array, **kwargs):
        out = io.BytesIO()
        np.save(out, array, **kwargs)
        return out.getvalue()

    def archive(compressed, **arrays):
        out = io.BytesIO()
        (np.savez_compressed if compressed else np.savez)(out, **arrays)
        return out.getvalue()

    write("numpy", "f4_2x3.npy", saved(np.arange(6, dtype="<f4").reshape(2, 3)))
    write("numpy", "f8_be_fortran.npy",
          saved(np.asfortranarray(np.arange(12, dtype=">f8").reshape(2, 3, 2))))
    write("numpy", "i2_be.npy", saved(np.array([[-1, 2], [3, -4]], dtype=">i2")))
    write("numpy", "u1_images.npy", saved(np.arange(16, dtype=np.uint8).reshape(1, 4, 4)))
    write("numpy", "bool.npy", saved(np.array([True, False])))
    write("numpy", "scalar.npy", saved(np.float64(1.5)))
    write("numpy", "object.npy", saved(np.array([None], dtype=object), allow_pickle=True))
    x = np.arange(8, dtype=np.float32).reshape(4, 2)
    write("numpy", "xy_stored.npz", archive(False, x=x, y=np.array([0, 1, 1, 0])))
    write("numpy", "split_deflated.npz", archive(True, x_train=x, y_train=np.arange(4),
                                                 x_test=x[:2], y_test=np.arange(2)))


def model_seeds(axon):
    runs = {
        "blobs_adam": "--data blobs:samples=40,classes=3 --layers auto 4 auto",
        "xor_sgd_dropout": "--data xor:samples=40 --layers auto 3 auto --optimizer momentum "
        "--dropout 0.25",
        "sine_batchnorm": "--data sine:samples=40 --layers auto 4 auto --batchnorm --activation tanh",
        "moons_rmsprop": "--data moons:samples=40 --layers auto 3 3 auto --optimizer rmsprop "
        "--activation leaky_relu --loss softmax_cross_entropy",
        "circles_adagrad": "--data circles:samples=40 --layers auto 3 auto --optimizer adagrad "
        "--activation elu --output sigmoid",
        "linear_adadelta": "--data linear:samples=40 --layers auto 2 auto --optimizer adadelta",
    }
    for name, flags in runs.items():
        out = CORPUS / "model" / (name + ".axon")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([axon, "train", "--epochs", "1", "--verbose_epoch", "0", "--save", str(out)]
                       + flags.split(), check=True, stdout=subprocess.DEVNULL)
        # model_semantic always repairs the checksum; model reads its first byte as a switch
        # (even: repair the checksum).
        semantic = CORPUS / "model_semantic" / (name + ".axon")
        semantic.parent.mkdir(parents=True, exist_ok=True)
        semantic.write_bytes(out.read_bytes())
        out.write_bytes(b"\0" + out.read_bytes())
    onnx_seeds(axon)


def onnx_seeds(axon):
    """ONNX files axon exports; the target reads the first byte as the task (even:
    classification)."""
    for name in ("blobs_adam", "sine_batchnorm", "circles_adagrad", "moons_rmsprop"):
        model = CORPUS / "model_semantic" / (name + ".axon")
        out = CORPUS / "onnx" / (name + ".onnx")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([axon, "export", "--model", str(model), "--onnx", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        task = b"\1" if name.startswith("sine") else b"\0"
        out.write_bytes(task + out.read_bytes())
    # A CNN: the graph tests/onnx/check_onnx_runtime.py writes with ONNX's helper, imported and
    # exported by axon (needs Debian's python3-onnx).
    import re
    import tempfile
    script = (HERE.parent / "tests" / "onnx" / "check_onnx_runtime.py").read_text()
    make_cnn = re.search(r'MAKE_CNN = """(.*?)"""', script, re.S).group(1)
    with tempfile.TemporaryDirectory() as d:
        source, model = os.path.join(d, "cnn.onnx"), os.path.join(d, "cnn.axon")
        subprocess.run(["/usr/bin/python3", "-c", make_cnn, source, "1"], check=True)
        subprocess.run([axon, "import", "--onnx", source, "--task", "classification", "--save",
                        model], check=True, stdout=subprocess.DEVNULL)
        out = CORPUS / "onnx" / "cnn_exported.onnx"
        subprocess.run([axon, "export", "--model", model, "--onnx", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        out.write_bytes(b"\0" + out.read_bytes())


if __name__ == "__main__":
    idx_seeds()
    csv_seeds()
    gen_seeds()
    flags_seeds()
    numpy_seeds()
    if len(sys.argv) > 1:
        model_seeds(sys.argv[1])
