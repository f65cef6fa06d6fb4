"""The experiment runner: configurations, fair runs, the result table, forced divergence."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from course_utils.experiments import (
    Config,
    ExperimentData,
    ResultTable,
    RunRecorder,
    build_deep_mlp,
    build_model,
    current_learning_rate,
    make_optimizer,
    mnist_experiment_data,
    run_config,
    run_experiments,
    sweep,
)


@pytest.fixture(scope="module")
def tiny() -> ExperimentData:
    """A few real digits: enough to train for a couple of epochs in well under a second."""
    return mnist_experiment_data(n_train=192, n_val=64, n_test=64)


# --- Config -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": ""}, "name"),
        ({"loss": "hinge"}, "loss"),
        ({"optimizer": "lbfgs"}, "optimizer"),
        ({"optimizer": "adam", "momentum": 0.9}, "momentum"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": -1.0}, "learning_rate"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"hidden_layers": 0}, "hidden_layers"),
        ({"dropout": 1.0}, "dropout"),
        ({"clipnorm": 0}, "clipnorm"),
    ],
)
def test_config_rejects_bad_settings(kwargs, message):
    kwargs = {"name": "x", **kwargs}
    with pytest.raises(ValueError, match=message):
        Config(**kwargs)


def test_config_rejects_callbacks_that_are_not_a_sequence():
    with pytest.raises(TypeError, match="callbacks"):
        Config("x", callbacks=keras.callbacks.EarlyStopping())


def test_config_changes_lists_only_what_differs_from_the_course_model():
    assert Config("base").changes() == {}
    assert Config("fast sgd", optimizer="sgd", learning_rate=0.1).changes() == {
        "optimizer": "sgd",
        "learning_rate": 0.1,
    }


def test_sweep_changes_one_setting_and_names_each_row():
    configs = sweep(Config("sgd", optimizer="sgd"), "learning_rate", [0.01, 0.1])
    assert [c.name for c in configs] == ["learning_rate = 0.01", "learning_rate = 0.1"]
    assert [c.learning_rate for c in configs] == [0.01, 0.1]
    assert all(c.optimizer == "sgd" for c in configs)
    named = sweep(Config("b"), "batch_size", [8, 64], name=lambda v: f"batch {v}")
    assert [c.name for c in named] == ["batch 8", "batch 64"]


@pytest.mark.parametrize("setting, values", [("colour", [1]), ("name", ["a"]), ("epochs", [])])
def test_sweep_rejects_bad_arguments(setting, values):
    with pytest.raises(ValueError):
        sweep(Config("b"), setting, values)


# --- builders -----------------------------------------------------------------------------


def test_make_optimizer_builds_fresh_configured_optimizers():
    sgd = make_optimizer("sgd", learning_rate=0.5, momentum=0.9, clipnorm=1.0)
    assert isinstance(sgd, keras.optimizers.SGD)
    assert math.isclose(current_learning_rate(sgd), 0.5)
    assert math.isclose(sgd.momentum, 0.9) and sgd.clipnorm == 1.0
    assert math.isclose(current_learning_rate(make_optimizer("adam")), 0.001, rel_tol=1e-6)
    assert make_optimizer("adam") is not make_optimizer("adam")
    decay = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert math.isclose(current_learning_rate(make_optimizer("sgd", decay)), 0.1, rel_tol=1e-6)


def test_make_optimizer_rejects_unknown_names_and_misplaced_momentum():
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_optimizer("newton")
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("rmsprop", momentum=0.9)


def test_build_model_is_the_course_model_for_one_hidden_layer():
    model = build_model(Config("course"))
    assert model.count_params() == 101_770
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert model.layers[-1].activation is keras.activations.linear


def test_build_model_uses_softmax_for_mse_and_a_deep_stack_for_more_layers():
    mse = build_model(Config("mse", loss="mse"))
    probabilities = mse.predict(np.zeros((2, 28, 28), "float32"), verbose=0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    deep = build_model(Config("deep", hidden_layers=4, hidden_units=16, dropout=0.0))
    assert [layer.name for layer in deep.layers if isinstance(layer, keras.layers.Dense)] == [
        "dense_1",
        "dense_2",
        "dense_3",
        "dense_4",
        "output",
    ]


def test_build_model_rejects_other_objects():
    with pytest.raises(TypeError, match="Config"):
        build_model({"name": "x"})


def test_build_deep_mlp_counts_parameters_and_checks_arguments():
    model = build_deep_mlp(hidden_layers=3, hidden_units=8)
    assert model.count_params() == (784 * 8 + 8) + 2 * (8 * 8 + 8) + (8 * 10 + 10)
    for kwargs in ({"hidden_layers": 0}, {"hidden_units": -1}, {"dropout": 1.5}, {"output": "x"}):
        with pytest.raises(ValueError):
            build_deep_mlp(**kwargs)


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


def test_experiment_data_checks_its_arrays():
    x, y = np.zeros((4, 28, 28)), np.zeros(4)
    with pytest.raises(ValueError, match="x_val and y_val"):
        ExperimentData(x, y, x, y[:3], x, y)
    with pytest.raises(TypeError, match="NumPy"):
        ExperimentData(x, y, x, y, list(x), y)


# --- the runner -----------------------------------------------------------------------


def test_run_experiments_gives_one_row_per_config_with_full_histories(tiny):
    table = run_experiments(
        [Config("relu", epochs=2), Config("sigmoid", activation="sigmoid", epochs=2)],
        tiny,
        verbose=False,
    )
    assert isinstance(table, ResultTable) and [r.name for r in table] == ["relu", "sigmoid"]
    result = table["sigmoid"]
    assert result.epochs_run == 2 and not result.diverged
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"):
        assert len(result.history[key]) == 2, key
    assert len(result.batch_losses) == 2 * 192 // 32
    assert 0 <= result.test_accuracy <= 1 and result.seconds > 0
    assert result.history["loss"][1] < result.history["loss"][0]  # it learns
    assert math.isclose(result.history["learning_rate"][0], 0.001, rel_tol=1e-6)
    assert result.seconds_per_epoch == result.history["seconds"][1]  # epoch 1 also compiles
    assert sum(result.history["seconds"]) <= result.seconds  # steps only, not validation


def test_the_same_config_under_two_names_gives_the_same_numbers(tiny):
    a, b = run_experiments([Config("a", epochs=1), Config("b", epochs=1)], tiny, verbose=False)
    assert a.history["loss"] == b.history["loss"]
    assert a.test_accuracy == b.test_accuracy


def test_categorical_and_sparse_categorical_cross_entropy_train_identically(tiny):
    sparse, onehot = run_experiments(
        [Config("sparse", epochs=1), Config("one-hot", loss="categorical_crossentropy", epochs=1)],
        tiny,
        verbose=False,
    )
    np.testing.assert_allclose(sparse.batch_losses, onehot.batch_losses, rtol=1e-4)
    assert math.isclose(sparse.test_loss, onehot.test_loss, rel_tol=1e-4)


def test_a_forced_divergence_is_recorded_not_raised(tiny, capsys):
    table = run_experiments(
        [Config("sane", epochs=2), Config("lr 1e4", optimizer="sgd", learning_rate=1e4, epochs=2)],
        tiny,
    )
    bad = table["lr 1e4"]
    assert bad.diverged and not table["sane"].diverged
    assert bad.epochs_run == 1  # stopped inside the first epoch
    assert len(bad.batch_losses) < 192 // 32
    last = bad.batch_losses[-1]
    assert not math.isfinite(last) or last > 100 * bad.batch_losses[0]
    printed = capsys.readouterr().out
    assert "DIVERGED" in printed and "val acc" in printed
    assert "yes" in table.to_text()


def test_early_stopping_restores_the_best_validation_loss(tiny):
    stop = Config(
        "early stop",
        epochs=3,
        callbacks=(
            lambda: keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=1, restore_best_weights=True
            ),
        ),
    )
    result = run_config(stop, tiny)
    val = result.history["val_loss"]
    assert min(val) <= val[-1]
    assert math.isclose(result.val_loss, min(val), rel_tol=1e-4)
    assert result.history["val_loss"][result.best_epoch - 1] == min(val)


def test_fast_mode_caps_epochs(tiny, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    result = run_config(Config("long", epochs=5, batch_size=64), tiny)
    assert result.epochs_run == 3


def test_run_experiments_rejects_bad_input(tiny):
    with pytest.raises(ValueError, match="at least one"):
        run_experiments([], tiny)
    with pytest.raises(ValueError, match="unique"):
        run_experiments([Config("a"), Config("a")], tiny)
    with pytest.raises(TypeError, match="Config"):
        run_experiments(["relu"], tiny)
    with pytest.raises(TypeError, match="ExperimentData"):
        run_experiments([Config("a")], (tiny.x_train, tiny.y_train))


def test_run_recorder_rejects_a_factor_that_cannot_detect_explosions():
    with pytest.raises(ValueError, match="explode_factor"):
        RunRecorder(explode_factor=1.0)


# --- the table --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table(tiny) -> ResultTable:
    return run_experiments([Config("relu", epochs=1)], tiny, verbose=False)


def test_result_table_prints_aligned_text_and_html(table):
    lines = table.to_text().splitlines()
    assert lines[0].split()[:3] == ["configuration", "epochs", "seconds"]
    assert lines[1].startswith("relu") and lines[1].endswith("no")
    assert len({len(line) for line in lines}) == 1  # aligned columns
    assert repr(table) == table.to_text() == str(table)
    assert table._repr_html_().startswith("<table>") and "<td>relu</td>" in table._repr_html_()
    assert table.to_text(["name", "seconds_per_epoch"]).splitlines()[0].split() == [
        "configuration",
        "s",
        "/",
        "epoch",
    ]


def test_result_table_looks_up_names_and_rejects_unknown_ones(table):
    assert table["relu"] is table[0]
    with pytest.raises(KeyError, match="no configuration named"):
        table["tanh"]
    with pytest.raises(ValueError, match="unknown columns"):
        table.rows(["colour"])


# --- the runner: compare / Comparison / Run ----------------------------------------------

from course_utils.experiments import (  # noqa: E402
    Comparison,
    Run,
    clone_optimizer,
    compare,
    one_hot_data,
    train_once,
)


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
    assert isinstance(clone.learning_rate, float) or clone._learning_rate is not schedule
    assert clone.get_config()["learning_rate"] == sgd.get_config()["learning_rate"]
    assert isinstance(clone_optimizer("adam"), keras.optimizers.Adam)
    with pytest.raises(TypeError, match="optimizer"):
        clone_optimizer(0.1)


def test_compare_runs_every_setting_for_every_seed(tiny):
    runs = compare(
        small_model,
        {"relu": {}, "sigmoid": dict(activation="sigmoid"), "wide": dict(units=16)},
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=2,
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
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=2,
        seeds=[42],
        verbose=False,
    )
    assert again["relu"][0]["train_loss"] == pytest.approx(a["train_loss"], rel=1e-5)


def test_comparison_mean_sd_and_table(tiny):
    runs = compare(
        small_model,
        {"a": {}, "b": dict(units=4)},
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=1,
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
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=1,
        seeds=1,
        verbose=False,
    )
    sgd_run, mse_run = runs["sgd"][0], runs["mse"][0]
    assert isinstance(sgd_run.model.optimizer, keras.optimizers.SGD)
    assert sgd_run.model.optimizer.momentum == 0.9
    assert len(sgd_run.batch_losses) == math.ceil(len(tiny.x_train) / 64)
    assert isinstance(mse_run.model.loss, keras.losses.MeanSquaredError)
    assert 0 <= mse_run["test_accuracy"] <= 1  # "accuracy" follows the one-hot labels


def test_the_optimizer_object_given_is_never_used_itself(tiny):
    adam = keras.optimizers.Adam(1e-3)
    runs = compare(
        small_model,
        {"x": {}},
        optimizer=adam,
        loss=CE,
        data=tiny,
        epochs=1,
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
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=5,
        callbacks=[stop],
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
        optimizer=keras.optimizers.Adam(1e-3),
        loss=CE,
        data=tiny,
        epochs=1,
        callbacks=fresh,
        seeds=2,
        verbose=False,
    )
    assert len(made) == 2


def test_divergence_is_recorded_not_raised(tiny, capsys):
    runs = compare(
        small_model,
        {"ok": {}, "huge lr": dict(optimizer=keras.optimizers.SGD(1e4))},
        optimizer=keras.optimizers.SGD(0.01),
        loss=CE,
        data=tiny,
        epochs=3,
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
        ({"optimizer": None}, ValueError, "optimizer"),
        ({"settings": {"x": 3}}, TypeError, "dict"),
        ({"settings": {"x": dict(colour="red")}}, TypeError, "make_model"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"data": (1, 2)}, TypeError, "ExperimentData"),
    ],
)
def test_compare_rejects_bad_arguments(tiny, kwargs, error, message):
    args = (
        dict(
            settings={"x": {}},
            optimizer=keras.optimizers.Adam(),
            loss=CE,
            data=tiny,
            epochs=1,
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
        train_once(lambda: None, {}, optimizer="adam", loss=CE, data=tiny, epochs=1)


def test_one_hot_data_keeps_images_and_one_hots_labels(tiny):
    hot = one_hot_data(tiny)
    assert hot.y_train.shape == (len(tiny.y_train), 10)
    assert (hot.y_train.argmax(1) == tiny.y_train).all() and hot.x_test is tiny.x_test
    with pytest.raises(TypeError, match="ExperimentData"):
        one_hot_data((1, 2))
