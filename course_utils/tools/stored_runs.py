"""Tie a notebook's stored outputs to the code and the mode that produced them.

``course.py execute`` stamps each notebook it runs (:func:`stamp_run`) with, under
``metadata["course"]["stored_run"]``:

- ``mode``: ``"full"`` or ``"fast"`` (the value of ``COURSE_FAST`` when it ran);
- ``versions``: the Python, TensorFlow and Keras versions of the environment that ran it;
- ``code_sha256``: the SHA-256 of each code cell's source, keyed by the cell's id;
- ``seconds`` and ``cpu_count``: how long the whole run took, on how many CPU cores, so that a
  notebook's "the code cells run in about N seconds" can be checked against it
  (:func:`stated_time_problems`).

:func:`stored_run_problems` reads that stamp back: a code cell edited after the run, a cell
added or removed, a missing stamp or a fast-mode run each give one line. The test
``tests/test_stored_runs.py`` fails on any such line, so the outputs in git are always the
full-mode outputs of the code beside them.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
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


def stamp_run(notebook: Any, fast: bool, seconds: float | None = None) -> dict:
    """Record in ``notebook.metadata`` which code, mode and versions produced its outputs.

    Args:
        notebook: an executed ``nbformat`` notebook (changed in place).
        fast: whether it ran in fast mode.
        seconds: how long the run took (stored rounded, with this machine's CPU count).

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
    if seconds is not None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ValueError(f"seconds must be a number >= 0, got {seconds!r}")
        stamp["seconds"] = round(seconds)
        stamp["cpu_count"] = os.cpu_count()
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


# "the code cells run in about 80 seconds" / "in under 3 minutes" in a notebook's first cell.
STATED_TIME = re.compile(r"code cells run in (about|under) (\d+) (second|minute)s?", re.IGNORECASE)
# "about N" holds when the stored run took between these fractions of N (timings vary by
# about ±30 % between runs on the same machine).
ABOUT_RANGE = (0.6, 1.5)


def stated_time_problems(notebook: Mapping) -> list[str]:
    """Whether the first cell's "the code cells run in about N seconds" fits the stored run.

    Returns:
        One line per problem: no such sentence, no ``seconds`` in the stamp, or a stated time
        the stored run's measured time does not fit ("about N": 0.6 N to 1.5 N; "under N":
        at most N).
    """
    first = "".join(notebook["cells"][0].get("source", "")) if notebook["cells"] else ""
    found = STATED_TIME.search(first)
    if found is None:
        return [
            "its first cell does not say how long the code cells run "
            "('the code cells run in about N seconds' or 'in under N minutes')"
        ]
    stamp = notebook.get("metadata", {}).get("course", {}).get(STAMP_KEY, {})
    measured = stamp.get("seconds") if isinstance(stamp, Mapping) else None
    if not isinstance(measured, int | float):
        return ["the stored-run stamp has no 'seconds': re-run `python3 course.py execute` on it"]
    kind, number, unit = found.group(1).lower(), int(found.group(2)), found.group(3).lower()
    stated = number * (60 if unit == "minute" else 1)
    low, high = (
        (0, stated) if kind == "under" else (ABOUT_RANGE[0] * stated, ABOUT_RANGE[1] * stated)
    )
    if not low <= measured <= high:
        return [
            f"its first cell says the code cells run in {kind} {number} {unit}s, but the stored "
            f"run took {measured} s on {stamp.get('cpu_count')} cores"
        ]
    return []
