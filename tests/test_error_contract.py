"""The error contract, as a table: a learner's bad input gets a clear, named error.

Each row is a call as a notebook would write it, the exception it must raise, and a word the
message must contain (the argument's name, or the file's name). The contract
(``course_utils/validate.py``): ``TypeError`` for a wrong type, ``ValueError`` for a wrong
value, messages like ``"<name> must be …, got …"``; files are named with their fix.

The table covers every course_utils module that takes learner input
(``test_the_table_covers_every_module_that_takes_learner_input``). Exempt are the functions a
notebook writes out itself (``# Shown in notebooks/...``: ``scratch.data_iter``/``sgd``,
``models.make_model``, drawing's preparation steps): they stay identical to the lesson's
code, which has no input checks (tests/test_show_then_reuse.py).

To add a row, append ``Case("<call>", ErrorType, "<word>")`` to ``CASES``. The call is Python
evaluated in ``namespace()`` below: ``cu``, ``np``, ``math``, ``keras``, every course_utils
module by its name, the arrays ``X``/``Y`` (and their bad twins), the models and data of
``things()`` and the files of ``files()``. Give a row ``env={...}`` to run it with environment
variables set; the row's id is its call.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils import (
    activations,
    checks,
    data,
    deploy,
    drawing,
    env,
    experiments,
    images,
    inference,
    metrics,
    modelfiles,
    models,
    plots,
    scratch,
    selfcheck,
    session,
    text,
    training,
    validate,
)

MODULES = {
    "activations": activations,
    "checks": checks,
    "data": data,
    "deploy": deploy,
    "drawing": drawing,
    "env": env,
    "experiments": experiments,
    "images": images,
    "inference": inference,
    "metrics": metrics,
    "modelfiles": modelfiles,
    "models": models,
    "plots": plots,
    "scratch": scratch,
    "selfcheck": selfcheck,
    "session": session,
    "text": text,
    "training": training,
    "validate": validate,
}
# Modules without a function a learner calls with input of their own (only constants, or
# classes the notebooks never build by hand): models.make_model is notebook 07's own code
# (exempt, see above); plots.style is the plots' colour table, which no notebook calls.
NO_LEARNER_INPUT: set[str] = {"models", "plots.style"}


class Case(NamedTuple):
    call: str
    error: type[BaseException]
    word: str
    env: dict | None = None


CASES = [
    # --- load_mnist / read_mnist_file -------------------------------------------------------
    Case("cu.load_mnist('data/mnist.npz')", TypeError, "verbose"),
    Case("cu.load_mnist(verbose=None)", TypeError, "verbose"),
    Case("cu.load_mnist()", ValueError, "COURSE_MNIST", env={"COURSE_MNIST": "everything"}),
    Case("data.read_mnist_file(None)", TypeError, "path"),
    Case("data.read_mnist_file(42)", TypeError, "path"),
    Case("data.read_mnist_file(MISSING)", FileNotFoundError, "missing.npz"),
    Case("data.read_mnist_file(FOLDER)", ValueError, "is a folder"),
    Case("data.read_mnist_file(NOT_A_ZIP)", ValueError, "not_a_zip.npz"),
    Case("data.read_mnist_file(PICKLED)", ValueError, "pickled.npz"),
    Case("data.read_mnist_file(FLOAT_LABELS)", ValueError, "y_train"),
    Case("data.read_mnist_file(LABEL_10)", ValueError, "y_test"),
    Case("data.read_mnist_file(UINT16_IMAGES)", ValueError, "x_train"),
    Case("data.read_mnist_file(GOOD, '0' * 64)", ValueError, "good.npz"),
    Case("data.read_mnist_file(GOOD, 'abc')", ValueError, "sha256"),
    Case("data.read_mnist_file(GOOD, 123)", TypeError, "sha256"),
    # --- subsample ----------------------------------------------------------------------------
    Case("cu.subsample(X, Y, 1_000_000)", ValueError, "n must be at most"),
    Case("cu.subsample(X, Y, 0)", ValueError, "n must"),
    Case("cu.subsample(X, Y, '5')", TypeError, "n must"),
    Case("cu.subsample(X, Y, 2.5)", TypeError, "n must"),
    Case("cu.subsample(X, Y, None)", TypeError, "n must"),
    Case("cu.subsample(X.tolist(), Y, 5)", TypeError, "x must"),
    Case("cu.subsample(X, Y.tolist(), 5)", TypeError, "y must"),
    Case("cu.subsample(X_NAN, Y, 5)", ValueError, "x must hold finite"),
    Case("cu.subsample(X_INF, Y, 5)", ValueError, "x must hold finite"),
    Case("cu.subsample(X, Y_10, 5)", ValueError, "y must hold class labels"),
    Case("cu.subsample(X, Y_MINUS_1, 5)", ValueError, "y must hold class labels"),
    Case("cu.subsample(X, Y_FLOAT, 5)", TypeError, "y must"),
    Case("cu.subsample(X, Y[:-1], 5)", ValueError, "x and y"),
    Case("cu.subsample(X, Y, 5, seed=-1)", ValueError, "seed"),
    Case("cu.subsample(X, Y, 5, seed='42')", TypeError, "seed"),
    # --- train_val_split ------------------------------------------------------------------------
    Case("cu.train_val_split(X, Y, val_fraction='0.1')", TypeError, "val_fraction"),
    Case("cu.train_val_split(X, Y, val_fraction=None)", TypeError, "val_fraction"),
    Case("cu.train_val_split(X, Y, val_fraction=1.5)", ValueError, "val_fraction"),
    Case("cu.train_val_split(X, Y, val_fraction=-0.5)", ValueError, "val_fraction"),
    Case("cu.train_val_split(X, Y, val_fraction=0)", ValueError, "val_fraction"),
    Case("cu.train_val_split(X, Y, val_fraction=math.nan)", ValueError, "val_fraction"),
    Case("cu.train_val_split(X, Y_ONE_HOT)", ValueError, "y must"),
    Case("cu.train_val_split(X_NAN, Y)", ValueError, "x must"),
    Case("cu.train_val_split(X, Y_10)", ValueError, "y must"),
    Case("cu.train_val_split(X_TEXT, Y)", TypeError, "x must"),
    Case("cu.train_val_split(X, Y, seed=1.5)", TypeError, "seed"),
    # --- scale_pixels ---------------------------------------------------------------------------
    Case("cu.scale_pixels(cu.scale_pixels(X))", ValueError, "scaled already"),
    Case("cu.scale_pixels(X_NAN)", ValueError, "images"),
    Case("cu.scale_pixels(X_INF)", ValueError, "images"),
    Case("cu.scale_pixels(np.array([-1, 300]))", ValueError, "images"),
    Case("cu.scale_pixels([0, 255])", TypeError, "images"),
    Case("cu.scale_pixels(None)", TypeError, "images"),
    Case("cu.scale_pixels(X_TEXT)", TypeError, "dtype"),
    Case("cu.scale_pixels(np.zeros((0, 28, 28), np.uint8))", ValueError, "images"),
    # --- by_mode / output_path / setup ----------------------------------------------------------
    Case("cu.by_mode(full=12, fast='2')", TypeError, "fast"),
    Case("cu.by_mode(full=12, fast=2)", ValueError, "COURSE_FAST", env={"COURSE_FAST": "maybe"}),
    Case("cu.output_path()", ValueError, "output_path"),
    Case("cu.output_path('..', 'x.keras')", ValueError, "output_path"),
    Case("cu.output_path('/etc/passwd')", ValueError, "output_path"),
    Case("cu.output_path('models', None)", TypeError, "output_path"),
    Case("cu.setup('7')", TypeError, "seed"),
    Case("cu.setup(-1)", ValueError, "seed"),
    Case("env.reset_session(42, free_memory='no')", TypeError, "free_memory"),
    # --- checks ---------------------------------------------------------------------------------
    Case("checks.check_close('accuracy', 5, 1, math.nan)", ValueError, "tol"),
    Case("checks.check_close('accuracy', 5, 1, math.inf)", ValueError, "tol"),
    Case("checks.check_close('accuracy', 5, 1, -1)", ValueError, "tol"),
    Case("checks.check_close('accuracy', 5, 1, '0.1')", TypeError, "tol"),
    Case("checks.check_close('accuracy', 5, 1, tol=1e9)", ValueError, "tol"),
    Case("checks.check_close('accuracy', 5, '1', 0.1)", TypeError, "expected"),
    Case("checks.check_at_least('accuracy', 0.9, math.nan)", ValueError, "minimum"),
    Case("checks.check_at_most('loss', 0.1, math.inf)", ValueError, "maximum"),
    Case("checks.check_at_least('accuracy', '0.9', 0.5)", TypeError, "accuracy"),
    Case("checks.check_at_least('accuracy', None, 0.5)", TypeError, "accuracy"),
    Case("checks.check_at_least(0.9, 1, 0.5)", TypeError, "name"),
    # --- self_check -----------------------------------------------------------------------------
    Case("cu.self_check(0, 1028)", TypeError, "question_id"),
    Case("cu.self_check('99-nothing', 1)", KeyError, "99-nothing"),
    Case("cu.self_check('00-sevens', 1028, strict='yes')", TypeError, "strict"),
    # --- validate: the checks other modules may adopt -------------------------------------------
    Case("validate.number('learning_rate', '0.1')", TypeError, "learning_rate"),
    Case("validate.number('learning_rate', math.nan)", ValueError, "learning_rate"),
    Case("validate.number('learning_rate', math.inf)", ValueError, "learning_rate"),
    Case("validate.number('epochs', True, integer=True)", TypeError, "epochs"),
    Case("validate.number('epochs', 2.0, integer=True)", TypeError, "epochs"),
    Case("validate.number('dropout', 1.5, low=0, high=1)", ValueError, "dropout"),
    Case("validate.number('dropout', None, low=0, high=1)", TypeError, "dropout"),
    Case("validate.images('x', [[0, 1]])", TypeError, "x must"),
    Case("validate.labels('y_true', np.array([10]))", ValueError, "y_true"),
    Case("validate.pixels('images', cu.scale_pixels(X))", ValueError, "scaled already"),
    Case("validate.path('path', 3)", TypeError, "path"),
    Case("validate.flag('verbose', 'False')", TypeError, "verbose"),
    Case("validate.text('name', None)", TypeError, "name"),
    # --- inference / metrics (notebooks 04, 09) ---------------------------------------------------
    Case("inference.predict(NAN_MODEL, X[:2])", ValueError, "finite"),
    Case("inference.predict(FLAT_MODEL, X[:2])", ValueError, "(28, 28)"),
    Case("inference.predict(SOFTMAX_MODEL, X[:2], batch_size=True)", TypeError, "batch_size"),
    Case(
        "metrics.most_confident_mistakes(np.full((3, 10), np.nan), Y[:3])",
        ValueError,
        "probabilities",
    ),
    Case(
        "metrics.most_confident_mistakes(np.full((3, 10), 0.1), Y[:3], k=True)", TypeError, "k must"
    ),
    Case("metrics.confusion_matrix(Y_10, Y)", ValueError, "y_true"),
    Case("metrics.confusion_matrix(Y, Y, num_classes=1)", ValueError, "num_classes"),
    # --- drawing and images (notebooks 04, 09) ---------------------------------------------------
    Case("drawing.draw_digit([[(0.1, 0.2)]], thickness='0.1')", TypeError, "thickness"),
    Case("drawing.draw_digit([[(0.1, 0.2)]], thickness=0.9)", ValueError, "thickness"),
    Case("drawing.draw_digit(5)", TypeError, "strokes"),
    Case("drawing.draw_digit([])", ValueError, "strokes"),
    Case("drawing.DrawPad('mnist.keras')", TypeError, "keras.saving.load_model"),
    Case("drawing.check_drawing(drawing.example_drawing() / 255.0)", ValueError, "scaled already"),
    Case(
        "drawing.read_drawing(np.full((28, 28), 255, np.uint8))", drawing.EmptyDrawingError, "empty"
    ),
    Case("drawing.render_strokes([[(1, 2)]], pen=0)", ValueError, "pen"),
    Case("drawing.synthetic_photo(size=(10, 10))", ValueError, "size"),
    Case("images.shift_digits(X, True, 0)", TypeError, "dy"),
    Case("images.shift_digits(X, 0, 30)", ValueError, "dx"),
    Case("images.add_noise(X, '0.1')", TypeError, "std"),
    Case("images.add_noise(X, -0.1)", ValueError, "std"),
    Case("images.add_noise(X, 0.1, seed=True)", TypeError, "seed"),
    Case("training.EpochLog(every=0)", ValueError, "every"),
    Case("training.EpochLog(epochs=True)", TypeError, "epochs"),
    # --- experiments (notebooks 05-08) -----------------------------------------------------------
    Case("cu.mnist_experiment_data(n_train=True)", TypeError, "n_train"),
    Case("data.ExperimentData(*[X * 2.0, Y] * 3)", ValueError, "x_train must hold pixel"),
    Case("data.ExperimentData(*[X_NAN / 255, Y] * 3)", ValueError, "x_train must hold finite"),
    Case("data.ExperimentData(*[X / 255, Y_10] * 3)", ValueError, "y_train"),
    Case("data.ExperimentData(*[X / 255, Y_MINUS_1] * 3)", ValueError, "y_train"),
    Case("cu.one_hot_data((X, Y))", TypeError, "ExperimentData"),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'compile': {'loss': 'mse'}}))",
        ValueError,
        "optimizer",
    ),
    Case("experiments.compare(softmax_model, {}, **RUN)", ValueError, "settings"),
    Case("experiments.compare(softmax_model, {'a': {'width': 3}}, **RUN)", TypeError, "width"),
    Case("experiments.compare(buggy_model, {'a': {}}, **RUN)", TypeError, "my own bug"),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'fit': {'epochs': True}}))",
        TypeError,
        "epochs",
    ),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'fit': {'epoch': 1}}))",
        ValueError,
        "fit takes the keys epochs, batch_size, callbacks, shuffle; got 'epoch'",
    ),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'compile': FIT_IN_COMPILE}))",
        ValueError,
        "epochs goes in fit=",
    ),
    Case("experiments.compare(softmax_model, {'a': {}}, **(RUN | {'fit': 1}))", TypeError, "fit"),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'seeds': 0}))", ValueError, "seeds"
    ),
    Case(
        "experiments.compare(softmax_model, {'a': {}}, **(RUN | {'seeds': [1, 1.5]}))",
        TypeError,
        "seeds[1]",
    ),
    Case("experiments.compare(softmax_model, {'a': {}}, **(RUN | {'data': X}))", TypeError, "data"),
    Case(
        "plots.plot_batch_loss_traces({'a': ([1.0], True)})",
        TypeError,
        "batches per epoch",
    ),
    Case("plots.plot_runs('not a comparison')", TypeError, "comparison"),
    Case("plots.plot_lr_schedules({})", ValueError, "schedules"),
    Case(
        "experiments.optimize_2d(lambda w: w[0] ** 2, (1, 2), SGD, steps=True)",
        TypeError,
        "steps",
    ),
    Case(
        "experiments.optimize_2d(lambda w: w[0] ** 2, (1, 2, 3), SGD)",
        ValueError,
        "start",
    ),
    # --- lessons 01-03: from-scratch NumPy and its pictures --------------------------------------
    Case("scratch.sigmoid('one')", TypeError, "z"),
    Case("scratch.softmax([1.0, 2.0], axis=True)", TypeError, "axis"),
    Case("scratch.relu([1.0, math.nan])", ValueError, "z"),
    Case("activations.leaky_relu([1.0], slope='0.1')", TypeError, "slope"),
    Case("activations.gelu('one')", TypeError, "x"),
    Case("plots.draw_layer_diagram(n_in=True, n_out=4)", TypeError, "n_in"),
    Case("plots.plot_loss_curves({}, 'loss')", ValueError, "curves"),
    Case("plots.show_pixel_values(np.zeros((3, 3, 2)), 'x')", ValueError, "image"),
    Case("plots.show_images(X[:4], ncols=0)", ValueError, "ncols"),
    Case("plots.show_images(X[:4], ncols=True)", TypeError, "ncols"),
    Case("plots.plot_probabilities(np.full((1, 10), np.nan))", ValueError, "probabilities"),
    Case("plots.plot_history(None)", TypeError, "history"),
    # --- model files and deployment (notebook 09) ------------------------------------------------
    Case(
        "env.write_atomically('../x.keras', lambda tmp: tmp.write_bytes(b'x'))",
        ValueError,
        "path must be inside",
    ),
    Case(
        "env.write_atomically('/tmp/x.keras', lambda tmp: tmp.write_bytes(b'x'))",
        ValueError,
        "path must be inside",
    ),
    Case("env.write_atomically(None, lambda tmp: None)", TypeError, "path"),
    Case("modelfiles.save_model(SOFTMAX_MODEL, 'x.pt')", ValueError, "unsupported extension"),
    Case("modelfiles.save_model(SOFTMAX_MODEL, '/tmp/x.keras')", ValueError, "output/"),
    Case("modelfiles.model_path(None)", TypeError, "filename"),
    Case("modelfiles.size_breakdown('mnist.keras')", TypeError, "model"),
    Case("modelfiles.show_file_sizes(SOFTMAX_MODEL, [MISSING])", FileNotFoundError, "missing.npz"),
    Case("deploy.keras_file_json(MISSING)", FileNotFoundError, "missing.npz"),
    Case("deploy.keras_file_json(NOT_A_ZIP)", ValueError, "not a zip"),
    Case("deploy.estimated_size('7B', True)", TypeError, "parameters"),
    Case("deploy.model_sizes({})", ValueError, "models"),
    Case("plots.plot_layer_diagram(42)", TypeError, "source"),
    Case("text.format_table([['a', 'b'], ['1']])", ValueError, "cells"),
    Case("text.human_bytes(-1)", ValueError, "bytes"),
    # --- fine-tuning (notebook 10) ---------------------------------------------------------------
    Case("data.select_digits(X, Y, [1.5])", TypeError, "digits"),
    Case("data.select_digits(X, Y, [10])", ValueError, "digits"),
    Case("data.select_digits(X, Y, 5)", TypeError, "digits"),
    Case("data.select_digits(X_NAN, Y, [1])", ValueError, "x must"),
    Case("data.take_per_class(X, Y, True)", TypeError, "n_per_class"),
    Case("data.take_per_class(X, Y, 1, seed='1')", TypeError, "seed"),
    Case("data.take_per_class(X, Y_10, 1)", ValueError, "y must"),
    Case("modelfiles.trainable_counts('mnist.keras')", TypeError, "model"),
    Case("session.setup(True)", TypeError, "seed"),
    Case("selfcheck.self_check('00-sevens', 1028, strict=1)", TypeError, "strict"),
    # --- helpers of notebooks 04 and 09 ----------------------------------------------------------
    Case("inference.predict('mnist.keras', X)", TypeError, "keras.saving.load_model"),
    Case(
        "plots.plot_probabilities(np.full((1, 10), 0.1), true_labels=[10])",
        ValueError,
        "true_labels",
    ),
    Case(
        "plots.plot_probabilities(np.full((1, 10), 0.1), true_labels=[-1])",
        ValueError,
        "true_labels",
    ),
    Case("deploy.estimated_size('7B', float('inf'))", ValueError, "parameters"),
    Case("deploy.estimated_size('7B', 7e9, float('nan'))", ValueError, "bytes_per_parameter"),
    Case("deploy.estimated_size('7B', '7e9')", TypeError, "parameters"),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Small files a learner might point the data helpers at."""
    folder = tmp_path_factory.mktemp("contract")

    def mnist(name, **overrides):
        rng = np.random.default_rng(0)
        arrays = {
            "x_train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
            "y_train": np.arange(20, dtype=np.uint8) % 10,
            "x_test": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
            "y_test": np.arange(10, dtype=np.uint8),
        }
        arrays.update(overrides)
        np.savez(folder / name, **arrays)
        return folder / name

    (folder / "a_folder").mkdir()
    (folder / "not_a_zip.npz").write_bytes(b"this is not a zip file")
    return {
        "GOOD": mnist("good.npz"),
        "MISSING": folder / "missing.npz",
        "FOLDER": folder / "a_folder",
        "NOT_A_ZIP": folder / "not_a_zip.npz",
        "PICKLED": mnist("pickled.npz", y_test=np.array([{"a": 1}] * 10, dtype=object)),
        "FLOAT_LABELS": mnist("float_labels.npz", y_train=np.linspace(0.7, 9, 20)),
        "LABEL_10": mnist("label_10.npz", y_test=np.full(10, 10, np.uint8)),
        "UINT16_IMAGES": mnist("uint16.npz", x_train=np.zeros((20, 28, 28), np.uint16)),
    }


def softmax_model(units: int = 10) -> keras.Model:
    return keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(units, "softmax")]
    )


def buggy_model() -> keras.Model:
    raise TypeError("my own bug inside make_model")  # compare must not relabel it


@pytest.fixture(scope="module")
def things():
    """Models and data a learner might hand to the Keras helpers."""
    nan_model = softmax_model()
    nan_model.set_weights([np.full(w.shape, np.nan, np.float32) for w in nan_model.weights])
    tiny = data.ExperimentData(*[np.zeros((4, 28, 28), np.float32), np.arange(4)] * 3)
    return {
        "SOFTMAX_MODEL": softmax_model(),
        "NAN_MODEL": nan_model,  # diverged weights: every output is NaN
        "FLAT_MODEL": keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)]),
        "TINY": tiny,
        "SGD": keras.optimizers.SGD(0.1),
        "RUN": {
            "data": tiny,
            "compile": {"optimizer": "adam", "loss": "mse"},
            "fit": {"epochs": 1},
            "seeds": 1,
        },
        "FIT_IN_COMPILE": {"optimizer": "adam", "loss": "mse", "epochs": 1},
        "softmax_model": softmax_model,
        "buggy_model": buggy_model,
    }


def namespace(files: dict, things: dict) -> dict:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (30, 28, 28), dtype=np.uint8)
    y = np.arange(30) % 10
    return {
        "cu": cu,
        "np": np,
        "math": math,
        "keras": keras,
        **MODULES,
        "X": x,
        "Y": y,
        "X_NAN": np.where(x == 0, np.nan, x.astype(np.float32)),
        "X_INF": np.where(x == 0, np.inf, x.astype(np.float32)),
        "X_TEXT": x.astype(str),
        "Y_10": np.where(y == 9, 10, y),
        "Y_MINUS_1": y - 1,
        "Y_FLOAT": y.astype(np.float32),
        "Y_ONE_HOT": np.eye(10, dtype=int)[y],
        **files,
        **things,
    }


@pytest.mark.parametrize("case", CASES, ids=[case.call for case in CASES])
def test_bad_input_gets_a_named_error(case, files, things, monkeypatch):
    for key, value in (case.env or {}).items():
        monkeypatch.setenv(key, value)
    with pytest.raises(case.error) as caught:
        eval(case.call, namespace(files, things))  # the row's call, as a notebook would write it
    message = str(caught.value)
    assert type(caught.value) is case.error, f"{case.call}: {type(caught.value).__name__}"
    assert case.word in message, f"{case.call}: {message!r} does not name {case.word!r}"
    assert "\x1b[" not in message, f"{case.call}: terminal colour codes in {message!r}"


def test_the_table_covers_every_module_that_takes_learner_input():
    from pathlib import Path

    package = Path(cu.__file__).parent
    on_disk = {p.stem for p in package.glob("*.py")} - {"__init__"}
    parts = {f"plots.{p.stem}" for p in (package / "plots").glob("*.py")} - {"plots.__init__"}
    assert on_disk | {"plots"} == (set(MODULES) | NO_LEARNER_INPUT) - parts, "list every module"
    calls = " ".join(case.call for case in CASES)
    for module in sorted(set(MODULES) - NO_LEARNER_INPUT - {"plots"}):
        assert f"{module}." in calls, f"no row calls a helper of course_utils/{module}.py"
    for part in sorted(parts - NO_LEARNER_INPUT):  # notebooks call plots.<name>: find its module
        where = {n: getattr(getattr(plots, n), "__module__", "") for n in plots.__all__}
        names = [n for n, module in where.items() if module == f"course_utils.{part}"]
        assert any(f"plots.{n}(" in calls for n in names), f"no row calls a helper of {part}"
    for helper in (
        "load_mnist",
        "read_mnist_file",
        "subsample",
        "train_val_split",
        "scale_pixels",
        "by_mode",
        "output_path",
        "check_close",
        "check_at_least",
        "check_at_most",
        "self_check",
        "predict",
        "compare",
        "write_atomically",
        "draw_digit",
        "select_digits",
    ):
        assert helper in calls, f"no row calls {helper}"
    assert len({case.call for case in CASES}) == len(CASES), "a row is listed twice"
