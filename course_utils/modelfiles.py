"""Model files (plumbing for notebook 09): save into output/, explain sizes, check files.

``save_model`` writes only inside ``output/`` (ignored by git) and picks the format from
the file name: ``.keras`` (Keras' native zip of config + weights + optimizer state),
``.h5`` (the legacy HDF5 format) or ``.weights.h5`` (weights and optimizer state only).
Every file the course writes goes through ``env.write_atomically``: Keras empties the target
file before it serialises the model, so a save that fails half-way (an unserialisable custom
layer, a full disk, Ctrl-C) would otherwise destroy the previous good file. The new file is
written next to the old one under a temporary name and moved into place with ``os.replace``,
which is one step: the old file or the whole new one, never half of either.

The notebooks load with ``keras.saving.load_model`` and ``model.load_weights`` themselves.
``size_breakdown`` and ``trainable_counts`` (notebook 10: trainable and frozen parameters) count
what a model holds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from course_utils import validate
from course_utils.env import output_path, show_path, write_atomically

MODEL_FOLDER = "models"
KERAS_EXT, H5_EXT, WEIGHTS_EXT = ".keras", ".h5", ".weights.h5"
OTHER_FORMATS = {
    ".pt": "a PyTorch file",
    ".pth": "a PyTorch file",
    ".onnx": "an ONNX file (run it with onnxruntime)",
    ".pb": "a TensorFlow SavedModel part",
    ".tflite": "a TensorFlow Lite file",
    ".npz": "a NumPy archive",
}


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def show_keras_warnings(width: int = 95) -> Iterator[list[str]]:
    """Print the warnings Keras gives inside the ``with`` block, one ``Keras warns:`` line each.

    ``cu.setup()`` silences TensorFlow's and Keras' log (absl) warnings, and Python warnings
    land on stderr with the path of the library file that raised them. A lesson that wants a
    learner to *see* a warning — the legacy ``.h5`` notice, "Skipping variable loading for
    optimizer" — runs the call inside this block: both kinds are collected and printed as plain
    text after it, and nothing is hidden or changed in what the call does.

    Args:
        width: the line width the messages are wrapped to.

    Yields:
        The list the messages are collected in (filled when the block ends).
    """
    import absl.logging

    messages: list[str] = []
    logger = logging.getLogger("absl")
    handler = _Collect(messages)
    verbosity, propagate = absl.logging.get_verbosity(), logger.propagate
    absl.logging.set_verbosity(absl.logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        absl.logging.set_verbosity(verbosity)
    for w in caught:
        if issubclass(w.category, UserWarning):  # Keras' own warnings
            messages.append(str(w.message))
        else:  # anything else goes on as it would have without the block
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for message in messages:
        print(textwrap.fill(f"Keras warns: {' '.join(message.split())}", width=width))


def model_format(path: str | os.PathLike) -> str:
    """The course model format of a file name: ``".keras"``, ``".h5"`` or ``".weights.h5"``.

    Raises:
        ValueError: for any other extension; the message lists the supported ones.
    """
    name = Path(path).name.lower()
    for ext in (WEIGHTS_EXT, KERAS_EXT, H5_EXT):
        if name.endswith(ext) and len(name) > len(ext):
            return ext
    suffix = Path(name).suffix or "(none)"
    what = f" ({OTHER_FORMATS[suffix]})" if suffix in OTHER_FORMATS else ""
    raise ValueError(
        f"cannot use model file {show_path(path)}: unsupported extension {suffix}{what}. "
        f"The course saves and loads {KERAS_EXT} (native), {H5_EXT} (legacy) and "
        f"{WEIGHTS_EXT} (weights only)."
    )


def model_path(filename: str | os.PathLike, folder: str = MODEL_FOLDER) -> Path:
    """Where the course keeps a model file: ``output/<folder>/<filename>``.

    Args:
        filename: a file name such as ``"mnist.keras"`` (sub-folders are allowed), or a
            path that is already inside ``output/``.
        folder: the folder inside ``output/``.

    Returns:
        The absolute path; its parent folder exists.

    Raises:
        ValueError: if the path would lead outside ``output/`` or has an unsupported extension.
    """
    from course_utils import env

    candidate = validate.path("filename", filename)
    if candidate.is_absolute():
        resolved = candidate.resolve()
        if env.OUTPUT_DIR.resolve() not in resolved.parents:
            raise ValueError(
                f"model files are written only inside output/, got {show_path(candidate)}; "
                "pass a file name such as 'mnist.keras'"
            )
        relative = resolved.relative_to(env.OUTPUT_DIR.resolve()).parts
    else:
        relative = (folder, *candidate.parts)
    model_format(candidate)
    try:
        return output_path(*relative)
    except ValueError:
        raise ValueError(
            f"model files are written only inside output/, got {str(filename)!r}; "
            "pass a file name such as 'mnist.keras'"
        ) from None


def save_model(
    model: Any, filename: str | os.PathLike, folder: str = MODEL_FOLDER, verbose: bool = True
) -> Path:
    """Save a model to ``output/<folder>/<filename>``, in the format its extension names.

    Args:
        model: a built Keras model.
        filename: ``*.keras`` (native), ``*.h5`` (legacy HDF5) or ``*.weights.h5``
            (weights only). An existing file of that name inside ``output/`` is replaced,
            atomically (``env.write_atomically``): if the save fails, the old file stays.
        folder: the folder inside ``output/`` (default ``models``).
        verbose: print one line with the path and the size in bytes.

    Returns:
        The path of the saved file.

    Raises:
        ValueError: for an unsupported extension, a path outside ``output/``, or a model
            that is not built yet.
        IsADirectoryError: if a folder has the file's name.
        Exception: whatever Keras raises when the model cannot be serialised; the previous
            file of that name is kept.
    """
    path = model_path(filename, folder)
    if not getattr(model, "built", False):
        raise ValueError("the model is not built yet: call it on data or train it before saving")
    kind = model_format(path)
    if kind == WEIGHTS_EXT:
        write_atomically(path, model.save_weights)
    elif kind == H5_EXT:
        write_atomically(path, lambda temporary: _save_h5_keeping_compile_config(model, temporary))
    else:
        write_atomically(path, model.save)
    if verbose:
        print(f"saved {show_path(path)}  ({path.stat().st_size:,} bytes)")
    return path


def _save_h5_keeping_compile_config(model: Any, path: Path) -> None:
    # Keras 3.15's legacy .h5 writer deletes "optimizer" from the live model's compile config
    # (fixed upstream in keras-team/keras#23475); a later .keras save of the same model would
    # then reload with RMSprop instead of Adam. Let the writer change a copy instead.
    compile_config = getattr(model, "_compile_config", None)
    original = getattr(compile_config, "config", None)
    if isinstance(original, dict):
        compile_config.config = dict(original)
    try:
        model.save(path)
    finally:
        if isinstance(original, dict):
            compile_config.config = original


def _nbytes(variables: list) -> int:
    return int(sum(np.prod(v.shape) * np.dtype(v.dtype).itemsize for v in variables))


def size_breakdown(model: Any) -> dict[str, int]:
    """What a saved model's bytes are made of, counted from the model itself.

    Args:
        model: a built Keras model (its optimizer is counted once it has trained).

    Returns:
        A dict with ``parameters`` (count), ``weight_bytes`` (parameters × 4 bytes for
        float32) and ``optimizer_bytes`` (the optimizer's variables: for Adam, two moving
        averages per parameter plus a step counter and the learning rate).
    """
    if not callable(getattr(model, "count_params", None)):
        raise TypeError(f"model must be a Keras model, got {validate.describe(model)}")
    optimizer = getattr(model, "optimizer", None)
    return {
        "parameters": int(model.count_params()),
        "weight_bytes": _nbytes(model.weights),
        "optimizer_bytes": _nbytes(optimizer.variables) if optimizer is not None else 0,
    }


def trainable_counts(model: Any) -> tuple[int, int]:
    """Count the parameters that training will change and the frozen ones.

    Returns:
        ``(trainable, frozen)`` numbers of parameters.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {validate.describe(model)}")
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    return trainable, frozen


def show_file_sizes(model: Any, paths: list[str | os.PathLike]) -> dict[str, int]:
    """Print each file's size next to what the model's weights and optimizer state take.

    Args:
        model: the model the files were saved from.
        paths: the saved files.

    Returns:
        ``{file name: size in bytes}``.

    Raises:
        FileNotFoundError: if a file does not exist.
    """
    parts = size_breakdown(model)
    together = parts["weight_bytes"] + parts["optimizer_bytes"]
    optimizer = getattr(model, "optimizer", None)
    name = type(optimizer).__name__ if optimizer is not None else "no optimizer"
    rows = [
        (f"weights: {parts['parameters']:,} parameters × 4 bytes", parts["weight_bytes"], ""),
        (f"optimizer state ({name})", parts["optimizer_bytes"], ""),
        ("weights + optimizer state", together, ""),
    ]
    sizes = {}
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"model file {show_path(path)} does not exist")
        sizes[path.name] = size = path.stat().st_size
        rest = size - together if size >= together else size - parts["weight_bytes"]
        base = "weights + optimizer" if size >= together else "weights alone"
        rows.append((f"file {path.name}", size, f"= {base} {rest:+,} (config, headers)"))
    width = max(len(label) for label, _, _ in rows)
    for label, size, note in rows:
        print(f"{label:<{width}}  {size:>10,} bytes  {note}".rstrip())
    return sizes
