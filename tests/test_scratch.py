"""Unit tests for course_utils.scratch: values, gradients (finite differences and GradientTape)
and the error raised for each kind of bad input."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import scratch as s

RTOL_GRAD = 1e-6
TRUE_W, TRUE_B = np.array([2.0, -3.4]), 4.2


def rng(seed=0):
    return np.random.default_rng(seed)


# ------------------------------------------------------------------------- activations ----

Z = np.array([-30.0, -2.5, -0.3, 0.0, 0.4, 1.7, 30.0])
Z_AWAY_FROM_KINK = np.array([-2.5, -0.7, -0.3, 0.4, 0.9, 1.7])


def test_step_values():
    np.testing.assert_array_equal(s.step(Z), [0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(s.step_derivative(Z), np.zeros(7))


def test_sigmoid_values_and_no_overflow():
    np.testing.assert_allclose(s.sigmoid([0.0, 2.0]), [0.5, 1 / (1 + np.exp(-2.0))], rtol=1e-15)
    with np.errstate(over="raise"):  # a naive exp(-z) would overflow at -1000
        out = s.sigmoid([-1000.0, 1000.0])
    np.testing.assert_array_equal(out, [0.0, 1.0])
    assert s.sigmoid_derivative(0.0) == pytest.approx(0.25)
    assert np.all(s.sigmoid_derivative(Z) <= 0.25)


def test_tanh_and_relu_values():
    np.testing.assert_allclose(s.tanh(Z), np.tanh(Z))
    assert s.tanh_derivative(0.0) == pytest.approx(1.0)
    np.testing.assert_array_equal(s.relu(Z), [0, 0, 0, 0, 0.4, 1.7, 30.0])
    np.testing.assert_array_equal(s.relu_derivative(Z), [0, 0, 0, 0, 1, 1, 1])


def test_linear_is_identity_and_a_copy():
    z = np.array([1.0, -2.0])
    out = s.linear(z)
    out[0] = 99
    assert z[0] == 1.0
    np.testing.assert_array_equal(s.linear_derivative(z), [1.0, 1.0])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear", "step"])
def test_activation_derivatives_match_finite_differences(name):
    f, df = s.get_activation(name)
    for z in Z_AWAY_FROM_KINK:
        numeric = s.numerical_gradient(lambda v, f=f: float(f(v).sum()), np.array([z]))
        assert numeric[0] == pytest.approx(df(z), rel=RTOL_GRAD, abs=1e-9)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_derivatives_match_gradient_tape(name):
    f, df = s.get_activation(name)
    z = tf.Variable(Z_AWAY_FROM_KINK)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(getattr(tf.nn, name)(z))
    np.testing.assert_allclose(df(Z_AWAY_FROM_KINK), tape.gradient(y, z).numpy(), rtol=1e-12)
    np.testing.assert_allclose(f(Z_AWAY_FROM_KINK), getattr(tf.nn, name)(z).numpy(), rtol=1e-12)


def test_relu_derivative_at_zero_matches_tensorflow():
    z = tf.Variable([0.0], dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.relu(z))
    assert s.relu_derivative([0.0])[0] == tape.gradient(y, z).numpy()[0] == 0.0


@pytest.mark.parametrize(
    "fn", [s.step, s.step_derivative, s.sigmoid, s.sigmoid_derivative, s.tanh, s.relu, s.linear]
)
@pytest.mark.parametrize(
    "bad, error, words",
    [
        ([1.0, np.nan], ValueError, "finite"),
        ([np.inf], ValueError, "finite"),
        ([], ValueError, "empty"),
        ("abc", TypeError, "numbers"),
        ([[1, 2], [3]], TypeError, "numbers"),
    ],
)
def test_activations_reject_bad_input(fn, bad, error, words):
    with pytest.raises(error, match=f"z must .*{words}"):
        fn(bad)


def test_get_activation_rejects_unknown_names():
    assert s.get_activation("relu") == (s.relu, s.relu_derivative)
    with pytest.raises(ValueError, match="name must be one of"):
        s.get_activation("softmax")
    with pytest.raises(TypeError, match="name must be a string"):
        s.get_activation(3)


def test_softmax_values_and_stability():
    probs = s.softmax([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    np.testing.assert_allclose(probs.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(probs[1], [1 / 3] * 3)
    expected = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    np.testing.assert_allclose(probs[0], expected, rtol=1e-12)
    np.testing.assert_allclose(s.softmax([[1.0, 2.0], [1.0, 2.0]], axis=0), [[0.5, 0.5]] * 2)
    logits = rng(0).normal(size=(4, 10))
    np.testing.assert_allclose(s.softmax(logits), tf.nn.softmax(logits).numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "z, axis, error, match",
    [
        ([1.0, np.inf], -1, ValueError, "z must contain only finite"),
        ([], -1, ValueError, "z must not be empty"),
        ([1.0, 2.0], 1, ValueError, "axis must be in"),
        ([1.0, 2.0], 0.5, TypeError, "axis must be an int"),
    ],
)
def test_softmax_rejects_bad_input(z, axis, error, match):
    with pytest.raises(error, match=match):
        s.softmax(z, axis=axis)


# -------------------------------------------------------------------------- perceptron ----


@pytest.mark.parametrize(
    "gate, expected",
    [("and", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]), ("nand", [1, 1, 1, 0])],
)
def test_logic_gate_tables(gate, expected):
    X, y = s.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, expected)


def test_logic_gate_rejects_unknown():
    with pytest.raises(ValueError, match="name must be one of"):
        s.logic_gate("xnor")
    with pytest.raises(TypeError, match="name must be a string"):
        s.logic_gate(None)


def test_perceptron_predict():
    X, _ = s.logic_gate("and")
    np.testing.assert_array_equal(s.perceptron_predict(X, [1.0, 1.0], -1.5), [0, 0, 0, 1])
    assert s.perceptron_predict(X, [1.0, 1.0], -1.5).dtype == np.int64


@pytest.mark.parametrize(
    "X, w, b, error, match",
    [
        ([0.0, 1.0], [1.0, 1.0], 0.0, ValueError, "X must be 2-D"),
        ([[0.0, 1.0]], [1.0, 1.0, 1.0], 0.0, ValueError, "w must have one entry per input"),
        ([[0.0, 1.0]], [[1.0, 1.0]], 0.0, ValueError, "w must be 1-D"),
        ([[0.0, np.nan]], [1.0, 1.0], 0.0, ValueError, "X must contain only finite"),
        ([[0.0, 1.0]], [1.0, 1.0], np.inf, ValueError, "b must be a finite"),
        ([[0.0, 1.0]], [1.0, 1.0], "0", TypeError, "b must be a number"),
        (np.zeros((0, 2)), [1.0, 1.0], 0.0, ValueError, "X must not be empty"),
    ],
)
def test_perceptron_predict_rejects_bad_input(X, w, b, error, match):
    with pytest.raises(error, match=match):
        s.perceptron_predict(X, w, b)


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_perceptron_converges_on_linearly_separable_gates(gate):
    X, y = s.logic_gate(gate)
    result = s.train_perceptron(X, y, lr=1.0, max_epochs=20, w_init=[0.3, -0.2], b_init=0.2)
    assert result.converged and result.epochs <= 10
    assert result.errors[-1] == 0 and all(e > 0 for e in result.errors[:-1])
    assert len(result.history) == result.epochs + 1
    np.testing.assert_array_equal(s.perceptron_predict(X, result.w, result.b), y)


def test_perceptron_course_numbers():
    """The numbers notebook 01 prints: AND in 4 epochs, OR in 5, XOR never within 20."""
    runs = {}
    for gate in ("and", "or", "xor"):
        X, y = s.logic_gate(gate)
        runs[gate] = s.train_perceptron(X, y, lr=1.0, max_epochs=20, w_init=[0.5, -0.5], b_init=0.2)
    assert (runs["and"].epochs, runs["or"].epochs) == (4, 5)
    for gate in ("and", "or"):  # no point ever lies on a drawn line: the pictures stay clear
        X, _ = s.logic_gate(gate)
        assert min(np.abs(X @ w + b).min() for w, b in runs[gate].history) >= 0.1
    assert not runs["xor"].converged and runs["xor"].epochs == 20
    assert min(runs["xor"].errors) >= 1


def test_perceptron_never_converges_on_xor_from_any_start():
    X, y = s.logic_gate("xor")
    for seed in range(20):
        start = rng(seed).normal(size=3)
        result = s.train_perceptron(X, y, max_epochs=50, w_init=start[:2], b_init=start[2])
        assert not result.converged and result.epochs == 50
        assert np.any(s.perceptron_predict(X, result.w, result.b) != y)


def test_perceptron_does_not_modify_its_inputs():
    X, y = s.logic_gate("and")
    w0 = np.array([0.3, -0.2])
    result = s.train_perceptron(X, y, w_init=w0)
    np.testing.assert_array_equal(w0, [0.3, -0.2])
    np.testing.assert_array_equal(result.history[0][0], [0.3, -0.2])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"y": [0, 1, 1]}, ValueError, "X and y must have the same length, got 4 and 3"),
        ({"y": [0, 1, 2, 1]}, ValueError, "y must hold only 0 and 1"),
        ({"y": [0, 1, np.nan, 1]}, ValueError, "y must contain only finite"),
        ({"X": [0, 1, 1, 0]}, ValueError, "X must be 2-D"),
        ({"X": np.zeros((0, 2)), "y": []}, ValueError, "X must not be empty"),
        ({"lr": 0.0}, ValueError, "lr must be > 0"),
        ({"lr": np.nan}, ValueError, "lr must be a finite"),
        ({"max_epochs": 0}, ValueError, "max_epochs must be > 0"),
        ({"max_epochs": 2.5}, TypeError, "max_epochs must be an int"),
        ({"w_init": [1.0]}, ValueError, r"w_init must have shape \(2,\)"),
        ({"b_init": np.inf}, ValueError, "b_init must be a finite"),
    ],
)
def test_train_perceptron_rejects_bad_input(kwargs, error, match):
    X, y = s.logic_gate("and")
    args = {"X": X, "y": y} | kwargs
    with pytest.raises(error, match=match):
        s.train_perceptron(**args)


def test_grid_from_text():
    grid = s.grid_from_text(
        """
        #.#
        .#.
        #.#
        """
    )
    np.testing.assert_array_equal(grid, [[1, 0, 1], [0, 1, 0], [1, 0, 1]])
    np.testing.assert_array_equal(s.grid_from_text("xo", on="x", off="o"), [[1, 0]])


@pytest.mark.parametrize(
    "text, error, match",
    [
        ("", ValueError, "at least one row"),
        ("#.\n#", ValueError, "same length"),
        ("#a", ValueError, "may only use"),
        (5, TypeError, "text must be a string"),
    ],
)
def test_grid_from_text_rejects_bad_pictures(text, error, match):
    with pytest.raises(error, match=match):
        s.grid_from_text(text)


def test_grid_from_text_rejects_bad_characters():
    with pytest.raises(ValueError, match="on and off must be two different"):
        s.grid_from_text("##", on="#", off="#")


# ----------------------------------------------------------------- data and minibatches ----


def test_synthetic_linear_data_shapes_and_noise():
    X, y = s.synthetic_linear_data(TRUE_W, TRUE_B, 1000, noise_std=0.01, seed=42)
    assert X.shape == (1000, 2) and y.shape == (1000,)
    residual = y - (X @ TRUE_W + TRUE_B)
    assert 0.008 < residual.std() < 0.012
    assert abs(X.mean()) < 0.1 and 0.9 < X.std() < 1.1
    X2, y2 = s.synthetic_linear_data(TRUE_W, TRUE_B, 1000, noise_std=0.01, seed=42)
    np.testing.assert_array_equal(y, y2)
    _, y_exact = s.synthetic_linear_data([1.0], 0.0, 5, noise_std=0.0, seed=1)
    X_exact, _ = s.synthetic_linear_data([1.0], 0.0, 5, noise_std=0.0, seed=1)
    np.testing.assert_array_equal(y_exact, X_exact[:, 0])


@pytest.mark.parametrize(
    "args, error, match",
    [
        (([], 1.0, 10), ValueError, "w must not be empty"),
        (([1.0, np.nan], 1.0, 10), ValueError, "w must contain only finite"),
        (([[1.0]], 1.0, 10), ValueError, "w must be 1-D"),
        (([1.0], np.nan, 10), ValueError, "b must be a finite"),
        (([1.0], 1.0, 0), ValueError, "num_samples must be > 0"),
        (([1.0], 1.0, 10.0), TypeError, "num_samples must be an int"),
        (([1.0], 1.0, 10, -0.1), ValueError, "noise_std must be >= 0"),
    ],
)
def test_synthetic_linear_data_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        s.synthetic_linear_data(*args)


def test_synthetic_linear_data_rejects_bad_seed():
    with pytest.raises(TypeError, match="seed must be"):
        s.synthetic_linear_data([1.0], 0.0, 5, seed="42")


def test_minibatches_cover_every_sample_once_in_shuffled_order():
    X = np.arange(23 * 2).reshape(23, 2).astype(float)
    y = np.arange(23)
    batches = list(s.minibatches(X, y, batch_size=5, seed=0))
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen) == list(range(23)) and list(seen) != list(range(23))
    for Xb, yb in batches:  # rows stay paired with their targets
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


def test_minibatches_order_and_generator_reuse():
    X, y = np.arange(10.0).reshape(10, 1), np.arange(10)
    plain = [yb.tolist() for _, yb in s.minibatches(X, y, 4, shuffle=False)]
    assert plain == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    gen = np.random.default_rng(3)
    first = np.concatenate([yb for _, yb in s.minibatches(X, y, 4, seed=gen)])
    second = np.concatenate([yb for _, yb in s.minibatches(X, y, 4, seed=gen)])
    assert list(first) != list(second)  # a shared Generator gives a new order each epoch
    again = np.concatenate([yb for _, yb in s.minibatches(X, y, 4, seed=3)])
    np.testing.assert_array_equal(first, again)


def test_minibatches_keep_dtype_and_image_shapes():
    images = np.zeros((7, 28, 28), dtype=np.uint8)
    xb, yb = next(s.minibatches(images, np.arange(7), 3, seed=0))
    assert xb.shape == (3, 28, 28) and xb.dtype == np.uint8


@pytest.mark.parametrize(
    "X, y, batch_size, error, match",
    [
        (np.zeros((5, 2)), np.zeros(4), 2, ValueError, "X and y must have the same length"),
        (np.zeros((5, 2)), np.zeros(5), 0, ValueError, "batch_size must be > 0"),
        (np.zeros((5, 2)), np.zeros(5), -3, ValueError, "batch_size must be > 0"),
        (np.zeros((5, 2)), np.zeros(5), 2.0, TypeError, "batch_size must be an int"),
        (np.zeros((0, 2)), np.zeros(0), 2, ValueError, "X must be a non-empty"),
        (np.zeros((5, 2)), np.array([0, 1, np.nan, 0, 1]), 2, ValueError, "y must contain only"),
        (np.full((5, 2), np.inf), np.zeros(5), 2, ValueError, "X must contain only finite"),
        (np.array(["a"] * 5), np.zeros(5), 2, TypeError, "X must hold numbers"),
        (np.float64(3.0), np.zeros(5), 2, ValueError, "X must be a non-empty"),
    ],
)
def test_minibatches_reject_bad_input_at_once(X, y, batch_size, error, match):
    with pytest.raises(error, match=match):
        s.minibatches(X, y, batch_size)  # no next(): the check happens at the call


@pytest.mark.parametrize(
    "n, batch, drop_last, expected",
    [(500, 10, False, 50), (1000, 10, False, 100), (500, 32, False, 16), (500, 32, True, 15)],
)
def test_iterations_per_epoch(n, batch, drop_last, expected):
    assert s.iterations_per_epoch(n, batch, drop_last) == expected
    X, y = np.zeros((n, 1)), np.zeros(n)
    if not drop_last:
        assert len(list(s.minibatches(X, y, batch))) == expected


@pytest.mark.parametrize(
    "n, batch, error, match",
    [
        (0, 10, ValueError, "num_samples must be > 0"),
        (500, 0, ValueError, "batch_size must be > 0"),
        (500, 2.5, TypeError, "batch_size must be an int"),
        (True, 10, TypeError, "num_samples must be an int"),
    ],
)
def test_iterations_per_epoch_rejects_bad_input(n, batch, error, match):
    with pytest.raises(error, match=match):
        s.iterations_per_epoch(n, batch)


# ----------------------------------------------------------------- linear regression ----


def test_linreg_and_losses():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    np.testing.assert_allclose(s.linreg(X, [2.0, -3.4], 4.2), [-0.6, 7.6])
    np.testing.assert_allclose(s.squared_loss([1.0, 3.0], [0.0, 0.0]), [0.5, 4.5])
    assert s.mse([1.0, 3.0], [0.0, 0.0]) == pytest.approx(5.0)


@pytest.mark.parametrize("fn", [s.squared_loss, s.mse])
def test_losses_refuse_silent_broadcasting(fn):
    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape, got \(3, 1\)"):
        fn(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="y_hat must contain only finite"):
        fn([np.nan], [0.0])
    with pytest.raises(ValueError, match="y must not be empty"):
        fn([0.0], [])


@pytest.mark.parametrize(
    "X, w, b, match",
    [
        (np.zeros(3), [1.0], 0.0, "X must be 2-D"),
        (np.zeros((3, 2)), [1.0], 0.0, "w must have one entry per input feature"),
        (np.zeros((3, 2)), [1.0, np.inf], 0.0, "w must contain only finite"),
        (np.zeros((3, 2)), [1.0, 1.0], np.nan, "b must be a finite"),
    ],
)
def test_linreg_rejects_bad_input(X, w, b, match):
    with pytest.raises(ValueError, match=match):
        s.linreg(X, w, b)


def linreg_loss(X, y, params):
    return float(s.squared_loss(s.linreg(X, params[:-1], params[-1]), y).mean())


def test_linreg_gradients_match_finite_differences():
    X, y = s.synthetic_linear_data(TRUE_W, TRUE_B, 50, noise_std=0.5, seed=1)
    params = rng(2).normal(size=3)
    grad_w, grad_b = s.linreg_gradients(X, y, params[:2], params[2])
    numeric = s.numerical_gradient(lambda p: linreg_loss(X, y, p), params)
    assert s.relative_error(np.append(grad_w, grad_b), numeric) < RTOL_GRAD


def test_linreg_gradients_match_gradient_tape():
    X, y = s.synthetic_linear_data(TRUE_W, TRUE_B, 50, noise_std=0.5, seed=1)
    w = tf.Variable(rng(2).normal(size=2))
    b = tf.Variable(0.7, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.linalg.matvec(X, w) + b - y) ** 2 / 2)
    tape_w, tape_b = tape.gradient(loss, [w, b])
    grad_w, grad_b = s.linreg_gradients(X, y, w.numpy(), 0.7)
    assert s.relative_error(grad_w, tape_w.numpy()) < 1e-12
    assert grad_b == pytest.approx(tape_b.numpy(), rel=1e-12)


@pytest.mark.parametrize(
    "X, y, w, match",
    [
        (np.zeros((4, 2)), np.zeros(3), [1.0, 1.0], "X and y must have the same length"),
        (np.zeros((4, 2)), np.zeros((4, 1)), [1.0, 1.0], "y must be 1-D"),
        (np.zeros((4, 2)), np.zeros(4), [1.0], "w must have one entry per input"),
        (np.zeros((0, 2)), np.zeros(0), [1.0, 1.0], "X must not be empty"),
    ],
)
def test_linreg_gradients_reject_bad_input(X, y, w, match):
    with pytest.raises(ValueError, match=match):
        s.linreg_gradients(X, y, w, 0.0)


def test_sgd_step_goes_against_the_gradient_and_copies():
    w = np.array([1.0, 2.0])
    new_w, new_b = s.sgd_step([w, 0.5], [np.array([10.0, -10.0]), 1.0], lr=0.1)
    np.testing.assert_allclose(new_w, [0.0, 3.0])
    assert new_b == pytest.approx(0.4) and isinstance(new_b, float)
    np.testing.assert_array_equal(w, [1.0, 2.0])


@pytest.mark.parametrize(
    "params, grads, lr, error, match",
    [
        ([1.0], [1.0, 2.0], 0.1, ValueError, "params and grads must have the same length"),
        ([np.zeros(2)], [np.zeros(3)], 0.1, ValueError, r"params\[0\] and grads\[0\] must have"),
        ([1.0], [np.nan], 0.1, ValueError, r"grads\[0\] must contain only finite"),
        ([1.0], [1.0], 0.0, ValueError, "lr must be > 0"),
        ([1.0], [1.0], -0.1, ValueError, "lr must be > 0"),
        ([1.0], [1.0], "0.1", TypeError, "lr must be a number"),
    ],
)
def test_sgd_step_rejects_bad_input(params, grads, lr, error, match):
    with pytest.raises(error, match=match):
        s.sgd_step(params, grads, lr)


def fit_linear_regression(seed: int):
    """The exact setup of notebook 02 (and of the classic from-scratch tutorial)."""
    X, y = s.synthetic_linear_data(TRUE_W, TRUE_B, 1000, noise_std=0.01, seed=seed)
    gen = np.random.default_rng(seed)
    w, b = gen.normal(0.0, 0.01, size=2), 0.0
    losses = []
    for _ in range(3):
        for Xb, yb in s.minibatches(X, y, batch_size=10, seed=gen):
            grad_w, grad_b = s.linreg_gradients(Xb, yb, w, b)
            w, b = s.sgd_step([w, b], [grad_w, grad_b], lr=0.03)
        losses.append(float(s.squared_loss(s.linreg(X, w, b), y).mean()))
    return w, b, losses


def test_linear_regression_from_scratch_meets_the_course_numbers():
    w, b, losses = fit_linear_regression(seed=42)
    assert losses[0] > losses[1] > losses[2] or losses[2] <= 1e-4
    assert losses[-1] <= 1e-4
    assert np.all(np.abs(w - TRUE_W) < 2e-3) and abs(b - TRUE_B) < 2e-3


@pytest.mark.parametrize("seed", [0, 1, 7, 123])
def test_linear_regression_from_scratch_is_robust_to_the_seed(seed):
    w, b, losses = fit_linear_regression(seed)
    assert losses[-1] <= 1e-4
    assert np.all(np.abs(w - TRUE_W) < 3e-3) and abs(b - TRUE_B) < 3e-3


# ------------------------------------------------------------------------- quadratic ----


def test_quadratic_model_values():
    np.testing.assert_allclose(s.quadratic_model([0.0, 1.0, -2.0], [1.0, 2.0, 3.0]), [3, 6, 3])


def test_quadratic_gradients_match_finite_differences():
    x = rng(3).uniform(-2, 2, size=40)
    y = 0.5 * x**2 - x + 2 + rng(4).normal(0, 0.3, size=40)
    for seed in range(3):
        w = rng(seed).normal(size=3)
        numeric = s.numerical_gradient(lambda p: s.mse(s.quadratic_model(x, p), y), w)
        assert s.relative_error(s.quadratic_gradients(x, y, w), numeric) < RTOL_GRAD


def test_quadratic_gradients_match_gradient_tape():
    x = rng(3).uniform(-2, 2, size=40)
    y = 0.5 * x**2 - x + 2
    w0 = rng(5).normal(size=3)
    w = tf.Variable(w0)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w[0] * x**2 + w[1] * x + w[2] - y) ** 2)
    assert s.relative_error(s.quadratic_gradients(x, y, w0), tape.gradient(loss, w).numpy()) < 1e-12


def test_quadratic_gradient_descent_recovers_the_curve():
    x = rng(3).uniform(-2, 2, size=200)
    y = s.quadratic_model(x, [0.5, -1.0, 2.0])
    w = np.zeros(3)
    for _ in range(2000):
        (w,) = s.sgd_step([w], [s.quadratic_gradients(x, y, w)], lr=0.05)
    np.testing.assert_allclose(w, [0.5, -1.0, 2.0], atol=1e-3)


@pytest.mark.parametrize(
    "x, y, w, match",
    [
        ([1.0, 2.0], [1.0, 2.0], [1.0, 2.0], r"w must have shape \(3,\)"),
        ([1.0, 2.0], [1.0], [1.0, 2.0, 3.0], "x and y must have the same length"),
        ([[1.0, 2.0]], [1.0], [1.0, 2.0, 3.0], "x must be 1-D"),
        ([1.0, np.nan], [1.0, 2.0], [1.0, 2.0, 3.0], "x must contain only finite"),
        ([], [], [1.0, 2.0, 3.0], "x must not be empty"),
    ],
)
def test_quadratic_functions_reject_bad_input(x, y, w, match):
    with pytest.raises(ValueError, match=match):
        s.quadratic_gradients(x, y, w)
    if "y" not in match:
        with pytest.raises(ValueError, match=match):
            s.quadratic_model(x, w)


# ---------------------------------------------------------------------------- dense ----


@pytest.mark.parametrize("activation", [None, "relu", "sigmoid", "tanh"])
def test_dense_forward_equals_keras_dense(activation):
    keras.utils.set_random_seed(0)
    layer = keras.layers.Dense(4, activation=activation, bias_initializer="random_normal")
    h = rng(1).normal(size=(5, 3)).astype("float32")
    expected = layer(h).numpy()
    W, b = layer.kernel.numpy(), layer.bias.numpy()
    assert W.shape == (3, 4)  # one row per input, one column per output
    np.testing.assert_allclose(s.dense_forward(h, W, b, activation), expected, atol=1e-6)


def test_dense_forward_single_sample_and_callable():
    W, b = np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([0.5, -3.0])
    np.testing.assert_allclose(s.dense_forward([1.0, 1.0], W, b), [3.5, -3.5])
    np.testing.assert_allclose(s.dense_forward([1.0, 1.0], W, b, np.abs), [3.5, 3.5])
    np.testing.assert_allclose(s.dense_forward([1.0, 1.0], W, b, "step"), [1.0, 0.0])


@pytest.mark.parametrize(
    "h, W, b, act, error, match",
    [
        (np.zeros((2, 3)), np.zeros((4, 2)), np.zeros(2), None, ValueError, "one row per input"),
        (np.zeros((2, 3)), np.zeros((3, 2)), np.zeros(3), None, ValueError, r"b must have shape"),
        (np.zeros((2, 3)), np.zeros(3), np.zeros(1), None, ValueError, "W must be 2-D"),
        (np.zeros((2, 2, 3)), np.zeros((3, 2)), np.zeros(2), None, ValueError, "h must be 1-D"),
        (np.full((2, 3), np.nan), np.zeros((3, 2)), np.zeros(2), None, ValueError, "h must"),
        (np.zeros((2, 3)), np.zeros((3, 2)), np.zeros(2), "gelu", ValueError, "name must be"),
        (np.zeros((2, 3)), np.zeros((3, 2)), np.zeros(2), 5, TypeError, "activation must be"),
    ],
)
def test_dense_forward_rejects_bad_input(h, W, b, act, error, match):
    with pytest.raises(error, match=match):
        s.dense_forward(h, W, b, act)


def test_collapse_linear_stack_equals_the_stack():
    gen = rng(7)
    sizes = [6, 5, 4, 3]
    weights = [gen.normal(size=(a, c)) for a, c in zip(sizes, sizes[1:], strict=False)]
    biases = [gen.normal(size=c) for c in sizes[1:]]
    h = gen.normal(size=(8, 6))
    stacked = h
    for W, b in zip(weights, biases, strict=True):
        stacked = s.dense_forward(stacked, W, b)
    W, b = s.collapse_linear_stack(weights, biases)
    assert W.shape == (6, 3) and b.shape == (3,)
    np.testing.assert_allclose(s.dense_forward(h, W, b), stacked, atol=1e-12)
    # With a ReLU between them, two layers are no longer one linear layer.
    hidden = s.dense_forward(h, weights[0], biases[0], "relu")
    with_relu = s.dense_forward(hidden, weights[1], biases[1])
    W2, b2 = s.collapse_linear_stack(weights[:2], biases[:2])
    assert not np.allclose(with_relu, s.dense_forward(h, W2, b2))


@pytest.mark.parametrize(
    "weights, biases, match",
    [
        ([], [], "at least one"),
        ([np.zeros((2, 3))], [], "weights and biases must have the same length"),
        (
            [np.zeros((2, 3)), np.zeros((2, 1))],
            [np.zeros(3), np.zeros(1)],
            r"weights\[1\] must have 3 rows",
        ),
        ([np.zeros((2, 3))], [np.zeros(2)], r"biases\[0\] must have shape \(3,\)"),
        ([np.full((2, 3), np.inf)], [np.zeros(3)], r"weights\[0\] must contain only finite"),
    ],
)
def test_collapse_linear_stack_rejects_bad_input(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        s.collapse_linear_stack(weights, biases)


def test_count_dense_params_matches_keras():
    assert s.count_dense_params([784, 128, 10]) == 101_770
    assert s.count_dense_params([2, 1]) == 3
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(7), keras.layers.Dense(2)])
    assert s.count_dense_params([5, 7, 2]) == model.count_params()


@pytest.mark.parametrize(
    "sizes, error, match",
    [
        ([784], ValueError, "at least one layer"),
        ([784, 0], ValueError, r"layer_sizes\[1\] must be > 0"),
        ([784, 12.5], TypeError, r"layer_sizes\[1\] must be an int"),
    ],
)
def test_count_dense_params_rejects_bad_input(sizes, error, match):
    with pytest.raises(error, match=match):
        s.count_dense_params(sizes)


# ------------------------------------------------------------------ gradient checking ----


def test_numerical_gradient_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(
        s.numerical_gradient(lambda v: float((v**2).sum()), x), 2 * x, rtol=1e-8
    )
    np.testing.assert_allclose(
        s.numerical_gradient(lambda v: float(np.sin(v).sum()), x), np.cos(x), rtol=1e-8
    )


def test_numerical_gradient_does_not_change_x():
    x = np.array([1.0, 2.0])
    s.numerical_gradient(lambda v: float(v.sum()), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be a function"):
        s.numerical_gradient(3, [1.0])
    with pytest.raises(ValueError, match="eps must be > 0"):
        s.numerical_gradient(np.sum, [1.0], eps=0)
    with pytest.raises(ValueError, match="x must contain only finite"):
        s.numerical_gradient(np.sum, [np.nan])
    with pytest.raises(ValueError, match=r"f\(x\) must be a finite"):
        s.numerical_gradient(lambda v: np.inf, [1.0])


def test_relative_error():
    assert s.relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert s.relative_error([0.0], [0.0]) == 0.0
    assert s.relative_error([1.0], [1.1]) == pytest.approx(0.1 / 1.1)
    with pytest.raises(ValueError, match="a and b must have the same shape"):
        s.relative_error([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="b must contain only finite"):
        s.relative_error([1.0], [np.nan])
