"""Blind student code for notebook 00 (round 1), written without reading the checks."""
import numpy as np
import torch


# ----------------------------------------------------------------------------- RIGHT
def line_step_vectorised(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2).

    w, b: numbers; x, y: arrays of the same shape, one entry per example; lr: learning rate.
    Returns (w_new, b_new).
    """
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_loops(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2).

    w, b: numbers; x, y: arrays of the same shape, one entry per example; lr: learning rate.
    Returns (w_new, b_new).
    """
    xs = np.asarray(x).ravel().tolist()
    ys = np.asarray(y).ravel().tolist()
    n = len(xs)
    sum_dw = 0.0
    sum_db = 0.0
    for xi, yi in zip(xs, ys):
        err = (w * xi + b) - yi
        sum_dw += 2 * err * xi
        sum_db += 2 * err
    w_new = w - lr * sum_dw / n
    b_new = b - lr * sum_db / n
    return w_new, b_new


def line_step_torch(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2).

    w, b: numbers; x, y: arrays of the same shape, one entry per example; lr: learning rate.
    Returns (w_new, b_new).
    """
    wt = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    xt = torch.as_tensor(np.asarray(x, dtype=np.float64))
    yt = torch.as_tensor(np.asarray(y, dtype=np.float64))
    loss = ((wt * xt + bt - yt) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w_new = wt - lr * wt.grad
        b_new = bt - lr * bt.grad
    return w_new.item(), b_new.item()


def line_step_residual_form(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2).

    w, b: numbers; x, y: arrays of the same shape, one entry per example; lr: learning rate.
    Returns (w_new, b_new).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    r = (w * x + b - y).ravel()
    n = r.size
    dw = 2.0 / n * np.dot(r, x.ravel())
    db = 2.0 / n * r.sum()
    return float(w - lr * dw), float(b - lr * db)


# ----------------------------------------------------------------------------- WRONG
def line_step_no_factor_two(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean((out - y) * x)          # forgot the 2 from the square
    db = np.mean(out - y)
    return w - lr * dw, b - lr * db


def line_step_plus(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w + lr * dw, b + lr * db      # steps uphill


def line_step_sum(w, b, x, y, lr):
    out = w * x + b
    dw = np.sum(2 * (out - y) * x)       # sum instead of mean
    db = np.sum(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_db_times_x(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y) * x)      # copy-pasted dw, kept the * x
    return w - lr * dw, b - lr * db


def line_step_sequential(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    w = w - lr * dw                      # updates w first ...
    out = w * x + b                      # ... and recomputes the output with the new w for db
    db = np.mean(2 * (out - y))
    b = b - lr * db
    return w, b


def line_step_fixed_lr(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return w - 0.3 * dw, b - 0.3 * db    # copied the notebook's lr = 0.3 instead of using lr


def line_step_swapped_return(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean(2 * (out - y) * x)
    db = np.mean(2 * (out - y))
    return b - lr * db, w - lr * dw      # returns (b, w)


def line_step_len(w, b, x, y, lr):
    out = w * x + b
    n = len(x)                           # number of rows, not number of entries
    dw = np.sum(2 * (out - y) * x) / n
    db = np.sum(2 * (out - y)) / n
    return w - lr * dw, b - lr * db


def line_step_n_minus_one(w, b, x, y, lr):
    out = w * x + b
    n = np.size(x) - 1                   # "sample" mean, divides by N - 1
    dw = np.sum(2 * (out - y) * x) / n
    db = np.sum(2 * (out - y)) / n
    return w - lr * dw, b - lr * db


RIGHT = {"00.line_step": [line_step_vectorised, line_step_loops, line_step_torch, line_step_residual_form]}
WRONG = {"00.line_step": [
    (line_step_no_factor_two, "forgets the factor 2 from differentiating the square"),
    (line_step_plus, "sign error: adds lr * gradient, stepping uphill"),
    (line_step_sum, "uses the sum over the examples instead of the mean"),
    (line_step_db_times_x, "copy-paste: db also multiplied by x"),
    (line_step_sequential, "updates w first and then computes db with the new w"),
    (line_step_fixed_lr, "ignores lr and uses the notebook's 0.3"),
    (line_step_swapped_return, "returns (b_new, w_new) in the wrong order"),
    (line_step_len, "divides by len(x) (rows) instead of the number of entries: wrong for multi-column arrays"),
    (line_step_n_minus_one, "divides by N - 1 instead of N"),
]}
