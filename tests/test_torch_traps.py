"""The silent traps of PyTorch-style code, each done the torch way and compared with torch (float64).

Each of these once gave a wrong answer with no error; now nnlib behaves as torch does, or
refuses with a message that says what to do.
"""

import copy

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close, check_against_torch

import nnlib
from nnlib import Tensor, nn

rng = np.random.default_rng(0)


def pair(*arrays, requires_grad=False):
    """The same float64 data as an nnlib tensor and a torch tensor."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    return ([nnlib.tensor(a, requires_grad=requires_grad) for a in arrays],
            [torch.tensor(a, requires_grad=requires_grad) for a in arrays])


# --------------------------------------------------------------- 1. comparisons
@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
@pytest.mark.parametrize("other", ["tensor", "array", "number"])
def test_comparisons_are_element_wise_bool_tensors(op, other):
    a, b = np.array([1.0, 2.0, 3.0, 2.0]), np.array([2.0, 2.0, 1.0, 5.0])
    compare = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
               ">=": np.greater_equal}[op]
    value = 2.0 if other == "number" else b
    rhs = {"tensor": Tensor(b), "array": b, "number": 2.0}[other]
    out = eval(f"x {op} y", {"x": Tensor(a), "y": rhs})
    tout = eval(f"x {op} y", {"x": torch.tensor(a), "y": value if other == "number" else torch.tensor(b)})
    assert isinstance(out, Tensor) and out.dtype == np.bool_
    assert out.tolist() == tout.tolist() == compare(a, value).tolist()
    reflected = eval(f"y {op} x", {"x": Tensor(a), "y": rhs})  # array/number on the left, too
    assert np.asarray(reflected).tolist() == compare(value, a).tolist()


def test_accuracy_idioms_give_the_right_number():
    logits = rng.standard_normal((50, 3))
    y = rng.integers(0, 3, 50)
    model_out, tout = Tensor(logits), torch.tensor(logits)
    expected = float(np.mean(logits.argmax(1) == y))
    assert (model_out.argmax(1) == y).float().mean().item() == pytest.approx(expected)
    assert (tout.argmax(1) == torch.tensor(y)).float().mean().item() == pytest.approx(expected)
    assert (model_out.argmax(1) == Tensor(y)).type(nnlib.float).sum().item() == round(expected * 50)
    assert np.mean(np.asarray(model_out.argmax(1) == y)) == pytest.approx(expected)
    with pytest.raises(TypeError, match=r"mean\(\) needs a floating-point tensor.*\.float\(\)\.mean\(\)"):
        (model_out.argmax(1) == y).mean()  # torch refuses too: a bool tensor has no mean


def test_tensors_stay_hashable_and_truth_values_as_torch():
    a = Tensor([1.0])
    assert {a: 1}[a] == 1  # hashing by identity: tensors can be dict keys and set members
    assert bool(Tensor([2.0]) > 1) is True and (Tensor(0.0) == 0)
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(Tensor([1.0, 2.0]) > 0)
    with pytest.raises(RuntimeError):
        bool(torch.tensor([1.0, 2.0]) > 0)
    assert (Tensor([1.0]) == None) is False  # noqa: E711 (as torch: a comparison with None is False)


# ----------------------------------------------------------- 2. in-place updates
def test_hand_written_update_changes_the_models_weights_like_torch():
    x, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).double()
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
    tmodel.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in model.state_dict().items()})
    before = copy.deepcopy(model.state_dict())
    lr = 0.1
    for _ in range(3):
        loss = nn.CrossEntropyLoss()(model(x), y)
        loss.backward()
        with nnlib.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
                p.grad.zero_()
        tloss = torch.nn.CrossEntropyLoss()(tmodel(torch.tensor(x)), torch.tensor(y))
        tloss.backward()
        with torch.no_grad():
            for p in tmodel.parameters():
                p -= lr * p.grad
                p.grad.zero_()
        assert_close(loss.item(), tloss.item())
    for name, p in model.named_parameters():
        assert not np.allclose(p.data, before[name].numpy()), f"{name} did not change"
        assert_close(p.data, tmodel.state_dict()[name], what=name)


@pytest.mark.parametrize("update", [
    lambda p, g: p.__isub__(0.5 * g), lambda p, g: p.__iadd__(g), lambda p, g: p.__imul__(2.0),
    lambda p, g: p.__itruediv__(4.0), lambda p, g: p.add_(g, alpha=-0.5), lambda p, g: p.sub_(g),
    lambda p, g: p.mul_(g), lambda p, g: p.div_(2.0), lambda p, g: p.zero_(), lambda p, g: p.fill_(1.5),
    lambda p, g: p.copy_(g), lambda p, g: p.clamp_(-0.1, 0.2), lambda p, g: p.__setitem__((slice(None), 1), 0.0),
    lambda p, g: p.__setitem__(p > 0, g[p > 0] if isinstance(p, Tensor) else g[p > 0]),
], ids=["-=", "+=", "*=", "/=", "add_", "sub_", "mul_", "div_", "zero_", "fill_", "copy_", "clamp_", "t[:, 1]=0",
        "t[mask]=v"])
def test_in_place_ops_match_torch_and_keep_identity(update):
    w, g = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    (p, pg), (t, tg) = pair(w, g, requires_grad=False)
    p_id = id(p)
    with nnlib.no_grad():
        result = update(p, pg)
    with torch.no_grad():
        update(t, tg)
    assert result is None or result is p
    assert id(p) == p_id
    assert_close(p.data, t)


def test_in_place_change_of_a_weight_needs_no_grad_like_torch():
    w = nn.Parameter(np.ones(3))
    tw = torch.nn.Parameter(torch.ones(3))
    for change in (lambda p: p.__isub__(1.0), lambda p: p.add_(1.0), lambda p: p.zero_(),
                   lambda p: p.__setitem__(0, 5.0)):
        with pytest.raises(RuntimeError, match=r"leaf.*requires grad.*no_grad"):
            change(w)
        with pytest.raises(RuntimeError, match="leaf"):
            change(tw)
    assert w.data.tolist() == [1.0, 1.0, 1.0]  # nothing happened


def test_in_place_inside_a_graph_is_recorded():
    """Recorded as in torch (tests/test_torch_inplace.py compares values and gradients with torch)."""
    x = Tensor(np.ones(3), requires_grad=True)
    y = x * 2
    y += 1
    y.sum().backward()
    assert y.grad_fn.name() == "AddBackward" and x.grad.tolist() == [2.0, 2.0, 2.0]


def test_in_place_int_tensor_with_float_is_refused():
    labels = Tensor(np.array([1, 2, 3]))
    with pytest.raises(TypeError, match=r"\+=.*dtype int64.*float64.*cannot be stored in place"):
        labels += 0.5
    with pytest.raises(ValueError, match=r"operand of shape \(2, 3\) does not fit a tensor of shape \(3,\)"):
        Tensor(np.ones(3)).add_(np.ones((2, 3)))


def test_changing_a_weight_between_forward_and_backward_is_caught():
    """The second layer's weight is saved (its input needs a gradient): torch raises, and so does nnlib.
    The first layer's weight is not saved (the data needs no gradient): neither raises for it alone."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3))
    for lib in (nnlib, torch):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(3, 5), lib.nn.Tanh(), lib.nn.Linear(5, 2)).double()
        opt = lib.optim.SGD(model.parameters(), lr=0.1)
        loss = model(lib.tensor(x)).sum()
        loss.backward(retain_graph=True)
        opt.step()  # changes the weights the graph was built with
        with pytest.raises(RuntimeError, match=r"modified by an inplace operation"):
            loss.backward()
        first = lib.nn.Linear(3, 2).double()
        loss = first(lib.tensor(x)).sum()
        loss.backward(retain_graph=True)
        with lib.no_grad():
            first.weight -= 1.0
        loss.backward()  # x @ W.T needs only x for W's gradient: no error in either
        model(lib.tensor(x)).sum().backward()  # a fresh forward pass is fine


# ------------------------------------------------------------------ 3. dtype casts
@pytest.mark.parametrize("cast", ["float", "double", "to32", "to64", "type32", "half"])
def test_casts_keep_the_graph(cast):
    apply = {"float": lambda t: t.float(), "double": lambda t: t.double(), "half": lambda t: t.half(),
             "to32": lambda t: t.to(torch.float32 if isinstance(t, torch.Tensor) else nnlib.float32),
             "to64": lambda t: t.to(torch.float64 if isinstance(t, torch.Tensor) else nnlib.float64),
             "type32": lambda t: t.type(torch.float32 if isinstance(t, torch.Tensor) else nnlib.float32)}[cast]
    x = rng.standard_normal(5)
    for start in (np.float32, np.float64):
        a = Tensor(x.astype(start), requires_grad=True)
        t = torch.tensor(x.astype(start), requires_grad=True)
        (apply(a) * 3).sum().backward()
        (apply(t) * 3).sum().backward()
        assert a.grad is not None and a.grad.dtype == start
        assert_close(a.grad, t.grad.numpy(), what=f"{cast} from {start.__name__}")
    same = Tensor(np.ones(2))
    assert same.double() is same and same.to("cpu") is same  # nothing to change: the same tensor, as torch


def test_integer_and_bool_casts():
    x = Tensor([1.7, -0.2, 0.0])
    assert x.long().tolist() == torch.tensor([1.7, -0.2, 0.0]).long().tolist()
    assert x.int().dtype == np.int32 and x.bool().tolist() == [True, True, False]
    assert not x.long().requires_grad


# ------------------------------------------------------- 4. max/min with a dim
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_with_dim_unpack_values_and_indices(name):
    x = rng.permutation(12).reshape(3, 4) * 1.0
    values, indices = getattr(Tensor(x), name)(1)
    tvalues, tindices = getattr(torch.tensor(x), name)(1)
    assert_close(values.data, tvalues)
    assert indices.tolist() == tindices.tolist()
    assert getattr(Tensor(x), name)(1).values is not None and getattr(nnlib, name)(Tensor(x), 1).indices is not None
    assert getattr(Tensor(x), name)().item() == getattr(torch.tensor(x), name)().item()  # no dim: a plain value


def test_max_tie_gradient_goes_to_the_returned_index():
    x = np.array([[3.0, 3.0, 1.0], [0.0, 2.0, 2.0]])
    (a,), (t,) = pair(x, requires_grad=True)
    a.max(1).values.sum().backward()
    t.max(1).values.sum().backward()
    assert_close(a.grad, t.grad)
    assert a.grad.sum().item() == 2.0  # one unit per row, not split between the ties


# ---------------------------------------------------------- 5. backward twice
def test_backward_twice_needs_retain_graph_like_torch():
    (a,), (t,) = pair([1.0, 2.0], requires_grad=True)
    loss, tloss = (a * a).sum(), (t * t).sum()
    loss.backward()
    tloss.backward()
    with pytest.raises(RuntimeError, match=r"second time.*retain_graph=True"):
        loss.backward()
    with pytest.raises(RuntimeError, match="second time"):
        tloss.backward()
    (a,), (t,) = pair([1.0, 2.0], requires_grad=True)
    loss, tloss = (a * a).sum(), (t * t).sum()
    for _ in range(2):
        loss.backward(retain_graph=True)
        tloss.backward(retain_graph=True)
    assert_close(a.grad, t.grad)  # accumulated twice, in both


# -------------------------------------------------------------- 6. powers
def test_x_to_the_zero_has_gradient_zero_at_zero():
    (a,), (t,) = pair([0.0, 2.0], requires_grad=True)
    (a**0).sum().backward()
    (t**0).sum().backward()
    assert a.grad.tolist() == t.grad.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("fn", [lambda x, y: x**y, lambda x, y: y**x, lambda x, y: x ** (-y), lambda x, y: x ** (y * x)],
                         ids=["x**y", "y**x", "x**-y", "x**(y*x)"])
def test_tensor_exponents(fn):
    x, y = rng.uniform(0.5, 2.0, 4), rng.uniform(0.5, 2.0, 4)
    check_against_torch(fn, fn, x, y)


def test_number_base():
    check_against_torch(lambda x: 2**x, lambda x: 2**x, rng.standard_normal(4))


def test_tensor_exponent_at_zero_base_matches_torch():
    (x, y), (tx, ty) = pair([0.0, 0.0, 2.0], [0.0, 2.0, 3.0], requires_grad=True)
    (x**y).sum().backward()
    (tx**ty).sum().backward()
    assert_close(x.grad, tx.grad)
    assert_close(y.grad, ty.grad)


# -------------------------------------------------------------- 7. devices
def test_cpu_device_is_a_no_op_and_cuda_says_cpu_only():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    assert model.to("cpu") is model and model.to(nnlib.device("cpu")) is model and model.cpu() is model
    x = Tensor(np.ones((2, 2)))
    assert x.to("cpu") is x and x.device == nnlib.device("cpu") == "cpu" and repr(x.device) == "device(type='cpu')"
    device = "cuda" if nnlib.cuda.is_available() else "cpu"
    assert device == "cpu" and not nnlib.accelerator.is_available() and not nnlib.backends.mps.is_available()
    for where in ("cuda", "cuda:0", "mps"):
        with pytest.raises(RuntimeError, match=r"CPU only.*teaching library"):
            model.to(where)
        with pytest.raises(RuntimeError, match="CPU only"):
            x.to(where)
        with pytest.raises(RuntimeError, match="CPU only"):
            nnlib.zeros(2, device=where)
    with pytest.raises(RuntimeError, match="CPU only"):
        x.cuda()


def test_module_double_float_convert_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    assert model.to(nnlib.float64) is model
    assert all(t.dtype == np.float64 for _, t in model._named_tensors() if t.dtype.kind == "f")
    assert model[1].num_batches_tracked.dtype == np.int64  # counters stay integers
    out = model(np.ones((4, 2), np.float32))
    assert out.dtype == np.float64  # batch norm computes in its buffers' dtype
    model.float()
    assert model[1].running_var.dtype == np.float32 and model(np.ones((4, 2))).dtype == np.float32
    with pytest.raises(TypeError, match=r"Sequential.to\(\) converts parameters to a floating-point dtype.*int64"):
        model.to(np.int64)
    with pytest.raises(TypeError, match=r"requires_grad must be True or False, got 'yes'"):
        Tensor([1.0], requires_grad="yes")


# ----------------------------------------------------------- 8. .grad is a Tensor
def test_grad_supports_torch_and_numpy_idioms():
    (a,), (t,) = pair([1.0, -2.0, 3.0], requires_grad=True)
    (a * a).sum().backward()
    (t * t).sum().backward()
    assert isinstance(a.grad, Tensor) and a.grad is a.grad
    assert_close(a.grad.norm().item(), t.grad.norm().item())
    assert_close(a.grad.clone().data, t.grad.clone())
    assert a.grad[1].item() == t.grad[1].item()
    assert_close(np.abs(a.grad), np.abs(t.grad.numpy()))  # NumPy functions see an array
    assert_close(a.grad * 0.5 + np.ones(3), t.grad.numpy() * 0.5 + 1)
    kept = a.grad
    a.grad.zero_()
    t.grad.zero_()
    assert kept.tolist() == a.grad.tolist() == t.grad.tolist() == [0.0, 0.0, 0.0]
    (a * a).sum().backward()  # accumulates into the zeroed gradient
    assert a.grad.tolist() == [2.0, -4.0, 6.0]
    a.grad = None
    assert a.grad is None
    with pytest.raises(ValueError, match=r"assigned grad has shape \(2,\).*\(3,\)"):
        a.grad = np.ones(2)


def test_optimizer_zero_grad_set_to_none_false_keeps_zeros():
    model = nn.Linear(2, 2)
    opt = nnlib.optim.SGD(model.parameters(), lr=0.1)
    model(np.ones((1, 2))).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert all(p.grad is not None and p.grad.sum().item() == 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_grad_fn_and_repr_as_torch():
    a = Tensor([1.0, 2.0], requires_grad=True)
    assert a.grad_fn is None and (a * 2).grad_fn.name() == "MulBackward"
    assert "grad_fn=<AddBackward>" in repr(a + 1) and "requires_grad=True" in repr(a)
    assert f"{(a * a).sum():.2f}" == "5.00"  # one-element tensors format like numbers


def test_deepcopy_of_a_computed_tensor_is_refused_like_torch():
    a = Tensor([1.0], requires_grad=True)
    copied = copy.deepcopy(a)
    assert copied.requires_grad and copied.data is not a.data
    with pytest.raises(RuntimeError, match="leaves"):
        copy.deepcopy(a * 2)


def test_grad_in_numpy_expressions_and_arrays_meeting_tensors():
    """`.grad` is a Tensor, yet the NumPy spelling of the update keeps `.data` a NumPy array."""
    w = nn.Parameter(np.array([1.0, 2.0]))
    (w * w).sum().backward()
    w.data -= 0.1 * w.grad  # the old idiom: an in-place update of the array
    assert type(w.data) is np.ndarray and w.data.tolist() == [0.8, 1.6]
    a = np.array([1.0, 2.0])
    total = a + w  # an array on the left: the tensor's own operation, still in the graph
    assert isinstance(total, Tensor) and total.requires_grad
    assert isinstance(np.exp(w), np.ndarray) and (np.array([0.8, 0.0]) == w).tolist() == [True, False]
