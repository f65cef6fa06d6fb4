"""Count what a classifier gets right and wrong, in plain NumPy (plumbing for notebook 04).

``confusion_matrix`` counts true class against predicted class; ``most_confident_mistakes``
finds the wrong predictions the model was most sure of. Nothing here imports Keras.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import validate
from course_utils.validate import NUM_CLASSES


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
        TypeError: for labels that are not integers, or ``num_classes`` that is not an int.
        ValueError: for lengths that differ, labels out of range, or ``num_classes < 2``.
    """
    num_classes = validate.number("num_classes", num_classes, integer=True, low=2)
    true = validate.labels("y_true", np.asarray(y_true), num_classes)
    pred = validate.labels("y_pred", np.asarray(y_pred), num_classes)
    validate.same_length(("y_true", "y_pred"), true, pred)
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
        TypeError: for labels that are not integers, or ``k`` that is not an int.
        ValueError: for mismatched shapes, NaN or infinite probabilities, labels out of range
            or ``k < 1``.
    """
    probs = validate.numbers("probabilities", probabilities, ndim=2)
    true = validate.labels("y_true", np.asarray(y_true), probs.shape[1])
    validate.same_length(("probabilities", "y_true"), probs, true)
    k = validate.number("k", k, integer=True, low=1)
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != true)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")[:k]]
