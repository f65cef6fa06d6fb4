"""Pictures for the from-scratch lessons (used by notebooks 01-03): decision lines, perceptron
snapshots, loss curves, pixels, and the diagram of one dense layer.

Grids of images (the 5×5 letters, digits) use :func:`course_utils.plotting.show_images`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from course_utils import validate
from course_utils.plotting import line_style, show_images

CLASS_COLOURS = ("#d62728", "#1f77b4")  # class 0 red, class 1 blue
REGION_COLOURS = ("#fbe3e3", "#e1ecf7")
LUMA = np.array([0.299, 0.587, 0.114])  # how bright red, green and blue look to the eye


def _points(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, 2) with n > 0, got {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X, got {y.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must contain only finite numbers, found NaN or inf")
    if not np.all(np.isin(y, (0, 1))):
        raise ValueError(f"y must hold only 0 and 1, got values {np.unique(y)}")
    return X, y.astype(int)


def plot_decision_boundary(
    X,
    y,
    w,
    b: float,
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Draw 2-D points of two classes, the line ``w1·x1 + w2·x2 + b = 0`` and its two sides.

    The side where the neuron outputs 1 (``w·x + b >= 0``) is shaded blue, the other red.

    Args:
        X: points of shape (n, 2).
        y: their labels, 0 or 1, shape (n,).
        w: the two weights.
        b: the bias.
        ax: the axes to draw on (a new figure if None).
        title: the axes title.
        legend: add a legend for the classes and the line.

    Returns:
        The axes.

    Raises:
        ValueError: for wrong shapes, labels other than 0/1, or non-finite weights.
    """
    X, y = _points(X, y)
    w = np.asarray(w, dtype=float)
    if w.shape != (2,) or not np.all(np.isfinite(w)) or not np.isfinite(b):
        raise ValueError(f"w must be two finite numbers and b finite, got w={w!r}, b={b!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    pad = 0.5
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    side = (w[0] * g1 + w[1] * g2 + b >= 0).astype(float)
    ax.contourf(g1, g2, side, levels=[-0.5, 0.5, 1.5], colors=REGION_COLOURS)
    if np.any(w != 0):
        if abs(w[1]) > abs(w[0]):  # solve for x2 unless the line is steep
            x1 = np.array([lo[0], hi[0]])
            ax.plot(x1, -(w[0] * x1 + b) / w[1], "k-", lw=2)
        else:
            x2 = np.array([lo[1], hi[1]])
            ax.plot(-(w[1] * x2 + b) / w[0], x2, "k-", lw=2)
    for label in (0, 1):
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=90, c=CLASS_COLOURS[label], edgecolors="k", zorder=3)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="x1 (input 1)", ylabel="x2 (input 2)")
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(handles=_legend_handles(), loc="upper left", bbox_to_anchor=(1.02, 1))
    return ax


def _legend_handles() -> list:
    marker = {"marker": "o", "ls": "", "markeredgecolor": "k", "markersize": 9}
    return [
        Line2D([], [], color=CLASS_COLOURS[0], label="target 0", **marker),
        Line2D([], [], color=CLASS_COLOURS[1], label="target 1", **marker),
        Line2D([], [], color="k", lw=2, label="decision line w·x + b = 0"),
        Patch(color=REGION_COLOURS[1], label="neuron outputs 1"),
        Patch(color=REGION_COLOURS[0], label="neuron outputs 0"),
    ]


def plot_perceptron_history(
    X, y, history: Sequence, errors: Sequence[int], title: str, ncols: int = 6, max_panels: int = 12
) -> plt.Figure:
    """Draw the decision line at the start and after each epoch, one small panel per snapshot.

    Args:
        X: the training points, shape (n, 2).
        y: their 0/1 labels.
        history: ``(w, b)`` at the start and after every epoch (one more entry than ``errors``).
        errors: the number of mistakes in each epoch.
        title: the figure title.
        ncols: panels per row.
        max_panels: draw at most this many snapshots (the first ones and the last one).

    Returns:
        The figure.

    Raises:
        ValueError: for bad points, ``len(history) != len(errors) + 1``, or ``ncols`` < 1 /
            ``max_panels`` < 2.
    """
    if ncols < 1 or max_panels < 2:
        raise ValueError(f"ncols must be >= 1 and max_panels >= 2, got {ncols} and {max_panels}")
    if len(history) != len(errors) + 1:
        raise ValueError(
            "history must hold the start and one (w, b) per epoch, i.e. len(errors) + 1 = "
            f"{len(errors) + 1} entries, got {len(history)}"
        )
    X, y = _points(X, y)
    steps = list(range(len(history)))
    if len(steps) > max_panels:
        steps = steps[: max_panels - 1] + steps[-1:]
    ncols = min(ncols, len(steps))
    nrows = -(-len(steps) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(2.4 * ncols, 2.5 * nrows + 0.9), squeeze=False, layout="constrained"
    )
    for ax in axes.flat[len(steps) :]:
        ax.axis("off")
    for ax, k in zip(axes.flat, steps, strict=False):
        w, b = history[k]
        mistakes = errors[k - 1] if k else 0
        name = "start" if k == 0 else f"epoch {k}: {mistakes} mistake{'s' * (mistakes != 1)}"
        plot_decision_boundary(X, y, w, b, ax=ax, title=name, legend=False)
        ax.title.set_fontsize(9)
        ax.xaxis.label.set_fontsize(8)
        ax.yaxis.label.set_fontsize(8)
        ax.tick_params(labelsize=7)
    fig.suptitle(title)
    fig.legend(handles=_legend_handles(), loc="outside lower center", ncol=3, fontsize=8)
    return fig


def show_pixel_grids(
    grids, labels: Sequence | None = None, title: str | None = None, ncols: int = 6
) -> plt.Figure:
    """Draw small black/white pixel grids (such as 5×5 letters) with a frame and pixel lines.

    Uses :func:`course_utils.plotting.show_images` (black = 1, white = 0) and adds what a tiny
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


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]] | Sequence[float],
    title: str,
    xlabel: str = "iteration",
    ylabel: str = "loss",
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Plot one or more loss curves against the step number, each in its own line style.

    Args:
        curves: a sequence of values, or ``{label: values}`` for several curves (then a legend).
        title: the axes title.
        xlabel: the x-axis label.
        ylabel: the y-axis label.
        logy: use a logarithmic y axis (losses that span orders of magnitude).
        ax: the axes to draw on (a new figure if None).

    Returns:
        The axes.

    Raises:
        ValueError: if there is no curve, a curve is empty, or (with ``logy``) has values <= 0.
    """
    named = dict(curves) if isinstance(curves, Mapping) else {None: curves}
    if not named:
        raise ValueError("curves must hold at least one curve, got none")
    if ax is None:
        _, ax = plt.subplots()
    for k, (label, values) in enumerate(named.items()):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(
                f"curve {label!r} must be a non-empty 1-D sequence, got {values.shape}"
            )
        if logy and np.any(values <= 0):
            raise ValueError(f"curve {label!r} has values <= 0, which a log axis cannot show")
        # not colour alone tells the curves apart: the course's line style for each
        ax.plot(np.arange(1, len(values) + 1), values, label=label, **line_style(k))
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if logy:
        ax.set_yscale("log")
    if len(named) > 1:
        ax.legend()
    return ax


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


def draw_layer_diagram(
    n_in: int = 3, n_out: int = 4, activation: str = "f", ax: Axes | None = None
) -> Axes:
    """Draw one dense layer as a flow: ``h_{i-1} → (@ W_i + b_i) → z_i → f → h_i``, with shapes.

    Args:
        n_in: the number of inputs (the length of ``h_{i-1}``).
        n_out: the number of outputs (units).
        activation: the name written in the activation box, e.g. ``"ReLU"``.
        ax: the axes to draw on (a new figure if None).

    Returns:
        The axes.

    Raises:
        ValueError: if ``n_in`` or ``n_out`` is not a positive int.
    """
    for name, value in (("n_in", n_in), ("n_out", n_out)):
        validate.number(name, value, integer=True, low=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 2.6))
    boxes = [
        (0.07, f"input\n$h_{{i-1}}$\n({n_in},)", "#e1ecf7"),
        (
            0.32,
            f"weights and bias\n$z = h_{{i-1}} W_i + b_i$\nW {n_in}×{n_out}, b ({n_out},)",
            "#fff2cc",
        ),
        (0.57, f"state\n$z_i$\n({n_out},)", "#e1ecf7"),
        (0.77, f"activation\n$f$ = {activation}\nelement-wise", "#fbe3e3"),
        (0.94, f"output\n$h_i = f(z_i)$\n({n_out},)", "#e1ecf7"),
    ]
    width = {0.32: 0.2, 0.77: 0.13}
    for x, text, colour in boxes:
        w = width.get(x, 0.1)
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, 0.22), w, 0.56, boxstyle="round,pad=0.01", fc=colour, ec="0.3"
            )
        )
        ax.text(x, 0.5, text, ha="center", va="center", fontsize=9)
    for (x0, _, _), (x1, _, _) in zip(boxes, boxes[1:], strict=False):
        start = x0 + width.get(x0, 0.1) / 2 + 0.012  # clear of the rounded box edge
        end = x1 - width.get(x1, 0.1) / 2 - 0.012
        ax.add_patch(
            FancyArrowPatch((start, 0.5), (end, 0.5), arrowstyle="-|>", mutation_scale=14, lw=1.5)
        )
    ax.text(
        0.5,
        0.06,
        "h_i is the next layer's input; shapes are for one sample (a batch adds a first axis)",
        ha="center",
        fontsize=8,
        color="0.35",
    )
    ax.set(xlim=(0, 1), ylim=(0, 1), title="One dense layer: h → W, b → z → f → h")
    ax.axis("off")
    return ax
