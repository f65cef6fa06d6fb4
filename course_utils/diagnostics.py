"""Plumbing for notebooks 07–08 (optimizers, learning rate, batch size): the range-test record
:class:`RangeTest`, :func:`optimize_2d` (a path of two weights under a Keras optimizer) and the
course model :func:`make_model` shown in the notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from course_utils import validate


@dataclass(frozen=True)
class RangeTest:
    """The outcome of a learning-rate range test.

    Attributes:
        learning_rates: the learning rate of each step (growing exponentially).
        losses: the training loss of each step's batch.
        smoothed: the losses after exponential smoothing (what the suggestion uses).
        min_loss_lr: the learning rate where the smoothed loss is lowest.
        suggested_lr: ``min_loss_lr / 10``: fast, yet safely before the loss blows up.
    """

    learning_rates: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    min_loss_lr: float
    suggested_lr: float


def optimize_2d(
    loss_fn: Callable, start, optimizer: keras.optimizers.Optimizer, steps: int = 50
) -> np.ndarray:
    """Minimise a function of two weights with a Keras optimizer and record the path.

    A picture of how SGD, momentum, RMSprop and Adam move on the same loss surface.

    Args:
        loss_fn: a function of a TensorFlow vector ``w`` of length 2 returning a scalar tensor,
            e.g. ``lambda w: 0.5 * (w[0] ** 2 + 25 * w[1] ** 2)``.
        start: the two start weights.
        optimizer: a fresh Keras optimizer.
        steps: number of updates.

    Returns:
        Array of shape (steps + 1, 2): the start, then the weights after each update.

    Raises:
        ValueError: if ``start`` does not hold two numbers or ``steps < 1``.
    """
    start = np.asarray(start, dtype=np.float32)
    if start.shape != (2,):
        raise ValueError(f"start must hold two numbers, got shape {start.shape}")
    steps = validate.number("steps", steps, integer=True, low=1)
    w = tf.Variable(start)
    path = [start.copy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        path.append(w.numpy().copy())
    return np.array(path)


# Shown in notebooks/07_optimizers_and_learning_rate.ipynb: keep the two identical.
def make_model(dropout: float = 0.2) -> keras.Sequential:
    """The course model, uncompiled: Flatten → Dense(128, ReLU) → Dropout → Dense(10) logits.

    Args:
        dropout: the dropout rate before the output layer.

    Returns:
        A new ``keras.Sequential`` for 28 × 28 images (compile it yourself).
    """
    return keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(dropout),
            keras.layers.Dense(10),
        ]
    )
