"""Layers: the building blocks of a network, named as in `torch.nn`.

Each is a `Module` (module.py); containers that hold layers are in containers.py.
"""

import math

import numpy as np

from . import _checks, init
from . import functional as F
from .module import Module, Parameter
from .tensor import Tensor


def _positive_int(name, value, layer):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{layer}: {name} must be a positive integer, got {value!r}")


class Linear(Module):
    """Fully connected layer: out = x @ weight.T + bias.

    x: (N, in_features) -> out: (N, out_features); also (in_features,) and (N, *, in_features).
    weight: (out_features, in_features), bias: (out_features,), as in torch.
    Initialisation (torch's default): weight and bias ~ U(-k, k), k = 1/sqrt(in_features).
    Re-initialise with `nnlib.nn.init` (e.g. `init.kaiming_normal_(layer.weight)`).
    """

    def __init__(self, in_features, out_features, bias=True, generator=None):
        _positive_int("in_features", in_features, "Linear")
        _positive_int("out_features", out_features, "Linear")
        _checks.boolean("bias", bias, "Linear")
        _checks.generator("generator", generator, "Linear")
        self.in_features, self.out_features = in_features, out_features
        k = 1.0 / math.sqrt(in_features)
        self.weight = init.uniform_(Parameter(np.empty((out_features, in_features), np.float32)), -k, k, generator)
        self.bias = init.uniform_(Parameter(np.empty(out_features, np.float32)), -k, k, generator) if bias else None

    def forward(self, x):
        try:
            return F.linear(x, self.weight, self.bias)  # checks the shape (once, not twice: speed)
        except ValueError:
            shape = np.shape(x)
            if len(shape) >= 1 and shape[-1] == self.in_features:
                raise  # not a shape problem: F.linear's message says what is wrong
            raise ValueError(f"Linear({self.in_features}, {self.out_features}) expected input of shape "
                             f"(N, {self.in_features}), got shape {tuple(shape)}") from None

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class ReLU(Module):
    """max(0, x), element-wise. Derivative 1 for x > 0, else 0."""

    def forward(self, x):
        return F.relu(x)


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise."""

    def __init__(self, negative_slope=0.01):
        _checks.number("negative_slope", negative_slope, "LeakyReLU")
        self.negative_slope = negative_slope

    def forward(self, x):
        return F.leaky_relu(x, self.negative_slope)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}"


class Sigmoid(Module):
    """1 / (1 + exp(-x)). Its derivative is at most 0.25 (at x = 0)."""

    def forward(self, x):
        return F.sigmoid(x)


class Tanh(Module):
    """tanh(x). Its derivative is at most 1 (at x = 0)."""

    def forward(self, x):
        return F.tanh(x)


class Identity(Module):
    """Returns its input unchanged (a placeholder layer)."""

    def forward(self, x):
        return x if isinstance(x, Tensor) else Tensor(x)


class Flatten(Module):
    """(N, d1, d2, ...) -> (N, d1 * d2 * ...), e.g. 8x8 images to 64 features.

    As in torch, dimensions start_dim..end_dim are merged (by default all but the batch dimension).
    """

    def __init__(self, start_dim=1, end_dim=-1):
        _checks.integer("start_dim", start_dim, "Flatten")
        _checks.integer("end_dim", end_dim, "Flatten")
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        x = x if isinstance(x, Tensor) else Tensor(x)
        if x.ndim < 2 and self.start_dim == 1:
            raise ValueError(f"Flatten expected input of shape (N, ...) with a batch dimension first, "
                             f"got shape {tuple(x.shape)}")
        return x.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(Module):
    """Randomly zero units with probability p while training (inverted dropout).

    p is the DROP probability; each unit is kept with q = 1 - p and survivors are
    scaled by 1/q, so the expected activation is unchanged. In eval mode this
    layer does nothing.
    """

    def __init__(self, p=0.5, generator=None):
        F.check_drop_probability(p)
        _checks.generator("generator", generator, "Dropout")
        self.p = p
        self.generator = generator

    def forward(self, x):
        if self.training:  # a fresh random mask every call
            return F.dropout(x, self.p, training=True, generator=self.generator)
        return x if isinstance(x, Tensor) else Tensor(x)

    def extra_repr(self):
        return f"p={self.p}"


class BatchNorm1d(Module):
    """Normalise each feature over the batch, then scale by weight (gamma) and shift by bias (beta).

    x: (N, num_features), or (N, num_features, L) as in torch (each feature is then normalised over
    N and L). Training mode uses the batch's statistics and updates running_mean / running_var;
    eval mode uses the running statistics.
    momentum: the weight of the new batch in the running statistics; None gives their plain
    average over all batches so far (momentum 1 / num_batches_tracked), as in torch.
    affine=False: no weight and bias (out = x_hat), as in torch.
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        _positive_int("num_features", num_features, "BatchNorm1d")
        _checks.number("eps", eps, "BatchNorm1d", low=0, low_open=True)
        if momentum is not None:
            _checks.number("momentum", momentum, "BatchNorm1d", low=0, high=1)
        _checks.boolean("affine", affine, "BatchNorm1d")
        self.num_features, self.eps, self.momentum, self.affine = num_features, eps, momentum, affine
        self.weight = Parameter(np.ones(num_features, np.float32)) if affine else None  # gamma
        self.bias = Parameter(np.zeros(num_features, np.float32)) if affine else None  # beta
        self.running_mean = Tensor(np.zeros(num_features, np.float32))
        self.running_var = Tensor(np.ones(num_features, np.float32))
        self.num_batches_tracked = Tensor(np.array(0, dtype=np.int64))  # as in torch's state_dict

    def forward(self, x):
        x = F._tensor(x)
        shape = x.shape
        if len(shape) not in (2, 3) or shape[1] != self.num_features:
            raise ValueError(f"BatchNorm1d({self.num_features}) expected input of shape "
                             f"(N, {self.num_features}) or (N, {self.num_features}, L), got shape {tuple(shape)}")
        momentum = self.momentum
        if self.training:
            self.num_batches_tracked.data += 1
            if momentum is None:  # a cumulative average: batch k counts 1/k
                momentum = 1.0 / int(self.num_batches_tracked.data)
        return F.batch_norm(x, self.running_mean.data, self.running_var.data, self.weight, self.bias,
                            self.training, 0.0 if momentum is None else momentum, self.eps)

    def extra_repr(self):
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"


class Softmax(Module):
    """Turn scores into probabilities along `dim`: exp(x) / sum(exp(x)), computed stably."""

    def __init__(self, dim=None):
        self.dim = dim

    def forward(self, x):
        return F.softmax(x, -1 if self.dim is None else self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """log(softmax(x)) along `dim`, computed as x - logsumexp(x): finite for any scores."""

    def __init__(self, dim=None):
        self.dim = dim

    def forward(self, x):
        return F.log_softmax(x, -1 if self.dim is None else self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
