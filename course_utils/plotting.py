"""One plot style for the whole course, and the pictures the notebooks share."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

COURSE_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.frameon": False,
    "image.cmap": "gray_r",
}


def use_course_style() -> None:
    """Apply the course's matplotlib style (called by ``course_utils.setup()``)."""
    mpl.rcParams.update(COURSE_STYLE)


def show_images(
    images: np.ndarray,
    labels: Sequence | None = None,
    title: str | None = None,
    ncols: int = 10,
    size: float = 1.1,
) -> plt.Figure:
    """Draw images in a grid, each with an optional caption (a label or a prediction).

    Args:
        images: array of shape (n, height, width), or (n, h, w, 3 or 4) for colour.
        labels: n captions (numbers or strings), or None.
        title: a title over the whole grid.
        ncols: images per row.
        size: inches per image.

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
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap="gray_r" if images.ndim == 3 else None)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
