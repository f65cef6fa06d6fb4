"""Activation functions: they match Keras, their derivatives match finite differences, and
every one of them keeps the same input contract."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh_derivative,
)

X = np.linspace(-6, 6, 1201)
X_NO_KINK = X[np.abs(X) > 1e-3]  # ReLU and Leaky ReLU have no derivative at 0

KERAS = {
    "sigmoid": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
    "relu": keras.activations.relu,
    "leaky_relu": lambda x: keras.activations.leaky_relu(x, negative_slope=LEAKY_SLOPE),
    "gelu": lambda x: keras.activations.gelu(x, approximate=False),
    "swish": keras.activations.silu,
}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_matches_keras(name):
    f, _ = ACTIVATIONS[name]
    expected = keras.ops.convert_to_numpy(KERAS[name](X.astype("float32")))
    np.testing.assert_allclose(f(X), expected, atol=1e-6)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_derivative_matches_a_finite_difference(name):
    f, df = ACTIVATIONS[name]
    h = 1e-5
    central = (f(X_NO_KINK + h) - f(X_NO_KINK - h)) / (2 * h)
    np.testing.assert_allclose(df(X_NO_KINK), central, atol=1e-6)


def test_sigmoid_derivative_is_at_most_a_quarter_reached_at_zero():
    values = sigmoid_derivative(X)
    assert round(float(values.max()), 4) == 0.25
    assert X[np.argmax(values)] == 0.0
    assert sigmoid_derivative(0.0) == 0.25
    assert tanh_derivative(0.0) == 1.0


def test_sigmoid_does_not_overflow_and_saturates():
    np.testing.assert_array_equal(sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
    assert sigmoid_derivative(10.0) < 1e-4


def test_softmax_gives_a_distribution_unchanged_by_a_shift():
    z = np.array([2.0, 1.0, 0.1])
    p = softmax(z)
    assert p.sum() == pytest.approx(1.0) and np.argmax(p) == 0
    np.testing.assert_allclose(softmax(z + 1000), p)  # shifting all scores changes nothing


def test_softmax_and_sigmoid_reject_bad_input():
    assert softmax(3.0) == 1.0  # one score is certain
    with pytest.raises(ValueError, match="finite"):
        softmax(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="numbers"):
        sigmoid("one")


EVERY_FUNCTION = [fn for pair in ACTIVATIONS.values() for fn in pair] + [softmax]


@pytest.mark.parametrize("fn", EVERY_FUNCTION, ids=lambda fn: fn.__name__)
@pytest.mark.parametrize(
    "bad, error",
    [
        (np.array([0.5, np.nan]), ValueError),
        (np.array([1.0, np.inf]), ValueError),
        (np.array([]), ValueError),
        ("one", TypeError),
        ([1.0, "x"], TypeError),
    ],
    ids=["nan", "inf", "empty", "string", "mixed list"],
)
def test_every_activation_keeps_one_contract_for_bad_input(fn, bad, error):
    # relu used to reject NaN while gelu passed it through: now all of them reject it
    with pytest.raises(error, match="finite|empty|numbers"):
        fn(bad)


@pytest.mark.parametrize("fn", EVERY_FUNCTION[:-1], ids=lambda fn: fn.__name__)
def test_every_activation_accepts_a_number_a_list_and_an_array(fn):
    for good in (0.5, [0.5, -1.0], np.array([[0.5, -1.0]])):
        assert np.all(np.isfinite(fn(good)))


def test_the_leaky_slope_is_the_one_dense_leaky_relu_uses():
    dense = keras.layers.Dense(1, activation="leaky_relu")
    assert dense.activation(np.array([-1.0], "float32")).numpy()[0] == pytest.approx(-LEAKY_SLOPE)
    assert keras.layers.LeakyReLU().negative_slope == pytest.approx(0.3)  # the layer differs
