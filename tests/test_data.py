"""course_utils.data: sources, checks of the files, and the split/scale helpers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from course_utils import data
from course_utils.data import (
    SAMPLE_SHA256,
    load_mnist,
    read_mnist_file,
    resolve_mnist_source,
    scale_pixels,
    subsample,
    train_val_split,
)


@pytest.fixture
def no_full_copy(monkeypatch, tmp_path):
    """Pretend no full MNIST is on this machine and the network is down."""
    monkeypatch.setattr(
        data, "full_copy_candidates", lambda: [tmp_path / "a.npz", tmp_path / "b.npz"]
    )
    monkeypatch.setattr(data, "network_available", lambda *a, **k: False)
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    monkeypatch.setenv("COURSE_FAST", "0")
    return tmp_path


def write_npz(path: Path, **overrides) -> Path:
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "y_train": np.arange(20, dtype=np.uint8) % 10,
        "x_test": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        "y_test": np.arange(10, dtype=np.uint8),
    }
    arrays.update(overrides)
    np.savez_compressed(path, **{k: v for k, v in arrays.items() if v is not None})
    return path


def test_bundled_sample_matches_its_readme(capsys):
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (5000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [500] * 10
    assert x_train.max() == 255 and x_train.min() == 0
    assert data.sha256_of(data.SAMPLE_PATH) == SAMPLE_SHA256
    out = capsys.readouterr().out
    assert "bundled offline sample from data/mnist_offline.npz" in out
    assert "5,000 training and 10,000 test digits" in out


def test_fast_mode_always_uses_the_sample(monkeypatch, tmp_path):
    full = write_npz(tmp_path / "mnist.npz")
    monkeypatch.setattr(data, "full_copy_candidates", lambda: [full])
    monkeypatch.setenv("COURSE_FAST", "1")
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    assert resolve_mnist_source().kind == "sample"
    monkeypatch.setenv("COURSE_FAST", "0")
    assert resolve_mnist_source().kind == "full"


def test_a_full_local_copy_comes_first_and_is_hash_checked(monkeypatch, tmp_path, no_full_copy):
    full = write_npz(tmp_path / "a.npz")
    assert resolve_mnist_source().path == full
    with pytest.raises(
        ValueError, match=r"a\.npz is partial or corrupt.*course_utils.data download"
    ):
        load_mnist(verbose=False)


def test_offline_without_full_copy_falls_back_to_sample(no_full_copy):
    source = resolve_mnist_source()
    assert source.kind == "sample" and "offline" in source.description


def test_download_is_chosen_only_when_network_answers(monkeypatch, no_full_copy):
    monkeypatch.setattr(data, "network_available", lambda *a, **k: True)
    assert resolve_mnist_source().kind == "download"


def test_failed_download_falls_back_to_sample(monkeypatch, capsys, no_full_copy):
    monkeypatch.setattr(data, "network_available", lambda *a, **k: True)

    def fail(*args, **kwargs):
        raise ConnectionError("no route")

    monkeypatch.setattr(data, "download_full_mnist", fail)
    (x_train, _), _ = load_mnist()
    assert len(x_train) == 5000
    assert "download failed: no route" in capsys.readouterr().out


def test_course_mnist_full_without_any_copy_says_how_to_get_it(monkeypatch, no_full_copy):
    monkeypatch.setenv("COURSE_MNIST", "full")
    with pytest.raises(FileNotFoundError, match="course_utils.data download"):
        resolve_mnist_source()


def test_course_mnist_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("COURSE_MNIST", "everything")
    with pytest.raises(ValueError, match="COURSE_MNIST must be 'auto', 'sample' or 'full'"):
        resolve_mnist_source()


def test_network_probe_fails_fast_and_false(monkeypatch):
    # conftest makes every connection attempt raise; the probe must turn that into False.
    import socket

    monkeypatch.setattr(
        socket, "create_connection", lambda *a, **k: (_ for _ in ()).throw(OSError())
    )
    assert data.network_available() is False


def test_missing_file_names_path_and_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.npz does not exist.*download"):
        read_mnist_file(tmp_path / "nothing.npz")


def test_truncated_file_names_path_and_fix(tmp_path):
    good = write_npz(tmp_path / "good.npz")
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[:500])
    with pytest.raises(ValueError, match=r"cut\.npz cannot be read as MNIST.*download"):
        read_mnist_file(cut)


def test_wrong_hash_is_refused(tmp_path):
    good = write_npz(tmp_path / "good.npz")
    with pytest.raises(ValueError, match="partial or corrupt"):
        read_mnist_file(good, sha256="0" * 64)


def test_the_sample_error_says_how_to_restore_it(monkeypatch, tmp_path):
    broken = tmp_path / "mnist_offline.npz"
    broken.write_bytes(b"not a zip")
    monkeypatch.setattr(data, "SAMPLE_PATH", broken)
    with pytest.raises(ValueError, match="git checkout -- data/mnist_offline.npz"):
        read_mnist_file(broken, sha256=SAMPLE_SHA256)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"y_test": None}, "no y_test"),
        ({"x_train": np.zeros((20, 28, 27), np.uint8)}, r"x_train must be uint8 of shape"),
        ({"x_train": np.zeros((20, 28, 28), np.float32)}, r"x_train must be uint8"),
        ({"y_train": np.zeros(19, np.uint8)}, r"y_train must have shape \(20,\)"),
        ({"y_test": np.full(10, 12, np.uint8)}, "labels 0-9"),
    ],
)
def test_files_that_are_not_mnist_are_refused(tmp_path, override, message):
    path = write_npz(tmp_path / "odd.npz", **override)
    with pytest.raises(ValueError, match=message):
        read_mnist_file(path)


def test_a_zip_that_is_not_npz(tmp_path):
    path = tmp_path / "other.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match="no x_train"):
        read_mnist_file(path)


def test_train_val_split_is_a_seeded_partition():
    x, y = np.arange(100).reshape(100, 1), np.arange(100)
    (x_tr, y_tr), (x_val, y_val) = train_val_split(x, y, val_fraction=0.2)
    assert len(x_val) == 20 and len(x_tr) == 80
    assert sorted(np.concatenate([y_tr, y_val]).tolist()) == list(range(100))
    assert (x_tr[:, 0] == y_tr).all()
    (_, y_tr2), _ = train_val_split(x, y, val_fraction=0.2)
    assert (y_tr == y_tr2).all()


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((np.zeros(3), np.zeros(4)), ValueError, "same length"),
        ((np.zeros(0), np.zeros(0)), ValueError, "must not be empty"),
        (([1, 2], np.zeros(2)), TypeError, "NumPy arrays"),
        ((np.zeros(10), np.zeros(10), 1.5), ValueError, "val_fraction must be between 0 and 1"),
        ((np.zeros(3), np.zeros(3), 0.01), ValueError, "empty train or validation"),
    ],
)
def test_train_val_split_rejects_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        train_val_split(*args)


def test_subsample():
    x, y = np.arange(50), np.arange(50) * 2
    xs, ys = subsample(x, y, 10)
    assert len(xs) == 10 and (ys == xs * 2).all() and len(set(xs.tolist())) == 10
    assert subsample(x, y, 500)[0] is x
    with pytest.raises(ValueError, match="n must be a positive int"):
        subsample(x, y, 0)


def test_scale_pixels():
    scaled = scale_pixels(np.array([[0, 255], [51, 102]], dtype=np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [[0, 1], [0.2, 0.4]], rtol=1e-6)
    with pytest.raises(ValueError, match=r"pixel values in 0\.\.255, got -1"):
        scale_pixels(np.array([-1, 3]))
    with pytest.raises(ValueError, match="pixel values"):
        scale_pixels(np.array([np.nan]))
    with pytest.raises(TypeError, match="numeric NumPy array"):
        scale_pixels([1, 2])
    with pytest.raises(ValueError, match="must not be empty"):
        scale_pixels(np.zeros((0, 28, 28)))


def test_info_command(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    assert data._main(["info"]) == 0
    assert "bundled offline sample" in capsys.readouterr().out
