"""Pictures of digits and images: grids, pixel values, class probabilities, a confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_utils import validate
from course_utils.plots.style import frame_image


def show_images(
    images: np.ndarray,
    labels: Sequence | None = None,
    title: str | None = None,
    ncols: int = 10,
    size: float = 1.1,
    frame: bool = False,
) -> plt.Figure:
    """Draw images in a grid, each with an optional caption (a label or a prediction).

    Args:
        images: array of shape (n, height, width), or (n, h, w, 3 or 4) for colour.
        labels: n captions (numbers or strings), or None.
        title: a title over the whole grid.
        ncols: images per row.
        size: inches per image.
        frame: draw a thin frame around each image (shows where the 28×28 border is, e.g.
            for shifted digits).

    Returns:
        The matplotlib figure.

    Raises:
        ValueError: if ``images`` is not a non-empty stack of 2-D (or colour) images, the
            number of labels differs, or ``ncols < 1``.
    """
    images = np.asarray(images)
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"images must have shape (n, height, width) with n > 0, got {images.shape}"
        )
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"labels must have {len(images)} entries, got {len(labels)}")
    ncols = validate.number("ncols", ncols, integer=True, low=1)
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap="gray_r" if images.ndim == 3 else None)
            if frame:
                frame_image(ax)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(
    y_true: Any, y_pred: Any, title: str | None = None, num_classes: int = 10
) -> plt.Figure:
    """Draw a confusion matrix (混淆矩阵): true class down, predicted class across, counts in cells.

    Correct predictions sit on the diagonal (grey); every other cell counts one kind of
    mistake and is coloured by its count, so the common mistakes stand out.

    Args:
        y_true: the true labels, shape (n,).
        y_pred: the predicted labels, shape (n,).
        title: the plot title (default: "Confusion matrix (n samples)").
        num_classes: the number of classes (labels 0..num_classes-1).

    Returns:
        The matplotlib figure.

    Raises:
        ValueError: for labels that are not integers in range or lengths that differ.
    """
    from course_utils.metrics import confusion_matrix

    counts = confusion_matrix(y_true, y_pred, num_classes)
    mistakes = np.where(np.eye(num_classes, dtype=bool), 0, counts)
    fig, ax = plt.subplots(figsize=(6.2, 5.4))
    image = ax.imshow(mistakes, cmap="Reds", vmin=0, vmax=max(1, mistakes.max()))
    ax.imshow(np.where(np.eye(num_classes), 1.0, np.nan), cmap="Greys", vmin=0, vmax=4)
    for t in range(num_classes):
        for p in range(num_classes):
            if counts[t, p]:
                dark = t != p and mistakes[t, p] > 0.6 * mistakes.max()
                ax.text(
                    p,
                    t,
                    f"{counts[t, p]}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "black",
                )
    ax.set_xticks(range(num_classes))
    ax.set_yticks(range(num_classes))
    ax.grid(False)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="mistakes (count)")
    accuracy = np.trace(counts) / max(1, counts.sum())
    ax.set_title(title or f"Confusion matrix ({counts.sum():,} samples, accuracy {accuracy:.3f})")
    fig.tight_layout()
    return fig


def _checked_probabilities(probabilities, images, titles, true_labels) -> tuple:
    """plot_probabilities' input as arrays: (n, classes) probabilities and (n, h, w) images."""
    probs = np.asarray(probabilities, dtype=np.float64)
    probs = probs[np.newaxis] if probs.ndim == 1 else probs
    if probs.ndim != 2 or probs.size == 0:
        raise ValueError(
            f"probabilities must have shape (classes,) or (n, classes), got "
            f"{np.shape(probabilities)}"
        )
    if not (np.isfinite(probs).all() and probs.min() >= 0 and probs.max() <= 1 + 1e-6):
        raise ValueError("probabilities must be numbers in [0, 1] (apply a softmax to logits)")
    n, classes = probs.shape
    if images is not None:
        images = np.asarray(images)
        images = images[np.newaxis] if images.ndim == 2 else images
        if len(images) != n:
            raise ValueError(f"images must hold {n} images, got {len(images)}")
    for arg, values in (("titles", titles), ("true_labels", true_labels)):
        if values is not None and len(values) != n:
            raise ValueError(f"{arg} must have {n} entries, got {len(values)}")
    labels = np.asarray([] if true_labels is None else true_labels)
    if labels.size and (
        not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= classes
    ):
        raise ValueError(
            f"true_labels must be integer classes 0..{classes - 1}, got {labels.tolist()[:10]}"
        )
    return probs, images


def _probability_bars(ax: plt.Axes, probs: np.ndarray, true: int | None, title: str | None) -> None:
    """One sample's bars: the predicted class dark, the true class (if known) outlined."""
    predicted = int(probs.argmax())
    colours = ["#1f4e79" if c == predicted else "#9dc3e6" for c in range(len(probs))]
    bars = ax.bar(range(len(probs)), probs, color=colours)
    if true is not None:
        bars[true].set_edgecolor("#c00000")
        bars[true].set_linewidth(2)
    ax.set_ylim(0, 1.12)
    ax.set_xticks(range(len(probs)))
    ax.set_xlabel("digit")
    ax.set_ylabel("probability")
    text = f"predicted {predicted} ({probs[predicted]:.0%})"
    text += f", true {true}" if true is not None else ""
    ax.set_title(f"{title}: {text}" if title is not None else text, fontsize=10)


def plot_probabilities(
    probabilities: Any,
    images: Any = None,
    titles: Sequence[str] | None = None,
    true_labels: Sequence[int] | None = None,
) -> plt.Figure:
    """Draw class probabilities as bar charts, one row per sample, beside its image if given.

    The predicted class's bar is dark; the true class (if given) is outlined.

    Args:
        probabilities: shape (10,) for one sample or (n, classes) for several; rows sum to 1.
        images: optional images to draw left of the bars, shape (h, w) or (n, h, w).
        titles: optional n titles (e.g. "shifted 3 px right").
        true_labels: optional n true labels.

    Returns:
        The matplotlib figure.

    Raises:
        ValueError: for probabilities that are not in [0, 1] or shapes that do not match.
    """
    probs, images = _checked_probabilities(probabilities, images, titles, true_labels)
    n = len(probs)
    cols = 2 if images is not None else 1
    fig, axes = plt.subplots(
        n,
        cols,
        figsize=(6.4, 1.9 * n),
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 3.2]} if cols == 2 else None,
    )
    for row in range(n):
        if images is not None:
            axes[row, 0].imshow(images[row], cmap="gray_r")
            frame_image(axes[row, 0])
        true = None if true_labels is None else int(true_labels[row])
        _probability_bars(axes[row, -1], probs[row], true, None if titles is None else titles[row])
    fig.tight_layout()
    return fig


LUMA = np.array([0.299, 0.587, 0.114])  # how bright red, green and blue look to the eye


def show_pixel_grids(
    grids, labels: Sequence | None = None, title: str | None = None, ncols: int = 6
) -> plt.Figure:
    """Draw small black/white pixel grids (such as 5×5 letters) with a frame and pixel lines.

    Uses :func:`course_utils.plots.show_images` (black = 1, white = 0) and adds what a tiny
    grid needs to be read: its border and a thin line between pixels.

    Args:
        grids: array of shape (n, rows, columns) with values in [0, 1].
        labels: n captions, or None.
        title: a title over the whole figure.
        ncols: grids per row.

    Returns:
        The matplotlib figure.

    Raises:
        ValueError: if ``grids`` is not a non-empty (n, rows, columns) stack with values in
            [0, 1], or the labels do not match.
    """
    grids = np.asarray(grids, dtype=float)
    if grids.ndim != 3 or len(grids) == 0:
        raise ValueError(f"grids must have shape (n, rows, columns) with n > 0, got {grids.shape}")
    if not np.all(np.isfinite(grids)) or grids.min() < 0 or grids.max() > 1:
        raise ValueError("grids must hold values between 0 (white) and 1 (black)")
    fig = show_images(grids, labels=labels, title=title, ncols=ncols, size=1.5)
    rows, cols = grids.shape[1:]
    for ax in fig.axes[: len(grids)]:
        ax.images[0].set_clim(0, 1)  # an all-white or all-black grid keeps its true colour
        ax.axis("on")
        ax.set_xticks(np.arange(-0.5, cols, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, rows, 1), minor=True)
        ax.grid(which="minor", color="0.75", lw=0.5)
        ax.grid(which="major", visible=False)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("0.3")
    fig.tight_layout()
    return fig


def show_pixel_values(image, title: str, ax: Axes | None = None) -> Axes:
    """Draw a small 8-bit image with the number(s) of every pixel written on it.

    Grayscale (h, w) shows one value per pixel (0 = black, 255 = white); RGB (h, w, 3) and
    RGBA (h, w, 4) show the channel values, RGBA over a checkerboard so transparency shows.

    Args:
        image: uint8-range values, shape (h, w), (h, w, 3) or (h, w, 4); at most 8×8 pixels.
        title: the axes title.
        ax: the axes to draw on (a new figure if None).

    Returns:
        The axes.

    Raises:
        ValueError: for another shape, more than 8×8 pixels or values outside 0..255.
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ValueError(f"image must have shape (h, w), (h, w, 3) or (h, w, 4), got {image.shape}")
    if image.shape[0] > 8 or image.shape[1] > 8 or image.size == 0:
        raise ValueError(f"image must be 1 to 8 pixels on each side, got {image.shape[:2]}")
    if not np.all(np.isfinite(image)) or image.min() < 0 or image.max() > 255:
        raise ValueError("image values must lie in 0..255")
    image = image.astype(np.uint8)
    if ax is None:
        _, ax = plt.subplots(figsize=(3, 3))
    h, w = image.shape[:2]
    if image.ndim == 3 and image.shape[2] == 4:
        checker = (np.add.outer(np.arange(h * 4), np.arange(w * 4)) % 2) * 60 + 180
        ax.imshow(checker, cmap="gray", vmin=0, vmax=255, extent=(-0.5, w - 0.5, h - 0.5, -0.5))
    if image.ndim == 2:
        ax.imshow(image, cmap="gray", vmin=0, vmax=255)
    else:
        ax.imshow(image)
    for r in range(h):
        for c in range(w):
            pixel = image[r, c]
            text = str(pixel) if image.ndim == 2 else "\n".join(str(v) for v in pixel)
            # perceived brightness decides between white and black text
            shade = float(pixel) if image.ndim == 2 else float(pixel[:3] @ LUMA)
            if image.ndim == 3 and image.shape[2] == 4:  # blend with the light checkerboard
                alpha = pixel[3] / 255
                shade = alpha * shade + (1 - alpha) * 210
            ax.text(
                c,
                r,
                text,
                ha="center",
                va="center",
                fontsize=8 if image.ndim == 2 else 7,
                color="white" if shade < 128 else "black",
            )
    ax.set_xticks(range(w))
    ax.set_yticks(range(h))
    ax.set(title=title, xlabel="column (pixel)", ylabel="row (pixel)")
    ax.grid(False)
    return ax


def show_pictures(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    title: str | None = None,
    size: float = 2.2,
) -> Any:
    """Show images of any size side by side, grey values as they are (0 black, max white).

    Each image keeps its own pixel grid, so a 280×280 drawing and the 28×28 image the model
    sees can stand next to each other. Values 0-255 and 0-1 are both shown on their own full
    range (0 black; 255 or 1 white).

    Args:
        images: 2-D arrays.
        titles: one caption per image.
        title: a title over the row.
        size: inches per image.

    Returns:
        The matplotlib figure.

    Raises:
        ValueError: if an image is not 2-D or the number of titles differs.
    """
    if len(images) != len(titles) or not images:
        raise ValueError(f"need one title per image, got {len(images)} images, {len(titles)}")
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size + 0.6))
    for ax, image, caption in zip(np.atleast_1d(axes), images, titles, strict=True):
        image = np.asarray(image)
        if image.ndim != 2:
            raise ValueError(f"each image must be 2-D, got shape {image.shape}")
        top = 255 if image.max() > 1 else 1
        ax.imshow(image, cmap="gray", vmin=0, vmax=top, interpolation="nearest")
        ax.set_title(f"{caption}\n{image.shape[0]}×{image.shape[1]} px", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():  # a frame, so white paper shows where it ends
            spine.set_visible(True)
            spine.set_color("0.6")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    plt.show()
    return fig
