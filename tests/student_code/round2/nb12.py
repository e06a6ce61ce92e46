"""Blind student code for notebook 12 (round 2), written without reading the checks."""
import numpy as np
from sklearn import metrics as skm

from nnlib import metrics as nm


# ----------------------------------------------------------------------- 12.confusion_matrix, RIGHT
def cm_right_loop(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[int(t), int(p)] += 1
    return C


def cm_right_add_at(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return C


def cm_right_bincount(y_true, y_pred, num_classes):
    t = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(y_pred, dtype=np.int64)
    return np.bincount(t * num_classes + p, minlength=num_classes ** 2).reshape(num_classes, num_classes)


def cm_right_sklearn(y_true, y_pred, num_classes):
    return skm.confusion_matrix(y_true, y_pred, labels=list(range(num_classes))).astype(np.int64)


def cm_right_equality(y_true, y_pred, num_classes):
    t = np.asarray(y_true)[:, None] == np.arange(num_classes)       # (N, K) one-hot
    p = np.asarray(y_pred)[:, None] == np.arange(num_classes)
    return t.T.astype(np.int64) @ p.astype(np.int64)


# ----------------------------------------------------------------------- 12.confusion_matrix, WRONG
def cm_transposed(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[p, t] += 1
    return C


def cm_max_label(y_true, y_pred, num_classes):
    k = max(max(y_true), max(y_pred)) + 1
    C = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def cm_fancy_plus_equals(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    C[np.asarray(y_true), np.asarray(y_pred)] += 1
    return C


def cm_float(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes))
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def cm_unique_labels(y_true, y_pred, num_classes):
    labels = np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)]))
    index = {lab: i for i, lab in enumerate(labels)}
    C = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[index[t], index[p]] += 1
    return C


def cm_lists_break(y_true, y_pred, num_classes):
    return np.bincount(y_true * num_classes + y_pred, minlength=num_classes * num_classes).reshape(
        num_classes, num_classes)


def cm_sklearn_no_labels(y_true, y_pred, num_classes):
    return skm.confusion_matrix(y_true, y_pred)


def cm_ten_classes(y_true, y_pred, num_classes):
    C = np.zeros((10, 10), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def cm_correct_only_diag(y_true, y_pred, num_classes):
    # count the right ones on the diagonal, the wrong ones in the row of the prediction
    C = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t == p:
            C[t, t] += 1
        else:
            C[p, t] += 1
    return C


# ----------------------------------------------------------------------- 12.precision_recall_f1, RIGHT
def prf_right_counts(y_true, y_pred, pos_label=1):
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp = int(np.sum(t & p))
    fp = int(np.sum(~t & p))
    fn = int(np.sum(t & ~p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
    return float(precision), float(recall), float(f1)


def prf_right_nnlib(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    args = dict(average=None, labels=[pos_label], zero_division=0.0)
    return (float(nm.precision(y_true, y_pred, **args)[0]), float(nm.recall(y_true, y_pred, **args)[0]),
            float(nm.f1_score(y_true, y_pred, **args)[0]))


def prf_right_sklearn(y_true, y_pred, pos_label=1):
    p, r, f, _ = skm.precision_recall_fscore_support(y_true, y_pred, labels=[pos_label], average=None,
                                                     zero_division=0.0)
    return float(p[0]), float(r[0]), float(f[0])


def prf_right_loop_harmonic(y_true, y_pred, pos_label=1):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if p == pos_label and t == pos_label:
            tp += 1
        elif p == pos_label:
            fp += 1
        elif t == pos_label:
            fn += 1
    prec = tp / (tp + fp) if (tp + fp) > 0 else 0.0
    rec = tp / (tp + fn) if (tp + fn) > 0 else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    return prec, rec, f1


# ----------------------------------------------------------------------- 12.precision_recall_f1, WRONG
def prf_ignores_pos_label(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return float(prec), float(rec), float(f1)


def prf_harmonic_nan(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == pos_label) & (y_pred == pos_label))
    fp = np.sum((y_true != pos_label) & (y_pred == pos_label))
    fn = np.sum((y_true == pos_label) & (y_pred != pos_label))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    with np.errstate(all="ignore"):
        f1 = 2 * prec * rec / np.float64(prec + rec)
    return float(prec), float(rec), float(f1)


def prf_swapped(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == pos_label) & (y_pred == pos_label))
    fn = np.sum((y_true != pos_label) & (y_pred == pos_label))      # mixed FP and FN up
    fp = np.sum((y_true == pos_label) & (y_pred != pos_label))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return float(prec), float(rec), float(f1)


def prf_no_guard(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == pos_label) & (y_pred == pos_label))
    fp = np.sum((y_true != pos_label) & (y_pred == pos_label))
    fn = np.sum((y_true == pos_label) & (y_pred != pos_label))
    with np.errstate(all="ignore"):
        return float(tp / (tp + fp)), float(tp / (tp + fn)), float(2 * tp / (2 * tp + fp + fn))


def prf_integer_division(y_true, y_pred, pos_label=1):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        tp += int(t == pos_label and p == pos_label)
        fp += int(t != pos_label and p == pos_label)
        fn += int(t == pos_label and p != pos_label)
    prec = tp // (tp + fp) if tp + fp else 0
    rec = tp // (tp + fn) if tp + fn else 0
    f1 = 2 * tp // (2 * tp + fp + fn) if tp + fp + fn else 0
    return prec, rec, f1


def prf_flip_true_only(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if pos_label == 0:
        y_true = 1 - y_true          # make the positive class 1
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return float(prec), float(rec), float(f1)


def prf_zero_division_one(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == pos_label) & (y_pred == pos_label))
    fp = np.sum((y_true != pos_label) & (y_pred == pos_label))
    fn = np.sum((y_true == pos_label) & (y_pred != pos_label))
    # nothing predicted positive means no false alarm: perfect precision
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return float(prec), float(rec), float(f1)


def prf_accuracy_as_precision(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    pred_pos = y_pred == pos_label
    prec = float(np.mean(y_true[pred_pos] == y_pred[pred_pos])) if pred_pos.any() else 0.0
    rec = float(np.mean(y_true == y_pred))          # fraction found
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


# ----------------------------------------------------------------------- 12.macro_f1, RIGHT
def mf1_right_loop(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in range(num_classes):
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        den = 2 * tp + fp + fn
        scores.append(2 * tp / den if den > 0 else 0.0)
    return float(np.mean(scores))


def mf1_right_matrix(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes))
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    tp = np.diag(C)
    den = C.sum(axis=0) + C.sum(axis=1)             # (TP + FP) + (TP + FN)
    f1 = np.divide(2 * tp, den, out=np.zeros(num_classes), where=den > 0)
    return float(f1.sum() / num_classes)


def mf1_right_sklearn(y_true, y_pred, num_classes):
    return float(skm.f1_score(y_true, y_pred, labels=list(range(num_classes)), average="macro",
                              zero_division=0.0))


def mf1_right_nnlib_per_class(y_true, y_pred, num_classes):
    per_class = nm.f1_score(np.asarray(y_true), np.asarray(y_pred), average=None,
                            labels=np.arange(num_classes), zero_division=0.0)
    return float(np.mean(per_class))


# ----------------------------------------------------------------------- 12.macro_f1, WRONG
def mf1_weighted(y_true, y_pred, num_classes):
    return float(skm.f1_score(y_true, y_pred, labels=list(range(num_classes)), average="weighted",
                              zero_division=0.0))


def mf1_micro(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum(y_true == y_pred)
    fp = fn = np.sum(y_true != y_pred)
    return float(2 * tp / (2 * tp + fp + fn))


def mf1_present_only(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in np.union1d(y_true, y_pred):
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def mf1_true_classes_only(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for k in np.unique(y_true):
        tp = np.sum((y_true == k) & (y_pred == k))
        fp = np.sum((y_true != k) & (y_pred == k))
        fn = np.sum((y_true == k) & (y_pred != k))
        scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def mf1_from_macro_pr(y_true, y_pred, num_classes):
    p = skm.precision_score(y_true, y_pred, labels=list(range(num_classes)), average="macro", zero_division=0.0)
    r = skm.recall_score(y_true, y_pred, labels=list(range(num_classes)), average="macro", zero_division=0.0)
    return float(2 * p * r / (p + r)) if p + r else 0.0


def mf1_off_by_one(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    total = 0.0
    for k in range(num_classes - 1):
        tp = np.sum((y_true == k) & (y_pred == k))
        den = np.sum(y_true == k) + np.sum(y_pred == k)
        total += 2 * tp / den if den else 0.0
    return float(total / num_classes)


def mf1_nanmean(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    f1 = np.empty(num_classes)
    with np.errstate(all="ignore"):
        for k in range(num_classes):
            tp = np.sum((y_true == k) & (y_pred == k))
            f1[k] = 2 * tp / (np.sum(y_true == k) + np.sum(y_pred == k))
    return float(np.nanmean(f1))


def mf1_binary(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    den = np.sum(y_true == 1) + np.sum(y_pred == 1)
    return float(2 * tp / den) if den else 0.0


def mf1_harmonic_nan(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    with np.errstate(all="ignore"):
        for k in range(num_classes):
            tp = np.sum((y_true == k) & (y_pred == k))
            npred, ntrue = np.sum(y_pred == k), np.sum(y_true == k)
            p = tp / npred if npred else 0.0
            r = tp / ntrue if ntrue else 0.0
            scores.append(2 * p * r / np.float64(p + r))   # 0/0 when the class is never hit
    return float(np.mean(scores))


RIGHT = {
    "12.confusion_matrix": [cm_right_loop, cm_right_add_at, cm_right_bincount, cm_right_sklearn,
                            cm_right_equality],
    "12.precision_recall_f1": [prf_right_counts, prf_right_nnlib, prf_right_sklearn, prf_right_loop_harmonic],
    "12.macro_f1": [mf1_right_loop, mf1_right_matrix, mf1_right_sklearn, mf1_right_nnlib_per_class],
}

WRONG = {
    "12.confusion_matrix": [
        (cm_transposed, "rows are the predictions, columns the true classes"),
        (cm_max_label, "size from the largest label + 1, ignoring num_classes"),
        (cm_fancy_plus_equals, "C[y_true, y_pred] += 1: a pair that occurs twice is counted once"),
        (cm_float, "np.zeros default float: counts come back as floats"),
        (cm_unique_labels, "one row per label that occurs, so a missing class shrinks the matrix"),
        (cm_lists_break, "y_true * num_classes breaks for Python lists (list repetition)"),
        (cm_sklearn_no_labels, "sklearn's confusion_matrix without labels=: only the labels that occur"),
        (cm_ten_classes, "hard-coded 10 classes like the digits"),
        (cm_correct_only_diag, "mistakes counted in the row of the prediction (half transposed)"),
    ],
    "12.precision_recall_f1": [
        (prf_ignores_pos_label, "always used 1 as the positive class"),
        (prf_harmonic_nan, "F1 = 2PR/(P+R) without a guard: nan when P = R = 0"),
        (prf_swapped, "mixed up FP and FN, so precision and recall are swapped"),
        (prf_no_guard, "no zero-division guard at all (nan)"),
        (prf_integer_division, "// integer division: every score is 0 or 1"),
        (prf_flip_true_only, "for pos_label=0 flipped y_true but forgot y_pred"),
        (prf_zero_division_one, "a 0/0 score is 1.0 (no false alarms = perfect)"),
        (prf_accuracy_as_precision, "recall computed as accuracy over all examples"),
    ],
    "12.macro_f1": [
        (mf1_weighted, "weighted the classes by their support"),
        (mf1_micro, "micro F1 (pooled counts), which is just accuracy"),
        (mf1_present_only, "averaged only over labels that occur in y_true or y_pred"),
        (mf1_true_classes_only, "averaged only over the classes in y_true"),
        (mf1_from_macro_pr, "harmonic mean of macro precision and macro recall"),
        (mf1_off_by_one, "range(num_classes - 1): the last class never counts"),
        (mf1_nanmean, "nanmean skips the classes with 0/0 instead of counting them as 0"),
        (mf1_binary, "F1 of class 1 only"),
        (mf1_harmonic_nan, "2PR/(P+R) per class: 0/0 gives nan for a class never hit, so the mean is nan"),
    ],
}
