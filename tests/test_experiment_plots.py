"""The experiment pictures: what they draw, how a diverged run looks, and bad input."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.experiments import RangeTest  # noqa: E402
from course_utils.plots import (  # noqa: E402
    plot_gradient_norms,
    plot_lr_schedules,
    plot_range_test,
    plot_weight_paths,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_gradient_norms_uses_a_log_scale_and_one_line_per_network():
    fig = plot_gradient_norms({"a": {"d1": 1e-6, "d2": 1e-2}, "b": {"d1": 0.1, "d2": 0.1}})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    with pytest.raises(ValueError):
        plot_gradient_norms({"a": {}})


def test_plot_range_test_marks_the_suggestion():
    lrs = np.logspace(-5, 0, 20)
    test = RangeTest(lrs, np.linspace(2, 1, 20), np.linspace(2, 1, 20), 1.0, 0.1)
    fig = plot_range_test(test)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert any("suggested lr 0.1" in t.get_text() for t in ax.get_legend().get_texts())
    with pytest.raises(TypeError, match="RangeTest"):
        plot_range_test({"lr": lrs})


def test_plot_lr_schedules_and_weight_paths():
    fig = plot_lr_schedules({"step": [0.1, 0.1, 0.05], "exp": [0.1, 0.08, 0.064]})
    assert len(fig.axes[0].get_lines()) == 2 and fig.axes[0].get_ylabel() == "learning rate"
    path = np.cumsum(np.random.default_rng(0).uniform(0.0, 0.1, (11, 2)), axis=0)
    fig = plot_weight_paths({"p": path}, target=(1, -1))
    assert len(fig.axes[0].get_lines()) == 3  # path, start, target
    for bad in (
        lambda: plot_lr_schedules({}),
        lambda: plot_weight_paths({}),
        lambda: plot_weight_paths({"p": np.zeros((5, 3))}),
    ):
        with pytest.raises(ValueError):
            bad()


def test_plot_weight_paths_can_draw_the_loss_surface_behind():
    path = np.array([[-2.0, 1.0], [-1.0, 0.5], [0.0, 0.0]])
    fig = plot_weight_paths({"p": path}, surface=lambda a, b: a**2 + b**2)
    assert fig.axes[0].collections  # the contour lines


# --- pictures of a Comparison --------------------------------------------------------------

from course_utils.experiments import Comparison, Run  # noqa: E402
from course_utils.plots import (  # noqa: E402
    plot_run_histories,
    plot_run_sweep,
    plot_runs,
)


def fake_run(setting: str, seed: int, accuracy: float, diverged: bool = False) -> Run:
    losses = [math.nan] * 3 if diverged else [1.0 - accuracy + 0.1 * (2 - i) for i in range(3)]
    acc = math.nan if diverged else accuracy
    return Run(
        setting=setting,
        seed=seed,
        scores={"test_accuracy": acc, "val_accuracy": acc, "train_loss": losses[-1]},
        history={"loss": losses, "val_accuracy": [acc - 0.1, acc - 0.05, acc]},
        seconds=1.0,
        epochs_run=3,
        diverged=diverged,
    )


def fake_comparison() -> Comparison:
    return Comparison(
        [fake_run("a", s, 0.90 + 0.002 * s) for s in range(3)]
        + [fake_run("b", s, 0.95 - 0.001 * s) for s in range(3)]
        + [fake_run("c", s, 0.5, diverged=s == 0) for s in range(3)]
    )


def test_plot_runs_draws_every_seed_and_the_mean_with_sd_and_zooms_in():
    comparison = fake_comparison()
    fig = plot_runs(comparison, ("test_accuracy", "seconds"))
    ax = fig.axes[0]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert sum(len(line.get_xdata()) for line in dots) == 8  # 9 seeds, 1 diverged (NaN)
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    low, high = ax.get_xlim()
    assert 0.4 < low < 0.5 and 0.95 < high < 1.05  # spans the data (0.5-0.954), not 0-1.3
    assert ax.containers  # the error bars
    with pytest.raises(ValueError, match="unknown"):
        plot_runs(comparison, ("colour",))
    with pytest.raises(TypeError, match="compare"):
        plot_runs([1, 2])


def test_plot_run_histories_draws_each_seed_and_the_mean_with_distinct_styles():
    fig = plot_run_histories(fake_comparison(), ("loss", "val_accuracy"))
    ax = fig.axes[0]
    assert len(ax.lines) == 9 + 3
    thick = [line for line in ax.lines if line.get_linewidth() > 2]
    assert len({line.get_linestyle() for line in thick}) == 3
    assert len({line.get_marker() for line in thick}) == 3
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "c (1 diverged)" in legend_texts
    with pytest.raises(ValueError, match="history"):
        plot_run_histories(fake_comparison(), ("accuracy",))
    many = Comparison([fake_run(f"s{i}", 0, 0.9) for i in range(9)])  # more than the styles
    fig = plot_run_histories(many, "loss")
    thick = [line for line in fig.axes[0].lines if line.get_linewidth() > 2]
    assert len(thick) == 9 and len({line.get_marker() for line in thick}) == 8


def test_plot_run_sweep_uses_a_log_axis_with_the_given_ticks():
    fig = plot_run_sweep(
        fake_comparison(), [8, 32, 128], "test_accuracy", xlabel="batch size", xticks=[8, 32, 128]
    )
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["8", "32", "128"]
    assert any(line.get_marker() == "x" for line in ax.lines)
    fig = plot_run_sweep(fake_comparison(), {"a": 1, "b": 2, "c": 3}, log_x=False)
    assert fig.axes[0].get_xscale() == "linear"
    with pytest.raises(ValueError, match="one value per setting"):
        plot_run_sweep(fake_comparison(), [1, 2])
    with pytest.raises(ValueError, match="no value"):
        plot_run_sweep(fake_comparison(), {"a": 1})


def test_plot_run_sweeps_draws_one_styled_line_per_sweep():
    from course_utils.plots import plot_run_sweeps

    fig = plot_run_sweeps(
        {"one": (fake_comparison(), [0.1, 1, 10]), "two": (fake_comparison(), [0.3, 3, 30])},
        metric="test_accuracy",
        xlabel="learning rate",
    )
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and len(ax.containers) == 2
    styles = {c.lines[0].get_linestyle() for c in ax.containers}
    assert len(styles) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "one (mean ± sd)",
        "two (mean ± sd)",
    ]
    with pytest.raises(ValueError, match="one value per setting"):
        plot_run_sweeps({"one": (fake_comparison(), [1])})
    with pytest.raises(ValueError, match="at least one"):
        plot_run_sweeps({})
