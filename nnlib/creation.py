"""Functions that make tensors, with torch's names and defaults: zeros, ones, rand, arange, eye, ...

Floating results are float32 unless `dtype=` says otherwise (torch's default); integer
ones int64. Random ones draw from nnlib's seeded generator (`nnlib.manual_seed`), or
from `generator=` (a `np.random.Generator`), so the same seed gives the same numbers.
"""

import builtins

import numpy as np

from .dtypes import as_dtype, check_device
from .random import get_generator
from .tensor import Tensor


def _size(size, name="size"):
    """zeros(2, 3), zeros((2, 3)) and zeros([2, 3]) all mean the shape (2, 3)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for n in size:
        if isinstance(n, builtins.bool) or not isinstance(n, (builtins.int, np.integer)) or n < 0:
            raise TypeError(f"{name} must be non-negative whole numbers, e.g. (2, 3), got {size!r}")
    return tuple(builtins.int(n) for n in size)


def _make(array, dtype, device, requires_grad, default=np.float32):
    check_device(device)
    array = array.astype(as_dtype(dtype) if dtype is not None else default, copy=False)
    return Tensor(array, requires_grad=requires_grad, dtype=array.dtype)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    return _make(np.zeros(_size(size)), dtype, device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False):
    return _make(np.ones(_size(size)), dtype, device, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False):
    """Like torch.empty, but filled with zeros (NumPy's uninitialised memory would be a trap)."""
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    """A tensor of `size` filled with `fill_value`; its dtype follows the value (1.5 -> float32, 2 -> int64)."""
    if dtype is None and isinstance(fill_value, (builtins.bool, np.bool_)):
        dtype = np.bool_
    elif dtype is None and isinstance(fill_value, (builtins.int, np.integer)):
        dtype = np.int64
    return _make(np.full(_size((size,)), fill_value), dtype, device, requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform random numbers in [0, 1)."""
    return _make(get_generator(generator).random(_size(size)), dtype, device, requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal random numbers (mean 0, standard deviation 1)."""
    data = get_generator(generator).standard_normal(_size(size))
    return _make(data, dtype, device, requires_grad)


def randint(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """randint(high, size) or randint(low, high, size): whole numbers in [low, high), int64."""
    if size is not None:
        args = (*args, size)
    if len(args) == 2:
        low, (high, size) = 0, args
    elif len(args) == 3:
        low, high, size = args
    else:
        raise TypeError(f"randint takes (high, size) or (low, high, size), got {args!r}")
    if high <= low:
        raise ValueError(f"randint needs low < high, got low={low}, high={high}")
    data = get_generator(generator).integers(low, high, _size((size,)))
    return _make(data, dtype, device, requires_grad, default=np.int64)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """start, start + step, ... up to but excluding end. Whole-number arguments give int64, else float32."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must not be 0")
    whole = all(isinstance(v, (builtins.int, np.integer)) for v in (start, end, step))
    data = np.arange(start, end, step, dtype=np.int64 if whole else np.float64)
    return _make(data, dtype, device, requires_grad, default=np.int64 if whole else np.float32)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """`steps` evenly spaced numbers from start to end, both included."""
    if isinstance(steps, builtins.bool) or not isinstance(steps, (builtins.int, np.integer)) or steps < 0:
        raise TypeError(f"linspace: steps must be a non-negative whole number, got {steps!r}")
    return _make(np.linspace(start, end, steps), dtype, device, requires_grad)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    """The identity matrix (n x m, m = n by default)."""
    return _make(np.eye(n, n if m is None else m), dtype, device, requires_grad)


def _like(t, array, dtype, requires_grad):
    t = t if isinstance(t, Tensor) else Tensor(t)
    return _make(array, t.dtype if dtype is None else dtype, None, requires_grad)


def zeros_like(input, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _like(input, np.zeros(np.shape(input)), dtype, requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _like(input, np.ones(np.shape(input)), dtype, requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _like(input, np.full(np.shape(input), fill_value), dtype, requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False):
    return zeros_like(input, dtype, device, requires_grad)


def rand_like(input, generator=None, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _like(input, get_generator(generator).random(np.shape(input)), dtype, requires_grad)


def randn_like(input, generator=None, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _like(input, get_generator(generator).standard_normal(np.shape(input)), dtype, requires_grad)


def from_numpy(array):
    """A tensor sharing memory with a NumPy array (changing one changes the other), dtype kept."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy expected a NumPy array, got {type(array).__name__}")
    return Tensor(array, dtype=array.dtype)


def as_tensor(data, dtype=None, device=None):
    """`data` as a tensor, sharing memory where it can (a tensor or NumPy array of that dtype)."""
    check_device(device)
    if isinstance(data, Tensor) and (dtype is None or as_dtype(dtype) == data.dtype):
        return data
    return Tensor(data, dtype=dtype)
