"""Classification metrics, computed from the confusion matrix.

The results match ``sklearn.metrics`` (same names of arguments, same
handling of classes that are never predicted), but everything is built from
one object, the confusion matrix ``C`` (K, K)::

    C[i, j] = number of samples of true class i predicted as class j

    TP = diag(C)       correct predictions per class          (K,)
    P  = C.sum(0)      how often each class was predicted     (K,)
    T  = C.sum(1)      how often each class really occurs     (K,)  "support"

    precision = TP / P      recall = TP / T      F1 = 2 TP / (P + T)

When a denominator is 0 (e.g. a class is never predicted, so its precision
is 0/0) the value is undefined, and the value ``zero_division`` (0.0, 1.0 or
nan) is returned instead, exactly as scikit-learn does with the same argument.
The default 0.0 is also what scikit-learn returns by default (its
``zero_division="warn"``), but without its warning; pass ``zero_division="warn"``
to get the warning too.

Labels are class indices 0, 1, 2, ...: 1-D lists or arrays (or anything
``np.asarray`` accepts, such as tensors) of non-negative integers.

``average`` chooses how per-class values become one number:

    'binary'    only the class ``pos_label`` (default 1); for 2-class problems
    'macro'     plain mean over classes (every class counts the same)
    'weighted'  mean over classes weighted by their support T
    'micro'     pool TP, P, T over classes first (equals accuracy when all
                classes are included)
    None        no averaging: an array with one value per class
"""

import warnings

import numpy as np

__all__ = ["accuracy", "confusion_matrix", "precision", "recall", "f1_score"]

_AVERAGES = ("binary", "macro", "micro", "weighted", None)


# ----------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------

def _as_labels(name, y):
    """Convert ``y`` to a 1-D int64 array of non-negative class labels."""
    y = np.asarray(y)
    if y.ndim != 1:
        hint = (" (these look like scores per class: take y.argmax(axis=1) first)"
                if y.ndim == 2 else "")
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {y.shape}{hint}")
    if y.dtype.kind == "b":
        y = y.astype(np.int64)
    elif y.dtype.kind == "f":
        if not (np.all(np.isfinite(y)) and np.all(y == np.round(y))):
            raise ValueError(
                f"{name} must contain whole-number class labels, got non-integer values")
        y = y.astype(np.int64)
    elif y.dtype.kind not in "iu":
        raise ValueError(f"{name} must contain integer class labels, got dtype {y.dtype}")
    if y.size and y.min() < 0:
        raise ValueError(f"{name} must contain non-negative class labels, got {y.min()}")
    return y.astype(np.int64)


def _check_pair(y_true, y_pred):
    y_true = _as_labels("y_true", y_true)
    y_pred = _as_labels("y_pred", y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true and y_pred must have the same length, got {len(y_true)} and {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("y_true and y_pred must contain at least one label, got 0")
    return y_true, y_pred


def _check_zero_division(zero_division):
    if isinstance(zero_division, str) and zero_division == "warn":
        return zero_division
    ok = (isinstance(zero_division, (int, float, np.integer, np.floating))
          and not isinstance(zero_division, bool)
          and (np.isnan(zero_division) or zero_division in (0, 1)))
    if not ok:
        raise ValueError(f"zero_division must be 0.0, 1.0, np.nan or 'warn', got {zero_division!r}")
    return float(zero_division)


# ----------------------------------------------------------------------------
# Confusion matrix and accuracy
# ----------------------------------------------------------------------------

def confusion_matrix(y_true, y_pred, num_classes=None):
    """Count matrix ``C`` (K, K) with ``C[i, j]`` = #samples of true class i predicted as j.

    Rows are true classes, columns predicted classes. ``K = num_classes``,
    by default ``max label + 1``. Returns an int64 array.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    k_min = int(max(y_true.max(), y_pred.max())) + 1
    if num_classes is None:
        k = k_min
    elif (isinstance(num_classes, (int, np.integer)) and not isinstance(num_classes, bool)
          and num_classes >= k_min):
        k = int(num_classes)
    else:
        raise ValueError(
            f"num_classes must be an integer larger than every label "
            f"(at least {k_min}), got {num_classes!r}")
    # Pair (i, j) gets the number i*K + j; counting those numbers fills C.
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)


def accuracy(y_true, y_pred):
    """Fraction of correct predictions: ``trace(C) / sum(C)``. Returns a float."""
    C = confusion_matrix(y_true, y_pred)
    return float(np.trace(C) / C.sum())


# ----------------------------------------------------------------------------
# Precision, recall, F1
# ----------------------------------------------------------------------------

def _divide(num, den, zero_division, kind):
    """``num / den`` elementwise, with ``zero_division`` where ``den == 0`` (a warning only for 'warn')."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    if zero_division == "warn":
        if (den == 0).any():
            why = {"precision": "no predicted samples", "recall": "no true samples",
                   "f1": "no true nor predicted samples"}[kind]
            warnings.warn(f"{kind.title()} is ill-defined and being set to 0.0 in labels with {why} (as "
                          f"scikit-learn's UndefinedMetricWarning). Use `zero_division` parameter to control this "
                          f"behavior.", UserWarning, stacklevel=4)
        zero_division = 0.0
    out = np.full(num.shape, zero_division)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _average(values, weights=None):
    """Mean of ``values`` ignoring nan entries (like scikit-learn); nan if nothing is left.

    ``weights`` (same shape) gives a weighted mean; if they are all 0 the
    plain mean is used.
    """
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    values = values[keep]
    if weights is not None and weights[keep].sum() > 0:
        return float(np.sum(values * weights[keep]) / weights[keep].sum())
    return float(values.mean())


def _scores(kind, y_true, y_pred, average, labels, pos_label, zero_division):
    """Shared work of precision / recall / f1_score."""
    if average not in _AVERAGES:
        raise ValueError(f"average must be one of {_AVERAGES}, got {average!r}")
    zero_division = _check_zero_division(zero_division)
    y_true, y_pred = _check_pair(y_true, y_pred)
    present = np.union1d(y_true, y_pred)           # sorted labels that occur

    if average == "binary":
        if not isinstance(pos_label, (int, np.integer)) or isinstance(pos_label, bool) \
                or pos_label < 0:
            raise ValueError(f"pos_label must be a non-negative integer label, got {pos_label!r}")
        if len(present) > 2:
            raise ValueError(
                f"average='binary' needs at most 2 distinct labels, got {len(present)} "
                f"({present.tolist()}); for more classes use average='macro', 'micro', "
                f"'weighted' or None")
        if len(present) == 2 and pos_label not in present:
            raise ValueError(
                f"pos_label={pos_label!r} is not one of the labels {present.tolist()}")
        labels = np.array([pos_label])
    elif labels is None:
        labels = present
    labels = _as_labels("labels", labels)
    if len(labels) == 0:
        raise ValueError("labels must contain at least one label, got 0")

    # Per-class counts, for the selected labels only.
    k = int(max(present.max(), labels.max())) + 1
    C = confusion_matrix(y_true, y_pred, num_classes=k)
    tp = np.diag(C)[labels]     # true positives
    P = C.sum(axis=0)[labels]   # predicted as the class (TP + FP)
    T = C.sum(axis=1)[labels]   # really the class (TP + FN) = support

    if average == "micro":
        tp, P, T = tp.sum(keepdims=True), P.sum(keepdims=True), T.sum(keepdims=True)

    if kind == "precision":
        score = _divide(tp, P, zero_division, kind)
    elif kind == "recall":
        score = _divide(tp, T, zero_division, kind)
    else:  # F1 = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN)
        score = _divide(2 * tp, P + T, zero_division, kind)

    if average is None:
        return score
    if average in ("binary", "micro"):
        return float(score[0])
    return _average(score, weights=T if average == "weighted" else None)


def precision(y_true, y_pred, average="binary", labels=None, pos_label=1, zero_division=0.0):
    """Precision ``TP / (TP + FP)``: of the samples predicted as a class, how many are it?

    Args:
        y_true, y_pred: (N,) integer class labels.
        average: 'binary' (default), 'macro', 'micro', 'weighted' or None.
        labels: classes to include (default: all labels in y_true or y_pred);
            ignored for 'binary'.
        pos_label: the positive class for average='binary'.
        zero_division: the value returned where precision is undefined (0/0: a class is never
            predicted), as scikit-learn's argument of the same name: 0.0 (the default, what
            scikit-learn returns by default), 1.0, np.nan (left out of a 'macro' average), or
            'warn' (0.0 with scikit-learn's warning).

    Returns a float, or for ``average=None`` an array (len(labels),).
    """
    return _scores("precision", y_true, y_pred, average, labels, pos_label, zero_division)


def recall(y_true, y_pred, average="binary", labels=None, pos_label=1, zero_division=0.0):
    """Recall ``TP / (TP + FN)``: of the samples of a class, how many were found?

    Same arguments and return value as ``precision``; ``zero_division`` is
    used when a class never occurs in ``y_true``.
    """
    return _scores("recall", y_true, y_pred, average, labels, pos_label, zero_division)


def f1_score(y_true, y_pred, average="binary", labels=None, pos_label=1, zero_division=0.0):
    """F1 score, the harmonic mean of precision and recall: ``2 TP / (2 TP + FP + FN)``.

    Same arguments and return value as ``precision``; ``zero_division`` is
    used when a class is neither predicted nor present.
    """
    return _scores("f1", y_true, y_pred, average, labels, pos_label, zero_division)
