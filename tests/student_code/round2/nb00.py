"""Blind student code for notebook 00 (round 2), written without reading the checks."""
import numpy as np

import nnlib


# ----------------------------------------------------------------------------- RIGHT
def line_step_vectorised(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2)."""
    out = w * x + b
    err = out - y
    dw = np.mean(2 * err * x)
    db = np.mean(2 * err)
    return w - lr * dw, b - lr * db


def line_step_loop(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2)."""
    xs = np.asarray(x, dtype=np.float64).ravel().tolist()
    ys = np.asarray(y, dtype=np.float64).ravel().tolist()
    n = len(xs)
    sw = sb = 0.0
    for xi, yi in zip(xs, ys):
        r = (w * xi + b) - yi
        sw += 2.0 * r * xi
        sb += 2.0 * r
    return float(w - lr * sw / n), float(b - lr * sb / n)


def line_step_autograd(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2)."""
    wt = nnlib.Tensor(float(w), dtype=np.float64, requires_grad=True)
    bt = nnlib.Tensor(float(b), dtype=np.float64, requires_grad=True)
    xt = nnlib.Tensor(np.asarray(x, dtype=np.float64), dtype=np.float64)
    yt = nnlib.Tensor(np.asarray(y, dtype=np.float64), dtype=np.float64)
    loss = ((wt * xt + bt - yt) ** 2).mean()
    loss.backward()
    return float(w - lr * float(wt.grad.item())), float(b - lr * float(bt.grad.item()))


def line_step_dot(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2)."""
    x = np.ravel(x)
    r = (w * x + b) - np.ravel(y)
    n = r.size
    return w - lr * 2 * np.dot(r, x) / n, b - lr * 2 * np.add.reduce(r) / n


# ----------------------------------------------------------------------------- WRONG
def line_step_sum(w, b, x, y, lr):
    out = w * x + b
    dw = np.sum(2 * (out - y) * x)
    db = np.sum(2 * (out - y))
    return w - lr * dw, b - lr * db


def line_step_no_two(w, b, x, y, lr):
    out = w * x + b
    dw = np.mean((out - y) * x)
    db = np.mean(out - y)
    return w - lr * dw, b - lr * db


def line_step_sequential(w, b, x, y, lr):
    out = w * x + b
    w = w - lr * np.mean(2 * (out - y) * x)
    out = w * x + b                      # recompute with the new w before doing b
    b = b - lr * np.mean(2 * (out - y))
    return w, b


def line_step_fixed_lr(w, b, x, y, lr):
    out = w * x + b
    dw, db = np.mean(2 * (out - y) * x), np.mean(2 * (out - y))
    return w - 0.3 * dw, b - 0.3 * db    # copied the notebook's line


def line_step_product_of_means(w, b, x, y, lr):
    err = w * x + b - y
    db = np.mean(2 * err)
    dw = db * np.mean(x)                 # "dw is just db times x"
    return w - lr * dw, b - lr * db


def line_step_uphill(w, b, x, y, lr):
    err = y - (w * x + b)
    dw, db = np.mean(2 * err * x), np.mean(2 * err)
    return w - lr * dw, b - lr * db


RIGHT = {"00.line_step": [line_step_vectorised, line_step_loop, line_step_autograd, line_step_dot]}
WRONG = {"00.line_step": [
    (line_step_sum, "I summed the slopes over the examples instead of taking the mean"),
    (line_step_no_two, "I dropped the factor 2, I thought it cancels out"),
    (line_step_sequential, "I updated w first and computed b's gradient with the new w"),
    (line_step_fixed_lr, "I copied 0.3 from the notebook's loop instead of using lr"),
    (line_step_product_of_means, "I took dw = mean(2*(out-y)) * mean(x), a product of means instead of the mean of the product"),
    (line_step_uphill, "I wrote the error as y - out, so the step goes uphill"),
]}
