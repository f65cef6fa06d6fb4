"""Numbers drawn over what they depend on: gradient norms per layer, a learning-rate range test,
schedules, and the path of two weights over a loss surface."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:  # importing experiments loads Keras; `import course_utils` does not
    from course_utils.experiments import RangeTest


def plot_gradient_norms(
    norms: Mapping[str, Mapping[str, float]], title: str | None = None
) -> plt.Figure:
    """Gradient norm per layer (log scale), one line per network, input layer on the left.

    Args:
        norms: ``{network name: {layer name: norm}}``, as notebook 06 computes them with
            ``tf.GradientTape``.
        title: the plot title.

    Returns:
        The figure.

    Raises:
        ValueError: if ``norms`` is empty or holds a network without layers.
    """
    if not norms or any(not layers for layers in norms.values()):
        raise ValueError("norms must map each network name to a non-empty {layer: norm} dict")
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, layers in norms.items():
        values = np.array(list(layers.values()), dtype=float)
        ax.semilogy(np.arange(1, len(values) + 1), values, marker="o", label=name)
    longest = max(norms.values(), key=len)
    ticks = np.arange(1, len(longest) + 1)
    ax.set_xticks(ticks, [str(t) if t < len(ticks) else "output" for t in ticks])
    ax.set_xlabel("layer (1 = first, next to the input)")
    ax.set_ylabel("gradient norm ‖∂loss/∂W‖ (log scale)")
    ax.set_title(title or "Gradient size per layer at initialisation")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def plot_range_test(test: RangeTest, title: str | None = None) -> plt.Figure:
    """Loss against the learning rate (log scale) with the suggested rate marked.

    Raises:
        TypeError: if ``test`` is not a :class:`~course_utils.experiments.RangeTest`.
    """
    from course_utils.experiments import RangeTest

    if not isinstance(test, RangeTest):
        raise TypeError(f"test must be a RangeTest, got {type(test).__name__}")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogx(test.learning_rates, test.losses, ".", alpha=0.35, label="loss of each batch")
    ax.semilogx(test.learning_rates, test.smoothed, label="smoothed loss")
    ax.axvline(
        test.min_loss_lr,
        color="C3",
        ls=":",
        label=f"lowest smoothed loss at lr {test.min_loss_lr:.2g}",
    )
    ax.axvline(
        test.suggested_lr, color="C2", ls="--", label=f"suggested lr {test.suggested_lr:.2g}"
    )
    finite = test.smoothed[np.isfinite(test.smoothed)]
    if finite.size:
        ax.set_ylim(0, 1.3 * finite[: max(len(finite) // 4, 1)].max())
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("training loss")
    ax.set_title(title or "Learning-rate range test: the rate grows every batch")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_lr_schedules(
    schedules: Mapping[str, Sequence[float]], title: str | None = None
) -> plt.Figure:
    """The learning rate against the epoch for several schedules, one line each.

    Args:
        schedules: ``{name: learning rate per epoch}`` (epoch 1 first).
        title: the plot title.

    Raises:
        ValueError: if ``schedules`` is empty or a schedule has no values.
    """
    if not schedules or any(len(v) == 0 for v in schedules.values()):
        raise ValueError("schedules must map each name to a non-empty list of learning rates")
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in schedules.items():
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", markersize=4, label=name)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_title(title or "Learning-rate schedules")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_weight_paths(
    paths: Mapping[str, np.ndarray],
    target: Sequence[float] | None = None,
    title: str | None = None,
    surface: Callable | None = None,
) -> plt.Figure:
    """Trajectories of two weights (w₁, w₂) during training, one line per run.

    Args:
        paths: ``{name: array of shape (steps + 1, 2)}``, e.g. the weights after every
            step of notebook 05's SGD loop, or :func:`course_utils.experiments.optimize_2d`.
        target: the weights to reach, marked with a star.
        title: the plot title.
        surface: optionally the loss as a NumPy function ``f(w1, w2)`` of two arrays; its
            contour lines are drawn behind the paths.

    Raises:
        ValueError: if ``paths`` is empty or a path is not of shape (steps, 2).
    """
    if not paths:
        raise ValueError("paths must hold at least one trajectory")
    arrays = {name: np.asarray(path, dtype=float) for name, path in paths.items()}
    for name, path in arrays.items():
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"path {name!r} must have shape (steps, 2), got {path.shape}")
    fig, ax = plt.subplots(figsize=(6.5, 5))
    if surface is not None:
        everything = np.concatenate(list(arrays.values()))
        low, high = everything.min(axis=0), everything.max(axis=0)
        pad = 0.15 * (high - low) + 1e-9
        w1, w2 = np.meshgrid(
            np.linspace(low[0] - pad[0], high[0] + pad[0], 200),
            np.linspace(low[1] - pad[1], high[1] + pad[1], 200),
        )
        ax.contour(w1, w2, surface(w1, w2), levels=15, colors="0.8", linewidths=0.8)
    for name, path in arrays.items():
        ax.plot(path[:, 0], path[:, 1], marker=".", markersize=4, lw=1, label=name)
        ax.plot(*path[0], "ks", markersize=6)
    if target is not None:
        ax.plot(*target, "*", color="gold", markeredgecolor="k", markersize=16, label="target")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(title or "Path of the weights (■ = start)")
    ax.legend(loc="best", fontsize=9)
    fig.tight_layout()
    return fig
