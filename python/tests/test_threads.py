"""The GIL is released while the library computes, and a model is never entered by two threads."""

import threading

import numpy as np
import pytest

import axon


def big_model():
    return axon.Sequential.mlp([256, 512, 512, 10], output="softmax")


def test_predict_releases_the_gil():
    model = big_model()
    x = np.random.default_rng(0).normal(size=(4000, 256)).astype(np.float32)
    model.predict(x[:10])
    started = threading.Event()

    def work():
        started.set()
        for _ in range(3):
            model.predict(x)

    thread = threading.Thread(target=work)
    thread.start()
    started.wait()
    count = 0
    while thread.is_alive():
        count += 1
    thread.join()
    # Holding the GIL, predict would let this loop run only between its calls.
    assert count > 1000


def test_threads_on_separate_models_agree():
    x = np.random.default_rng(1).normal(size=(500, 256)).astype(np.float32)
    expected = big_model().predict(x)
    results = [None] * 4

    def work(i):
        results[i] = big_model().predict(x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, expected)


def test_one_model_in_two_threads_is_refused_or_serial():
    model = big_model()
    x = np.random.default_rng(2).normal(size=(3000, 256)).astype(np.float32)
    expected = model.predict(x)
    outcomes = []

    def work():
        try:
            outcomes.append(model.predict(x))
        except RuntimeError as e:
            outcomes.append(str(e))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for outcome in outcomes:
        if isinstance(outcome, str):
            assert "in use by another thread" in outcome
        else:
            np.testing.assert_array_equal(outcome, expected)
