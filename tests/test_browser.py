"""Real-browser test: JupyterLab in headless Chromium runs notebooks the way a learner does.

For each notebook in ``NOTEBOOKS`` the test starts from what a learner sees after
``python3 course.py lab``: JupyterLab (from this Python environment) serves the repository
root on 127.0.0.1 with a random free port and a token; Chromium, driven by Playwright, opens
the notebook, clears the stored outputs, clicks Run ▸ Run All Cells and waits until every code
cell has run. It then checks that

- every code cell that has outputs in the committed notebook shows outputs again,
- no error box (a traceback) is shown, and
- no stderr box is shown at all (TensorFlow log noise, warnings, progress bars),

and saves a screenshot of the whole notebook to ``output/screenshots/<notebook>.png``.

What the learner's setup has and the test keeps: the kernels inherit ``COURSE_FAST=1`` from
the test run, so the notebooks train in fast mode. The test-only variables that
``tests/conftest.py`` sets to quiet TensorFlow and matplotlib (``TF_CPP_MIN_LOG_LEVEL``,
``TF_ENABLE_ONEDNN_OPTS``, ``MPLBACKEND``) are removed from the server's environment: in the
browser, ``course_utils`` alone must keep TensorFlow quiet, and plots show inline.

The PYTEST_* variables are removed too: with PYTEST_CURRENT_TEST set, ipykernel does not
forward what TensorFlow's C++ code writes to stderr into the notebook, so its start-up log
lines would go unseen.

Nothing is written into the repository except the screenshots in ``output/``: JupyterLab's
settings, workspaces, checkpoints, runtime files and IPython history live in a temporary
folder, autosave is off and the test never saves; it checks that the notebook file is
unchanged at the end. The JupyterLab "news" pop-up ("Would you like to get notified about
official Jupyter news?") is turned off in those settings (``fetchNews``), so it neither covers
the screenshot nor makes a request to the internet; the test fails if any pop-up shows.

The browser, with a fresh temporary profile each run: Debian's ``/usr/bin/chromium``
(``apt-get install chromium``; ``.ci/run`` does it), never a downloaded one. Set
``COURSE_CHROMIUM`` to another Chromium binary, e.g. the one that ``python -m playwright
install chromium`` puts in ``~/.cache/ms-playwright`` (the GitHub workflow does that, as
Ubuntu's chromium is a snap). When the browser or Playwright is missing, the test is skipped
with the reason, except when ``CI=true``: then it fails, so that CI never skips it silently.

On failure the page as it was is saved as ``output/screenshots/<notebook>-failed.png`` (when
the full screenshot was not taken yet), and the error names the cell, its prompt and its
first line. Run it alone with ``.venv/bin/python -m pytest tests/test_browser.py -v``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course_utils.env import output_path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ["00_orientation.ipynb", "04_mnist_with_keras.ipynb"]
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
# Variables tests/conftest.py sets for nbval that a learner's JupyterLab does not have.
# PYTEST_* go too (see the docstring: they hide TensorFlow's C++ log lines).
TEST_ONLY_ENV = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "MPLBACKEND")
# JupyterLab user settings for the test's server (one file per plugin).
LAB_SETTINGS = {
    # No "Would you like to get notified about official Jupyter news?" toast, no requests.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Never write the notebook back: the test changes its outputs in the browser.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Keep every cell in the page (not only those in view), for the checks and the screenshot,
    # and no blank "scroll past the end" space under the last cell in the screenshot.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
}

SERVER_START_TIMEOUT = 60  # seconds; about 2 s here
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

pytestmark = pytest.mark.allow_loopback


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it in CI where it must always run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser test must run in CI, not be skipped)")
    pytest.skip(reason)


def _notebook_params() -> list:
    return [pytest.param(name, id=name.split("_")[0]) for name in NOTEBOOKS]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _stop(process: subprocess.Popen) -> None:
    """Stop the server this test started, by its PID: SIGTERM, then SIGKILL after 20 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):  # the server and its kernels: the group start_new_session made
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (the system's, never a download) driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -r requirements.txt)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(
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
    """A JupyterLab server on 127.0.0.1 serving the repository; yields (base_url, token)."""
    home = tmp_path_factory.mktemp("jupyterlab")
    for plugin, values in LAB_SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    token = secrets.token_hex(16)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in TEST_ONLY_ENV and not name.startswith("PYTEST_")
    }
    env.update(
        COURSE_FAST="1",
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_DIR=str(home / "config"),  # no personal jupyter config
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
    )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # fail rather than quietly take another port
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # Opening a notebook makes a checkpoint copy; keep it out of notebooks/.
        f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = home / "server.log"
    base_url = f"http://127.0.0.1:{port}"
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
        request = urllib.request.Request(
            f"{base_url}/api/status", headers={"Authorization": f"token {token}"}
        )
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {process.returncode}:\n{_log_tail(log)}")
            try:
                with direct.open(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab not up in {SERVER_START_TIMEOUT} s:\n{_log_tail(log)}")
            time.sleep(0.2)
        yield base_url, token
    finally:
        _stop(process)


def _cells(page, sources: list[str]) -> list[dict]:
    """The state of each cell in the page, with its source from the notebook file."""
    cells = page.evaluate(CELL_STATE_JS, [PANEL, PROBLEM_BOXES]) or []
    for cell, source in zip(cells, sources, strict=False):
        cell["source"] = source
    return cells


def _is_running(prompt: str) -> bool:
    return "*" in prompt


def _has_count(prompt: str) -> bool:
    return prompt.strip().strip("[]:").isdigit()


def _click_menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=item).first.click()


def _click_until(page, sources, menu, item, done, tries: int = 3, wait: float = 10) -> None:
    """Click menu ▸ item until ``done(cells)`` holds: a click right after loading can be lost."""
    for _attempt in range(tries):
        _click_menu(page, menu, item)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if done(_cells(page, sources)):
                return
            time.sleep(0.2)
        page.keyboard.press("Escape")  # close the menu if it is still open
    pytest.fail(f"{menu} ▸ {item} had no effect ({tries} tries)")


def _all_cleared(cells: list[dict]) -> bool:
    return not any(cell["outputs"] or _has_count(cell["prompt"]) for cell in cells)


def _any_started(cells: list[dict]) -> bool:
    return any(_is_running(c["prompt"]) or _has_count(c["prompt"]) for c in cells if c["code"])


def _describe(index: int, cell: dict) -> str:
    first_line = cell["source"].strip().splitlines()[0] if cell["source"].strip() else ""
    prompt = "(code collapsed)" if cell["hidden"] else cell["prompt"].strip()
    return f"cell {index + 1} {prompt} {first_line[:60]!r}"


def _wait_until_finished(page, sources: list[str], timeout: float) -> list[dict]:
    """Wait until no cell is queued or running and the kernel is idle, for a second.

    A cell whose code is collapsed shows no prompt; the idle kernel tells when it is done.
    """
    deadline = time.monotonic() + timeout
    calm_since = None
    while time.monotonic() < deadline:
        cells = _cells(page, sources)
        busy = any(c["code"] and _is_running(c["prompt"]) for c in cells)
        if not busy and page.locator(KERNEL_IDLE).count() == 1:
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since >= 1:
                return cells
        else:
            calm_since = None
        time.sleep(0.25)
    running = [
        _describe(i, c) for i, c in enumerate(cells) if c["code"] and _is_running(c["prompt"])
    ]
    pytest.fail(f"cells still queued or running after {timeout} s: {running}")


def _screenshot(page, path: Path) -> None:
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


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", _notebook_params())
def test_notebook_runs_in_jupyterlab(name, browser, lab):
    base_url, token = lab
    notebook_file = ROOT / "notebooks" / name
    before = _digest(notebook_file)
    checkpoints = ROOT / "notebooks" / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    stored = nbformat.read(notebook_file, as_version=4)
    sources = [cell.source for cell in stored.cells]
    screenshot = output_path("screenshots", name.replace(".ipynb", ".png"))
    failed_screenshot = screenshot.with_name(screenshot.stem + "-failed.png")
    screenshot.unlink(missing_ok=True)  # never leave a picture of an earlier run
    failed_screenshot.unlink(missing_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(RENDER_TIMEOUT * 1000)
    try:
        start = time.monotonic()
        # A workspace of its own per notebook, so no tab of another test is restored.
        page.goto(f"{base_url}/lab/workspaces/{name[:2]}/tree/notebooks/{name}?token={token}")
        # Cells appear a few at a time; wait for all of them, then for the kernel.
        page.wait_for_function(
            "([panel, n]) => document.querySelectorAll(panel + ' .jp-Notebook .jp-Cell').length"
            " === n",
            arg=[PANEL, len(sources)],
        )
        page.wait_for_selector(KERNEL_IDLE)
        rendered = time.monotonic() - start
        page.wait_for_timeout(1000)  # clicks and keys right after the kernel is idle get lost

        # Start from empty outputs so that every output checked below comes from this run.
        _click_until(page, sources, "Edit", "Clear Outputs of All Cells", _all_cleared)
        start = time.monotonic()
        _click_until(page, sources, "Run", "Run All Cells", _any_started)
        cells = _wait_until_finished(page, sources, RUN_TIMEOUT)
        print(
            f"{name}: shown with an idle kernel in {rendered:.1f} s, all cells ran in "
            f"{time.monotonic() - start:.1f} s"
        )
        _screenshot(page, screenshot)

        toasts = page.locator(".Toastify__toast").all_inner_texts()
        assert not toasts, f"a pop-up covers the notebook: {toasts}"
        problems = [
            f"{_describe(i, cell)}: {text}"
            for i, cell in enumerate(cells)
            for text in cell["problems"]
        ]
        assert not problems, "error or stderr output in JupyterLab:\n" + "\n".join(problems)
        # (For collapsed cells, whose prompt is not shown, the output check below must do.)
        not_run = [
            _describe(i, cell)
            for i, cell in enumerate(cells)
            if cell["code"]
            and not cell["hidden"]
            and cell["source"].strip()
            and not _has_count(cell["prompt"])
        ]
        assert not not_run, f"code cells that did not run: {not_run}"
        no_output = [
            _describe(i, cell)
            for i, (cell, stored_cell) in enumerate(zip(cells, stored.cells, strict=True))
            if stored_cell.cell_type == "code" and stored_cell.outputs and not cell["outputs"]
        ]
        assert not no_output, f"cells with outputs in the notebook file show none: {no_output}"
    except BaseException:
        if not screenshot.exists():  # what the page showed when it went wrong
            page.screenshot(path=str(failed_screenshot))
        raise
    finally:
        context.close()
    assert _digest(notebook_file) == before, f"the test changed notebooks/{name}"
    assert had_checkpoints or not checkpoints.exists(), (
        "the test wrote notebooks/.ipynb_checkpoints"
    )
