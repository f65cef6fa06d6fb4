"""Gradient norms, dead ReLUs, the learning-rate range test and the schedules."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.data import load_mnist, scale_pixels
from course_utils.diagnostics import (
    RangeTest,
    cyclical,
    dead_unit_fraction,
    exponential_decay,
    gradient_norms,
    hidden_activations,
    lr_range_test,
    optimize_2d,
    schedule_values,
    step_decay,
)
from course_utils.experiments import Config, build_deep_mlp, build_model


@pytest.fixture(scope="module")
def batch():
    (x, y), _ = load_mnist(verbose=False)
    return scale_pixels(x[:256]), y[:256].astype("int64")


def test_deep_sigmoid_first_layer_gradient_is_under_a_hundredth_of_relu(batch):
    x, y = batch
    norms = {act: gradient_norms(build_deep_mlp(10, 64, act), x, y) for act in ("sigmoid", "relu")}
    assert list(norms["relu"]) == [f"dense_{i}" for i in range(1, 11)] + ["output"]
    assert norms["sigmoid"]["dense_1"] < norms["relu"]["dense_1"] / 100
    sigmoid = list(norms["sigmoid"].values())
    assert all(a < b for a, b in zip(sigmoid, sigmoid[1:], strict=False))  # shrinks to the input


def test_gradient_norms_rejects_mismatched_batches_and_models_without_dense_layers(batch):
    x, y = batch
    with pytest.raises(ValueError, match="same length"):
        gradient_norms(build_deep_mlp(2, 8), x, y[:10])
    flat = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()])
    with pytest.raises(ValueError, match="no Dense layers"):
        gradient_norms(flat, x, y)


def test_dead_units_none_at_start_all_when_the_bias_is_hugely_negative(batch):
    x, _ = batch
    model = build_model(Config("relu"))
    assert dead_unit_fraction(model, x) == 0.0
    hidden = model.layers[1]
    hidden.bias.assign(np.full(hidden.bias.shape, -1000.0, "float32"))
    assert dead_unit_fraction(model, x, layer=hidden.name) == 1.0
    assert hidden_activations(model, x[:5], 0).shape == (5, 128)


def test_hidden_activations_rejects_unknown_layers(batch):
    x, _ = batch
    model = build_deep_mlp(2, 8)
    with pytest.raises(ValueError, match="below 3"):
        hidden_activations(model, x, 3)
    with pytest.raises(ValueError, match="dense_1"):
        hidden_activations(model, x, "conv")
    with pytest.raises(ValueError, match="non-empty"):
        dead_unit_fraction(model, x[:0])


def test_lr_range_test_grows_the_rate_and_suggests_a_tenth_of_the_best(batch):
    x, y = batch
    model = build_model(Config("sgd", optimizer="sgd"))
    test = lr_range_test(model, x, y, min_lr=1e-4, max_lr=100.0, steps=40, batch_size=32)
    assert isinstance(test, RangeTest)
    assert np.all(np.diff(test.learning_rates) > 0)
    assert test.learning_rates[0] == pytest.approx(1e-4)
    assert len(test.losses) == len(test.smoothed) == len(test.learning_rates)
    assert len(test.losses) < 40  # the loss blew up at lr near 100 and the test stopped
    assert test.suggested_lr == pytest.approx(test.min_loss_lr / 10)
    assert 1e-4 <= test.min_loss_lr <= 100


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_lr": 1.0, "max_lr": 0.1}, "min_lr"),
        ({"steps": 2}, "steps"),
        ({"batch_size": 0}, "batch_size"),
        ({"beta": 1.0}, "beta"),
    ],
)
def test_lr_range_test_rejects_bad_arguments(batch, kwargs, message):
    x, y = batch
    with pytest.raises(ValueError, match=message):
        lr_range_test(build_model(Config("m")), x, y, **kwargs)


def test_lr_range_test_needs_a_compiled_model(batch):
    x, y = batch
    with pytest.raises(ValueError, match="compiled"):
        lr_range_test(build_deep_mlp(2, 8), x, y)


def test_schedules_give_the_documented_values():
    np.testing.assert_allclose(
        schedule_values(step_decay(0.1, 0.5, 2), 5), [0.1, 0.1, 0.05, 0.05, 0.025]
    )
    np.testing.assert_allclose(schedule_values(exponential_decay(1.0, 0.5), 3), [1.0, 0.5, 0.25])
    np.testing.assert_allclose(
        schedule_values(cyclical(0.0 + 1e-3, 1e-3 + 2e-3, 2), 6),
        [1e-3, 2e-3, 3e-3, 2e-3, 1e-3, 2e-3],
    )
    assert step_decay(0.1)(0, 0.5) == 0.1  # the current lr Keras passes in is ignored


# Keras' own LearningRateScheduler calls np.array on a variable (a NumPy 2 notice, not ours)
def test_schedules_work_with_keras_learning_rate_scheduler(batch):
    x, y = batch
    model = build_model(Config("m", optimizer="sgd", learning_rate=0.1))
    scheduler = keras.callbacks.LearningRateScheduler(exponential_decay(0.1, 0.5))
    history = model.fit(x, y, epochs=2, batch_size=128, verbose=0, callbacks=[scheduler])
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.05], rtol=1e-6)


@pytest.mark.parametrize(
    "make",
    [
        lambda: step_decay(0.0),
        lambda: step_decay(0.1, drop=1.5),
        lambda: step_decay(0.1, every=0),
        lambda: exponential_decay(0.1, rate=0),
        lambda: cyclical(0.1, 0.01),
        lambda: cyclical(0.01, 0.1, half_cycle=0),
        lambda: schedule_values(step_decay(0.1), 0),
    ],
)
def test_schedules_reject_bad_arguments(make):
    with pytest.raises(ValueError):
        make()


def test_optimize_2d_records_the_path_to_the_minimum():
    def bowl(w):
        return 0.5 * (w[0] ** 2 + 10 * w[1] ** 2)

    path = optimize_2d(bowl, [-4.0, 1.5], keras.optimizers.SGD(0.05), steps=30)
    assert path.shape == (31, 2)
    np.testing.assert_allclose(path[0], [-4.0, 1.5])
    np.testing.assert_allclose(path[1], [-4.0 + 0.05 * 4.0, 1.5 - 0.05 * 15.0], rtol=1e-6)
    assert bowl(path[-1]) < bowl(path[0]) / 10
    with pytest.raises(ValueError, match="two numbers"):
        optimize_2d(bowl, [1.0, 2.0, 3.0], keras.optimizers.SGD(0.1))
    with pytest.raises(ValueError, match="steps"):
        optimize_2d(bowl, [1.0, 2.0], keras.optimizers.SGD(0.1), steps=0)


def test_make_model_is_the_course_model_with_a_dropout_setting():
    from course_utils.diagnostics import make_model

    model = make_model()
    assert model.count_params() == 101_770
    assert [type(layer).__name__ for layer in model.layers] == [
        "Flatten",
        "Dense",
        "Dropout",
        "Dense",
    ]
    assert model.layers[2].rate == 0.2
    assert make_model(dropout=0.5).layers[2].rate == 0.5
    assert not model.compiled  # uncompiled: the notebook compiles it
