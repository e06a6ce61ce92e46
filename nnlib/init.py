"""Weight initialisation, named as in `torch.nn.init` (the trailing _ means in place).

Why it matters (notebook 05): the spread of the initial weights decides whether
the signal, and the gradient, keeps its size as it passes through many layers.
For a weight matrix w of shape (fan_out, fan_in):

- Xavier/Glorot: Var(w) = 2 / (fan_in + fan_out), for tanh layers (slope 1 at 0; sigmoid, slope 0.25, still shrinks).
- He/Kaiming:    Var(w) = 2 / fan_in, for ReLU layers (ReLU zeroes half the signal).
- nn.Linear's default (torch's): w ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
"""

import math

from . import _checks
from .random import get_generator
from .tensor import Tensor


def _tensor(tensor, where):
    """The weight to fill must be a floating-point Tensor (e.g. layer.weight), filled in place."""
    if not isinstance(tensor, Tensor) or tensor.dtype.kind != "f":
        got = type(tensor).__name__ + (f" of dtype {tensor.dtype}" if isinstance(tensor, Tensor) else "")
        raise TypeError(f"{where} expected a floating-point Tensor such as layer.weight, got {got}")
    return tensor


def _fill(tensor, values):
    tensor.data[...] = values.astype(tensor.dtype)
    return tensor


def _fans(tensor, where):
    _tensor(tensor, where)
    if tensor.ndim != 2:
        raise ValueError(f"expected a 2-D weight of shape (fan_out, fan_in), got shape {tuple(tensor.shape)}")
    fan_out, fan_in = tensor.shape
    return fan_in, fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    _tensor(tensor, "uniform_")
    _checks.number("a", a, "uniform_")
    _checks.number("b", b, "uniform_", low=a)
    _checks.generator("generator", generator, "uniform_")
    return _fill(tensor, get_generator(generator).uniform(a, b, tensor.shape))


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    _tensor(tensor, "normal_")
    _checks.number("mean", mean, "normal_")
    _checks.number("std", std, "normal_", low=0)
    _checks.generator("generator", generator, "normal_")
    return _fill(tensor, get_generator(generator).normal(mean, std, tensor.shape))


def zeros_(tensor):
    _tensor(tensor, "zeros_")
    tensor.data[...] = 0
    return tensor


def constant_(tensor, value):
    _tensor(tensor, "constant_")
    if not _checks.is_real(value):
        raise ValueError(f"constant_: value must be a number, got {value!r}")
    tensor.data[...] = value
    return tensor


def xavier_uniform_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _fans(tensor, "xavier_uniform_")
    _checks.number("gain", gain, "xavier_uniform_", low=0)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))  # uniform on [-a, a] has variance a^2 / 3
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _fans(tensor, "xavier_normal_")
    _checks.number("gain", gain, "xavier_normal_", low=0)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0.0, nonlinearity="relu", generator=None):
    fan_in, _ = _fans(tensor, "kaiming_uniform_")
    _checks.number("a", a, "kaiming_uniform_")
    bound = _gain(nonlinearity, a) * math.sqrt(3.0 / fan_in)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0.0, nonlinearity="relu", generator=None):
    fan_in, _ = _fans(tensor, "kaiming_normal_")
    _checks.number("a", a, "kaiming_normal_")
    return normal_(tensor, 0.0, _gain(nonlinearity, a) / math.sqrt(fan_in), generator)


def _gain(nonlinearity, a):
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + a * a))
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    raise ValueError(f"nonlinearity must be 'relu', 'leaky_relu', 'tanh', 'sigmoid' or 'linear', "
                     f"got {nonlinearity!r}")
