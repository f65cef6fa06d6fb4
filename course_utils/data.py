"""MNIST for the course (every notebook that trains on digits): full copy or the sample.

``load_mnist()`` looks for MNIST in this order and says which source it used:

1. a full local copy: ``data/mnist.npz``, then Keras' cache ``~/.keras/datasets/mnist.npz``;
2. a download of the full set from Keras' server into Keras' cache, when the network answers
   within a few seconds (never in fast mode, so never under test). It goes to a temporary
   name, is checked, and only then moved into place; an existing file is never deleted;
3. the bundled sample ``data/mnist_offline.npz``: 5,000 training digits (500 per class) and
   the complete official 10,000-digit test set.

The rest prepares data sets: ``train_val_split``, ``subsample``, ``scale_pixels``, the
selections of notebook 10 (``select_digits`` for the digits of one task, ``take_per_class`` for
a small seeded labelled set), and the three scaled splits the experiments of notebooks 05-08
train on (``mnist_experiment_data`` → :class:`ExperimentData`, ``one_hot_data``).

Set ``COURSE_MNIST=sample`` to always use the bundled sample, or ``COURSE_MNIST=full`` to
insist on the full set. Fast mode (``COURSE_FAST=1``) always uses the bundled sample.

Command line (run it in the course's virtual environment)::

    python -m course_utils.data download   # fetch full MNIST ahead of class
    python -m course_utils.data info       # which source load_mnist() would use
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course_utils import validate
from course_utils.env import DATA_DIR, SEED, fast_mode, show_path, write_atomically
from course_utils.validate import NUM_CLASSES

SOURCE_ENV = "COURSE_MNIST"
PERMUTE_ENV = "COURSE_PERMUTE_LABELS"  # 1: shuffled labels, nothing learnable (verify --sabotage)
SAMPLE_PATH = DATA_DIR / "mnist_offline.npz"
SAMPLE_SHA256 = "70d7cf697c6538835723381e2c25550c47a93ad3269d4847c90bc615b7e5c96d"
FULL_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
FULL_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
KEYS = ("x_train", "y_train", "x_test", "y_test")
NETWORK_TIMEOUT = 5.0  # seconds to decide whether the download server answers


def full_copy_candidates() -> list[Path]:
    """Where a full local copy of MNIST may be, in the order they are tried."""
    return [DATA_DIR / "mnist.npz", Path.home() / ".keras" / "datasets" / "mnist.npz"]


@dataclass(frozen=True)
class MnistSource:
    """Where ``load_mnist`` takes MNIST from.

    Attributes:
        kind: ``"full"`` (a local full copy), ``"download"`` or ``"sample"``.
        path: the file to read (for ``"download"``: where Keras will store it).
        description: one human-readable line, without machine-specific paths.
    """

    kind: str
    path: Path
    description: str


def _sample_source(reason: str = "") -> MnistSource:
    text = f"bundled offline sample {show_path(SAMPLE_PATH)} (5,000 train / 10,000 test)"
    return MnistSource("sample", SAMPLE_PATH, text + (f" — {reason}" if reason else ""))


def network_available(
    host: str = "storage.googleapis.com", timeout: float = NETWORK_TIMEOUT
) -> bool:
    """Tell whether ``host`` accepts an HTTPS connection within ``timeout`` seconds."""
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def requested_source() -> str:
    """The value of ``COURSE_MNIST``: ``auto`` (default), ``sample`` or ``full``.

    Raises:
        ValueError: for any other value.
    """
    value = os.environ.get(SOURCE_ENV, "auto").strip().lower() or "auto"
    if value not in ("auto", "sample", "full"):
        raise ValueError(f"{SOURCE_ENV} must be 'auto', 'sample' or 'full', got {value!r}")
    return value


def resolve_mnist_source() -> MnistSource:
    """Decide where ``load_mnist()`` takes MNIST from, without reading the data.

    Returns:
        The chosen :class:`MnistSource`.

    Raises:
        ValueError: if ``COURSE_MNIST`` is not auto/sample/full.
        FileNotFoundError: if ``COURSE_MNIST=full`` and there is neither a full copy nor a
            network connection.
    """
    wanted = requested_source()
    if wanted == "sample":
        return _sample_source("COURSE_MNIST=sample")
    if fast_mode() and wanted == "auto":
        return _sample_source("fast mode")
    for path in full_copy_candidates():
        if path.exists():
            return MnistSource("full", path, f"full MNIST from {show_path(path)}")
    target = full_copy_candidates()[1]
    if network_available():
        return MnistSource("download", target, f"full MNIST, downloading to {show_path(target)}")
    if wanted == "full":
        raise FileNotFoundError(
            "COURSE_MNIST=full, but there is no full copy at "
            + " or ".join(show_path(p) for p in full_copy_candidates())
            + " and the download server does not answer. Run "
            "'python -m course_utils.data download' on a machine with a network, copy "
            "mnist.npz to data/, or unset COURSE_MNIST to use the bundled sample."
        )
    return _sample_source("offline; see data/README.md for the full set")


def sha256_of(path: Path) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fix_for(path: Path, missing: bool = False) -> str:
    if path == SAMPLE_PATH:
        return "Restore it with 'git checkout -- data/mnist_offline.npz'."
    if missing:
        return (
            "Check the path, run 'python -m course_utils.data download' to get full MNIST, "
            "or use load_mnist(), which falls back to the bundled sample."
        )
    return (
        f"Delete {show_path(path)} and run 'python -m course_utils.data download' again, "
        "or set COURSE_MNIST=sample to use the bundled sample."
    )


def _permission_fix(path: Path) -> str:
    return (
        f"MNIST file {show_path(path)} cannot be read: permission denied. Make it readable "
        f"(e.g. 'chmod u+r {path}'), or copy it to data/mnist.npz."
    )


def read_mnist_file(path: str | os.PathLike, sha256: str | None = None) -> tuple:
    """Read and check an MNIST ``.npz`` file with Keras' keys.

    Args:
        path: the ``.npz`` file.
        sha256: the expected SHA-256 of the file (64 hex digits), or None to skip the hash
            check (the contents are checked either way).

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as uint8 arrays, images of shape (n, 28, 28).

    Raises:
        TypeError: if ``path`` is not a path or ``sha256`` not a string.
        FileNotFoundError: if ``path`` does not exist.
        PermissionError: if it may not be read (the message says how to fix that).
        ValueError: if ``path`` is a folder, ``sha256`` is not 64 hex digits, or the file is
            partial, corrupt, or does not hold MNIST-shaped arrays with integer labels 0-9;
            the message names the file and the fix.
    """
    path = validate.path("path", path)
    if sha256 is not None:
        sha256 = validate.text("sha256", sha256)
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower()):
            raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    if path.is_dir():
        raise ValueError(
            f"MNIST file {show_path(path)} is a folder, not a file: give the path of the "
            ".npz file inside it, e.g. data/mnist.npz"
        )
    if not path.is_file():
        raise FileNotFoundError(
            f"MNIST file {show_path(path)} does not exist. {_fix_for(path, missing=True)}"
        )
    try:
        hash_ok = sha256 is None or sha256_of(path) == sha256.lower()
        if hash_ok and not zipfile.is_zipfile(path):
            raise ValueError("it is not an .npz (zip) file: a partial download, or another format")
        if hash_ok:
            with np.load(path, allow_pickle=False) as npz:
                missing = [key for key in KEYS if key not in npz.files]
                if missing:
                    raise ValueError(f"it has no {', '.join(missing)}")
                arrays = {key: npz[key] for key in KEYS}
    except PermissionError as exc:
        raise PermissionError(_permission_fix(path)) from exc
    except (OSError, EOFError, zipfile.BadZipFile, ValueError) as exc:
        raise ValueError(
            f"MNIST file {show_path(path)} cannot be read as MNIST ({exc}). {_fix_for(path)}"
        ) from exc
    if not hash_ok:
        raise ValueError(
            f"MNIST file {show_path(path)} is partial or corrupt: its SHA-256 is not the "
            f"expected {sha256[:12]}…. {_fix_for(path)}"
        )
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        problem = ""
        if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != (28, 28):
            problem = f"x_{split} must be uint8 of shape (n, 28, 28), got {x.dtype} {x.shape}"
        elif y.shape != (len(x),) or len(x) == 0:
            problem = f"y_{split} must have shape ({len(x)},), got {y.shape}"
        elif not np.issubdtype(y.dtype, np.integer):
            problem = f"y_{split} must hold integer labels 0-9, got dtype {y.dtype}"
        elif y.min() < 0 or y.max() > 9:
            problem = f"y_{split} must hold labels 0-9, got {y.min()}..{y.max()}"
        if problem:
            raise ValueError(f"MNIST file {show_path(path)}: {problem}. {_fix_for(path)}")
    return (arrays["x_train"], arrays["y_train"].astype(np.uint8)), (
        arrays["x_test"],
        arrays["y_test"].astype(np.uint8),
    )


def _fetch(url: str, destination: Path, timeout: float) -> None:
    """Copy the bytes at ``url`` into the file ``destination`` (the course's own temp file)."""
    import shutil
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout) as response, open(destination, "wb") as out:
        shutil.copyfileobj(response, out, length=1 << 20)


def download_full_mnist(timeout: float = 60.0) -> Path:
    """Download full MNIST into Keras' cache ``~/.keras/datasets/mnist.npz``, safely.

    The file is downloaded to a temporary name in the same folder, checked (SHA-256 and
    contents), and only then moved into place with ``os.replace``. A file already at the
    target is never deleted or overwritten, not even a corrupt one: the course did not write
    it, so the message asks you to move it away yourself.

    Args:
        timeout: seconds a stalled connection may wait before the download gives up.

    Returns:
        The path of ``mnist.npz`` (already there and intact, or just downloaded).

    Raises:
        ConnectionError: if the download fails; the message says how to go on offline.
        FileExistsError: if a different file is already at the target.
        ValueError: if the downloaded bytes are not full MNIST (nothing is left behind).
    """
    timeout = validate.number("timeout", timeout, low=0, low_open=True)
    target = full_copy_candidates()[1]
    if target.is_dir():
        raise FileExistsError(
            f"{show_path(target)} is a folder; the course does not touch it. Move it away, "
            "then run 'python3 course.py download' again."
        )
    if target.exists():
        if sha256_of(target) == FULL_SHA256:
            return target
        raise FileExistsError(
            f"{show_path(target)} exists but is not the full MNIST (its SHA-256 differs). "
            "The course never deletes a file it did not write: move or delete it yourself, "
            "then run 'python3 course.py download' again."
        )
    target.parent.mkdir(parents=True, exist_ok=True)

    def fetch_and_check(temp: Path) -> None:
        try:
            _fetch(FULL_URL, temp, timeout)
        except Exception as exc:  # urllib raises URLError, socket.timeout, ssl errors, ...
            raise ConnectionError(
                f"Downloading full MNIST failed ({exc}). The bundled sample still works "
                "offline; on macOS an SSL certificate error is fixed by running 'Install "
                "Certificates.command' from your Python folder."
            ) from exc
        if sha256_of(temp) != FULL_SHA256:
            raise ValueError(
                f"The download from {FULL_URL} is partial or corrupt ({temp.stat().st_size:,} "
                "bytes, not the expected SHA-256); nothing was changed. Try again later, or "
                "copy mnist.npz to data/ by hand."
            )
        read_mnist_file(temp)  # the known bytes; and readable as MNIST, as load_mnist reads it
        temp.chmod(0o644)  # a dataset is readable by all

    # Another course download that finished first keeps its file (keep_existing).
    write_atomically(target, fetch_and_check, inside=target.parent, keep_existing=True)
    return target


def load_mnist(verbose: bool = True) -> tuple:
    """Load MNIST like ``keras.datasets.mnist.load_data()``, from the best source available.

    Args:
        verbose: print one line saying which source was used and the sizes.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape (n, 28, 28) with
        pixel values 0–255, and uint8 labels 0–9.

    Raises:
        ValueError: if a file is partial or corrupt (the message names it and the fix), or
            ``COURSE_MNIST`` holds an unknown value.
        FileNotFoundError: if the bundled sample is missing, or ``COURSE_MNIST=full`` cannot
            be satisfied.
        TypeError: if ``verbose`` is not True or False (to read one file, use
            ``read_mnist_file(path)``).
    """
    if isinstance(verbose, (str, os.PathLike)):
        raise TypeError(
            f"verbose must be True or False, got {validate.describe(verbose)}; "
            "to read one MNIST file, use course_utils.data.read_mnist_file(path)"
        )
    validate.flag("verbose", verbose)
    source = resolve_mnist_source()
    note = ""
    if source.kind == "download":
        try:
            download_full_mnist()
        except ConnectionError as exc:
            if requested_source() == "full":
                raise
            note = f" (download failed: {exc})"
            source = _sample_source("the download failed")
    expected = SAMPLE_SHA256 if source.kind == "sample" else FULL_SHA256
    (x_train, y_train), (x_test, y_test) = read_mnist_file(source.path, expected)
    if os.environ.get(PERMUTE_ENV, "") == "1":  # `course.py verify --sabotage` only
        # Test labels too: notebook 10 pre-trains on test digits, so they are training labels there.
        rng = np.random.default_rng(0)
        y_train, y_test = rng.permutation(y_train), rng.permutation(y_test)
        print(f"SABOTAGE: {PERMUTE_ENV}=1, every training and test label is randomly shuffled")
    if verbose:
        name = "bundled offline sample" if source.kind == "sample" else "full MNIST"
        print(
            f"MNIST: {name} from {show_path(source.path)} — {len(x_train):,} training and "
            f"{len(x_test):,} test digits{note}"
        )
    return (x_train, y_train), (x_test, y_test)


def train_val_split(
    x: np.ndarray, y: np.ndarray, val_fraction: float = 0.1, seed: int = SEED
) -> tuple:
    """Split off a random validation set.

    Args:
        x: samples (images, uint8 or scaled floats), first axis = sample; finite values.
        y: integer class labels 0-9, same length as ``x``.
        val_fraction: the share of samples for validation, strictly between 0 and 1.
        seed: seed of the random permutation, an int >= 0.

    Returns:
        ``(x_train, y_train), (x_val, y_val)``.

    Raises:
        TypeError: if ``x`` or ``y`` is not a NumPy array of numbers (``y``: of integers), or
            ``val_fraction`` / ``seed`` is not a number / an int.
        ValueError: if lengths differ, the data is empty, ``x`` holds NaN/inf, a label is
            outside 0-9, or ``val_fraction`` is not in (0, 1) or leaves one side empty.
    """
    validate.samples(x, y)
    val_fraction = validate.number(
        "val_fraction", val_fraction, low=0, high=1, low_open=True, high_open=True
    )
    seed = validate.number("seed", seed, integer=True, low=0)
    n_val = int(round(len(x) * val_fraction))
    if n_val == 0 or n_val == len(x):
        raise ValueError(
            f"val_fraction={val_fraction} of {len(x)} samples leaves an empty train or "
            "validation set"
        )
    order = np.random.default_rng(seed).permutation(len(x))
    val, train = order[:n_val], order[n_val:]
    return (x[train], y[train]), (x[val], y[val])


def subsample(x: np.ndarray, y: np.ndarray, n: int, seed: int = SEED) -> tuple:
    """Take ``n`` random samples (kept in their order), e.g. to shrink a fast run.

    Args:
        x: samples (images, uint8 or scaled floats), first axis = sample; finite values.
        y: integer class labels 0-9, same length as ``x``.
        n: how many to take, 1 … ``len(x)``; ``n = len(x)`` returns ``x`` and ``y`` as they
            are. Asking for more is an error, not a silent "all of them": to cap a size,
            pass ``min(n, len(x))``.
        seed: seed of the random draw, an int >= 0.

    Returns:
        ``(x_subset, y_subset)``.

    Raises:
        TypeError: for non-arrays, float labels, or an ``n`` / ``seed`` that is not an int.
        ValueError: for mismatched lengths, empty data, NaN/inf in ``x``, labels outside
            0-9, or ``n`` outside 1 … ``len(x)``.
    """
    validate.samples(x, y)
    n = validate.number("n", n, integer=True, low=1)
    seed = validate.number("seed", seed, integer=True, low=0)
    if n > len(x):
        raise ValueError(
            f"n must be at most {len(x):,} (the samples in x), got {n:,}; "
            "to cap a size, pass min(n, len(x))"
        )
    if n == len(x):
        return x, y
    keep = np.sort(np.random.default_rng(seed).choice(len(x), size=n, replace=False))
    return x[keep], y[keep]


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
    x, y = validate.samples(x, y)
    if isinstance(digits, (str, bytes)) or not isinstance(digits, Iterable):
        raise TypeError(f"digits must be a collection of labels, got {validate.describe(digits)}")
    high = NUM_CLASSES - 1
    digits = sorted({validate.number("digits", d, integer=True, low=0, high=high) for d in digits})
    if not digits:
        raise ValueError("digits must name at least one label, got an empty collection")
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
    x, y = validate.samples(x, y)
    n_per_class = validate.number("n_per_class", n_per_class, integer=True, low=1)
    seed = validate.number("seed", seed, integer=True, low=0)
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


def scale_pixels(images: np.ndarray) -> np.ndarray:
    """Scale pixel values 0–255 to float32 values in [0, 1].

    Float input whose values are all in [0, 1] already is refused (it looks scaled already,
    e.g. when ``x = scale_pixels(x)`` runs twice); this is the same rule as
    ``inference.predict``, which takes float input in [0, 1] as scaled.

    Args:
        images: an integer or float array of pixel values between 0 and 255.

    Returns:
        ``images / 255`` as float32, same shape.

    Raises:
        TypeError: if ``images`` is not a numeric NumPy array (the message gives its dtype).
        ValueError: if it is empty, holds NaN/inf or values outside 0–255, or is a float
            array in [0, 1] that looks scaled already.
    """
    validate.pixels("images", images)
    return images.astype(np.float32) / 255.0


def _main(argv: list[str] | None = None) -> int:
    """The command line: one line of result, or one line of error (exit code 1)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m course_utils.data", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=["download", "info"])
    args = parser.parse_args(argv)
    try:
        if args.command == "download":
            path = download_full_mnist()
            print(f"Full MNIST is ready at {show_path(path)} ({path.stat().st_size:,} bytes).")
            print("To carry it to an offline classroom, copy it to data/mnist.npz there.")
        else:
            print(resolve_mnist_source().description)
    except (OSError, ValueError, TypeError) as exc:  # ConnectionError is an OSError
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was changed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())


# --- the experiments' data: three scaled splits (notebooks 05-08) -----------------------------


@dataclass(frozen=True)
class ExperimentData:
    """Scaled MNIST images (float32 in [0, 1]) and integer labels, split three ways.

    Raises:
        TypeError / ValueError: for arrays that are not numbers, hold NaN or inf, pixel
            values outside 0-255, labels outside 0-9 (or one-hot rows not of 10), or splits
            whose images and labels differ in length. Pixels 0-255 that are not scaled are
            taken (notebook 08 trains on them on purpose); :func:`compare` says so.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def __post_init__(self) -> None:
        for split in ("train", "val", "test"):
            x, y = getattr(self, f"x_{split}"), getattr(self, f"y_{split}")
            validate.images(f"x_{split}", x)  # NaN or inf would train to NaN without a word
            if x.min() < 0 or x.max() > 255:
                raise ValueError(
                    f"x_{split} must hold pixel values 0..255 (scaled to [0, 1] with "
                    f"cu.scale_pixels), got values {x.min():g}..{x.max():g}"
                )
            if isinstance(y, np.ndarray) and y.ndim == 2:  # one-hot rows (one_hot_data)
                validate.numbers(f"y_{split}", y, ndim=2)
                if y.shape[1] != NUM_CLASSES:
                    raise ValueError(
                        f"y_{split} must hold one-hot rows of {NUM_CLASSES}, got shape {y.shape}"
                    )
            else:
                validate.labels(f"y_{split}", y)
            validate.same_length((f"x_{split}", f"y_{split}"), x, y)

    @property
    def scaled(self) -> bool:
        """Whether every split's pixels are in [0, 1] (else they are raw 0-255 values)."""
        return all(getattr(self, f"x_{split}").max() <= 1 for split in ("train", "val", "test"))

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
        validate.number(name, value, integer=True, low=1)
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


def _one_hot(y: np.ndarray) -> np.ndarray:
    return np.eye(NUM_CLASSES, dtype=np.float32)[y] if y.ndim == 1 else y


def one_hot_data(data: ExperimentData) -> ExperimentData:
    """The same digits with one-hot labels (rows of 10), for ``CategoricalCrossentropy`` or MSE.

    Raises:
        TypeError: if ``data`` is not an :class:`ExperimentData`.
    """
    if not isinstance(data, ExperimentData):
        raise TypeError(f"data must be an ExperimentData, got {type(data).__name__}")
    return ExperimentData(
        data.x_train,
        _one_hot(data.y_train),
        data.x_val,
        _one_hot(data.y_val),
        data.x_test,
        _one_hot(data.y_test),
    )
