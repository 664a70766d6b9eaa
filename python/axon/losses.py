"""Losses by name or as objects, made by the library's make_loss.

Names: mse, half_mse, mae, huber[:delta], bce, bce_logits, categorical_crossentropy,
sparse_categorical_crossentropy, cross_entropy (sparse or one-hot chosen from the targets' shape),
softmax_cross_entropy (on logits), hinge, kl_div; and Keras's long names (mean_squared_error,
binary_crossentropy, ...).
"""

from __future__ import annotations

from . import _core

__all__ = ["Loss", "MSELoss", "L1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss",
           "CrossEntropyLoss", "get"]

_ALIASES = {
    "mean_squared_error": "mse",
    "mean_absolute_error": "mae",
    "binary_crossentropy": "bce",
    "binary_cross_entropy": "bce",
    "crossentropy": "cross_entropy",
}


class Loss:
    """A loss by its library spec ("mse", "huber:1.5", ...)."""

    def __init__(self, spec: str):
        self.spec = _core.loss_spec(_ALIASES.get(spec, spec))  # raises for an unknown name

    def __repr__(self):
        return f"Loss({self.spec!r})"


class MSELoss(Loss):
    """Mean squared error."""

    def __init__(self):
        super().__init__("mse")


class L1Loss(Loss):
    """Mean absolute error."""

    def __init__(self):
        super().__init__("mae")


class HuberLoss(Loss):
    """Huber loss with threshold ``delta``."""

    def __init__(self, delta: float = 1.0):
        super().__init__(f"huber:{delta}")


class BCELoss(Loss):
    """Binary cross-entropy on probabilities (after a sigmoid)."""

    def __init__(self):
        super().__init__("bce")


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy on logits."""

    def __init__(self):
        super().__init__("bce_logits")


class CrossEntropyLoss(Loss):
    """Cross-entropy on softmax probabilities; targets are class indices or one-hot rows."""

    def __init__(self):
        super().__init__("cross_entropy")


def get(loss) -> Loss:
    """A Loss from a name or a Loss (returned as is)."""
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str):
        return Loss(loss)
    raise TypeError(f"loss must be a name or an axon.losses.Loss, got {type(loss).__name__}")
