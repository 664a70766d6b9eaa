"""Seed 001: the Fashion-MNIST MLP in the Keras style (784-128-64-10, Adam, batch 128).

Prints one line per epoch, then the test accuracy (about 0.88 after 10 epochs).
AXON_EXAMPLE_QUICK=1 trains 2 epochs on 20,000 images (for the tests).
"""

import os

import axon

quick = os.environ.get("AXON_EXAMPLE_QUICK") == "1"
(x_train, y_train), (x_test, y_test) = axon.datasets.fashion_mnist()
if quick:
    x_train, y_train = x_train[:20000], y_train[:20000]

model = axon.Sequential([
    axon.layers.Dense(128, activation="relu"),
    axon.layers.Dense(64, activation="relu"),
    axon.layers.Dense(10, activation="softmax"),
])
model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=1e-3))
model.fit(x_train, y_train, epochs=2 if quick else 10, batch_size=128, validation_split=0.1,
          verbose=2)
model.summary()
loss, accuracy = model.evaluate(x_test, y_test)
print(f"test loss {loss:.4f}  test accuracy {accuracy:.4f}")
