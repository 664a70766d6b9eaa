"""Seed 004: XOR with a 2-4-2 network, and its decision boundary drawn with matplotlib.

Prints the four predictions (0 1 1 0) and writes xor_decision_boundary.png (or the path given).
"""

import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import axon  # noqa: E402

x, y = axon.datasets.xor()
model = axon.Sequential([axon.layers.Dense(4, activation="tanh"),
                         axon.layers.Dense(2, activation="softmax")], seed=3)
model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=0.05))
model.fit(x, y, epochs=500, batch_size=4, verbose=0)
print("predictions:", model.predict_classes(x).tolist())

grid_x, grid_y = np.meshgrid(np.linspace(-0.5, 1.5, 200), np.linspace(-0.5, 1.5, 200))
grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)
probability = model.predict(grid)[:, 1].reshape(grid_x.shape)
plt.contourf(grid_x, grid_y, probability, levels=20, cmap="RdBu_r", alpha=0.7)
plt.scatter(x[:, 0], x[:, 1], c=y, cmap="RdBu_r", edgecolors="black", s=100)
path = sys.argv[1] if len(sys.argv) > 1 else "xor_decision_boundary.png"
plt.savefig(path, dpi=80)
print(f"wrote {path}")
