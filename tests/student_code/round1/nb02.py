"""Blind student code for notebook 02 (round 1), written without reading the checks."""
import numpy as np


def _as_float_array(a):
    a = np.array(a)                       # a copy: never touch the caller's array
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    return a


# ============================================================================ 02.descend
# ----------------------------------------------------------------------------- RIGHT
def descend_loop_list(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2), whose gradient is curvatures * w.

    w0: (D,) start; curvatures: (D,) positive numbers; lr: learning rate; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    w = _as_float_array(w0)
    c = np.asarray(curvatures)
    path = [w.copy()]
    for _ in range(steps):
        grad = c * w
        w = w - lr * grad
        path.append(w.copy())
    return np.array(path)


def descend_closed_form(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2), whose gradient is curvatures * w.

    w0: (D,) start; curvatures: (D,) positive numbers; lr: learning rate; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    # each step multiplies w by (1 - lr * c): w_t = (1 - lr * c)**t * w0
    w0 = np.asarray(w0, dtype=np.float64)
    factor = 1.0 - lr * np.asarray(curvatures, dtype=np.float64)
    t = np.arange(steps + 1)[:, None]
    return factor[None, :] ** t * w0[None, :]


def descend_preallocated(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2), whose gradient is curvatures * w.

    w0: (D,) start; curvatures: (D,) positive numbers; lr: learning rate; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    w0 = _as_float_array(w0)
    path = np.empty((steps + 1,) + w0.shape, dtype=w0.dtype)
    path[0] = w0
    for t in range(steps):
        path[t + 1] = path[t] - lr * (curvatures * path[t])
    return path


def descend_pure_python(w0, curvatures, lr, steps):
    """Gradient descent on the bowl C(w) = 0.5 * sum(curvatures * w**2), whose gradient is curvatures * w.

    w0: (D,) start; curvatures: (D,) positive numbers; lr: learning rate; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    w = [float(v) for v in w0]
    c = [float(v) for v in curvatures]
    path = [list(w)]
    for _ in range(steps):
        w = [wi - lr * ci * wi for wi, ci in zip(w, c)]
        path.append(list(w))
    return np.array(path).reshape(steps + 1, len(c))


# ----------------------------------------------------------------------------- WRONG
def descend_no_start(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = []                            # forgot to record the start
    for _ in range(steps):
        w = w - lr * curvatures * w
        path.append(w.copy())
    return np.array(path).reshape(steps, len(w))


def descend_aliasing(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * curvatures * w         # in place: every entry of path is the same array
        path.append(w)
    return np.array(path)


def descend_inplace_input(w0, curvatures, lr, steps):
    w = w0                               # no copy: w0 itself is updated
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * curvatures * w
        path.append(w.copy())
    return np.array(path)


def descend_double_gradient(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        grad = 2 * curvatures * w        # differentiated w**2 but forgot the 0.5 in front
        w = w - lr * grad
        path.append(w.copy())
    return np.array(path)


def descend_sign(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w + lr * curvatures * w      # steps uphill
        path.append(w.copy())
    return np.array(path)


def descend_extra_step(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps + 1):           # off by one: one update too many
        w = w - lr * curvatures * w
        path.append(w.copy())
    return np.array(path)


def descend_vstack(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = w.copy()                      # 1-D at first; becomes 2-D only once something is stacked
    for _ in range(steps):
        w = w - lr * curvatures * w
        path = np.vstack([path, w])
    return path                          # steps = 0: shape (D,), not (1, D)


def descend_float32(w0, curvatures, lr, steps):
    path = np.zeros((steps + 1, len(w0)), dtype=np.float32)   # float32 buffer
    path[0] = w0
    for t in range(steps):
        path[t + 1] = path[t] - lr * curvatures * path[t]
    return path


def descend_loss_as_gradient(w0, curvatures, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        grad = 0.5 * curvatures * w ** 2     # used the loss itself instead of its gradient
        w = w - lr * grad
        path.append(w.copy())
    return np.array(path)


# ============================================================================ 02.max_lr
# ----------------------------------------------------------------------------- RIGHT
def max_lr_eigvalsh(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss.

    hessian: (D, D) symmetric, positive definite: the curvatures of the loss in every direction.
    Returns a number.
    """
    lam_max = np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64)).max()
    return float(2.0 / lam_max)


def max_lr_spectral_norm(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss.

    hessian: (D, D) symmetric, positive definite: the curvatures of the loss in every direction.
    Returns a number.
    """
    # for a symmetric positive definite matrix the spectral norm is the largest eigenvalue
    return 2 / np.linalg.norm(np.asarray(hessian, dtype=float), ord=2)


def max_lr_eig_general(hessian):
    """The largest learning rate at which gradient descent does not diverge on a quadratic loss.

    hessian: (D, D) symmetric, positive definite: the curvatures of the loss in every direction.
    Returns a number.
    """
    eigenvalues = np.linalg.eig(np.array(hessian, dtype=float))[0]
    return 2 / max(np.real(eigenvalues))


# ----------------------------------------------------------------------------- WRONG
def max_lr_one_over(hessian):
    return 1 / np.linalg.eigvalsh(hessian).max()          # the fastest rate, not the limit


def max_lr_smallest(hessian):
    return 2 / np.linalg.eigvalsh(hessian)[0]             # eigvalsh sorts ascending: [0] is the smallest


def max_lr_diagonal(hessian):
    return 2 / np.max(np.diag(hessian))                   # reads the curvatures off the diagonal: ignores rotation


def max_lr_best(hessian):
    lam = np.linalg.eigvalsh(hessian)
    return 2 / (lam.min() + lam.max())                    # the best fixed rate, not the largest stable one


def max_lr_frobenius(hessian):
    return 2 / np.linalg.norm(hessian)                    # Frobenius norm instead of the largest eigenvalue


def max_lr_trace(hessian):
    return 2 / np.trace(hessian)                          # sum of the curvatures instead of the largest


RIGHT = {
    "02.descend": [descend_loop_list, descend_closed_form, descend_preallocated, descend_pure_python],
    "02.max_lr": [max_lr_eigvalsh, max_lr_spectral_norm, max_lr_eig_general],
}
WRONG = {
    "02.descend": [
        (descend_no_start, "leaves out the start: returns (steps, D)"),
        (descend_aliasing, "updates w in place and appends the same array every step: all rows end up equal"),
        (descend_inplace_input, "does not copy w0: the caller's start array is changed"),
        (descend_double_gradient, "gradient 2 * c * w: forgot that the 0.5 cancels the 2"),
        (descend_sign, "sign error: w + lr * gradient"),
        (descend_extra_step, "off by one: runs steps + 1 updates"),
        (descend_vstack, "builds the path with vstack: zero steps gives shape (D,) instead of (1, D)"),
        (descend_float32, "stores the path in a float32 array"),
        (descend_loss_as_gradient, "uses the loss 0.5 * c * w**2 instead of its gradient"),
    ],
    "02.max_lr": [
        (max_lr_one_over, "returns 1 / lambda_max, the fastest rate, not the stability limit"),
        (max_lr_smallest, "uses the smallest eigenvalue (eigvalsh sorts ascending)"),
        (max_lr_diagonal, "reads curvatures off the diagonal: wrong for a rotated bowl"),
        (max_lr_best, "returns 2 / (lambda_min + lambda_max), the best rate"),
        (max_lr_frobenius, "divides by the Frobenius norm of the Hessian"),
        (max_lr_trace, "divides by the trace (sum of all curvatures)"),
    ],
}
