"""Callbacks for Sequential.fit, as in Keras: any callable ``f(epoch, logs)`` called after every
epoch, or an object with any of ``on_train_begin(logs)``, ``on_epoch_begin(epoch, logs)``,
``on_batch_end(batch, logs)``, ``on_epoch_end(epoch, logs)``, ``on_train_end(logs)``. Epochs and
batches count from 0 as in Keras; ``logs`` holds loss, accuracy (classification), val_loss and
val_accuracy (with validation data), learning_rate and seconds. Setting
``model.stop_training = True`` in a callback ends the run after the epoch.

EarlyStopping and CSVLogger run inside the library's Trainer (train/early_stopping.hpp,
io/csv_logger.hpp); ModelCheckpoint and the progress bar are Python.
"""

from __future__ import annotations

import math
import os
import sys
import time

__all__ = ["Callback", "LambdaCallback", "EarlyStopping", "CSVLogger", "ModelCheckpoint",
           "ProgressBar", "History"]


class Callback:
    """Base class: override the hooks you need; ``self.model`` is the model being trained."""

    model = None

    def set_model(self, model):
        self.model = model

    def on_train_begin(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass


class LambdaCallback(Callback):
    """A callback made of functions, each optional."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None):
        for name, fn in [("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_batch_end", on_batch_end), ("on_train_begin", on_train_begin),
                         ("on_train_end", on_train_end)]:
            if fn is not None:
                setattr(self, name, fn)


class EarlyStopping(Callback):
    """Stops once the validation loss (the training loss without validation data) has not
    improved by more than ``min_delta`` for ``patience`` epochs, and puts back the weights of the
    best epoch (Keras's EarlyStopping(monitor="val_loss", restore_best_weights=True))."""

    def __init__(self, patience: int = 0, min_delta: float = 0.0, monitor: str = "val_loss"):
        if monitor not in ("val_loss", "loss"):
            raise ValueError(f"EarlyStopping watches the validation loss (or the training loss "
                             f"without validation data); monitor={monitor!r} is not supported")
        if patience < 1:
            raise ValueError(f"EarlyStopping: patience must be >= 1, got {patience}")
        if min_delta < 0:
            raise ValueError(f"EarlyStopping: min_delta must be >= 0, got {min_delta}")
        self.patience = int(patience)
        self.min_delta = float(min_delta)
        self.monitor = monitor


class CSVLogger(Callback):
    """Writes the history to ``filename`` as CSV (epoch, loss, accuracy, val_loss, val_accuracy,
    learning_rate, seconds), rewritten after every epoch."""

    def __init__(self, filename):
        self.filename = os.fspath(filename)


class ModelCheckpoint(Callback):
    """Saves the model after every epoch to ``filepath``, which may name the epoch and logs:
    ``"model-{epoch:02d}-{val_loss:.3f}.axon"`` (epoch counted from 1, as Keras does). With
    ``save_best_only``, only when ``monitor`` improved (is lower)."""

    def __init__(self, filepath, monitor: str = "val_loss", save_best_only: bool = False):
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.save_best_only = save_best_only
        self.best = math.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.save_best_only:
            value = logs.get(self.monitor, logs.get("loss"))
            if value is None or not value < self.best:
                return
            self.best = value
        self.model.save(self.filepath.format(epoch=epoch + 1, **logs))


class ProgressBar(Callback):
    """A bar redrawn in place during each epoch in a terminal or notebook (at most ~10 times a
    second), and one line per epoch otherwise (``verbose=2``, or output that is not a TTY)."""

    def __init__(self, epochs: int, stream=None, live: bool | None = None):
        self.epochs = epochs
        self.stream = stream if stream is not None else sys.stdout
        if live is None:
            isatty = getattr(self.stream, "isatty", lambda: False)()
            live = isatty or "ipykernel" in sys.modules
        self.live = live
        self._last = 0.0
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = self._last = time.monotonic()

    def on_batch_end(self, batch, logs=None, batches=None):
        now = time.monotonic()
        if not self.live or (now - self._last < 0.1 and batch + 1 != batches):
            return
        self._last = now
        done = (batch + 1) / batches if batches else 0.0
        width = 30
        filled = int(width * done)
        bar = "=" * filled + (">" if filled < width else "") + "." * (width - filled - 1)
        metrics = "  ".join(f"{k} {v:.4f}" for k, v in (logs or {}).items())
        self.stream.write(f"\r{batch + 1}/{batches} [{bar[:width]}] {now - self._start:.1f}s  "
                          f"{metrics}")
        self.stream.flush()

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        seconds = logs.pop("seconds", 0.0)
        logs.pop("learning_rate", None)
        metrics = "  ".join(f"{k} {v:.4f}" for k, v in logs.items())
        prefix = "\r\x1b[K" if self.live else ""
        self.stream.write(f"{prefix}Epoch {epoch + 1}/{self.epochs}  {metrics}  {seconds:.2f} s\n")
        self.stream.flush()


class History(Callback):
    """What fit returns: ``history`` maps loss, accuracy, val_loss, val_accuracy (those that
    apply) to one value per epoch; ``epoch`` lists the epochs (from 0); ``seconds`` their times."""

    def __init__(self):
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.seconds: list[float] = []
        self.params: dict = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            if key == "seconds":
                self.seconds.append(value)
            elif key != "learning_rate":
                self.history.setdefault(key, []).append(value)

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class _Hooks:
    """What the C++ trainer calls: dispatches to the callbacks, and says when to stop."""

    def __init__(self, model, callbacks, batches_wanted):
        self.model = model
        self.callbacks = callbacks
        self.batches_wanted = batches_wanted

    def on_epoch_begin(self, epoch):
        for c in self.callbacks:
            if hasattr(c, "on_epoch_begin"):
                c.on_epoch_begin(epoch, {})

    def on_batch_end(self, batch, batches, logs):
        for c in self.batches_wanted:
            if isinstance(c, ProgressBar):
                c.on_batch_end(batch, logs, batches)
            else:
                c.on_batch_end(batch, logs)

    def on_epoch_end(self, epoch, logs):
        for c in self.callbacks:
            if hasattr(c, "on_epoch_end"):
                c.on_epoch_end(epoch, dict(logs))
            elif callable(c):
                c(epoch, dict(logs))
        return bool(self.model.stop_training)
