"""Fused operations on tensors, as in `torch.nn.functional`.

Each of these could be built from the small operations in `tensor.py`, but a
single node with a hand-derived backward formula is faster and, for
cross-entropy, numerically safer. The derivative sits right under the forward
formula; `tests/` checks every one against finite differences and PyTorch.
"""

import numpy as np

from .random import get_generator
from .tensor import Tensor


def _tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def linear(x, weight, bias=None):
    """out = x @ weight.T + bias.   x: (N, in), weight: (out, in), bias: (out,) -> (N, out)."""
    x = _tensor(x)
    w = weight.data
    if x.ndim != 2 or x.shape[1] != w.shape[1]:
        raise ValueError(f"linear expected input of shape (N, {w.shape[1]}) for a weight of shape "
                         f"{w.shape}, got shape {x.shape}")
    x_data = x.data if x.data.dtype == w.dtype else x.data.astype(w.dtype)  # e.g. float64 data
    out_data = x_data @ w.T
    if bias is not None:
        out_data += bias.data
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = x._result(out_data, parents, "linear")

    def _backward():
        dout = out.grad  # (N, out)
        x._accumulate(dout @ w)  # (N, in)
        weight._accumulate(dout.T @ x_data)  # (out, in)
        if bias is not None:
            bias._accumulate(dout.sum(axis=0))  # (out,)

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
    """log(softmax(x)) computed as x - logsumexp(x): finite even for logits of +-5000."""
    x = _tensor(x)
    shifted = x.data - x.data.max(axis=dim, keepdims=True)  # largest entry becomes 0
    logp = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    out = x._result(logp, (x,), "log_softmax")

    def _backward():
        p = np.exp(logp)
        out_grad = out.grad
        x._accumulate(out_grad - p * out_grad.sum(axis=dim, keepdims=True))

    out._backward = _backward
    return out


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x)), computed stably. Probabilities along `dim` sum to 1."""
    x = _tensor(x)
    e = np.exp(x.data - x.data.max(axis=dim, keepdims=True))
    p = e / e.sum(axis=dim, keepdims=True)
    out = x._result(p, (x,), "softmax")

    def _backward():
        g = out.grad
        x._accumulate(p * (g - (g * p).sum(axis=dim, keepdims=True)))

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
    if logits.ndim != 2:
        raise ValueError(f"cross_entropy expected logits of shape (N, C), got shape {logits.shape}")
    N, C = logits.shape
    if y.shape != (N,):
        raise ValueError(f"cross_entropy expected target of shape ({N},) to match logits {logits.shape}, "
                         f"got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"cross_entropy expected integer class labels in target, got dtype {y.dtype}")
    if N and (y.min() < 0 or y.max() >= C):
        bad = y[(y < 0) | (y >= C)][0]
        raise ValueError(f"cross_entropy target contains label {bad}, expected labels in [0, {C - 1}] "
                         f"for {C} classes")

    z = logits.data
    shifted = z - z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    losses = log_sum[:, 0] - shifted[rows, y]  # (N,)
    if reduction == "mean":
        value = losses.mean(dtype=z.dtype)
    elif reduction == "sum":
        value = losses.sum(dtype=z.dtype)
    else:
        value = losses
    out = logits._result(np.asarray(value, dtype=z.dtype), (logits,), "cross_entropy")

    def _backward():
        dz = np.exp(shifted - log_sum)  # softmax probabilities, (N, C)
        dz[rows, y] -= 1
        if reduction == "mean":
            dz *= out.grad / N
        elif reduction == "sum":
            dz *= out.grad
        else:
            dz *= out.grad[:, None]
        logits._accumulate(dz)

    out._backward = _backward
    return out


def mse_loss(input, target, reduction="mean"):
    """Mean squared error: mean((input - target)^2). Shapes must match exactly."""
    input, target = _tensor(input), _tensor(target)
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"mse_loss expected input and target of the same shape, got {input.shape} "
                         f"and {target.shape} (reshape one of them, e.g. target.reshape(-1, 1))")
    diff = input.data - target.data
    sq = diff * diff
    value = sq.mean() if reduction == "mean" else sq.sum() if reduction == "sum" else sq
    out = input._result(np.asarray(value, dtype=input.dtype), (input, target), "mse_loss")

    def _backward():
        scale = 2.0 / diff.size if reduction == "mean" else 2.0
        d = diff * (out.grad * scale)
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

    def _backward():
        x._accumulate(out.grad * mask)

    out._backward = _backward
    return out


def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    """Batch normalisation over the batch dimension of x: (N, D).

    Training: normalise with the batch mean and (biased) variance, then update the
    running statistics in place with the *unbiased* variance, as PyTorch does:
        running = (1 - momentum) * running + momentum * batch_statistic
    Evaluation: normalise with the running statistics instead.
    out = weight * x_hat + bias, x_hat = (x - mean) / sqrt(var + eps)
    """
    x = _tensor(x)
    if x.ndim != 2:
        raise ValueError(f"batch_norm expected input of shape (N, D), got shape {x.shape}")
    N = x.shape[0]
    if training:
        if N < 2:
            raise ValueError(f"batch_norm in training mode needs more than 1 example per batch, "
                             f"got shape {x.shape}; use model.eval() to predict single examples")
        mean = x.data.mean(axis=0)
        var = x.data.var(axis=0)
        running_mean *= 1 - momentum
        running_mean += momentum * mean
        running_var *= 1 - momentum
        running_var += momentum * var * (N / (N - 1))
    else:
        mean, var = running_mean, running_var
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x.data - mean) * inv_std
    out = x._result(x_hat * weight.data + bias.data, (x, weight, bias), "batch_norm")

    def _backward():
        dout = out.grad
        bias._accumulate(dout.sum(axis=0))
        weight._accumulate((dout * x_hat).sum(axis=0))
        dx_hat = dout * weight.data
        if training:  # mean and var depend on x too
            dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
        else:
            dx = dx_hat * inv_std
        x._accumulate(dx)

    out._backward = _backward
    return out
