"""Pictures of notebooks 07 and 08 (course_utils.plots): batch losses, per-digit accuracy."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plots import (  # noqa: E402
    plot_batch_loss_traces,
    plot_per_digit_accuracy,
)


def test_batch_loss_traces_put_batches_on_an_epoch_axis():
    fig = plot_batch_loss_traces({"a": ([2.0, 1.0, 0.5, 0.4], 2), "b": ([2.0, 3.0], 1)}, log_y=True)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_xdata(), [0.5, 1.0, 1.5, 2.0])
    assert lines[0].get_linestyle() != lines[1].get_linestyle()  # not by colour alone
    assert ax.get_yscale() == "log"
    assert "epoch" in ax.get_xlabel()


@pytest.mark.parametrize(
    "traces, error",
    [
        ({}, ValueError),
        ({"a": ([], 2)}, ValueError),
        ({"a": ([1.0], 0)}, ValueError),
        ({"a": ([1.0], 1.5)}, TypeError),
        ({"a": ([1.0], True)}, TypeError),
    ],
)
def test_batch_loss_traces_reject_bad_input(traces, error):
    with pytest.raises(error):
        plot_batch_loss_traces(traces)


def test_per_digit_accuracy_draws_a_bar_per_digit_and_a_dot_per_seed():
    rng = np.random.default_rng(0)
    fig = plot_per_digit_accuracy({"a": rng.random((3, 10)), "b": rng.random((3, 10))})
    ax = fig.axes[0]
    assert len(ax.patches) == 20
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) == 2  # the two settings differ by hatching, not colour alone
    dots = [line for line in ax.get_lines() if len(line.get_xdata()) == 10]
    assert len(dots) == 6
    assert ax.get_ylim() == (0, 1.05)


def test_per_digit_accuracy_rejects_bad_shapes():
    with pytest.raises(ValueError, match="shape"):
        plot_per_digit_accuracy({"a": np.zeros((3, 9))})
    with pytest.raises(ValueError):
        plot_per_digit_accuracy({})
