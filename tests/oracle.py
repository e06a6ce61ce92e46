"""Shared checks for the core tests: PyTorch as the oracle, finite differences as the referee.

`check_against_torch(f_nn, f_torch, *arrays)` runs the same function in nnlib and in torch on
the same float64 inputs and compares the outputs and the gradients of every input; then it runs
nnlib.gradcheck (centred differences) on the nnlib version.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")

import nnlib

FWD_RTOL = 1e-10  # float64 forward values: nnlib vs torch
GRAD_RTOL = 1e-10  # float64 gradients: nnlib vs torch
GRADCHECK_TOL = 1e-6  # worst relative error of backprop vs centred differences


def assert_close(actual, expected, rtol=FWD_RTOL, atol=1e-12, what=""):
    actual = np.asarray(actual.detach() if isinstance(actual, torch.Tensor) else actual)
    expected = np.asarray(expected.detach() if isinstance(expected, torch.Tensor) else expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=what)


def check_against_torch(f_nn, f_torch, *arrays, seed=0, gradcheck=True, grad_rtol=GRAD_RTOL):
    """Compare f_nn (nnlib) and f_torch (torch) on float64 copies of `arrays`.

    Both outputs are reduced to a scalar with the same random weights, so that every
    output element gets a different upstream gradient. Returns the nnlib output.
    """
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    xs = [nnlib.Tensor(a.copy(), requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, tout = f_nn(*xs), f_torch(*ts)
    assert out.dtype == np.float64, f"float64 in, {out.dtype} out"
    assert_close(out.data, tout, what="forward")

    weights = np.random.default_rng(seed).standard_normal(out.shape)
    (out * nnlib.Tensor(weights)).sum().backward()
    (tout * torch.tensor(weights)).sum().backward()
    for i, (x, t) in enumerate(zip(xs, ts)):
        assert x.grad is not None, f"input {i} got no gradient"
        assert x.grad.dtype == np.float64
        assert_close(x.grad, t.grad, rtol=grad_rtol, what=f"gradient of input {i}")

    if gradcheck:
        fresh = [nnlib.Tensor(a.copy(), requires_grad=True) for a in arrays]
        error = nnlib.gradcheck(f_nn, fresh)
        assert error <= GRADCHECK_TOL, f"gradcheck relative error {error:.2e}"
    return out
