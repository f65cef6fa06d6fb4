"""Draw a digit (plumbing for notebook 04): MNIST-style drawings and a live drawing pad.

Notebook 04 writes the preparation out step by step in NumPy — invert, crop to the ink, fit
into 20×20 keeping the aspect ratio, centre by the centre of mass in 28×28, scale to [0, 1] —
and this module keeps the very same functions (``prepare_drawing`` and the helpers it calls),
so that the drawing pad prepares a learner's drawing exactly as the lesson showed.

The rest is plumbing:

- ``example_drawing()``: a stored drawing of a 7 in the form the pad sends it (dark ink on a
  white 280×280 canvas), so the notebook means something without a browser.
- ``synthetic_photo()``: the course's "photo" of a digit: grey paper, uneven light, a little
  blur and sensor noise.
- ``check_drawing`` / ``read_drawing``: the empty drawing gets a clear message, not a
  prediction.
- ``DrawPad``: an anywidget (a small ES module in ``drawpad.js`` with its style in
  ``drawpad.css``, next to this file; no JavaScript build step) with a canvas,
  a Clear button, and a bar chart of the model's ten probabilities with the predicted digit,
  updated each time a stroke ends. Without widget support (GitHub, nbval, nbconvert) it shows
  one line of text instead.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from course_utils import inference, validate
from course_utils.env import SEED

CANVAS = 280  # the pad's canvas, pixels per side (10× MNIST's 28)
PEN = 22.0  # the pad's pen width in canvas pixels: ~2 px after shrinking the digit to 20×20
PAPER, INK = 255, 0  # the pad draws black ink on white paper, like a pen

# The stored example drawing: the strokes of a "7", (x, y) in the pad's 280×280 canvas pixels,
# drawn by ``render_strokes`` as the pad's pen draws. The 7 sits in the upper left of the pad,
# about half its height: not centred, not filling the canvas.
EXAMPLE_DIGIT = 7
EXAMPLE_STROKES = (
    ((38, 52), (70, 48), (104, 46), (136, 47), (152, 50)),
    ((152, 50), (140, 78), (126, 108), (113, 140), (102, 170), (95, 194)),
)


class EmptyDrawingError(ValueError):
    """The drawing has no ink: there is nothing to read."""


# ---------------------------------------------------------------------------------------
# The preparation, as notebook 04 shows it
# ---------------------------------------------------------------------------------------


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def crop_to_ink(image):
    """Cut an image down to the bounding box of its ink (the pixels above 0).

    Args:
        image: a 2-D array, ink bright (> 0) on a background of 0.

    Returns:
        The smallest rectangle of ``image`` that holds every pixel above 0.
    """
    rows = np.flatnonzero(image.max(axis=1) > 0)
    cols = np.flatnonzero(image.max(axis=0) > 0)
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def box_weights(n_in, n_out):
    """How much of each of ``n_in`` pixels falls into each of ``n_out`` pixels (rows sum to 1).

    Returns:
        An (n_out, n_in) array: multiplying by it resizes one axis by area averaging.
    """
    edges = np.linspace(0, n_in, n_out + 1)
    pixel = np.arange(n_in)
    overlap = np.minimum(edges[1:, None], pixel + 1) - np.maximum(edges[:-1, None], pixel)
    overlap = np.clip(overlap, 0, None)
    return overlap / overlap.sum(axis=1, keepdims=True)


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def fit_in_box(image, box=20):
    """Resize an image so that its longer side is ``box`` pixels, keeping the aspect ratio.

    Returns:
        The resized image (area averaging: each new pixel is the mean of what it covers).
    """
    scale = box / max(image.shape)
    height = max(1, round(image.shape[0] * scale))
    width = max(1, round(image.shape[1] * scale))
    return box_weights(image.shape[0], height) @ image @ box_weights(image.shape[1], width).T


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def centre_by_mass(digit, size=28):
    """Place a digit in a size×size image so that its centre of mass is at the centre.

    Returns:
        A (size, size) float array, 0 around the digit.
    """
    rows, cols = np.indices(digit.shape)
    centre_row = (rows * digit).sum() / digit.sum()
    centre_col = (cols * digit).sum() / digit.sum()
    top = int(np.clip(round(size / 2 - centre_row), 0, size - digit.shape[0]))
    left = int(np.clip(round(size / 2 - centre_col), 0, size - digit.shape[1]))
    image = np.zeros((size, size))
    image[top : top + digit.shape[0], left : left + digit.shape[1]] = digit
    return image


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def prepare_drawing(drawing):
    """Prepare a drawing (dark ink on light paper, 0-255, any size) like MNIST's digits.

    Returns:
        A (28, 28) float array in [0, 1], bright ink on 0, the digit fitted into 20×20 and
        its centre of mass at the centre: what the model was trained on.
    """
    ink = 255.0 - drawing  # 1. invert: ink bright, paper 0
    digit = crop_to_ink(ink)  # 2. crop to the ink's bounding box
    digit = fit_in_box(digit, 20)  # 3. fit into 20×20, keeping the aspect ratio
    image = centre_by_mass(digit, 28)  # 4. centre of mass to the centre of 28×28
    return image / 255.0  # 5. scale to [0, 1]


# ---------------------------------------------------------------------------------------
# Plumbing: checks, the stored example, the synthetic photo
# ---------------------------------------------------------------------------------------


def check_drawing(drawing: Any, name: str = "drawing") -> np.ndarray:
    """Check that a drawing is a 2-D grey image of 0-255 values with some ink on it.

    Args:
        drawing: a 2-D array, dark ink on light paper, values 0-255.
        name: what to call it in error messages.

    Returns:
        The drawing as a float64 array.

    Raises:
        TypeError: if it is not a NumPy array of numbers.
        ValueError: if it is not a 2-D array of finite values in 0-255, or holds floats all
            in [0, 1] (scaled already: paper would read as ink).
        EmptyDrawingError: if it has no ink (every pixel is blank paper, 255).
    """
    if isinstance(drawing, np.ndarray) and drawing.ndim != 2:
        raise ValueError(f"{name} must be a 2-D grey image (height, width), got {drawing.shape}")
    array = validate.pixels(name, drawing)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D grey image (height, width), got {array.shape}")
    array = array.astype(np.float64)
    if array.min() >= PAPER:
        raise EmptyDrawingError(f"the {name} is empty: there is no ink on it. Draw a digit first.")
    return array


def read_drawing(drawing: Any) -> np.ndarray:
    """``prepare_drawing`` after ``check_drawing``: a clear error instead of a bad guess.

    Raises:
        EmptyDrawingError: for a drawing without ink; ValueError for a malformed one.
    """
    return prepare_drawing(check_drawing(drawing))


def render_strokes(
    strokes: Sequence[Sequence[Sequence[float]]],
    size: int | tuple[int, int] = CANVAS,
    pen: float = PEN,
) -> np.ndarray:
    """Draw strokes the way the pad does: black round pen on white paper, soft edges.

    Args:
        strokes: each stroke a sequence of (x, y) points in pixels, y downwards.
        size: the canvas, ``n`` for n×n or ``(height, width)``.
        pen: the pen's width in pixels.

    Returns:
        A uint8 array (height, width): 255 paper, down to 0 where the pen went.

    Raises:
        ValueError: for no strokes, a stroke that is not a list of (x, y) points, or a pen
            width that is not positive.
    """
    height, width = (size, size) if np.isscalar(size) else size
    pen = validate.number("pen", pen, low=0, low_open=True)
    rows, cols = np.mgrid[0:height, 0:width] + 0.5
    distance = np.full((height, width), np.inf)
    for i, stroke in enumerate(strokes):
        points = np.asarray(stroke, dtype=np.float64)
        if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
            raise ValueError(f"stroke {i} must be a list of (x, y) points, got {points.shape}")
        if not np.isfinite(points).all():
            raise ValueError(f"stroke {i} must hold finite (x, y) numbers, got NaN or inf")
        for (x0, y0), (x1, y1) in zip(points, np.vstack([points[1:], points[-1:]]), strict=True):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = (
                0.0
                if length2 == 0
                else np.clip(((cols - x0) * dx + (rows - y0) * dy) / length2, 0, 1)
            )
            distance = np.minimum(distance, np.hypot(cols - x0 - t * dx, rows - y0 - t * dy))
    if np.isinf(distance).all():
        raise ValueError("strokes must hold at least one stroke of (x, y) points")
    ink = np.clip(pen / 2 - distance + 0.5, 0.0, 1.0)  # a one-pixel soft edge
    return np.round(PAPER - ink * (PAPER - INK)).astype(np.uint8)


def draw_digit(strokes: Sequence[Sequence[Sequence[float]]], thickness: float = 0.12) -> np.ndarray:
    """Draw a digit from pen strokes and prepare it as notebook 04 does (``prepare_drawing``).

    Args:
        strokes: the pen's paths; each stroke is a sequence of (x, y) points in a unit
            square, x to the right and y downwards (as on a screen), e.g. a "7" is
            ``[[(0.2, 0.1), (0.8, 0.1), (0.4, 0.9)]]``. A single point draws a dot.
        thickness: the pen width as a share of the square's side, in (0, 0.5].

    Returns:
        A uint8 image of shape (28, 28), 0-255, bright ink on 0: the strokes drawn on the
        280×280 pad (``render_strokes``), then ``read_drawing``.

    Raises:
        TypeError: if ``thickness`` is not a number.
        ValueError: if there are no strokes, a point is not an (x, y) pair of finite numbers,
            or ``thickness`` is not in (0, 0.5].
    """
    thickness = validate.number("thickness", thickness, low=0, high=0.5, low_open=True)
    if isinstance(strokes, np.ndarray) and strokes.ndim == 2:
        strokes = [strokes]
    if not isinstance(strokes, (Sequence, np.ndarray)) or isinstance(strokes, str):
        raise TypeError(f"strokes must be a list of strokes, got {validate.describe(strokes)}")
    on_pad = [np.asarray(stroke, dtype=np.float64) * CANVAS for stroke in strokes]
    image = read_drawing(render_strokes(on_pad, CANVAS, thickness * CANVAS))
    return np.round(image * 255).astype(np.uint8)


def example_drawing() -> np.ndarray:
    """The stored example: a 7 in the upper left of the 280×280 pad, drawn with the pad's pen.

    Returns:
        A uint8 array (280, 280): 255 paper, 0 ink — what the pad sends to Python.
    """
    return render_strokes(EXAMPLE_STROKES)


def _blur(image: np.ndarray, sigma: float) -> np.ndarray:
    radius = max(1, int(3 * sigma))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(image, radius, mode="edge")
    rows = np.apply_along_axis(np.convolve, 0, padded, kernel, mode="valid")
    return np.apply_along_axis(np.convolve, 1, rows, kernel, mode="valid")


def synthetic_photo(
    strokes: Sequence[Sequence[Sequence[float]]] = EXAMPLE_STROKES,
    size: tuple[int, int] = (240, 320),
    paper: tuple[float, float] = (205.0, 125.0),
    ink: float = 45.0,
    blur: float = 2.0,
    noise: float = 4.0,
    seed: int = SEED,
) -> np.ndarray:
    """The course's "photo" of a digit on paper: grey paper, uneven light, blur, noise.

    The strokes (in 280×280 pad pixels) are drawn into the middle of a wider picture; the
    light falls off from the top left (``paper[0]``) to the bottom right (``paper[1]``), the
    ink is grey, not black, and the picture is slightly out of focus and noisy — as a phone
    photo of a digit on a sheet of paper under a desk lamp.

    Args:
        strokes: the digit's strokes, as for ``render_strokes`` on the 280×280 pad.
        size: (height, width) of the photo in pixels.
        paper: the paper's grey level at the brightest and the darkest corner (0-255).
        ink: the ink's grey level where the light is brightest.
        blur: the blur's standard deviation in pixels.
        noise: the sensor noise's standard deviation in grey levels.
        seed: seed of the noise.

    Returns:
        A uint8 array of shape ``size``, dark ink on grey paper.

    Raises:
        ValueError: if the photo is smaller than the 280×280 pad scaled to fit, or the paper
            is not brighter than the ink.
    """
    height, width = size
    if min(height, width) < 28:
        raise ValueError(f"size must be at least 28×28 pixels, got {size}")
    if not min(paper) > ink:
        raise ValueError(f"the paper ({paper}) must be brighter than the ink ({ink})")
    side = min(height, width) * 0.9
    scale = side / CANVAS
    offset = np.array([(width - side) / 2, (height - side) / 2])
    scaled = [np.asarray(s, dtype=np.float64) * scale + offset for s in strokes]
    drawn = 1.0 - render_strokes(scaled, (height, width), PEN * scale) / 255.0  # 1 = ink
    rows, cols = np.mgrid[0:height, 0:width]
    light = (rows / height + cols / width) / 2  # 0 at the top left, 1 at the bottom right
    paper_level = paper[0] + (paper[1] - paper[0]) * light
    ink_level = ink * paper_level / paper[0]  # ink is darker where the light is weaker
    photo = paper_level + (ink_level - paper_level) * drawn
    photo = _blur(photo, blur) + np.random.default_rng(seed).normal(0, noise, photo.shape)
    return np.round(np.clip(photo, 0, 255)).astype(np.uint8)


# ---------------------------------------------------------------------------------------
# The live drawing pad
# ---------------------------------------------------------------------------------------


def decode_pixels(payload: str, size: int = CANVAS) -> np.ndarray:
    """The pad's payload back as a (size, size) uint8 array (255 paper, 0 ink).

    Raises:
        ValueError: if the payload is not base64 of size×size bytes.
    """
    try:
        raw = base64.b64decode(payload, validate=True)
    except ValueError as error:
        raise ValueError(f"the pad's pixels are not base64: {error}") from None
    if len(raw) != size * size:
        raise ValueError(f"the pad sent {len(raw)} pixels, expected {size}×{size} = {size * size}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(size, size)


_WAITING = "Draw a digit (one stroke or several)."


class DrawPad(anywidget.AnyWidget):
    """A live drawing pad: draw a digit with the mouse (or a finger) and see what a model reads.

    A 280×280 canvas with a Clear button; each time a stroke ends, the page sends the canvas's
    grey pixels to Python (``pixels``), which prepares them with ``read_drawing`` (the empty
    pad gets a message, not a prediction) and sends back the model's ten probabilities (shown
    as bars), the predicted digit, and the 28×28 image the model saw.

    Args:
        model: a Keras digit model (logits or softmax output), as for ``inference.predict``.
    """

    # The page's code and style, in files next to this module (anywidget reads a Path).
    _esm = Path(__file__).with_name("drawpad.js")
    _css = Path(__file__).with_name("drawpad.css")
    size = traitlets.Int(CANVAS).tag(sync=True)
    pen = traitlets.Float(PEN).tag(sync=True)
    pixels = traitlets.Unicode("").tag(sync=True)  # base64 grey canvas, set by the page
    strokes = traitlets.Int(0).tag(sync=True)  # strokes since the last Clear
    probabilities = traitlets.List(traitlets.Float()).tag(sync=True)
    predicted = traitlets.Int(-1).tag(sync=True)
    seen = traitlets.List(traitlets.Int()).tag(sync=True)  # the 28×28 image, 0-255
    message = traitlets.Unicode(_WAITING).tag(sync=True)

    def __init__(self, model: Any, **kwargs: Any) -> None:
        import keras

        if not isinstance(model, keras.Model):
            raise TypeError(
                f"model must be a Keras model, got {validate.describe(model)}; for a saved "
                "file, load it first: model = keras.saving.load_model(path)"
            )
        super().__init__(**kwargs)
        self.model = model

    @traitlets.observe("pixels")
    def _pixels_changed(self, change: dict) -> None:
        self.read(change["new"])

    def read(self, payload: str) -> None:
        """Turn the page's pixels (base64 of the canvas' grey values, row by row) into a prediction.

        An empty payload (Clear) or a drawing without ink shows a message and no bars.
        """
        if not payload:
            self._show([], -1, [], _WAITING)
            return
        try:
            image = read_drawing(decode_pixels(payload, self.size))
        except ValueError as error:  # EmptyDrawingError included: say it on the page
            self._show([], -1, [], str(error))
            return
        labels, probabilities = inference.predict(self.model, image.astype(np.float32))
        seen = np.round(image * 255).astype(int).ravel().tolist()
        message = f"The model reads a {labels} ({probabilities[labels]:.0%})"
        self._show([float(p) for p in probabilities], int(labels), seen, message)

    def _show(self, probabilities: list, predicted: int, seen: list, message: str) -> None:
        with self.hold_sync():
            self.probabilities = probabilities
            self.predicted = predicted
            self.seen = seen
            self.message = message

    def __repr__(self) -> str:
        # What GitHub, nbval and nbconvert show instead of the pad (at most 110 characters).
        return "DrawPad: a drawing pad; it shows when this cell runs in JupyterLab."
