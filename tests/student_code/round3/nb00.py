"""Blind student code for notebook 00 (line_step) (round 3), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
import numpy as np

EX = "00.line_step"

# ---------------------------------------------------------------- RIGHT
def line_step_vec(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_loop(w, b, x, y, lr):
    xs = np.asarray(x, dtype=float).ravel()
    ys = np.asarray(y, dtype=float).ravel()
    n = len(xs)
    dw = 0.0
    db = 0.0
    for xi, yi in zip(xs, ys):
        err = (w * xi + b) - yi
        dw += 2 * err * xi
        db += 2 * err
    dw /= n
    db /= n
    w_new = w - lr * dw
    b_new = b - lr * db
    return float(w_new), float(b_new)


def line_step_dot(w, b, x, y, lr):
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    r = w * x + b - y
    n = x.size
    grad = 2.0 / n * np.array([r @ x, r.sum()])
    w_new, b_new = np.array([w, b], dtype=np.float64) - lr * grad
    return float(w_new), float(b_new)


# ---------------------------------------------------------------- WRONG
def line_step_plus(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w + lr * dw, b + lr * db


def line_step_no2(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean((out - y) * x)
    db = np.mean(out - y)
    return w - lr * dw, b - lr * db


def line_step_sum(w, b, x, y, lr):
    out = w * x + b
    dw = np.sum(2 * (out - y) * x)
    db = np.sum(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_sequential(w, b, x, y, lr):
    out = w * x + b
    w = w - lr * np.mean(2 * (out - y) * x)
    out = w * x + b                       # recomputed with the new w
    b = b - lr * np.mean(2 * (out - y))
    return w, b


def line_step_db_times_x(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y) * x)
    return w - lr * dw, b - lr * db


def line_step_dw_no_x(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y))
    db = np.mean(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_mean_product(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y)) * np.mean(x)
    db = np.mean(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_no_lr(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w - dw, b - db


def line_step_swapped(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return b - lr * db, w - lr * dw


def line_step_inplace(w, b, x, y, lr):
    x0 = x.copy()
    out = x                               # "saves memory": out IS x
    out *= w
    out += b
    out -= y                              # out now holds the error, x is destroyed
    dw = np.mean(2 * out * x0)
    db = np.mean(2 * out)
    return w - lr * dw, b - lr * db


RIGHT = {EX: [line_step_vec, line_step_loop, line_step_dot]}
WRONG = {EX: [
    (line_step_plus, "steps uphill: w + lr*dw instead of w - lr*dw"),
    (line_step_no2, "drops the factor 2 of the derivative"),
    (line_step_sum, "sum instead of mean in the gradients"),
    (line_step_sequential, "updates w first, then computes db with the new w"),
    (line_step_db_times_x, "db also multiplied by x (copied dw formula)"),
    (line_step_dw_no_x, "dw forgets the factor x"),
    (line_step_mean_product, "dw = mean(2(out-y)) * mean(x) (product of means)"),
    (line_step_no_lr, "forgets the learning rate"),
    (line_step_swapped, "returns (b, w) instead of (w, b)"),
    (line_step_inplace, "computes out in place in x, mutating the caller's x"),
]}
