"""`Module`, the base class of every layer and model, and `Parameter`, a weight to train.

A `Module` finds its parameters by looking at its own attributes: a `Parameter`
is a weight to train, any other `Tensor` is a buffer (state such as batch norm's
running statistics), and a `Module` is a sub-layer searched in turn.
"""

import numpy as np

from . import _checks
from .dtypes import as_dtype, check_device, cpu
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

    def zero_grad(self, set_to_none=True):
        """Forget every parameter's gradient: set it to None (torch's default) or to zeros."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad.zero_()

    def requires_grad_(self, requires_grad=True):
        """Freeze (False) or unfreeze (True) every parameter of this module."""
        _checks.boolean("requires_grad", requires_grad, f"{type(self).__name__}.requires_grad_")
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    def named_modules(self, prefix=""):
        """(name, module) for this module ('') and every module inside it, e.g. ('0', Linear(...))."""
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(prefix + ("." if prefix else "") + name)

    def apply(self, fn):
        """Call fn(m) on every sub-module and then on this one, e.g. to initialise weights."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def register_buffer(self, name, tensor):
        """Keep `tensor` as state that is saved in state_dict() but not trained (e.g. running statistics)."""
        setattr(self, name, tensor if isinstance(tensor, Tensor) or tensor is None else Tensor(tensor))

    def add_module(self, name, module):
        setattr(self, name, module)

    # ------------------------------------------------------- dtype, device
    def to(self, *args, dtype=None, device=None):
        """model.to(dtype), model.to(device), model.to(device, dtype): convert parameters and buffers in place.

        Floating parameters and buffers take the new dtype (counters stay integers); the
        device must be the CPU. The module itself is returned, as in torch.
        """
        for arg in args:
            if isinstance(arg, (str, type(cpu))):
                device = arg
            else:
                dtype = arg
        check_device(device)
        if dtype is not None:
            dtype = as_dtype(dtype)
            if dtype.kind != "f":
                raise TypeError(f"{type(self).__name__}.to() converts parameters to a floating-point dtype "
                                f"(e.g. nnlib.float64), got {dtype}: weights must stay floats (as in torch)")
            for _, t in self._named_tensors():
                if t.dtype.kind == "f" and t.dtype != dtype:
                    t.data = t.data.astype(dtype)
                    t.grad = None
        return self

    def double(self):
        return self.to(np.float64)

    def float(self):
        return self.to(np.float32)

    def cpu(self):
        return self

    def cuda(self, *args, **kwargs):
        check_device("cuda")

    # -------------------------------------------------------- state dicts
    def state_dict(self):
        """{name: Tensor} of all parameters and buffers, with torch's names and order.

        As in torch the tensors SHARE memory with the model: when training goes on, they
        change too. To keep a snapshot (the best weights so far), copy it:
        `best = copy.deepcopy(model.state_dict())`.
        """
        return {name: t.detach() for name, t in self._named_tensors()}

    def load_state_dict(self, state_dict, strict=True):
        """Copy values into this module's parameters and buffers, checking names and shapes.

        strict=True: the names must match exactly. Values are cast to each tensor's dtype.
        The model's tensors stay the same objects (an optimizer keeps working on them).
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
            raw, value = value, np.asarray(value.data if isinstance(value, Tensor) else value)
            if value.dtype.kind not in "biuf":
                raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}: While copying the "
                                   f"parameter named \"{name}\", expected a Tensor or Tensor-like object (an array "
                                   f"of numbers) from checkpoint but received {type(raw)} {_checks._short(raw)}")
            if value.shape != own[name].data.shape:
                raise ValueError(f"load_state_dict: '{name}' has shape {value.shape} in the state "
                                 f"dict but {own[name].data.shape} in the model")
            own[name].data[...] = value
            own[name]._mark_modified()
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
