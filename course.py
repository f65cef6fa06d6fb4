#!/usr/bin/env python3
"""Set up and run the course. Needs Python 3.11, 3.12 or 3.13; everything else it installs.

    python3 course.py lab        open the course in JupyterLab (the default)
    python3 course.py lab --lang zh  the Chinese edition (notebooks-zh/) with JupyterLab's
                                 menus in Chinese (or set COURSE_LANG=zh); --lang en: English
    python3 course.py test       run every test: unit tests + all notebooks in fast mode
    python3 course.py setup      only make .venv/ (what `lab` needs), e.g. before class
    python3 course.py execute    re-run all notebooks in place (full mode) to refresh outputs
    python3 course.py bench      compare the TensorFlow quickstart recipe with the course's
    python3 course.py download   fetch full MNIST ahead of class (needs a network)
    python3 course.py handout DIR    write copies of the notebooks without solutions into DIR
                                     (--lang zh: of the Chinese edition)
    python3 course.py verify     re-run notebooks on scratch copies (--sabotage: permuted labels)
    python3 course.py wheelhouse DIR download every package once, for installs with no network
    python3 course.py lock       re-pin requirements*.lock.txt after editing requirements*.txt
    python3 course.py translate  make notebooks-zh/ from notebooks/ and translations/zh/
                                 (--update: mark translations of changed English cells STALE)

Each command first creates the virtual environment .venv/ (or reuses it) and installs the
pinned packages of requirements.lock.txt into it (`test` adds requirements-test.lock.txt); it
reinstalls only when a lock file changes. Extra arguments go to the tool, e.g.
`python3 course.py test -k data` or `python3 course.py execute notebooks/04_*.ipynb`.
On Windows use `py course.py lab`.

Environment: COURSE_LANG=zh makes `lab` open the Chinese edition (as --lang zh does);
COURSE_GPU=1 installs TensorFlow with CUDA (Linux, NVIDIA); COURSE_WHEELHOUSE=DIR installs from
a folder of wheels with no network (a `wheelhouse/` folder in the course folder is used by
itself).
"""

# This file runs before .venv exists, on whatever Python the learner typed: standard library only,
# and syntax that Python 3.8 can still read, so that an old or too new Python gets a clear message.
from __future__ import annotations

import glob
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-install.json"
INSTALL_LOG = VENV / "course-install.log"
SUPPORTED = ((3, 11), (3, 12), (3, 13))  # Keras 3.15 needs >= 3.11; TensorFlow 2.21: <= 3.13
LAB_LOCK = "requirements.lock.txt"  # what learning needs, every package pinned
TEST_LOCK = "requirements-test.lock.txt"  # the same plus the test tools (course.py test)
GPU_PACKAGE = "tensorflow[and-cuda]==2.21.0"
UV_VERSION = "0.13.9"  # only for `course.py lock`, never for a learner's install
REEXEC_ENV = "COURSE_REEXEC"  # set when course.py re-runs itself with another Python
ARGV: list[str] = []  # this run's arguments, for re-running with another Python

USAGE = __doc__


def version_text(version) -> str:
    return ".".join(str(part) for part in version[:2])


def supported_text() -> str:
    """'3.11, 3.12 or 3.13'"""
    names = [version_text(v) for v in SUPPORTED]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


# ---------------------------------------------------------------------------------------------
# Which Python builds .venv
# ---------------------------------------------------------------------------------------------


def venv_python(venv: Path = VENV) -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return venv / sub


def read_pyvenv_cfg(venv: Path = VENV) -> dict:
    try:
        config = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.partition("=") for line in config.splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


def venv_python_version(venv: Path = VENV) -> tuple[int, int] | None:
    """The Python version .venv was built with (from its pyvenv.cfg), or None if unknown."""
    config = read_pyvenv_cfg(venv)
    for key in ("version_info", "version"):
        parts = config.get(key, "").split(".")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            return int(parts[0]), int(parts[1])
    return None


def usable_venv() -> bool:
    """True when .venv exists and was built with a supported Python: then any Python may launch."""
    return venv_python().exists() and venv_python_version() in SUPPORTED


def probe(command: list[str]) -> tuple[tuple[int, int], str] | None:
    """(version, executable) of a Python that can build a venv with pip, or None."""
    code = "import sys, venv, ensurepip; print(*sys.version_info[:2], sys.executable)"
    try:
        done = subprocess.run([*command, "-c", code], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    fields = done.stdout.strip().split(" ", 2)
    if done.returncode != 0 or len(fields) != 3 or not all(f.isdigit() for f in fields[:2]):
        return None
    return (int(fields[0]), int(fields[1])), fields[2]


def candidate_commands() -> list[list[str]]:
    """Where a supported Python may be, newest first; each is tried with probe()."""
    commands = []
    for version in reversed(SUPPORTED):
        name = f"python{version_text(version)}"
        found = shutil.which(name)
        if found:
            commands.append([found])
    if os.name == "nt" and shutil.which("py"):
        commands += [["py", f"-{version_text(v)}"] for v in reversed(SUPPORTED)]
    # pyenv keeps each version in its own folder, whichever one its shims select today.
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    for version in reversed(SUPPORTED):
        pattern = os.path.join(
            pyenv_root, "versions", f"{version_text(version)}.*", "bin", "python3"
        )
        commands += [[found] for found in sorted(glob.glob(pattern), reverse=True)]
    # The interpreter an existing .venv was made from.
    home = read_pyvenv_cfg().get("home")
    if home:
        for name in ("python3", "python", "python.exe"):
            if (Path(home) / name).exists():
                commands.append([str(Path(home) / name)])
                break
    return commands


def find_supported_python() -> tuple[tuple[int, int], str] | None:
    for command in candidate_commands():
        found = probe(command)
        if found and found[0] in SUPPORTED:
            return found
    return None


def install_python_hint() -> str:
    """The one command that installs a supported Python on this kind of computer."""
    newest = version_text(SUPPORTED[-1])
    if sys.platform == "win32":
        return (
            f"winget install Python.Python.{newest}   (or the installer from python.org), "
            f"then: py -{newest} course.py lab"
        )
    if sys.platform == "darwin":
        return (
            f"brew install python@{newest}   (or the installer from python.org), "
            f"then: python{newest} course.py lab"
        )
    distro = ""
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8")
        distro = " ".join(re.findall(r"^(?:ID|ID_LIKE)=\"?([^\"\n]*)", release, re.M))
    except OSError:
        pass
    if re.search(r"\b(debian|ubuntu)\b", distro):
        return (
            f"sudo apt install python{newest} python{newest}-venv   (or the python3.1x that "
            f"your release has: {supported_text()}), then: python{newest} course.py lab"
        )
    if re.search(r"\b(fedora|rhel|centos)\b", distro):
        return f"sudo dnf install python{newest}, then: python{newest} course.py lab"
    return (
        f"pyenv install {newest} (https://github.com/pyenv/pyenv), or your distribution's "
        f"python{newest} package, then: python{newest} course.py lab"
    )


def use_a_supported_python() -> None:
    """Re-run course.py with a supported Python, saying so in one line; else exit with the
    command that installs one. Called only when this Python cannot build .venv."""
    this = f"Python {version_text(sys.version_info)} ({sys.executable})"
    if os.environ.get(REEXEC_ENV) != "1":
        found = find_supported_python()
        if found:
            version, executable = found
            print(
                f"This course needs Python {supported_text()}; this is {this}. "
                f"Running it with Python {version_text(version)} instead: {executable}",
                flush=True,
            )
            env = dict(os.environ, **{REEXEC_ENV: "1"})
            done = subprocess.run([executable, str(ROOT / "course.py"), *ARGV], env=env)
            sys.exit(done.returncode)
    sys.exit(
        f"This course needs Python {supported_text()} (Keras 3.15, TensorFlow 2.21); this is "
        f"{this}, and no other one was found.\nInstall one with: {install_python_hint()}"
    )


def check_platform() -> None:
    """Refuse, before downloading anything, where TensorFlow 2.21 has no wheel at all."""
    if sys.platform == "darwin" and platform.machine() == "x86_64":
        sys.exit(
            "TensorFlow 2.21 has no wheels for Intel Macs (only for Apple silicon, Windows and "
            "Linux), so the course cannot install here.\nWhat works instead: a Linux or Windows "
            "computer, or Google Colab (upload the notebooks and the data/ folder). On an "
            "Apple-silicon Mac this message means that this Python is an Intel build running "
            "under Rosetta: install the arm64 (universal2) Python from python.org and use it."
        )


# ---------------------------------------------------------------------------------------------
# Installing: the lock files, progress, and the one line that matters on failure
# ---------------------------------------------------------------------------------------------


def wheelhouse() -> Path | None:
    """The folder of wheels to install from with no network, if the teacher set one up."""
    named = os.environ.get("COURSE_WHEELHOUSE", "").strip()
    if named:
        folder = Path(named).expanduser().resolve()
        if not folder.is_dir():
            sys.exit(f"COURSE_WHEELHOUSE must name a folder of wheels; {named!r} is not a folder.")
        return folder
    default = ROOT / "wheelhouse"
    return default if default.is_dir() else None


def lock_pins(lock: Path) -> dict[str, str]:
    """{package: version} of a lock file's `name==version` lines (markers ignored)."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def install_fingerprint(profile: str, gpu: bool) -> str:
    """What an install of ``profile`` depends on: its lock file, pyproject, the GPU choice and
    the venv's Python."""
    python = venv_python_version() or sys.version_info[:2]
    digest = hashlib.sha256(f"gpu={gpu};python={tuple(python)}".encode())
    for name in (LAB_LOCK if profile == "lab" else TEST_LOCK, "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def read_stamp() -> dict:
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def installed(profile: str, gpu: bool) -> bool:
    """True when .venv already holds what ``profile`` needs (the test install covers lab too)."""
    stamp = read_stamp()
    covers = ("test",) if profile == "test" else ("lab", "test")
    return stamp.get("profile") in covers and stamp.get("fingerprint") == install_fingerprint(
        stamp.get("profile", ""), gpu
    )


NETWORK = re.compile(
    r"NewConnectionError|Failed to establish a new connection|NameResolutionError|"
    r"Temporary failure in name resolution|Name or service not known|nodename nor servname|"
    r"getaddrinfo failed|Network is unreachable|No route to host|Connection refused|"
    r"ConnectTimeoutError|Read timed out|ProxyError|RemoteDisconnected"
)


def diagnose(output: str, offline_folder: Path | None = None) -> str:
    """The one line of pip's output that matters, said plainly."""
    where = f"{platform.system()} {platform.machine()}, Python {version_text(sys.version_info)}"
    if re.search(r"No space left on device|Errno 28", output):
        free = shutil.disk_usage(ROOT).free / 1e9
        return f"The disk is full: .venv/ needs about 2 GB, and {free:.1f} GB are free here."
    if "CERTIFICATE_VERIFY_FAILED" in output:
        return (
            "pip could not check the package index's certificate (CERTIFICATE_VERIFY_FAILED): a "
            "proxy or, on macOS, Python's certificates (run 'Install Certificates.command')."
        )
    missing = re.search(r"(?:No matching distribution found for|requirement) (\S+)", output)
    if offline_folder and missing:
        return (
            f"The wheelhouse {offline_folder} has no wheel for {missing.group(1)} on this "
            f"computer ({where}): make it on a computer like this one (course.py wheelhouse DIR)."
        )
    if NETWORK.search(output):
        return (
            "pip could not reach the package index: this computer seems to be offline. Connect "
            "and run the command again, or install from a teacher's wheelhouse (README: "
            "Offline classroom)."
        )
    if missing:
        return f"No wheel of {missing.group(1)} for this computer ({where})."
    errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
    return errors[-1] if errors else (output.strip().splitlines() or ["pip failed"])[-1]


def pip_step(
    python: Path | str, args: list[str], label: str, log_path: Path, progress: bool = False
) -> None:
    """Run one pip command, its output appended to ``log_path``; with ``progress``, print a line
    every 10 s; on failure exit with the one line that matters."""
    command = [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    folder = wheelhouse()
    if args[0] in ("install", "download"):
        command += ["--progress-bar", "off"]
        if folder:
            command += ["--no-index", "--find-links", str(folder)]
    lines, fetched, shown, last = [], 0, 0, time.monotonic()
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(command)}\n")
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8", errors="replace",
        )  # fmt: skip
        for line in process.stdout:
            log.write(line)
            lines.append(line)
            if line.startswith(("Collecting ", "Processing ")):
                fetched += 1
            elif progress and line.startswith("Installing collected packages"):
                print("      unpacking and installing (the longest part) ...", flush=True)
            if progress and time.monotonic() - last >= 10 and fetched > shown:
                print(f"      {fetched} packages so far ...", flush=True)
                shown, last = fetched, time.monotonic()
        code = process.wait()
    if code != 0:
        sys.exit(f"{label} failed: {diagnose(''.join(lines), folder)}\npip's output: {log_path}")


def gpu_lock(lock: Path, scratch: Path) -> Path:
    """A copy of ``lock`` without TensorFlow's CPU build, for the CUDA build to go on top."""
    lines = lock.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not re.match(r"^tensorflow(-cpu)?==", line)]
    copy = scratch / lock.name
    copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return copy


def rebuild_reasons(gpu: bool) -> list[str]:
    """Why an existing .venv cannot be updated in place, if it cannot."""
    if not venv_python().exists():
        return []
    reasons = []
    built_with = venv_python_version()
    if built_with is None:
        reasons.append("its pyvenv.cfg does not say which Python made it")
    elif built_with not in SUPPORTED:
        reasons.append(f"it was built with Python {version_text(built_with)}")
    stamp = read_stamp()
    if stamp and bool(stamp.get("gpu")) != gpu:
        reasons.append("TensorFlow switches between its CPU and GPU builds (COURSE_GPU)")
    return reasons


def ensure_venv(profile: str = "lab") -> Path:
    """Create .venv and install the pinned packages ``profile`` needs, unless that is done.

    A .venv built with any supported Python is kept, whichever Python runs course.py.
    """
    gpu = os.environ.get("COURSE_GPU", "") == "1"
    if usable_venv() and installed(profile, gpu):
        write_lab_settings()
        return venv_python()
    check_platform()
    reasons = rebuild_reasons(gpu)
    create = bool(reasons) or not venv_python().exists()
    if create and sys.version_info[:2] not in SUPPORTED:
        use_a_supported_python()
    if reasons:
        print(f"Rebuilding {VENV.name}/ from scratch: {'; '.join(reasons)}.", flush=True)
        shutil.rmtree(VENV)
    start = time.monotonic()
    steps = 5 if create else 4
    if create:
        print(
            f"[1/{steps}] Creating {VENV.name}/ with Python {version_text(sys.version_info)} ...",
            flush=True,
        )
        make_venv()
    install(profile, gpu, first_step=steps - 3, steps=steps)
    print(f"[{steps}/{steps}] Installed in {time.monotonic() - start:.0f} s.", flush=True)
    return venv_python()


def install(profile: str, gpu: bool, first_step: int, steps: int) -> None:
    """pip, the lock file, course_utils, pip check; then the stamp that says it is done."""
    python = venv_python()
    write_atomically(INSTALL_LOG, "")
    source = f"the wheelhouse {wheelhouse()}" if wheelhouse() else "the package index"
    lock = ROOT / (LAB_LOCK if profile == "lab" else TEST_LOCK)
    pins = lock_pins(lock)
    print(f"[{first_step}/{steps}] pip {pins['pip']} ...", flush=True)
    pip_step(python, ["install", f"pip=={pins['pip']}"], "Installing pip", INSTALL_LOG)
    print(
        f"[{first_step + 1}/{steps}] {len(pins)} pinned packages of {lock.name}, from {source} "
        "(about 2 GB on disk; a few minutes the first time) ...",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as scratch:
        if gpu:
            lock = gpu_lock(lock, Path(scratch))
        pip_step(python, ["install", "-r", str(lock)], "Installing", INSTALL_LOG, progress=True)
        if gpu:
            pip_step(
                python, ["install", GPU_PACKAGE, "-c", str(lock)], "Installing TensorFlow "
                "for the GPU", INSTALL_LOG,
            )  # fmt: skip
    # course_utils itself, editable; setuptools comes from the lock, so this needs no network.
    pip_step(
        python, ["install", "--no-deps", "--no-build-isolation", "-e", "."],
        "Installing course_utils", INSTALL_LOG,
    )  # fmt: skip
    print(f"[{first_step + 2}/{steps}] Checking the installed packages (pip check) ...", flush=True)
    pip_step(python, ["check"], "pip check", INSTALL_LOG)
    stamp = {"profile": profile, "gpu": gpu, "fingerprint": install_fingerprint(profile, gpu)}
    write_atomically(STAMP, json.dumps(stamp, indent=2) + "\n")
    write_lab_settings()


def make_venv() -> None:
    import venv  # here, not at the top: some Linux Pythons ship without it (python3-venv)

    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit(
            f"Could not create {VENV.name}/ ({error}). On Debian or Ubuntu this Python needs its "
            f"venv package: sudo apt install python{version_text(sys.version_info)}-venv"
        )


# course.py runs before .venv exists, so it keeps this small copy of
# course_utils.env.write_atomically rather than importing the package.
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
# The editions `course.py lab --lang` opens: the folder of each (a sibling of notebooks/, so
# that ../data, ../output and ../GLOSSARY.md resolve the same), and for Chinese JupyterLab's
# menus in Chinese (jupyterlab-language-pack-zh-CN). The locale is a default-setting override
# in a folder of its own that only a Chinese launch puts on JUPYTER_CONFIG_PATH: nothing is
# written into the learner's settings, and `lab` in English stays English.
LANGUAGES = {"en": "notebooks", "zh": "notebooks-zh"}
LOCALE_OVERRIDES = {"zh": {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}}
FIRST_NOTEBOOK = "00_orientation.ipynb"


def locale_config_dir(language: str) -> Path:
    """The Jupyter config folder whose labconfig/ selects ``language``'s JupyterLab locale."""
    return VENV / "etc" / f"course-lang-{language}"


def write_lab_settings() -> None:
    """Put the course's JupyterLab defaults into .venv (overrides.json, a server config file)."""
    files = {
        VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json": LAB_OVERRIDES,
        VENV / "etc" / "jupyter" / "jupyter_server_config.d" / "course.json": SERVER_CONFIG,
    }
    for language, overrides in LOCALE_OVERRIDES.items():
        labconfig = locale_config_dir(language) / "labconfig"
        files[labconfig / "default_setting_overrides.json"] = overrides
    for path, values in files.items():
        text = json.dumps(values, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text)


def lab_language(extra: list[str], environ: dict) -> tuple[str, list[str]]:
    """The edition ``lab`` opens (``--lang en|zh``, else COURSE_LANG, else English) and the
    other arguments, which go to JupyterLab."""
    language, rest, args = None, [], list(extra)
    while args:
        arg = args.pop(0)
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang" and not args:
                sys.exit(f"--lang needs a value: {' or '.join(LANGUAGES)}, e.g. --lang zh")
            language = args.pop(0) if arg == "--lang" else arg.partition("=")[2]
            if language not in LANGUAGES:
                sys.exit(
                    f"--lang must be {' or '.join(LANGUAGES)} (English or Chinese), "
                    f"got {language!r}"
                )
        else:
            rest.append(arg)
    if language is None:
        language = environ.get("COURSE_LANG", "").strip() or "en"
        if language not in LANGUAGES:
            sys.exit(
                f"COURSE_LANG must be {' or '.join(LANGUAGES)} (English or Chinese), "
                f"got {language!r}"
            )
    return language, rest


def lab_command(python: Path, extra: list[str], env: dict) -> list[str]:
    """JupyterLab's command line for ``course.py lab``; sets the Chinese locale in ``env``."""
    language, extra = lab_language(extra, env)
    notebook = f"{LANGUAGES[language]}/{FIRST_NOTEBOOK}"
    if not (ROOT / notebook).exists():
        sys.exit(f"{notebook} does not exist: make it with python3 course.py translate")
    if language in LOCALE_OVERRIDES:
        config_path = env.get("JUPYTER_CONFIG_PATH")
        folders = [str(locale_config_dir(language)), *([config_path] if config_path else [])]
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(folders)
    return [str(python), *COMMANDS["lab"], notebook, *lab_arguments(extra)]


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


# ---------------------------------------------------------------------------------------------
# Running the tools
# ---------------------------------------------------------------------------------------------


def run(*args: str | os.PathLike, env: dict | None = None) -> None:
    """Run a command in the course folder; exit with its code."""
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def run_lab(args: list[str], env: dict) -> int:
    """Run JupyterLab until it ends; Ctrl-C (or a TERM) stops it cleanly, with no traceback.

    On POSIX JupyterLab runs in its own session, so Ctrl-C reaches only course.py, which asks
    JupyterLab to shut down (TERM: it stops its kernels and exits, without the "Shutdown this
    Jupyter server (y/[n])?" prompt), waits for it, and kills it only if it hangs.
    """
    posix = os.name == "posix"
    child = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=posix)
    stopping = threading.Event()

    def stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            print("\nStopping JupyterLab ...", flush=True)
            if posix:  # on Windows the console's Ctrl-C has reached JupyterLab already
                try:
                    child.send_signal(signal.SIGTERM)
                except OSError:
                    pass

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            previous[name] = signal.signal(getattr(signal, name), stop)
    try:
        while True:
            try:
                code = child.wait(timeout=20 if stopping.is_set() else None)
                break
            except KeyboardInterrupt:  # Windows: Ctrl-C reaches Python as an exception
                stop(None, None)
            except subprocess.TimeoutExpired:
                child.kill()
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
    if stopping.is_set():
        print("JupyterLab stopped.", flush=True)
        return 0
    return code


def lock_files() -> None:
    """Re-pin both lock files from requirements*.txt with uv (maintainers only; needs a network).

    Why uv: `uv pip compile --universal` writes one file for Linux, macOS and Windows and every
    supported Python, with environment markers, which plain pip installs, so learners never need
    uv. pip-compile resolves for the computer it runs on only.
    """
    with tempfile.TemporaryDirectory() as tools:
        run(
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--target",
            tools,
            f"uv=={UV_VERSION}",
        )
        uv = Path(tools) / "bin" / ("uv.exe" if os.name == "nt" else "uv")
        for source, lock, constraint in (
            ("requirements.txt", LAB_LOCK, []),
            ("requirements-test.txt", TEST_LOCK, ["--constraint", LAB_LOCK]),  # the same versions
        ):
            out = Path(tools) / lock
            run(
                uv, "pip", "compile", "--universal", "--quiet", "--no-header",
                "--python-version", version_text(SUPPORTED[0]), "--annotation-style", "line",
                source, *constraint, "--output-file", out,
            )  # fmt: skip
            header = (
                f"# Every package pinned: Linux, macOS, Windows; Python {supported_text()}.\n"
                f"# Made from {source} by `python3 course.py lock` (uv {UV_VERSION}, "
                "pip compile --universal); do not edit by hand.\n"
            )
            write_atomically(ROOT / lock, header + out.read_text(encoding="utf-8"))
            print(f"Wrote {lock}: {len(lock_pins(ROOT / lock))} packages.")


def make_wheelhouse(argv: list[str]) -> None:
    """Download every wheel the course installs (lab and test) into one folder, once."""
    if not argv or argv[0].startswith("-"):
        sys.exit(
            "course.py wheelhouse needs a folder: python3 course.py wheelhouse DIR "
            "(extra arguments go to pip download, e.g. --platform win_amd64 --python-version "
            "3.12 for another kind of computer)"
        )
    if sys.version_info[:2] not in SUPPORTED:
        use_a_supported_python()
    check_platform()
    folder = Path(argv[0]).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Downloading every pinned package into {folder} (about 450 MB) ...", flush=True)
    log = folder / "download.log"
    write_atomically(log, "")
    pip_step(
        sys.executable,
        ["download", "-r", str(ROOT / TEST_LOCK), "-d", str(folder), "--only-binary=:all:",
         *argv[1:]],
        "Downloading", log, progress=True,
    )  # fmt: skip
    count = len(list(folder.glob("*.whl")))
    print(
        f"{count} wheels in {folder}, for {platform.system()} {platform.machine()} and Python "
        f"{version_text(sys.version_info)}. On each such computer, with no network: copy the "
        "folder into the course folder as wheelhouse/ (or set COURSE_WHEELHOUSE to it), then "
        "run python3 course.py lab."
    )


COMMANDS = {
    "lab": ["-m", "jupyter", "lab"],  # + the first notebook of the edition (lab_command)
    # Two workers, each taking whole files in conftest.py's order (longest first).
    "test": ["-m", "pytest", "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"],
    "setup": None,
    "execute": ["-m", "course_utils.tools.notebooks"],
    "bench": ["-m", "course_utils.tools.bench"],
    # Not `-m course_utils.data`: the package imports that module first, and runpy warns.
    "download": [
        "-c",
        "import sys; from course_utils.data import _main; "
        "sys.exit(_main(['download', *sys.argv[1:]]))",
    ],
    "handout": ["-m", "course_utils.tools.notebooks", "--handout"],
    "verify": ["-m", "course_utils.tools.verify"],  # [--sabotage | --fast] [NOTEBOOK ...]
    "wheelhouse": None,
    "lock": None,
    "translate": ["-m", "course_utils.tools.translate"],  # [--update | --check]
}


def main(argv: list[str]) -> None:
    command, extra = (argv[0], argv[1:]) if argv else ("lab", [])
    if command in ("-h", "--help", "help"):
        print(USAGE)
        return
    if command not in COMMANDS:
        sys.exit(f"Unknown command {command!r}. Choose one of: {', '.join(COMMANDS)}.\n{USAGE}")
    ARGV[:] = argv
    if command == "wheelhouse":
        make_wheelhouse(extra)  # needs no .venv: it only downloads
        return
    if command == "lock":
        lock_files()
        return
    python = ensure_venv("test" if command == "test" else "lab")
    if command == "setup":
        print(f"{VENV.name}/ is ready: python3 course.py lab opens the course.")
        return
    env = dict(os.environ)
    env.pop(REEXEC_ENV, None)
    if command == "test":
        env["COURSE_FAST"] = "1"  # the test run is always the fast mode
    if command == "lab":
        sys.exit(run_lab(lab_command(python, extra, env), env))
    run(python, *COMMANDS[command], *extra, env=env)


if __name__ == "__main__":
    main(sys.argv[1:])
