"""Change test digits the way the world would (plumbing for notebooks 04 and 09).

``shift_digits`` moves digits by whole pixels and ``add_noise`` adds camera noise. A digit
drawn from pen strokes is :func:`course_utils.drawing.draw_digit`: it goes through the one
preparation notebook 04 teaches (``drawing.prepare_drawing``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import validate
from course_utils.env import SEED
from course_utils.inference import IMAGE_SHAPE, to_unit_range


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
        validate.number(arg, value, integer=True, low=-27, high=27)
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
        TypeError: if ``std`` is not a number or ``seed`` not an int.
        ValueError: for a wrong image shape or range, ``std`` that is negative or not finite,
            or a negative ``seed``.
    """
    array = _image_stack(images)
    std = validate.number("std", std, low=0)
    seed = validate.number("seed", seed, integer=True, low=0)
    noisy = to_unit_range(array) + np.random.default_rng(seed).normal(0, std, array.shape)
    noisy = np.clip(noisy, 0.0, 1.0)
    if np.issubdtype(array.dtype, np.integer):
        return np.round(noisy * 255).astype(array.dtype)
    return noisy.astype(array.dtype)
