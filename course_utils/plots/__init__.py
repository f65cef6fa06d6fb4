"""Every picture the course draws, in one style (``plots.style``: one colour and line-style table).

Notebooks call ``plots.<name>``; the modules are cut by what is drawn, not by lesson:

    style      colours, line styles, markers; ``use_course_style`` (called by ``cu.setup()``)
    digits     images and digits: grids, pictures side by side, pixel values, probabilities,
               a confusion matrix
    curves     training curves: a Keras History, a from-scratch loss, every batch's loss
    runs       an ``experiments.Comparison``: seeds as dots with mean ± sd, curves, sweeps
    functions  gradient norms per layer, a learning-rate range test, schedules, weight paths
    diagrams   diagrams: a decision line, perceptron updates, a dense layer, a model's layers

Every function returns the matplotlib figure (or axes), which Jupyter shows.
"""

from course_utils.plots.curves import plot_batch_loss_traces, plot_history, plot_loss_curves
from course_utils.plots.diagrams import (
    REGION_COLOURS,
    draw_layer_diagram,
    plot_decision_boundary,
    plot_layer_diagram,
    plot_perceptron_history,
)
from course_utils.plots.digits import (
    plot_confusion_matrix,
    plot_probabilities,
    show_images,
    show_pictures,
    show_pixel_grids,
    show_pixel_values,
)
from course_utils.plots.functions import (
    plot_gradient_norms,
    plot_lr_schedules,
    plot_range_test,
    plot_weight_paths,
)
from course_utils.plots.runs import (
    plot_per_digit_accuracy,
    plot_run_histories,
    plot_run_sweep,
    plot_run_sweeps,
    plot_runs,
)
from course_utils.plots.style import LINE_STYLES, MARKERS, OKABE_ITO, line_style, use_course_style

__all__ = [
    "OKABE_ITO",
    "LINE_STYLES",
    "MARKERS",
    "line_style",
    "use_course_style",
    "show_images",
    "plot_confusion_matrix",
    "plot_probabilities",
    "show_pixel_grids",
    "show_pixel_values",
    "plot_history",
    "plot_loss_curves",
    "plot_batch_loss_traces",
    "plot_runs",
    "plot_run_histories",
    "plot_run_sweep",
    "plot_run_sweeps",
    "plot_per_digit_accuracy",
    "plot_gradient_norms",
    "plot_range_test",
    "plot_lr_schedules",
    "plot_weight_paths",
    "REGION_COLOURS",
    "plot_decision_boundary",
    "plot_perceptron_history",
    "draw_layer_diagram",
    "plot_layer_diagram",
    "show_pictures",
]
