"""``python3 course.py handout DIR``: copies of the notebooks with no solution left in them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_utils.tools import notebooks as nbs

ROOT = Path(__file__).resolve().parent.parent


def make_notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    solution = v4.new_code_cell(
        "answer = 6 * 7\nprint(answer)",
        metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}},
        outputs=[v4.new_output("stream", name="stdout", text="42\n")],
        execution_count=3,
    )
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# 99 — Test\n\nObjectives, minutes, prerequisites."),
            v4.new_code_cell(
                "print('hello')",
                outputs=[v4.new_output("stream", name="stdout", text="hello\n")],
                execution_count=1,
            ),
            v4.new_markdown_cell("## Exercises\n\n1. What is six times seven?"),
            v4.new_code_cell("# Exercise 1: your code here", execution_count=2),
            v4.new_markdown_cell("## Key takeaways\n\n- Multiply.\n\n## Solutions"),
            solution,
        ]
    )


def all_text(notebook) -> str:
    return json.dumps(notebook, ensure_ascii=False)


def test_a_handout_notebook_has_no_solution_but_keeps_the_exercises():
    handout = nbs.handout_notebook(make_notebook())
    text = all_text(handout)
    outputs = [o.get("text") for c in handout.cells for o in c.get("outputs", [])]
    assert "6 * 7" not in text and "42\n" not in outputs and "solution" not in text
    assert "## Solutions" not in text  # no heading left over an empty section
    assert "## Exercises" in text and "# Exercise 1: your code here" in text
    assert "## Key takeaways" in text and "hello" in text  # other outputs stay
    assert len(handout.cells) == 5


def test_a_handout_can_drop_every_output():
    handout = nbs.handout_notebook(make_notebook(), clear_outputs=True)
    assert all(not c.get("outputs") for c in handout.cells if c.cell_type == "code")


def test_an_untagged_solution_is_refused_not_handed_out():
    notebook = make_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("print(6 * 7)"))
    with pytest.raises(ValueError, match=r"code cells \[5\] follow the Solutions heading"):
        nbs.handout_notebook(notebook)


def test_the_executor_stores_solutions_without_outputs():
    notebook = make_notebook()
    assert nbs.clear_solution_outputs(notebook) == 1
    assert notebook.cells[-1].outputs == [] and notebook.cells[-1].execution_count == 3
    assert notebook.cells[1].outputs  # only the solution's outputs go


def test_write_handouts_copies_every_course_notebook_without_solutions(tmp_path):
    target = tmp_path / "handout"
    written = nbs.write_handouts(target)
    assert [p.name for p in written] == [p.name for p in nbs.course_notebooks()]
    assert sorted(p.name for p in target.iterdir()) == [p.name for p in written]
    for path, original in zip(written, nbs.course_notebooks(), strict=True):
        handout = nbformat.read(path, as_version=4)
        nbformat.validate(handout)
        source = nbformat.read(original, as_version=4)
        solutions = [c for c in source.cells if nbs.is_solution(c)]
        assert solutions, f"{original.name} has no cell tagged solution"
        kept = [c.source for c in handout.cells]
        for cell in solutions:
            assert cell.source not in kept, f"{path.name} hands out a solution: {cell.source!r}"
        assert not any(nbs.is_solution(c) for c in handout.cells)
        assert any("Exercise" in s for s in kept), f"{path.name} lost its exercises"
        assert not any(nbs.SOLUTIONS_HEADING.search(s) for s in kept), "a Solutions heading"
        # Only the solutions go, and a "## Solutions" cell left empty by their removal.
        assert 0 <= len(source.cells) - len(solutions) - len(handout.cells) <= 1


def test_write_handouts_never_overwrites(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.ipynb").write_text("{}")
    with pytest.raises(FileExistsError, match="not an empty folder"):
        nbs.write_handouts(full)
    assert (full / "mine.ipynb").read_text() == "{}"
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    with pytest.raises(FileExistsError):
        nbs.write_handouts(a_file)
    for inside in (nbs.NOTEBOOK_DIR, nbs.NOTEBOOK_DIR / "handout"):
        with pytest.raises(ValueError, match="must be outside notebooks/"):
            nbs.write_handouts(inside)
    assert not (nbs.NOTEBOOK_DIR / "handout").exists()


def test_write_handouts_fills_an_empty_folder_and_leaves_nothing_half_done(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    nbs.write_handouts(empty, [nbs.course_notebooks()[0]])
    assert [p.name for p in empty.iterdir()] == ["00_orientation.ipynb"]
    bad = tmp_path / "bad.ipynb"
    notebook = make_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("print(6 * 7)"))
    nbformat.write(notebook, bad)
    with pytest.raises(ValueError, match="bad.ipynb"):
        nbs.write_handouts(tmp_path / "new", [nbs.course_notebooks()[0], bad])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ipynb", "empty"]


def test_the_handout_command_line(tmp_path, capsys):
    target = tmp_path / "class"
    first = nbs.course_notebooks()[0]
    # Once as course.py runs it (a new Python, a few seconds), then the refusals in-process.
    run = [sys.executable, "-m", "course_utils.tools.notebooks", "--handout"]
    done = subprocess.run([*run, str(target), str(first)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 handout notebooks without solutions" in done.stdout
    assert nbs._handout_main([str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert nbs._handout_main([str(tmp_path / "new"), str(tmp_path / "missing.ipynb")]) == 2
    assert "not a notebook file" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_course_py_knows_the_handout_command():
    text = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"handout": ["-m", "course_utils.tools.notebooks", "--handout"]' in text
    assert "course.py handout DIR" in text


# --- The Chinese edition: python3 course.py handout DIR --lang zh ------------------------------


def chinese_edition(folder: Path) -> Path:
    """make_notebook() in Chinese, generated by the translation tool into ``folder``."""
    from course_utils.tools import translate

    english, translations = folder / "en", folder / "translations"
    for path in (english, translations, folder / "zh"):
        path.mkdir(parents=True)
    notebook = make_notebook()
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell{index}"
    nbformat.write(notebook, english / "99_test.ipynb")
    chinese = {
        "cell0": "# 99 — 测试\n\n学习目标、时长与预备知识。",
        "cell2": "## 练习\n\n1. 六乘以七是多少？",
        "cell4": "## 要点\n\n- 做乘法。\n\n## 参考答案",
    }
    blocks = translate.parse(translate.skeleton(json.loads(nbformat.writes(notebook))))
    text = "\n".join(
        f"<!-- cell {b.cell_id} en:{b.hash} -->\n{chinese[b.cell_id]}\n" for b in blocks
    )
    (translations / "99_test.md").write_text(text, encoding="utf-8")
    translate.generate(english, translations, folder / "zh")
    return folder / "zh"


def test_a_chinese_handout_has_no_solution_and_keeps_the_chinese_text(tmp_path, monkeypatch):
    monkeypatch.setitem(nbs.NOTEBOOK_DIRS, "zh", chinese_edition(tmp_path / "edition"))
    written = nbs.write_handouts(tmp_path / "handout", language="zh")
    assert [p.name for p in written] == ["99_test.ipynb"]
    handout = nbformat.read(written[0], as_version=4)
    text = all_text(handout)
    assert "6 * 7" not in text and "参考答案" not in text and "solution" not in text
    assert "## 练习" in text and "## 要点" in text and "# Exercise 1: your code here" in text
    assert len(handout.cells) == 5
    with pytest.raises(ValueError, match="must be outside"):
        nbs.write_handouts(nbs.NOTEBOOK_DIRS["zh"] / "handout", language="zh")


def test_the_handout_command_line_takes_lang(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(nbs.NOTEBOOK_DIRS, "zh", chinese_edition(tmp_path / "edition"))
    assert nbs._handout_main([str(tmp_path / "zh"), "--lang", "zh"]) == 0
    said = capsys.readouterr().out
    assert "1 handout notebooks without solutions" in said
    assert "Not translated yet" in said  # the course's own notebooks are not in this edition
    with pytest.raises(SystemExit):
        nbs._handout_main([str(tmp_path / "xx"), "--lang", "xx"])
    assert "argument --lang: invalid choice: 'xx'" in capsys.readouterr().err
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setitem(nbs.NOTEBOOK_DIRS, "zh", empty)
    assert nbs._handout_main([str(tmp_path / "new"), "--lang", "zh"]) == 2
    assert "python3 course.py translate" in capsys.readouterr().err


def test_the_chinese_handouts_keep_the_same_cells_as_the_english_ones(tmp_path):
    """The real editions: the same cells go (solutions, the emptied 参考答案/Solutions heading)."""
    english = nbs.write_handouts(tmp_path / "en")
    chinese = nbs.write_handouts(tmp_path / "zh", language="zh")
    assert [p.name for p in chinese] == [p.name for p in english]
    for en_path, zh_path in zip(english, chinese, strict=True):
        en, zh = (nbformat.read(p, as_version=4) for p in (en_path, zh_path))
        assert [c.id for c in zh.cells] == [c.id for c in en.cells], zh_path.name
        assert not any(nbs.SOLUTIONS_HEADING.search(c.source) for c in zh.cells), zh_path.name
        for en_cell, zh_cell in zip(en.cells, zh.cells, strict=True):
            if en_cell.cell_type == "code":
                assert zh_cell == en_cell, f"{zh_path.name}: code cell {en_cell.id} differs"
