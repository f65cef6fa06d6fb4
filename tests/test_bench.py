"""course_utils.tools.bench: FLOP counts, the matmul roofline, the table, targets, a quick run."""

import keras
import pytest

from course_utils.models import make_model
from course_utils.tools import bench
from course_utils.tools.bench import (
    COURSE_RECIPE,
    BenchRow,
    _main,
    check_targets,
    format_table,
    machine_line,
    matmul_gflops,
    training_flops_per_sample,
)


def row(name="quick", seconds=2.0, accuracy=0.9, gflops=10.0, epochs=5, batch=32, samples=5000):
    return BenchRow(
        name, "bundled sample (5,000 train)", epochs, batch, samples, seconds, accuracy, gflops
    )


def test_training_flops_per_sample_is_six_times_the_multiply_adds():
    assert training_flops_per_sample(make_model()) == 6 * (784 * 128 + 128 * 10)
    no_dense = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()])
    with pytest.raises(ValueError, match="no Dense layer"):
        training_flops_per_sample(no_dense)


def test_matmul_gflops_is_two_n_cubed_over_the_fastest_repeat(monkeypatch):
    # Two warm-up runs (their start only is read), then timed runs of 4, 2 and 3 seconds.
    ticks = iter([0.0, 5.0, 10.0, 14.0, 20.0, 22.0, 30.0, 33.0])
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(ticks))
    assert matmul_gflops(64, repeats=3) == pytest.approx(2 * 64**3 / 2 / 1e9)
    with pytest.raises(ValueError, match="size must be an int >= 1"):
        matmul_gflops(0)


def test_format_table_has_one_row_per_recipe_and_the_ratios():
    quick = row("TensorFlow quickstart", seconds=2.0, accuracy=0.92, gflops=5.0)
    course = row(
        "course default",
        seconds=5.0,
        accuracy=0.96,
        gflops=40.0,
        epochs=10,
        batch=256,
        samples=25_000,
    )
    lines = format_table([quick, course], roofline=200.0).splitlines()
    assert lines[0].startswith("| recipe | data | epochs | batch |") and len(lines) == 5
    assert lines[1].count("---") == lines[0].count("|") - 1
    assert (
        "| course default | bundled sample (5,000 train) | 10 | 256 | 25,000 | 5.00 |" in lines[3]
    )
    assert lines[3].endswith("| 0.9600 | 40.0 | 20.0% |")
    ratio = lines[4]
    assert "2.0×" in ratio and "8×" in ratio and "2.50×" in ratio  # epochs, batch, seconds
    assert "1.043× (errors 0.50×)" in ratio and "8.0×" in ratio  # accuracy, throughput
    with pytest.raises(ValueError, match="two rows"):
        format_table([quick], roofline=200.0)


def test_check_targets_on_the_sample_and_on_full_mnist():
    good = row(seconds=6.0, accuracy=0.96, gflops=30.0)
    assert [ok for ok, _ in check_targets(good, roofline=200.0, full_mnist=False)] == [True] * 3
    slow = row(seconds=12.0, accuracy=0.94, gflops=10.0)
    results = check_targets(slow, roofline=200.0, full_mnist=False)
    assert [ok for ok, _ in results] == [False, False, False]
    assert "0.9400 ≥ 0.95" in results[0][1] and "12.00 s ≤ 10 s" in results[1][1]
    full = check_targets(row(seconds=60.0, accuracy=0.979, gflops=30.0), 200.0, full_mnist=True)
    assert len(full) == 2 and not full[0][0] and "≥ 0.98 (full MNIST)" in full[0][1]


def test_machine_line_names_cores_and_tensorflow():
    line = machine_line()
    assert line.startswith("Machine: ") and " cores" in line and "TensorFlow 2." in line


def test_quick_run_prints_the_table_for_both_recipes(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "0")  # --quick makes its own small run
    monkeypatch.setenv("COURSE_MNIST", "sample")
    assert _main(["--quick"]) == 0
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) == 5
    assert table[2].startswith("| TensorFlow quickstart | bundled sample (1,000 train) | 1 | 32 |")
    batch = COURSE_RECIPE.batch_size
    assert table[3].startswith(f"| course default | bundled sample (1,000 train) | 1 | {batch} |")
    assert "| 5,000 |" in table[3]  # 1,000 digits × 5 with the shifted copies
    assert "matmul:" in out and "Test set: 2,000 digits" in out
    assert "Targets not checked (--quick)" in out


def test_a_full_run_in_fast_mode_is_the_quick_run_and_checks_no_target(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    monkeypatch.setenv("COURSE_MNIST", "sample")
    assert _main([]) == 0
    out = capsys.readouterr().out
    batch = COURSE_RECIPE.batch_size
    assert f"| course default | bundled sample (1,000 train) | 1 | {batch} | 5,000 |" in out
    assert "Targets not checked (COURSE_FAST=1: the --quick run)" in out
    assert "✓" not in out and "✗" not in out
