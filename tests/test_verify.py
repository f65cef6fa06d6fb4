"""course.py verify (course_utils/tools/verify.py): each way a scratch run can fail, shown once.

The runs themselves take minutes (the weekly workflow runs them); these tests feed the readers
small notebooks, good and deliberately broken.
"""

from __future__ import annotations

import copy

import nbformat
import numpy as np
import pytest

from course_utils import data
from course_utils.tools import verify
from course_utils.tools.stored_runs import stamp_run


def _executed(*cells: tuple[str, list]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = outputs
        notebook.cells.append(cell)
    return notebook


def _stream(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _error(name: str, value: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("error", ename=name, evalue=value, traceback=[])


STORED = _executed(
    ("fit()", [_stream("test accuracy 0.9370, loss 0.2500\n5.0 s / run\n")]),
    ("check()", [_stream("✓ test accuracy = 0.937 ≥ 0.91\n")]),
)


def test_printed_numbers_leave_out_timings():
    assert verify.printed_numbers("acc 0.937, 5,000 digits, −0.5\n12 s / run\n4.9× faster") == [
        0.937,
        5000.0,
        -0.5,
    ]


def test_printed_numbers_leave_out_keras_verbose_timings():
    """fit(verbose=2) prints '1s - 8ms/step' on each epoch line: a timing, not a result."""
    text = "141/141 - 1s - 8ms/step - accuracy: 0.7698 - loss: 0.8193\ntest accuracy 0.9234"
    assert verify.printed_numbers(text) == [0.9234]


def test_a_tables_timing_column_is_left_out():
    text = (
        "setting     test acc        val acc  train loss (eval)    s / run\n"
        "sigmoid     0.860 ± 0.002  0.848 ± 0.005      0.654 ± 0.004  0.9 ± 0.1\n"
        "\n"
        "after the table 1.5\n"
    )
    assert verify.printed_numbers(text) == [0.860, 0.002, 0.848, 0.005, 0.654, 0.004, 1.5]


def test_a_rerun_within_tolerance_matches():
    rerun = copy.deepcopy(STORED)
    rerun.cells[0].outputs = [_stream("test accuracy 0.9330, loss 0.2580\n9.0 s / run\n")]
    assert verify.compare_outputs(STORED, rerun) == (4, [])  # timings are not compared


def test_a_moved_number_is_a_mismatch():
    rerun = copy.deepcopy(STORED)
    rerun.cells[0].outputs = [_stream("test accuracy 0.9100, loss 0.2500\n5.0 s / run\n")]
    assert verify.compare_outputs(STORED, rerun) == (4, ["cell 0: stored 0.937, now 0.91"])


def test_a_changed_number_of_printed_values_is_a_mismatch():
    rerun = copy.deepcopy(STORED)
    rerun.cells[0].outputs = [_stream("test accuracy 0.9370\n")]
    _, mismatches = verify.compare_outputs(STORED, rerun)
    assert mismatches == ["cell 0: printed 1 numbers, the stored output has 2"]


def test_a_cell_edited_after_the_stamped_run_is_reported_not_compared():
    stored = copy.deepcopy(STORED)
    stamp_run(stored, fast=False)
    rerun = copy.deepcopy(stored)
    rerun.cells[0].source = "fit(epochs=3)"
    _, mismatches = verify.compare_outputs(stored, rerun)
    assert mismatches == ["cell 0: edited after the stored run, outputs not comparable"]


def test_numbers_match_states_its_tolerance():
    assert verify.numbers_match(0.955, 0.937) and not verify.numbers_match(0.957, 0.937)
    assert verify.numbers_match(0.0089, -0.001) and not verify.numbers_match(0.0101, 0.0)
    assert verify.numbers_match(102.0, 100.0) and not verify.numbers_match(102.1, 100.0)


def test_checks_failed_checks_and_errors_are_read():
    notebook = _executed(
        ("a()", [_stream("SABOTAGE: labels shuffled\n✓ loss noise = 19 ≥ 2\n")]),
        ("b()", [_error("AssertionError", "✗ test accuracy = 0.1, expected at least 0.91")]),
        ("c()", [_error("NameError", "name 'model' is not defined")]),
    )
    result = verify.NotebookResult("x")
    verify.read_checks(notebook, result)
    assert result.sabotaged
    assert result.passed == ["loss noise = 19 ≥ 2"]
    assert result.failed == ["cell 1: test accuracy = 0.1, expected at least 0.91"]
    assert result.errors == ["cell 2: NameError: name 'model' is not defined"]
    assert not verify.verdict(result, "full") and not verify.verdict(result, "fast")
    assert verify.verdict(result, "sabotage")  # a sabotaged notebook that fails a check: good


def test_sabotage_flags_a_training_notebook_that_passes_everything():
    result = verify.NotebookResult("05_activation_functions", passed=["a = 1 ≥ 0"], sabotaged=True)
    assert not verify.verdict(result, "sabotage")
    assert "**PASSES: a check cannot fail**" in verify.report_text([result], "sabotage")
    not_sabotaged = verify.NotebookResult("01_perceptron", passed=["a = 1 ≥ 0"])
    assert verify.verdict(not_sabotaged, "sabotage")
    assert "not covered" in verify.report_text([not_sabotaged], "sabotage")


def test_full_report_lists_what_moved():
    result = verify.NotebookResult("07_x", passed=["a"], mismatches=["cell 3: stored 1, now 2"])
    result.compared = 5
    text = verify.report_text([result], "full")
    assert "| 07_x | 1 | 0 | 0 | 5 | 1 |" in text and "- moved: cell 3: stored 1, now 2" in text
    assert "**FAIL**" in text


def test_notebooks_are_chosen_by_prefix_glob_or_path():
    assert [p.name[:2] for p in verify.resolve_notebooks(["07"])] == ["07"]
    assert [p.name[:2] for p in verify.resolve_notebooks(["0[45]*", "04"])] == ["04", "05"]
    assert len(verify.resolve_notebooks([])) == len(verify.course_notebooks())
    with pytest.raises(ValueError, match="notebook '99' matches no course notebook"):
        verify.resolve_notebooks(["99"])


def test_the_sabotage_hook_permutes_every_label(monkeypatch, capsys):
    (_, y_train), (_, y_test) = data.load_mnist(verbose=False)
    monkeypatch.setenv(data.PERMUTE_ENV, "1")
    (_, y_train_bad), (_, y_test_bad) = data.load_mnist(verbose=False)
    assert capsys.readouterr().out.startswith(verify.SABOTAGE_MARK)
    for good, bad in ((y_train, y_train_bad), (y_test, y_test_bad)):
        assert np.array_equal(np.sort(bad), np.sort(good))  # the same labels ...
        assert np.mean(bad == good) < 0.2  # ... in a random order: about 1 in 10 agree
