"""Blind student code for notebook 02 (round 2), written without reading the checks."""
import numpy as np


# ============================================================================ 02.descend
def descend_list(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2)."""
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * curvatures * w
        path.append(w)
    return np.array(path)


def descend_closed_form(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2)."""
    factor = 1.0 - lr * np.asarray(curvatures, dtype=float)          # each step multiplies w by this
    k = np.arange(steps + 1)[:, None]
    return np.asarray(w0, dtype=float)[None, :] * factor[None, :] ** k


def descend_prealloc(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2)."""
    w0 = np.asarray(w0, dtype=np.float64)
    path = np.empty((steps + 1, w0.shape[0]))
    path[0] = w0
    for k in range(1, steps + 1):
        grad = np.multiply(curvatures, path[k - 1])
        path[k] = path[k - 1] - lr * grad
    return path


def descend_no_start(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = []
    for _ in range(steps):
        w = w - lr * curvatures * w
        path.append(w)
    return np.array(path).reshape(steps, len(w0))     # the weights after every step


def descend_aliased(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * curvatures * w                      # in place, to save memory
        path.append(w)
    return np.array(path)


def descend_mutates_start(w0, curvatures, lr, steps):
    w = w0
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * curvatures * w
        path.append(w.copy())
    return np.array(path)


def descend_keeps_dtype(w0, curvatures, lr, steps):
    path = np.array([w0] * (steps + 1))               # rows to fill in; dtype of w0
    for k in range(steps):
        path[k + 1] = path[k] - lr * curvatures * path[k]
    return path


def descend_summed_gradient(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        grad = np.sum(curvatures * w)                 # gradient of the sum
        w = w - lr * grad
        path.append(w.copy())
    return np.array(path)


def descend_half_gradient(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * 0.5 * curvatures * w             # kept the 0.5 from the loss
        path.append(w.copy())
    return np.array(path)


def descend_list_of_arrays(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * curvatures * w
        path.append(w.copy())
    return path                                      # a list of the weights


# ============================================================================ 02.max_lr
def max_lr_eigvalsh(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss."""
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def max_lr_spectral_norm(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss."""
    return 2 / np.linalg.norm(np.asarray(hessian, dtype=float), ord=2)


def max_lr_power_iteration(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss."""
    H = np.asarray(hessian, dtype=float)
    v = np.ones(H.shape[0]) + np.arange(H.shape[0]) * 1e-3
    lam = 0.0
    for _ in range(5000):
        u = H @ v
        new = float(np.linalg.norm(u))
        v = u / new
        if abs(new - lam) <= 1e-15 * new:
            break
        lam = new
    lam = float(v @ H @ v)
    return 2.0 / lam


def max_lr_one_over(hessian):
    return 1 / np.linalg.eigvalsh(hessian).max()


def max_lr_smallest(hessian):
    return 2 / np.linalg.eigvalsh(hessian)[0]


def max_lr_diagonal(hessian):
    return 2 / np.max(np.diag(hessian))              # the curvatures are on the diagonal


def max_lr_trace(hessian):
    return 2 / np.trace(hessian)


def max_lr_frobenius(hessian):
    return 2 / np.linalg.norm(hessian)


def max_lr_first_eig(hessian):
    vals, _ = np.linalg.eig(hessian)
    return 2 / np.real(vals[0])


RIGHT = {
    "02.descend": [descend_list, descend_closed_form, descend_prealloc],
    "02.max_lr": [max_lr_eigvalsh, max_lr_spectral_norm, max_lr_power_iteration],
}
WRONG = {
    "02.descend": [
        (descend_no_start, "I returned the weights after each step but forgot the start"),
        (descend_aliased, "I updated w in place and appended it, so every row is the same array"),
        (descend_mutates_start, "I started with w = w0 and updated in place: the path is right but w0 is changed"),
        (descend_keeps_dtype, "I filled an array made from w0, so an integer start gets truncated"),
        (descend_summed_gradient, "I summed curvatures * w into one number as the gradient"),
        (descend_half_gradient, "I kept the 0.5 from the loss in the gradient"),
        (descend_list_of_arrays, "I returned the Python list of weights, not an array"),
    ],
    "02.max_lr": [
        (max_lr_one_over, "I used 1 / largest curvature, the one-step learning rate"),
        (max_lr_smallest, "I took the first eigenvalue from eigvalsh, which is the smallest"),
        (max_lr_diagonal, "I read the curvatures off the diagonal of the Hessian"),
        (max_lr_trace, "I divided 2 by the trace (sum of the curvatures)"),
        (max_lr_frobenius, "I used np.linalg.norm(H), the Frobenius norm, for the largest curvature"),
        (max_lr_first_eig, "I took the first eigenvalue that np.linalg.eig returns"),
    ],
}
