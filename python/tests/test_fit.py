"""Sequential.fit on the library's Trainer: History, validation, callbacks, Ctrl-C."""

import io
import os
import signal
import threading
import time

import numpy as np
import pytest

import axon
from axon.layers import Dense


def spiral_model(seed=42):
    model = axon.Sequential([Dense(32, activation="relu"), Dense(3, activation="softmax")],
                            seed=seed)
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=0.01))
    return model


def test_fit_learns_and_returns_a_keras_history():
    x, y = axon.datasets.spiral(samples_per_class=100, seed=1)
    model = spiral_model()
    before = model.evaluate(x, y)[1]
    history = model.fit(x, y, epochs=60, batch_size=32, verbose=0)
    assert set(history.history) == {"loss", "accuracy"}
    assert len(history.history["loss"]) == 60 and history.epoch == list(range(60))
    assert history.history["loss"][-1] < history.history["loss"][0]
    after = model.evaluate(x, y)[1]
    assert after > 0.8 and after > before + 0.2
    assert model.history is history


def test_the_same_seed_gives_the_same_run():
    x, y = axon.datasets.moons(n_samples=100, seed=2)
    runs = []
    for _ in range(2):
        model = axon.Sequential([Dense(8, activation="tanh"), Dense(2, activation="softmax")])
        model.compile(loss="cross_entropy", optimizer="adam")
        runs.append(model.fit(x, y, epochs=3, verbose=0, validation_split=0.2).history)
    assert runs[0] == runs[1]
    assert set(runs[0]) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_validation_data_is_evaluated_each_epoch():
    x, y = axon.datasets.moons(n_samples=120, seed=3)
    model = spiral_model()
    history = model.fit(x[:100], y[:100], epochs=2, verbose=0, validation_data=(x[100:], y[100:]))
    model2 = spiral_model()
    model2.fit(x[:100], y[:100], epochs=2, verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(model2.evaluate(x[100:], y[100:])[0],
                                                            rel=1e-6)


def test_regression_fit_with_2d_targets():
    x, y = axon.datasets.sine(samples=200, seed=4)
    model = axon.Sequential([Dense(16, activation="tanh"), Dense(1, activation="sigmoid")])
    model.compile(loss="mse", optimizer=axon.optimizers.Adam(lr=0.01))
    history = model.fit(x, y, epochs=100, batch_size=16, verbose=0)
    assert set(history.history) == {"loss"}
    assert model.evaluate(x, y) < 0.3 * history.history["loss"][0]


def test_callables_and_callback_objects_are_called():
    x, y = axon.datasets.xor(copies=8)
    calls = []

    class Recorder(axon.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            calls.append(("begin", epoch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("batch", batch, round(logs["loss"], 9) == round(logs["loss"], 9)))

        def on_epoch_end(self, epoch, logs=None):
            calls.append(("end", epoch, sorted(logs)))

    def plain(epoch, logs):
        calls.append(("fn", epoch))

    model = spiral_model()
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[Recorder(), plain])
    keys = ["accuracy", "learning_rate", "loss", "seconds"]
    assert calls == [("begin", 0), ("batch", 0, True), ("batch", 1, True), ("end", 0, keys),
                     ("fn", 0), ("begin", 1), ("batch", 0, True), ("batch", 1, True),
                     ("end", 1, keys), ("fn", 1)]


def test_stop_training_from_a_callback():
    x, y = axon.datasets.xor(copies=8)
    model = spiral_model()

    def stop_at_three(epoch, logs):
        if epoch == 2:
            model.stop_training = True

    history = model.fit(x, y, epochs=50, verbose=0, callbacks=[stop_at_three])
    assert len(history.epoch) == 3


def test_an_exception_in_a_callback_ends_fit_and_the_model_stays_usable():
    x, y = axon.datasets.xor(copies=8)
    model = spiral_model()

    def boom(epoch, logs):
        raise RuntimeError("boom at epoch %d" % epoch)

    with pytest.raises(RuntimeError, match="boom at epoch 0"):
        model.fit(x, y, epochs=5, verbose=0, callbacks=[boom])
    assert np.isfinite(model.predict(x)).all()
    model.fit(x, y, epochs=1, verbose=0)


def test_early_stopping_and_csv_logger(tmp_path):
    x, y = axon.datasets.moons(n_samples=200, noise=0.3, seed=5)
    model = axon.Sequential([Dense(64, activation="relu"), Dense(2, activation="softmax")])
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=0.05))
    csv = tmp_path / "log.csv"
    history = model.fit(x[:100], y[:100], epochs=300, verbose=0,
                        validation_data=(x[100:], y[100:]),
                        callbacks=[axon.callbacks.EarlyStopping(patience=3),
                                   axon.callbacks.CSVLogger(csv)])
    epochs = len(history.epoch)
    assert epochs < 300
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("epoch,loss,accuracy,val_loss") and len(lines) == epochs + 1
    # The weights are put back to those of the best epoch.
    best = min(history.history["val_loss"])
    assert best < history.history["val_loss"][-1]
    assert model.evaluate(x[100:], y[100:])[0] == pytest.approx(best, rel=1e-6)


def test_model_checkpoint_saves_files(tmp_path):
    x, y = axon.datasets.xor(copies=8)
    model = spiral_model()
    pattern = str(tmp_path / "m-{epoch:02d}.axon")
    model.fit(x, y, epochs=3, verbose=0,
              callbacks=[axon.callbacks.ModelCheckpoint(pattern, save_best_only=False)])
    assert sorted(os.listdir(tmp_path)) == ["m-01.axon", "m-02.axon", "m-03.axon"]
    np.testing.assert_array_equal(axon.load(tmp_path / "m-03.axon").predict(x), model.predict(x))


def test_progress_output():
    x, y = axon.datasets.xor(copies=8)
    model = spiral_model()
    out = io.StringIO()
    bar = axon.callbacks.ProgressBar(2, stream=out, live=True)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[bar])
    text = out.getvalue()
    assert "\r4/4 [" in text and "Epoch 2/2" in text


def test_verbose_two_prints_one_line_per_epoch(capsys):
    x, y = axon.datasets.xor(copies=8)
    spiral_model().fit(x, y, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["1/3", "2/3", "3/3"]
    assert all("loss" in line and "accuracy" in line for line in lines)


def test_ctrl_c_raises_keyboard_interrupt_within_a_batch():
    x = np.random.default_rng(0).normal(size=(20000, 64)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    model = axon.Sequential.mlp([64, 256, 256, 2], output="softmax")
    model.compile(loss="cross_entropy", optimizer="adam")
    sent = []

    def interrupt():
        time.sleep(0.5)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt).start()
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=1000, batch_size=64, verbose=0)
    assert time.monotonic() - sent[0] < 1.0
    assert np.isfinite(model.predict(x[:10])).all()
    assert model.fit(x[:256], y[:256], epochs=1, verbose=0).history["loss"]


def test_fit_errors():
    model = spiral_model()
    with pytest.raises(ValueError, match="x and y have different numbers of samples"):
        model.fit(np.zeros((4, 2)), np.zeros(3), verbose=0)
    with pytest.raises(ValueError, match="compile the model first"):
        axon.Sequential.mlp([2, 2]).fit(np.zeros((4, 2)), np.zeros(4), verbose=0)
    with pytest.raises(TypeError, match="callback"):
        model.fit(np.zeros((4, 2)), np.zeros(4), verbose=0, callbacks=[3])


def test_pickle_round_trip():
    import pickle
    x, y = axon.datasets.xor(copies=4)
    model = spiral_model()
    model.fit(x, y, epochs=2, verbose=0)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.predict(x), model.predict(x))
