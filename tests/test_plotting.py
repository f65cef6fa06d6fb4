"""course_utils.plots: the course style, digit grids, learning curves, confusion matrix, bars."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plots import (
    plot_confusion_matrix,
    plot_history,
    plot_probabilities,
    show_images,
    use_course_style,
)
from course_utils.plots.style import COURSE_STYLE


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


class FakeHistory:
    """What plot_history reads from a Keras History: its .history dict."""

    def __init__(self, values):
        self.history = values


HISTORY = FakeHistory(
    {
        "loss": [1.0, 0.5, 0.3],
        "accuracy": [0.7, 0.85, 0.9],
        "val_loss": [0.8, 0.6, 0.55],
        "val_accuracy": [0.75, 0.82, 0.84],
    }
)


def test_use_course_style_sets_the_course_rcparams():
    mpl.rcParams["axes.grid"] = False
    use_course_style()
    assert mpl.rcParams["axes.grid"] is COURSE_STYLE["axes.grid"] is True
    assert mpl.rcParams["image.cmap"] == "gray_r"


def test_show_images_draws_a_grid_with_captions():
    images = np.zeros((12, 28, 28))
    fig = show_images(images, labels=list(range(12)), title="digits", ncols=5)
    axes = fig.get_axes()
    assert len(axes) == 15  # 3 rows × 5 columns, the last 3 empty
    assert [ax.get_title() for ax in axes[:3]] == ["0", "1", "2"]
    assert fig.get_suptitle() == "digits"


def test_show_images_can_frame_each_image():
    fig = show_images(np.zeros((2, 28, 28)), frame=True)
    ax = fig.get_axes()[0]
    assert ax.axison and all(spine.get_visible() for spine in ax.spines.values())
    assert not show_images(np.zeros((2, 28, 28))).get_axes()[0].axison


@pytest.mark.parametrize(
    ("images", "kwargs", "message"),
    [
        (np.zeros((28, 28)), {}, "shape"),
        (np.zeros((2, 28, 28)), {"labels": [1]}, "2 entries"),
        (np.zeros((2, 28, 28)), {"ncols": 0}, "ncols"),
    ],
)
def test_show_images_rejects_bad_input(images, kwargs, message):
    with pytest.raises(ValueError, match=message):
        show_images(images, **kwargs)


def test_plot_history_draws_training_and_validation_per_metric():
    fig = plot_history(HISTORY, title="run")
    loss_ax, acc_ax = fig.get_axes()
    assert loss_ax.get_xlabel() == "epoch" and "fraction" in acc_ax.get_ylabel()
    assert [line.get_label() for line in loss_ax.get_lines()] == ["training", "validation"]
    np.testing.assert_array_equal(loss_ax.get_lines()[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(acc_ax.get_lines()[1].get_ydata(), [0.75, 0.82, 0.84])
    assert fig.get_suptitle() == "run"


def test_plot_history_compares_several_runs_and_takes_plain_dicts():
    fig = plot_history({"a": HISTORY, "b": {"loss": [2.0, 1.0], "accuracy": [0.5, 0.6]}})
    labels = [line.get_label() for line in fig.get_axes()[0].get_lines()]
    assert labels == ["a training", "a validation", "b training"]


def test_plot_history_rejects_bad_input():
    with pytest.raises(TypeError, match="History"):
        plot_history([1, 2, 3])
    with pytest.raises(ValueError, match="mae"):
        plot_history(HISTORY, metrics=("mae",))


def test_plot_confusion_matrix_writes_each_count_in_its_cell():
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 1, 0])
    fig = plot_confusion_matrix(y_true, y_pred, num_classes=3)
    ax = fig.get_axes()[0]
    cells = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    assert cells == {(0, 0): "1", (0, 1): "1", (1, 1): "3", (2, 0): "1"}
    assert ax.get_xlabel() == "predicted label" and ax.get_ylabel() == "true label"
    assert "6 samples" in ax.get_title() and "0.667" in ax.get_title()


def test_plot_confusion_matrix_rejects_bad_labels():
    with pytest.raises(ValueError, match="labels 0..2"):
        plot_confusion_matrix([0, 3], [0, 1], num_classes=3)


def test_plot_probabilities_draws_bars_beside_images():
    probs = np.full((2, 10), 0.05)
    probs[0, 3], probs[1, 7] = 0.55, 0.55
    fig = plot_probabilities(
        probs, images=np.zeros((2, 28, 28)), titles=["a", "b"], true_labels=[3, 1]
    )
    axes = fig.get_axes()
    assert len(axes) == 4  # image + bars per row
    bars = axes[1].patches
    assert len(bars) == 10 and bars[3].get_height() == pytest.approx(0.55)
    assert axes[1].get_title() == "a: predicted 3 (55%), true 3"
    assert axes[3].get_ylabel() == "probability" and axes[3].get_xlabel() == "digit"
    assert axes[3].patches[1].get_linewidth() == 2  # the true class is outlined
    assert all(spine.get_visible() for spine in axes[0].spines.values())  # framed image


def test_plot_probabilities_takes_one_sample_without_image():
    fig = plot_probabilities(np.eye(10)[4])
    assert len(fig.get_axes()) == 1
    assert fig.get_axes()[0].get_title() == "predicted 4 (100%)"


@pytest.mark.parametrize(
    ("probs", "kwargs", "message"),
    [
        (np.array([2.0, -1.0]), {}, "softmax"),
        (np.eye(10)[:2], {"images": np.zeros((3, 28, 28))}, "2 images"),
        (np.eye(10)[:2], {"titles": ["one"]}, "titles must have 2"),
        (np.zeros((2, 2, 2)), {}, "shape"),
    ],
)
def test_plot_probabilities_rejects_bad_input(probs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_probabilities(probs, **kwargs)
