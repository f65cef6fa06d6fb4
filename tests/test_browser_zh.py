"""Real-browser test of the Chinese edition: ``python3 course.py lab --lang zh`` (the README's
command with ``--lang zh``) opens ``notebooks-zh/00_orientation.ipynb`` in a JupyterLab whose
own menus are Chinese (jupyterlab-language-pack-zh-CN, selected for that launch only).

It checks, in headless Chromium, that the server serves ``notebooks-zh/``, that the notebook's
Chinese title is shown as its first heading, and that the menu bar says 文件 (File), 编辑 (Edit)
and 内核 (Kernel) instead of the English labels. The English launch (``tests/test_browser.py``)
clicks the English menus Edit and Run, so it fails if the locale leaked into it.

A test that reads text out of the page cannot see missing glyphs (a browser with no CJK font
draws boxes): the screenshot ``output/screenshots/lab-zh.png`` is for a person to look at;
``docs/lab-zh.png`` is a copy of one, taken with Debian's fonts-noto-cjk installed (``.ci/run``
installs it).
"""

from __future__ import annotations

import nbformat
from browser_helpers import (
    BROWSER_MARKS,
    NOTEBOOK_DIR_ZH,
    PANEL,
    digest,
    log_text,
    open_notebook,
)

from course_utils.env import output_path

NAME = "00_orientation.ipynb"
MENUS_ZH = ["文件", "编辑", "查看", "运行", "内核"]  # File, Edit, View, Run, Kernel
MENUS_EN = ["File", "Edit", "View", "Run", "Kernel"]

pytestmark = BROWSER_MARKS


def test_lab_lang_zh_opens_the_chinese_edition_with_chinese_menus(browser, lab_zh):
    base_url, token, log = lab_zh
    assert str(NOTEBOOK_DIR_ZH) in log_text(log), log_text(log)[:2000]  # the folder it serves
    stored = nbformat.read(NOTEBOOK_DIR_ZH / NAME, as_version=4)
    title = stored.cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in title), f"not a Chinese title: {title!r}"
    picture = output_path("screenshots", "lab-zh.png")
    picture.unlink(missing_ok=True)
    before = digest(NOTEBOOK_DIR_ZH / NAME)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_notebook(page, base_url, token, NAME, len(stored.cells))
        heading = page.locator(f"{PANEL} .jp-RenderedMarkdown h1").first
        assert title in heading.inner_text(), heading.inner_text()
        labels = [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()]
        assert all(menu in labels for menu in MENUS_ZH), f"menu bar: {labels}"
        assert not any(menu in labels for menu in MENUS_EN), f"menu bar: {labels}"
        page.locator(".lm-MenuBar-itemLabel", has_text="文件").first.click()
        items = page.locator(".lm-Menu-content .lm-Menu-itemLabel").all_inner_texts()
        page.keyboard.press("Escape")
        assert any("新建" in item for item in items), f"the File menu: {items}"  # New
        page.screenshot(path=str(picture))
    finally:
        context.close()
    assert digest(NOTEBOOK_DIR_ZH / NAME) == before, f"the test changed notebooks-zh/{NAME}"
