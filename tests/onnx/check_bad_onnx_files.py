#!/usr/bin/env python3
"""Bad files given to `axon import --onnx` and `axon export`: each exits 2 with a message saying
what is wrong, and leaves no output file.

    check_bad_onnx_files.py AXON_BINARY

Run with Debian's /usr/bin/python3; exits 77 (skipped) when python3-onnx is missing.
"""

import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as error:
    print(f"skipped: {error.name} is not importable by {sys.executable} "
          "(apt-get install python3-onnx)")
    sys.exit(77)

AXON = sys.argv[1]


def dense_graph(sizes, opset=13, ops=None, extra_nodes=()):
    """Gemm layers of `sizes` (weights (out, in), transB), a Relu between them."""
    nodes, inits, current = [], [], "x"
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        w, c = f"w{i}", f"b{i}"
        inits.append(numpy_helper.from_array(np.ones((b, a), np.float32), w))
        inits.append(numpy_helper.from_array(np.zeros(b, np.float32), c))
        nodes.append(helper.make_node("Gemm", [current, w, c], [f"g{i}"], transB=1))
        current = f"g{i}"
        if i + 2 < len(sizes):
            nodes.append(helper.make_node((ops or {}).get(i, "Relu"), [current], [f"a{i}"]))
            current = f"a{i}"
    for op in extra_nodes:
        nodes.append(helper.make_node(op, [current], [op.lower()]))
        current = op.lower()
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", sizes[0]])],
        [helper.make_tensor_value_info(current, TensorProto.FLOAT, ["batch", sizes[-1]])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def main():
    failures = []
    with tempfile.TemporaryDirectory() as d:
        good = os.path.join(d, "good.onnx")
        onnx.save(dense_graph([3, 4, 2]), good)
        model = os.path.join(d, "good.axon")
        ok = subprocess.run([AXON, "import", "--onnx", good, "--save", model],
                            capture_output=True, text=True)
        if ok.returncode != 0:
            failures.append(f"a good graph is refused: {ok.stderr}")
        with open(good, "rb") as f:
            data = f.read()

        def write(name, content):
            path = os.path.join(d, name)
            if isinstance(content, bytes):
                with open(path, "wb") as f:
                    f.write(content)
            else:
                onnx.save(content, path)
            return path

        chain = dense_graph([3, 4, 2])
        chain.graph.initializer[2].CopyFrom(
            numpy_helper.from_array(np.ones((2, 5), np.float32), "w1"))
        leaky = dense_graph([3, 4, 2], ops={0: "LeakyRelu"})
        leaky.graph.node[1].attribute.append(helper.make_attribute("alpha", -0.5))
        no_output = dense_graph([3, 4, 2])
        del no_output.graph.node[1].output[:]
        cases = [
            ("negative LeakyRelu alpha", write("leaky.onnx", leaky), "alpha -0.5"),
            ("a node without output", write("no_output.onnx", no_output), "node 2 (Relu) has no output"),
            ("truncated", write("truncated.onnx", data[: len(data) // 2]), "does not parse"),
            ("empty", write("empty.onnx", b""), "holds no graph"),
            ("wrong opset", write("opset.onnx", dense_graph([3, 4, 2], opset=21)),
             "uses ONNX opset 21"),
            ("unknown operators", write("ops.onnx", dense_graph([3, 4, 4, 2], ops={0: "Selu", 1: "Abs"})),
             "operators axon does not import: Selu, Abs"),
            ("shapes that do not chain", write("chain.onnx", chain),
             "takes 5 features but the layer before gives 4"),
            ("not a file", d, "'" + d + "'"),
        ]
        for name, path, expected in cases:
            out = os.path.join(d, "out.axon")
            r = subprocess.run([AXON, "import", "--onnx", path, "--save", out],
                               capture_output=True, text=True)
            if r.returncode != 2 or expected not in r.stderr or os.path.exists(out) or \
                    any(f.startswith(".out.axon") for f in os.listdir(d)):
                failures.append(f"{name}: exit {r.returncode}, stderr {r.stderr!r}, "
                                f"output left: {os.path.exists(out)}")
            else:
                print(f"{name}: exit 2, {r.stderr.strip()}")
        # Export of a file that is not a model, and into a directory that does not exist.
        for args, expected in [
            (["--model", good, "--onnx", os.path.join(d, "x.onnx")], "good.onnx"),
            (["--model", model, "--onnx", os.path.join(d, "missing", "x.onnx")], "missing"),
            (["--model", model, "--onnx", os.path.join(d, "x.onnx"), "--npz", d], d),
        ]:
            r = subprocess.run([AXON, "export", *args], capture_output=True, text=True)
            left = [f for f in os.listdir(d) if f.startswith("x.") or f.startswith(".x.")]
            if r.returncode != 2 or expected not in r.stderr or left:
                failures.append(f"export {args}: exit {r.returncode}, {r.stderr!r}, left {left}")
            else:
                print(f"export refused: {r.stderr.strip()}")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
