"""Property tests over random non-numeric data, and the edge cases where torch answers instead of raising.

Hypothesis draws arrays of every non-numeric dtype (strings, bytes, complex, dates, Python objects) in
random shapes, including empty ones: each must be refused with a TypeError that says what it got,
wherever it enters nnlib. Numeric arrays of any shape must still be accepted unchanged.

The second half compares with torch (float64) the cases that used to let a NumPy warning escape:
torch gives nan for the mean of nothing, so nnlib does too, without a warning.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib.functional as F
from nnlib import Tensor, nn, optim

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
NON_NUMERIC_DTYPES = st.one_of(hnp.unicode_string_dtypes(), hnp.byte_string_dtypes(), hnp.complex_number_dtypes(),
                               hnp.datetime64_dtypes(), hnp.timedelta64_dtypes())
NUMERIC_DTYPES = st.one_of(hnp.boolean_dtypes(), hnp.integer_dtypes(endianness="="),  # native byte order
                           hnp.unsigned_integer_dtypes(endianness="="),
                           hnp.floating_dtypes(endianness="=", sizes=(32, 64)))
PY_OBJECTS = st.one_of(st.none(), st.text(max_size=3), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
                       st.builds(object))


def non_numeric_arrays():
    typed = hnp.arrays(NON_NUMERIC_DTYPES, SHAPES)
    objects = st.lists(st.one_of(PY_OBJECTS, st.floats()), min_size=1, max_size=6).filter(
        lambda items: not all(isinstance(v, float) for v in items)).map(lambda items: _object_array(items))
    return st.one_of(typed, objects)


def _object_array(items):
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


@SETTINGS
@given(non_numeric_arrays())
def test_tensor_refuses_every_non_numeric_dtype(array):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=r"Tensor data must be numbers \(bool, int or float\), got ndarray "):
            Tensor(array)
        with pytest.raises(TypeError, match=r"a Tensor can be combined with numbers, arrays of numbers and Tensors "
                                            r"only, got ndarray"):
            Tensor(np.ones(array.shape, np.float32)) + array
        with pytest.raises(TypeError, match=r"Tensor data must be numbers"):
            F.relu(array)
        if array.ndim == 2:
            with pytest.raises(TypeError, match=r"Tensor data must be numbers"):
                nn.Linear(max(array.shape[1], 1), 2)(array)


@SETTINGS
@given(st.lists(st.one_of(st.floats(allow_nan=False), st.integers(-5, 5), PY_OBJECTS), min_size=1, max_size=5)
       .filter(lambda items: any(not isinstance(v, (int, float)) for v in items)))
def test_lists_mixing_numbers_and_other_things_are_refused(items):
    with pytest.raises((TypeError, ValueError), match=r"Tensor data must be"):
        Tensor(items)


@SETTINGS
@given(hnp.arrays(NUMERIC_DTYPES, SHAPES))
def test_numeric_arrays_of_any_shape_are_accepted_unchanged(array):
    t = Tensor(array)
    assert t.shape == array.shape and t.dtype == array.dtype
    np.testing.assert_array_equal(t.data, array)


@SETTINGS
@given(hnp.arrays(st.sampled_from([np.int64, np.int32, np.uint8, np.bool_]), SHAPES))
def test_integer_tensors_cannot_require_grad(array):
    with pytest.raises(TypeError, match=rf"only floating-point tensors can require gradients, got dtype {array.dtype}"):
        Tensor(array).requires_grad_()
    with pytest.raises(TypeError, match=r"params\[0\] must be a floating-point Tensor/Parameter"):
        optim.SGD([Tensor(array)], lr=0.1)


@SETTINGS
@given(st.sampled_from([np.float32, np.float64, np.int64, np.int32]),
       st.sampled_from([np.float32, np.float64, np.int64]), st.integers(0, 5), st.integers(1, 3),
       st.sampled_from(["mean", "sum"]))
def test_mse_loss_is_always_a_float(in_dtype, target_dtype, n, d, reduction):
    rng = np.random.default_rng(n * 10 + d)
    a = (rng.standard_normal((n, d)) * 3).astype(in_dtype)
    b = (rng.standard_normal((n, d)) * 3).astype(target_dtype)
    if np.dtype(in_dtype).kind != "f" and np.dtype(target_dtype).kind != "f":
        with pytest.raises(TypeError, match=r"mse_loss expected floating-point input or target"):
            F.mse_loss(a, b, reduction=reduction)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = F.mse_loss(a, b, reduction=reduction)
    assert loss.dtype.kind == "f"
    diff = a.astype(np.float64) - b.astype(np.float64)
    expected = np.sum(diff * diff) / diff.size if reduction == "mean" and n else np.sum(diff * diff)
    if reduction == "mean" and n == 0:
        assert np.isnan(loss.item())
    else:
        np.testing.assert_allclose(loss.item(), expected, rtol=1e-5)


# ----------------------------------------------------------------------------
# Edge cases that torch answers: nnlib gives the same numbers, with no warning
# ----------------------------------------------------------------------------
torch = pytest.importorskip("torch")


def _both(array, requires_grad=True):
    return (Tensor(np.array(array, np.float64), requires_grad=requires_grad),
            torch.tensor(np.array(array, np.float64), requires_grad=requires_grad))


def _same(ours, theirs):
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12, equal_nan=True)
    assert ours.shape == tuple(theirs.shape)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("shape, dim", [((0,), None), ((0, 3), None), ((0, 3), 0), ((0, 3), 1)])
def test_mean_of_nothing_is_nan_as_in_torch(shape, dim):
    x, tx = _both(np.zeros(shape))
    ours, theirs = (x.mean(), tx.mean()) if dim is None else (x.mean(dim), tx.mean(dim))
    _same(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    _same(Tensor(x.grad), tx.grad)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_of_an_empty_batch(reduction):
    z, tz = _both(np.zeros((0, 3)))
    y = np.zeros(0, np.int64)
    ours, theirs = F.cross_entropy(z, y, reduction=reduction), torch.nn.functional.cross_entropy(tz, torch.tensor(y),
                                                                                       reduction=reduction)
    _same(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    _same(Tensor(z.grad), tz.grad)


@pytest.mark.parametrize("logits, label", [([[np.inf, 0.0]], 1), ([[np.inf, 0.0]], 0), ([[-np.inf, 0.0]], 0),
                                           ([[np.nan, 1.0], [0.0, 2.0]], 1), ([[-np.inf, -np.inf]], 0)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_infinite_logits_matches_torch(logits, label, reduction):
    z, tz = _both(logits)
    y = np.full(len(logits), label)
    ours = F.cross_entropy(z, y, reduction=reduction)
    theirs = torch.nn.functional.cross_entropy(tz, torch.tensor(y), reduction=reduction)
    _same(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    _same(Tensor(z.grad), tz.grad)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_of_nothing_matches_torch(reduction):
    a, ta = _both(np.zeros((0, 2)))
    ours, theirs = F.mse_loss(a, np.zeros((0, 2)), reduction=reduction), \
        torch.nn.functional.mse_loss(ta, torch.zeros(0, 2, dtype=ta.dtype), reduction=reduction)
    _same(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    _same(Tensor(a.grad), ta.grad)


def test_mse_with_integer_input_and_float_target_matches_torch():
    a, b = np.array([1, 2, 7]), np.array([3.5, 4.5, -1.0])
    ours = F.mse_loss(a, b)
    theirs = torch.nn.functional.mse_loss(torch.tensor(a), torch.tensor(b))
    assert ours.dtype == np.float64 and ours.item() == pytest.approx(theirs.item(), rel=1e-12)


def test_dropout_on_integers_is_the_identity_where_torch_allows_it_and_an_error_where_torch_raises():
    x = np.array([1, 2, 3])
    for ours, theirs in [(F.dropout(x, 0.5, training=False), torch.nn.functional.dropout(torch.tensor(x), 0.5, False)),
                         (F.dropout(x, 0.0), torch.nn.functional.dropout(torch.tensor(x), 0.0))]:
        np.testing.assert_array_equal(ours.data, theirs.numpy())
    with pytest.raises(RuntimeError):
        torch.nn.functional.dropout(torch.tensor(x), 0.5)
    with pytest.raises(TypeError, match=r"dropout: input must hold floating-point numbers, got dtype int64"):
        F.dropout(x, 0.5)


def test_complex_input_is_refused_like_torch():
    with pytest.raises(RuntimeError):
        torch.nn.Linear(2, 2)(torch.ones(1, 2, dtype=torch.complex64))
    with pytest.raises(TypeError, match=r"complex numbers \(nnlib works with real numbers\)"):
        nn.Linear(2, 2)(np.ones((1, 2)) * (1 + 1j))
