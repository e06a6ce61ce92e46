"""torch's function spellings of tensor operations: nnlib.matmul(a, b), nnlib.max(t, 1), nnlib.cat([...]).

Each one calls the tensor method of the same name, so there is one implementation
(and one derivative) per operation. `out=` is accepted where torch's tutorials use it.
"""

import numpy as np

from . import functional as F
from .ops_shape import cat as _cat
from .ops_shape import stack as _stack
from .tensor import Tensor


def _t(x, name="input"):
    if isinstance(x, Tensor):
        return x
    raise TypeError(f"{name} must be a Tensor, got {type(x).__name__}: wrap it with nnlib.tensor(...)")


def _store(result, out):
    """Write `result` into `out` (torch's out= argument) and return out; or return result."""
    if out is None:
        return result
    _t(out, "out")
    if out.requires_grad:
        raise RuntimeError("out= must not be a tensor that requires grad")
    return out.copy_(result)


def add(input, other, alpha=1, out=None):
    return _store(_t(input).add(other, alpha=alpha), out)


def sub(input, other, alpha=1, out=None):
    return _store(_t(input).sub(other, alpha=alpha), out)


def mul(input, other, out=None):
    return _store(_t(input) * other, out)


def div(input, other, out=None):
    return _store(_t(input) / other, out)


def matmul(input, other, out=None):
    return _store(_t(input) @ other, out)


def pow(input, exponent, out=None):
    return _store(_t(input) ** exponent, out)


def neg(input):
    return -_t(input)


def abs(input):
    return _t(input).abs()


def sqrt(input):
    return _t(input).sqrt()


def exp(input):
    return _t(input).exp()


def log(input):
    return _t(input).log()


def clamp(input, min=None, max=None):
    return _t(input).clamp(min, max)


def sum(input, dim=None, keepdim=False, dtype=None):
    return _t(input).sum(dim, keepdim, dtype=dtype)


def mean(input, dim=None, keepdim=False, dtype=None):
    return _t(input).mean(dim, keepdim, dtype=dtype)


def max(input, dim=None, keepdim=False):
    """max(t): the largest value; max(t, dim): (values, indices); max(a, b): element-wise maximum."""
    if isinstance(dim, Tensor):
        return _t(input).maximum(dim)
    return _t(input).max(dim, keepdim)


def min(input, dim=None, keepdim=False):
    if isinstance(dim, Tensor):
        return _t(input).minimum(dim)
    return _t(input).min(dim, keepdim)


def maximum(input, other):
    return _t(input).maximum(_t(other, "other"))


def minimum(input, other):
    return _t(input).minimum(_t(other, "other"))


def argmax(input, dim=None, keepdim=False):
    return _t(input).argmax(dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return _t(input).argmin(dim, keepdim)


def softmax(input, dim):
    return F.softmax(_t(input), dim)


def log_softmax(input, dim):
    return F.log_softmax(_t(input), dim)


def relu(input):
    return _t(input).relu()


def sigmoid(input):
    return _t(input).sigmoid()


def tanh(input):
    return _t(input).tanh()


def reshape(input, shape):
    return _t(input).reshape(shape)


def flatten(input, start_dim=0, end_dim=-1):
    return _t(input).flatten(start_dim, end_dim)


def unsqueeze(input, dim):
    return _t(input).unsqueeze(dim)


def squeeze(input, dim=None):
    return _t(input).squeeze(dim)


def transpose(input, dim0, dim1):
    return _t(input).transpose(dim0, dim1)


def permute(input, dims):
    return _t(input).permute(dims)


def t(input):
    return _t(input).t()


def _tensors(tensors, name):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{name} expected a non-empty list or tuple of tensors, got {type(tensors).__name__}")
    return [_t(x, f"{name}: tensors[{i}]") for i, x in enumerate(tensors)]


def cat(tensors, dim=0):
    """Join tensors along an existing dimension: (2, 3) and (4, 3) -> (6, 3)."""
    return _cat(_tensors(tensors, "cat"), dim)


def stack(tensors, dim=0):
    """Join same-shape tensors along a new dimension: three (2,) -> (3, 2)."""
    return _stack(_tensors(tensors, "stack"), dim)


def numel(input):
    return _t(input).numel()


def is_tensor(obj):
    return isinstance(obj, Tensor)


def equal(input, other):
    """True if both have the same shape and the same values (a Python bool, as torch.equal)."""
    return _t(input).shape == _t(other, "other").shape and bool((input.data == other.data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08):
    return bool(np.allclose(_t(input).data, _t(other, "other").data, rtol=rtol, atol=atol))
