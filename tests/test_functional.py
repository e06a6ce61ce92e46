"""nnlib.functional against torch.nn.functional (float64) and finite differences."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
TF = torch.nn.functional
from oracle import assert_close, check_against_torch

import nnlib
import nnlib.functional as F
from nnlib import Tensor

rng = np.random.default_rng(1)


def randn(*shape):
    return rng.standard_normal(shape)


# ----------------------------------------------------------------------------
# linear and activations
# ----------------------------------------------------------------------------

def test_linear_with_bias():
    check_against_torch(F.linear, TF.linear, randn(5, 3), randn(4, 3), randn(4))


def test_linear_without_bias():
    check_against_torch(F.linear, TF.linear, randn(5, 3), randn(4, 3))


def test_linear_accepts_numpy_input_and_casts_to_weight_dtype():
    w = Tensor(randn(4, 3).astype(np.float32), requires_grad=True)
    out = F.linear(np.ones((2, 3)), w)  # float64 data into a float32 layer
    assert isinstance(out, Tensor) and out.dtype == np.float32
    out.sum().backward()
    assert w.grad.dtype == np.float32
    assert F.linear(np.ones((2, 3), dtype=np.int64), w).dtype == np.float32


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "leaky_relu"])
def test_activation_functions(name):
    x = rng.uniform(0.2, 2, (4, 5)) * rng.choice([-1, 1], (4, 5))
    check_against_torch(getattr(F, name), getattr(TF, name) if name != "sigmoid" else torch.sigmoid, x)


def test_activations_accept_numpy():
    assert isinstance(F.relu(np.array([-1.0, 2.0])), Tensor)
    assert F.leaky_relu(np.array([-1.0]), 0.5).data.tolist() == [-0.5]


# ----------------------------------------------------------------------------
# softmax and log_softmax
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_log_softmax(name, dim):
    check_against_torch(lambda t: getattr(F, name)(t, dim), lambda t: getattr(TF, name)(t, dim=dim), randn(4, 5))


def test_softmax_3d():
    check_against_torch(lambda t: F.softmax(t, 1), lambda t: TF.softmax(t, dim=1), randn(2, 3, 4))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_extreme_logits_finite(name):
    z = np.array([[5000.0, -5000.0, 0.0], [-5000.0, -5000.0, -4999.0], [1e4, 1e4, -1e4]])
    out = check_against_torch(lambda t: getattr(F, name)(t, 1), lambda t: getattr(TF, name)(t, dim=1), z,
                              gradcheck=False)
    assert np.all(np.isfinite(out.data))


def test_softmax_rows_sum_to_one_float32():
    p = F.softmax(Tensor(randn(6, 4).astype(np.float32)), dim=1)
    assert p.dtype == np.float32
    np.testing.assert_allclose(p.data.sum(axis=1), 1, rtol=1e-6)


# ----------------------------------------------------------------------------
# cross_entropy
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_reductions(reduction):
    y = np.array([0, 2, 1, 2, 0])
    check_against_torch(lambda z: F.cross_entropy(z, y, reduction=reduction),
                        lambda z: TF.cross_entropy(z, torch.tensor(y), reduction=reduction), randn(5, 3))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("scale", [5000.0, 1e6])
def test_cross_entropy_extreme_logits(reduction, scale):
    """Logits of +-5000 (probabilities that underflow to 0): finite loss and gradient, equal to torch."""
    z = np.array([[scale, -scale, 0.0], [-scale, scale, 0.0], [0.0, 0.0, scale], [scale, scale, -scale]])
    y = np.array([1, 1, 0, 2])  # confidently wrong, right, wrong, wrong
    out = check_against_torch(lambda t: F.cross_entropy(t, y, reduction=reduction),
                              lambda t: TF.cross_entropy(t, torch.tensor(y), reduction=reduction), z,
                              gradcheck=False)
    assert np.all(np.isfinite(out.data))


def test_cross_entropy_extreme_logits_float32():
    z = np.array([[5000.0, -5000.0], [-5000.0, 5000.0]], dtype=np.float32)
    t = Tensor(z, requires_grad=True)
    loss = F.cross_entropy(t, np.array([1, 1]))
    loss.backward()
    assert loss.dtype == np.float32 and t.grad.dtype == np.float32
    assert loss.item() == pytest.approx(5000.0) and np.all(np.isfinite(t.grad))
    tz = torch.tensor(z, requires_grad=True)
    TF.cross_entropy(tz, torch.tensor([1, 1])).backward()
    np.testing.assert_allclose(t.grad, tz.grad.numpy(), atol=1e-7)


def test_cross_entropy_target_forms():
    z = randn(4, 3)
    expected = F.cross_entropy(Tensor(z), np.array([0, 1, 2, 1])).item()
    assert F.cross_entropy(Tensor(z), Tensor(np.array([0, 1, 2, 1]))).item() == expected
    assert F.cross_entropy(z, np.array([0, 1, 2, 1], dtype=np.int32)).item() == expected
    assert F.cross_entropy(z, [0, 1, 2, 1]).item() == expected
    for dtype in (np.uint8, np.int8, np.uint64):
        t = Tensor(z, requires_grad=True)
        loss = F.cross_entropy(t, np.array([0, 1, 2, 1], dtype=dtype))
        loss.backward()  # the backward pass indexes with the labels too
        assert loss.item() == expected and np.isfinite(t.grad).all()


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    z = randn(3, 4)
    t = Tensor(z, requires_grad=True)
    F.cross_entropy(t, np.array([3, 0, 1]), reduction="sum").backward()
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(t.grad, p - np.eye(4)[[3, 0, 1]], rtol=1e-12)


# ----------------------------------------------------------------------------
# mse_loss
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss(reduction):
    check_against_torch(lambda a, b: F.mse_loss(a, b, reduction=reduction),
                        lambda a, b: TF.mse_loss(a, b, reduction=reduction), randn(4, 3), randn(4, 3))


def test_mse_loss_integer_target_keeps_float32():
    x = Tensor(randn(4, 1).astype(np.float32), requires_grad=True)
    loss = F.mse_loss(x, np.array([[1], [0], [1], [2]]))
    loss.backward()
    assert loss.dtype == np.float32 and x.grad.dtype == np.float32


# ----------------------------------------------------------------------------
# dropout
# ----------------------------------------------------------------------------

def test_dropout_backward_uses_the_forward_mask():
    x = Tensor(np.ones((200, 50)), requires_grad=True)
    out = F.dropout(x, p=0.3, generator=np.random.default_rng(0))
    out.sum().backward()
    kept = out.data != 0
    np.testing.assert_array_equal(x.grad, np.where(kept, 1 / 0.7, 0.0))
    np.testing.assert_allclose(out.data[kept], 1 / 0.7)


def test_dropout_gradcheck_with_fixed_mask():
    x = Tensor(randn(6, 5), requires_grad=True)
    error = nnlib.gradcheck(lambda t: F.dropout(t, 0.4, generator=np.random.default_rng(3)), [x])
    assert error <= 1e-6


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_statistics(p):
    x = Tensor(np.ones(200_000))
    out = F.dropout(x, p, generator=np.random.default_rng(1)).data
    dropped = np.mean(out == 0)
    sigma = np.sqrt(p * (1 - p) / out.size)
    assert abs(dropped - p) < 5 * sigma, f"dropped fraction {dropped} for p={p}"
    assert abs(out.mean() - 1) < 5 * np.sqrt(p / (1 - p) / out.size)  # expectation preserved


def test_dropout_identity_cases():
    x = Tensor(randn(3, 4), requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x


def test_dropout_uses_global_seed():
    nnlib.manual_seed(5)
    a = F.dropout(Tensor(np.ones(100)), 0.5).data
    nnlib.manual_seed(5)
    b = F.dropout(Tensor(np.ones(100)), 0.5).data
    np.testing.assert_array_equal(a, b)


def test_dropout_keeps_float32():
    out = F.dropout(Tensor(np.ones(10, np.float32), requires_grad=True), 0.5, generator=np.random.default_rng(0))
    assert out.dtype == np.float32


# ----------------------------------------------------------------------------
# batch_norm
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_against_torch(training):
    D = 4
    mean0, var0 = randn(D), rng.uniform(0.5, 2, D)
    rm, rv = mean0.copy(), var0.copy()
    trm, trv = torch.tensor(mean0), torch.tensor(var0)
    check_against_torch(
        lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training, momentum=0.2, eps=1e-3),
        lambda x, w, b: TF.batch_norm(x, trm, trv, w, b, training=training, momentum=0.2, eps=1e-3),
        randn(6, D) * 3 + 1, rng.uniform(0.5, 1.5, D), randn(D), gradcheck=False)
    assert_close(rm, trm)  # running statistics updated in place like torch's (unbiased variance)
    assert_close(rv, trv)


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradcheck(training):
    D = 3
    rm, rv = randn(D), rng.uniform(0.5, 2, D)
    inputs = [Tensor(randn(5, D), requires_grad=True), Tensor(rng.uniform(0.5, 1.5, D), requires_grad=True),
              Tensor(randn(D), requires_grad=True)]
    error = nnlib.gradcheck(lambda x, w, b: F.batch_norm(x, rm.copy(), rv.copy(), w, b, training), inputs)
    assert error <= 1e-6


def test_batch_norm_accepts_tensor_running_stats():
    rm, rv = Tensor(np.zeros(2)), Tensor(np.ones(2))
    x = Tensor(np.array([[1.0, 2.0], [3.0, 6.0]]))
    F.batch_norm(x, rm, rv, Tensor(np.ones(2)), Tensor(np.zeros(2)), training=True)
    np.testing.assert_allclose(rm.data, [0.2, 0.4])
