"""Each seed-notebook example in examples/python/ runs and prints what its docstring says."""

import os
import re
import subprocess
import sys

import pytest

import axon
from conftest import SOURCE_DIR

EXAMPLES = SOURCE_DIR / "examples" / "python"


def run(name, *args, tmp_path):
    env = dict(os.environ, AXON_EXAMPLE_QUICK="1", MPLBACKEND="Agg")
    result = subprocess.run([sys.executable, EXAMPLES / name, *args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_forward_pass(tmp_path):
    out = run("forward_pass.py", tmp_path=tmp_path)
    difference = float(re.search(r"largest difference: (\S+)", out).group(1))
    assert difference < 1e-5


@pytest.mark.skipif(not os.path.isdir(axon.datasets.FASHION_MNIST_DIR),
                    reason="dataset-fashion-mnist is not installed")
def test_fashion_mnist(tmp_path):
    out = run("fashion_mnist.py", tmp_path=tmp_path)
    accuracy = float(re.search(r"test accuracy (\S+)", out).group(1))
    assert accuracy > 0.75  # two epochs on 20,000 images
    assert "Epoch 2/2" in out and "Total params: 109,386" in out


def test_loss_optimizer_tour(tmp_path):
    out = run("loss_optimizer_tour.py", tmp_path=tmp_path)
    for line in out.splitlines()[:7]:
        w, b = (float(v) for v in re.search(r"w\s+(\S+)\s+b\s+(\S+)", line).groups())
        assert abs(w - 2) < 0.1 and abs(b) < 0.3, line
    assert re.search(r"mse\s+0\.062500", out)  # (0.1^2 + 0.2^2 + 0.2^2 + 0.4^2) / 4


def test_sine_regression(tmp_path):
    out = run("sine_regression.py", str(tmp_path / "sine.png"), tmp_path=tmp_path)
    assert float(re.search(r"R2 (\S+)", out).group(1)) > 0.9
    assert (tmp_path / "sine.png").stat().st_size > 1000


def test_xor_decision_boundary(tmp_path):
    out = run("xor_decision_boundary.py", str(tmp_path / "xor.png"), tmp_path=tmp_path)
    assert "predictions: [0, 1, 1, 0]" in out
    assert (tmp_path / "xor.png").stat().st_size > 1000


def test_exercises(tmp_path):
    out = run("exercises.py", tmp_path=tmp_path)
    accuracy = {line[:22].strip(): float(line.split()[-1]) for line in out.splitlines()[:3]}
    assert accuracy["linear"] < 0.7
    assert accuracy["one hidden layer"] > 0.9 and accuracy["dropout + batch norm"] > 0.9
    assert float(out.splitlines()[3].split()[-1]) > 0.8
