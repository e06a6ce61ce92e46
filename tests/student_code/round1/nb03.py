"""Blind student code for notebook 03 (round 1), written without reading the checks."""
import numpy as np
import torch

import nnlib


# ============================================================================ 03.neuron_backward
# ----------------------------------------------------------------------------- RIGHT
def neuron_backward_nodes(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry.

    w, x, b, dout: arrays of one shape; dout = dE/da, the gradient arriving from above.
    Returns (dw, dx, db), each of that shape.
    """
    z = w * x + b
    a = 1 / (1 + np.exp(-z))
    dz = dout * a * (1 - a)      # sigmoid node
    db = dz                      # add node: passes the gradient through
    du = dz
    dw = du * x                  # multiply node: each input gets the other one
    dx = du * w
    return dw, dx, db


def neuron_backward_nnlib(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry.

    w, x, b, dout: arrays of one shape; dout = dE/da, the gradient arriving from above.
    Returns (dw, dx, db), each of that shape.
    """
    dt = np.result_type(np.asarray(w).dtype, np.asarray(x).dtype, np.float32)
    wt = nnlib.Tensor(np.array(w, dtype=dt), requires_grad=True)
    xt = nnlib.Tensor(np.array(x, dtype=dt), requires_grad=True)
    bt = nnlib.Tensor(np.array(b, dtype=dt), requires_grad=True)
    a = (wt * xt + bt).sigmoid()
    (a * nnlib.Tensor(np.array(dout, dtype=dt))).sum().backward()   # d/da of sum(a * dout) is dout
    return wt.grad.numpy().copy(), xt.grad.numpy().copy(), bt.grad.numpy().copy()


def neuron_backward_torch(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry.

    w, x, b, dout: arrays of one shape; dout = dE/da, the gradient arriving from above.
    Returns (dw, dx, db), each of that shape.
    """
    dt = np.result_type(np.asarray(w).dtype, np.asarray(x).dtype, np.float32)
    wt, xt, bt = (torch.tensor(np.array(v, dtype=dt), requires_grad=True) for v in (w, x, b))
    a = torch.sigmoid(wt * xt + bt)
    a.backward(torch.tensor(np.array(dout, dtype=dt)))
    return wt.grad.numpy(), xt.grad.numpy(), bt.grad.numpy()


def neuron_backward_exp_form(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry.

    w, x, b, dout: arrays of one shape; dout = dE/da, the gradient arriving from above.
    Returns (dw, dx, db), each of that shape.
    """
    z = np.asarray(w * x + b)
    e = np.exp(-np.abs(z))                  # sigma'(z) = e^-|z| / (1 + e^-|z|)^2, symmetric in z
    slope = e / (1 + e) ** 2
    g = dout * slope
    return g * x, g * w, g


# ----------------------------------------------------------------------------- WRONG
def neuron_backward_no_sigmoid(w, x, b, dout):
    dz = dout                            # skipped the sigmoid node
    return dz * x, dz * w, dz


def neuron_backward_swapped(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * w, dz * x, dz            # dw gets w and dx gets x


def neuron_backward_slope_of_z(w, x, b, dout):
    z = w * x + b
    dz = dout * z * (1 - z)              # applied s(1 - s) to z instead of to a = sigmoid(z)
    return dz * x, dz * w, dz


def neuron_backward_no_dout(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = a * (1 - a)                     # forgot to multiply by the incoming gradient
    return dz * x, dz * w, dz


def neuron_backward_tanh_slope(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * (1 - a ** 2)             # tanh's slope, not sigmoid's
    return dz * x, dz * w, dz


def neuron_backward_db_is_dout(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * x, dz * w, dout          # "the bias gradient is just the incoming gradient"


def neuron_backward_order(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * x, dz, dz * w            # returns (dw, db, dx)


def neuron_backward_db_summed(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * x, dz * w, np.sum(dz)    # summed db as for a Linear layer's bias


def neuron_backward_dE_da_minus(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = -dout * a * (1 - a)             # sign slipped in from the -log(a) example
    return dz * x, dz * w, dz


# ============================================================================ 03.linear_backward
# ----------------------------------------------------------------------------- RIGHT
def linear_backward_matmul(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b.

    x: (N, D) inputs; w: (H, D) weights; dout: (N, H) = dE/dout, the gradient from above.
    Returns (dx, dw, db) with the shapes of x, w and b: (N, D), (H, D), (H,).
    """
    dx = dout @ w
    dw = dout.T @ x
    db = dout.sum(axis=0)
    return dx, dw, db


def linear_backward_einsum(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b.

    x: (N, D) inputs; w: (H, D) weights; dout: (N, H) = dE/dout, the gradient from above.
    Returns (dx, dw, db) with the shapes of x, w and b: (N, D), (H, D), (H,).
    """
    dx = np.einsum("nh,hd->nd", dout, w)
    dw = np.einsum("nh,nd->hd", dout, x)
    db = np.einsum("nh->h", dout)
    return dx, dw, db


def linear_backward_loops(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b.

    x: (N, D) inputs; w: (H, D) weights; dout: (N, H) = dE/dout, the gradient from above.
    Returns (dx, dw, db) with the shapes of x, w and b: (N, D), (H, D), (H,).
    """
    N, D = x.shape
    H = w.shape[0]
    dt = np.result_type(x, w, dout)
    dx = np.zeros((N, D), dtype=dt)
    dw = np.zeros((H, D), dtype=dt)
    db = np.zeros(H, dtype=dt)
    for n in range(N):                       # every example pushes on the same weights
        dw += np.outer(dout[n], x[n])
        db += dout[n]
        dx[n] = w.T @ dout[n]
    return dx, dw, db


def linear_backward_nnlib(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b.

    x: (N, D) inputs; w: (H, D) weights; dout: (N, H) = dE/dout, the gradient from above.
    Returns (dx, dw, db) with the shapes of x, w and b: (N, D), (H, D), (H,).
    """
    dt = np.result_type(x, w)
    xt = nnlib.Tensor(np.array(x, dtype=dt), requires_grad=True)
    wt = nnlib.Tensor(np.array(w, dtype=dt), requires_grad=True)
    bt = nnlib.Tensor(np.zeros(w.shape[0], dtype=dt), requires_grad=True)
    out = xt @ wt.T + bt
    (out * nnlib.Tensor(np.array(dout, dtype=dt))).sum().backward()
    return xt.grad.numpy().copy(), wt.grad.numpy().copy(), bt.grad.numpy().copy()


# ----------------------------------------------------------------------------- WRONG
def linear_backward_dw_transposed(x, w, dout):
    return dout @ w, x.T @ dout, dout.sum(axis=0)          # dw is (D, H): transposed


def linear_backward_db_mean(x, w, dout):
    return dout @ w, dout.T @ x, dout.mean(axis=0)         # mean instead of sum for db


def linear_backward_db_axis1(x, w, dout):
    return dout @ w, dout.T @ x, dout.sum(axis=1)          # summed over the wrong axis


def linear_backward_dx_wT(x, w, dout):
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)        # dx through w.T (only "fits" square w)


def linear_backward_dw_mean(x, w, dout):
    N = x.shape[0]
    return dout @ w, dout.T @ x / N, dout.sum(axis=0)       # averages dw over the batch a second time


def linear_backward_db_keepdims(x, w, dout):
    return dout @ w, dout.T @ x, dout.sum(axis=0, keepdims=True)   # db has shape (1, H)


def linear_backward_db_total(x, w, dout):
    return dout @ w, dout.T @ x, np.sum(dout)              # one number instead of one per output


def linear_backward_order(x, w, dout):
    return dout.T @ x, dout @ w, dout.sum(axis=0)          # returns (dw, dx, db)


def linear_backward_float32_buffers(x, w, dout):
    N, D = x.shape
    H = w.shape[0]
    dx = np.zeros((N, D), dtype=np.float32)                # float32 buffers, even for float64 data
    dw = np.zeros((H, D), dtype=np.float32)
    dx[:] = dout @ w
    dw[:] = dout.T @ x
    return dx, dw, dout.sum(axis=0)


RIGHT = {
    "03.neuron_backward": [neuron_backward_nodes, neuron_backward_nnlib, neuron_backward_torch,
                           neuron_backward_exp_form],
    "03.linear_backward": [linear_backward_matmul, linear_backward_einsum, linear_backward_loops,
                           linear_backward_nnlib],
}
WRONG = {
    "03.neuron_backward": [
        (neuron_backward_no_sigmoid, "skips the sigmoid node: dz = dout"),
        (neuron_backward_swapped, "swaps the multiply node: dw = dz * w, dx = dz * x"),
        (neuron_backward_slope_of_z, "uses z * (1 - z) instead of a * (1 - a)"),
        (neuron_backward_no_dout, "forgets to multiply by dout"),
        (neuron_backward_tanh_slope, "uses tanh's slope 1 - a**2"),
        (neuron_backward_db_is_dout, "db = dout: bias gradient skips the sigmoid"),
        (neuron_backward_order, "returns (dw, db, dx) instead of (dw, dx, db)"),
        (neuron_backward_db_summed, "sums db over all entries like a Linear layer's bias"),
        (neuron_backward_dE_da_minus, "extra minus sign carried over from dE/da = -1/a"),
    ],
    "03.linear_backward": [
        (linear_backward_dw_transposed, "dw = x.T @ dout: transposed, (D, H)"),
        (linear_backward_db_mean, "db is the mean over the batch instead of the sum"),
        (linear_backward_db_axis1, "db sums over axis 1 (per example) instead of axis 0"),
        (linear_backward_dx_wT, "dx = dout @ w.T (only runs for square w)"),
        (linear_backward_dw_mean, "divides dw by N"),
        (linear_backward_db_keepdims, "db keeps a leading axis: shape (1, H) instead of (H,)"),
        (linear_backward_db_total, "db = sum of all of dout, a single number"),
        (linear_backward_order, "returns (dw, dx, db) instead of (dx, dw, db)"),
        (linear_backward_float32_buffers, "stores dx and dw in float32 buffers, losing float64 precision"),
    ],
}
