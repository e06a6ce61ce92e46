"""The autograd engine: a `Tensor` that remembers how it was made.

Every operation below does two things side by side:

1. computes its output from its inputs (the forward formula), and
2. attaches a small closure, `_backward`, holding the chain-rule step: given the
   gradient of the final loss with respect to the output (`out.grad`, often
   written `dout`), add the gradient with respect to each input to that input's
   `.grad`.

`Tensor.backward()` sorts the graph topologically once and runs those closures
from the loss back to the leaves. Gradients are always *accumulated* (`+`),
never assigned, so a tensor used twice receives both contributions.

Names follow PyTorch: `requires_grad`, `.grad`, `.backward()`, `.detach()`,
`.item()`, `no_grad()`. The data lives in a plain NumPy array, `.data`.
"""

import numpy as np

_grad_enabled = True


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
    """NumPy array for `data` with torch's default dtypes (float32 for floats)."""
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.asarray(data, dtype=dtype)
    if isinstance(data, np.ndarray):
        if data.dtype == np.float64 or data.dtype == np.float32:
            return data
        if np.issubdtype(data.dtype, np.floating):
            return data.astype(np.float32)
        return data  # ints and bools keep their dtype, like torch.tensor
    array = np.asarray(data)
    if np.issubdtype(array.dtype, np.floating):
        return array.astype(np.float32)  # Python floats become float32, like torch
    return array


def _unbroadcast(g, shape):
    """Sum `g` down to `shape`: the backward step of NumPy broadcasting.

    If x of shape (1, D) was broadcast to (N, D) in the forward pass, each of its
    entries was used N times, so its gradient is the sum over those N uses.
    """
    if g.shape == shape:
        return g
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
        return axis
    return dim


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    Tensor(data, requires_grad=False, dtype=None)

    data: anything `np.asarray` accepts. Floats default to float32 (like torch);
        float64 arrays stay float64; integer data stays integer (labels).
    requires_grad: if True, operations on this tensor are recorded and
        `backward()` fills `.grad` with d(loss)/d(this tensor).
    """

    __array_priority__ = 1000  # so `ndarray + Tensor` calls Tensor.__radd__

    def __init__(self, data, requires_grad=False, dtype=None):
        self.data = _to_array(data, dtype)
        if requires_grad and not np.issubdtype(self.data.dtype, np.floating):
            raise TypeError(
                f"only floating-point tensors can require gradients, got dtype {self.data.dtype}"
            )
        self.requires_grad = bool(requires_grad)
        self.grad = None
        self._parents = ()
        self._backward = None
        self._op = ""
        self._retain_grad = False
        self.name = None

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

    def numpy(self):
        return self.data

    def __array__(self, dtype=None, copy=None):
        return self.data if dtype is None else self.data.astype(dtype)

    def detach(self):
        """A new leaf tensor sharing the same data, cut off from the graph."""
        return Tensor(self.data)

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
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
        out.grad = None
        out._op = op
        out._retain_grad = False
        out.name = None
        out._backward = None
        if _grad_enabled and any(p.requires_grad for p in parents):
            out.requires_grad = True
            out._parents = parents
        else:
            out.requires_grad = False
            out._parents = ()
        return out

    def _accumulate(self, g):
        """Add `g` (d loss / d self, possibly broadcast) to `self.grad`."""
        if not self.requires_grad:
            return
        g = _unbroadcast(g, self.data.shape)
        if g.dtype != self.data.dtype:
            g = g.astype(self.data.dtype)
        if self.grad is None:
            # A copy for leaves: the same array may be handed to several inputs.
            self.grad = g.copy() if self.is_leaf else g
        else:
            self.grad = self.grad + g

    def _as_operand(self, other):
        """Turn numbers and arrays into tensors of *our* dtype (no float64 creep)."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, (int, float, np.number)):
            return Tensor(np.asarray(other, dtype=self.data.dtype))
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
                raise RuntimeError(
                    f"backward() without a gradient needs a scalar (one-element) tensor, got "
                    f"shape {self.shape}; reduce it first (e.g. .sum() or .mean()) or pass "
                    f"grad= with shape {self.shape}"
                )
            grad = np.ones_like(self.data)
        else:
            grad = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=self.dtype)
            if grad.shape != self.shape:
                raise ValueError(
                    f"backward(grad=...) expected grad of shape {self.shape}, got {grad.shape}"
                )

        # Topological order: every node appears after all the nodes it depends on.
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents if p.requires_grad and p not in visited)

        self._accumulate(grad)
        for node in reversed(order):  # from the loss back towards the leaves
            if node._backward is not None:
                node._backward()
            if node._parents and not node._retain_grad:
                node.grad = None  # intermediate gradients are not needed any more

    # ------------------------------------------------------- arithmetic
    def __add__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data + other.data, (self, other), "+")

        def _backward():
            self._accumulate(out.grad)
            other._accumulate(out.grad)

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data * other.data, (self, other), "*")

        def _backward():
            self._accumulate(out.grad * other.data)
            other._accumulate(out.grad * self.data)

        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._as_operand(other)
        out = self._result(self.data / other.data, (self, other), "/")

        def _backward():
            self._accumulate(out.grad / other.data)
            other._accumulate(-out.grad * self.data / (other.data * other.data))

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        if not isinstance(exponent, (int, float)):
            raise TypeError(f"** supports a number exponent only, got {type(exponent).__name__}")
        out = self._result(self.data**exponent, (self,), f"**{exponent}")

        def _backward():
            self._accumulate(out.grad * exponent * self.data ** (exponent - 1))

        out._backward = _backward
        return out

    def __neg__(self):
        out = self._result(-self.data, (self,), "neg")

        def _backward():
            self._accumulate(-out.grad)

        out._backward = _backward
        return out

    def __sub__(self, other):
        return self + (-self._as_operand(other))

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return self._as_operand(other) - self

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return self._as_operand(other) / self

    def __matmul__(self, other):
        other = self._as_operand(other)
        x, w = self.data, other.data
        fits = x.ndim >= 1 and w.ndim >= 1 and x.shape[-1] == w.shape[0 if w.ndim == 1 else -2]
        if not fits or (min(x.ndim, w.ndim) == 1 and max(x.ndim, w.ndim) > 2):
            raise ValueError(
                f"matmul: shapes {x.shape} and {w.shape} do not fit: the last dimension of the "
                f"left operand must equal the row dimension of the right one"
            )
        out = self._result(x @ w, (self, other), "@")

        def _backward():
            dout = out.grad
            if x.ndim == 1 and w.ndim == 1:  # dot product
                dx, dw = dout * w, dout * x
            elif x.ndim == 1:  # (D,) @ (D, M) -> (M,)
                dx, dw = w @ dout, np.outer(x, dout)
            elif w.ndim == 1:  # (N, D) @ (D,) -> (N,)
                dx, dw = np.outer(dout, w), x.T @ dout
            else:  # (..., N, D) @ (..., D, M) -> (..., N, M)
                dx = dout @ np.swapaxes(w, -1, -2)
                dw = np.swapaxes(x, -1, -2) @ dout
            self._accumulate(dx)
            other._accumulate(dw)

        out._backward = _backward
        return out

    def __rmatmul__(self, other):
        return self._as_operand(other) @ self

    # -------------------------------------------------- element-wise maths
    def exp(self):
        out = self._result(np.exp(self.data), (self,), "exp")

        def _backward():
            self._accumulate(out.grad * out.data)  # d exp(x) / dx = exp(x)

        out._backward = _backward
        return out

    def log(self):
        out = self._result(np.log(self.data), (self,), "log")

        def _backward():
            self._accumulate(out.grad / self.data)  # d log(x) / dx = 1 / x

        out._backward = _backward
        return out

    def relu(self):
        out = self._result(np.maximum(self.data, 0), (self,), "relu")

        def _backward():
            self._accumulate(out.grad * (self.data > 0))  # slope 1 where x > 0, else 0

        out._backward = _backward
        return out

    def leaky_relu(self, negative_slope=0.01):
        slope = np.where(self.data > 0, 1, negative_slope).astype(self.dtype)
        out = self._result(self.data * slope, (self,), "leaky_relu")

        def _backward():
            self._accumulate(out.grad * slope)

        out._backward = _backward
        return out

    def sigmoid(self):
        # 1 / (1 + e^-x) written so that neither branch overflows for large |x|.
        x = self.data
        e = np.exp(-np.abs(x))
        s = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(self.dtype)
        out = self._result(s, (self,), "sigmoid")

        def _backward():
            self._accumulate(out.grad * s * (1 - s))  # sigma' = sigma (1 - sigma) <= 0.25

        out._backward = _backward
        return out

    def tanh(self):
        out = self._result(np.tanh(self.data), (self,), "tanh")

        def _backward():
            self._accumulate(out.grad * (1 - out.data * out.data))  # tanh' = 1 - tanh^2

        out._backward = _backward
        return out

    # ----------------------------------------------------------- reductions
    def sum(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """Sum over `dim` (torch) a.k.a. `axis` (NumPy); all elements by default."""
        dim = _axes(dim, axis)
        keepdim = keepdim if keepdims is None else keepdims
        out = self._result(self.data.sum(axis=dim, keepdims=keepdim), (self,), "sum")

        def _backward():
            g = out.grad if keepdim or dim is None else np.expand_dims(out.grad, dim)
            self._accumulate(np.broadcast_to(g, self.shape))  # every element counted once

        out._backward = _backward
        return out

    def mean(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        dim = _axes(dim, axis)
        count = self.data.size if dim is None else np.prod([self.shape[d] for d in np.atleast_1d(dim)])
        return self.sum(dim, keepdim if keepdims is None else keepdims) * (1.0 / count)

    def max(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """Largest value along `dim` (values only). Ties share the gradient equally."""
        dim = _axes(dim, axis)
        keepdim = keepdim if keepdims is None else keepdims
        top = self.data.max(axis=dim, keepdims=True)
        out = self._result(top if keepdim else top.squeeze(axis=dim), (self,), "max")

        def _backward():
            is_max = self.data == top
            share = is_max / is_max.sum(axis=dim, keepdims=True)
            g = out.grad if keepdim or dim is None else np.expand_dims(out.grad, dim)
            self._accumulate(g * share)

        out._backward = _backward
        return out

    def argmax(self, dim=None):
        return Tensor(self.data.argmax(axis=dim))

    # ------------------------------------------------------ shape changes
    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        out = self._result(self.data.reshape(shape), (self,), "reshape")

        def _backward():
            self._accumulate(out.grad.reshape(self.shape))

        out._backward = _backward
        return out

    view = reshape

    def transpose(self, *axes):
        axes = axes or None
        out = self._result(self.data.transpose(axes), (self,), "T")

        def _backward():
            inverse = None if axes is None else np.argsort(axes)
            self._accumulate(out.grad.transpose(inverse))

        out._backward = _backward
        return out

    def __getitem__(self, index):
        index = index.data if isinstance(index, Tensor) else index
        out = self._result(self.data[index], (self,), "[]")

        def _backward():
            g = np.zeros_like(self.data)
            np.add.at(g, index, out.grad)  # add.at: repeated indices add up
            self._accumulate(g)

        out._backward = _backward
        return out


def tensor(data, requires_grad=False, dtype=None):
    """Same as `Tensor(...)`; spelled like `torch.tensor`."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)
