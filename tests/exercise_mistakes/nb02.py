"""Wrong student code for notebook 02's exercises, one per named mistake."""

import numpy as np


def descend_uphill(w0, curvatures, lr, steps):
    w = w0.copy()
    path = [w0.copy()]
    for _ in range(steps):
        w = w + lr * curvatures * w
        path.append(w)
    return np.array(path)


def descend_without_start(w0, curvatures, lr, steps):
    path = np.zeros((steps, len(w0)))
    w = np.array(w0, dtype=float)
    for k in range(steps):
        w = w - lr * curvatures * w
        path[k] = w
    return path


def descend_doubled(w0, curvatures, lr, steps):
    path = [w0]
    for _ in range(steps):
        path.append(path[-1] - lr * 2 * curvatures * path[-1])   # d/dw of c * w^2, forgetting the 0.5
    return np.stack(path)


def lr_one_over(hessian):
    return 1.0 / max(np.linalg.eigvals(hessian).real)


def lr_smallest(hessian):
    return float(2 / np.sort(np.linalg.eigvalsh(hessian))[0])


def lr_diag(hessian):
    return 2.0 / hessian.diagonal().max()


def lr_over_trace(hessian):
    return 2.0 / float(np.sum(np.linalg.eigvalsh(hessian)))


def lr_over_frobenius(hessian):
    return 2.0 / np.sqrt(np.sum(np.asarray(hessian, dtype=float) ** 2))


MISTAKES = {
    "02.descend": {
        "a step uphill (w + lr * gradient)": descend_uphill,
        "a path without its starting point": descend_without_start,
        "a gradient twice too large (2 * curvatures * w)": descend_doubled,
    },
    "02.max_lr": {
        "1 / curvature: where oscillation starts, not divergence": lr_one_over,
        "the flattest direction's limit (2 / smallest curvature)": lr_smallest,
        "the diagonal of the Hessian instead of its eigenvalues": lr_diag,
        "the sum of the curvatures (the trace) instead of the largest one": lr_over_trace,
        "the Frobenius norm of the Hessian instead of its largest eigenvalue": lr_over_frobenius,
    },
}
