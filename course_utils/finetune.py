"""Pre-training and fine-tuning: split MNIST by digits, reuse a model's lower layers, compare.

The recipe of transfer learning, in pieces a notebook can show one at a time:

- :func:`select_digits` and :func:`take_per_class` make the two tasks (e.g. digits 0–4 for
  pre-training, a few labelled 5–9 digits for fine-tuning);
- :func:`build_digit_cnn` is a small convolutional network whose lower layers learn pen
  strokes, the kind of feature that carries over from one set of digits to another;
- :func:`freeze_lower_layers` freezes (or unfreezes) the lower layers and recompiles;
- :func:`fine_tune` runs the two phases (new head on frozen layers, then everything at a low
  learning rate), :func:`train_from_scratch` trains the same architecture from random
  weights, and :func:`finetune_vs_scratch` does both and measures them on a test set.

Every model here ends in logits (no softmax) and is compiled with Adam and sparse
categorical cross-entropy ``from_logits=True``, as the course model is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import keras
import numpy as np

from course_utils.env import SEED, reset_session
from course_utils.training import train

NUM_CLASSES = 10


def _check_xy(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x), np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels, got shape {y.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    return x, y


def select_digits(
    x: np.ndarray, y: np.ndarray, digits: Iterable[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Keep only the samples whose label is one of ``digits``, in their original order.

    Labels keep their values (digit 7 stays 7), so a 10-output model can be used throughout.

    Args:
        x: samples, first axis = sample.
        y: integer labels, shape (n,).
        digits: the labels to keep, e.g. ``range(5)``.

    Returns:
        ``(x_kept, y_kept)``.

    Raises:
        ValueError: if ``x`` and ``y`` differ in length, ``digits`` is empty or holds a value
            outside 0–9.
    """
    x, y = _check_xy(x, y)
    digits = sorted({int(d) for d in digits})
    if not digits:
        raise ValueError("digits must name at least one label, got an empty collection")
    if digits[0] < 0 or digits[-1] >= NUM_CLASSES:
        raise ValueError(f"digits must be between 0 and 9, got {digits}")
    keep = np.isin(y, digits)
    return x[keep], y[keep]


def take_per_class(
    x: np.ndarray, y: np.ndarray, n_per_class: int, seed: int = SEED
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Draw a small labelled set with ``n_per_class`` random samples of every label present.

    Args:
        x: samples, first axis = sample.
        y: integer labels, shape (n,).
        n_per_class: how many samples to take of each label.
        seed: seed of the random draw (the same seed gives the same set).

    Returns:
        ``((x_taken, y_taken), (x_rest, y_rest))``: the small set, sorted by label, and every
        other sample in its original order (e.g. to validate on).

    Raises:
        ValueError: if ``x`` and ``y`` differ in length, ``n_per_class < 1`` or a label has
            fewer than ``n_per_class`` samples.
    """
    x, y = _check_xy(x, y)
    if not isinstance(n_per_class, int) or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive int, got {n_per_class!r}")
    rng = np.random.default_rng(seed)
    taken = []
    for label in np.unique(y):
        where = np.flatnonzero(y == label)
        if len(where) < n_per_class:
            raise ValueError(
                f"label {label} has only {len(where)} samples, fewer than n_per_class={n_per_class}"
            )
        taken.append(rng.choice(where, n_per_class, replace=False))
    taken = np.concatenate(taken)
    rest = np.setdiff1d(np.arange(len(y)), taken)
    return (x[taken], y[taken]), (x[rest], y[rest])


def compile_for_digits(model: keras.Model, learning_rate: float = 1e-3) -> None:
    """Compile a logits model as the course does: Adam, sparse cross-entropy, accuracy.

    Call it again after changing which layers are trainable: Keras reads the ``trainable``
    flags when the model is compiled.

    Raises:
        ValueError: if ``learning_rate`` is not a positive number.
    """
    if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )


def build_digit_cnn(
    filters: int = 16, dropout: float = 0.2, learning_rate: float = 1e-3, seed: int | None = SEED
) -> keras.Sequential:
    """Build and compile a small convolutional network for 28×28 digits, ending in 10 logits.

    Layers: Reshape to (28, 28, 1) → Conv2D(filters, 3×3, relu) → MaxPooling 2×2 →
    Conv2D(2·filters, 3×3, relu) → MaxPooling 2×2 → Flatten → Dropout → Dense(10).
    The first six layers (up to Flatten) are the "body" that detects strokes; the last
    Dense layer is the "head" that turns them into digit scores. With ``filters=16`` the
    model has 12,810 parameters.

    Args:
        filters: filters of the first convolution (the second has twice as many).
        dropout: dropout rate before the head, in [0, 1).
        learning_rate: Adam's learning rate.
        seed: if not None, clear Keras' state and fix every seed first.

    Returns:
        A compiled ``keras.Sequential`` taking (28, 28) images scaled to [0, 1].

    Raises:
        ValueError: for ``filters < 1``, ``dropout`` outside [0, 1) or a bad learning rate.
    """
    if not isinstance(filters, int) or filters < 1:
        raise ValueError(f"filters must be a positive int, got {filters!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    if seed is not None:
        reset_session(seed)
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            layers.Reshape((28, 28, 1), name="add_channel"),
            layers.Conv2D(filters, 3, activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(2 * filters, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Flatten(name="flatten"),
            layers.Dropout(dropout, name="dropout"),
            layers.Dense(NUM_CLASSES, name="head"),
        ],
        name="digit_cnn",
    )
    compile_for_digits(model, learning_rate)
    return model


def _check_n_layers(model: keras.Model, n_layers: int, name: str) -> None:
    if not isinstance(n_layers, int) or not 0 <= n_layers < len(model.layers):
        raise ValueError(
            f"{name} must be an int from 0 to {len(model.layers) - 1} (the model has "
            f"{len(model.layers)} layers and the head must stay trainable), got {n_layers!r}"
        )


def freeze_lower_layers(model: keras.Model, n_frozen: int, learning_rate: float) -> None:
    """Freeze the first ``n_frozen`` layers, make all others trainable, and recompile.

    ``n_frozen=0`` unfreezes everything. Recompiling (with a new Adam at ``learning_rate``)
    is what makes Keras take the new ``trainable`` flags into account.

    Raises:
        ValueError: if ``n_frozen`` is not between 0 and the number of layers minus one, or
            ``learning_rate`` is not positive.
    """
    _check_n_layers(model, n_frozen, "n_frozen")
    for i, layer in enumerate(model.layers):
        layer.trainable = i >= n_frozen
    compile_for_digits(model, learning_rate)


def trainable_counts(model: keras.Model) -> tuple[int, int]:
    """Count the parameters that training will change and the frozen ones.

    Returns:
        ``(trainable, frozen)`` numbers of parameters.
    """
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    return trainable, frozen


def _merge(histories: list[keras.callbacks.History]) -> dict[str, list[float]]:
    merged: dict[str, list[float]] = {}
    for history in histories:
        for key, values in history.history.items():
            if key != "learning_rate":
                merged.setdefault(key, []).extend(float(v) for v in values)
    return merged


@dataclass
class TrainingRun:
    """A trained model and its per-epoch history.

    Attributes:
        model: the trained Keras model.
        history: ``{"loss": [...], "accuracy": [...], "val_loss": [...], ...}``, one value
            per epoch over all phases.
        head_epochs: epochs of the first (frozen) phase; 0 for a model trained from scratch.
    """

    model: keras.Model
    history: dict[str, list[float]]
    head_epochs: int = 0


def fine_tune(
    pretrained: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    n_frozen: int,
    head_epochs: int,
    tune_epochs: int,
    head_lr: float = 1e-2,
    tune_lr: float = 1e-4,
    validation_data: tuple | None = None,
    seed: int = SEED,
    verbose: bool = False,
) -> TrainingRun:
    """Fine-tune a copy of a pre-trained model on a new task, in two phases.

    The copy has the same architecture; its first ``n_frozen`` layers get the pre-trained
    weights, its last layer (the head) starts at zero, the layers between start random.
    Phase 1 trains with the copied layers frozen (``head_lr``, ``head_epochs``); phase 2
    unfreezes everything and trains on at a low learning rate (``tune_lr``, ``tune_epochs``;
    0 skips it). The pre-trained model itself is not changed.

    Args:
        pretrained: a trained Keras model ending in logits.
        x: the new task's training samples.
        y: their labels.
        n_frozen: how many lower layers to copy and freeze.
        head_epochs: epochs of phase 1 (at least 1).
        tune_epochs: epochs of phase 2 (0 or more).
        head_lr: Adam's learning rate in phase 1.
        tune_lr: Adam's learning rate in phase 2 (lower, so the copied layers move little).
        validation_data: optional ``(x_val, y_val)`` for the per-epoch history.
        seed: seed for the fresh layers and the training order.
        verbose: print one line per epoch.

    Returns:
        A :class:`TrainingRun` with both phases in one history.

    Raises:
        ValueError: for a bad ``n_frozen``, ``head_epochs < 1`` or ``tune_epochs < 0``.
    """
    _check_n_layers(pretrained, n_frozen, "n_frozen")
    if not isinstance(head_epochs, int) or head_epochs < 1:
        raise ValueError(f"head_epochs must be a positive int, got {head_epochs!r}")
    if not isinstance(tune_epochs, int) or tune_epochs < 0:
        raise ValueError(f"tune_epochs must be an int >= 0, got {tune_epochs!r}")
    reset_session(seed)
    model = keras.models.clone_model(pretrained)
    for new, old in zip(model.layers[:n_frozen], pretrained.layers[:n_frozen], strict=True):
        new.set_weights(old.get_weights())
    head = model.layers[-1]
    head.set_weights([np.zeros_like(w) for w in head.get_weights()])
    freeze_lower_layers(model, n_frozen, head_lr)
    histories = [train(model, x, y, head_epochs, validation_data=validation_data, verbose=verbose)]
    if tune_epochs:
        freeze_lower_layers(model, 0, tune_lr)
        histories.append(
            train(model, x, y, tune_epochs, validation_data=validation_data, verbose=verbose)
        )
    return TrainingRun(model, _merge(histories), head_epochs)


def train_from_scratch(
    architecture: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    epochs: int,
    learning_rate: float = 1e-3,
    validation_data: tuple | None = None,
    seed: int = SEED,
    verbose: bool = False,
) -> TrainingRun:
    """Train a fresh copy of ``architecture`` (same layers, new random weights) on the data.

    Args:
        architecture: a Keras model whose layers to copy; its weights are not used or changed.
        x: training samples.
        y: their labels.
        epochs: training epochs.
        learning_rate: Adam's learning rate.
        validation_data: optional ``(x_val, y_val)``.
        seed: seed for the random weights and the training order.
        verbose: print one line per epoch.

    Returns:
        A :class:`TrainingRun`.
    """
    reset_session(seed)
    model = keras.models.clone_model(architecture)
    compile_for_digits(model, learning_rate)
    history = train(model, x, y, epochs, validation_data=validation_data, verbose=verbose)
    return TrainingRun(model, _merge([history]))


@dataclass
class Comparison:
    """Fine-tuning against training from scratch on the same small data set.

    Attributes:
        finetuned: the fine-tuned run.
        scratch: the from-scratch run.
        finetuned_accuracy: test accuracy of the fine-tuned model.
        scratch_accuracy: test accuracy of the model trained from scratch.
    """

    finetuned: TrainingRun
    scratch: TrainingRun
    finetuned_accuracy: float
    scratch_accuracy: float


def finetune_vs_scratch(
    pretrained: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    test_data: tuple[np.ndarray, np.ndarray],
    n_frozen: int,
    head_epochs: int,
    tune_epochs: int,
    head_lr: float = 1e-2,
    tune_lr: float = 1e-4,
    scratch_lr: float = 1e-3,
    validation_data: tuple | None = None,
    seed: int = SEED,
) -> Comparison:
    """Fine-tune ``pretrained`` and train the same architecture from scratch; test both.

    The from-scratch model trains for ``head_epochs + tune_epochs`` epochs, as many as the
    fine-tuned one in total, at ``scratch_lr``. Both use the same data and seed.

    Args:
        pretrained: the pre-trained model (logits output).
        x: the small labelled training set of the new task.
        y: its labels.
        test_data: ``(x_test, y_test)`` of the new task.
        n_frozen: lower layers to copy and freeze (see :func:`fine_tune`).
        head_epochs: epochs with the lower layers frozen.
        tune_epochs: epochs with everything trainable at ``tune_lr``.
        head_lr: learning rate of the frozen phase.
        tune_lr: learning rate of the unfrozen phase.
        scratch_lr: learning rate of the model trained from scratch.
        validation_data: optional ``(x_val, y_val)`` for the histories.
        seed: the seed of both runs.

    Returns:
        A :class:`Comparison`.

    Raises:
        ValueError: if ``test_data`` is not a pair of equally long arrays, or for the
            reasons of :func:`fine_tune`.
    """
    if not isinstance(test_data, (tuple, list)) or len(test_data) != 2:
        raise ValueError("test_data must be a pair (x_test, y_test)")
    x_test, y_test = _check_xy(*test_data)
    tuned = fine_tune(
        pretrained, x, y, n_frozen, head_epochs, tune_epochs, head_lr, tune_lr,
        validation_data, seed,
    )  # fmt: skip
    scratch = train_from_scratch(
        pretrained, x, y, head_epochs + tune_epochs, scratch_lr, validation_data, seed
    )
    return Comparison(
        tuned,
        scratch,
        float(tuned.model.evaluate(x_test, y_test, verbose=0)[1]),
        float(scratch.model.evaluate(x_test, y_test, verbose=0)[1]),
    )
