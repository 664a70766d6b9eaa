"""axon: a C++ neural-network library, from Python with NumPy.

    import axon
    (x_train, y_train), (x_test, y_test) = axon.datasets.fashion_mnist()
    model = axon.Sequential([axon.layers.Dense(128, activation="relu"),
                             axon.layers.Dense(10, activation="softmax")])
    model.compile(loss="cross_entropy", optimizer="adam")
    model.fit(x_train, y_train, epochs=5, batch_size=128)
    model.evaluate(x_test, y_test)

Errors from the library are raised as ``axon.Error`` (a ValueError) with its message; a wrong
dtype as TypeError; a missing file as FileNotFoundError.
"""

from . import _core
from ._core import Error, matmul_precision, num_threads, set_matmul_precision, set_num_threads
from . import layers, losses, optimizers, datasets, callbacks, distributed
from .models import Sequential, load

__version__ = "0.1.0"

__all__ = ["Sequential", "load", "Error", "layers", "losses", "optimizers", "datasets", "callbacks",
           "distributed",
           "set_num_threads", "num_threads", "set_matmul_precision", "matmul_precision",
           "__version__"]
