"""Optimisers, with PyTorch's names and exactly PyTorch's update rules.

Usage, as in torch:

    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()          # forget the previous step's gradients
        loss = loss_fn(model(x), y)
        loss.backward()                # fill p.grad for every parameter
        optimizer.step()               # p <- p - lr * (something built from p.grad)

A parameter with `requires_grad=False` (frozen) gets no gradient and is skipped.
"""

import math

import numpy as np

from . import _checks
from .tensor import Tensor


class Optimizer:
    def __init__(self, params, lr, weight_decay):
        if hasattr(params, "parameters"):
            raise TypeError(f"{type(self).__name__} expected the parameters to train, got a "
                            f"{type(params).__name__}: pass model.parameters(), not the model itself")
        if isinstance(params, (Tensor, np.ndarray, str)) or not hasattr(params, "__iter__"):
            raise TypeError(f"{type(self).__name__}: params must be an iterable of Tensors such as "
                            f"model.parameters() or [w, b], got {type(params).__name__}"
                            + (" (wrap a single tensor in a list: [w])" if isinstance(params, Tensor) else ""))
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__} got an empty parameter list: pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor) or p.dtype.kind != "f":
                raise TypeError(f"{type(self).__name__}: params[{i}] must be a floating-point Tensor/Parameter, "
                                f"got {type(p).__name__}" + (f" of dtype {p.dtype}" if isinstance(p, Tensor) else ""))
        self._check("lr", lr, 0, low_ok=False)
        self._check("weight_decay", weight_decay, 0, low_ok=True)
        self.lr, self.weight_decay = lr, weight_decay

    def _check(self, name, value, low, low_ok, high=None):
        """Raise a ValueError naming the optimizer, the argument, its value and the allowed finite range."""
        _checks.number(name, value, type(self).__name__, low=low, low_open=not low_ok, high=high, high_open=True)

    def zero_grad(self):
        """Set every parameter's .grad to None (torch's default, set_to_none=True)."""
        for p in self.params:
            p.grad = None

    def _gradient(self, p):
        """p.grad, plus weight_decay * p.data if weight decay is on.

        L2 / weight decay: adding lambda/2 * sum(w^2) to the loss adds lambda * w to
        the gradient, which is what `weight_decay=lambda` does here (as in torch).
        """
        if self.weight_decay == 0:
            return p.grad
        return p.grad + float(self.weight_decay) * p.data


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum (torch's formulation).

    buf <- momentum * buf + g          (buf = g on the first step)
    w   <- w - lr * buf                (nesterov: w <- w - lr * (g + momentum * buf))
    """

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr, weight_decay)
        self._check("momentum", momentum, 0, low_ok=True, high=1)
        _checks.boolean("nesterov", nesterov, "SGD")
        if nesterov and momentum == 0:
            raise ValueError("SGD: nesterov=True needs a momentum > 0, got momentum=0")
        self.momentum, self.nesterov = momentum, nesterov
        self.buf = [None] * len(self.params)

    def step(self):
        lr, momentum = float(self.lr), float(self.momentum)  # Python floats keep float32 float32
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue  # frozen, or not used in this step's loss
            g = self._gradient(p)
            if momentum:
                if self.buf[i] is None:
                    self.buf[i] = g.copy()
                else:
                    self.buf[i] *= momentum
                    self.buf[i] += g
                g = g + momentum * self.buf[i] if self.nesterov else self.buf[i]
            p.data -= lr * g


class Adam(Optimizer):
    """Adam: momentum on the gradient (m) and a per-weight step size from its square (v).

    m <- beta1 * m + (1 - beta1) * g            first moment (mean of g)
    v <- beta2 * v + (1 - beta2) * g^2          second moment (mean of g^2)
    m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)    bias correction
    w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    m and v start at 0, so early averages are biased towards 0; dividing by
    (1 - beta^t) undoes that. weight_decay adds lambda * w to g (L2, as torch's Adam).
    """

    decoupled_weight_decay = False  # AdamW: decay the weights directly instead (see below)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr, weight_decay)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{type(self).__name__}: betas must be a pair (beta1, beta2) such as (0.9, 0.999), "
                             f"got {betas!r}")
        beta1, beta2 = betas
        self._check("betas[0]", beta1, 0, low_ok=True, high=1)
        self._check("betas[1]", beta2, 0, low_ok=True, high=1)
        self._check("eps", eps, 0, low_ok=True)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.t = [0] * len(self.params)

    def step(self):
        lr, beta1, beta2, eps = float(self.lr), float(self.beta1), float(self.beta2), float(self.eps)
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue  # frozen, or not used in this step's loss
            if self.decoupled_weight_decay:
                p.data *= 1 - lr * float(self.weight_decay)  # AdamW: w <- w - lr * weight_decay * w
                g = p.grad
            else:
                g = self._gradient(p)
            self.t[i] += 1
            t, m, v = self.t[i], self.m[i], self.v[i]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * (g * g)
            step_size = lr / (1 - beta1**t)
            denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + eps  # Python floats keep float32 float32
            p.data -= step_size * (m / denom)


class AdamW(Adam):
    """Adam with decoupled weight decay: w <- w - lr * weight_decay * w, then the Adam step.

    Unlike L2 (Adam's weight_decay), the decay does not pass through m and v, so every
    weight shrinks at the same rate whatever the size of its gradients.
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr, betas, eps, weight_decay)
