"""Exercise of notebook 13: an nnlib model and its training loop, rewritten in PyTorch.

The reference is PyTorch code (it imports torch itself); where torch is not installed the
check says so instead of running (check.py turns the ImportError into a verdict).
"""

import numpy as np

from .. import nn
from .compare import Problem
from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 13.torch_training


def train_in_torch(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64.

    nnlib:  model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10))
            model.load_state_dict(state); optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
            one step per batch: loss = nn.CrossEntropyLoss()(model(xb), yb), zero_grad, backward, step.
    state: that model's state_dict(), {name: float64 NumPy array}; batches: a list of (xb, yb) NumPy
    pairs, xb: (B, 64) float64, yb: (B,) int64; lr: the learning rate.
    Returns losses (a list of floats, one per batch) and the trained torch model.
    """
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({name: torch.from_numpy(w) for name, w in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def nnlib_model(seed=0):
    """The exercise's nnlib model, in float64, with seeded weights."""
    rng = np.random.default_rng(seed)
    model = nn.Sequential(nn.Linear(64, 32, generator=rng), nn.BatchNorm1d(32), nn.Tanh(),
                          nn.Linear(32, 10, generator=rng)).double()
    model[1].weight.data[...] = rng.uniform(0.5, 1.5, size=32)    # a batch norm that has been trained a little
    model[1].bias.data[...] = rng.normal(0, 0.1, size=32)
    model[1].running_mean.data[...] = rng.normal(0, 0.5, size=32)   # statistics from earlier training
    model[1].running_var.data[...] = rng.uniform(0.5, 2.0, size=32)
    return model


_LAYERS = "Linear(64, 32), BatchNorm1d(32), Tanh(), Linear(32, 10)"


def _shapes(tensors):
    return [tuple(t.shape) for t in tensors]


def _torch_observe(result, arguments):
    """(losses, the trained parameters, the running statistics), each as one array in the model's order.

    Parameters and buffers are matched by their order and shapes, not by their names, so any model
    with nnlib's layers in nnlib's order is accepted (a Sequential, or an nn.Module of your own).
    """
    if result is None:
        return None
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        what = f"{len(result)} values" if isinstance(result, (tuple, list)) else f"one {type(result).__name__}"
        raise Problem(f"returned {what}; expected 2 values: return losses, model")
    losses, model = result
    if isinstance(losses, (list, tuple)) and any(hasattr(loss, "backward") for loss in losses):
        raise Problem("returned loss tensors; expected Python floats: append loss.item(), which also lets "
                      "each step's graph go")
    if not hasattr(model, "parameters") or not hasattr(model, "buffers"):
        raise TypeError(f"the second value should be the torch model, got {type(model).__name__}")
    reference = nnlib_model()
    params = list(model.parameters())
    buffers = [b for b in model.buffers() if b.dtype.is_floating_point]
    names = {name for name, _ in reference.named_parameters()}
    statistics = [t for name, t in reference.state_dict().items() if name not in names and t.data.dtype.kind == "f"]
    expected = _shapes(reference.parameters()), _shapes(statistics)
    if _shapes(params) != expected[0] or _shapes(buffers) != expected[1]:
        raise ValueError(f"the model's parameters have the shapes {_shapes(params)} and its running statistics "
                         f"{_shapes(buffers)}; expected {expected[0]} and {expected[1]}, the layers {_LAYERS} "
                         "in this order")

    def flat(tensors):
        return np.concatenate([np.asarray(t.detach().cpu().numpy(), dtype=np.float64).ravel() for t in tensors])

    return losses, flat(params), flat(buffers)


def _torch_cases():
    from ..data import load_digits
    X, y = load_digits()
    X = X.astype(np.float64)

    def batches(start, sizes):
        out, i = [], start
        for size in sizes:
            out.append((X[i:i + size], y[i:i + size]))
            i += size
        return out

    def weights(seed):  # nnlib's state_dict() holds tensors sharing the model's memory: hand out array copies
        return {name: t.numpy().copy() for name, t in nnlib_model(seed).state_dict().items()}

    return [
        Case("3 batches of 16 digits, lr 0.1", (weights(0), batches(0, [16, 16, 16]), 0.1)),
        Case("batches of 2 (the smallest for batch norm) and 40, lr 0.5", (weights(1), batches(100, [2, 40, 2]), 0.5)),
        Case("one batch of 64, lr 0.01", (weights(2), batches(300, [64]), 0.01)),
    ]


def _torch_model(activation="tanh"):
    import torch
    act = torch.nn.Tanh() if activation == "tanh" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), act, torch.nn.Linear(32, 10))
    return model.double()


def _torch_loop(state, batches, lr, *, activation="tanh", zero_grad=True, softmax=False, train=True, step=True):
    """The reference loop with one thing changed: the `like=` functions of the mistakes."""
    import torch
    model = _torch_model(activation)
    model.load_state_dict({name: torch.from_numpy(w) for name, w in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    model.train(train)
    losses = []
    for xb, yb in batches:
        out = model(torch.from_numpy(xb))
        if softmax:
            out = torch.softmax(out, dim=1)
        loss = torch.nn.functional.cross_entropy(out, torch.from_numpy(yb))
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        if step:
            optimizer.step()
        losses.append(loss.item())
    return losses, model


def _no_zero_grad(state, batches, lr):
    return _torch_loop(state, batches, lr, zero_grad=False)


def _softmax_first(state, batches, lr):
    return _torch_loop(state, batches, lr, softmax=True)


def _eval_mode(state, batches, lr):
    return _torch_loop(state, batches, lr, train=False)


def _relu(state, batches, lr):
    return _torch_loop(state, batches, lr, activation="relu")


def _no_step(state, batches, lr):
    return _torch_loop(state, batches, lr, step=False)


TORCH_TRAINING = Exercise(
    id="13.torch_training",
    task="the model and training loop in PyTorch",
    reference=train_in_torch,
    cases=_torch_cases,
    returns=("losses", "trained weights", "running statistics"),
    observe=_torch_observe,
    tolerances={"losses": (2e-7, 1e-9)},   # loss values handed back as a float32 tensor are fine
    time_limit=5.0,
    mistakes=(
        Mistake("gradients that pile up: optimizer.zero_grad() is missing",
                "torch adds each backward() to .grad, as nnlib does: call optimizer.zero_grad() before "
                "loss.backward() in every step.", like=_no_zero_grad),
        Mistake("weights that never change: optimizer.step() is missing (or zero_grad() runs between backward() "
                "and step())", "The order is zero_grad(), backward(), step().", like=_no_step),
        Mistake("a softmax before CrossEntropyLoss",
                "torch.nn.CrossEntropyLoss takes the raw logits, like nnlib's: it applies log-softmax itself.",
                like=_softmax_first),
        Mistake("the model in evaluation mode while training",
                "Call model.train(): in eval mode batch norm uses its running statistics and does not update them.",
                like=_eval_mode),
        Mistake("ReLU where the nnlib model has Tanh",
                "Copy the layers in order: Linear(64, 32), BatchNorm1d(32), Tanh(), Linear(32, 10).", like=_relu),
    ),
    hint="The same layers with the same names in the same order (torch.nn.Linear, torch.nn.BatchNorm1d, "
         "torch.nn.Tanh), then .double(). Load the weights with torch.from_numpy on every array of state; the "
         "loop is train_torch's from section 1.",
    explanation="The layers have the same names in both libraries, so nnlib's state_dict keys ('0.weight', "
                "'1.running_mean', ...) load straight into the torch model. torch.from_numpy turns each array and "
                "batch into a tensor without copying. In float64 both libraries compute the same numbers, so the "
                "check compares every loss and every trained weight with tight tolerances.",
)

EXERCISES = (TORCH_TRAINING,)
