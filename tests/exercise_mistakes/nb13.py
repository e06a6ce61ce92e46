"""Wrong student code for notebook 13's exercise (the model and training loop in torch).

Without torch this module defines no mistakes (the exercise is then "not done": torch is
missing), and the tests that need them skip with that reason.
"""

try:
    import torch
except ImportError:  # pragma: no cover - the torch-free install
    torch = None


def _model(activation):
    return torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.BatchNorm1d(32), activation,
                               torch.nn.Linear(32, 10)).double()


def _load(model, state):
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    return model


def no_zero_grad(state, batches, lr):
    model = _load(_model(torch.nn.Tanh()), state)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        loss.backward()                                  # gradients add up from batch to batch
        opt.step()
        losses.append(loss.item())
    return losses, model


def zero_grad_before_step(state, batches, lr):
    model = _load(_model(torch.nn.Tanh()), state)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        loss.backward()
        opt.zero_grad()                                  # wipes the gradients step() needed
        opt.step()
        losses.append(loss.item())
    return losses, model


def softmax_then_cross_entropy(state, batches, lr):
    model = _load(_model(torch.nn.Tanh()), state)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        probs = torch.nn.functional.softmax(model(torch.tensor(xb)), dim=-1)
        loss = torch.nn.CrossEntropyLoss()(probs, torch.tensor(yb))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, model


def eval_mode(state, batches, lr):
    model = _load(_model(torch.nn.Tanh()), state).eval()   # "eval" before training
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, model


def relu_instead_of_tanh(state, batches, lr):
    model = _load(_model(torch.nn.ReLU()), state)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = torch.nn.CrossEntropyLoss()(model(torch.tensor(xb)), torch.tensor(yb))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, model


MISTAKES = {} if torch is None else {
    "13.torch_training": {
        "gradients that pile up: optimizer.zero_grad() is missing": no_zero_grad,
        "weights that never change: optimizer.step() is missing (or zero_grad() runs between backward() and "
        "step())": zero_grad_before_step,
        "a softmax before CrossEntropyLoss": softmax_then_cross_entropy,
        "the model in evaluation mode while training": eval_mode,
        "ReLU where the nnlib model has Tanh": relu_instead_of_tanh,
    },
}

if torch is not None:
    # Notebook 13 runs torch with one thread and creates torch optimisers before its exercise, so there
    # the check runs warm. Do the same here: the very first torch.optim optimiser of a process costs about
    # 2 s of one-time imports, and several torch threads on a busy 2-core machine make each step ~50x
    # slower; the tests should time the check, not torch's start-up or thread contention.
    torch.set_num_threads(1)
    torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
