"""Operations that move numbers around without changing them: reshape, transpose, indexing, cat, stack.

The backward step of each puts the gradient back where the numbers came from.
"""

import numbers

import numpy as np

from . import _checks


def _shape_args(shape):
    """Accept t.reshape(2, 3) and t.reshape((2, 3)), as torch does."""
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


def _whole_numbers(values, where, what="shape"):
    """Check that every entry is an integer (torch refuses 2.0 and nan: 'must be tuple of ints'); return a tuple."""
    for v in values:
        if not isinstance(v, numbers.Integral) or isinstance(v, (bool, np.bool_)):
            raise TypeError(f"{where}: argument '{what}' must be tuple of ints, not {type(v).__name__} "
                            f"(got {tuple(values)!r:.60})")
    return tuple(int(v) for v in values)


def _mark_views(x, out):
    """Note that out and x share their values (NumPy gave a view): an in-place change of either inside a
    graph would change the other behind the graph's back, so inplace.py refuses to record it."""
    if out._parents and np.may_share_memory(out.data, x.data):
        x._viewed = out._viewed = True


class ShapeOps:
    def reshape(self, *shape):
        shape = _whole_numbers(_shape_args(shape), "reshape")
        try:
            data = self.data.reshape(shape)
        except ValueError:  # torch's RuntimeError, also a ValueError as NumPy's was
            raise _checks.ShapeError(f"reshape: shape '{list(shape)}' is invalid for input of size {self.data.size} "
                                     f"(shape {tuple(self.shape)}); at most one -1, and the sizes must multiply to "
                                     f"{self.data.size}") from None
        out = self._result(data, (self,), "reshape")
        out._saved = ()
        _mark_views(self, out)

        def _backward(dout):
            self._accumulate(dout.reshape(self.data.shape))

        out._backward = _backward
        return out

    view = reshape

    def clone(self):
        """A copy of the data that stays in the graph (the gradient passes straight through)."""
        out = self._result(self.data.copy(), (self,), "clone")
        out._saved = ()

        def _backward(dout):
            self._accumulate(dout)

        out._backward = _backward
        return out

    def permute(self, *dims):
        """Reorder the dimensions: out.shape[i] = self.shape[dims[i]] (np.transpose's axes)."""
        dims = _whole_numbers(_shape_args(dims), "permute", "dims")
        if len(dims) != self.data.ndim:
            raise _checks.ShapeError(f"permute(): number of dimensions in the tensor input does not match the length "
                                     f"of the desired ordering of dimensions i.e. input.dim() = {self.data.ndim} is "
                                     f"not equal to len(dims) = {len(dims)}: give each of the {self.data.ndim} "
                                     f"dimensions once, e.g. permute{tuple(reversed(range(self.data.ndim)))}")
        dims = tuple(_checks.dim(d, self.data.ndim, "permute") for d in dims)
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"permute(): duplicate dims are not allowed, got dims {dims}")
        out = self._result(self.data.transpose(dims), (self,), "T")
        out._saved = ()
        _mark_views(self, out)

        def _backward(dout):  # put the dimensions back where they came from
            self._accumulate(dout.transpose(np.argsort(dims)))

        out._backward = _backward
        return out

    def transpose(self, dim0=None, dim1=None):
        """Swap dimensions dim0 and dim1 (as torch); with no arguments reverse them all (as .T)."""
        axes = list(range(self.data.ndim))
        if dim0 is None and dim1 is None:
            axes.reverse()
        elif dim0 is None or dim1 is None:
            raise TypeError('transpose() missing 1 required positional arguments: "dim1": transpose(dim0, dim1) '
                            'swaps two dimensions (or give none to reverse them all, as .T)')
        else:
            dim0, dim1 = (_checks.dim(d, self.data.ndim, "transpose") for d in (dim0, dim1))
            axes[dim0], axes[dim1] = axes[dim1], axes[dim0]
        return self.permute(*axes)

    @property
    def T(self):
        return self.transpose()

    def t(self):
        """Transpose of a matrix (a vector or a number stays as it is), as torch's t()."""
        if self.data.ndim > 2:
            raise ValueError(f"t() expects a tensor with at most 2 dimensions, got shape {tuple(self.shape)}: "
                             f"use transpose(dim0, dim1) or permute(...)")
        return self.transpose() if self.data.ndim == 2 else self

    def unsqueeze(self, dim):
        """Insert a dimension of size 1 at position `dim`: (3,) -> unsqueeze(0) -> (1, 3)."""
        dim = _checks.dim(dim, self.data.ndim, "unsqueeze", extra=1)
        return self.reshape(self.data.shape[:dim] + (1,) + self.data.shape[dim:])

    def squeeze(self, dim=None):
        """Remove dimensions of size 1 (only `dim`, if given and of size 1, as torch)."""
        shape = self.data.shape
        if dim is None:
            return self.reshape(tuple(n for n in shape if n != 1))
        dim = _checks.dim(dim, len(shape), "squeeze")
        if len(shape) == 0 or shape[dim] != 1:
            return self.reshape(shape)
        return self.reshape(shape[:dim] + shape[dim + 1:])

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one: (N, 8, 8).flatten(1) -> (N, 64)."""
        shape = self.data.shape
        if len(shape) == 0:
            return self.reshape(1)
        start, end = (_checks.dim(d, len(shape), "flatten") for d in (start_dim, end_dim))
        if start > end:
            raise RuntimeError(f"flatten() has invalid args: start_dim cannot come after end_dim, got start_dim="
                               f"{start_dim}, end_dim={end_dim} for shape {tuple(shape)}")
        return self.reshape(shape[:start] + (-1,) + shape[end + 1:])

    def ravel(self):
        """Every value in one dimension, as torch.Tensor.ravel (and NumPy's ravel): (3, 4) -> (12,)."""
        return self.reshape(-1)

    def __getitem__(self, index):
        index = self._plain_index(index)
        out = self._result(self.data[index], (self,), "[]")
        out._saved = ()
        _mark_views(self, out)

        def _backward(dout):
            g = np.zeros_like(self.data)
            np.add.at(g, index, dout)  # add.at: repeated indices add up
            self._accumulate(g)

        out._backward = _backward
        return out

    def _plain_index(self, index):
        """The index with tensors replaced by their arrays (t[mask], t[idx, 0])."""
        if isinstance(index, tuple):
            return tuple(i.data if isinstance(i, ShapeOps) else i for i in index)
        return index.data if isinstance(index, ShapeOps) else index


def cat(tensors, dim=0):
    """Join tensors along an existing dimension: (2, 3) and (4, 3) -> cat(dim=0) -> (6, 3)."""
    first = tensors[0]
    tensors = [first._as_operand(t) for t in tensors]
    arrays = [t.data for t in tensors]
    dim = _checks.dim(dim, first.data.ndim, "cat")
    for i, a in enumerate(arrays):
        if a.ndim != first.data.ndim or a.shape[:dim] + a.shape[dim + 1:] != \
                first.data.shape[:dim] + first.data.shape[dim + 1:]:
            raise _checks.ShapeError(f"cat: Sizes of tensors must match except in dimension {dim}: tensor 0 has "
                                     f"shape {first.data.shape}, tensor number {i} in the list has shape {a.shape}")
    out = first._result(np.concatenate(arrays, axis=dim), tuple(tensors), "cat")
    out._saved = ()
    ends = np.cumsum([a.shape[dim] for a in arrays])[:-1]

    def _backward(dout):  # each input gets back its own slice
        for t, g in zip(tensors, np.split(dout, ends, axis=dim)):
            t._accumulate(g)

    out._backward = _backward
    return out


def stack(tensors, dim=0):
    """Join same-shape tensors along a new dimension: three (2,) -> stack -> (3, 2)."""
    first = tensors[0]
    tensors = [first._as_operand(t) for t in tensors]
    dim = _checks.dim(dim, first.data.ndim, "stack", extra=1)
    for i, t in enumerate(tensors):
        if t.data.shape != first.data.shape:
            raise _checks.ShapeError(f"stack expects each tensor to be equal size, but got {list(first.data.shape)} "
                                     f"at entry 0 and {list(t.data.shape)} at entry {i}")
    out = first._result(np.stack([t.data for t in tensors], axis=dim), tuple(tensors), "stack")
    out._saved = ()

    def _backward(dout):
        for i, t in enumerate(tensors):
            t._accumulate(np.take(dout, i, axis=dim))

    out._backward = _backward
    return out
