"""float32 C-contiguous arrays are read in place; other arrays are converted once."""

import numpy as np

import axon
from axon import _core


def test_float32_c_contiguous_is_read_in_place():
    x = np.ones((4, 3), np.float32)
    assert _core._matrix_address(x) == x.ctypes.data


def test_other_layouts_and_dtypes_are_converted():
    for x in [np.ones((4, 3)), np.ones((3, 4), np.float32).T, np.ones((4, 3), np.int64),
              np.ones((4, 3), bool)]:
        assert _core._matrix_address(x) != x.ctypes.data


def test_converted_inputs_give_the_same_outputs():
    model = axon.Sequential.mlp([3, 5, 2])
    x = np.random.default_rng(0).normal(size=(6, 3))
    expected = model.predict(x.astype(np.float32))
    np.testing.assert_array_equal(model.predict(x.astype(np.float32)), expected)
    np.testing.assert_array_equal(model.predict(np.asfortranarray(x.astype(np.float32))),
                                  expected)
    np.testing.assert_array_equal(model.predict(x.astype(np.float32).tolist()), expected)


def test_predict_in_batches_equals_one_batch():
    model = axon.Sequential.mlp([3, 5, 2], output="softmax")
    x = np.random.default_rng(1).normal(size=(103, 3)).astype(np.float32)
    np.testing.assert_array_equal(model.predict(x, batch_size=10), model.predict(x, 1000))
