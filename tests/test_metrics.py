"""Tests for nnlib.metrics: compared against scikit-learn on many random label sets."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import metrics

skm = pytest.importorskip("sklearn.metrics")

OURS = {"precision": metrics.precision, "recall": metrics.recall, "f1": metrics.f1_score}
THEIRS = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}
ZERO_DIVISIONS = [0.0, 1.0, np.nan]


def ours_no_warnings(f, *args, **kwargs):
    """Call one of our functions with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return f(*args, **kwargs)


def theirs_quiet(f, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


def random_case(rng):
    """Random labels; often some class is never predicted or never true."""
    k = int(rng.integers(2, 7))
    n = int(rng.integers(1, 40))
    y_true = rng.integers(0, k, size=n)
    y_pred = rng.integers(0, k, size=n)
    kind = rng.integers(0, 4)
    if kind == 1:      # a class is never predicted
        y_pred[y_pred == 0] = 1
    elif kind == 2:    # a class never occurs in y_true
        y_true[y_true == k - 1] = 0
    elif kind == 3:    # mostly right
        right = rng.random(n) < 0.8
        y_pred[right] = y_true[right]
    return y_true, y_pred, k


CASES = [random_case(np.random.default_rng(seed)) for seed in range(80)]


# ----------------------------------------------------------------------------
# Agreement with scikit-learn
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("y_true, y_pred, k", CASES)
def test_accuracy_and_confusion_matrix_match_sklearn(y_true, y_pred, k):
    assert ours_no_warnings(metrics.accuracy, y_true, y_pred) == pytest.approx(
        theirs_quiet(skm.accuracy_score, y_true, y_pred))
    C = ours_no_warnings(metrics.confusion_matrix, y_true, y_pred)
    K = max(y_true.max(), y_pred.max()) + 1
    np.testing.assert_array_equal(C, theirs_quiet(skm.confusion_matrix, y_true, y_pred,
                                                  labels=np.arange(K)))
    C = metrics.confusion_matrix(y_true, y_pred, num_classes=k + 2)
    assert C.shape == (k + 2, k + 2) and C.dtype == np.int64
    np.testing.assert_array_equal(C, theirs_quiet(skm.confusion_matrix, y_true, y_pred,
                                                  labels=np.arange(k + 2)))


def sklearn_prf(y_true, y_pred, **kwargs):
    """scikit-learn's (precision, recall, f1) in one call."""
    p, r, f, _ = theirs_quiet(skm.precision_recall_fscore_support, y_true, y_pred, **kwargs)
    return {"precision": p, "recall": r, "f1": f}


def assert_same(ours, theirs, average, msg=""):
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0, err_msg=msg)
    if average is None:
        assert isinstance(ours, np.ndarray) and ours.dtype == np.float64
    else:
        assert isinstance(ours, float)


@pytest.mark.parametrize("average", ["macro", "micro", "weighted", None])
@pytest.mark.parametrize("zero_division", ZERO_DIVISIONS)
def test_multiclass_scores_match_sklearn(average, zero_division):
    for y_true, y_pred, k in CASES:
        # labels: default (those present), all classes, one extra absent class, a subset
        for labels in (None, np.arange(k), np.arange(k + 1), [0, 1]):
            kwargs = dict(average=average, labels=labels, zero_division=zero_division)
            theirs = sklearn_prf(y_true, y_pred, **kwargs)
            for name, f in OURS.items():
                ours = ours_no_warnings(f, y_true, y_pred, **kwargs)
                assert_same(ours, theirs[name], average, f"{name} {y_true=}, {y_pred=}, {labels=}")


@settings(max_examples=150, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=30),
    zero_division=st.sampled_from(ZERO_DIVISIONS),
)
def test_binary_scores_match_sklearn(pairs, zero_division):
    y_true = [t for t, _ in pairs]
    y_pred = [p for _, p in pairs]
    for name, f in OURS.items():  # default average='binary', pos_label=1
        theirs = theirs_quiet(THEIRS[name], y_true, y_pred, zero_division=zero_division)
        assert_same(ours_no_warnings(f, y_true, y_pred, zero_division=zero_division), theirs,
                    "binary")
    theirs = sklearn_prf(y_true, y_pred, average="binary", pos_label=0, zero_division=zero_division)
    for name, f in OURS.items():
        ours = ours_no_warnings(f, y_true, y_pred, pos_label=0, zero_division=zero_division)
        assert_same(ours, theirs[name], "binary")


@settings(max_examples=100, deadline=None)
@given(
    y=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=50),
    average=st.sampled_from(["macro", "micro", "weighted", None]),
)
def test_hypothesis_multiclass_f1(y, average):
    y_true, y_pred = np.array(y).T
    ours = ours_no_warnings(metrics.f1_score, y_true, y_pred, average=average)
    theirs = theirs_quiet(skm.f1_score, y_true, y_pred, average=average, zero_division=0.0)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


# ----------------------------------------------------------------------------
# Hand-checked values and zero division
# ----------------------------------------------------------------------------

@pytest.mark.filterwarnings("error")
def test_class_never_predicted():
    y_true = [0, 1, 2, 2]
    y_pred = [0, 0, 2, 2]                       # class 1 is never predicted
    np.testing.assert_array_equal(metrics.precision(y_true, y_pred, average=None), [0.5, 0.0, 1.0])
    np.testing.assert_array_equal(
        metrics.precision(y_true, y_pred, average=None, zero_division=1.0), [0.5, 1.0, 1.0])
    p = metrics.precision(y_true, y_pred, average=None, zero_division=np.nan)
    assert np.isnan(p[1])
    # nan entries are left out of the average, like scikit-learn
    assert metrics.precision(y_true, y_pred, average="macro", zero_division=np.nan) == 0.75
    np.testing.assert_array_equal(metrics.recall(y_true, y_pred, average=None), [1.0, 0.0, 1.0])
    np.testing.assert_allclose(metrics.f1_score(y_true, y_pred, average=None), [2 / 3, 0.0, 1.0])


@pytest.mark.filterwarnings("error")
def test_binary_nothing_positive():
    # No positives anywhere: every ratio is 0/0.
    for zd in (0.0, 1.0):
        assert metrics.precision([0, 0], [0, 0], zero_division=zd) == zd
        assert metrics.recall([0, 0], [0, 0], zero_division=zd) == zd
        assert metrics.f1_score([0, 0], [0, 0], zero_division=zd) == zd
    assert np.isnan(metrics.f1_score([0, 0], [0, 0], zero_division=np.nan))


@pytest.mark.filterwarnings("error")
def test_micro_equals_accuracy():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 5, 100), rng.integers(0, 5, 100)
    acc = metrics.accuracy(y_true, y_pred)
    for f in OURS.values():
        assert f(y_true, y_pred, average="micro") == pytest.approx(acc)


def test_confusion_matrix_layout():
    # rows = true class, columns = predicted class
    C = metrics.confusion_matrix([0, 0, 1, 2], [1, 1, 1, 0])
    np.testing.assert_array_equal(C, [[0, 2, 0],
                                      [0, 1, 0],
                                      [1, 0, 0]])


# ----------------------------------------------------------------------------
# Input types
# ----------------------------------------------------------------------------

class ArrayLike:
    def __init__(self, values):
        self.values = values

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)


def test_accepts_lists_arrays_and_array_likes():
    y_true, y_pred = [0, 1, 2, 2, 1], [0, 2, 2, 2, 1]
    expected = metrics.f1_score(y_true, y_pred, average="macro")
    assert metrics.f1_score(np.array(y_true), np.array(y_pred), average="macro") == expected
    assert metrics.f1_score(ArrayLike(y_true), ArrayLike(y_pred), average="macro") == expected
    assert metrics.f1_score(np.array(y_true, dtype=np.uint8), y_pred, average="macro") == expected
    assert metrics.accuracy(np.array(y_true, dtype=float), y_pred) == 0.8
    assert metrics.accuracy([True, False], [True, True]) == 0.5
    torch = pytest.importorskip("torch")
    assert metrics.f1_score(torch.tensor(y_true), torch.tensor(y_pred), average="macro") == expected


# ----------------------------------------------------------------------------
# Errors
# ----------------------------------------------------------------------------

def test_bad_inputs():
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        metrics.accuracy([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="at least one label"):
        metrics.accuracy([], [])
    with pytest.raises(ValueError, match="average must be one of .* got 'mean'"):
        metrics.precision([0, 1], [0, 1], average="mean")
    with pytest.raises(ValueError, match="y_pred must contain non-negative class labels, got -1"):
        metrics.recall([0, 1], [0, -1])
    with pytest.raises(ValueError, match=r"y_pred must be a 1-D .* shape \(2, 3\).*argmax"):
        metrics.accuracy([0, 1], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="whole-number class labels"):
        metrics.accuracy([0, 1], [0.5, 1.0])
    with pytest.raises(ValueError, match="integer class labels, got dtype <U1"):
        metrics.accuracy(["a", "b"], ["a", "b"])
    with pytest.raises(ValueError, match="average='binary' needs at most 2 distinct labels, got 3"):
        metrics.f1_score([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match=r"pos_label=1 is not one of the labels \[0, 2\]"):
        metrics.f1_score([0, 2], [0, 2])
    with pytest.raises(ValueError, match="zero_division must be 0.0, 1.0, np.nan or 'warn', got 'yes'"):
        metrics.precision([0, 1], [0, 1], zero_division="yes")
    with pytest.raises(ValueError, match=r"num_classes must be an integer larger than every label "
                                         r"\(at least 3\), got 2"):
        metrics.confusion_matrix([0, 2], [0, 1], num_classes=2)


@pytest.mark.parametrize("name", ["precision", "recall", "f1"])
@pytest.mark.parametrize("average", ["binary", "macro", None])
def test_undefined_scores_are_what_sklearn_returns_with_its_warning_on_request(name, average):
    """Precision with no positive prediction (0/0) is undefined: the value is zero_division, as scikit-learn's,
    and zero_division='warn' (scikit-learn's default) also warns as scikit-learn does."""
    y_true, y_pred = [1, 0, 1, 0], [0, 0, 0, 0]  # class 1 never predicted: its precision is 0/0
    if name == "recall":
        y_true, y_pred = y_pred, y_true  # class 1 never true: its recall is 0/0
    if name == "f1":
        y_true, y_pred = [0, 0, 0], [0, 0, 0]  # class 1 neither true nor predicted
    for zero_division in (0.0, 1.0, np.nan):
        ours = ours_no_warnings(OURS[name], y_true, y_pred, average=average, labels=[0, 1],
                                zero_division=zero_division)
        theirs = theirs_quiet(THEIRS[name], y_true, y_pred, average=average, labels=[0, 1],
                              zero_division=zero_division)
        np.testing.assert_array_equal(ours, theirs)
    with pytest.warns(UserWarning, match=r"ill-defined and being set to 0.0.*Use `zero_division` parameter"):
        ours = OURS[name](y_true, y_pred, average=average, labels=[0, 1], zero_division="warn")
    with pytest.warns(UserWarning, match=r"ill-defined and being set to 0.0.*Use `zero_division` parameter"):
        theirs = THEIRS[name](y_true, y_pred, average=average, labels=[0, 1])  # sklearn's default is "warn"
    np.testing.assert_array_equal(ours, theirs)
