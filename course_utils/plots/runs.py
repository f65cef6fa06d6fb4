"""Pictures of a :class:`~course_utils.experiments.Comparison`: every seed as a dot with mean ±
sd, per-epoch curves, a swept setting, per-digit accuracy. A diverged run is drawn as such: its
curve stops where it left the chart, with an ✕ and "(diverged)" in the legend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from course_utils.plots.style import MARKERS, line_style

if TYPE_CHECKING:  # importing experiments loads Keras; `import course_utils` does not
    from course_utils.experiments import Comparison

METRIC_LABELS = {  # history keys (per epoch)
    "loss": "training loss",
    "accuracy": "training accuracy",
    "val_loss": "validation loss",
    "val_accuracy": "validation accuracy",
    "learning_rate": "learning rate",
    "seconds": "seconds per epoch (s)",
}


RUN_LABELS = {
    "test_accuracy": "test accuracy",
    "val_accuracy": "validation accuracy",
    "train_accuracy": "train accuracy (evaluate, dropout off)",
    "test_loss": "test loss",
    "val_loss": "validation loss",
    "train_loss": "train loss (evaluate, dropout off)",
    "seconds": "training time per run (s)",
    "seconds_per_epoch": "seconds per epoch (s)",
    "epochs_run": "epochs run",
    "best_epoch": "best epoch (lowest validation loss)",
}


def _check_comparison(comparison: Comparison) -> Comparison:
    from course_utils.experiments import Comparison

    if not isinstance(comparison, Comparison):
        raise TypeError(
            f"comparison must be what xp.compare returns, got {type(comparison).__name__}"
        )
    return comparison


def _check_keys(comparison: Comparison, metrics: Sequence[str]) -> list[str]:
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    if not metrics:
        raise ValueError("metrics must name at least one number, e.g. ('test_accuracy',)")
    run = comparison.runs[0]
    for metric in metrics:
        try:
            run[metric]
        except KeyError as exc:
            raise ValueError(f"metric {metric!r} unknown: {exc}") from None
    return metrics


def _runs_panel(ax: plt.Axes, comparison: Comparison, metric: str) -> None:
    """One panel of plot_runs: each setting's seeds as dots, its mean ± sd as a bar."""
    settings = comparison.settings
    rows = np.arange(len(settings))
    values = comparison.values(metric)
    mean, sd = comparison.mean(metric), comparison.sd(metric)
    finite = [v for vs in values.values() for v in vs if np.isfinite(v)]
    edge = min(finite) if finite else 0.0
    for i, setting in enumerate(settings):
        ys = np.asarray(values[setting], dtype=float)
        jitter = np.linspace(-0.15, 0.15, len(ys)) if len(ys) > 1 else np.zeros(1)
        ok = np.isfinite(ys)
        ax.plot(
            ys[ok],
            i + jitter[ok],
            "o",
            color="0.45",
            markersize=4,
            alpha=0.8,
            label="one seed" if i == 0 else None,
        )
        if (~ok).any():
            ax.plot(
                np.full((~ok).sum(), edge),
                i + jitter[~ok],
                "x",
                color="C3",
                markersize=9,
                mew=2,
                label="diverged (NaN)",
            )
        if np.isfinite(mean[setting]):
            ax.errorbar(
                mean[setting],
                i,
                xerr=sd[setting],
                fmt="D",
                color=line_style(i)["color"],
                markersize=7,
                capsize=5,
                lw=2,
                label="mean ± sd" if i == 0 else None,
            )
    ax.set_yticks(rows, settings)
    ax.set_ylim(len(settings) - 0.5, -0.5)
    label = RUN_LABELS.get(metric, metric)
    ax.set_xlabel(label)
    ax.set_title(label, fontsize=10)
    ax.margins(x=0.15)


def plot_runs(
    comparison: Comparison,
    metrics: Sequence[str] | str = ("test_accuracy",),
    title: str | None = None,
) -> plt.Figure:
    """Every seed's final number as a dot and each setting's mean ± sd as a bar, one panel
    per metric; the axis spans the data (not 0 to 1), so differences are visible.

    A diverged run whose number is NaN is drawn as ✕ at the panel's edge.

    Args:
        comparison: what :func:`~course_utils.experiments.compare` returned.
        metrics: numbers of each run, e.g. ``("test_accuracy", "seconds")``.
        title: a title over all panels.

    Raises:
        TypeError: if ``comparison`` is not a Comparison.
        ValueError: for no or unknown metrics.
    """
    comparison = _check_comparison(comparison)
    metrics = _check_keys(comparison, metrics)
    settings = comparison.settings
    height = 0.42 * len(settings) + 1.5
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.8 * len(metrics), height), squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        _runs_panel(ax, comparison, metric)
    for ax in axes[0][1:]:
        ax.set_yticklabels([])
    axes[0][0].legend(loc="best", fontsize=8)
    fig.suptitle(
        title
        or f"{len(comparison.seeds)} seeds per setting: dots = seeds, diamond and bar = mean ± sd",
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def plot_run_histories(
    comparison: Comparison,
    metrics: Sequence[str] | str = ("loss", "val_accuracy"),
    title: str | None = None,
    log_loss: bool = False,
) -> plt.Figure:
    """Per-epoch curves: each setting's mean over seeds as a thick line, each seed thin.

    Settings differ by colour *and* line style and marker. A diverged seed's curve stops where
    it became NaN.

    Args:
        comparison: what :func:`~course_utils.experiments.compare` returned.
        metrics: ``History.history`` keys, e.g. ``("loss", "val_accuracy")``. Note that
            ``loss`` is Keras' running mean during each epoch, with dropout on.
        title: a title over all panels.
        log_loss: logarithmic y-axis for loss panels.

    Raises:
        TypeError: if ``comparison`` is not a Comparison.
        ValueError: for no metrics or a key missing from a history.
    """
    comparison = _check_comparison(comparison)
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    if not metrics:
        raise ValueError("metrics must name at least one history key, e.g. ('loss',)")
    for metric in metrics:
        missing = sorted({r.setting for r in comparison.runs if metric not in r.history})
        if missing:
            raise ValueError(f"metric {metric!r} is not in the history of {missing}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.8), squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        for i, setting in enumerate(comparison.settings):
            look = line_style(i)
            colour, style = look["color"], look["linestyle"]
            marker = MARKERS[i % len(MARKERS)]
            curves = [np.asarray(r.history[metric], dtype=float) for r in comparison[setting]]
            for curve in curves:
                ax.plot(
                    np.arange(1, len(curve) + 1), curve, ls=style, color=colour, lw=0.8, alpha=0.35
                )
            length = min(len(c) for c in curves)
            mean = np.nanmean(np.stack([c[:length] for c in curves]), axis=0)
            n_bad = sum(r.diverged for r in comparison[setting])
            label = setting + (f" ({n_bad} diverged)" if n_bad else "")
            ax.plot(
                np.arange(1, length + 1),
                mean,
                ls=style,
                color=colour,
                lw=2.2,
                marker=marker if length < 30 else None,
                label=label,
            )
        if log_loss and "loss" in metric:
            ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        label = METRIC_LABELS.get(metric, metric)
        ax.set_ylabel(label)
        ax.set_title(
            label + (" (running mean, dropout on)" if metric == "loss" else ""), fontsize=10
        )
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.suptitle(
        title or f"Mean over {len(comparison.seeds)} seeds (thick), each seed (thin)", fontsize=11
    )
    fig.tight_layout()
    return fig


def plot_run_sweep(
    comparison: Comparison,
    x: Sequence[float] | Mapping[str, float],
    metrics: Sequence[str] | str = ("val_accuracy",),
    xlabel: str = "value",
    log_x: bool = True,
    xticks: Sequence[float] | None = None,
    title: str | None = None,
) -> plt.Figure:
    """A swept setting (learning rate, batch size …) on the x-axis: every seed as a dot, the
    mean ± sd as a line with error bars; a diverged (NaN) seed as a red ✕ at the bottom.

    Args:
        comparison: what :func:`~course_utils.experiments.compare` returned.
        x: the swept value of each setting, in the order of the settings, or a dict
            setting → value.
        metrics: numbers of each run, one panel each.
        xlabel: the setting's name, with units.
        log_x: logarithmic x-axis (the default: sweeps go in factors).
        xticks: tick positions to label with their plain values, e.g. ``[8, 32, 128, 512]``.
        title: a title over all panels.

    Raises:
        TypeError: if ``comparison`` is not a Comparison.
        ValueError: if ``x`` does not give one number per setting, or for unknown metrics.
    """
    comparison = _check_comparison(comparison)
    metrics = _check_keys(comparison, metrics)
    if isinstance(x, Mapping):
        missing = [s for s in comparison.settings if s not in x]
        if missing:
            raise ValueError(f"x has no value for the settings {missing}")
        xs = np.array([float(x[s]) for s in comparison.settings])
    else:
        xs = np.array([float(v) for v in x])
        if len(xs) != len(comparison.settings):
            raise ValueError(
                f"x must give one value per setting ({len(comparison.settings)}), got {len(xs)}"
            )
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.8), squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        values = comparison.values(metric)
        finite = [v for vs in values.values() for v in vs if np.isfinite(v)]
        floor = min(finite) if finite else 0.0
        bad_label = "diverged (NaN)"
        for xv, setting in zip(xs, comparison.settings, strict=True):
            ys = np.asarray(values[setting], dtype=float)
            ok = np.isfinite(ys)
            ax.plot(np.full(ok.sum(), xv), ys[ok], "o", color="0.45", markersize=4, alpha=0.8)
            if (~ok).any():
                ax.plot([xv], [floor], "x", color="C3", markersize=11, mew=2.5, label=bad_label)
                bad_label = None
        mean, sd = comparison.mean(metric), comparison.sd(metric)
        m = np.array([mean[s] for s in comparison.settings])
        e = np.array([sd[s] for s in comparison.settings])
        ok = np.isfinite(m)
        ax.errorbar(
            xs[ok], m[ok], yerr=e[ok], fmt="D-", color="C0", capsize=4, lw=1.8, label="mean ± sd"
        )
        ax.plot([], [], "o", color="0.45", markersize=4, label="one seed")
        if log_x:
            ax.set_xscale("log")
        if xticks is not None:
            ax.set_xticks(list(xticks), [f"{t:g}" for t in xticks])
            ax.minorticks_off()
        ax.set_xlabel(xlabel)
        label = RUN_LABELS.get(metric, metric)
        ax.set_ylabel(label)
        ax.set_title(label, fontsize=10)
        ax.legend(fontsize=8)
    fig.suptitle(title or f"{len(comparison.seeds)} seeds per value", fontsize=11)
    fig.tight_layout()
    return fig


def plot_run_sweeps(
    sweeps: Mapping[str, tuple[Comparison, Sequence[float]]],
    metric: str = "val_accuracy",
    xlabel: str = "value",
    log_x: bool = True,
    title: str | None = None,
) -> plt.Figure:
    """Several sweeps in one panel, e.g. accuracy vs learning rate for two losses: one line
    (mean ± sd, own marker and line style) per sweep, every seed as a small dot.

    Args:
        sweeps: label → (comparison, the swept value of each of its settings, in order).
        metric: the number of each run to draw.
        xlabel: the swept setting, with units.
        log_x: logarithmic x-axis.
        title: the panel title.

    Raises:
        ValueError: for no sweeps, a length mismatch or an unknown metric.
        TypeError: if an entry is not a Comparison.
    """
    if not sweeps:
        raise ValueError("sweeps must hold at least one (comparison, values) pair")
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    floor = None
    for i, (label, (comparison, x)) in enumerate(sweeps.items()):
        comparison = _check_comparison(comparison)
        _check_keys(comparison, [metric])
        xs = np.array([float(v) for v in x])
        if len(xs) != len(comparison.settings):
            raise ValueError(
                f"{label}: give one value per setting ({len(comparison.settings)}), got {len(xs)}"
            )
        look = line_style(i)
        colour, style = look["color"], look["linestyle"]
        values = comparison.values(metric)
        for xv, setting in zip(xs, comparison.settings, strict=True):
            ys = np.asarray(values[setting], dtype=float)
            ok = np.isfinite(ys)
            ax.plot(np.full(ok.sum(), xv), ys[ok], ".", color=colour, alpha=0.6)
            if (~ok).any():
                finite = [v for vs in values.values() for v in vs if np.isfinite(v)]
                floor = min(finite) if floor is None and finite else floor
                ax.plot([xv], [floor or 0.0], "x", color="C3", markersize=11, mew=2.5)
        m = np.array([comparison.mean(metric)[s] for s in comparison.settings])
        e = np.array([comparison.sd(metric)[s] for s in comparison.settings])
        ok = np.isfinite(m)
        ax.errorbar(
            xs[ok],
            m[ok],
            yerr=e[ok],
            fmt=MARKERS[i % len(MARKERS)],
            ls=style,
            color=colour,
            capsize=4,
            lw=1.8,
            label=f"{label} (mean ± sd)",
        )
    if log_x:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(RUN_LABELS.get(metric, metric))
    ax.set_title(title or f"{RUN_LABELS.get(metric, metric)}; dots: one seed each", fontsize=11)
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_per_digit_accuracy(
    accuracies: Mapping[str, np.ndarray],
    xlabel: str = "digit",
    title: str | None = None,
) -> plt.Figure:
    """Accuracy of each digit: one bar per setting (the mean over seeds, told apart by colour and
    hatching) and every seed as a dot.

    Args:
        accuracies: ``{setting: array of shape (seeds, 10)}``, one row of per-digit accuracies
            per seed.
        xlabel: the x-axis label.
        title: the plot title.

    Raises:
        ValueError: if ``accuracies`` is empty or an array is not of shape (seeds, 10).
    """
    if not accuracies:
        raise ValueError("accuracies must hold at least one setting")
    arrays = {name: np.atleast_2d(np.asarray(a, dtype=float)) for name, a in accuracies.items()}
    for name, a in arrays.items():
        if a.ndim != 2 or a.shape[1] != 10:
            raise ValueError(f"accuracies[{name!r}] must have shape (seeds, 10), got {a.shape}")
    fig, ax = plt.subplots(figsize=(8.5, 3.8))
    width = 0.8 / len(arrays)
    hatches = ("", "//", "..", "xx")
    for k, (name, a) in enumerate(arrays.items()):
        x = np.arange(10) + (k - (len(arrays) - 1) / 2) * width
        ax.bar(
            x,
            a.mean(axis=0),
            width,
            color=f"C{k % 10}",
            alpha=0.75,
            hatch=hatches[k % len(hatches)],
            edgecolor="k",
            lw=0.5,
            label=f"{name} (mean of {len(a)} seeds)",
        )
        for row in a:
            ax.plot(x, row, "o", color="k", ms=3, alpha=0.7)
    ax.plot([], [], "o", color="k", ms=3, label="one seed")
    ax.set_xticks(range(10))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("validation accuracy of the digit")
    ax.set_ylim(0, 1.05)
    ax.set_title(title or "Accuracy of each digit")
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    return fig
