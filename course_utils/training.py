"""Training plumbing: a compact per-epoch log for ``fit``; the recipes ``course.py bench`` times.

``EpochLog`` is the callback the notebooks pass to ``model.fit(..., verbose=0,
callbacks=[training.EpochLog()])``: one short line per epoch instead of progress bars.

Notebook 04 writes the course model and its training in plain Keras (``keras.Sequential``,
``compile``, ``fit``) and measures the recipe's three changes one at a time. This module keeps
the same model and recipes for the benchmark (``python -m course_utils.bench``) and for helpers
of later notebooks:

- ``build_mnist_model``: Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10), compiled;
- ``QUICKSTART``: TensorFlow's beginner quickstart — Adam at its default learning rate,
  batch 32, 5 epochs;
- ``COURSE_RECIPE``: the same model, batch 512, Adam with a learning rate that starts at 5e-3
  and decays to 0 along a cosine, 12 epochs, on the training digits plus four copies of them
  shifted by one pixel (up, down, left, right);
- ``train_recipe(recipe, x, y)`` builds a fresh model and trains it with a recipe; ``train``
  fits with fast-mode caps (used by ``course_utils.experiments``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import keras
import numpy as np

from course_utils.env import SEED, fast_mode, reset_session
from course_utils.images import shift_digits

FAST_MAX_EPOCHS = 3
FAST_MAX_SAMPLES = 2000


def check_mlp_arguments(output: str, dropout: float, **sizes: int) -> None:
    """Check the arguments shared by the course's dense models.

    Args:
        output: must be ``"logits"`` or ``"softmax"``.
        dropout: must be in [0, 1).
        **sizes: layer counts or widths (e.g. ``hidden_units=128``), each a positive int.

    Raises:
        ValueError: naming the first argument that is off, what was expected and what was given.
    """
    for name, value in sizes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    if output not in ("logits", "softmax"):
        raise ValueError(f"output must be 'logits' or 'softmax', got {output!r}")


def output_layer(
    output: str, kernel_initializer: str = "glorot_uniform", name: str | None = None
) -> keras.layers.Dense:
    """The 10-class output layer: raw logits, or probabilities with ``output="softmax"``."""
    return keras.layers.Dense(
        10,
        activation=None if output == "logits" else "softmax",
        kernel_initializer=kernel_initializer,
        name=name,
    )


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
    check_mlp_arguments(hidden_units=hidden_units, dropout=dropout, output=output)
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
            output_layer(output, kernel_initializer),
        ],
        name=f"mnist_{output}",
    )
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=output == "logits"),
        metrics=["accuracy"],
    )
    return model


def fast_mode_caps(epochs: int, n_samples: int) -> tuple[int, int]:
    """The epochs and samples a training run really uses in the current mode.

    Args:
        epochs: the epochs asked for.
        n_samples: the training samples given.

    Returns:
        ``(epochs, n_samples)`` unchanged in a full run; in fast mode capped at
        ``FAST_MAX_EPOCHS`` and ``FAST_MAX_SAMPLES``.
    """
    if not fast_mode():
        return epochs, n_samples
    return min(epochs, FAST_MAX_EPOCHS), min(n_samples, FAST_MAX_SAMPLES)


def cosine_adam(
    learning_rate: float, decay_steps: int, final_fraction: float = 0.0
) -> keras.optimizers.Adam:
    """Adam whose learning rate falls from ``learning_rate`` to a fraction of it along a cosine.

    A high rate early moves fast; the small rate at the end lets the weights settle, so the
    last epoch's model is a good one without tuning when to stop.

    Args:
        learning_rate: the starting learning rate.
        decay_steps: the number of gradient steps (batches) over which it decays, usually
            ``epochs × ceil(samples / batch_size)``.
        final_fraction: the rate at the end, as a share of the start (0 = decays to 0).

    Returns:
        A ``keras.optimizers.Adam`` with a ``CosineDecay`` schedule.

    Raises:
        ValueError: for a learning rate that is not positive, ``decay_steps < 1``, or a
            ``final_fraction`` outside [0, 1].
    """
    if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if not isinstance(decay_steps, (int, np.integer)) or decay_steps < 1:
        raise ValueError(f"decay_steps must be a positive int, got {decay_steps!r}")
    if not 0 <= final_fraction <= 1:
        raise ValueError(f"final_fraction must be in [0, 1], got {final_fraction!r}")
    schedule = keras.optimizers.schedules.CosineDecay(
        float(learning_rate), int(decay_steps), alpha=float(final_fraction)
    )
    return keras.optimizers.Adam(learning_rate=schedule)


STRAIGHT_SHIFTS = ((-1, 0), (1, 0), (0, -1), (0, 1))  # up, down, left, right
DIAGONAL_SHIFTS = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def shift_augment(
    x: np.ndarray, y: np.ndarray, pixels: int = 1, diagonal: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Data augmentation (数据增强): add copies of every digit moved by a pixel or two.

    A digit moved by a pixel is still the same digit, so the copies teach the model that
    position does not matter — without any new data. Split off validation and test data
    before augmenting, or their shifted twins leak into training.

    Args:
        x: images, shape (n, 28, 28), uint8 or float.
        y: labels, shape (n,).
        pixels: the largest shift; copies are made for every distance 1..``pixels``.
        diagonal: also shift diagonally (8 directions instead of 4).

    Returns:
        ``(x_augmented, y_augmented)``: the originals first, then one shifted copy per
        direction and distance — ``1 + 4 × pixels`` times the data (``1 + 8 × pixels``
        with ``diagonal``).

    Raises:
        ValueError: for mismatched lengths, a wrong image shape, or ``pixels`` not in 1..4.
    """
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if np.ndim(x) != 3:
        raise ValueError(f"x must be a batch of images (n, 28, 28), got shape {np.shape(x)}")
    if not isinstance(pixels, (int, np.integer)) or not 1 <= pixels <= 4:
        raise ValueError(f"pixels must be an int from 1 to 4, got {pixels!r}")
    directions = STRAIGHT_SHIFTS + (DIAGONAL_SHIFTS if diagonal else ())
    copies = [x] + [
        shift_digits(x, dy * d, dx * d) for d in range(1, pixels + 1) for dy, dx in directions
    ]
    return np.concatenate(copies), np.tile(np.asarray(y), len(copies))


@dataclass(frozen=True)
class Recipe:
    """How to train the course model: optimizer settings, batch size, epochs, augmentation.

    Attributes:
        name: a short name for tables.
        epochs: passes over the (augmented) training data.
        batch_size: samples per gradient step.
        learning_rate: Adam's (starting) learning rate.
        cosine: decay the learning rate to 0 along a cosine (else keep it constant).
        shift_pixels: 0 for no augmentation, else the largest shift of ``shift_augment``.
        diagonal_shifts: also shift diagonally.
    """

    name: str
    epochs: int
    batch_size: int
    learning_rate: float = 1e-3
    cosine: bool = False
    shift_pixels: int = 0
    diagonal_shifts: bool = False

    def __post_init__(self) -> None:
        for field in ("epochs", "batch_size"):
            value = getattr(self, field)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{field} must be a positive int, got {value!r}")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {self.learning_rate!r}")
        if not isinstance(self.shift_pixels, int) or not 0 <= self.shift_pixels <= 4:
            raise ValueError(f"shift_pixels must be an int from 0 to 4, got {self.shift_pixels!r}")

    @property
    def copies(self) -> int:
        """How many times the training data the augmentation makes (1 = none)."""
        return 1 + self.shift_pixels * (8 if self.diagonal_shifts else 4)

    def describe(self) -> str:
        """One line: optimizer, learning rate, batch size, epochs, augmentation."""
        rate = f"lr {self.learning_rate:g}" + (" cosine-decayed" if self.cosine else "")
        epochs = f"{self.epochs} epoch" + ("s" if self.epochs != 1 else "")
        text = f"Adam {rate}, batch {self.batch_size}, {epochs}"
        if self.shift_pixels:
            pixels = "1 px" if self.shift_pixels == 1 else f"1–{self.shift_pixels} px"
            kind = "8 directions" if self.diagonal_shifts else "up/down/left/right"
            text += f", {self.copies}× data (shifts of {pixels}, {kind})"
        return text


QUICKSTART = Recipe("TensorFlow quickstart", epochs=5, batch_size=32)
COURSE_RECIPE = Recipe(
    "course default", epochs=12, batch_size=512, learning_rate=5e-3, cosine=True, shift_pixels=1
)


def train_recipe(
    recipe: Recipe,
    x: np.ndarray,
    y: np.ndarray,
    validation_data: tuple | None = None,
    output: str = "logits",
    seed: int = SEED,
    verbose: bool = True,
) -> tuple[keras.Sequential, keras.callbacks.History]:
    """Build a fresh course model and train it with a recipe.

    Args:
        recipe: the :class:`Recipe`, e.g. ``COURSE_RECIPE`` or ``QUICKSTART``.
        x: training images scaled to [0, 1], shape (n, 28, 28) (not yet augmented).
        y: training labels, shape (n,).
        validation_data: optional ``(x_val, y_val)``, never augmented.
        output: ``"logits"`` or ``"softmax"`` (see ``build_mnist_model``).
        seed: the seed for the weights and the shuffling.
        verbose: print the per-epoch lines (and the fast-mode note).

    Returns:
        ``(model, history)``; ``history.seconds`` is the training time and
        ``history.samples`` the training samples per epoch (after augmentation).

    Raises:
        TypeError: if ``recipe`` is not a :class:`Recipe`.
        ValueError: for mismatched or wrongly shaped ``x`` and ``y``.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a Recipe, got {type(recipe).__name__}")
    if recipe.shift_pixels:
        x, y = shift_augment(x, y, recipe.shift_pixels, recipe.diagonal_shifts)
    if recipe.cosine:
        epochs, samples = fast_mode_caps(recipe.epochs, len(x))
        steps = epochs * math.ceil(samples / recipe.batch_size)
        optimizer = cosine_adam(recipe.learning_rate, steps)
    else:
        optimizer = keras.optimizers.Adam(learning_rate=recipe.learning_rate)
    model = build_mnist_model(output=output, optimizer=optimizer, seed=seed)
    history = train(
        model,
        x,
        y,
        epochs=recipe.epochs,
        batch_size=recipe.batch_size,
        validation_data=validation_data,
        verbose=verbose,
    )
    return model, history


class EpochLog(keras.callbacks.Callback):
    """Print one short line per epoch (or every ``every`` epochs): no progress bars, no timings.

    Pass it to ``fit`` with ``verbose=0``: ``model.fit(..., verbose=0, callbacks=[EpochLog()])``.

    Args:
        epochs: the number of epochs of the run; None (the default) reads it from ``fit``.
        every: print every ``every`` epochs (the last one always); None means about ten lines.
    """

    def __init__(self, epochs: int | None = None, every: int | None = None):
        super().__init__()
        self.epochs = epochs
        self.every = every

    def on_train_begin(self, logs: dict | None = None) -> None:
        if self.epochs is None:
            self.epochs = int((self.params or {}).get("epochs") or 1)
        if self.every is None:
            self.every = max(1, self.epochs // 10)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.epochs is None or self.every is None:
            self.on_train_begin()
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
        The ``History`` of ``model.fit``, with ``history.seconds`` and ``history.samples``.

    Raises:
        ValueError: for ``epochs < 1``, ``batch_size < 1`` or mismatched lengths.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    run_epochs, run_samples = fast_mode_caps(epochs, len(x))
    if (run_epochs, run_samples) != (epochs, len(x)):
        if verbose:
            print(
                f"fast mode: {run_epochs} of {epochs} epochs on {run_samples:,} of "
                f"{len(x):,} samples"
            )
        if run_samples < len(x):
            keep = np.sort(np.random.default_rng(SEED).choice(len(x), run_samples, replace=False))
            x, y = x[keep], y[keep]
        epochs = run_epochs
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
    history.samples = len(x)
    return history
