"""course_utils.inference, .metrics and .images: input checks, predict, mistakes, live data."""

import keras
import numpy as np
import pytest
from model_helpers import compiled_model

import course_utils as cu
from course_utils.images import add_noise, shift_digits
from course_utils.inference import (
    Prediction,
    as_model_input,
    outputs_probabilities,
    predict,
    to_unit_range,
)
from course_utils.metrics import confusion_matrix, most_confident_mistakes


@pytest.fixture(scope="module")
def digits():
    (_, _), (x_test, y_test) = cu.load_mnist(verbose=False)
    return x_test[:50], y_test[:50]


@pytest.fixture(scope="module")
def logits_model():
    return compiled_model(hidden_units=16)


# --- input checks -------------------------------------------------------------------------


def test_to_unit_range_scales_integers_and_keeps_unit_floats():
    pixels = np.array([[0, 51, 255]], dtype=np.uint8)
    np.testing.assert_allclose(to_unit_range(pixels), [[0.0, 0.2, 1.0]], rtol=1e-6)
    np.testing.assert_allclose(to_unit_range(pixels.astype(np.int64)), [[0.0, 0.2, 1.0]])
    floats = np.array([0.0, 0.5, 1.0], dtype=np.float64)
    out = to_unit_range(floats)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0.0, 0.5, 1.0])


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        (np.array([0.0, 200.0]), ValueError, "look like pixel values 0–255"),
        (np.array([-0.5, 0.5]), ValueError, r"must be in \[0, 1\], got -0.5..0.5"),
        (np.array([0, 256]), ValueError, "pixel values 0–255, got 0..256"),
        (np.array([0.1, np.nan]), ValueError, "NaN"),
        (np.array([], dtype=np.uint8), ValueError, "must not be empty"),
        (np.array([True, False]), TypeError, "dtype bool"),
        (np.array(["a"]), TypeError, "must hold numbers"),
    ],
)
def test_to_unit_range_rejects_bad_values(values, error, message):
    with pytest.raises(error, match=message):
        to_unit_range(values)


def test_as_model_input_accepts_one_image_or_a_batch(digits):
    x, _ = digits
    batch, single = as_model_input(x[0])
    assert single and batch.shape == (1, 28, 28) and batch.dtype == np.float32
    batch, single = as_model_input(x[:3] / 255.0)
    assert not single and batch.shape == (3, 28, 28)


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ((32, 32), r"\(28, 28\) or \(n, 28, 28\), got \(32, 32\)"),
        ((784,), r"got \(784,\)"),
        ((2, 28, 28, 1), r"images\[\.\.\., 0\]"),
    ],
)
def test_as_model_input_rejects_wrong_shapes(shape, message):
    with pytest.raises(ValueError, match=message):
        as_model_input(np.zeros(shape, dtype=np.uint8))


# --- predict ------------------------------------------------------------------------------


def test_predict_one_image_returns_an_int_and_ten_probabilities(logits_model, digits):
    x, _ = digits
    label, probs = predict(logits_model, x[0])
    assert isinstance(label, int) and probs.shape == (10,)
    assert label == int(probs.argmax())
    assert abs(float(probs.sum()) - 1) < 1e-5
    result = predict(logits_model, x[0])
    assert result.confidence == pytest.approx(float(probs.max()))


def test_predict_gives_the_same_for_uint8_and_scaled_floats(logits_model, digits):
    x, _ = digits
    from_uint8 = predict(logits_model, x[:5])
    from_float = predict(logits_model, x[:5].astype(np.float32) / 255)
    np.testing.assert_array_equal(from_uint8.labels, from_float.labels)
    np.testing.assert_allclose(from_uint8.probabilities, from_float.probabilities, atol=1e-6)
    assert from_uint8.labels.shape == (5,) and from_uint8.probabilities.shape == (5, 10)
    assert from_uint8.confidence.shape == (5,)


def test_predict_softmax_of_logits_equals_the_wrapped_model(logits_model, digits):
    x, _ = digits
    wrapped = keras.Sequential([logits_model, keras.layers.Softmax()])
    assert outputs_probabilities(wrapped) and not outputs_probabilities(logits_model)
    direct = predict(logits_model, x[:8]).probabilities
    via_wrapper = predict(wrapped, x[:8]).probabilities
    np.testing.assert_allclose(direct, via_wrapper, atol=1e-6)
    raw = wrapped.predict(x[:8].astype(np.float32) / 255, verbose=0)
    np.testing.assert_allclose(via_wrapper, raw, atol=0)  # probabilities are not re-softmaxed


def test_softmax_models_are_recognised():
    assert outputs_probabilities(compiled_model(hidden_units=4, output="softmax"))


def test_predict_rejects_bad_input_and_wrong_models(logits_model):
    with pytest.raises(ValueError, match="look like pixel values"):
        predict(logits_model, np.full((28, 28), 128.0))
    with pytest.raises(ValueError, match="batch_size"):
        predict(logits_model, np.zeros((28, 28), np.uint8), batch_size=0)
    three = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match=r"10 numbers per image, got shape \(1, 3\)"):
        predict(three, np.zeros((28, 28), np.uint8))


def test_prediction_unpacks_like_a_tuple():
    labels, probs = Prediction(3, np.eye(10, dtype=np.float32)[3])
    assert labels == 3 and probs[3] == 1.0


# --- mistakes -----------------------------------------------------------------------------


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    counts = confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], num_classes=3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])


@pytest.mark.parametrize(
    ("y_true", "y_pred", "message"),
    [
        ([0, 1], [0], "same length"),
        ([0, 10], [0, 1], r"labels 0\.\.9"),
        ([0.5, 1.0], [0, 1], "as integers"),
    ],
)
def test_confusion_matrix_rejects_bad_labels(y_true, y_pred, message):
    with pytest.raises((TypeError if "integers" in message else ValueError), match=message):
        confusion_matrix(y_true, y_pred)


def test_most_confident_mistakes_orders_by_confidence():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.05, 0.95]])
    y_true = np.array([0, 0, 1, 0])  # mistakes: 1 (0.8), 2 (0.6), 3 (0.95)
    np.testing.assert_array_equal(most_confident_mistakes(probs, y_true), [3, 1, 2])
    np.testing.assert_array_equal(most_confident_mistakes(probs, y_true, k=1), [3])
    assert len(most_confident_mistakes(probs, np.array([0, 1, 0, 1]))) == 0
    with pytest.raises(ValueError, match="k must be"):
        most_confident_mistakes(probs, y_true, k=0)
    with pytest.raises(ValueError, match="same length, got 4 and 2"):
        most_confident_mistakes(probs, y_true[:2])


# --- live data ----------------------------------------------------------------------------


def test_shift_digits_moves_pixels_and_fills_with_background(digits):
    x, _ = digits
    moved = shift_digits(x[:3], 2, -3)
    assert moved.dtype == np.uint8 and moved.shape == (3, 28, 28)
    np.testing.assert_array_equal(moved[:, 2:, :-3], x[:3, :-2, 3:])
    assert not moved[:, :2].any() and not moved[:, :, -3:].any()
    np.testing.assert_array_equal(shift_digits(x[0], 0, 0), x[0])
    assert shift_digits(x[0] / 255.0, 1, 1).dtype == np.float64


@pytest.mark.parametrize(
    ("dy", "dx", "error"), [(28, 0, ValueError), (0, -30, ValueError), (1.5, 0, TypeError)]
)
def test_shift_digits_rejects_bad_shifts(dy, dx, error):
    with pytest.raises(error, match="dy|dx"):
        shift_digits(np.zeros((28, 28), np.uint8), dy, dx)


def test_add_noise_keeps_dtype_and_range_and_is_reproducible(digits):
    x, _ = digits
    noisy = add_noise(x[:4], 0.3, seed=1)
    assert noisy.dtype == np.uint8 and noisy.shape == x[:4].shape
    assert np.abs(noisy.astype(int) - x[:4]).mean() > 10
    np.testing.assert_array_equal(noisy, add_noise(x[:4], 0.3, seed=1))
    np.testing.assert_array_equal(add_noise(x[0], 0.0), x[0])
    floats = add_noise(x[0] / 255.0, 0.5)
    assert floats.min() >= 0 and floats.max() <= 1
    with pytest.raises(ValueError, match="std"):
        add_noise(x[0], -0.1)
    with pytest.raises(ValueError, match=r"\(28, 28\)"):
        add_noise(np.zeros((5, 5)), 0.1)
