"""course_utils.drawing: preparing a drawing like MNIST, the examples, the pad's Python side."""

import base64

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_utils as cu
from course_utils import inference
from course_utils.drawing import (
    CANVAS,
    EXAMPLE_DIGIT,
    EXAMPLE_STROKES,
    DrawPad,
    EmptyDrawingError,
    box_weights,
    centre_by_mass,
    check_drawing,
    crop_to_ink,
    decode_pixels,
    draw_digit,
    example_drawing,
    fit_in_box,
    prepare_drawing,
    read_drawing,
    render_strokes,
    synthetic_photo,
)
from course_utils.plots import show_pictures

# A "4" drawn in the middle of the pad, and the same strokes moved towards a corner.
FOUR = [((150, 40), (70, 170), (210, 170)), ((170, 110), (170, 250))]


def encode_pixels(drawing):
    """A canvas as the pad's page sends it: base64 of its grey values, row by row (uint8)."""
    return base64.b64encode(np.asarray(drawing, dtype=np.uint8).tobytes()).decode("ascii")


SEVEN = [[(0.2, 0.1), (0.8, 0.1), (0.4, 0.9)]]  # in a unit square, for draw_digit


def box_size(image):
    rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def moved(strokes, dx, dy):
    return [[(x + dx, y + dy) for x, y in stroke] for stroke in strokes]


def centre_of_mass(image):
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


@pytest.fixture(scope="module")
def template_model():
    """A tiny digit model whose weights are the mean training image of each class.

    Good enough to read clean drawings; built in a moment, no training.
    """
    (x_train, y_train), _ = cu.load_mnist(verbose=False)
    images = cu.scale_pixels(x_train).reshape(len(x_train), -1)
    means = np.stack([images[y_train == d].mean(axis=0) for d in range(10)])
    weights = means / np.linalg.norm(means, axis=1, keepdims=True)
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    model.layers[-1].set_weights([20 * weights.T, np.zeros(10)])
    return model


# --- the preparation -----------------------------------------------------------------------


def test_prepared_drawing_looks_like_mnist():
    image = prepare_drawing(example_drawing())
    assert image.shape == (28, 28)
    assert image.min() == 0.0 and 0.9 < image.max() <= 1.0
    rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) == 20  # fitted into 20×20
    assert np.allclose(centre_of_mass(image), (14, 14), atol=0.5)  # MNIST's centre


def test_centred_and_off_centre_strokes_give_the_same_image():
    centred = prepare_drawing(render_strokes(FOUR))
    # Moved by whole pixels, the crop is the very same array: the images are identical.
    corner = prepare_drawing(render_strokes(moved(FOUR, -50, 15)))
    np.testing.assert_allclose(corner, centred, atol=1e-12)
    # Moved by fractions of a pixel, only the soft edges change.
    fractional = prepare_drawing(render_strokes(moved(FOUR, 45.5, -20.25)))
    assert np.abs(fractional - centred).mean() < 0.01
    assert np.abs(fractional - centred).max() < 0.25


def test_a_larger_drawing_gives_nearly_the_same_image():
    centred = prepare_drawing(render_strokes(FOUR))
    small = [[(140 + (x - 140) / 2, 140 + (y - 140) / 2) for x, y in s] for s in FOUR]
    half = prepare_drawing(render_strokes(small, pen=11))
    assert np.abs(half - centred).mean() < 0.03


def test_inversion_makes_ink_bright_and_paper_zero():
    drawing = np.full((100, 60), 255, dtype=np.uint8)
    drawing[20:80, 10:50] = 0  # a black block of ink, 60×40
    image = prepare_drawing(drawing)
    # The block fills 20×13 (aspect kept) with value 1; everything else is 0.
    assert np.isclose(image.max(), 1.0) and np.isclose(image.min(), 0.0)
    assert np.isclose(image.sum(), 20 * round(40 * 20 / 60), atol=1e-9)
    assert image[0, 0] == 0 and image[14, 14] == 1
    # Already bright ink on black is the wrong way round: the "ink" found is the paper.
    wrong = prepare_drawing(255 - drawing)
    assert wrong[0, 0] == 0 and np.abs(wrong - image).sum() > 100


def test_empty_drawing_gives_a_clear_message_not_a_prediction():
    blank = np.full((CANVAS, CANVAS), 255, dtype=np.uint8)
    with pytest.raises(EmptyDrawingError, match="empty: there is no ink on it. Draw a digit"):
        check_drawing(blank)
    with pytest.raises(EmptyDrawingError, match="empty"):
        read_drawing(blank)
    with pytest.raises(ValueError, match="empty"):  # an EmptyDrawingError is a ValueError
        read_drawing(blank.astype(float))


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (np.zeros((3, 4, 4)), ValueError, r"2-D grey image \(height, width\), got \(3, 4, 4\)"),
        (np.full((4, 4), 300.0), ValueError, r"pixel values 0\.\.255"),
        (np.full((4, 4), np.nan), ValueError, "finite"),
        (np.array([["a", "b"]]), TypeError, "numbers"),
        (example_drawing() / 255.0, ValueError, "scaled already"),  # not read as a blob
    ],
)
def test_check_drawing_names_what_is_wrong(bad, error, message):
    with pytest.raises(error, match=message):
        check_drawing(bad)


def test_helpers_do_what_the_notebook_says():
    image = np.zeros((10, 12))
    image[3:6, 4:9] = 1
    assert crop_to_ink(image).shape == (3, 5)
    weights = box_weights(10, 4)
    assert weights.shape == (4, 10) and np.allclose(weights.sum(axis=1), 1)
    assert np.allclose(box_weights(3, 6).sum(axis=1), 1)  # enlarging works too
    assert fit_in_box(np.ones((100, 50)), 20).shape == (20, 10)
    assert np.allclose(fit_in_box(np.ones((100, 50)), 20), 1)  # area averaging keeps levels
    assert fit_in_box(np.ones((5, 2)), 20).shape == (20, 8)
    placed = centre_by_mass(np.ones((4, 2)), 28)
    assert placed.shape == (28, 28) and placed.sum() == 8
    assert np.allclose(centre_of_mass(placed), (14, 14), atol=0.5)


# --- the stored examples -------------------------------------------------------------------


def test_example_drawing_is_what_the_pad_sends():
    raw = example_drawing()
    assert raw.shape == (CANVAS, CANVAS) and raw.dtype == np.uint8
    assert raw.max() == 255 and raw.min() == 0
    assert 0.02 < np.mean(raw < 128) < 0.2  # some ink, mostly paper
    assert EXAMPLE_DIGIT == 7 and len(EXAMPLE_STROKES) == 2


def test_render_strokes_checks_its_input():
    with pytest.raises(ValueError, match="at least one stroke"):
        render_strokes([])
    with pytest.raises(ValueError, match="stroke 0 must be a list of"):
        render_strokes([[1, 2, 3]])
    with pytest.raises(ValueError, match="pen must be a number > 0"):
        render_strokes(FOUR, pen=0)
    dot = render_strokes([[(10, 10)]], size=(20, 30), pen=4)
    assert dot.shape == (20, 30) and dot[10, 10] == 0 and dot[0, 29] == 255


def test_synthetic_photo_is_grey_uneven_and_needs_cleaning():
    photo = synthetic_photo()
    assert photo.shape == (240, 320) and photo.dtype == np.uint8
    assert 120 < np.median(photo) < 210  # grey paper, not white
    top_left, bottom_right = photo[:20, :20].mean(), photo[-20:, -20:].mean()
    assert top_left - bottom_right > 50  # uneven light
    assert photo.min() < 80  # dark ink
    # Without cleaning, the inverted grey paper counts as ink: the crop is the whole photo.
    assert crop_to_ink(255.0 - photo).shape == photo.shape
    assert np.array_equal(synthetic_photo(seed=1), synthetic_photo(seed=1))
    assert not np.array_equal(synthetic_photo(seed=1), synthetic_photo(seed=2))
    with pytest.raises(ValueError, match="brighter than the ink"):
        synthetic_photo(paper=(40, 30), ink=45)


def test_show_pictures_puts_sizes_side_by_side():
    fig = show_pictures([example_drawing(), prepare_drawing(example_drawing())], ["a", "b"])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["a\n280×280 px", "b\n28×28 px"]
    plt.close(fig)
    with pytest.raises(ValueError, match="one title per image"):
        show_pictures([example_drawing()], ["a", "b"])


# --- the pad's Python side -----------------------------------------------------------------


def test_pixels_round_trip_through_the_payload():
    raw = example_drawing()
    assert np.array_equal(decode_pixels(encode_pixels(raw)), raw)
    with pytest.raises(ValueError, match="expected 280×280"):
        decode_pixels(encode_pixels(raw[:10]))
    with pytest.raises(ValueError, match="not base64"):
        decode_pixels("not base64!")


def test_the_pad_turns_a_strokes_pixels_into_a_prediction(template_model):
    pad = DrawPad(template_model)
    assert pad.predicted == -1 and pad.probabilities == [] and "Draw a digit" in pad.message
    raw = example_drawing()
    pad.pixels = encode_pixels(raw)  # what the page sends when a stroke ends
    expected = inference.predict(template_model, read_drawing(raw).astype(np.float32))
    assert pad.predicted == expected.labels == EXAMPLE_DIGIT
    assert len(pad.probabilities) == 10
    assert np.isclose(sum(pad.probabilities), 1.0, atol=1e-5)
    np.testing.assert_allclose(pad.probabilities, expected.probabilities, rtol=1e-6)
    assert pad.message.startswith(f"The model reads a {EXAMPLE_DIGIT} (")
    assert len(pad.seen) == 784 and max(pad.seen) > 200 and min(pad.seen) == 0
    one = render_strokes([[(140, 40), (140, 240)]])  # one vertical stroke
    pad.pixels = encode_pixels(one)
    assert pad.predicted == 1


def test_the_pad_says_so_when_the_drawing_is_empty_or_cleared(template_model):
    pad = DrawPad(template_model)
    pad.pixels = encode_pixels(example_drawing())
    pad.pixels = encode_pixels(np.full((CANVAS, CANVAS), 255, np.uint8))
    assert pad.predicted == -1 and pad.probabilities == [] and pad.seen == []
    assert "empty" in pad.message
    pad.pixels = encode_pixels(example_drawing())
    pad.pixels = ""  # Clear
    assert pad.predicted == -1 and pad.probabilities == [] and "Draw a digit" in pad.message
    pad.pixels = "AAAA"  # a payload of the wrong size
    assert pad.predicted == -1 and "expected 280×280" in pad.message


def test_the_pad_has_a_text_stand_in_without_widgets(template_model):
    bundle = DrawPad(template_model)._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle  # anywidget: (data, metadata)
    assert "drawing pad" in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- draw_digit: strokes in a unit square, through the same preparation -------------------


def test_draw_digit_gives_an_mnist_style_image():
    digit = draw_digit(SEVEN)
    assert digit.shape == (28, 28) and digit.dtype == np.uint8
    assert max(box_size(digit)) == 20
    cy, cx = centre_of_mass(digit)
    assert abs(cy - 14) <= 0.6 and abs(cx - 14) <= 0.6
    thin, thick = draw_digit(SEVEN, thickness=0.05), draw_digit(SEVEN, thickness=0.2)
    assert (thick > 128).sum() > 2 * (thin > 128).sum()


@pytest.mark.parametrize(
    ("strokes", "thickness", "message"),
    [
        ([], 0.1, "at least one stroke"),
        ([[(0.1, 0.2, 0.3)]], 0.1, r"stroke 0 must be a list of \(x, y\) points"),
        ([[(0.1, np.nan)]], 0.1, "finite"),
        (SEVEN, 0.0, "thickness"),
        (SEVEN, 0.6, "thickness"),
    ],
)
def test_draw_digit_rejects_bad_strokes(strokes, thickness, message):
    with pytest.raises(ValueError, match=message):
        draw_digit(strokes, thickness=thickness)


def test_draw_digit_is_the_pad_and_notebook_04s_preparation():
    pixels = [[(x * CANVAS, y * CANVAS) for x, y in stroke] for stroke in SEVEN]
    by_hand = prepare_drawing(render_strokes(pixels, CANVAS, 0.12 * CANVAS).astype(float))
    np.testing.assert_array_equal(draw_digit(SEVEN), np.round(by_hand * 255).astype(np.uint8))


def test_the_pads_page_code_and_style_come_from_files_the_package_ships():
    import tomllib
    from pathlib import Path

    from course_utils import drawing

    folder = Path(drawing.__file__).parent
    assert str(DrawPad._esm).rstrip().endswith("export default { render };")
    assert ".course-drawpad-canvas" in str(DrawPad._css)
    assert Path(DrawPad._esm._path) == folder / "drawpad.js"  # anywidget read the file
    # A normal (not editable) install copies only what package-data lists.
    pyproject = tomllib.loads((folder.parent / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = set(pyproject["tool"]["setuptools"]["package-data"]["course_utils"])
    assert {p.name for p in folder.glob("*") if p.suffix in (".js", ".css")} <= shipped
