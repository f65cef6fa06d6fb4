"""The Chinese edition: translation files, the generator of ``notebooks-zh/`` and its checks.

    python3 course.py translate            write notebooks-zh/NN_name.ipynb for each translation
    python3 course.py translate --update   refresh the headers of translations/zh/*.md after
                                           English cells changed (changed blocks marked STALE)
    python3 course.py translate --check    list what tests/test_translations.py would fail on

The English notebooks in ``notebooks/`` are the one source of every code cell and output. A
translation file ``translations/zh/<stem>.md`` holds one block per English markdown cell, in
notebook order (format: ``<!-- cell <id> en:<first 16 hex digits of sha256(English source)> -->``
then the Chinese markdown). The generator copies the English notebook and replaces each
markdown cell's source with its block; everything else, code cells and outputs included, is
byte-identical, and ``metadata.course.language`` says ``"zh-CN"``. The stored-run stamp hashes
code cells only, so it stays valid. ``metadata.course.generated`` holds a hash of the generated
cells: a file a learner has since changed in JupyterLab (cells run or edited) is never
overwritten.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from course_utils.env import REPO_ROOT, write_atomically
from course_utils.env import show_path as _show_path

ENGLISH_DIR = REPO_ROOT / "notebooks"
CHINESE_DIR = REPO_ROOT / "notebooks-zh"
TRANSLATION_DIR = REPO_ROOT / "translations" / "zh"
GLOSSARY = REPO_ROOT / "GLOSSARY.md"
LANGUAGE = "zh-CN"
HEADER = re.compile(r"^<!-- cell (\S+) en:([0-9a-f]{16}) -->$")
STALE = "<!-- STALE"
STALE_NOTE = "<!-- STALE: re-translate from the English below; old translation: -->"
NEW_ENGLISH = "<!-- NEW ENGLISH: -->"
# The heading the handout looks for (course_utils.tools.notebooks.SOLUTIONS_HEADING) in Chinese.
SOLUTIONS_ZH = re.compile(r"^#+ .*参考答案.*$", re.M)
SOLUTIONS_EN = re.compile(r"^#+ .*\bSolutions\b.*$", re.M)


def show_path(path: Path) -> str:
    """A path as the messages print it: relative to the course, with / on every system."""
    return Path(_show_path(path)).as_posix()


def cell_hash(source: str) -> str:
    """The first 16 hex digits of sha256(source): what a translation block records."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def source_text(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def markdown_cells(notebook: dict) -> list[tuple[str, str]]:
    """``(id, source)`` of each markdown cell, in order."""
    return [(c["id"], source_text(c)) for c in notebook["cells"] if c["cell_type"] == "markdown"]


@dataclass
class Block:
    cell_id: str
    hash: str
    text: str
    line: int


def parse(text: str, where: str = "translation") -> list[Block]:
    """The blocks of a translation file, in file order.

    Raises:
        ValueError: if text other than blank lines comes before the first header.
    """
    blocks: list[Block] = []
    lines: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        match = HEADER.match(line)
        if match:
            if blocks:
                blocks[-1].text = "\n".join(lines).strip("\n")
            blocks.append(Block(match.group(1), match.group(2), "", number))
            lines = []
        elif blocks:
            lines.append(line)
        elif line.strip():
            raise ValueError(
                f"{where} line {number}: text before the first '<!-- cell ID en:HASH -->' header"
            )
    if blocks:
        blocks[-1].text = "\n".join(lines).strip("\n")
    return blocks


def skeleton(notebook: dict, old: list[Block] | None = None) -> str:
    """A translation file for ``notebook``: one block per markdown cell.

    With ``old`` (the current translation), a block whose recorded hash still matches keeps its
    text; a changed cell gets the new hash, the old translation and the new English under a
    STALE marker (the sync test fails until a translator rewrites it); a new cell gets its
    English text as a placeholder. Blocks of cells that no longer exist are dropped.
    """
    kept = {block.cell_id: block for block in old or []}
    out = []
    for cell_id, source in markdown_cells(notebook):
        digest, block = cell_hash(source), kept.get(cell_id)
        if block is not None and block.hash == digest:
            body = block.text
        elif block is not None:
            body = f"{STALE_NOTE}\n{block.text}\n{NEW_ENGLISH}\n{source}"
        else:
            body = source
        out.append(f"<!-- cell {cell_id} en:{digest} -->\n{body}\n")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Generating a Chinese notebook
# ---------------------------------------------------------------------------------------------


def dumps(notebook: dict) -> str:
    """A notebook as nbformat writes it (``nbformat.write``: sorted keys, indent 1, UTF-8)."""
    text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False)
    return text + "\n"


def split_source(text: str) -> list[str]:
    return text.splitlines(True)


def cells_digest(notebook: dict) -> str:
    return hashlib.sha256(json.dumps(notebook["cells"], sort_keys=True).encode()).hexdigest()


def translated_notebook(english_text: str, blocks: list[Block], where: str) -> str:
    """The Chinese notebook: ``english_text`` with each markdown cell's source replaced.

    Raises:
        ValueError: if the English notebook is not in nbformat's own layout (then its code
            cells could not be copied byte for byte), or a markdown cell has no block.
    """
    notebook = json.loads(english_text)
    if dumps(notebook) != english_text:
        raise ValueError(
            f"{where}: not in nbformat's layout; read and write it once with nbformat "
            "(nbformat.write) so that its cells can be copied byte for byte"
        )
    text_of = {block.cell_id: block.text for block in blocks}
    missing = [c["id"] for c in notebook["cells"] if c["cell_type"] == "markdown"]
    missing = [cell_id for cell_id in missing if cell_id not in text_of]
    if missing:
        raise ValueError(
            f"{where}: no translation block for the markdown cells {missing}; run "
            "`python3 course.py translate --update` and translate them"
        )
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = split_source(text_of[cell["id"]])
    course = notebook["metadata"].setdefault("course", {})
    course["language"] = LANGUAGE
    course["generated"] = cells_digest(notebook)
    return dumps(notebook)


def changed_since_generated(path: Path) -> bool:
    """Whether a generated notebook's cells were changed after it was generated (run or edited
    in JupyterLab): then it is a learner's work and is not overwritten."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        recorded = notebook["metadata"]["course"]["generated"]
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return recorded != cells_digest(notebook)


def expected(
    english_dir: Path = ENGLISH_DIR, translation_dir: Path = TRANSLATION_DIR
) -> dict[str, str | None]:
    """``{notebook name: the Chinese notebook's text, or None if it has no translation}``."""
    return {
        english.name: chinese_text(english, translation_dir)
        for english in sorted(english_dir.glob("[0-9][0-9]_*.ipynb"))
    }


def chinese_text(english: Path, translation_dir: Path = TRANSLATION_DIR) -> str | None:
    """The Chinese notebook of one English notebook, or None if it has no translation file."""
    source = translation_dir / f"{english.stem}.md"
    if not source.exists():
        return None
    where = show_path(source)
    blocks = parse(source.read_text(encoding="utf-8"), where)
    return translated_notebook(english.read_text(encoding="utf-8"), blocks, where)


def generate(
    english_dir: Path = ENGLISH_DIR,
    translation_dir: Path = TRANSLATION_DIR,
    chinese_dir: Path = CHINESE_DIR,
) -> tuple[list[Path], list[str]]:
    """Write each Chinese notebook whose text changed (atomically).

    Returns:
        ``(the notebooks written, the English notebooks that have no translation yet)``.

    Raises:
        FileExistsError: if a Chinese notebook was changed since it was generated (nothing is
            written then).
    """
    texts = expected(english_dir, translation_dir)
    chinese_dir.mkdir(parents=True, exist_ok=True)
    to_write = {}
    for name, text in texts.items():
        path = chinese_dir / name
        if text is None or (path.exists() and path.read_text(encoding="utf-8") == text):
            continue
        to_write[path] = text
    edited = [p for p in to_write if p.exists() and changed_since_generated(p)]
    if edited:
        raise FileExistsError(
            "changed since they were generated (cells run or edited, e.g. in JupyterLab), so "
            "not overwritten: " + ", ".join(show_path(p) for p in edited) + "; move them "
            "away (or `git checkout` them) and run `python3 course.py translate` again"
        )
    for path, text in to_write.items():
        write_atomically(
            path, lambda tmp, t=text: tmp.write_text(t, encoding="utf-8"), inside=chinese_dir
        )
    return list(to_write), [name for name, text in texts.items() if text is None]


def update(english_dir: Path = ENGLISH_DIR, translation_dir: Path = TRANSLATION_DIR) -> list[str]:
    """Rewrite each translation file's skeleton for the current English cells (STALE blocks).

    Returns:
        One line per file changed, saying how many blocks went stale, were added or dropped.
    """
    said = []
    for english in sorted(english_dir.glob("[0-9][0-9]_*.ipynb")):
        path = translation_dir / f"{english.stem}.md"
        if not path.exists():
            continue
        old_text = path.read_text(encoding="utf-8")
        old = parse(old_text, show_path(path))
        notebook = json.loads(english.read_text(encoding="utf-8"))
        new_text = skeleton(notebook, old)
        if new_text == old_text:
            continue
        current = dict(markdown_cells(notebook))
        recorded = {b.cell_id: b.hash for b in old}
        stale = [i for i, s in current.items() if i in recorded and recorded[i] != cell_hash(s)]
        added = [i for i in current if i not in recorded]
        dropped = [i for i in recorded if i not in current]
        write_atomically(
            path, lambda tmp, t=new_text: tmp.write_text(t, encoding="utf-8"), inside=path.parent
        )
        said.append(
            f"{show_path(path)}: {len(stale)} stale {stale}, {len(added)} new (English "
            f"placeholder) {added}, {len(dropped)} dropped {dropped}"
        )
    return said


# ---------------------------------------------------------------------------------------------
# What the sync test checks
# ---------------------------------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)")
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
HTML_SRC = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
HTML = re.compile(r"<!--.*?-->|<[A-Za-z/][^>\n]*>", re.S)
URL = re.compile(r"https?://[^\s)>\]]+")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789--")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
NUMBER = re.compile(
    r"(?P<sci>[0-9]+(?:\.[0-9]+)?[eE][-+−]?[0-9]+)(?![0-9A-Za-z])"
    r"|(?P<thousands>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)(?![0-9])"
    r"|(?P<plain>[0-9]+(?:\.[0-9]+)*)"
    r"|(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?P<sub>[₀₁₂₃₄₅₆₇₈₉]+)"
)
HEADING = re.compile(r"^(#{1,6})\s", re.M)


def _without_code(text: str) -> str:
    return CODE_SPAN.sub(" ", FENCE.sub(" ", text))


def code_spans(text: str) -> Counter:
    """Fenced blocks and inline code spans, as written."""
    fences = [m.group(0) for m in FENCE.finditer(text)]
    spans = [m.group(0) for m in CODE_SPAN.finditer(FENCE.sub(" ", text))]
    return Counter(fences + spans)


def formulas(text: str) -> Counter:
    """``$$…$$`` and ``$…$`` outside code, as written."""
    prose = _without_code(text)
    display = [m.group(0) for m in DISPLAY_MATH.finditer(prose)]
    inline = [m.group(0) for m in INLINE_MATH.finditer(DISPLAY_MATH.sub(" ", prose))]
    return Counter(display + inline)


def link_targets(text: str) -> Counter:
    """The targets of links and images (markdown and HTML), outside code."""
    prose = _without_code(text)
    targets = [m.group(3) for m in LINK.finditer(prose)] + HTML_SRC.findall(prose)
    return Counter(targets)


def prose_only(text: str) -> str:
    """The text with code, formulas, HTML and link/image targets (and URLs) taken out."""
    prose = _without_code(text)
    prose = INLINE_MATH.sub(" ", DISPLAY_MATH.sub(" ", prose))
    prose = LINK.sub(lambda m: " " if m.group(1) else f" {m.group(2)} ", prose)
    return URL.sub(" ", HTML.sub(" ", prose))


def numbers(text: str) -> Counter:
    """The numbers of the prose (not code, formulas or link targets), normalised: signs
    dropped, ``5,000`` = ``5000``, ``10⁻⁴⁵`` one number ``10^-45``, ``1e-7`` as written."""
    found: list[str] = []
    prose = prose_only(text)
    for match in NUMBER.finditer(prose):
        kind, token = match.lastgroup, match.group()
        if kind == "thousands":
            token = token.replace(",", "")
        elif kind == "sci":
            token = token.replace("−", "-")
        elif kind == "sup":
            token = "^" + token.translate(SUPERSCRIPTS)
            if found and match.start() > 0 and prose[match.start() - 1].isdigit():
                found[-1] += token  # 10⁻⁴⁵: one number
                continue
        elif kind == "sub":
            token = "_" + token.translate(SUBSCRIPTS)
        found.append(token)
    return Counter(found)


def has_prose(text: str) -> bool:
    """Whether a cell says something in words, beyond code, formulas, links and images."""
    prose = _without_code(text)
    prose = INLINE_MATH.sub(" ", DISPLAY_MATH.sub(" ", prose))
    prose = URL.sub(" ", HTML.sub(" ", LINK.sub(" ", prose)))
    return bool(re.search(r"[A-Za-z]{2,}", prose))


def headings(text: str) -> list[int]:
    return [len(m.group(1)) for m in HEADING.finditer(FENCE.sub(" ", text))]


def _difference(kind: str, english: Counter, chinese: Counter) -> str | None:
    if english == chinese:
        return None
    missing, extra = sorted((english - chinese).elements()), sorted((chinese - english).elements())
    parts = ([f"missing {missing}"] if missing else []) + ([f"extra {extra}"] if extra else [])
    return f"{kind} differ: " + ", ".join(parts)


# --- The glossary ----------------------------------------------------------------------------

# Parenthesised words in GLOSSARY.md's English column that are not other names of the term:
# examples or qualifiers. "step" is the glossary's other name for an iteration, but the notebooks
# also say "step" in its everyday sense (a step of a procedure, the next step), and "kernel" is
# Jupyter's kernel or a Keras layer's weight matrix as often as a convolution filter.
NOT_NAMES = {"RGB", "RGBA", "colours", "of a gradient", "step", "kernel", "weights only"}
# Terms the notebooks use in an everyday sense in these cells (notebook stem, cell id, term):
# there the glossary's Chinese term would be wrong. Keep this list short.
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("00_orientation", "802af487", "class"): "'before a class': a lesson (上课)",
    ("05_activation_functions", "7dfbd3a7", "head"): "'the path heads for the target' (a verb)",
    ("08_batch_size_epochs_overfitting", "fa65cbe5", "activation"): "activations: values (激活值)",
    ("08_batch_size_epochs_overfitting", "1fbd116c", "activation"): "activation memory (激活值)",
    ("09_saving_loading_deploying", "9aa0e4a8", "class"): "a Python class (类), not a label",
    ("09_saving_loading_deploying", "9aa0e4a8", "filter"): "'filters one known risk' (a verb)",
    ("09_saving_loading_deploying", "3dab9b1a", "class"): "a Python class (类), not a label",
    ("09_saving_loading_deploying", "ad9cea08", "class"): "a Python class (类), not a label",
    ("03_anatomy_of_a_network", "736136c2", "sample"): "'all of them, not a sample': a spot "
    "check of some gradients (抽查), not a data sample (样本)",
    ("05_activation_functions", "3d4be25a", "bias"): "Adam's bias corrections: statistical "
    "bias (偏差修正), not the bias parameter b (偏置)",
    ("07_optimizers_and_learning_rate", "16098d75", "bias"): "Adam's bias correction: statistical "
    "bias (偏差修正), not the bias parameter b (偏置)",
    ("08_batch_size_epochs_overfitting", "fa65cbe5", "bias"): "the last batch's loss 'gets a small "
    "bias': statistical bias (偏差), not the bias parameter b (偏置)",
    ("08_batch_size_epochs_overfitting", "1fbd116c", "norm"): "'batch norm' is batch normalisation "
    "(批归一化), not the norm of a gradient (范数)",
}


@dataclass
class Term:
    english: str  # the glossary's English column
    chinese: str  # its Chinese column
    names: list[str]  # the English names matched in a cell
    variants: list[str]  # accepted renderings in the Chinese text

    def rendered_in(self, chinese_text: str, name: str) -> bool:
        squeezed = re.sub(r"\s+", "", chinese_text).lower()
        if any(re.sub(r"\s+", "", v).lower() in squeezed for v in self.variants):
            return True
        # An English name that Chinese texts keep as it is (ReLU, MNIST, SGD, float32, XOR).
        kept = bool(re.search(r"[A-Z0-9]", name)) or name in self.variants
        return kept and re.sub(r"\s+", "", name).lower() in squeezed


def _variants(chinese: str) -> list[str]:
    """The accepted renderings of a Chinese column: its " / " alternatives; in each, the text
    with its parenthesised gloss, without it, and the gloss alone (``Softmax（归一化指数函数）``,
    ``轮次（轮/代）``)."""
    found = []
    for part in re.split(r"/(?![^（(]*[）)])", chinese):  # not the / inside 轮次（轮/代）
        part = part.strip()
        found.append(part)
        outside = re.sub(r"[（(][^）)]*[）)]", "", part).strip()
        found.append(outside)
        for inside in re.findall(r"[（(]([^）)]*)[）)]", part):
            found += [v.strip() for v in re.split(r"[/、，,]", inside)]
    return sorted({v for v in found if v})


def _names(english: str) -> list[str]:
    inside = [p.strip() for group in re.findall(r"\(([^)]*)\)", english) for p in group.split(",")]
    outside = re.sub(r"\s*\([^)]*\)\s*", " ", english).strip()
    names = [n.strip() for n in outside.split(" / ")]
    names += [n for n in inside if n not in NOT_NAMES]
    return [n for n in names if n and "`" not in n]


def glossary_terms(text: str) -> list[Term]:
    """The table rows of GLOSSARY.md as terms."""
    terms = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or cells[0] in ("English", ""):
            continue
        if set(cells[0]) <= set("-: "):
            continue
        terms.append(Term(cells[0], cells[1], _names(cells[0]), _variants(cells[1])))
    return terms


def _name_pattern(name: str) -> str:
    words = re.split(r"[\s-]+", name)
    parts = []
    for word in words:
        word = re.escape(word)
        word = re.sub(r"is(?=ation|e$|ing|ed)", "i[sz]", word)  # -ise / -ize
        parts.append(word)
    last = parts[-1]
    if last.endswith("y") and len(last) > 2:
        last = last[:-1] + "(?:y|ies)"
    else:
        last += "(?:s|es)?"
    parts[-1] = last
    return r"[\s-]+".join(parts)


@functools.cache
def _names_index(names: tuple[str, ...]) -> dict[str, list[tuple[re.Pattern, int]]]:
    """The names' patterns by their first two letters, longest first."""
    index: dict[str, list[tuple[re.Pattern, int]]] = {}
    order = sorted(range(len(names)), key=lambda i: (-len(names[i]), names[i]))
    for i in order:
        pattern = re.compile(rf"{_name_pattern(names[i])}(?![\w-])", re.I)
        index.setdefault(names[i][:2].lower(), []).append((pattern, i))
    return index


def terms_used(text: str, terms: list[Term]) -> list[tuple[Term, str]]:
    """The glossary terms an English text uses, with the name as written: case-insensitive, on
    word boundaries, the longest name first where names overlap (``batch size``, not
    ``batch``), plural -s/-es/-ies."""
    names = [(name, i) for i, term in enumerate(terms) for name in term.names]
    index = _names_index(tuple(name for name, _ in names))
    prose = prose_only(text)
    found: dict[int, tuple[Term, str]] = {}
    position = 0
    for start in re.finditer(r"(?<![\w-])\w", prose):
        if start.start() < position:
            continue
        for pattern, i in index.get(prose[start.start() : start.start() + 2].lower(), []):
            match = pattern.match(prose, start.start())
            if match:
                name, term = names[i]
                found.setdefault(term, (terms[term], name))
                position = match.end()
                break
    return [found[i] for i in sorted(found)]


# --- One notebook ----------------------------------------------------------------------------


def problems(
    english: dict, translation_text: str, terms: list[Term], stem: str, where: str = ""
) -> list[str]:
    """Every way a translation file is out of step with its English notebook, one line each,
    naming the notebook and the cell id."""
    where = where or f"translations/zh/{stem}.md"
    try:
        blocks = parse(translation_text, where)
    except ValueError as error:
        return [str(error)]
    kinds = {c["id"]: c["cell_type"] for c in english["cells"]}
    sources = dict(markdown_cells(english))
    found: list[str] = []
    seen: dict[str, Block] = {}
    for block in blocks:
        said = f"{stem} cell {block.cell_id} ({where} line {block.line})"
        if block.cell_id in seen:
            found.append(f"{said}: a second block for the same cell")
            continue
        seen[block.cell_id] = block
        if block.cell_id not in kinds:
            found.append(f"{said}: no cell with this id in notebooks/{stem}.ipynb")
            continue
        if kinds[block.cell_id] != "markdown":
            found.append(f"{said}: the English cell is a {kinds[block.cell_id]} cell, not markdown")
            continue
        found += cell_problems(sources[block.cell_id], block, terms, stem, said)
    for cell_id in sources:
        if cell_id not in seen:
            found.append(f"{stem} cell {cell_id}: no translation block (translation missing)")
    order = [b.cell_id for b in blocks if b.cell_id in sources]
    if order == sorted(order, key=list(sources).index) or len(set(order)) != len(order):
        return found
    return [*found, f"{stem}: the blocks are not in the notebook's cell order"]


def cell_problems(english: str, block: Block, terms: list[Term], stem: str, said: str) -> list[str]:
    """The problems of one block against its English cell's source."""
    chinese = block.text
    if STALE in chinese:
        return [f"{said}: marked STALE: the English cell changed; re-translate it, then remove the "
                "STALE and NEW ENGLISH lines and the old text"]  # fmt: skip
    found = []
    if block.hash != cell_hash(english):
        found.append(
            f"{said}: the English cell changed since it was translated (recorded en:{block.hash}, "
            f"now en:{cell_hash(english)}); run `python3 course.py translate --update`"
        )
    # English cells give key terms in Chinese too ("**epoch** (轮次)"): a block left in English
    # has no more Chinese than its English cell.
    if has_prose(english) and len(CJK.findall(chinese)) <= len(CJK.findall(english)):
        found.append(
            f"{said}: no Chinese in the block (beyond the English cell's own Chinese terms), "
            "but the English cell has prose: translate it"
        )
    for kind, extract in (
        ("numbers", numbers),
        ("formulas", formulas),
        ("inline code spans", code_spans),
        ("link targets", link_targets),
    ):
        difference = _difference(kind, extract(english), extract(chinese))
        if difference:
            found.append(f"{said}: {difference}")
    if headings(english) != headings(chinese):
        found.append(
            f"{said}: heading levels differ: English {headings(english)}, "
            f"Chinese {headings(chinese)}"
        )
    if SOLUTIONS_EN.search(english) and not SOLUTIONS_ZH.search(chinese):
        found.append(f"{said}: the Solutions heading needs 参考答案 (the handout looks for it)")
    for term, name in terms_used(english, terms):
        if (stem, block.cell_id, name.lower()) in EXCEPTIONS:
            continue
        if not term.rendered_in(chinese, name):
            found.append(
                f"{said}: glossary term '{name}' ({term.english}) is not rendered as "
                f"{' / '.join(term.variants)} (if the English uses the word in an everyday sense "
                "here, add it to EXCEPTIONS in course_utils/tools/translate.py, with why)"
            )
    return found


def all_problems(
    english_dir: Path = ENGLISH_DIR,
    translation_dir: Path = TRANSLATION_DIR,
    chinese_dir: Path = CHINESE_DIR,
    glossary: Path = GLOSSARY,
) -> dict[str, list[str]]:
    """``{notebook name: problems}`` for every English notebook (and stray files)."""
    terms = glossary_terms(glossary.read_text(encoding="utf-8"))
    result: dict[str, list[str]] = {}
    english_names = set()
    for english_path in sorted(english_dir.glob("[0-9][0-9]_*.ipynb")):
        english_names.add(english_path.name)
        stem, found = english_path.stem, []
        path = translation_dir / f"{stem}.md"
        chinese = chinese_dir / english_path.name
        if not path.exists():
            found.append(f"{stem}: translation missing: {show_path(path)}")
            if chinese.exists():
                found.append(f"{stem}: {show_path(chinese)} exists without a translation")
            result[english_path.name] = found
            continue
        english = json.loads(english_path.read_text(encoding="utf-8"))
        found += problems(english, path.read_text(encoding="utf-8"), terms, stem, show_path(path))
        try:
            text = chinese_text(english_path, translation_dir)
        except ValueError as error:
            text = None
            found.append(f"{stem}: cannot generate: {error}")
        if text is not None and (
            not chinese.exists() or chinese.read_text(encoding="utf-8") != text
        ):
            found.append(
                f"{stem}: {show_path(chinese)} is not what the generator makes now: run "
                "`python3 course.py translate` and commit it"
            )
        result[english_path.name] = found
    strays = [p for p in sorted(chinese_dir.glob("*.ipynb")) if p.name not in english_names]
    strays += [
        p for p in sorted(translation_dir.glob("*.md")) if f"{p.stem}.ipynb" not in english_names
    ]
    if strays:
        result["(no English notebook)"] = [
            f"{show_path(p)}: no English notebook of that name" for p in strays
        ]
    return result


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py translate",
        description="Make notebooks-zh/ from notebooks/ and translations/zh/ (issue 23).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--update",
        action="store_true",
        help="rewrite translations/zh/*.md for changed English cells (marked STALE)",
    )
    mode.add_argument(
        "--check", action="store_true", help="list what the sync test fails on, exit 1 if any"
    )
    args = parser.parse_args(argv)
    try:
        if args.update:
            said = update()
            print("\n".join(said) if said else "Every translation file matches its notebook.")
            return 0
        if args.check:
            lines = [line for found in all_problems().values() for line in found]
            print("\n".join(lines) if lines else "The Chinese edition is in sync.")
            return 1 if lines else 0
        written, untranslated = generate()
    except (ValueError, FileExistsError) as error:
        print(f"translate: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {show_path(path)}")
    print(f"{len(written)} Chinese notebooks written, the others unchanged.")
    if untranslated:
        print(f"No translation yet (not generated): {', '.join(untranslated)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
