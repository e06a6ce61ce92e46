"""Blind student code for notebook 07 (round 1), written without reading the checks."""
import numpy as np

import nnlib


# ----------------------------------------------------------------------------- 07.l2_penalty: right

def l2_penalty_vectorised(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    total = 0.0
    for w in weights:
        w = np.asarray(w)
        total += float(np.sum(w.astype(np.float64) ** 2))
    penalty = lam / 2 * total
    grads = [lam * np.asarray(w) for w in weights]
    return penalty, grads


def l2_penalty_loops(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w)
        g = np.empty_like(w)
        flat_w = w.reshape(-1)
        flat_g = g.reshape(-1)
        for i in range(flat_w.size):
            v = float(flat_w[i])
            penalty += 0.5 * lam * v * v
            flat_g[i] = lam * v
        grads.append(g)
    return penalty, grads


def l2_penalty_vdot(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    sq = sum(float(np.vdot(np.asarray(w, dtype=np.float64), np.asarray(w, dtype=np.float64))) for w in weights)
    penalty = 0.5 * lam * sq
    grads = [np.multiply(w, lam).astype(np.asarray(w).dtype) for w in weights]
    return penalty, grads


def l2_penalty_autograd(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    tensors = [nnlib.tensor(np.array(w, copy=True), requires_grad=True) for w in weights]
    penalty = None
    for t in tensors:
        term = (t * t).sum()
        penalty = term if penalty is None else penalty + term
    if penalty is None:
        return 0.0, []
    penalty = penalty * (lam / 2)
    penalty.backward()
    grads = []
    for t, w in zip(tensors, weights):
        g = t.grad
        g = np.zeros_like(np.asarray(w)) if g is None else np.array(g.numpy(), copy=True)
        grads.append(g.reshape(np.shape(w)))
    return float(penalty.item()), grads


# ----------------------------------------------------------------------------- 07.l2_penalty: wrong

def l2_penalty_no_half(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam * sum(float(np.sum(np.asarray(w) ** 2)) for w in weights)
    grads = [lam * np.asarray(w) for w in weights]
    return penalty, grads


def l2_penalty_grad_2lam(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam / 2 * sum(float(np.sum(np.asarray(w) ** 2)) for w in weights)
    grads = [2 * lam * np.asarray(w) for w in weights]   # d/dw of w^2 is 2w
    return penalty, grads


def l2_penalty_book_convention(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam * sum(float(np.sum(np.asarray(w) ** 2)) for w in weights)
    grads = [2 * lam * np.asarray(w) for w in weights]
    return penalty, grads


def l2_penalty_inplace(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = 0.0
    grads = []
    for w in weights:
        penalty += lam / 2 * float(np.sum(w ** 2))
        g = w          # the gradient is lam * w
        g *= lam
        grads.append(g)
    return penalty, grads


def l2_penalty_norm_not_squared(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam / 2 * sum(float(np.linalg.norm(np.asarray(w))) for w in weights)
    grads = [lam * np.asarray(w) for w in weights]
    return penalty, grads


def l2_penalty_mean(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam / 2 * sum(float(np.mean(np.asarray(w) ** 2)) for w in weights)
    grads = [lam * np.asarray(w) / np.asarray(w).size for w in weights]
    return penalty, grads


def l2_penalty_skip_biases(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w)
        if w.ndim == 1:                      # biases are not regularised
            grads.append(np.zeros_like(w))
            continue
        penalty += lam / 2 * float(np.sum(w ** 2))
        grads.append(lam * w)
    return penalty, grads


def l2_penalty_return_in_loop(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w)
        penalty += lam / 2 * float(np.sum(w ** 2))
        grads.append(lam * w)
        return penalty, grads


def l2_penalty_square_of_sum(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient."""
    penalty = lam / 2 * sum(float(np.sum(np.asarray(w))) ** 2 for w in weights)
    grads = [lam * np.asarray(w) for w in weights]
    return penalty, grads


# ----------------------------------------------------------------------------- 07.dropout: right

def dropout_where(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x.copy(), dout.copy()
    q = 1 - p
    keep = u >= p
    out = np.where(keep, x / q, 0).astype(x.dtype, copy=False)
    dx = np.where(keep, dout / q, 0).astype(dout.dtype, copy=False)
    return out, dx


def dropout_mask(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    mask = (u >= p).astype(x.dtype) / x.dtype.type(1.0 - p)
    return x * mask, dout * mask


def dropout_loops(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    out = np.zeros_like(x)
    dx = np.zeros_like(dout)
    n_rows, n_cols = x.shape
    q = 1.0 - p
    for n in range(n_rows):
        for d in range(n_cols):
            if not training:
                out[n, d] = x[n, d]
                dx[n, d] = dout[n, d]
            elif u[n, d] >= p:
                out[n, d] = x[n, d] / q
                dx[n, d] = dout[n, d] / q
    return out, dx


# ----------------------------------------------------------------------------- 07.dropout: wrong

def dropout_p_is_keep(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    keep = u < p                          # keep with probability p
    mask = keep / p
    return x * mask, dout * mask


def dropout_no_rescale(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    mask = (u >= p).astype(x.dtype)
    return x * mask, dout * mask


def dropout_snippet(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    mask = (u < p).astype(x.dtype)       # binomial(1, p): 1 with probability p
    return x * mask, dout * mask


def dropout_mask_from_output(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    q = 1 - p
    out = np.where(u >= p, x / q, 0).astype(x.dtype)
    dx = np.where(out != 0, dout / q, 0).astype(dout.dtype)   # the units that survived
    return out, dx


def dropout_ignores_training(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    q = 1 - p
    mask = (u >= p).astype(x.dtype) / q
    return x * mask, dout * mask


def dropout_eval_scales_by_q(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    q = 1 - p
    if not training:
        return x * q, dout * q           # test time: multiply by q
    mask = (u >= p).astype(x.dtype) / q
    return x * mask, dout * mask


def dropout_le_boundary(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    q = 1 - p
    drop = u <= p
    mask = (~drop).astype(x.dtype) / q
    return x * mask, dout * mask


def dropout_backward_no_mask(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    q = 1 - p
    out = x * (u >= p) / q
    dx = dout / q                        # d(x / q)/dx = 1/q
    return out.astype(x.dtype), dx


def dropout_divide_by_p(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    keep = u >= p
    out = np.where(keep, x / p, 0).astype(x.dtype)      # rescale by the dropout rate
    dx = np.where(keep, dout / p, 0).astype(dout.dtype)
    return out, dx


def dropout_inplace(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass."""
    if not training:
        return x, dout
    q = 1 - p
    drop = u < p
    out = x
    out[drop] = 0
    out /= q
    dx = dout
    dx[drop] = 0
    dx /= q
    return out, dx


RIGHT = {
    "07.l2_penalty": [l2_penalty_vectorised, l2_penalty_loops, l2_penalty_vdot, l2_penalty_autograd],
    "07.dropout": [dropout_where, dropout_mask, dropout_loops],
}

WRONG = {
    "07.l2_penalty": [
        (l2_penalty_no_half, "forgot the 1/2: penalty lam * sum(w^2), gradient still lam * w"),
        (l2_penalty_grad_2lam, "penalty right, but the gradient is 2 * lam * w (forgot the 1/2 cancels the 2)"),
        (l2_penalty_book_convention, "uses the book convention lam * sum(w^2) with gradient 2 lam w"),
        (l2_penalty_inplace, "computes the gradient with g = w; g *= lam, which scales the caller's weights in place"),
        (l2_penalty_norm_not_squared, "uses the L2 norm ||w|| instead of the squared norm"),
        (l2_penalty_mean, "averages the squared weights (np.mean) instead of summing them"),
        (l2_penalty_skip_biases, "leaves 1-D arrays (biases) out of the penalty, zero gradient for them"),
        (l2_penalty_return_in_loop, "return statement indented inside the loop: only the first array counts"),
        (l2_penalty_square_of_sum, "squares the sum of each array instead of summing the squares"),
    ],
    "07.dropout": [
        (dropout_p_is_keep, "treats p as the keep probability (keeps u < p, divides by p)"),
        (dropout_no_rescale, "drops correctly but never divides the survivors by q"),
        (dropout_snippet, "the binomial snippet: keeps with probability p and no rescaling"),
        (dropout_mask_from_output, "backward rebuilds the mask from out != 0, so kept zero activations get no gradient"),
        (dropout_ignores_training, "ignores training=False and drops units in evaluation mode too"),
        (dropout_eval_scales_by_q, "mixes the conventions: inverted scaling in training and also multiplies by q at test time"),
        (dropout_le_boundary, "drops when u <= p instead of u < p (wrong only when u equals p exactly)"),
        (dropout_backward_no_mask, "backward only divides by q and forgets the mask"),
        (dropout_divide_by_p, "masks correctly but divides the survivors by p instead of q (right only for p = 0.5)"),
        (dropout_inplace, "zeroes and rescales x and dout in place (out = x is not a copy)"),
    ],
}
