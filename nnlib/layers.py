"""Layers: `Module` and the building blocks of a network, named as in `torch.nn`.

A `Module` finds its parameters by looking at its own attributes: a `Parameter`
is a weight to train, any other `Tensor` is a buffer (state such as batch norm's
running statistics), and a `Module` is a sub-layer searched in turn.
"""

import math

import numpy as np

from . import _checks, init
from . import functional as F
from .tensor import Tensor


class Parameter(Tensor):
    """A tensor that a Module trains: `requires_grad=True` unless told otherwise."""

    def __init__(self, data, requires_grad=True):
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()


class Module:
    """Base class of every layer and model.

    Subclasses set their parameters and sub-modules as attributes in __init__
    and define `forward`. Calling the module calls `forward`.
    """

    training = True

    def forward(self, *args):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # ----------------------------------------------------------- structure
    def named_children(self):
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value

    def children(self):
        return (m for _, m in self.named_children())

    def modules(self):
        yield self
        for child in self.children():
            yield from child.modules()

    def _named_tensors(self, prefix=""):
        """(name, tensor) for every parameter and buffer, module by module, as torch orders them:
        a module's own parameters, then its own buffers, then its children's."""
        own = [(name, value) for name, value in vars(self).items() if isinstance(value, Tensor)]
        for name, value in own:
            if isinstance(value, Parameter):
                yield prefix + name, value
        for name, value in own:
            if not isinstance(value, Parameter):
                yield prefix + name, value
        for name, child in self.named_children():
            yield from child._named_tensors(prefix + name + ".")

    def named_parameters(self):
        """(name, Parameter) pairs, e.g. ('0.weight', ...), in definition order."""
        return ((name, t) for name, t in self._named_tensors() if isinstance(t, Parameter))

    def parameters(self):
        return (p for _, p in self.named_parameters())

    def named_buffers(self):
        """(name, Tensor) pairs of state that is not trained, e.g. batch norm's running statistics."""
        return ((name, t) for name, t in self._named_tensors() if not isinstance(t, Parameter))

    # -------------------------------------------------------------- modes
    def train(self, mode=True):
        """Switch to training mode (dropout active, batch norm uses batch statistics)."""
        _checks.boolean("mode", mode, f"{type(self).__name__}.train")
        for m in self.modules():
            m.training = mode
        return self

    def eval(self):
        """Switch to evaluation mode (dropout off, batch norm uses running statistics)."""
        return self.train(False)

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None

    def requires_grad_(self, requires_grad=True):
        """Freeze (False) or unfreeze (True) every parameter of this module."""
        _checks.boolean("requires_grad", requires_grad, f"{type(self).__name__}.requires_grad_")
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    def to(self, dtype):
        """Convert every parameter and buffer to `dtype` in place (e.g. np.float64)."""
        for _, t in self._named_tensors():
            if not np.issubdtype(t.dtype, np.floating):
                continue  # counters stay integers
            t.data = t.data.astype(dtype)
            t.grad = None
        return self

    def double(self):
        return self.to(np.float64)

    def float(self):
        return self.to(np.float32)

    # -------------------------------------------------------- state dicts
    def state_dict(self):
        """Copies of all parameters and buffers as {name: np.ndarray}, with torch's names and order."""
        return {name: t.data.copy() for name, t in self._named_tensors()}

    def load_state_dict(self, state_dict, strict=True):
        """Copy values into this module's parameters and buffers, checking names and shapes.

        strict=True: the names must match exactly. Values are cast to each tensor's dtype.
        """
        _checks.boolean("strict", strict, "load_state_dict")
        if not isinstance(state_dict, dict):
            raise TypeError(f"load_state_dict expected a dict {{name: array}} such as model.state_dict(), "
                            f"got {type(state_dict).__name__}")
        own = dict(self._named_tensors())
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if strict and (missing or unexpected):
            raise ValueError(f"load_state_dict: the state dict does not fit this {type(self).__name__}: "
                             f"missing keys {missing}, unexpected keys {unexpected} "
                             f"(the model expects {list(own)})")
        for name, value in state_dict.items():
            if name not in own:
                continue
            value = np.asarray(value.data if isinstance(value, Tensor) else value)
            if value.shape != own[name].shape:
                raise ValueError(f"load_state_dict: '{name}' has shape {value.shape} in the state "
                                 f"dict but {own[name].shape} in the model")
            own[name].data[...] = value
        return self

    # ---------------------------------------------------------------- repr
    def extra_repr(self):
        return ""

    def __repr__(self):
        children = list(self.named_children())
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"  ({name}): " + repr(m).replace("\n", "\n  ") for name, m in children]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


def _positive_int(name, value, layer):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{layer}: {name} must be a positive integer, got {value!r}")


class Linear(Module):
    """Fully connected layer: out = x @ weight.T + bias.

    x: (N, in_features) -> out: (N, out_features)
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
            if len(shape) == 2 and shape[1] == self.in_features:
                raise  # not a shape problem: F.linear's message says what is wrong
            raise ValueError(f"Linear({self.in_features}, {self.out_features}) expected input of shape "
                             f"(N, {self.in_features}), got shape {shape}") from None

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
    """(N, d1, d2, ...) -> (N, d1 * d2 * ...), e.g. 8x8 images to 64 features."""

    def forward(self, x):
        x = x if isinstance(x, Tensor) else Tensor(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten expected input of shape (N, ...) with a batch dimension first, "
                             f"got shape {x.shape}")
        return x.reshape(x.shape[0], -1)


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

    x: (N, num_features). Training mode uses the batch's statistics and updates
    running_mean / running_var; eval mode uses the running statistics.
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        _positive_int("num_features", num_features, "BatchNorm1d")
        _checks.number("eps", eps, "BatchNorm1d", low=0, low_open=True)
        _checks.number("momentum", momentum, "BatchNorm1d", low=0, high=1)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.weight = Parameter(np.ones(num_features, np.float32))  # gamma
        self.bias = Parameter(np.zeros(num_features, np.float32))  # beta
        self.running_mean = Tensor(np.zeros(num_features, np.float32))
        self.running_var = Tensor(np.ones(num_features, np.float32))
        self.num_batches_tracked = Tensor(np.array(0, dtype=np.int64))  # as in torch's state_dict

    def forward(self, x):
        x = F._tensor(x)
        shape = x.shape
        if len(shape) != 2 or shape[1] != self.num_features:
            raise ValueError(f"BatchNorm1d({self.num_features}) expected input of shape "
                             f"(N, {self.num_features}), got shape {tuple(shape)}")
        if self.training:
            self.num_batches_tracked.data += 1
        return F.batch_norm(x, self.running_mean.data, self.running_var.data, self.weight, self.bias,
                            self.training, self.momentum, self.eps)

    def extra_repr(self):
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"


class Sequential(Module):
    """Layers applied one after another. Indexable: model[0] is the first layer."""

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if isinstance(layer, type) and issubclass(layer, Module):
                raise TypeError(f"Sequential: argument {i} is the class {layer.__name__}, not a layer: "
                                f"create one with {layer.__name__}(...)")
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential: argument {i} must be a Module, got {type(layer).__name__}")
        self.layers = list(layers)

    def named_children(self):
        return ((str(i), m) for i, m in enumerate(self.layers))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(*self.layers[index])
        return self.layers[index]

    def __setitem__(self, index, layer):
        self.layers[index] = layer

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def append(self, layer):
        self.layers.append(layer)
        return self
