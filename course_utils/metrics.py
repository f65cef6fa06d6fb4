"""Count what a classifier gets right and wrong, in plain NumPy (plumbing for notebook 04).

``confusion_matrix`` counts true class against predicted class; ``most_confident_mistakes``
finds the wrong predictions the model was most sure of. Nothing here imports Keras.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NUM_CLASSES = 10


def _labels(values: Any, name: str, num_classes: int) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(
            f"{name} must be a 1-D array of integer labels, got {array.dtype} "
            f"of shape {array.shape}"
        )
    if array.size and (array.min() < 0 or array.max() >= num_classes):
        raise ValueError(
            f"{name} must hold labels 0..{num_classes - 1}, got {array.min()}..{array.max()}"
        )
    return array


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Args:
        y_true: the true labels, shape (n,).
        y_pred: the predicted labels, shape (n,).
        num_classes: the number of classes.

    Returns:
        An int array ``m`` of shape (num_classes, num_classes): ``m[t, p]`` is the number of
        samples of true class ``t`` predicted as ``p``; the diagonal holds the correct ones.

    Raises:
        ValueError: for lengths that differ, labels that are not integers in range, or
            ``num_classes < 2``.
    """
    if not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise ValueError(f"num_classes must be an int of at least 2, got {num_classes!r}")
    true = _labels(y_true, "y_true", num_classes)
    pred = _labels(y_pred, "y_pred", num_classes)
    if len(true) != len(pred):
        raise ValueError(
            f"y_true and y_pred must have the same length, got {len(true)} and {len(pred)}"
        )
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (true, pred), 1)
    return counts


def most_confident_mistakes(probabilities: Any, y_true: Any, k: int = 10) -> np.ndarray:
    """Find the wrong predictions the model was most sure of.

    Args:
        probabilities: class probabilities, shape (n, num_classes).
        y_true: the true labels, shape (n,).
        k: how many to return (fewer if there are fewer mistakes).

    Returns:
        The indices of up to ``k`` misclassified samples, most confident first.

    Raises:
        ValueError: for mismatched shapes, labels out of range or ``k < 1``.
    """
    probs = np.asarray(probabilities)
    if probs.ndim != 2 or probs.shape[0] == 0:
        raise ValueError(f"probabilities must have shape (n, classes), got {probs.shape}")
    true = _labels(y_true, "y_true", probs.shape[1])
    if len(true) != len(probs):
        raise ValueError(f"y_true must have {len(probs)} labels, got {len(true)}")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != true)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")[:k]]
