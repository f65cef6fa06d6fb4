"""Experiment bookkeeping for notebooks 05–08: the same runs over settings and seeds, a table.

The notebook writes the model and the Keras calls itself; :func:`compare` only repeats that
run for each setting and seed on the same data, and keeps the books: a :class:`Comparison`
with mean ± sd per setting, every seed's history for curves, and diverged runs recorded
instead of raised. Its arguments say where each setting goes: ``compile=`` holds what
``model.compile`` gets, ``fit=`` what ``model.fit`` gets::

    def make_model(activation="relu"):
        return keras.Sequential([...])

    runs = xp.compare(
        make_model,
        {"sigmoid": dict(activation="sigmoid"), "relu": dict(activation="relu")},
        data=data,                                       # cu.mnist_experiment_data(...)
        compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss=loss),  # optimizer copied
        fit=dict(epochs=epochs, batch_size=32),
        seeds=3,
    )
    runs                       # setting × (mean ± sd) table
    runs["relu"][0].history    # the first seed's History.history

Nothing is capped in fast mode: the notebook passes ``epochs = cu.by_mode(...)`` and the data
sizes it shows. Also here: the records of notebook 07's other experiments, a learning-rate
range test (:class:`RangeTest`) and the path of two weights under an optimizer
(:func:`optimize_2d`).
"""

from __future__ import annotations

import copy
import html
import inspect
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from course_utils import validate
from course_utils.data import ExperimentData
from course_utils.env import SEED, reset_session
from course_utils.text import format_table
from course_utils.training import EXPLODE_FACTOR, RunRecorder

# ---------------------------------------------------------------------------------------------
# The runner: the notebook writes the model and the compile/fit arguments in plain Keras; the
# runner only repeats the run across settings and seeds and keeps the books.
# ---------------------------------------------------------------------------------------------

COMPILE_KEYS = ("optimizer", "loss", "metrics")
"""What ``compile=`` may hold: the arguments of ``model.compile`` the runner passes on."""
FIT_KEYS = ("epochs", "batch_size", "callbacks", "shuffle")
"""What ``fit=`` may hold: the arguments of ``model.fit`` the runner passes on."""
RUN_KEYS = COMPILE_KEYS + FIT_KEYS + ("data", "make_model")
"""Keys of a setting that change the run, not the model (all other keys go to ``make_model``)."""


def clone_optimizer(optimizer: Any) -> keras.optimizers.Optimizer:
    """A fresh copy of a Keras optimizer: same class and settings, no state.

    One optimizer object cannot train two models (it keeps one slot per weight), so the
    runner gives every run its own copy. Learning-rate schedules are copied with it.

    Args:
        optimizer: a ``keras.optimizers.Optimizer`` or an optimizer name such as ``"adam"``.

    Returns:
        A new optimizer.

    Raises:
        TypeError: if ``optimizer`` is neither.
    """
    if isinstance(optimizer, str):
        return keras.optimizers.get(optimizer)
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(
            "optimizer must be a keras.optimizers.Optimizer such as "
            f"keras.optimizers.Adam(1e-3), got {type(optimizer).__name__}"
        )
    return keras.optimizers.deserialize(keras.optimizers.serialize(optimizer))


def _clone_metric(metric: Any) -> Any:
    if isinstance(metric, keras.metrics.Metric):
        return type(metric).from_config(metric.get_config())
    return metric


def _clone_callback(callback: keras.callbacks.Callback) -> keras.callbacks.Callback:
    """A copy of an unused-by-this-run callback: its settings copied, its model link dropped."""
    clone = copy.copy(callback)
    state = {k: v for k, v in callback.__dict__.items() if k not in ("_model", "model")}
    clone.__dict__.update(copy.deepcopy(state))
    if hasattr(callback, "_model"):
        clone._model = None
    return clone


def _fresh_callbacks(callbacks: Any) -> list[keras.callbacks.Callback]:
    """This run's callbacks: a function's new list, or copies of the given callback objects."""
    if callbacks is None:
        return []
    if callable(callbacks) and not isinstance(callbacks, keras.callbacks.Callback):
        callbacks = callbacks()
    if isinstance(callbacks, keras.callbacks.Callback):
        callbacks = [callbacks]
    callbacks = list(callbacks)
    for c in callbacks:
        if not isinstance(c, keras.callbacks.Callback):
            raise TypeError(f"callbacks must be keras callbacks, got {type(c).__name__}")
    return [_clone_callback(c) for c in callbacks]


@dataclass
class Run:
    """One training run of one setting from one seed.

    Attributes:
        setting: the setting's name (a key of the ``settings`` given to :func:`compare`).
        seed: the seed of weights, dropout and shuffling.
        scores: final numbers from ``model.evaluate`` (dropout off) on each split:
            ``train_loss``, ``train_accuracy``, ``val_loss``, ``val_accuracy``, ``test_loss``,
            ``test_accuracy`` (one pair per compiled metric). NaN after a NaN divergence.
        history: ``History.history`` of ``fit`` (per epoch; the training loss is the running
            mean over the epoch's batches, with dropout on), plus ``learning_rate`` and
            ``seconds`` (each epoch's training steps, without validation).
        seconds: wall-clock seconds of ``fit``.
        epochs_run: epochs actually run (fewer if a callback or a divergence stopped it).
        diverged: the loss became NaN/infinite or exploded; training was stopped, not crashed.
        batch_losses: the training loss of every batch.
        model: the trained model.
    """

    setting: str
    seed: int
    scores: dict[str, float]
    history: dict[str, list[float]] = field(repr=False)
    seconds: float
    epochs_run: int
    diverged: bool
    batch_losses: list[float] = field(repr=False, default_factory=list)
    model: keras.Model | None = field(default=None, repr=False)

    def __getitem__(self, key: str) -> float:
        """A final number by name: ``run["test_accuracy"]``, ``run["seconds"]``."""
        if key in self.scores:
            return self.scores[key]
        if key in ("seconds", "epochs_run", "seconds_per_epoch", "best_epoch"):
            return float(getattr(self, key))
        raise KeyError(f"no number named {key!r}; choose from {sorted(self.scores)} or 'seconds'")

    @property
    def seconds_per_epoch(self) -> float:
        """Median seconds of one epoch's training steps, the first epoch (tracing) left out."""
        times = self.history.get("seconds") or [self.seconds]
        return float(np.median(times[1:] if len(times) > 1 else times))

    @property
    def best_epoch(self) -> int:
        """The 1-based epoch with the lowest validation loss (NaN ignored)."""
        val = np.asarray(self.history.get("val_loss", []), dtype=float)
        if val.size == 0 or not np.isfinite(val).any():
            raise ValueError(f"{self.setting}, seed {self.seed}: no finite validation loss")
        return int(np.nanargmin(np.where(np.isfinite(val), val, np.nan))) + 1


TABLE_LABELS = {
    "test_accuracy": "test acc",
    "val_accuracy": "val acc",
    "train_accuracy": "train acc (eval)",
    "test_loss": "test loss",
    "val_loss": "val loss",
    "train_loss": "train loss (eval)",
    "seconds": "s / run",
    "seconds_per_epoch": "s / epoch",
    "epochs_run": "epochs",
    "best_epoch": "best epoch",
}


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (ddof=1; 0 for a single value) of the finite values,
    NaN if none is finite."""
    finite = np.asarray([v for v in values if math.isfinite(v)], dtype=float)
    if finite.size == 0:
        return math.nan, math.nan
    sd = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
    return float(finite.mean()), sd


def _format_mean_sd(mean: float, sd: float, *, runs: int, key: str = "") -> str:
    """``mean ± sd`` of ``runs`` runs; for a single run the value alone (no spread to show)."""
    if not math.isfinite(mean):
        return "nan"
    digits = 1 if key in ("seconds", "epochs_run", "best_epoch") or abs(mean) >= 100 else 3
    if key == "seconds_per_epoch":
        digits = 2
    if 0 < abs(mean) < 0.01:
        value, spread = f"{mean:.2e}", f"{sd:.1e}"
    else:
        value, spread = f"{mean:.{digits}f}", f"{sd:.{digits}f}"
    return value if runs == 1 else f"{value} ± {spread}"


def _seeds_text(seeds: Sequence[int]) -> str:
    if len(seeds) == 1:
        return f"one run per setting, seed {seeds[0]}: no spread to show"
    return f"mean ± sd over {len(seeds)} seeds: {list(seeds)}"


class Comparison:
    """Every run of :func:`compare`: settings × seeds, with mean ± sd per setting.

    ``comparison["relu"]`` is the list of that setting's :class:`Run` (one per seed);
    ``comparison.mean("test_accuracy")`` and ``comparison.sd(...)`` give a dict per setting;
    displayed in Jupyter it is a table of mean ± sd (sample standard deviation over seeds).
    """

    def __init__(self, runs: Sequence[Run], columns: Sequence[str] | None = None):
        self.runs = list(runs)
        if not self.runs:
            raise ValueError("a Comparison needs at least one Run")
        self.settings = list(dict.fromkeys(r.setting for r in self.runs))
        self.seeds = list(dict.fromkeys(r.seed for r in self.runs))
        self.columns = list(columns) if columns else self._default_columns()

    def _default_columns(self) -> list[str]:
        scores = self.runs[0].scores
        metric_names = [k[len("test_") :] for k in scores if k.startswith("test_")]
        order = [m for m in metric_names if m != "loss"] + ["loss"]
        columns = [f"{split}_{m}" for m in order[:1] for split in ("test", "val")]
        return columns + ["train_loss", "seconds"]

    def __getitem__(self, setting: str) -> list[Run]:
        if setting not in self.settings:
            raise KeyError(f"no setting named {setting!r}; settings: {self.settings}")
        return [r for r in self.runs if r.setting == setting]

    def __iter__(self):
        return iter(self.settings)

    def __len__(self) -> int:
        return len(self.settings)

    def values(self, key: str) -> dict[str, list[float]]:
        """Each setting's number ``key`` for every seed, e.g. ``values("test_accuracy")``."""
        return {s: [run[key] for run in self[s]] for s in self.settings}

    def mean(self, key: str) -> dict[str, float]:
        """Each setting's mean of ``key`` over seeds (diverged-to-NaN runs left out)."""
        return {s: _mean_sd(v)[0] for s, v in self.values(key).items()}

    def sd(self, key: str) -> dict[str, float]:
        """Each setting's sample standard deviation of ``key`` over seeds."""
        return {s: _mean_sd(v)[1] for s, v in self.values(key).items()}

    def diverged(self) -> dict[str, int]:
        """How many of each setting's runs diverged."""
        return {s: sum(r.diverged for r in self[s]) for s in self.settings}

    def rows(self, columns: Sequence[str] | None = None) -> list[list[str]]:
        """The table as strings: a header, then one row per setting (mean ± sd over seeds)."""
        columns = list(columns or self.columns)
        header = ["setting"] + [TABLE_LABELS.get(c, c) for c in columns]
        show_diverged = any(r.diverged for r in self.runs)
        if show_diverged:
            header.append("diverged")
        table = [header]
        for s in self.settings:
            row = [s]
            for c in columns:
                values = self.values(c)[s]
                row.append(_format_mean_sd(*_mean_sd(values), key=c, runs=len(values)))
            if show_diverged:
                row.append(f"{self.diverged()[s]} of {len(self[s])}")
            table.append(row)
        return table

    def to_text(self, columns: Sequence[str] | None = None) -> str:
        """The table as aligned plain text, with a line saying how many seeds."""
        return format_table(self.rows(columns)) + f"\n({_seeds_text(self.seeds)})"

    def show(self, columns: Sequence[str] | None = None) -> None:
        """Print the table, optionally with other columns (any key of :attr:`Run.scores`,
        ``seconds``, ``seconds_per_epoch``, ``epochs_run``, ``best_epoch``)."""
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
        caption = _seeds_text(self.seeds)
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


def _seed_list(seeds: int | Sequence[int]) -> list[int]:
    if not isinstance(seeds, (list, tuple, range)):  # a count
        return [SEED + i for i in range(validate.number("seeds", seeds, integer=True, low=1))]
    if not seeds:
        raise ValueError(f"seeds must be a count or a non-empty list of ints, got {seeds!r}")
    seed_list = [
        validate.number(f"seeds[{i}]", s, integer=True, low=0) for i, s in enumerate(seeds)
    ]
    if len(set(seed_list)) != len(seed_list):
        raise ValueError(f"seeds must be distinct, got {seed_list}")
    return seed_list


def _in_batches(x: np.ndarray, y: np.ndarray, batch_size: int) -> tf.data.Dataset:
    """The arrays as consecutive batches, in order: the batches ``evaluate(x, y, batch_size)``
    makes, without Keras' array adapter, which builds a tf.data pipeline on every call (0.4-0.7 s
    less per run here, for fit's validation and the three evaluations). The numbers are the same
    (tests/test_experiments.py)."""
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)


def _check_keys(argument: str, given: Any, allowed: Sequence[str]) -> dict[str, Any]:
    """``given`` as a dict whose keys are all in ``allowed``, else a named error."""
    if not isinstance(given, Mapping):
        raise TypeError(
            f"{argument} must be a dict such as {argument}=dict({allowed[0]}=...), "
            f"got {type(given).__name__}"
        )
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        other = {"compile": "fit", "fit": "compile"}.get(argument, "")
        elsewhere = [k for k in unknown if k in (FIT_KEYS if other == "fit" else COMPILE_KEYS)]
        hint = f"; {', '.join(elsewhere)} goes in {other}=" if other and elsewhere else ""
        raise ValueError(
            f"{argument} takes the keys {', '.join(allowed)}; got {', '.join(map(repr, unknown))}"
            + hint
        )
    return dict(given)


def _check_complete(setting: str, compile: dict, fit: dict) -> None:
    """Refuse a run without an optimizer, a loss or a number of epochs."""
    for argument, given, key in (
        ("compile", compile, "optimizer"),
        ("compile", compile, "loss"),
        ("fit", fit, "epochs"),
    ):
        if given.get(key) is None:
            raise ValueError(f"setting {setting!r} has no {key}: pass {argument}=dict({key}=...)")


def _check_model_kwargs(make_model: Callable, model_kwargs: dict, setting: str) -> None:
    """Refuse setting keys that ``make_model`` does not take, before anything is built."""
    try:
        signature = inspect.signature(make_model)
    except (TypeError, ValueError):  # no signature to read (a builtin, a C function)
        return
    try:
        signature.bind(**model_kwargs)
    except TypeError as exc:
        raise TypeError(
            f"setting {setting!r}: make_model does not take {sorted(model_kwargs)} ({exc}). "
            f"Keys other than {RUN_KEYS} are passed to make_model."
        ) from None


def _build(make_model: Callable, model_kwargs: dict, compile: dict, seed: int) -> keras.Model:
    """The run's model from ``seed``, compiled with fresh copies of the optimizer and metrics."""
    reset_session(seed, free_memory=False)  # a garbage collection per run adds up to seconds
    model = make_model(**model_kwargs)  # an error inside make_model is the learner's to see
    if not isinstance(model, keras.Model):
        raise TypeError(f"make_model must return a keras.Model, got {type(model).__name__}")
    metrics = compile.get("metrics", ("accuracy",))
    model.compile(
        optimizer=clone_optimizer(compile["optimizer"]),
        loss=compile["loss"],
        metrics=[_clone_metric(m) for m in metrics],
    )
    if model.built:  # the optimizer's variables made before fit: about 0.3 s less per run here
        model.optimizer.build(model.trainable_variables)  # (the same numbers, tested)
    return model


def _scores(model: keras.Model, data: ExperimentData) -> dict[str, float]:
    """``model.evaluate`` (dropout off) on the train, validation and test digits."""
    scores: dict[str, float] = {}
    for split in ("train", "val", "test"):
        batches = _in_batches(getattr(data, f"x_{split}"), getattr(data, f"y_{split}"), 1024)
        values = model.evaluate(batches, verbose=0, return_dict=True)
        scores |= {f"{split}_{k}": float(v) for k, v in values.items()}
    return scores


def train_once(
    make_model: Callable[..., keras.Model],
    model_kwargs: dict[str, Any],
    *,
    data: ExperimentData,
    compile: Mapping[str, Any],
    fit: Mapping[str, Any],
    seed: int = SEED,
    setting: str = "run",
) -> Run:
    """One run of :func:`compare`: build from ``seed``, compile, fit, evaluate every split.

    The optimizer (and metric and callback objects) are copied first, so the objects the
    notebook wrote stay unused and every run starts fresh.

    Args:
        make_model: a function returning a new, uncompiled Keras model.
        model_kwargs: the arguments for ``make_model``.
        data: the train / validation / test digits.
        compile: ``optimizer`` and ``loss`` (and optionally ``metrics``) for ``model.compile``.
        fit: ``epochs`` (and optionally ``batch_size``, ``callbacks``, ``shuffle``) for
            ``model.fit``.
        seed: the seed of weights, dropout and shuffling.
        setting: the run's name in the table.

    Returns:
        A :class:`Run`.

    Raises:
        TypeError: if ``make_model`` does not return a Keras model or ``data`` has the wrong type.
        ValueError: for an unknown key in ``compile`` or ``fit``, a missing optimizer, loss or
            epochs, or ``epochs`` or ``batch_size`` that is not a positive int.
    """
    if not isinstance(data, ExperimentData):
        raise TypeError(f"data must be an ExperimentData, got {type(data).__name__}")
    compile = _check_keys("compile", compile, COMPILE_KEYS)
    fit = {"batch_size": 32, "shuffle": True} | _check_keys("fit", fit, FIT_KEYS)
    _check_complete(setting, compile, fit)
    for key in ("epochs", "batch_size"):
        validate.number(key, fit[key], integer=True, low=1)
    _check_model_kwargs(make_model, model_kwargs, setting)
    model = _build(make_model, model_kwargs, compile, seed)
    recorder = RunRecorder(EXPLODE_FACTOR)
    start = time.perf_counter()
    history = model.fit(
        data.x_train,
        data.y_train,
        validation_data=_in_batches(data.x_val, data.y_val, fit["batch_size"]),
        verbose=0,
        **fit | {"callbacks": [recorder, *_fresh_callbacks(fit.get("callbacks"))]},
    )
    seconds = time.perf_counter() - start
    per_epoch = {key: [float(v) for v in values] for key, values in history.history.items()}
    per_epoch["learning_rate"] = recorder.learning_rates
    per_epoch["seconds"] = recorder.epoch_seconds
    last = [v for key in ("loss", "val_loss") for v in per_epoch.get(key, [])[-1:]]
    return Run(
        setting=setting,
        seed=seed,
        scores=_scores(model, data),
        history=per_epoch,
        seconds=seconds,
        epochs_run=len(per_epoch.get("loss", [])),
        diverged=recorder.diverged or not all(math.isfinite(v) for v in last),
        batch_losses=recorder.batch_losses,
        model=model,
    )


def _setting_line(name: str, runs: list[Run], width: int) -> str:
    """One line for a setting whose seeds are done: its validation score, failures, time."""
    key = next((k for k in runs[0].scores if k.startswith("val_") and k != "val_loss"), None)
    key = key or "val_loss"
    mean, sd = _mean_sd([r[key] for r in runs])
    failed = sum(r.diverged for r in runs)
    status = f"{failed} of {len(runs)} DIVERGED  " if failed else ""
    seeds = f"{len(runs)} seed{'s' if len(runs) > 1 else ''}"
    return (
        f"{name:<{width}}  {seeds}  {status}{key.replace('_', ' ')} "
        f"{_format_mean_sd(mean, sd, runs=len(runs))}  "
        f"{np.mean([r.seconds for r in runs]):.1f} s / run"
    )


def _plan(name: str, changes: Any, shared: dict[str, Any]) -> tuple[str, dict, dict]:
    """One setting as (name, run arguments, make_model arguments): its run keys replace the
    shared ones (an optimizer in ``compile``, a batch size in ``fit``, the data)."""
    if not isinstance(changes, Mapping):
        raise TypeError(f"setting {name!r} must be a dict of changes, got {type(changes)}")
    run = {
        "make_model": changes.get("make_model", shared["make_model"]),
        "data": changes.get("data", shared["data"]),
        "compile": shared["compile"] | {k: v for k, v in changes.items() if k in COMPILE_KEYS},
        "fit": shared["fit"] | {k: v for k, v in changes.items() if k in FIT_KEYS},
    }
    _check_complete(str(name), run["compile"], run["fit"])
    if isinstance(run["data"], ExperimentData) and not run["data"].scaled:
        print(  # never silently: an unscaled run is a lesson (08), or a forgotten step
            f"note: setting {name!r} trains on pixel values 0..255, not scaled to [0, 1] "
            "(cu.scale_pixels)"
        )
    return str(name), run, {k: v for k, v in changes.items() if k not in RUN_KEYS}


def compare(
    make_model: Callable[..., keras.Model],
    settings: Mapping[str, Mapping[str, Any]],
    *,
    data: ExperimentData,
    compile: Mapping[str, Any],
    fit: Mapping[str, Any],
    seeds: int | Sequence[int] = 3,
    columns: Sequence[str] | None = None,
    verbose: bool = True,
) -> Comparison:
    """Train ``make_model`` under each setting from each seed, on the same data; keep the books.

    Example::

        xp.compare(
            make_model,
            {"sigmoid": dict(activation="sigmoid"), "relu": dict(activation="relu")},
            data=data,
            compile=dict(optimizer=keras.optimizers.Adam(1e-3), loss="..."),  # model.compile's
            fit=dict(epochs=5, batch_size=32),                                # model.fit's
            seeds=3,
        )

    ``compile`` holds what goes to ``model.compile`` (``optimizer``, ``loss``, ``metrics``,
    default accuracy), ``fit`` what goes to ``model.fit`` (``epochs``, ``batch_size`` default 32,
    ``callbacks``, ``shuffle`` default True). A setting is a dict: its keys named like one of
    those (or ``data``, ``make_model``) replace the shared value for that setting, e.g.
    ``{"momentum": dict(optimizer=keras.optimizers.SGD(0.1, momentum=0.9))}``; every other key
    is passed to ``make_model``. Each run calls ``reset_session(seed)``, builds the model,
    compiles it with a fresh copy of the optimizer, fits it with ``validation_data`` and
    evaluates it on the train, validation and test digits. A run whose loss becomes NaN or
    explodes (:class:`~course_utils.training.RunRecorder`) is stopped and recorded as diverged.
    Nothing is capped: the epochs and data the notebook passes are the ones used.

    Args:
        make_model: a function returning a new, uncompiled Keras model.
        settings: setting name → dict of changes (``{}`` for the baseline).
        data: the train / validation / test digits (``cu.mnist_experiment_data``); labels as
            the loss expects them (integers, or one-hot via ``cu.one_hot_data``).
        compile: ``model.compile``'s arguments; the optimizer is copied for each run.
        fit: ``model.fit``'s arguments; callbacks are copied for each run, or give a function
            returning a new list.
        seeds: how many seeds (42, 43, …) or the list of seeds.
        columns: the table's columns (default: test and validation accuracy, the evaluated
            train loss, seconds per run).
        verbose: print one line per setting when its seeds are done.

    Returns:
        A :class:`Comparison`.

    Raises:
        ValueError: for no settings, a bad seed list, a key ``compile`` or ``fit`` does not
            take (naming the allowed keys), or a setting without optimizer, loss or epochs.
        TypeError: if a setting, ``compile`` or ``fit`` is not a dict.
    """
    if not settings:
        raise ValueError("settings must hold at least one setting, e.g. {'baseline': {}}")
    seed_list = _seed_list(seeds)
    shared = {
        "make_model": make_model,
        "data": data,
        "compile": _check_keys("compile", compile, COMPILE_KEYS),
        "fit": _check_keys("fit", fit, FIT_KEYS),
    }
    plans = [_plan(name, changes, shared) for name, changes in settings.items()]
    runs: list[Run] = []
    width = max(len(name) for name, _, _ in plans)
    for name, run, model_kwargs in plans:
        builder = run.pop("make_model")
        for seed in seed_list:
            runs.append(train_once(builder, model_kwargs, **run, seed=seed, setting=name))
        if verbose:
            print(_setting_line(name, [r for r in runs if r.setting == name], width))
    reset_session(SEED)
    return Comparison(runs, columns)


# --- other experiments' records: a learning-rate range test, a path of two weights ----------


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
    steps = validate.number("steps", steps, integer=True, low=1)
    w = tf.Variable(start)
    path = [start.copy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        path.append(w.numpy().copy())
    return np.array(path)
