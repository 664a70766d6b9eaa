"""axon.datasets: shapes, dtypes, reproducibility."""

import os

import numpy as np
import pytest

import axon


def test_xor():
    x, y = axon.datasets.xor()
    np.testing.assert_array_equal(x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert x.dtype == np.float32 and y.dtype == np.int64


def test_sine_is_a_regression_set():
    x, y = axon.datasets.sine(samples=50, standardize=False)
    assert x.shape == (50, 1) and y.shape == (50, 1)
    np.testing.assert_allclose(y, 0.5 * (np.sin(x) + 1), atol=1e-6)


@pytest.mark.parametrize("make, rows, cols, classes", [
    (lambda s: axon.datasets.spiral(samples_per_class=30, classes=4, seed=s), 120, 2, 4),
    (lambda s: axon.datasets.moons(n_samples=64, seed=s), 64, 2, 2),
    (lambda s: axon.datasets.circles(n_samples=50, seed=s), 50, 2, 2),
    (lambda s: axon.datasets.make_classification(n_samples=90, n_features=6, n_informative=4,
                                                 n_redundant=1, n_classes=3, random_state=s),
     90, 6, 3),
    (lambda s: axon.datasets.generate("blobs", seed=s, samples=40, classes=2), 40, 4, 2),
])
def test_classification_sets(make, rows, cols, classes):
    x, y = make(1)
    assert x.shape == (rows, cols) and y.shape == (rows,)
    assert set(np.unique(y)) == set(range(classes))
    x2, y2 = make(1)
    np.testing.assert_array_equal(x, x2)
    x3, _ = make(2)
    assert not np.array_equal(x, x3)


def test_bad_settings_raise():
    with pytest.raises(ValueError, match="unknown|blobz"):
        axon.datasets.generate("blobz")


@pytest.mark.skipif(not os.path.isdir(axon.datasets.FASHION_MNIST_DIR),
                    reason="dataset-fashion-mnist is not installed")
def test_fashion_mnist():
    (x, y), (xt, yt) = axon.datasets.fashion_mnist()
    assert x.shape == (60000, 784) and xt.shape == (10000, 784) and x.dtype == np.float32
    assert y.shape == (60000,) and set(np.unique(yt)) == set(range(10))
    assert 0.0 <= x.min() and x.max() == 1.0


def test_fashion_mnist_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        axon.datasets.fashion_mnist(tmp_path / "nowhere")
