"""axon.Sequential: a stack of layers trained with a loss and an optimizer, as in Keras.

    model = axon.Sequential([axon.layers.Dense(128, activation="relu"),
                             axon.layers.Dense(10, activation="softmax")])
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=1e-3))
    history = model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)
    print(model.evaluate(x_test, y_test, return_dict=True))

The network itself is C++ (the library's Sequential); it is made when the input width is first
known: from ``input_dim=`` on the first layer, ``build(input_dim)``, or the first data given.
"""

from __future__ import annotations

import collections
import os
import tempfile

import numpy as np

from . import _core, losses, optimizers
from .callbacks import Callback, CSVLogger, EarlyStopping, History, ProgressBar, _Hooks
from .layers import Layer

__all__ = ["Sequential", "load"]


class Sequential:
    """Layers applied one after another. ``seed`` drives every random choice (initialization,
    shuffling, validation split, dropout): the same seed gives the same model and training run."""

    def __init__(self, layers=None, seed: int = 42):
        self._specs: list[Layer] = []
        self._core = None
        self._seed = int(seed)
        self._compiled = None  # (Loss, Optimizer) given before the network exists
        self.history = None
        self.stop_training = False
        for layer in layers or []:
            self.add(layer)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def mlp(cls, sizes, activation: str = "relu", output: str = "identity", seed: int = 42,
            batchnorm: bool = False, dropout=None) -> "Sequential":
        """Dense layers of ``sizes`` (input first, output last), each hidden one followed by
        ``activation`` (one name, or comma-separated per hidden layer) and the last by
        ``output``; optional batch norm and dropout (one rate or one per hidden layer) after
        every hidden layer. The same network as ``axon train --layers``."""
        if isinstance(dropout, (int, float)):
            dropout = [float(dropout)]
        model = cls(seed=seed)
        model._core = _core.Model.mlp([int(s) for s in sizes], activation, output, int(seed),
                                      bool(batchnorm), [float(d) for d in (dropout or [])])
        return model

    @classmethod
    def _wrap(cls, core) -> "Sequential":
        model = cls(seed=core.seed)
        model._core = core
        return model

    def add(self, layer: Layer) -> "Sequential":
        """Appends a layer (before the model is built)."""
        if not isinstance(layer, Layer):
            raise TypeError(f"expected an axon.layers layer, got {type(layer).__name__}")
        if self._core is not None:
            raise ValueError("layers cannot be added to a model already built")
        self._specs.append(layer)
        return self

    def build(self, input_dim: int | None = None) -> "Sequential":
        """Makes the network for inputs of ``input_dim`` features and initializes its weights;
        done on first use otherwise."""
        if self._core is not None:
            if input_dim is not None and input_dim != self._core.input_features:
                raise ValueError(f"the model takes {self._core.input_features} input features, "
                                 f"got input_dim={input_dim}")
            self._core.build()
            return self
        if not self._specs:
            raise ValueError("the model has no layers")
        if input_dim is None:
            input_dim = self._specs[0].input_dim
        if input_dim is None:
            raise ValueError("the model's input size is unknown: give input_dim= to the first "
                             "layer, call build(input_dim), or pass data first")
        core = _core.Model(self._seed)
        width = int(input_dim)
        for layer in self._specs:
            width = layer._add(core, width)
        core.build(int(input_dim))
        self._core = core
        if self._compiled is not None:
            self._apply_compile(*self._compiled)
        return self

    def _network(self, x=None):
        """The C++ model, built from the width of ``x`` when it is not yet."""
        if self._core is None:
            width = None
            if x is not None:
                shape = np.shape(x)
                width = shape[1] if len(shape) == 2 else None
            self.build(width)
        return self._core

    @property
    def built(self) -> bool:
        return self._core is not None and self._core.built

    # ---- compile ------------------------------------------------------------------------------
    def compile(self, loss="mse", optimizer="adam", metrics=None):
        """Sets the loss (a name or axon.losses.Loss) and the optimizer (a name or
        axon.optimizers.Optimizer). Accuracy is reported for classification losses, MSE, MAE
        and R² for regression ones; ``metrics`` is accepted for Keras code and ignored."""
        del metrics
        loss_object = losses.get(loss)
        optimizer_object = optimizers.get(optimizer)
        if self._core is None:
            self._compiled = (loss_object, optimizer_object)
        else:
            self._apply_compile(loss_object, optimizer_object)
        return self

    def _apply_compile(self, loss_object, optimizer_object):
        self._core.compile(loss_object.spec, optimizer_object.name, optimizer_object.lr,
                           optimizer_object.settings)
        self._compiled = (loss_object, optimizer_object)

    def _require_compiled(self, what: str):
        if self._core is None and self._compiled is None or (
                self._core is not None and not self._core.compiled):
            raise ValueError(f"{what}: compile the model first (model.compile(loss=..., "
                             f"optimizer=...))")

    @property
    def loss(self) -> str | None:
        """The loss spec, once compiled."""
        if self._core is not None and self._core.compiled:
            return self._core.loss
        return self._compiled[0].spec if self._compiled else None

    @property
    def optimizer(self):
        """(name, learning rate, settings) of the optimizer, once compiled and built."""
        return self._core.optimizer if self._core is not None else None

    # ---- use ----------------------------------------------------------------------------------
    def predict(self, x, batch_size: int = 256, verbose: int = 0) -> np.ndarray:
        """The outputs (N, outputs) for inputs ``x`` (N, features), as float32. A float32
        C-contiguous ``x`` is read in place; other arrays are converted once. A model loaded
        from a file applies its saved preprocessing (pixel scaling, standardization) first."""
        del verbose
        return self._network(x).predict(x, int(batch_size))

    def predict_classes(self, x, batch_size: int = 256) -> np.ndarray:
        """Class indices: the arg max of each output row, or the threshold for one output."""
        out = self.predict(x, batch_size)
        if out.shape[1] == 1:
            return (out[:, 0] > self._network().decision_threshold).astype(np.int64)
        return out.argmax(axis=1)

    def evaluate(self, x, y, batch_size: int = 256, verbose: int = 0, return_dict: bool = False):
        """The mean loss over (x, y), with the accuracy for classification (MSE, MAE and R² for
        regression). Returns like Keras: the loss, or [loss, accuracy] for classification; a dict
        of every metric with ``return_dict=True``."""
        del verbose
        self._require_compiled("evaluate")
        result = self._network(x).evaluate(x, y, int(batch_size))
        if return_dict:
            return result
        if "accuracy" in result:
            return [result["loss"], result["accuracy"]]
        return result["loss"]

    def summary(self, print_fn=print) -> None:
        """Prints a table of the layers, output shapes and parameter counts (Keras's)."""
        print_fn(self._network().summary().rstrip("\n"))

    def count_params(self) -> int:
        return self._network().parameter_count

    @property
    def input_dim(self) -> int | None:
        return self._core.input_features if self._core is not None else None

    @property
    def output_dim(self) -> int | None:
        return self._core.output_features if self._core is not None else None

    @property
    def layers(self) -> list:
        """The layers given, or for a built model (label, type, settings, parameter count) of each
        of the library's layers."""
        if self._core is None:
            return list(self._specs)
        return self._core.layers()

    # ---- weights ------------------------------------------------------------------------------
    def get_weights(self) -> list[np.ndarray]:
        """Copies of every parameter, in order (PyTorch's layout: a dense weight is [out, in])."""
        return [values for _, values in self._network().parameters()]

    def set_weights(self, weights) -> None:
        """Sets every parameter from arrays shaped as get_weights() returns them."""
        core = self._network()
        names = core.parameters()
        weights = list(weights)
        if len(weights) != len(names):
            raise ValueError(f"set_weights: the model has {len(names)} parameters, got "
                             f"{len(weights)} arrays")
        for index, values in enumerate(weights):
            core.set_parameter(index, values)

    def state_dict(self) -> "collections.OrderedDict[str, np.ndarray]":
        """Every parameter and buffer by name ("dense_1.weight", "batch_norm_1.running_mean"),
        as copies, like PyTorch's state_dict()."""
        core = self._network()
        out = collections.OrderedDict(core.parameters())
        out.update(core.buffers())
        return out

    def load_state_dict(self, state) -> None:
        """Sets the parameters from a state_dict() (buffers are not changed)."""
        core = self._network()
        for index, (name, _) in enumerate(core.parameters()):
            if name not in state:
                raise ValueError(f"load_state_dict: '{name}' is missing")
            core.set_parameter(index, state[name])

    # ---- training -----------------------------------------------------------------------------
    def fit(self, x, y, epochs: int = 1, batch_size: int = 32, validation_split: float = 0.0,
            validation_data=None, shuffle: bool = True, verbose="auto", callbacks=None,
            l2: float = 0.0, data_parallel: bool = False) -> History:
        """Trains on (x, y) for ``epochs`` with the library's Trainer and returns a History whose
        ``.history`` is a dict of lists (loss, accuracy, val_loss, val_accuracy).

        x: (N, features); y: class indices (N,) or one-hot rows for classification losses,
        values (N,) or (N, outputs) for regression. The arrays are copied once into the
        library's tensors (never again per epoch); batches are gathered from that copy.
        validation_split holds out a random fraction (from the model's seed);
        validation_data=(x_val, y_val) takes precedence. verbose: 0 silent, 1 ("auto") a
        progress bar (a line per epoch when the output is not a terminal or notebook), 2 a line
        per epoch. callbacks: see axon.callbacks. l2: an L2 penalty lambda / 2 sum W^2 on the
        weights. The GIL is released while training; Ctrl-C raises KeyboardInterrupt within 20 ms
        or one batch and leaves the model usable. data_parallel: under mpirun (after
        axon.distributed.init()), every rank passes the same x, y and seed and takes its share of
        each global batch of batch_size rows; the gradients are summed over the ranks."""
        self._require_compiled("fit")
        core = self._network(x)
        settings = _core.FitSettings()
        settings.epochs, settings.batch_size = int(epochs), int(batch_size)
        settings.shuffle, settings.validation_split = bool(shuffle), float(validation_split)
        settings.l2 = float(l2)
        settings.data_parallel = bool(data_parallel)
        python_callbacks = []
        for c in callbacks or []:
            if isinstance(c, EarlyStopping):
                settings.patience, settings.min_delta = c.patience, c.min_delta
            elif isinstance(c, CSVLogger):
                settings.csv_path = c.filename
            elif callable(c) or hasattr(c, "on_epoch_end") or hasattr(c, "on_batch_end"):
                python_callbacks.append(c)
            else:
                raise TypeError(f"a callback is a callable or has on_epoch_end/on_batch_end, "
                                f"got {type(c).__name__}")
        if verbose == "auto":
            verbose = 1
        if verbose:
            python_callbacks.append(ProgressBar(int(epochs), live=None if verbose == 1 else False))
        history = History()
        python_callbacks.append(history)
        for c in python_callbacks:
            if hasattr(c, "set_model"):
                c.set_model(self)
        wanted = [c for c in python_callbacks if _wants_batches(c)]
        val_x, val_y = (None, None) if validation_data is None else validation_data[:2]
        self.stop_training = False
        for c in python_callbacks:
            if hasattr(c, "on_train_begin"):
                c.on_train_begin({})
        _core.fit(core, x, y, val_x, val_y, settings, _Hooks(self, python_callbacks, wanted),
                  bool(wanted))
        for c in python_callbacks:
            if hasattr(c, "on_train_end"):
                c.on_train_end({})
        history.params = {"epochs": int(epochs), "batch_size": int(batch_size)}
        self.history = history
        return history

    # ---- files --------------------------------------------------------------------------------
    def save(self, path, metadata: dict | None = None) -> None:
        """Writes the model (layers, weights, loss, optimizer and its state) to an ``.axon``
        file, the format ``axon train --save`` writes and ``axon predict`` reads."""
        self._require_compiled("save")
        self._network().save(os.fspath(path), [(str(k), str(v)) for k, v in
                                               (metadata or {}).items()])

    def __getstate__(self):
        """Pickling goes through the .axon format (weights, optimizer state and all)."""
        state = self.__dict__.copy()
        core = state.pop("_core")
        state["history"] = None
        if core is not None:
            if not core.compiled:
                raise TypeError("only a compiled model can be pickled (compile it first)")
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "model.axon")
                core.save(path, [])
                with open(path, "rb") as f:
                    state["_file"] = f.read()
        return state

    def __setstate__(self, state):
        data = state.pop("_file", None)
        self.__dict__.update(state)
        self._core = None
        if data is not None:
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "model.axon")
                with open(path, "wb") as f:
                    f.write(data)
                self._core = _core.Model.load(path)

    def __repr__(self) -> str:
        if self._core is None:
            return f"Sequential({self._specs!r})"
        kinds = ", ".join(layer[1] for layer in self._core.layers())
        return f"Sequential([{kinds}], input_dim={self._core.input_features})"


def _wants_batches(callback) -> bool:
    """Whether a callback does anything after a batch (each call costs the trainer the GIL)."""
    if isinstance(callback, ProgressBar):
        return callback.live
    if isinstance(callback, Callback):
        return type(callback).on_batch_end is not Callback.on_batch_end or \
            "on_batch_end" in vars(callback)
    return hasattr(callback, "on_batch_end")


def load(path) -> Sequential:
    """Opens an ``.axon`` model file (written by ``Sequential.save`` or ``axon train --save``):
    built, compiled, with its weights, optimizer state and preprocessing."""
    return Sequential._wrap(_core.Model.load(os.fspath(path)))
