"""Seed 000: the forward pass written out by hand with NumPy, checked against axon's model.

Prints the two outputs for the seed's two Gaussians and the largest difference (about 1e-7).
"""

import numpy as np

import axon

x, y = axon.datasets.generate("blobs", seed=0, samples=256, classes=2)
model = axon.Sequential([axon.layers.Dense(8, activation="relu", input_dim=4),
                         axon.layers.Dense(2, activation="softmax")], seed=0)
w1, b1, w2, b2 = model.get_weights()  # PyTorch's layout: W is (out, in)

z1 = x @ w1.T + b1          # (N, 8)
a1 = np.maximum(z1, 0)      # ReLU
z2 = a1 @ w2.T + b2         # (N, 2)
a2 = np.exp(z2 - z2.max(axis=1, keepdims=True))
a2 /= a2.sum(axis=1, keepdims=True)   # softmax

out = model.predict(x)
print("numpy:", a2[:2].astype(float).round(6).tolist())
print("axon: ", out[:2].astype(float).round(6).tolist())
print(f"largest difference: {np.abs(out - a2).max():.2e}")
assert np.allclose(out, a2, atol=1e-5)
