"""nnlib against PyTorch, the oracle: same weights in, same numbers out (float64, CPU).

Covers what notebook 13 shows, for a small MLP using every layer type that has a torch twin:
Linear, ReLU, Tanh, Sigmoid, LeakyReLU, Dropout (eval mode: identity; train mode: its scaling rule),
BatchNorm1d (train mode with batch statistics and running-stat updates, eval mode with running
statistics), both losses, and a few SGD / SGD-momentum / Adam / AdamW steps trained side by side.
"""

import numpy as np
import pytest

import nnlib
from nnlib import nn, optim

torch = pytest.importorskip("torch")

TOL = 1e-10


def make_pair(seed=0, p_drop=0.3):
    """The same MLP in nnlib and torch, float64, with identical weights."""
    nnlib.manual_seed(seed)
    net = nn.Sequential(
        nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(p_drop),
        nn.Linear(8, 8), nn.Tanh(),
        nn.Linear(8, 7), nn.LeakyReLU(0.1),
        nn.Linear(7, 5), nn.Sigmoid(),
        nn.Linear(5, 3),
    ).double()
    tnet = torch.nn.Sequential(
        torch.nn.Linear(6, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Dropout(p_drop),
        torch.nn.Linear(8, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 7), torch.nn.LeakyReLU(0.1),
        torch.nn.Linear(7, 5), torch.nn.Sigmoid(),
        torch.nn.Linear(5, 3),
    ).double()
    # Make batch norm's gamma/beta and running statistics non-trivial before copying.
    rng = np.random.default_rng(seed + 100)
    bn = net[1]
    bn.weight.data[...] = rng.uniform(0.5, 1.5, 8)
    bn.bias.data[...] = rng.normal(0, 0.3, 8)
    bn.running_mean.data[...] = rng.normal(0, 0.5, 8)
    bn.running_var.data[...] = rng.uniform(0.5, 2.0, 8)
    copy_weights(net, tnet)
    return net, tnet


def copy_weights(net, tnet):
    state = net.state_dict()
    assert set(state) == set(tnet.state_dict()), "parameter and buffer names should match torch's"
    tnet.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})


def batch(seed=1, n=16):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1.5, (n, 6)), rng.integers(0, 3, n)


def max_diff(a, b):
    return float(np.max(np.abs(np.asarray(a) - b.detach().numpy())))


def set_modes(net, tnet, training, dropout_training=False):
    net.train(training)
    tnet.train(training)
    for m, tm in zip(net, tnet):  # dropout masks are random, so dropout is compared in eval mode
        if isinstance(m, nn.Dropout):
            m.train(dropout_training)
            tm.train(dropout_training)


def forward_backward(net, tnet, x, y, loss="ce"):
    if loss == "ce":
        out = net(x)
        value = nn.CrossEntropyLoss()(out, y)
        tout = tnet(torch.from_numpy(x))
        tvalue = torch.nn.CrossEntropyLoss()(tout, torch.from_numpy(y))
    else:
        target = np.eye(3)[y]
        out = net(x)
        value = nn.MSELoss()(out, target)
        tout = tnet(torch.from_numpy(x))
        tvalue = torch.nn.MSELoss()(tout, torch.from_numpy(target))
    value.backward()
    tvalue.backward()
    return out, value, tout, tvalue


@pytest.mark.parametrize("training", [True, False], ids=["batchnorm-train", "eval"])
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_forward_loss_and_every_gradient_match_torch(training, loss):
    net, tnet = make_pair()
    set_modes(net, tnet, training)
    x, y = batch()
    out, value, tout, tvalue = forward_backward(net, tnet, x, y, loss)

    assert out.dtype == np.float64
    assert max_diff(out.data, tout) < TOL
    assert abs(value.item() - tvalue.item()) < TOL
    tparams = dict(tnet.named_parameters())
    names = [name for name, _ in net.named_parameters()]
    assert names == list(tparams)
    for name, p in net.named_parameters():
        assert p.grad is not None, name
        assert max_diff(p.grad, tparams[name].grad) < TOL, name
    # Batch norm's running statistics (momentum 0.1, unbiased variance) match too.
    tbuffers = dict(tnet.named_buffers())
    for name, b in net.named_buffers():
        assert max_diff(b.data, tbuffers[name]) < TOL, name


def test_input_gradient_matches_torch():
    net, tnet = make_pair()
    set_modes(net, tnet, True)
    x, y = batch()
    xt = nnlib.Tensor(x, requires_grad=True)
    nn.CrossEntropyLoss()(net(xt), y).backward()
    txt = torch.from_numpy(x).requires_grad_(True)
    torch.nn.CrossEntropyLoss()(tnet(txt), torch.from_numpy(y)).backward()
    assert max_diff(xt.grad, txt.grad) < TOL


def test_dropout_in_train_mode_follows_torchs_rule():
    """Masks differ (different random generators), but both keep with q = 1 - p and scale by 1/q."""
    p = 0.25
    x = np.random.default_rng(0).uniform(1, 2, (200, 50))
    out = nn.Dropout(p).train()(x).data
    torch.manual_seed(0)
    tout = torch.nn.Dropout(p).train()(torch.from_numpy(x)).numpy()
    for o in (out, tout):
        kept = o != 0
        np.testing.assert_allclose(o[kept], x[kept] / (1 - p), rtol=1e-12)
        assert abs(kept.mean() - (1 - p)) < 0.02


OPTIMIZERS = {
    "sgd": (lambda ps: optim.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd-momentum-wd": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=1e-3),
                        lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=1e-3)),
    "sgd-nesterov": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
                     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    "adam": (lambda ps: optim.Adam(ps, lr=1e-2), lambda ps: torch.optim.Adam(ps, lr=1e-2)),
    "adam-wd": (lambda ps: optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
                lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2)),
    "adamw": (lambda ps: optim.AdamW(ps, lr=1e-2), lambda ps: torch.optim.AdamW(ps, lr=1e-2)),
}


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_training_steps_side_by_side_match_torch(name):
    make_opt, make_topt = OPTIMIZERS[name]
    net, tnet = make_pair(seed=3)
    set_modes(net, tnet, True)  # batch norm in train mode, dropout off (its masks are random)
    opt, topt = make_opt(net.parameters()), make_topt(tnet.parameters())
    losses, tlosses = [], []
    for step in range(6):
        x, y = batch(seed=10 + step)
        opt.zero_grad()
        topt.zero_grad()
        _, value, _, tvalue = forward_backward(net, tnet, x, y)
        opt.step()
        topt.step()
        losses.append(value.item())
        tlosses.append(tvalue.item())
    np.testing.assert_allclose(losses, tlosses, rtol=0, atol=TOL)
    assert losses[-1] != losses[0], "the weights should have moved"
    tstate = tnet.state_dict()
    for key, value in net.state_dict().items():
        assert max_diff(value, tstate[key]) < TOL, key


def test_frozen_parameters_are_skipped_like_torch():
    net, tnet = make_pair(seed=4)
    set_modes(net, tnet, True)
    for model in (net, tnet):
        for p in model[0].parameters():
            p.requires_grad = False  # freeze the first layer, torch's way
    frozen = net[0].weight.data.copy()
    opt = optim.Adam([p for p in net.parameters() if p.requires_grad], lr=1e-2)
    topt = torch.optim.Adam([p for p in tnet.parameters() if p.requires_grad], lr=1e-2)
    for step in range(3):
        x, y = batch(seed=20 + step)
        opt.zero_grad()
        topt.zero_grad()
        forward_backward(net, tnet, x, y)
        assert net[0].weight.grad is None and tnet[0].weight.grad is None
        opt.step()
        topt.step()
    assert np.array_equal(net[0].weight.data, frozen)
    for key, value in net.state_dict().items():
        assert max_diff(value, tnet.state_dict()[key]) < TOL, key


def test_float32_training_stays_close_to_torch():
    """The everyday setting of notebook 13: float32, the same batches, SGD with momentum."""
    nnlib.manual_seed(0)
    net = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))
    tnet = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    copy_weights(net, tnet)
    opt = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    topt = torch.optim.SGD(tnet.parameters(), lr=0.05, momentum=0.9)
    gaps = []
    for step in range(30):
        x, y = batch(seed=step, n=32)
        x = x.astype(np.float32)
        opt.zero_grad()
        topt.zero_grad()
        _, value, _, tvalue = forward_backward(net, tnet, x, y)
        opt.step()
        topt.step()
        gaps.append(abs(value.item() - tvalue.item()))
    assert net[0].weight.dtype == np.float32
    assert max(gaps) < 1e-4
