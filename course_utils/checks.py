"""Visible checks (plumbing for notebooks 03–10): a notebook states a number, this checks it.

Each check prints one line with ✓ when it holds and raises ``AssertionError`` when it does not,
so the test run (which executes every notebook) fails if a claim in the text stops being true.
A check that cannot fail is refused: its expected value, tolerance and bounds must be finite
numbers (with a NaN tolerance, ``abs(5 - 1) > nan`` is False, so 5 vs 1 would print ✓), and
a tolerance may not be wider than the number it checks (``max(|expected|, 1)``): with
``check_close("accuracy", 5, 1, tol=1e9)`` every value would pass.
"""

from __future__ import annotations

from course_utils import validate


def _number(name: str, value: float) -> float:
    validate.text("name", name)
    try:
        return validate.number(name, value, finite=False)
    except ValueError:  # without bounds only NaN is refused: a NaN result fails the claim
        raise AssertionError(f"✗ {name} is NaN") from None


def check_close(name: str, value: float, expected: float, tol: float) -> None:
    """Check ``|value - expected| <= tol`` and print ``✓ name = value (expected ± tol)``.

    Raises:
        AssertionError: if the value is NaN or further than ``tol`` from ``expected``.
        TypeError: if an argument is not a number (``name``: not a string).
        ValueError: if ``expected`` is not finite, or ``tol`` is negative, NaN, infinite or
            wider than ``max(|expected|, 1)`` (a check that could not fail).
    """
    value = _number(name, value)
    expected = validate.number("expected", expected)
    tol = validate.number("tol", tol, low=0, high=max(abs(expected), 1))
    if abs(value - expected) > tol:
        raise AssertionError(f"✗ {name} = {value:.6g}, expected {expected:.6g} ± {tol:g}")
    print(f"✓ {name} = {value:.6g} (expected {expected:.6g} ± {tol:g})")


def _check_bound(name: str, value: float, bound: float, at_least: bool) -> None:
    value = _number(name, value)
    bound = validate.number("minimum" if at_least else "maximum", bound)
    holds = value >= bound if at_least else value <= bound
    word, sign = ("at least", "≥") if at_least else ("at most", "≤")
    if not holds:
        raise AssertionError(f"✗ {name} = {value:.6g}, expected {word} {bound:g}")
    print(f"✓ {name} = {value:.4g} {sign} {bound:g}")


def check_at_least(name: str, value: float, minimum: float) -> None:
    """Check ``value >= minimum`` and print ``✓ name = value ≥ minimum``.

    Raises:
        AssertionError: if the value is NaN or below ``minimum``.
        TypeError: if an argument is not a number (``name``: not a string).
        ValueError: if ``minimum`` is NaN or infinite.
    """
    _check_bound(name, value, minimum, at_least=True)


def check_at_most(name: str, value: float, maximum: float) -> None:
    """Check ``value <= maximum`` and print ``✓ name = value ≤ maximum``.

    Raises:
        AssertionError: if the value is NaN or above ``maximum``.
        TypeError: if an argument is not a number (``name``: not a string).
        ValueError: if ``maximum`` is NaN or infinite.
    """
    _check_bound(name, value, maximum, at_least=False)
