"""Training curves: a Keras History per epoch, a from-scratch loss per step, each batch's loss."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_utils import validate
from course_utils.plots.style import line_style


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


def plot_batch_loss_traces(
    traces: Mapping[str, tuple[Sequence[float], int]],
    log_y: bool = False,
    title: str | None = None,
) -> plt.Figure:
    """The loss of every batch against the epoch (fractional), one line per run; runs differ
    by colour and line style.

    Args:
        traces: ``{name: (loss of every batch, batches per epoch)}``, e.g.
            ``(run.batch_losses, math.ceil(n_train / batch_size))`` for a :class:`Run`.
        log_y: logarithmic y-axis (for a loss that blows up).
        title: the plot title.

    Raises:
        ValueError: if ``traces`` is empty, a trace has no losses, or its batches per epoch is
            not a positive int.
    """
    if not traces:
        raise ValueError("traces must hold at least one run")
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for i, (name, (losses, per_epoch)) in enumerate(traces.items()):
        losses = np.asarray(losses, dtype=float)
        if losses.size == 0:
            raise ValueError(f"trace {name!r} needs losses and an int of batches per epoch")
        validate.number(f"batches per epoch of trace {name!r}", per_epoch, integer=True, low=1)
        x = np.arange(1, len(losses) + 1) / per_epoch
        ax.plot(x, losses, lw=0.9, alpha=0.85, label=name, **line_style(i))
    if log_y:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel("epoch (one point per batch)")
    ax.set_ylabel("training loss of the batch" + (" (log scale)" if log_y else ""))
    ax.set_title(title or "Loss of every batch")
    ax.legend()
    fig.tight_layout()
    return fig
