"""The error contract, as a table: a learner's bad input gets a clear, named error.

Each row is a call as a notebook would write it, the exception it must raise, and a word the
message must contain (the argument's name, or the file's name). The contract
(``course_utils/validate.py``): ``TypeError`` for a wrong type, ``ValueError`` for a wrong
value, messages like ``"<name> must be …, got …"``; files are named with their fix.

To add a row, append ``Case("<call>", ErrorType, "<word>")`` to ``CASES``. The call is Python
evaluated in ``namespace()`` below: ``cu``, ``np``, ``math``, ``data``, ``validate``,
``checks``, the arrays ``X``/``Y`` (and their bad twins) and the files listed there. Give a
row ``env={...}`` to run it with environment variables set. For a helper of another module,
import the module here and add it to ``namespace()``; the row's id is its call.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pytest

import course_utils as cu
from course_utils import checks, data, deploy, env, inference, plotting, validate


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
    # --- helpers of notebooks 04 and 09 ----------------------------------------------------------
    Case("inference.predict('mnist.keras', X)", TypeError, "keras.saving.load_model"),
    Case(
        "plotting.plot_probabilities(np.full((1, 10), 0.1), true_labels=[10])",
        ValueError,
        "true_labels",
    ),
    Case(
        "plotting.plot_probabilities(np.full((1, 10), 0.1), true_labels=[-1])",
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


def namespace(files: dict) -> dict:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (30, 28, 28), dtype=np.uint8)
    y = np.arange(30) % 10
    return {
        "cu": cu,
        "np": np,
        "math": math,
        "data": data,
        "env": env,
        "validate": validate,
        "checks": checks,
        "inference": inference,
        "plotting": plotting,
        "deploy": deploy,
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
    }


@pytest.mark.parametrize("case", CASES, ids=[case.call for case in CASES])
def test_bad_input_gets_a_named_error(case, files, monkeypatch):
    for key, value in (case.env or {}).items():
        monkeypatch.setenv(key, value)
    with pytest.raises(case.error) as caught:
        eval(case.call, namespace(files))  # the row's call, as a notebook would write it
    message = str(caught.value)
    assert type(caught.value) is case.error, f"{case.call}: {type(caught.value).__name__}"
    assert case.word in message, f"{case.call}: {message!r} does not name {case.word!r}"
    assert "\x1b[" not in message, f"{case.call}: terminal colour codes in {message!r}"


def test_the_table_is_large_and_covers_every_module():
    assert len(CASES) >= 40
    calls = " ".join(case.call for case in CASES)
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
        "validate.",
    ):
        assert helper in calls, f"no row calls {helper}"
    assert len({case.call for case in CASES}) == len(CASES), "a row is listed twice"
