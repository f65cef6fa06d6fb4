"""Nothing outside ``output/`` changes while the tests (and the notebooks they run) run.

``snapshot()`` lists names, sizes and modification times of

- the course folder: every file and folder except ``output/`` (where the course writes by
  design) and what tools keep there (``.git``, ``.venv``, ``__pycache__``, caches), whether
  git tracks it or not: ``data/mnist.npz`` is git-ignored, and a notebook that wrote it
  would still be caught;
- ``$HOME``: every file in its ordinary (not hidden) folders (hidden entries inside them,
  such as a project's ``.git`` or macOS' ``.DS_Store``, aside), every hidden entry at its top
  level (a new ``~/.something`` is caught), and everything in ``~/.keras`` but Keras' own
  ``keras.json``: its ``datasets/`` folder is where a course download would land. The
  insides of other hidden folders (``~/.cache``, ``~/.config``, ``~/.local``, ``~/.ipython``,
  ``~/.jupyter``, ...) belong to the tools that run the notebooks (Jupyter's runtime files,
  matplotlib's font cache, IPython's history) and to other programs, so they are not listed.

``differences()`` compares two snapshots. The root ``conftest.py`` takes one when the test
session starts and one when it ends (in the xdist controller, once for all workers) and
fails the session with the list of changed paths.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SKIP_IN_REPO = {".git", ".venv", "output", "__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
SKIP_IN_REPO |= {".ruff_cache", ".mypy_cache"}
# Top-level hidden folders of $HOME that Keras, matplotlib, IPython and Jupyter create the
# first time they run: their appearing is not a change made by the course.
TOOL_FOLDERS_IN_HOME = {".keras", ".cache", ".config", ".local", ".ipython", ".jupyter"}
TOOL_FOLDERS_IN_HOME |= {".matplotlib"}
SKIP_IN_KERAS = {"keras.json"}  # Keras writes its config file on first import

Entry = tuple  # ("file", size, mtime_ns) | ("dir",) | ("link", target)


def _entry(item: os.DirEntry) -> Entry | None:
    try:
        info = item.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            return ("link", os.readlink(item.path))
    except OSError:  # vanished while listing
        return None
    if stat.S_ISDIR(info.st_mode):
        return ("dir",)
    return ("file", info.st_size, info.st_mtime_ns)


def _walk(root: str, prefix: str, skip, listing: dict) -> None:
    """Add every entry under ``root`` to ``listing`` as ``prefix + relative path``.

    Plain strings and ``os.scandir``: a home folder may hold hundreds of thousands of files.
    """
    try:
        with os.scandir(root) as items:
            children = list(items)
    except OSError:
        return
    for item in children:
        if skip(item):
            continue
        entry = _entry(item)
        if entry is None:
            continue
        listing[prefix + item.name] = entry
        if entry[0] == "dir":
            _walk(item.path, prefix + item.name + "/", skip, listing)


def snapshot(repo: Path, home: Path | None) -> dict[str, Entry]:
    """List the course folder and ``$HOME`` as ``{"<where>/<path>": entry}``.

    Args:
        repo: the course folder.
        home: the home folder, or None not to list it (also skipped when it is ``/``).

    Returns:
        Keys ``repo/<relative path>`` and ``~/<relative path>``.
    """
    repo_path = str(repo.resolve())
    listing: dict[str, Entry] = {}

    def skip_in_repo(item: os.DirEntry) -> bool:
        return item.name in SKIP_IN_REPO or item.name.endswith(".egg-info")

    _walk(repo_path, "repo/", skip_in_repo, listing)
    if home is None or home.resolve() == Path("/").resolve():
        return listing
    home_path = str(home.resolve())

    def skip_in_home(item: os.DirEntry) -> bool:  # only called below the top level
        return item.name.startswith(".") or item.path == repo_path

    def skip_in_keras(item: os.DirEntry) -> bool:
        return item.name in SKIP_IN_KERAS

    try:
        with os.scandir(home_path) as items:
            top = list(items)
    except OSError:
        return listing
    for item in top:
        if item.path == repo_path:
            continue
        hidden = item.name.startswith(".")
        entry = _entry(item)
        if entry is None:
            continue
        if not (hidden and item.name in TOOL_FOLDERS_IN_HOME and entry[0] == "dir"):
            listing["~/" + item.name] = entry
        if entry[0] != "dir":
            continue
        if item.name == ".keras":
            _walk(item.path, "~/.keras/", skip_in_keras, listing)
        elif not hidden:
            _walk(item.path, "~/" + item.name + "/", skip_in_home, listing)
    return listing


def differences(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """The paths that appeared, disappeared or changed between two snapshots, one per line."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None:
            lines.append(f"added:   {key}")
        elif new is None:
            lines.append(f"removed: {key}")
        elif old[0] != new[0]:
            lines.append(f"changed: {key} (a {old[0]} became a {new[0]})")
        elif old[0] == "file" and old[1] != new[1]:
            lines.append(f"changed: {key} ({old[1]:,} -> {new[1]:,} bytes)")
        else:
            lines.append(f"changed: {key} (modified)")
    return lines


def report(lines: list[str], limit: int = 30) -> str:
    """The message for a failed session: what changed, and what to do about it."""
    shown = lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])
    return (
        "Files outside output/ changed while the tests ran (repo/ = the course folder, "
        "~ = your home folder). Everything the course writes must go under output/, via "
        "course_utils.output_path(...):\n  " + "\n  ".join(shown)
    )
