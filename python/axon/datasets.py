"""Datasets as NumPy arrays: Fashion-MNIST from the Debian package dataset-fashion-mnist, and the
library's synthetic sets. Inputs are (N, features) float32; classification targets are (N,)
int64 class indices, regression targets (N, 1) float32. ``seed`` makes every set reproducible.
"""

from __future__ import annotations

import os

from . import _core

__all__ = ["fashion_mnist", "load_idx", "xor", "sine", "spiral", "moons", "circles",
           "make_classification", "generate", "FASHION_MNIST_DIR"]

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def load_idx(images: str, labels: str):
    """Images (N, rows * cols) float32 in [0, 1] and labels (N,) int64 from IDX files (gzipped
    or not), read by the library's IDX reader."""
    return _core.read_idx_dataset(os.fspath(images), os.fspath(labels))


def fashion_mnist(path: str | None = None):
    """((x_train, y_train), (x_test, y_test)) like keras.datasets.fashion_mnist.load_data(), but
    with the images flattened to 784 float32 pixels in [0, 1]: ready for a dense model."""
    directory = os.fspath(path) if path is not None else FASHION_MNIST_DIR
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"Fashion-MNIST is not installed ({directory} is missing): run "
                                f"`apt-get install dataset-fashion-mnist`")

    def part(prefix):
        return load_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz"),
                        os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz"))

    return part("train"), part("t10k")


def xor(copies: int = 1, noise: float = 0.0, seed: int = 42):
    """The four XOR points (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0, ``copies`` times, with
    N(0, noise^2) jitter."""
    return _core.xor(copies, noise, seed)


def sine(samples: int = 500, low: float = -6.283185307, high: float = 6.283185307,
         noise: float = 0.0, standardize: bool = True, seed: int = 42):
    """x = linspace(low, high, samples) (standardized by default), y = 0.5 (sin x + 1) + noise."""
    return _core.sine(samples, low, high, noise, standardize, seed)


def spiral(samples_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 42):
    """Interleaved spiral arms, one per class (the CS231n set)."""
    return _core.spiral(samples_per_class, classes, noise, seed)


def moons(n_samples: int = 200, noise: float = 0.1, seed: int = 42):
    """Two interleaving half circles (scikit-learn's make_moons)."""
    return _core.moons(n_samples, noise, seed)


def circles(n_samples: int = 200, factor: float = 0.5, noise: float = 0.05, seed: int = 42):
    """Two concentric circles (scikit-learn's make_circles)."""
    return _core.circles(n_samples, factor, noise, seed)


def make_classification(n_samples: int = 1000, n_features: int = 20, n_informative: int = 15,
                        n_redundant: int = 5, n_repeated: int = 0, n_classes: int = 3,
                        n_clusters_per_class: int = 2, class_sep: float = 1.0,
                        flip_y: float = 0.01, shuffle: bool = True, random_state: int = 42):
    """The library's make_classification, with scikit-learn's argument names (a simplified
    version of its algorithm: Gaussian clusters on hypercube vertices, redundant and repeated
    features, flipped labels)."""
    options = _core.ClassificationOptions()
    options.samples, options.features, options.informative = n_samples, n_features, n_informative
    options.redundant, options.repeated, options.classes = n_redundant, n_repeated, n_classes
    options.clusters_per_class, options.class_sep = n_clusters_per_class, class_sep
    options.flip_y, options.shuffle = flip_y, shuffle
    return _core.make_classification(options, random_state)


def generate(name: str, seed: int = 42, samples: int | None = None, noise: float | None = None,
             classes: int | None = None, features: int | None = None):
    """A synthetic set by the name ``axon train --data`` takes: blobs, xor, sine, linear,
    classification, spiral, moons, circles."""
    return _core.generate(name, seed, samples, noise, classes, features)
