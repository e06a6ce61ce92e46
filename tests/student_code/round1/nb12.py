"""Blind student code for notebook 12 (round 1), written without reading the checks."""
import numpy as np
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import f1_score as sk_f1_score

from nnlib import metrics


# ----------------------------------------------------------------------------- 12.confusion_matrix: right

def confusion_add_at(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def confusion_loops(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    rows = [[0 for _ in range(num_classes)] for _ in range(num_classes)]
    for t, p in zip(list(y_true), list(y_pred)):
        rows[int(t)][int(p)] += 1
    return np.array(rows, dtype=int)


def confusion_bincount(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    codes = np.asarray(y_true) * num_classes + np.asarray(y_pred)
    return np.bincount(codes.astype(np.int64), minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def confusion_sklearn(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    return sk_confusion_matrix(y_true, y_pred, labels=list(range(num_classes)))


def confusion_equality_sums(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    classes = np.arange(num_classes)
    true_onehot = (t[:, None] == classes).astype(np.int64)     # (N, K)
    pred_onehot = (p[:, None] == classes).astype(np.int64)
    return true_onehot.T @ pred_onehot


# ----------------------------------------------------------------------------- 12.confusion_matrix: wrong

def confusion_transposed(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        C[p, t] += 1                       # x axis = true, y axis = predicted
    return C


def confusion_max_label(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    k = int(max(y_true.max(), y_pred.max())) + 1
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def confusion_float(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    C = np.zeros((num_classes, num_classes))
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def confusion_fancy_increment(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    C[np.asarray(y_true), np.asarray(y_pred)] += 1
    return C


def confusion_unique_classes(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    classes = np.unique(y_true)
    k = len(classes)
    C = np.zeros((k, k), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        if p < k:
            C[t, p] += 1
    return C


def confusion_aliased_rows(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    rows = [[0] * num_classes] * num_classes
    for t, p in zip(y_true, y_pred):
        rows[t][p] += 1
    return np.array(rows)


def confusion_diagonal_only(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        C[t, p] = 1                        # mark the pair
    return C


def confusion_one_based(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        C[t - 1, p - 1] += 1               # classes 1..K
    return C


# ----------------------------------------------------------------------------- 12.precision_recall_f1: right

def prf_numpy(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp = int(np.sum(t & p))
    fp = int(np.sum(~t & p))
    fn = int(np.sum(t & ~p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
    return float(precision), float(recall), float(f1)


def prf_loops(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if p == pos_label and t == pos_label:
            tp += 1
        elif p == pos_label:
            fp += 1
        elif t == pos_label:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0
    recall = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    return precision, recall, f1


def prf_nnlib(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return (float(metrics.precision(y_true, y_pred, pos_label=pos_label)),
            float(metrics.recall(y_true, y_pred, pos_label=pos_label)),
            float(metrics.f1_score(y_true, y_pred, pos_label=pos_label)))


def prf_confusion(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = (np.asarray(y_true) == pos_label).astype(int)
    p = (np.asarray(y_pred) == pos_label).astype(int)
    C = np.zeros((2, 2), dtype=int)           # row: true, column: predicted, index 1 = positive
    np.add.at(C, (t, p), 1)
    tp, fp, fn = C[1, 1], C[0, 1], C[1, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.array([tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)], dtype=float)
    scores = np.nan_to_num(scores, nan=0.0)
    return float(scores[0]), float(scores[1]), float(scores[2])


# ----------------------------------------------------------------------------- 12.precision_recall_f1: wrong

def prf_swapped(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    precision = tp / (tp + fn) if tp + fn else 0.0      # of the real positives, how many found
    recall = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return float(precision), float(recall), float(f1)


def prf_ignores_pos_label(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == 1
    p = np.asarray(y_pred) == 1
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return float(precision), float(recall), float(f1)


def prf_nan(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = tp / (tp + fp)
        recall = tp / (tp + fn)
        f1 = 2 * tp / (2 * tp + fp + fn)
    return float(precision), float(recall), float(f1)


def prf_arithmetic_mean(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = (precision + recall) / 2
    return float(precision), float(recall), float(f1)


def prf_integer_division(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        tp += int(t == pos_label and p == pos_label)
        fp += int(t != pos_label and p == pos_label)
        fn += int(t == pos_label and p != pos_label)
    precision = tp // (tp + fp) if tp + fp else 0
    recall = tp // (tp + fn) if tp + fn else 0
    f1 = 2 * tp // (2 * tp + fp + fn) if tp + fp + fn else 0
    return float(precision), float(recall), float(f1)


def prf_unguarded_harmonic(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def prf_zero_division_one(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))
    precision = tp / (tp + fp) if tp + fp else 1.0     # no positive predictions: no false alarms
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def prf_accuracy_as_precision(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))
    precision = float(np.mean(t == p))                  # how often the prediction is right
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return precision, recall, f1


# ----------------------------------------------------------------------------- 12.macro_f1: right

def macro_f1_loop(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in range(num_classes):
        tp = int(np.sum((y_true == k) & (y_pred == k)))
        fp = int(np.sum((y_true != k) & (y_pred == k)))
        fn = int(np.sum((y_true == k) & (y_pred != k)))
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return float(sum(scores) / num_classes)


def macro_f1_confusion(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    tp = np.diag(C).astype(float)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    denom = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros(num_classes), where=denom > 0)
    return float(f1.mean())


def macro_f1_sklearn(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    return float(sk_f1_score(y_true, y_pred, labels=list(range(num_classes)), average="macro", zero_division=0))


def macro_f1_harmonic(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    total = 0.0
    pairs = list(zip(list(y_true), list(y_pred)))
    for k in range(num_classes):
        tp = sum(1 for t, p in pairs if t == k and p == k)
        predicted = sum(1 for t, p in pairs if p == k)
        actual = sum(1 for t, p in pairs if t == k)
        prec = tp / predicted if predicted else 0.0
        rec = tp / actual if actual else 0.0
        total += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return total / num_classes


# ----------------------------------------------------------------------------- 12.macro_f1: wrong

def macro_f1_of_macro_pr(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    precs, recs = [], []
    for k in range(num_classes):
        tp = np.sum((y_true == k) & (y_pred == k))
        npred, nact = np.sum(y_pred == k), np.sum(y_true == k)
        precs.append(tp / npred if npred else 0.0)
        recs.append(tp / nact if nact else 0.0)
    p, r = np.mean(precs), np.mean(recs)
    return float(2 * p * r / (p + r)) if p + r else 0.0


def macro_f1_micro(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = fp = fn = 0
    for k in range(num_classes):
        tp += np.sum((y_true == k) & (y_pred == k))
        fp += np.sum((y_true != k) & (y_pred == k))
        fn += np.sum((y_true == k) & (y_pred != k))
    return float(2 * tp / (2 * tp + fp + fn))


def macro_f1_weighted(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    total = 0.0
    for k in range(num_classes):
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
        total += f1 * np.sum(y_true == k)
    return float(total / len(y_true))


def macro_f1_present_only(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in np.unique(y_true):
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def macro_f1_nanmean(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = np.empty(num_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(num_classes):
            tp = np.sum((y_true == k) & (y_pred == k))
            fp = np.sum((y_true != k) & (y_pred == k))
            fn = np.sum((y_true == k) & (y_pred != k))
            scores[k] = 2 * tp / (2 * tp + fp + fn)
    return float(np.nanmean(scores))


def macro_f1_arithmetic(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in range(num_classes):
        tp = np.sum((y_true == k) & (y_pred == k))
        npred, nact = np.sum(y_pred == k), np.sum(y_true == k)
        p = tp / npred if npred else 0.0
        r = tp / nact if nact else 0.0
        scores.append((p + r) / 2)
    return float(np.mean(scores))


def macro_f1_integer_division(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    total = 0
    for k in range(num_classes):
        tp = sum(1 for t, p in zip(y_true, y_pred) if t == k and p == k)
        fp = sum(1 for t, p in zip(y_true, y_pred) if t != k and p == k)
        fn = sum(1 for t, p in zip(y_true, y_pred) if t == k and p != k)
        total += 2 * tp // (2 * tp + fp + fn) if 2 * tp + fp + fn else 0
    return total / num_classes


def macro_f1_binary_positive(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in range(1, num_classes):               # class 0 is the negative class
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        scores.append(2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0)
    return float(np.mean(scores))


RIGHT = {
    "12.confusion_matrix": [confusion_add_at, confusion_loops, confusion_bincount, confusion_sklearn,
                            confusion_equality_sums],
    "12.precision_recall_f1": [prf_numpy, prf_loops, prf_nnlib, prf_confusion],
    "12.macro_f1": [macro_f1_loop, macro_f1_confusion, macro_f1_sklearn, macro_f1_harmonic],
}

WRONG = {
    "12.confusion_matrix": [
        (confusion_transposed, "rows are the predictions and columns the true classes"),
        (confusion_max_label, "size from the largest label + 1 instead of num_classes"),
        (confusion_float, "np.zeros without dtype: a float matrix"),
        (confusion_fancy_increment, "C[y_true, y_pred] += 1: repeated pairs are counted only once"),
        (confusion_unique_classes, "size from the number of distinct true labels, drops predictions beyond it"),
        (confusion_aliased_rows, "[[0] * K] * K: every row is the same list"),
        (confusion_diagonal_only, "sets C[t, p] = 1 instead of adding 1"),
        (confusion_one_based, "assumes classes 1..K and subtracts 1 (class 0 lands in the last row/column)"),
    ],
    "12.precision_recall_f1": [
        (prf_swapped, "precision and recall swapped"),
        (prf_ignores_pos_label, "always treats label 1 as positive, ignores pos_label"),
        (prf_nan, "no guard for a zero denominator: returns nan"),
        (prf_arithmetic_mean, "F1 as the arithmetic mean of precision and recall"),
        (prf_integer_division, "integer division //: scores are 0 unless perfect"),
        (prf_unguarded_harmonic, "F1 = 2pr/(p+r) with no guard: ZeroDivisionError when both are 0"),
        (prf_zero_division_one, "0/0 gives 1.0 instead of 0.0"),
        (prf_accuracy_as_precision, "computes accuracy and calls it precision"),
    ],
    "12.macro_f1": [
        (macro_f1_of_macro_pr, "F1 of the macro-averaged precision and recall instead of the mean of per-class F1"),
        (macro_f1_micro, "sums TP, FP, FN over classes first: micro-F1 (= accuracy)"),
        (macro_f1_weighted, "weights each class's F1 by its support (weighted F1)"),
        (macro_f1_present_only, "averages only over the classes present in y_true"),
        (macro_f1_nanmean, "0/0 classes become nan and np.nanmean skips them instead of counting 0"),
        (macro_f1_arithmetic, "per-class (precision + recall) / 2 instead of F1"),
        (macro_f1_integer_division, "integer division // in each class's F1"),
        (macro_f1_binary_positive, "leaves class 0 out, treating it as the negative class"),
    ],
}
