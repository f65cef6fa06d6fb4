"""The Chinese edition stays in step with the English one (issue 23).

For each English notebook, ``translations/zh/<stem>.md`` must translate every markdown cell,
each block recording the hash of the English cell it translates; numbers, formulas, inline code
and link targets must be the same in both; every GLOSSARY.md term the English cell uses must
appear as the glossary's Chinese term; a block of prose must hold Chinese and no STALE marker;
and ``notebooks-zh/<name>`` must be exactly what ``python3 course.py translate`` makes now. The
checks are ``course_utils.tools.translate.problems``; each failure names the notebook, the cell
id and what differs.

The second half shows each kind of failure once, on a small notebook and translation written
to a temporary folder and then deliberately broken.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course_utils.tools import translate as tr
from course_utils.tools.stored_runs import stored_run_problems

ROOT = Path(__file__).resolve().parent.parent
# The Chinese edition covers every English notebook: all of them are expected.
EXPECTED = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PROBLEMS: dict[str, list[str]] = {}


def _problems() -> dict[str, list[str]]:
    if not PROBLEMS:
        PROBLEMS.update(tr.all_problems())
    return PROBLEMS


def test_every_english_notebook_is_expected():
    assert len(EXPECTED) == 11, EXPECTED


@pytest.mark.parametrize("name", EXPECTED, ids=lambda name: name[:2])
def test_translation_is_complete_in_step_and_generated(name):
    found = _problems()[name]
    assert not found, f"{name}: the Chinese edition is out of step:\n- " + "\n- ".join(found)


def test_no_chinese_file_without_an_english_notebook():
    assert "(no English notebook)" not in _problems(), _problems().get("(no English notebook)")


@pytest.mark.parametrize("name", EXPECTED, ids=lambda name: name[:2])
def test_the_stored_run_stamp_holds_in_the_chinese_notebook(name):
    """Its code cells are the English ones, so the English full-mode stamp still matches."""
    path = tr.CHINESE_DIR / name
    if not path.exists():
        pytest.skip(f"{name} has no Chinese edition yet (the test above says so)")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert stored_run_problems(notebook) == [], stored_run_problems(notebook)
    assert notebook["metadata"]["course"]["language"] == "zh-CN"


def test_course_py_runs_the_generator():
    text = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"translate": ["-m", "course_utils.tools.translate"]' in text


def test_the_chinese_folder_is_a_sibling_of_notebooks():
    """Relative paths in code and links (../data, ../output, ../GLOSSARY.md) resolve alike."""
    assert tr.CHINESE_DIR.parent == tr.ENGLISH_DIR.parent
    assert tr.ENGLISH_DIR.name == "notebooks" and tr.CHINESE_DIR.name == "notebooks-zh"


# ---------------------------------------------------------------------------------------------
# Each kind of failure once, on a deliberately edited copy
# ---------------------------------------------------------------------------------------------

ENGLISH = {
    "intro": (
        "# 99 — A test lesson\n\nWe train a **model** with a learning rate of 0.01 on 5,000 "
        "digits and reach 93.7 % accuracy (a loss near 10⁻⁴⁵); see the [glossary](../GLOSSARY.md)."
    ),
    "formula": (
        "The loss is $L = \\frac{1}{n}\\sum_i (y_i - \\hat y_i)^2$; "
        "`keras.losses.MeanSquaredError()` computes it with a tolerance of 1e-7."
    ),
    "picture": "![a digit](../docs/drawpad.png)",
    "end": "## Key takeaways\n\n- The gradient points uphill.\n\n## Solutions",
}
CHINESE = {
    "intro": (
        "# 99 — 测试课\n\n我们以 0.01 的学习率在 5,000 个数字上训练一个**模型**，准确率达到 93.7 %"
        "（损失接近 10⁻⁴⁵）；参见[术语表](../GLOSSARY.md)。"
    ),
    "formula": (
        "损失为 $L = \\frac{1}{n}\\sum_i (y_i - \\hat y_i)^2$；"
        "`keras.losses.MeanSquaredError()` 以 1e-7 的容差计算它。"
    ),
    "picture": "![一个数字](../docs/drawpad.png)",
    "end": "## 要点\n\n- 梯度指向上坡方向。\n\n## 参考答案",
}


def _write_english(folder: Path, sources: dict[str, str]) -> None:
    v4 = nbformat.v4
    cells = []
    for cell_id, source in sources.items():
        cells.append(v4.new_markdown_cell(source, id=cell_id))
        if cell_id == "intro":
            code = v4.new_code_cell("print(6 * 7)", id="code1", execution_count=1)
            code.outputs = [v4.new_output("stream", name="stdout", text="42\n")]
            cells.append(code)
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata["course"] = {"stored_run": {"mode": "full", "code_sha256": {}}}
    nbformat.write(notebook, folder / "notebooks" / "99_test.ipynb")


def _translation(chinese: dict[str, str], sources: dict[str, str] = ENGLISH) -> str:
    return "\n".join(
        f"<!-- cell {cid} en:{tr.cell_hash(sources[cid])} -->\n{text}\n"
        for cid, text in chinese.items()
    )


@pytest.fixture
def edition(tmp_path):
    """A course folder with one English notebook, its translation and the generated notebook,
    all in step; returns a function that lists the problems (a flat list)."""
    for folder in ("notebooks", "translations", "notebooks-zh"):
        (tmp_path / folder).mkdir()
    shutil.copy(ROOT / "GLOSSARY.md", tmp_path / "GLOSSARY.md")
    _write_english(tmp_path, ENGLISH)
    (tmp_path / "translations" / "99_test.md").write_text(_translation(CHINESE), encoding="utf-8")
    dirs = (tmp_path / "notebooks", tmp_path / "translations", tmp_path / "notebooks-zh")
    tr.generate(*dirs)

    def problems() -> list[str]:
        found = tr.all_problems(*dirs, tmp_path / "GLOSSARY.md")
        return [line for lines in found.values() for line in lines]

    problems.root = tmp_path
    problems.dirs = dirs
    return problems


def _edit_translation(edition, cell_id: str, old: str, new: str) -> None:
    path = edition.root / "translations" / "99_test.md"
    text = path.read_text(encoding="utf-8")
    blocks = {b.cell_id: b.text for b in tr.parse(text)}
    assert old in blocks[cell_id], (old, blocks[cell_id])
    blocks[cell_id] = blocks[cell_id].replace(old, new)
    path.write_text(_translation(blocks), encoding="utf-8")
    tr.generate(*edition.dirs)  # so that only the edit itself is reported


def _only(found: list[str], *expected: str) -> None:
    assert len(found) == 1, found
    for part in expected:
        assert part in found[0], found[0]


def test_the_fixture_is_in_step(edition):
    assert edition() == []


def test_a_missing_block_fails(edition):
    path = edition.root / "translations" / "99_test.md"
    path.write_text(_translation({k: v for k, v in CHINESE.items() if k != "formula"}), "utf-8")
    found = edition()
    assert "99_test cell formula: no translation block (translation missing)" in found
    assert any("cannot generate" in line for line in found)


def test_a_block_for_a_code_cell_or_an_unknown_id_fails(edition):
    path = edition.root / "translations" / "99_test.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n<!-- cell code1 en:0123456789abcdef -->\n打印。\n", "utf-8")
    _only(edition(), "99_test cell code1", "is a code cell, not markdown")
    path.write_text(text + "\n<!-- cell gone en:0123456789abcdef -->\n已删除。\n", "utf-8")
    _only(edition(), "99_test cell gone", "no cell with this id")


def test_an_edited_english_cell_fails_on_its_hash(edition):
    _write_english(edition.root, {**ENGLISH, "end": ENGLISH["end"].replace("uphill", "up")})
    found = [line for line in edition() if "cell end" in line]
    _only(found, "99_test cell end", "changed since it was translated", "translate --update")


def test_a_changed_number_fails(edition):
    _edit_translation(edition, "intro", "0.01", "0.001")
    _only(edition(), "99_test cell intro", "numbers differ: missing ['0.01'], extra ['0.001']")


def test_a_changed_power_of_ten_fails_as_one_number(edition):
    _edit_translation(edition, "intro", "10⁻⁴⁵", "10⁻⁴")
    _only(edition(), "numbers differ: missing ['10^-45'], extra ['10^-4']")


def test_a_changed_formula_fails(edition):
    _edit_translation(edition, "formula", "\\hat y_i)^2$", "\\hat y_i)$")
    _only(edition(), "99_test cell formula", "formulas differ", "missing ['$L = ")


def test_a_changed_code_span_fails(edition):
    _edit_translation(edition, "formula", "`keras.losses.MeanSquaredError()`", "`MSE()`")
    _only(edition(), "99_test cell formula", "inline code spans differ", "extra ['`MSE()`']")


def test_a_changed_link_target_fails(edition):
    _edit_translation(edition, "intro", "(../GLOSSARY.md)", "(GLOSSARY.md)")
    _only(edition(), "99_test cell intro", "link targets differ: missing ['../GLOSSARY.md']")


def test_a_term_not_in_the_glossarys_chinese_fails(edition):
    _edit_translation(edition, "intro", "学习率", "学习速度")
    _only(edition(), "99_test cell intro", "glossary term 'learning rate'", "学习率")


def test_a_block_left_in_english_fails(edition):
    _edit_translation(edition, "end", "梯度指向上坡方向。", "The gradient points uphill.")
    found = edition()
    assert any("glossary term 'gradient'" in line for line in found), found
    _edit_translation(edition, "intro", CHINESE["intro"], ENGLISH["intro"])
    found = [line for line in edition() if "cell intro" in line]
    assert any("no Chinese in the block" in f and "has prose" in f for f in found), found


def test_a_block_left_in_english_fails_even_with_the_cells_own_chinese_terms(edition):
    end = "## Key takeaways\n\n- The gradient (梯度) points up.\n\n## Solutions"
    english = {**ENGLISH, "end": end}
    _write_english(edition.root, english)
    left = {**CHINESE, "end": english["end"]}  # the skeleton's placeholder, never translated
    path = edition.root / "translations" / "99_test.md"
    path.write_text(_translation(left, english), encoding="utf-8")
    tr.generate(*edition.dirs)
    found = [line for line in edition() if "cell end" in line]
    assert any("no Chinese in the block (beyond the English cell's own" in f for f in found)


def test_a_cell_without_prose_may_stay_as_it_is(edition):
    _edit_translation(edition, "picture", "一个数字", "a digit")
    assert edition() == []


def test_update_marks_a_changed_cell_stale_and_the_marker_fails(edition):
    changed = {**ENGLISH, "end": ENGLISH["end"].replace("uphill", "up the slope")}
    _write_english(edition.root, changed)
    said = tr.update(edition.dirs[0], edition.dirs[1])
    assert len(said) == 1 and "1 stale ['end']" in said[0]
    text = (edition.root / "translations" / "99_test.md").read_text(encoding="utf-8")
    block = {b.cell_id: b for b in tr.parse(text)}["end"]
    assert block.hash == tr.cell_hash(changed["end"])  # the header is current: only STALE fails
    assert CHINESE["end"] in block.text and changed["end"] in block.text
    tr.generate(*edition.dirs)
    _only(edition(), "99_test cell end", "marked STALE")
    assert tr.update(edition.dirs[0], edition.dirs[1]) == []  # a second run changes nothing


def test_update_adds_new_cells_in_english_and_keeps_the_rest(edition):
    _write_english(edition.root, {**ENGLISH, "new": "One more paragraph about the model."})
    said = tr.update(edition.dirs[0], edition.dirs[1])
    assert "1 new (English placeholder) ['new']" in said[0]
    text = (edition.root / "translations" / "99_test.md").read_text(encoding="utf-8")
    blocks = {b.cell_id: b.text for b in tr.parse(text)}
    assert blocks == {**CHINESE, "new": "One more paragraph about the model."}
    tr.generate(*edition.dirs)
    found = edition()
    assert any("cell new" in f and "no Chinese in the block" in f for f in found), found


def test_a_stale_generated_notebook_fails(edition):
    path = edition.root / "translations" / "99_test.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("梯度指向上坡方向", "梯度总是指向上坡方向"), "utf-8")
    _only(edition(), "notebooks-zh/99_test.ipynb is not what the generator makes now")


def test_changed_headings_and_a_missing_solutions_heading_fail(edition):
    _edit_translation(edition, "end", "## 参考答案", "**答案**")
    found = edition()
    assert any("heading levels differ: English [2, 2], Chinese [2]" in f for f in found), found
    assert any("the Solutions heading needs 参考答案" in f for f in found), found


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def _cell_texts(notebook_text: str) -> list[str]:
    """Each cell of a notebook file as the lines the file holds for it (nbformat's layout)."""
    cells, current = [], None
    for line in notebook_text.splitlines():
        if line == "  {":
            current = []
        elif line in ("  }", "  },") and current is not None:
            cells.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return cells


def test_the_generated_notebook_is_the_english_one_with_chinese_markdown(edition):
    english_text = (edition.dirs[0] / "99_test.ipynb").read_text(encoding="utf-8")
    chinese_text = (edition.dirs[2] / "99_test.ipynb").read_text(encoding="utf-8")
    english, chinese = json.loads(english_text), json.loads(chinese_text)
    pairs = zip(english["cells"], _cell_texts(english_text), _cell_texts(chinese_text), strict=True)
    for en_cell, en_lines, zh_lines in pairs:
        if en_cell["cell_type"] == "code":
            assert zh_lines == en_lines  # byte for byte, outputs included
        else:
            assert f'"id": "{en_cell["id"]}"' in zh_lines and zh_lines != en_lines
    for zh_cell in chinese["cells"]:
        if zh_cell["cell_type"] == "markdown":
            assert "".join(zh_cell["source"]) == CHINESE[zh_cell["id"]]
    course = chinese["metadata"]["course"]
    assert course["language"] == "zh-CN"
    assert course["stored_run"] == english["metadata"]["course"]["stored_run"]
    nbformat.validate(nbformat.reads(chinese_text, as_version=4))
    assert nbformat.writes(nbformat.reads(chinese_text, as_version=4)) + "\n" == chinese_text


def test_the_generator_is_deterministic_and_writes_only_what_changed(edition):
    path = edition.dirs[2] / "99_test.ipynb"
    before = path.read_bytes()
    assert tr.generate(*edition.dirs) == ([], [])
    assert path.read_bytes() == before
    assert not [p for p in edition.dirs[2].iterdir() if p.name != "99_test.ipynb"]  # no .tmp


def test_the_generator_never_overwrites_a_notebook_a_learner_ran(edition):
    path = edition.dirs[2] / "99_test.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][1]["execution_count"] = 7  # run again in JupyterLab, and saved
    path.write_text(tr.dumps(notebook), encoding="utf-8")
    _edit_translation_file = edition.root / "translations" / "99_test.md"
    text = _edit_translation_file.read_text(encoding="utf-8")
    _edit_translation_file.write_text(text.replace("要点", "本课要点"), "utf-8")
    with pytest.raises(FileExistsError, match="changed since they were generated"):
        tr.generate(*edition.dirs)
    assert json.loads(path.read_text(encoding="utf-8"))["cells"][1]["execution_count"] == 7


def test_an_english_notebook_not_in_nbformats_layout_is_refused(edition):
    path = edition.dirs[0] / "99_test.ipynb"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), "utf-8")
    with pytest.raises(ValueError, match="not in nbformat's layout"):
        tr.generate(*edition.dirs)


def test_a_notebook_without_a_translation_is_not_generated(edition):
    shutil.copy(edition.dirs[0] / "99_test.ipynb", edition.dirs[0] / "98_other.ipynb")
    written, untranslated = tr.generate(*edition.dirs)
    assert written == [] and untranslated == ["98_other.ipynb"]
    assert not (edition.dirs[2] / "98_other.ipynb").exists()
    assert "98_other: translation missing" in "\n".join(edition())


# ---------------------------------------------------------------------------------------------
# The pieces: numbers, glossary names
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,000 samples, 0.937 and 1e-7", ["0.937", "1e-7", "5000"]),
        ("about 1.4·10⁻⁴⁵, x²", ["1.4", "10^-45", "^2"]),
        ("−3.4 and `x = 12` and $w_2 = 7$ and [a](04_x.ipynb)", ["3.4"]),
        ("第一步，两个数：5000", ["5000"]),
    ],
)
def test_numbers_are_normalised(text, expected):
    assert sorted(tr.numbers(text).elements()) == sorted(expected)


def test_glossary_names_longest_first_plural_and_everyday_exceptions():
    terms = tr.glossary_terms((ROOT / "GLOSSARY.md").read_text(encoding="utf-8"))
    used = [name for _, name in tr.terms_used("Batch sizes, the learning rates and `epoch`", terms)]
    assert used == ["learning rate", "batch size"]  # not batch, not epoch (code)
    assert [n for _, n in tr.terms_used("one step at a time", terms)] == []  # NOT_NAMES
    softmax = next(t for t in terms if t.english == "softmax")
    assert softmax.rendered_in("用 softmax 把分数变成概率", "softmax")
    relu = next(t for t in terms if t.english == "ReLU")
    assert relu.rendered_in("ReLU 很便宜", "ReLU") and not relu.rendered_in("整流函数", "ReLU")


def test_each_exception_names_a_cell_that_uses_the_term():
    """The exception list stays short and true: no entry for a cell or a word that is gone."""
    terms = tr.glossary_terms((ROOT / "GLOSSARY.md").read_text(encoding="utf-8"))
    for (stem, cell_id, term), why in tr.EXCEPTIONS.items():
        assert why, (stem, cell_id, term)
        english = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        source = dict(tr.markdown_cells(english)).get(cell_id)
        assert source is not None, f"EXCEPTIONS: {stem} has no markdown cell {cell_id}"
        used = [name.lower() for _, name in tr.terms_used(source, terms)]
        assert term in used, f"EXCEPTIONS: {stem} cell {cell_id} does not use {term!r} any more"
