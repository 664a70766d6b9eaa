"""Layers for axon.Sequential, named and defaulted as in Keras (and PyTorch where Keras has none).

A layer here is a description: the model makes the C++ layer when it is built, once the width of
its input is known (from the first data it sees, ``input_dim=`` on the first layer, or
``model.build(input_dim)``).
"""

from __future__ import annotations

__all__ = ["Layer", "Dense", "Linear", "Activation", "ReLU", "LeakyReLU", "Sigmoid", "Tanh",
           "ELU", "GELU", "Softplus", "Softmax", "Dropout", "BatchNorm", "BatchNormalization"]


class Layer:
    """Base class: ``_add(core_model, in_features)`` adds the C++ layers, returns the out width."""

    input_dim: int | None = None

    def _add(self, core, in_features: int) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self._repr_fields().items())
        return f"{type(self).__name__}({fields})"

    def _repr_fields(self) -> dict:
        return {}


class Dense(Layer):
    """A fully connected layer ``y = x W^T + b``, W of shape (units, in), optionally followed by an
    activation (``"relu"``, ``"sigmoid"``, ``"softmax"``, ...)."""

    def __init__(self, units: int, activation: str | None = None, use_bias: bool = True,
                 input_dim: int | None = None):
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"Dense: units must be a positive int, got {units!r}")
        self.units = units
        self.activation = activation
        self.use_bias = bool(use_bias)
        self.input_dim = input_dim

    def _add(self, core, in_features: int) -> int:
        core.add_layer("dense", {"in_features": int(in_features), "out_features": self.units,
                                 "bias": self.use_bias})
        if self.activation not in (None, "linear", "identity", "none"):
            core.add_activation(self.activation)
        return self.units

    def _repr_fields(self):
        return {"units": self.units, "activation": self.activation}


class Linear(Dense):
    """PyTorch's name: ``Linear(in_features, out_features)``."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__(out_features, use_bias=bias, input_dim=in_features)


class Activation(Layer):
    """An activation by name: relu, leaky_relu, sigmoid, tanh, identity, elu, gelu, softplus,
    softmax."""

    def __init__(self, name: str):
        self.name = name

    def _add(self, core, in_features):
        core.add_activation(self.name)
        return in_features

    def _repr_fields(self):
        return {"name": self.name}


def _activation(layer_name: str, doc: str):
    class _Named(Activation):
        __doc__ = doc

        def __init__(self):
            super().__init__(layer_name)

        def _repr_fields(self):
            return {}

    return _Named


ReLU = _activation("relu", "max(0, x)")
ReLU.__name__ = ReLU.__qualname__ = "ReLU"
Sigmoid = _activation("sigmoid", "1 / (1 + exp(-x))")
Sigmoid.__name__ = Sigmoid.__qualname__ = "Sigmoid"
Tanh = _activation("tanh", "tanh(x)")
Tanh.__name__ = Tanh.__qualname__ = "Tanh"
GELU = _activation("gelu", "x Phi(x)")
GELU.__name__ = GELU.__qualname__ = "GELU"
Softplus = _activation("softplus", "log(1 + exp(x))")
Softplus.__name__ = Softplus.__qualname__ = "Softplus"
Softmax = _activation("softmax", "exp(x_i) / sum_j exp(x_j), per row")
Softmax.__name__ = Softmax.__qualname__ = "Softmax"


class LeakyReLU(Layer):
    """x for x > 0, negative_slope * x otherwise (PyTorch's default slope 0.01)."""

    def __init__(self, negative_slope: float = 0.01):
        self.negative_slope = float(negative_slope)

    def _add(self, core, in_features):
        core.add_layer("leaky_relu", {"negative_slope": self.negative_slope})
        return in_features

    def _repr_fields(self):
        return {"negative_slope": self.negative_slope}


class ELU(Layer):
    """x for x > 0, alpha (exp(x) - 1) otherwise."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = float(alpha)

    def _add(self, core, in_features):
        core.add_layer("elu", {"alpha": self.alpha})
        return in_features

    def _repr_fields(self):
        return {"alpha": self.alpha}


class Dropout(Layer):
    """Zeroes each input with probability ``rate`` while training (inverted dropout)."""

    def __init__(self, rate: float):
        self.rate = float(rate)

    def _add(self, core, in_features):
        core.add_layer("dropout", {"p": self.rate})
        return in_features

    def _repr_fields(self):
        return {"rate": self.rate}


class BatchNorm(Layer):
    """Batch normalization over the features (PyTorch's BatchNorm1d defaults: eps 1e-5, momentum
    0.1, the weight of the batch in the running statistics)."""

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1):
        self.eps = float(eps)
        self.momentum = float(momentum)

    def _add(self, core, in_features):
        core.add_layer("batch_norm", {"features": int(in_features), "eps": self.eps,
                                      "momentum": self.momentum})
        return in_features

    def _repr_fields(self):
        return {"eps": self.eps, "momentum": self.momentum}


BatchNormalization = BatchNorm
