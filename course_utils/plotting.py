"""One plot style and shared pictures (plumbing for notebooks 00, 03, 04, 08, 09).

Digit grids (``show_images``), learning curves (``plot_history``), a confusion matrix
(``plot_confusion_matrix``) and class probabilities as bar charts (``plot_probabilities``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from course_utils import validate

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), yellow last
# because it is hard to see on white. tests/test_style.py checks that the colours stay apart
# for deuteranopia and protanopia, as simulated with Machado et al. (2009).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
# Each colour comes with its own line style, so that compared runs never differ by colour alone
# (also in grey print). Markers are left to each plot: on a curve of 1,000 batch losses a
# marker per point would hide the line.
LINE_STYLES = ("-", "--", "-.", ":", (0, (8, 2)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (5, 5)))
COURSE_CYCLE = mpl.cycler(color=OKABE_ITO) + mpl.cycler(linestyle=LINE_STYLES)
# Markers for plots that mark their points (one per compared setting, as the line styles).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def line_style(i: int) -> dict[str, object]:
    """The colour and line style of the course cycle's ``i``-th line (wrapping around).

    For plots that set a line's look themselves (several curves per setting, error bars): the
    ``i``-th setting then looks as the ``i``-th line of a plain ``ax.plot`` would.
    """
    return {"color": OKABE_ITO[i % len(OKABE_ITO)], "linestyle": LINE_STYLES[i % len(LINE_STYLES)]}


COURSE_STYLE = {
    "axes.prop_cycle": COURSE_CYCLE,
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


def _frame(ax: plt.Axes) -> None:
    """Show a thin frame around an image instead of axes and ticks."""
    ax.axis("on")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.8)


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
                _frame(ax)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _history_dict(history: Any, name: str) -> dict[str, list[float]]:
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping) or not values:
        raise TypeError(
            f"{name} must be a Keras History or a dict of per-epoch lists, "
            f"got {type(history).__name__}"
        )
    return {str(k): list(np.ravel(v)) for k, v in values.items()}


def plot_history(
    history: Any, title: str | None = None, metrics: Sequence[str] = ("loss", "accuracy")
) -> plt.Figure:
    """Draw learning curves (学习曲线): one panel per metric, training vs validation, per epoch.

    Args:
        history: a Keras ``History`` (or its ``.history`` dict), or a dict
            ``{run name: History}`` to compare several runs in the same panels (one colour
            per run; training solid, validation dashed).
        title: a title over the figure.
        metrics: the metrics to draw, one panel each (``val_<metric>`` is drawn beside each).

    Returns:
        The matplotlib figure.

    Raises:
        TypeError: if ``history`` is not a History or a dict of them.
        ValueError: if no run holds one of ``metrics``.
    """
    if (
        isinstance(history, Mapping)
        and history
        and all(hasattr(v, "history") or isinstance(v, Mapping) for v in history.values())
    ):
        runs = {str(name): _history_dict(h, f"history[{name!r}]") for name, h in history.items()}
    else:
        runs = {"": _history_dict(history, "history")}
    if isinstance(metrics, str) or not metrics:
        raise ValueError(f"metrics must be a non-empty list of names, got {metrics!r}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.6), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, metric in zip(axes.flat, metrics, strict=True):
        drawn = False
        for i, (run, values) in enumerate(runs.items()):
            for key, style, part in (
                (metric, "-", "training"),
                (f"val_{metric}", "--", "validation"),
            ):
                if key not in values:
                    continue
                epochs = np.arange(1, len(values[key]) + 1)
                label = f"{run} {part}".strip()
                ax.plot(
                    epochs,
                    values[key],
                    style,
                    color=colours[i % len(colours)],
                    label=label,
                    marker="o" if len(epochs) <= 12 else None,
                    markersize=3,
                )
                drawn = True
        if not drawn:
            raise ValueError(f"no run holds the metric {metric!r}; it has {sorted(values)}")
        ax.set_title(metric.replace("_", " "))
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric.replace("_", " ") + (" (fraction correct)" if "acc" in metric else ""))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
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
    if true_labels is not None:
        labels = np.asarray(true_labels)
        if (
            not np.issubdtype(labels.dtype, np.integer)
            or labels.min() < 0
            or labels.max() >= classes
        ):
            raise ValueError(
                f"true_labels must be integer classes 0..{classes - 1}, got {labels.tolist()[:10]}"
            )
    cols = 2 if images is not None else 1
    fig, axes = plt.subplots(
        n,
        cols,
        figsize=(6.4, 1.9 * n),
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 3.2]} if cols == 2 else None,
    )
    for row in range(n):
        predicted = int(probs[row].argmax())
        if images is not None:
            axes[row, 0].imshow(images[row], cmap="gray_r")
            _frame(axes[row, 0])
        ax = axes[row, -1]
        colours = ["#1f4e79" if c == predicted else "#9dc3e6" for c in range(classes)]
        bars = ax.bar(range(classes), probs[row], color=colours)
        if true_labels is not None:
            bars[int(true_labels[row])].set_edgecolor("#c00000")
            bars[int(true_labels[row])].set_linewidth(2)
        ax.set_ylim(0, 1.12)
        ax.set_xticks(range(classes))
        ax.set_xlabel("digit")
        ax.set_ylabel("probability")
        text = f"predicted {predicted} ({probs[row, predicted]:.0%})"
        if true_labels is not None:
            text += f", true {int(true_labels[row])}"
        ax.set_title(f"{titles[row]}: {text}" if titles is not None else text, fontsize=10)
    fig.tight_layout()
    return fig
