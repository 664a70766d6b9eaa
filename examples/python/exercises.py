"""The seeds' exercises: a spiral with and without hidden layers, dropout and batch norm, and the
same data through the scikit-learn estimator.

Prints the training accuracy of each variant (the linear model stays near 0.5, the MLPs above
0.9) and the estimator's cross-validated accuracy.
"""

from sklearn.model_selection import StratifiedKFold, cross_val_score

import axon
from axon.sklearn import MLPClassifier

x, y = axon.datasets.spiral(samples_per_class=100, classes=3, seed=0)
variants = {
    "linear": [axon.layers.Dense(3, activation="softmax")],
    "one hidden layer": [axon.layers.Dense(64, activation="relu"),
                         axon.layers.Dense(3, activation="softmax")],
    "dropout + batch norm": [axon.layers.Dense(64), axon.layers.BatchNorm(),
                             axon.layers.ReLU(), axon.layers.Dropout(0.1),
                             axon.layers.Dense(3, activation="softmax")],
}
for name, layers in variants.items():
    model = axon.Sequential(layers, seed=0)
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=0.01))
    model.fit(x, y, epochs=200, batch_size=32, verbose=0)
    print(f"{name:22s} accuracy {model.evaluate(x, y)[1]:.3f}")

scores = cross_val_score(MLPClassifier(hidden_layer_sizes=(64,), max_iter=200,
                                       learning_rate_init=0.01, random_state=0), x, y,
                         cv=StratifiedKFold(3, shuffle=True, random_state=0))
print(f"MLPClassifier, 3-fold cross-validation: {scores.mean():.3f}")
