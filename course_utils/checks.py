"""Visible checks: a notebook states a number, and this checks it where a learner can see it.

Each check prints one line with ✓ when it holds and raises ``AssertionError`` when it does not,
so the test run (which executes every notebook) fails if a claim in the text stops being true.
"""

from __future__ import annotations

import math


def _number(name: str, value: float) -> float:
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    try:
        value = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number, got {type(value).__name__}") from exc
    if math.isnan(value):
        raise AssertionError(f"✗ {name} is NaN")
    return value


def check_close(name: str, value: float, expected: float, tol: float) -> None:
    """Check ``|value - expected| <= tol`` and print ``✓ name = value (expected ± tol)``.

    Raises:
        AssertionError: if the value is NaN or further than ``tol`` from ``expected``.
        TypeError: if ``value`` is not a number.
    """
    value = _number(name, value)
    if abs(value - expected) > tol:
        raise AssertionError(f"✗ {name} = {value:.6g}, expected {expected:.6g} ± {tol:g}")
    print(f"✓ {name} = {value:.6g} (expected {expected:.6g} ± {tol:g})")


def _check_bound(name: str, value: float, bound: float, at_least: bool) -> None:
    value = _number(name, value)
    holds = value >= bound if at_least else value <= bound
    word, sign = ("at least", "≥") if at_least else ("at most", "≤")
    if not holds:
        raise AssertionError(f"✗ {name} = {value:.6g}, expected {word} {bound:g}")
    print(f"✓ {name} = {value:.4g} {sign} {bound:g}")


def check_at_least(name: str, value: float, minimum: float) -> None:
    """Check ``value >= minimum`` and print ``✓ name = value ≥ minimum``.

    Raises:
        AssertionError: if the value is NaN or below ``minimum``.
        TypeError: if ``value`` is not a number.
    """
    _check_bound(name, value, minimum, at_least=True)


def check_at_most(name: str, value: float, maximum: float) -> None:
    """Check ``value <= maximum`` and print ``✓ name = value ≤ maximum``.

    Raises:
        AssertionError: if the value is NaN or above ``maximum``.
        TypeError: if ``value`` is not a number.
    """
    _check_bound(name, value, maximum, at_least=False)
