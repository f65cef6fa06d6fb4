"""The course's one plot style: colour-blind-safe colours, each with its own line style."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), yellow last
# because it is hard to see on white. tests/test_style.py checks that the colours stay apart
# for deuteranopia and protanopia, as simulated with Machado et al. (2009).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)


# Each colour comes with its own line style, so that compared runs never differ by colour alone
# (also in grey print). Markers are left to each plot: on a curve of 1,000 batch losses a
# marker per point would hide the line.
LINE_STYLES = ("-", "--", "-.", ":", (0, (8, 2)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (5, 5)))


COURSE_CYCLE = mpl.cycler(color=OKABE_ITO) + mpl.cycler(linestyle=LINE_STYLES)


# Markers for plots that mark their points (one per compared setting, as the line styles).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def line_style(i: int) -> dict[str, object]:
    """The colour and line style of the course cycle's ``i``-th line (wrapping around).

    For plots that set a line's look themselves (several curves per setting, error bars): the
    ``i``-th setting then looks as the ``i``-th line of a plain ``ax.plot`` would.
    """
    return {"color": OKABE_ITO[i % len(OKABE_ITO)], "linestyle": LINE_STYLES[i % len(LINE_STYLES)]}


COURSE_STYLE = {
    "axes.prop_cycle": COURSE_CYCLE,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.frameon": False,
    "image.cmap": "gray_r",
}


def use_course_style() -> None:
    """Apply the course's matplotlib style (called by ``course_utils.setup()``)."""
    mpl.rcParams.update(COURSE_STYLE)


def frame_image(ax: plt.Axes) -> None:
    """Show a thin frame around an image instead of axes and ticks."""
    ax.axis("on")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.8)
