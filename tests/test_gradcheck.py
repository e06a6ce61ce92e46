"""nnlib.gradcheck, numerical_gradient and rel_error: the tools must catch wrong gradients."""

import numpy as np
import pytest

import nnlib
from nnlib import Tensor


def test_rel_error():
    assert nnlib.rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert nnlib.rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    assert nnlib.rel_error(np.zeros(3), np.zeros(3)) == 0.0  # no division by zero
    assert nnlib.rel_error(np.array([]), np.array([])) == 0.0
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        nnlib.rel_error(np.zeros(2), np.zeros(3))


def test_numerical_gradient_of_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    original = x.copy()
    grad = nnlib.numerical_gradient(lambda: np.sum(x**3), x)
    np.testing.assert_allclose(grad, 3 * original**2, rtol=1e-8)
    np.testing.assert_array_equal(x, original)  # x is restored


def test_gradcheck_passes_for_correct_ops():
    a = Tensor(np.random.default_rng(0).standard_normal((3, 4)), requires_grad=True)
    b = Tensor(np.random.default_rng(1).standard_normal((4, 2)), requires_grad=True)
    error = nnlib.gradcheck(lambda a, b: (a @ b).tanh() * 2.0, [a, b])
    assert isinstance(error, float) and error < 1e-7


def test_gradcheck_catches_a_wrong_backward():
    def wrong_square(x):
        out = x._result(x.data**2, (x,), "wrong_square")

        def _backward(dout):
            x._accumulate(dout * x.data)  # forgot the factor 2

        out._backward = _backward
        return out

    x = Tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
    assert nnlib.gradcheck(wrong_square, [x]) > 0.1


def test_gradcheck_checks_only_inputs_that_require_grad():
    x = Tensor(np.ones(3), requires_grad=True)
    c = Tensor(np.full(3, 2.0))
    assert nnlib.gradcheck(lambda x, c: x * c, [x, c]) < 1e-7
    assert c.grad is None


def test_gradcheck_needs_float64_and_something_to_check():
    with pytest.raises(TypeError, match="float64.*got float32"):
        nnlib.gradcheck(lambda x: x * 2, [Tensor(np.ones(2, np.float32), requires_grad=True)])
    with pytest.raises(ValueError, match="no input has requires_grad=True"):
        nnlib.gradcheck(lambda x: x * 2, [Tensor(np.ones(2))])
