"""Notebook 04's take-home script runs as a file, without course_utils, and ends sensibly.

The script's text is taken from the notebook's ``%%writefile ../output/mnist_script.py`` cell, so
the file tested here is the file a learner gets. It runs with this test's Python (the course's
venv) in a temporary copy of the course layout: ``output/mnist_script.py`` beside
``data/mnist_offline.npz``, which is where the script looks for the digits.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04_mnist_with_keras.ipynb"
WRITEFILE = "%%writefile ../output/mnist_script.py"


def script_text() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        if cell["cell_type"] == "code" and source.startswith(WRITEFILE + "\n"):
            found.append(source.split("\n", 1)[1])
    assert len(found) == 1, f"{NOTEBOOK.name}: {len(found)} '{WRITEFILE}' cells, not one"
    return found[0] + "\n"


def test_the_script_uses_no_course_helpers_and_no_download():
    text = script_text()
    imported = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"os", "pathlib", "keras", "numpy"}, f"the script imports {imported}"
    assert ".load_data(" not in text, "the script must run offline: the bundled file by default"
    for call in (".compile(", ".fit(", "verbose=2", ".evaluate(", "Softmax()", ".save("):
        assert call in text, f"the script lacks {call}"
    assert "keras.saving.load_model(" in text and ".predict(" in text


def test_the_script_runs_as_a_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "output").mkdir()
    shutil.copy(ROOT / "data" / "mnist_offline.npz", tmp_path / "data" / "mnist_offline.npz")
    script = tmp_path / "output" / "mnist_script.py"
    script.write_text(script_text(), encoding="utf-8")
    env = {**os.environ, "COURSE_FAST": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"the script failed:\n{run.stdout}\n{run.stderr}"
    lines = run.stdout.strip().splitlines()
    epoch_lines = [line for line in lines if " - val_accuracy: " in line]  # fit(verbose=2)
    assert len(epoch_lines) == 1, lines  # COURSE_FAST=1: one epoch
    accuracy = re.fullmatch(r"test accuracy (0\.\d+)", lines[-2])
    assert accuracy, lines[-2:]
    assert float(accuracy.group(1)) >= 0.8, f"one epoch on 4,500 digits: {lines[-2]}"
    answer = re.fullmatch(r"test digit 0: predicted (\d) \((\d+)%\), true (\d)", lines[-1])
    assert answer, lines[-1]
    predicted, percent, true = int(answer.group(1)), int(answer.group(2)), int(answer.group(3))
    assert predicted == true == 7 and 10 <= percent <= 100, lines[-1]
    assert (tmp_path / "output" / "mnist_script.keras").stat().st_size > 400_000
