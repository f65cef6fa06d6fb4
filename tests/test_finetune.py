"""Transfer learning helpers: digit splits, freezing, fine-tuning, and its edge over scratch."""

from __future__ import annotations

import numpy as np
import pytest

import course_utils as cu
from course_utils import finetune as ftu
from course_utils.training import train


@pytest.fixture(scope="module")
def digits():
    """Scaled MNIST sample: the training and the test digits."""
    (x_train, y_train), (x_test, y_test) = cu.load_mnist(verbose=False)
    return (cu.scale_pixels(x_train), y_train), (cu.scale_pixels(x_test), y_test)


# --- splitting ----------------------------------------------------------------------------


def test_select_digits_keeps_only_those_labels_in_order():
    x = np.arange(10 * 4).reshape(10, 4)
    y = np.array([0, 5, 1, 6, 2, 7, 3, 8, 4, 9])
    xs, ys = ftu.select_digits(x, y, range(5, 10))
    assert ys.tolist() == [5, 6, 7, 8, 9]
    assert xs.tolist() == x[1::2].tolist()


@pytest.mark.parametrize("digits, message", [([], "at least one"), ([3, 10], "between 0 and 9")])
def test_select_digits_rejects_bad_digits(digits, message):
    with pytest.raises(ValueError, match=message):
        ftu.select_digits(np.zeros((3, 2)), np.array([0, 1, 2]), digits)


def test_select_digits_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        ftu.select_digits(np.zeros((3, 2)), np.array([0, 1]), [0])


def test_take_per_class_draws_a_balanced_set_and_returns_the_rest():
    y = np.repeat(np.arange(5, 10), 10)
    x = np.arange(len(y))
    (xs, ys), (xr, yr) = ftu.take_per_class(x, y, n_per_class=3)
    assert np.bincount(ys, minlength=10)[5:].tolist() == [3] * 5
    assert sorted(np.concatenate([xs, xr]).tolist()) == x.tolist()  # a partition
    assert set(xs) & set(xr) == set()
    assert (y[xs] == ys).all() and (y[xr] == yr).all()
    again, _ = ftu.take_per_class(x, y, n_per_class=3)
    other, _ = ftu.take_per_class(x, y, n_per_class=3, seed=1)
    assert again[0].tolist() == xs.tolist()
    assert other[0].tolist() != xs.tolist()


def test_take_per_class_rejects_too_many_and_bad_counts():
    y = np.array([0, 0, 1])
    with pytest.raises(ValueError, match="label 1 has only 1"):
        ftu.take_per_class(np.zeros(3), y, n_per_class=2)
    with pytest.raises(ValueError, match="n_per_class"):
        ftu.take_per_class(np.zeros(3), y, n_per_class=0)
    with pytest.raises(ValueError, match="1-D"):
        ftu.take_per_class(np.zeros(3), np.zeros((3, 1)), n_per_class=1)


# --- the network and freezing ---------------------------------------------------------------


def test_digit_cnn_has_the_documented_layers_and_parameters():
    model = ftu.build_digit_cnn()
    assert model.count_params() == 12_810
    assert [layer.name for layer in model.layers] == [
        "add_channel", "conv1", "pool1", "conv2", "pool2", "flatten", "dropout", "head",
    ]  # fmt: skip
    assert model.output_shape == (None, 10)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"filters": 0}, "filters"),
        ({"dropout": 1.0}, "dropout"),
        ({"learning_rate": 0}, "learning"),
    ],
)
def test_digit_cnn_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ftu.build_digit_cnn(**kwargs)


def test_freeze_lower_layers_counts_and_unfreezes():
    model = ftu.build_digit_cnn()
    assert ftu.trainable_counts(model) == (12_810, 0)
    ftu.freeze_lower_layers(model, 6, learning_rate=1e-2)
    assert ftu.trainable_counts(model) == (8_010, 4_800)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-2)
    ftu.freeze_lower_layers(model, 0, learning_rate=1e-4)
    assert ftu.trainable_counts(model) == (12_810, 0)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-4)


@pytest.mark.parametrize("n_frozen", [-1, 8, 2.5])
def test_freeze_lower_layers_keeps_the_head_trainable(n_frozen):
    with pytest.raises(ValueError, match="n_frozen"):
        ftu.freeze_lower_layers(ftu.build_digit_cnn(), n_frozen, learning_rate=1e-3)


def test_frozen_layers_do_not_change_in_training():
    x = np.random.default_rng(0).random((64, 28, 28), dtype=np.float32)
    y = np.arange(64) % 10
    model = ftu.build_digit_cnn()
    ftu.freeze_lower_layers(model, 6, learning_rate=1e-2)
    before = [w.copy() for w in model.get_layer("conv1").get_weights()]
    head_before = model.get_layer("head").get_weights()[0].copy()
    train(model, x, y, epochs=1, verbose=False)
    after = model.get_layer("conv1").get_weights()
    assert all(np.array_equal(b, a) for b, a in zip(before, after, strict=True))
    assert not np.array_equal(head_before, model.get_layer("head").get_weights()[0])


# --- fine-tuning ----------------------------------------------------------------------------


def test_fine_tune_copies_the_body_zeroes_the_head_and_leaves_the_original():
    x = np.random.default_rng(0).random((32, 28, 28), dtype=np.float32)
    y = np.arange(32) % 5 + 5
    pretrained = ftu.build_digit_cnn()
    original = [w.copy() for w in pretrained.get_weights()]
    run = ftu.fine_tune(pretrained, x, y, n_frozen=6, head_epochs=1, tune_epochs=0)
    assert np.array_equal(
        run.model.get_layer("conv2").get_weights()[0],
        pretrained.get_layer("conv2").get_weights()[0],
    )  # frozen through phase 1
    assert all(
        np.array_equal(a, b) for a, b in zip(original, pretrained.get_weights(), strict=True)
    )
    assert run.model is not pretrained
    assert len(run.history["loss"]) == 1 and run.head_epochs == 1
    assert ftu.trainable_counts(run.model)[1] == 4_800


def test_fine_tune_joins_both_phases_in_one_history():
    x = np.random.default_rng(0).random((32, 28, 28), dtype=np.float32)
    y = np.arange(32) % 10
    run = ftu.fine_tune(
        ftu.build_digit_cnn(), x, y, 6, head_epochs=2, tune_epochs=1, validation_data=(x, y)
    )
    assert len(run.history["loss"]) == len(run.history["val_accuracy"]) == 3
    assert ftu.trainable_counts(run.model) == (12_810, 0)  # unfrozen in phase 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_frozen": 9}, "n_frozen"),
        ({"head_epochs": 0}, "head_epochs"),
        ({"tune_epochs": -1}, "tune_epochs"),
    ],
)
def test_fine_tune_rejects_bad_settings(kwargs, message):
    settings = {"n_frozen": 6, "head_epochs": 1, "tune_epochs": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        ftu.fine_tune(ftu.build_digit_cnn(), np.zeros((2, 28, 28)), np.zeros(2), **settings)


def test_train_from_scratch_uses_the_architecture_not_the_weights():
    x = np.random.default_rng(0).random((32, 28, 28), dtype=np.float32)
    y = np.arange(32) % 10
    architecture = ftu.build_digit_cnn(seed=7)
    run = ftu.train_from_scratch(architecture, x, y, epochs=1)
    assert run.model.count_params() == architecture.count_params()
    assert not np.array_equal(
        run.model.get_layer("conv1").get_weights()[0],
        architecture.get_layer("conv1").get_weights()[0],
    )
    assert run.head_epochs == 0 and len(run.history["accuracy"]) == 1


def test_finetune_vs_scratch_rejects_bad_test_data():
    with pytest.raises(ValueError, match="test_data"):
        ftu.finetune_vs_scratch(
            ftu.build_digit_cnn(), np.zeros((2, 28, 28)), np.zeros(2), np.zeros(2), 6, 1, 0
        )


def test_fine_tuning_beats_training_from_scratch_with_the_fixed_seed(digits):
    """The direction notebook 10 claims: pre-trained lower layers beat random ones on few labels.

    A smaller version of the notebook's run (2,000 pre-training digits, 20 labels per class, few
    epochs) so that it takes seconds; the notebook measures the full one.
    """
    (x_train, y_train), (x_test, y_test) = digits
    x_pre, y_pre = cu.subsample(*ftu.select_digits(x_train, y_train, range(5)), 2000)
    pretrained = ftu.build_digit_cnn()
    train(pretrained, x_pre, y_pre, epochs=2, verbose=False)
    x_new, y_new = ftu.select_digits(x_train, y_train, range(5, 10))
    (x_small, y_small), _ = ftu.take_per_class(x_new, y_new, n_per_class=20)
    test = cu.subsample(*ftu.select_digits(x_test, y_test, range(5, 10)), 1000)
    result = ftu.finetune_vs_scratch(
        pretrained, x_small, y_small, test, n_frozen=6, head_epochs=2, tune_epochs=1
    )
    assert result.finetuned_accuracy > result.scratch_accuracy + 0.05
    assert result.finetuned_accuracy > 0.4  # far above chance (0.2) after 12 steps on 100 digits
