"""Notebook 10's plumbing: digit splits and seeded draws (data.py), parameter counts
(modelfiles.py); and the Keras
freezing pattern notebook 10 relies on."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.data import select_digits, take_per_class
from course_utils.modelfiles import trainable_counts

# --- splitting ----------------------------------------------------------------------------


def test_select_digits_keeps_only_those_labels_in_order():
    x = np.arange(10 * 4).reshape(10, 4)
    y = np.array([0, 5, 1, 6, 2, 7, 3, 8, 4, 9])
    xs, ys = select_digits(x, y, range(5, 10))
    assert ys.tolist() == [5, 6, 7, 8, 9]
    assert xs.tolist() == x[1::2].tolist()


@pytest.mark.parametrize("digits, message", [([], "at least one"), ([3, 10], "between 0 and 9")])
def test_select_digits_rejects_bad_digits(digits, message):
    with pytest.raises(ValueError, match=message):
        select_digits(np.zeros((3, 2)), np.array([0, 1, 2]), digits)


def test_select_digits_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        select_digits(np.zeros((3, 2)), np.array([0, 1]), [0])


def test_take_per_class_draws_a_balanced_set_and_returns_the_rest():
    y = np.repeat(np.arange(5, 10), 10)
    x = np.arange(len(y))
    (xs, ys), (xr, yr) = take_per_class(x, y, n_per_class=3)
    assert np.bincount(ys, minlength=10)[5:].tolist() == [3] * 5
    assert sorted(np.concatenate([xs, xr]).tolist()) == x.tolist()  # a partition
    assert set(xs) & set(xr) == set()
    assert (y[xs] == ys).all() and (y[xr] == yr).all()
    again, _ = take_per_class(x, y, n_per_class=3)
    other, _ = take_per_class(x, y, n_per_class=3, seed=1)
    assert again[0].tolist() == xs.tolist()
    assert other[0].tolist() != xs.tolist()


def test_take_per_class_rejects_too_many_and_bad_counts():
    y = np.array([0, 0, 1])
    with pytest.raises(ValueError, match="label 1 has only 1"):
        take_per_class(np.zeros(3), y, n_per_class=2)
    with pytest.raises(ValueError, match="n_per_class"):
        take_per_class(np.zeros(3), y, n_per_class=0)
    with pytest.raises(ValueError, match="1-D"):
        take_per_class(np.zeros(3), np.zeros((3, 1), dtype=int), n_per_class=1)


# --- draws and counts ------------------------------------------------------------------------


def test_take_per_class_draws_depend_on_the_seed_only():
    x = np.arange(200)
    y = np.arange(200) % 5
    (first, _), _ = take_per_class(x, y, n_per_class=4, seed=0)
    (again, _), _ = take_per_class(x, y, n_per_class=4, seed=0)
    (other, _), _ = take_per_class(x, y, n_per_class=4, seed=1)
    assert first.tolist() == again.tolist()
    assert first.tolist() != other.tolist()


def _body():
    return keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Reshape((28, 28, 1)),
         keras.layers.Conv2D(4, 3, activation="relu", name="conv1"), keras.layers.Flatten()],
        name="body",
    )  # fmt: skip


def _head_on(base):
    inputs = keras.Input((28, 28))
    features = base(inputs, training=False)
    model = keras.Model(inputs, keras.layers.Dense(5)(features))
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def test_trainable_counts_of_a_frozen_body_and_after_unfreezing():
    keras.utils.set_random_seed(0)
    base = _body()
    base.trainable = False
    model = _head_on(base)
    conv = 3 * 3 * 4 + 4
    head = 26 * 26 * 4 * 5 + 5
    assert trainable_counts(model) == (head, conv)
    base.trainable = True
    assert trainable_counts(model) == (head + conv, 0)


def test_a_frozen_body_keeps_its_weights_while_the_head_trains():
    """The claim of notebook 10: base.trainable = False, recompile, fit changes the head only."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((32, 28, 28), dtype=np.float32)
    y = np.arange(32) % 5
    base = _body()
    base.trainable = False
    model = _head_on(base)
    body_before = [w.copy() for w in base.get_weights()]
    head_before = [w.copy() for w in model.layers[-1].get_weights()]
    model.fit(x, y, epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(body_before, base.get_weights(), strict=True))
    assert not np.array_equal(head_before[0], model.layers[-1].get_weights()[0])
    base.trainable = True
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(body_before[0], base.get_weights()[0])
