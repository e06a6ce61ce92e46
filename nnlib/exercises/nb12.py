"""Exercises of notebook 12: the confusion matrix; precision, recall and F1 (binary); macro-averaged F1.

The confusion-matrix function is called my_confusion_matrix so that it does not hide
nnlib.metrics.confusion_matrix, which the notebook imports and uses.
"""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 12.confusion_matrix


def my_confusion_matrix(y_true, y_pred, num_classes):
    """Count matrix C: C[i, j] = number of examples of true class i predicted as class j.

    y_true, y_pred: (N,) integer class labels in 0..num_classes-1.
    Returns C: (num_classes, num_classes) integers; rows are the true classes, columns the predictions.
    """
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def _cm_transposed(y_true, y_pred, num_classes):
    return my_confusion_matrix(y_true, y_pred, num_classes).T


def _cm_fancy_index(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    C[np.asarray(y_true), np.asarray(y_pred)] += 1           # a repeated pair is counted once
    return C


def _cm_size_from_labels(y_true, y_pred, num_classes):
    k = int(max(np.max(y_true), np.max(y_pred))) + 1
    return my_confusion_matrix(y_true, y_pred, k)


def _cm_cases():
    rng = np.random.default_rng(12)
    y = rng.integers(0, 4, size=30)
    noisy = np.where(rng.random(30) < 0.7, y, rng.integers(0, 4, size=30))
    return [
        Case("3 classes, 8 examples", (np.array([0, 1, 2, 2, 1, 0, 2, 1]), np.array([0, 2, 2, 1, 1, 0, 2, 2]), 3)),
        Case("4 classes, 30 examples, 70 % right", (y, noisy, 4)),
        Case("a class that is never predicted", (np.array([0, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 0]), 3)),
        Case("a batch of one", (np.array([1]), np.array([0]), 2)),
        Case("num_classes larger than any label (class 4 never occurs)", (np.array([0, 1, 3]), np.array([0, 3, 3]), 5)),
        Case("Python lists", ([1, 0, 1, 1], [1, 1, 0, 1], 2)),
    ]


CONFUSION_MATRIX = Exercise(
    id="12.confusion_matrix",
    task="the confusion matrix",
    reference=my_confusion_matrix,
    cases=_cm_cases,
    returns=("C",),
    mistakes=(
        Mistake("rows and columns swapped (rows = predictions)",
                "Rows are the true classes and columns the predictions: C[true, predicted] += 1.",
                like=_cm_transposed),
        Mistake("C[y_true, y_pred] += 1 with index arrays, which counts a repeated pair only once",
                "With index arrays, += adds 1 once per distinct cell. Loop over the pairs, or use np.add.at(C, "
                "(y_true, y_pred), 1).", like=_cm_fancy_index),
        Mistake("a matrix sized by the labels that occur instead of num_classes",
                "Make C num_classes x num_classes, even when some class never appears.", like=_cm_size_from_labels),
    ),
    hint="Start from a num_classes x num_classes array of integer zeros and add 1 for every pair (true, "
         "predicted) of zip(y_true, y_pred): the true class picks the row.",
    explanation="Every example adds one count, in the row of its true class and the column of its prediction, so "
                "the diagonal holds the correct predictions. A plain loop is clearest; np.add.at or "
                "np.bincount(y_true * K + y_pred, minlength=K*K).reshape(K, K) (what nnlib does) are fast.",
)

# ---------------------------------------------------------------- 12.precision_recall_f1


def precision_recall_f1(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 of the positive class of a two-class problem.

    y_true, y_pred: (N,) labels 0 or 1; pos_label: the positive class.
    Returns precision = TP / (TP + FP), recall = TP / (TP + FN) and F1 = 2 TP / (2 TP + FP + FN),
    three floats; a score whose denominator is 0 is 0.0 (as nnlib.metrics does).
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_pred == pos_label) & (y_true == pos_label))
    fp = np.sum((y_pred == pos_label) & (y_true != pos_label))
    fn = np.sum((y_pred != pos_label) & (y_true == pos_label))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 0.0
    return float(precision), float(recall), float(f1)


def _prf_swapped(y_true, y_pred, pos_label=1):
    p, r, f = precision_recall_f1(y_true, y_pred, pos_label)
    return r, p, f


def _prf_arithmetic_mean(y_true, y_pred, pos_label=1):
    p, r, _ = precision_recall_f1(y_true, y_pred, pos_label)
    return p, r, (p + r) / 2


def _prf_ignores_pos_label(y_true, y_pred, pos_label=1):
    return precision_recall_f1(y_true, y_pred, 1)


def _prf_nan_for_zero(got, expected, case):
    return any(np.isnan(float(np.asarray(g, dtype=np.float64))) and e == 0.0 for g, e in zip(got, expected))


def _prf_cases():
    rng = np.random.default_rng(120)
    y = (rng.random(50) < 0.2).astype(np.int64)
    pred = np.where(rng.random(50) < 0.8, y, 1 - y)
    return [
        Case("10 examples, 2 true positives", (np.array([1, 0, 1, 1, 0, 0, 0, 1, 0, 0]),
                                               np.array([1, 1, 0, 1, 0, 0, 0, 0, 1, 0]))),
        Case("50 examples, 20 % positives", (y, pred)),
        Case("always 'no': nothing predicted positive (precision 0/0 -> 0)", (y, np.zeros_like(y))),
        Case("always 'yes'", (y, np.ones_like(y))),
        Case("pos_label=0", (np.array([0, 0, 1, 1, 0]), np.array([0, 1, 1, 0, 0])), {"pos_label": 0}),
        Case("a batch of one, correct", (np.array([1]), np.array([1]))),
        Case("no positives at all, none predicted (every score 0/0 -> 0)", (np.zeros(4, dtype=np.int64),
                                                                             np.zeros(4, dtype=np.int64))),
    ]


PRECISION_RECALL_F1 = Exercise(
    id="12.precision_recall_f1",
    task="precision, recall and F1 of the positive class",
    reference=precision_recall_f1,
    cases=_prf_cases,
    returns=("precision", "recall", "f1"),
    mistakes=(
        Mistake("precision and recall swapped",
                "Precision divides by what was PREDICTED positive (TP + FP); recall by what really IS positive "
                "(TP + FN).", like=_prf_swapped),
        Mistake("F1 as the arithmetic mean of precision and recall",
                "F1 is their harmonic mean, 2 P R / (P + R) = 2 TP / (2 TP + FP + FN): high only when both are.",
                like=_prf_arithmetic_mean),
        Mistake("pos_label ignored (class 1 is always the positive class)",
                "Compare with pos_label, not with 1: TP counts y_pred == pos_label and y_true == pos_label.",
                like=_prf_ignores_pos_label),
        Mistake("nan for a score whose denominator is 0",
                "When nothing is predicted positive, precision is 0/0: return 0.0 there, as nnlib.metrics does "
                "(and the same for recall and F1).", when=_prf_nan_for_zero),
    ),
    hint="Count TP, FP and FN for the class pos_label by comparing the two arrays, then apply the formulas of "
         "section 3, with 0.0 wherever a denominator is 0.",
    explanation="The three counts come from comparing the two label arrays; the formulas are those of section 3. "
                "Guarding each division avoids a 0/0 (and the warning it prints) for a model that never predicts "
                "the positive class, whose precision is then reported as 0.",
)

# ---------------------------------------------------------------- 12.macro_f1


def macro_f1(y_true, y_pred, num_classes):
    """Macro-averaged F1: the plain mean over the classes 0..num_classes-1 of each class's F1.

    y_true, y_pred: (N,) integer labels; num_classes: every class counts, each class's
    F1 = 2 TP / (2 TP + FP + FN), 0.0 for a class that is neither present nor predicted.
    Returns a float.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    f1 = []
    for k in range(num_classes):
        tp = np.sum((y_pred == k) & (y_true == k))
        fp = np.sum((y_pred == k) & (y_true != k))
        fn = np.sum((y_pred != k) & (y_true == k))
        f1.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 0.0)
    return float(np.mean(f1))


def _macro_is_micro(y_true, y_pred, num_classes):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def _macro_from_mean_p_r(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    p, r = [], []
    for k in range(num_classes):
        tp = np.sum((y_pred == k) & (y_true == k))
        p.append(tp / max(np.sum(y_pred == k), 1))
        r.append(tp / max(np.sum(y_true == k), 1))
    p, r = np.mean(p), np.mean(r)
    return float(2 * p * r / (p + r)) if p + r > 0 else 0.0


def _macro_weighted(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    f1 = [2 * np.sum((y_pred == k) & (y_true == k)) / max(np.sum(y_pred == k) + np.sum(y_true == k), 1)
          for k in range(num_classes)]
    support = np.bincount(y_true, minlength=num_classes)
    return float(np.sum(np.array(f1) * support) / support.sum())


def _macro_skips_unpredicted(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    f1 = []
    for k in range(num_classes):
        tp, predicted, present = np.sum((y_pred == k) & (y_true == k)), np.sum(y_pred == k), np.sum(y_true == k)
        if predicted == 0:
            continue                                   # precision 0/0: the class is dropped
        p, r = tp / predicted, tp / max(present, 1)
        f1.append(2 * p * r / (p + r) if p + r > 0 else 0.0)
    return float(np.mean(f1))


def _macro_cases():
    rng = np.random.default_rng(121)
    y = rng.choice(3, size=60, p=[0.7, 0.2, 0.1])
    pred = np.where(rng.random(60) < 0.75, y, rng.integers(0, 3, size=60))
    return [
        Case("3 classes, 10 examples", (np.array([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]),
                                       np.array([0, 0, 0, 1, 0, 1, 1, 0, 2, 0]), 3)),
        Case("imbalanced: 60 examples, 70 % of class 0", (y, pred, 3)),
        Case("a class that is never predicted", (np.array([0, 1, 2, 2, 1, 0]), np.array([0, 1, 1, 1, 1, 0]), 3)),
        Case("always the majority class", (y, np.zeros_like(y), 3)),
        Case("two classes, a batch of one", (np.array([1]), np.array([1]), 2)),
    ]


MACRO_F1 = Exercise(
    id="12.macro_f1",
    task="macro-averaged F1",
    reference=macro_f1,
    cases=_macro_cases,
    returns=("macro_f1",),
    mistakes=(
        Mistake("the micro average (it equals accuracy)",
                "Macro means: one F1 per class, then their plain mean, so rare classes count as much as common ones.",
                like=_macro_is_micro),
        Mistake("F1 of the mean precision and the mean recall",
                "Average the per-class F1 scores, not precision and recall first.", like=_macro_from_mean_p_r),
        Mistake("a mean weighted by class size",
                "Macro averaging gives every class the same weight: np.mean of the per-class F1.",
                like=_macro_weighted),
        Mistake("classes that are never predicted left out of the mean",
                "A class the model never predicts has F1 = 0 and must pull the average down: keep it in the mean.",
                like=_macro_skips_unpredicted),
    ),
    hint="Treat each class k in turn as the positive class (TP, FP, FN of k against all the others), compute "
         "its F1, and take the plain mean over the num_classes classes.",
    explanation="Each class in turn plays the positive class, exactly as in the binary case; macro averaging then "
                "takes the plain mean, so a rare class that the model ignores costs as much as a common one. That "
                "is why macro-F1 exposes the 'always the majority class' model that accuracy flatters.",
)

EXERCISES = (CONFUSION_MATRIX, PRECISION_RECALL_F1, MACRO_F1)
