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

from .tensor import Tensor


def _check(name, value, low, low_ok, high=None):
    bad = not isinstance(value, (int, float, np.floating)) or isinstance(value, bool)
    bad = bad or (value < low if low_ok else value <= low) or (high is not None and value >= high)
    if bad:
        where = f"{'>=' if low_ok else '>'} {low}" + (f" and < {high}" if high is not None else "")
        raise ValueError(f"{name} must be a number {where}, got {value!r}")


class Optimizer:
    def __init__(self, params, lr, weight_decay):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list: pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer params[{i}] must be a Tensor/Parameter, got {type(p).__name__}")
        _check("lr", lr, 0, low_ok=False)
        _check("weight_decay", weight_decay, 0, low_ok=True)
        self.lr, self.weight_decay = lr, weight_decay

    def zero_grad(self):
        """Set every parameter's .grad to None (torch's default, set_to_none=True)."""
        for p in self.params:
            p.grad = None

    def _gradients(self):
        """(index, parameter, gradient) for every parameter that has a gradient.

        L2 / weight decay: adding lambda/2 * sum(w^2) to the loss adds lambda * w to
        the gradient, which is what `weight_decay=lambda` does here (as in torch).
        """
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue  # frozen, or not used in this step's loss
            g = p.grad if self.weight_decay == 0 else p.grad + self.weight_decay * p.data
            yield i, p, g


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum (torch's formulation).

    buf <- momentum * buf + g          (buf = g on the first step)
    w   <- w - lr * buf                (nesterov: w <- w - lr * (g + momentum * buf))
    """

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr, weight_decay)
        _check("momentum", momentum, 0, low_ok=True)
        if nesterov and momentum == 0:
            raise ValueError("nesterov=True needs a momentum > 0")
        self.momentum, self.nesterov = momentum, nesterov
        self.buf = [None] * len(self.params)

    def step(self):
        for i, p, g in self._gradients():
            if self.momentum:
                if self.buf[i] is None:
                    self.buf[i] = g.copy()
                else:
                    self.buf[i] *= self.momentum
                    self.buf[i] += g
                g = g + self.momentum * self.buf[i] if self.nesterov else self.buf[i]
            p.data -= self.lr * g


class Adam(Optimizer):
    """Adam: momentum on the gradient (m) and a per-weight step size from its square (v).

    m <- beta1 * m + (1 - beta1) * g            first moment (mean of g)
    v <- beta2 * v + (1 - beta2) * g^2          second moment (mean of g^2)
    m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)    bias correction
    w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    m and v start at 0, so early averages are biased towards 0; dividing by
    (1 - beta^t) undoes that. weight_decay adds lambda * w to g (L2, as torch's Adam).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr, weight_decay)
        beta1, beta2 = betas
        _check("betas[0]", beta1, 0, low_ok=True, high=1)
        _check("betas[1]", beta2, 0, low_ok=True, high=1)
        _check("eps", eps, 0, low_ok=True)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.t = [0] * len(self.params)

    def step(self):
        for i, p, g in self._gradients():
            self.t[i] += 1
            t, m, v = self.t[i], self.m[i], self.v[i]
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * (g * g)
            step_size = self.lr / (1 - self.beta1**t)
            denom = np.sqrt(v) / math.sqrt(1 - self.beta2**t) + self.eps  # math: keep float32
            p.data -= step_size * (m / denom)


class AdamW(Adam):
    """Adam with decoupled weight decay: w <- w - lr * weight_decay * w, then the Adam step."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr, betas, eps, weight_decay=0.0)
        _check("weight_decay", weight_decay, 0, low_ok=True)
        self.decoupled_weight_decay = weight_decay

    def step(self):
        for p in self.params:
            if p.grad is not None:
                p.data *= 1 - self.lr * self.decoupled_weight_decay
        super().step()
