"""Options every torch user meets, against torch (float64): BatchNorm1d, CrossEntropyLoss, optimizers,
DataLoader, Flatten, Size. (Saving a whole model: tests/test_serialization.py.)"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close

import nnlib
from nnlib import nn

rng = np.random.default_rng(0)


def copy_into(module, tmodule):
    tmodule.load_state_dict({k: torch.from_numpy(np.array(v.data)) for k, v in module.state_dict().items()})


# ------------------------------------------------------------------ BatchNorm1d
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5)], ids=["NC", "NCL"])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm1d_options_match_torch(shape, affine, momentum):
    bn = nn.BatchNorm1d(3, momentum=momentum, affine=affine).double()
    tbn = torch.nn.BatchNorm1d(3, momentum=momentum, affine=affine).double()
    assert list(bn.state_dict()) == list(tbn.state_dict())
    assert [n for n, _ in bn.named_parameters()] == [n for n, _ in tbn.named_parameters()]
    if affine:
        bn.weight.data[...] = rng.uniform(0.5, 1.5, 3)
        bn.bias.data[...] = rng.normal(0, 0.3, 3)
        copy_into(bn, tbn)
    for step in range(3):  # running statistics: exponential (0.1) or cumulative (None) averages
        x = rng.normal(1.0, 2.0, shape)
        xt = torch.tensor(x, requires_grad=True)
        xn = nnlib.tensor(x, requires_grad=True)
        out, tout = bn(xn), tbn(xt)
        assert_close(out.data, tout, what=f"train forward, step {step}")
        w = rng.standard_normal(shape)
        (out * nnlib.tensor(w)).sum().backward()
        (tout * torch.tensor(w)).sum().backward()
        assert_close(xn.grad, xt.grad, what="input gradient")
        if affine:
            assert_close(bn.weight.grad, tbn.weight.grad, what="weight gradient")
            assert_close(bn.bias.grad, tbn.bias.grad, what="bias gradient")
            bn.zero_grad()
            tbn.zero_grad()
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            assert_close(bn.state_dict()[name].data, tbn.state_dict()[name], what=name)
    bn.eval()
    tbn.eval()
    x = rng.normal(0, 1, shape)
    assert_close(bn(x).data, tbn(torch.tensor(x)), what="eval forward")


def test_batchnorm1d_repr_and_errors():
    assert repr(nn.BatchNorm1d(3, momentum=None, affine=False)) == \
        "BatchNorm1d(3, eps=1e-05, momentum=None, affine=False)"
    assert repr(torch.nn.BatchNorm1d(3, momentum=None, affine=False)).startswith(
        "BatchNorm1d(3, eps=1e-05, momentum=None, affine=False")
    for lib in (nnlib, torch):
        with pytest.raises((ValueError, RuntimeError), match=r"Expected more than 1 value per channel when training"):
            lib.nn.BatchNorm1d(3)(lib.ones(1, 3, 1))


# ------------------------------------------------------------- CrossEntropyLoss
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("ignore", [False, True])
def test_cross_entropy_class_weights_match_torch(reduction, smoothing, ignore):
    z, y = rng.standard_normal((7, 4)), rng.integers(0, 4, 7)
    if ignore:
        y[[1, 4]] = -100
    weight = rng.uniform(0.2, 3.0, 4)
    zn, zt = nnlib.tensor(z, requires_grad=True), torch.tensor(z, requires_grad=True)
    loss = nn.CrossEntropyLoss(weight=nnlib.tensor(weight), reduction=reduction, label_smoothing=smoothing)(zn, y)
    tloss = torch.nn.CrossEntropyLoss(weight=torch.tensor(weight), reduction=reduction,
                                      label_smoothing=smoothing)(zt, torch.from_numpy(y))
    assert_close(loss.data, tloss, what="loss")
    g = rng.standard_normal(np.shape(loss.data))
    (loss * nnlib.tensor(g)).sum().backward()
    (tloss * torch.tensor(g)).sum().backward()
    assert_close(zn.grad, zt.grad, what="gradient")


def test_cross_entropy_weight_is_a_buffer_and_its_shape_is_checked():
    loss_fn = nn.CrossEntropyLoss(weight=nnlib.tensor([1.0, 2.0, 3.0]))
    assert list(loss_fn.state_dict()) == list(torch.nn.CrossEntropyLoss(weight=torch.ones(3)).state_dict())
    for lib in (nnlib, torch):
        with pytest.raises(RuntimeError, match=r"weight tensor should be defined either for all 3 classes or no "
                                               r"classes but got weight tensor of shape: \[2\]"):
            lib.nn.CrossEntropyLoss(weight=lib.ones(2))(lib.ones(4, 3), lib.zeros(4, dtype=lib.long))


# ------------------------------------------------------------------ optimizers
@pytest.mark.parametrize("make", [
    lambda lib, p: lib.optim.SGD(p, lr=0.1, momentum=0.9, maximize=True),
    lambda lib, p: lib.optim.SGD(p, lr=0.1, weight_decay=0.1, maximize=True),
    lambda lib, p: lib.optim.Adam(p, lr=0.05, maximize=True),
    lambda lib, p: lib.optim.Adam(p, lr=0.05, amsgrad=True),
    lambda lib, p: lib.optim.Adam(p, lr=0.05, weight_decay=0.1, amsgrad=True, maximize=True),
    lambda lib, p: lib.optim.AdamW(p, lr=0.05, amsgrad=True),
    lambda lib, p: lib.optim.AdamW(p, lr=0.05, weight_decay=0.1, maximize=True, amsgrad=True),
    lambda lib, p: lib.optim.RMSprop(p, lr=0.01, momentum=0.5, maximize=True),
], ids=["sgd_momentum_max", "sgd_wd_max", "adam_max", "adam_amsgrad", "adam_all", "adamw_amsgrad", "adamw_all",
        "rmsprop_max"])
def test_maximize_and_amsgrad_match_torch(make):
    w0 = rng.standard_normal((3, 2))
    w, tw = nnlib.tensor(w0, requires_grad=True), torch.tensor(w0, requires_grad=True)
    opt, topt = make(nnlib, [w]), make(torch, [tw])
    targets = rng.standard_normal((6, 3, 2)) * np.linspace(3, 0.1, 6)[:, None, None]  # shrinking: amsgrad matters
    for target in targets:
        for p, o, lib in ((w, opt, nnlib), (tw, topt, torch)):
            o.zero_grad()
            loss = -((p - lib.tensor(target)) ** 2).sum()  # a hill: maximize climbs it
            loss.backward()
            o.step()
        assert_close(w.data, tw, what="weights after a step")
    state, tstate = opt.state.get(w, {}), topt.state.get(tw, {})
    if "max_exp_avg_sq" in tstate:
        assert_close(state["max_exp_avg_sq"], tstate["max_exp_avg_sq"], what="max_exp_avg_sq")


# ------------------------------------------------------------------ DataLoader
def test_dataloader_over_a_tensor_yields_tensors_like_torch():
    X = np.arange(10.0).reshape(5, 2)
    batches = list(nnlib.utils.data.DataLoader(nnlib.tensor(X), batch_size=2))
    tbatches = list(torch.utils.data.DataLoader(torch.tensor(X), batch_size=2))
    assert len(batches) == len(tbatches) == 3
    for b, tb in zip(batches, tbatches):
        assert isinstance(b, nnlib.Tensor) and b.dtype == np.float64
        assert_close(b.data, tb)
    xb, yb = next(iter(nnlib.utils.data.DataLoader(nnlib.tensor(X), nnlib.tensor([0, 1, 0, 1, 1]), batch_size=4)))
    assert isinstance(xb, nnlib.Tensor) and isinstance(yb, nnlib.Tensor) and yb.tolist() == [0, 1, 0, 1]


def test_dataloader_batch_size_none_yields_single_samples_like_torch():
    X, y = np.arange(6.0).reshape(3, 2), np.array([2, 0, 1])
    ds, tds = nnlib.utils.data.TensorDataset(X, y), torch.utils.data.TensorDataset(torch.tensor(X), torch.tensor(y))
    loader, tloader = nnlib.utils.data.DataLoader(ds, batch_size=None), torch.utils.data.DataLoader(tds, batch_size=None)
    assert len(loader) == len(tloader) == 3
    for (x, label), (tx, tlabel) in zip(loader, tloader):
        assert tuple(x.shape) == tuple(tx.shape) == (2,) and label.shape == tlabel.shape == ()
        assert_close(x.data, tx) and label.item() == tlabel.item()
    singles = list(nnlib.utils.data.DataLoader(nnlib.tensor(X), batch_size=None))
    assert [tuple(s.shape) for s in singles] == [tuple(s.shape) for s in torch.utils.data.DataLoader(
        torch.tensor(X), batch_size=None)] == [(2,)] * 3
    x, label = next(iter(nnlib.utils.data.DataLoader(X, y, batch_size=None)))  # nnlib's form too
    assert x.shape == (2,) and label == 2


# ------------------------------------------------------------- Flatten, Size
@pytest.mark.parametrize("args", [(), (0,), (1, 2), (0, -2)])
def test_flatten_arguments_and_repr_match_torch(args):
    x = rng.standard_normal((2, 3, 4, 5))
    layer, tlayer = nn.Flatten(*args), torch.nn.Flatten(*args)
    assert repr(layer) == repr(tlayer)
    assert_close(layer(x).data, tlayer(torch.tensor(x)))


def test_sizes_print_like_torch_size():
    x, tx = nnlib.zeros(2, 3), torch.zeros(2, 3)
    assert str(x.shape) == repr(x.shape) == "Size([2, 3])" and str(tx.shape) == "torch.Size([2, 3])"
    assert f"{x.size()}" == "Size([2, 3])" and x.shape == (2, 3) and x.shape[1] == 3
