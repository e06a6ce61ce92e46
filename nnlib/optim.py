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


class Optimizer:
    def __init__(self, params, lr, weight_decay):
        if hasattr(params, "parameters"):
            raise TypeError(f"{type(self).__name__} expected the parameters to train, got a "
                            f"{type(params).__name__}: pass model.parameters(), not the model itself")
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__} got an empty parameter list: pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{type(self).__name__}: params[{i}] must be a Tensor/Parameter, "
                                f"got {type(p).__name__}")
        self._check("lr", lr, 0, low_ok=False)
        self._check("weight_decay", weight_decay, 0, low_ok=True)
        self.lr, self.weight_decay = lr, weight_decay

    def _check(self, name, value, low, low_ok, high=None):
        """Raise a ValueError naming the optimizer, the argument, its value and the allowed range."""
        bad = not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool)
        bad = bad or (value < low if low_ok else value <= low) or (high is not None and value >= high)
        if bad:
            where = f"{'>=' if low_ok else '>'} {low}" + (f" and < {high}" if high is not None else "")
            raise ValueError(f"{type(self).__name__}: {name} must be a number {where}, got {value!r}")

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
        self._check("momentum", momentum, 0, low_ok=True)
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


class RMSprop(Optimizer):
    """RMSprop: divide each weight's gradient by a running root-mean-square of it (torch's rule).

    v <- alpha * v + (1 - alpha) * g^2          running mean of g^2, starts at 0
    w <- w - lr * g / (sqrt(v) + eps)

    The step between momentum and Adam: Adam adds a running mean of g (momentum)
    and bias correction on top. Options, as in torch: momentum (buf <- momentum *
    buf + g / (sqrt(v) + eps); w <- w - lr * buf, buf starts at 0), centered
    (divide by the running standard deviation sqrt(v - mean(g)^2) instead) and
    weight_decay (adds lambda * w to g).
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        super().__init__(params, lr, weight_decay)
        self._check("alpha", alpha, 0, low_ok=True, high=1)
        self._check("eps", eps, 0, low_ok=True)
        self._check("momentum", momentum, 0, low_ok=True)
        self.alpha, self.eps, self.momentum, self.centered = alpha, eps, momentum, bool(centered)
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.g_avg = [np.zeros_like(p.data) for p in self.params] if self.centered else None
        self.buf = [np.zeros_like(p.data) for p in self.params] if momentum else None

    def step(self):
        lr, alpha, eps, momentum = float(self.lr), float(self.alpha), float(self.eps), float(self.momentum)
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue  # frozen, or not used in this step's loss
            g = self._gradient(p)
            v = self.v[i]
            v *= alpha
            v += (1 - alpha) * (g * g)
            if self.centered:
                g_avg = self.g_avg[i]
                g_avg *= alpha
                g_avg += (1 - alpha) * g
                denom = np.sqrt(v - g_avg * g_avg) + eps
            else:
                denom = np.sqrt(v) + eps
            if momentum:
                self.buf[i] *= momentum
                self.buf[i] += g / denom
                p.data -= lr * self.buf[i]
            else:
                p.data -= lr * (g / denom)
