"""Optimisers, with PyTorch's names and exactly PyTorch's update rules.

Usage, as in torch:

    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()          # forget the previous step's gradients
        loss = loss_fn(model(x), y)
        loss.backward()                # fill p.grad for every parameter
        optimizer.step()               # p <- p - lr * (something built from p.grad)

As in torch, the hyperparameters live in `optimizer.param_groups`, a list of dicts
(one per group of parameters): `optimizer.param_groups[0]["lr"] = 0.01` changes the
learning rate from the next step on (that is what a learning-rate scheduler does).
Per-parameter memory (momentum buffers, Adam's m and v) lives in `optimizer.state`.
A parameter with no gradient (frozen, or unused by the loss) is skipped.
"""

import copy
import math
import warnings

import numpy as np

from .. import _checks
from ..tensor import Tensor


class Optimizer:
    def __init__(self, params, defaults):
        name = type(self).__name__
        if hasattr(params, "parameters"):
            raise TypeError(f"{name} expected the parameters to train, got a {type(params).__name__}: "
                            f"pass model.parameters(), not the model itself")
        if isinstance(params, (Tensor, np.ndarray, str)) or not hasattr(params, "__iter__"):
            raise TypeError(f"{name}: params must be an iterable of Tensors such as model.parameters() or [w, b], "
                            f"got {type(params).__name__}"
                            + (" (wrap a single tensor in a list: [w])" if isinstance(params, Tensor) else ""))
        params = list(params)
        if not params:
            raise ValueError(f"{name} got an empty parameter list: pass model.parameters()")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.defaults = defaults
        self.param_groups = []
        self.state = {}  # parameter -> its memory, e.g. {"momentum_buffer": array}
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group):
        """Add {'params': [...], 'lr': ..., ...}; options left out take the optimiser's defaults."""
        name = type(self).__name__
        if not isinstance(group, dict) or "params" not in group:
            raise TypeError(f"{name}: a parameter group must be a dict with a 'params' list, got {group!r}")
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for i, p in enumerate(params):
            if not isinstance(p, Tensor) or p.dtype.kind != "f":
                raise TypeError(f"{name}: params[{i}] must be a floating-point Tensor/Parameter, got "
                                f"{type(p).__name__}" + (f" of dtype {p.dtype}" if isinstance(p, Tensor) else ""))
            if not p.is_leaf:
                raise ValueError(f"{name}: can't optimize a non-leaf Tensor: params[{i}] was computed by an "
                                 f"operation ({p.grad_fn.name()}); pass the weights themselves, e.g. "
                                 f"model.parameters() or a tensor made with requires_grad=True")
        if len({id(p) for p in params}) != len(params):
            warnings.warn(f"{name}: optimizer contains a parameter group with duplicate parameters; in future, this "
                          f"will cause an error (as torch warns): each step updates such a parameter twice",
                          UserWarning, stacklevel=3)
        taken = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in taken for p in params):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        unknown = set(group) - set(self.defaults) - {"params"}
        if unknown:
            raise TypeError(f"{name}: unknown option(s) {sorted(unknown)} in a parameter group; "
                            f"expected some of {sorted(self.defaults)}")
        group = {**self.defaults, **group, "params": params}
        self._check_group(group)
        self.param_groups.append(group)

    def _no_lr_attribute(self, *value):
        """optimizer.lr = 0.01 would change nothing (the step reads param_groups), so it is refused."""
        raise AttributeError(f"{type(self).__name__} keeps its learning rate in param_groups, as in torch: "
                             f"read or set optimizer.param_groups[0]['lr']")

    lr = property(_no_lr_attribute, _no_lr_attribute)

    def _check_group(self, group):
        self._check("lr", group["lr"], 0, low_ok=True)
        self._check("weight_decay", group["weight_decay"], 0, low_ok=True)
        _checks.boolean("maximize", group.get("maximize", False), type(self).__name__)

    def _check(self, name, value, low, low_ok, high=None):
        """Raise a ValueError naming the optimizer, the argument, its value and the allowed finite range."""
        _checks.number(name, value, type(self).__name__, low=low, low_open=not low_ok, high=high, high_open=True)

    def zero_grad(self, set_to_none=True):
        """Forget every parameter's gradient: set it to None (torch's default) or fill it with zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p._grad is None:
                    p._grad = p._grad_tensor = None  # what `p.grad = None` does, without its checks
                else:
                    p._grad[...] = 0

    def _gradient(self, p, weight_decay, maximize=False):
        """p's gradient (its negative with maximize=True: climb instead), plus weight_decay * p if on.

        L2 / weight decay: adding lambda/2 * sum(w^2) to the loss adds lambda * w to
        the gradient, which is what `weight_decay=lambda` does here (as in torch).
        """
        g = -p._grad if maximize else p._grad
        if weight_decay == 0:
            return g
        return g + float(weight_decay) * p.data

    def step(self):
        """One update of every parameter that has a gradient (frozen or unused ones have none)."""
        for group in self.param_groups:
            params = [p for p in group["params"] if p._grad is not None]
            if params:
                self._update_group(params, group)
            for p in params:
                p._mark_modified()  # as torch's in-place update: a graph built before it is stale

    # ----------------------------------------------------------- saving
    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}, as torch.

        Parameters appear as their position (0, 1, ...) across the groups, so the dict
        fits a new optimiser over a new copy of the same model.
        """
        index = {}
        groups = []
        for group in self.param_groups:
            ids = [index.setdefault(p, len(index)) for p in group["params"]]
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": ids})
        state = {index[p]: copy.deepcopy(s) for p, s in self.state.items() if p in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Take the hyperparameters and the per-parameter memory from `state_dict` (a copy of it)."""
        groups = state_dict.get("param_groups") if isinstance(state_dict, dict) else None
        if not isinstance(groups, list) or len(groups) != len(self.param_groups):
            raise ValueError(f"{type(self).__name__}.load_state_dict expected a dict from optimizer.state_dict() "
                             f"with {len(self.param_groups)} parameter group(s)")
        params = [p for group in self.param_groups for p in group["params"]]
        for group, saved in zip(self.param_groups, groups):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError("load_state_dict: a parameter group has a different number of parameters")
            group.update({k: v for k, v in saved.items() if k != "params"})
        self.state = {params[i]: copy.deepcopy(s) for i, s in state_dict.get("state", {}).items()}

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in group.items() if k != "params"]
        return "\n".join(lines + [")"])


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum (torch's formulation).

    buf <- momentum * buf + (1 - dampening) * g      (buf = g on the first step)
    w   <- w - lr * buf                              (nesterov: w <- w - lr * (g + momentum * buf))
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *,
                 maximize=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov, maximize=maximize))

    def _check_group(self, group):
        super()._check_group(group)
        self._check("momentum", group["momentum"], 0, low_ok=True, high=1)
        self._check("dampening", group["dampening"], 0, low_ok=True)
        _checks.boolean("nesterov", group["nesterov"], "SGD")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError(f"SGD: nesterov=True needs a momentum > 0 and dampening 0, got "
                             f"momentum={group['momentum']}, dampening={group['dampening']}")

    def _update_group(self, params, group):
        lr, momentum = float(group["lr"]), float(group["momentum"])  # Python floats keep float32 float32
        dampening, weight_decay, nesterov = float(group["dampening"]), group["weight_decay"], group["nesterov"]
        for p in params:
            g = self._gradient(p, weight_decay, group["maximize"])
            if momentum:
                state = self.state.setdefault(p, {})
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = state["momentum_buffer"] = g.copy()
                else:
                    buf *= momentum
                    buf += (1 - dampening) * g
                g = g + momentum * buf if nesterov else buf
            p.data -= lr * g


class Adam(Optimizer):
    """Adam: momentum on the gradient (m) and a per-weight step size from its square (v).

    m <- beta1 * m + (1 - beta1) * g            first moment (mean of g)
    v <- beta2 * v + (1 - beta2) * g^2          second moment (mean of g^2)
    m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)    bias correction
    w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    m and v start at 0, so early averages are biased towards 0; dividing by
    (1 - beta^t) undoes that. weight_decay adds lambda * w to g (L2, as torch's Adam).
    amsgrad=True (as torch): divide by the largest v_hat so far instead, so the step never grows
    back when gradients shrink. maximize=True climbs: g is replaced by -g.
    """

    decoupled_weight_decay = False  # AdamW: decay the weights directly instead (see below)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize))

    def _check_group(self, group):
        super()._check_group(group)
        betas = group["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{type(self).__name__}: betas must be a pair (beta1, beta2) such as (0.9, 0.999), "
                             f"got {betas!r}")
        self._check("betas[0]", betas[0], 0, low_ok=True, high=1)
        self._check("betas[1]", betas[1], 0, low_ok=True, high=1)
        self._check("eps", group["eps"], 0, low_ok=True)
        _checks.boolean("amsgrad", group["amsgrad"], type(self).__name__)

    def _update_group(self, params, group):
        lr, eps, weight_decay = float(group["lr"]), float(group["eps"]), float(group["weight_decay"])
        beta1, beta2 = (float(b) for b in group["betas"])
        amsgrad, maximize = group["amsgrad"], group["maximize"]
        for p in params:
            if self.decoupled_weight_decay:
                p.data *= 1 - lr * weight_decay  # AdamW: w <- w - lr * weight_decay * w
                g = self._gradient(p, 0, maximize)
            else:
                g = self._gradient(p, weight_decay, maximize)
            state = self.state.setdefault(p, {})
            if not state:  # first step: m and v start at 0, made now (so model.double() before it is fine)
                state.update(step=0, exp_avg=np.zeros_like(p.data), exp_avg_sq=np.zeros_like(p.data))
                if amsgrad:
                    state["max_exp_avg_sq"] = np.zeros_like(p.data)
            state["step"] += 1
            t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * (g * g)
            if amsgrad:  # the largest second moment so far
                v = np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
            step_size = lr / (1 - beta1**t)
            denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + eps  # Python floats keep float32 float32
            p.data -= step_size * (m / denom)


class AdamW(Adam):
    """Adam with decoupled weight decay: w <- w - lr * weight_decay * w, then the Adam step.

    Unlike L2 (Adam's weight_decay), the decay does not pass through m and v, so every
    weight shrinks at the same rate whatever the size of its gradients.
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


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

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, *,
                 maximize=False):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered, maximize=maximize))

    def _check_group(self, group):
        super()._check_group(group)
        self._check("alpha", group["alpha"], 0, low_ok=True, high=1)
        self._check("eps", group["eps"], 0, low_ok=True)
        self._check("momentum", group["momentum"], 0, low_ok=True)

    def _update_group(self, params, group):
        lr, alpha, eps, momentum = (float(group[k]) for k in ("lr", "alpha", "eps", "momentum"))
        for p in params:
            g = self._gradient(p, group["weight_decay"], group["maximize"])
            state = self.state.setdefault(p, {})
            if not state:  # first step: the running averages start at 0
                state.update(step=0, square_avg=np.zeros_like(p.data))
                if momentum:
                    state["momentum_buffer"] = np.zeros_like(p.data)
                if group["centered"]:
                    state["grad_avg"] = np.zeros_like(p.data)
            state["step"] += 1
            v = state["square_avg"]
            v *= alpha
            v += (1 - alpha) * (g * g)
            if group["centered"]:
                g_avg = state["grad_avg"]
                g_avg *= alpha
                g_avg += (1 - alpha) * g
                denom = np.sqrt(v - g_avg * g_avg) + eps
            else:
                denom = np.sqrt(v) + eps
            if momentum:
                buf = state["momentum_buffer"]
                buf *= momentum
                buf += g / denom
                p.data -= lr * buf
            else:
                p.data -= lr * (g / denom)
