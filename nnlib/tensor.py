"""The autograd engine: a `Tensor` that remembers how it was made.

Every operation does two things side by side:

1. computes its output from its inputs (the forward formula), and
2. attaches a small closure, `_backward(dout)`, holding the chain-rule step:
   given dout, the gradient of the final loss with respect to the output, add
   the gradient with respect to each input to that input's gradient.

`Tensor.backward()` runs those closures in reverse topological order, from the
loss back to the leaves (newest tensor first: every tensor is made after its
inputs). Gradients are always *accumulated* (`+`), never assigned, so a tensor
used twice receives both contributions.

The closures refer to their inputs but never to their own output, so a graph
holds no reference cycles: it is freed as soon as the loss is no longer used.

This file is the engine: making tensors, recording operations, backward(). The
operations themselves live in one file per family, each derivative beside its
forward formula: ops_arith.py (+ - * / ** @, comparisons), ops_math.py (exp, log,
activations), ops_reduce.py (sum, mean, max), ops_shape.py (reshape, indexing,
cat), inplace.py (-=, add_, t[i] = v) and dtypes.py (.float(), .to()).

Names follow PyTorch: `requires_grad`, `.grad`, `.backward()`, `.detach()`,
`.item()`, `no_grad()`. The data lives in a plain NumPy array, `.data`.
"""

import copy
import itertools
import numbers
import operator
import sys
from heapq import heappop, heappush

import numpy as np

from . import _checks, grad_mode
from ._checks import ShapeError, bad_tensor_data
from .dtypes import ConversionOps, Size, as_dtype
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled  # noqa: F401 (re-exported)
from .inplace import InPlaceOps
from .ops_arith import ArithmeticOps
from .ops_math import ElementwiseOps
from .ops_reduce import ReductionOps
from .ops_shape import ShapeOps

_creation_counter = itertools.count()  # numbers every tensor (and every in-place change) in order
_consumer = sys.maxsize  # during backward(): the number of the operation whose step is running (see _accumulate)


def _to_array(data, dtype=None):
    """NumPy array for `data` with torch's default dtypes; refuses strings, None and other non-numbers.

    Python floats (and lists of them) become float32; NumPy float32/float64
    arrays and scalars keep their dtype; integers and booleans stay as they are
    (class labels, masks).
    """
    if isinstance(data, Tensor):
        data = data.data
    try:
        array = np.asarray(data) if dtype is None else np.asarray(data, dtype=as_dtype(dtype))
    except ValueError as error:  # a ragged list, or strings that are not numbers
        raise bad_tensor_data(data, error) from None
    if array.dtype.kind not in "biuf":
        raise bad_tensor_data(data, array.dtype)
    if dtype is None and array.dtype.kind == "f" and not (
            isinstance(data, (np.ndarray, np.generic)) and array.dtype in (np.float32, np.float64)):
        array = array.astype(np.float32)
    return array


# NumPy's arithmetic and comparison functions, and the operators that do the same on tensors.
_NUMPY_OPERATORS = {np.add: operator.add, np.subtract: operator.sub, np.multiply: operator.mul,
                    np.true_divide: operator.truediv, np.power: operator.pow, np.matmul: operator.matmul,
                    np.equal: operator.eq, np.not_equal: operator.ne, np.less: operator.lt,
                    np.less_equal: operator.le, np.greater: operator.gt, np.greater_equal: operator.ge}


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


class GradFn:
    """What `t.grad_fn` shows for a tensor made by an operation, e.g. <MulBackward>."""

    NAMES = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "@": "MatMul", "neg": "Neg", "[]": "Index",
             "T": "Permute", "**": "Pow", "linear": "Addmm", "cross_entropy": "NllLoss"}

    def __init__(self, op):
        self.op = op

    def name(self):
        op = self.op.split()[0]
        base = self.NAMES.get(op) or self.NAMES.get(op[:2]) or op.title().replace("_", "")
        return base + "Backward"

    def __repr__(self):
        return f"<{self.name()}>"


class Tensor(ArithmeticOps, ElementwiseOps, ReductionOps, ShapeOps, InPlaceOps, ConversionOps):
    """An n-dimensional array that can record the operations applied to it.

    Tensor(data, requires_grad=False, dtype=None)

    data: anything `np.asarray` accepts. Floats default to float32 (like torch);
        float64 arrays stay float64; integer data stays integer (labels). A NumPy
        array is used as it is, not copied (`nnlib.tensor(data)` copies, as torch.tensor does).
    requires_grad: if True, operations on this tensor are recorded and
        `backward()` fills `.grad` with d(loss)/d(this tensor).
    """

    __array_priority__ = 1000  # so `ndarray + Tensor` calls Tensor.__radd__
    __hash__ = object.__hash__  # == is element-wise (as in torch), so hashing goes by identity

    # Defaults shared by every tensor until an operation or the user sets them.
    _grad = None  # d(loss)/d(self) as a NumPy array, filled by backward()
    _grad_tensor = None  # the Tensor that `.grad` returns, sharing memory with _grad
    _parents = ()  # the tensors this one was computed from (empty for leaves)
    _backward = None  # _backward(dout) adds dout's contribution to each parent's gradient
    _op = ""  # the operation that made this tensor, for printing and graph drawing
    _retain_grad = False
    _modified_at = -1  # the creation number at this tensor's last in-place change
    _saved = None  # the inputs whose values the backward step reads (None: all of them), checked by backward()
    _saves_output = False  # True if the backward step reads this tensor's own values (exp, relu, softmax, ...)
    _versions = None  # after recorded in-place changes: [(node holding the old value, when it changed), ...]
    _viewed = False  # True if a view (reshape, transpose, t[i]) in a graph shares this tensor's values
    name = None

    def __init__(self, data, requires_grad=False, dtype=None):
        self.data = _to_array(data, dtype)
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"requires_grad must be True or False, got {requires_grad!r}")
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(
                f"only floating-point tensors can require gradients, got dtype {self.data.dtype}"
            )
        self.requires_grad = bool(requires_grad)
        self._id = next(_creation_counter)

    # ---------------------------------------------------------------- basics
    @property
    def shape(self):
        return Size(self.data.shape)

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def is_leaf(self):
        """True for tensors made by the user (weights, inputs), not by an operation that records a gradient."""
        return not self._parents

    @property
    def grad_fn(self):
        """The operation that made this tensor (None for leaves), as torch shows it."""
        return GradFn(self._op) if self._parents else None

    @property
    def grad(self):
        """d(loss)/d(self) after backward(), as a Tensor (None before any backward()).

        The engine keeps the gradient as a NumPy array (`_grad`) and `.grad` is a Tensor
        sharing that memory, so torch's idioms work (`p.grad.zero_()`, `p.grad.norm()`,
        `p -= lr * p.grad`) and NumPy's too (`np.abs(p.grad)`, through `__array__`).
        """
        g = self._grad
        if g is None:
            return None
        if self._grad_tensor is None or self._grad_tensor.data is not g:
            self._grad_tensor = self._wrap(g)
        return self._grad_tensor

    @grad.setter
    def grad(self, value):
        if value is None:
            self._grad = self._grad_tensor = None
            return
        g = np.asarray(value.data if isinstance(value, Tensor) else value)
        if g.shape != self.data.shape:
            raise ValueError(f"assigned grad has shape {g.shape}, but the tensor has shape {self.data.shape}")
        self._grad = g.astype(self.data.dtype, copy=False)

    def dim(self):
        return self.data.ndim

    def size(self, dim=None):
        return self.shape if dim is None else self.data.shape[_checks.dim(dim, self.data.ndim, "size")]

    def numel(self):
        return self.data.size

    def __len__(self):
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, got shape {tuple(self.shape)}")
        return self.data.item()

    def tolist(self):
        return self.data.tolist()

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.data.dtype.kind not in "iu":
            raise TypeError(f"only integer tensors can be used as an index, got dtype {self.dtype}")
        return int(self.item())

    def __bool__(self):
        if self.data.size != 1:
            raise RuntimeError(f"the truth value of a tensor with {self.data.size} elements is ambiguous: "
                               f"use .any() or .all()")
        return bool(self.data.item())

    def __format__(self, spec):
        if spec and self.data.size == 1:
            return format(self.data.item(), spec)  # f"{loss:.4f}" works as in torch
        return format(str(self), spec)

    def numpy(self):
        """The data as a NumPy array, sharing memory with the tensor (as torch's .numpy())."""
        return self.data

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        """How NumPy treats tensors: `array + t` is `t`'s own operation (it stays in the graph), while
        other NumPy functions (np.abs(t), np.exp(t)) and in-place updates of an array
        (`p.data -= lr * p.grad`) work on the tensor's array and give NumPy results."""
        if method == "__call__" and out is None and not kwargs and ufunc in _NUMPY_OPERATORS:
            return _NUMPY_OPERATORS[ufunc](*(self._as_operand(x) for x in inputs))
        arrays = [np.asarray(x) if isinstance(x, Tensor) else x for x in inputs]
        if out is not None:
            kwargs["out"] = tuple(o.data if isinstance(o, Tensor) else o for o in out)
        return getattr(ufunc, method)(*arrays, **kwargs)

    def __array__(self, dtype=None, copy=None):
        data = np.asarray(self.data)  # (a 0-d result of NumPy arithmetic can be a NumPy scalar)
        return data if dtype is None else data.astype(dtype)

    def detach(self):
        """A new leaf tensor sharing the same data, cut off from the graph."""
        return self._wrap(self.data)

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got dtype {self.data.dtype}")
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self):
        """Keep `.grad` on this intermediate (non-leaf) tensor after backward()."""
        self._retain_grad = True
        return self

    def __deepcopy__(self, memo):
        """copy.deepcopy(t): a new leaf with copied data (and grad), of the same class (e.g. Parameter)."""
        if self._parents:
            raise RuntimeError("only tensors made by the user (leaves) can be deep-copied, as in torch: "
                               "use t.detach().clone() for a copy of a computed tensor")
        new = copy.copy(self)  # same class and attributes, then fresh arrays
        new.data = self.data.copy()
        new._grad = None if self._grad is None else self._grad.copy()
        new._grad_tensor = None
        new._id = next(_creation_counter)
        memo[id(self)] = new
        return new

    def __getstate__(self):
        """pickle (nnlib.save of a whole model): the values and options of a leaf, never a graph."""
        if self._parents:
            raise RuntimeError("only tensors made by the user (leaves) can be pickled, as in torch: "
                               "save t.detach() instead of a computed tensor")
        state = dict(vars(self))
        state.pop("_grad_tensor", None)
        state.pop("_modified_at", None)  # creation numbers belong to the process that made them
        return state

    def __setstate__(self, state):
        vars(self).update(state)
        self._id = next(_creation_counter)

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", prefix="tensor(")
        extras = ""
        if self.data.dtype not in (np.float32, np.int64, np.bool_):
            extras += f", dtype={self.data.dtype}"
        if self._parents:
            extras += f", grad_fn={self.grad_fn!r}"
        elif self.requires_grad:
            extras += ", requires_grad=True"
        return f"tensor({body}{extras})"

    # ------------------------------------------------------ graph plumbing
    def _wrap(self, data):
        """A plain Tensor around `data` (no copy, no graph): results that carry no gradient."""
        out = Tensor.__new__(Tensor)
        out.data = data
        out.requires_grad = False
        out._id = next(_creation_counter)
        return out

    def _result(self, data, parents, op):
        """Wrap an operation's output; record parents only if a gradient can flow."""
        out = Tensor.__new__(Tensor)
        out.data = data
        out._op = op
        out._id = next(_creation_counter)
        out.requires_grad = False
        if grad_mode.enabled:
            for p in parents:
                if p.requires_grad:
                    out.requires_grad = True
                    out._parents = parents
                    break
        return out

    def _mark_modified(self):
        """Note an in-place change: operations recorded before it that saved this tensor's values can no
        longer run their backward step."""
        self._modified_at = next(_creation_counter)

    def _version_at(self, time):
        """This tensor as an operation made at `time` saw it: before a later recorded in-place change
        (inplace.py), that is the node holding the old value, which keeps its own place in the graph."""
        for old, changed_at in self._versions:
            if time < changed_at:
                return old
        return self

    def _accumulate(self, g, fresh=False):
        """Add `g` (d loss / d self, possibly broadcast) to this tensor's gradient.

        fresh=True promises that nothing else refers to the array g (it was just
        computed, e.g. by a matrix product), so a leaf can keep it without a copy.
        """
        if not self.requires_grad:
            return
        if self._versions is not None and _consumer < self._modified_at:  # sent by an operation older than
            return self._version_at(_consumer)._accumulate(g, fresh)    # an in-place change: to the old value
        data = self.data
        if g.shape != data.shape:
            g = _unbroadcast(g, data.shape)
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
        if self._grad is None:
            # A leaf keeps its own copy: the same array may be handed to several
            # tensors (x + y passes dout to both), and users may edit p.grad.
            self._grad = g if fresh or self._parents else g.copy()
        elif self._parents:
            self._grad = self._grad + g
        else:
            self._grad += g  # a leaf owns its gradient array (copied above), so add in place

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
        return self._wrap(other)

    def backward(self, gradient=None, retain_graph=None, create_graph=False):
        """Fill `.grad` of every leaf that this tensor depends on.

        gradient: d(loss)/d(self). May be omitted only when self has one element (a
            scalar loss), in which case it is 1.
        retain_graph: keep the graph for another backward() through it. By default, as
            in torch, each operation's backward step runs once and is then freed.
        """
        if create_graph:
            raise NotImplementedError("nnlib does not differentiate gradients (create_graph=True): "
                                      "higher derivatives need PyTorch")
        if not self.requires_grad:
            raise RuntimeError(
                "backward() called on a tensor that does not require grad: "
                "none of its inputs has requires_grad=True (or it was made under no_grad())"
            )
        if gradient is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward() without a gradient needs a scalar (one-element) tensor, got "
                    f"shape {tuple(self.shape)}; reduce it first (e.g. .sum() or .mean()) or pass "
                    f"a gradient of shape {tuple(self.shape)}"
                )
            gradient = np.array(1, self.data.dtype).reshape(self.data.shape)  # d(loss)/d(loss) = 1
        else:
            if not isinstance(gradient, (Tensor, np.ndarray, numbers.Real)) or np.asarray(gradient).dtype.kind \
                    not in "biuf":
                raise TypeError(f"backward(gradient): gradients can be either Tensors or None, but got "
                                f"{type(gradient).__name__} {gradient!r:.40}")
            gradient = np.asarray(gradient.data if isinstance(gradient, Tensor) else gradient, dtype=self.dtype)
            if gradient.shape != self.data.shape:
                raise ShapeError(f"backward(gradient): Mismatch in shape: expected a gradient of shape "
                                 f"{tuple(self.shape)}, got {gradient.shape} (the shape of the tensor itself)")

        # Run each operation's backward step, newest first. An operation's output
        # is always made after its inputs, so by the time a tensor comes out of
        # the heap, every tensor that used it has added its share to its gradient.
        # Leaves need no step of their own: the operations that used them fill it.
        global _consumer  # the operation whose step runs: _accumulate needs it after in-place changes
        _consumer = sys.maxsize
        self._accumulate(gradient)
        if not self._parents:
            return  # backward() was called on a leaf: nothing to pass on
        pending, seen = [(-self._id, self)], {self}  # a heap: the newest tensor first
        while pending:
            node = heappop(pending)[1]
            step = node._backward
            if step is None:
                raise RuntimeError("backward() through this graph a second time: its steps were freed by the "
                                   "first backward(). Compute the loss again, or call backward(retain_graph=True) "
                                   "the first time")
            node._check_saved()
            for parent in node._parents:
                if parent._versions is not None:  # changed in place since: this operation used its old value
                    parent = parent._version_at(node._id)
                if parent._parents and parent not in seen:
                    seen.add(parent)
                    heappush(pending, (-parent._id, parent))
            _consumer = node._id
            step(node._grad)
            if not retain_graph:
                node._backward = None  # free the step (and the arrays it keeps), as torch frees its graph
            if not node._retain_grad:
                node._grad = None  # intermediate gradients are not needed any more
        _consumer = sys.maxsize

    def _check_saved(self):
        """Refuse to run this operation's backward step if a value it saved was changed in place since."""
        changed = self if self._saves_output and self._modified_at > self._id else None
        for t in self._parents if self._saved is None else self._saved:
            if t._modified_at > self._id:
                changed = t
        if changed is not None:
            which = "its own output" if changed is self else f"an input of shape {tuple(changed.shape)}"
            raise RuntimeError(f"one of the variables needed for gradient computation has been modified by an "
                               f"inplace operation: {which}, saved by '{self._op}' ({self.grad_fn.name()}) for its "
                               f"backward step, was changed in place (an optimizer step, +=, a load_state_dict) "
                               f"after '{self._op}' used it: call backward() before changing it, or compute "
                               f"again from the new values")

def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data`, as `torch.tensor`: [1., 2.] -> float32, [1, 2] -> int64."""
    from .dtypes import check_device

    check_device(device)
    if isinstance(data, Tensor):
        data = data.data
    return Tensor(np.array(_to_array(data, dtype)), requires_grad=requires_grad)
