"""The first call of every notebook: ``cu.setup()`` — quiet logs, a fixed seed, the plot style.

It stands above :mod:`course_utils.env`, :mod:`course_utils.data` and
:mod:`course_utils.plots`, which it uses; nothing in the package imports it but
``course_utils/__init__.py``.
"""

from __future__ import annotations

import os
import platform
import sys

from course_utils import validate
from course_utils.data import resolve_mnist_source
from course_utils.env import SEED, TF_IMPORTED_FIRST, fast_mode, quiet_tensorflow, reset_session
from course_utils.plots.style import use_course_style


def environment_line(seed: int = SEED) -> str:
    """One line with Python, TensorFlow and Keras versions, the device, the mode and the data."""
    import keras
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    device = f"GPU × {len(gpus)}" if gpus else f"CPU only ({os.cpu_count()} cores)"
    mode = "fast mode (COURSE_FAST=1)" if fast_mode() else "full run"
    return (
        f"Python {platform.python_version()} | TensorFlow {tf.__version__} | "
        f"Keras {keras.__version__} | {device} | seed {seed} | {mode} | "
        f"MNIST: {resolve_mnist_source().description}"
    )


def setup(seed: int = SEED) -> None:
    """Prepare a notebook: quiet TensorFlow, fixed seed, course plot style, one status line.

    Call it in the first code cell, after ``import course_utils`` and before building models.

    Args:
        seed: the seed for Python, NumPy and TensorFlow (``keras.utils.set_random_seed``).

    Raises:
        TypeError: if ``seed`` is not an int.
        ValueError: if ``seed`` is outside 0 … 2**32 - 1 (NumPy's seed range).
    """
    seed = validate.number("seed", seed, integer=True, low=0, high=2**32 - 1)
    quiet_tensorflow()
    reset_session(seed)
    use_course_style()
    print(environment_line(seed))
    if TF_IMPORTED_FIRST:
        print(
            "Note: TensorFlow was imported before course_utils, so its start-up log lines "
            "were not silenced. Import course_utils first (restart the kernel to see it)."
        )
    if sys.version_info[:2] not in ((3, 11), (3, 12), (3, 13)):
        print(f"Note: the course is tested with Python 3.11-3.13, this is {sys.version.split()[0]}")
