"""Helpers shared by every course notebook: setup, data, plots, checks and model files.

One module per concern, bottom up: a module imports only modules listed above it
(tests/test_layers.py), so there are no import cycles.

    validate     the error contract: every argument check (TypeError / ValueError, named)
    text         the one table formatter; byte sizes
    env          paths, the seed, fast mode (``by_mode``), atomic writes into output/, quiet logs
    checks       the ✓ checks a notebook states
    selfcheck    exercise self-checks: ✓ or ✗ with a hint
    scratch      NumPy code notebooks 02-03 show: data_iter, sgd, sigmoid, relu, softmax, ...
    activations  notebook 05's activation functions and derivatives (NumPy)
    metrics      confusion matrix, most confident mistakes
    data         MNIST: load, split, subsample, scale, select digits; the experiments' splits
    inference    checked input for a trained model, and its predictions
    images       test digits changed as the world would: shifted, noisy
    drawing      a drawn digit prepared like MNIST's (shown in 04), and the live drawing pad
    training     callbacks (EpochLog, RunRecorder) and 04's shift augmentation
    models       the course model (shown in 07)
    experiments  the runner ``compare``, its Run / Comparison tables; range test, 2-D paths
    modelfiles   saving into output/, what a model file holds, trainable counts
    deploy       inside a .keras file, file size against parameters, ONNX status
    plots/       every picture, one style table: style, digits, curves, diagrams, functions, runs
    session      ``cu.setup()``, the first call of every notebook
    tools/       not for learners: bench, notebook executor, stored runs, verify

Import this package before TensorFlow or Keras. On import it sets the environment variables
that keep TensorFlow's C++ start-up log lines (oneDNN, cpu_feature_guard, ...) out of the
notebook, and selects the TensorFlow backend for Keras. A variable you have set yourself is
left as it is.
"""

from __future__ import annotations

import os

for _name, _value in (
    ("TF_CPP_MIN_LOG_LEVEL", "3"),  # C++ INFO/WARNING/ERROR lines from TensorFlow
    ("TF_ENABLE_ONEDNN_OPTS", "0"),  # the oneDNN notice, and bit-identical reruns
    ("KERAS_BACKEND", "tensorflow"),
):
    os.environ.setdefault(_name, _value)

from course_utils import checks, plots  # noqa: E402
from course_utils.data import (  # noqa: E402
    load_mnist,
    mnist_experiment_data,
    one_hot_data,
    scale_pixels,
    subsample,
    train_val_split,
)
from course_utils.env import (  # noqa: E402
    OUTPUT_DIR,
    REPO_ROOT,
    SEED,
    by_mode,
    fast_mode,
    output_path,
)
from course_utils.selfcheck import self_check  # noqa: E402
from course_utils.session import setup  # noqa: E402

__all__ = [
    "checks",
    "plots",
    "OUTPUT_DIR",
    "REPO_ROOT",
    "SEED",
    "by_mode",
    "fast_mode",
    "load_mnist",
    "mnist_experiment_data",
    "one_hot_data",
    "output_path",
    "scale_pixels",
    "self_check",
    "setup",
    "subsample",
    "train_val_split",
]
