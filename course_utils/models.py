"""The course model, as notebook 07 shows it: Flatten → Dense(128, ReLU) → Dropout → Dense(10).

Notebooks 07-08 and the bench (``course.py bench``) build it from here; compile it yourself.
"""

from __future__ import annotations

import keras


# Shown in notebooks/07_optimizers_and_learning_rate.ipynb: keep the two identical.
def make_model(dropout: float = 0.2) -> keras.Sequential:
    """The course model, uncompiled: Flatten → Dense(128, ReLU) → Dropout → Dense(10) logits.

    Args:
        dropout: the dropout rate before the output layer.

    Returns:
        A new ``keras.Sequential`` for 28 × 28 images (compile it yourself).
    """
    return keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(dropout),
            keras.layers.Dense(10),
        ]
    )
