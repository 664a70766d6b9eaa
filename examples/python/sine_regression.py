"""Seed 003: sine regression (1-10-10-1 tanh, sigmoid output), drawn with matplotlib.

Prints the final training loss and R², and writes sine_regression.png (or the path given as the
first argument).
"""

import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import axon  # noqa: E402

x, y = axon.datasets.sine(samples=500, noise=0.05, seed=0)
model = axon.Sequential([axon.layers.Dense(10, activation="tanh"),
                         axon.layers.Dense(10, activation="tanh"),
                         axon.layers.Dense(1, activation="sigmoid")])
model.compile(loss="mse", optimizer=axon.optimizers.Adam(lr=0.01))
history = model.fit(x, y, epochs=200, batch_size=32, verbose=0)
metrics = model.evaluate(x, y, return_dict=True)
print(f"final loss {history.history['loss'][-1]:.5f}  R2 {metrics['r2']:.4f}")

figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.scatter(x[:, 0], y[:, 0], s=4, label="data")
left.plot(x[:, 0], model.predict(x)[:, 0], color="red", label="model")
left.legend()
right.plot(history.history["loss"])
right.set_xlabel("epoch")
right.set_ylabel("loss")
path = sys.argv[1] if len(sys.argv) > 1 else "sine_regression.png"
figure.savefig(path, dpi=80)
print(f"wrote {path}")
