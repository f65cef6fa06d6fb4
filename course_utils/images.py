"""Make "live" digits the model has never seen (plumbing for notebooks 04 and 09).

``shift_digits`` and ``add_noise`` change test digits; ``draw_digit`` draws one from pen
strokes and ``to_mnist_format`` puts it in MNIST's format (the digit fitted into a 20×20 box,
its centre of mass at the centre of a 28×28 image, white on black, values in [0, 1]).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from course_utils.env import SEED
from course_utils.inference import IMAGE_SHAPE, to_unit_range

DIGIT_BOX = 20  # MNIST fits each digit into a 20×20 box inside the 28×28 image
_DRAW_SCALE = 4  # strokes are drawn at 4× resolution, then shrunk: smooth, anti-aliased edges


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
