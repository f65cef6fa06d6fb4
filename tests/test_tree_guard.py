"""The guard of the test session: a write outside output/ is caught, a write inside is not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
import tree_guard

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path):
    """A small course folder and a home folder with the tools' usual files."""
    repo, home = tmp_path / "course", tmp_path / "home"
    for path, text in {
        repo / "notebooks" / "04_mnist.ipynb": "{}",
        repo / "notebooks-zh" / "04_mnist.ipynb": "{}",
        repo / "data" / "mnist_offline.npz": "sample",
        repo / "output" / "models" / "old.keras": "model",
        repo / ".venv" / "lib" / "site.py": "",
        repo / "course_utils" / "__pycache__" / "data.pyc": "",
        home / ".keras" / "keras.json": "{}",
        home / ".keras" / "datasets" / "mnist.npz": "the user's own copy",
        home / ".cache" / "matplotlib" / "fontlist.json": "{}",
        home / ".bashrc": "alias ll='ls -l'",
        home / "Documents" / "notes.txt": "notes",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return repo, home


def changes(repo: Path, home: Path, act) -> list[str]:
    before = tree_guard.snapshot(repo, home)
    act()
    return tree_guard.differences(before, tree_guard.snapshot(repo, home))


def test_nothing_done_nothing_reported(tree):
    assert changes(*tree, lambda: None) == []


@pytest.mark.parametrize(
    ("write", "reported"),
    [
        ("notebooks/mnist.keras", "added:   repo/notebooks/mnist.keras"),
        ("notebooks-zh/04_mnist.ipynb", "changed: repo/notebooks-zh/04_mnist.ipynb (2 -> 5 bytes)"),
        ("data/mnist.npz", "added:   repo/data/mnist.npz"),  # git-ignored, still caught
        ("mnist.keras", "added:   repo/mnist.keras"),
        ("data/mnist_offline.npz", "changed: repo/data/mnist_offline.npz (6 -> 5 bytes)"),
    ],
)
def test_a_write_in_the_course_folder_outside_output_is_caught(tree, write, reported):
    repo, home = tree
    assert changes(repo, home, lambda: (repo / write).write_text("model")) == [reported]


@pytest.mark.parametrize(
    ("write", "reported"),
    [
        ("mnist.keras", "added:   ~/mnist.keras"),
        ("Documents/notes.txt", "changed: ~/Documents/notes.txt (5 -> 3 bytes)"),
        (".keras/datasets/mnist.npz", "changed: ~/.keras/datasets/mnist.npz (19 -> 3 bytes)"),
        (".course_models", "added:   ~/.course_models"),
        (".bashrc", "changed: ~/.bashrc (16 -> 3 bytes)"),
    ],
)
def test_a_write_in_home_is_caught(tree, write, reported):
    repo, home = tree
    assert changes(repo, home, lambda: (home / write).write_text("new")) == [reported]


def test_a_deleted_file_is_caught(tree):
    repo, home = tree
    found = changes(repo, home, lambda: (home / ".keras" / "datasets" / "mnist.npz").unlink())
    assert found == ["removed: ~/.keras/datasets/mnist.npz"]


def test_a_touched_file_is_caught(tree):
    repo, home = tree
    path = repo / "notebooks" / "04_mnist.ipynb"
    found = changes(repo, home, lambda: os.utime(path, ns=(0, 10**9)))
    assert found == ["changed: repo/notebooks/04_mnist.ipynb (modified)"]


@pytest.mark.parametrize(
    "write",
    [
        "course/output/models/mnist.keras",
        "course/output/models/old.keras",
        "course/course_utils/__pycache__/env.pyc",
        "course/.venv/lib/new.py",
        "home/.keras/keras.json",
        "home/.cache/matplotlib/fontlist-v390.json",
        "home/.local/share/jupyter/runtime/kernel-1.json",
        "home/.ipython/profile_default/history.sqlite",
        "home/Documents/.DS_Store",
    ],
)
def test_output_and_the_tools_own_files_are_not_reported(tree, write):
    repo, home = tree

    def act():
        path = repo.parent / write
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("new")

    assert changes(repo, home, act) == []


def test_a_fresh_home_may_get_the_tools_folders(tmp_path):
    repo, home = tmp_path / "course", tmp_path / "home"
    repo.mkdir()
    home.mkdir()

    def first_run():
        for folder in (".keras", ".ipython", ".cache/matplotlib", ".config/matplotlib"):
            (home / folder).mkdir(parents=True)
        (home / ".keras" / "keras.json").write_text("{}")

    assert changes(repo, home, first_run) == []


def test_a_course_folder_inside_home_is_listed_once(tree):
    repo, home = tree
    inner = home / "course"
    repo.rename(inner)
    listing = tree_guard.snapshot(inner, home)
    assert "repo/notebooks/04_mnist.ipynb" in listing
    assert not any(key.startswith("~/course") for key in listing)


def test_the_report_says_what_to_do():
    text = tree_guard.report([f"added:   ~/f{i}" for i in range(40)], limit=3)
    assert "output_path" in text and "~/f2" in text and "~/f3" not in text
    assert "... and 37 more" in text


def test_a_notebook_writing_outside_output_fails_the_session(tmp_path):
    """The real hooks (root conftest.py) under pytest-xdist, as the README's test command."""
    demo = ROOT / "output" / "tree-guard-demo" / uuid.uuid4().hex
    demo.mkdir(parents=True)
    home = tmp_path / "home"
    home.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import os\nprint('inside output/')"),
        nbformat.v4.new_code_cell(
            "with open(os.path.expanduser('~/stray.keras'), 'w') as f:\n    f.write('x')"
        ),
    ]
    nbformat.write(notebook, demo / "writes_home.ipynb")
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadscope", str(demo)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        shutil.rmtree(demo)
    assert "2 passed" in result.stdout, result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "files changed outside output/" in result.stdout
    assert "added:   ~/stray.keras" in result.stdout
    assert not re.search(r"(added|changed|removed): +repo/", result.stdout), result.stdout
