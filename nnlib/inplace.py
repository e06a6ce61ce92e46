"""In-place operations: `p -= lr * p.grad`, `add_`, `zero_`, `t[:, 1] = 0`, ...

They change the very array the tensor holds, so a model's weights really change
(Python's `p -= x` calls `p.__isub__(x)`, which must return p itself).

The rules are torch's:
- A leaf that requires grad (a weight) may be changed in place only inside
  `with nnlib.no_grad():`, since the change must not become part of the graph.
- Inside a graph (an intermediate tensor, or an operand that requires grad) the change
  is recorded: `c += c + 1` makes c the output of a new '+' node whose input is c's
  old value, exactly as `c = c + (c + 1)` would, and operations that used c before
  the change still send their gradient to the old value (tensor.py: `_version_at`).
- A tensor changed in place after an operation saved its values for the backward step
  (x in x * w, the output of exp) makes that step refuse to run: backward() says so.
Unlike torch, a change through a view inside a graph (v = y.reshape(-1); v *= 3) is
refused: the graph does not follow NumPy's views (see ops_shape._mark_views).
"""

import numpy as np

from . import _checks, grad_mode


def _assign(old, index, value, op):
    """old's values with old[index] replaced by value, as a graph node (torch's CopySlices; index ... : copy_)."""
    value = old._as_operand(value)
    data = old.data.copy()
    data[index] = value.data
    out = old._result(data, (old, value), op)
    out._saved = ()  # the backward step reads no values, only the index

    def _backward(dout):  # the replaced entries' gradient goes to value, the others' to old
        if old.requires_grad:
            g = dout.copy()
            g[index] = 0
            old._accumulate(g)
        if value.requires_grad:
            value._accumulate(dout[index])

    out._backward = _backward
    return out


class InPlaceOps:
    def _records(self, what, other=None):
        """True if this change must be recorded in the graph; a leaf that requires grad is refused, as in torch."""
        if not grad_mode.enabled:
            return False
        if self.requires_grad and not self._parents:
            raise RuntimeError(
                f"{what}: a leaf Variable that requires grad is being used in an in-place operation: this tensor "
                f"is a leaf that requires grad (e.g. a weight), so changing it in place would not be recorded; "
                f"do the update inside `with nnlib.no_grad():` (as in torch)")
        return self.requires_grad or bool(getattr(other, "requires_grad", False))

    def _record(self, what, change):
        """Make this tensor the output of change(old), where old is a new node holding its previous value."""
        if self._viewed:
            raise RuntimeError(f"{what}: this tensor shares its values with a view made in the graph (reshape, view, "
                               f"transpose, t[i:j]); torch records an in-place change through views, nnlib does not: "
                               f"write y = y + ... (a new tensor), or change a .clone()")
        old = self._wrap(self.data.copy())  # the value before the change, and the node that made it
        old._id, old.requires_grad, old._op = self._id, self.requires_grad, self._op
        old._parents, old._backward = self._parents, self._backward
        old._saved, old._saves_output = self._saved, self._saves_output
        out = change(old)
        if out.data.shape != self.data.shape:
            raise _checks.ShapeError(f"{what}: output with shape {list(self.shape)} doesn't match the broadcast "
                                     f"shape {list(out.shape)}: the operand does not fit a tensor of shape "
                                     f"{tuple(self.shape)} in place (it must broadcast to the tensor's shape)")
        if not np.can_cast(out.data.dtype, self.data.dtype, "same_kind"):
            raise TypeError(f"{what}: the result has dtype {out.dtype}, which cannot be stored in place in a tensor "
                            f"of dtype {self.dtype} (convert first, e.g. t = t.float())")
        self._write(what, out.data)
        old._modified_at = self._modified_at  # an array its step saved (exp's output) has changed
        self._versions = (self._versions or []) + [(old, self._modified_at)]
        self._parents, self._backward, self._op = out._parents, out._backward, out._op
        self._saved, self._saves_output = out._saved, out._saves_output
        self.requires_grad, self._grad, self._grad_tensor = out.requires_grad, None, None
        self._id = self._modified_at  # the new node is as new as the change
        return self

    def _write(self, what, values, ufunc=None):
        """self.data <- ufunc(self.data, values) in the same array; without a ufunc, copy values in."""
        if isinstance(self.data, np.generic):  # a NumPy number (a one-element result such as a sum): no array yet
            self.data = np.array(self.data)
        if not self.data.flags.writeable:
            raise ValueError(f"{what}: this tensor's data is read-only (e.g. a broadcast view): clone() it first")
        if ufunc is not None and not np.can_cast(np.result_type(self.data, values), self.data.dtype, "same_kind"):
            raise TypeError(f"{what}: the result for a tensor of dtype {self.dtype} and an operand of dtype "
                            f"{values.dtype} is {np.result_type(self.data, values)}, which cannot be stored in "
                            f"place (convert first, e.g. t = t.float())")
        try:
            if ufunc is None:
                np.copyto(self.data, values, casting="unsafe")  # copy_ converts any dtype, as torch
            else:
                ufunc(self.data, values, out=self.data)
        except ValueError:  # NumPy's broadcasting error
            try:
                shape = np.broadcast_shapes(self.data.shape, np.shape(values))
            except ValueError:
                raise _checks.broadcast_error(what, self.data.shape, np.shape(values)) from None
            raise _checks.ShapeError(f"{what}: output with shape {list(self.shape)} doesn't match the broadcast "
                                     f"shape {list(shape)}: an operand of shape {np.shape(values)} does not fit a "
                                     f"tensor of shape {tuple(self.shape)} in place (it must broadcast to the "
                                     f"tensor's shape)") from None
        self._mark_modified()
        return self

    def _inplace(self, what, other, ufunc, operation):
        """self <- operation(self, other) in place: recorded in the graph if needed, else on the array."""
        if self._records(what, other):
            return self._record(what, lambda old: operation(old, other))
        return self._write(what, other.data if isinstance(other, InPlaceOps) else np.asarray(other), ufunc)

    def __iadd__(self, other):
        return self._inplace("+=", other, np.add, lambda a, b: a + b)

    def __isub__(self, other):
        return self._inplace("-=", other, np.subtract, lambda a, b: a - b)

    def __imul__(self, other):
        return self._inplace("*=", other, np.multiply, lambda a, b: a * b)

    def __itruediv__(self, other):
        return self._inplace("/=", other, np.true_divide, lambda a, b: a / b)

    def add_(self, other, alpha=1):
        return self.__iadd__(other if alpha == 1 else self._as_operand(other) * alpha)

    def sub_(self, other, alpha=1):
        return self.__isub__(other if alpha == 1 else self._as_operand(other) * alpha)

    def mul_(self, other):
        return self.__imul__(other)

    def div_(self, other):
        return self.__itruediv__(other)

    def copy_(self, src):
        """Copy src's values into this tensor (broadcast to its shape, cast to its dtype)."""
        if self._records("copy_", src):
            return self._record("copy_", lambda old: _assign(old, ..., src, "copy_"))
        return self._write("copy_", src.data if isinstance(src, InPlaceOps) else np.asarray(src))

    def fill_(self, value):
        if self._records("fill_", value):
            return self._record("fill_", lambda old: _assign(old, ..., value, "fill_"))
        return self._write("fill_", value.data if isinstance(value, InPlaceOps) else np.asarray(value))

    def zero_(self):
        return self.fill_(0)

    def clamp_(self, min=None, max=None):
        if self._records("clamp_"):
            return self._record("clamp_", lambda old: old.clamp(min, max))
        np.clip(self.data, -np.inf if min is None else min, np.inf if max is None else max, out=self.data)
        self._mark_modified()
        return self

    def __setitem__(self, index, value):
        """t[index] = value, in place (t[:, 1] = 0, t[mask] = 1.5)."""
        what = "item assignment t[...] = value"
        index = self._plain_index(index)
        if self._records(what, value):
            self._record(what, lambda old: _assign(old, index, value, "copy_slices"))
            return
        self.data[index] = value.data if isinstance(value, InPlaceOps) else value
        self._mark_modified()
