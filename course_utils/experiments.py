"""Controlled experiments: train several versions of the course model, one change each.

Every configuration (:class:`Config`) is the course MNIST model with one setting changed —
activation, loss, optimizer, learning rate, batch size, epochs, dropout or initialiser. The
runner trains each one from the same seed on the same data and returns a
:class:`ResultTable`: one row per configuration with final accuracies and losses, the
training time, the epochs run and whether training diverged, plus the per-epoch history.
A run whose loss turns NaN or explodes is stopped, recorded as diverged, and never crashes.

Example::

    data = mnist_experiment_data(n_train=4000)
    table = run_experiments([Config("relu"), Config("sigmoid", activation="sigmoid")], data)
    table                      # an aligned table (HTML in Jupyter)
    table["sigmoid"].history   # per-epoch loss / accuracy / val_loss / ...

In fast mode (``COURSE_FAST=1``) training goes through :func:`course_utils.training.train`,
which caps every run at 3 epochs and 2,000 samples.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import keras
import numpy as np

from course_utils.data import load_mnist, scale_pixels, subsample, train_val_split
from course_utils.env import SEED, fast_mode, reset_session
from course_utils.training import build_mnist_model, check_mlp_arguments, output_layer, train

LOSSES = ("sparse_categorical_crossentropy", "categorical_crossentropy", "mse")
OPTIMIZERS = {
    "sgd": keras.optimizers.SGD,
    "rmsprop": keras.optimizers.RMSprop,
    "adam": keras.optimizers.Adam,
    "adagrad": keras.optimizers.Adagrad,
    "adamw": keras.optimizers.AdamW,
}
EXPLODE_FACTOR = 100.0  # a batch loss this many times the first one counts as diverged


@dataclass(frozen=True)
class Config:
    """One experiment: the course model (Flatten → Dense → Dropout → Dense(10)) with changes.

    Attributes:
        name: the row name in the result table, e.g. ``"sigmoid"`` or ``"lr = 0.1"``.
        activation: activation of the hidden layer(s), a Keras name such as ``"relu"``.
        loss: ``"sparse_categorical_crossentropy"`` (integer labels, logits output),
            ``"categorical_crossentropy"`` (one-hot labels, logits output) or ``"mse"``
            (one-hot labels, softmax output).
        optimizer: ``"sgd"``, ``"rmsprop"``, ``"adam"``, ``"adagrad"`` or ``"adamw"``.
        learning_rate: a float, a ``keras.optimizers.schedules.LearningRateSchedule``, or
            None for the optimizer's default (SGD 0.01, Adam and RMSprop 0.001).
        momentum: momentum of SGD (only with ``optimizer="sgd"``).
        clipnorm: clip each gradient to this norm (None: no clipping).
        batch_size: samples per gradient step.
        epochs: passes over the training data (fast mode caps them at 3).
        dropout: dropout rate before the output layer.
        kernel_initializer: initialiser of the Dense kernels (a name or a Keras initializer).
        hidden_units: units per hidden layer.
        hidden_layers: 1 for the course model; more builds a deep stack of equal layers.
        shuffle: shuffle the training samples every epoch.
        callbacks: Keras callbacks, or functions without arguments that return one (use a
            function when the same Config may run twice: a callback keeps state).
    """

    name: str
    activation: str = "relu"
    loss: str = "sparse_categorical_crossentropy"
    optimizer: str = "adam"
    learning_rate: Any = None
    momentum: float = 0.0
    clipnorm: float | None = None
    batch_size: int = 32
    epochs: int = 5
    dropout: float = 0.2
    kernel_initializer: Any = "glorot_uniform"
    hidden_units: int = 128
    hidden_layers: int = 1
    shuffle: bool = True
    callbacks: tuple = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {self.loss!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"optimizer must be one of {tuple(OPTIMIZERS)}, got {self.optimizer!r}"
            )
        if self.momentum and self.optimizer != "sgd":
            raise ValueError(f"momentum is for optimizer='sgd', got optimizer={self.optimizer!r}")
        if isinstance(self.learning_rate, (int, float)) and not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {self.learning_rate}")
        for name in ("batch_size", "epochs", "hidden_units", "hidden_layers"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")
        if self.clipnorm is not None and not self.clipnorm > 0:
            raise ValueError(f"clipnorm must be positive or None, got {self.clipnorm}")
        if not isinstance(self.callbacks, (tuple, list)):
            raise TypeError(f"callbacks must be a tuple, got {type(self.callbacks).__name__}")
        object.__setattr__(self, "callbacks", tuple(self.callbacks))

    def changes(self) -> dict[str, Any]:
        """The settings that differ from the course defaults (the name excluded)."""
        default = Config(name="default")
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "name" and getattr(self, f.name) != getattr(default, f.name)
        }


@dataclass(frozen=True)
class ExperimentData:
    """Scaled MNIST images (float32 in [0, 1]) and integer labels, split three ways."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def __post_init__(self) -> None:
        for split in ("train", "val", "test"):
            x, y = getattr(self, f"x_{split}"), getattr(self, f"y_{split}")
            if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
                raise TypeError(f"x_{split} and y_{split} must be NumPy arrays")
            if len(x) != len(y) or len(x) == 0:
                raise ValueError(
                    f"x_{split} and y_{split} must be non-empty and of equal length, "
                    f"got {len(x)} and {len(y)}"
                )

    def describe(self) -> str:
        """One line with the three sizes."""
        return (
            f"{len(self.x_train):,} train / {len(self.x_val):,} validation / "
            f"{len(self.x_test):,} test digits"
        )


def mnist_experiment_data(
    n_train: int = 4000, n_val: int = 1000, n_test: int = 2000, seed: int = SEED
) -> ExperimentData:
    """Load MNIST once and cut the same small, scaled train / validation / test sets.

    The validation digits are split off the training set first, then ``n_train`` of the
    rest are drawn; ``n_test`` digits are drawn from the official test set.

    Args:
        n_train: training digits.
        n_val: validation digits.
        n_test: test digits.
        seed: seed of the random split.

    Returns:
        An :class:`ExperimentData`.

    Raises:
        ValueError: if a size is not a positive int, or ``n_train + n_val`` exceeds the
            training digits available.
    """
    for name, value in (("n_train", n_train), ("n_val", n_val), ("n_test", n_test)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    (x, y), (x_test, y_test) = load_mnist()
    if n_train + n_val > len(x):
        raise ValueError(
            f"n_train + n_val must be at most {len(x):,} (the training digits available), "
            f"got {n_train + n_val:,}"
        )
    (x_rest, y_rest), (x_val, y_val) = train_val_split(x, y, val_fraction=n_val / len(x), seed=seed)
    x_train, y_train = subsample(x_rest, y_rest, n_train, seed=seed)
    x_test, y_test = subsample(x_test, y_test, n_test, seed=seed)
    return ExperimentData(
        scale_pixels(x_train),
        y_train.astype(np.int64),
        scale_pixels(x_val),
        y_val.astype(np.int64),
        scale_pixels(x_test),
        y_test.astype(np.int64),
    )


def make_optimizer(
    name: str = "adam",
    learning_rate: Any = None,
    momentum: float = 0.0,
    clipnorm: float | None = None,
) -> keras.optimizers.Optimizer:
    """Create a fresh Keras optimizer by name.

    Args:
        name: ``"sgd"``, ``"rmsprop"``, ``"adam"``, ``"adagrad"`` or ``"adamw"``.
        learning_rate: float or schedule; None keeps the optimizer's default.
        momentum: SGD momentum (only for ``"sgd"``).
        clipnorm: clip each gradient to this norm, or None.

    Returns:
        A new optimizer instance (optimizers keep state, so never share one between models).

    Raises:
        ValueError: for an unknown name, or momentum with another optimizer than SGD.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {tuple(OPTIMIZERS)}, got {name!r}")
    kwargs: dict[str, Any] = {}
    if learning_rate is not None:
        kwargs["learning_rate"] = learning_rate
    if momentum:
        if name != "sgd":
            raise ValueError(f"momentum is for optimizer 'sgd', got {name!r}")
        kwargs["momentum"] = momentum
    if clipnorm is not None:
        kwargs["clipnorm"] = clipnorm
    return OPTIMIZERS[name](**kwargs)


def build_deep_mlp(
    hidden_layers: int = 10,
    hidden_units: int = 64,
    activation: str = "relu",
    kernel_initializer: Any = "glorot_uniform",
    dropout: float = 0.0,
    output: str = "logits",
    seed: int | None = SEED,
) -> keras.Sequential:
    """Build (not compile) a deep stack: Flatten → ``hidden_layers`` × Dense → Dropout → Dense(10).

    The course model with more hidden layers, used to measure vanishing and exploding
    gradients. Dense layers are named ``dense_1 … dense_N`` and ``output``.

    Args:
        hidden_layers: number of hidden Dense layers (at least 1).
        hidden_units: units per hidden layer.
        activation: activation of the hidden layers.
        kernel_initializer: initialiser of every kernel.
        dropout: dropout rate before the output layer, in [0, 1).
        output: ``"logits"`` or ``"softmax"``.
        seed: if not None, clear Keras' state and fix the seeds first.

    Returns:
        An uncompiled ``keras.Sequential`` taking (28, 28) images.

    Raises:
        ValueError: for non-positive sizes, a dropout outside [0, 1) or an unknown output.
    """
    check_mlp_arguments(
        output=output, dropout=dropout, hidden_layers=hidden_layers, hidden_units=hidden_units
    )
    if seed is not None:
        reset_session(seed)
    layers: list = [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    for i in range(1, hidden_layers + 1):
        layers.append(
            keras.layers.Dense(
                hidden_units,
                activation=activation,
                kernel_initializer=kernel_initializer,
                name=f"dense_{i}",
            )
        )
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    layers.append(output_layer(output, kernel_initializer, name="output"))
    return keras.Sequential(layers, name=f"deep_mlp_{hidden_layers}")


def _loss_object(loss: str) -> keras.losses.Loss:
    if loss == "sparse_categorical_crossentropy":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    if loss == "categorical_crossentropy":
        return keras.losses.CategoricalCrossentropy(from_logits=True)
    return keras.losses.MeanSquaredError()


def _targets(y: np.ndarray, loss: str) -> np.ndarray:
    """Integer labels for sparse cross-entropy, one-hot rows for the other losses."""
    if loss == "sparse_categorical_crossentropy":
        return y
    return np.eye(10, dtype=np.float32)[y]


def build_model(config: Config, seed: int = SEED) -> keras.Model:
    """Build and compile the model a :class:`Config` describes, from a fixed seed.

    One hidden layer gives the course model (:func:`course_utils.training.build_mnist_model`),
    recompiled with the configured loss and optimizer; more layers give
    :func:`build_deep_mlp`. MSE uses a softmax output, the cross-entropies use logits.

    Raises:
        TypeError: if ``config`` is not a :class:`Config`.
    """
    if not isinstance(config, Config):
        raise TypeError(f"config must be a Config, got {type(config).__name__}")
    output = "softmax" if config.loss == "mse" else "logits"
    if config.hidden_layers == 1:
        model = build_mnist_model(
            hidden_units=config.hidden_units,
            activation=config.activation,
            dropout=config.dropout,
            output=output,
            kernel_initializer=config.kernel_initializer,
            seed=seed,
        )
    else:
        model = build_deep_mlp(
            config.hidden_layers,
            config.hidden_units,
            config.activation,
            config.kernel_initializer,
            config.dropout,
            output,
            seed=seed,
        )
    accuracy = (
        keras.metrics.SparseCategoricalAccuracy(name="accuracy")
        if config.loss == "sparse_categorical_crossentropy"
        else keras.metrics.CategoricalAccuracy(name="accuracy")
    )
    model.compile(
        optimizer=make_optimizer(
            config.optimizer, config.learning_rate, config.momentum, config.clipnorm
        ),
        loss=_loss_object(config.loss),
        metrics=[accuracy],
    )
    return model


def current_learning_rate(optimizer: keras.optimizers.Optimizer) -> float:
    """The learning rate an optimizer uses now (for a schedule: at its current step)."""
    value = optimizer.learning_rate
    return float(value.numpy() if hasattr(value, "numpy") else value)


class RunRecorder(keras.callbacks.Callback):
    """Record each batch's loss, each epoch's time and learning rate; stop a diverging run.

    Keras reports the running mean of the loss during an epoch; the loss of each batch is
    recovered from two consecutive running means. Training stops as soon as the loss is
    NaN/infinite or exceeds ``explode_factor`` times the first batch's loss.

    Attributes:
        batch_losses: the loss of every batch, in order.
        epoch_seconds: wall-clock seconds of every epoch's training steps (from the epoch's
            start to its last batch, so without the validation pass).
        learning_rates: the learning rate at the end of every epoch.
        diverged: whether training was stopped for divergence.
    """

    def __init__(self, explode_factor: float = EXPLODE_FACTOR):
        super().__init__()
        if not explode_factor > 1:
            raise ValueError(f"explode_factor must be > 1, got {explode_factor}")
        self.explode_factor = explode_factor
        self.batch_losses: list[float] = []
        self.epoch_seconds: list[float] = []
        self.learning_rates: list[float] = []
        self.diverged = False
        self._first_loss: float | None = None

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch_start = time.perf_counter()
        self._last_batch_end = self._epoch_start
        self._mean = 0.0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        mean = float((logs or {}).get("loss", math.nan))
        # running mean over batch + 1 equal batches (the last one may be smaller: a small bias)
        batch_loss = mean * (batch + 1) - self._mean * batch
        self._mean = mean
        self._last_batch_end = time.perf_counter()
        self.batch_losses.append(batch_loss)
        if self._first_loss is None and math.isfinite(batch_loss):
            self._first_loss = max(abs(batch_loss), 1e-12)
        exploded = (
            self._first_loss is not None and abs(mean) > self.explode_factor * self._first_loss
        )
        if not math.isfinite(mean) or exploded:
            self.diverged = True
            self.model.stop_training = True

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch_seconds.append(self._last_batch_end - self._epoch_start)
        self.learning_rates.append(current_learning_rate(self.model.optimizer))


@dataclass
class Result:
    """What one configuration achieved (losses are NaN when the run diverged to NaN).

    Attributes:
        name: the configuration's name.
        config: the :class:`Config` that was run.
        train_accuracy / val_accuracy / test_accuracy: final accuracies of the trained model
            (evaluated without dropout; with ``restore_best_weights`` the restored model).
        train_loss / val_loss / test_loss: final losses, same model.
        seconds: wall-clock training time (``fit`` only, without the final evaluation).
        epochs_run: epochs actually run (fewer when stopped early or diverged).
        diverged: True if the loss became NaN/infinite or exploded.
        history: per-epoch lists: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``,
            ``learning_rate`` and ``seconds`` (training steps of the epoch, without validation).
        batch_losses: the training loss of every batch.
        model: the trained Keras model.
    """

    name: str
    config: Config
    train_accuracy: float
    val_accuracy: float
    test_accuracy: float
    train_loss: float
    val_loss: float
    test_loss: float
    seconds: float
    epochs_run: int
    diverged: bool
    history: dict[str, list[float]] = field(repr=False)
    batch_losses: list[float] = field(repr=False)
    model: keras.Model | None = field(default=None, repr=False)

    @property
    def seconds_per_epoch(self) -> float:
        """Median seconds of one epoch's training steps; the first epoch, which also compiles
        the training step, is left out when there are others."""
        times = self.history.get("seconds") or [self.seconds]
        return float(np.median(times[1:] if len(times) > 1 else times))

    @property
    def best_epoch(self) -> int:
        """The 1-based epoch with the lowest validation loss (NaN losses ignored)."""
        val = np.asarray(self.history.get("val_loss", []), dtype=float)
        if val.size == 0 or not np.isfinite(val).any():
            raise ValueError(f"{self.name}: no finite validation loss in the history")
        return int(np.nanargmin(np.where(np.isfinite(val), val, np.nan))) + 1


COLUMNS = (
    ("name", "configuration", "{}"),
    ("epochs_run", "epochs", "{:d}"),
    ("seconds", "seconds", "{:.1f}"),
    ("train_accuracy", "train acc", "{:.3f}"),
    ("val_accuracy", "val acc", "{:.3f}"),
    ("test_accuracy", "test acc", "{:.3f}"),
    ("train_loss", "train loss", "{:.3g}"),
    ("val_loss", "val loss", "{:.3g}"),
    ("test_loss", "test loss", "{:.3g}"),
    ("diverged", "diverged", "{}"),
)


def _cell(value: Any, fmt: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return fmt.format(value)


class ResultTable(list):
    """A list of :class:`Result` that prints as an aligned table (HTML in Jupyter).

    Index by position or by configuration name: ``table[0]``, ``table["relu"]``.
    """

    def __getitem__(self, key):
        if isinstance(key, str):
            for result in self:
                if result.name == key:
                    return result
            raise KeyError(f"no configuration named {key!r}; names: {[r.name for r in self]}")
        return super().__getitem__(key)

    def rows(self, columns: Sequence[str] | None = None) -> list[list[str]]:
        """The table as strings: a header row, then one row per result.

        Args:
            columns: attribute names to show (default: every column of :data:`COLUMNS`);
                ``seconds_per_epoch`` and ``best_epoch`` may be asked for too.

        Raises:
            ValueError: for an unknown column name.
        """
        known = {key: (title, fmt) for key, title, fmt in COLUMNS}
        known["seconds_per_epoch"] = ("s / epoch", "{:.2f}")
        known["best_epoch"] = ("best epoch", "{:d}")
        columns = list(columns or [key for key, _, _ in COLUMNS])
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise ValueError(f"unknown columns {unknown}; choose from {sorted(known)}")
        table = [[known[c][0] for c in columns]]
        for result in self:
            table.append([_cell(getattr(result, c), known[c][1]) for c in columns])
        return table

    def to_text(self, columns: Sequence[str] | None = None) -> str:
        """The table as aligned plain text (names left-aligned, numbers right-aligned)."""
        table = self.rows(columns)
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines = []
        for row in table:
            cells = [
                row[0].ljust(widths[0]),
                *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)),
            ]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def show(self, columns: Sequence[str] | None = None) -> None:
        """Print the table, optionally only some columns."""
        print(self.to_text(columns))

    def __repr__(self) -> str:
        return self.to_text()

    __str__ = __repr__

    def _repr_html_(self) -> str:
        table = self.rows()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in table[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in table[1:]
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray, loss: str) -> tuple[float, float]:
    """(loss, accuracy) of ``model`` on ``(x, y)``, the targets shaped for the loss."""
    values = model.evaluate(x, _targets(y, loss), batch_size=1024, verbose=0, return_dict=True)
    return float(values["loss"]), float(values["accuracy"])


def run_config(
    config: Config,
    data: ExperimentData,
    seed: int = SEED,
    explode_factor: float = EXPLODE_FACTOR,
) -> Result:
    """Train one configuration from ``seed`` on ``data`` and measure it.

    Args:
        config: the configuration.
        data: the train / validation / test sets (the same for every configuration).
        seed: seed of the weights, dropout and shuffling.
        explode_factor: stop and mark as diverged when the loss exceeds this many times the
            first batch's loss.

    Returns:
        A :class:`Result`.

    Raises:
        TypeError: if ``config`` or ``data`` has the wrong type.
    """
    if not isinstance(data, ExperimentData):
        raise TypeError(f"data must be an ExperimentData, got {type(data).__name__}")
    model = build_model(config, seed=seed)
    recorder = RunRecorder(explode_factor)
    callbacks = [recorder] + [
        c() if not isinstance(c, keras.callbacks.Callback) else c for c in config.callbacks
    ]
    history = train(
        model,
        data.x_train,
        _targets(data.y_train, config.loss),
        epochs=config.epochs,
        batch_size=config.batch_size,
        validation_data=(data.x_val, _targets(data.y_val, config.loss)),
        callbacks=callbacks,
        verbose=False,
        shuffle=config.shuffle,
    )
    per_epoch = {key: [float(v) for v in values] for key, values in history.history.items()}
    per_epoch["learning_rate"] = recorder.learning_rates
    per_epoch["seconds"] = recorder.epoch_seconds
    losses = [v for key in ("loss", "val_loss") for v in per_epoch.get(key, [])]
    diverged = recorder.diverged or not all(math.isfinite(v) for v in losses[-2:])
    (train_loss, train_acc), (val_loss, val_acc), (test_loss, test_acc) = (
        _evaluate(model, x, y, config.loss)
        for x, y in (
            (data.x_train, data.y_train),
            (data.x_val, data.y_val),
            (data.x_test, data.y_test),
        )
    )
    return Result(
        name=config.name,
        config=config,
        train_accuracy=train_acc,
        val_accuracy=val_acc,
        test_accuracy=test_acc,
        train_loss=train_loss,
        val_loss=val_loss,
        test_loss=test_loss,
        seconds=history.seconds,
        epochs_run=len(per_epoch.get("loss", [])),
        diverged=diverged,
        history=per_epoch,
        batch_losses=recorder.batch_losses,
        model=model,
    )


_warmed_up = False


def _warm_up(data: ExperimentData) -> None:
    """Train a throwaway model for a few steps so one-time TensorFlow start-up costs do not
    land on the first configuration's time."""
    global _warmed_up
    if _warmed_up:
        return
    model = build_model(Config("warm-up"))
    model.fit(data.x_train[:64], data.y_train[:64], batch_size=32, epochs=1, verbose=0)
    model.evaluate(data.x_train[:64], data.y_train[:64], verbose=0)
    _warmed_up = True


def run_experiments(
    configs: Iterable[Config],
    data: ExperimentData,
    seed: int = SEED,
    verbose: bool = True,
    explode_factor: float = EXPLODE_FACTOR,
) -> ResultTable:
    """Train every configuration from the same seed on the same data; one row each.

    Args:
        configs: the configurations (names must be unique).
        data: the train / validation / test sets.
        seed: the seed every run starts from.
        verbose: print one line per configuration as it finishes.
        explode_factor: see :func:`run_config`.

    Returns:
        A :class:`ResultTable` in the order of ``configs``.

    Raises:
        ValueError: if ``configs`` is empty or two configurations share a name.
        TypeError: if an item is not a :class:`Config` or ``data`` is not an ExperimentData.
    """
    configs = list(configs)
    if not configs:
        raise ValueError("configs must hold at least one Config")
    for config in configs:
        if not isinstance(config, Config):
            raise TypeError(f"configs must hold Config objects, got {type(config).__name__}")
    names = [c.name for c in configs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"configuration names must be unique, repeated: {duplicates}")
    if not isinstance(data, ExperimentData):
        raise TypeError(f"data must be an ExperimentData, got {type(data).__name__}")
    _warm_up(data)
    if verbose and fast_mode():
        print("fast mode: every run is capped at 3 epochs and 2,000 training samples")
    table = ResultTable()
    width = max(len(n) for n in names)
    for config in configs:
        result = run_config(config, data, seed=seed, explode_factor=explode_factor)
        table.append(result)
        if verbose:
            status = "DIVERGED" if result.diverged else f"val acc {result.val_accuracy:.3f}"
            print(
                f"{config.name:<{width}}  {result.epochs_run:>3} epochs  "
                f"{result.seconds:5.1f} s  {status}"
            )
    reset_session(seed)
    return table


def sweep(
    base: Config, setting: str, values: Sequence, name: Callable[[Any], str] | None = None
) -> list[Config]:
    """Configurations that differ from ``base`` in one setting only.

    Example: ``sweep(Config("sgd", optimizer="sgd"), "learning_rate", [1e-3, 1e-2, 0.1])``.

    Args:
        base: the configuration to vary.
        setting: the name of one :class:`Config` attribute (not ``name``).
        values: the values to try.
        name: turns a value into the row name (default ``"<setting> = <value>"``).

    Returns:
        One Config per value.

    Raises:
        ValueError: for an unknown setting, ``"name"``, or no values.
    """
    known = [f.name for f in fields(Config) if f.name != "name"]
    if setting not in known:
        raise ValueError(f"setting must be one of {known}, got {setting!r}")
    values = list(values)
    if not values:
        raise ValueError("values must hold at least one value")
    label = name or (lambda v: f"{setting} = {v:g}" if isinstance(v, float) else f"{setting} = {v}")
    return [replace(base, name=label(v), **{setting: v}) for v in values]
