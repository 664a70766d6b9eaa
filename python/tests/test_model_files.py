"""Model files written by `axon train` open in Python and predict the numbers `axon predict`
printed for them (tests/fixtures/models/), and Python's files open in the command."""

import csv
import subprocess

import numpy as np
import pytest

import axon

MODELS = ["adadelta", "adagrad", "batchnorm_dropout_sgd", "binary_adamw", "checkpoint_dropout",
          "mlp_adam", "regression_rmsprop"]


def read_csv(path, header):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0] if header else None, np.array(rows[1 if header else 0:], dtype=np.float64)


@pytest.mark.parametrize("name", MODELS)
def test_a_model_saved_by_the_command_predicts_the_same_numbers(models_dir, name):
    model = axon.load(models_dir / f"{name}.axon")
    _, x = read_csv(models_dir / f"{name}.input.csv", header=False)
    header, expected = read_csv(models_dir / f"{name}.predictions.csv", header=True)
    out = model.predict(x)
    if header[0] == "class":
        np.testing.assert_array_equal(model.predict_classes(x), expected[:, 0])
        expected = expected[:, 1:]
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)


def test_a_model_saved_in_python_runs_in_the_command(tmp_path, axon_command):
    x, y = axon.datasets.moons(n_samples=40, seed=1)
    model = axon.Sequential([axon.layers.Dense(6, activation="relu"),
                             axon.layers.Dense(2, activation="softmax")])
    model.compile(loss="cross_entropy", optimizer="adam")
    model.build(2)
    model.save(tmp_path / "m.axon")
    np.savetxt(tmp_path / "in.csv", x[:5], delimiter=",", fmt="%.6f")
    printed = subprocess.run([axon_command, "predict", "--model", tmp_path / "m.axon", "--input",
                              tmp_path / "in.csv", "--header", "no"],
                             check=True, capture_output=True, text=True).stdout
    rows = np.array([line.split(",") for line in printed.split()[1:]], dtype=np.float64)
    np.testing.assert_allclose(rows[:, 1:], model.predict(x[:5].round(6)), rtol=2e-5, atol=2e-6)
