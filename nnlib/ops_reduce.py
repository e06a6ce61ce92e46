"""Reductions: sum, mean, max, min, argmax, argmin, norm, all, any.

Each accepts torch's `dim`/`keepdim` and, so that NumPy's np.sum(t) and np.mean(t)
work too, NumPy's `axis`/`keepdims`. Each derivative sits right below its forward formula.
"""

from collections import namedtuple

import numpy as np

from . import _checks

# What max(dim)/min(dim) return, as torch: a named tuple you can unpack, values, indices = t.max(1)
MaxResult = namedtuple("max", ["values", "indices"])
MinResult = namedtuple("min", ["values", "indices"])


def _dims(x, dim, axis, out, where):
    """Accept torch's `dim` and NumPy's `axis` spelling (one of them); check it against x's dimensions
    (torch's IndexError for a dim out of range); a list becomes a tuple."""
    if out is not None:
        raise TypeError("out= is not supported by nnlib's reductions: use the returned tensor")
    if axis is not None:
        if dim is not None:
            raise TypeError("pass either dim or axis, not both")
        dim = axis
    return None if dim is None else _checks.dims(dim, x.data.ndim, where)


class ReductionOps:
    def sum(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None, out=None):
        """Sum over `dim` (torch) a.k.a. `axis` (NumPy); all elements by default."""
        dim = _dims(self, dim, axis, out, "sum")
        keepdim = keepdim if keepdims is None else keepdims
        x = self if dtype is None else self.to(dtype)
        out = x._result(x.data.sum(axis=dim, keepdims=keepdim), (x,), "sum")
        out._saved = ()

        def _backward(dout):
            g = dout if keepdim or dim is None else np.expand_dims(dout, dim)
            x._accumulate(np.broadcast_to(g, x.data.shape))  # every element counted once

        out._backward = _backward
        return out

    def mean(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None, out=None):
        """Average over `dim` (all elements by default). Needs floats, as in torch."""
        dim = _dims(self, dim, axis, out, "mean")
        x = self if dtype is None else self.to(dtype)
        if x.data.dtype.kind != "f":
            raise TypeError(f"mean() needs a floating-point tensor, got dtype {x.dtype}: "
                            f"convert first, e.g. (pred == y).float().mean()")
        count = x.data.size if dim is None else np.prod([x.data.shape[d] for d in np.atleast_1d(dim)])
        scale = 1.0 / count if count else np.nan  # the mean of nothing is nan, as in torch (no warning)
        return x.sum(dim, keepdim if keepdims is None else keepdims) * scale

    def _extreme(self, find, reduce, name, dim, keepdim, axis, keepdims, out):
        """max or min. Over everything: ties share the gradient equally (torch). Along dim:
        (values, indices), and the gradient goes to the returned index (torch)."""
        dim = _dims(self, dim, axis, out, name)
        keepdim = keepdim if keepdims is None else keepdims
        x = self.data
        if x.size == 0:
            raise ValueError(f"{name}() of an empty tensor (shape {x.shape}) has no value")
        if dim is None:
            top = reduce(x)  # np.max or np.min
            result = self._result(np.asarray(top), (self,), name)

            def _backward(dout):
                is_top = (x == top).astype(self.dtype)
                self._accumulate(dout * is_top / is_top.sum())  # 1 / (number of ties) each

            result._backward = _backward
            return result
        if isinstance(dim, tuple):
            raise TypeError(f"{name}(dim) takes a single dimension, got {dim}")
        index = np.expand_dims(find(x, axis=dim), dim)  # (..., 1, ...): where the extreme value sits
        values = np.take_along_axis(x, index, axis=dim)
        shape = values.shape if keepdim else np.squeeze(values, dim).shape
        result = self._result(values.reshape(shape), (self,), name)
        result._saved = ()  # the step needs only the indices

        def _backward(dout):
            g = np.zeros_like(x)
            np.put_along_axis(g, index, dout.reshape(index.shape), axis=dim)  # all of it to the returned index
            self._accumulate(g)

        result._backward = _backward
        indices = self._wrap(index.reshape(shape))
        return (MaxResult if name == "max" else MinResult)(result, indices)

    def max(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        """Largest value; with `dim`, the named tuple (values, indices) along it, as torch."""
        return self._extreme(np.argmax, np.max, "max", dim, keepdim, axis, keepdims, out)

    def min(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        """Smallest value; with `dim`, the named tuple (values, indices) along it, as torch."""
        return self._extreme(np.argmin, np.min, "min", dim, keepdim, axis, keepdims, out)

    def argmax(self, dim=None, keepdim=False, *, axis=None, out=None):
        """Index of the largest value (of the flattened tensor if dim is None), as int64."""
        dim = _dims(self, dim, axis, out, "argmax")
        index = self.data.argmax(axis=dim, keepdims=keepdim if dim is not None else False)
        return self._wrap(np.asarray(index, dtype=np.int64))

    def argmin(self, dim=None, keepdim=False, *, axis=None, out=None):
        dim = _dims(self, dim, axis, out, "argmin")
        index = self.data.argmin(axis=dim, keepdims=keepdim if dim is not None else False)
        return self._wrap(np.asarray(index, dtype=np.int64))

    def norm(self, p=2, dim=None, keepdim=False):
        """The Euclidean length sqrt(sum(x^2)) (p=2 only). At 0 the gradient is 0, as in torch."""
        if p not in (2, "fro"):
            raise ValueError(f"norm supports p=2 only, got p={p!r}")
        dim = _dims(self, dim, None, None, "norm")
        length = np.sqrt((self.data * self.data).sum(axis=dim, keepdims=True))
        out = self._result(length if keepdim else np.squeeze(length, dim), (self,), "norm")

        def _backward(dout):  # d|x|/dx = x / |x|
            g = dout if keepdim or dim is None else np.expand_dims(dout, dim)
            with np.errstate(invalid="ignore", divide="ignore"):
                self._accumulate(np.where(length == 0, 0, g * self.data / length))

        out._backward = _backward
        return out

    def all(self, dim=None):
        dim = _dims(self, dim, None, None, "all")
        return self._wrap(np.asarray(self.data.all(axis=dim)))

    def any(self, dim=None):
        dim = _dims(self, dim, None, None, "any")
        return self._wrap(np.asarray(self.data.any(axis=dim)))
