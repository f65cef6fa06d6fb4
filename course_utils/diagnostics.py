"""Look inside training: gradient norms per layer, dead ReLUs, the learning-rate range test,
and learning-rate schedules.

These answer "why did that run behave so?": a first layer whose gradient is a million
times smaller than the last one's (vanishing gradients), hidden units that never fire
again (dead ReLU), the learning rates at which the loss falls fastest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from course_utils.env import SEED


def _dense_layers(model: keras.Model) -> list:
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ValueError(f"model {model.name!r} has no Dense layers")
    return dense


def _check_batch(x: np.ndarray, y: np.ndarray | None = None) -> None:
    if not isinstance(x, np.ndarray) or len(x) == 0:
        raise ValueError(f"x must be a non-empty NumPy array, got {type(x).__name__}")
    if y is not None and len(y) != len(x):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")


def gradient_norms(
    model: keras.Model, x: np.ndarray, y: np.ndarray, from_logits: bool = True
) -> dict[str, float]:
    """The norm of the loss gradient for the kernel of every Dense layer, input to output.

    The loss is sparse categorical cross-entropy on the batch ``(x, y)``, computed in
    inference mode (no dropout). Vanishing gradients show as norms that shrink towards the
    first layer, exploding gradients as norms that grow.

    Args:
        model: a built Keras model with Dense layers (compiled or not).
        x: one batch of inputs.
        y: integer labels of the batch.
        from_logits: whether the model outputs logits (else probabilities).

    Returns:
        ``{layer name: L2 norm of ∂loss/∂kernel}`` in layer order.

    Raises:
        ValueError: if the model has no Dense layer, or ``x`` and ``y`` do not match.
    """
    _check_batch(x, y)
    kernels = [layer.kernel for layer in _dense_layers(model)]
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=False))
    grads = tape.gradient(loss, kernels)
    return {
        layer.name: float(tf.norm(g)) for layer, g in zip(_dense_layers(model), grads, strict=True)
    }


def hidden_activations(model: keras.Model, x: np.ndarray, layer: str | int = 0) -> np.ndarray:
    """The outputs of one Dense layer of a Sequential model for inputs ``x`` (no dropout).

    Args:
        model: a built ``keras.Sequential``.
        x: inputs.
        layer: the Dense layer's name, or its index among the Dense layers (0 = first).

    Returns:
        Array of shape (len(x), units).

    Raises:
        ValueError: if the layer does not exist among the model's Dense layers.
    """
    _check_batch(x)
    dense = _dense_layers(model)
    if isinstance(layer, int):
        if not -len(dense) <= layer < len(dense):
            raise ValueError(f"layer index must be below {len(dense)}, got {layer}")
        target = dense[layer]
    else:
        matches = [d for d in dense if d.name == layer]
        if not matches:
            raise ValueError(f"layer must be one of {[d.name for d in dense]}, got {layer!r}")
        target = matches[0]
    h = x
    for current in model.layers:
        h = current(h, training=False)
        if current is target:
            return keras.ops.convert_to_numpy(h)
    raise ValueError(f"layer {target.name!r} is not on the model's path")  # pragma: no cover


def dead_unit_fraction(model: keras.Model, x: np.ndarray, layer: str | int = 0) -> float:
    """The share of a ReLU layer's units that output 0 for every input in ``x`` (dead ReLUs).

    A dead unit gets zero gradient for every sample, so gradient descent cannot revive it.

    Args:
        model: a built ``keras.Sequential``.
        x: inputs (use a few hundred samples).
        layer: the Dense layer (name or index among Dense layers).

    Returns:
        A fraction between 0 and 1.
    """
    h = hidden_activations(model, x, layer)
    return float(np.mean(np.all(h <= 0, axis=0)))


@dataclass(frozen=True)
class RangeTest:
    """The outcome of a learning-rate range test.

    Attributes:
        learning_rates: the learning rate of each step (growing exponentially).
        losses: the training loss of each step's batch.
        smoothed: the losses after exponential smoothing (what the suggestion uses).
        min_loss_lr: the learning rate where the smoothed loss is lowest.
        suggested_lr: ``min_loss_lr / 10``: fast, yet safely before the loss blows up.
    """

    learning_rates: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    min_loss_lr: float
    suggested_lr: float


class _RangeCallback(keras.callbacks.Callback):
    def __init__(self, rates: np.ndarray, stop_factor: float):
        super().__init__()
        self.rates, self.stop_factor = rates, stop_factor
        self.losses: list[float] = []
        self._mean, self._best = 0.0, math.inf

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.model.optimizer.learning_rate = float(self.rates[batch])

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        mean = float((logs or {})["loss"])
        loss = mean * (batch + 1) - self._mean * batch  # this batch's loss from running means
        self._mean = mean
        self.losses.append(loss)
        self._best = min(self._best, loss) if math.isfinite(loss) else self._best
        if not math.isfinite(loss) or loss > self.stop_factor * self._best:
            self.model.stop_training = True


def lr_range_test(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    min_lr: float = 1e-6,
    max_lr: float = 10.0,
    steps: int = 100,
    batch_size: int = 32,
    beta: float = 0.9,
    stop_factor: float = 4.0,
    seed: int = SEED,
) -> RangeTest:
    """Train for ``steps`` batches while the learning rate grows from ``min_lr`` to ``max_lr``.

    The loss first hardly moves (lr too small), then falls fast, then shoots up (lr too
    large); the test stops once the loss exceeds ``stop_factor`` × its best value. The
    suggested learning rate is a tenth of the one at the lowest smoothed loss (the
    "LR finder" of Smith 2017 and fastai). The model's weights are changed: run it on a
    fresh model.

    Args:
        model: a compiled, freshly built model.
        x: training inputs (at least ``steps * batch_size`` samples are drawn, with repeats
            if needed).
        y: training targets.
        min_lr: the first learning rate.
        max_lr: the last learning rate.
        steps: number of batches (one learning rate each).
        batch_size: samples per batch.
        beta: smoothing factor of the exponential moving average of the loss.
        stop_factor: stop when the loss exceeds this multiple of the best loss.
        seed: seed of the sample order.

    Returns:
        A :class:`RangeTest`.

    Raises:
        ValueError: for ``0 < min_lr < max_lr`` violated, ``steps < 5``, ``batch_size < 1``,
            ``beta`` outside [0, 1) or an uncompiled model.
    """
    _check_batch(x, y)
    if not 0 < min_lr < max_lr:
        raise ValueError(f"need 0 < min_lr < max_lr, got min_lr={min_lr}, max_lr={max_lr}")
    if not isinstance(steps, int) or steps < 5:
        raise ValueError(f"steps must be an int >= 5, got {steps!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    if getattr(model, "optimizer", None) is None:
        raise ValueError("model must be compiled (it needs an optimizer and a loss)")
    rates = min_lr * (max_lr / min_lr) ** (np.arange(steps) / (steps - 1))
    order = np.random.default_rng(seed).choice(
        len(x), steps * batch_size, replace=len(x) < steps * batch_size
    )
    callback = _RangeCallback(rates, stop_factor)
    model.fit(
        x[order],
        y[order],
        batch_size=batch_size,
        epochs=1,
        shuffle=False,
        verbose=0,
        callbacks=[callback],
    )
    losses = np.array(callback.losses)
    smoothed, average = np.empty_like(losses), 0.0
    for i, loss in enumerate(losses):
        average = beta * average + (1 - beta) * (loss if math.isfinite(loss) else average)
        smoothed[i] = average / (1 - beta ** (i + 1))
    finite = np.where(np.isfinite(smoothed), smoothed, np.inf)
    min_loss_lr = float(rates[int(np.argmin(finite))])
    return RangeTest(rates[: len(losses)], losses, smoothed, min_loss_lr, min_loss_lr / 10)


def _positive(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")


def step_decay(initial_lr: float, drop: float = 0.5, every: int = 5) -> Callable:
    """A schedule ``lr(epoch) = initial_lr · drop^(epoch // every)``: halve it every 5 epochs.

    Returns:
        A function ``schedule(epoch, lr=None) -> float`` (epoch counted from 0), usable with
        ``keras.callbacks.LearningRateScheduler``.

    Raises:
        ValueError: for a non-positive ``initial_lr``/``every`` or ``drop`` outside (0, 1].
    """
    _positive("initial_lr", initial_lr)
    if not 0 < drop <= 1:
        raise ValueError(f"drop must be in (0, 1], got {drop}")
    if not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be a positive int, got {every!r}")

    def schedule(epoch: int, lr: float | None = None) -> float:
        return float(initial_lr * drop ** (epoch // every))

    return schedule


def exponential_decay(initial_lr: float, rate: float = 0.8) -> Callable:
    """A schedule ``lr(epoch) = initial_lr · rate^epoch``: a smooth decay every epoch.

    Raises:
        ValueError: for a non-positive ``initial_lr`` or ``rate`` outside (0, 1].
    """
    _positive("initial_lr", initial_lr)
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be in (0, 1], got {rate}")

    def schedule(epoch: int, lr: float | None = None) -> float:
        return float(initial_lr * rate**epoch)

    return schedule


def cyclical(base_lr: float, max_lr: float, half_cycle: int = 2) -> Callable:
    """A triangular cyclical schedule: up from ``base_lr`` to ``max_lr`` in ``half_cycle``
    epochs, back down in as many, and again (Smith 2017).

    Raises:
        ValueError: unless ``0 < base_lr < max_lr`` and ``half_cycle`` is a positive int.
    """
    _positive("base_lr", base_lr)
    if not max_lr > base_lr:
        raise ValueError(f"max_lr must be above base_lr={base_lr}, got {max_lr}")
    if not isinstance(half_cycle, int) or half_cycle < 1:
        raise ValueError(f"half_cycle must be a positive int, got {half_cycle!r}")

    def schedule(epoch: int, lr: float | None = None) -> float:
        position = epoch % (2 * half_cycle)
        share = position / half_cycle if position <= half_cycle else 2 - position / half_cycle
        return float(base_lr + (max_lr - base_lr) * share)

    return schedule


def schedule_values(schedule: Callable, epochs: int) -> np.ndarray:
    """The learning rate a schedule gives in epochs 0 … epochs − 1, for plotting.

    Raises:
        ValueError: if ``epochs`` is not a positive int.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    return np.array([schedule(epoch, None) for epoch in range(epochs)])


def optimize_2d(
    loss_fn: Callable, start, optimizer: keras.optimizers.Optimizer, steps: int = 50
) -> np.ndarray:
    """Minimise a function of two weights with a Keras optimizer and record the path.

    A picture of how SGD, momentum, RMSprop and Adam move on the same loss surface.

    Args:
        loss_fn: a function of a TensorFlow vector ``w`` of length 2 returning a scalar tensor,
            e.g. ``lambda w: 0.5 * (w[0] ** 2 + 25 * w[1] ** 2)``.
        start: the two start weights.
        optimizer: a fresh Keras optimizer.
        steps: number of updates.

    Returns:
        Array of shape (steps + 1, 2): the start, then the weights after each update.

    Raises:
        ValueError: if ``start`` does not hold two numbers or ``steps < 1``.
    """
    start = np.asarray(start, dtype=np.float32)
    if start.shape != (2,):
        raise ValueError(f"start must hold two numbers, got shape {start.shape}")
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    w = tf.Variable(start)
    path = [start.copy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        path.append(w.numpy().copy())
    return np.array(path)


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
