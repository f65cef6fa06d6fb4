"""The exact loss values notebook 06 teaches, computed the way Keras computes them."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest


def test_the_worked_cross_entropy_values_to_four_decimals():
    assert round(-math.log10(0.8), 4) == 0.0969
    assert round(-math.log10(0.5), 4) == 0.3010
    bce = keras.losses.BinaryCrossentropy()
    assert round(float(bce(np.array([[1.0]]), np.array([[0.8]]))), 4) == 0.2231
    assert round(float(bce(np.array([[1.0]]), np.array([[0.5]]))), 4) == 0.6931


def test_the_larger_the_error_the_larger_the_cross_entropy():
    bce = keras.losses.BinaryCrossentropy()
    losses = [float(bce(np.array([[1.0]]), np.array([[p]]))) for p in (0.99, 0.8, 0.5, 0.1)]
    assert losses == sorted(losses)


def test_categorical_equals_sparse_categorical_cross_entropy_on_the_same_batch():
    rng = np.random.default_rng(42)
    logits = rng.normal(size=(8, 10)).astype("float32")
    labels = rng.integers(0, 10, size=8)
    sparse = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    onehot = keras.losses.CategoricalCrossentropy(from_logits=True)(np.eye(10)[labels], logits)
    assert float(sparse) == pytest.approx(float(onehot), rel=1e-6)


def test_mse_mae_huber_react_to_an_outlier_as_taught():
    y_true = np.array([1.0, 2.0, 3.0, 4.0])
    y_pred = np.array([1.5, 2.0, 2.5, 4.0])
    outlier = y_true.copy()
    outlier[-1] = 14.0  # one target 10 away from its prediction

    def losses(t):
        return [
            float(keras.losses.MeanSquaredError()(t, y_pred)),
            float(keras.losses.MeanAbsoluteError()(t, y_pred)),
            float(keras.losses.Huber(delta=1.0)(t, y_pred)),
        ]

    (mse, mae, huber), (mse_o, mae_o, huber_o) = losses(y_true), losses(outlier)
    assert mse == pytest.approx(0.125) and mae == pytest.approx(0.25)
    assert huber == pytest.approx(0.0625)
    assert mse_o / mse > mae_o / mae > 1 and mse_o / mse > huber_o / huber
