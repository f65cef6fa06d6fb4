"""course_utils.checks: a check that holds prints ✓, one that does not fails loudly."""

import math

import pytest

from course_utils.checks import check_at_least, check_at_most, check_close


def test_checks_that_hold_print_a_tick(capsys):
    check_close("w error", 0.0012, 0.0, 2e-3)
    check_at_least("accuracy", 0.953, 0.95)
    check_at_most("loss", 5e-5, 1e-4)
    assert capsys.readouterr().out.count("✓") == 3


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_close, (0.5, 0.0, 0.1)),
        (check_at_least, (0.94, 0.95)),
        (check_at_most, (2e-4, 1e-4)),
        (check_at_least, (math.nan, 0.0)),
        (check_at_most, (math.nan, 1.0)),
    ],
)
def test_checks_that_fail_raise(check, args):
    with pytest.raises(AssertionError, match="✗ value"):
        check("value", *args)


def test_bad_arguments():
    with pytest.raises(TypeError, match="accuracy must be a number"):
        check_at_least("accuracy", "high", 0.5)
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        check_at_least("", 1.0, 0.5)
    with pytest.raises(TypeError, match="name must be a string, got float 0.9"):
        check_at_least(0.9, 1.0, 0.5)  # the name forgotten


@pytest.mark.parametrize(
    ("check", "args", "error", "word"),
    [
        (check_close, (5.0, 1.0, math.nan), ValueError, "tol"),  # would print ✓ for 5 vs 1
        (check_close, (5.0, 1.0, math.inf), ValueError, "tol"),  # cannot fail
        (check_close, (5.0, 1.0, -0.1), ValueError, "tol must be a number between 0 and 1"),
        (check_close, (5.0, 1.0, "0.1"), TypeError, "tol must be a number between 0 and 1, got"),
        (check_close, (5.0, 1.0, 1e9), ValueError, "tol"),  # wider than the number: cannot fail
        (check_close, (50.0, 40.0, 41), ValueError, r"between 0 and 40, got 41"),
        (check_close, (5.0, math.nan, 0.1), ValueError, "expected"),
        (check_close, (5.0, None, 0.1), TypeError, "expected must be a number, got None"),
        (check_at_least, (5.0, math.nan), ValueError, "minimum"),
        (check_at_least, (5.0, -math.inf), ValueError, "minimum"),  # cannot fail
        (check_at_most, (5.0, math.inf), ValueError, "maximum"),  # cannot fail
        (check_at_most, (5.0, "1"), TypeError, "maximum must be a number, got str '1'"),
        (check_at_least, (None, 0.5), TypeError, "value must be a number, got None"),
        (check_at_least, ("0.9", 0.5), TypeError, "value must be a number, got str '0.9'"),
    ],
)
def test_a_check_that_cannot_fail_is_refused(check, args, error, word):
    with pytest.raises(error, match=word):
        check("value", *args)


def test_numpy_and_tensor_values_count_as_numbers(capsys):
    import numpy as np

    check_at_least("numpy float", np.float32(0.96), 0.95)
    check_at_most("0-d array", np.array(3), 4)
    check_close("numpy int", np.int64(7), 7, 0)
    assert capsys.readouterr().out.count("✓") == 3
    with pytest.raises(TypeError, match="must be a number, got ndarray of shape \\(2,\\)"):
        check_at_least("two values", np.array([1.0, 2.0]), 0.5)


def test_an_infinite_value_is_compared_not_refused(capsys):
    check_at_least("loss of a diverged run", math.inf, 1e3)  # inf is a real (diverged) result
    with pytest.raises(AssertionError, match="✗ loss"):
        check_at_most("loss", math.inf, 1.0)
