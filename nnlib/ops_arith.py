"""Arithmetic on tensors: + - * / ** @, with broadcasting, and the comparisons == != < <= > >=.

Each operation computes its output and attaches its chain-rule step right below.
Methods with torch's names (`add`, `mul`, `matmul`, `pow`, `eq`, ...) call the operators.
`out._saved` names the inputs whose values a backward step reads (see Tensor._check_saved):
x + y reads none, x * y reads y only if x needs a gradient, and x only if y does.
"""

import numpy as np

from . import _checks


def _apply(op, f, x, y):
    """f(x, y) for two arrays; shapes that cannot broadcast get torch's error, naming the operation."""
    try:
        return f(x, y)
    except ValueError:
        raise _checks.broadcast_error(f"'{op}'", np.shape(x), np.shape(y)) from None


def _needed(x, y):
    """The inputs a product's backward step reads: y to give x its gradient, x to give y its gradient."""
    return tuple(t for t, needs in ((y, x.requires_grad), (x, y.requires_grad)) if needs)


class ArithmeticOps:
    def __add__(self, other):
        other = self._as_operand(other)
        out = self._result(_apply("+", np.add, self.data, other.data), (self, other), "+")
        out._saved = ()

        def _backward(dout):  # d(x + y)/dx = 1, d(x + y)/dy = 1
            self._accumulate(dout)
            other._accumulate(dout)

        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._as_operand(other)
        out = self._result(_apply("-", np.subtract, self.data, other.data), (self, other), "-")
        out._saved = ()

        def _backward(dout):  # d(x - y)/dx = 1, d(x - y)/dy = -1
            self._accumulate(dout)
            other._accumulate(-dout)

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._as_operand(other)
        out = self._result(_apply("*", np.multiply, self.data, other.data), (self, other), "*")
        out._saved = _needed(self, other)

        def _backward(dout):  # d(x * y)/dx = y, d(x * y)/dy = x
            if self.requires_grad:
                self._accumulate(dout * other.data)
            if other.requires_grad:
                other._accumulate(dout * self.data)

        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._as_operand(other)
        out = self._result(_apply("/", np.true_divide, self.data, other.data), (self, other), "/")
        out._saved = (other, self) if other.requires_grad else (other,) if self.requires_grad else ()

        def _backward(dout):  # d(x / y)/dx = 1 / y, d(x / y)/dy = -x / y^2
            if self.requires_grad:
                self._accumulate(dout / other.data)
            if other.requires_grad:
                other._accumulate(-dout * self.data / (other.data * other.data))

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """x ** n for a number n, or x ** y for a tensor y (element-wise)."""
        if isinstance(exponent, np.generic):
            exponent = exponent.item()  # a Python number keeps float32 data float32
        if isinstance(exponent, (int, float)) and not isinstance(exponent, bool):
            return self._pow_number(exponent)
        exponent = self._as_operand(exponent)
        x, y = self.data, exponent.data
        with np.errstate(divide="ignore", invalid="ignore"):
            result = _apply("**", np.power, x, y)
        out = self._result(result, (self, exponent), "**")
        out._saves_output = True

        def _backward(dout):
            # d(x^y)/dx = y x^(y-1), zero where y = 0 (as torch, even at x = 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                if self.requires_grad:
                    self._accumulate(dout * np.where(y == 0, 0, y * x ** np.where(y == 0, 1, y - 1)))
                # d(x^y)/dy = x^y log(x), zero where x = 0 and y >= 0 (as torch: the limit, not nan)
                if exponent.requires_grad:
                    dy = np.where((x == 0) & (y >= 0), 0, result * np.log(np.where(x == 0, 1, x)))
                    exponent._accumulate(dout * dy)

        out._backward = _backward
        return out

    def _pow_number(self, n):
        with np.errstate(divide="ignore", invalid="ignore"):  # 0 ** -1 = inf, as in torch: no warning
            out = self._result(self.data**n, (self,), f"**{n}")

        def _backward(dout):  # d(x^n)/dx = n x^(n-1); for n = 0 the derivative is 0 (not 0 * 0^-1 = nan)
            if n == 0:
                self._accumulate(np.zeros_like(dout))
                return
            with np.errstate(divide="ignore", invalid="ignore"):
                self._accumulate(dout * n * self.data ** (n - 1))

        out._backward = _backward
        return out

    def __rpow__(self, base):
        """base ** x for a number base, e.g. 2 ** x."""
        return self._as_operand(base) ** self

    def __neg__(self):
        out = self._result(-self.data, (self,), "neg")
        out._saved = ()

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
        out._saved = _needed(self, other)

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

    def maximum(self, other):
        """Element-wise larger value. The gradient goes to the larger input; a tie splits it in half (torch)."""
        other = self._as_operand(other)
        x, y = self.data, other.data
        out = self._result(_apply("maximum", np.maximum, x, y), (self, other), "maximum")

        def _backward(dout):
            share = (x > y) + 0.5 * (x == y)
            self._accumulate(dout * share)
            other._accumulate(dout * (1 - share))

        out._backward = _backward
        return out

    def minimum(self, other):
        """Element-wise smaller value (the gradient as in maximum)."""
        return -((-self).maximum(-self._as_operand(other)))

    # ------------------------------------------- torch's method spellings
    def add(self, other, alpha=1):
        return self + (other if alpha == 1 else self._as_operand(other) * alpha)

    def sub(self, other, alpha=1):
        return self - (other if alpha == 1 else self._as_operand(other) * alpha)

    def mul(self, other):
        return self * other

    def div(self, other):
        return self / other

    def pow(self, exponent):
        return self**exponent

    def neg(self):
        return -self

    def matmul(self, other):
        return self @ other

    # --------------------------------------------------------- comparisons
    def _compare(self, other, compare):
        """Element-wise comparison: a bool tensor, never part of the graph (as in torch)."""
        if other is None or isinstance(other, str):
            return NotImplemented  # Python then falls back to identity: t == None is False
        other = other.data if hasattr(other, "_as_operand") else np.asarray(other)
        return self._wrap(_apply(compare.__name__, compare, self.data, other))

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def eq(self, other):
        return self == other

    def ne(self, other):
        return self != other

    def lt(self, other):
        return self < other

    def le(self, other):
        return self <= other

    def gt(self, other):
        return self > other

    def ge(self, other):
        return self >= other
