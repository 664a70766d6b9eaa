"""axon.sklearn estimators: scikit-learn's own estimator checks, and use in its tools."""

import unittest

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

import axon
from axon.sklearn import MLPClassifier, MLPRegressor

# Checks that cannot apply, with the reason; every other check of scikit-learn 1.2 runs. None is
# skipped here; scikit-learn itself skips the checks on pandas objects when pandas is not
# installed (python3-pandas), and those are the only SkipTest allowed.
SKIPPED = {}
SKIPPED_BY_SKLEARN = {"check_classifier_data_not_an_array", "check_regressor_data_not_an_array",
                      "check_dataframe_column_names_consistency"}


def run_checks(estimator):
    failures, ran = [], 0
    for est, check in check_estimator(estimator, generate_only=True):
        name = getattr(check, "func", check).__name__
        if name in SKIPPED:
            continue
        try:
            check(est)
            ran += 1
        except unittest.SkipTest as e:
            if name not in SKIPPED_BY_SKLEARN or "pandas" not in str(e):
                failures.append(f"{name}: skipped: {e}")
        except Exception as e:  # noqa: BLE001 - collected and reported together
            failures.append(f"{name}: {type(e).__name__}: {e}")
    assert not failures, "\n".join(failures)
    assert ran > 30


def test_classifier_passes_check_estimator():
    run_checks(MLPClassifier(hidden_layer_sizes=(32,), max_iter=100, learning_rate_init=0.01,
                             random_state=0))


def test_regressor_passes_check_estimator():
    run_checks(MLPRegressor(hidden_layer_sizes=(32,), max_iter=100, learning_rate_init=0.01,
                            random_state=0))


def test_classifier_in_a_pipeline_with_grid_search():
    x, y = axon.datasets.moons(n_samples=200, noise=0.2, seed=0)
    pipe = make_pipeline(StandardScaler(), MLPClassifier(max_iter=200, learning_rate_init=0.01,
                                                         random_state=0))
    folds = StratifiedKFold(3, shuffle=True, random_state=0)  # the set is ordered by class
    grid = GridSearchCV(pipe, {"mlpclassifier__hidden_layer_sizes": [(4,), (16,)]}, cv=folds)
    grid.fit(x, y)
    assert grid.best_score_ > 0.85
    scores = cross_val_score(MLPClassifier(max_iter=200, learning_rate_init=0.01, random_state=0),
                             x, y, cv=folds)
    assert scores.mean() > 0.8


def test_string_labels_and_probabilities():
    x, y = axon.datasets.spiral(samples_per_class=50, seed=1)
    names = np.array(["a", "b", "c"])[y]
    clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=200, learning_rate_init=0.01,
                        random_state=0).fit(x, names)
    assert list(clf.classes_) == ["a", "b", "c"]
    proba = clf.predict_proba(x)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert clf.score(x, names) > 0.8
    assert clf.n_iter_ == 200 and len(clf.loss_curve_) == 200


def test_regressor_fits_a_sine():
    x, y = axon.datasets.sine(samples=200, seed=2)
    reg = MLPRegressor(hidden_layer_sizes=(32,), activation="tanh", max_iter=300,
                       learning_rate_init=0.01, random_state=0).fit(x, y.ravel())
    assert reg.score(x, y.ravel()) > 0.9
    assert reg.predict(x).shape == (200,)


def test_early_stopping_stops_early():
    x, y = axon.datasets.moons(n_samples=300, noise=0.3, seed=3)
    clf = MLPClassifier(max_iter=500, early_stopping=True, n_iter_no_change=5,
                        learning_rate_init=0.05, random_state=0).fit(x, y)
    assert clf.n_iter_ < 500


def test_bad_parameters():
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        MLPClassifier(hidden_layer_sizes=(0,)).fit(np.zeros((4, 2)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="activation"):
        MLPClassifier(activation="softsign").fit(np.zeros((4, 2)), [0, 1, 0, 1])
