"""Every number the text states comes from an output (issue 21, section 1).

Each decimal number (one with a decimal point: 0.937, 5.0, 93.7 %) in a notebook's markdown must
be found in that notebook's stored outputs, verbatim or as a rounding of a printed number
(0.937 from a printed 0.9370 or 0.93712; 93.7 % from a printed 0.937). Numbers inside `code`
are code, not claims, and are skipped. The same holds for the rows of README's syllabus (each
row against its notebook) and for TEACHER_GUIDE (a session's lines against the notebooks its
heading names, the rows of its lesson table against their notebook).

A number that is right but printed nowhere (a setting such as momentum 0.99, a difference of two
printed values, a fact with a source) is listed with what it is in tests/stated_numbers.toml.
An entry that no text uses any more is an error too, so the list stays short and true.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

from course_utils.tools import translate
from course_utils.tools.notebooks import course_notebooks

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).with_name("stated_numbers.toml")
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\d])")
PRINTED = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
TIMES_TEN = re.compile(r"\s?[·×]\s?10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def stated_numbers(markdown: str) -> list[tuple[str, float, int, bool]]:
    """The decimal numbers of a markdown text, outside code.

    Returns:
        ``(as written, mantissa decimals, power of ten, followed by %)`` for each; 2.5·10² is
        ``("2.5·10²", 1, 2, False)``.
    """
    prose = CODE.sub(" ", markdown)
    found = []
    for match in DECIMAL.finditer(prose):
        text, power = match.group(), 0
        times_ten = TIMES_TEN.match(prose, match.end())
        if times_ten:
            power = int(times_ten.group(1).translate(SUPERSCRIPT))
            text = match.group() + times_ten.group()
        percent = prose[match.end() : match.end() + 2].lstrip().startswith("%")
        found.append((text, len(match.group().split(".")[1]), power, percent))
    return found


def output_text(notebook) -> str:
    """All text a notebook's code cells printed or displayed (stream and text/plain)."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type == "stream":
                parts.append(output.text)
            elif "data" in output:
                parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


def printed_numbers(text: str) -> tuple[set[str], list[float]]:
    """The number tokens of printed text (as written, and as values; signs dropped)."""
    tokens = {t.replace(",", "") for t in PRINTED.findall(text)}
    return tokens, [float(t) for t in tokens]


def is_supported(stated: tuple[str, int, int, bool], printed: tuple[set[str], list[float]]) -> bool:
    """Whether a stated number is printed verbatim, or is a printed number rounded.

    A number written with ``d`` decimals (times ``10ᵖ``) is the rounding of a printed value
    ``v`` when ``|v − stated| ≤ ½·10⁻ᵈ·10ᵖ``; a percentage may also be a printed fraction
    (93.7 % ← 0.937).
    """
    text, decimals, power, percent = stated
    tokens, values = printed
    if text in tokens:
        return True
    mantissa = float(text.split("·")[0].split("×")[0])
    value, half_unit = mantissa * 10**power, 0.5 * 10 ** (power - decimals) * (1 + 1e-9)
    targets = [(value, half_unit)] + ([(value / 100, half_unit / 100)] if percent else [])
    return any(abs(v - t) <= tol for t, tol in targets for v in values)


def _allowlist() -> dict[str, dict[str, str]]:
    with open(ALLOWLIST, "rb") as handle:
        return tomllib.load(handle)


def _notebook_outputs() -> dict[str, tuple[set[str], list[float]]]:
    return {
        path.name[:2]: printed_numbers(output_text(nbformat.read(path, as_version=4)))
        for path in course_notebooks()
    }


def _merge(printed: list[tuple[set[str], list[float]]]) -> tuple[set[str], list[float]]:
    tokens: set[str] = set()
    for part in printed:
        tokens |= part[0]
    return tokens, [float(t) for t in tokens]


def unsupported(
    texts: list[tuple[str, str]], printed: tuple[set[str], list[float]], allowed: dict[str, str]
) -> tuple[list[str], set[str]]:
    """The stated numbers of ``texts`` (``(where, markdown)``) that no output supports.

    Returns:
        ``(one line per unsupported number, the allowlist entries that were used)``.
    """
    problems, used = [], set()
    for where, markdown in texts:
        for stated in stated_numbers(markdown):
            text, percent = stated[0], stated[3]
            if is_supported(stated, printed):
                continue
            if text in allowed:
                used.add(text)
            else:
                problems.append(f"{where}: {text}{' %' if percent else ''}")
    return problems, used


def _report(name: str, problems: list[str], stale: set[str]) -> str:
    lines = [f"{name}: numbers in the text that no stored output supports:", *problems]
    if stale:
        lines.append(f"allowlist entries no text uses any more (remove them): {sorted(stale)}")
    lines.append(
        "Fix the text, or, if the number is a setting, a fact or derived from printed values, "
        f"list it with what it is under [{name}] in {ALLOWLIST.name}."
    )
    return "\n".join(lines)


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.stem)
def test_markdown_numbers_come_from_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    texts = [
        (f"cell {i}", cell.source)
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown"
    ]
    allowed = _allowlist().get(path.stem, {})
    printed = printed_numbers(output_text(notebook))
    problems, used = unsupported(texts, printed, allowed)
    stale = set(allowed) - used
    assert not problems and not stale, _report(path.stem, problems, stale)


def _syllabus_rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        row = re.match(r"^\| \[(\d\d)_", line)
        if row:
            rows.append((f"README.md line {number}", line, [row.group(1)]))
    return rows


def _teacher_guide_lines() -> list[tuple[str, str, list[str]]]:
    """The lines of TEACHER_GUIDE that talk about notebooks, each with the notebooks it names.

    A session's heading names its notebooks ("### Session 3 — MNIST with Keras (04)"), a row
    of the lesson table starts with one ("| 04 MNIST with Keras |"). The setup sections name
    none: they quote versions and download sizes, not results, and are not checked.
    """
    lines, section = [], None
    text = (ROOT / "TEACHER_GUIDE.md").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            named = re.search(r"\(([^()]*)\)\s*$", line)
            section = re.findall(r"\b(\d\d)\b", named.group(1)) if named else None
            continue
        row = re.match(r"^\| (\d\d) (?!min\b)[a-zA-Z]", line)  # "| 04 MNIST with Keras |"
        keys = [row.group(1)] if row else section
        if keys:
            lines.append((f"TEACHER_GUIDE.md line {number}", line, keys))
    return lines


@pytest.mark.parametrize("document", ["README", "TEACHER_GUIDE"])
def test_documents_quote_notebook_outputs(document):
    outputs = _notebook_outputs()
    allowed = _allowlist().get(document, {})
    rows = _syllabus_rows() if document == "README" else _teacher_guide_lines()
    problems, used = [], set()
    for where, line, keys in rows:
        printed = _merge([outputs[k] for k in keys if k in outputs])
        found, allowed_here = unsupported([(where, line)], printed, allowed)
        problems += found
        used |= allowed_here
    stale = set(allowed) - used
    assert not problems and not stale, _report(document, problems, stale)


# The checker itself, on deliberately broken text: each kind of failure once.
PRINTED_HERE = printed_numbers("test accuracy 0.93712\nloss 2.305, 5,000 digits, lr 1e-05\n")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("accuracy 0.937 and loss 2.305", []),  # a rounding, and a verbatim number
        ("about 93.7 % of the digits", []),  # a percentage of a printed fraction
        ("loss 2.31", []),  # 2.305 rounds to 2.31 (half-way)
        ("accuracy 0.938", ["t: 0.938"]),  # not a rounding of 0.93712
        ("accuracy 0.95 %", ["t: 0.95 %"]),  # neither 0.95 nor 0.0095 is printed
        ("the `Dropout(0.2)` layer", []),  # code, not a claim
        ("a floor of 0.25", ["t: 0.25"]),  # printed nowhere
        ("about 1.0·10⁻⁵", []),  # a power of ten: lr 1e-05 printed
        ("about 1.1·10⁻⁵", ["t: 1.1·10⁻⁵"]),
    ],
)
def test_checker_on_broken_text(markdown, expected):
    problems, _ = unsupported([("t", markdown)], PRINTED_HERE, {})
    assert problems == expected


def test_allowlisted_and_stale_entries():
    allowed = {"0.25": "derived: 0.5², the noise variance", "0.99": "setting, no longer used"}
    problems, used = unsupported([("t", "a floor of 0.25")], PRINTED_HERE, allowed)
    assert problems == [] and used == {"0.25"}
    assert set(allowed) - used == {"0.99"}  # the test above reports it as stale


def test_allowlist_entries_say_what_they_are():
    for section, entries in _allowlist().items():
        for number, what in entries.items():
            assert stated_numbers(number), f"[{section}] {number!r} is not a decimal number"
            kind = what.split(":")[0]
            assert kind in ("setting", "derived", "fact"), (
                f"[{section}] {number}: say what it is, starting with 'setting:', 'derived:' "
                f"or 'fact:', got {what!r}"
            )


# README.zh-CN.md: its syllabus and troubleshooting state exactly README.md's numbers.


def _section(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"{path.name} has no '## {heading}' section"
    return match.group(1)


def _rows(section: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| \[(\d\d_\w+)\].*$", section, re.M)}


@pytest.mark.parametrize(
    ("english", "chinese"), [("Syllabus", "课程大纲"), ("Troubleshooting", "常见问题")]
)
def test_the_chinese_readme_states_the_same_numbers(english, chinese):
    """Numbers normalised as the translation test does (5,000 = 5000, 10⁻⁴⁵ one number); code
    and link targets aside. The syllabus rows are compared one by one, with their code spans."""
    en = _section(ROOT / "README.md", english)
    zh = _section(ROOT / "README.zh-CN.md", chinese)
    assert translate.numbers(zh) == translate.numbers(en), (
        f"README.zh-CN '{chinese}' vs README '{english}': missing "
        f"{sorted((translate.numbers(en) - translate.numbers(zh)).elements())}, extra "
        f"{sorted((translate.numbers(zh) - translate.numbers(en)).elements())}"
    )
    en_rows, zh_rows = _rows(en), _rows(zh)
    assert list(zh_rows) == list(en_rows)
    for name, row in en_rows.items():
        assert translate.numbers(zh_rows[name]) == translate.numbers(row), name
        assert translate.code_spans(zh_rows[name]) == translate.code_spans(row), name
        assert f"](notebooks-zh/{name}.ipynb)" in zh_rows[name], name
