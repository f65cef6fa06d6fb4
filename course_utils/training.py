"""Training plumbing for notebooks 04–10: ``EpochLog`` and notebook 04's augmentation.

``EpochLog`` is the callback the notebooks pass to ``model.fit(..., verbose=0,
callbacks=[training.EpochLog()])``: one short line per epoch instead of progress bars.
``shifted_copies`` is notebook 04's shift augmentation, kept identical to the lesson's code;
the recipes ``course.py bench`` times (:mod:`course_utils.tools.bench`) augment with it.
"""

from __future__ import annotations

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
