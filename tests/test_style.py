"""The course's plot style: colours everyone can tell apart, and never colour alone."""

from __future__ import annotations

import itertools

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plots.style import COURSE_STYLE, LINE_STYLES, OKABE_ITO, use_course_style

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATE = {
    "deuteranopia": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
    "protanopia": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
}  # fmt: skip
MIN_DELTA_E = 15  # CIE76 distance in L*a*b*; 2.3 is "just noticeable", 15+ is clearly different


def to_linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def to_lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = xyz @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours, vision: str) -> float:
    """The smallest colour difference between any two colours, as seen with ``vision``."""
    matrix = SIMULATE.get(vision, np.eye(3))
    labs = [to_lab(matrix @ to_linear(np.array(mcolors.to_rgb(c)))) for c in colours]
    return min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))


@pytest.fixture
def course_style():
    with mpl.rc_context():
        use_course_style()
        yield mpl.rcParams["axes.prop_cycle"].by_key()


def test_the_style_sets_the_okabe_ito_cycle_with_a_line_style_per_colour(course_style):
    assert [mcolors.to_hex(c).upper() for c in course_style["color"]] == list(OKABE_ITO)
    styles = course_style["linestyle"]
    assert len(styles) == len(OKABE_ITO) == len(set(map(str, LINE_STYLES)))
    assert COURSE_STYLE["axes.prop_cycle"].by_key()["color"] == list(OKABE_ITO)


@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia"])
def test_the_cycle_colours_stay_apart_for_colour_blind_eyes(vision):
    assert closest_pair(OKABE_ITO, vision) >= MIN_DELTA_E


def test_the_colour_blindness_check_can_fail():
    """matplotlib's default tab10 cycle is what the course replaced: its green and red merge."""
    tab10 = [mcolors.to_hex(c) for c in mpl.colormaps["tab10"].colors]
    assert closest_pair(tab10, "normal") >= MIN_DELTA_E
    assert closest_pair(tab10, "deuteranopia") < MIN_DELTA_E
    assert closest_pair(tab10, "protanopia") < MIN_DELTA_E


def test_lines_drawn_in_the_course_style_differ_by_more_than_colour(course_style):
    fig, ax = plt.subplots()
    x = np.arange(5)
    lines = [ax.plot(x, x * k, label=f"run {k}")[0] for k in range(len(OKABE_ITO))]
    assert [mcolors.to_hex(line.get_color()).upper() for line in lines] == list(OKABE_ITO)
    assert [line.get_linestyle() for line in lines[:4]] == ["-", "--", "-.", ":"]
    # The dash pattern as drawn (offset, on-off lengths); a custom tuple reports "--" above.
    patterns = {str(line._unscaled_dash_pattern) for line in lines}
    assert len(patterns) == len(lines), "two lines share a line style"
    plt.close(fig)


def test_plots_that_set_their_own_look_use_the_one_style_table(course_style):
    """plots.style.LINE_STYLES is the course's only line-style table: the from-scratch curves
    (notebook 02) and the runs of notebooks 07-08 take their looks from it, in its order."""
    from course_utils import plots
    from course_utils.plots import curves, diagrams, digits, functions, runs, style

    n = len(LINE_STYLES) + 1  # one more than the table: it wraps around
    ax = plots.plot_loss_curves({f"run {k}": [3.0, 2.0, 1.0] for k in range(n)}, "loss")
    fig = plots.plot_batch_loss_traces({f"run {k}": ([1.0, 0.5], 1) for k in range(n)})
    for lines in (ax.get_lines(), fig.axes[0].get_lines()):
        drawn = [(mcolors.to_hex(line.get_color()).upper(), str(line._unscaled_dash_pattern))
                 for line in lines]  # fmt: skip
        reference = [ax.plot([0, 1], **style.line_style(k))[0] for k in range(n)]
        expected = [(mcolors.to_hex(line.get_color()).upper(), str(line._unscaled_dash_pattern))
                    for line in reference]  # fmt: skip
        for line in reference:
            line.remove()
        assert drawn == expected
    assert style.line_style(len(LINE_STYLES)) == style.line_style(0)
    others = (curves, diagrams, digits, functions, runs)
    assert [m.__name__ for m in others if hasattr(m, "LINE_STYLES")] == []
    plt.close("all")
