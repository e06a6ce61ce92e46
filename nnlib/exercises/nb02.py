"""Exercises of notebook 02: the gradient-descent loop on a bowl, and the largest stable learning rate."""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 02.descend


def descend_bowl(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2), whose gradient is curvatures * w.

    w0: (D,) float array, the start; curvatures: (D,) positive numbers;
    lr: learning rate; steps: number of updates.
    Returns the path, an array (steps + 1, D): the start followed by the weights after every step.
    """
    w = w0.copy()
    path = [w.copy()]
    for _ in range(steps):
        grad = curvatures * w        # dC/dw
        w = w - lr * grad            # the update rule
        path.append(w.copy())
    return np.array(path)


def _descend_uphill(w0, curvatures, lr, steps):
    return np.array([w0 * (1 + lr * curvatures) ** k for k in range(steps + 1)])


def _descend_no_start(w0, curvatures, lr, steps):
    return np.array([w0 * (1 - lr * curvatures) ** k for k in range(1, steps + 1)]).reshape(steps, len(w0))


def _descend_double_gradient(w0, curvatures, lr, steps):
    return np.array([w0 * (1 - 2 * lr * curvatures) ** k for k in range(steps + 1)])


def _descend_cases():
    return [
        Case("the notebook's bowl (0.2, 1), lr = 0.3, 10 steps",
             (np.array([-4.0, 2.5]), np.array([0.2, 1.0]), 0.3, 10)),
        Case("float32, lr = 1.5 (oscillates)", (np.array([1.0, 1.0], dtype=np.float32),
                                                np.array([0.2, 1.0], dtype=np.float32), 1.5, 6)),
        Case("one weight, lr = 2.5 (diverges)", (np.array([0.5]), np.array([1.0]), 2.5, 5)),
        Case("three weights, lr = 0 (stays put)", (np.array([1.0, -2.0, 3.0]), np.array([1.0, 2.0, 3.0]), 0.0, 3)),
        Case("zero steps", (np.array([1.0, 2.0]), np.array([0.5, 0.5]), 0.1, 0)),
    ]


DESCEND = Exercise(
    id="02.descend",
    task="gradient descent on the bowl",
    reference=descend_bowl,
    cases=_descend_cases,
    returns=("path",),
    same_dtype=False,  # a record of the points, not a step: 5 right blind answers build it in float64
    mistakes=(
        Mistake("a step uphill (w + lr * gradient)",
                "The update rule is w - lr * gradient: against the slope.", like=_descend_uphill),
        Mistake("a path without its starting point",
                "Put w0 first, then one row per step: steps + 1 rows in all.", like=_descend_no_start),
        Mistake("a gradient twice too large (2 * curvatures * w)",
                "The bowl has a factor 0.5 in front, so its gradient is curvatures * w.",
                like=_descend_double_gradient),
    ),
    hint="What is the gradient of the bowl at the current point? How many rows does the path have for `steps` "
         "updates, and which one comes first?",
    hint_more="Start the path with w0; each round computes the gradient where you are, moves against it by lr "
              "times it, and records the new point. Make a new array each step rather than changing w0, so "
              "the points already stored stay as they were.",
    explanation="Each step computes the gradient at the current point and moves against it. Writing "
                "w = w - lr * grad (rather than w -= ...) makes a new array, so the start w0 and the points "
                "already stored in the path are never changed.",
)

# ---------------------------------------------------------------- 02.max_lr


def max_stable_lr(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss.

    hessian: (D, D) symmetric, positive definite: the curvatures of the loss in every direction.
    Returns 2 / (largest eigenvalue), a number: the steepest direction sets the limit.
    """
    curvatures = np.linalg.eigvalsh(hessian)   # the curvatures along the principal directions
    return 2 / curvatures.max()


def _lr_oscillation_limit(hessian):
    return 1 / np.linalg.eigvalsh(hessian).max()


def _lr_flattest(hessian):
    return 2 / np.linalg.eigvalsh(hessian).min()


def _lr_diagonal(hessian):
    return 2 / np.max(np.diag(hessian))


def _lr_trace(hessian):
    return 2 / np.trace(hessian)


def _lr_frobenius(hessian):
    return 2 / np.linalg.norm(hessian)


def _max_lr_cases():
    angle = 0.5
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return [
        Case("the notebook's bowl, diag(0.2, 1)", (np.diag([0.2, 1.0]),)),
        Case("the 1-D loss (w - 3)^2 + 1, curvature 2", (np.array([[2.0]]),)),
        Case("a rotated bowl (curvatures 0.5 and 4), float32",
             ((rotation @ np.diag([0.5, 4.0]) @ rotation.T).astype(np.float32),)),
        Case("three directions (curvatures 1, 10, 100)", (np.diag([10.0, 100.0, 1.0]),)),
    ]


MAX_LR = Exercise(
    id="02.max_lr",
    task="the largest stable learning rate",
    reference=max_stable_lr,
    cases=_max_lr_cases,
    returns=("lr_max",),
    mistakes=(
        Mistake("1 / curvature: where oscillation starts, not divergence",
                "Along a direction with curvature c the distance is multiplied by 1 - lr * c each step; it grows "
                "once |1 - lr * c| > 1, that is once lr > 2 / c.", like=_lr_oscillation_limit),
        Mistake("the flattest direction's limit (2 / smallest curvature)",
                "The steepest direction diverges first: use the largest curvature.", like=_lr_flattest),
        Mistake("the sum of the curvatures (the trace) instead of the largest one",
                "Each direction has its own limit 2 / c; the steepest one is reached first: 2 / (largest eigenvalue).",
                like=_lr_trace),
        Mistake("the Frobenius norm of the Hessian instead of its largest eigenvalue",
                "np.linalg.norm(H) mixes every curvature in; the limit is 2 / np.linalg.eigvalsh(H).max().",
                like=_lr_frobenius),
        Mistake("the diagonal of the Hessian instead of its eigenvalues",
                "A rotated bowl has its curvatures on the eigenvalues, not the diagonal: np.linalg.eigvalsh.",
                like=_lr_diagonal),
    ),
    hint="The curvatures of a quadratic loss are the eigenvalues of its Hessian (np.linalg.eigvalsh). Along a "
         "direction of curvature c a step multiplies the distance by 1 - lr * c: when is that larger than 1 in size?",
    explanation="Gradient descent on a quadratic acts on each principal direction separately, multiplying the "
                "distance to the minimum by 1 - lr * c per step. It diverges once |1 - lr * c| > 1 for some "
                "direction, that is lr > 2 / c; the steepest direction (largest eigenvalue) gives the smallest limit.",
)

EXERCISES = (DESCEND, MAX_LR)
