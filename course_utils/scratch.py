"""From-scratch NumPy pieces for the first lessons: neurons, the perceptron, gradient descent.

Everything here is plain NumPy so a learner can read every line: the step/sigmoid/tanh/ReLU
activations and their derivatives, the perceptron and its learning rule, synthetic data and a
shuffling minibatch iterator, linear regression with squared loss and its gradients, one SGD
step, a quadratic model with chain-rule gradients, a dense layer's forward pass, and the tools
to check a gradient (central finite differences, relative error).

Conventions (the same as Keras): a batch holds one sample per row; a weight matrix has one row
per input and one column per output, so a dense layer computes ``h @ W + b``.

Every function checks its inputs and raises a ``ValueError`` or ``TypeError`` that names the
argument, e.g. ``ValueError: X and y must have the same length, got 1000 and 999``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

SeedLike = int | np.random.Generator | None
ActivationLike = str | Callable[[np.ndarray], np.ndarray] | None

# --------------------------------------------------------------------------------------------
# Input checks shared by every function below
# --------------------------------------------------------------------------------------------


def _array(name: str, value, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Convert ``value`` to a finite, non-empty float64 array, or raise naming ``name``."""
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be numbers (an array), got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (an array), got {type(value).__name__}") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers, found NaN or inf")
    return array


def _scalar(name: str, value) -> float:
    """A finite real number, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.item()
        else:
            raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _positive(name: str, value) -> float:
    value = _scalar(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value:g}")
    return value


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return int(value)


def _same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}"
        )


def _same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    # Broadcasting (n,) against (n, 1) silently builds an (n, n) matrix: refuse it.
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def _rng(seed: SeedLike) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, int | np.integer) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be an int, a numpy Generator or None, got {type(seed).__name__}")


# --------------------------------------------------------------------------------------------
# Activations and their derivatives
# --------------------------------------------------------------------------------------------


def step(z) -> np.ndarray:
    """The step (threshold) activation: 1 where ``z >= 0``, else 0.

    The neuron "fires" (outputs 1) when its weighted sum reaches the threshold.

    Args:
        z: numbers (any shape).

    Returns:
        float64 array of 0.0 and 1.0 with the shape of ``z``.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    z = _array("z", z)
    return (z >= 0).astype(np.float64)


def step_derivative(z) -> np.ndarray:
    """The slope of :func:`step`: 0 everywhere (undefined at 0, taken as 0 there).

    A zero slope is why gradient descent cannot train a step neuron: the perceptron rule does.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    z = _array("z", z)
    return np.zeros_like(z)


def sigmoid(z) -> np.ndarray:
    """The logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    z = _array("z", z)
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
    return np.tanh(_array("z", z))


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
    return np.maximum(_array("z", z), 0.0)


def relu_derivative(z) -> np.ndarray:
    """The slope of ReLU: 1 where ``z > 0``, else 0 (0 at z = 0, as TensorFlow does).

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return (_array("z", z) > 0).astype(np.float64)


def linear(z) -> np.ndarray:
    """The identity ("no activation"): returns ``z`` as a float64 array.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return _array("z", z).copy()


def linear_derivative(z) -> np.ndarray:
    """The slope of the identity: 1 everywhere.

    Raises:
        TypeError: if ``z`` is not numeric. ValueError: if it is empty or not finite.
    """
    return np.ones_like(_array("z", z))


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
    z = _array("z", z)
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(f"axis must be an int, got {type(axis).__name__}")
    if not -max(z.ndim, 1) <= axis < max(z.ndim, 1):
        raise ValueError(f"axis must be in [-{max(z.ndim, 1)}, {max(z.ndim, 1)}), got {axis}")
    if z.ndim == 0:
        return np.ones_like(z)
    exp = np.exp(z - z.max(axis=axis, keepdims=True))
    return exp / exp.sum(axis=axis, keepdims=True)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "linear": (linear, linear_derivative),
}


def get_activation(name: str) -> tuple[Callable, Callable]:
    """Look up an activation and its derivative by name.

    Args:
        name: one of ``"step"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"linear"``.

    Returns:
        The pair ``(function, derivative)``.

    Raises:
        ValueError: for an unknown name. TypeError: if ``name`` is not a string.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


# --------------------------------------------------------------------------------------------
# The perceptron
# --------------------------------------------------------------------------------------------

LOGIC_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a two-input logic gate as a tiny data set.

    Args:
        name: ``"and"``, ``"or"``, ``"nand"``, ``"nor"`` or ``"xor"`` (any case).

    Returns:
        ``(X, y)``: X of shape (4, 2) with rows (0,0), (0,1), (1,0), (1,1) as float64, and
        y of shape (4,) with the gate's 0/1 outputs as int64.

    Raises:
        ValueError: for an unknown gate. TypeError: if ``name`` is not a string.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    key = name.lower()
    if key not in LOGIC_GATES:
        raise ValueError(f"name must be one of {sorted(LOGIC_GATES)}, got {name!r}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(LOGIC_GATES[key], dtype=np.int64)


def _check_weights(X: np.ndarray, w, b) -> tuple[np.ndarray, float]:
    w = _array("w", w, ndim=1)
    if X.shape[1] != w.shape[0]:
        raise ValueError(
            f"w must have one entry per input feature ({X.shape[1]}), got shape {w.shape}"
        )
    return w, _scalar("b", b)


def perceptron_predict(X, w, b) -> np.ndarray:
    """Classify samples with a perceptron: ``step(X @ w + b)``.

    Args:
        X: inputs of shape (n, d), one sample per row.
        w: weights of shape (d,).
        b: the bias, a number.

    Returns:
        int64 array of shape (n,) with 0 or 1 per sample.

    Raises:
        ValueError: for wrong shapes, empty or non-finite inputs. TypeError: non-numeric input.
    """
    X = _array("X", X, ndim=2)
    w, b = _check_weights(X, w, b)
    return step(X @ w + b).astype(np.int64)


@dataclass
class PerceptronResult:
    """What :func:`train_perceptron` learned, and how it got there.

    Attributes:
        w: the final weights, shape (d,).
        b: the final bias.
        converged: True if an epoch passed without a single mistake.
        epochs: how many epochs ran (at most ``max_epochs``).
        errors: the number of mistakes (= updates) in each epoch.
        history: ``(w, b)`` at the start and after every epoch (``epochs + 1`` entries).
    """

    w: np.ndarray
    b: float
    converged: bool
    epochs: int
    errors: list[int] = field(default_factory=list)
    history: list[tuple[np.ndarray, float]] = field(default_factory=list)


def train_perceptron(
    X,
    y,
    lr: float = 1.0,
    max_epochs: int = 20,
    w_init=None,
    b_init: float = 0.0,
) -> PerceptronResult:
    """Train a perceptron with Rosenblatt's rule, sample by sample, in the given order.

    For each sample: predict ``ŷ = step(w·x + b)``, then ``w += lr·(y - ŷ)·x`` and
    ``b += lr·(y - ŷ)``. A correct prediction changes nothing. Training stops after the first
    epoch without mistakes (converged) or after ``max_epochs`` (not converged: on data that no
    straight line separates, such as XOR, that is what always happens).

    Args:
        X: inputs of shape (n, d).
        y: labels of shape (n,), each 0 or 1.
        lr: the learning rate (> 0).
        max_epochs: the epoch budget (int > 0).
        w_init: starting weights of shape (d,); zeros if None.
        b_init: starting bias.

    Returns:
        A :class:`PerceptronResult`.

    Raises:
        ValueError: for wrong shapes, mismatched lengths, labels other than 0/1, empty or
            non-finite data, ``lr <= 0`` or ``max_epochs <= 0``.
        TypeError: for non-numeric input or a non-int ``max_epochs``.
    """
    X = _array("X", X, ndim=2)
    y = _array("y", y, ndim=1)
    _same_length("X", X, "y", y)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold only 0 and 1, got values {np.unique(y)}")
    lr = _positive("lr", lr)
    max_epochs = _positive_int("max_epochs", max_epochs)
    w = np.zeros(X.shape[1]) if w_init is None else _array("w_init", w_init, ndim=1).copy()
    if w.shape != (X.shape[1],):
        raise ValueError(f"w_init must have shape ({X.shape[1]},), got {w.shape}")
    b = _scalar("b_init", b_init)
    result = PerceptronResult(w=w, b=b, converged=False, epochs=0, history=[(w.copy(), b)])
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - float(x_i @ w + b >= 0)
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        result.epochs += 1
        result.errors.append(mistakes)
        result.history.append((w.copy(), b))
        if mistakes == 0:
            result.converged = True
            break
    result.w, result.b = w, b
    return result


def grid_from_text(text: str, on: str = "#", off: str = ".") -> np.ndarray:
    """Turn a small text picture into a 0/1 pixel grid (``on`` = 1 = black, ``off`` = 0).

    Example: ``grid_from_text("#.#\\n.#.\\n#.#")`` is a 3×3 "X".

    Args:
        text: rows separated by newlines; blank lines and surrounding spaces are ignored.
        on: the character for a 1 pixel.
        off: the character for a 0 pixel.

    Returns:
        float64 array of shape (rows, columns).

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: if it has no rows, rows of different lengths, or other characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if len(on) != 1 or len(off) != 1 or on == off:
        raise ValueError(f"on and off must be two different characters, got {on!r} and {off!r}")
    rows = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not rows:
        raise ValueError("text must contain at least one row of pixels, got an empty picture")
    if len({len(r) for r in rows}) != 1:
        raise ValueError(f"text rows must all have the same length, got {[len(r) for r in rows]}")
    bad = sorted(set("".join(rows)) - {on, off})
    if bad:
        raise ValueError(f"text may only use {on!r} and {off!r}, found {bad}")
    return np.array([[1.0 if c == on else 0.0 for c in row] for row in rows])


# --------------------------------------------------------------------------------------------
# Data: a synthetic regression set and a shuffling minibatch iterator
# --------------------------------------------------------------------------------------------


def synthetic_linear_data(
    w, b: float, num_samples: int, noise_std: float = 0.01, seed: SeedLike = None
) -> tuple[np.ndarray, np.ndarray]:
    """Draw a regression data set ``y = X·w + b + noise`` with ``X ~ N(0, 1)``.

    Args:
        w: the true weights, shape (d,).
        b: the true bias.
        num_samples: how many samples (rows).
        noise_std: standard deviation of the Gaussian noise added to y (>= 0).
        seed: an int, a NumPy Generator, or None.

    Returns:
        ``(X, y)``: X of shape (num_samples, d) and y of shape (num_samples,), float64.

    Raises:
        ValueError: for an empty or non-finite ``w``, non-finite ``b``, ``num_samples <= 0``
            or a negative ``noise_std``. TypeError: for wrong types.
    """
    w = _array("w", w, ndim=1)
    b = _scalar("b", b)
    num_samples = _positive_int("num_samples", num_samples)
    noise_std = _scalar("noise_std", noise_std)
    if noise_std < 0:
        raise ValueError(f"noise_std must be >= 0, got {noise_std:g}")
    rng = _rng(seed)
    X = rng.normal(0.0, 1.0, size=(num_samples, w.shape[0]))
    y = X @ w + b + rng.normal(0.0, noise_std, size=num_samples)
    return X, y


def minibatches(
    X, y, batch_size: int, shuffle: bool = True, seed: SeedLike = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs that cover the data once (one epoch).

    The last batch is smaller when ``batch_size`` does not divide the number of samples.
    The arrays keep their dtype (this works for images too: X may have any number of axes).

    Args:
        X: inputs, first axis = sample.
        y: targets, same length as X.
        batch_size: samples per batch (int > 0).
        shuffle: visit the samples in a new random order (else in stored order).
        seed: an int, a NumPy Generator (reuse one to get a new order each epoch), or None.

    Returns:
        An iterator over the batches. The inputs are checked at once, not at the first batch.

    Raises:
        ValueError: for mismatched lengths, empty or non-finite data, ``batch_size <= 0``.
        TypeError: for a non-int ``batch_size`` or non-numeric data.
    """
    X_arr, y_arr = np.asarray(X), np.asarray(y)
    for name, arr in (("X", X_arr), ("y", y_arr)):
        if arr.ndim == 0 or arr.size == 0:
            raise ValueError(f"{name} must be a non-empty array of samples, got shape {arr.shape}")
        if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
            raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
        if np.issubdtype(arr.dtype, np.inexact) and not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain only finite numbers, found NaN or inf")
    _same_length("X", X_arr, "y", y_arr)
    batch_size = _positive_int("batch_size", batch_size)
    order = _rng(seed).permutation(len(X_arr)) if shuffle else np.arange(len(X_arr))

    def batches() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, len(order), batch_size):
            index = order[start : start + batch_size]
            yield X_arr[index], y_arr[index]

    return batches()


def iterations_per_epoch(num_samples: int, batch_size: int, drop_last: bool = False) -> int:
    """How many batches (= parameter updates, iterations) one epoch takes.

    Example: 500 samples with batch size 10 → 50 iterations per epoch.

    Args:
        num_samples: samples in the training set (int > 0).
        batch_size: samples per batch (int > 0).
        drop_last: drop a final incomplete batch (else it counts as one more iteration).

    Returns:
        ``ceil(num_samples / batch_size)``, or ``floor`` with ``drop_last``.

    Raises:
        ValueError: if either number is <= 0. TypeError: if either is not an int.
    """
    num_samples = _positive_int("num_samples", num_samples)
    batch_size = _positive_int("batch_size", batch_size)
    return num_samples // batch_size if drop_last else -(-num_samples // batch_size)


# --------------------------------------------------------------------------------------------
# Linear regression: model, squared loss, gradients, SGD
# --------------------------------------------------------------------------------------------


def linreg(X, w, b) -> np.ndarray:
    """The linear regression model ``ŷ = X @ w + b``.

    Args:
        X: inputs of shape (n, d).
        w: weights of shape (d,).
        b: the bias.

    Returns:
        Predictions of shape (n,).

    Raises:
        ValueError: for wrong shapes, empty or non-finite values. TypeError: non-numeric input.
    """
    X = _array("X", X, ndim=2)
    w, b = _check_weights(X, w, b)
    return X @ w + b


def squared_loss(y_hat, y) -> np.ndarray:
    """The squared loss per sample, ``(ŷ - y)² / 2`` (the 1/2 cancels in the derivative).

    Args:
        y_hat: predictions.
        y: targets, the same shape as ``y_hat``.

    Returns:
        The loss of every sample, shape of ``y``. Take ``.mean()`` for the batch loss.

    Raises:
        ValueError: for different shapes (no silent broadcasting), empty or non-finite values.
    """
    y_hat, y = _array("y_hat", y_hat), _array("y", y)
    _same_shape("y_hat", y_hat, "y", y)
    return (y_hat - y) ** 2 / 2


def mse(y_hat, y) -> float:
    """The mean squared error ``mean((ŷ - y)²)`` (what Keras calls ``"mse"``).

    Raises:
        ValueError: for different shapes, empty or non-finite values.
    """
    y_hat, y = _array("y_hat", y_hat), _array("y", y)
    _same_shape("y_hat", y_hat, "y", y)
    return float(np.mean((y_hat - y) ** 2))


def linreg_gradients(X, y, w, b) -> tuple[np.ndarray, float]:
    """Gradients of the mean squared loss ``mean((X@w + b - y)² / 2)`` with respect to w and b.

    With the error ``e = ŷ - y``: ``∂L/∂w = Xᵀe / n`` and ``∂L/∂b = mean(e)``.

    Args:
        X: inputs of shape (n, d).
        y: targets of shape (n,).
        w: weights of shape (d,).
        b: the bias.

    Returns:
        ``(grad_w, grad_b)``: an array of shape (d,) and a float.

    Raises:
        ValueError: for wrong shapes, mismatched lengths, empty or non-finite values.
    """
    X = _array("X", X, ndim=2)
    y = _array("y", y, ndim=1)
    _same_length("X", X, "y", y)
    w, b = _check_weights(X, w, b)
    error = X @ w + b - y
    return X.T @ error / len(y), float(error.mean())


def sgd_step(params: Sequence, grads: Sequence, lr: float) -> list:
    """One step of (minibatch) stochastic gradient descent: ``p ← p - lr·∂L/∂p`` for each p.

    The gradient points uphill (the direction in which the loss grows fastest), so the step
    goes against it. The inputs are not modified.

    Args:
        params: the parameters (arrays or numbers).
        grads: their gradients, in the same order and shapes.
        lr: the learning rate (> 0).

    Returns:
        The updated parameters, a new list (numbers stay floats, arrays stay arrays).

    Raises:
        ValueError: for different lengths or shapes, non-finite values or ``lr <= 0``.
    """
    lr = _positive("lr", lr)
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length, got {len(params)} and {len(grads)}"
        )
    updated = []
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        p_arr, g_arr = _array(f"params[{i}]", p), _array(f"grads[{i}]", g)
        _same_shape(f"params[{i}]", p_arr, f"grads[{i}]", g_arr)
        new = p_arr - lr * g_arr
        updated.append(float(new) if new.ndim == 0 else new)
    return updated


# --------------------------------------------------------------------------------------------
# A quadratic model and its chain-rule gradients
# --------------------------------------------------------------------------------------------


def _quadratic_inputs(x, w) -> tuple[np.ndarray, np.ndarray]:
    x = _array("x", x, ndim=1)
    w = _array("w", w, ndim=1)
    if w.shape != (3,):
        raise ValueError(f"w must have shape (3,) for [w1, w2, w3], got {w.shape}")
    return x, w


def quadratic_model(x, w) -> np.ndarray:
    """The quadratic model ``ŷ = w1·x² + w2·x + w3``.

    Args:
        x: inputs of shape (n,).
        w: the three parameters ``[w1, w2, w3]``.

    Returns:
        Predictions of shape (n,).

    Raises:
        ValueError: for wrong shapes, empty or non-finite values.
    """
    x, w = _quadratic_inputs(x, w)
    return w[0] * x**2 + w[1] * x + w[2]


def quadratic_gradients(x, y, w) -> np.ndarray:
    """Gradient of the MSE ``mean((ŷ - y)²)`` of the quadratic model, by the chain rule.

    Per sample, ``∂L/∂ŷ = 2(ŷ - y)`` and ``∂ŷ/∂w = [x², x, 1]``, so ``∂L/∂w1 = 2(ŷ - y)·x²``,
    ``∂L/∂w2 = 2(ŷ - y)·x``, ``∂L/∂w3 = 2(ŷ - y)``; the batch gradient is their mean.

    Args:
        x: inputs of shape (n,).
        y: targets of shape (n,).
        w: the parameters ``[w1, w2, w3]``.

    Returns:
        The gradient, shape (3,).

    Raises:
        ValueError: for wrong shapes, mismatched lengths, empty or non-finite values.
    """
    x, w = _quadratic_inputs(x, w)
    y = _array("y", y, ndim=1)
    _same_length("x", x, "y", y)
    dloss_dyhat = 2 * (w[0] * x**2 + w[1] * x + w[2] - y)
    features = np.stack([x**2, x, np.ones_like(x)], axis=1)
    return features.T @ dloss_dyhat / len(x)


# --------------------------------------------------------------------------------------------
# Dense layers
# --------------------------------------------------------------------------------------------


def dense_forward(h, W, b, activation: ActivationLike = None) -> np.ndarray:
    """One dense (fully connected) layer: ``z = h @ W + b``, then ``f(z)``.

    This is ``z = W·h + b`` of the textbooks, written for a batch of row vectors with the
    weight layout of Keras (``W`` has one row per input, one column per output).

    Args:
        h: the layer's input, shape (n, inputs) or a single sample (inputs,).
        W: the weights (Keras' ``kernel``), shape (inputs, outputs).
        b: the bias, shape (outputs,).
        activation: None or ``"linear"`` (none), ``"step"``, ``"sigmoid"``, ``"tanh"``,
            ``"relu"``, or a function of one array.

    Returns:
        The layer output, shape (n, outputs) (or (outputs,) for a single sample).

    Raises:
        ValueError: for shapes that do not fit together, empty or non-finite values, or an
            unknown activation name. TypeError: for a non-callable activation.
    """
    h = _array("h", h, ndim=(1, 2))
    W = _array("W", W, ndim=2)
    b = _array("b", b, ndim=1)
    if h.shape[-1] != W.shape[0]:
        raise ValueError(
            f"W must have one row per input: h has {h.shape[-1]} inputs, W has shape {W.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},) to match W {W.shape}, got {b.shape}")
    z = h @ W + b
    if activation is None:
        return z
    if isinstance(activation, str):
        return get_activation(activation)[0](z)
    if callable(activation):
        return np.asarray(activation(z))
    raise TypeError(
        f"activation must be None, a name or a function, got {type(activation).__name__}"
    )


def collapse_linear_stack(weights: Sequence, biases: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Merge dense layers without activations into one equivalent dense layer.

    ``(h @ W1 + b1) @ W2 + b2 = h @ (W1 @ W2) + (b1 @ W2 + b2)``, and so on for more layers:
    without a non-linear activation between them, stacked layers are one linear layer.

    Args:
        weights: the kernels ``[W1, W2, ...]``, each of shape (inputs, outputs).
        biases: the biases ``[b1, b2, ...]``, each of shape (outputs,).

    Returns:
        ``(W, b)`` of the single equivalent layer.

    Raises:
        ValueError: for no layers, different numbers of weights and biases, shapes that do not
            chain, empty or non-finite values.
    """
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer's kernel, got none")
    if len(weights) != len(biases):
        raise ValueError(
            f"weights and biases must have the same length, got {len(weights)} and {len(biases)}"
        )
    W_total = b_total = None
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        W, b = _array(f"weights[{i}]", W, ndim=2), _array(f"biases[{i}]", b, ndim=1)
        if b.shape != (W.shape[1],):
            raise ValueError(f"biases[{i}] must have shape ({W.shape[1]},), got {b.shape}")
        if W_total is None:
            W_total, b_total = W, b
            continue
        if W.shape[0] != W_total.shape[1]:
            raise ValueError(
                f"weights[{i}] must have {W_total.shape[1]} rows to follow the layer before, "
                f"got shape {W.shape}"
            )
        W_total, b_total = W_total @ W, b_total @ W + b
    return W_total, b_total


def count_dense_params(layer_sizes: Sequence[int]) -> int:
    """Count the parameters of a stack of dense layers: ``inputs × outputs + outputs`` each.

    Example: ``count_dense_params([784, 128, 10])`` = 784·128 + 128 + 128·10 + 10 = 101,770.

    Args:
        layer_sizes: the width of the input and of each layer, e.g. ``[784, 128, 10]``.

    Returns:
        The total number of weights and biases.

    Raises:
        ValueError: for fewer than two sizes or a size <= 0. TypeError: for non-int sizes.
    """
    sizes = [_positive_int(f"layer_sizes[{i}]", s) for i, s in enumerate(layer_sizes)]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list the input and at least one layer, got {sizes}")
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))


# --------------------------------------------------------------------------------------------
# Checking a gradient
# --------------------------------------------------------------------------------------------


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Estimate the gradient of a scalar function by central differences.

    ``∂f/∂x_i ≈ (f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps)``, one coordinate at a time.

    Args:
        f: a function of one array (shaped like ``x``) that returns a number.
        x: the point, any shape.
        eps: the step (> 0); 1e-6 suits float64.

    Returns:
        The estimated gradient, float64, shaped like ``x``.

    Raises:
        TypeError: if ``f`` is not callable. ValueError: for empty or non-finite ``x``,
            ``eps <= 0``, or if ``f`` does not return a finite number.
    """
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    x = _array("x", x).copy()
    eps = _positive("eps", eps)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = _scalar("f(x)", f(x))
        x[i] = original - eps
        f_minus = _scalar("f(x)", f(x))
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """The relative difference ``‖a - b‖ / max(‖a‖, ‖b‖)`` (0 when both are 0).

    Below about 1e-7 in float64, two gradients agree; above 1e-3, one of them is wrong.

    Raises:
        ValueError: for different shapes, empty or non-finite values.
    """
    a, b = _array("a", a), _array("b", b)
    _same_shape("a", a, "b", b)
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
