"""Wrong student code for notebook 03's exercises, one per named mistake."""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron_forgets_dout(w, x, b, dout):
    s = sigmoid(w * x + b)
    local = s * (1.0 - s)
    return x * local, w * local, local


def neuron_swapped(w, x, b, dout):
    s = sigmoid(w * x + b)
    g = dout * s * (1 - s)
    return w * g, x * g, g


def neuron_slope_at_z(w, x, b, dout):
    z = w * x + b
    g = dout * (z * (1 - z))
    return g * x, g * w, g.copy()


def neuron_slope_a(w, x, b, dout):
    a = sigmoid(w * x + b)
    return dout * a * x, dout * a * w, dout * a


def linear_dw_transposed(x, w, dout):
    return np.dot(dout, w), np.dot(x.T, dout), np.sum(dout, axis=0)


def linear_db_per_example(x, w, dout):
    db = np.array([row.sum() for row in dout])
    return dout @ w, dout.T @ x, db


def linear_db_mean(x, w, dout):
    return dout @ w, dout.T @ x, np.mean(dout, axis=0)


def linear_dx_transposed(x, w, dout):
    dx = np.matmul(dout, w.T)
    return dx, np.matmul(dout.T, x), dout.sum(0)


MISTAKES = {
    "03.neuron_backward": {
        "the gradient from above (dout) left out": neuron_forgets_dout,
        "the multiply node's gradients swapped (dw = dz * w)": neuron_swapped,
        "the sigmoid's slope taken at z (z * (1 - z)) instead of at a": neuron_slope_at_z,
        "the sigmoid's slope taken as a instead of a * (1 - a)": neuron_slope_a,
    },
    "03.linear_backward": {
        "dw without the transpose (x.T @ dout, shape (D, H))": linear_dw_transposed,
        "the bias gradient summed over the wrong axis (one number per example)": linear_db_per_example,
        "the bias gradient averaged instead of summed over the batch": linear_db_mean,
        "dx with a transposed weight (dout @ w.T)": linear_dx_transposed,
    },
}
