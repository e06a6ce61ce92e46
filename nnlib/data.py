"""Small data sets, train/test splits and a mini-batch ``DataLoader``.

Everything here is plain NumPy and fully deterministic: randomness always
comes from ``np.random.default_rng(seed)``, never from NumPy's global state,
so the same ``seed`` always gives the same numbers.

Conventions used throughout::

    X : (N, D) float32   one row per sample ("N samples, D features")
    y : (N,)   int64     class labels 0 .. K-1

Toy 2-D data sets (``X`` has shape (N, 2)):

    make_moons     two interleaving half circles
    make_circles   a small circle inside a big one
    make_spirals   2 (or more) interleaved spiral arms
    make_xor       four quadrants labelled by the XOR of the coordinate signs

Real data:

    load_digits    1,797 handwritten digits, 8x8 pixels, 10 classes
"""

import math
from pathlib import Path

import numpy as np

from . import _checks

__all__ = [
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_xor",
    "load_digits",
    "train_test_split",
    "train_val_test_split",
    "DataLoader",
    "Dataset",
    "TensorDataset",
]

_DIGITS_PATH = Path(__file__).resolve().parent / "datasets" / "digits.npz"


# ----------------------------------------------------------------------------
# Argument checks (shared by the functions below)
# ----------------------------------------------------------------------------

def _is_int(value):
    """True for Python/NumPy integers (``True``/``False`` do not count)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_int(name, value, minimum):
    if not _is_int(value) or value < minimum:
        what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def _check_noise(noise):
    if not isinstance(noise, (int, float, np.integer, np.floating)) or isinstance(noise, bool) \
            or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def _class_sizes(n_samples, n_classes):
    """Split ``n_samples`` into ``n_classes`` sizes that differ by at most 1.

    >>> _class_sizes(7, 3)
    array([3, 2, 2])
    """
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    return sizes


def _finish(X, y, rng):
    """Shuffle the rows (so classes are not sorted) and fix the dtypes."""
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order].astype(np.int64)


# ----------------------------------------------------------------------------
# Toy 2-D data sets
# ----------------------------------------------------------------------------

def make_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles ("moons").

    Class 0 is the upper moon ``(cos t, sin t)``, class 1 the lower moon
    ``(1 - cos t, 0.5 - sin t)``, for ``t`` evenly spaced in [0, pi].
    Gaussian noise with standard deviation ``noise`` is added to both
    coordinates.

    Returns:
        X: (n_samples, 2) float32
        y: (n_samples,)   int64, labels 0 and 1 (sizes differ by at most 1)
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    _checks.seed("seed", seed)
    rng = np.random.default_rng(seed)

    n0, n1 = _class_sizes(n_samples, 2)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)

    X = np.concatenate([upper, lower])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng)


def make_circles(n_samples=200, noise=0.1, seed=0, factor=0.5):
    """A small circle (class 1) inside a large circle (class 0).

    The outer circle has radius 1, the inner one radius ``factor``
    (0 < factor < 1). Gaussian noise with standard deviation ``noise`` is
    added to both coordinates.

    Returns:
        X: (n_samples, 2) float32
        y: (n_samples,)   int64, labels 0 (outer) and 1 (inner)
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    _checks.seed("seed", seed)
    if not isinstance(factor, (int, float, np.integer, np.floating)) or not 0 < factor < 1:
        raise ValueError(f"factor must be a number with 0 < factor < 1, got {factor!r}")
    rng = np.random.default_rng(seed)

    n_out, n_in = _class_sizes(n_samples, 2)
    a_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    a_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    outer = np.stack([np.cos(a_out), np.sin(a_out)], axis=1)
    inner = factor * np.stack([np.cos(a_in), np.sin(a_in)], axis=1)

    X = np.concatenate([outer, inner])
    y = np.concatenate([np.zeros(n_out), np.ones(n_in)])
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng)


def make_spirals(n_samples=200, noise=0.1, seed=0, n_classes=2):
    """Interleaved spiral arms, one arm per class.

    Arm ``k`` consists of the points at radius ``r`` (evenly spaced in
    [0.05, 1]) and angle ``theta = 2*pi*k / n_classes + 2*pi*r`` (one full
    turn), i.e. ``(r cos theta, r sin theta)``, plus Gaussian noise with
    standard deviation ``noise``. Not linearly separable: a classic test
    for a small MLP.

    Returns:
        X: (n_samples, 2) float32
        y: (n_samples,)   int64, labels 0 .. n_classes-1
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    _checks.seed("seed", seed)
    n_classes = _check_int("n_classes", n_classes, 2)
    if n_classes > n_samples:
        raise ValueError(f"make_spirals: n_classes={n_classes} needs at least one sample per class, got "
                         f"n_samples={n_samples} (n_samples must be >= n_classes)")
    rng = np.random.default_rng(seed)

    points, labels = [], []
    for k, size in enumerate(_class_sizes(n_samples, n_classes)):
        r = np.linspace(0.05, 1.0, size)
        theta = 2 * np.pi * k / n_classes + 2 * np.pi * r
        points.append(np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1))
        labels.append(np.full(size, k))

    X = np.concatenate(points)
    y = np.concatenate(labels)
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng)


def make_xor(n_samples=200, noise=0.1, seed=0):
    """Four square blobs, one per quadrant, labelled by the XOR of the signs.

    Each point starts uniformly inside one quadrant, away from the axes
    (``0.1 <= |x1|, |x2| <= 1``); then Gaussian noise with standard deviation
    ``noise`` is added. The label is 1 when the quadrant's signs differ
    (``x1 > 0`` XOR ``x2 > 0``: quadrants II and IV) and 0 otherwise
    (quadrants I and III). No single straight line separates the classes.

    Returns:
        X: (n_samples, 2) float32
        y: (n_samples,)   int64, labels 0 and 1 (sizes differ by at most 1)
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    noise = _check_noise(noise)
    _checks.seed("seed", seed)
    rng = np.random.default_rng(seed)

    # Quadrant signs; the two quadrants of each class are listed together.
    signs = np.array([[1, 1], [-1, -1],     # class 0
                      [-1, 1], [1, -1]])    # class 1
    n0, n1 = _class_sizes(n_samples, 2)
    per_quadrant = np.concatenate([_class_sizes(n0, 2), _class_sizes(n1, 2)])
    quadrant = np.repeat(np.arange(4), per_quadrant)

    magnitude = rng.uniform(0.1, 1.0, size=(n_samples, 2))
    X = signs[quadrant] * magnitude
    y = (quadrant >= 2).astype(np.int64)
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng)


# ----------------------------------------------------------------------------
# Handwritten digits
# ----------------------------------------------------------------------------

def load_digits(images=False):
    """The UCI handwritten digits: 1,797 grey-scale 8x8 images of 0..9.

    The data ship with nnlib in ``nnlib/datasets/digits.npz`` (see the
    README there for source, attribution and the CC BY 4.0 licence).
    Pixels are stored as counts 0..16 and returned divided by 16.

    Returns:
        X: (1797, 64) float32 in [0, 1], or (1797, 8, 8) if ``images=True``
        y: (1797,)    int64, digit labels 0..9
    """
    _checks.boolean("images", images, "load_digits")
    with np.load(_DIGITS_PATH, allow_pickle=False) as archive:
        pixels = archive["images"]  # (1797, 8, 8) uint8, values 0..16
        labels = archive["labels"]  # (1797,) uint8
    X = pixels.astype(np.float32) / 16.0
    if not images:
        X = X.reshape(len(X), -1)
    return X, labels.astype(np.int64)


# ----------------------------------------------------------------------------
# Splitting
# ----------------------------------------------------------------------------

def _count(name, size, n):
    """Turn ``size`` (a fraction in (0, 1) or a count) into a sample count."""
    if _is_int(size):
        count = int(size)
        if not 1 <= count <= n - 1:
            raise ValueError(
                f"{name} as an integer must be between 1 and {n - 1} "
                f"(there are {n} samples), got {count}")
        return count
    if isinstance(size, (float, np.floating)) and 0 < size < 1:
        # Round up, but ignore floating-point fuzz (0.07 * 100 = 7.000000000000001).
        count = math.ceil(float(size) * n - 1e-9)
        if count > n - 1:
            raise ValueError(
                f"{name}={size} leaves no samples for training ({n} samples in total)")
        return count
    raise ValueError(
        f"{name} must be a float in (0, 1) (a fraction) or an int (a count), got {size!r}")


def _split_indices(y, n_test, rng, stratify):
    """Indices ``(train, test)`` with ``len(test) == n_test``.

    With ``stratify`` each class contributes to the test set in proportion to
    its size (largest-remainder rounding), so class proportions are kept.
    """
    n = len(y)
    if not stratify:
        order = rng.permutation(n)
        return order[n_test:], order[:n_test]

    classes, y_idx = np.unique(y, return_inverse=True)
    counts = np.bincount(y_idx, minlength=len(classes))
    exact = n_test * counts / n                    # ideal test count per class
    per_class = np.floor(exact).astype(int)
    leftover = n_test - per_class.sum()
    # Give the remaining test slots to the classes with the largest remainders.
    by_remainder = np.argsort(-(exact - per_class), kind="stable")
    per_class[by_remainder[:leftover]] += 1

    train, test = [], []
    for c in range(len(classes)):
        members = rng.permutation(np.flatnonzero(y_idx == c))
        test.append(members[: per_class[c]])
        train.append(members[per_class[c]:])
    # Shuffle so that the result is not sorted by class.
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def train_test_split(X, y, test_size=0.25, seed=0, stratify=True):
    """Randomly split ``X, y`` into a training and a test part.

    Args:
        X: (N, ...) samples;  y: (N,) labels.
        test_size: fraction in (0, 1) (rounded up to a count) or an int count.
        seed: seed for ``np.random.default_rng``; same seed, same split.
        stratify: keep the class proportions of ``y`` in both parts.

    Returns (same order as scikit-learn):
        X_train, X_test, y_train, y_test
    """
    X, y = _checks.samples(X, y)
    n_test = _count("test_size", test_size, len(y))
    _checks.seed("seed", seed)
    _checks.boolean("stratify", stratify, "train_test_split")
    rng = np.random.default_rng(seed)
    train, test = _split_indices(y, n_test, rng, stratify)
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, val_size=0.15, test_size=0.15, seed=0, stratify=True):
    """Split ``X, y`` into training, validation and test parts.

    ``val_size`` and ``test_size`` are fractions of the *whole* data set
    (floats in (0, 1), rounded up) or int counts. The test part is split off
    first, then the validation part from what remains.

    Returns:
        X_train, X_val, X_test, y_train, y_val, y_test
    """
    X, y = _checks.samples(X, y)
    n = len(y)
    n_val = _count("val_size", val_size, n)
    n_test = _count("test_size", test_size, n)
    _checks.seed("seed", seed)
    _checks.boolean("stratify", stratify, "train_val_test_split")
    if n_val + n_test > n - 1:
        raise ValueError(
            f"val_size={val_size!r} and test_size={test_size!r} together take "
            f"{n_val + n_test} of {n} samples, leaving none for training")
    rng = np.random.default_rng(seed)
    rest, test = _split_indices(y, n_test, rng, stratify)
    train, val = _split_indices(y[rest], n_val, rng, stratify)
    train, val = rest[train], rest[val]
    return X[train], X[val], X[test], y[train], y[val], y[test]


# DataLoader, Dataset and TensorDataset live in loader.py; nnlib.data.DataLoader still works.
from .loader import DataLoader, Dataset, TensorDataset  # noqa: E402
