"""course.py, the README's two commands: the install stamp, root, and JupyterLab's settings.

Each test runs a copy of course.py in a temporary folder (its own requirements.txt,
pyproject.toml and .venv), so nothing here touches the course's real environment.
"""

from __future__ import annotations

import json
import runpy
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAB_SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


@pytest.fixture
def course(tmp_path):
    """A copy of course.py with its own files; returns the namespace it defines."""
    for name in ("course.py", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return runpy.run_path(str(tmp_path / "course.py"))


def _venv_made_with(course, version: str) -> None:
    venv = course["VENV"]
    venv.mkdir(parents=True, exist_ok=True)
    (venv / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")


def test_unknown_commands_are_refused(course):
    with pytest.raises(SystemExit, match="Unknown command 'teach'"):
        course["main"](["teach"])


def test_the_stamp_changes_with_requirements_pyproject_and_gpu(course):
    fingerprint = course["install_fingerprint"]
    first = fingerprint(False)
    assert fingerprint(False) == first
    assert fingerprint(True) != first
    requirements = course["ROOT"] / "requirements.txt"
    requirements.write_text(requirements.read_text() + "\nsix==1.16.0\n")
    assert fingerprint(False) != first
    changed = fingerprint(False)
    pyproject = course["ROOT"] / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', 'version = "0.2.0"'))
    assert fingerprint(False) != changed


def test_the_stamp_follows_the_python_the_venv_was_built_with(course):
    fingerprint = course["install_fingerprint"]
    _venv_made_with(course, "3.11.7")
    with_311 = fingerprint(False)
    _venv_made_with(course, "3.12.4")
    assert course["venv_python_version"]() == (3, 12)
    assert fingerprint(False) != with_311


def test_a_venv_of_another_python_is_rebuilt_with_one_line(course, monkeypatch, capsys):
    other = (3, 12) if sys.version_info[:2] == (3, 11) else (3, 11)
    _venv_made_with(course, f"{other[0]}.{other[1]}.1")
    python = course["venv_python"]()
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text("")  # looks like a venv's python
    created = []

    class FakeBuilder:
        def __init__(self, with_pip, clear):
            created.append(clear)

        def create(self, path):
            raise SystemExit("stop here: the rebuild was asked for")

    # run_path hands back a copy of the namespace; the function looks names up in its own.
    monkeypatch.setitem(
        course["ensure_venv"].__globals__, "venv", SimpleNamespace(EnvBuilder=FakeBuilder)
    )
    with pytest.raises(SystemExit, match="rebuild was asked"):
        course["ensure_venv"]()
    assert created == [True]  # cleared: a venv of another Python is not reused
    out = capsys.readouterr().out
    assert f"built with Python {other[0]}.{other[1]}; rebuilding it" in out


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
