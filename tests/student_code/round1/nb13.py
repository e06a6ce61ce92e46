"""Blind student code for notebook 13 (round 1), written without reading the checks."""
import numpy as np
import torch


# ----------------------------------------------------------------------------- 13.torch_training: right

def train_in_torch_sequential(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(), torch.nn.Linear(32, 10),
    ).double()
    weights = {name: torch.tensor(np.asarray(value)) for name, value in state.items()}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    assert not unexpected and all(name.endswith("num_batches_tracked") for name in missing), (missing, unexpected)
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


def train_in_torch_module(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""

    class DigitNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = torch.nn.Linear(64, 32)
            self.norm = torch.nn.BatchNorm1d(32)
            self.act = torch.nn.Tanh()
            self.classifier = torch.nn.Linear(32, 10)

        def forward(self, x):
            return self.classifier(self.act(self.norm(self.hidden(x))))

    model = DigitNet().to(torch.float64)
    rename = {"0": model.hidden, "1": model.norm, "3": model.classifier}
    with torch.no_grad():
        for key, value in state.items():
            layer, attr = key.split(".", 1)
            if attr == "num_batches_tracked":
                continue
            getattr(rename[layer], attr).copy_(torch.as_tensor(np.asarray(value), dtype=torch.float64))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        logits = model(torch.as_tensor(xb, dtype=torch.float64))
        loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(yb, dtype=torch.int64))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return losses, model


def train_in_torch_manual_sgd(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    body = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh())
    model = torch.nn.Sequential(body, torch.nn.Linear(32, 10)).double()
    targets = {"0": body[0], "1": body[1], "3": model[1]}
    with torch.no_grad():
        for key, value in state.items():
            layer, attr = key.split(".", 1)
            tensor = getattr(targets[layer], attr)
            tensor.copy_(torch.from_numpy(np.array(value, copy=True)).to(tensor.dtype))
    params = list(model.parameters())
    velocity = [None] * len(params)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for i, p in enumerate(params):
                g = p.grad
                # torch's SGD momentum: v = g on the first step, then v = 0.9 v + g; p -= lr v
                velocity[i] = g.clone() if velocity[i] is None else 0.9 * velocity[i] + g
                p -= lr * velocity[i]
        losses.append(loss.item())
    return losses, model


# ----------------------------------------------------------------------------- 13.torch_training: wrong

def train_in_torch_float32(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10))
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.tensor(xb, dtype=torch.float32)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_eval_mode(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    model.eval()                      # the weights come from a trained model
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_keras_momentum(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32, momentum=0.9),
                                torch.nn.Tanh(), torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_no_zero_grad(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_no_momentum(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_shares_memory(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    for i in (0, 1, 3):
        layer = model[i]
        layer.weight = torch.nn.Parameter(torch.from_numpy(state[f"{i}.weight"]))   # no copy needed
        layer.bias = torch.nn.Parameter(torch.from_numpy(state[f"{i}.bias"]))
    model[1].running_mean = torch.from_numpy(state["1.running_mean"])
    model[1].running_var = torch.from_numpy(state["1.running_var"])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_params_only(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    with torch.no_grad():
        for name, p in model.named_parameters():          # copy the weights
            p.copy_(torch.from_numpy(np.asarray(state[name])))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_zero_grad_before_step(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


def train_in_torch_tensor_losses(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.Tanh(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses, model


def train_in_torch_relu(state, batches, lr):
    """The nnlib model and training loop of the exercise, in PyTorch, in float64."""
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), torch.nn.ReLU(),
                                torch.nn.Linear(32, 10)).double()
    model.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()}, strict=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(torch.from_numpy(xb)), torch.from_numpy(yb))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


RIGHT = {
    "13.torch_training": [train_in_torch_sequential, train_in_torch_module, train_in_torch_manual_sgd],
}

WRONG = {
    "13.torch_training": [
        (train_in_torch_float32, "forgets .double(): the model and the batches are float32"),
        (train_in_torch_eval_mode, "puts the model in eval mode, so batch norm uses the running statistics"),
        (train_in_torch_keras_momentum, "BatchNorm1d(momentum=0.9), thinking torch's momentum is the keep factor"),
        (train_in_torch_no_zero_grad, "never calls zero_grad(): gradients pile up over the batches"),
        (train_in_torch_no_momentum, "SGD without momentum=0.9"),
        (train_in_torch_shares_memory, "wraps the state's arrays with torch.from_numpy as parameters: training overwrites the caller's arrays"),
        (train_in_torch_params_only, "copies only named_parameters(), so the running statistics are not loaded"),
        (train_in_torch_zero_grad_before_step, "calls zero_grad() between backward() and step(): the gradients are thrown away, nothing is learned"),
        (train_in_torch_tensor_losses, "appends the loss tensors instead of loss.item()"),
        (train_in_torch_relu, "uses ReLU instead of Tanh"),
    ],
}
