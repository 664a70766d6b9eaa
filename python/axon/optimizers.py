"""Optimizers by name or as objects, made by the library's OptimizerRegistry.

``compile(optimizer="adam")`` uses the class's default learning rate below;
``compile(optimizer=axon.optimizers.Adam(lr=1e-3, weight_decay=1e-4))`` sets any setting the
registry lists for it (``axon.optimizers.settings("adam")``). ``learning_rate=`` is accepted for
``lr=`` as in Keras, and ``betas=(b1, b2)`` for ``beta1=, beta2=`` as in PyTorch.
"""

from __future__ import annotations

from . import _core

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "get",
           "names", "settings"]


def names() -> list[str]:
    """Every optimizer name the library knows."""
    return list(_core.optimizer_names())


def settings(name: str) -> dict[str, float]:
    """The settings of optimizer ``name`` and their defaults (besides the learning rate)."""
    return dict(_core.optimizer_settings(name))


class Optimizer:
    """An optimizer of the registry by ``name`` with a learning rate and settings."""

    default_lr = 0.01

    def __init__(self, name: str, lr: float | None = None, *, learning_rate: float | None = None,
                 **settings):
        if lr is not None and learning_rate is not None:
            raise TypeError("give lr or learning_rate, not both")
        rate = lr if lr is not None else learning_rate
        self.name = name
        self.lr = float(self.default_lr if rate is None else rate)
        if not self.lr > 0:
            raise ValueError(f"learning_rate must be > 0, got {self.lr}")
        betas = settings.pop("betas", None)
        if betas is not None:
            settings["beta1"], settings["beta2"] = betas
        known = dict(_core.optimizer_settings(name))  # raises for an unknown name
        for key in settings:
            if key not in known:
                raise ValueError(f"{name}: unknown setting '{key}'; it has {', '.join(known)}")
        self.settings = {k: float(v) for k, v in settings.items()}

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in self.settings.items())
        return f"{type(self).__name__}(lr={self.lr!r}{extra})"


class SGD(Optimizer):
    """Gradient descent, with momentum (and Nesterov's variant) as PyTorch's torch.optim.SGD."""

    def __init__(self, lr: float | None = None, momentum: float = 0.0, nesterov: bool = False,
                 **settings):
        super().__init__("sgd", lr, momentum=momentum, nesterov=float(nesterov), **settings)


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015), PyTorch's defaults."""

    default_lr = 1e-3

    def __init__(self, lr: float | None = None, **settings):
        super().__init__("adam", lr, **settings)


class AdamW(Optimizer):
    """Adam with decoupled weight decay (Loshchilov and Hutter, 2019)."""

    default_lr = 1e-3

    def __init__(self, lr: float | None = None, **settings):
        super().__init__("adamw", lr, **settings)


class RMSprop(Optimizer):
    """RMSprop (Hinton), PyTorch's defaults (alpha 0.99)."""

    def __init__(self, lr: float | None = None, **settings):
        super().__init__("rmsprop", lr, **settings)


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011)."""

    def __init__(self, lr: float | None = None, **settings):
        super().__init__("adagrad", lr, **settings)


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), learning rate 1.0 as in PyTorch."""

    default_lr = 1.0

    def __init__(self, lr: float | None = None, **settings):
        super().__init__("adadelta", lr, **settings)


_BY_NAME = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop, "adagrad": Adagrad,
            "adadelta": Adadelta}


def get(optimizer) -> Optimizer:
    """An Optimizer from a name ("adam", "momentum", ...) or an Optimizer (returned as is)."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str):
        key = optimizer.lower()
        if key in _BY_NAME:
            return _BY_NAME[key]()
        return Optimizer(key)  # presets such as momentum, nesterov; raises for unknown names
    raise TypeError(f"optimizer must be a name or an axon.optimizers.Optimizer, got "
                    f"{type(optimizer).__name__}")
