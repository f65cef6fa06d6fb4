"""The course's MNIST model and a train helper that respects the fast mode."""

from __future__ import annotations

import time

import keras
import numpy as np

from course_utils.env import SEED, fast_mode, reset_session

FAST_MAX_EPOCHS = 3
FAST_MAX_SAMPLES = 2000


def build_mnist_model(
    hidden_units: int = 128,
    activation: str = "relu",
    dropout: float = 0.2,
    output: str = "logits",
    kernel_initializer: str = "glorot_uniform",
    optimizer: str | keras.optimizers.Optimizer = "adam",
    seed: int | None = SEED,
) -> keras.Sequential:
    """Build and compile the course model: Flatten → Dense(relu) → Dropout → Dense(10).

    Args:
        hidden_units: units of the hidden Dense layer (128 in the course model).
        activation: activation of the hidden layer.
        dropout: dropout rate after the hidden layer, in [0, 1).
        output: ``"logits"`` (no activation; loss with ``from_logits=True``, the numerically
            safer choice) or ``"softmax"`` (probabilities; loss with ``from_logits=False``).
        kernel_initializer: initialiser of both Dense layers.
        optimizer: a Keras optimizer or its name.
        seed: if not None, clear Keras' state and fix every seed first, so a rebuilt model
            starts from the same weights.

    Returns:
        A compiled ``keras.Sequential`` with input shape (28, 28), 101,770 parameters by default.

    Raises:
        ValueError: for ``hidden_units < 1``, ``dropout`` outside [0, 1) or an unknown ``output``.
    """
    if not isinstance(hidden_units, int) or hidden_units < 1:
        raise ValueError(f"hidden_units must be a positive int, got {hidden_units!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    if output not in ("logits", "softmax"):
        raise ValueError(f"output must be 'logits' or 'softmax', got {output!r}")
    if seed is not None:
        reset_session(seed)
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            layers.Flatten(),
            layers.Dense(
                hidden_units, activation=activation, kernel_initializer=kernel_initializer
            ),
            layers.Dropout(dropout),
            layers.Dense(
                10,
                activation=None if output == "logits" else "softmax",
                kernel_initializer=kernel_initializer,
            ),
        ],
        name=f"mnist_{output}",
    )
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=output == "logits"),
        metrics=["accuracy"],
    )
    return model


class EpochLog(keras.callbacks.Callback):
    """Print one short line per epoch (or every ``every`` epochs): no progress bars, no timings."""

    def __init__(self, epochs: int, every: int | None = None):
        super().__init__()
        self.epochs = epochs
        self.every = every or max(1, epochs // 10)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        done = epoch + 1
        if done % self.every and done != self.epochs:
            return
        shown = "  ".join(f"{k} {v:.4f}" for k, v in (logs or {}).items() if k != "learning_rate")
        print(f"epoch {done:>{len(str(self.epochs))}}/{self.epochs}  {shown}")


def train(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int = 32,
    validation_data: tuple | None = None,
    validation_split: float = 0.0,
    callbacks: list | None = None,
    verbose: bool = True,
    shuffle: bool = True,
) -> keras.callbacks.History:
    """Fit a model, printing one line per epoch; in fast mode on fewer epochs and samples.

    In fast mode (``COURSE_FAST=1``) training is capped at 3 epochs and 2,000 samples, and a
    line says so. The result is a normal Keras ``History`` with an extra attribute ``seconds``
    (wall-clock training time).

    Args:
        model: a compiled Keras model.
        x: inputs, first axis = sample.
        y: targets, same length as ``x``.
        epochs: number of passes over the data (full mode).
        batch_size: samples per gradient step.
        validation_data: optional ``(x_val, y_val)``.
        validation_split: share of ``x`` to hold out for validation if no validation_data.
        callbacks: extra Keras callbacks.
        verbose: print the per-epoch lines.
        shuffle: shuffle the samples every epoch.

    Returns:
        The ``History`` of ``model.fit``, with ``history.seconds``.

    Raises:
        ValueError: for ``epochs < 1``, ``batch_size < 1`` or mismatched lengths.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if fast_mode() and (epochs > FAST_MAX_EPOCHS or len(x) > FAST_MAX_SAMPLES):
        full_epochs, full_n = epochs, len(x)
        epochs = min(epochs, FAST_MAX_EPOCHS)
        if len(x) > FAST_MAX_SAMPLES:
            keep = np.random.default_rng(SEED).choice(len(x), FAST_MAX_SAMPLES, replace=False)
            x, y = x[np.sort(keep)], y[np.sort(keep)]
        if verbose:
            print(
                f"fast mode: {epochs} of {full_epochs} epochs on {len(x):,} of {full_n:,} samples"
            )
    all_callbacks = list(callbacks or []) + ([EpochLog(epochs)] if verbose else [])
    start = time.perf_counter()
    history = model.fit(
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=validation_data,
        validation_split=validation_split,
        callbacks=all_callbacks,
        shuffle=shuffle,
        verbose=0,
    )
    history.seconds = time.perf_counter() - start
    return history
