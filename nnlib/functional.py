"""Fused operations on tensors, as in `torch.nn.functional`.

Each of these could be built from the small operations in `tensor.py`, but a
single node with a hand-derived backward formula is faster and, for
cross-entropy, numerically safer. The derivative sits right under the forward
formula; `tests/` checks every one against finite differences and PyTorch.
"""

import functools
import math

import numpy as np

from . import _checks
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
    """out = x @ weight.T + bias.   x: (N, in), weight: (out, in), bias: (out,) -> (N, out).

    As in torch, x may also be one example (in,) -> (out,), or have more leading
    dimensions (N, *, in) -> (N, *, out): the layer acts on the last dimension.
    """
    x = _tensor(x)
    if not isinstance(weight, Tensor):
        raise TypeError(f"linear expected weight to be a Tensor of shape (out, in), got {type(weight).__name__}")
    x_data, w = x.data, weight.data
    if x_data.ndim != 2:
        if x_data.ndim == 0 or x_data.shape[-1] != w.shape[1]:
            raise ValueError(f"linear expected input of shape (N, {w.shape[1]}) for a weight of shape "
                             f"{w.shape}, got shape {x_data.shape}")
        lead = x_data.shape[:-1]  # (in,) or (N, *, in): the same layer on a 2-D view, shaped back
        return linear(x.reshape(-1, w.shape[1]), weight, bias).reshape(*lead, w.shape[0])
    if x_data.shape[1] != w.shape[1]:
        raise ValueError(f"linear expected input of shape (N, {w.shape[1]}) for a weight of shape "
                         f"{w.shape}, got shape {x_data.shape}")
    if x_data.dtype != w.dtype:
        x_data = x_data.astype(w.dtype)  # e.g. float64 or integer data into a float32 layer
    out_data = x_data.dot(w.T)
    if bias is not None:
        try:
            out_data += bias.data
        except (AttributeError, ValueError):  # checked only when it fails: no cost in the training step
            raise ValueError(f"linear expected bias of shape ({w.shape[0]},) for a weight of shape {w.shape}, "
                             f"got {type(bias).__name__} of shape {tuple(np.shape(bias))}") from None
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = x._result(out_data, parents, "linear")
    out._saved = (x, weight) if x.requires_grad else (x,)  # the weight is read only for x's gradient

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
    _checks.number("negative_slope", negative_slope, "leaky_relu")
    return _tensor(x).leaky_relu(negative_slope)


def log_softmax(x, dim=-1):
    """log(softmax(x)) computed as x - logsumexp(x): finite even for logits of +-5000.

    x: any shape, e.g. (N, C) with dim=-1 -> same shape. (Tensor.log_softmax, ops_math.py)
    """
    return _tensor(x).log_softmax(dim)


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x)), computed stably. Probabilities along `dim` sum to 1.

    x: any shape, e.g. (N, C) with dim=-1 -> same shape. (Tensor.softmax, ops_math.py)
    """
    return _tensor(x).softmax(dim)


def _check_reduction(reduction):
    if not isinstance(reduction, str) or reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def cross_entropy(logits, target, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross-entropy from raw scores (logits) and integer class labels.

    logits: (N, C) unnormalised scores; target: (N,) ints in [0, C).
    loss_i = -log softmax(logits_i)[target_i] = logsumexp(logits_i) - logits_i[target_i]

    Working from logits avoids the naive -log(p) that gives log(0) = -inf once a
    probability underflows. The gradient is simply (softmax - one_hot) / N.

    As in torch: rows whose label is `ignore_index` (-100) count for nothing (the mean is
    over the others), and label_smoothing = eps aims at (1 - eps) one_hot + eps / C.
    weight: (C,) a weight per class (e.g. for rare classes): row i counts weight[target_i] and
    'mean' divides by the sum of those weights, as torch does; with label smoothing the
    smoothing term of row i is sum_c weight_c * (-log p_ic), also as torch.
    """
    logits = _tensor(logits)
    y = np.asarray(target.data if isinstance(target, Tensor) else target)
    _check_reduction(reduction)
    z = logits.data
    if z.dtype.kind != "f":
        _checks.floating("logits", z.dtype, "cross_entropy", "raw float scores, e.g. the output of a Linear layer")
    if z.ndim != 2:
        raise ValueError(f"cross_entropy expected logits of shape (N, C), got shape {z.shape}")
    N, C = z.shape
    if C == 0:
        raise ValueError(f"cross_entropy expected logits with at least one class (column), got shape {z.shape}")
    if y.shape != (N,):
        raise ValueError(f"cross_entropy expected target of shape ({N},) to match logits {tuple(logits.shape)}, "
                         f"got shape {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"cross_entropy expected integer class labels in target, got dtype {y.dtype}")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing!r}")
    if weight is not None:
        w = np.asarray(weight.data if isinstance(weight, Tensor) else weight)
        if w.shape != (C,) or w.dtype.kind not in "biuf":
            raise _checks.ShapeError(f"cross_entropy: weight tensor should be defined either for all {C} classes or "
                                     f"no classes but got weight tensor of shape: {list(w.shape)} (one weight per "
                                     f"class, shape ({C},))")
        w = w.astype(z.dtype, copy=False)
    keep = None  # None: every row counts (the fast path); else a (N,) mask of rows that count
    # As unsigned numbers negative labels are huge, so one max() finds labels outside [0, C),
    # ignore_index=-100 among them; an ignore_index inside [0, C) needs the mask anyway.
    if N and (0 <= ignore_index < C or y.astype(np.uint64).max() >= C):
        keep = y != ignore_index
        bad = y[keep & ((y < 0) | (y >= C))]
        if bad.size:
            raise ValueError(f"cross_entropy target contains label {bad[0]}, expected labels in [0, {C - 1}] "
                             f"for {C} classes (or ignore_index={ignore_index})")
        y = np.where(keep, y, 0)  # any valid class; those rows are weighted 0 below

    top = z.max(axis=1, keepdims=True)  # (N, 1)
    if math.isfinite(_ones(N, top.dtype).dot(top)[0] if N else 0.0):  # cheaper than np.isfinite(top).all()
        shifted = z - top  # largest logit of each row becomes 0: no overflow
    else:  # an inf (or nan) logit: inf - inf gives nan, as in torch, without a warning
        with np.errstate(invalid="ignore"):
            shifted = z - top
    e = np.exp(shifted)
    sum_e = e.dot(_ones(C, e.dtype))  # (N,) row sums, each between 1 and C
    # where each row's target sits in the flattened (N*C) array (intp: uint64 + int64 would be float)
    at_target = np.arange(0, N * C, C) + y.astype(np.intp, copy=False)
    log_sum = np.log(sum_e)
    losses = log_sum - shifted.take(at_target)  # (N,) -log p[target]
    if weight is None:
        if label_smoothing:  # mix in the mean over classes of -log p
            losses = (1 - label_smoothing) * losses + label_smoothing * (log_sum - shifted.mean(axis=1))
    else:
        row_weight = w[y]  # (N,) the weight of each row's class
        losses = row_weight * losses
        if label_smoothing:  # the weighted sum over classes of -log p, as torch
            losses = (1 - label_smoothing) * losses + label_smoothing / C * (w.sum() * log_sum - shifted.dot(w))
    if keep is not None:
        losses = losses * keep
    count = N if keep is None else keep.sum()
    if weight is not None:  # 'mean' divides by the total weight of the rows that count
        count = row_weight.sum() if keep is None else row_weight.dot(keep)
    if reduction == "mean":  # the sum as a product with ones: faster on small arrays (see _ones)
        value = _ones(N, losses.dtype).dot(losses) / count if count else np.nan  # no rows: nan, as in torch
    elif reduction == "sum":
        value = losses.sum()
    else:
        value = losses
    out = logits._result(np.asarray(value, dtype=z.dtype), (logits,), "cross_entropy")

    def _backward(dout):
        dz = e / sum_e[:, None]  # softmax probabilities, (N, C)
        if weight is not None:  # (1 - eps) w_y (p - one_hot) + eps / C (sum(w) p - w)
            dz *= ((1 - label_smoothing) * row_weight + label_smoothing / C * w.sum())[:, None]
            dz.ravel()[at_target] -= (1 - label_smoothing) * row_weight
            if label_smoothing:
                dz -= label_smoothing / C * w
        elif label_smoothing:
            dz -= label_smoothing / C
            dz.ravel()[at_target] -= 1 - label_smoothing
        else:
            dz.ravel()[at_target] -= 1  # minus the one-hot target
        if reduction == "mean":
            dz *= float(dout) / count if count else 0.0  # dout: d(final loss)/d(this loss), 1 for loss.backward()
        elif reduction == "sum":
            dz *= float(dout)
        else:
            dz *= dout[:, None]
        if keep is not None:
            dz *= keep[:, None]
        logits._accumulate(dz)

    out._backward = _backward
    return out


def binary_cross_entropy_with_logits(input, target, *, reduction="mean"):
    """Binary cross-entropy from raw scores z and targets t in [0, 1] (same shape).

    loss = -t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)) = max(z, 0) - z t + log(1 + e^-|z|),
    the second form finite for any z. The gradient is sigmoid(z) - t (over n for 'mean').
    """
    input, target = _tensor(input), _tensor(target)
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"binary_cross_entropy_with_logits expected input and target of the same shape, "
                         f"got {tuple(input.shape)} and {tuple(target.shape)}")
    if input.dtype.kind != "f":
        raise TypeError(f"binary_cross_entropy_with_logits expected floating-point scores, got {input.dtype}")
    z, t = input.data, target.data.astype(input.dtype, copy=False)
    e = np.exp(-np.abs(z))
    losses = np.maximum(z, 0) - z * t + np.log1p(e)
    value = losses.mean() if reduction == "mean" else losses.sum() if reduction == "sum" else losses
    out = input._result(np.asarray(value, dtype=z.dtype), (input, target), "bce_with_logits")

    def _backward(dout):
        s = np.where(z >= 0, 1, e) / (1 + e)  # sigmoid(z), computed stably
        scale = dout / z.size if reduction == "mean" else dout
        input._accumulate((s - t) * scale)
        target._accumulate(-z * scale)  # d loss / d t = -z

    out._backward = _backward
    return out


def mse_loss(input, target, *, reduction="mean"):
    """Mean squared error: mean((input - target)^2).

    input, target: the same shape, e.g. (N, 1) -> a scalar ('mean', 'sum') or that shape ('none').
    """
    input, target = _tensor(input), _tensor(target)
    _check_reduction(reduction)
    if input.shape != target.shape:
        raise ValueError(f"mse_loss expected input and target of the same shape, got {tuple(input.shape)} "
                         f"and {tuple(target.shape)} (reshape one of them, e.g. target.reshape(-1, 1))")
    # The loss is a float, in the input's float dtype (int targets: no float64 creep) or else the target's.
    dtype = input.dtype if input.dtype.kind == "f" else target.dtype
    if dtype.kind != "f":
        raise TypeError(f"mse_loss expected floating-point input or target, got dtypes {input.dtype} and "
                        f"{target.dtype}: convert with .astype(np.float32)")
    diff = input.data.astype(dtype, copy=False) - target.data.astype(dtype, copy=False)
    sq = diff * diff
    if reduction == "mean":
        value = sq.sum() / sq.size if sq.size else np.nan  # empty input: nan, as in torch
    else:
        value = sq.sum() if reduction == "sum" else sq
    out = input._result(np.asarray(value, dtype=dtype), (input, target), "mse_loss")

    def _backward(dout):  # d/d input = 2 (input - target) / n = -d/d target
        scale = 2.0 / (diff.size or 1) if reduction == "mean" else 2.0
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
    if not isinstance(training, (bool, np.bool_)):
        raise ValueError(f"dropout: training must be True or False, got {training!r}")
    if not training or p == 0:
        return x
    if generator is not None:
        _checks.generator("generator", generator, "dropout")
    _checks.floating("input", x.dtype, "dropout")  # survivors are scaled by 1/q: not an integer
    q = 1.0 - p
    keep = get_generator(generator).random(x.shape) >= p  # True with probability q
    mask = keep.astype(x.dtype) / x.dtype.type(q)
    out = x._result(x.data * mask, (x,), "dropout")

    def _backward(dout):  # the same units are dropped, the same 1/q scaling applies
        x._accumulate(dout * mask)

    out._backward = _backward
    return out


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation over the batch dimension of x: (N, D) -> (N, D); (N, D, L) over N and L.

    running_mean, running_var: (D,) arrays (or Tensors), updated in place in training mode.
    weight (gamma), bias (beta): (D,) Tensors, or None for 1 and 0.

    Training: normalise with the batch mean and (biased) variance, then update the
    running statistics in place with the *unbiased* variance, as PyTorch does:
        running = (1 - momentum) * running + momentum * batch_statistic
    Evaluation: normalise with the running statistics instead.
    out = weight * x_hat + bias, x_hat = (x - mean) / sqrt(var + eps)
    """
    x = _tensor(x)
    if x.ndim == 3:  # (N, C, L), as torch: each channel normalised over N and L, i.e. (N * L, C) rows
        N, C, L = x.shape
        if training and N * L < 2:
            raise ValueError(f"batch_norm: Expected more than 1 value per channel when training, got input size "
                             f"{list(x.shape)}: one value has no variance (call model.eval() to predict)")
        rows = x.permute(0, 2, 1).reshape(N * L, C)
        out = batch_norm(rows, running_mean, running_var, weight, bias, training, momentum, eps)
        return out.reshape(N, L, C).permute(0, 2, 1)
    if x.ndim != 2:
        raise ValueError(f"batch_norm expected input of shape (N, D) or (N, D, L), got shape {tuple(x.shape)}")
    running_mean = running_mean.data if isinstance(running_mean, Tensor) else running_mean
    running_var = running_var.data if isinstance(running_var, Tensor) else running_var
    for name, stat in (("running_mean", running_mean), ("running_var", running_var)):
        if not isinstance(stat, np.ndarray) or stat.shape != (x.shape[1],) or stat.dtype.kind != "f":
            raise ValueError(f"batch_norm expected {name} to be a float array or Tensor of shape ({x.shape[1]},), "
                             f"got {type(stat).__name__} {np.shape(stat)}")
    _checks.number("momentum", momentum, "batch_norm", low=0, high=1)
    _checks.number("eps", eps, "batch_norm", low=0, low_open=True)
    x_data = x.data.astype(running_mean.dtype, copy=False)  # e.g. float64 data into a float32 layer
    N = x.shape[0]
    if training:
        if N < 2:
            raise ValueError(f"batch_norm in training mode needs more than 1 example per batch, got shape "
                             f"{tuple(x.shape)} (torch: Expected more than 1 value per channel when training): one "
                             f"example has no variance. While training, use "
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
