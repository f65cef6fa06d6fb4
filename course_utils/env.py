"""Course-wide settings (plumbing for every notebook): paths, the seed, the fast mode, logs.

It imports nothing of the course but :mod:`course_utils.validate`; the first call of every
notebook, ``cu.setup()``, lives in :mod:`course_utils.session`, which builds on this.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from numbers import Real
from pathlib import Path
from typing import TypeVar

from course_utils import validate

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
OUTPUT_DIR = REPO_ROOT / "output"  # ignored by git; the only place the course writes to
SEED = 42
FAST_ENV = "COURSE_FAST"

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")
T = TypeVar("T")
# True when TensorFlow was imported before course_utils (whose __init__ imports this module
# before anything that imports TensorFlow), so its C++ start-up lines were not silenced.
TF_IMPORTED_FIRST = "tensorflow" in sys.modules


def fast_mode() -> bool:
    """Tell whether the course runs in fast mode (fewer samples and epochs).

    The test command and CI set ``COURSE_FAST=1``; a learner gets the full run by default.

    Returns:
        True when the environment variable ``COURSE_FAST`` is 1/true/yes/on.

    Raises:
        ValueError: if ``COURSE_FAST`` holds anything else than a yes/no word.
    """
    value = os.environ.get(FAST_ENV, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{FAST_ENV} must be 1 or 0 (or true/false), got {value!r}")


def by_mode(full: T, fast: T) -> T:
    """Pick a value by mode: ``full`` for a learner's run, ``fast`` under test.

    Example: ``epochs = by_mode(full=30, fast=3)``. ``None`` is allowed (e.g. "no cap").

    Raises:
        TypeError: if one of the two is a number and the other a string (``fast="2"``):
            the notebook would go on with a string where it needs a number.
    """
    for name, value, other in (("full", full, fast), ("fast", fast, full)):
        if isinstance(value, str) and isinstance(other, Real) and not isinstance(other, bool):
            raise TypeError(
                f"{name} must be a number like the other value ({other!r}), "
                f"got {validate.describe(value)}"
            )
    return fast if fast_mode() else full


def output_path(*parts: str) -> Path:
    """Return a path inside the course output folder ``output/``, creating its folders.

    Args:
        *parts: relative path parts, e.g. ``output_path("models", "mnist.keras")``.

    Returns:
        The absolute path ``REPO_ROOT/output/<parts...>``. Its parent folder exists.

    Raises:
        TypeError: if a part is not a string or path (None, a number, ...).
        ValueError: if no part is given, or the parts would leave the output folder.
        FileExistsError: if a file stands where one of its folders should be.
    """
    if not parts:
        raise ValueError("output_path needs at least one path part, e.g. 'models'")
    for i, part in enumerate(parts):
        if not isinstance(part, (str, os.PathLike)):
            raise TypeError(
                f"output_path parts must be strings, got {validate.describe(part)} as part {i + 1}"
            )
    path = OUTPUT_DIR.joinpath(*parts).resolve()
    if path == OUTPUT_DIR or OUTPUT_DIR not in path.parents:
        raise ValueError(f"output_path parts must stay inside output/, got {parts!r}")
    for folder in (path.parent, *path.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise FileExistsError(
                f"output_path needs {show_path(folder)} to be a folder, but it is a file: "
                "rename or delete that file"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(
    path: str | os.PathLike,
    write: Callable[[Path], object],
    *,
    inside: str | os.PathLike | None = None,
    keep_existing: bool = False,
) -> Path:
    """Write a file so that a failure leaves the previous file at ``path`` untouched.

    ``write`` gets a temporary path in the same folder, with the same extension (Keras picks
    the format from it, e.g. ``.weights.h5``); when it returns, the temporary file replaces
    ``path`` in one step (``os.replace``). When it raises, the temporary file is removed and
    the exception propagates, and whatever was at ``path`` before is still there. This is the
    course's one atomic write (``course.py`` keeps a small copy: it runs before the packages
    are installed).

    Args:
        path: the file to write; its folder must exist.
        write: a function that writes the file at the path it is given, e.g.
            ``lambda tmp: model.save(tmp)``.
        inside: the folder the file must lie in (default: ``output/``); a path that leads
            elsewhere (``'../x.keras'``, an absolute path outside it) is refused.
        keep_existing: if a file is at ``path`` when the new one is ready (another process
            wrote it meanwhile), keep that one and drop the new one.

    Returns:
        ``path`` as a ``Path``.

    Raises:
        TypeError: if ``path`` is not a path.
        ValueError: if ``path`` is not inside ``inside``.
        IsADirectoryError: if ``path`` is a folder (nothing is written).
        FileNotFoundError: if the folder of ``path`` does not exist.
        Exception: whatever ``write`` raises; the old file is kept.
    """
    path = validate.path("path", path)
    folder = Path(OUTPUT_DIR if inside is None else inside).resolve()
    if folder not in path.resolve().parents:
        raise ValueError(
            f"path must be inside {show_path(folder)}/, got {str(path)!r}; the course writes "
            "nowhere else"
        )
    if path.is_dir():
        raise IsADirectoryError(
            f"cannot write {show_path(path)}: a folder of that name is in the way; "
            "remove it or choose another file name"
        )
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {show_path(path)}: its folder does not exist")
    extension = "".join(Path(path.name).suffixes)
    stem = path.name[: len(path.name) - len(extension)]
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".partial-{stem}-", suffix=extension
    )
    os.close(handle)
    temporary = Path(temporary)
    try:
        temporary.unlink()  # let the writer create the file itself (h5py, zip and SavedModel do)
        write(temporary)
        if not (keep_existing and path.exists()):
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def show_path(path: str | os.PathLike) -> str:
    """Format a path for printing without machine-specific prefixes.

    Paths inside the repository print relative to it (``data/mnist_offline.npz``), paths in
    the home folder start with ``~``; anything else prints as it is.
    """
    path = Path(path).expanduser().resolve()
    for base, prefix in ((REPO_ROOT, ""), (Path.home().resolve(), "~/")):
        try:
            return prefix + path.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def quiet_tensorflow() -> None:
    """Silence TensorFlow's Python-level INFO/WARNING logging (the C++ side is set on import)."""
    import absl.logging
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    absl.logging.set_verbosity(absl.logging.ERROR)


def reset_session(seed: int = SEED, free_memory: bool = True) -> None:
    """Start a new model from a clean slate: clear Keras' state and fix every random seed.

    Call it before building each new model so that reruns give the same numbers.

    Args:
        seed: the seed of Python, NumPy and TensorFlow.
        free_memory: also run Python's garbage collector (Keras' default). It takes 0.1–0.3 s
            in a full notebook; the experiment runner, which starts dozens of models, skips it.

    Raises:
        TypeError / ValueError: if ``seed`` is not an int in 0 … 2**32 - 1, or ``free_memory``
            is not True or False.
    """
    seed = validate.number("seed", seed, integer=True, low=0, high=2**32 - 1)
    free_memory = validate.flag("free_memory", free_memory)
    import keras

    keras.backend.clear_session(free_memory=free_memory)
    keras.utils.set_random_seed(seed)
