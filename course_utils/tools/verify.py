"""Verify the notebooks on scratch copies: ``python3 course.py verify [--sabotage] [NOTEBOOK ...]``.

Three runs, none of which writes to ``notebooks/`` (each notebook is read, executed in memory
with ``notebooks/`` as working folder, and the executed copy is saved under ``output/verify/``):

``verify`` (full mode)
    Re-executes the notebooks in full mode. It passes when every ✓ check holds, no cell fails,
    and every number the code cells print matches the stored output within
    ``|new − stored| ≤ max(ABS_TOL, REL_TOL·|stored|)`` (:func:`numbers_match`). Lines that
    report a time (seconds, ms, "faster", "/ run", …) are left out of the comparison: the
    machine's speed is not a result.
``verify --sabotage``
    Fast mode with every MNIST label randomly permuted, training and test (notebook 10 trains on
    test digits too), by ``COURSE_PERMUTE_LABELS=1``, read by
    :func:`course_utils.data.load_mnist`: nothing is learnable. Every cell runs
    even after one fails. A notebook that trains on the permuted labels and still passes all its
    ✓ checks has a check that cannot fail: the command then exits with status 1.
``verify --fast``
    Fast mode, checks only (the stored outputs are full-mode runs, so numbers are not compared):
    the quick way to see a fast-mode bound hold.

Each run writes a short Markdown report (default ``output/verify/report.md``, or ``--report``).
Notebooks are named by path, by file name, or by a prefix/glob: ``07``, ``04_*``, ``0[4-8]``.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.data import PERMUTE_ENV
from course_utils.env import OUTPUT_DIR, show_path, write_atomically
from course_utils.tools.notebooks import NOTEBOOK_DIR, course_notebooks
from course_utils.tools.stored_runs import STAMP_KEY, source_sha256

SABOTAGE_MARK = "SABOTAGE:"  # the first word of the line load_mnist prints when it permutes
# Notebooks that load MNIST but train nothing: the sabotage run expects no failed check there.
TRAINS_NOTHING = {"00_orientation": "shows MNIST and the fast mode, trains no model"}
ABS_TOL = 0.01  # numbers near 0 (differences, small losses): ± 0.01
REL_TOL = 0.02  # e.g. accuracy 0.937: ± 0.019; a loss of 2.61: ± 0.05
TIMING = re.compile(
    r"\b(s|ms|µs|sec|secs|seconds?|minutes?|min)\b|/ ?run|faster|slower|speed|time|took|"
    r"\bs/|per second|\d(?:s|ms|µs)\b|/step",  # Keras' verbose=2 lines: "1s - 8ms/step"
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class NotebookResult:
    """What one scratch run of a notebook gave."""

    name: str
    passed: list[str] = field(default_factory=list)  # ✓ lines
    failed: list[str] = field(default_factory=list)  # ✗ messages of failed checks
    errors: list[str] = field(default_factory=list)  # other cell errors: "cell N: Name: msg"
    mismatches: list[str] = field(default_factory=list)  # printed numbers that moved
    compared: int = 0  # how many printed numbers were compared with the stored ones
    sabotaged: bool = False  # load_mnist permuted the training labels
    seconds: float = 0.0


def resolve_notebooks(names: Sequence[str]) -> list[Path]:
    """The course notebooks that ``names`` select (all of them when ``names`` is empty).

    Args:
        names: paths, file names, or prefixes/globs of file names (``07``, ``04_*``).

    Returns:
        The selected notebooks in learning order, each once.

    Raises:
        ValueError: if a name selects no course notebook.
    """
    every = course_notebooks()
    if not names:
        return every
    chosen: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            matches = [path.resolve()]
        else:
            pattern = path.name if any(c in name for c in "*?[") else f"{path.name}*"
            matches = [p for p in every if fnmatch.fnmatch(p.name, pattern)]
        if not matches:
            raise ValueError(
                f"notebook {name!r} matches no course notebook in "
                f"{show_path(NOTEBOOK_DIR)}/; give a path or a prefix like 07 or 04_*"
            )
        chosen += [m for m in matches if m not in chosen]
    return sorted(chosen, key=lambda p: p.name)


def _output_text(output: Mapping) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    text = data.get("text/plain", "")
    return "" if text.startswith("<Figure size") else text


def cell_text(cell: Mapping) -> str:
    """Everything a code cell printed or displayed as text (figures left out)."""
    return "".join(_output_text(o) for o in cell.get("outputs", []))


TIMING_COLUMN = re.compile(r"s / (?:run|epoch)\b|\bs/epoch\b|\bseconds?\b")


def _timing_column(header: str) -> int | None:
    """Where a table's timing column starts (after the column before it), or None."""
    match = TIMING_COLUMN.search(header)
    if match is None:
        return None
    return len(header[: match.start()].rstrip()) + 1


def printed_numbers(text: str) -> list[float]:
    """The numbers in printed text, in order, leaving out lines that report a time, and in a
    table whose header names a timing column ("s / run"), that column's numbers."""
    numbers, column = [], None
    for line in text.splitlines():
        if TIMING.search(line):
            column = _timing_column(line)
            continue
        if not line.strip():
            column = None
        for match in NUMBER.finditer(line):
            if column is None or match.start() < column:
                numbers.append(float(match.group().replace(",", "").replace("−", "-")))
    return numbers


def numbers_match(new: float, stored: float) -> bool:
    """Whether a re-run's number is within the stated tolerance of the stored one."""
    if new != new and stored != stored:  # both NaN
        return True
    return abs(new - stored) <= max(ABS_TOL, REL_TOL * abs(stored))


def compare_outputs(stored: Mapping, executed: Mapping) -> tuple[int, list[str]]:
    """Compare the numbers each code cell printed in ``stored`` and in ``executed``.

    Solution cells are stored without outputs, so they are skipped. A cell whose source differs
    from the one the stored run was stamped with is reported as edited, not compared.

    Returns:
        ``(how many numbers were compared, one line per mismatch)``.
    """
    stored_cells = {c.get("id"): c for c in stored["cells"] if c.get("cell_type") == "code"}
    stamp = stored.get("metadata", {}).get("course", {}).get(STAMP_KEY, {})
    hashes = stamp.get("code_sha256", {}) if isinstance(stamp, Mapping) else {}
    compared, mismatches = 0, []
    for index, cell in enumerate(executed["cells"]):
        old = stored_cells.get(cell.get("id"))
        if cell.get("cell_type") != "code" or old is None or not old.get("outputs"):
            continue
        if hashes and hashes.get(cell.get("id")) != source_sha256(cell):
            mismatches.append(f"cell {index}: edited after the stored run, outputs not comparable")
            continue
        before, after = printed_numbers(cell_text(old)), printed_numbers(cell_text(cell))
        if len(before) != len(after):
            mismatches.append(
                f"cell {index}: printed {len(after)} numbers, the stored output has {len(before)}"
            )
            continue
        compared += len(before)
        for old_value, new_value in zip(before, after, strict=True):
            if not numbers_match(new_value, old_value):
                mismatches.append(f"cell {index}: stored {old_value:g}, now {new_value:g}")
    return compared, mismatches


def read_checks(notebook: Mapping, result: NotebookResult) -> None:
    """Fill ``result`` with the ✓ checks, failed checks and other errors of an executed copy."""
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            text = _output_text(output)
            for line in text.splitlines():
                if line.startswith("✓ "):
                    result.passed.append(line[2:])
                elif line.startswith(SABOTAGE_MARK):
                    result.sabotaged = True
            if output.get("output_type") == "error":
                message = f"{output.get('ename')}: {output.get('evalue')}"
                if output.get("ename") == "AssertionError" and output.get("evalue", "").startswith(
                    "✗"
                ):
                    result.failed.append(f"cell {index}: {output['evalue'][1:].strip()}")
                else:
                    result.errors.append(f"cell {index}: {message.splitlines()[0][:200]}")


def run_scratch(
    path: Path, *, fast: bool, sabotage: bool, folder: Path, timeout: int = 1800
) -> tuple[dict, dict, NotebookResult]:
    """Execute a copy of one notebook; the file in ``notebooks/`` is only read.

    Returns:
        ``(stored notebook, executed copy, result)``; the copy is also saved in ``folder``.
    """
    import nbformat
    from nbclient import NotebookClient

    stored = nbformat.read(path, as_version=4)
    copy = nbformat.read(path, as_version=4)
    os.environ["COURSE_FAST"] = "1" if fast else "0"
    if sabotage:
        os.environ[PERMUTE_ENV] = "1"
    else:
        os.environ.pop(PERMUTE_ENV, None)
    start = time.perf_counter()
    stopped = None
    try:
        NotebookClient(
            copy,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,  # run on after a failed check: the report lists every one
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
        ).execute()
    except Exception as error:  # a timeout or a dead kernel: report it, go on with the next
        stopped = (
            f"the run stopped: {type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
        )
    result = NotebookResult(path.stem, seconds=time.perf_counter() - start)
    read_checks(copy, result)
    if stopped:
        result.errors.append(stopped)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(
        folder / path.name, lambda temporary: nbformat.write(copy, temporary), inside=folder
    )
    return stored, copy, result


def verdict(result: NotebookResult, mode: str) -> bool:
    """Whether one notebook passed this kind of run."""
    if mode == "sabotage":
        return not result.sabotaged or result.name in TRAINS_NOTHING or bool(result.failed)
    clean = not result.failed and not result.errors
    return clean and (mode == "fast" or not result.mismatches)


def report_text(results: Iterable[NotebookResult], mode: str) -> str:
    """The Markdown report of one verify run."""
    results = list(results)
    titles = {
        "full": "full mode: ✓ checks hold, printed numbers match the stored outputs",
        "fast": "fast mode: ✓ checks hold",
        "sabotage": "sabotage: fast mode, every MNIST label randomly permuted",
    }
    lines = [f"# course.py verify — {titles[mode]}", ""]
    if mode == "full":
        lines += [
            f"Tolerance: |new − stored| ≤ max({ABS_TOL}, {REL_TOL:.0%} of |stored|); lines that "
            "report a time are not compared.",
            "",
        ]
    if mode == "sabotage":
        lines += [
            "A notebook that trains on the permuted labels must fail at least one ✓ check.",
            "",
            "| notebook | labels permuted | ✓ held | ✗ failed | other errors | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for r in results:
            if not r.sabotaged:
                verdict_text = (
                    "not covered: its data is made in the notebook, not loaded from MNIST"
                )
            elif r.name in TRAINS_NOTHING:
                verdict_text = f"trains nothing ({TRAINS_NOTHING[r.name]})"
            else:
                verdict_text = (
                    "fails, as it should" if r.failed else "**PASSES: a check cannot fail**"
                )
            lines.append(
                f"| {r.name} | {'yes' if r.sabotaged else 'no'} | {len(r.passed)} | "
                f"{len(r.failed)} | {len(r.errors)} | {verdict_text} |"
            )
    else:
        lines += [
            "| notebook | ✓ held | ✗ failed | other errors | numbers compared | mismatches "
            "| seconds | verdict |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in results:
            compared = str(r.compared) if mode == "full" else "—"
            moved = str(len(r.mismatches)) if mode == "full" else "—"
            lines.append(
                f"| {r.name} | {len(r.passed)} | {len(r.failed)} | {len(r.errors)} | "
                f"{compared} | {moved} | {r.seconds:.0f} | "
                f"{'pass' if verdict(r, mode) else '**FAIL**'} |"
            )
    for r in results:
        details = [f"- ✗ {f}" for f in r.failed] + [f"- error: {e}" for e in r.errors]
        details += [f"- moved: {m}" for m in r.mismatches]
        if details:
            lines += ["", f"## {r.name}", "", *details]
    return "\n".join(lines) + "\n"


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py verify", description=__doc__.split("\n")[0]
    )
    parser.add_argument("notebooks", nargs="*", help="paths or prefixes (default: all)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--sabotage", action="store_true", help="fast mode, permuted labels")
    group.add_argument("--fast", action="store_true", help="fast mode, checks only")
    parser.add_argument("--report", type=Path, help="report file (default output/verify/…)")
    args = parser.parse_args(argv)
    mode = "sabotage" if args.sabotage else "fast" if args.fast else "full"
    try:
        paths = resolve_notebooks(args.notebooks)
    except ValueError as error:
        print(f"verify: {error}", file=sys.stderr)
        return 2
    folder = OUTPUT_DIR / "verify" / mode
    report = args.report or OUTPUT_DIR / "verify" / f"report-{mode}.md"
    results = []
    for path in paths:
        print(f"{path.name} ({mode}) ...", end=" ", flush=True)
        stored, executed, result = run_scratch(
            path, fast=mode != "full", sabotage=mode == "sabotage", folder=folder
        )
        if mode == "full":
            result.compared, result.mismatches = compare_outputs(stored, executed)
        results.append(result)
        status = "ok" if verdict(result, mode) else "FAIL"
        print(
            f"{result.seconds:.0f} s, {len(result.passed)} ✓, {len(result.failed)} ✗, "
            f"{len(result.errors)} errors: {status}",
            flush=True,
        )
    text = report_text(results, mode)
    report.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(
        report,
        lambda temporary: Path(temporary).write_text(text, encoding="utf-8"),
        inside=report.parent,
    )
    print(text)
    print(f"report: {show_path(report)}; executed copies in {show_path(folder)}/")
    return 0 if all(verdict(r, mode) for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(_main())
