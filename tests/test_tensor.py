"""The autograd engine (nnlib/tensor.py): every op against torch (float64) and finite differences.

Also the rules of the graph: only leaves keep .grad, retain_grad(), no_grad(), detach(),
accumulation when a node is used twice, dtypes (no float64 creep), and property tests over
random broadcastable shapes.
"""

import gc
import weakref

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes
from oracle import assert_close, check_against_torch

import nnlib
from nnlib import Tensor

rng = np.random.default_rng(0)


def randn(*shape):
    return rng.standard_normal(shape)


def away_from_zero(*shape, low=0.3):
    """Values with |x| >= low: no kinks (relu, max ties) or poles (1/x) near them."""
    return rng.uniform(low, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


# ----------------------------------------------------------------------------
# Binary arithmetic, with broadcasting
# ----------------------------------------------------------------------------

BROADCAST_PAIRS = [((3, 4), (3, 4)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)), ((), (2, 3)), ((5,), ())]


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_binary_ops_broadcast(op, shapes):
    fn = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}[op]
    a = randn(*shapes[0])
    b = away_from_zero(*shapes[1]) if op == "/" else randn(*shapes[1])
    check_against_torch(fn, fn, a, b)


@pytest.mark.parametrize("fn", [
    lambda x: x + 2, lambda x: 2 + x, lambda x: x - 1.5, lambda x: 1.5 - x,
    lambda x: x * 3, lambda x: 3 * x, lambda x: x / 4, lambda x: 4 / x, lambda x: -x,
], ids=["x+2", "2+x", "x-1.5", "1.5-x", "x*3", "3*x", "x/4", "4/x", "-x"])
def test_ops_with_python_numbers(fn):
    check_against_torch(fn, fn, away_from_zero(3, 4))


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1, -2.5, 1])
def test_pow_scalar_exponent(exponent):
    check_against_torch(lambda x: x**exponent, lambda x: x**exponent, positive(3, 4))


def test_pow_accepts_numpy_scalar_and_keeps_float32():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    y = x ** np.float64(2.0)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32 and np.allclose(x.grad, 2.0)


# ----------------------------------------------------------------------------
# Matrix products
# ----------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3, 4), (4, 5)),  # matrix @ matrix
    ((4,), (4, 5)),  # vector @ matrix
    ((3, 4), (4,)),  # matrix @ vector
    ((4,), (4,)),  # dot product
    ((2, 3, 4), (2, 4, 5)),  # batched
    ((2, 3, 4), (4, 5)),  # batched @ shared matrix (broadcast: gradient summed over the batch)
    ((3, 4), (2, 4, 5)),  # shared matrix @ batched
    ((2, 1, 3, 4), (5, 4, 2)),  # batch dimensions broadcast against each other
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes):
    check_against_torch(lambda a, b: a @ b, lambda a, b: a @ b, randn(*shapes[0]), randn(*shapes[1]))


def test_matmul_with_numpy_operands():
    w = randn(4, 2)
    check_against_torch(lambda x: x @ w, lambda x: x @ torch.tensor(w), randn(3, 4))
    check_against_torch(lambda x: w.T @ x, lambda x: torch.tensor(w.T) @ x, randn(4, 3))


def test_matmul_skips_gradient_of_constant_operand():
    x = Tensor(randn(3, 4))  # data: no gradient wanted
    w = Tensor(randn(4, 2), requires_grad=True)
    (x @ w).sum().backward()
    assert x.grad is None and w.grad.shape == (4, 2)


# ----------------------------------------------------------------------------
# Element-wise functions
# ----------------------------------------------------------------------------

UNARY = {
    "exp": (lambda x: x.exp(), torch.exp, randn),
    "log": (lambda x: x.log(), torch.log, positive),
    "relu": (lambda x: x.relu(), torch.relu, away_from_zero),
    "sigmoid": (lambda x: x.sigmoid(), torch.sigmoid, randn),
    "tanh": (lambda x: x.tanh(), torch.tanh, randn),
    "leaky_relu": (lambda x: x.leaky_relu(), torch.nn.functional.leaky_relu, away_from_zero),
    "leaky_relu(0.2)": (lambda x: x.leaky_relu(0.2), lambda t: torch.nn.functional.leaky_relu(t, 0.2),
                        away_from_zero),
    "neg": (lambda x: -x, torch.neg, randn),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary(name):
    f_nn, f_torch, make = UNARY[name]
    check_against_torch(f_nn, f_torch, make(4, 5))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_large_inputs_no_overflow(dtype):
    x = np.array([-1e4, -800.0, -100.0, -30.0, 0.0, 30.0, 100.0, 800.0, 1e4], dtype=dtype)
    t = Tensor(x, requires_grad=True)
    s = t.sigmoid()  # filterwarnings=error: an overflow warning would fail this test
    s.sum().backward()
    assert s.dtype == dtype and np.all(np.isfinite(s.data)) and np.all(np.isfinite(t.grad))
    expected = torch.sigmoid(torch.tensor(x)).numpy()
    np.testing.assert_allclose(s.data, expected, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-30)
    assert s.data[0] == 0.0 and s.data[-1] == 1.0


def test_relu_gradient_at_zero_matches_torch():
    x = np.array([-1.0, 0.0, 1.0])
    check_against_torch(lambda t: t.relu(), torch.relu, x, gradcheck=False)
    check_against_torch(lambda t: t.leaky_relu(0.1), lambda t: torch.nn.functional.leaky_relu(t, 0.1), x,
                        gradcheck=False)


# ----------------------------------------------------------------------------
# Reductions
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 2), (-1, 0)], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_sum_mean(op, dim, keepdim):
    def f_torch(t):
        if dim is None:
            out = getattr(t, op)()
            return out.reshape((1, 1, 1)) if keepdim else out
        return getattr(t, op)(dim=dim, keepdim=keepdim)

    check_against_torch(lambda t: getattr(t, op)(dim, keepdim), f_torch, randn(2, 3, 4))


@pytest.mark.parametrize("op", ["sum", "mean", "max"])
def test_axis_keepdims_aliases(op):
    x = Tensor(away_from_zero(3, 4))

    def reduce(*args, **kwargs):  # max along a dim returns (values, indices), as torch
        out = getattr(x, op)(*args, **kwargs)
        return out.values if op == "max" else out

    assert np.array_equal(reduce(axis=1, keepdims=True).data, reduce(dim=1, keepdim=True).data)
    assert np.array_equal(reduce(axis=0).data, reduce(0).data)
    with pytest.raises(TypeError, match="either dim or axis"):
        getattr(x, op)(dim=0, axis=0)


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_dim(dim, keepdim):
    x = rng.permutation(20).reshape(4, 5) + randn(4, 5) * 0.1  # distinct values: no ties
    check_against_torch(lambda t: t.max(dim, keepdim).values, lambda t: t.max(dim=dim, keepdim=keepdim).values, x)
    check_against_torch(lambda t: t.min(dim, keepdim).values, lambda t: t.min(dim=dim, keepdim=keepdim).values, x)
    values, indices = Tensor(x).max(dim, keepdim)  # unpacks like torch's named tuple
    expected = torch.tensor(x).max(dim=dim, keepdim=keepdim)
    assert_close(values.data, expected.values)
    assert indices.dtype == np.int64 and indices.tolist() == expected.indices.tolist()


def test_max_all_and_ties_share_gradient():
    check_against_torch(lambda t: t.max(), lambda t: t.max(), rng.permutation(12).reshape(3, 4) * 1.0)
    x = np.array([[1.0, 3.0, 3.0], [2.0, 0.0, -1.0]])
    # Over everything, a tie splits the gradient evenly between the largest entries (torch too).
    check_against_torch(lambda t: t.max(), lambda t: t.max(), x, gradcheck=False)
    # Along a dim, all of it goes to the returned index, as in torch.
    check_against_torch(lambda t: t.max(1).values, lambda t: t.max(1).values, x, gradcheck=False)
    check_against_torch(lambda t: t.min(0).values, lambda t: t.min(0).values, np.ones((2, 3)), gradcheck=False)


def test_argmax():
    x = Tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 1.0]])
    assert x.argmax(1).data.tolist() == [1, 0] and x.argmax().item() == 3


# ----------------------------------------------------------------------------
# Shape changes and indexing
# ----------------------------------------------------------------------------

SHAPE_OPS = {
    "reshape": (lambda t: t.reshape(4, 6), lambda t: t.reshape(4, 6)),
    "reshape tuple -1": (lambda t: t.reshape((-1, 3)), lambda t: t.reshape((-1, 3))),
    "view": (lambda t: t.view(24), lambda t: t.view(24)),
    "transpose(0, 2)": (lambda t: t.transpose(0, 2), lambda t: t.transpose(0, 2)),
    "transpose(-1, 1)": (lambda t: t.transpose(-1, 1), lambda t: t.transpose(-1, 1)),
    "permute": (lambda t: t.permute(2, 0, 1), lambda t: t.permute(2, 0, 1)),
    "slice": (lambda t: t[1:, ::2], lambda t: t[1:, ::2]),
    "int index": (lambda t: t[0], lambda t: t[0]),
    "negative index": (lambda t: t[:, -1], lambda t: t[:, -1]),
    "fancy with repeats": (lambda t: t[[0, 1, 0, 0]], lambda t: t[[0, 1, 0, 0]]),
    "fancy 2-D with repeats": (lambda t: t[np.array([1, 1, 0]), np.array([2, 2, 0])],
                               lambda t: t[torch.tensor([1, 1, 0]), torch.tensor([2, 2, 0])]),
    "boolean mask": (lambda t: t[t.data > 0], lambda t: t[t > 0]),
}


@pytest.mark.parametrize("name", SHAPE_OPS)
def test_shape_ops_and_indexing(name):
    f_nn, f_torch = SHAPE_OPS[name]
    check_against_torch(f_nn, f_torch, randn(2, 3, 4))


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4)])
def test_T_reverses_dimensions(shape):
    check_against_torch(lambda t: t.T, lambda t: t.permute(*reversed(range(len(shape)))), randn(*shape))


def test_transpose_2d_matches_torch():
    x = Tensor(randn(3, 4))
    assert x.transpose(0, 1).shape == (4, 3) and x.transpose(1, 0).shape == (4, 3)
    assert np.array_equal(x.transpose(0, 1).data, x.T.data)


def test_index_with_tensor_and_repeated_index_accumulates():
    x = Tensor(np.arange(5.0), requires_grad=True)
    x[Tensor(np.array([4, 4, 4, 1]))].sum().backward()
    assert x.grad.tolist() == [0, 1, 0, 0, 3]


# ----------------------------------------------------------------------------
# Reusing a node: contributions add up
# ----------------------------------------------------------------------------

REUSE = {
    "x*x": lambda x: x * x,
    "x+x": lambda x: x + x,
    "x-x*x": lambda x: x - x * x,
    "x/x**2": lambda x: x / x**2,
    "y*y+y": lambda x: (lambda y: y * y + y)(x * 2),
    "x@x.T": lambda x: x @ x.T,
    "relu(x)*x": lambda x: x.relu() * x,
    "x[0]+x[0]+x": lambda x: x[0] + x[0] + x,
}


@pytest.mark.parametrize("name", REUSE)
def test_node_used_twice_accumulates(name):
    check_against_torch(REUSE[name], REUSE[name], away_from_zero(3, 3))


def test_scalar_reuse_exact():
    x = Tensor(3.0, dtype=np.float64, requires_grad=True)
    y = x * x + x
    y.backward()
    assert x.grad == 7.0  # 2x + 1


def test_two_backward_passes_accumulate_until_zeroed():
    x = Tensor(3.0, dtype=np.float64, requires_grad=True)
    for _ in range(2):
        (x * x + x).backward()
    assert x.grad == 14.0
    x.grad = None
    (x * x).backward()
    assert x.grad == 6.0


def test_leaf_gradients_are_independent_arrays():
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()  # both receive the same upstream gradient
    a.grad *= 10  # e.g. gradient clipping in place
    assert b.grad.tolist() == [1, 1, 1]
    assert a.grad.data.flags.writeable and b.grad.data.flags.writeable


# ----------------------------------------------------------------------------
# Graph rules
# ----------------------------------------------------------------------------

def small_graph():
    x = Tensor(randn(3), requires_grad=True)
    w = Tensor(randn(3), requires_grad=True)
    h = x * w
    y = h.tanh()
    loss = y.sum()
    return x, w, h, y, loss


def test_only_leaves_keep_grad():
    x, w, h, y, loss = small_graph()
    loss.backward()
    assert x.grad is not None and w.grad is not None
    assert h.grad is None and y.grad is None and loss.grad is None
    assert x.is_leaf and w.is_leaf and not h.is_leaf and not loss.is_leaf


def test_retain_grad_keeps_intermediate_grad():
    x, w, h, y, loss = small_graph()
    h.retain_grad()
    loss.backward()
    np.testing.assert_allclose(h.grad, 1 - np.tanh(h.data) ** 2)
    assert y.grad is None


def test_retain_grads_helper_and_topological_order():
    x, w, h, y, loss = small_graph()
    order = nnlib.topological_order(loss)
    position = {id(node): i for i, node in enumerate(order)}  # by identity: == is element-wise on tensors
    assert order[-1] is loss and position[id(h)] < position[id(y)] < position[id(loss)]
    assert position[id(x)] < position[id(h)] and position[id(w)] < position[id(h)]
    nnlib.retain_grads(loss)
    loss.backward()
    assert loss.grad == 1.0 and y.grad is not None and h.grad is not None


def test_draw_graph_returns_axes():
    import matplotlib.pyplot as plt

    x, w, h, y, loss = small_graph()
    x.name = "x"
    loss.backward()
    ax = nnlib.draw_graph(loss, names={w: "w"})
    texts = [t.get_text() for t in ax.texts if t.get_text()]  # arrows are empty annotations
    assert any(t.startswith("x\n") for t in texts) and any(t.startswith("w\n") for t in texts)
    assert len(texts) == 5
    plt.close(ax.figure)


def test_backward_non_scalar_needs_gradient():
    x = Tensor(randn(2, 3), requires_grad=True)
    y = x * 2
    with pytest.raises(ValueError, match=r"needs a scalar.*got shape \(2, 3\)"):
        y.backward()
    g = randn(2, 3)
    y.backward(g)
    np.testing.assert_allclose(x.grad, 2 * g)


def test_backward_with_explicit_gradient_matches_torch():
    a = randn(2, 3)
    g = randn(2, 3)
    x, t = Tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    x.tanh().backward(Tensor(g))
    t.tanh().backward(torch.tensor(g))
    assert_close(x.grad, t.grad)


def test_backward_without_requires_grad_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        (Tensor([1.0, 2.0]) * 2).sum().backward()


def test_no_grad_builds_no_graph():
    x = Tensor(randn(3), requires_grad=True)
    with nnlib.no_grad():
        assert not nnlib.is_grad_enabled()
        y = (x * 2).exp().sum()
        with nnlib.no_grad():
            pass
        assert not nnlib.is_grad_enabled()  # nested no_grad restores the outer state
    assert nnlib.is_grad_enabled()
    assert not y.requires_grad and y.is_leaf and y._parents == ()
    z = (x * 2).sum()
    assert z.requires_grad and not z.is_leaf


def test_no_grad_as_decorator_and_restored_after_exception():
    @nnlib.no_grad()
    def evaluate(t):
        return t * 2

    x = Tensor([1.0], requires_grad=True)
    assert not evaluate(x).requires_grad and evaluate.__name__ == "evaluate"
    with pytest.raises(ZeroDivisionError):
        with nnlib.no_grad():
            1 / 0
    assert nnlib.is_grad_enabled()


def test_detach():
    x = Tensor(randn(3), requires_grad=True)
    d = (x * 2).detach()
    assert d.is_leaf and not d.requires_grad
    y = (x * d).sum()
    y.backward()
    np.testing.assert_allclose(x.grad, d.data)  # no gradient through the detached branch
    d2 = x.detach()
    assert np.shares_memory(d2.data, x.data)


def test_results_of_constants_do_not_require_grad():
    y = Tensor([1.0, 2.0]) * Tensor([3.0, 4.0])
    assert not y.requires_grad and y.is_leaf


def test_deep_graph_no_recursion_limit():
    x = Tensor(np.ones(2), requires_grad=True)
    h = x
    for _ in range(5000):
        h = h * 1.0 + 0.0
    h.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_graph_has_no_reference_cycles():
    """Intermediate tensors are freed as soon as the loss is dropped, without the garbage collector."""
    gc.disable()
    try:
        x = Tensor(randn(100), requires_grad=True)
        h = x.tanh()
        ref = weakref.ref(h)
        loss = (h * h).sum()
        del h
        loss.backward()
        assert ref() is not None  # still part of loss's graph
        del loss
        assert ref() is None
    finally:
        gc.enable()


def test_requires_grad_needs_floats():
    with pytest.raises(TypeError, match="floating-point"):
        Tensor([1, 2, 3], requires_grad=True)


# ----------------------------------------------------------------------------
# Basics and dtypes
# ----------------------------------------------------------------------------

def test_construction_dtypes_like_torch():
    assert Tensor([1.0, 2.0]).dtype == np.float32  # Python floats: float32, like torch
    assert Tensor(1.5).dtype == np.float32
    assert Tensor(np.zeros(2)).dtype == np.float64  # NumPy float64 stays float64
    assert Tensor(np.float64(2.0)).dtype == np.float64
    assert Tensor(np.zeros(2, np.float16)).dtype == np.float32
    assert Tensor([1, 2]).dtype == np.int64  # labels stay integer
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert torch.tensor([1.0]).dtype == torch.float32 and torch.tensor(np.zeros(1)).dtype == torch.float64


def test_basics():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    assert x.shape == (2, 3) and x.ndim == 2 and x.size() == (2, 3) and x.size(1) == 3
    assert x.numel() == 6 and len(x) == 2
    assert np.asarray(x) is x.data and x.numpy() is x.data
    assert np.asarray(x, dtype=np.float32).dtype == np.float32
    assert Tensor([2.5]).item() == 2.5 and float(Tensor(2.5)) == 2.5
    assert nnlib.tensor([1.0], requires_grad=True).requires_grad
    assert x.double().dtype == np.float64 and x.float().dtype == np.float32
    assert "requires_grad=True" in repr(Tensor([1.0], requires_grad=True))
    assert "grad_fn=<AddBackward>" in repr(Tensor([1.0], requires_grad=True) + 1)
    assert "dtype=float64" in repr(x)


@pytest.mark.parametrize("fn", [
    lambda x: x * 0.5, lambda x: 0.5 * x, lambda x: x + 1, lambda x: 1 - x, lambda x: 2 / (x + 3),
    lambda x: x**2, lambda x: x**0.5, lambda x: x.mean(), lambda x: x.mean(0), lambda x: np.float64(2.0) * x,
    lambda x: x * np.float64(2.0), lambda x: x - np.array([1, 2, 3]), lambda x: x * np.array([True, False, True]),
    lambda x: x.sigmoid(), lambda x: x.tanh(), lambda x: x.exp().log(), lambda x: x.leaky_relu(0.1),
    lambda x: x.max(1).values, lambda x: x @ x.T, lambda x: x.T[0] / 3,
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_dtype_creep(fn, dtype):
    x = Tensor(np.abs(randn(2, 3)).astype(dtype) + 0.5, requires_grad=True)
    y = fn(x)
    assert y.dtype == dtype, f"{dtype.__name__} in, {y.dtype} out"
    y.sum().backward()
    assert x.grad.dtype == dtype


# ----------------------------------------------------------------------------
# Property tests: random broadcastable shapes
# ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, database=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4),
       op=st.sampled_from(["+", "-", "*", "/"]), seed=st.integers(0, 2**32 - 1))
def test_broadcasting_gradients_property(shapes, op, seed):
    """The gradient of a broadcast operand is the upstream gradient summed down to its own shape."""
    fn = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}[op]
    r = np.random.default_rng(seed)
    (sa, sb), result_shape = shapes.input_shapes, shapes.result_shape
    a = r.standard_normal(sa)
    b = r.uniform(0.5, 2.0, sb) * r.choice([-1.0, 1.0], sb) if op == "/" else r.standard_normal(sb)
    out = check_against_torch(fn, fn, a, b, seed=seed % 1000, gradcheck=False)
    assert out.shape == result_shape


@settings(max_examples=30, deadline=None, database=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), seed=st.integers(0, 1000))
def test_sum_of_broadcast_is_count_property(shape, seed):
    """x broadcast against ones(shape) and summed: each entry of x is counted prod(shape)/len(x) times."""
    x = Tensor(np.random.default_rng(seed).standard_normal(shape[-1]), requires_grad=True)
    (x + Tensor(np.ones(shape))).sum().backward()
    np.testing.assert_array_equal(x.grad, np.full(shape[-1], np.prod(shape) // shape[-1]))
