"""Element-wise maths on tensors: exp, log, sqrt, abs, clamp and the activation functions.

Each method computes its output and attaches its chain-rule step right below.
softmax and log_softmax are fused operations (one node each), offered by nnlib.functional too.
`out._saves_output` marks the steps that read their own output (exp, relu, ...): changing that
output in place before backward() makes backward() refuse, as in torch.
"""

import numpy as np

from . import _checks


class ElementwiseOps:
    def exp(self):
        e = np.exp(self.data)
        out = self._result(e, (self,), "exp")
        out._saved, out._saves_output = (), True  # the step reads the output

        def _backward(dout):
            self._accumulate(dout * e)  # d exp(x) / dx = exp(x)

        out._backward = _backward
        return out

    def log(self):
        with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf, log(-1) = nan, as in torch
            out = self._result(np.log(self.data), (self,), "log")

        def _backward(dout):
            with np.errstate(divide="ignore"):
                self._accumulate(dout / self.data)  # d log(x) / dx = 1 / x

        out._backward = _backward
        return out

    def sqrt(self):
        with np.errstate(invalid="ignore"):
            root = np.sqrt(self.data)
        out = self._result(root, (self,), "sqrt")
        out._saved, out._saves_output = (), True  # the step reads the output

        def _backward(dout):
            with np.errstate(divide="ignore"):
                self._accumulate(dout * 0.5 / root)  # d sqrt(x) / dx = 1 / (2 sqrt(x)), inf at 0 as in torch

        out._backward = _backward
        return out

    def abs(self):
        out = self._result(np.abs(self.data), (self,), "abs")

        def _backward(dout):
            self._accumulate(dout * np.sign(self.data))  # slope -1 or 1; 0 at x = 0, as in torch

        out._backward = _backward
        return out

    __abs__ = abs

    def clamp(self, min=None, max=None):
        """Limit every value to [min, max] (either may be None). Gradient 1 inside, 0 outside."""
        if min is None and max is None:
            raise ValueError("clamp needs at least one of min and max")
        low = -np.inf if min is None else min
        high = np.inf if max is None else max
        out = self._result(np.clip(self.data, low, high).astype(self.dtype, copy=False), (self,), "clamp")

        def _backward(dout):  # torch: the gradient passes where min <= x <= max (both ends included)
            self._accumulate(dout * ((self.data >= low) & (self.data <= high)))

        out._backward = _backward
        return out

    clip = clamp

    def relu(self):
        out_data = np.maximum(self.data, 0)
        out = self._result(out_data, (self,), "relu")
        out._saved, out._saves_output = (), True  # the step reads the output

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
        out._saved, out._saves_output = (), True  # the step reads the output

        def _backward(dout):
            self._accumulate(dout * s * (1 - s))  # sigma' = sigma (1 - sigma) <= 0.25

        out._backward = _backward
        return out

    def tanh(self):
        t = np.tanh(self.data)
        out = self._result(t, (self,), "tanh")
        out._saved, out._saves_output = (), True  # the step reads the output

        def _backward(dout):
            self._accumulate(dout * (1 - t * t))  # tanh' = 1 - tanh^2

        out._backward = _backward
        return out

    def softmax(self, dim=-1):
        """exp(x) / sum(exp(x)) along `dim`, computed stably: the probabilities along dim sum to 1.

        x: any shape, e.g. (N, C) with dim=-1 -> same shape.
        """
        dim = self._softmax_dim(dim, "softmax")
        e = np.exp(self.data - self.data.max(axis=dim, keepdims=True, initial=-np.inf))  # largest becomes 1
        with np.errstate(invalid="ignore", divide="ignore"):  # (only an empty dim divides by 0: no values)
            p = e / e.sum(axis=dim, keepdims=True)
        out = self._result(p, (self,), "softmax")
        out._saved, out._saves_output = (), True

        def _backward(dout):  # dx_i = p_i (dout_i - sum_j dout_j p_j)
            self._accumulate(p * (dout - (dout * p).sum(axis=dim, keepdims=True)))

        out._backward = _backward
        return out

    def log_softmax(self, dim=-1):
        """log(softmax(x)) computed as x - logsumexp(x): finite even for logits of +-5000."""
        dim = self._softmax_dim(dim, "log_softmax")
        shifted = self.data - self.data.max(axis=dim, keepdims=True, initial=-np.inf)  # largest entry becomes 0
        with np.errstate(divide="ignore"):  # (only an empty dim takes log(0): no values)
            logp = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        out = self._result(logp, (self,), "log_softmax")
        out._saved, out._saves_output = (), True

        def _backward(dout):  # dx_i = dout_i - p_i sum_j dout_j, with p = softmax(x)
            p = np.exp(logp)
            self._accumulate(dout - p * dout.sum(axis=dim, keepdims=True))

        out._backward = _backward
        return out

    def _softmax_dim(self, dim, where):
        if dim is None:
            raise TypeError(f"{where}: dim must be given (e.g. dim=1 for the classes of (N, C) scores), got None")
        _checks.floating("input", self.dtype, where)
        return _checks.dim(dim, self.data.ndim, where)
