"""A compiled dense model of any width, for the tests of saving, inference and deployment.

Its layers are the course model's (``course_utils.models.make_model``), with the hidden width as
an argument so that the tests train in a blink; it is compiled with Adam, so files hold state.
"""

from __future__ import annotations

import keras

from course_utils.env import SEED, reset_session


def compiled_model(
    hidden_units: int = 128, output: str = "logits", seed: int | None = SEED
) -> keras.Sequential:
    """Flatten → Dense(hidden_units, relu) → Dropout(0.2) → Dense(10), compiled with Adam.

    ``output="softmax"`` puts a softmax on the last layer (and the loss takes probabilities);
    ``seed`` (None: leave the state as it is) clears Keras' state and seeds it first, so a
    rebuilt model has the same weights.
    """
    if seed is not None:
        reset_session(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax" if output == "softmax" else None),
        ],
        name=f"mnist_{output}",
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=output == "logits"),
        metrics=["accuracy"],
    )
    return model
