"""Activation functions and their derivatives in plain NumPy, to plot and to reason with.

Each entry of :data:`ACTIVATIONS` is a pair ``(f, df)``: the function and its derivative,
both element-wise on NumPy arrays. Softmax is not element-wise; it has its own
:func:`softmax` and :func:`softmax_jacobian`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

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

LEAKY_SLOPE = 0.2  # slope of Leaky ReLU for x < 0, as in Keras ("leaky_relu")


def _array(x) -> np.ndarray:
    try:
        array = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"x must be numbers or an array of numbers, got {type(x).__name__}"
        ) from exc
    return array


def leaky_relu(x, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """Leaky ReLU(x) = x for x > 0, else slope·x."""
    x = _array(x)
    return np.where(x > 0, x, slope * x)


def leaky_relu_derivative(x, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """1 for x > 0, else ``slope``: the gradient never becomes exactly 0."""
    return np.where(_array(x) > 0, 1.0, slope)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + _erf(x / math.sqrt(2)))


def _normal_pdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def gelu(x) -> np.ndarray:
    """GELU(x) = x·Φ(x), Φ the standard normal CDF (the exact form, Keras' default)."""
    x = _array(x)
    return x * _normal_cdf(x)


def gelu_derivative(x) -> np.ndarray:
    """GELU'(x) = Φ(x) + x·φ(x), φ the standard normal density."""
    x = _array(x)
    return _normal_cdf(x) + x * _normal_pdf(x)


def swish(x) -> np.ndarray:
    """Swish / SiLU(x) = x·σ(x)."""
    x = _array(x)
    return x * sigmoid(x)


def swish_derivative(x) -> np.ndarray:
    """SiLU'(x) = σ(x) + x·σ(x)·(1 − σ(x))."""
    x = _array(x)
    s = sigmoid(x)
    return s + x * s * (1 - s)


def softmax_jacobian(z) -> np.ndarray:
    """The matrix ∂softmax_i/∂z_j = p_i·(δ_ij − p_j) for one score vector ``z``.

    Raises:
        ValueError: if ``z`` is not a 1-D vector.
    """
    z = _array(z)
    if z.ndim != 1:
        raise ValueError(f"z must be a 1-D vector of scores, got shape {z.shape}")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "gelu": (gelu, gelu_derivative),
    "swish": (swish, swish_derivative),
}
FORMULAS = {
    "sigmoid": r"$\sigma(x) = 1/(1+e^{-x})$",
    "tanh": r"$\tanh(x)$",
    "relu": r"$\max(0, x)$",
    "leaky_relu": rf"$\max({LEAKY_SLOPE:g}x, x)$",
    "gelu": r"$x\,\Phi(x)$",
    "swish": r"$x\,\sigma(x)$",
}


def activation(name: str) -> tuple[Callable, Callable]:
    """The pair (function, derivative) for an activation name in :data:`ACTIVATIONS`.

    Raises:
        ValueError: for an unknown name.
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {tuple(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


def numerical_derivative(f: Callable, x, h: float = 1e-5) -> np.ndarray:
    """The central difference (f(x + h) − f(x − h)) / 2h, to check a derivative formula.

    Raises:
        ValueError: if ``h`` is not positive.
    """
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    x = _array(x)
    return (f(x + h) - f(x - h)) / (2 * h)


def sgd_path(
    x: np.ndarray, y: np.ndarray, w0, lr: float, epochs: int = 1, seed: int = 42
) -> np.ndarray:
    """The weights of a linear neuron ``ŷ = x·w`` after every single-sample SGD step.

    Each step subtracts ``lr·(ŷ − y)·x`` (the gradient of ``(ŷ − y)²/2``). When every input
    is positive, all weights move in the same direction at each step, so reaching a
    target that needs some weights up and others down takes a zig-zag.

    Args:
        x: inputs of shape (n, d).
        y: targets of shape (n,).
        w0: start weights, length d.
        lr: learning rate.
        epochs: passes over the samples (shuffled each pass with ``seed``).
        seed: seed of the sample order.

    Returns:
        Array of shape (steps + 1, d): ``w0`` then the weights after each step.

    Raises:
        ValueError: for mismatched shapes, ``lr <= 0`` or ``epochs < 1``.
    """
    x, y, w = _array(x), _array(y), _array(w0).copy()
    if x.ndim != 2 or y.shape != (len(x),) or w.shape != (x.shape[1],):
        raise ValueError(
            f"x must be (n, d), y (n,) and w0 (d,); got {x.shape}, {y.shape} and {w.shape}"
        )
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    rng = np.random.default_rng(seed)
    path = [w.copy()]
    for _ in range(epochs):
        for i in rng.permutation(len(x)):
            w -= lr * (x[i] @ w - y[i]) * x[i]
            path.append(w.copy())
    return np.array(path)
