"""nnlib.nn layers and Module plumbing, against torch.nn (float64) and finite differences."""

import copy

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close, check_against_torch

import nnlib
from nnlib import Tensor, nn, optim
from nnlib.nn import init

rng = np.random.default_rng(2)


def randn(*shape):
    return rng.standard_normal(shape)


def copy_linear(layer, tlayer):
    """Give a torch Linear the weights of an nnlib Linear."""
    with torch.no_grad():
        tlayer.weight.copy_(torch.from_numpy(layer.weight.data))
        if layer.bias is not None:
            tlayer.bias.copy_(torch.from_numpy(layer.bias.data))


# ----------------------------------------------------------------------------
# Linear and initialisation
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("bias", [True, False])
def test_linear_against_torch(bias):
    layer = nn.Linear(3, 4, bias=bias).double()
    tlayer = torch.nn.Linear(3, 4, bias=bias).double()
    copy_linear(layer, tlayer)
    x = randn(5, 3)
    out = layer(Tensor(x, requires_grad=True))
    tx = torch.tensor(x, requires_grad=True)
    tout = tlayer(tx)
    assert_close(out.data, tout)
    w = randn(5, 4)
    (out * Tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    assert_close(layer.weight.grad, tlayer.weight.grad)
    if bias:
        assert_close(layer.bias.grad, tlayer.bias.grad)
    else:
        assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]


def test_linear_gradcheck():
    layer = nn.Linear(3, 2).double()
    x = Tensor(randn(4, 3), requires_grad=True)
    error = nnlib.gradcheck(lambda x, w, b: nnlib.functional.linear(x, w, b), [x, layer.weight, layer.bias])
    assert error <= 1e-6


def test_linear_shapes_and_default_init():
    layer = nn.Linear(400, 300)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)  # (out, in), as torch
    assert layer.weight.dtype == np.float32 and layer.weight.requires_grad
    k = 1 / np.sqrt(400)
    for p in (layer.weight.data, layer.bias.data):
        assert p.min() >= -k and p.max() <= k
    w = layer.weight.data.astype(np.float64)
    assert abs(w.mean()) < 0.01 * k
    assert w.var() == pytest.approx(k * k / 3, rel=0.02)  # U(-k, k) has variance k^2 / 3
    assert w.min() < -0.99 * k and w.max() > 0.99 * k


def test_linear_generator_and_manual_seed_reproducible():
    a = nn.Linear(5, 3, generator=np.random.default_rng(7))
    b = nn.Linear(5, 3, generator=np.random.default_rng(7))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    nnlib.manual_seed(3)
    c = nn.Linear(5, 3)
    nnlib.manual_seed(3)
    d = nn.Linear(5, 3)
    np.testing.assert_array_equal(c.weight.data, d.weight.data)
    assert not np.array_equal(a.weight.data, c.weight.data)


INITS = {  # name: (call, expected mean, expected variance) for a (fan_out, fan_in) = (300, 500) weight
    "normal_": (lambda t, g: init.normal_(t, 0.5, 2.0, generator=g), 0.5, 4.0),
    "uniform_": (lambda t, g: init.uniform_(t, -3.0, 1.0, generator=g), -1.0, 16 / 12),
    "xavier_uniform_": (lambda t, g: init.xavier_uniform_(t, generator=g), 0.0, 2 / 800),
    "xavier_normal_": (lambda t, g: init.xavier_normal_(t, generator=g), 0.0, 2 / 800),
    "xavier_uniform_ gain": (lambda t, g: init.xavier_uniform_(t, gain=2.0, generator=g), 0.0, 4 * 2 / 800),
    "kaiming_uniform_": (lambda t, g: init.kaiming_uniform_(t, generator=g), 0.0, 2 / 500),
    "kaiming_normal_": (lambda t, g: init.kaiming_normal_(t, generator=g), 0.0, 2 / 500),
    "kaiming_normal_ tanh": (lambda t, g: init.kaiming_normal_(t, nonlinearity="tanh", generator=g), 0.0,
                             (5 / 3) ** 2 / 500),
    "kaiming_uniform_ leaky": (lambda t, g: init.kaiming_uniform_(t, a=0.2, nonlinearity="leaky_relu", generator=g),
                               0.0, 2 / (1 + 0.04) / 500),
}


@pytest.mark.parametrize("name", INITS)
def test_init_statistics(name):
    call, mean, var = INITS[name]
    t = nn.Parameter(np.zeros((300, 500), np.float32))
    assert call(t, np.random.default_rng(0)) is t
    w = t.data.astype(np.float64)
    assert t.dtype == np.float32
    assert abs(w.mean() - mean) < 5 * np.sqrt(var / w.size)
    assert w.var() == pytest.approx(var, rel=0.02)


def test_init_against_torch_formulas():
    """Bounds and standard deviations as torch.nn.init computes them (compared through the variance)."""
    for ours, theirs in [(init.xavier_uniform_, torch.nn.init.xavier_uniform_),
                         (init.kaiming_uniform_, lambda t: torch.nn.init.kaiming_uniform_(t, nonlinearity="relu"))]:
        a = ours(nn.Parameter(np.zeros((200, 300)))).data
        b = theirs(torch.zeros(200, 300, dtype=torch.float64)).numpy()
        assert a.var() == pytest.approx(b.var(), rel=0.03)
        assert abs(a).max() == pytest.approx(abs(b).max(), rel=0.01)


def test_zeros_and_constant():
    t = nn.Parameter(np.ones((2, 3), np.float32))
    assert np.all(init.zeros_(t).data == 0)
    assert np.all(init.constant_(t, 0.25).data == 0.25) and t.dtype == np.float32


# ----------------------------------------------------------------------------
# Activations, Flatten, Identity
# ----------------------------------------------------------------------------

MODULE_PAIRS = {
    "ReLU": (nn.ReLU(), torch.nn.ReLU()),
    "Sigmoid": (nn.Sigmoid(), torch.nn.Sigmoid()),
    "Tanh": (nn.Tanh(), torch.nn.Tanh()),
    "LeakyReLU": (nn.LeakyReLU(), torch.nn.LeakyReLU()),
    "LeakyReLU(0.2)": (nn.LeakyReLU(0.2), torch.nn.LeakyReLU(0.2)),
    "Identity": (nn.Identity(), torch.nn.Identity()),
    "Flatten": (nn.Flatten(), torch.nn.Flatten()),
}


@pytest.mark.parametrize("name", MODULE_PAIRS)
def test_simple_modules_against_torch(name):
    ours, theirs = MODULE_PAIRS[name]
    x = rng.uniform(0.2, 2, (3, 2, 4)) * rng.choice([-1, 1], (3, 2, 4))
    if name != "Flatten":
        x = x.reshape(6, 4)
    check_against_torch(ours, theirs, x)
    assert isinstance(ours(x), Tensor)  # NumPy input is accepted
    assert list(ours.parameters()) == []


def test_flatten_images():
    out = nn.Flatten()(np.zeros((5, 8, 8), np.float32))
    assert out.shape == (5, 64) and out.dtype == np.float32


# ----------------------------------------------------------------------------
# Dropout
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_dropout_layer_statistics(p):
    layer = nn.Dropout(p, generator=np.random.default_rng(0))
    out = layer(np.ones((400, 500))).data
    n = out.size
    assert abs(np.mean(out == 0) - p) < 5 * np.sqrt(p * (1 - p) / n)
    assert abs(out.mean() - 1.0) < 5 * np.sqrt(p / (1 - p) / n)  # E[out] = x: survivors scaled by 1/q
    values = np.unique(out)
    assert len(values) == 2 and values[0] == 0 and np.isclose(values[1], 1 / (1 - p))


def test_dropout_layer_eval_is_identity_and_masks_change():
    layer = nn.Dropout(0.5, generator=np.random.default_rng(0))
    x = Tensor(randn(10, 10), requires_grad=True)
    a, b = layer(x).data, layer(x).data
    assert not np.array_equal(a == 0, b == 0)  # a fresh mask every call
    layer.eval()
    assert layer(x) is x
    assert isinstance(layer(np.ones(3)), Tensor)
    assert repr(layer) == "Dropout(p=0.5)"


def test_dropout_layer_gradient_uses_same_mask():
    layer = nn.Dropout(0.25, generator=np.random.default_rng(4))
    x = Tensor(randn(50, 40), requires_grad=True)
    out = layer(x)
    out.backward(np.ones(out.shape))
    np.testing.assert_array_equal(x.grad == 0, out.data == 0)
    np.testing.assert_allclose(x.grad[x.grad != 0], 1 / 0.75)


def test_dropout_in_torch_has_the_same_scaling_rule():
    x = torch.ones(100_000, dtype=torch.float64)
    out = torch.nn.Dropout(0.3)(x)
    assert set(np.unique(out.numpy()).round(12)) == {0.0, round(1 / 0.7, 12)}


# ----------------------------------------------------------------------------
# BatchNorm1d
# ----------------------------------------------------------------------------

def test_batchnorm1d_against_torch_over_several_steps():
    D = 5
    bn = nn.BatchNorm1d(D, momentum=0.2).double()
    tbn = torch.nn.BatchNorm1d(D, momentum=0.2).double()
    gamma, beta = rng.uniform(0.5, 1.5, D), randn(D)
    bn.weight.data[...] = gamma
    bn.bias.data[...] = beta
    with torch.no_grad():
        tbn.weight.copy_(torch.tensor(gamma))
        tbn.bias.copy_(torch.tensor(beta))

    for step in range(6):  # training mode: batch statistics, running statistics updated
        x = randn(8, D) * (step + 1) + step
        xt = torch.tensor(x, requires_grad=True)
        xn = Tensor(x, requires_grad=True)
        out, tout = bn(xn), tbn(xt)
        assert_close(out.data, tout)
        g = randn(8, D)
        out.backward(g)
        tout.backward(torch.tensor(g))
        assert_close(xn.grad, xt.grad)
        assert_close(bn.weight.grad, tbn.weight.grad)
        assert_close(bn.bias.grad, tbn.bias.grad)
        bn.zero_grad()
        tbn.zero_grad()
        assert_close(bn.running_mean.data, tbn.running_mean)
        assert_close(bn.running_var.data, tbn.running_var)  # unbiased variance, like torch
        assert int(bn.num_batches_tracked.data) == int(tbn.num_batches_tracked) == step + 1

    bn.eval()
    tbn.eval()
    x = randn(3, D)
    assert_close(bn(x).data, tbn(torch.tensor(x)))
    assert int(bn.num_batches_tracked.data) == 6  # eval mode does not count
    check_against_torch(bn, tbn, randn(4, D))  # eval-mode gradient and gradcheck


def test_batchnorm1d_train_gradcheck():
    bn = nn.BatchNorm1d(3).double()
    bn.weight.data[...] = [0.5, 1.0, 2.0]
    x = Tensor(randn(6, 3), requires_grad=True)
    assert nnlib.gradcheck(lambda x, w, b: bn(x), [x, bn.weight, bn.bias]) <= 1e-6


def test_batchnorm1d_state_and_dtype():
    bn = nn.BatchNorm1d(4)
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    assert list(bn.state_dict()) == list(torch.nn.BatchNorm1d(4).state_dict())
    assert bn.num_batches_tracked.dtype == np.int64
    out = bn(np.ones((3, 4), np.float32) + np.arange(3)[:, None])
    assert out.dtype == np.float32 and bn.running_var.dtype == np.float32
    bn.double()
    assert bn.running_mean.dtype == np.float64 and bn.num_batches_tracked.dtype == np.int64


# ----------------------------------------------------------------------------
# Sequential and Module plumbing
# ----------------------------------------------------------------------------

def make_models():
    """The same MLP in nnlib and torch (float64, identical weights)."""
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)).double()
    tmodel = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                                 torch.nn.Linear(8, 3)).double()
    for layer, tlayer in zip(model, tmodel):
        if isinstance(layer, nn.Linear):
            copy_linear(layer, tlayer)
    return model, tmodel


def test_sequential_indexing_len_iter_slicing():
    model, tmodel = make_models()
    assert len(model) == 5 and isinstance(model[0], nn.Linear) and isinstance(model[-1], nn.Linear)
    assert [type(m).__name__ for m in model] == [type(m).__name__ for m in tmodel]
    head = model[:2]
    assert isinstance(head, nn.Sequential) and len(head) == 2 and head[0] is model[0]
    x = randn(2, 4)
    assert_close(head(x).data, tmodel[:2](torch.tensor(x)))
    model.append(nn.Identity())
    assert len(model) == 6 and model.layers[-1] is model[-1]
    model[5] = nn.ReLU()
    assert isinstance(model[5], nn.ReLU)


def test_sequential_repr_matches_torch():
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2, bias=False), nn.Sigmoid(), nn.Tanh(),
                          nn.Flatten(), nn.Identity())
    tmodel = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2, bias=False),
                                 torch.nn.Sigmoid(), torch.nn.Tanh(), torch.nn.Flatten(), torch.nn.Identity())
    assert repr(model) == repr(tmodel)  # Flatten(start_dim=1, end_dim=-1) included


def test_nested_repr_and_modules():
    inner = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    model = nn.Sequential(inner, nn.Linear(2, 1))
    assert "(0): Sequential(\n    (0): Linear" in repr(model)
    assert len(list(model.modules())) == 5 and list(model.children()) == [inner, model[1]]
    assert [n for n, _ in model.named_parameters()] == ["0.0.weight", "0.0.bias", "1.weight", "1.bias"]


def test_named_parameters_and_state_dict_match_torch():
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 3))
    tmodel = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                                 torch.nn.Dropout(0.2), torch.nn.Linear(8, 3))
    assert [n for n, _ in model.named_parameters()] == [n for n, _ in tmodel.named_parameters()]
    assert [n for n, _ in model.named_buffers()] == [n for n, _ in tmodel.named_buffers()]
    assert list(model.state_dict()) == list(tmodel.state_dict())  # same names, same order
    for (n, p), (_, tp) in zip(model.named_parameters(), tmodel.named_parameters()):
        assert p.shape == tuple(tp.shape), n


def test_state_dict_into_torch_and_back():
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    model(randn(16, 4).astype(np.float32))  # move the running statistics away from their defaults
    tmodel = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                                 torch.nn.Linear(8, 3))
    tmodel.load_state_dict({k: torch.from_numpy(v.numpy()) for k, v in model.state_dict().items()})
    model.eval()
    tmodel.eval()
    x = randn(5, 4).astype(np.float32)
    np.testing.assert_allclose(model(x).data, tmodel(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6)

    # and back: a torch-trained state dict loads into nnlib
    tmodel2 = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                                  torch.nn.Linear(8, 3)).eval()
    model2 = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)).eval()
    model2.load_state_dict({k: v.numpy() for k, v in tmodel2.state_dict().items()})
    np.testing.assert_allclose(model2(x).data, tmodel2(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6)
    model2.load_state_dict(tmodel2.state_dict())  # torch tensors work directly too


def test_state_dict_shares_memory_like_torch_and_deepcopy_keeps_a_snapshot():
    model, tmodel = nn.Linear(2, 2), torch.nn.Linear(2, 2)
    sd, tsd = model.state_dict(), tmodel.state_dict()
    snapshot = copy.deepcopy(sd)
    assert not sd["weight"].requires_grad and not tsd["weight"].requires_grad
    with nnlib.no_grad():
        model.weight -= 1.0  # a training step changes the state dict taken before it...
    with torch.no_grad():
        tmodel.weight -= 1.0
    assert np.array_equal(sd["weight"].numpy(), model.weight.data)
    assert torch.equal(tsd["weight"], tmodel.weight)  # ...in torch too
    assert np.allclose(snapshot["weight"].numpy(), model.weight.data + 1.0)  # the deep copy did not move
    model.load_state_dict(snapshot)  # and load_state_dict copies into the same parameter objects
    assert np.array_equal(model.weight.data, snapshot["weight"].numpy())
    assert snapshot["weight"].data is not model.weight.data


def test_train_eval_recursion():
    model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(0.5), nn.BatchNorm1d(2)))
    assert all(m.training for m in model.modules())
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    model.train(False)
    assert not model[1][0].training


def test_module_accepts_numpy_and_forward_in_float32():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
    out = model(np.ones((4, 2)))  # float64 data into a float32 model: float32 out
    assert isinstance(out, Tensor) and out.dtype == np.float32


def test_zero_grad_requires_grad_double_float():
    model, _ = make_models()
    model(randn(3, 4)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())
    assert not model(randn(3, 4)).requires_grad
    model.requires_grad_()
    model.float()
    assert all(p.dtype == np.float32 for p in model.parameters())


def test_custom_module_subclass():
    class TwoLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(3, 4)
            self.out = nn.Linear(4, 2)

        def forward(self, x):
            return self.out(self.hidden(x).relu())

    net = TwoLayer()
    assert [n for n, _ in net.named_parameters()] == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
    assert net(np.ones((5, 3))).shape == (5, 2)
    assert "(hidden): Linear(in_features=3, out_features=4, bias=True)" in repr(net)
    with pytest.raises(NotImplementedError, match="must define forward"):
        nn.Module()(1)


# ----------------------------------------------------------------------------
# Freezing
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("make_opt", [
    lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1),
    lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
    lambda ps: optim.Adam(ps, lr=0.01, weight_decay=0.1),
    lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=0.1),
], ids=["SGD", "SGD-nesterov", "Adam", "AdamW"])
def test_frozen_parameters_are_bit_for_bit_unchanged(make_opt):
    model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
    model[0].weight.requires_grad = False  # freeze the first layer's weight only
    model[0].bias.requires_grad_(False)
    frozen = {n: p.data.copy() for n, p in model.named_parameters() if not p.requires_grad}
    before = {n: p.data.copy() for n, p in model.named_parameters()}
    opt = make_opt(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    x, y = randn(8, 3).astype(np.float32), rng.integers(0, 2, 8)
    for _ in range(5):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    for name, value in frozen.items():
        assert model.state_dict()[name].numpy().tobytes() == value.tobytes(), name
        assert dict(model.named_parameters())[name].grad is None
    assert not np.array_equal(model[2].weight.data, before["2.weight"])  # the rest did train
