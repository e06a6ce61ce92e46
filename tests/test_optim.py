"""Optimisers against torch.optim: same model, same data, float64, parameters equal after every step."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")

import nnlib
from nnlib import nn, optim

STEPS = 25
REL = 1e-8

CONFIGS = {
    "SGD": (lambda ps: optim.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "SGD momentum": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9),
                     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    "SGD nesterov": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
                     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    "SGD weight_decay": (lambda ps: optim.SGD(ps, lr=0.1, weight_decay=0.05),
                         lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.05)),
    "SGD momentum weight_decay": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.8, weight_decay=0.01),
                                  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, weight_decay=0.01)),
    "SGD nesterov weight_decay": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
                                  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True,
                                                             weight_decay=0.01)),
    "Adam": (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "Adam betas eps": (lambda ps: optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6),
                       lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    "Adam weight_decay": (lambda ps: optim.Adam(ps, lr=0.01, weight_decay=0.1),
                          lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1)),
    "AdamW": (lambda ps: optim.AdamW(ps, lr=0.01), lambda ps: torch.optim.AdamW(ps, lr=0.01)),
    "AdamW weight_decay": (lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=0.3),
                           lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.3)),
    "RMSprop": (lambda ps: optim.RMSprop(ps), lambda ps: torch.optim.RMSprop(ps)),  # both defaults
    "RMSprop alpha eps": (lambda ps: optim.RMSprop(ps, lr=0.003, alpha=0.9, eps=1e-6),
                          lambda ps: torch.optim.RMSprop(ps, lr=0.003, alpha=0.9, eps=1e-6)),
    "RMSprop momentum": (lambda ps: optim.RMSprop(ps, lr=0.003, momentum=0.9),
                         lambda ps: torch.optim.RMSprop(ps, lr=0.003, momentum=0.9)),
    "RMSprop centered weight_decay": (lambda ps: optim.RMSprop(ps, lr=0.003, centered=True, weight_decay=0.1),
                                      lambda ps: torch.optim.RMSprop(ps, lr=0.003, centered=True,
                                                                     weight_decay=0.1)),
    "RMSprop centered momentum": (lambda ps: optim.RMSprop(ps, lr=0.002, momentum=0.5, centered=True),
                                  lambda ps: torch.optim.RMSprop(ps, lr=0.002, momentum=0.5, centered=True)),
}


def make_models(seed=0):
    nnlib.manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3)).double()
    tmodel = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.ReLU(),
                                 torch.nn.Linear(8, 3)).double()
    tmodel.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in model.state_dict().items()})
    return model, tmodel


@pytest.mark.parametrize("name", CONFIGS)
def test_optimizer_matches_torch_every_step(name):
    make_ours, make_theirs = CONFIGS[name]
    model, tmodel = make_models()
    opt, topt = make_ours(model.parameters()), make_theirs(tmodel.parameters())
    loss_fn, tloss_fn = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    rng = np.random.default_rng(1)
    for step in range(STEPS):
        x, y = rng.standard_normal((16, 5)), rng.integers(0, 3, 16)  # a new batch every step
        opt.zero_grad()
        topt.zero_grad()
        loss = loss_fn(model(x), y)
        tloss = tloss_fn(tmodel(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        tloss.backward()
        opt.step()
        topt.step()
        np.testing.assert_allclose(loss.item(), tloss.item(), rtol=REL)
        for (n, p), tp in zip(model.named_parameters(), tmodel.parameters()):
            np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=REL, atol=1e-12,
                                       err_msg=f"{name}: {n} after step {step + 1}")


def test_parameters_without_gradient_are_skipped():
    model, _ = make_models()
    opt = optim.Adam(model.parameters(), lr=0.1)
    before = model[4].weight.data.copy()
    model(np.ones((2, 5)))[:, 0].sum().backward()  # every parameter used...
    model[4].weight.grad = None  # ...but pretend one got no gradient
    opt.step()
    np.testing.assert_array_equal(model[4].weight.data, before)
    first, skipped = model[0].weight, model[4].weight
    assert opt.state[first]["step"] == 1 and not opt.state.get(skipped)  # its Adam step count does not advance


def test_zero_grad_sets_none():
    model, _ = make_models()
    opt = optim.SGD(model.parameters(), lr=0.1)
    model(np.ones((2, 5))).sum().backward()
    opt.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_learning_rate_can_be_changed_between_steps():
    """As in torch, through param_groups; optimizer.lr (which would silently do nothing) is refused."""
    w = nn.Parameter(np.array([1.0]))
    opt = optim.SGD([w], lr=0.1)
    for lr, expected in [(0.1, 0.8), (0.5, -0.2)]:
        opt.param_groups[0]["lr"] = lr
        w.grad = np.array([2.0])
        opt.step()
        assert w.data[0] == pytest.approx(expected)
    with pytest.raises(AttributeError, match=r"param_groups\[0\]\['lr'\]"):
        opt.lr = 0.3


@pytest.mark.parametrize("make_opt", [
    lambda ps: optim.SGD(ps, lr=np.float64(0.1), momentum=np.float64(0.9), nesterov=True,
                         weight_decay=np.float64(0.01)),
    lambda ps: optim.Adam(ps, lr=np.float64(0.01), weight_decay=np.float64(0.01)),
    lambda ps: optim.AdamW(ps, lr=np.float64(0.01), weight_decay=np.float64(0.01)),
    lambda ps: optim.RMSprop(ps, lr=np.float64(0.01), momentum=np.float64(0.9), centered=True),
], ids=["SGD", "Adam", "AdamW", "RMSprop"])
def test_float32_training_step_stays_float32(make_opt):
    """A whole step in float32 (even with NumPy float64 hyper-parameters): no float64 anywhere."""
    model = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Dropout(0.3), nn.Linear(6, 3))
    opt = make_opt(model.parameters())
    x, y = np.random.default_rng(0).standard_normal((8, 4)).astype(np.float32), np.arange(8) % 3
    for _ in range(3):
        opt.zero_grad()
        out = model(x)
        loss = nn.CrossEntropyLoss()(out, y)
        assert out.dtype == np.float32 and loss.dtype == np.float32
        loss.backward()
        opt.step()
        for name, p in model.named_parameters():
            assert p.dtype == np.float32 and p.grad.dtype == np.float32, name
        for name, b in model.named_buffers():
            assert b.dtype in (np.float32, np.int64), name
    arrays = [v for state in opt.state.values() for v in state.values() if isinstance(v, np.ndarray)]
    assert arrays and all(array.dtype == np.float32 for array in arrays)  # momentum buffers, Adam's m and v


def test_float64_training_step_stays_float64():
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 1)).double()
    opt = optim.Adam(model.parameters(), lr=0.01)
    x, y = np.ones((5, 4)), np.zeros((5, 1))
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    opt.step()
    assert loss.dtype == np.float64
    assert all(p.dtype == np.float64 and p.grad.dtype == np.float64 for p in model.parameters())


def test_training_reduces_loss():
    """A smoke test of the whole loop: an MLP fits XOR."""
    nnlib.manual_seed(0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0])
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
    opt = optim.Adam(model.parameters(), lr=0.05)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(200):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    assert loss.item() < 0.05
    assert model(x).argmax(1).data.tolist() == [0, 1, 1, 0]


def test_rmsprop_defaults_are_torchs():
    ours = optim.RMSprop([nn.Parameter(np.zeros(2))]).defaults
    theirs = torch.optim.RMSprop([torch.zeros(2, requires_grad=True)]).defaults
    for key in ("lr", "alpha", "eps", "weight_decay", "momentum", "centered"):
        assert ours[key] == theirs[key], key


def test_rmsprop_first_step_is_about_lr_over_sqrt_one_minus_alpha():
    """v starts at 0, so the first step is g / sqrt((1 - alpha) g^2) = 10 lr for alpha = 0.99, any g."""
    for g in (0.01, 5.0):
        w = nn.Parameter(np.array([0.0]))
        opt = optim.RMSprop([w], lr=0.01)
        w.grad = np.array([g])
        opt.step()
        assert w.data[0] == pytest.approx(-0.1, rel=1e-5)  # eps = 1e-8 is all that differs


@pytest.mark.parametrize("kwargs, name", [({"alpha": 1.0}, "alpha"), ({"alpha": -0.1}, "alpha"),
                                          ({"eps": -1e-8}, "eps"), ({"momentum": -0.5}, "momentum"),
                                          ({"lr": -0.01}, "lr")])
def test_rmsprop_bad_arguments_are_named(kwargs, name):
    with pytest.raises(ValueError, match=f"RMSprop: {name} must be"):
        optim.RMSprop([nn.Parameter(np.zeros(2))], **kwargs)
