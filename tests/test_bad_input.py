"""Bad input fails early with a message that names the argument, the value and what was expected."""

import numpy as np
import pytest

import nnlib
import nnlib.functional as F
from nnlib import Tensor, nn, optim
from nnlib.nn import init


def params():
    return nn.Linear(2, 2).parameters()


# ----------------------------------------------------------------------------
# Shapes
# ----------------------------------------------------------------------------

def test_linear_wrong_number_of_features():
    with pytest.raises(ValueError, match=r"Linear\(4, 3\) expected input of shape \(N, 4\), got shape \(32, 5\)"):
        nn.Linear(4, 3)(np.zeros((32, 5)))
    with pytest.raises(ValueError, match=r"Linear\(4, 3\) expected input of shape \(N, 4\), got shape \(5,\)"):
        nn.Linear(4, 3)(np.zeros(5))  # one example of the wrong size (one of the right size works, as in torch)
    with pytest.raises(ValueError, match=r"linear expected input of shape \(N, 4\) for a weight of shape \(3, 4\), "
                                         r"got shape \(2, 5\)"):
        F.linear(np.zeros((2, 5)), Tensor(np.zeros((3, 4))))


def test_linear_passes_on_errors_that_are_not_about_the_shape():
    with pytest.raises(ValueError, match="could not convert string to float"):
        nn.Linear(2, 3)(np.array([["a", "b"]]))


def test_matmul_shape_mismatch():
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\) do not fit"):
        Tensor(np.zeros((2, 3))) @ Tensor(np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: shapes \(3,\) and \(2, 3\) do not fit"):
        Tensor(np.zeros(3)) @ np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"matmul: shapes \(\) and \(3,\)"):
        Tensor(2.0) @ Tensor(np.zeros(3))


def test_batchnorm_wrong_features_and_single_example():
    with pytest.raises(ValueError, match=r"BatchNorm1d\(4\) expected input of shape \(N, 4\), got shape \(8, 3\)"):
        nn.BatchNorm1d(4)(np.zeros((8, 3)))
    with pytest.raises(ValueError, match=r"more than 1 example per batch, got shape \(1, 4\).*model.eval\(\)"):
        nn.BatchNorm1d(4)(np.zeros((1, 4)))
    nn.BatchNorm1d(4).eval()(np.zeros((1, 4)))  # fine in eval mode


def test_mse_shape_mismatch():
    with pytest.raises(ValueError, match=r"same shape, got \(4, 1\) and \(4,\).*reshape"):
        nn.MSELoss()(Tensor(np.zeros((4, 1))), np.zeros(4))


def test_backward_gradient_shape():
    with pytest.raises(ValueError, match=r"expected a gradient of shape \(2,\), got \(3,\)"):
        (Tensor(np.ones(2), requires_grad=True) * 2).backward(np.ones(3))


# ----------------------------------------------------------------------------
# Cross-entropy labels
# ----------------------------------------------------------------------------

def test_cross_entropy_label_out_of_range():
    logits = Tensor(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"label 3, expected labels in \[0, 2\] for 3 classes"):
        F.cross_entropy(logits, np.array([0, 1, 3, 2]))
    with pytest.raises(ValueError, match=r"label -1, expected labels in \[0, 2\]"):
        nn.CrossEntropyLoss()(logits, np.array([0, -1, 1, 2]))
    # the range check works on every integer type, at both extremes
    for bad, dtype in ((-1, np.int8), (-2**63, np.int64), (2**64 - 1, np.uint64), (255, np.uint8)):
        with pytest.raises(ValueError, match=rf"label {bad}, expected labels in \[0, 2\]"):
            F.cross_entropy(logits, np.array([0, bad, 1, 2], dtype=dtype))


def test_cross_entropy_wrong_length_or_shape():
    logits = Tensor(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"target of shape \(4,\) to match logits \(4, 3\), got shape \(5,\)"):
        F.cross_entropy(logits, np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match=r"got shape \(4, 3\)"):  # one-hot targets are not labels
        F.cross_entropy(logits, np.eye(3, dtype=int)[[0, 1, 2, 0]])
    with pytest.raises(ValueError, match=r"logits of shape \(N, C\), got shape \(3,\)"):
        F.cross_entropy(Tensor(np.zeros(3)), np.array([1]))


def test_cross_entropy_float_labels():
    with pytest.raises(TypeError, match="integer class labels.*got dtype float64"):
        F.cross_entropy(Tensor(np.zeros((2, 3))), np.array([0.0, 1.0]))


def test_invalid_reduction():
    with pytest.raises(ValueError, match=r"reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        nn.CrossEntropyLoss(reduction="avg")
    with pytest.raises(ValueError, match="got 'average'"):
        F.mse_loss(Tensor([1.0]), Tensor([1.0]), reduction="average")


# ----------------------------------------------------------------------------
# Dropout probability
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, "0.5", None, True])
def test_dropout_probability_out_of_range(p):
    expected = r"dropout probability p must be a number in \[0, 1\).*DROPPED.*got p=" + repr(p).replace(".", r"\.")
    with pytest.raises(ValueError, match=expected):
        nn.Dropout(p)
    with pytest.raises(ValueError, match=expected):
        F.dropout(Tensor(np.ones(3)), p)


# ----------------------------------------------------------------------------
# Optimiser hyper-parameters
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda lr: optim.SGD(params(), lr=lr), lambda lr: optim.Adam(params(), lr=lr), lambda lr: optim.AdamW(params(), lr=lr),
], ids=["SGD", "Adam", "AdamW"])
@pytest.mark.parametrize("lr", [-0.1, "0.1", None, float("nan"), float("inf")])
def test_negative_or_non_finite_learning_rate(make, lr):
    # lr = 0 is allowed, as in torch (nothing moves); negative, infinite or non-numbers are not
    with pytest.raises(ValueError, match=r"(SGD|Adam|AdamW): lr must be a finite number >= 0, got "
                       + repr(lr).replace(".", r"\.")):
        make(lr)


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam, optim.AdamW])
def test_negative_weight_decay(cls):
    with pytest.raises(ValueError, match=cls.__name__ + r": weight_decay must be a finite number >= 0, got -0\.01"):
        cls(params(), lr=0.1, weight_decay=-0.01)


def test_other_optimizer_arguments():
    with pytest.raises(ValueError, match=r"SGD: momentum must be a finite number >= 0, got -0\.9"):
        optim.SGD(params(), lr=0.1, momentum=-0.9)
    with pytest.raises(ValueError, match=r"nesterov=True needs a momentum > 0"):
        optim.SGD(params(), lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match=r"Adam: betas\[1\] must be a finite number >= 0 and < 1, got 1\.0"):
        optim.Adam(params(), betas=(0.9, 1.0))
    with pytest.raises(ValueError, match=r"Adam: eps must be a finite number >= 0, got -1e-08"):
        optim.Adam(params(), eps=-1e-8)


def test_optimizer_parameter_list():
    model = nn.Sequential(nn.Linear(2, 2))
    with pytest.raises(TypeError, match=r"pass model.parameters\(\), not the model itself"):
        optim.SGD(model, lr=0.1)
    with pytest.raises(ValueError, match=r"SGD got an empty parameter list"):
        optim.SGD(nn.ReLU().parameters(), lr=0.1)
    with pytest.raises(TypeError, match=r"Adam: params\[1\] must be a Tensor/Parameter, got ndarray"):
        optim.Adam([model[0].weight, np.zeros(2)])


# ----------------------------------------------------------------------------
# Layer sizes and construction
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, name, value", [((0, 3), "in_features", "0"), ((3, 0), "out_features", "0"),
                                               ((-2, 3), "in_features", "-2"), ((2.5, 3), "in_features", "2.5")])
def test_zero_sized_or_non_integer_linear(args, name, value):
    with pytest.raises(ValueError, match=rf"Linear: {name} must be a positive integer, got {value}"):
        nn.Linear(*args)


def test_zero_sized_batchnorm():
    with pytest.raises(ValueError, match=r"BatchNorm1d: num_features must be a positive integer, got 0"):
        nn.BatchNorm1d(0)


def test_sequential_with_a_class_instead_of_a_layer():
    with pytest.raises(TypeError, match=r"argument 1 is the class ReLU, not a layer: create one with ReLU\(\.\.\.\)"):
        nn.Sequential(nn.Linear(2, 2), nn.ReLU)
    with pytest.raises(TypeError, match=r"argument 0 must be a Module, got function"):
        nn.Sequential(F.relu)


def test_init_errors():
    with pytest.raises(ValueError, match=r"2-D weight of shape \(fan_out, fan_in\), got shape \(3,\)"):
        init.xavier_uniform_(nn.Parameter(np.zeros(3)))
    with pytest.raises(ValueError, match=r"nonlinearity must be .*got 'gelu'"):
        init.kaiming_normal_(nn.Parameter(np.zeros((2, 2))), nonlinearity="gelu")


# ----------------------------------------------------------------------------
# State dicts
# ----------------------------------------------------------------------------

def test_load_state_dict_that_does_not_fit():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    state = model.state_dict()
    with pytest.raises(ValueError, match=r"missing keys \['2.bias'\], unexpected keys \[\]"):
        model.load_state_dict({k: v for k, v in state.items() if k != "2.bias"})
    with pytest.raises(ValueError, match=r"missing keys \[\], unexpected keys \['3.weight'\]"):
        model.load_state_dict({**state, "3.weight": np.zeros((1, 1))})
    with pytest.raises(ValueError, match=r"'2.weight' has shape \(1, 4\) in the state dict but \(1, 3\) in the model"):
        model.load_state_dict({**state, "2.weight": np.zeros((1, 4))})
    with pytest.raises(TypeError, match=r"expected a dict .*got Sequential"):
        model.load_state_dict(model)


# ----------------------------------------------------------------------------
# Autograd misuse
# ----------------------------------------------------------------------------

def test_backward_on_non_scalar_without_gradient():
    y = Tensor(np.ones((4, 2)), requires_grad=True) * 3
    with pytest.raises(ValueError, match=r"backward\(\) without a gradient needs a scalar \(one-element\) tensor, "
                                         r"got shape \(4, 2\); reduce it first"):
        y.backward()


def test_other_tensor_misuse():
    with pytest.raises(TypeError, match=r"only floating-point tensors can require gradients, got dtype int64"):
        Tensor(np.array([1, 2]), requires_grad=True)
    with pytest.raises(ValueError, match=r"item\(\) needs a tensor with one element, got shape \(2,\)"):
        Tensor([1.0, 2.0]).item()
    with pytest.raises(ValueError, match=r"manual_seed expected a non-negative integer seed, got -1"):
        nnlib.manual_seed(-1)
