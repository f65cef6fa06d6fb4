"""Activation functions: they match Keras, their derivatives match finite differences."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    activation,
    numerical_derivative,
    sgd_path,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_jacobian,
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
    f, df = activation(name)
    np.testing.assert_allclose(df(X_NO_KINK), numerical_derivative(f, X_NO_KINK), atol=1e-6)


def test_sigmoid_derivative_is_at_most_a_quarter_reached_at_zero():
    values = sigmoid_derivative(X)
    assert round(float(values.max()), 4) == 0.25
    assert X[np.argmax(values)] == 0.0
    assert sigmoid_derivative(0.0) == 0.25
    assert tanh_derivative(0.0) == 1.0


def test_sigmoid_does_not_overflow_and_saturates():
    np.testing.assert_array_equal(sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
    assert sigmoid_derivative(10.0) < 1e-4


def test_softmax_gives_a_distribution_and_its_jacobian_matches_finite_differences():
    z = np.array([2.0, 1.0, 0.1])
    p = softmax(z)
    assert p.sum() == pytest.approx(1.0) and np.argmax(p) == 0
    np.testing.assert_allclose(softmax(z + 1000), p)  # shifting all scores changes nothing
    jac = softmax_jacobian(z)
    for j in range(3):
        step = np.zeros(3)
        step[j] = 1e-6
        np.testing.assert_allclose(
            jac[:, j], (softmax(z + step) - softmax(z - step)) / 2e-6, atol=1e-8
        )


def test_softmax_and_activation_reject_bad_input():
    assert softmax(3.0) == 1.0  # one score is certain
    with pytest.raises(ValueError, match="finite"):
        softmax(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="1-D"):
        softmax_jacobian(np.ones((2, 2)))
    with pytest.raises(ValueError, match="name must be one of"):
        activation("softplus")
    with pytest.raises(TypeError, match="numbers"):
        sigmoid("one")
    with pytest.raises(ValueError, match="h must be positive"):
        numerical_derivative(sigmoid, 0.0, h=0)


def test_sgd_path_with_positive_inputs_moves_all_weights_the_same_way():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 1.0, size=(40, 2))
    y = x @ np.array([1.0, -1.0])
    path = sgd_path(x, y, w0=[-1.0, 1.0], lr=0.5, epochs=2)
    assert path.shape == (81, 2)
    steps = np.diff(path, axis=0)
    assert np.all(np.sign(steps[:, 0]) == np.sign(steps[:, 1]))
    centred = sgd_path(x - 0.5, (x - 0.5) @ np.array([1.0, -1.0]), [-1.0, 1.0], lr=0.5)
    mixed = np.sign(np.diff(centred, axis=0))
    assert np.any(mixed[:, 0] != mixed[:, 1])


def test_sgd_path_checks_its_arguments():
    x, y = np.ones((3, 2)), np.ones(3)
    with pytest.raises(ValueError, match="x must be"):
        sgd_path(x, y, [0.0, 0.0, 0.0], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        sgd_path(x, y, [0.0, 0.0], lr=0)
    with pytest.raises(ValueError, match="epochs"):
        sgd_path(x, y, [0.0, 0.0], lr=0.1, epochs=0)
