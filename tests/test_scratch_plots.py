"""Unit tests for course_utils.plots.diagrams: what each picture draws, and bad inputs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def and_data():
    return np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])


def history_of(n_epochs):
    """A made-up training record: the start and one (w, b) per epoch, the last without mistakes."""
    history = [(np.array([0.5 + k, -0.5]), 0.2 - k) for k in range(n_epochs + 1)]
    return history, [2] * (n_epochs - 1) + [0]


def test_plot_decision_boundary_draws_points_line_and_regions():
    X, y = and_data()
    ax = plots.plot_decision_boundary(X, y, [1.0, 1.0], -1.5, title="AND")
    line = ax.lines[0]
    x1, x2 = line.get_data()
    np.testing.assert_allclose(np.asarray(x1) + np.asarray(x2), 1.5)  # on w·x + b = 0
    assert len(ax.collections) >= 2  # the shaded regions and the two point classes
    assert ax.get_title() == "AND"
    assert ax.get_xlabel() and ax.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "target 0" in labels and "target 1" in labels


def test_plot_decision_boundary_handles_vertical_and_missing_lines():
    X, y = and_data()
    ax = plots.plot_decision_boundary(X, y, [1.0, 0.0], -0.5, legend=False)
    x1, _ = ax.lines[0].get_data()
    np.testing.assert_allclose(x1, 0.5)  # the vertical line x1 = 0.5
    assert ax.get_legend() is None
    _, ax2 = plt.subplots()
    plots.plot_decision_boundary(X, y, [0.0, 0.0], 1.0, ax=ax2)
    assert not ax2.lines  # w = 0: no line to draw


@pytest.mark.parametrize(
    "X, y, w, b, match",
    [
        (np.zeros((4, 3)), np.zeros(4), [1.0, 1.0], 0.0, r"X must have shape \(n, 2\)"),
        (np.zeros((4, 2)), np.zeros(3), [1.0, 1.0], 0.0, r"y must have shape \(4,\)"),
        (np.zeros((4, 2)), np.array([0, 1, 2, 0]), [1.0, 1.0], 0.0, "y must hold only 0 and 1"),
        (np.full((4, 2), np.nan), np.zeros(4), [1.0, 1.0], 0.0, "X must contain only finite"),
        (np.zeros((4, 2)), np.zeros(4), [1.0, np.nan], 0.0, "w must be two finite numbers"),
        (np.zeros((4, 2)), np.zeros(4), [1.0], 0.0, "w must be two finite numbers"),
        (np.zeros((0, 2)), np.zeros(0), [1.0, 1.0], 0.0, r"X must have shape \(n, 2\)"),
    ],
)
def test_plot_decision_boundary_rejects_bad_input(X, y, w, b, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_decision_boundary(X, y, w, b)


def test_plot_perceptron_history_has_one_panel_per_snapshot():
    X, y = and_data()
    history, errors = history_of(4)
    fig = plots.plot_perceptron_history(X, y, history, errors, "AND", ncols=3)
    drawn = [ax for ax in fig.axes if ax.get_title()]
    assert len(drawn) == 5
    assert drawn[0].get_title() == "start"
    assert drawn[1].get_title() == "epoch 1: 2 mistakes"
    assert drawn[-1].get_title() == "epoch 4: 0 mistakes"
    assert fig.get_suptitle() == "AND"
    assert fig.legends
    # each panel draws the line of its own snapshot: w·x + b = 0 for history[k]
    for ax, (w, b) in zip(drawn, history, strict=True):
        x1, x2 = (np.asarray(v) for v in ax.lines[0].get_data())
        np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0, atol=1e-9)


def test_plot_perceptron_history_limits_the_panels():
    X, y = and_data()
    history, errors = history_of(20)
    fig = plots.plot_perceptron_history(X, y, history, errors, "XOR", max_panels=6)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 6 and titles[-1].startswith("epoch 20:")
    assert titles[-2].startswith("epoch 4:")  # the first ones, then the last one


def test_plot_perceptron_history_rejects_bad_input():
    X, y = and_data()
    history, errors = history_of(3)
    with pytest.raises(ValueError, match="history must hold the start and one"):
        plots.plot_perceptron_history(X, y, history[:-1], errors, "x")
    with pytest.raises(ValueError, match="ncols must be >= 1"):
        plots.plot_perceptron_history(X, y, history, errors, "x", ncols=0)


def test_show_pixel_grids_frames_each_grid():
    grids = np.stack([np.eye(5), np.zeros((5, 5))])
    fig = plots.show_pixel_grids(grids, labels=["diag", "blank"], title="grids")
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["diag", "blank"]
    assert shown[1].images[0].get_clim() == (0, 1)  # a blank grid stays white
    assert all(ax.spines["left"].get_visible() for ax in shown)


@pytest.mark.parametrize(
    "grids, match",
    [
        (np.zeros((5, 5)), r"grids must have shape \(n, rows, columns\)"),
        (np.zeros((0, 5, 5)), r"grids must have shape"),
        (np.full((1, 5, 5), 2.0), "values between 0"),
        (np.full((1, 5, 5), np.nan), "values between 0"),
    ],
)
def test_show_pixel_grids_rejects_bad_input(grids, match):
    with pytest.raises(ValueError, match=match):
        plots.show_pixel_grids(grids)


def test_plot_loss_curves_single_and_several():
    ax = plots.plot_loss_curves([3.0, 2.0, 1.0], title="one")
    assert len(ax.lines) == 1 and ax.get_legend() is None
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    ax = plots.plot_loss_curves(
        {"a": [3.0, 2.0], "b": [4.0, 1.0]}, title="two", xlabel="epoch", logy=True
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch" and ax.get_title() == "two"
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()  # not colour alone


@pytest.mark.parametrize(
    "curves, logy, match",
    [
        ({}, False, "at least one curve"),
        ({"a": []}, False, "non-empty 1-D"),
        ({"a": [[1.0, 2.0]]}, False, "non-empty 1-D"),
        ({"a": [1.0, 0.0]}, True, "values <= 0"),
    ],
)
def test_plot_loss_curves_rejects_bad_input(curves, logy, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_loss_curves(curves, title="t", logy=logy)


@pytest.mark.parametrize(
    "image, texts",
    [
        (np.array([[0, 255]], dtype=np.uint8), ["0", "255"]),
        (np.array([[[255, 0, 0]]], dtype=np.uint8), ["255\n0\n0"]),
        (np.array([[[0, 0, 255, 60]]], dtype=np.uint8), ["0\n0\n255\n60"]),
    ],
)
def test_show_pixel_values_writes_every_value(image, texts):
    ax = plots.show_pixel_values(image, "pixels")
    assert [t.get_text() for t in ax.texts] == texts
    assert ax.get_title() == "pixels" and ax.get_xlabel() and ax.get_ylabel()


def test_show_pixel_values_text_contrasts_with_the_pixel():
    ax = plots.show_pixel_values(np.array([[0, 255]], dtype=np.uint8), "g")
    assert [t.get_color() for t in ax.texts] == ["white", "black"]
    ax = plots.show_pixel_values(np.array([[[0, 255, 0], [0, 0, 128]]], dtype=np.uint8), "c")
    assert [t.get_color() for t in ax.texts] == ["black", "white"]  # bright green, dark blue


@pytest.mark.parametrize(
    "image, match",
    [
        (np.zeros((2, 2, 2)), "image must have shape"),
        (np.zeros(4), "image must have shape"),
        (np.zeros((9, 9)), "1 to 8 pixels"),
        (np.array([[300]]), "0..255"),
        (np.array([[-1]]), "0..255"),
    ],
)
def test_show_pixel_values_rejects_bad_input(image, match):
    with pytest.raises(ValueError, match=match):
        plots.show_pixel_values(image, "t")


def test_draw_layer_diagram_shows_the_flow_and_the_shapes():
    ax = plots.draw_layer_diagram(n_in=3, n_out=4, activation="ReLU")
    text = " ".join(t.get_text() for t in ax.texts)
    for part in ("input", "(3,)", "W 3×4", "b (4,)", "state", "ReLU", "output", "(4,)"):
        assert part in text, part
    assert len(ax.patches) == 9  # 5 boxes and the 4 arrows between them
    assert "h → W, b → z → f → h" in ax.get_title()


@pytest.mark.parametrize(
    "n_in, n_out, error",
    [(0, 4, ValueError), (3, -1, ValueError), (2.5, 4, TypeError), (True, 4, TypeError)],
)
def test_draw_layer_diagram_rejects_bad_sizes(n_in, n_out, error):
    with pytest.raises(error, match=r"n_(in|out) must be an int >= 1"):
        plots.draw_layer_diagram(n_in=n_in, n_out=n_out)
