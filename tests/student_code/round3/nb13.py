"""Blind student code for notebook 13 (torch_training) (round 3), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
from collections import OrderedDict

import numpy as np
import torch

EX = "13.torch_training"


def _model():
    return torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                               torch.nn.Linear(32, 10))


# ---------------------------------------------------------------- RIGHT
def train_in_torch_plain(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
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


def train_in_torch_functional(state, batches, lr):
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 32, dtype=torch.float64), torch.nn.BatchNorm1d(32, dtype=torch.float64),
        torch.nn.Tanh(), torch.nn.Linear(32, 10, dtype=torch.float64))
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()}, strict=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        x = torch.as_tensor(xb, dtype=torch.float64)
        t = torch.as_tensor(yb, dtype=torch.long)
        loss = torch.nn.functional.cross_entropy(model(x), t)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(float(loss))
    return losses, model


def train_in_torch_manual(state, batches, lr):
    # autograd for the gradients, the momentum update by hand (torch's rule: buf = g first, then 0.9 buf + g)
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})
    bufs = {}
    losses = []
    for xb, yb in batches:
        for p in model.parameters():
            p.grad = None
        loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        with torch.no_grad():
            for name, p in model.named_parameters():
                if name not in bufs:
                    bufs[name] = p.grad.clone()
                else:
                    bufs[name].mul_(0.9).add_(p.grad)
                p -= lr * bufs[name]
        losses.append(loss.item())
    return losses, model


# ---------------------------------------------------------------- WRONG
def train_in_torch_float32(state, batches, lr):
    model = _model()                                  # stays float32
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb).float()), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_no_zero(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_no_momentum(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_eval(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    model.eval()                                      # batch norm now uses the running statistics
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_bn_momentum(state, batches, lr):
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32, momentum=0.9), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()   # Keras-style momentum
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_bn_eps(state, batches, lr):
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32, eps=1e-3), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()   # Keras default eps
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_shared_memory(state, batches, lr):
    # puts the caller's arrays straight into the model: training then overwrites `state`
    model = _model().double()
    for name, module in model.named_children():
        for attr in ("weight", "bias"):
            key = f"{name}.{attr}"
            if key in state:
                setattr(module, attr, torch.nn.Parameter(torch.from_numpy(state[key])))
        for attr in ("running_mean", "running_var", "num_batches_tracked"):
            key = f"{name}.{attr}"
            if key in state:
                setattr(module, attr, torch.from_numpy(np.asarray(state[key])))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_named_nonstrict(state, batches, lr):
    torch.manual_seed(0)  # added for the test: the layers' own random weights are what this code trains
    model = torch.nn.Sequential(OrderedDict([
        ("fc1", torch.nn.Linear(64, 32)), ("bn", torch.nn.BatchNorm1d(32)), ("act", torch.nn.Tanh()),
        ("fc2", torch.nn.Linear(32, 10))])).double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_params_only(state, batches, lr):
    model = _model().double()
    with torch.no_grad():
        for name, p in model.named_parameters():      # buffers (running stats) never copied
            p.copy_(torch.from_numpy(np.asarray(state[name])))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_sum(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_zero_after_backward(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_momentum_dampening(state, batches, lr):
    model = _model().double()
    model.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, dampening=0.9)  # "EMA" momentum
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


RIGHT = {EX: [train_in_torch_plain, train_in_torch_functional, train_in_torch_manual]}
WRONG = {EX: [
    (train_in_torch_float32, "keeps the torch model in float32 and casts the inputs to float32"),
    (train_in_torch_no_zero, "never calls zero_grad"),
    (train_in_torch_no_momentum, "SGD without momentum=0.9"),
    (train_in_torch_eval, "model.eval() before training: batch norm uses running stats"),
    (train_in_torch_bn_momentum, "BatchNorm1d(momentum=0.9), Keras convention"),
    (train_in_torch_bn_eps, "BatchNorm1d(eps=1e-3), Keras default"),
    (train_in_torch_shared_memory, "puts the caller's state arrays into the model via from_numpy: mutates state"),
    (train_in_torch_named_nonstrict, "named layers + strict=False: weights silently not loaded"),
    (train_in_torch_params_only, "copies only parameters, not the running statistics"),
    (train_in_torch_sum, "CrossEntropyLoss(reduction='sum')"),
    (train_in_torch_zero_after_backward, "zero_grad between backward and step: never updates"),
    (train_in_torch_momentum_dampening, "SGD(momentum=0.9, dampening=0.9): EMA-style momentum"),
]}
