"""Use a trained digit model (plumbing for notebooks 04 and 09): transforms, metrics, predict.

``predict(model, images)`` takes what a learner has at hand — one 28×28 digit or a batch,
as uint8 pixel values 0–255 or floats in [0, 1] — checks it, scales it as in training, and
returns the predicted label(s) with the probabilities of all ten classes, whether the model
ends in logits or in a softmax.

The "live data" helpers make digits the model has never seen: ``shift_digits`` and
``add_noise`` change test digits, ``draw_digit`` draws one from pen strokes, and
``to_mnist_format`` turns any grayscale digit into MNIST's format (the digit fitted into a
20×20 box, its centre of mass at the centre of a 28×28 image, white on black).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import scratch
from course_utils.env import SEED

IMAGE_SHAPE = (28, 28)
NUM_CLASSES = 10
DIGIT_BOX = 20  # MNIST fits each digit into a 20×20 box inside the 28×28 image
_DRAW_SCALE = 4  # strokes are drawn at 4× resolution, then shrunk: smooth, anti-aliased edges


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


def softmax(logits: Any) -> np.ndarray:
    """Turn logits into probabilities along the last axis, without overflow.

    The computation is the from-scratch :func:`course_utils.scratch.softmax` (it subtracts
    each row's maximum first); this wrapper checks the input and returns float32 like Keras.

    Raises:
        ValueError: if ``logits`` is empty or holds NaN or infinity.
    """
    z = np.asarray(logits, dtype=np.float64)
    if z.size == 0 or not np.isfinite(z).all():
        raise ValueError("logits must be a non-empty array of finite numbers")
    return scratch.softmax(z, axis=-1).astype(np.float32)


def with_softmax(model: Any) -> Any:
    """Wrap a logits model so that it outputs probabilities (as TensorFlow's quickstart does).

    Args:
        model: a built Keras model whose last layer outputs logits.

    Returns:
        ``keras.Sequential([model, keras.layers.Softmax()])``; it shares the weights of
        ``model`` (training one changes the other).

    Raises:
        ValueError: if the model already ends in a softmax.
    """
    import keras

    if outputs_probabilities(model):
        raise ValueError(f"model {model.name!r} already outputs probabilities (softmax)")
    return keras.Sequential([model, keras.layers.Softmax()], name=f"{model.name}_probabilities")


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
        TypeError / ValueError: for input of the wrong shape, dtype or range, a
            ``batch_size < 1``, or a model that does not output 10 numbers per image.
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    batch, single = as_model_input(images)
    outputs = np.asarray(model.predict(batch, batch_size=int(batch_size), verbose=0))
    if outputs.shape != (len(batch), NUM_CLASSES):
        raise ValueError(
            f"the model must output {NUM_CLASSES} numbers per image, got shape {outputs.shape}"
        )
    probabilities = outputs.astype(np.float32) if outputs_probabilities(model) else softmax(outputs)
    labels = probabilities.argmax(axis=-1)
    if single:
        return Prediction(int(labels[0]), probabilities[0])
    return Prediction(labels, probabilities)


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


def _image_stack(images: Any, name: str = "images") -> np.ndarray:
    array = np.asarray(images)
    if array.ndim not in (2, 3) or array.shape[-2:] != IMAGE_SHAPE:
        raise ValueError(f"{name} must have shape (28, 28) or (n, 28, 28), got {array.shape}")
    to_unit_range(array, name)  # checks dtype and value range
    return array


def shift_digits(images: Any, dy: int, dx: int) -> np.ndarray:
    """Move digits by whole pixels, filling the uncovered border with background (0).

    Args:
        images: one digit (28, 28) or a batch (n, 28, 28), uint8 0–255 or float 0–1.
        dy: pixels down (negative: up).
        dx: pixels right (negative: left).

    Returns:
        The shifted images, same shape and dtype. Pixels pushed over the edge are lost.

    Raises:
        TypeError: if ``dy`` or ``dx`` is not an int.
        ValueError: for a wrong image shape or range, or a shift of 28 pixels or more.
    """
    array = _image_stack(images)
    for arg, value in (("dy", dy), ("dx", dx)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise TypeError(f"{arg} must be an int number of pixels, got {value!r}")
        if abs(value) >= IMAGE_SHAPE[0]:
            raise ValueError(f"{arg} must be between -27 and 27 pixels, got {value}")
    out = np.zeros_like(array)
    size = IMAGE_SHAPE[0]
    src_y, dst_y = slice(max(0, -dy), size - max(0, dy)), slice(max(0, dy), size - max(0, -dy))
    src_x, dst_x = slice(max(0, -dx), size - max(0, dx)), slice(max(0, dx), size - max(0, -dx))
    out[..., dst_y, dst_x] = array[..., src_y, src_x]
    return out


def add_noise(images: Any, std: float, seed: int = SEED) -> np.ndarray:
    """Add Gaussian pixel noise, as from a cheap camera or a scanner.

    Args:
        images: one digit (28, 28) or a batch (n, 28, 28), uint8 0–255 or float 0–1.
        std: the noise's standard deviation as a share of full brightness (0.2 = 20 %,
            i.e. 51 grey levels for uint8 input).
        seed: seed of the noise.

    Returns:
        The noisy images, same shape and dtype, clipped to the valid range.

    Raises:
        ValueError: for a wrong image shape or range, or ``std`` that is negative or not finite.
    """
    array = _image_stack(images)
    if not isinstance(std, (int, float, np.number)) or not 0 <= std < np.inf:
        raise ValueError(f"std must be a finite number >= 0, got {std!r}")
    noisy = to_unit_range(array) + np.random.default_rng(seed).normal(0, std, array.shape)
    noisy = np.clip(noisy, 0.0, 1.0)
    if np.issubdtype(array.dtype, np.integer):
        return np.round(noisy * 255).astype(array.dtype)
    return noisy.astype(array.dtype)


def _resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    from PIL import Image

    resized = Image.fromarray(image.astype(np.float32)).resize(
        (width, height), Image.Resampling.LANCZOS
    )
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)


def to_mnist_format(image: Any, invert: bool = False) -> np.ndarray:
    """Prepare any grayscale digit the way MNIST's digits were prepared.

    The digit (bright on dark) is cropped to its bounding box, scaled to fit a 20×20 box
    keeping its aspect ratio, and placed in a 28×28 image so that its centre of mass is at
    the centre — the model only knows digits that look like that.

    Args:
        image: a 2-D grayscale image of any size, uint8 0–255 or float 0–1.
        invert: True for a dark digit on a light background (a scan or a photo of ink).

    Returns:
        A uint8 image of shape (28, 28), pixel values 0–255, white digit on black.

    Raises:
        TypeError / ValueError: if ``image`` is not a 2-D image of valid pixel values, or is
            blank (all pixels 0).
    """
    unit = to_unit_range(image, "image")
    if unit.ndim != 2:
        raise ValueError(f"image must be a 2-D grayscale image, got shape {unit.shape}")
    if invert:
        unit = 1.0 - unit
    if unit.max() <= 0:
        raise ValueError("image is blank: it has no bright pixel (pass invert=True for dark ink)")
    ink = unit > 0.05 * unit.max()  # ignore faint specks and noise around the digit
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    crop = unit[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = DIGIT_BOX / max(crop.shape)
    height = max(1, round(crop.shape[0] * scale))
    width = max(1, round(crop.shape[1] * scale))
    digit = _resize(crop, height, width)
    weight = digit.sum()
    centre_y = (digit.sum(axis=1) @ np.arange(height)) / weight if weight else height / 2
    centre_x = (digit.sum(axis=0) @ np.arange(width)) / weight if weight else width / 2
    size = IMAGE_SHAPE[0]
    top = int(np.clip(round(size / 2 - centre_y), 0, size - height))
    left = int(np.clip(round(size / 2 - centre_x), 0, size - width))
    out = np.zeros(IMAGE_SHAPE, dtype=np.float32)
    out[top : top + height, left : left + width] = digit
    return np.round(out * 255).astype(np.uint8)


def _segment_distance(
    py: np.ndarray, px: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    direction = end - start
    length2 = float(direction @ direction)
    t = (
        0.0
        if length2 == 0
        else np.clip(
            ((px - start[0]) * direction[0] + (py - start[1]) * direction[1]) / length2, 0, 1
        )
    )
    return np.hypot(px - (start[0] + t * direction[0]), py - (start[1] + t * direction[1]))


def draw_digit(strokes: Sequence[Sequence[Sequence[float]]], thickness: float = 0.12) -> np.ndarray:
    """Draw a digit from pen strokes, in MNIST's format (ready for ``predict``).

    Args:
        strokes: the pen's paths; each stroke is a sequence of (x, y) points in a unit
            square, x to the right and y downwards (as on a screen), e.g. a "7" is
            ``[[(0.2, 0.1), (0.8, 0.1), (0.4, 0.9)]]``. A single point draws a dot.
        thickness: the pen width as a share of the square's side.

    Returns:
        A uint8 image of shape (28, 28): the strokes drawn with smooth edges, then passed
        through ``to_mnist_format``.

    Raises:
        ValueError: if there are no strokes, a point is not an (x, y) pair of finite numbers,
            or ``thickness`` is not in (0, 0.5].
    """
    if not 0 < thickness <= 0.5:
        raise ValueError(f"thickness must be in (0, 0.5], got {thickness!r}")
    if isinstance(strokes, np.ndarray) and strokes.ndim == 2:
        strokes = [strokes]
    paths = []
    for i, stroke in enumerate(strokes or []):
        points = np.asarray(stroke, dtype=np.float64)
        if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
            raise ValueError(
                f"stroke {i} must be a list of (x, y) points, got shape {points.shape}"
            )
        if not np.isfinite(points).all():
            raise ValueError(f"stroke {i} holds a point that is not a finite number")
        paths.append(points)
    if not paths:
        raise ValueError("strokes must hold at least one stroke of (x, y) points")
    size = IMAGE_SHAPE[0] * _DRAW_SCALE
    centres = (np.arange(size) + 0.5) / size
    py, px = np.meshgrid(centres, centres, indexing="ij")
    distance = np.full((size, size), np.inf)
    for points in paths:
        pairs = zip(points, points[1:], strict=False) if len(points) > 1 else [(points[0],) * 2]
        for start, end in pairs:
            distance = np.minimum(distance, _segment_distance(py, px, start, end))
    ink = np.clip((thickness / 2 - distance) * size + 0.5, 0.0, 1.0)  # 1-pixel soft edge
    return to_mnist_format(ink.astype(np.float32))
