"""GLOSSARY.md and the notebooks agree: every term a notebook gives in Chinese has a glossary
row, and the Chinese the notebook gives is the glossary's.

A notebook introduces a key term in bold with its Chinese right after it, in parentheses or
after a comma: ``**epoch** (轮次)``, ``**MSE** (L2, 均方误差)``, ``(**forward pass**, 前向传播)``.
Those are the terms checked here. Bold text without Chinese is emphasis or a label
("**Time:**", "**Improve it.**") and is not checked.

Matching is forgiving where English is: case, backticks, hyphens, "-ise"/"-ize" and word
endings (``tensors`` → ``tensor``, ``converged`` → ``convergence``, ``quantised`` →
``quantisation``) do not matter. A glossary row names its term in the first column; text
there in parentheses and parts split by " / " are other names of the same row
(``iteration (step)``, ``Swish / SiLU``). In the Chinese column, the variants are split on
"/", "、", "，" and full-width or plain parentheses (``轮次（轮/代）`` accepts 轮次, 轮 and 代),
and only the Chinese characters are compared (``MNIST 手写数字数据集`` = ``手写数字数据集``).

The key terms of each notebook in the README syllabus need a glossary row too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "GLOSSARY.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CODE_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
# What may follow a bold term to give its Chinese: " (…)" / "（…）", possibly on the next line,
# or ", 中文" up to the next punctuation.
AFTER_PAREN = re.compile(r"\s*[(（]([^()（）]*)[)）]")
AFTER_COMMA = re.compile(r",\s*([\u3400-\u9fff][^,，;；:：.。)）|\n]*)")
PART_SPLIT = re.compile(r"[,，;；:：]")
VARIANT_SPLIT = re.compile(r"[/／、，,;；()（）]")
SUFFIXES = (
    "ations", "ation", "ating", "ated", "ates", "ate", "ings", "ing",
    "ences", "ence", "ed", "es", "s", "e",
)  # fmt: skip
IRREGULAR = {"frozen": "freez"}


def stem(word: str) -> str:
    """A crude stem, enough to match the forms the notebooks use to the glossary's."""
    word = word.replace("iz", "is")
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def english_key(text: str) -> str:
    """Normalised English: lower case, no backticks or hyphens, each word stemmed."""
    text = text.lower().replace("`", "").replace("-", " ")
    words = re.findall(r"[a-z0-9.+·]+", text)
    return " ".join(stem(w) for w in words)


def chinese_key(text: str) -> str:
    """Only the Chinese characters of a string: 'S 型函数' → '型函数'."""
    return "".join(CJK.findall(text))


@dataclass
class Row:
    english: str
    chinese: str
    line: int
    meaning: str = ""

    def names(self) -> set[str]:
        """Every name of the term: the whole cell, its " / " parts and its parentheses."""
        cell = self.english
        inside = re.findall(r"\(([^)]*)\)", cell)
        outside = re.sub(r"\([^)]*\)", " ", cell)
        pieces = [outside, *inside]
        for piece in list(pieces):
            pieces += piece.split(" / ")
        for piece in list(pieces):
            pieces += piece.split(", ")
        return {english_key(p) for p in pieces if english_key(p)}

    def chinese_variants(self) -> set[str]:
        parts = [self.chinese, *VARIANT_SPLIT.split(self.chinese)]
        return {chinese_key(p) for p in parts if chinese_key(p)}


def glossary_rows(text: str) -> list[Row]:
    """The table rows of GLOSSARY.md (header and separator rows skipped).

    Raises:
        ValueError: for a table row that does not have exactly three non-empty cells.
    """
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("English", "") or set(cells[0]) <= set("-: "):
            continue
        if len(cells) != 3 or not all(cells):
            raise ValueError(f"GLOSSARY.md line {number}: expected 3 cells, got {cells}")
        rows.append(Row(cells[0], cells[1], number, cells[2]))
    return rows


@dataclass
class Use:
    notebook: str
    term: str
    chinese: list[str]  # the parts of the note that contain Chinese

    def where(self) -> str:
        return f"{self.notebook}: **{self.term}** ({'; '.join(self.chinese)})"


def markdown_of(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )
    text = CODE_FENCE.sub(" ", text)
    # A code span can hold "**"; keep its text (e.g. `x·σ(x)` in a note) but not its marks.
    return CODE_SPAN.sub(lambda m: m.group(2).replace("*", " "), text)


def bold_terms_with_chinese(name: str, markdown: str) -> list[Use]:
    """Every bold term followed by its Chinese, as written in the notebook."""
    uses = []
    for match in BOLD.finditer(markdown):
        term = " ".join(LINK.sub(r"\1", match.group(1)).split())
        if CJK.search(term):  # bold Chinese ("**70 亿**") is emphasis, not an English term
            continue
        rest = markdown[match.end() :]
        note = AFTER_PAREN.match(rest) or AFTER_COMMA.match(rest)
        if not note or not CJK.search(note.group(1)):
            continue
        parts = [p.strip() for p in PART_SPLIT.split(note.group(1)) if CJK.search(p)]
        uses.append(Use(name, term.rstrip(":."), parts))
    return uses


ROWS = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))


def find_row(term: str) -> Row | None:
    key = english_key(term)
    return next((row for row in ROWS if key in row.names()), None)


def mismatches(uses: list[Use]) -> tuple[list[str], list[str]]:
    """(terms with no glossary row, terms whose Chinese differs from the row's)."""
    missing, differ = [], []
    for use in uses:
        row = find_row(use.term)
        if row is None:
            missing.append(use.where())
            continue
        wrong = [p for p in use.chinese if chinese_key(p) not in row.chinese_variants()]
        if wrong:
            differ.append(
                f"{use.where()}: glossary line {row.line} says {row.english} = {row.chinese}"
            )
    return missing, differ


# ---------------------------------------------------------------------------------- the parser


def test_the_parser_finds_bold_terms_and_their_chinese():
    markdown = (
        "An **epoch** (轮次, one pass) and a **batch\nsize** (批大小). The **MSE** (L2, 均方误差);"
        " (**forward pass**, 前向传播); **ReLU**\n(修正线性单元). **Time:** about 5 minutes."
        " **Sigmoid** (Sigmoid，S 型函数). **emphasis** only. `**not bold**` (代码)."
        ' **70 亿** (亿 = 10⁸; "7B = 7 亿"). **[ONNX](https://onnx.ai)** (开放神经网络交换格式).'
    )
    uses = bold_terms_with_chinese("nb", markdown)
    assert [(u.term, u.chinese) for u in uses] == [
        ("epoch", ["轮次"]),
        ("batch size", ["批大小"]),
        ("MSE", ["均方误差"]),
        ("forward pass", ["前向传播"]),
        ("ReLU", ["修正线性单元"]),
        ("Sigmoid", ["S 型函数"]),
        ("ONNX", ["开放神经网络交换格式"]),
    ]


def test_english_forms_match_the_glossary_name():
    for used, listed in [
        ("tensors", "tensor"),
        ("converged", "convergence"),
        ("Quantised", "quantisation"),
        ("saturated", "saturation"),
        ("pre-trains", "pre-training"),
        ("fine-tune", "fine-tuning"),
        ("frozen", "freezing"),
        ("batches", "batch"),
        ("normalization", "normalisation"),
    ]:
        assert english_key(used) == english_key(listed), (used, listed)
    assert english_key("loss") != english_key("lose")


def test_the_glossary_row_gives_its_names_and_chinese_variants():
    row = Row("iteration (step)", "迭代", 1)
    assert row.names() == {"iter", "step"}
    row = Row("Swish / SiLU", "Swish / SiLU（Sigmoid 线性单元）", 1)
    assert {"swish", "silu"} <= row.names()
    assert Row("epoch", "轮次（轮/代）", 1).chinese_variants() == {"轮次轮代", "轮次", "轮", "代"}


def test_a_mismatch_names_the_notebook_the_term_and_the_glossary_line():
    uses = [Use("04_x.ipynb", "epoch", ["时代"]), Use("04_x.ipynb", "flux capacitor", ["通量"])]
    missing, differ = mismatches(uses)
    assert missing == ["04_x.ipynb: **flux capacitor** (通量)"]
    assert len(differ) == 1 and differ[0].startswith("04_x.ipynb: **epoch** (时代): glossary line")


# ---------------------------------------------------------------------------------- the files


def test_the_glossary_has_no_duplicate_terms():
    """No two rows share a name (an alias in parentheses counts), so each term finds one row."""
    seen: dict[str, int] = {}
    duplicates = []
    for row in ROWS:
        for name in sorted(row.names()):
            if name in seen:
                duplicates.append(f"{name!r} (lines {seen[name]} and {row.line})")
            seen.setdefault(name, row.line)
    assert not duplicates, "GLOSSARY.md names a term twice: " + "; ".join(duplicates)


def test_the_glossary_has_the_rows_issue_13_asks_for():
    for term, chinese in [
        ("deployment", "部署"),
        ("backbone", "主干网络"),
        ("large language model", "大语言模型"),
        ("step decay", "阶梯衰减"),
        ("exponential decay", "指数衰减"),
        ("float32", None),
        ("bfloat16", None),
        ("logits", "未归一化的对数概率"),
        ("live data", "新数据"),
        ("SiLU", "Sigmoid 线性单元"),
        ("zero-centred", "以 0 为中心"),
    ]:
        row = find_row(term)
        assert row is not None, f"GLOSSARY.md has no row for {term}"
        if chinese:
            assert chinese_key(chinese) in row.chinese_variants(), (term, row.chinese)
    for term, wrong in [("logits", "对数几率"), ("live data", "实时数据"), ("SiLU", "S 型加权")]:
        assert wrong not in find_row(term).chinese, (term, wrong)
    assert "rounded up" in find_row("iteration").meaning


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chinese_term_of_a_notebook_is_in_the_glossary_and_agrees(path: Path):
    uses = bold_terms_with_chinese(path.name, markdown_of(path))
    missing, differ = mismatches(uses)
    problems = [f"no glossary row: {m}" for m in missing]
    problems += [f"different Chinese: {d}" for d in differ]
    assert not problems, (
        f"{len(problems)} term(s) of {path.name} disagree with GLOSSARY.md "
        "(add the row, or use the glossary's Chinese):\n  " + "\n  ".join(problems)
    )


def test_every_key_term_of_the_readme_syllabus_is_in_the_glossary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for line in readme.splitlines():
        if line.startswith("| [") and ".ipynb" in line:
            notebook = line.split("[", 1)[1].split("]", 1)[0]
            terms = line.strip().strip("|").split("|")[-1]
            missing += [f"{notebook}: {t.strip()}" for t in terms.split(",") if not find_row(t)]
    assert not missing, "README key terms without a GLOSSARY.md row: " + "; ".join(missing)
