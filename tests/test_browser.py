"""Real-browser test: the README's `python3 course.py lab` opens JupyterLab, which runs notebooks.

JupyterLab is started exactly as a learner starts it (the ``lab`` fixture of
``tests/browser_helpers.py``, shared through ``tests/conftest.py``: only a port and
``--no-browser`` are added). The test checks that

- as root, ``course.py lab`` starts JupyterLab anyway and says so in one line;
- no pop-up shows (JupyterLab's "news" question is turned off in the course's environment);

and, for each notebook in ``NOTEBOOKS``, that Chromium, driven by Playwright, can open it,
clear the stored outputs, click Run ▸ Run All Cells, and that then

- every code cell that has outputs in the committed notebook shows outputs again,
- no error box (a traceback) is shown, and
- no stderr box is shown at all (TensorFlow log noise, warnings, progress bars), except in
  cells tagged ``expected-warning`` whose text explains the warning.

These checks are ``browser_helpers.check_run``; notebook 04 gets them in
``tests/test_browser_drawpad.py``, before the drawing. The test saves a screenshot of the whole
notebook to ``output/screenshots/<notebook>.png``; on failure the page as it was goes to
``output/screenshots/<notebook>-failed.png``, and the error names the cell, its prompt and its
first line. Run it alone with
``.venv/bin/python -m pytest tests/test_browser.py -v``.
"""

from __future__ import annotations

import nbformat
import pytest
from browser_helpers import (
    AS_ROOT,
    BROWSER_MARKS,
    NOTEBOOK_DIR,
    ROOT_LINE,
    check_run,
    digest,
    log_text,
    open_notebook,
    run_all_cells,
    screenshot,
)

from course_utils.env import output_path

# Notebook 04 runs in tests/test_browser_drawpad.py, which makes the same checks (check_run)
# before it draws on the pad: one run of 04 in the browser instead of two (about 65 s).
NOTEBOOKS = ["00_orientation.ipynb"]

pytestmark = BROWSER_MARKS


def _notebook_params() -> list:
    return [pytest.param(name, id=name.split("_")[0]) for name in NOTEBOOKS]


def test_course_py_lab_starts_as_root_and_says_so(lab):
    _, _, log = lab
    text = log_text(log)
    if AS_ROOT:
        assert ROOT_LINE in text and "--allow-root" in text, text[:2000]
        assert text.count(ROOT_LINE) == 1
    else:
        assert ROOT_LINE not in text


@pytest.mark.parametrize("name", _notebook_params())
def test_notebook_runs_in_jupyterlab(name, browser, lab):
    base_url, token, _ = lab
    notebook_file = NOTEBOOK_DIR / name
    before = digest(notebook_file)
    stored = nbformat.read(notebook_file, as_version=4)
    sources = [cell.source for cell in stored.cells]
    picture = output_path("screenshots", name.replace(".ipynb", ".png"))
    failed_picture = picture.with_name(picture.stem + "-failed.png")
    picture.unlink(missing_ok=True)  # never leave a picture of an earlier run
    failed_picture.unlink(missing_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        rendered = open_notebook(page, base_url, token, name, len(sources))
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "File" in menus and "Kernel" in menus, f"not English menus: {menus}"  # no zh leak
        cells, ran = run_all_cells(page, sources)
        print(
            f"{name}: shown with an idle kernel in {rendered:.1f} s, all cells ran in {ran:.1f} s"
        )
        screenshot(page, picture)
        check_run(page, stored, cells)
    except BaseException:
        if not picture.exists():  # what the page showed when it went wrong
            page.screenshot(path=str(failed_picture))
        raise
    finally:
        context.close()
    assert digest(notebook_file) == before, f"the test changed notebooks/{name}"
