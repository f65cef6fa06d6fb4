"""course.py, the README's two commands: finding a Python, the install stamp, pip's failures
said in one line, Ctrl-C, root, and JupyterLab's settings.

Each test runs a copy of course.py in a temporary folder (its own lock files, pyproject.toml
and .venv), so nothing here touches the course's real environment.
"""

from __future__ import annotations

import glob
import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAB_SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
FILES = ("course.py", "requirements.lock.txt", "requirements-test.lock.txt", "pyproject.toml")
POSIX = os.name == "posix"


@pytest.fixture
def course(tmp_path):
    """A copy of course.py with its own files; returns the namespace it defines."""
    for name in FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    return runpy.run_path(str(tmp_path / "course.py"))


def _set(course, name, value, monkeypatch):
    """Change a global of course.py (run_path hands back a copy; functions read their own)."""
    monkeypatch.setitem(course["main"].__globals__, name, value)


def _venv_made_with(course, version: str) -> None:
    venv = course["VENV"]
    venv.mkdir(parents=True, exist_ok=True)
    (venv / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")


def test_unknown_commands_are_refused(course):
    with pytest.raises(SystemExit, match="Unknown command 'teach'"):
        course["main"](["teach"])


def test_help_prints_the_usage_and_exits_0():
    done = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "python3 course.py lab" in done.stdout and "python3 course.py test" in done.stdout
    assert "lab --lang zh" in done.stdout and "COURSE_LANG=zh" in done.stdout
    assert "translate" in done.stdout and "handout DIR" in done.stdout


def test_the_stamp_changes_with_the_lock_files_pyproject_gpu_and_python(course):
    fingerprint = course["install_fingerprint"]
    first = fingerprint("lab", False)
    assert fingerprint("lab", False) == first
    assert fingerprint("lab", True) != first
    assert fingerprint("test", False) != first
    lock = course["ROOT"] / "requirements.lock.txt"
    lock.write_text(lock.read_text() + "six==1.16.0\n")
    assert fingerprint("lab", False) != first
    changed = fingerprint("lab", False)
    pyproject = course["ROOT"] / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', 'version = "0.2.0"'))
    assert fingerprint("lab", False) != changed
    changed = fingerprint("lab", False)
    _venv_made_with(course, "3.12.4")
    assert course["venv_python_version"]() == (3, 12)
    assert fingerprint("lab", False) != changed


def _installed_venv(course, version: str, profile: str, gpu: bool = False) -> None:
    """A .venv that looks built with ``version`` and stamped as holding ``profile``."""
    _venv_made_with(course, version)
    python = course["venv_python"]()
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text("")
    stamp = {
        "profile": profile,
        "gpu": gpu,
        "fingerprint": course["install_fingerprint"](profile, gpu),
    }
    course["STAMP"].write_text(json.dumps(stamp))


def _no_install(*args, **kwargs):
    raise AssertionError(f"pip should not run: {args}")


@pytest.mark.parametrize("venv_version", ["3.11.9", "3.12.4", "3.13.0"])
def test_a_working_venv_of_any_supported_python_is_kept(course, monkeypatch, venv_version):
    """Launched by 3.11, a 3.12 .venv is used as it is: no 2 GB rebuild; nor a launcher check."""
    _installed_venv(course, venv_version, "lab")
    _set(course, "pip_step", _no_install, monkeypatch)
    _set(course, "make_venv", _no_install, monkeypatch)
    monkeypatch.delenv("COURSE_GPU", raising=False)
    assert course["ensure_venv"]("lab") == course["venv_python"]()


def test_the_test_install_covers_lab_but_not_the_other_way(course, monkeypatch):
    monkeypatch.delenv("COURSE_GPU", raising=False)
    _installed_venv(course, "3.12.4", "test")
    assert course["installed"]("lab", False) and course["installed"]("test", False)
    _installed_venv(course, "3.12.4", "lab")
    assert course["installed"]("lab", False) and not course["installed"]("test", False)


class _Stop(Exception):
    pass


def _stop_at(what):
    def stop(*args, **kwargs):
        raise _Stop(what)

    return stop


@pytest.mark.parametrize(
    ("venv_version", "gpu_before", "gpu_now", "why"),
    [
        ("3.10.13", False, False, "it was built with Python 3.10"),
        ("3.12.4", False, True, "switches between its CPU and GPU builds"),
        ("3.12.4", True, False, "switches between its CPU and GPU builds"),
    ],
)
def test_a_venv_is_rebuilt_from_scratch_with_one_line_saying_why(
    course, monkeypatch, capsys, venv_version, gpu_before, gpu_now, why
):
    """A venv of an unsupported Python, or of the other TensorFlow build, is made anew (pip laid
    tensorflow-cpu over tensorflow and broke it)."""
    _installed_venv(course, venv_version, "lab", gpu=gpu_before)
    monkeypatch.setenv("COURSE_GPU", "1" if gpu_now else "0")
    _set(course, "make_venv", _stop_at("make_venv"), monkeypatch)
    _set(course, "SUPPORTED", (*course["SUPPORTED"], sys.version_info[:2]), monkeypatch)
    with pytest.raises(_Stop, match="make_venv"):
        course["ensure_venv"]("lab")
    assert not course["VENV"].exists()  # cleared before the new one is made
    out = capsys.readouterr().out
    assert "Rebuilding .venv/ from scratch: " in out and why in out


@pytest.mark.parametrize(
    ("profile", "lock"), [("lab", "requirements.lock.txt"), ("test", "requirements-test.lock.txt")]
)
def test_lab_installs_the_lab_lock_only_and_test_the_test_lock(
    course, monkeypatch, capsys, profile, lock
):
    """`course.py lab` installs no test tools: its lock file has none (tests/test_lock.py)."""
    monkeypatch.delenv("COURSE_GPU", raising=False)
    monkeypatch.delenv("COURSE_WHEELHOUSE", raising=False)
    calls = []
    _set(course, "pip_step", lambda python, args, *rest, **kw: calls.append(args), monkeypatch)
    _set(course, "make_venv", lambda: _venv_made_with(course, "3.12.1"), monkeypatch)
    _set(course, "SUPPORTED", (*course["SUPPORTED"], sys.version_info[:2]), monkeypatch)
    course["ensure_venv"](profile)
    assert ["install", "-r", str(course["ROOT"] / lock)] in calls
    assert calls[-1] == ["check"]  # pip check after every install
    assert calls[0] == ["install", f"pip=={course['lock_pins'](course['ROOT'] / lock)['pip']}"]
    out = capsys.readouterr().out
    assert [line[:5] for line in out.splitlines() if line.startswith("[")] == [
        "[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]",
    ]  # fmt: skip
    assert json.loads(course["STAMP"].read_text())["profile"] == profile


def test_the_gpu_build_installs_the_lock_without_tensorflow_cpu(course, tmp_path):
    lock = course["gpu_lock"](course["ROOT"] / "requirements.lock.txt", tmp_path)
    text = lock.read_text()
    assert "tensorflow-cpu==" not in text and "\ntensorflow==" not in text
    assert "keras==" in text and "numpy==" in text


@pytest.mark.parametrize(
    ("system", "machine", "refused"),
    [("darwin", "x86_64", True), ("darwin", "arm64", False), ("linux", "x86_64", False)],
)
def test_an_intel_mac_is_told_before_anything_is_downloaded(
    course, monkeypatch, system, machine, refused
):
    """TensorFlow 2.21 has no wheel for Intel Macs: say so and what works, download nothing."""
    monkeypatch.setattr(course["sys"], "platform", system)
    monkeypatch.setattr(course["platform"], "machine", lambda: machine)
    if not refused:
        course["check_platform"]()
        return
    with pytest.raises(SystemExit) as exit_:
        course["check_platform"]()
    message = str(exit_.value.code)
    assert "no wheels for Intel Macs" in message and "Google Colab" in message


# -- Finding a supported Python -------------------------------------------------------------


def _fake_python(folder: Path, name: str, version: tuple[int, int], record: Path) -> Path:
    """An executable that answers course.py's probe as Python ``version`` and records a re-run."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-c" ]; then echo "{version[0]} {version[1]} {script}"; exit 0; fi\n'
        f'echo "$COURSE_REEXEC $*" > "{record}"\n'
        "exit 7\n"
    )
    script.chmod(0o755)
    return script


needs_posix = pytest.mark.skipif(not POSIX, reason="the fake interpreters are shell scripts")


@needs_posix
def test_an_unsupported_python_reruns_course_py_with_a_supported_one(
    course, monkeypatch, capsys, tmp_path
):
    record = tmp_path / "rerun.txt"
    fake = _fake_python(tmp_path / "bin", "python3.12", (3, 12), record)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.delenv("COURSE_REEXEC", raising=False)
    _set(course, "SUPPORTED", ((3, 12),), monkeypatch)  # so that this Python is unsupported
    _set(course, "ARGV", ["test", "-k", "data"], monkeypatch)
    with pytest.raises(SystemExit) as exit_:
        course["use_a_supported_python"]()
    assert exit_.value.code == 7  # the re-run's exit code is course.py's
    assert record.read_text().split() == [
        "1",
        str(course["ROOT"] / "course.py"),
        "test",
        "-k",
        "data",
    ]
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and f"Running it with Python 3.12 instead: {fake}" in out


@needs_posix
def test_with_no_supported_python_it_says_what_to_install(course, monkeypatch, tmp_path):
    _fake_python(tmp_path / "bin", "python3.12", (3, 12), tmp_path / "rerun.txt")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.delenv("COURSE_REEXEC", raising=False)
    _set(course, "SUPPORTED", ((3, 99),), monkeypatch)  # the fake 3.12 does not count
    with pytest.raises(SystemExit) as exit_:
        course["use_a_supported_python"]()
    message = str(exit_.value.code)
    assert "needs Python 3.99" in message and "no other one was found" in message
    assert "Install one with: " in message and "course.py lab" in message
    assert not (tmp_path / "rerun.txt").exists()


@needs_posix
def test_a_rerun_never_searches_again(course, monkeypatch, tmp_path):
    """COURSE_REEXEC=1: the Python that course.py re-ran itself with did not fit either."""
    _fake_python(tmp_path / "bin", "python3.12", (3, 12), tmp_path / "rerun.txt")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("COURSE_REEXEC", "1")
    _set(course, "SUPPORTED", ((3, 12),), monkeypatch)
    with pytest.raises(SystemExit, match="no other one was found"):
        course["use_a_supported_python"]()
    assert not (tmp_path / "rerun.txt").exists()


def _unsupported_pythons() -> list[str]:
    """Real interpreters older or newer than the course supports (pyenv's, if any)."""
    root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin", "python3")))
    return [p for p in found if Path(p).parent.parent.name.startswith(("3.9.", "3.10.", "3.14."))]


@needs_posix
@pytest.mark.skipif(not _unsupported_pythons(), reason="no Python 3.9, 3.10 or 3.14 here")
@pytest.mark.parametrize("supported_on_path", [True, False])
def test_a_real_old_python_runs_course_py_and_finds_or_names_one(tmp_path, supported_on_path):
    """The whole path under a real Python 3.10 (pyenv's): course.py runs on it, then re-runs
    with the supported one on PATH, or names the install command."""
    old = _unsupported_pythons()[0]
    folder = tmp_path / "course"
    folder.mkdir()
    for name in FILES:
        shutil.copy(ROOT / name, folder / name)
    record = tmp_path / "rerun.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if supported_on_path:
        _fake_python(bin_dir, "python3.13", (3, 13), record)
    env = {"PATH": str(bin_dir), "PYENV_ROOT": str(tmp_path / "no-pyenv"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [old, str(folder / "course.py"), "setup"], env=env, capture_output=True, text=True
    )
    if supported_on_path:
        assert done.returncode == 7, done.stderr
        assert f"Running it with Python 3.13 instead: {bin_dir / 'python3.13'}" in done.stdout
        assert record.read_text().split() == ["1", str(folder / "course.py"), "setup"]
    else:
        assert done.returncode == 1
        assert "Install one with: " in done.stderr and "Traceback" not in done.stderr
    assert not (folder / ".venv").exists()  # nothing built with the old Python


# -- pip's failures in one line ---------------------------------------------------------------

OFFLINE = """\
WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after \
connection broken by 'NewConnectionError("HTTPSConnection(host='pypi.org', port=443): Failed \
to establish a new connection: [Errno -3] Temporary failure in name resolution")': /simple/keras/
ERROR: Could not find a version that satisfies the requirement keras==3.15.1 (from versions: none)
ERROR: No matching distribution found for keras==3.15.1
"""
DISK_FULL = (
    "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"
)
NO_WHEEL = """\
ERROR: Could not find a version that satisfies the requirement tensorflow==2.21.0 (from \
versions: 2.16.1, 2.16.2)
ERROR: No matching distribution found for tensorflow==2.21.0
"""


@pytest.mark.parametrize(
    ("output", "wheelhouse", "expected"),
    [
        (OFFLINE, None, "seems to be offline"),
        (DISK_FULL, None, "The disk is full"),
        (NO_WHEEL, None, "No wheel of tensorflow==2.21.0 for this computer"),
        (NO_WHEEL, Path("/w"), "The wheelhouse /w has no wheel for tensorflow==2.21.0"),
        ("Collecting x\nERROR: something else\n", None, "ERROR: something else"),
    ],
)
def test_pips_failure_is_said_in_one_line(course, output, wheelhouse, expected):
    said = course["diagnose"](output, wheelhouse)
    assert expected in said and "\n" not in said


@pytest.mark.allow_loopback
def test_offline_fails_fast_with_one_line_not_a_wall_of_pip_text(course, monkeypatch, tmp_path):
    """A real pip, an index that nobody answers (a closed port on 127.0.0.1), no other source."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "1")  # with 0, pip does not say why it failed
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    monkeypatch.delenv("COURSE_WHEELHOUSE", raising=False)
    log = tmp_path / "pip.log"
    start = time.monotonic()
    with pytest.raises(SystemExit) as exit_:
        course["pip_step"](
            sys.executable,
            ["install", "--dry-run", "course-no-such-package==1.0"],
            "Installing",
            log,
        )
    assert time.monotonic() - start < 60
    message = str(exit_.value.code)
    assert message.splitlines()[0].startswith("Installing failed: pip could not reach")
    assert "seems to be offline" in message and f"pip's output: {log}" in message
    assert "Failed to establish a new connection" in log.read_text()  # the wall of text: in the log


def test_a_wheelhouse_is_used_with_no_index(course, monkeypatch, tmp_path):
    commands = []

    class Process:
        def __init__(self, command, **kwargs):
            commands.append(command)
            self.stdout = iter(["Processing ./x.whl\n"])

        def wait(self):
            return 0

    _set(
        course,
        "subprocess",
        type("S", (), {"Popen": Process, "PIPE": -1, "STDOUT": -2}),
        monkeypatch,
    )
    monkeypatch.setenv("COURSE_WHEELHOUSE", str(tmp_path))
    course["pip_step"]("python", ["install", "-r", "lock.txt"], "Installing", tmp_path / "log")
    assert commands[0][-3:] == ["--no-index", "--find-links", str(tmp_path)]
    monkeypatch.setenv("COURSE_WHEELHOUSE", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="COURSE_WHEELHOUSE must name a folder of wheels"):
        course["wheelhouse"]()


# -- Ctrl-C in lab --------------------------------------------------------------------------

CHILD = """\
import signal, sys, time, pathlib
def stop(signum, frame):
    print("child: TERM received, stopping kernels", flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
pathlib.Path(sys.argv[1]).write_text("ready")
while True:
    time.sleep(0.1)
"""
DRIVER = """\
import os, runpy, sys
course = runpy.run_path(sys.argv[1])
sys.exit(course["run_lab"]([sys.executable, sys.argv[2], sys.argv[3]], dict(os.environ)))
"""


@needs_posix
def test_ctrl_c_in_lab_stops_jupyterlab_cleanly_with_no_traceback(course, tmp_path):
    """Ctrl-C (SIGINT to course.py's process group, as a terminal sends it) reaches course.py
    only; it asks JupyterLab (here a stand-in) to stop with TERM and waits for it."""
    (tmp_path / "child.py").write_text(CHILD)
    (tmp_path / "driver.py").write_text(DRIVER)
    ready = tmp_path / "ready"
    driver = subprocess.Popen(
        [sys.executable, str(tmp_path / "driver.py"), str(course["ROOT"] / "course.py"),
         str(tmp_path / "child.py"), str(ready)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the stand-in JupyterLab did not start"
    os.killpg(driver.pid, signal.SIGINT)  # the terminal's Ctrl-C
    out, _ = driver.communicate(timeout=30)
    assert driver.returncode == 0, out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    assert out.index("Stopping JupyterLab") < out.index("child: TERM received")
    assert out.rstrip().endswith("JupyterLab stopped.")


@pytest.mark.parametrize(("uid", "added"), [(0, True), (1000, False)])
def test_lab_adds_allow_root_only_as_root(course, monkeypatch, capsys, uid, added):
    monkeypatch.setattr(course["os"], "geteuid", lambda: uid, raising=False)
    arguments = course["lab_arguments"](["--no-browser"])
    assert ("--allow-root" in arguments) is added
    printed = capsys.readouterr().out
    assert ("Running as root" in printed) is added
    assert printed.count("\n") == (1 if added else 0)  # one line, not a wall of text
    assert course["lab_arguments"](["--allow-root"]).count("--allow-root") == 1


def test_the_news_popup_is_off_in_the_course_environment_only(course):
    course["write_lab_settings"]()
    venv = course["VENV"]
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings = json.loads(overrides.read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    # Checked against the schema of the JupyterLab the course installs: a misspelt key or a
    # value of the wrong type (fetchNews is the *string* "false") would be ignored by the lab.
    schema = json.loads(
        (LAB_SCHEMAS / "@jupyterlab" / "apputils-extension" / "notification.json").read_text()
    )["properties"]
    assert set(notification) == {"fetchNews", "checkForUpdates"}
    assert notification["fetchNews"] in [c["const"] for c in schema["fetchNews"]["oneOf"]]
    assert notification["fetchNews"] == "false" and schema["fetchNews"]["type"] == "string"
    assert notification["checkForUpdates"] is False
    assert schema["checkForUpdates"]["type"] == "boolean"
    server = json.loads(
        (venv / "etc" / "jupyter" / "jupyter_server_config.d" / "course.json").read_text()
    )
    assert server["LabApp"]["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    # Everything it wrote is inside the course's .venv, nothing in the learner's home.
    written = [p for p in course["ROOT"].rglob("*") if p.is_file()]
    assert all(venv in p.parents or p.parent == course["ROOT"] for p in written)
    assert not list(venv.rglob("*.tmp"))  # written atomically, no leftovers


# --- course.py lab --lang en|zh: which edition, and JupyterLab's menus in Chinese -------------


@pytest.fixture
def editions(course):
    """The copy of course.py with both editions' first notebook, and the lab's settings."""
    for folder in course["LANGUAGES"].values():
        (course["ROOT"] / folder).mkdir()
        (course["ROOT"] / folder / course["FIRST_NOTEBOOK"]).write_text("{}")
    course["write_lab_settings"]()
    return course


@pytest.mark.parametrize(
    ("arguments", "environ", "folder"),
    [
        ([], {}, "notebooks"),
        (["--lang", "en"], {}, "notebooks"),
        (["--lang", "zh"], {}, "notebooks-zh"),
        (["--lang=zh"], {}, "notebooks-zh"),
        ([], {"COURSE_LANG": "zh"}, "notebooks-zh"),
        (["--lang", "en"], {"COURSE_LANG": "zh"}, "notebooks"),  # the argument wins
    ],
)
def test_lab_lang_opens_the_edition_and_sets_the_locale_for_that_launch_only(
    editions, arguments, environ, folder
):
    env = dict(environ)
    command = editions["lab_command"](Path("python"), [*arguments, "--no-browser"], env)
    assert command[1:5] == ["-m", "jupyter", "lab", f"{folder}/00_orientation.ipynb"]
    assert "--no-browser" in command and not any(a.startswith("--lang") for a in command)
    locale_dir = str(editions["locale_config_dir"]("zh"))
    if folder == "notebooks-zh":
        assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == locale_dir
    else:
        assert "JUPYTER_CONFIG_PATH" not in env  # English: nothing added, nothing persisted


def test_lab_lang_zh_keeps_a_jupyter_config_path_the_learner_set(editions):
    env = {"JUPYTER_CONFIG_PATH": "/their/config"}
    editions["lab_command"](Path("python"), ["--lang", "zh"], env)
    locale_dir = str(editions["locale_config_dir"]("zh"))
    assert env["JUPYTER_CONFIG_PATH"] == os.pathsep.join([locale_dir, "/their/config"])


@pytest.mark.parametrize(
    ("arguments", "environ", "message"),
    [
        (["--lang", "xx"], {}, "--lang must be en or zh (English or Chinese), got 'xx'"),
        (["--lang=fr"], {}, "--lang must be en or zh (English or Chinese), got 'fr'"),
        (["--lang"], {}, "--lang needs a value: en or zh"),
        ([], {"COURSE_LANG": "cn"}, "COURSE_LANG must be en or zh (English or Chinese), got 'cn'"),
    ],
)
def test_a_bad_language_is_refused_naming_the_argument(editions, arguments, environ, message):
    with pytest.raises(SystemExit) as exit_info:
        editions["lab_command"](Path("python"), arguments, dict(environ))
    assert message in str(exit_info.value)


def test_lab_lang_zh_without_the_chinese_notebooks_says_how_to_make_them(editions):
    (editions["ROOT"] / "notebooks-zh" / "00_orientation.ipynb").unlink()
    with pytest.raises(SystemExit, match="python3 course.py translate"):
        editions["lab_command"](Path("python"), ["--lang", "zh"], {})


def test_the_chinese_locale_is_a_valid_setting_that_jupyterlab_reads_only_when_asked(editions):
    """The override file against the installed JupyterLab's schema, then read back by
    jupyterlab_server itself, with and without the Chinese launch's JUPYTER_CONFIG_PATH."""
    schema = json.loads(
        (LAB_SCHEMAS / "@jupyterlab" / "translation-extension" / "plugin.json").read_text()
    )["properties"]["locale"]
    labconfig = editions["locale_config_dir"]("zh") / "labconfig"
    overrides = json.loads((labconfig / "default_setting_overrides.json").read_text())
    assert overrides == {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert schema["type"] == "string"
    english = editions["VENV"] / "share" / "jupyter" / "lab" / "settings"
    assert "translation-extension" not in (english / "overrides.json").read_text()
    read = (
        "import json, sys; from jupyterlab_server.settings_utils import _get_overrides; "
        "print(json.dumps(_get_overrides(sys.argv[1])[0]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    for env, locale in (
        (base, None),
        ({**base, "JUPYTER_CONFIG_PATH": str(labconfig.parent)}, "zh_CN"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", read, str(english)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout).get("@jupyterlab/translation-extension:plugin", {})
        assert found.get("locale") == locale
        assert json.loads(done.stdout)["@jupyterlab/apputils-extension:notification"]


def test_the_chinese_language_pack_is_installed_for_the_pinned_jupyterlab():
    from importlib import metadata

    assert metadata.version("jupyterlab").startswith("4.")
    pack = metadata.entry_points(group="jupyterlab.languagepack")
    assert "zh_CN" in {entry.name for entry in pack}
