"""Helpers shared by every course notebook: setup, data, plots, checks and model files.

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

from course_utils import checks, plotting  # noqa: E402
from course_utils.data import (  # noqa: E402
    load_mnist,
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
    "plotting",
    "OUTPUT_DIR",
    "REPO_ROOT",
    "SEED",
    "by_mode",
    "fast_mode",
    "load_mnist",
    "output_path",
    "scale_pixels",
    "self_check",
    "setup",
    "subsample",
    "train_val_split",
]
