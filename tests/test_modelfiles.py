"""course_utils.modelfiles: round trips, sizes, the output-folder rule, and one clear error
for every kind of broken model file."""

from pathlib import Path

import keras
import numpy as np
import pytest
from model_helpers import compiled_model

from course_utils import env
from course_utils.env import write_atomically
from course_utils.modelfiles import (
    model_format,
    model_path,
    save_model,
    show_file_sizes,
    size_breakdown,
)

RNG = np.random.default_rng(0)
X = RNG.random((64, 28, 28), dtype=np.float32)
Y = np.arange(64) % 10


@pytest.fixture(scope="module")
def trained():
    model = compiled_model(hidden_units=8)
    model.fit(X, Y, epochs=1, batch_size=32, verbose=0)
    return model


@pytest.fixture(autouse=True)
def output_dir(tmp_path, monkeypatch):
    """Each test gets its own output/ folder, so no test touches the real one."""
    folder = tmp_path / "output"
    monkeypatch.setattr(env, "OUTPUT_DIR", folder)
    return folder


@pytest.fixture
def saved(trained):
    names = ("m.keras", "m.h5", "m.weights.h5")
    return {name: save_model(trained, name, verbose=False) for name in names}


def write(output_dir: Path, name: str, data: bytes) -> Path:
    path = output_dir / "models" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_keras_and_h5_round_trips_give_identical_predictions(trained, saved):
    expected = trained.predict(X, verbose=0)
    for name in ("m.keras", "m.h5"):
        loaded = keras.saving.load_model(saved[name])
        assert np.max(np.abs(loaded.predict(X, verbose=0) - expected)) == 0, name


def test_saving_h5_first_keeps_the_optimizer_of_a_later_keras_save(trained):
    save_model(trained, "first.h5", verbose=False)
    path = save_model(trained, "second.keras", verbose=False)
    loaded = keras.saving.load_model(path)
    assert type(loaded.optimizer).__name__ == "Adam"
    assert "optimizer" in trained.get_compile_config()


def test_save_model_writes_only_inside_output(trained, output_dir, tmp_path, capsys):
    path = save_model(trained, "sub/x.keras")
    assert path == output_dir / "models" / "sub" / "x.keras" and path.is_file()
    assert capsys.readouterr().out.startswith("saved ")
    outside = tmp_path / "elsewhere.keras"
    for bad in ("../../elsewhere.keras", str(outside)):
        with pytest.raises(ValueError, match="only inside output/"):
            save_model(trained, bad)
    assert not outside.exists() and not (tmp_path / "elsewhere.keras").exists()
    with pytest.raises(ValueError, match="unsupported extension .pt"):
        save_model(trained, "x.pt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


class _Unsaveable:
    """A custom layer Keras cannot serialise: its __init__ takes a function."""

    @staticmethod
    def model():
        import keras

        class Unsaveable(keras.layers.Layer):
            def __init__(self, transform):
                super().__init__()
                self.transform = transform

            def call(self, x):
                return self.transform(x)

        return keras.Sequential(
            [keras.Input((28, 28)), Unsaveable(np.square), keras.layers.Flatten(),
             keras.layers.Dense(10)]
        )  # fmt: skip


@pytest.mark.parametrize("name", ["good.keras", "good.h5"])
def test_plain_keras_empties_the_old_file_when_a_save_fails(trained, output_dir, name):
    """Why the course saves atomically: Keras opens (and so empties) the target first."""
    path = save_model(trained, name, verbose=False)
    size = path.stat().st_size
    with pytest.raises(NotImplementedError):
        _Unsaveable.model().save(path)
    assert path.stat().st_size < size / 10


@pytest.mark.parametrize("name", ["good.keras", "good.h5", "good.weights.h5"])
def test_a_failing_save_over_a_good_file_leaves_it_loadable(trained, output_dir, name):
    path = save_model(trained, name, verbose=False)
    before = path.read_bytes()
    if name.endswith(".weights.h5"):
        with pytest.raises(RuntimeError, match="disk full"):
            write_atomically(path, lambda tmp: (trained.save_weights(tmp), _fail()))
    else:
        with pytest.raises(NotImplementedError):
            save_model(_Unsaveable.model(), name, verbose=False)
    assert path.read_bytes() == before
    if name.endswith(".weights.h5"):
        loaded = compiled_model(hidden_units=8, seed=1)
        loaded.optimizer.build(loaded.trainable_variables)  # room for the saved state
        loaded.load_weights(path)
    else:
        loaded = keras.saving.load_model(path)
    assert np.max(np.abs(loaded.predict(X, verbose=0) - trained.predict(X, verbose=0))) == 0
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left behind


def _fail():
    raise RuntimeError("disk full")


def test_write_atomically_replaces_the_file_only_when_the_writer_succeeds(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        write_atomically(
            target, lambda tmp: (tmp.write_text("half"), _interrupt()), inside=tmp_path
        )
    assert target.read_text() == "old"
    assert write_atomically(target, lambda tmp: tmp.write_text("new"), inside=tmp_path) == target
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _interrupt():
    raise KeyboardInterrupt


def test_write_atomically_keeps_the_extension_keras_reads_the_format_from(tmp_path):
    seen = []
    write_atomically(
        tmp_path / "m.weights.h5",
        lambda tmp: (seen.append(tmp), tmp.write_bytes(b"x")),
        inside=tmp_path,
    )
    assert seen[0].name.endswith(".weights.h5") and seen[0].parent == tmp_path


def test_write_atomically_names_a_folder_in_the_way(tmp_path):
    (tmp_path / "m.keras").mkdir()
    with pytest.raises(IsADirectoryError, match="folder of that name"):
        write_atomically(tmp_path / "m.keras", lambda tmp: tmp.write_bytes(b"x"), inside=tmp_path)
    with pytest.raises(FileNotFoundError, match="folder does not exist"):
        write_atomically(
            tmp_path / "nowhere" / "m.keras", lambda tmp: tmp.write_bytes(b"x"), inside=tmp_path
        )


def test_write_atomically_writes_only_inside_its_folder(output_dir, tmp_path, monkeypatch):
    (output_dir / "models").mkdir(parents=True)
    monkeypatch.chdir(output_dir / "models")
    for outside in ("../../x.keras", tmp_path / "x.keras", "/tmp/x.keras"):
        with pytest.raises(ValueError, match=r"path must be inside \S*output/"):
            write_atomically(outside, lambda tmp: tmp.write_bytes(b"x"))
    assert not (tmp_path / "x.keras").exists()
    assert write_atomically("m.keras", lambda tmp: tmp.write_bytes(b"x")).read_bytes() == b"x"


def test_write_atomically_can_keep_a_file_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "mnist.npz"

    def slow_writer(tmp):
        tmp.write_bytes(b"mine")
        target.write_bytes(b"theirs")  # another process finished first

    write_atomically(target, slow_writer, inside=tmp_path, keep_existing=True)
    assert target.read_bytes() == b"theirs" and [p.name for p in tmp_path.iterdir()] == [
        "mnist.npz"
    ]


def test_save_model_refuses_an_unbuilt_model():
    import keras

    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="not built"):
        save_model(unbuilt, "u.keras")


def test_model_path_accepts_paths_already_inside_output(output_dir):
    inside = output_dir / "models" / "a.h5"
    assert model_path(inside) == inside
    assert model_path("a.h5", folder="checkpoints") == output_dir / "checkpoints" / "a.h5"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.keras", ".keras"),
        ("a.h5", ".h5"),
        ("a.weights.h5", ".weights.h5"),
        ("A.KERAS", ".keras"),
    ],
)
def test_model_format(name, expected):
    assert model_format(name) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [("a.pt", "PyTorch"), ("a.onnx", "ONNX"), ("a", r"\(none\)"), (".keras", "extension")],
)
def test_model_format_rejects_other_files(name, message):
    with pytest.raises(ValueError, match=message):
        model_format(name)


def test_size_breakdown_counts_weights_and_adam_state(trained):
    parts = size_breakdown(trained)
    assert parts["parameters"] == trained.count_params() == 784 * 8 + 8 + 8 * 10 + 10
    assert parts["weight_bytes"] == 4 * parts["parameters"]
    # Adam: two float32 moments per parameter, an int64 step counter, a float32 learning rate
    assert parts["optimizer_bytes"] == 2 * parts["weight_bytes"] + 8 + 4


def test_show_file_sizes_prints_each_file_beside_the_breakdown(trained, saved, capsys):
    sizes = show_file_sizes(trained, list(saved.values()))
    out = capsys.readouterr().out
    assert set(sizes) == set(saved)
    assert f"{size_breakdown(trained)['weight_bytes']:,} bytes" in out
    for name, path in saved.items():
        assert sizes[name] == path.stat().st_size
        assert f"file {name}" in out and f"{sizes[name]:,} bytes" in out
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        show_file_sizes(trained, [saved["m.keras"].with_name("missing.keras")])


def test_show_keras_warnings_prints_the_legacy_h5_notice_and_the_optimizer_warning(
    trained, output_dir, capsys
):
    from course_utils import env
    from course_utils.modelfiles import show_keras_warnings

    env.quiet_tensorflow()  # as cu.setup() does: absl warnings are silenced
    path = model_path("w.weights.h5")
    with show_keras_warnings() as messages:
        trained.save(model_path("legacy.h5"))
        trained.save_weights(path)
        compiled_model(hidden_units=8, seed=2).load_weights(path)
    out = capsys.readouterr()
    assert len(messages) == 2 and out.err == ""
    assert out.out.startswith("Keras warns: You are saving your model as an HDF5 file")
    assert "Keras warns: Skipping variable loading for optimizer" in out.out
    import absl.logging

    assert absl.logging.get_verbosity() == absl.logging.ERROR  # silenced again afterwards
