"""Saved models: round trips, continued training, looking inside, drawing, sizes, ONNX."""

from __future__ import annotations

import importlib.util
import zipfile

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from model_helpers import compiled_model

import course_utils as cu
from course_utils import deploy, plots
from course_utils import modelfiles as mf

ONNX_MISSING = [n for n in deploy.ONNX_PACKAGES if importlib.util.find_spec(n) is None]


@pytest.fixture(scope="module")
def digits():
    """512 scaled training digits and their labels."""
    (x_train, y_train), _ = cu.load_mnist(verbose=False)
    x, y = cu.subsample(x_train, y_train, 512)
    return cu.scale_pixels(x), y


@pytest.fixture(scope="module")
def trained(digits):
    """A small course model (16 hidden units) trained for one epoch, so Adam has its state."""
    model = compiled_model(hidden_units=16)
    model.fit(*digits, epochs=1, verbose=0)
    return model


@pytest.fixture(scope="module")
def keras_file(trained):
    return mf.save_model(trained, "test_deploy/model.keras", verbose=False)


# --- round trips (the claim of notebook 09) -------------------------------------------------


@pytest.mark.parametrize("filename", ["rt.keras", "rt.h5", "rt.weights.h5"])
def test_round_trip_gives_identical_predictions(trained, digits, filename):
    path = mf.save_model(trained, f"test_deploy/{filename}", verbose=False)
    if filename.endswith(".weights.h5"):
        copy = compiled_model(hidden_units=16)
        copy.optimizer.build(copy.trainable_variables)  # room for the saved state
        copy.load_weights(path)
    else:
        copy = keras.saving.load_model(path)
    x = digits[0][:200]
    difference = np.abs(copy.predict(x, verbose=0) - trained.predict(x, verbose=0)).max()
    assert difference == 0.0


def test_exported_model_agrees_within_float_rounding(trained, digits):
    folder = cu.output_path("models", "test_deploy", "export")
    trained.export(str(folder), verbose=False)
    served = keras.layers.TFSMLayer(str(folder), call_endpoint="serve")
    x = digits[0][:200]
    difference = np.abs(np.asarray(served(x)) - trained.predict(x, verbose=0)).max()
    assert difference < 1e-5


def test_continued_training_starts_from_the_saved_loss(digits):
    x, y = digits
    model = compiled_model(hidden_units=16)
    before = model.fit(x, y, epochs=2, verbose=0)
    saved_loss = model.evaluate(x, y, verbose=0)[0]
    path = mf.save_model(model, "test_deploy/mid.keras", verbose=False)
    resumed = keras.saving.load_model(path)
    assert resumed.evaluate(x, y, verbose=0)[0] == pytest.approx(saved_loss, abs=1e-6)
    assert int(resumed.optimizer.iterations) == int(model.optimizer.iterations) > 0
    after = resumed.fit(x, y, epochs=1, verbose=0)
    fresh = compiled_model(hidden_units=16).fit(x, y, epochs=1, verbose=0)
    assert after.history["loss"][0] <= before.history["loss"][-1] * 1.1
    assert after.history["loss"][0] < 0.8 * fresh.history["loss"][0]


def test_load_weights_keeps_the_optimizer_state_only_when_the_optimizer_is_built(trained):
    """Notebook 09's claim: plain load_weights into a fresh model skips Adam's state (with
    Keras' warning); building the optimizer first keeps it."""
    import warnings

    path = mf.save_model(trained, "test_deploy/opt.weights.h5", verbose=False)
    plain = compiled_model(hidden_units=16)
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        plain.load_weights(path)
    assert int(plain.optimizer.iterations) == 0
    built = compiled_model(hidden_units=16)
    built.optimizer.build(built.trainable_variables)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        built.load_weights(path)
    assert int(built.optimizer.iterations) == int(trained.optimizer.iterations) > 0


# --- inside a .keras file --------------------------------------------------------------------


def test_keras_file_json_reads_config_and_metadata(keras_file):
    config = deploy.keras_file_json(keras_file)
    assert config["class_name"] == "Sequential"
    units = [la["config"].get("units") for la in config["config"]["layers"]]
    assert units == [None, None, 16, None, 10]
    assert deploy.keras_file_json(keras_file, "metadata.json")["keras_version"] == keras.__version__


def test_keras_file_weights_lists_weights_and_adam_state(keras_file):
    arrays = dict(deploy.keras_file_weights(keras_file))
    assert arrays["layers/dense/vars/0"] == (784, 16)
    assert arrays["layers/dense_1/vars/1"] == (10,)
    optimizer = [shape for name, shape in arrays.items() if name.startswith("optimizer/")]
    assert len(optimizer) == 2 + 2 * 4  # iterations, learning rate, two moments per array


def test_keras_file_helpers_reject_missing_and_non_zip_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no file"):
        deploy.keras_file_weights(tmp_path / "none.keras")
    not_zip = tmp_path / "fake.keras"
    not_zip.write_bytes(b"hello")
    with pytest.raises(ValueError, match="not a zip"):
        deploy.keras_file_json(not_zip)
    other_zip = tmp_path / "other.keras"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(ValueError, match="no config.json"):
        deploy.keras_file_json(other_zip)
    with pytest.raises(ValueError, match="no model.weights.h5"):
        deploy.keras_file_weights(other_zip)


# --- drawing the layers ----------------------------------------------------------------------


def test_layer_rows_describe_the_course_model():
    rows = deploy.layer_rows(compiled_model())
    assert [r["type"] for r in rows] == ["Input", "Flatten", "Dense", "Dropout", "Dense"]
    assert [r["parameters"] for r in rows] == [0, 0, 100_480, 0, 1_290]
    assert rows[0]["output_shape"] == (28, 28) and rows[2]["output_shape"] == (128,)
    assert rows[2]["details"] == "128 units, relu"
    assert "20%" in rows[3]["details"]


def test_layer_rows_from_a_file_match_the_model(trained, keras_file):
    assert deploy.layer_rows(keras_file) == deploy.layer_rows(trained)


def test_plot_layer_diagram_draws_one_box_per_layer_without_graphviz(keras_file):
    fig = plots.plot_layer_diagram(keras_file, title="t")
    ax = fig.axes[0]
    assert len(ax.patches) == 5  # input + 4 layers
    texts = [t.get_text() for t in ax.texts]
    assert any("12,560 parameters" in t for t in texts)  # 784 × 16 + 16
    assert ax.get_title() == "t"
    plt.close(fig)


@pytest.mark.parametrize("source, error", [(42, TypeError), ({"layers": []}, ValueError)])
def test_layer_rows_reject_what_is_not_a_model(source, error):
    with pytest.raises(error):
        deploy.layer_rows(source)


# --- sizes -----------------------------------------------------------------------------------


def test_model_sizes_measure_saved_files():
    rows = deploy.model_sizes({"tiny model": compiled_model(hidden_units=4)}, folder="test_sz")
    (row,) = rows
    assert row.parameters == 784 * 4 + 4 + 4 * 10 + 10
    assert row.weight_bytes == 4 * row.parameters
    assert row.keras_bytes > row.weight_bytes and row.weights_h5_bytes > row.weight_bytes
    assert cu.output_path("models", "test_sz", "tiny_model.keras").is_file()


def test_model_sizes_rejects_empty_input_and_names():
    with pytest.raises(ValueError, match="at least one"):
        deploy.model_sizes({})
    with pytest.raises(ValueError, match="name"):
        deploy.model_sizes({" ": compiled_model(hidden_units=4)})


def test_estimated_size_and_table():
    row = deploy.estimated_size("7B", 7e9, 2, "bfloat16")
    assert row.weight_bytes == 14_000_000_000 and row.keras_bytes is None
    table = deploy.format_size_table([row])
    assert "14.0 GB" in table and "7,000,000,000" in table and "bfloat16" in table
    assert table.splitlines()[0].startswith("model")
    with pytest.raises(ValueError, match="parameters"):
        deploy.estimated_size("x", 0)
    with pytest.raises(ValueError, match="bytes_per_parameter"):
        deploy.estimated_size("x", 10, bytes_per_parameter=-1)
    with pytest.raises(ValueError, match="at least one"):
        deploy.format_size_table([])


# --- ONNX ------------------------------------------------------------------------------------


def test_onnx_status_says_how_to_install_when_missing(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name)
    )
    status = deploy.onnx_status()
    assert not status.available
    assert "onnxruntime" in status.message and deploy.ONNX_INSTALL in status.message
    assert status.message.count("\n") == 0  # one line in the notebook


@pytest.mark.skipif(
    bool(ONNX_MISSING),
    reason=f"optional ONNX packages missing ({', '.join(ONNX_MISSING)}); "
    f"install them with: {deploy.ONNX_INSTALL}",
)
def test_onnx_export_runs_in_onnxruntime_with_the_same_predictions(trained, digits):
    """Notebook 09's ONNX cell, as it is written there: model.export + InferenceSession.run."""
    import onnxruntime

    assert deploy.onnx_status().available
    path = cu.output_path("models", "test_deploy", "model.onnx")
    trained.export(path, format="onnx", verbose=False)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    x = digits[0][:200]
    logits = session.run(None, {session.get_inputs()[0].name: x})[0]
    assert np.abs(logits - trained.predict(x, verbose=0)).max() < 1e-5
