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


def _entry(path: Path) -> Entry | None:
    try:
        info = os.lstat(path)
    except OSError:  # vanished while listing
        return None
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        return ("dir",)
    return ("file", info.st_size, info.st_mtime_ns)


def _walk(root: Path, prefix: str, skip, listing: dict) -> None:
    """Add every entry under ``root`` to ``listing`` as ``prefix + relative path``."""
    try:
        children = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for child in children:
        path = Path(child.path)
        if skip(path):
            continue
        entry = _entry(path)
        if entry is None:
            continue
        listing[prefix + path.name] = entry
        if entry[0] == "dir":
            _walk(path, prefix + path.name + "/", skip, listing)


def snapshot(repo: Path, home: Path | None) -> dict[str, Entry]:
    """List the course folder and ``$HOME`` as ``{"<where>/<path>": entry}``.

    Args:
        repo: the course folder.
        home: the home folder, or None not to list it (also skipped when it is ``/``).

    Returns:
        Keys ``repo/<relative path>`` and ``~/<relative path>``.
    """
    repo = repo.resolve()
    listing: dict[str, Entry] = {}

    def skip_in_repo(path: Path) -> bool:
        return path.name in SKIP_IN_REPO or path.name.endswith(".egg-info")

    _walk(repo, "repo/", skip_in_repo, listing)
    if home is None or home.resolve() == Path("/").resolve():
        return listing
    home = home.resolve()

    def skip_in_home(path: Path) -> bool:
        return path == repo or (path.name.startswith(".") and path.parent != home)

    try:
        top = sorted(os.scandir(home), key=lambda e: e.name)
    except OSError:
        return listing
    for child in top:
        path = Path(child.path)
        if path == repo:
            continue
        hidden = child.name.startswith(".")
        entry = _entry(path)
        if entry is None:
            continue
        if not (hidden and child.name in TOOL_FOLDERS_IN_HOME and entry[0] == "dir"):
            listing["~/" + child.name] = entry
        if entry[0] != "dir":
            continue
        if child.name == ".keras":
            _walk(path, "~/.keras/", lambda p: p.name in SKIP_IN_KERAS, listing)
        elif not hidden:
            _walk(path, "~/" + child.name + "/", skip_in_home, listing)
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
