"""Wrong student code for notebook 00's exercise, one per named mistake."""

import numpy as np


def step_uphill(w, b, x, y, lr):
    out = w * x + b
    grad_w = (2 * (out - y) * x).mean()
    grad_b = (2 * (out - y)).mean()
    w += lr * grad_w
    b += lr * grad_b
    return w, b


def step_summed(w, b, x, y, lr):
    dw, db = 0.0, 0.0
    for xi, yi in zip(x.ravel(), y.ravel()):   # a loop that forgets to divide by N
        err = w * xi + b - yi
        dw += 2 * err * xi
        db += 2 * err
    return w - lr * dw, b - lr * db


def step_sequential(w, b, x, y, lr):
    w = w - lr * np.mean(2 * (w * x + b - y) * x)
    out = w * x + b                               # a second forward pass with the new w
    b = b - lr * np.mean(2 * (out - y))
    return w, b


MISTAKES = {
    "00.line_step": {
        "a step uphill (+ lr * gradient)": step_uphill,
        "the sum over the examples instead of the mean": step_summed,
        "b's gradient computed with the already updated w": step_sequential,
    },
}
