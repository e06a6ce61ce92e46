"""The autograd engine: a `Tensor` that remembers how it was made.

Every operation below does two things side by side:

1. computes its output from its inputs (the forward formula), and
2. attaches a small closure, `_backward(dout)`, holding the chain-rule step:
   given dout, the gradient of the final loss with respect to the output, add
   the gradient with respect to each input to that input's `.grad`.

`Tensor.backward()` runs those closures in reverse topological order, from the
loss back to the leaves (newest tensor first: every tensor is made after its
inputs). Gradients are always *accumulated* (`+`), never assigned, so a tensor
used twice receives both contributions.

The closures refer to their inputs but never to their own output, so a graph
holds no reference cycles: it is freed as soon as the loss is no longer used.

Names follow PyTorch: `requires_grad`, `.grad`, `.backward()`, `.detach()`,
`.item()`, `no_grad()`. The data lives in a plain NumPy array, `.data`.
"""

import itertools
from heapq import heappop, heappush

import numpy as np

from ._checks import bad_tensor_data

_grad_enabled = True
_creation_counter = itertools.count()  # numbers every tensor in the order it is made


class no_grad:
    """Context manager (and decorator) that stops graph building, like `torch.no_grad()`.

    Inside it every result has `requires_grad=False`: use it for evaluation and
    for weight updates, which must not become part of the graph.
    """

    def __enter__(self):
        global _grad_enabled
        self._previous = _grad_enabled
        _grad_enabled = False

    def __exit__(self, *exc):
        global _grad_enabled
        _grad_enabled = self._previous

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with no_grad():
                return fn(*args, **kwargs)

        wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
        return wrapper


def is_grad_enabled():
    return _grad_enabled


def _to_array(data, dtype=None):
    """NumPy array for `data` with torch's default dtypes; refuses strings, None and other non-numbers.

    Python floats (and lists of them) become float32; NumPy float32/float64
    arrays and scalars keep their dtype; integers and booleans stay as they are
    (class labels, masks).
    """
    if isinstance(data, Tensor):
        data = data.data
    try:
        array = np.asarray(data) if dtype is None else np.asarray(data, dtype=dtype)
    except ValueError as error:  # a ragged list, or strings that are not numbers
        raise bad_tensor_data(data, error) from None
    if array.dtype.kind not in "biuf":
        raise bad_tensor_data(data, array.dtype)
    if dtype is None and array.dtype.kind == "f" and not (
            isinstance(data, (np.ndarray, np.generic)) and array.dtype in (np.float32, np.float64)):
        array = array.astype(np.float32)
    return array


def _unbroadcast(g, shape):
    """Sum `g` down to `shape`: the backward step of NumPy broadcasting.

    If x of shape (1, D) was broadcast to (N, D) in the forward pass, each of its
    entries was used N times, so its gradient is the sum over those N uses.
    """
    extra = g.ndim - len(shape)
    if extra > 0:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g


def _axes(dim, axis):
    """Accept torch's `dim` and NumPy's `axis` spelling (one of them)."""
    if axis is not None:
        if dim is not None:
            raise TypeError("pass either dim or axis, not both")
        dim = axis
    return tuple(dim) if isinstance(dim, list) else dim


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    Tensor(data, requires_grad=False, dtype=None)

    data: anything `np.asarray` accepts. Floats default to float32 (like torch);
        float64 arrays stay float64; integer data stays integer (labels).
    requires_grad: if True, operations on this tensor are recorded and
        `backward()` fills `.grad` with d(loss)/d(this tensor).
    """

    __array_priority__ = 1000  # so `ndarray + Tensor` calls Tensor.__radd__

    # Defaults shared by every tensor until an operation or the user sets them.
    grad = None  # d(loss)/d(self), filled by backward()
    _parents = ()  # the tensors this one was computed from (empty for leaves)
    _backward = None  # _backward(dout) adds dout's contribution to each parent's .grad
    _op = ""  # the operation that made this tensor, for printing and graph drawing
    _retain_grad = False
    name = None

    def __init__(self, data, requires_grad=False, dtype=None):
        self.data = _to_array(data, dtype)
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(
                f"only floating-point tensors can require gradients, got dtype {self.data.dtype}"
            )
        self.requires_grad = bool(requires_grad)
        self._id = next(_creation_counter)

    # ---------------------------------------------------------------- basics
    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def T(self):
        return self.transpose()

    @property
    def is_leaf(self):
        """True for tensors made by the user (weights, inputs), not by an operation."""
        return not self._parents

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[dim]

    def numel(self):
        return self.data.size

    def __len__(self):
        return len(self.data)

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, got shape {self.shape}")
        return self.data.item()

    def __float__(self):
        return float(self.item())

    def numpy(self):
        return self.data

    def __array__(self, dtype=None, copy=None):
        return self.data if dtype is None else self.data.astype(dtype)

    def detach(self):
        """A new leaf tensor sharing the same data, cut off from the graph."""
        return Tensor(self.data)

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got dtype {self.data.dtype}")
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self):
        """Keep `.grad` on this intermediate (non-leaf) tensor after backward()."""
        self._retain_grad = True
        return self

    def double(self):
        return Tensor(self.data.astype(np.float64), requires_grad=self.requires_grad)

    def float(self):
        return Tensor(self.data.astype(np.float32), requires_grad=self.requires_grad)

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", prefix="tensor(")
        extras = ""
        if self.data.dtype != np.float32:
            extras += f", dtype={self.data.dtype}"
        if self._op:
            extras += f", op='{self._op}'"
        elif self.requires_grad:
            extras += ", requires_grad=True"
        return f"tensor({body}{extras})"

    # ------------------------------------------------------ graph plumbing
    def _result(self, data, parents, op):
        """Wrap an operation's output; record parents only if a gradient can flow."""
        out = Tensor.__new__(Tensor)
        out.data = data
        out._op = op
        out._id = next(_creation_counter)
        out.requires_grad = False
        if _grad_enabled:
            for p in parents:
                if p.requires_grad:
                    out.requires_grad = True
                    out._parents = parents
                    break
        return out

    def _accumulate(self, g, fresh=False):
        """Add `g` (d loss / d self, possibly broadcast) to `self.grad`.

        fresh=True promises that nothing else refers to the array g (it was just
        computed, e.g. by a matrix product), so a leaf can keep it without a copy.
        """
        if not self.requires_grad:
            return
        data = self.data
        if g.shape != data.shape:
            g = _unbroadcast(g, data.shape)
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
        if self.grad is None:
            # A leaf keeps its own copy: the same array may be handed to several
            # tensors (x + y passes dout to both), and users may edit p.grad.
            self.grad = g if fresh or self._parents else g.copy()
        elif self._parents:
            self.grad = self.grad + g
        else:
            self.grad += g  # a leaf owns its .grad (copied above), so add in place

    def _as_operand(self, other):
        """Turn numbers and arrays into tensors for an operation with self.

        Numbers and integer/bool arrays take *our* float dtype, so float32 stays
        float32 (no float64 creep from Python or NumPy scalars such as 0.5).
        """
        if isinstance(other, Tensor):
            return other
        try:
            array = np.asarray(other)
        except ValueError:  # a ragged list
            array = None
        if array is None or array.dtype.kind not in "biuf":
            raise TypeError(f"a Tensor can be combined with numbers, arrays of numbers and Tensors only, "
                            f"got {type(other).__name__} {other!r:.60}")
        other = array
        if self.data.dtype.kind == "f" and (other.ndim == 0 or other.dtype.kind in "biu"):
            other = other.astype(self.data.dtype)
        return Tensor(other)

    def backward(self, grad=None):
        """Fill `.grad` of every leaf that this tensor depends on.

        grad: d(loss)/d(self). May be omitted only when self has one element (a
        scalar loss), in which case it is 1.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() called on a tensor that does not require grad: "
                "none of its inputs has requires_grad=True (or it was made under no_grad())"
            )
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward() without a gradient needs a scalar (one-element) tensor, got "
                    f"shape {self.shape}; reduce it first (e.g. .sum() or .mean()) or pass "
                    f"grad= with shape {self.shape}"
                )
            grad = np.array(1, self.data.dtype).reshape(self.data.shape)  # d(loss)/d(loss) = 1
        else:
            grad = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=self.dtype)
            if grad.shape != self.shape:
                raise ValueError(
                    f"backward(grad=...) expected grad of shape {self.shape}, got {grad.shape}"
                )

        # Run each operation's backward step, newest first. An operation's output
        # is always made after its inputs, so by the time a tensor comes out of
        # the heap, every tensor that used it has added its share to its .grad.
        # Leaves need no step of their own: the operations that used them fill it.
        self._accumulate(grad)
        if not self._parents:
            return  # backward() was called on a leaf: nothing to pass on
        pending, seen = [(-self._id, self)], {self}  # a heap: the newest tensor first
        while pending:
            node = heappop(pending)[1]
            node._backward(node.grad)
            if not node._retain_grad:
                node.grad = None  # intermediate gradients are not needed any more
            for parent in node._parents:
                if parent._parents and parent not in seen:
                    seen.add(parent)
                    heappush(pending, (-parent._id, parent))

    # ------------------------------------------------------- arithmetic
    def __add__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data + other.data, (self, other), "+")

        def _backward(dout):  # d(x + y)/dx = 1, d(x + y)/dy = 1
            self._accumulate(dout)
            other._accumulate(dout)

        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data - other.data, (self, other), "-")

        def _backward(dout):  # d(x - y)/dx = 1, d(x - y)/dy = -1
            self._accumulate(dout)
            other._accumulate(-dout)

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data * other.data, (self, other), "*")

        def _backward(dout):  # d(x * y)/dx = y, d(x * y)/dy = x
            self._accumulate(dout * other.data)
            other._accumulate(dout * self.data)

        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data / other.data, (self, other), "/")

        def _backward(dout):  # d(x / y)/dx = 1 / y, d(x / y)/dy = -x / y^2
            self._accumulate(dout / other.data)
            other._accumulate(-dout * self.data / (other.data * other.data))

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        if isinstance(exponent, np.generic):
            exponent = exponent.item()  # a Python number keeps float32 data float32
        if isinstance(exponent, bool) or not isinstance(exponent, (int, float)):
            raise TypeError(f"** supports a number exponent only, got {type(exponent).__name__}")
        out = self._result(self.data**exponent, (self,), f"**{exponent}")

        def _backward(dout):  # d(x^n)/dx = n x^(n-1)
            self._accumulate(dout * exponent * self.data ** (exponent - 1))

        out._backward = _backward
        return out

    def __neg__(self):
        out = self._result(-self.data, (self,), "neg")

        def _backward(dout):
            self._accumulate(-dout)

        out._backward = _backward
        return out

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return self._as_operand(other) - self

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return self._as_operand(other) / self

    def __matmul__(self, other):
        """Matrix product, as np.matmul: (N, D) @ (D, M) -> (N, M); 1-D and batched (..., N, D) too."""
        other = self._as_operand(other)
        x, w = self.data, other.data
        fits = x.ndim >= 1 and w.ndim >= 1 and x.shape[-1] == w.shape[0 if w.ndim == 1 else -2]
        if not fits or (min(x.ndim, w.ndim) == 1 and max(x.ndim, w.ndim) > 2):
            raise ValueError(
                f"matmul: shapes {x.shape} and {w.shape} do not fit: the last dimension of the "
                f"left operand must equal the row dimension of the right one"
            )
        out = self._result(x @ w, (self, other), "@")

        def _backward(dout):
            # dx = dout @ w^T and dw = x^T @ dout; an outer product where x or w is 1-D.
            # Each is computed only if needed (the input data usually needs none).
            if self.requires_grad:
                self._accumulate(np.multiply.outer(dout, w) if w.ndim == 1 else dout @ np.swapaxes(w, -1, -2))
            if other.requires_grad:
                other._accumulate(np.multiply.outer(x, dout) if x.ndim == 1 else np.swapaxes(x, -1, -2) @ dout)

        out._backward = _backward
        return out

    def __rmatmul__(self, other):
        return self._as_operand(other) @ self

    # -------------------------------------------------- element-wise maths
    def exp(self):
        e = np.exp(self.data)
        out = self._result(e, (self,), "exp")

        def _backward(dout):
            self._accumulate(dout * e)  # d exp(x) / dx = exp(x)

        out._backward = _backward
        return out

    def log(self):
        out = self._result(np.log(self.data), (self,), "log")

        def _backward(dout):
            self._accumulate(dout / self.data)  # d log(x) / dx = 1 / x

        out._backward = _backward
        return out

    def relu(self):
        out_data = np.maximum(self.data, 0)
        out = self._result(out_data, (self,), "relu")

        def _backward(dout):  # slope 1 where x > 0, else 0
            # np.sign of the output (x or 0) is exactly that slope, already as floats:
            # faster than multiplying by the boolean mask (x > 0).
            self._accumulate(dout * np.sign(out_data))

        out._backward = _backward
        return out

    def leaky_relu(self, negative_slope=0.01):
        slope = np.where(self.data > 0, 1, negative_slope).astype(self.dtype)
        out = self._result(self.data * slope, (self,), "leaky_relu")

        def _backward(dout):
            self._accumulate(dout * slope)  # slope 1 where x > 0, else negative_slope

        out._backward = _backward
        return out

    def sigmoid(self):
        # sigma(x) = 1 / (1 + e^-x), but e^-x overflows for x << 0.
        # For x < 0 use e^x / (1 + e^x) instead: with e = e^-|x| <= 1 nothing overflows.
        x = self.data
        e = np.exp(-np.abs(x))
        s = np.where(x >= 0, 1, e) / (1 + e)
        out = self._result(s, (self,), "sigmoid")

        def _backward(dout):
            self._accumulate(dout * s * (1 - s))  # sigma' = sigma (1 - sigma) <= 0.25

        out._backward = _backward
        return out

    def tanh(self):
        t = np.tanh(self.data)
        out = self._result(t, (self,), "tanh")

        def _backward(dout):
            self._accumulate(dout * (1 - t * t))  # tanh' = 1 - tanh^2

        out._backward = _backward
        return out

    # ----------------------------------------------------------- reductions
    def sum(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """Sum over `dim` (torch) a.k.a. `axis` (NumPy); all elements by default."""
        dim = _axes(dim, axis)
        keepdim = keepdim if keepdims is None else keepdims
        out = self._result(self.data.sum(axis=dim, keepdims=keepdim), (self,), "sum")

        def _backward(dout):
            g = dout if keepdim or dim is None else np.expand_dims(dout, dim)
            self._accumulate(np.broadcast_to(g, self.shape))  # every element counted once

        out._backward = _backward
        return out

    def mean(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        dim = _axes(dim, axis)
        count = self.data.size if dim is None else np.prod([self.shape[d] for d in np.atleast_1d(dim)])
        return self.sum(dim, keepdim if keepdims is None else keepdims) * (1.0 / count if count else np.nan)

    def max(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """Largest value along `dim` (values only). Ties share the gradient equally."""
        dim = _axes(dim, axis)
        keepdim = keepdim if keepdims is None else keepdims
        top = self.data.max(axis=dim, keepdims=True)
        out = self._result(top if keepdim else top.squeeze(axis=dim), (self,), "max")

        def _backward(dout):
            is_max = (self.data == top).astype(self.dtype)
            share = is_max / is_max.sum(axis=dim, keepdims=True)  # 1 / (number of ties)
            g = dout if keepdim or dim is None else np.expand_dims(dout, dim)
            self._accumulate(g * share)

        out._backward = _backward
        return out

    def argmax(self, dim=None):
        return Tensor(self.data.argmax(axis=dim))

    # ------------------------------------------------------ shape changes
    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        out = self._result(self.data.reshape(shape), (self,), "reshape")

        def _backward(dout):
            self._accumulate(dout.reshape(self.shape))

        out._backward = _backward
        return out

    view = reshape

    def transpose(self, dim0=None, dim1=None):
        """Swap dimensions dim0 and dim1 (as torch); with no arguments reverse them all (as .T)."""
        axes = list(range(self.ndim))
        if dim0 is None and dim1 is None:
            axes.reverse()
        else:
            axes[dim0], axes[dim1] = axes[dim1], axes[dim0]
        return self.permute(*axes)

    def permute(self, *dims):
        """Reorder the dimensions: out.shape[i] = self.shape[dims[i]] (np.transpose's axes)."""
        dims = tuple(dims[0]) if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        out = self._result(self.data.transpose(dims), (self,), "T")

        def _backward(dout):  # put the dimensions back where they came from
            self._accumulate(dout.transpose(np.argsort(dims)))

        out._backward = _backward
        return out

    def __getitem__(self, index):
        index = index.data if isinstance(index, Tensor) else index
        out = self._result(self.data[index], (self,), "[]")

        def _backward(dout):
            g = np.zeros_like(self.data)
            np.add.at(g, index, dout)  # add.at: repeated indices add up
            self._accumulate(g)

        out._backward = _backward
        return out


def tensor(data, requires_grad=False, dtype=None):
    """Same as `Tensor(...)`; spelled like `torch.tensor`."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)
