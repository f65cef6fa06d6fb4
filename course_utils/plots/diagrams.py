"""Diagrams of the from-scratch lessons (01-03): two classes and a decision line, a perceptron's
updates, one dense layer's wiring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from course_utils import validate

CLASS_COLOURS = ("#d62728", "#1f77b4")  # class 0 red, class 1 blue


REGION_COLOURS = ("#fbe3e3", "#e1ecf7")


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


def plot_layer_diagram(source: Any, title: str | None = None) -> plt.Figure:
    """Draw a model's layers as a stack of boxes, input at the top, with matplotlib only.

    Each box shows the layer's name and type, what it does, its output shape and its number
    of parameters; boxes of layers with parameters are filled darker. Needs neither pydot nor
    Graphviz (unlike ``keras.utils.plot_model``).

    Args:
        source: a Keras model, a ``.keras`` file or a config dict (see :func:`layer_rows`).
        title: the figure title (default: the model's name and parameter count).

    Returns:
        The matplotlib figure.
    """
    from course_utils.deploy import as_model, layer_rows  # deploy loads Keras: only when drawn

    model = as_model(source)
    rows = layer_rows(model)
    height = 0.82 * len(rows) + 0.5
    fig, ax = plt.subplots(figsize=(5.6, height))
    ax.set_xlim(0, 1)
    ax.set_ylim(-len(rows) + 0.35, 0.75)
    ax.axis("off")
    for i, row in enumerate(rows):
        y = -i
        learns = row["parameters"] > 0
        ax.add_patch(
            FancyBboxPatch(
                (0.06, y - 0.32),
                0.88,
                0.64,
                boxstyle="round,pad=0.0,rounding_size=0.06",
                facecolor="#9ecae1" if learns else "#eef3f8",
                edgecolor="#3c6e91",
            )
        )
        head = row["name"] if row["type"] == "Input" else f"{row['name']}  ({row['type']})"
        ax.text(0.5, y + 0.12, head, ha="center", va="center", fontsize=9.5, weight="bold")
        shape = "(" + ", ".join(str(s) for s in row["output_shape"]) + ")"
        params = f"{row['parameters']:,} parameters" if learns else "no parameters"
        below = f"{row['details']}  ·  out {shape}  ·  {params}".lstrip(" ·")
        if row["type"] == "Input":
            below = f"shape {shape}"
        ax.text(0.5, y - 0.14, below, ha="center", va="center", fontsize=8)
        if i:
            ax.annotate(
                "",
                xy=(0.5, y + 0.33),
                xytext=(0.5, y + 0.67),
                arrowprops={"arrowstyle": "->", "color": "#3c6e91"},
            )
    total = sum(r["parameters"] for r in rows)
    ax.set_title(title or f"{model.name}: {len(rows) - 1} layers, {total:,} parameters")
    fig.tight_layout()
    return fig
