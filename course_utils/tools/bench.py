"""Benchmark: the TensorFlow quickstart recipe against the course's default recipe, side by side.

    python -m course_utils.tools.bench            # or: python3 course.py bench
    python -m course_utils.tools.bench --quick    # a seconds-long smoke run (tiny data, 1 epoch)
                                                  # (COURSE_FAST=1 runs the same small run)

Both recipes train the same model (Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10)) on
the same training digits in one run, and are tested on the full 10,000-digit test set. The
table gives recipe, data source, epochs, batch size, training seconds, test accuracy and
training throughput, and the ratios between the two recipes.

Throughput is effective GFLOP/s: the multiply-adds of the Dense layers × 2 (forward) × 3
(forward + backward ≈ 3× the forward pass), times the samples trained on, per second of
``fit``. The roofline is a float32 2048×2048 matrix product timed in the same run (the best
of several repeats) — roughly what this machine's CPU can do at best.

The targets (checked in a full run, ✓ or ✗ each) are those of the course: on the bundled
sample the course recipe reaches ≥ 0.95 test accuracy in ≤ 10 s of training and ≥ 10 % of
the matmul roofline; on full MNIST the goal is ≥ 0.98. The exit status is 1 if a target fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import time
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np

import course_utils as cu
from course_utils import validate
from course_utils.env import SEED, fast_mode, reset_session
from course_utils.models import make_model
from course_utils.text import format_table as text_table
from course_utils.training import shifted_copies

# --- the two recipes the bench times ----------------------------------------------------------
# Notebook 04 trains these in plain Keras (its `train_variant`); the bench repeats the same steps
# on the course model (course_utils.models.make_model, shown in notebook 07) and notebook 04's
# augmentation (course_utils.training.shifted_copies, shown in 04), so both are written once.


@dataclass(frozen=True)
class Recipe:
    """How to train the course model: Adam's learning rate, batch size, epochs, augmentation.

    Attributes:
        name: a short name for tables.
        epochs: passes over the (augmented) training data.
        batch_size: samples per gradient step.
        learning_rate: Adam's learning rate (constant: notebook 04's cosine decay lowered every
            seed's accuracy there, so the default recipe leaves it out).
        augment: add notebook 04's shifted copies (``training.shifted_copies``: 1 px up, down,
            left and right, 5× the data).
    """

    name: str
    epochs: int
    batch_size: int
    learning_rate: float = 1e-3
    augment: bool = False

    def __post_init__(self) -> None:
        for field in ("epochs", "batch_size"):
            validate.number(field, getattr(self, field), integer=True, low=1)
        validate.number("learning_rate", self.learning_rate, low=0, low_open=True)
        validate.flag("augment", self.augment)

    @property
    def copies(self) -> int:
        """How many times the training data the augmentation makes (1 = none)."""
        return 5 if self.augment else 1

    def describe(self) -> str:
        """One line: optimizer, learning rate, batch size, epochs, augmentation."""
        epochs = f"{self.epochs} epoch" + ("s" if self.epochs != 1 else "")
        text = f"Adam lr {self.learning_rate:g}, batch {self.batch_size}, {epochs}"
        if self.augment:
            text += f", {self.copies}× data (shifts of 1 px, up/down/left/right)"
        return text


QUICKSTART = Recipe("TensorFlow quickstart", epochs=5, batch_size=32)
COURSE_RECIPE = Recipe(
    "course default", epochs=12, batch_size=512, learning_rate=5e-3, augment=True
)


def train_recipe(
    recipe: Recipe, x: np.ndarray, y: np.ndarray, seed: int = SEED
) -> tuple[keras.Model, float, int]:
    """Train a fresh course model with a recipe, as notebook 04's ``train_variant`` does.

    Args:
        recipe: the :class:`Recipe`, e.g. ``COURSE_RECIPE`` or ``QUICKSTART``.
        x: training images scaled to [0, 1], shape (n, 28, 28) (not yet augmented).
        y: training labels, shape (n,).
        seed: the seed for the weights and the shuffling.

    Returns:
        ``(model, seconds of fit, training samples per epoch after augmentation)``.

    Raises:
        TypeError: if ``recipe`` is not a :class:`Recipe`.
        ValueError: for images and labels of different lengths.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a Recipe, got {type(recipe).__name__}")
    validate.same_length(("x", "y"), x, y)
    reset_session(seed)
    x, y = shifted_copies(x, y) if recipe.augment else (x, y)
    model = make_model()
    model.compile(
        optimizer=keras.optimizers.Adam(recipe.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    model.fit(x, y, epochs=recipe.epochs, batch_size=recipe.batch_size, verbose=0)
    return model, time.perf_counter() - start, len(x)


# --- the benchmark ------------------------------------------------------------------------

SAMPLE_TARGETS = {"accuracy": 0.95, "seconds": 10.0, "roofline": 0.10}
FULL_MNIST_ACCURACY = 0.98
QUICK_TRAIN, QUICK_TEST, QUICK_MATMUL = 1000, 2000, 512


@dataclass(frozen=True)
class BenchRow:
    """One recipe's measured result.

    Attributes:
        recipe: the recipe's name.
        data: where the training digits came from, with their number.
        epochs: epochs actually trained.
        batch_size: samples per gradient step.
        samples: training samples per epoch (after augmentation).
        seconds: wall-clock seconds of ``fit``.
        accuracy: accuracy on the test set.
        gflops: effective training throughput in GFLOP/s.
    """

    recipe: str
    data: str
    epochs: int
    batch_size: int
    samples: int
    seconds: float
    accuracy: float
    gflops: float


def matmul_gflops(size: int = 2048, repeats: int = 5) -> float:
    """Time a float32 ``size × size`` matrix product with TensorFlow; return the best GFLOP/s.

    Args:
        size: the matrix side (2048 in the benchmark).
        repeats: timed repeats after two warm-up runs; the fastest counts.

    Returns:
        ``2 × size³`` floating-point operations divided by the fastest time, in 10⁹ per second.

    Raises:
        ValueError: for ``size < 1`` or ``repeats < 1``.
    """
    import tensorflow as tf

    validate.number("size", size, integer=True, low=1)
    validate.number("repeats", repeats, integer=True, low=1)
    rng = np.random.default_rng(0)
    a = tf.constant(rng.standard_normal((size, size), dtype=np.float32))
    b = tf.constant(rng.standard_normal((size, size), dtype=np.float32))
    best = float("inf")
    for i in range(repeats + 2):
        start = time.perf_counter()
        tf.matmul(a, b).numpy()
        if i >= 2:
            best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def training_flops_per_sample(model: Any) -> int:
    """Floating-point operations to train on one sample: 6 × the Dense layers' multiply-adds.

    A Dense layer with an (inputs × outputs) kernel does inputs × outputs multiply-adds
    (2 operations each) per sample forward; the backward pass costs about twice the forward.
    Biases, activations, dropout and the optimizer update are not counted (they are small).

    Args:
        model: a built Keras model.

    Returns:
        The count, e.g. 6 × (784 × 128 + 128 × 10) = 609,792 for the course model.

    Raises:
        ValueError: if the model has no Dense layer.
    """
    import keras

    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ValueError(f"model {model.name!r} has no Dense layer to count")
    return 6 * sum(int(np.prod(layer.kernel.shape)) for layer in dense)


def run_recipe(recipe: Recipe, data: tuple, data_name: str, seed: int = cu.SEED) -> BenchRow:
    """Train one recipe with a fresh model and measure time, test accuracy and throughput.

    Args:
        recipe: the :class:`Recipe` to train.
        data: ``((x_train, y_train), (x_test, y_test))``, images scaled to [0, 1].
        data_name: the data source as shown in the table.
        seed: the seed for the weights and the shuffling.

    Returns:
        The measured :class:`BenchRow`.
    """
    (x_train, y_train), (x_test, y_test) = data
    model, seconds, samples = train_recipe(recipe, x_train, y_train, seed=seed)
    accuracy = float(model.evaluate(x_test, y_test, batch_size=1024, verbose=0)[1])
    flops = training_flops_per_sample(model) * samples * recipe.epochs
    return BenchRow(
        recipe=recipe.name,
        data=data_name,
        epochs=recipe.epochs,
        batch_size=recipe.batch_size,
        samples=samples,
        seconds=seconds,
        accuracy=accuracy,
        gflops=flops / seconds / 1e9,
    )


def format_table(rows: list[BenchRow], roofline: float) -> str:
    """The results as a Markdown table, the last row giving each column's ratio last/first.

    Args:
        rows: the measured recipes; ratios compare the last one with the first.
        roofline: the matmul GFLOP/s measured in the same run.

    Raises:
        ValueError: if there are fewer than two rows or the roofline is not positive.
    """
    if len(rows) < 2 or not roofline > 0:
        raise ValueError("format_table needs at least two rows and a positive roofline")
    header = [
        "recipe", "data", "epochs", "batch", "samples/epoch", "train s", "test accuracy",
        "GFLOP/s", "% of matmul",
    ]  # fmt: skip
    table = [header]
    for row in rows:
        table.append(
            [
                row.recipe,
                row.data,
                str(row.epochs),
                str(row.batch_size),
                f"{row.samples:,}",
                f"{row.seconds:.2f}",
                f"{row.accuracy:.4f}",
                f"{row.gflops:.1f}",
                f"{row.gflops / roofline:.1%}",
            ]
        )
    first, last = rows[0], rows[-1]
    errors = (1 - last.accuracy) / max(1e-9, 1 - first.accuracy)
    table.append(
        [
            f"ratio {last.recipe} / {first.recipe}",
            "",
            f"{last.epochs / first.epochs:.1f}×",
            f"{last.batch_size / first.batch_size:.0f}×",
            f"{last.samples / first.samples:.1f}×",
            f"{last.seconds / first.seconds:.2f}×",
            f"{last.accuracy / first.accuracy:.3f}× (errors {errors:.2f}×)",
            f"{last.gflops / first.gflops:.1f}×",
            "",
        ]
    )
    return text_table(table, markdown=True)


def check_targets(row: BenchRow, roofline: float, full_mnist: bool) -> list[tuple[bool, str]]:
    """The course's targets for its default recipe, each as ``(holds, one line of text)``.

    Args:
        row: the course recipe's measured row.
        roofline: the matmul GFLOP/s measured in the same run.
        full_mnist: True when trained on full MNIST (goal: accuracy ≥ 0.98, no time target);
            else the bundled-sample targets (accuracy ≥ 0.95, ≤ 10 s).

    Returns:
        A list of ``(target holds, description)``, one per target; the roofline share
        (≥ 10 %) is always checked.
    """
    checks = []
    if full_mnist:
        ok = row.accuracy >= FULL_MNIST_ACCURACY
        checks.append(
            (ok, f"test accuracy {row.accuracy:.4f} ≥ {FULL_MNIST_ACCURACY} (full MNIST)")
        )
    else:
        goal = SAMPLE_TARGETS
        checks.append(
            (
                row.accuracy >= goal["accuracy"],
                f"test accuracy {row.accuracy:.4f} ≥ {goal['accuracy']}",
            )
        )
        checks.append(
            (
                row.seconds <= goal["seconds"],
                f"training time {row.seconds:.2f} s ≤ {goal['seconds']:g} s",
            )
        )
    share = row.gflops / roofline
    checks.append(
        (
            share >= SAMPLE_TARGETS["roofline"],
            f"throughput {row.gflops:.1f} GFLOP/s = {share:.1%} of the matmul roofline "
            f"≥ {SAMPLE_TARGETS['roofline']:.0%}",
        )
    )
    return checks


def machine_line() -> str:
    """One line naming the CPU, its cores, the OS and the TensorFlow version."""
    import tensorflow as tf

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    gpus = tf.config.list_physical_devices("GPU")
    device = f", GPU × {len(gpus)}" if gpus else ""
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores{device}, {platform.system()}; "
        f"Python {platform.python_version()}, TensorFlow {tf.__version__}"
    )


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.tools.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_TRAIN:,} training digits, 1 epoch, {QUICK_MATMUL}² matmul; "
        "targets are not checked",
    )
    parser.add_argument("--seed", type=int, default=cu.SEED, help="seed of weights and shuffling")
    args = parser.parse_args(argv)
    cu.setup(args.seed)
    (x_train, y_train), (x_test, y_test) = cu.load_mnist()
    full_mnist = len(x_train) >= 60_000
    source = "full MNIST" if full_mnist else "bundled sample"
    recipes = [QUICKSTART, COURSE_RECIPE]
    small = args.quick or fast_mode()  # --quick or COURSE_FAST=1: seconds long, no targets
    if small:
        x_train, y_train = cu.subsample(x_train, y_train, QUICK_TRAIN, seed=args.seed)
        x_test, y_test = cu.subsample(x_test, y_test, QUICK_TEST, seed=args.seed)
        recipes = [dataclasses.replace(r, epochs=1) for r in recipes]
    data = ((cu.scale_pixels(x_train), y_train), (cu.scale_pixels(x_test), y_test))
    data_name = f"{source} ({len(x_train):,} train)"
    size = QUICK_MATMUL if small else 2048
    roofline = matmul_gflops(size)  # also warms TensorFlow up before the first recipe
    rows = [run_recipe(recipe, data, data_name, seed=args.seed) for recipe in recipes]
    roofline = max(roofline, matmul_gflops(size))
    print(machine_line())
    print(f"Test set: {len(x_test):,} digits. Seed {args.seed}.")
    for recipe in recipes:
        print(f"  {recipe.name}: {recipe.describe()}")
    print(f"float32 {size}×{size} matmul: {roofline:.1f} GFLOP/s (best of 2 × 5 repeats)")
    print()
    print(format_table(rows, roofline))
    print()
    if small:
        why = "--quick" if args.quick else "COURSE_FAST=1: the --quick run"
        print(f"Targets not checked ({why}); run `python3 course.py bench` for them.")
        return 0
    checks = check_targets(rows[-1], roofline, full_mnist)
    for ok, text in checks:
        print(f"{'✓' if ok else '✗'} {COURSE_RECIPE.name}: {text}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(_main())
