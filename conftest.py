"""Session-wide guard: the test run fails if anything outside output/ changed.

It is here, in the course folder, so that pytest loads it for every run (``course.py test``,
a single notebook, with or without pytest-xdist); the listing and comparison are in
``tests/tree_guard.py``. With xdist the controller takes both listings, once for all workers.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("course_tree_guard", ROOT / "tests/tree_guard.py")
tree_guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tree_guard)

_BEFORE = pytest.StashKey[dict]()
_CHANGES = pytest.StashKey[list]()


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _home() -> Path | None:
    home = os.environ.get("HOME") or os.environ.get("USERPROFILE")
    return Path(home) if home else None


def pytest_sessionstart(session: pytest.Session) -> None:
    if not _is_xdist_worker(session.config):
        session.config.stash[_BEFORE] = tree_guard.snapshot(ROOT, _home())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    changes = tree_guard.differences(before, tree_guard.snapshot(ROOT, _home()))
    if changes:
        session.config.stash[_CHANGES] = changes
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    changes = config.stash.get(_CHANGES, None)
    if changes:
        terminalreporter.section("files changed outside output/", red=True, bold=True)
        terminalreporter.write_line(tree_guard.report(changes), red=True)


def _work_rank(item: pytest.Item) -> int:
    if item.nodeid.startswith("tests/test_browser"):
        return 0  # each starts JupyterLab and Chromium and runs a notebook: the longest scopes
    return 1 if item.nodeid.startswith("notebooks/") else 2


def pytest_collection_modifyitems(session, config, items: list[pytest.Item]) -> None:
    """Longest work first: ``course.py test`` runs two workers that take whole files in the
    collected order (``-n 2 --dist loadscope --no-loadscope-reorder``; xdist's own reordering
    puts the files with the most tests first, the notebooks last), so a long file collected last
    keeps one worker busy while the other waits. The browser tests go first, then the notebooks,
    then the unit tests; each keeps its own order (a notebook's cells stay top to bottom)."""
    items.sort(key=_work_rank)
