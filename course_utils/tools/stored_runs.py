"""Tie a notebook's stored outputs to the code and the mode that produced them.

``course.py execute`` stamps each notebook it runs (:func:`stamp_run`) with, under
``metadata["course"]["stored_run"]``:

- ``mode``: ``"full"`` or ``"fast"`` (the value of ``COURSE_FAST`` when it ran);
- ``versions``: the Python, TensorFlow and Keras versions of the environment that ran it;
- ``code_sha256``: the SHA-256 of each code cell's source, keyed by the cell's id.

:func:`stored_run_problems` reads that stamp back: a code cell edited after the run, a cell
added or removed, a missing stamp or a fast-mode run each give one line. The test
``tests/test_stored_runs.py`` fails on any such line, so the outputs in git are always the
full-mode outputs of the code beside them.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Mapping
from importlib import metadata
from typing import Any

STAMP_KEY = "stored_run"
# TensorFlow's wheel is tensorflow-cpu on Linux x86_64 and tensorflow elsewhere.
TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu", "tensorflow-macos")


def source_sha256(cell: Mapping) -> str:
    """The SHA-256 hex digest of a cell's source (a string or nbformat's list of lines)."""
    source = cell.get("source", "")
    if not isinstance(source, str):
        source = "".join(source)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _distribution_version(*names: str) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def environment_versions() -> dict[str, str | None]:
    """The Python, TensorFlow and Keras versions installed here (None if not installed)."""
    return {
        "python": platform.python_version(),
        "tensorflow": _distribution_version(*TENSORFLOW_DISTRIBUTIONS),
        "keras": _distribution_version("keras"),
    }


def code_hashes(notebook: Mapping) -> dict[str, str]:
    """``{cell id: SHA-256 of its source}`` for every code cell of ``notebook``.

    Raises:
        ValueError: if a code cell has no id (nbformat 4.5 gives every cell one).
    """
    hashes = {}
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        cell_id = cell.get("id")
        if not cell_id:
            raise ValueError(
                f"code cell {index} has no id; save the notebook with nbformat >= 4.5 "
                "(JupyterLab does) before stamping it"
            )
        hashes[cell_id] = source_sha256(cell)
    return hashes


def stamp_run(notebook: Any, fast: bool) -> dict:
    """Record in ``notebook.metadata`` which code, mode and versions produced its outputs.

    Args:
        notebook: an executed ``nbformat`` notebook (changed in place).
        fast: whether it ran in fast mode.

    Returns:
        The stamp that was stored.
    """
    if not isinstance(fast, bool):
        raise TypeError(f"fast must be True or False, got {type(fast).__name__}")
    stamp = {
        "mode": "fast" if fast else "full",
        "versions": environment_versions(),
        "code_sha256": code_hashes(notebook),
    }
    notebook["metadata"].setdefault("course", {})[STAMP_KEY] = stamp
    return stamp


def stored_run_problems(notebook: Mapping) -> list[str]:
    """Why a notebook's stored outputs are not the full-mode outputs of its current code.

    Args:
        notebook: a notebook as nbformat reads it (or the plain JSON dict).

    Returns:
        One line per problem; an empty list when the stamp matches the code and says full mode.
    """
    stamp = notebook.get("metadata", {}).get("course", {}).get(STAMP_KEY)
    if not isinstance(stamp, Mapping):
        return [
            "no stored-run stamp in metadata.course.stored_run: its outputs were not stored by "
            "`python3 course.py execute`; run that on it (full mode)"
        ]
    problems = []
    if stamp.get("mode") != "full":
        problems.append(
            f"stored outputs come from a {stamp.get('mode')!r} run, not a full-mode one; run "
            "`python3 course.py execute` on it without --fast"
        )
    versions = stamp.get("versions")
    if not isinstance(versions, Mapping) or not all(
        versions.get(key) for key in ("python", "tensorflow", "keras")
    ):
        problems.append(
            f"the stamp does not name the Python, TensorFlow and Keras versions: {versions!r}"
        )
    stored = stamp.get("code_sha256")
    if not isinstance(stored, Mapping):
        return [*problems, "the stamp has no code_sha256 table"]
    current = {}
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") == "code":
            current[cell.get("id")] = (index, source_sha256(cell))
    for cell_id, (index, digest) in current.items():
        if cell_id not in stored:
            problems.append(f"code cell {index} (id {cell_id}) was added after the stored run")
        elif stored[cell_id] != digest:
            problems.append(
                f"code cell {index} (id {cell_id}) was edited after its outputs were stored"
            )
    for cell_id in stored:
        if cell_id not in current:
            problems.append(
                f"code cell id {cell_id} was removed (or re-typed) after the stored run"
            )
    return problems
