"""Re-execute the course notebooks in place, so the outputs stored in git are fresh.

    python3 course.py execute                        # every notebook, full mode
    python3 course.py execute notebooks/04_*.ipynb   # some of them
    python3 course.py execute --fast ...             # fast mode, for a quick look

Cells run in a fresh kernel with ``notebooks/`` as working folder, as in JupyterLab. Timing
metadata is dropped so that a re-run changes only what the cells print and draw.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from course_utils.env import REPO_ROOT, show_path

NOTEBOOK_DIR = REPO_ROOT / "notebooks"


def course_notebooks() -> list[Path]:
    """The course notebooks in learning order."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(path: Path, timeout: int = 900) -> float:
    """Run every cell of one notebook in a new kernel and save it in place.

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
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return seconds


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
    raise SystemExit(_main())
