"""Use a trained digit model (plumbing for notebooks 04 and 09): check and scale input, predict.

``predict(model, images)`` takes what a learner has at hand — one 28×28 digit or a batch,
as uint8 pixel values 0–255 or floats in [0, 1] — checks it, scales it as in training, and
returns the predicted label(s) with the probabilities of all ten classes, whether the model
ends in logits or in a softmax.

The confusion matrix and the most confident mistakes are in :mod:`course_utils.metrics`; the
"live data" transforms (shifts, noise, drawn digits) in :mod:`course_utils.images`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from course_utils import scratch, validate
from course_utils.validate import NUM_CLASSES

IMAGE_SHAPE = (28, 28)


class Prediction(NamedTuple):
    """What ``predict`` returns; unpack it as ``labels, probabilities = predict(...)``.

    Attributes:
        labels: the predicted digit (an int for one image, an int array for a batch).
        probabilities: the ten class probabilities, shape (10,) or (n, 10), float32;
            each row sums to 1.
    """

    labels: Any
    probabilities: np.ndarray

    @property
    def confidence(self) -> Any:
        """The probability of the predicted label (a float, or an array for a batch)."""
        top = np.max(self.probabilities, axis=-1)
        return float(top) if np.ndim(top) == 0 else top


def to_unit_range(images: Any, name: str = "images") -> np.ndarray:
    """Check pixel values and return them as float32 in [0, 1], the scale the model trained on.

    Integer input (uint8 and any other integer type) must hold pixel values 0–255 and is
    divided by 255; float input must already be in [0, 1] and is kept as it is.

    Args:
        images: an array (or nested list) of pixel values, any shape.
        name: the argument name used in error messages.

    Returns:
        A float32 array of the same shape with values in [0, 1].

    Raises:
        TypeError: if the values are not numbers (or are booleans).
        ValueError: if the array is empty, holds NaN, integers outside 0–255, or floats
            outside [0, 1] (with a hint when they look like unscaled 0–255 values).
    """
    array = np.asarray(images)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise TypeError(
            f"{name} must hold numbers (uint8 0–255 or float 0–1), got dtype {array.dtype}"
        )
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if np.issubdtype(array.dtype, np.floating) and np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN")
    low, high = array.min(), array.max()
    if np.issubdtype(array.dtype, np.integer):
        if low < 0 or high > 255:
            raise ValueError(f"integer {name} must hold pixel values 0–255, got {low}..{high}")
        return array.astype(np.float32) / 255.0
    if low < 0 or high > 1:
        hint = (
            " — these look like pixel values 0–255: pass them as uint8 or divide by 255"
            if 0 <= low and high <= 255
            else ""
        )
        raise ValueError(f"float {name} must be in [0, 1], got {low:g}..{high:g}{hint}")
    return array.astype(np.float32)


def as_model_input(images: Any) -> tuple[np.ndarray, bool]:
    """Check raw digits and turn them into the batch the model expects.

    Args:
        images: one digit of shape (28, 28) or a batch of shape (n, 28, 28); uint8 pixel
            values 0–255 or floats in [0, 1].

    Returns:
        ``(batch, single)``: float32 of shape (n, 28, 28) in [0, 1], and whether the input
        was one image.

    Raises:
        TypeError / ValueError: for a wrong shape, dtype or value range (see ``to_unit_range``).
    """
    batch = to_unit_range(images)
    single = batch.ndim == 2
    if single:
        batch = batch[np.newaxis]
    if batch.ndim != 3 or batch.shape[1:] != IMAGE_SHAPE:
        hint = (
            " — drop the channel axis with images[..., 0]"
            if batch.shape[-1:] == (1,) and batch.shape[-3:-1] == IMAGE_SHAPE
            else ""
        )
        raise ValueError(
            f"images must have shape (28, 28) or (n, 28, 28), got {np.shape(images)}{hint}"
        )
    return batch, single


def outputs_probabilities(model: Any) -> bool:
    """Tell whether a model's last layer is a softmax (probabilities) rather than logits."""
    import keras

    last = model.layers[-1] if getattr(model, "layers", None) else model
    if isinstance(last, keras.layers.Softmax):
        return True
    activation = getattr(last, "activation", None)
    return activation is keras.activations.softmax or (
        getattr(activation, "__name__", "") == "softmax"
    )


def _input_shape(model: Any) -> tuple | None:
    """The shape one input sample of ``model`` has (without the batch axis), if it is known."""
    try:
        return tuple(model.inputs[0].shape[1:])
    except (AttributeError, IndexError, TypeError, ValueError):
        return None  # a model not built yet: Keras builds it on the first batch


def predict(model: Any, images: Any, batch_size: int = 1024) -> Prediction:
    """Predict digits from raw input and return the labels with all class probabilities.

    Args:
        model: a Keras digit model with 10 outputs, ending in logits or in a softmax
            (found out from its last layer).
        images: one digit (28, 28) or a batch (n, 28, 28); uint8 pixel values 0–255 or
            floats in [0, 1] (scaled exactly as the training data).
        batch_size: images per forward pass.

    Returns:
        A :class:`Prediction` ``(labels, probabilities)``: an int and shape (10,) for one
        image, an int array (n,) and shape (n, 10) for a batch.

    Raises:
        TypeError / ValueError: for a model that is not a Keras model (e.g. a file path),
            input of the wrong shape, dtype or range, a ``batch_size < 1``, or a model that
            does not output 10 numbers per image.
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(
            f"model must be a Keras model, got {type(model).__name__} {model!r:.60}; for a saved "
            "file, load it first: model = keras.saving.load_model(path)"
        )
    batch_size = validate.number("batch_size", batch_size, low=1, integer=True)
    takes = _input_shape(model)
    if takes is not None and takes != IMAGE_SHAPE:
        raise ValueError(
            f"model must take images of shape {IMAGE_SHAPE}, got a model whose input is "
            f"{takes}; predict is for the course's digit models (keras.Input((28, 28)))"
        )
    batch, single = as_model_input(images)
    outputs = np.asarray(model.predict(batch, batch_size=batch_size, verbose=0))
    if outputs.shape != (len(batch), NUM_CLASSES):
        raise ValueError(
            f"model must output {NUM_CLASSES} numbers per image, got shape {outputs.shape}"
        )
    if not np.isfinite(outputs).all():
        raise ValueError(
            f"model must output finite numbers, got {int(np.isnan(outputs).sum()):,} NaN and "
            f"{int(np.isinf(outputs).sum()):,} inf values: its weights have diverged "
            "(retrain it with a smaller learning rate)"
        )
    if outputs_probabilities(model):
        probabilities = outputs.astype(np.float32)
    else:  # notebook 02's softmax, in float32 like Keras
        probabilities = scratch.softmax(outputs, axis=-1).astype(np.float32)
    labels = probabilities.argmax(axis=-1)
    if single:
        return Prediction(int(labels[0]), probabilities[0])
    return Prediction(labels, probabilities)
