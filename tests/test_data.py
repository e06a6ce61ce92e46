"""Tests for nnlib.data: toy sets, digits, splits and the DataLoader."""

import numpy as np
import pytest

from nnlib import data

TOY = [data.make_moons, data.make_circles, data.make_spirals, data.make_xor]


# ----------------------------------------------------------------------------
# Toy data sets
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("make", TOY)
@pytest.mark.parametrize("n", [1, 2, 7, 200, 201])
def test_toy_shapes_dtypes_balance(make, n):
    if make is data.make_spirals and n == 1:  # 2 arms need 2 points at least
        with pytest.raises(ValueError, match=r"make_spirals: n_classes=2 needs at least one sample per class"):
            make(n_samples=n)
        return
    X, y = make(n_samples=n)
    assert X.shape == (n, 2) and X.dtype == np.float32
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))
    counts = np.bincount(y, minlength=2)
    assert len(counts) == 2 and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("make", TOY)
def test_toy_deterministic_per_seed(make):
    X1, y1 = make(seed=3)
    X2, y2 = make(seed=3)
    X3, _ = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make", TOY)
def test_toy_ignores_global_random_state(make):
    np.random.seed(1)
    X1, _ = make()
    np.random.seed(2)
    X2, _ = make()
    np.testing.assert_array_equal(X1, X2)


@pytest.mark.parametrize("make", TOY)
def test_toy_rows_are_shuffled(make):
    _, y = make(n_samples=200)
    assert not np.array_equal(y, np.sort(y))


def test_noise_zero_gives_exact_shapes():
    X, y = data.make_circles(n_samples=100, noise=0.0, factor=0.3)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-6)

    X, y = data.make_xor(n_samples=100, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))
    assert np.all(np.abs(X) >= 0.1 - 1e-6)

    X, y = data.make_moons(n_samples=100, noise=0.0)
    upper = X[y == 0]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0, rtol=1e-6)


def test_noise_scales_spread():
    X0, y = data.make_moons(noise=0.0)
    X1, y1 = data.make_moons(noise=0.3)
    np.testing.assert_array_equal(y, y1)  # same seed: same order of points
    assert 0.2 < np.std(X1 - X0) < 0.4


@pytest.mark.parametrize("k", [2, 3, 5])
def test_spirals_n_classes(k):
    X, y = data.make_spirals(n_samples=301, n_classes=k)
    assert set(np.unique(y)) == set(range(k))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1


def test_spirals_arms_wind_around():
    X, y = data.make_spirals(n_samples=400, noise=0.0)
    for k in range(2):
        pts = X[y == k]
        # One full turn: the arm visits all four quadrants.
        quadrants = set(zip(pts[:, 0] > 0, pts[:, 1] > 0))
        assert len(quadrants) == 4


@pytest.mark.parametrize("make", TOY)
@pytest.mark.parametrize("kwargs, match", [
    ({"n_samples": 0}, "n_samples must be a positive integer, got 0"),
    ({"n_samples": 2.5}, "n_samples must be a positive integer"),
    ({"noise": -0.1}, "noise must be a finite number >= 0, got -0.1"),
    ({"noise": float("nan")}, "noise must be"),
])
def test_toy_bad_arguments(make, kwargs, match):
    with pytest.raises(ValueError, match=match):
        make(**kwargs)


def test_circles_spirals_bad_extra_arguments():
    with pytest.raises(ValueError, match="factor must be a number with 0 < factor < 1, got 1.5"):
        data.make_circles(factor=1.5)
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2, got 1"):
        data.make_spirals(n_classes=1)


# ----------------------------------------------------------------------------
# Digits
# ----------------------------------------------------------------------------

def test_digits_shape_range_classes():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(y), np.arange(10))


def test_digits_images_option():
    X, y = data.load_digits(images=True)
    X_flat, y_flat = data.load_digits()
    assert X.shape == (1797, 8, 8)
    np.testing.assert_array_equal(X.reshape(1797, 64), X_flat)
    np.testing.assert_array_equal(y, y_flat)


def test_digits_match_sklearn():
    sk_datasets = pytest.importorskip("sklearn.datasets")
    bunch = sk_datasets.load_digits()
    X, y = data.load_digits()
    np.testing.assert_array_equal(X * 16, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)


def test_digits_file_loads_without_pickle():
    with np.load(data._DIGITS_PATH, allow_pickle=False) as f:
        assert sorted(f.files) == ["images", "labels"]
        assert f["images"].dtype == np.uint8 and f["images"].shape == (1797, 8, 8)
        assert f["labels"].dtype == np.uint8 and f["labels"].shape == (1797,)
        assert f["images"].max() == 16


# ----------------------------------------------------------------------------
# Splitting
# ----------------------------------------------------------------------------

def _rows(X):
    return {tuple(row) for row in np.asarray(X).reshape(len(X), -1)}


def test_train_test_split_partition_and_sizes():
    X = np.arange(100 * 3).reshape(100, 3)
    y = np.arange(100) % 4
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=0.25)
    assert len(X_te) == len(y_te) == 25 and len(X_tr) == len(y_tr) == 75
    assert _rows(X_tr) | _rows(X_te) == _rows(X) and not _rows(X_tr) & _rows(X_te)
    # Rows keep their labels.
    np.testing.assert_array_equal(y_tr, (X_tr[:, 0] // 3) % 4)
    np.testing.assert_array_equal(y_te, (X_te[:, 0] // 3) % 4)


@pytest.mark.parametrize("test_size, expected", [(0.1, 10), (0.07, 7), (0.333, 34), (1, 1), (99, 99)])
def test_test_size_float_or_count(test_size, expected):
    X, y = np.zeros((100, 2)), np.arange(100) % 2
    for stratify in (True, False):
        _, X_te, _, _ = data.train_test_split(X, y, test_size=test_size, stratify=stratify)
        assert len(X_te) == expected


def test_split_stratified_keeps_proportions():
    y = np.repeat([0, 1, 2], [600, 300, 100])
    X = np.arange(len(y))
    for seed in range(5):
        _, _, y_tr, y_te = data.train_test_split(X, y, test_size=0.2, seed=seed)
        np.testing.assert_array_equal(np.bincount(y_te), [120, 60, 20])
        np.testing.assert_array_equal(np.bincount(y_tr), [480, 240, 80])


def test_split_unstratified_differs_from_stratified():
    y = np.repeat([0, 1], [500, 500])
    X = np.arange(1000)
    counts = [np.bincount(data.train_test_split(X, y, test_size=0.1, seed=s, stratify=False)[3],
                          minlength=2)[0] for s in range(10)]
    assert any(c != 50 for c in counts)  # random, so not always perfectly balanced


def test_split_deterministic_and_seed_dependent():
    X, y = data.make_moons(n_samples=100)
    a = data.train_test_split(X, y, seed=1)
    b = data.train_test_split(X, y, seed=1)
    c = data.train_test_split(X, y, seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[1], c[1])


def test_train_val_test_split():
    y = np.repeat([0, 1], [700, 300])
    X = np.arange(1000)
    X_tr, X_va, X_te, y_tr, y_va, y_te = data.train_val_test_split(X, y, val_size=0.15,
                                                                   test_size=0.2, seed=0)
    assert (len(X_tr), len(X_va), len(X_te)) == (650, 150, 200)
    assert (len(y_tr), len(y_va), len(y_te)) == (650, 150, 200)
    assert np.sort(np.concatenate([X_tr, X_va, X_te])).tolist() == list(range(1000))
    np.testing.assert_array_equal(y[X_va], y_va)
    np.testing.assert_array_equal(y[X_te], y_te)
    np.testing.assert_array_equal(np.bincount(y_va), [105, 45])
    np.testing.assert_array_equal(np.bincount(y_te), [140, 60])


def test_split_bad_arguments():
    X, y = np.zeros((10, 2)), np.zeros(10, dtype=int)
    with pytest.raises(ValueError, match=r"same length.*len\(X\)=10 and len\(y\)=9"):
        data.train_test_split(X, y[:9])
    with pytest.raises(ValueError, match="test_size must be a float in \\(0, 1\\)"):
        data.train_test_split(X, y, test_size=1.5)
    with pytest.raises(ValueError, match="test_size as an integer must be between 1 and 9"):
        data.train_test_split(X, y, test_size=10)
    with pytest.raises(ValueError, match="test_size as an integer must be between 1 and 9"):
        data.train_test_split(X, y, test_size=0)
    with pytest.raises(ValueError, match="leaving none for training"):
        data.train_val_test_split(X, y, val_size=0.5, test_size=0.5)


# ----------------------------------------------------------------------------
# DataLoader
# ----------------------------------------------------------------------------

def _loader_data(n=103):
    X = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    y = np.arange(n)
    return X, y


@pytest.mark.parametrize("shuffle", [False, True])
def test_loader_covers_every_sample_once(shuffle):
    X, y = _loader_data()
    loader = data.DataLoader(X, y, batch_size=10, shuffle=shuffle, seed=0)
    assert len(loader) == 11
    for _ in range(3):  # every epoch
        batches = list(loader)
        assert len(batches) == 11
        assert [len(yb) for _, yb in batches] == [10] * 10 + [3]
        seen = np.concatenate([yb for _, yb in batches])
        np.testing.assert_array_equal(np.sort(seen), y)
        for xb, yb in batches:  # X rows stay with their labels
            np.testing.assert_array_equal(xb[:, 0], 2 * yb)


def test_loader_no_shuffle_keeps_order():
    X, y = _loader_data()
    seen = np.concatenate([yb for _, yb in data.DataLoader(X, y, batch_size=8)])
    np.testing.assert_array_equal(seen, y)


def test_loader_drop_last():
    X, y = _loader_data()
    loader = data.DataLoader(X, y, batch_size=10, drop_last=True, shuffle=True)
    assert len(loader) == 10
    batches = list(loader)
    assert len(batches) == 10 and all(len(yb) == 10 for _, yb in batches)
    assert len(data.DataLoader(X[:5], y[:5], batch_size=10, drop_last=True)) == 0


def test_loader_reshuffles_each_epoch_and_is_reproducible():
    X, y = _loader_data()
    a = data.DataLoader(X, y, batch_size=16, shuffle=True, seed=5)
    b = data.DataLoader(X, y, batch_size=16, shuffle=True, seed=5)
    c = data.DataLoader(X, y, batch_size=16, shuffle=True, seed=6)
    epochs_a = [np.concatenate([yb for _, yb in a]) for _ in range(3)]
    epochs_b = [np.concatenate([yb for _, yb in b]) for _ in range(3)]
    epoch_c = np.concatenate([yb for _, yb in c])
    assert not np.array_equal(epochs_a[0], epochs_a[1])
    assert not np.array_equal(epochs_a[0], y)
    for ea, eb in zip(epochs_a, epochs_b):
        np.testing.assert_array_equal(ea, eb)
    assert not np.array_equal(epochs_a[0], epoch_c)


def test_loader_seed_none_means_zero():
    X, y = _loader_data()
    a = np.concatenate([yb for _, yb in data.DataLoader(X, y, shuffle=True)])
    b = np.concatenate([yb for _, yb in data.DataLoader(X, y, shuffle=True, seed=0)])
    np.testing.assert_array_equal(a, b)


def test_loader_applies_transform_with_its_rng():
    X, y = _loader_data(20)
    calls = []

    def transform(xb, rng):
        assert isinstance(rng, np.random.Generator)
        calls.append(len(xb))
        return xb + 1000 + rng.integers(0, 1)  # rng.integers(0, 1) is always 0

    loader = data.DataLoader(X, y, batch_size=8, transform=transform)
    batches = list(loader)
    assert calls == [8, 8, 4]
    for xb, yb in batches:
        np.testing.assert_array_equal(xb, X[yb] + 1000)
    np.testing.assert_array_equal(X, _loader_data(20)[0])  # data untouched


def test_loader_batches_are_copies():
    X, y = _loader_data(10)
    xb, _ = next(iter(data.DataLoader(X, y, batch_size=4)))
    xb[:] = -1
    np.testing.assert_array_equal(X, _loader_data(10)[0])


def test_loader_bad_arguments():
    X, y = _loader_data(10)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        data.DataLoader(X, y, batch_size=0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 2.0"):
        data.DataLoader(X, y, batch_size=2.0)
    with pytest.raises(ValueError, match=r"len\(X\)=10 and len\(y\)=9"):
        data.DataLoader(X, y[:9])
    with pytest.raises(ValueError, match="transform must be None or a callable"):
        data.DataLoader(X, y, transform="flip")


def test_nnlib_never_imports_sklearn():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(data.__file__).resolve().parents[1])  # folder containing nnlib/
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    code = ("import sys; import nnlib.data, nnlib.augment, nnlib.metrics; "
            "nnlib.data.load_digits(); assert 'sklearn' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
