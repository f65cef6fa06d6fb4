"""Re-execute the course notebooks in place, so the outputs stored in git are fresh.

    python3 course.py execute                        # every notebook, full mode
    python3 course.py execute notebooks/04_*.ipynb   # some of them
    python3 course.py execute --fast ...             # fast mode, for a quick look

Cells run in a fresh kernel with ``notebooks/`` as working folder, as in JupyterLab. Timing
metadata is dropped so that a re-run changes only what the cells print and draw. Solution cells
(tagged ``solution``) run too, so a broken solution fails here, but they are stored without
their outputs: a learner who opens a notebook sees no answer until they run that cell.

The same module writes the handouts (``python3 course.py handout DIR``): copies of the
notebooks without their solution cells, see :func:`write_handouts`; ``--lang zh`` takes the
Chinese edition (``notebooks-zh/``, made by ``python3 course.py translate``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from course_utils.env import REPO_ROOT, fast_mode, show_path, write_atomically
from course_utils.tools.stored_runs import stamp_run

if TYPE_CHECKING:
    from nbformat import NotebookNode

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
# Each edition's folder; the Chinese one is generated from the English one (tools/translate.py).
NOTEBOOK_DIRS = {"en": NOTEBOOK_DIR, "zh": REPO_ROOT / "notebooks-zh"}
SOLUTION_TAG = "solution"


def is_solution(cell: Mapping) -> bool:
    """Whether a notebook cell is tagged as a solution.

    Args:
        cell: a cell of a notebook (an ``nbformat`` node or the plain JSON dict).

    Returns:
        True if its ``metadata.tags`` hold "solution".
    """
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def clear_solution_outputs(notebook: NotebookNode) -> int:
    """Remove the outputs of every solution cell: they are the answers.

    The execution count stays, so the stored notebook still shows that the cell ran.

    Args:
        notebook: an ``nbformat`` notebook, changed in place.

    Returns:
        How many cells had outputs that were removed.
    """
    cleared = 0
    for cell in notebook.cells:
        if cell.cell_type == "code" and is_solution(cell) and cell.outputs:
            cell.outputs = []
            cleared += 1
    return cleared


def course_notebooks(language: str = "en") -> list[Path]:
    """The course notebooks in learning order (``language="zh"``: the Chinese edition's)."""
    if language not in NOTEBOOK_DIRS:
        raise ValueError(f"language must be one of {sorted(NOTEBOOK_DIRS)}, got {language!r}")
    return sorted(NOTEBOOK_DIRS[language].glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(path: Path, timeout: int = 900) -> float:
    """Run every cell of one notebook in a new kernel and save it in place.

    The saved notebook is stamped (``metadata.course.stored_run``, see
    :mod:`course_utils.tools.stored_runs`) with the mode, the versions and a hash of each
    code cell, so a test can tell when its outputs no longer belong to its code.

    Returns:
        The seconds it took.

    Raises:
        nbclient.exceptions.CellExecutionError: if a cell fails (the notebook is not saved).
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - start
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    clear_solution_outputs(notebook)
    notebook.metadata.pop("widgets", None)
    stamp_run(notebook, fast=fast_mode(), seconds=seconds)  # + versions, code hashes
    # A failed or interrupted write must not leave a half notebook where the good one was.
    write_atomically(
        path, lambda temporary: nbformat.write(notebook, temporary), inside=path.parent
    )
    return seconds


# "Solutions"; in the Chinese edition "参考答案" (tests/test_translations.py requires it there).
SOLUTIONS_HEADING = re.compile(r"^#+ .*(?:\bSolutions\b|参考答案).*$", re.M)


def handout_notebook(notebook: NotebookNode, clear_outputs: bool = False) -> NotebookNode:
    """Turn a course notebook into a handout: the same notebook without its solution cells.

    nbconvert's ``TagRemovePreprocessor`` removes every cell tagged ``solution`` (with its
    outputs); a "Solutions" heading left with nothing under it is dropped too. With
    ``clear_outputs``, nbconvert's ``ClearOutputPreprocessor`` also removes every other
    cell's stored output, for a handout that shows no result before the learner runs it.

    Args:
        notebook: an ``nbformat`` notebook node; it is changed in place and returned.
        clear_outputs: remove the outputs of the remaining cells too.

    Returns:
        The handout notebook.

    Raises:
        ValueError: if a code cell still follows the "Solutions" heading (an untagged
            solution: tag it ``solution`` rather than hand it out).
    """
    from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

    TagRemovePreprocessor(
        remove_cell_tags={SOLUTION_TAG}, remove_all_outputs_tags={SOLUTION_TAG}, enabled=True
    ).preprocess(notebook, {})
    if clear_outputs:
        ClearOutputPreprocessor(enabled=True).preprocess(notebook, {})
    cells = notebook.cells
    heading = next(
        (i for i, c in enumerate(cells) if c.cell_type == "markdown" and _solutions_at(c)), None
    )
    if heading is not None:
        left = [i for i, c in enumerate(cells[heading + 1 :], heading + 1) if c.cell_type == "code"]
        if left:
            raise ValueError(
                f"code cells {left} follow the Solutions heading but are not tagged "
                f"{SOLUTION_TAG!r}; tag them (metadata.tags) before making a handout"
            )
        if heading == len(cells) - 1:
            cell = cells[heading]
            cell.source = cell.source[: _solutions_at(cell).start()].rstrip() + "\n"
            if not cell.source.strip():
                del cells[heading]
    return notebook


def _solutions_at(cell: NotebookNode) -> re.Match | None:
    return SOLUTIONS_HEADING.search(cell.source)


def write_handouts(
    target: Path,
    notebooks: list[Path] | None = None,
    clear_outputs: bool = False,
    language: str = "en",
) -> list[Path]:
    """Write handout copies of the course notebooks (no solution cells) into ``target``.

    Nothing is overwritten: ``target`` must not exist yet or be an empty folder, and it must
    not be ``notebooks/`` (or ``notebooks-zh/``) or a folder inside it. The copies are written
    to a temporary folder beside ``target`` first and moved into place when all are done, so a
    failure leaves no half-written handout.

    Args:
        target: the folder to create.
        notebooks: the notebooks to copy (default: every course notebook of ``language``).
        clear_outputs: also remove the stored outputs of the remaining cells.
        language: "en" (``notebooks/``) or "zh" (``notebooks-zh/``), for the default.

    Returns:
        The paths of the handout notebooks.

    Raises:
        FileExistsError: if ``target`` is a file or a folder with something in it.
        ValueError: if ``target`` is in ``notebooks/``, or a notebook has an untagged
            solution cell (see :func:`handout_notebook`).
    """
    import nbformat

    target = Path(target).expanduser().resolve()
    sources = [Path(p).resolve() for p in notebooks] if notebooks else course_notebooks(language)
    for folder in NOTEBOOK_DIRS.values():
        if target == folder or folder in target.parents:
            raise ValueError(
                f"target must be outside {show_path(folder)}/ (the learners' own notebooks), "
                f"got {show_path(target)}"
            )
    if not sources:
        raise ValueError(
            f"no notebooks in {show_path(NOTEBOOK_DIRS[language])}/: make them with "
            "python3 course.py translate"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(
            f"{show_path(target)} already exists and is not an empty folder; choose a new one"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for source in sources:
            notebook = nbformat.read(source, as_version=4)
            try:
                handout_notebook(notebook, clear_outputs=clear_outputs)
            except ValueError as error:
                raise ValueError(f"{show_path(source)}: {error}") from None
            nbformat.write(notebook, staging / source.name)
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / source.name for source in sources]


def _handout_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py handout",
        description="Write copies of the notebooks without their solution cells, for learners.",
    )
    parser.add_argument("target", type=Path, help="a new (or empty) folder, outside notebooks/")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument(
        "--clear-outputs", action="store_true", help="also remove every stored output"
    )
    parser.add_argument(
        "--lang",
        choices=sorted(NOTEBOOK_DIRS),
        default="en",
        help="the edition: en (notebooks/, the default) or zh (notebooks-zh/, Chinese)",
    )
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"not a notebook file: {path}", file=sys.stderr)
            return 2
    try:
        written = write_handouts(
            args.target, args.notebooks, clear_outputs=args.clear_outputs, language=args.lang
        )
    except (ValueError, FileExistsError) as error:
        print(f"handout: {error}", file=sys.stderr)
        return 2
    print(f"{len(written)} handout notebooks without solutions in {show_path(args.target)}/")
    if args.lang != "en" and not args.notebooks:
        have = {p.name for p in written}
        missing = [p.name for p in course_notebooks() if p.name not in have]
        if missing:
            print(f"Not translated yet, so not in the handout: {', '.join(missing)}")
    return 0


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py execute", description=__doc__.split("\n")[0]
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    parser.add_argument("--fast", action="store_true", help="run in fast mode (COURSE_FAST=1)")
    args = parser.parse_args(argv)
    os.environ["COURSE_FAST"] = "1" if args.fast else "0"
    paths = [p.resolve() for p in args.notebooks] or course_notebooks()
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"not a notebook file: {path}", file=sys.stderr)
            return 2
    for path in paths:
        print(f"{show_path(path)} ...", end=" ", flush=True)
        print(f"{execute_notebook(path):.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--handout"]:  # python3 course.py handout DIR
        raise SystemExit(_handout_main(sys.argv[2:]))
    raise SystemExit(_main())
