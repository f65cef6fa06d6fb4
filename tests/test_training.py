"""training.EpochLog, and the bench's model, fast-mode train helper, recipes and augmentation
(course_utils.tools.bench)."""

import dataclasses

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils.tools.bench import (
    COURSE_RECIPE,
    QUICKSTART,
    Recipe,
    build_mnist_model,
    cosine_adam,
    fast_mode_caps,
    train,
    train_recipe,
)
from course_utils.training import EpochLog, shifted_copies


@pytest.fixture(scope="module")
def small_data():
    (x, y), _ = cu.load_mnist(verbose=False)
    return cu.scale_pixels(x[:200]), y[:200]


def test_build_mnist_model_has_the_course_architecture():
    model = build_mnist_model()
    assert model.count_params() == 101_770
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Flatten", "Dense", "Dropout", "Dense"]
    assert model.layers[-1].activation.__name__ == "linear"
    assert model.loss.get_config()["from_logits"] is True
    softmax = build_mnist_model(output="softmax")
    assert softmax.layers[-1].activation.__name__ == "softmax"
    assert softmax.loss.get_config()["from_logits"] is False


def test_build_mnist_model_with_the_same_seed_starts_from_the_same_weights():
    first = build_mnist_model(seed=7).get_weights()
    second = build_mnist_model(seed=7).get_weights()
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_units": 0}, "hidden_units"),
        ({"dropout": 1.0}, "dropout"),
        ({"output": "sigmoid"}, "output"),
    ],
)
def test_build_mnist_model_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_mnist_model(**kwargs)


def test_fast_mode_caps(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "0")
    assert fast_mode_caps(30, 25_000) == (30, 25_000)
    monkeypatch.setenv("COURSE_FAST", "1")
    assert fast_mode_caps(30, 25_000) == (3, 2_000)
    assert fast_mode_caps(2, 500) == (2, 500)


def test_train_caps_epochs_and_samples_in_fast_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_FAST", "1")
    x = np.random.default_rng(0).random((2_500, 28, 28), dtype=np.float32)
    y = np.arange(2_500) % 10
    history = train(build_mnist_model(hidden_units=4), x, y, epochs=5, batch_size=500)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "fast mode: 3 of 5 epochs on 2,000 of 2,500 samples"
    assert [line.split()[1] for line in lines[1:]] == ["1/3", "2/3", "3/3"]
    assert len(history.history["loss"]) == 3
    assert history.samples == 2_000 and history.seconds > 0


def test_train_rejects_bad_arguments(small_data):
    x, y = small_data
    model = build_mnist_model(hidden_units=4)
    with pytest.raises(ValueError, match="epochs"):
        train(model, x, y, epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        train(model, x, y, epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="same length"):
        train(model, x, y[:10], epochs=1)


def test_epoch_log_prints_every_third_of_thirty_epochs(capsys):
    log = EpochLog(30)
    for epoch in range(30):
        log.on_epoch_end(epoch, {"loss": 0.5, "accuracy": 0.9, "learning_rate": 0.001})
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == [f"{e:>2}/30".strip() for e in range(3, 31, 3)]
    assert "learning_rate" not in lines[0] and "loss 0.5000" in lines[0]


def test_epoch_log_without_arguments_reads_the_epochs_from_fit(capsys):
    model = build_mnist_model(hidden_units=4)
    x, y = np.zeros((20, 28, 28), dtype=np.float32), np.arange(20) % 10
    model.fit(x, y, epochs=3, batch_size=10, verbose=0, callbacks=[EpochLog()])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["1/3", "2/3", "3/3"]
    assert lines[0].startswith("epoch 1/3  accuracy ") and " loss " in lines[0]


def test_cosine_adam_decays_from_the_start_rate_to_the_final_fraction():
    optimizer = cosine_adam(3e-3, decay_steps=100, final_fraction=0.1)
    schedule = keras.optimizers.schedules.deserialize(optimizer.get_config()["learning_rate"])
    assert float(schedule(0)) == pytest.approx(3e-3)
    assert float(schedule(50)) == pytest.approx(3e-3 * (0.1 + 0.9 * 0.5), rel=1e-5)
    assert float(schedule(100)) == pytest.approx(3e-4, rel=1e-5)


@pytest.mark.parametrize(
    ("args", "message"),
    [((0.0, 10), "learning_rate"), ((1e-3, 0), "decay_steps"), ((1e-3, 10, 2.0), "final")],
)
def test_cosine_adam_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        cosine_adam(*args)


def test_shifted_copies_adds_four_one_pixel_copies_after_the_originals(small_data):
    x, y = small_data
    x_aug, y_aug = shifted_copies(x[:10], y[:10])
    assert x_aug.shape == (50, 28, 28) and x_aug.dtype == x.dtype
    np.testing.assert_array_equal(x_aug[:10], x[:10])
    np.testing.assert_array_equal(y_aug, np.tile(y[:10], 5))
    np.testing.assert_array_equal(x_aug[10:20, :-1], x[:10, 1:])  # first copy: one pixel up
    np.testing.assert_array_equal(x_aug[40:50, :, 1:], x[:10, :, :-1])  # last: one pixel right


def test_the_quickstart_recipe_uses_the_defaults_of_keras():
    # TensorFlow's quickstart calls compile(optimizer="adam") and fit() without a batch size:
    # the recipe must hold what those defaults are in the installed Keras, not a copied number.
    assert QUICKSTART.learning_rate == pytest.approx(float(keras.optimizers.Adam().learning_rate))
    model = build_mnist_model(hidden_units=4)
    x, y = np.zeros((64, 28, 28), dtype=np.float32), np.arange(64) % 10
    history = model.fit(x, y, epochs=1, verbose=0)  # no batch_size: Keras' default
    assert model.optimizer.iterations.numpy() == 64 // QUICKSTART.batch_size
    assert history.params["steps"] == 64 // QUICKSTART.batch_size
    assert not QUICKSTART.cosine and QUICKSTART.copies == 1


def test_recipe_describe_and_copies_follow_the_settings():
    recipe = Recipe(
        "wide",
        epochs=3,
        batch_size=64,
        learning_rate=2e-3,
        cosine=True,
        augment=True,
    )
    assert recipe.copies == 5
    assert recipe.describe() == (
        "Adam lr 0.002 cosine-decayed, batch 64, 3 epochs, "
        "5× data (shifts of 1 px, up/down/left/right)"
    )
    one = dataclasses.replace(recipe, epochs=1, cosine=False, augment=False)
    assert one.copies == 1 and one.describe() == "Adam lr 0.002, batch 64, 1 epoch"


def test_the_course_recipe_trains_on_shifted_copies_with_a_cosine_decay_to_zero(small_data):
    x, y = small_data
    short = dataclasses.replace(COURSE_RECIPE, epochs=2)
    model, history = train_recipe(short, x[:100], y[:100], verbose=False)
    assert history.samples == 100 * COURSE_RECIPE.copies == 500  # 4 shifted copies + originals
    steps = 2 * -(-500 // COURSE_RECIPE.batch_size)
    assert model.optimizer.iterations.numpy() == steps
    config = model.optimizer.get_config()["learning_rate"]  # the CosineDecay the recipe built
    schedule = keras.optimizers.schedules.deserialize(config)
    assert float(schedule(0)) == pytest.approx(COURSE_RECIPE.learning_rate)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"batch_size": 2.5}, TypeError, "batch_size"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"augment": 1}, TypeError, "augment"),
    ],
)
def test_recipe_rejects_bad_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        Recipe("bad", **{"epochs": 1, "batch_size": 8, **kwargs})


def test_train_recipe_augments_and_trains_a_fresh_model(small_data):
    x, y = small_data
    recipe = Recipe("tiny", epochs=2, batch_size=100, learning_rate=3e-3, cosine=True, augment=True)
    model, history = train_recipe(recipe, x, y, validation_data=(x[:20], y[:20]), verbose=False)
    assert history.samples == 1_000  # 200 digits × 5
    assert len(history.history["loss"]) == 2 and "val_accuracy" in history.history
    assert history.history["loss"][1] < history.history["loss"][0]
    assert model.count_params() == 101_770
    # the cosine schedule spans exactly the run: 2 epochs × 10 batches
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(TypeError, match="Recipe"):
        train_recipe("course default", x, y)
