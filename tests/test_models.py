"""Notebook 07's course model (course_utils.models) and the two-weight optimizer path
(course_utils.experiments.optimize_2d)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.experiments import optimize_2d
from course_utils.models import make_model


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
