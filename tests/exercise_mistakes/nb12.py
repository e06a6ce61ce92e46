"""Wrong student code for notebook 12's exercises (confusion matrix, precision/recall/F1, macro-F1)."""

import numpy as np


def cm_transposed(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    for i in range(len(y_true)):
        C[y_pred[i]][y_true[i]] += 1                 # row = prediction
    return C


def cm_fancy_index(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    C[y_true, y_pred] += 1
    return C


def cm_sized_by_labels(y_true, y_pred, num_classes):
    k = max(max(y_true), max(y_pred)) + 1
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return C


def _counts(y_true, y_pred, positive):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((y_true == positive) & (y_pred == positive)).sum())
    fp = int(((y_true != positive) & (y_pred == positive)).sum())
    fn = int(((y_true == positive) & (y_pred != positive)).sum())
    return tp, fp, fn


def prf_swapped(y_true, y_pred, pos_label=1):
    tp, fp, fn = _counts(y_true, y_pred, pos_label)
    precision = tp / (tp + fn) if tp + fn else 0.0   # divides by the real positives
    recall = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return precision, recall, f1


def prf_arithmetic(y_true, y_pred, pos_label=1):
    tp, fp, fn = _counts(y_true, y_pred, pos_label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (precision + recall) / 2


def prf_always_one(y_true, y_pred, pos_label=1):
    tp, fp, fn = _counts(y_true, y_pred, 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return precision, recall, f1


def prf_nan(y_true, y_pred, pos_label=1):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == pos_label) & (y_pred == pos_label))
    precision = tp / np.sum(y_pred == pos_label)      # numpy: 0/0 is nan (with a warning)
    recall = tp / np.sum(y_true == pos_label)
    return precision, recall, 2 * precision * recall / (precision + recall)


def macro_micro(y_true, y_pred, num_classes):
    tp = fp = fn = 0
    for k in range(num_classes):
        t, f, n = _counts(y_true, y_pred, k)
        tp, fp, fn = tp + t, fp + f, fn + n
    return 2 * tp / (2 * tp + fp + fn)


def macro_of_means(y_true, y_pred, num_classes):
    precisions, recalls = [], []
    for k in range(num_classes):
        tp, fp, fn = _counts(y_true, y_pred, k)
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    p, r = sum(precisions) / num_classes, sum(recalls) / num_classes
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_weighted(y_true, y_pred, num_classes):
    scores, weights = [], []
    for k in range(num_classes):
        tp, fp, fn = _counts(y_true, y_pred, k)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
        weights.append(tp + fn)                       # the class's support
    return float(np.average(scores, weights=weights))


def macro_nanmean(y_true, y_pred, num_classes):
    scores = []
    for k in range(num_classes):
        tp, fp, fn = _counts(y_true, y_pred, k)
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return float(np.nanmean(scores))


MISTAKES = {
    "12.confusion_matrix": {
        "rows and columns swapped (rows = predictions)": cm_transposed,
        "C[y_true, y_pred] += 1 with index arrays, which counts a repeated pair only once": cm_fancy_index,
        "a matrix sized by the labels that occur instead of num_classes": cm_sized_by_labels,
    },
    "12.precision_recall_f1": {
        "precision and recall swapped": prf_swapped,
        "F1 as the arithmetic mean of precision and recall": prf_arithmetic,
        "pos_label ignored (class 1 is always the positive class)": prf_always_one,
        "nan for a score whose denominator is 0": prf_nan,
    },
    "12.macro_f1": {
        "the micro average (it equals accuracy)": macro_micro,
        "F1 of the mean precision and the mean recall": macro_of_means,
        "a mean weighted by class size": macro_weighted,
        "classes that are never predicted left out of the mean": macro_nanmean,
    },
}
