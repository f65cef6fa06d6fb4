"""Every notebook follows the course conventions and is stored cleanly executed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TF_NOISE = re.compile(
    r"oneDNN custom operations|cudart_stub|cpu_feature_guard|absl::InitializeLog|cuInit|"
    r"This TensorFlow binary is optimized|Could not find cuda drivers|TF-TRT Warning"
)
ABS_PATH = re.compile(r"(?<![\w.~:/])/(?:home|root|tmp|work|Users|usr|opt|var)/|[A-Z]:\\")
DOWNLOAD = re.compile(r"\.load_data\(|urllib\.request|requests\.get|[!%]pip install|!wget|!curl")
CJK = re.compile(r"[\u4e00-\u9fff]")
SOLUTIONS_HEADING = re.compile(r"^#+ .*\bSolutions\b", re.M)
MAX_OUTPUT_LINES = 80


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def output_text(output: dict) -> str:
    parts = [output.get("text", "")]
    parts += [output.get("data", {}).get("text/plain", "")]
    parts += [output.get("traceback", [])]
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no .ipynb files"
    assert NOTEBOOKS[0].name == "00_orientation.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_conventions(path: Path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), "name must be NN_lower_words.ipynb"
    cells = load(path)["cells"]
    first = cells[0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# "), "title cell"
    intro = source(first).lower()
    for word in ("objective", "minutes", "prerequisite"):
        assert word in intro, f"the first cell names no {word}"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "import course_utils" in source(code[0]) and "setup(" in source(code[0]), (
        "the first code cell imports course_utils and calls setup()"
    )
    markdown = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    assert re.search(r"^#+ .*Exercises", markdown, re.M), "an Exercises section"
    assert re.search(r"^#+ .*Key takeaways", markdown, re.M), "a Key takeaways section"
    assert CJK.search(markdown), "the Chinese term beside key English terms"
    for i, cell in enumerate(code, 1):
        assert not DOWNLOAD.search(source(cell)), f"code cell {i} downloads or installs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_cleanly_executed(path: Path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in code if source(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        "run all cells top to bottom in a fresh kernel (python3 course.py execute) "
        f"before committing; execution counts are {counts}"
    )
    for i, cell in enumerate(code, 1):
        # A cell tagged "expected-warning" shows a library warning on purpose (the text explains
        # it), e.g. Keras' legacy-.h5 notice; every other cell must keep stderr empty.
        warns = "expected-warning" in cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            text = output_text(output)
            where = f"code cell {i}"
            assert output["output_type"] != "error", f"{where} stores an error"
            if output.get("name") == "stderr" and warns:
                assert "warning" in text.lower(), (
                    f"{where} is tagged expected-warning: {text[:300]!r}"
                )
            else:
                assert output.get("name") != "stderr", f"{where} stores stderr: {text[:300]!r}"
            assert not TF_NOISE.search(text), f"{where} stores TensorFlow log noise"
            assert not ABS_PATH.search(text), f"{where} shows an absolute path: {text[:300]!r}"
            lines = text.count("\n")
            assert lines <= MAX_OUTPUT_LINES, f"{where} prints {lines} lines"


def is_solution(cell: dict) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_are_tagged_hidden_and_stored_without_outputs(path: Path):
    """No spoilers: a solution's source is collapsed and its answer is not stored.

    Every cell under the "Solutions" heading carries the tag ``solution`` (so that
    ``course.py handout`` leaves it out), a solution code cell has its source hidden, and
    ``course.py execute`` stores it without outputs (the tests still run it).
    """
    cells = load(path)["cells"]
    heading = next(
        (
            i
            for i, c in enumerate(cells)
            if c["cell_type"] == "markdown" and SOLUTIONS_HEADING.search(source(c))
        ),
        None,
    )
    assert heading is not None, "a Solutions section (a markdown heading '## Solutions')"
    untagged = [i for i, c in enumerate(cells[heading + 1 :], heading + 1) if not is_solution(c)]
    assert not untagged, (
        f"cells {untagged} (0-based) are in the Solutions section without the tag 'solution' "
        "(metadata.tags); course.py handout would hand them out"
    )
    solutions = [(i, c) for i, c in enumerate(cells) if is_solution(c)]
    assert any(c["cell_type"] == "code" for _, c in solutions), "no solution code cell"
    for i, cell in solutions:
        if cell["cell_type"] != "code":
            continue
        assert "NBVAL_CHECK_OUTPUT" not in source(cell), (
            f"solution cell {i} is marked NBVAL_CHECK_OUTPUT, but its outputs are not stored; "
            "check its result with a ✓ check (or cu.self_check(..., strict=True)) instead"
        )
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
        assert hidden is True, f"solution cell {i} does not hide its source"
        assert not cell.get("outputs"), (
            f"solution cell {i} stores its outputs (the answer); re-run "
            "`python3 course.py execute` on this notebook, which stores solutions without them"
        )


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in NOTEBOOKS if p.name not in readme]
    assert not missing, f"README.md does not list {missing}"
