"""Operations that move numbers around without changing them: reshape, transpose, indexing, cat, stack.

The backward step of each puts the gradient back where the numbers came from.
"""

import numpy as np


def _shape_args(shape):
    """Accept t.reshape(2, 3) and t.reshape((2, 3)), as torch does."""
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


class ShapeOps:
    def reshape(self, *shape):
        out = self._result(self.data.reshape(_shape_args(shape)), (self,), "reshape")
        out._saved = ()

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
        dims = _shape_args(dims)
        out = self._result(self.data.transpose(dims), (self,), "T")
        out._saved = ()

        def _backward(dout):  # put the dimensions back where they came from
            self._accumulate(dout.transpose(np.argsort(dims)))

        out._backward = _backward
        return out

    def transpose(self, dim0=None, dim1=None):
        """Swap dimensions dim0 and dim1 (as torch); with no arguments reverse them all (as .T)."""
        axes = list(range(self.data.ndim))
        if dim0 is None and dim1 is None:
            axes.reverse()
        else:
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
        return self.reshape(np.expand_dims(self.data, dim).shape)

    def squeeze(self, dim=None):
        """Remove dimensions of size 1 (only `dim`, if given and of size 1, as torch)."""
        shape = self.data.shape
        if dim is None:
            return self.reshape(tuple(n for n in shape if n != 1))
        dim = dim % max(len(shape), 1)
        if len(shape) == 0 or shape[dim] != 1:
            return self.reshape(shape)
        return self.reshape(shape[:dim] + shape[dim + 1:])

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one: (N, 8, 8).flatten(1) -> (N, 64)."""
        shape = self.data.shape
        if len(shape) == 0:
            return self.reshape(1)
        start, end = start_dim % len(shape), end_dim % len(shape)
        return self.reshape(shape[:start] + (-1,) + shape[end + 1:])

    def __getitem__(self, index):
        index = self._plain_index(index)
        out = self._result(self.data[index], (self,), "[]")
        out._saved = ()

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
    out = first._result(np.stack([t.data for t in tensors], axis=dim), tuple(tensors), "stack")
    out._saved = ()

    def _backward(dout):
        for i, t in enumerate(tensors):
            t._accumulate(np.take(dout, i, axis=dim))

    out._backward = _backward
    return out
