"""In-place operations: `p -= lr * p.grad`, `add_`, `zero_`, `t[:, 1] = 0`, ...

They change the very array the tensor holds, so a model's weights really change
(Python's `p -= x` calls `p.__isub__(x)`, which must return p itself).

The rules are torch's:
- A leaf that requires grad (a weight) may be changed in place only inside
  `with nnlib.no_grad():`, since the change must not become part of the graph.
- A tensor changed in place after an operation used it makes that operation's
  backward step refuse to run (its saved values would be stale); backward() says so.
nnlib does not record in-place operations in a graph: inside one, write y = y + 1.
"""

import numpy as np

from . import grad_mode


class InPlaceOps:
    def _check_inplace(self, what):
        if self.requires_grad and grad_mode.enabled:
            if not self._parents:
                raise RuntimeError(
                    f"{what}: this tensor is a leaf that requires grad (e.g. a weight), so changing it in place "
                    f"would not be recorded; do the update inside `with nnlib.no_grad():` (as in torch)")
            raise RuntimeError(
                f"{what}: nnlib does not record in-place changes of a tensor that is part of a graph; "
                f"write y = y + ... (a new tensor) instead")

    def _inplace(self, what, other, ufunc=None):
        """self.data <- ufunc(self.data, other) in the same array; without a ufunc, copy other in."""
        self._check_inplace(what)
        if not self.data.flags.writeable:
            raise ValueError(f"{what}: this tensor's data is read-only (e.g. a broadcast view): clone() it first")
        other = other.data if isinstance(other, InPlaceOps) else np.asarray(other)
        if ufunc is not None and not np.can_cast(np.result_type(self.data, other), self.data.dtype, "same_kind"):
            raise TypeError(f"{what}: the result for a tensor of dtype {self.dtype} and an operand of dtype "
                            f"{other.dtype} is {np.result_type(self.data, other)}, which cannot be stored in place "
                            f"(convert first, e.g. t = t.float())")
        try:
            if ufunc is None:
                np.copyto(self.data, other, casting="unsafe")  # copy_ converts any dtype, as torch
            else:
                ufunc(self.data, other, out=self.data)
        except ValueError:  # NumPy's broadcasting error
            raise ValueError(f"{what}: an operand of shape {other.shape} does not fit a tensor of shape "
                             f"{tuple(self.shape)} in place (it must broadcast to the tensor's shape)") from None
        self._mark_modified()
        return self

    def __iadd__(self, other):
        return self._inplace("+=", other, np.add)

    def __isub__(self, other):
        return self._inplace("-=", other, np.subtract)

    def __imul__(self, other):
        return self._inplace("*=", other, np.multiply)

    def __itruediv__(self, other):
        return self._inplace("/=", other, np.true_divide)

    def add_(self, other, alpha=1):
        return self._inplace("add_", other if alpha == 1 else np.asarray(other) * alpha, np.add)

    def sub_(self, other, alpha=1):
        return self._inplace("sub_", other if alpha == 1 else np.asarray(other) * alpha, np.subtract)

    def mul_(self, other):
        return self._inplace("mul_", other, np.multiply)

    def div_(self, other):
        return self._inplace("div_", other, np.true_divide)

    def copy_(self, src):
        """Copy src's values into this tensor (broadcast to its shape, cast to its dtype)."""
        return self._inplace("copy_", src)

    def fill_(self, value):
        return self._inplace("fill_", value)

    def zero_(self):
        return self._inplace("zero_", 0)

    def clamp_(self, min=None, max=None):
        self._check_inplace("clamp_")
        np.clip(self.data, -np.inf if min is None else min, np.inf if max is None else max, out=self.data)
        self._mark_modified()
        return self

    def __setitem__(self, index, value):
        """t[index] = value, in place (t[:, 1] = 0, t[mask] = 1.5)."""
        self._check_inplace("item assignment t[...] = value")
        self.data[self._plain_index(index)] = value.data if isinstance(value, InPlaceOps) else value
        self._mark_modified()
