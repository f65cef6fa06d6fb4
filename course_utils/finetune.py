"""Pre-training and fine-tuning: the data plumbing of notebook 10.

Notebook 10 writes the transfer-learning recipe itself in plain Keras (a pre-trained body,
``base.trainable = False``, a new head, ``compile``, ``fit``). This module only prepares the
data and counts parameters:

- :func:`select_digits` and :func:`take_per_class` make the two tasks (e.g. digits 0–4 for
  pre-training, a few labelled 5–9 digits for fine-tuning), with a seeded draw so that a
  comparison can be repeated over several draws of the small labelled set;
- :func:`trainable_counts` counts the parameters training will change and the frozen ones.
"""

from __future__ import annotations

from collections.abc import Iterable

import keras
import numpy as np

from course_utils import validate
from course_utils.env import SEED
from course_utils.validate import NUM_CLASSES


def select_digits(
    x: np.ndarray, y: np.ndarray, digits: Iterable[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Keep only the samples whose label is one of ``digits``, in their original order.

    Labels keep their values (digit 7 stays 7), so a 10-output model can be used throughout.

    Args:
        x: samples, first axis = sample.
        y: integer labels, shape (n,).
        digits: the labels to keep, e.g. ``range(5)``.

    Returns:
        ``(x_kept, y_kept)``.

    Raises:
        ValueError: if ``x`` and ``y`` differ in length, ``digits`` is empty or holds a value
            outside 0–9.
    """
    x, y = validate.samples(x, y)
    if isinstance(digits, (str, bytes)) or not isinstance(digits, Iterable):
        raise TypeError(f"digits must be a collection of labels, got {validate.describe(digits)}")
    high = NUM_CLASSES - 1
    digits = sorted({validate.number("digits", d, integer=True, low=0, high=high) for d in digits})
    if not digits:
        raise ValueError("digits must name at least one label, got an empty collection")
    keep = np.isin(y, digits)
    return x[keep], y[keep]


def take_per_class(
    x: np.ndarray, y: np.ndarray, n_per_class: int, seed: int = SEED
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Draw a small labelled set with ``n_per_class`` random samples of every label present.

    Args:
        x: samples, first axis = sample.
        y: integer labels, shape (n,).
        n_per_class: how many samples to take of each label.
        seed: seed of the random draw (the same seed gives the same set).

    Returns:
        ``((x_taken, y_taken), (x_rest, y_rest))``: the small set, sorted by label, and every
        other sample in its original order (e.g. to validate on).

    Raises:
        ValueError: if ``x`` and ``y`` differ in length, ``n_per_class < 1`` or a label has
            fewer than ``n_per_class`` samples.
    """
    x, y = validate.samples(x, y)
    n_per_class = validate.number("n_per_class", n_per_class, integer=True, low=1)
    seed = validate.number("seed", seed, integer=True, low=0)
    rng = np.random.default_rng(seed)
    taken = []
    for label in np.unique(y):
        where = np.flatnonzero(y == label)
        if len(where) < n_per_class:
            raise ValueError(
                f"label {label} has only {len(where)} samples, fewer than n_per_class={n_per_class}"
            )
        taken.append(rng.choice(where, n_per_class, replace=False))
    taken = np.concatenate(taken)
    rest = np.setdiff1d(np.arange(len(y)), taken)
    return (x[taken], y[taken]), (x[rest], y[rest])


def trainable_counts(model: keras.Model) -> tuple[int, int]:
    """Count the parameters that training will change and the frozen ones.

    Returns:
        ``(trainable, frozen)`` numbers of parameters.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {validate.describe(model)}")
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    return trainable, frozen
