"""Fused operations on tensors, as in `torch.nn.functional`.

Each of these could be built from the small operations in `tensor.py`, but a
single node with a hand-derived backward formula is faster and, for
cross-entropy, numerically safer. The derivative sits right under the forward
formula; `tests/` checks every one against finite differences and PyTorch.
"""

import functools

import numpy as np

from .random import get_generator
from .tensor import Tensor


def _tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


# Small-array speed: for 2-D arrays `a.dot(b)` is the same matrix product as `a @ b`
# but skips some of the general machinery of `@`, which on arrays of a few hundred
# numbers costs more than the arithmetic. For the same reason, sums over the batch
# are written as a product with a vector of ones: ones(N).dot(a) == a.sum(axis=0),
# about four times faster on small arrays (benchmarks/step_time.py measures it).
@functools.lru_cache(maxsize=32)
def _ones(n, dtype):
    """A read-only vector of n ones, made once per (n, dtype)."""
    ones = np.ones(n, dtype)
    ones.flags.writeable = False
    return ones


def linear(x, weight, bias=None):
    """out = x @ weight.T + bias.   x: (N, in), weight: (out, in), bias: (out,) -> (N, out)."""
    x = _tensor(x)
    x_data, w = x.data, weight.data
    if x_data.ndim != 2 or x_data.shape[1] != w.shape[1]:
        raise ValueError(f"linear expected input of shape (N, {w.shape[1]}) for a weight of shape "
                         f"{w.shape}, got shape {x_data.shape}")
    if x_data.dtype != w.dtype:
        x_data = x_data.astype(w.dtype)  # e.g. float64 or integer data into a float32 layer
    out_data = x_data.dot(w.T)
    if bias is not None:
        out_data += bias.data
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = x._result(out_data, parents, "linear")

    def _backward(dout):  # dout: (N, out)
        if x.requires_grad:  # the network's input needs no gradient: skip that product
            x._accumulate(dout.dot(w))  # (N, in)
        weight._accumulate(dout.T.dot(x_data), fresh=True)  # (out, in)
        if bias is not None:  # the sum of dout over the batch: (out,)
            bias._accumulate(_ones(len(dout), dout.dtype).dot(dout), fresh=True)

    out._backward = _backward
    return out


def relu(x):
    return _tensor(x).relu()


def sigmoid(x):
    return _tensor(x).sigmoid()


def tanh(x):
    return _tensor(x).tanh()


def leaky_relu(x, negative_slope=0.01):
    return _tensor(x).leaky_relu(negative_slope)


def log_softmax(x, dim=-1):
    """log(softmax(x)) computed as x - logsumexp(x): finite even for logits of +-5000.

    x: any shape, e.g. (N, C) with dim=-1 -> same shape.
    """
    x = _tensor(x)
    shifted = x.data - x.data.max(axis=dim, keepdims=True)  # largest entry becomes 0
    logp = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    out = x._result(logp, (x,), "log_softmax")

    def _backward(dout):  # dx_i = dout_i - p_i sum_j dout_j, with p = softmax(x)
        p = np.exp(logp)
        x._accumulate(dout - p * dout.sum(axis=dim, keepdims=True))

    out._backward = _backward
    return out


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x)), computed stably. Probabilities along `dim` sum to 1.

    x: any shape, e.g. (N, C) with dim=-1 -> same shape.
    """
    x = _tensor(x)
    e = np.exp(x.data - x.data.max(axis=dim, keepdims=True))
    p = e / e.sum(axis=dim, keepdims=True)
    out = x._result(p, (x,), "softmax")

    def _backward(dout):  # dx_i = p_i (dout_i - sum_j dout_j p_j)
        x._accumulate(p * (dout - (dout * p).sum(axis=dim, keepdims=True)))

    out._backward = _backward
    return out


def _check_reduction(reduction):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def cross_entropy(logits, target, reduction="mean"):
    """Cross-entropy from raw scores (logits) and integer class labels.

    logits: (N, C) unnormalised scores; target: (N,) ints in [0, C).
    loss_i = -log softmax(logits_i)[target_i] = logsumexp(logits_i) - logits_i[target_i]

    Working from logits avoids the naive -log(p) that gives log(0) = -inf once a
    probability underflows. The gradient is simply (softmax - one_hot) / N.
    """
    logits = _tensor(logits)
    y = np.asarray(target.data if isinstance(target, Tensor) else target)
    _check_reduction(reduction)
    z = logits.data
    if z.ndim != 2:
        raise ValueError(f"cross_entropy expected logits of shape (N, C), got shape {z.shape}")
    N, C = z.shape
    if y.shape != (N,):
        raise ValueError(f"cross_entropy expected target of shape ({N},) to match logits {logits.shape}, "
                         f"got shape {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"cross_entropy expected integer class labels in target, got dtype {y.dtype}")
    if N and y.astype(np.uint64).max() >= C:  # as unsigned numbers, negative labels are huge
        bad = y[(y < 0) | (y >= C)][0]
        raise ValueError(f"cross_entropy target contains label {bad}, expected labels in [0, {C - 1}] "
                         f"for {C} classes")

    shifted = z - z.max(axis=1, keepdims=True)  # largest logit of each row becomes 0: no overflow
    e = np.exp(shifted)
    sum_e = e.dot(_ones(C, e.dtype))  # (N,) row sums, each between 1 and C
    # where each row's target sits in the flattened (N*C) array (intp: uint64 + int64 would be float)
    at_target = np.arange(0, N * C, C) + y.astype(np.intp, copy=False)
    losses = np.log(sum_e) - shifted.take(at_target)  # (N,)
    if reduction == "mean":
        value = losses.sum() / N
    elif reduction == "sum":
        value = losses.sum()
    else:
        value = losses
    out = logits._result(np.asarray(value, dtype=z.dtype), (logits,), "cross_entropy")

    def _backward(dout):
        dz = e / sum_e[:, None]  # softmax probabilities, (N, C)
        dz.ravel()[at_target] -= 1  # minus the one-hot target
        if reduction == "mean":
            dz *= float(dout) / N  # dout: d(final loss)/d(this loss), 1 for loss.backward()
        elif reduction == "sum":
            dz *= float(dout)
        else:
            dz *= dout[:, None]
        logits._accumulate(dz)

    out._backward = _backward
    return out


def mse_loss(input, target, reduction="mean"):
    """Mean squared error: mean((input - target)^2).

    input, target: the same shape, e.g. (N, 1) -> a scalar ('mean', 'sum') or that shape ('none').
    """
    input, target = _tensor(input), _tensor(target)
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"mse_loss expected input and target of the same shape, got {input.shape} "
                         f"and {target.shape} (reshape one of them, e.g. target.reshape(-1, 1))")
    diff = input.data - target.data.astype(input.dtype, copy=False)  # int targets: no float64 creep
    sq = diff * diff
    value = sq.mean() if reduction == "mean" else sq.sum() if reduction == "sum" else sq
    out = input._result(np.asarray(value, dtype=input.dtype), (input, target), "mse_loss")

    def _backward(dout):  # d/d input = 2 (input - target) / n = -d/d target
        scale = 2.0 / diff.size if reduction == "mean" else 2.0
        d = diff * (dout * scale)
        input._accumulate(d)
        target._accumulate(-d)

    out._backward = _backward
    return out


def check_drop_probability(p):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be a number in [0, 1) (p is the chance a unit "
                         f"is DROPPED; keep probability q = 1 - p), got p={p!r}")


def dropout(x, p=0.5, training=True, generator=None):
    """Inverted dropout: zero each unit with probability p, scale survivors by 1/q.

    q = 1 - p is the keep probability. Scaling by 1/q at training time keeps the
    expected activation unchanged, so nothing needs rescaling at test time,
    where dropout is the identity. The backward pass reuses the same mask.
    """
    check_drop_probability(p)
    x = _tensor(x)
    if not training or p == 0:
        return x
    q = 1.0 - p
    keep = get_generator(generator).random(x.shape) >= p  # True with probability q
    mask = keep.astype(x.dtype) / x.dtype.type(q)
    out = x._result(x.data * mask, (x,), "dropout")

    def _backward(dout):  # the same units are dropped, the same 1/q scaling applies
        x._accumulate(dout * mask)

    out._backward = _backward
    return out


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation over the batch dimension of x: (N, D) -> (N, D).

    running_mean, running_var: (D,) arrays (or Tensors), updated in place in training mode.
    weight (gamma), bias (beta): (D,) Tensors, or None for 1 and 0.

    Training: normalise with the batch mean and (biased) variance, then update the
    running statistics in place with the *unbiased* variance, as PyTorch does:
        running = (1 - momentum) * running + momentum * batch_statistic
    Evaluation: normalise with the running statistics instead.
    out = weight * x_hat + bias, x_hat = (x - mean) / sqrt(var + eps)
    """
    x = _tensor(x)
    if x.ndim != 2:
        raise ValueError(f"batch_norm expected input of shape (N, D), got shape {x.shape}")
    running_mean = running_mean.data if isinstance(running_mean, Tensor) else running_mean
    running_var = running_var.data if isinstance(running_var, Tensor) else running_var
    x_data = x.data.astype(running_mean.dtype, copy=False)  # e.g. float64 data into a float32 layer
    N = x.shape[0]
    if training:
        if N < 2:
            raise ValueError(f"batch_norm in training mode needs more than 1 example per batch, "
                             f"got shape {x.shape}: one example has no variance. While training, use "
                             f"batches of 2 or more (a last batch of one: fit(..., drop_last=True) or "
                             f"DataLoader(..., drop_last=True)); to predict single examples, call "
                             f"model.eval() first")
        mean = x_data.mean(axis=0)
        var = x_data.var(axis=0)
        running_mean *= 1 - momentum
        running_mean += momentum * mean
        running_var *= 1 - momentum
        running_var += momentum * var * (N / (N - 1))
    else:
        mean, var = running_mean, running_var
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x_data - mean) * inv_std
    out_data = x_hat if weight is None else x_hat * weight.data
    if bias is not None:
        out_data = out_data + bias.data
    out = x._result(out_data, tuple(t for t in (x, weight, bias) if t is not None), "batch_norm")

    def _backward(dout):  # dout: (N, D)
        if bias is not None:
            bias._accumulate(dout.sum(axis=0))
        if weight is not None:
            weight._accumulate((dout * x_hat).sum(axis=0))
        dx_hat = dout if weight is None else dout * weight.data
        if training:  # mean and var depend on x too
            dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
        else:
            dx = dx_hat * inv_std
        x._accumulate(dx)

    out._backward = _backward
    return out
