"""Bad input raises a Python exception carrying the library's message, never a crash."""

import numpy as np
import pytest

import axon
from axon.layers import Dense


@pytest.fixture
def model():
    m = axon.Sequential.mlp([3, 4, 2], output="softmax")
    m.compile(loss="cross_entropy", optimizer="adam")
    return m


def test_wrong_width(model):
    with pytest.raises(ValueError, match="3 input features, got 5"):
        model.predict(np.zeros((2, 5)))  # before the model is built
    model.predict(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="the model takes 3 input features, got 5"):
        model.predict(np.zeros((2, 5)))


def test_nan_names_the_row(model):
    x = np.zeros((4, 3))
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match="x: row 2 holds NaN or infinite values"):
        model.predict(x)
    with pytest.raises(ValueError, match="y: row 0 holds NaN"):
        model.evaluate(np.zeros((1, 3)), np.array([np.inf]))


def test_empty(model):
    with pytest.raises(ValueError, match=r"x: the array is empty \(shape \(0, 3\)\)"):
        model.predict(np.zeros((0, 3)))


@pytest.mark.parametrize("bad", [np.array([["a", "b", "c"]]), np.array([[1, None, 2]]),
                                 [[1, "x", 2]], np.zeros((1, 3), dtype=complex)])
def test_non_numeric_dtypes_are_type_errors(model, bad):
    with pytest.raises(TypeError, match="x: expected an array of numbers"):
        model.predict(bad)


def test_three_dimensional_input(model):
    with pytest.raises(ValueError, match=r"a dense model takes a 2-D array .* got shape "
                                         r"\(2, 3, 4\)"):
        model.predict(np.zeros((2, 3, 4)))


def test_one_dimensional_input(model):
    with pytest.raises(ValueError, match=r"got shape \(3,\): use reshape"):
        model.predict(np.zeros(3))


def test_mismatched_samples(model):
    with pytest.raises(ValueError, match="x and y have different numbers of samples: 2 and 3"):
        model.evaluate(np.zeros((2, 3)), np.zeros(3))


def test_missing_file(tmp_path):
    path = tmp_path / "missing.axon"
    with pytest.raises(FileNotFoundError, match=f"cannot open '{path}'"):
        axon.load(path)


def test_not_a_model_file(tmp_path):
    path = tmp_path / "bad.axon"
    path.write_bytes(b"hello, world" * 10)
    with pytest.raises(axon.Error, match="bad.axon"):
        axon.load(path)


def test_library_errors_are_value_errors():
    assert issubclass(axon.Error, ValueError)
    with pytest.raises(axon.Error, match="unknown activation|relux"):
        axon.Sequential([Dense(2, activation="relux", input_dim=2)]).build()


def test_unknown_input_size():
    with pytest.raises(ValueError, match="input size is unknown"):
        axon.Sequential([Dense(2)]).summary()


def test_evaluate_before_compile():
    with pytest.raises(ValueError, match="compile the model first"):
        axon.Sequential.mlp([2, 2]).evaluate(np.zeros((1, 2)), np.zeros(1))


def test_the_model_still_works_after_errors(model):
    with pytest.raises(ValueError):
        model.predict(np.zeros((2, 5)))
    assert model.predict(np.zeros((2, 3))).shape == (2, 2)
