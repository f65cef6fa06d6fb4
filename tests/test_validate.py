"""course_utils.validate: what passes and what it returns (bad inputs: test_error_contract)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from course_utils import validate


def test_number_accepts_python_numpy_and_0d_values():
    assert validate.number("lr", 0.1) == 0.1
    assert validate.number("n", np.int64(5), integer=True) == 5
    assert type(validate.number("n", np.int64(5), integer=True)) is int
    assert validate.number("x", np.array(2.5)) == 2.5
    assert validate.number("x", math.inf, finite=False) == math.inf
    assert validate.number("p", 0, low=0, high=1) == 0  # bounds are inclusive by default


@pytest.mark.parametrize(
    ("kwargs", "good", "bad"),
    [
        ({"low": 0, "low_open": True}, 1e-9, 0),
        ({"high": 1, "high_open": True}, 0.999, 1),
        ({"low": 1, "integer": True}, 1, 0),
        ({"low": 0, "high": 1, "low_open": True, "high_open": True}, 0.5, 1.0),
    ],
)
def test_number_bounds(kwargs, good, bad):
    assert validate.number("v", good, **kwargs) == good
    with pytest.raises(ValueError, match="v must be"):
        validate.number("v", bad, **kwargs)


def test_the_message_says_what_was_expected_and_given():
    with pytest.raises(TypeError) as caught:
        validate.number("val_fraction", "0.1", low=0, high=1, low_open=True, high_open=True)
    assert str(caught.value) == (
        "val_fraction must be a number between 0 and 1 (both excluded), got str '0.1'"
    )
    with pytest.raises(ValueError, match="seed must be an int between 0 and 4,294,967,295"):
        validate.number("seed", -1, integer=True, low=0, high=2**32 - 1)


def test_describe():
    assert validate.describe(None) == "None"
    assert validate.describe("0.1") == "str '0.1'"
    assert validate.describe(np.zeros((2, 3))) == "ndarray of shape (2, 3) and dtype float64"
    assert validate.describe([1, 2]) == "list of length 2"
    assert validate.describe(True) == "bool True"
    assert validate.describe("x" * 100).endswith("...")


def test_array_checks_return_their_input():
    x = np.zeros((3, 28, 28), np.float32)
    assert validate.images("x", x) is x
    y = np.array([0, 9, 3])
    assert validate.labels("y", y) is y
    four = np.array([0, 4])
    assert validate.labels("y", four, num_classes=5) is four
    raw = np.array([0, 255], np.uint8)
    assert validate.pixels("images", raw) is raw
    floats = np.array([0.0, 254.5])
    assert validate.pixels("images", floats) is floats
    dim = np.array([0, 1], np.uint8)  # ints are raw pixels, even when all are 0 or 1
    assert validate.pixels("images", dim) is dim


def test_small_checks():
    assert validate.flag("verbose", np.bool_(True)) is True
    assert validate.text("name", "accuracy") == "accuracy"
    assert validate.path("path", "data/x.npz") == Path("data/x.npz")
    assert validate.is_number(np.float32(1)) and not validate.is_number("1")
    validate.same_length(("x", "y"), [1, 2], np.zeros(2))
    with pytest.raises(ValueError, match="empty string"):
        validate.path("path", "  ")
    with pytest.raises(ValueError, match="x must not be empty, got shape \\(0,\\)"):
        validate.images("x", np.zeros(0))


def test_scalar_tensors_and_variables_are_numbers_without_warnings(recwarn):
    import keras

    assert validate.number("loss", keras.ops.mean(keras.ops.ones(3))) == 1.0
    assert validate.number("lr", keras.Variable(0.5)) == 0.5
    assert validate.number("n", keras.ops.convert_to_tensor(4), integer=True) == 4
    assert not validate.is_number(keras.ops.ones(2))
    assert not validate.is_number(keras.ops.convert_to_tensor(True))
    assert [str(w.message) for w in recwarn] == []


def test_numbers_converts_what_a_learner_types_and_names_the_argument():
    assert validate.numbers("z", 0.5).dtype == np.float64
    np.testing.assert_array_equal(validate.numbers("z", [1, -2]), [1.0, -2.0])
    with pytest.raises(TypeError, match="z must be numbers"):
        validate.numbers("z", "0.5")
    with pytest.raises(ValueError, match="z must contain only finite"):
        validate.numbers("z", [1.0, np.nan])
    with pytest.raises(ValueError, match="z must not be empty"):
        validate.numbers("z", [])
    with pytest.raises(ValueError, match="z must be 1-D or 2-D"):
        validate.numbers("z", np.zeros((2, 2, 2)), ndim=(1, 2))
