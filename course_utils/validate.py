"""Argument checks with one contract, for course_utils itself (no notebook imports it).

Each function checks one argument and returns it (converted where that is harmless), or
raises with a message of the form ``"<name> must be …, got …"``:

- ``TypeError`` when the argument has the wrong type (a string or None for a number, a list
  for an array, a float array for labels, ...);
- ``ValueError`` when the type is right but the value is not (NaN, out of range, empty, ...).

``got …`` shows what was given the way a learner would recognise it: ``str '0.1'``,
``None``, ``ndarray of shape (3, 28, 28) and dtype float64``. These are plumbing: a lesson's
own code stays free of input checks.
"""

from __future__ import annotations

import math
import os
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np

NUM_CLASSES = 10


def describe(value: Any) -> str:
    """Say what ``value`` is, briefly: ``str '0.1'``, ``None``, ``ndarray of shape (2,) …``."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (bool, np.bool_)):
        return f"bool {bool(value)}"
    if isinstance(value, (str, bytes, Real)):
        text = repr(value)
        text = text if len(text) <= 60 else text[:57] + "..."
        return f"{type(value).__name__} {text}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def _as_scalar(value: Any) -> Any:
    """A Python/NumPy number as it is; a 0-d array or tensor as its Python value; else None."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return None
    if isinstance(value, Real):
        return value
    if isinstance(value, np.ndarray):
        numeric = np.issubdtype(value.dtype, np.number)
        return value.item() if value.ndim == 0 and numeric else None
    shape = getattr(value, "shape", None)  # a TensorFlow tensor or a Keras variable
    try:
        if shape is None or tuple(shape) != ():
            return None
        kind = str(getattr(value, "dtype", ""))
        if "bool" in kind or "string" in kind:
            return None
        return int(value) if "int" in kind else float(value)  # no np.asarray: no warning
    except (TypeError, ValueError):
        return None


def is_number(value: Any) -> bool:
    """Tell whether ``number`` would take ``value`` as a number (whatever its range)."""
    return _as_scalar(value) is not None


def _show(bound: float) -> str:
    return f"{bound:,}" if isinstance(bound, Integral) else f"{bound:g}"


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        ends = {(False, False): "", (True, True): " (both excluded)"}.get(
            (low_open, high_open), f" ({'low' if low_open else 'high'} end excluded)"
        )
        return f" between {_show(low)} and {_show(high)}{ends}"
    if low is not None:
        return f" {'>' if low_open else '>='} {_show(low)}"
    if high is not None:
        return f" {'<' if high_open else '<='} {_show(high)}"
    return ""


def number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
    finite: bool = True,
) -> Any:
    """Check that ``value`` is a number (an int with ``integer=True``) within the bounds.

    Args:
        name: the argument's name, used in the message.
        value: the value to check. Python and NumPy numbers, 0-d arrays and scalar tensors
            count as numbers; bool, str and None do not.
        low, high: inclusive bounds (exclusive with ``low_open`` / ``high_open``); None = none.
        integer: require a whole number of an integer type (``3``, not ``3.0``).
        finite: refuse ``inf`` and ``-inf`` (NaN is always refused).

    Returns:
        The value as a Python ``int`` or ``float``.

    Raises:
        TypeError: if it is not a number (or not an int when ``integer``).
        ValueError: if it is NaN, infinite (with ``finite``) or outside the bounds.
    """
    kind = "an int" if integer else "a number"
    wanted = f"{name} must be {kind}{_range_text(low, high, low_open, high_open)}"
    scalar = _as_scalar(value)
    if scalar is None or (integer and not isinstance(scalar, Integral)):
        raise TypeError(f"{wanted}, got {describe(value)}")
    scalar = int(scalar) if isinstance(scalar, Integral) else float(scalar)
    if isinstance(scalar, float) and (math.isnan(scalar) or (finite and math.isinf(scalar))):
        raise ValueError(f"{wanted}, got {scalar}")
    too_low = low is not None and (scalar <= low if low_open else scalar < low)
    too_high = high is not None and (scalar >= high if high_open else scalar > high)
    if too_low or too_high:
        raise ValueError(f"{wanted}, got {_show(scalar)}")
    return scalar


def flag(name: str, value: Any) -> bool:
    """Check that ``value`` is True or False (a NumPy bool counts).

    Raises:
        TypeError: for anything else, e.g. the string ``"False"`` or the number 0.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def text(name: str, value: Any) -> str:
    """Check that ``value`` is a non-empty string.

    Raises:
        TypeError: if it is not a string.
        ValueError: if it is empty or only spaces.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {describe(value)}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def path(name: str, value: Any) -> Path:
    """Check that ``value`` is a file-system path (``str`` or ``os.PathLike``).

    Raises:
        TypeError: for None, numbers, arrays, ... .
        ValueError: for an empty string.
    """
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (a str or pathlib.Path), got {describe(value)}")
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{name} must be a path, got an empty string")
    return Path(value)


def array(name: str, value: Any) -> np.ndarray:
    """Check that ``value`` is a non-empty NumPy array of numbers (not booleans, not text).

    Raises:
        TypeError: if it is not a NumPy array, or its dtype is not numeric.
        ValueError: if it is empty.
    """
    if not isinstance(value, np.ndarray):
        hint = " (convert it with np.asarray)" if isinstance(value, (list, tuple)) else ""
        raise TypeError(f"{name} must be a NumPy array, got {describe(value)}{hint}")
    if value.dtype == bool or not np.issubdtype(value.dtype, np.number):
        raise TypeError(f"{name} must be a NumPy array of numbers, got dtype {value.dtype}")
    if value.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {value.shape}")
    return value


def numbers(name: str, value: Any, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Convert ``value`` (a number, list or array) to a finite, non-empty float64 array.

    The contract of the from-scratch NumPy functions (``scratch``, ``activations``): they take
    what a learner types, ``sigmoid(0.5)`` or ``relu([1, -2])``, not only NumPy arrays.

    Args:
        name: the argument's name, used in the message.
        value: the value to convert.
        ndim: the allowed number(s) of dimensions; None = any.

    Raises:
        TypeError: if it is text or cannot be converted to numbers.
        ValueError: if it has the wrong number of dimensions, is empty, or holds NaN or inf.
    """
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


def images(name: str, value: Any) -> np.ndarray:
    """Check that ``value`` is a non-empty numeric NumPy array with only finite values.

    Any shape and scale is accepted (uint8 0–255 or float 0–1): this is the check for data
    that is passed on, e.g. by ``subsample``. NaN or inf would make every weight NaN while
    training, silently.

    Raises:
        TypeError: if it is not a numeric NumPy array.
        ValueError: if it is empty or holds NaN or inf.
    """
    value = array(name, value)
    if np.issubdtype(value.dtype, np.inexact) and not np.isfinite(value).all():
        n_nan, n_inf = int(np.isnan(value).sum()), int(np.isinf(value).sum())
        raise ValueError(
            f"{name} must hold finite numbers, got {n_nan:,} NaN and {n_inf:,} inf values"
        )
    return value


def pixels(name: str, value: Any) -> np.ndarray:
    """Check raw pixel values: a finite numeric array with values 0–255, not already scaled.

    Float input whose values all lie in [0, 1] is refused: it looks scaled already (a
    re-run of ``x = scale_pixels(x)`` would divide by 255 twice). This matches
    ``inference.to_unit_range``, which treats float input in [0, 1] as scaled.

    Raises:
        TypeError: if it is not a numeric NumPy array.
        ValueError: if it is empty, holds NaN/inf, values outside 0–255, or floats in [0, 1].
    """
    value = images(name, value)
    low, high = value.min(), value.max()
    if low < 0 or high > 255:
        raise ValueError(f"{name} must hold pixel values 0..255, got {low:g}..{high:g}")
    if np.issubdtype(value.dtype, np.floating) and high <= 1:
        raise ValueError(
            f"{name} must hold pixel values 0..255, got floats {low:g}..{high:g}: they look "
            "scaled already (did this cell run twice?). Use them as they are, or reload them."
        )
    return value


def labels(name: str, value: Any, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """Check class labels: a 1-D NumPy array of integers 0 … ``num_classes - 1``.

    Raises:
        TypeError: if it is not a NumPy array of integers (float labels included: they would
            be cut to whole numbers without a word).
        ValueError: if it is empty, not 1-D (one-hot rows get a hint), or holds a label
            outside 0 … ``num_classes - 1``.
    """
    wanted = f"{name} must hold class labels 0..{num_classes - 1}"
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{wanted} in a NumPy array, got {describe(value)}")
    if not np.issubdtype(value.dtype, np.integer):
        hint = ""
        if np.issubdtype(value.dtype, np.floating) and value.size and np.isfinite(value).all():
            if (value == np.round(value)).all():
                hint = " (they are whole numbers: use y.astype(int))"
        raise TypeError(f"{wanted} as integers, got dtype {value.dtype}{hint}")
    if value.ndim != 1 or value.size == 0:
        hint = " (one-hot rows? use y.argmax(axis=1))" if value.ndim == 2 else ""
        raise ValueError(f"{wanted} in a non-empty 1-D array, got shape {value.shape}{hint}")
    low, high = int(value.min()), int(value.max())
    if low < 0 or high >= num_classes:
        bad = int(((value < 0) | (value >= num_classes)).sum())
        raise ValueError(f"{wanted}, got values {low}..{high} ({bad:,} outside the range)")
    return value


def same_length(names: tuple[str, str], first: Any, second: Any) -> None:
    """Check that two arrays have the same number of samples (first axis).

    Raises:
        ValueError: if they differ; the message names both arguments and both lengths.
    """
    if len(first) != len(second):
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same length, "
            f"got {len(first):,} and {len(second):,}"
        )


def samples(x: Any, y: Any, num_classes: int = NUM_CLASSES) -> tuple[np.ndarray, np.ndarray]:
    """Check a labelled data set: ``x`` finite numbers (:func:`images`), ``y`` class labels
    (:func:`labels`), one label per sample.

    Returns:
        ``(x, y)`` as given.

    Raises:
        TypeError / ValueError: as :func:`images`, :func:`labels` and :func:`same_length`.
    """
    images("x", x)
    labels("y", y, num_classes)
    same_length(("x", "y"), x, y)
    return x, y
