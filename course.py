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
import json
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


def venv_python_version() -> tuple[int, int] | None:
    """The Python version .venv was built with (from its pyvenv.cfg), or None if unknown."""
    try:
        config = (VENV / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in config.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version_info", "version"):
            parts = value.strip().split(".")
            if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
                return int(parts[0]), int(parts[1])
    return None


def install_fingerprint(gpu: bool) -> str:
    """What the installed .venv depends on: the GPU choice, the venv's Python, the pins."""
    python = venv_python_version() or sys.version_info[:2]
    digest = hashlib.sha256(f"gpu={gpu};python={tuple(python)}".encode())
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
    python = venv_python()
    built_with = venv_python_version()
    rebuild = python.exists() and built_with not in (None, sys.version_info[:2])
    if rebuild:
        print(
            f"{VENV.name}/ was built with Python {built_with[0]}.{built_with[1]}; rebuilding it "
            f"for this Python {sys.version_info[0]}.{sys.version_info[1]} (a minute or two).",
            flush=True,
        )
    fingerprint = install_fingerprint(gpu)
    if (
        not rebuild
        and python.exists()
        and STAMP.exists()
        and STAMP.read_text().strip() == fingerprint
    ):
        write_lab_settings()
        return python
    if rebuild or not python.exists():
        print(f"Creating the virtual environment {VENV.name}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=rebuild).create(VENV)
        fingerprint = install_fingerprint(gpu)
    print("Installing the course's pinned packages (a minute or two, once) ...", flush=True)
    start = time.monotonic()
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "install", "--upgrade", "pip", quiet=True)
    run(*pip, "install", "-r", "requirements.txt", quiet=True)
    if gpu:
        run(*pip, "uninstall", "--yes", "tensorflow-cpu", quiet=True)
        run(*pip, "install", GPU_PACKAGE, quiet=True)
    write_atomically(STAMP, fingerprint + "\n")
    write_lab_settings()
    print(f"Installed in {time.monotonic() - start:.0f} s.", flush=True)
    return python


# course.py runs before the venv exists, on the standard library alone, so it keeps this small
# atomic write of its own; the package's one is course_utils.env.write_atomically.
def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder (no half files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# JupyterLab settings for the course's own environment (.venv), never the learner's global ones:
# no "Would you like to get notified about official Jupyter news?" pop-up on first launch, and no
# update check (the course pins its versions). A learner can still change both in Settings.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
SERVER_CONFIG = {"LabApp": {"check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}


def write_lab_settings() -> None:
    """Put the course's JupyterLab defaults into .venv (overrides.json, a server config file)."""
    files = {
        VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json": LAB_OVERRIDES,
        VENV / "etc" / "jupyter" / "jupyter_server_config.d" / "course.json": SERVER_CONFIG,
    }
    for path, values in files.items():
        text = json.dumps(values, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text)


def lab_arguments(extra: list[str]) -> list[str]:
    """JupyterLab's arguments: as root (Docker, cloud VMs) it needs --allow-root, so add it."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        print(
            "Running as root (usual in containers and cloud machines): "
            "starting JupyterLab with --allow-root.",
            flush=True,
        )
        return [*extra, "--allow-root"]
    return extra


def main(argv: list[str]) -> None:
    command, extra = (argv[0], argv[1:]) if argv else ("lab", [])
    commands = {
        "lab": ["-m", "jupyter", "lab", "notebooks/00_orientation.ipynb"],
        # Two workers, each taking whole files in conftest.py's order (longest first).
        "test": ["-m", "pytest", "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"],
        "execute": ["-m", "course_utils.tools.notebooks"],
        "bench": ["-m", "course_utils.tools.bench"],
        # Not `-m course_utils.data`: the package imports that module first, and runpy warns.
        "download": [
            "-c",
            "import sys; from course_utils.data import _main; "
            "sys.exit(_main(['download', *sys.argv[1:]]))",
        ],
        "handout": ["-m", "course_utils.tools.notebooks", "--handout"],
    }
    if command not in commands:
        sys.exit(f"Unknown command {command!r}. Choose one of: {', '.join(commands)}.\n{__doc__}")
    python = ensure_venv()
    env = dict(os.environ)
    if command == "test":
        env["COURSE_FAST"] = "1"  # the test run is always the fast mode
    if command == "lab":
        extra = lab_arguments(extra)
    run(python, *commands[command], *extra, env=env)


if __name__ == "__main__":
    main(sys.argv[1:])
