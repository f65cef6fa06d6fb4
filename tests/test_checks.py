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
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        check_at_least("", 1.0, 0.5)
