"""Training plumbing for notebooks 04-10: two callbacks and notebook 04's augmentation.

``EpochLog`` is the callback the notebooks pass to ``model.fit(..., verbose=0,
callbacks=[training.EpochLog()])``: one short line per epoch instead of progress bars.
``RunRecorder`` records every batch's loss and stops a diverging run (``experiments.compare``
adds it to every run). ``shifted_copies`` is notebook 04's shift augmentation, kept identical to
the lesson's code; the recipes ``course.py bench`` times (:mod:`course_utils.tools.bench`)
augment with it.
"""

from __future__ import annotations

import math
import time

import keras
import numpy as np

from course_utils import images, validate


class EpochLog(keras.callbacks.Callback):
    """Print one short line per epoch (or every ``every`` epochs): no progress bars, no timings.

    Pass it to ``fit`` with ``verbose=0``: ``model.fit(..., verbose=0, callbacks=[EpochLog()])``.

    Args:
        epochs: the number of epochs of the run; None (the default) reads it from ``fit``.
        every: print every ``every`` epochs (the last one always); None means about ten lines.

    Raises:
        TypeError / ValueError: if ``epochs`` or ``every`` is not None or an int >= 1.
    """

    def __init__(self, epochs: int | None = None, every: int | None = None):
        super().__init__()
        for name, value in (("epochs", epochs), ("every", every)):
            if value is not None:
                validate.number(name, value, integer=True, low=1)
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


# Shown in notebooks/04_mnist_with_keras.ipynb: keep the two identical.
def shifted_copies(x, y):
    """The digits followed by four copies moved 1 pixel up, down, left and right."""
    moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    x_moved = [images.shift_digits(x, dy, dx) for dy, dx in moves]
    return np.concatenate([x, *x_moved]), np.tile(y, 1 + len(moves))


EXPLODE_FACTOR = 100.0  # a batch loss this many times the first one counts as diverged


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
