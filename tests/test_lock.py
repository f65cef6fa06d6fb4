"""The lock files drive every install, and they agree with the top-level pins.

``requirements.txt`` / ``requirements-test.txt`` say what the course asks for;
``requirements.lock.txt`` / ``requirements-test.lock.txt`` (``python3 course.py lock``) pin every
package beneath them, and are what ``course.py`` installs. Editing one side and not the other
fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:;\s*([^#]*?))?\s*(?:#.*)?$")
TEST_TOOLS = {"pytest", "pytest-xdist", "nbval", "playwright", "ruff"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def marker_words(marker: str | None) -> set[str]:
    """A marker as a set of comparisons, so that quoting and order do not matter."""
    if not marker:
        return set()
    parts = re.split(r"\s+(?:and|or)\s+", marker.replace('"', "'"))
    return {re.sub(r"\s+", " ", part.strip("() ")) for part in parts}


def pins(path: Path, *, lock: bool) -> list[tuple[str, str, set[str]]]:
    """(name, version, marker) of each requirement line; other lines must be comments or -r."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#") or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}:{number}: not an exact pin (name==version): {line!r}"
        found.append((normalise(match.group(1)), match.group(2), marker_words(match.group(3))))
    assert not lock or not any(line.startswith("-e") for line in path.read_text().splitlines())
    return found


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [
        ("requirements.txt", "requirements.lock.txt"),
        ("requirements-test.txt", "requirements-test.lock.txt"),
    ],
)
def test_every_top_level_pin_is_in_the_lock_with_the_same_version(requirements, lock):
    locked = {}
    for name, version, marker in pins(ROOT / lock, lock=True):
        locked.setdefault(name, []).append((version, marker))
    asked = pins(ROOT / requirements, lock=False)
    if requirements == "requirements-test.txt":
        asked += pins(ROOT / "requirements.txt", lock=False)  # its -r line
    for name, version, marker in asked:
        assert name in locked, f"{name} is in {requirements} but not in {lock}: run course.py lock"
        versions = [v for v, _ in locked[name]]
        assert versions == [version], f"{name}: {requirements} says {version}, {lock} {versions}"
        assert marker == locked[name][0][1], (
            f"{name}: {requirements} installs it where {marker}, {lock} where {locked[name][0][1]}"
        )
    header = (ROOT / lock).read_text(encoding="utf-8").splitlines()[1]
    assert f"Made from {requirements} by `python3 course.py lock`" in header


def test_both_locks_pin_the_same_versions_and_lab_has_no_test_tools():
    lab = {(name, version) for name, version, _ in pins(ROOT / "requirements.lock.txt", lock=True)}
    test = {
        (name, version) for name, version, _ in pins(ROOT / "requirements-test.lock.txt", lock=True)
    }
    assert lab <= test, f"the test lock pins these differently: {sorted(lab - test)}"
    lab_names = {name for name, _ in lab}
    assert not lab_names & TEST_TOOLS, "course.py lab would install test tools"
    assert TEST_TOOLS <= {name for name, _ in test}


def test_the_tensorflow_builds_split_by_platform_as_in_requirements():
    """tensorflow-cpu on Linux x86_64, tensorflow elsewhere: exactly one of them everywhere."""
    locked = {name: marker for name, _, marker in pins(ROOT / "requirements.lock.txt", lock=True)}
    assert locked["tensorflow-cpu"] == {"platform_machine == 'x86_64'", "sys_platform == 'linux'"}
    assert locked["tensorflow"] == {"platform_machine != 'x86_64'", "sys_platform != 'linux'"}


def test_the_pin_reader_rejects_what_a_lock_must_not_hold(tmp_path):
    loose = tmp_path / "loose.txt"
    loose.write_text("keras>=3.10\n")
    with pytest.raises(AssertionError, match="not an exact pin"):
        pins(loose, lock=True)
    editable = tmp_path / "editable.txt"
    editable.write_text("-e .\n")
    with pytest.raises(AssertionError):
        pins(editable, lock=True)
