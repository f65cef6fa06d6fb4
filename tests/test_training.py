"""training.EpochLog and shifted_copies, and the bench's recipes (course_utils.tools.bench),
which train the course model (course_utils.models.make_model) as notebook 04 does."""

import dataclasses

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils.models import make_model
from course_utils.tools.bench import COURSE_RECIPE, QUICKSTART, Recipe, train_recipe
from course_utils.training import EpochLog, shifted_copies


def compiled(model: keras.Model) -> keras.Model:
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def small_data():
    (x, y), _ = cu.load_mnist(verbose=False)
    return cu.scale_pixels(x[:200]), y[:200]


def test_epoch_log_prints_every_third_of_thirty_epochs(capsys):
    log = EpochLog(30)
    for epoch in range(30):
        log.on_epoch_end(epoch, {"loss": 0.5, "accuracy": 0.9, "learning_rate": 0.001})
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == [f"{e:>2}/30".strip() for e in range(3, 31, 3)]
    assert "learning_rate" not in lines[0] and "loss 0.5000" in lines[0]


def test_epoch_log_without_arguments_reads_the_epochs_from_fit(capsys):
    model = compiled(make_model())
    x, y = np.zeros((20, 28, 28), dtype=np.float32), np.arange(20) % 10
    model.fit(x, y, epochs=3, batch_size=10, verbose=0, callbacks=[EpochLog()])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["1/3", "2/3", "3/3"]
    assert lines[0].startswith("epoch 1/3  accuracy ") and " loss " in lines[0]


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
    model = compiled(make_model())
    x, y = np.zeros((64, 28, 28), dtype=np.float32), np.arange(64) % 10
    history = model.fit(x, y, epochs=1, verbose=0)  # no batch_size: Keras' default
    assert model.optimizer.iterations.numpy() == 64 // QUICKSTART.batch_size
    assert history.params["steps"] == 64 // QUICKSTART.batch_size
    assert QUICKSTART.copies == 1


def test_recipe_describe_and_copies_follow_the_settings():
    recipe = Recipe("wide", epochs=3, batch_size=64, learning_rate=2e-3, augment=True)
    assert recipe.copies == 5
    assert recipe.describe() == (
        "Adam lr 0.002, batch 64, 3 epochs, 5× data (shifts of 1 px, up/down/left/right)"
    )
    one = dataclasses.replace(recipe, epochs=1, augment=False)
    assert one.copies == 1 and one.describe() == "Adam lr 0.002, batch 64, 1 epoch"


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


def test_the_course_recipe_trains_the_course_model_on_shifted_copies_at_a_constant_rate(
    small_data,
):
    x, y = small_data
    short = dataclasses.replace(COURSE_RECIPE, epochs=2)
    model, seconds, samples = train_recipe(short, x[:100], y[:100])
    assert samples == 100 * COURSE_RECIPE.copies == 500  # 4 shifted copies + originals
    assert model.optimizer.iterations.numpy() == 2 * -(-500 // COURSE_RECIPE.batch_size)
    # no cosine decay (notebook 04: it lowered every seed's accuracy): the rate stays put
    assert float(model.optimizer.learning_rate) == pytest.approx(COURSE_RECIPE.learning_rate)
    assert model.count_params() == 101_770 and seconds > 0
    assert [type(layer).__name__ for layer in model.layers] == [
        type(layer).__name__ for layer in make_model().layers
    ]


def test_train_recipe_starts_every_run_from_the_seed_and_rejects_bad_input(small_data):
    x, y = small_data
    tiny = Recipe("tiny", epochs=1, batch_size=100)
    first, _, _ = train_recipe(tiny, x, y, seed=3)
    again, _, _ = train_recipe(tiny, x, y, seed=3)
    other, _, _ = train_recipe(tiny, x, y, seed=4)
    pairs = zip(first.get_weights(), again.get_weights(), strict=True)
    assert all(np.array_equal(a, b) for a, b in pairs)
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])
    with pytest.raises(TypeError, match="Recipe"):
        train_recipe("course default", x, y)
    with pytest.raises(ValueError, match="same length"):
        train_recipe(tiny, x, y[:10])
