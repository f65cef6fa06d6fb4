"""Unit tests for course_utils.scratch.

data_iter and sgd are notebook 02's own code (tests/test_show_then_reuse.py keeps the copies
identical); these tests check what they compute, including the course's linear-regression
numbers over several seeds and sgd on the TensorFlow tensors notebook 03 gives it. The
activations (sigmoid, tanh, ReLU, softmax and the derivatives) are checked against NumPy,
TensorFlow and finite differences, and their errors for bad input.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from course_utils import scratch as s

Z = np.array([-30.0, -2.5, -0.3, 0.0, 0.4, 1.7, 30.0])
Z_AWAY_FROM_KINK = np.array([-2.5, -0.7, -0.3, 0.4, 0.9, 1.7])


def central_difference(f, z, eps=1e-6):
    """The slope of an element-wise function, one point at a time (a test-only reference)."""
    return (f(z + eps) - f(z - eps)) / (2 * eps)


# -------------------------------------------------------------------------- data_iter ----


def test_data_iter_covers_every_sample_once_in_a_shuffled_order():
    X, y = np.arange(23).reshape(23, 1) * 10, np.arange(23)
    batches = list(s.data_iter(5, X, y, np.random.default_rng(0)))
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]  # the last batch is smaller
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen) == list(range(23))  # every sample exactly once
    assert not np.array_equal(seen, np.arange(23))  # ... but not in stored order
    for X_batch, y_batch in batches:  # inputs and targets stay paired
        np.testing.assert_array_equal(X_batch[:, 0], y_batch * 10)


def test_data_iter_draws_a_new_order_each_epoch_and_repeats_with_the_seed():
    X, y = np.zeros((50, 2)), np.arange(50)
    gen = np.random.default_rng(3)
    first = np.concatenate([yb for _, yb in s.data_iter(10, X, y, gen)])
    second = np.concatenate([yb for _, yb in s.data_iter(10, X, y, gen)])
    assert not np.array_equal(first, second)  # one generator, a new order per epoch
    again = np.concatenate([yb for _, yb in s.data_iter(10, X, y, np.random.default_rng(3))])
    np.testing.assert_array_equal(first, again)  # the same seed, the same order


def test_data_iter_keeps_images_and_their_dtype():
    images, labels = np.zeros((7, 28, 28), dtype=np.uint8), np.arange(7)
    X_batch, y_batch = next(s.data_iter(4, images, labels, np.random.default_rng(0)))
    assert X_batch.shape == (4, 28, 28) and X_batch.dtype == np.uint8
    assert y_batch.shape == (4,)


def test_data_iter_with_a_batch_larger_than_the_data_gives_one_batch():
    batches = list(s.data_iter(100, np.ones((3, 2)), np.arange(3), np.random.default_rng(0)))
    assert len(batches) == 1 and len(batches[0][1]) == 3


def test_minibatch_sgd_with_data_iter_recovers_the_course_numbers():
    # Notebook 02's run (outline §02): loss < 1e-4 after 3 epochs, w and b within 2e-3.
    true_w, true_b = np.array([2.0, -3.4]), 4.2
    for seed in (0, 1, 7, 123):
        data = np.random.default_rng(seed)
        X = data.normal(0, 1, size=(1000, 2))
        y = X @ true_w + true_b + data.normal(0, 0.01, size=1000)
        gen = np.random.default_rng(seed + 1)
        w, b = gen.normal(0, 0.01, size=2), 0.0
        for _ in range(3):
            for X_batch, y_batch in s.data_iter(10, X, y, gen):
                e = X_batch @ w + b - y_batch
                w, b = w - 0.03 * X_batch.T @ e / len(e), b - 0.03 * e.mean()
        assert np.mean((X @ w + b - y) ** 2 / 2) < 1e-4, seed
        assert np.abs(w - true_w).max() < 2e-3 and abs(b - true_b) < 2e-3, seed


# -------------------------------------------------------------------------------- sgd ----


def test_sgd_steps_against_the_gradient_and_leaves_its_inputs_alone():
    w, b = np.array([1.0, -2.0]), 0.5
    new_w, new_b = s.sgd([w, b], [np.array([0.5, -1.0]), 2.0], lr=0.1)
    np.testing.assert_allclose(new_w, [0.95, -1.9])
    assert new_b == pytest.approx(0.3)
    np.testing.assert_array_equal(w, [1.0, -2.0])  # a new list, the old arrays unchanged


def test_sgd_lowers_a_quadratic_loss_and_works_on_tensorflow_tensors():
    # Notebook 03 passes tf tensors: the step must give tensors the tape can watch again.
    params = [tf.constant([3.0, -1.0]), tf.constant(2.0)]
    losses = []
    for _ in range(20):
        with tf.GradientTape() as tape:
            tape.watch(params)
            loss = tf.reduce_sum(params[0] ** 2) + params[1] ** 2
        params = s.sgd(params, tape.gradient(loss, params), 0.1)
        losses.append(float(loss))
    assert all(isinstance(p, tf.Tensor) for p in params)
    assert losses[-1] < 0.1 * losses[0] and all(np.diff(losses) < 0)


def test_sgd_refuses_params_and_grads_of_different_lengths():
    with pytest.raises(ValueError):  # zip(strict=True): no silently skipped parameter
        s.sgd([1.0, 2.0], [0.1], lr=0.1)


# ------------------------------------------------------------------------- activations ----


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


def test_relu_and_softmax_compute_what_notebook_03_writes_in_plain_numpy():
    # Notebook 03 writes np.maximum(z, 0) and exp(z - max) / sum; these are the same numbers.
    z = np.random.default_rng(0).normal(size=(4, 10))
    np.testing.assert_array_equal(s.relu(z), np.maximum(z, 0))
    exp = np.exp(z - np.max(z, axis=-1, keepdims=True))
    np.testing.assert_allclose(s.softmax(z), exp / exp.sum(axis=-1, keepdims=True), rtol=1e-15)


def test_softmax_values_and_stability():
    probs = s.softmax([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    np.testing.assert_allclose(probs.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(probs[1], [1 / 3] * 3)
    expected = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    np.testing.assert_allclose(probs[0], expected, rtol=1e-12)
    np.testing.assert_allclose(s.softmax([[1.0, 2.0], [1.0, 2.0]], axis=0), [[0.5, 0.5]] * 2)
    logits = np.random.default_rng(0).normal(size=(4, 10))
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


PAIRS = {
    "sigmoid": (s.sigmoid, s.sigmoid_derivative),
    "tanh": (s.tanh, s.tanh_derivative),
    "relu": (s.relu, s.relu_derivative),
}


@pytest.mark.parametrize("name", list(PAIRS))
def test_derivatives_match_finite_differences(name):
    f, df = PAIRS[name]
    np.testing.assert_allclose(
        df(Z_AWAY_FROM_KINK), central_difference(f, Z_AWAY_FROM_KINK), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize("name", list(PAIRS))
def test_derivatives_match_gradient_tape(name):
    f, df = PAIRS[name]
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
    "fn", [s.sigmoid, s.sigmoid_derivative, s.tanh, s.tanh_derivative, s.relu, s.relu_derivative]
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
def test_kept_activations_reject_bad_input(fn, bad, error, words):
    with pytest.raises(error, match=f"z must .*{words}"):
        fn(bad)
