"""Argument checks shared by nnlib's public functions and classes.

Each check raises at once with a message a student can act on: where the problem is
(`where`, e.g. "SGD" or "fit"), the argument's name, the value it got and what was
expected:

    SGD: lr must be a finite number > 0, got nan

They run where arguments arrive (a constructor, the start of a function), never
inside the per-operation code of the training step. A wrong *kind* of value (a
string for a number, None) and a value out of range both raise ValueError, as
nnlib always has for hyperparameters; a wrong kind of object (a class instead of
a layer, None for an optimizer) raises TypeError.
"""

import math
import numbers

import numpy as np


def _prefix(where):
    return f"{where}: " if where else ""


def _short(value):
    """repr(value), cut short for long arrays or lists."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def is_real(value):
    """True for Python and NumPy real numbers; False for bool, str, None, arrays."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def number(name, value, where="", low=None, high=None, low_open=False, high_open=False):
    """Check that `value` is a finite real number in [low, high] (open ends if *_open); return it.

    number("lr", lr, "SGD", low=0, low_open=True) accepts 0.1 and refuses 0, -1, nan, inf, "0.1".
    """
    ok = is_real(value) and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        bounds = []
        if low is not None:
            bounds.append(f"{'>' if low_open else '>='} {low}")
        if high is not None:
            bounds.append(f"{'<' if high_open else '<='} {high}")
        expected = "a finite number" + (" " + " and ".join(bounds) if bounds else "")
        raise ValueError(f"{_prefix(where)}{name} must be {expected}, got {_short(value)}")
    return value


def integer(name, value, where="", low=None):
    """Check that `value` is an int (not a bool, not 2.0) >= low; return it as a Python int."""
    if not (isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))) \
            or (low is not None and value < low):
        expected = "a positive integer" if low == 1 else "an integer" + (f" >= {low}" if low is not None else "")
        raise ValueError(f"{_prefix(where)}{name} must be {expected}, got {_short(value)}")
    return int(value)


def boolean(name, value, where=""):
    """Check that `value` is True or False (not 'yes', not 1.0); return it as a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{_prefix(where)}{name} must be True or False, got {_short(value)}")
    return bool(value)


def one_of(name, value, options, where=""):
    """Check that `value` is one of the strings `options`; return it."""
    if not (isinstance(value, str) and value in options):
        choices = ", ".join(repr(o) for o in options)
        raise ValueError(f"{_prefix(where)}{name} must be one of {choices}, got {_short(value)}")
    return value


def generator(name, value, where=""):
    """Check that `value` is None or a np.random.Generator; return it."""
    if value is not None and not isinstance(value, np.random.Generator):
        raise TypeError(f"{_prefix(where)}{name} must be None or a numpy.random.Generator such as "
                        f"np.random.default_rng(0), got {type(value).__name__}")
    return value


def seed(name, value, where=""):
    """Check that `value` is None or a non-negative integer seed; return it."""
    if value is not None:
        integer(name, value, where, low=0)
    return value


def instance(name, value, cls, where="", hint=""):
    """Check that `value` is an instance of `cls` (a class, not the class itself); return it.

    Passing the class where an object is needed (nn.CrossEntropyLoss instead of
    nn.CrossEntropyLoss()) gets its own message.
    """
    if isinstance(value, cls):
        return value
    what = cls.__name__
    what = ("an " if what[0] in "AEIOU" else "a ") + what
    if isinstance(value, type):
        raise TypeError(f"{_prefix(where)}{name} must be {what} object, got the class {value.__name__}: "
                        f"create one with {value.__name__}(...)")
    raise TypeError(f"{_prefix(where)}{name} must be {what}{hint}, got {type(value).__name__}")


def function(name, value, where="", hint=""):
    """Check that `value` can be called (and is not a class that still needs creating); return it."""
    if isinstance(value, type) and hasattr(value, "forward"):
        raise TypeError(f"{_prefix(where)}{name} must be a function or a module object, got the class "
                        f"{value.__name__}: create one with {value.__name__}()")
    if not callable(value):
        raise TypeError(f"{_prefix(where)}{name} must be callable{hint}, got {type(value).__name__} "
                        f"{_short(value)}")
    return value


def floating(name, dtype, where="", fix="convert it with .astype(np.float32)"):
    """Check that an array's dtype is floating point (torch refuses integer input to these ops)."""
    if dtype.kind != "f":
        raise TypeError(f"{_prefix(where)}{name} must hold floating-point numbers, got dtype {dtype}: {fix}")


def samples(X, y):
    """X and y as arrays, checked to describe the same samples (one label per row of X); return them."""
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim < 1 or y.ndim < 1:
        raise ValueError(
            f"X and y must be arrays with one entry per sample, got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length (one label per sample), "
            f"got len(X)={len(X)} and len(y)={len(y)}")
    if len(X) == 0:
        raise ValueError("X and y must contain at least one sample, got 0")
    return X, y


def bad_tensor_data(data, problem):
    """The error for data that cannot become a Tensor. problem: the dtype numpy gave it, or numpy's error."""
    if isinstance(problem, np.dtype):
        kind = "complex numbers (nnlib works with real numbers)" if problem.kind == "c" else f"dtype {problem}"
        return TypeError(f"Tensor data must be numbers (bool, int or float), got {type(data).__name__} "
                         f"{_short(data)}, which holds {kind}")
    return ValueError(f"Tensor data must be a number or a rectangular array of numbers (every row the same "
                      f"length), got {type(data).__name__} {_short(data)} ({problem})")


# ------------------------------------------------------- dimensions and shapes, with torch's errors
class ShapeError(ValueError, RuntimeError):
    """Shapes that do not fit together. torch raises RuntimeError; nnlib always raised ValueError: both catch it."""


def dim(value, ndim, where, extra=0):
    """Check that `value` is an integer dimension of a tensor with `ndim` dimensions; return it as 0..ndim-1.

    Negative dims count from the end (-1 is the last), as in torch; a 0-d tensor accepts -1 and 0.
    extra=1 for operations that add a dimension (unsqueeze, stack): one more position is valid.
    """
    if not (isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))):
        raise TypeError(f"{where}: dim must be an integer (a tuple of integers where several are allowed), "
                        f"got {type(value).__name__} {_short(value)}")
    size = max(ndim + extra, 1)
    if not -size <= value < size:
        raise IndexError(f"{where}: Dimension out of range (expected to be in range of [{-size}, {size - 1}], "
                         f"but got {value})")
    return int(value) % size


def dims(value, ndim, where):
    """One dim or a tuple/list of distinct dims, each checked as by dim(); return a tuple (or an int)."""
    if isinstance(value, (tuple, list)):
        checked = tuple(dim(d, ndim, where) for d in value)
        for i, d in enumerate(checked):
            if d in checked[:i]:
                raise RuntimeError(f"{where}: dim {d} appears multiple times in the list of dims")
        return checked
    return dim(value, ndim, where)


def broadcast_error(where, a, b):
    """The error for shapes a and b that cannot broadcast, worded as torch's (the first mismatch from the right)."""
    ndim = max(len(a), len(b))
    for i in range(ndim - 1, -1, -1):
        size_a = a[i - ndim + len(a)] if i - ndim + len(a) >= 0 else 1
        size_b = b[i - ndim + len(b)] if i - ndim + len(b) >= 0 else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            return ShapeError(f"{where}: The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) "
                              f"at non-singleton dimension {i} (shapes {tuple(a)} and {tuple(b)})")
    return ShapeError(f"{where}: shapes {tuple(a)} and {tuple(b)} do not broadcast")
