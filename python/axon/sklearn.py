"""scikit-learn estimators on axon: MLPClassifier and MLPRegressor, with scikit-learn's parameter
names and defaults where they apply, usable in Pipeline, GridSearchCV and cross_val_score.

    from axon.sklearn import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=(64,), max_iter=50, random_state=0).fit(X, y)
    clf.predict_proba(X[:5])

What differs from scikit-learn's MLP: training is the library's Trainer (max_iter epochs of
minibatches, or fewer with early_stopping); solver is any axon optimizer name ("adam", "sgd",
"momentum", "nesterov", "rmsprop", "adamw", "adagrad", "adadelta"); alpha is an L2 penalty added
per batch as scikit-learn does (alpha / (2 batch) sum W^2); tol and n_iter_no_change apply to
the validation loss with early_stopping.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import callbacks as _callbacks
from . import optimizers as _optimizers
from .models import Sequential

__all__ = ["MLPClassifier", "MLPRegressor"]


class _BaseMLP(BaseEstimator):
    def __init__(self, hidden_layer_sizes=(100,), activation="relu", solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate_init=0.001, max_iter=200,
                 shuffle=True, random_state=None, tol=1e-4, verbose=False,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=10,
                 momentum=0.9, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.momentum = momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    _ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "logistic": "sigmoid", "identity": "identity",
                    "sigmoid": "sigmoid", "gelu": "gelu", "elu": "elu", "leaky_relu": "leaky_relu"}

    def _optimizer(self):
        name = self.solver.lower()
        settings = {}
        if name in ("adam", "adamw"):
            settings = {"beta1": self.beta_1, "beta2": self.beta_2, "eps": self.epsilon}
        elif name == "sgd" and self.momentum:
            settings = {"momentum": self.momentum}
        return _optimizers.Optimizer(name, float(self.learning_rate_init), **settings)

    def _seed(self):
        if self.random_state is None:
            return int(np.random.randint(0, 2**31 - 1))
        if isinstance(self.random_state, np.random.RandomState):
            return int(self.random_state.randint(0, 2**31 - 1))
        return int(self.random_state)

    def _check_parameters(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, (int, np.integer)) else list(sizes)
        if any(int(s) <= 0 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {self.hidden_layer_sizes}")
        if self.activation not in self._ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(self._ACTIVATIONS)}, got "
                             f"{self.activation!r}")
        if not self.max_iter > 0:
            raise ValueError(f"max_iter must be > 0, got {self.max_iter}")
        if self.alpha < 0:
            raise ValueError(f"alpha must be >= 0, got {self.alpha}")
        return [int(s) for s in sizes]

    def _train(self, X, targets, outputs, output_activation, loss):
        hidden = self._check_parameters()
        n = X.shape[0]
        batch = min(200, n) if self.batch_size == "auto" else max(1, min(int(self.batch_size), n))
        model = Sequential.mlp([X.shape[1], *hidden, outputs],
                               activation=self._ACTIVATIONS[self.activation],
                               output=output_activation, seed=self._seed())
        model.compile(loss=loss, optimizer=self._optimizer())
        callbacks = []
        split = 0.0
        if self.early_stopping and n >= 10:
            split = float(self.validation_fraction)
            callbacks.append(_callbacks.EarlyStopping(patience=int(self.n_iter_no_change),
                                                      min_delta=float(self.tol)))
        history = model.fit(X, targets, epochs=int(self.max_iter), batch_size=batch,
                            validation_split=split, shuffle=bool(self.shuffle),
                            verbose=2 if self.verbose else 0, callbacks=callbacks,
                            l2=float(self.alpha) / batch)
        self.model_ = model
        self.n_iter_ = len(history.epoch)
        self.loss_curve_ = list(history.history["loss"])
        self.loss_ = self.loss_curve_[-1]
        weights = model.get_weights()
        self.coefs_ = [w.T for w in weights[0::2]]  # scikit-learn's (in, out)
        self.intercepts_ = weights[1::2]
        return self

    def _more_tags(self):
        return {"poor_score": True, "non_deterministic": self.random_state is None}


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """A multi-layer perceptron classifier trained with cross-entropy on softmax outputs."""

    def fit(self, X, y):
        X, y = self._validate_data(X, y, dtype=np.float32, order="C")
        check_classification_targets(y)
        self._encoder = LabelEncoder().fit(y)
        self.classes_ = self._encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(f"MLPClassifier needs samples of at least 2 classes, got 1 class: "
                             f"{self.classes_[0]!r}")
        codes = self._encoder.transform(y).astype(np.float32)
        return self._train(X, codes, len(self.classes_), "softmax", "cross_entropy")

    def predict_proba(self, X):
        check_is_fitted(self, "model_")
        X = self._validate_data(X, dtype=np.float32, order="C", reset=False)
        return self.model_.predict(X).astype(np.float64)

    def predict_log_proba(self, X):
        return np.log(np.clip(self.predict_proba(X), 1e-300, None))

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


class MLPRegressor(RegressorMixin, _BaseMLP):
    """A multi-layer perceptron regressor trained with squared error, identity outputs."""

    def fit(self, X, y):
        X, y = self._validate_data(X, y, dtype=np.float32, order="C", multi_output=True,
                                   y_numeric=True)
        y = np.asarray(y, dtype=np.float32)
        self._y_1d = y.ndim == 1
        targets = y.reshape(len(y), -1)
        return self._train(X, targets, targets.shape[1], "identity", "half_mse")

    def predict(self, X):
        check_is_fitted(self, "model_")
        X = self._validate_data(X, dtype=np.float32, order="C", reset=False)
        out = self.model_.predict(X).astype(np.float64)
        return out[:, 0] if self._y_1d else out

    def _more_tags(self):
        return {**super()._more_tags(), "multioutput": True}
