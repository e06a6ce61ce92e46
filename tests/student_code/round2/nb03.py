"""Blind student code for notebook 03 (round 2), written without reading the checks."""
import numpy as np
import torch


# ===================================================================== 03.neuron_backward
def neuron_backward_nodes(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry."""
    z = w * x + b
    a = 1 / (1 + np.exp(-z))
    dz = dout * a * (1 - a)          # sigmoid node
    du = dz                          # add node passes it on
    db = dz.copy()
    dw = du * x                      # multiply node: swap the inputs
    dx = du * w
    return dw, dx, db


def neuron_backward_torch(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry."""
    tw, tx, tb = (torch.tensor(np.asarray(v), requires_grad=True) for v in (w, x, b))
    a = torch.sigmoid(tw * tx + tb)
    a.backward(torch.tensor(np.asarray(dout)))
    return tw.grad.numpy(), tx.grad.numpy(), tb.grad.numpy()


def neuron_backward_exp_form(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry."""
    z = np.multiply(w, x) + b
    e = np.exp(-np.abs(z))
    slope = e / (1 + e) ** 2          # sigmoid'(z), symmetric in z, never overflows
    g = np.asarray(dout) * slope
    return g * x, g * w, g


def neuron_backward_swapped(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * w, dz * x, dz                      # dw gets w, dx gets x


def neuron_backward_slope_of_z(w, x, b, dout):
    z = w * x + b
    dz = dout * z * (1 - z)                        # sigmoid' = s(1 - s)
    return dz * x, dz * w, dz


def neuron_backward_ignores_dout(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = a * (1 - a)                               # dE/da taken as 1
    return dz * x, dz * w, dz


def neuron_backward_summed_db(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * x, dz * w, dz.sum()                # the bias gradient is summed


def neuron_backward_forgot_bias(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x)))                 # forward without b
    dz = dout * a * (1 - a)
    return dz * x, dz * w, dz


def neuron_backward_inplace(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dout *= a * (1 - a)                            # now it's dE/dz
    return dout * x, dout * w, dout


# ===================================================================== 03.linear_backward
def linear_backward_matmul(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b."""
    return dout @ w, dout.T @ x, dout.sum(axis=0)


def linear_backward_einsum(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b."""
    dx = np.einsum("nh,hd->nd", dout, w)
    dw = np.einsum("nh,nd->hd", dout, x)
    db = np.add.reduce(dout, axis=0)
    return dx, dw, db


def linear_backward_loop(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b."""
    N, D = x.shape
    H = w.shape[0]
    dt = np.result_type(x, w, dout)
    dx = np.zeros((N, D), dtype=dt)
    dw = np.zeros((H, D), dtype=dt)
    db = np.zeros(H, dtype=dt)
    for n in range(N):
        dw += np.outer(dout[n], x[n])
        db += dout[n]
        dx[n] = w.T @ dout[n]
    return dx, dw, db


def linear_backward_torch(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b."""
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.zeros(w.shape[0], dtype=tw.dtype, requires_grad=True)
    torch.nn.functional.linear(tx, tw, tb).backward(torch.tensor(dout))
    return tx.grad.numpy(), tw.grad.numpy(), tb.grad.numpy()


def linear_backward_mean_db(x, w, dout):
    return dout @ w, dout.T @ x, dout.mean(axis=0)          # average over the batch


def linear_backward_db_wrong_axis(x, w, dout):
    return dout @ w, dout.T @ x, dout.sum(axis=-1)


def linear_backward_dw_transposed(x, w, dout):
    return dout @ w, x.T @ dout, dout.sum(axis=0)


def linear_backward_dx_transposed(x, w, dout):
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)


def linear_backward_dw_averaged(x, w, dout):
    n = x.shape[0]
    return dout @ w, dout.T @ x / n, dout.sum(axis=0) / n


def linear_backward_order(x, w, dout):
    dx = dout @ w
    dw = dout.T @ x
    db = dout.sum(axis=0)
    return dw, dx, db


RIGHT = {
    "03.neuron_backward": [neuron_backward_nodes, neuron_backward_torch, neuron_backward_exp_form],
    "03.linear_backward": [linear_backward_matmul, linear_backward_einsum, linear_backward_loop,
                           linear_backward_torch],
}
WRONG = {
    "03.neuron_backward": [
        (neuron_backward_swapped, "at the multiply node I gave w's gradient w and x's gradient x"),
        (neuron_backward_slope_of_z, "I used z * (1 - z) as the sigmoid's slope, with z instead of a"),
        (neuron_backward_ignores_dout, "I forgot to multiply by dout"),
        (neuron_backward_summed_db, "I summed db, like a bias shared by everything"),
        (neuron_backward_forgot_bias, "I recomputed the forward pass without + b"),
        (neuron_backward_inplace, "I multiplied dout in place (dout *= ...), which changes the caller's array"),
    ],
    "03.linear_backward": [
        (linear_backward_mean_db, "db as the mean over the batch instead of the sum"),
        (linear_backward_db_wrong_axis, "db summed over the wrong axis (over the outputs)"),
        (linear_backward_dw_transposed, "dw = x.T @ dout: forgot that w is (H, D)"),
        (linear_backward_dx_transposed, "dx = dout @ w.T"),
        (linear_backward_dw_averaged, "I divided dw and db by the batch size"),
        (linear_backward_order, "returned (dw, dx, db) instead of (dx, dw, db)"),
    ],
}
