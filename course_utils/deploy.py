"""Look inside saved models, size them, check ONNX (used by notebook 09).

- :func:`keras_file_json` and :func:`keras_file_weights` open a ``.keras`` file as the zip
  archive it is: ``config.json`` (the architecture), ``metadata.json`` (Keras version, date)
  and ``model.weights.h5`` (the numbers).
- :func:`layer_rows` describes a model's layers from its config (``plots.plot_layer_diagram``
  draws them with matplotlib alone — no pydot, no Graphviz system package).
- :func:`model_sizes` saves models (atomically, through ``modelfiles.save_model``) and
  measures their files; :func:`estimated_size` puts a
  model you cannot save here (a 7-billion-parameter one) beside them; :func:`format_size_table`
  prints them as one table.
- :func:`onnx_status` says whether the optional ONNX packages of ``requirements-onnx.txt`` are
  installed (Keras' ``model.export(path, format="onnx")`` converts through tf2onnx, which needs
  onnx; onnxruntime runs the file), and if not, how to install them, in one line. Notebook 09
  writes the export and the onnxruntime call itself.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_utils import validate
from course_utils.env import show_path
from course_utils.modelfiles import save_model, size_breakdown
from course_utils.text import format_table, human_bytes

ONNX_PACKAGES = ("onnx", "onnxruntime", "tf2onnx")
ONNX_INSTALL = "pip install -r requirements-onnx.txt"


# --- a .keras file is a zip ------------------------------------------------------------------


def _open_keras_zip(path: str | os.PathLike) -> zipfile.ZipFile:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file at {show_path(path)}")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{show_path(path)} is not a zip archive, so not a .keras file")
    return zipfile.ZipFile(path)


def keras_file_json(path: str | os.PathLike, member: str = "config.json") -> dict:
    """Read one JSON file from a ``.keras`` archive (``config.json`` or ``metadata.json``).

    Raises:
        FileNotFoundError: if there is no such file.
        ValueError: if the file is not a zip archive or holds no ``member``.
    """
    with _open_keras_zip(path) as archive:
        if member not in archive.namelist():
            raise ValueError(
                f"{show_path(path)} holds no {member}; it holds {', '.join(archive.namelist())}"
            )
        return json.loads(archive.read(member))


def keras_file_weights(path: str | os.PathLike) -> list[tuple[str, tuple[int, ...]]]:
    """List the arrays stored in a ``.keras`` archive's ``model.weights.h5``.

    Returns:
        ``[(name, shape), ...]`` such as ``("layers/dense/vars/0", (784, 128))``; the
        optimizer's variables are under ``optimizer/vars``.

    Raises:
        FileNotFoundError: if there is no such file.
        ValueError: if the file is not a zip archive or holds no ``model.weights.h5``.
    """
    import h5py

    with _open_keras_zip(path) as archive:
        if "model.weights.h5" not in archive.namelist():
            raise ValueError(f"{show_path(path)} holds no model.weights.h5")
        data = archive.read("model.weights.h5")
    arrays: list[tuple[str, tuple[int, ...]]] = []
    with h5py.File(io.BytesIO(data), "r") as handle:
        handle.visititems(
            lambda name, obj: (
                arrays.append((name, tuple(obj.shape))) if isinstance(obj, h5py.Dataset) else None
            )
        )
    return arrays


# --- drawing the layers ------------------------------------------------------------------------


def as_model(source: Any) -> Any:
    """A Keras model from a model, a ``.keras`` path or a config dict (architecture only)."""
    import keras

    if isinstance(source, keras.Model):
        return source
    if isinstance(source, (str, os.PathLike)):
        source = keras_file_json(source, "config.json")
    if isinstance(source, Mapping):
        if "class_name" not in source:
            raise ValueError("a model config must be the dict of config.json (with class_name)")
        return keras.saving.deserialize_keras_object(dict(source))
    raise TypeError(
        f"source must be a Keras model, a .keras path or a config dict, got {type(source).__name__}"
    )


def _details(layer: Any) -> str:
    config = layer.get_config()
    activation = config.get("activation")
    act = f", {activation}" if activation not in (None, "linear") else ""
    kind = type(layer).__name__
    if "units" in config:
        return f"{config['units']} units{act or ', no activation'}"
    if "filters" in config:
        size = "×".join(str(k) for k in config["kernel_size"])
        return f"{config['filters']} filters {size}{act}"
    if "pool_size" in config:
        return "keep the max of each " + "×".join(str(k) for k in config["pool_size"])
    if "rate" in config:
        return f"switch off {config['rate']:.0%} (training only)"
    if kind == "Flatten":
        return "image → one long vector"
    if kind == "Reshape":
        return f"reshape to {tuple(config['target_shape'])}"
    return kind


def layer_rows(source: Any) -> list[dict[str, Any]]:
    """Describe a model's layers, one dict per layer, from its config.

    Args:
        source: a Keras model, a ``.keras`` file (read from its ``config.json`` without loading
            the weights) or a config dict as in ``config.json``. Layers are listed in order,
            as a chain (the course's models are; draw branching models with Netron).

    Returns:
        Dicts with ``name``, ``type``, ``details`` (e.g. ``"128 units, relu"``),
        ``output_shape`` (without the batch axis) and ``parameters``; the first one is the
        input.

    Raises:
        TypeError / ValueError: if ``source`` is none of the above.
    """
    model = as_model(source)
    shape = tuple(model.inputs[0].shape[1:]) if model.inputs else ()
    rows = [
        {"name": "input", "type": "Input", "details": "", "output_shape": shape, "parameters": 0}
    ]
    for layer in model.layers:
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "details": _details(layer),
                "output_shape": tuple(layer.output.shape[1:]),
                "parameters": int(layer.count_params()),
            }
        )
    return rows


# --- file size versus parameters ----------------------------------------------------------------


@dataclass(frozen=True)
class SizeRow:
    """One row of the size table.

    Attributes:
        name: the model's name in the table.
        parameters: its number of parameters.
        weight_bytes: the bytes of the weights alone: parameters × 4 for float32.
        keras_bytes: size of its ``.keras`` file, or None if not saved.
        weights_h5_bytes: size of its ``.weights.h5`` file, or None if not saved.
        note: free text, e.g. how an estimate was made.
    """

    name: str
    parameters: int
    weight_bytes: int
    keras_bytes: int | None = None
    weights_h5_bytes: int | None = None
    note: str = ""


def model_sizes(models: Mapping[str, Any], folder: str = "sizes") -> list[SizeRow]:
    """Save each model as ``.keras`` and ``.weights.h5`` and measure the files.

    The files go to ``output/models/<folder>/``. A model that has not trained has no
    optimizer state yet, so its files hold the weights and the config only.

    Args:
        models: ``{table name: built Keras model}``.
        folder: the sub-folder of ``output/models``.

    Returns:
        One :class:`SizeRow` per model, in the given order.

    Raises:
        ValueError: if ``models`` is empty or a name is empty.
    """
    if not models:
        raise ValueError("models must hold at least one {name: model} pair")
    rows = []
    for name, model in models.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"every model needs a non-empty name, got {name!r}")
        stem = "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_")
        keras_path = save_model(model, f"{folder}/{stem}.keras", verbose=False)
        weights_path = save_model(model, f"{folder}/{stem}.weights.h5", verbose=False)
        parts = size_breakdown(model)  # counted from the model: parameters × their dtype
        rows.append(
            SizeRow(
                name,
                parts["parameters"],
                parts["weight_bytes"],
                keras_path.stat().st_size,
                weights_path.stat().st_size,
            )
        )
    return rows


def estimated_size(
    name: str, parameters: float, bytes_per_parameter: float = 4, note: str = ""
) -> SizeRow:
    """A size-table row for a model known only by its parameter count (no file is written).

    Args:
        name: the row name, e.g. ``"7B language model"``.
        parameters: the number of parameters, e.g. ``7e9``.
        bytes_per_parameter: 4 for float32, 2 for float16/bfloat16, 1 for int8, 0.5 for 4-bit.
        note: free text for the table.

    Returns:
        A :class:`SizeRow` whose ``weight_bytes`` is ``parameters × bytes_per_parameter``.

    Raises:
        TypeError: if ``parameters`` or ``bytes_per_parameter`` is not a number.
        ValueError: if either is not positive and finite (``inf``, ``nan``, 0, negative).
    """
    name = validate.text("name", name)
    parameters = validate.number("parameters", parameters, low=0, low_open=True)
    bytes_per_parameter = validate.number(
        "bytes_per_parameter", bytes_per_parameter, low=0, low_open=True
    )
    return SizeRow(name, int(parameters), int(parameters * bytes_per_parameter), note=note)


def format_size_table(rows: list[SizeRow]) -> str:
    """Format size rows as an aligned text table (file sizes "—" where nothing was saved).

    Columns: name, parameters, the weights' bytes, the ``.weights.h5`` and ``.keras`` file
    sizes, and the note.

    Raises:
        ValueError: if ``rows`` is empty.
    """
    if not rows:
        raise ValueError("rows must hold at least one SizeRow")
    header = ("model", "parameters", "weights", ".weights.h5", ".keras", "")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.name,
                f"{row.parameters:,}",
                human_bytes(row.weight_bytes),
                "—" if row.weights_h5_bytes is None else human_bytes(row.weights_h5_bytes),
                "—" if row.keras_bytes is None else human_bytes(row.keras_bytes),
                row.note,
            )
        )
    return format_table(lines, align="lrrrrl", rule=True)


# --- ONNX: a second runtime ------------------------------------------------------------------


@dataclass(frozen=True)
class OnnxStatus:
    """Whether the optional ONNX packages are importable.

    Attributes:
        available: True when onnx, onnxruntime and tf2onnx can all be imported.
        message: one line for the learner: the versions, or what is missing and how to
            install it.
    """

    available: bool
    message: str


def onnx_status() -> OnnxStatus:
    """Check for the optional ONNX packages without importing them.

    Returns:
        An :class:`OnnxStatus`.
    """
    missing = [name for name in ONNX_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return OnnxStatus(
            False,
            f"ONNX comparison skipped: the optional package(s) {', '.join(missing)} are not "
            f"installed. To run it: {ONNX_INSTALL} (in the course's environment), then "
            "restart the kernel.",
        )
    from importlib.metadata import version

    found = ", ".join(f"{name} {version(name)}" for name in ONNX_PACKAGES)
    return OnnxStatus(True, f"ONNX packages found: {found}")
