"""axon.Sequential: building, compiling, predicting, evaluating, weights and files."""

import numpy as np
import pytest

import axon
from axon.layers import Dense, Dropout, BatchNorm


def relu(z):
    return np.maximum(z, 0)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_input_size_is_inferred_from_the_first_data():
    model = axon.Sequential([Dense(8, activation="relu"), Dense(3, activation="softmax")])
    assert not model.built
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    out = model.predict(x)
    assert model.built and model.input_dim == 4 and model.output_dim == 3
    assert out.shape == (5, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)


def test_predict_is_the_forward_pass_written_in_numpy():
    model = axon.Sequential([Dense(6, activation="relu", input_dim=3), Dense(2)], seed=7)
    w1, b1, w2, b2 = model.get_weights()
    assert w1.shape == (6, 3) and b1.shape == (6,) and w2.shape == (2, 6)  # PyTorch's [out, in]
    x = np.random.default_rng(1).normal(size=(10, 3)).astype(np.float32)
    expected = relu(x @ w1.T + b1) @ w2.T + b2
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5, atol=1e-6)


def test_set_weights_changes_the_outputs():
    model = axon.Sequential([Dense(2, input_dim=2)])
    model.set_weights([np.array([[1, 2], [3, 4]], np.float32), np.array([0.5, -1], np.float32)])
    out = model.predict(np.array([[1, 1], [0, 2]], np.float32))
    np.testing.assert_allclose(out, [[3.5, 6], [4.5, 7]])
    with pytest.raises(ValueError, match=r"dense_1.weight has shape \(2, 2\), got \(2, 3\)"):
        model.set_weights([np.zeros((2, 3)), np.zeros(2)])
    with pytest.raises(ValueError, match="2 parameters, got 1"):
        model.set_weights([np.zeros((2, 2))])


def test_mlp_matches_the_layer_list_with_the_same_seed():
    a = axon.Sequential.mlp([4, 8, 3], activation="relu", output="softmax", seed=3)
    b = axon.Sequential([Dense(8, activation="relu"), Dense(3, activation="softmax")], seed=3)
    x = np.random.default_rng(2).normal(size=(6, 4)).astype(np.float32)
    np.testing.assert_array_equal(a.predict(x), b.predict(x))
    c = axon.Sequential.mlp([4, 8, 3], output="softmax", seed=4)
    assert not np.array_equal(a.predict(x), c.predict(x))


def test_state_dict_names_parameters_and_buffers():
    model = axon.Sequential([Dense(5, input_dim=2), BatchNorm(), Dropout(0.2), Dense(1)])
    state = model.state_dict()
    assert list(state) == ["dense_1.weight", "dense_1.bias", "batch_norm_1.weight",
                           "batch_norm_1.bias", "dense_2.weight", "dense_2.bias",
                           "batch_norm_1.running_mean", "batch_norm_1.running_var"]
    np.testing.assert_array_equal(state["batch_norm_1.running_var"], np.ones(5))
    other = axon.Sequential([Dense(5, input_dim=2), BatchNorm(), Dropout(0.2), Dense(1)], seed=9)
    other.load_state_dict(state)
    x = np.ones((3, 2), np.float32)
    np.testing.assert_array_equal(model.predict(x), other.predict(x))


def test_compile_takes_names_and_objects():
    model = axon.Sequential.mlp([2, 4, 2], output="softmax")
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.Adam(lr=0.005, betas=(0.8, 0.9)))
    name, lr, settings = model.optimizer
    assert name == "adam" and lr == pytest.approx(0.005)
    assert dict(settings)["beta1"] == pytest.approx(0.8)
    model.compile(loss=axon.losses.MSELoss(), optimizer="momentum")
    assert model.loss == "mse" and model.optimizer[0] == "sgd"
    assert dict(model.optimizer[2])["momentum"] == pytest.approx(0.9)
    with pytest.raises(ValueError, match="unknown setting 'betz'"):
        axon.optimizers.Adam(betz=1)
    with pytest.raises(ValueError, match="rmsprop, adam"):
        model.compile(optimizer="adamx")
    with pytest.raises(ValueError, match="cross_entropy"):
        model.compile(loss="crossentropyy")


def test_compile_before_the_model_is_built():
    model = axon.Sequential([Dense(3, activation="softmax")])
    model.compile(loss="cross_entropy", optimizer="sgd")
    x = np.eye(3, dtype=np.float32)
    loss, accuracy = model.evaluate(x, np.arange(3))
    assert loss == pytest.approx(-np.log(model.predict(x)[np.arange(3), np.arange(3)]).mean(),
                                 rel=1e-5)
    assert 0 <= accuracy <= 1


def test_evaluate_reports_regression_metrics():
    model = axon.Sequential([Dense(1, input_dim=1)])
    model.set_weights([np.array([[2.0]]), np.array([1.0])])
    model.compile(loss="mse", optimizer="sgd")
    x = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 3.0, 6.0])  # predictions 1, 3, 5
    result = model.evaluate(x, y, return_dict=True)
    assert result["loss"] == pytest.approx(1 / 3, rel=1e-6)
    assert result["mae"] == pytest.approx(1 / 3, rel=1e-6)
    assert model.evaluate(x, y) == pytest.approx(1 / 3, rel=1e-6)


def test_summary_lists_layers_and_parameters(capsys):
    model = axon.Sequential.mlp([784, 128, 10], output="softmax")
    model.summary()
    text = capsys.readouterr().out
    assert "dense_1 (dense)" in text and "100,480" in text and "Total params: 101,770" in text
    assert model.count_params() == 101770


def test_save_and_load_round_trip(tmp_path):
    model = axon.Sequential([Dense(4, activation="tanh"), Dense(2, activation="softmax")], seed=5)
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.SGD(lr=0.1, momentum=0.5))
    x = np.random.default_rng(3).normal(size=(7, 3)).astype(np.float32)
    expected = model.predict(x)
    path = tmp_path / "m.axon"
    model.save(path, metadata={"note": "test"})
    loaded = axon.load(path)
    np.testing.assert_array_equal(loaded.predict(x), expected)
    assert loaded.loss == "cross_entropy"
    assert loaded.optimizer[0] == "sgd" and loaded.optimizer[1] == pytest.approx(0.1)
    assert [layer[1] for layer in loaded.layers] == ["dense", "tanh", "dense", "softmax"]


def test_save_needs_a_compiled_model(tmp_path):
    model = axon.Sequential.mlp([2, 2])
    with pytest.raises(ValueError, match="compile the model first"):
        model.save(tmp_path / "m.axon")


def test_runtime_settings():
    threads = axon.num_threads()
    try:
        axon.set_num_threads(1)
        assert axon.num_threads() == 1
    finally:
        axon.set_num_threads(threads)
    with pytest.raises(ValueError, match="threads must be >= 1, got 0"):
        axon.set_num_threads(0)
    assert axon.matmul_precision() == "fp32"
    with pytest.raises(ValueError):
        axon.set_matmul_precision("fp64")
