"""Seed 002: the loss and optimizer tour. Fits y = 2x with one neuron under every optimizer, then
prints each loss on the same predictions.

Prints, per optimizer, the learned weight and bias (close to 2 and 0), then a table of losses.
"""

import numpy as np

import axon

x = np.array([[1.0], [2.0], [3.0], [4.0]], np.float32)
y = 2 * x

for name, optimizer in [("sgd", axon.optimizers.SGD(lr=0.02)),
                        ("momentum", axon.optimizers.SGD(lr=0.01, momentum=0.9)),
                        ("rmsprop", axon.optimizers.RMSprop(lr=0.05)),
                        ("adam", axon.optimizers.Adam(lr=0.1)),
                        ("adamw", axon.optimizers.AdamW(lr=0.1, weight_decay=0.0)),
                        ("adagrad", axon.optimizers.Adagrad(lr=0.5)),
                        ("adadelta", axon.optimizers.Adadelta(lr=10.0))]:
    model = axon.Sequential([axon.layers.Dense(1, input_dim=1)], seed=1)
    model.compile(loss="mse", optimizer=optimizer)
    history = model.fit(x, y, epochs=300, batch_size=4, verbose=0)
    w, b = model.get_weights()
    print(f"{name:9s} w {w[0, 0]:7.4f}  b {b[0]:7.4f}  final loss {history.history['loss'][-1]:.6f}")

prediction = np.array([[0.9], [0.2], [0.8], [0.4]], np.float32)
target = np.array([[1.0], [0.0], [1.0], [0.0]], np.float32)
print("loss on the same predictions:")
for loss in ["mse", "mae", "huber:0.5", "bce", "hinge"]:
    model = axon.Sequential([axon.layers.Dense(1, input_dim=1)])
    model.set_weights([np.ones((1, 1)), np.zeros(1)])  # predicts its input
    model.compile(loss=loss, optimizer="sgd")
    print(f"  {loss:10s} {model.evaluate(prediction, target, return_dict=True)['loss']:.6f}")
