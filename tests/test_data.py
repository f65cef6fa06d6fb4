"""course_utils.data: sources, checks of the files, and the split/scale helpers."""

from __future__ import annotations

import os
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


@pytest.mark.allow_loopback
def test_network_probe_fails_fast_and_false(monkeypatch):
    # A real connection attempt to a port nothing listens on (443 on this machine's loopback):
    # the probe answers False at once, and passes its timeout to every attempt it makes.
    import socket
    import time

    real, timeouts = socket.create_connection, []

    def spy(address, timeout=None, *args, **kwargs):
        timeouts.append(timeout)
        return real(address, timeout, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    start = time.perf_counter()
    assert data.network_available("127.0.0.1", timeout=2.0) is False
    assert time.perf_counter() - start < 1.0
    assert timeouts == [2.0]


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
    x, y = np.arange(100).reshape(100, 1), np.arange(100) % 10
    (x_tr, y_tr), (x_val, y_val) = train_val_split(x, y, val_fraction=0.2)
    assert len(x_val) == 20 and len(x_tr) == 80
    assert sorted(np.concatenate([x_tr[:, 0], x_val[:, 0]]).tolist()) == list(range(100))
    assert (x_tr[:, 0] % 10 == y_tr).all()
    (_, y_tr2), _ = train_val_split(x, y, val_fraction=0.2)
    assert (y_tr == y_tr2).all()


LABELS = np.arange(10) % 10


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((np.zeros(3), LABELS[:4]), ValueError, "x and y must have the same length"),
        ((np.zeros(0), LABELS[:0]), ValueError, "x must not be empty"),
        (([1, 2], LABELS[:2]), TypeError, "x must be a NumPy array, got list"),
        ((np.zeros(10), LABELS, 1.5), ValueError, "val_fraction must be a number between 0"),
        ((np.zeros(10), LABELS, -0.5), ValueError, "val_fraction must be a number between 0"),
        ((np.zeros(10), LABELS, "0.1"), TypeError, "val_fraction .*got str '0.1'"),
        ((np.zeros(10), LABELS, None), TypeError, "val_fraction .*got None"),
        ((np.zeros(10), LABELS, True), TypeError, "val_fraction .*got bool"),
        ((np.zeros(3), LABELS[:3], 0.01), ValueError, "empty train or validation"),
        ((np.zeros(10), np.full(10, 10)), ValueError, r"y must hold class labels 0\.\.9"),
        ((np.zeros(10), np.full(10, -1)), ValueError, r"got values -1\.\.-1"),
        ((np.zeros(10), LABELS.astype(float)), TypeError, "dtype float64.*astype"),
        ((np.zeros(10), np.eye(10, dtype=int)), ValueError, "one-hot"),
        ((np.full(10, np.nan), LABELS), ValueError, "x must hold finite numbers, got 10 NaN"),
        ((np.full(10, np.inf), LABELS), ValueError, "x must hold finite.* 10 inf"),
        ((np.array(["a"] * 10), LABELS), TypeError, "x must be a NumPy array of numbers, got dt"),
        ((np.zeros(10), LABELS, 0.5, -1), ValueError, "seed must be an int >= 0"),
    ],
)
def test_train_val_split_rejects_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        train_val_split(*args)


def test_subsample():
    x, y = np.arange(50), np.arange(50) % 10
    xs, ys = subsample(x, y, 10)
    assert len(xs) == 10 and (ys == xs % 10).all() and len(set(xs.tolist())) == 10
    assert (np.diff(xs) > 0).all()  # the order is kept
    assert subsample(x, y, 50)[0] is x
    scaled = np.linspace(0, 1, 50).astype(np.float32)  # scaled images pass through as well
    assert subsample(scaled, y, 5)[0].dtype == np.float32


@pytest.mark.parametrize(
    ("n", "error", "message"),
    [
        (0, ValueError, "n must be an int >= 1, got 0"),
        (51, ValueError, "n must be at most 50 .*min\\(n, len\\(x\\)\\)"),
        (1_000_000, ValueError, "n must be at most 50 \\(the samples in x\\), got 1,000,000"),
        (10.0, TypeError, "n must be an int >= 1, got float 10.0"),
        ("10", TypeError, "n must be an int >= 1, got str '10'"),
        (None, TypeError, "n must be an int >= 1, got None"),
    ],
)
def test_subsample_refuses_sizes_it_cannot_give(n, error, message):
    with pytest.raises(error, match=message):
        subsample(np.arange(50), np.arange(50) % 10, n)


def test_scale_pixels():
    scaled = scale_pixels(np.array([[0, 255], [51, 102]], dtype=np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [[0, 1], [0.2, 0.4]], rtol=1e-6)
    floats = scale_pixels(np.array([0.0, 127.5, 255.0]))  # float pixel values 0-255 are fine
    np.testing.assert_allclose(floats, [0, 0.5, 1])
    assert scale_pixels(np.array([0, 1], np.uint8)).max() == pytest.approx(1 / 255)


@pytest.mark.parametrize(
    ("images", "error", "message"),
    [
        (np.array([-1, 3]), ValueError, r"images must hold pixel values 0\.\.255, got -1"),
        (np.array([0, 256]), ValueError, r"pixel values 0\.\.255, got 0\.\.256"),
        (np.array([np.nan, 1.0]), ValueError, "images must hold finite numbers, got 1 NaN"),
        (np.array([np.inf, 1.0]), ValueError, "images must hold finite numbers.*1 inf"),
        ([1, 2], TypeError, "images must be a NumPy array, got list"),
        (np.array(["1", "2"]), TypeError, "images must be a NumPy array of numbers, got dtype"),
        (np.array([True, False]), TypeError, "got dtype bool"),
        (np.zeros((0, 28, 28)), ValueError, "images must not be empty"),
        (np.array([0.0, 0.5, 1.0]), ValueError, "look scaled already"),
        (np.zeros((2, 28, 28), np.float32), ValueError, "look scaled already"),
    ],
)
def test_scale_pixels_refuses_what_it_cannot_scale(images, error, message):
    with pytest.raises(error, match=message):
        scale_pixels(images)


def test_scale_pixels_twice_is_refused_and_agrees_with_predict():
    from course_utils.inference import to_unit_range

    raw = np.array([[0, 128, 255]], dtype=np.uint8)
    once = scale_pixels(raw)
    with pytest.raises(ValueError, match="scaled already"):
        scale_pixels(once)
    # What scale_pixels refuses as "scaled already", predict takes as scaled, and vice versa.
    np.testing.assert_array_equal(to_unit_range(once), once)
    np.testing.assert_allclose(to_unit_range(raw), once)
    with pytest.raises(ValueError, match="divide by 255"):
        to_unit_range(raw.astype(np.float32))
    np.testing.assert_allclose(scale_pixels(raw.astype(np.float32)), once)


def test_float_labels_in_a_file_are_refused_without_a_hash(tmp_path):
    path = write_npz(tmp_path / "floats.npz", y_train=np.linspace(0.7, 9, 20))
    with pytest.raises(ValueError, match="y_train must hold integer labels 0-9, got dtype float"):
        read_mnist_file(path)


def test_a_folder_is_named_as_a_folder(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a file"):
        read_mnist_file(tmp_path)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may read any file"
)
def test_an_unreadable_file_names_the_fix(tmp_path):
    path = write_npz(tmp_path / "locked.npz")
    path.chmod(0)
    try:
        with pytest.raises(PermissionError, match="permission denied. Make it readable"):
            read_mnist_file(path)
    finally:
        path.chmod(0o644)


def test_permission_error_names_the_fix(monkeypatch, tmp_path):
    # The same path as above, also for root (who may read any file): np.load is refused.
    path = write_npz(tmp_path / "locked.npz")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(data.np, "load", refuse)
    with pytest.raises(PermissionError, match=r"locked\.npz cannot be read: permission denied"):
        read_mnist_file(path)
    monkeypatch.setattr(data, "sha256_of", refuse)
    with pytest.raises(PermissionError, match="chmod u\\+r"):
        read_mnist_file(path, sha256="0" * 64)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((None,), TypeError, "path must be a path"),
        ((3,), TypeError, "path must be a path.*got int 3"),
        (("data/mnist_offline.npz", 123), TypeError, "sha256 must be a string"),
        (("data/mnist_offline.npz", "abc"), ValueError, "sha256 must be 64 hexadecimal"),
    ],
)
def test_read_mnist_file_bad_arguments(args, error, message):
    with pytest.raises(error, match=message):
        read_mnist_file(*args)


def test_load_mnist_verbose_must_be_a_flag():
    with pytest.raises(TypeError, match="verbose must be True or False.*read_mnist_file"):
        load_mnist("data/mnist.npz")
    with pytest.raises(TypeError, match="verbose must be True or False, got int 1"):
        load_mnist(1)


def test_info_command(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    assert data._main(["info"]) == 0
    assert "bundled offline sample" in capsys.readouterr().out


@pytest.fixture
def keras_cache(monkeypatch, tmp_path):
    """A fake Keras cache folder, and a fake full MNIST whose hash the module expects."""
    cache = tmp_path / "home" / ".keras" / "datasets"
    monkeypatch.setattr(
        data, "full_copy_candidates", lambda: [tmp_path / "data" / "mnist.npz", cache / "mnist.npz"]
    )
    good = write_npz(tmp_path / "served.npz")
    monkeypatch.setattr(data, "FULL_SHA256", data.sha256_of(good))
    return cache, good.read_bytes()


def serve(monkeypatch, payload: bytes, fail: bool = False) -> list:
    """Replace the network: ``_fetch`` writes ``payload`` (then fails, with ``fail``)."""
    calls = []

    def fake_fetch(url, destination, timeout):
        calls.append(destination)
        Path(destination).write_bytes(payload)
        if fail:
            raise TimeoutError("the connection stalled")

    monkeypatch.setattr(data, "_fetch", fake_fetch)
    return calls


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_goes_to_a_temporary_name_then_into_place(monkeypatch, keras_cache):
    cache, payload = keras_cache
    calls = serve(monkeypatch, payload)
    path = data.download_full_mnist()
    assert path == cache / "mnist.npz" and path.read_bytes() == payload
    assert calls[0].parent == cache and calls[0].name.startswith(".partial-mnist-")
    assert calls[0].name.endswith(".npz")
    assert leftovers(cache) == ["mnist.npz"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("existing", [b"not a zip, maybe the user's own file", b""])
def test_download_never_deletes_an_existing_file_even_a_corrupt_one(
    monkeypatch, keras_cache, existing
):
    cache, payload = keras_cache
    cache.mkdir(parents=True)
    target = cache / "mnist.npz"
    target.write_bytes(existing)
    before = target.stat()
    calls = serve(monkeypatch, payload)
    with pytest.raises(FileExistsError, match="never deletes a file it did not write"):
        data.download_full_mnist()
    assert target.read_bytes() == existing and target.stat().st_mtime_ns == before.st_mtime_ns
    assert calls == [] and leftovers(cache) == ["mnist.npz"]


def test_download_keeps_a_good_existing_copy_without_network(monkeypatch, keras_cache):
    cache, payload = keras_cache
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(payload)
    calls = serve(monkeypatch, b"")
    assert data.download_full_mnist() == cache / "mnist.npz"
    assert calls == [] and (cache / "mnist.npz").read_bytes() == payload


def test_a_failed_download_leaves_nothing_behind(monkeypatch, keras_cache):
    cache, payload = keras_cache
    serve(monkeypatch, payload[:100], fail=True)
    with pytest.raises(ConnectionError, match="the connection stalled.*bundled sample"):
        data.download_full_mnist()
    assert leftovers(cache) == []


def test_a_corrupt_download_is_not_moved_into_place(monkeypatch, keras_cache):
    cache, payload = keras_cache
    serve(monkeypatch, payload[:-10])
    with pytest.raises(ValueError, match="is partial or corrupt .*nothing was changed"):
        data.download_full_mnist()
    assert leftovers(cache) == []


def test_the_download_command_prints_one_line_on_failure(monkeypatch, keras_cache, capsys):
    cache, payload = keras_cache
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"corrupt")
    assert data._main(["download"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("error: ")
    assert "mnist.npz exists but is not the full MNIST" in captured.err


def test_the_download_command_succeeds_in_two_lines(monkeypatch, keras_cache, capsys):
    cache, payload = keras_cache
    serve(monkeypatch, payload)
    assert data._main(["download"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "Full MNIST is ready" in out


def test_the_data_command_line_offline_is_one_line_no_traceback(tmp_path):
    """The real module in a new process, with the network refused and a throw-away $HOME."""
    import subprocess
    import sys

    # runpy's own RuntimeWarning ("'course_utils.data' found in sys.modules") comes from the
    # package importing data.py before `-m` runs it; course.py's download command has to
    # silence it (-W), which is outside this module. It is filtered here the same way.
    code = (
        "import socket, runpy, sys, warnings\n"
        "warnings.filterwarnings('ignore', \"'course_utils.data' found\", RuntimeWarning)\n"
        "def refuse(*a, **k): raise OSError('network is unreachable (blocked by the test)')\n"
        "socket.create_connection = refuse\n"
        "sys.argv = ['course_utils.data', 'download']\n"
        "runpy.run_module('course_utils.data', run_name='__main__')\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "USERPROFILE": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: Downloading full MNIST failed")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert leftovers(tmp_path / ".keras" / "datasets") == []
