"""course_utils.env: fast mode, output folder, setup line, and a quiet TensorFlow."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_utils import env, session


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("", False), ("0", False)]
)
def test_fast_mode_reads_the_switch(monkeypatch, value, expected):
    monkeypatch.setenv("COURSE_FAST", value)
    assert env.fast_mode() is expected
    assert env.by_mode(full="full", fast="fast") == ("fast" if expected else "full")


def test_fast_mode_rejects_unclear_values(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "maybe")
    with pytest.raises(ValueError, match="COURSE_FAST must be 1 or 0"):
        env.fast_mode()


def test_output_path_stays_inside_output(monkeypatch, tmp_path):
    monkeypatch.setattr(env, "OUTPUT_DIR", tmp_path / "output")
    path = env.output_path("models", "a.keras")
    assert path == tmp_path / "output" / "models" / "a.keras" and path.parent.is_dir()
    for bad in [(), ("..", "x"), ("/etc/passwd",), (".",)]:
        with pytest.raises(ValueError, match="output_path"):
            env.output_path(*bad)


def test_show_path_hides_machine_prefixes(tmp_path):
    assert env.show_path(env.REPO_ROOT / "data" / "x.npz") == "data/x.npz"
    assert env.show_path("~/.keras/datasets/mnist.npz") == "~/.keras/datasets/mnist.npz"


def test_setup_prints_one_environment_line(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    session.setup()
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    for part in (
        "Python 3.",
        "TensorFlow 2.21",
        "Keras 3.",
        "CPU",
        "seed 42",
        "fast mode",
        "MNIST: bundled",
    ):
        assert part in lines[0]


def test_setup_fixes_the_seed():
    import random

    import keras

    session.setup(seed=7)
    first = (random.random(), keras.random.uniform((3,)).numpy().tolist())
    session.setup(seed=7)
    assert (random.random(), keras.random.uniform((3,)).numpy().tolist()) == first
    with pytest.raises(TypeError, match="seed must be an int"):
        session.setup(seed="7")


def test_importing_course_utils_then_tensorflow_prints_no_log_noise():
    code = (
        "import course_utils as cu; cu.setup(); import keras, numpy as np\n"
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
        "m.compile('adam', 'mse'); m.fit(np.zeros((8, 4)), np.zeros(8), verbose=0)\n"
    )
    clean_env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("TF_")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", f"TensorFlow printed to stderr:\n{result.stderr}"


def test_by_mode_refuses_a_string_beside_a_number(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "0")
    with pytest.raises(TypeError, match="fast must be a number like the other value \\(12\\)"):
        env.by_mode(full=12, fast="2")
    with pytest.raises(TypeError, match="full must be a number"):
        env.by_mode(full="12", fast=2)
    assert env.by_mode(full=None, fast=1000) is None  # "no cap" in the full run
    assert env.by_mode(full=0.88, fast=1) == 0.88
    assert env.by_mode(full="adam", fast="sgd") == "adam"


def test_output_path_names_a_part_of_the_wrong_type(monkeypatch, tmp_path):
    monkeypatch.setattr(env, "OUTPUT_DIR", tmp_path / "output")
    with pytest.raises(TypeError, match="output_path parts must be strings, got None as part 2"):
        env.output_path("models", None)
    with pytest.raises(TypeError, match="got int 3 as part 1"):
        env.output_path(3)
    assert env.output_path(env.Path("models") / "a.keras").name == "a.keras"


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), (2**32, ValueError), (1.0, TypeError), (True, TypeError)]
)
def test_seeds_outside_numpys_range_are_named(seed, error):
    with pytest.raises(error, match="seed must be an int between 0 and"):
        env.reset_session(seed)
    with pytest.raises(error, match="seed must be an int between 0 and"):
        session.setup(seed)


def test_output_path_names_a_file_that_stands_where_a_folder_should_be(monkeypatch, tmp_path):
    monkeypatch.setattr(env, "OUTPUT_DIR", tmp_path / "output")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "plots").write_text("not a folder")
    with pytest.raises(FileExistsError, match="output/plots to be a folder, but it is a file"):
        env.output_path("plots", "curve.png")
    assert env.output_path("plots") == tmp_path / "output" / "plots"  # the file itself is fine


def test_setup_warns_when_tensorflow_came_first():
    code = "import tensorflow, course_utils as cu; cu.setup()"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "TensorFlow was imported before course_utils" in completed.stdout
