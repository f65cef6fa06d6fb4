"""From-scratch NumPy code that notebooks 02-03 show and later code reuses.

Used by notebooks 02-03 (the shown functions) and by course_utils.activations (notebook 05) and
course_utils.inference (notebooks 04, 09) for the activations and softmax.

Two kinds of function live here:

- **Shown, then reused.** :func:`data_iter` and :func:`sgd` are the very code a learner wrote in
  notebook 02; notebook 03 calls them from here. The line above each ``def`` names the notebook,
  and ``tests/test_show_then_reuse.py`` fails if the two copies drift apart. Like the notebook's
  code, they do not check their inputs.
- **The activations, with input checks**: :func:`sigmoid`, :func:`tanh`, :func:`relu`,
  :func:`softmax` and the derivatives. Notebook 03 writes ReLU and softmax in plain NumPy
  (``np.maximum(z, 0)``; ``exp(z - max)`` over its sum); these are the same computations behind
  one contract for bad input (the one of :mod:`course_utils.activations`): a non-numeric ``z``
  raises ``TypeError``, an empty or non-finite one ``ValueError``, naming the argument.

Conventions (the same as Keras): a batch holds one sample per row; a weight matrix has one row
per input and one column per output, so a dense layer computes ``h @ W + b``.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from course_utils import validate

# --------------------------------------------------------------------------------------------
# From notebook 02: the minibatch iterator and the SGD step (notebook 03 reuses both)
# --------------------------------------------------------------------------------------------


# Shown in notebooks/02_gradient_descent.ipynb: keep the two identical.
def data_iter(
    batch_size: int, X: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs that cover the data once (one epoch), shuffled.

    The samples are visited in a new random order drawn from ``rng``; the last batch is smaller
    when ``batch_size`` does not divide the number of samples. X may have any number of axes
    (images too): the first axis is the sample.

    Args:
        batch_size: samples per batch.
        X: inputs, first axis = sample.
        y: targets, the same length as X.
        rng: a NumPy Generator; reuse one to get a new order every epoch.

    Returns:
        A generator of batches (nothing is checked: this is the notebook's code).
    """
    order = rng.permutation(len(X))  # a new random order of the sample numbers
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        yield X[batch], y[batch]


# Shown in notebooks/02_gradient_descent.ipynb: keep the two identical.
def sgd(params: list, grads: list, lr: float) -> list:
    """One step of (minibatch) stochastic gradient descent: ``p - lr·g`` for every parameter.

    The gradient points uphill, so the step goes against it. The inputs are not modified: the
    updated parameters are a new list (NumPy arrays or TensorFlow tensors, as given).

    Args:
        params: the parameters.
        grads: their gradients, in the same order and shapes.
        lr: the learning rate.

    Returns:
        The updated parameters.
    """
    return [p - lr * g for p, g in zip(params, grads, strict=True)]


# --------------------------------------------------------------------------------------------
# Kept for course_utils.activations and .inference: the activations, with input checks
# --------------------------------------------------------------------------------------------


def sigmoid(z) -> np.ndarray:
    """The logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    z = validate.numbers("z", z)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z) -> np.ndarray:
    """The slope of the sigmoid, ``σ(z)·(1 - σ(z))`` (at most 0.25, at z = 0).

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z) -> np.ndarray:
    """The hyperbolic tangent, output in (-1, 1).

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return np.tanh(validate.numbers("z", z))


def tanh_derivative(z) -> np.ndarray:
    """The slope of tanh, ``1 - tanh(z)²`` (at most 1, at z = 0).

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return 1.0 - tanh(z) ** 2


def relu(z) -> np.ndarray:
    """The rectified linear unit ``max(0, z)``.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return np.maximum(validate.numbers("z", z), 0.0)


def relu_derivative(z) -> np.ndarray:
    """The slope of ReLU: 1 where ``z > 0``, else 0 (0 at z = 0, as TensorFlow does).

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return (validate.numbers("z", z) > 0).astype(np.float64)


def softmax(z, axis: int = -1) -> np.ndarray:
    """Turn scores (logits) into probabilities: ``exp(z) / sum(exp(z))`` along ``axis``.

    The largest score is subtracted first, which changes nothing mathematically but keeps
    ``exp`` from overflowing.

    Args:
        z: scores, e.g. shape (n, classes).
        axis: the axis that holds the classes.

    Returns:
        Probabilities of the shape of ``z``, each in [0, 1], summing to 1 along ``axis``.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite, or
            ``axis`` does not exist.
    """
    z = validate.numbers("z", z)
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(f"axis must be an int, got {type(axis).__name__}")
    if not -max(z.ndim, 1) <= axis < max(z.ndim, 1):
        raise ValueError(f"axis must be in [-{max(z.ndim, 1)}, {max(z.ndim, 1)}), got {axis}")
    if z.ndim == 0:
        return np.ones_like(z)
    exp = np.exp(z - z.max(axis=axis, keepdims=True))
    return exp / exp.sum(axis=axis, keepdims=True)
