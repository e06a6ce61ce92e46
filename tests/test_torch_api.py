"""The tensor API of PyTorch's introductory tutorials, function by function, against torch (float64).

Each new function: forward and gradient compared with torch, and its bad input refused with a
message that names the argument.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close, check_against_torch

import nnlib
from nnlib import Tensor, nn, optim
from nnlib.utils.data import DataLoader, Dataset, TensorDataset

rng = np.random.default_rng(0)


def randn(*shape):
    return rng.standard_normal(shape)


# ------------------------------------------------------------------- creation
@pytest.mark.parametrize("name, args", [
    ("zeros", (2, 3)), ("ones", ((2, 3),)), ("zeros", ([4],)), ("eye", (3,)), ("eye", (2, 4)),
    ("full", ((2, 2), 1.5)), ("full", ((2,), 7)), ("full", ((2,), True)), ("arange", (5,)), ("arange", (1, 4)),
    ("arange", (0, 1, 0.25)), ("linspace", (0, 1, 5)),
])
def test_creation_functions_match_torch(name, args):
    out, expected = getattr(nnlib, name)(*args), getattr(torch, name)(*args)
    assert out.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), f"{name}{args}: dtype"
    assert_close(out.data.astype(np.float64), expected.double(), rtol=1e-6, what=f"{name}{args}")
    assert tuple(out.shape) == tuple(expected.shape)


def test_creation_options_and_like_forms():
    x = nnlib.tensor([[1, 2], [3, 4]])
    assert x.dtype == np.int64 and torch.tensor([[1, 2], [3, 4]]).dtype == torch.int64
    assert nnlib.tensor([1.0, 2.0]).dtype == np.float32 and nnlib.tensor(True).dtype == np.bool_
    assert nnlib.ones_like(x).dtype == np.int64 and nnlib.ones_like(x).tolist() == [[1, 1], [1, 1]]
    r = nnlib.rand_like(x, dtype=nnlib.float)
    assert r.dtype == np.float32 and ((r.data >= 0) & (r.data < 1)).all()
    assert nnlib.zeros_like(x, dtype=nnlib.float64).dtype == np.float64
    assert nnlib.full_like(x, 9).tolist() == [[9, 9], [9, 9]]
    assert nnlib.zeros(2, 3, dtype=nnlib.float64, requires_grad=True).requires_grad
    assert nnlib.randn(2, 3, dtype=nnlib.float64).dtype == np.float64
    assert nnlib.randint(0, 10, (50,)).dtype == np.int64 and nnlib.randint(3, (4, 2)).data.max() < 3
    assert nnlib.empty(2).tolist() == [0.0, 0.0]


def test_random_creation_is_seeded():
    nnlib.manual_seed(7)
    a = [nnlib.rand(3), nnlib.randn(2, 2), nnlib.randint(0, 5, (4,)), nnlib.randn_like(nnlib.zeros(3))]
    nnlib.manual_seed(7)
    b = [nnlib.rand(3), nnlib.randn(2, 2), nnlib.randint(0, 5, (4,)), nnlib.randn_like(nnlib.zeros(3))]
    assert all(np.array_equal(x.data, y.data) for x, y in zip(a, b))


def test_tensor_copies_from_numpy_shares():
    array = np.ones(3)
    copied, shared = nnlib.tensor(array), nnlib.from_numpy(array)
    array += 1
    assert copied.tolist() == [1.0, 1.0, 1.0] and shared.tolist() == [2.0, 2.0, 2.0]  # as torch
    t = nnlib.ones(5)
    n = t.numpy()
    t.add_(1)
    assert n.tolist() == [2.0] * 5  # .numpy() shares memory, as in torch
    assert nnlib.from_numpy(np.zeros(2)).dtype == np.float64 and nnlib.as_tensor(t) is t


@pytest.mark.parametrize("call, message", [
    (lambda: nnlib.zeros(2, -1), r"size must be non-negative whole numbers"),
    (lambda: nnlib.ones(2.5), r"size must be non-negative whole numbers"),
    (lambda: nnlib.zeros(2, dtype="U3"), r"dtype must be a numeric type"),
    (lambda: nnlib.tensor([1.0], dtype=object), r"dtype must be a numeric type"),
    (lambda: nnlib.randint(5, 2, (3,)), r"randint needs low < high"),
    (lambda: nnlib.randint(5), r"randint takes \(high, size\)"),
    (lambda: nnlib.arange(0, 5, 0), r"step must not be 0"),
    (lambda: nnlib.linspace(0, 1, 2.5), r"steps must be a non-negative whole number"),
    (lambda: nnlib.from_numpy([1, 2]), r"from_numpy expected a NumPy array, got list"),
    (lambda: nnlib.zeros(2, device="cuda"), r"CPU only"),
    (lambda: nnlib.cat(Tensor([1.0])), r"cat expected a non-empty list or tuple of tensors"),
    (lambda: nnlib.stack([Tensor([1.0]), [2.0]]), r"stack: tensors\[1\] must be a Tensor"),
    (lambda: nnlib.matmul([1.0], Tensor([1.0])), r"input must be a Tensor, got list"),
    (lambda: Tensor(np.ones((2, 3))).t().t().reshape(2, 3, 1).t(), r"t\(\) expects a tensor with at most 2 dim"),
    (lambda: Tensor([1.0]).norm(p=1), r"norm supports p=2 only"),
    (lambda: Tensor([1.0]).clamp(), r"clamp needs at least one of min and max"),
    (lambda: Tensor(np.ones(2)).to("gpu"), r"device 'gpu' is not available"),
])
def test_bad_input_to_new_functions(call, message):
    with pytest.raises((TypeError, ValueError, RuntimeError), match=message):
        call()


# ----------------------------------------------------------------- maths
UNARY = {
    "sqrt": (lambda t: t.sqrt(), lambda t: nnlib.sqrt(t), lambda t: torch.sqrt(t), "positive"),
    "abs": (lambda t: t.abs(), lambda t: nnlib.abs(t), lambda t: torch.abs(t), "any"),
    "exp": (lambda t: t.exp(), lambda t: nnlib.exp(t), lambda t: torch.exp(t), "any"),
    "log": (lambda t: t.log(), lambda t: nnlib.log(t), lambda t: torch.log(t), "positive"),
    "neg": (lambda t: t.neg(), lambda t: nnlib.neg(t), lambda t: torch.neg(t), "any"),
    "clamp": (lambda t: t.clamp(-0.5, 0.7), lambda t: nnlib.clamp(t, min=-0.5, max=0.7),
              lambda t: torch.clamp(t, -0.5, 0.7), "grid"),
    "clamp_min": (lambda t: t.clamp(min=0.1), lambda t: nnlib.clamp(t, min=0.1), lambda t: t.clamp(min=0.1), "grid"),
    "softmax": (lambda t: t.softmax(1), lambda t: nnlib.softmax(t, dim=1), lambda t: torch.softmax(t, 1), "any"),
    "log_softmax": (lambda t: t.log_softmax(0), lambda t: nnlib.log_softmax(t, 0),
                    lambda t: torch.log_softmax(t, 0), "any"),
    "relu": (lambda t: t.relu(), lambda t: nnlib.relu(t), lambda t: torch.relu(t), "away"),
    "sigmoid": (lambda t: t.sigmoid(), lambda t: nnlib.sigmoid(t), lambda t: torch.sigmoid(t), "any"),
    "tanh": (lambda t: t.tanh(), lambda t: nnlib.tanh(t), lambda t: torch.tanh(t), "any"),
    "pow": (lambda t: t.pow(3), lambda t: nnlib.pow(t, 3), lambda t: torch.pow(t, 3), "any"),
    "norm": (lambda t: t.norm(), lambda t: t.norm(), lambda t: t.norm(), "any"),
    "norm_dim": (lambda t: t.norm(dim=1), lambda t: t.norm(dim=1, keepdim=True).squeeze(1),
                 lambda t: t.norm(dim=1), "any"),
    "mean_dim": (lambda t: t.mean(1, keepdim=True), lambda t: nnlib.mean(t, 1, True), lambda t: t.mean(1, True), "any"),
    "sum_dims": (lambda t: t.sum((0, 1)), lambda t: nnlib.sum(t, dim=(0, 1)), lambda t: t.sum((0, 1)), "any"),
    "max_all": (lambda t: t.max(), lambda t: nnlib.max(t), lambda t: torch.max(t), "any"),
    "min_dim": (lambda t: t.min(0).values, lambda t: nnlib.min(t, 0).values, lambda t: torch.min(t, 0).values,
                "any"),
}


@pytest.mark.parametrize("name", UNARY)
def test_maths_methods_and_functions_match_torch(name):
    method, function, reference, domain = UNARY[name]
    x = {"positive": rng.uniform(0.5, 2.0, (3, 4)), "any": randn(3, 4),
         "grid": np.linspace(-1.23, 1.37, 12).reshape(3, 4),  # no value next to a clamp bound (a kink)
         "away": rng.uniform(0.3, 2.0, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4))}[domain]
    check_against_torch(method, reference, x)
    check_against_torch(function, reference, x)


BINARY = {
    "add": (lambda a, b: a.add(b), lambda a, b: nnlib.add(a, b), lambda a, b: torch.add(a, b)),
    "add_alpha": (lambda a, b: a.add(b, alpha=2), lambda a, b: nnlib.add(a, b, alpha=2), lambda a, b: a.add(b, alpha=2)),
    "sub": (lambda a, b: a.sub(b), lambda a, b: nnlib.sub(a, b), lambda a, b: torch.sub(a, b)),
    "mul": (lambda a, b: a.mul(b), lambda a, b: nnlib.mul(a, b), lambda a, b: torch.mul(a, b)),
    "div": (lambda a, b: a.div(b), lambda a, b: nnlib.div(a, b), lambda a, b: torch.div(a, b)),
    "maximum": (lambda a, b: a.maximum(b), lambda a, b: nnlib.max(a, b), lambda a, b: torch.max(a, b)),
    "minimum": (lambda a, b: a.minimum(b), lambda a, b: nnlib.minimum(a, b), lambda a, b: torch.minimum(a, b)),
    "cat0": (lambda a, b: nnlib.cat([a, b]), lambda a, b: nnlib.cat((a, b), dim=0), lambda a, b: torch.cat([a, b])),
    "cat1": (lambda a, b: nnlib.cat([a, b, a], 1), lambda a, b: nnlib.cat([a, b, a], dim=1),
             lambda a, b: torch.cat([a, b, a], dim=1)),
    "stack": (lambda a, b: nnlib.stack([a, b]), lambda a, b: nnlib.stack((a, b), dim=2),
              lambda a, b: torch.stack([a, b])),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_methods_and_functions_match_torch(name):
    method, function, reference = BINARY[name]
    a, b = randn(3, 4), rng.uniform(0.5, 2.0, (3, 4))
    check_against_torch(method, reference, a, b)
    if name == "stack":
        reference = lambda a, b: torch.stack([a, b], dim=2)  # noqa: E731
    check_against_torch(function, reference, a, b)


def test_matmul_forms_and_out_argument():
    a, b = randn(4, 4), randn(4, 4)
    check_against_torch(lambda x, y: x.matmul(y.T), lambda x, y: x.matmul(y.T), a, b)
    check_against_torch(lambda x, y: nnlib.matmul(x, y.t()), lambda x, y: torch.matmul(x, y.t()), a, b)
    out, tout = nnlib.zeros(4, 4, dtype=nnlib.float64), torch.zeros(4, 4, dtype=torch.float64)
    nnlib.matmul(Tensor(a), Tensor(b).T, out=out)
    torch.matmul(torch.tensor(a), torch.tensor(b).T, out=tout)
    assert_close(out.data, tout)
    nnlib.mul(Tensor(a), Tensor(a), out=out)
    assert_close(out.data, a * a)


def test_argmax_argmin_keepdim():
    x = randn(3, 5)
    for name in ("argmax", "argmin"):
        for dim, keepdim in [(None, False), (1, False), (0, True)]:
            ours = getattr(Tensor(x), name)(dim, keepdim) if dim is not None else getattr(Tensor(x), name)()
            theirs = getattr(torch.tensor(x), name)(dim, keepdim) if dim is not None else getattr(torch.tensor(x),
                                                                                                  name)()
            assert ours.tolist() == theirs.tolist() and ours.dtype == np.int64


# ----------------------------------------------------------------- shapes
SHAPES = {
    "view": (lambda t: t.view(4, 6), lambda t: t.view(4, 6)),
    "view-1": (lambda t: t.view(-1), lambda t: t.view(-1)),
    "reshape": (lambda t: t.reshape((6, 4)), lambda t: t.reshape((6, 4))),
    "unsqueeze0": (lambda t: t.unsqueeze(0), lambda t: t.unsqueeze(0)),
    "unsqueeze-1": (lambda t: t.unsqueeze(-1), lambda t: t.unsqueeze(-1)),
    "squeeze": (lambda t: t.unsqueeze(1).squeeze(), lambda t: t.unsqueeze(1).squeeze()),
    "squeeze_dim": (lambda t: t.unsqueeze(1).squeeze(1), lambda t: t.unsqueeze(1).squeeze(1)),
    "squeeze_not_1": (lambda t: t.squeeze(0), lambda t: t.squeeze(0)),
    "flatten": (lambda t: t.flatten(), lambda t: t.flatten()),
    "flatten1": (lambda t: t.flatten(1), lambda t: t.flatten(1)),
    "ravel": (lambda t: t.ravel(), lambda t: t.ravel()),
    "permute": (lambda t: t.permute(2, 0, 1), lambda t: t.permute(2, 0, 1)),
    "transpose": (lambda t: t.transpose(0, 2), lambda t: t.transpose(0, 2)),
    "t": (lambda t: t[0].t(), lambda t: t[0].t()),
    "index": (lambda t: t[..., -1], lambda t: t[..., -1]),
    "clone": (lambda t: t.clone() * 2, lambda t: t.clone() * 2),
}


@pytest.mark.parametrize("name", SHAPES)
def test_shape_ops_match_torch(name):
    check_against_torch(*SHAPES[name], randn(2, 3, 4))


def test_size_numel_dim():
    x, t = Tensor(np.zeros((3, 28, 28))), torch.zeros(3, 28, 28)
    assert x.size() == t.size() and x.shape == tuple(t.shape) and x.size(1) == 28
    assert repr(x.size()) == "Size([3, 28, 28])" and x.size().numel() == t.numel() == x.numel()
    assert x.dim() == t.dim() == 3 and len(x) == 3
    assert nnlib.flatten(x, 1).shape == (3, 784) and nnlib.unsqueeze(x, 0).shape == (1, 3, 28, 28)


# ---------------------------------------------------------------- nn layers
def test_softmax_and_log_softmax_modules():
    x = randn(4, 3)
    check_against_torch(lambda t: nn.Softmax(dim=1)(t), lambda t: torch.nn.Softmax(dim=1)(t), x)
    check_against_torch(lambda t: nn.LogSoftmax(dim=0)(t), lambda t: torch.nn.LogSoftmax(dim=0)(t), x)
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"


def test_module_list_registers_parameters():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(3, 4), nn.Linear(4, 2)])

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    net = Net()
    names = [name for name, _ in net.named_parameters()]
    assert names == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"]
    tnet = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)])
    assert [f"layers.{n}" for n, _ in tnet.named_parameters()] == names
    assert net(np.ones((2, 3))).shape == (2, 2) and len(net.layers) == 2
    net.layers.append(nn.ReLU())
    assert len(list(net.modules())) == 5
    with pytest.raises(TypeError, match="ModuleList.append must be a Module, got int"):
        net.layers.append(3)
    with pytest.raises(NotImplementedError, match="no forward"):
        net.layers(np.ones(3))


@pytest.mark.parametrize("shape", [(4,), (2, 4), (2, 5, 4), (2, 3, 5, 4)], ids=str)
def test_linear_on_1d_and_nd_input(shape):
    layer, tlayer = nn.Linear(4, 3).double(), torch.nn.Linear(4, 3).double()
    tlayer.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in layer.state_dict().items()})
    check_against_torch(lambda x: layer(x), lambda x: tlayer(x), randn(*shape))
    layer.zero_grad()


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits_matches_torch(reduction):
    z, y = randn(6, 2) * 2, rng.integers(0, 2, (6, 2)).astype(np.float64)
    check_against_torch(lambda a, b: nn.BCEWithLogitsLoss(reduction=reduction)(a, b),
                        lambda a, b: torch.nn.BCEWithLogitsLoss(reduction=reduction)(a, b), z, y)
    big = Tensor(np.array([1000.0, -1000.0]), requires_grad=True)
    loss = nn.functional.binary_cross_entropy_with_logits(big, np.array([0.0, 1.0]))
    loss.backward()
    assert np.isfinite(loss.item()) and np.isfinite(big.grad.data).all()  # stays finite for huge scores
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        nn.BCEWithLogitsLoss()(Tensor([1.0, 2.0]), Tensor([1.0, 0.0, 1.0]))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
@pytest.mark.parametrize("ignore", [None, -100, 2])
def test_cross_entropy_ignore_index_and_label_smoothing(reduction, smoothing, ignore):
    z, y = randn(6, 4), np.array([0, 3, -100, 1, 2, 2])
    if ignore != -100:
        y = np.where(y == -100, 1, y)
    kwargs = dict(reduction=reduction, label_smoothing=smoothing, **({} if ignore is None else {"ignore_index": ignore}))
    check_against_torch(lambda a: nn.CrossEntropyLoss(**kwargs)(a, y),
                        lambda a: torch.nn.CrossEntropyLoss(**kwargs)(a, torch.tensor(y)), z)


def test_cross_entropy_ignores_every_row_like_torch():
    z, y = randn(2, 3), np.array([-100, -100])
    ours = nnlib.nn.functional.cross_entropy(Tensor(z), y)
    theirs = torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(y))
    assert np.isnan(ours.item()) and torch.isnan(theirs)
    with pytest.raises(ValueError, match=r"label -3, expected labels in \[0, 2\].*ignore_index=-100"):
        nnlib.nn.functional.cross_entropy(Tensor(z), np.array([-3, 0]))
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\], got 1\.5"):
        nn.CrossEntropyLoss(label_smoothing=1.5)


def test_functional_spellings():
    import nnlib.nn.functional as F

    x = randn(3, 4)
    check_against_torch(lambda t: F.relu(t), lambda t: torch.nn.functional.relu(t), rng.uniform(0.3, 1, (3, 4)))
    check_against_torch(lambda t: F.softmax(t, dim=1), lambda t: torch.nn.functional.softmax(t, dim=1), x)
    check_against_torch(lambda t: F.mse_loss(t, np.ones((3, 4))),
                        lambda t: torch.nn.functional.mse_loss(t, torch.ones(3, 4, dtype=torch.float64)), x)
    check_against_torch(lambda t: F.cross_entropy(t, np.array([0, 1, 3])),
                        lambda t: torch.nn.functional.cross_entropy(t, torch.tensor([0, 1, 3])), x)


# --------------------------------------------------------------- optimisers
def test_optimizer_defaults_and_dampening_match_torch():
    assert optim.SGD([nn.Parameter(np.ones(1))]).param_groups[0]["lr"] == 1e-3
    for kwargs in [dict(momentum=0.9, dampening=0.5), dict(momentum=0.5, dampening=0.1, weight_decay=0.01)]:
        w0 = randn(3)
        p, tp = nn.Parameter(w0.copy()), torch.nn.Parameter(torch.tensor(w0))
        opt, topt = optim.SGD([p], lr=0.1, **kwargs), torch.optim.SGD([tp], lr=0.1, **kwargs)
        for _ in range(4):
            g = randn(3)
            p.grad, tp.grad = g.copy(), torch.tensor(g)
            opt.step()
            topt.step()
        assert_close(p.data, tp.detach(), what=str(kwargs))


def test_param_groups_with_their_own_options():
    model, tmodel = nn.Linear(3, 2).double(), torch.nn.Linear(3, 2).double()
    tmodel.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in model.state_dict().items()})
    opt = optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.1, momentum=0.9)
    topt = torch.optim.SGD([{"params": [tmodel.weight]}, {"params": [tmodel.bias], "lr": 0.5}], lr=0.1, momentum=0.9)
    x = randn(5, 3)
    for step in range(4):
        if step == 2:  # change the learning rate mid-training
            for g, tg in zip(opt.param_groups, topt.param_groups):
                g["lr"] *= 0.1
                tg["lr"] *= 0.1
        for o, m, inp in ((opt, model, x), (topt, tmodel, torch.tensor(x))):
            o.zero_grad()
            (m(inp) ** 2).sum().backward()
            o.step()
    assert_close(model.weight.data, tmodel.weight.detach())
    assert_close(model.bias.data, tmodel.bias.detach())
    with pytest.raises(TypeError, match=r"unknown option\(s\) \['momentun'\]"):
        optim.SGD([{"params": [model.weight], "momentun": 0.9}])
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [model.weight]}, {"params": [model.weight]}])


@pytest.mark.parametrize("make", [lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9), lambda ps: optim.Adam(ps, lr=0.1)],
                         ids=["SGD", "Adam"])
def test_optimizer_state_dict_round_trip_continues_identically(make):
    w0, grads = randn(4), [randn(4) for _ in range(6)]
    p = nn.Parameter(w0.copy())
    opt = make([p])
    for g in grads[:3]:
        p.grad = g.copy()
        opt.step()
    saved_weights, saved_state = p.data.copy(), opt.state_dict()
    assert list(saved_state) == ["state", "param_groups"] and saved_state["param_groups"][0]["params"] == [0]
    for g in grads[3:]:
        p.grad = g.copy()
        opt.step()
    q = nn.Parameter(saved_weights)
    opt2 = make([q])
    opt2.load_state_dict(saved_state)
    for g in grads[3:]:
        q.grad = g.copy()
        opt2.step()
    np.testing.assert_array_equal(q.data, p.data)


def test_step_lr_matches_torch():
    p, tp = nn.Parameter(np.ones(1)), torch.nn.Parameter(torch.ones(1))
    opt, topt = optim.SGD([p], lr=0.1), torch.optim.SGD([tp], lr=0.1)
    sched = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    tsched = torch.optim.lr_scheduler.StepLR(topt, step_size=3, gamma=0.5)
    for _ in range(8):
        opt.step()
        topt.step()
        sched.step()
        tsched.step()
        assert sched.get_last_lr() == pytest.approx(tsched.get_last_lr())
    with pytest.raises(ValueError, match=r"step_size must be a positive whole number of epochs, got 0"):
        optim.lr_scheduler.StepLR(opt, step_size=0)
    with pytest.raises(TypeError, match="StepLR expected an optimizer"):
        optim.lr_scheduler.StepLR([p], step_size=2)


# -------------------------------------------------------------------- data
def test_tensor_dataset_and_dataloader_like_torch():
    X, y = randn(10, 3), rng.integers(0, 2, 10)
    ds, tds = TensorDataset(nnlib.tensor(X), nnlib.tensor(y)), torch.utils.data.TensorDataset(torch.tensor(X),
                                                                                            torch.tensor(y))
    assert len(ds) == len(tds) == 10 and np.allclose(ds[3][0].data, tds[3][0].numpy())
    loader, tloader = DataLoader(ds, batch_size=4), torch.utils.data.DataLoader(tds, batch_size=4)
    assert len(loader) == len(tloader) == 3 and loader.dataset is ds and len(loader.dataset) == 10
    for (xb, yb), (txb, tyb) in zip(loader, tloader):
        assert isinstance(xb, Tensor) and xb.dtype == np.float64 and yb.dtype == np.int64
        assert_close(xb.data, txb) and yb.tolist() == tyb.tolist()
    assert len(DataLoader(ds, 3, drop_last=True)) == 3 and len(DataLoader(ds)) == 10  # torch's default batch 1
    shuffled = np.concatenate([yb.data for _, yb in DataLoader(ds, batch_size=4, shuffle=True, seed=1)])
    assert sorted(shuffled.tolist()) == sorted(y.tolist()) and not np.array_equal(shuffled, y)


def test_dataloader_over_a_custom_dataset_collates_like_torch():
    class Squares(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return np.array([i, i * i], dtype=np.float32), i % 2

    xb, yb = next(iter(DataLoader(Squares(), batch_size=3)))
    txb, tyb = next(iter(torch.utils.data.DataLoader(Squares(), batch_size=3)))
    assert xb.tolist() == txb.tolist() and yb.tolist() == tyb.tolist() and yb.dtype == np.int64


def test_dataloader_keeps_nnlibs_own_form_and_refuses_mixtures():
    X, y = randn(10, 3), rng.integers(0, 2, 10)
    xb, yb = next(iter(DataLoader(X, y, batch_size=4)))
    assert isinstance(xb, np.ndarray) and xb.shape == (4, 3)  # nnlib's form: NumPy batches, as before
    with pytest.raises(TypeError, match=r"DataLoader needs X and y.*TensorDataset\(X, y\)"):
        DataLoader(X)
    with pytest.raises(TypeError, match="takes no labels"):
        DataLoader(TensorDataset(X, y), y)
    with pytest.raises(ValueError, match=r"same first dimension.*\[\(10, 3\), \(9,\)\]"):
        TensorDataset(X, y[:9])


# ----------------------------------------------------------- save and load
def test_state_dict_save_load_round_trip(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    model(randn(8, 3))
    nnlib.save(model.state_dict(), tmp_path / "model_weights.pth")
    fresh = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    weights = fresh[0].weight
    fresh.load_state_dict(nnlib.load(tmp_path / "model_weights.pth", weights_only=True))
    fresh.eval()
    model.eval()
    x = randn(5, 3)
    assert fresh[0].weight is weights  # loaded into the existing parameters, not replacing them
    np.testing.assert_array_equal(fresh(x).data, model(x).data)
