#!/usr/bin/env python3
"""model.fit and model.predict from Python beside the same work in C++: `axon train`'s epoch
time, and Sequential::predict on the 10,000 Fashion-MNIST test images.

    PYTHONPATH=build/python python3 bench/python_fit.py [--axon build/cli/axon] [--epochs 3] [--reps 3]

Both train the seed's 784-128-64-10 MLP (Adam 1e-3, batch 128, fp32 products, the command's
no validation) and report the median epoch time; results go in docs/performance.md.
"""

import argparse
import re
import statistics
import subprocess
import time

import axon
from axon import _core


def cpu_model():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def command_epochs(axon_path, epochs, split):
    out = subprocess.run([axon_path, "train", "--data", "fashion-mnist", "--epochs", str(epochs),
                          "--batch_size", "128", "--optimizer", "adam", "--lr", "0.001",
                          "--matmul", "fp32", "--validation_split", str(split),
                          "--verbose_epoch", "1"],
                         check=True, capture_output=True, text=True).stdout
    return [float(s) for s in re.findall(r"([0-9.]+) s\b", out)][:epochs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--axon", default="build/cli/axon")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--reps", type=int, default=3, help="alternating pairs of runs")
    parser.add_argument("--validation_split", type=float, default=0.0)
    args = parser.parse_args()

    print(f"CPU: {cpu_model()}, seed MLP on Fashion-MNIST, batch 128, fp32")
    (x, y), (x_test, y_test) = axon.datasets.fashion_mnist()
    # Alternating runs, a fresh model each: the ratio of each pair, then the median of the pairs.
    ratios, python_epochs, cpp_epochs = [], [], []
    for _ in range(args.reps):
        model = axon.Sequential.mlp([784, 128, 64, 10], activation="relu", output="softmax")
        model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=1e-3))
        history = model.fit(x, y, epochs=args.epochs, batch_size=128,
                            validation_split=args.validation_split, verbose=0)
        python_epochs.append(statistics.median(history.seconds))
        cpp_epochs.append(
            statistics.median(command_epochs(args.axon, args.epochs, args.validation_split)))
        ratios.append(python_epochs[-1] / cpp_epochs[-1])
    print(f"fit epoch:     python {statistics.median(python_epochs):.3f} s   "
          f"axon train {statistics.median(cpp_epochs):.3f} s   "
          f"ratio {statistics.median(ratios):.3f} (pairs: {' '.join(f'{r:.3f}' for r in ratios)})")

    model.predict(x_test)
    times = []
    for _ in range(9):
        start = time.perf_counter()
        model.predict(x_test)
        times.append(time.perf_counter() - start)
    python_predict = statistics.median(times)
    cpp_predict = _core._time_predict(model._network(), x_test, 256, 9)
    print(f"predict 10k:   python {python_predict * 1e3:.2f} ms   C++ {cpp_predict * 1e3:.2f} ms   "
          f"ratio {python_predict / cpp_predict:.3f}")


if __name__ == "__main__":
    main()
