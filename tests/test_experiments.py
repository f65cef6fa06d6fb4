"""The experiment bookkeeping: the data split (course_utils.data), the recorder
(course_utils.training), compare / Comparison / Run (course_utils.experiments)."""

from __future__ import annotations

import dataclasses
import math

import keras
import numpy as np
import pytest

from course_utils.data import ExperimentData, mnist_experiment_data, one_hot_data
from course_utils.experiments import Comparison, Run, clone_optimizer, compare, train_once
from course_utils.training import RunRecorder, current_learning_rate


@pytest.fixture(scope="module")
def tiny() -> ExperimentData:
    """A few real digits: enough to train for a couple of epochs in well under a second."""
    return mnist_experiment_data(n_train=192, n_val=64, n_test=64)


def test_current_learning_rate_reads_plain_rates_and_schedules():
    assert math.isclose(current_learning_rate(keras.optimizers.SGD(0.5)), 0.5)
    decay = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert math.isclose(current_learning_rate(keras.optimizers.SGD(decay)), 0.1, rel_tol=1e-6)


def test_run_recorder_rejects_a_factor_that_cannot_detect_explosions():
    with pytest.raises(ValueError, match="explode_factor"):
        RunRecorder(explode_factor=1.0)


# --- data -------------------------------------------------------------------------------


def test_mnist_experiment_data_has_the_asked_sizes_scaled_pixels_and_int_labels(tiny):
    assert (len(tiny.x_train), len(tiny.x_val), len(tiny.x_test)) == (192, 64, 64)
    assert tiny.x_train.dtype == np.float32 and 0 <= tiny.x_train.min() and tiny.x_train.max() <= 1
    assert tiny.y_train.dtype == np.int64
    assert tiny.describe() == "192 train / 64 validation / 64 test digits"


def test_mnist_experiment_data_rejects_impossible_sizes():
    with pytest.raises(ValueError, match="n_train \\+ n_val"):
        mnist_experiment_data(n_train=5000, n_val=1000)
    with pytest.raises(ValueError, match="n_test"):
        mnist_experiment_data(n_test=0)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"y_val": np.arange(3) % 10}, ValueError, "x_val and y_val"),
        ({"x_test": list(np.zeros((4, 28, 28)))}, TypeError, "x_test must be a NumPy array"),
        ({"x_train": np.full((4, 28, 28), np.nan)}, ValueError, "x_train must hold finite"),
        ({"x_train": np.full((4, 28, 28), 256.0)}, ValueError, r"pixel values 0\.\.255"),
        ({"x_val": np.full((4, 28, 28), -1.0)}, ValueError, r"x_val must hold pixel values"),
        ({"y_train": np.array([0, 1, 2, 10])}, ValueError, r"y_train must hold class labels"),
        ({"y_train": np.array([0, 1, 2, -1])}, ValueError, r"y_train must hold class labels"),
        ({"y_test": np.zeros((4, 3))}, ValueError, "one-hot rows of 10"),
    ],
)
def test_experiment_data_checks_its_arrays(change, error, message):
    x, y = np.zeros((4, 28, 28), np.float32), np.arange(4)
    splits = {"x_train": x, "y_train": y, "x_val": x, "y_val": y, "x_test": x, "y_test": y}
    ExperimentData(**splits)  # the good data is taken
    with pytest.raises(error, match=message):
        ExperimentData(**(splits | change))


# --- the runner: compare / Comparison / Run ----------------------------------------------


def small_model(units=8, activation="relu"):
    return keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(units, activation=activation),
            keras.layers.Dense(10),
        ]
    )


CE = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def test_clone_optimizer_copies_settings_and_schedule_but_not_state():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    sgd = keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, clipnorm=1.0)
    clone = clone_optimizer(sgd)
    assert clone is not sgd and isinstance(clone, keras.optimizers.SGD)
    assert clone.momentum == 0.9 and clone.clipnorm == 1.0
    copied = clone._learning_rate  # the schedule itself (learning_rate is its current value)
    assert isinstance(copied, keras.optimizers.schedules.ExponentialDecay)
    assert copied is not schedule and copied.get_config() == schedule.get_config()
    assert clone.get_config()["learning_rate"] == sgd.get_config()["learning_rate"]
    assert isinstance(clone_optimizer("adam"), keras.optimizers.Adam)
    with pytest.raises(TypeError, match="optimizer"):
        clone_optimizer(0.1)


def test_compare_runs_every_setting_for_every_seed(tiny):
    runs = compare(
        small_model,
        {"relu": {}, "sigmoid": dict(activation="sigmoid"), "wide": dict(units=16)},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=2),
        seeds=2,
        verbose=False,
    )
    assert isinstance(runs, Comparison)
    assert runs.settings == ["relu", "sigmoid", "wide"] and runs.seeds == [42, 43]
    assert len(runs.runs) == 6 and len(runs["relu"]) == 2
    sig = runs["sigmoid"][0]
    assert sig.model.layers[1].activation.__name__ == "sigmoid"
    assert runs["wide"][0].model.layers[1].units == 16
    for run in runs.runs:
        assert isinstance(run, Run) and run.epochs_run == 2 and not run.diverged
        assert set(run.scores) >= {"train_loss", "val_accuracy", "test_accuracy"}
        assert len(run.history["loss"]) == 2 and len(run.history["val_accuracy"]) == 2
        assert len(run.history["seconds"]) == 2 and run.seconds > 0
        assert len(run.batch_losses) == 2 * math.ceil(len(tiny.x_train) / 32)
    # different seeds give different models; the same seed gives the same one
    a, b = runs["relu"]
    assert a["train_loss"] != b["train_loss"]
    again = compare(
        small_model,
        {"relu": {}},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=2),
        seeds=[42],
        verbose=False,
    )
    assert again["relu"][0]["train_loss"] == pytest.approx(a["train_loss"], rel=1e-5)


def test_the_runners_shortcuts_change_no_number(tiny):
    # train_once builds the optimizer before fit and feeds validation and evaluation as
    # ready-made batches (both faster); a plain compile + fit + evaluate on the arrays must agree.
    # Batch 24 leaves a smaller last batch of validation digits (64 = 2 × 24 + 16).
    adam = dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE)
    run = train_once(small_model, {}, compile=adam, fit=dict(epochs=2, batch_size=24), data=tiny)
    keras.backend.clear_session()
    keras.utils.set_random_seed(42)
    plain = small_model()
    plain.compile(optimizer=keras.optimizers.Adam(1e-3), loss=CE, metrics=["accuracy"])
    history = plain.fit(
        tiny.x_train, tiny.y_train, epochs=2, batch_size=24,
        validation_data=(tiny.x_val, tiny.y_val), verbose=0,
    )  # fmt: skip
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert run.history[key] == history.history[key], key
    for split in ("train", "val", "test"):
        x, y = getattr(tiny, f"x_{split}"), getattr(tiny, f"y_{split}")
        scores = plain.evaluate(x, y, batch_size=1024, verbose=0, return_dict=True)
        assert [run[f"{split}_{k}"] for k in scores] == list(scores.values()), split


def test_a_model_without_an_input_layer_still_trains(tiny):
    def unbuilt():  # no keras.Input: the model (and its optimizer) are built by fit
        return keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])

    run = train_once(
        unbuilt,
        {},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=1),
    )
    assert run.epochs_run == 1 and math.isfinite(run["val_accuracy"])


def test_comparison_mean_sd_and_table(tiny):
    runs = compare(
        small_model,
        {"a": {}, "b": dict(units=4)},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=1),
        seeds=3,
        verbose=False,
    )
    values = runs.values("test_accuracy")["a"]
    assert len(values) == 3
    assert runs.mean("test_accuracy")["a"] == pytest.approx(np.mean(values))
    assert runs.sd("test_accuracy")["a"] == pytest.approx(np.std(values, ddof=1))
    text = runs.to_text()
    assert "±" in text and "3 seeds" in text and text.splitlines()[1].startswith("a ")
    assert "<table>" in runs._repr_html_()
    assert "s / epoch" in runs.to_text(["seconds_per_epoch"])
    with pytest.raises(KeyError, match="no setting"):
        runs["c"]
    single = Comparison([runs["a"][0], runs["b"][0]])  # one seed: a value, not "± 0.000"
    assert "±" not in single.to_text() and "seed 42: no spread" in single.to_text()
    assert f"{values[0]:.3f}" in single.to_text().splitlines()[1]


def test_a_setting_can_change_the_optimizer_loss_batch_size_and_data(tiny):
    def softmax_model():
        return keras.Sequential(
            [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")]
        )

    runs = compare(
        small_model,
        {
            "sgd": dict(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), batch_size=64),
            "mse": dict(
                make_model=softmax_model,
                loss=keras.losses.MeanSquaredError(),
                data=one_hot_data(tiny),
            ),
        },
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=1),
        seeds=1,
        verbose=False,
    )
    sgd_run, mse_run = runs["sgd"][0], runs["mse"][0]
    assert isinstance(sgd_run.model.optimizer, keras.optimizers.SGD)
    assert sgd_run.model.optimizer.momentum == 0.9
    assert len(sgd_run.batch_losses) == math.ceil(len(tiny.x_train) / 64)
    assert isinstance(mse_run.model.loss, keras.losses.MeanSquaredError)
    # "accuracy" follows the one-hot labels: it is the share of argmax hits on the test split.
    guesses = mse_run.model.predict(tiny.x_test, verbose=0).argmax(axis=1)
    assert mse_run["test_accuracy"] == pytest.approx(np.mean(guesses == tiny.y_test), abs=1e-6)


def test_the_optimizer_object_given_is_never_used_itself(tiny):
    adam = keras.optimizers.Adam(1e-3)
    runs = compare(
        small_model,
        {"x": {}},
        compile=dict(optimizer=adam, loss=CE),
        data=tiny,
        fit=dict(epochs=1),
        seeds=2,
        verbose=False,
    )
    first, second = (r.model.optimizer for r in runs["x"])
    assert first is not adam and second is not adam and first is not second
    assert int(adam.iterations.numpy()) == 0


def test_callbacks_are_copied_per_run_or_made_by_a_function(tiny):
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=100.0)
    runs = compare(
        small_model,
        {"x": {}},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=5, callbacks=[stop]),
        seeds=2,
        verbose=False,
    )
    # min_delta 100 means "never improves": each run stops after its patience, independently
    assert [r.epochs_run for r in runs["x"]] == [2, 2]
    made = []

    def fresh():
        made.append(keras.callbacks.TerminateOnNaN())
        return [made[-1]]

    compare(
        small_model,
        {"x": {}},
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=CE),
        data=tiny,
        fit=dict(epochs=1, callbacks=fresh),
        seeds=2,
        verbose=False,
    )
    assert len(made) == 2


def test_divergence_is_recorded_not_raised(tiny, capsys):
    runs = compare(
        small_model,
        {"ok": {}, "huge lr": dict(optimizer=keras.optimizers.SGD(1e4))},
        compile=dict(optimizer=keras.optimizers.SGD(0.01), loss=CE),
        data=tiny,
        fit=dict(epochs=3),
        seeds=2,
    )
    assert runs.diverged() == {"ok": 0, "huge lr": 2}
    assert all(r.epochs_run <= 1 for r in runs["huge lr"])
    assert "2 of 2 DIVERGED" in capsys.readouterr().out
    assert "diverged" in runs.to_text() and "2 of 2" in runs.to_text()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"settings": {}}, ValueError, "at least one"),
        ({"seeds": 0}, ValueError, "seeds"),
        ({"seeds": [1, 1]}, ValueError, "distinct"),
        ({"seeds": True}, TypeError, "seeds"),
        ({"compile": {"optimizer": None, "loss": CE}}, ValueError, "optimizer"),
        ({"compile": {"loss": CE}}, ValueError, "has no optimizer: pass compile=dict"),
        ({"fit": {}}, ValueError, "has no epochs: pass fit=dict"),
        ({"fit": {"epochs": 1, "lr": 0.1}}, ValueError, "fit takes the keys .*; got 'lr'"),
        ({"compile": {"loss": CE, "batch_size": 8}}, ValueError, "batch_size goes in fit="),
        ({"compile": [("loss", CE)]}, TypeError, "compile must be a dict"),
        ({"settings": {"x": 3}}, TypeError, "dict"),
        ({"settings": {"x": dict(colour="red")}}, TypeError, "make_model"),
        ({"fit": {"epochs": 0}}, ValueError, "epochs"),
        ({"data": (1, 2)}, TypeError, "ExperimentData"),
    ],
)
def test_compare_rejects_bad_arguments(tiny, kwargs, error, message):
    args = (
        dict(
            settings={"x": {}},
            compile=dict(optimizer=keras.optimizers.Adam(), loss=CE),
            data=tiny,
            fit=dict(epochs=1),
            seeds=1,
            verbose=False,
        )
        | kwargs
    )
    settings = args.pop("settings")
    with pytest.raises(error, match=message):
        compare(small_model, settings, **args)


def test_train_once_rejects_a_builder_that_returns_no_model(tiny):
    with pytest.raises(TypeError, match="keras.Model"):
        train_once(
            lambda: None,
            {},
            compile=dict(optimizer="adam", loss=CE),
            data=tiny,
            fit=dict(epochs=1),
        )


def test_one_hot_data_keeps_images_and_one_hots_labels(tiny):
    hot = one_hot_data(tiny)
    assert hot.y_train.shape == (len(tiny.y_train), 10)
    assert (hot.y_train.argmax(1) == tiny.y_train).all() and hot.x_test is tiny.x_test
    with pytest.raises(TypeError, match="ExperimentData"):
        one_hot_data((1, 2))


def test_compare_says_when_it_trains_on_unscaled_pixels(tiny, capsys):
    """Notebook 08 trains on pixels 0-255 on purpose; compare takes them, and never silently."""
    pixels = dataclasses.replace(
        tiny, x_train=tiny.x_train * 255, x_val=tiny.x_val * 255, x_test=tiny.x_test * 255
    )
    assert tiny.scaled and not pixels.scaled
    compare(
        small_model,
        {"raw": {}},
        compile=dict(optimizer="adam", loss=CE),
        data=pixels,
        fit=dict(epochs=1),
        seeds=1,
    )
    assert "note: setting 'raw' trains on pixel values 0..255" in capsys.readouterr().out
    compare(
        small_model,
        {"scaled": {}},
        compile=dict(optimizer="adam", loss=CE),
        data=tiny,
        fit=dict(epochs=1),
        seeds=1,
    )
    assert "note:" not in capsys.readouterr().out
