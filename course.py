#!/usr/bin/env python3
"""Set up and run the course. Needs only Python 3.11 or 3.12; everything else it installs.

    python3 course.py lab        open the course in JupyterLab (the default)
    python3 course.py test       run every test: unit tests + all notebooks in fast mode
    python3 course.py execute    re-run all notebooks in place (full mode) to refresh outputs
    python3 course.py bench      compare the TensorFlow quickstart recipe with the course's
    python3 course.py download   fetch full MNIST ahead of class (needs a network)
    python3 course.py handout DIR   write copies of the notebooks without solutions into DIR

Each command first creates the virtual environment .venv/ (or reuses it) and installs
requirements.txt into it; it reinstalls only when requirements.txt or pyproject.toml change.
Extra arguments go to the tool, e.g. `python3 course.py test -k data` or
`python3 course.py execute notebooks/04_*.ipynb`. On Windows use `py course.py lab`.
Set COURSE_GPU=1 to install TensorFlow with CUDA instead of the CPU-only build (Linux).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-install.sha256"
SUPPORTED = ((3, 11), (3, 12))  # Keras 3.15 needs >= 3.11; TensorFlow 2.21 <= 3.12
GPU_PACKAGE = "tensorflow[and-cuda]==2.21.0"


def venv_python() -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def run(*args: str | os.PathLike, env: dict | None = None, quiet: bool = False) -> None:
    """Run a command in the course folder; exit with its code if it fails.

    With ``quiet``, its output is shown only if it fails (pip's notices are noise otherwise).
    """
    completed = subprocess.run(
        [str(a) for a in args], cwd=ROOT, env=env, capture_output=quiet, text=True
    )
    if completed.returncode != 0:
        if quiet:
            print(completed.stdout + completed.stderr, file=sys.stderr)
        sys.exit(completed.returncode)


def install_fingerprint(gpu: bool) -> str:
    digest = hashlib.sha256(f"gpu={gpu};python={sys.version_info[:2]}".encode())
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> Path:
    """Create .venv and install the pinned requirements, unless that is already done."""
    if sys.version_info[:2] not in SUPPORTED:
        sys.exit(
            f"This course needs Python 3.11 or 3.12 (Keras 3.15, TensorFlow 2.21); this is "
            f"{sys.version.split()[0]}. Run it with another Python, e.g. `python3.12 course.py "
            "lab`, or on Windows `py -3.12 course.py lab`."
        )
    gpu = os.environ.get("COURSE_GPU", "") == "1"
    fingerprint = install_fingerprint(gpu)
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return python
    if not python.exists():
        print(f"Creating the virtual environment {VENV.name}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    print("Installing the course's pinned packages (a minute or two, once) ...", flush=True)
    start = time.monotonic()
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "install", "--upgrade", "pip", quiet=True)
    run(*pip, "install", "-r", "requirements.txt", quiet=True)
    if gpu:
        run(*pip, "uninstall", "--yes", "tensorflow-cpu", quiet=True)
        run(*pip, "install", GPU_PACKAGE, quiet=True)
    STAMP.write_text(fingerprint + "\n")
    print(f"Installed in {time.monotonic() - start:.0f} s.", flush=True)
    return python


def main(argv: list[str]) -> None:
    command, extra = (argv[0], argv[1:]) if argv else ("lab", [])
    commands = {
        "lab": ["-m", "jupyter", "lab", "notebooks/00_orientation.ipynb"],
        "test": ["-m", "pytest", "-n", "2", "--dist", "loadscope"],
        "execute": ["-m", "course_utils.notebooks"],
        "bench": ["-m", "course_utils.bench"],
        "download": ["-m", "course_utils.data", "download"],
        "handout": ["-m", "course_utils.notebooks", "--handout"],
    }
    if command not in commands:
        sys.exit(f"Unknown command {command!r}. Choose one of: {', '.join(commands)}.\n{__doc__}")
    python = ensure_venv()
    env = dict(os.environ)
    if command == "test":
        env["COURSE_FAST"] = "1"  # the test run is always the fast mode
    run(python, *commands[command], *extra, env=env)


if __name__ == "__main__":
    main(sys.argv[1:])
