"""The stored outputs are the full-mode outputs of the current code (issue 21, section 1).

``course.py execute`` stamps each notebook with its mode, the versions and a hash of each code
cell (course_utils/tools/stored_runs.py). The first test reads that stamp back for every course
notebook; the others show the checker failing on deliberately broken copies, once per defect.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from course_utils.tools.notebooks import course_notebooks, execute_notebook
from course_utils.tools.stored_runs import stamp_run, stated_time_problems, stored_run_problems

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    """TensorFlow's and Keras' versions in requirements.txt (not the installed ones: the weekly
    drift job installs newer releases on purpose)."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^(tensorflow|keras)(?:-cpu)?==([\w.]+)", text, re.M))
    assert set(pins) == {"tensorflow", "keras"}, f"no TensorFlow/Keras pins found: {pins}"
    return pins


PINS = _pins()


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.stem)
def test_stored_outputs_are_a_full_run_of_this_code(path):
    notebook = nbformat.read(path, as_version=4)
    problems = stored_run_problems(notebook)
    assert not problems, (
        f"{path.name}: its stored outputs are not a full-mode run of its current code; "
        f"re-run `python3 course.py execute notebooks/{path.name}`:\n- " + "\n- ".join(problems)
    )
    stored = notebook.metadata["course"]["stored_run"]["versions"]
    for package, pinned in PINS.items():
        assert stored[package] == pinned, (
            f"{path.name} was executed with {package} {stored[package]}, requirements.txt pins "
            f"{pinned}: re-execute it with the pinned versions"
        )


def _small_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A title"),
        nbformat.v4.new_code_cell("x = 6 * 7\nprint(x)"),
        nbformat.v4.new_code_cell("print(x + 1)"),
    ]
    return notebook


@pytest.fixture
def stamped():
    notebook = _small_notebook()
    stamp_run(notebook, fast=False)
    assert stored_run_problems(notebook) == []  # the good copy passes
    return notebook


def test_an_edited_code_cell_is_caught(stamped):
    broken = copy.deepcopy(stamped)
    broken.cells[2].source = "print(x + 2)"
    assert stored_run_problems(broken) == [
        f"code cell 2 (id {broken.cells[2].id}) was edited after its outputs were stored"
    ]


def test_an_edited_markdown_cell_is_not_a_code_change(stamped):
    stamped.cells[0].source = "# Another title"
    assert stored_run_problems(stamped) == []


def test_an_added_and_a_removed_cell_are_caught(stamped):
    broken = copy.deepcopy(stamped)
    removed = broken.cells.pop(1)
    broken.cells.append(nbformat.v4.new_code_cell("print('new')"))
    problems = stored_run_problems(broken)
    assert f"code cell 2 (id {broken.cells[2].id}) was added after the stored run" in problems
    assert f"code cell id {removed.id} was removed (or re-typed) after the stored run" in problems


def test_a_fast_mode_run_is_caught():
    notebook = _small_notebook()
    stamp_run(notebook, fast=True)
    (problem,) = stored_run_problems(notebook)
    assert "from a 'fast' run, not a full-mode one" in problem


def test_missing_metadata_is_caught():
    (problem,) = stored_run_problems(_small_notebook())
    assert problem.startswith("no stored-run stamp in metadata.course.stored_run")


def test_missing_versions_are_caught(stamped):
    stamped["metadata"]["course"]["stored_run"]["versions"].pop("keras")
    (problem,) = stored_run_problems(stamped)
    assert "does not name the Python, TensorFlow and Keras versions" in problem


def test_stamp_records_mode_versions_and_every_code_cell():
    notebook = _small_notebook()
    stamp = stamp_run(notebook, fast=False)
    assert stamp["mode"] == "full"
    assert set(stamp["versions"]) == {"python", "tensorflow", "keras"}
    assert all(stamp["versions"].values())
    assert list(stamp["code_sha256"]) == [notebook.cells[1].id, notebook.cells[2].id]
    with pytest.raises(TypeError, match="fast must be True or False, got str"):
        stamp_run(notebook, fast="yes")


def test_execute_stamps_the_notebook_it_saves(tmp_path, monkeypatch):
    """The real path: course.py execute's function runs the cells, then stamps the file."""
    path = tmp_path / "small.ipynb"
    nbformat.write(_small_notebook(), path)
    monkeypatch.setenv("COURSE_FAST", "1")
    execute_notebook(path, timeout=120)
    saved = nbformat.read(path, as_version=4)
    assert saved.cells[1].outputs[0].text == "42\n"
    assert saved["metadata"]["course"]["stored_run"]["mode"] == "fast"
    (problem,) = stored_run_problems(saved)  # a fast run is stamped fast, and refused
    assert "from a 'fast' run" in problem


def test_a_real_notebook_stamped_then_edited_is_caught():
    """The same on a copy of a course notebook (read only; nothing is written)."""
    notebook = nbformat.read(course_notebooks()[1], as_version=4)
    stamp_run(notebook, fast=False)
    assert stored_run_problems(notebook) == []
    index, cell = next((i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    cell.source += "\n# an edit after the run"
    assert stored_run_problems(notebook) == [
        f"code cell {index} (id {cell.id}) was edited after its outputs were stored"
    ]


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.stem)
def test_stated_run_time_fits_the_stored_run(path):
    notebook = nbformat.read(path, as_version=4)
    problems = stated_time_problems(notebook)
    assert not problems, f"{path.name}: " + "; ".join(problems)


def _timed(first_cell: str, seconds) -> nbformat.NotebookNode:
    notebook = _small_notebook()
    notebook.cells[0].source = first_cell
    stamp_run(notebook, fast=False, seconds=seconds)
    return notebook


def test_stated_run_time_fails_on_a_wrong_or_missing_time():
    about = "**Time:** 40 min (the code cells run in about 80 seconds on a 2-core CPU)"
    assert stated_time_problems(_timed(about, 80.4)) == []
    assert stated_time_problems(_timed(about, 60)) == []
    (slow,) = stated_time_problems(_timed(about, 130))
    assert "about 80 seconds" in slow and "130 s" in slow
    (fast,) = stated_time_problems(_timed(about, 40))
    assert "40 s" in fast
    under = "(the code cells run in under 3 minutes)"
    assert stated_time_problems(_timed(under, 179)) == []
    assert stated_time_problems(_timed(under, 181))
    (missing,) = stated_time_problems(_timed("# A title", 10))
    assert "does not say how long" in missing
    unstamped = _small_notebook()
    unstamped.cells[0].source = about
    stamp_run(unstamped, fast=False)
    (no_seconds,) = stated_time_problems(unstamped)
    assert "no 'seconds'" in no_seconds


@pytest.mark.parametrize("seconds", [-1, "80", True])
def test_stamp_refuses_a_bad_time(seconds):
    with pytest.raises(ValueError, match="seconds"):
        stamp_run(_small_notebook(), fast=False, seconds=seconds)


README_RUN = re.compile(
    r"^\| \[(\d\d_\w+)\]\(notebooks/\1\.ipynb\) \|.*\| (\d+) s \| [^|]*\|$", re.M
)


def readme_run_problems(readme: str, notebooks: dict[str, dict]) -> list[str]:
    """The README syllabus' "run" column against each notebook's stored-run seconds."""
    rows = dict((stem, int(seconds)) for stem, seconds in README_RUN.findall(readme))
    problems = [
        f"{stem}: no syllabus row with a run time" for stem in notebooks if stem not in rows
    ]
    for stem, stated in rows.items():
        measured = notebooks[stem]["metadata"]["course"]["stored_run"].get("seconds")
        if measured is None or not 0.6 * stated <= measured <= 1.5 * stated:
            problems.append(f"{stem}: README says {stated} s, its stored run took {measured} s")
    return problems


def test_readme_run_column_fits_the_stored_runs():
    notebooks = {p.stem: nbformat.read(p, as_version=4) for p in course_notebooks()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not readme_run_problems(readme, notebooks)
    slow = re.sub(
        r"(\| \[00_orientation\].*\| )\d+ s (\| [^|]*\|)$", r"\g<1>60 s \2", readme, flags=re.M
    )
    assert readme_run_problems(slow, notebooks) == [
        f"00_orientation: README says 60 s, its stored run took "
        f"{notebooks['00_orientation'].metadata.course.stored_run.seconds} s"
    ]
