"""Activation functions and their derivatives in plain NumPy (used by notebook 05's plots).

Each entry of :data:`ACTIVATIONS` is a pair ``(f, df)``: the function and its derivative,
both element-wise on NumPy arrays. Softmax is not element-wise; it has its own :func:`softmax`.

One contract for every function here (the same as :mod:`course_utils.scratch`, which holds
sigmoid, tanh, ReLU and softmax; both check with ``validate.numbers``): the input is converted
to a float64 array; a non-numeric input raises ``TypeError``, an empty or non-finite one (NaN,
±inf) raises ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from course_utils import validate

# The basic activations live in the from-scratch module of notebooks 01-03; this module adds
# the ones notebook 05 compares.
from course_utils.scratch import (  # noqa: F401  (re-exported)
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)

# Slope of Leaky ReLU for x < 0 as the course uses it: Dense(..., activation="leaky_relu"),
# i.e. keras.activations.leaky_relu, whose default is 0.2. (The layer keras.layers.LeakyReLU()
# defaults to 0.3.)
LEAKY_SLOPE = 0.2


def leaky_relu(x, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """Leaky ReLU(x) = x for x > 0, else slope·x."""
    x = validate.numbers("x", x)
    return np.where(x > 0, x, validate.number("slope", slope) * x)


def leaky_relu_derivative(x, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """1 for x > 0, else ``slope``: the gradient never becomes exactly 0."""
    return np.where(validate.numbers("x", x) > 0, 1.0, validate.number("slope", slope))


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + _erf(x / math.sqrt(2)))


def _normal_pdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def gelu(x) -> np.ndarray:
    """GELU(x) = x·Φ(x), Φ the standard normal CDF (the exact form, Keras' default)."""
    x = validate.numbers("x", x)
    return x * _normal_cdf(x)


def gelu_derivative(x) -> np.ndarray:
    """GELU'(x) = Φ(x) + x·φ(x), φ the standard normal density."""
    x = validate.numbers("x", x)
    return _normal_cdf(x) + x * _normal_pdf(x)


def swish(x) -> np.ndarray:
    """Swish / SiLU(x) = x·σ(x)."""
    x = validate.numbers("x", x)
    return x * sigmoid(x)


def swish_derivative(x) -> np.ndarray:
    """SiLU'(x) = σ(x) + x·σ(x)·(1 − σ(x))."""
    x = validate.numbers("x", x)
    s = sigmoid(x)
    return s + x * s * (1 - s)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "gelu": (gelu, gelu_derivative),
    "swish": (swish, swish_derivative),
}
