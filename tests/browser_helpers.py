"""What the real-browser tests share: Chromium, JupyterLab started as a learner starts it, pages.

``lab`` starts JupyterLab through the README's own command, ``python3 course.py lab``, with the
only extra arguments a learner might add: a port and ``--no-browser``. Nothing else is set for
the server: as root it must start by itself (course.py adds ``--allow-root`` and says so), and
the course's own environment (.venv) must keep the "Would you like to get notified about
official Jupyter news?" pop-up away (``course.py`` writes that into .venv's
``share/jupyter/lab/settings/overrides.json``). The tests fail if either does not hold.

What differs from a learner's machine, and why:

- The JupyterLab user folders (settings, workspaces, runtime, config) and IPython's are fresh
  temporary folders, as on a learner's first start, so a developer's own settings do not leak
  in. Two user settings are written there, neither about pop-ups or start-up: autosave is off
  and every cell stays in the page (``windowingMode: none``), so that the test never writes the
  notebook file it changes in the browser and can read every cell.
- The kernels inherit ``COURSE_FAST=1`` (the documented fast mode) from the test run. The
  test-only variables that ``tests/conftest.py`` sets for nbval (``TF_CPP_MIN_LOG_LEVEL``,
  ``TF_ENABLE_ONEDNN_OPTS``, ``MPLBACKEND``) and the ``PYTEST_*`` ones are removed: in the
  browser, ``course_utils`` alone must keep TensorFlow quiet, and with PYTEST_CURRENT_TEST set
  ipykernel would not forward TensorFlow's C++ stderr lines into the notebook.
- Opening a notebook makes ``notebooks/.ipynb_checkpoints`` (git-ignored); the test removes it
  again when it was not there before (``notebooks-zh/`` likewise for the Chinese edition,
  ``lab_zh``: ``python3 course.py lab --lang zh``).
- ``COURSE_LANG`` is removed, so that ``lab`` opens the English edition whatever the
  developer's shell says.

The browser, with a fresh temporary profile each run: Debian's ``/usr/bin/chromium``
(``apt-get install chromium``; ``.ci/run`` does it), never a downloaded one. Set
``COURSE_CHROMIUM`` to another Chromium binary. When the browser or Playwright is missing, the
tests are skipped with the reason, except when ``CI=true``: then they fail. A CI job that has no
browser by design (the Windows and macOS jobs) sets ``COURSE_BROWSER_TESTS=off``, and the tests
are skipped there, saying so (``BROWSER_MARKS``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"  # course.py lab serves this folder
NOTEBOOK_DIR_ZH = ROOT / "notebooks-zh"  # course.py lab --lang zh serves this one
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # needed as root and in containers
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
BROWSER_OFF = os.environ.get("COURSE_BROWSER_TESTS", "").strip().lower() == "off"
# Every browser test module's marks: it may talk to 127.0.0.1, and it is skipped in a job that
# runs without a browser by design.
BROWSER_MARKS = [
    pytest.mark.allow_loopback,
    pytest.mark.skipif(
        BROWSER_OFF, reason="COURSE_BROWSER_TESTS=off: this job runs without a browser by design"
    ),
]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Variables tests/conftest.py sets for nbval that a learner's JupyterLab does not have.
TEST_ONLY_ENV = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "MPLBACKEND")
# The test's own user settings (see the docstring): never write the notebook, keep every cell
# in the page. Nothing about notifications: the course's environment must handle those.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
}
ROOT_LINE = "Running as root"  # what course.py prints when it adds --allow-root
TOKEN_URL = re.compile(r"http://(?:127\.0\.0\.1|localhost):(\d+)/lab\?token=([0-9a-f]+)")

SERVER_START_TIMEOUT = 120  # seconds; about 3 s here (course.py checks .venv first)
RENDER_TIMEOUT = 60  # notebook shown and its kernel idle; about 4 s here
RUN_TIMEOUT = 300  # all cells of one notebook, fast mode
ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"

# The active notebook panel (the only one open in the test's page).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_IDLE = f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]'

# One JavaScript call that reads the state of every cell of the open notebook.
CELL_STATE_JS = """
([panel, problemBoxes]) => {
  const root = document.querySelector(panel);
  if (!root) return null;
  return Array.from(root.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => ({
    code: cell.classList.contains('jp-CodeCell'),
    // A collapsed cell (solutions) shows a placeholder instead of its code and prompt.
    hidden: !!cell.querySelector('.jp-InputPlaceholder'),
    prompt: (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
    outputs: cell.querySelectorAll('.jp-OutputArea-output').length,
    problems: Array.from(cell.querySelectorAll(problemBoxes))
      .map(box => box.getAttribute('data-mime-type') + ': ' + box.innerText),
  }));
}
"""
# Output boxes that must not appear: tracebacks and anything written to stderr.
PROBLEM_BOXES = ", ".join(
    f'.jp-OutputArea-output[data-mime-type="{mime}"]' for mime in (ERROR_MIME, STDERR_MIME)
)


def unavailable(reason: str) -> None:
    """Skip the test, or fail it in CI where it must always run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser test must run in CI, not be skipped)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_text(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def log_tail(path: Path, lines: int = 40) -> str:
    return "\n".join(log_text(path).splitlines()[-lines:])


def stop(process: subprocess.Popen) -> None:
    """Stop course.py and the JupyterLab it started (one process group): TERM, then KILL."""
    if process.poll() is not None and not hasattr(os, "killpg"):
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=10)
    # JupyterLab may still be shutting its kernels down after course.py has gone.
    deadline = time.monotonic() + 20
    while hasattr(os, "killpg") and time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (the system's, never a download) driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (python3 course.py test installs it)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(
            f"no Chromium at {CHROMIUM} (install it: apt-get install chromium, "
            "or set COURSE_CHROMIUM to a Chromium binary)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started by ``python3 course.py lab --no-browser --ServerApp.port=N``.

    Yields ``(base_url, token, log_path)``; the token is read from the server's own start-up
    lines, as a learner would copy it.
    """
    yield from start_lab(tmp_path_factory, [], NOTEBOOK_DIR)


@pytest.fixture(scope="module")
def lab_zh(tmp_path_factory):
    """The same with ``--lang zh``: the Chinese edition, JupyterLab's menus in Chinese."""
    yield from start_lab(tmp_path_factory, ["--lang", "zh"], NOTEBOOK_DIR_ZH)


def start_lab(tmp_path_factory, language: list[str], served: Path):
    """Start ``course.py lab`` (plus ``language``, e.g. ``--lang zh``) for a module's tests;
    ``served`` is the folder it serves, whose checkpoints folder is removed afterwards."""
    home = tmp_path_factory.mktemp("jupyterlab")
    for plugin, values in LAB_SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in TEST_ONLY_ENV
        and name != "COURSE_LANG"
        and not name.startswith(("PYTEST_", "JUPYTER"))
    }
    env.update(
        COURSE_FAST="1",
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
    )
    port = free_port()
    # The README's command, with a port and no browser window: nothing else.
    command = [
        sys.executable,
        str(ROOT / "course.py"),
        "lab",
        *language,
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # fail rather than quietly take another port
    ]
    checkpoints = served / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    log = home / "server.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"`course.py lab` exited with code {process.returncode}:\n{log_tail(log)}"
                )
            match = TOKEN_URL.search(log_text(log))
            if match and int(match.group(1)) == port:
                token = match.group(2)
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/status",
                    headers={"Authorization": f"token {token}"},
                )
                try:
                    with direct.open(request, timeout=2) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab not up in {SERVER_START_TIMEOUT} s:\n{log_tail(log)}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", token, log
    finally:
        stop(process)
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)


def cells(page, sources: list[str]) -> list[dict]:
    """The state of each cell in the page, with its source from the notebook file."""
    found = page.evaluate(CELL_STATE_JS, [PANEL, PROBLEM_BOXES]) or []
    for cell, source in zip(found, sources, strict=False):
        cell["source"] = source
    return found


def is_running(prompt: str) -> bool:
    return "*" in prompt


def has_count(prompt: str) -> bool:
    return prompt.strip().strip("[]:").isdigit()


def click_menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=item).first.click()


def click_until(page, sources, menu, item, done, tries: int = 3, wait: float = 10) -> None:
    """Click menu ▸ item until ``done(cells)`` holds: a click right after loading can be lost."""
    for _attempt in range(tries):
        click_menu(page, menu, item)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if done(cells(page, sources)):
                return
            time.sleep(0.2)
        page.keyboard.press("Escape")  # close the menu if it is still open
    pytest.fail(f"{menu} ▸ {item} had no effect ({tries} tries)")


def all_cleared(found: list[dict]) -> bool:
    return not any(cell["outputs"] or has_count(cell["prompt"]) for cell in found)


def any_started(found: list[dict]) -> bool:
    return any(is_running(c["prompt"]) or has_count(c["prompt"]) for c in found if c["code"])


def describe(index: int, cell: dict) -> str:
    first_line = cell["source"].strip().splitlines()[0] if cell["source"].strip() else ""
    prompt = "(code collapsed)" if cell["hidden"] else cell["prompt"].strip()
    return f"cell {index + 1} {prompt} {first_line[:60]!r}"


def wait_until_finished(page, sources: list[str], timeout: float) -> list[dict]:
    """Wait until no cell is queued or running and the kernel is idle, for a second.

    A cell whose code is collapsed shows no prompt; the idle kernel tells when it is done.
    """
    deadline = time.monotonic() + timeout
    calm_since = None
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = cells(page, sources)
        busy = any(c["code"] and is_running(c["prompt"]) for c in found)
        if not busy and page.locator(KERNEL_IDLE).count() == 1:
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since >= 1:
                return found
        else:
            calm_since = None
        time.sleep(0.25)
    running = [describe(i, c) for i, c in enumerate(found) if c["code"] and is_running(c["prompt"])]
    pytest.fail(f"cells still queued or running after {timeout} s: {running}")


def open_notebook(page, base_url: str, token: str, name: str, n_cells: int) -> float:
    """Open notebooks/<name> in its own workspace; wait for all cells and an idle kernel.

    Returns the seconds it took.
    """
    start = time.monotonic()
    # A workspace of its own per notebook, so no tab of another test is restored.
    page.goto(f"{base_url}/lab/workspaces/{name[:2]}/tree/{name}?token={token}")
    page.wait_for_function(
        "([panel, n]) => document.querySelectorAll(panel + ' .jp-Notebook .jp-Cell').length === n",
        arg=[PANEL, n_cells],
    )
    page.wait_for_selector(KERNEL_IDLE)
    page.wait_for_timeout(1000)  # clicks and keys right after the kernel is idle get lost
    return time.monotonic() - start


def run_all_cells(page, sources: list[str]) -> tuple[list[dict], float]:
    """Clear every output, Run ▸ Run All Cells, wait until done; returns (cells, seconds)."""
    click_until(page, sources, "Edit", "Clear Outputs of All Cells", all_cleared)
    start = time.monotonic()
    click_until(page, sources, "Run", "Run All Cells", any_started)
    found = wait_until_finished(page, sources, RUN_TIMEOUT)
    return found, time.monotonic() - start


def check_run(page, stored, found: list[dict]) -> None:
    """Assert that a notebook ran cleanly in the page: what both browser tests check.

    No pop-up covers it; no cell shows an error box, nor a stderr box unless the cell is tagged
    ``expected-warning``; every code cell ran; every cell with outputs in the file shows some.

    Args:
        page: the Playwright page after :func:`run_all_cells`.
        stored: the notebook file as ``nbformat`` read it.
        found: the cells that :func:`run_all_cells` returned.
    """
    shown = toasts(page)
    assert not shown, f"a pop-up covers the notebook: {shown}"
    tags = [cell.metadata.get("tags", []) for cell in stored.cells]
    expected_warnings = {i for i, cell_tags in enumerate(tags) if "expected-warning" in cell_tags}
    problems = [
        f"{describe(i, cell)}: {text}"
        for i, cell in enumerate(found)
        for text in cell["problems"]
        if not (i in expected_warnings and text.startswith(STDERR_MIME))
    ]
    assert not problems, "error or stderr output in JupyterLab:\n" + "\n".join(problems)
    # (For collapsed cells, whose prompt is not shown, the output check below must do.)
    not_run = [
        describe(i, cell)
        for i, cell in enumerate(found)
        if cell["code"] and not cell["hidden"] and cell["source"].strip()
        and not has_count(cell["prompt"])
    ]  # fmt: skip
    assert not not_run, f"code cells that did not run: {not_run}"
    no_output = [
        describe(i, cell)
        for i, (cell, stored_cell) in enumerate(zip(found, stored.cells, strict=True))
        if stored_cell.cell_type == "code" and stored_cell.outputs and not cell["outputs"]
    ]
    assert not no_output, f"cells with outputs in the notebook file show none: {no_output}"


def toasts(page) -> list[str]:
    """The texts of JupyterLab's pop-up notifications on the page (news, updates, errors)."""
    return page.locator(".Toastify__toast").all_inner_texts()


def screenshot(page, path: Path) -> None:
    """Save the whole notebook as one picture: make the window as tall as the notebook."""
    # Fold the file browser away (a click on its open tab), so the notebook gets the width.
    open_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_tab.count():
        open_tab.first.click()
    height = page.evaluate(
        """(panel) => {
            const scroller = document.querySelector(panel + ' .jp-WindowedPanel-outer');
            return scroller.scrollHeight - scroller.clientHeight + window.innerHeight;
        }""",
        PANEL,
    )
    page.set_viewport_size({"width": page.viewport_size["width"], "height": int(height)})
    page.evaluate(
        "(panel) => { document.querySelector(panel + ' .jp-WindowedPanel-outer').scrollTop = 0; }",
        PANEL,
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
