"""Blind student code for notebook 13 (round 2), written without reading the checks."""
import numpy as np
import torch
from torch import nn


# ----------------------------------------------------------------------- 13.torch_training, RIGHT
def tt_right_sequential(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({name: torch.tensor(np.asarray(value)) for name, value in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    model.train()
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_right_module(state, batches, lr):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(64, 32, dtype=torch.float64)
            self.bn = nn.BatchNorm1d(32, dtype=torch.float64)
            self.fc2 = nn.Linear(32, 10, dtype=torch.float64)

        def forward(self, x):
            return self.fc2(torch.tanh(self.bn(self.fc1(x))))

    net = Net()
    rename = {"0.weight": "fc1.weight", "0.bias": "fc1.bias", "1.weight": "bn.weight", "1.bias": "bn.bias",
              "1.running_mean": "bn.running_mean", "1.running_var": "bn.running_var",
              "1.num_batches_tracked": "bn.num_batches_tracked", "3.weight": "fc2.weight", "3.bias": "fc2.bias"}
    own = net.state_dict()
    with torch.no_grad():
        for key, value in state.items():
            own[rename[key]].copy_(torch.as_tensor(np.array(value)))
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        out = net(torch.tensor(xb, dtype=torch.float64))
        loss = torch.nn.functional.cross_entropy(out, torch.tensor(yb, dtype=torch.long))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    return losses, net


def tt_right_manual_momentum(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).to(torch.float64)
    model.load_state_dict({k: torch.from_numpy(np.array(v, copy=True)) for k, v in state.items()})
    buffers = {}
    losses = []
    for xb, yb in batches:
        loss = nn.functional.cross_entropy(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                if p in buffers:
                    buffers[p] = 0.9 * buffers[p] + p.grad
                else:
                    buffers[p] = p.grad.clone()
                p -= lr * buffers[p]
        losses.append(loss.item())
    return losses, model


# ----------------------------------------------------------------------- 13.torch_training, WRONG
def tt_float32(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10))
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})    # load_state_dict casts to float32
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb, dtype=torch.float32)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_dampening(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    # momentum as a moving average: buf = 0.9 buf + 0.1 g
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, dampening=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_nesterov(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_eval_mode(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    model.eval()                 # copied from the evaluation cell
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_no_zero_grad(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_softmax_twice(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10),
                          nn.Softmax(dim=1)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_parameters_only(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    params = {k: torch.tensor(v) for k, v in state.items() if "running" not in k and "tracked" not in k}
    model.load_state_dict(params, strict=False)      # the weights are what matters
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_shares_state(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    # no copy: use the arrays of state directly as the weights
    for name, value in state.items():
        layer, attr = name.split(".")
        tensor = torch.from_numpy(value)
        if attr in ("weight", "bias"):
            setattr(model[int(layer)], attr, nn.Parameter(tensor))
        else:
            setattr(model[int(layer)], attr, tensor)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_bn_momentum(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32, momentum=0.9), nn.Tanh(),
                          nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_loss_after_step(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        x, y = torch.tensor(xb), torch.tensor(yb)
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(model(x), y).item())     # the loss of the updated model
    return losses, model


def tt_sgd_without_momentum(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def tt_new_optimizer_each_batch(state, batches, lr):
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    losses = []
    for xb, yb in batches:
        optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        loss = nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


RIGHT = {
    "13.torch_training": [tt_right_sequential, tt_right_module, tt_right_manual_momentum],
}

WRONG = {
    "13.torch_training": [
        (tt_float32, "forgot .double(): the model trains in float32"),
        (tt_dampening, "momentum as a moving average, dampening=0.9 (buf = 0.9 buf + 0.1 g)"),
        (tt_nesterov, "turned on nesterov=True"),
        (tt_eval_mode, "called model.eval() before the loop, so batch norm uses the running statistics"),
        (tt_no_zero_grad, "forgot optimizer.zero_grad(): gradients pile up"),
        (tt_softmax_twice, "put a Softmax at the end although CrossEntropyLoss takes raw scores"),
        (tt_parameters_only, "loaded only the weights, not the running statistics"),
        (tt_shares_state, "used torch.from_numpy on the state arrays as the weights: training overwrites state"),
        (tt_bn_momentum, "BatchNorm1d(momentum=0.9) because the optimiser has momentum 0.9"),
        (tt_loss_after_step, "recorded the loss after the step, recomputed on the updated model"),
        (tt_sgd_without_momentum, "left momentum out of torch.optim.SGD"),
        (tt_new_optimizer_each_batch, "built the optimiser inside the loop, so the momentum buffer is lost"),
    ],
}
