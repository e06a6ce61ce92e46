"""Bad input fails early with a message that names the argument, the value and what was expected."""

import re

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
    with pytest.raises(TypeError, match=r"Tensor data must be numbers \(bool, int or float\), got ndarray .*dtype <U1"):
        nn.Linear(2, 3)(np.array([["a", "b"]]))


def test_matmul_shape_mismatch():
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\) do not fit"):
        Tensor(np.zeros((2, 3))) @ Tensor(np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: shapes \(3,\) and \(2, 3\) do not fit"):
        Tensor(np.zeros(3)) @ np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"matmul: shapes \(\) and \(3,\)"):
        Tensor(2.0) @ Tensor(np.zeros(3))


def test_batchnorm_wrong_features_and_single_example():
    with pytest.raises(ValueError, match=r"BatchNorm1d\(4\) expected input of shape \(N, 4\) or \(N, 4, L\), got shape \(8, 3\)"):
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
    with pytest.raises(ValueError, match=r"SGD: momentum must be a finite number >= 0 and < 1, got -0\.9"):
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
    with pytest.raises(TypeError, match=r"Adam: params\[1\] must be a floating-point Tensor/Parameter, got ndarray"):
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


# ----------------------------------------------------------------------------
# Every entry point of the engine, the layers, the losses and the optimisers:
# (call, exception type, what the message must say). The message names the argument.
# ----------------------------------------------------------------------------
NAN, INF = float("nan"), float("inf")


def x42():
    return np.linspace(-1, 1, 8, dtype=np.float32).reshape(4, 2)


def w32():
    return nn.Parameter(np.zeros((3, 2), np.float32))


def bad(call, exc, match, id):
    return pytest.param(call, exc, match, id=id)


ENGINE = [
    bad(lambda: Tensor("abc"), TypeError, r"Tensor data must be numbers .*got str 'abc', which holds dtype <U3", "str"),
    bad(lambda: Tensor(None), TypeError, r"Tensor data must be numbers .*got NoneType None", "None"),
    bad(lambda: nnlib.tensor([1.0, "2"]), TypeError, r"Tensor data must be numbers .*\[1\.0, '2'\]", "mixed list"),
    bad(lambda: Tensor({"a": 1}), TypeError, r"Tensor data must be numbers .*got dict", "dict"),
    bad(lambda: Tensor(1 + 2j), TypeError, r"complex numbers \(nnlib works with real numbers\)", "complex"),
    bad(lambda: Tensor([[1.0, 2.0], [3.0]]), ValueError, r"rectangular array of numbers \(every row the same length\)",
        "ragged"),
    bad(lambda: Tensor([1.0], dtype=str), TypeError, r"dtype must be a numeric type such as nnlib.float32.*got <class 'str'>",
        "dtype=str"),
    bad(lambda: Tensor(np.array([1, 2])).requires_grad_(), TypeError,
        r"only floating-point tensors can require gradients, got dtype int64", "int requires_grad_"),
    bad(lambda: Tensor([1.0]) + None, TypeError,
        r"a Tensor can be combined with numbers, arrays of numbers and Tensors only, got NoneType None", "+ None"),
    bad(lambda: None * Tensor([1.0]), TypeError, r"got NoneType None", "None *"),
    bad(lambda: 1.0 - Tensor([1.0]) - "a", TypeError, r"got str 'a'", "- str"),
    bad(lambda: Tensor([1.0]) / [1.0, None], TypeError, r"got list \[1\.0, None\]", "/ list with None"),
    bad(lambda: Tensor([1.0]) + [[1.0], [2.0, 3.0]], TypeError, r"got list", "+ ragged"),
    bad(lambda: Tensor(np.ones((2, 2))) @ None, TypeError, r"got NoneType", "@ None"),
    bad(lambda: Tensor(np.zeros((2, 3))) + Tensor(np.zeros(4)), ValueError,
        r"'\+': The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1", "+ shapes"),
]

FUNCTIONAL = [
    bad(lambda: F.relu(None), TypeError, r"Tensor data must be numbers", "relu(None)"),
    bad(lambda: F.sigmoid("abc"), TypeError, r"Tensor data must be numbers", "sigmoid(str)"),
    bad(lambda: F.softmax(np.array([1, 2]), 0), TypeError, r"softmax: input must hold floating-point numbers, "
                                                         r"got dtype int64", "softmax(int)"),
    bad(lambda: F.log_softmax(np.array([[1, 2]])), TypeError, r"log_softmax: input must hold floating-point",
        "log_softmax(int)"),
    bad(lambda: F.leaky_relu(Tensor([1.0]), "a"), ValueError, r"leaky_relu: negative_slope must be a finite number, "
                                                              r"got 'a'", "leaky_relu slope str"),
    bad(lambda: F.leaky_relu(Tensor([1.0]), NAN), ValueError, r"negative_slope must be a finite number, got nan",
        "leaky_relu slope nan"),
    bad(lambda: F.linear(x42(), None), TypeError, r"linear expected weight to be a Tensor .*got NoneType",
        "linear weight None"),
    bad(lambda: F.linear(x42(), np.zeros((3, 2))), TypeError, r"weight to be a Tensor .*got ndarray",
        "linear weight ndarray"),
    bad(lambda: F.linear(x42(), w32(), Tensor(np.zeros(5, np.float32))), ValueError,
        r"linear expected bias of shape \(3,\) for a weight of shape \(3, 2\), got Tensor of shape \(5,\)",
        "linear bias shape"),
    bad(lambda: F.linear(x42() * 1j, w32()), TypeError, r"complex numbers", "linear complex"),
    bad(lambda: F.cross_entropy(np.array([[1, 0], [0, 1]]), np.array([0, 1])), TypeError,
        r"cross_entropy: logits must hold floating-point numbers, got dtype int64", "cross_entropy int logits"),
    bad(lambda: F.cross_entropy(Tensor(np.zeros((2, 0))), np.array([0, 1])), ValueError,
        r"at least one class \(column\), got shape \(2, 0\)", "cross_entropy no classes"),
    bad(lambda: F.cross_entropy(Tensor(np.zeros((4, 3))), None), ValueError,
        r"target of shape \(4,\) .*got shape \(\)", "cross_entropy target None"),
    bad(lambda: F.cross_entropy(Tensor(np.zeros((2, 3))), ["a", "b"]), TypeError,
        r"integer class labels in target, got dtype <U1", "cross_entropy target str"),
    bad(lambda: F.cross_entropy(Tensor(np.zeros((2, 3))), np.zeros(2, int), reduction=1), ValueError,
        r"reduction must be 'mean', 'sum' or 'none', got 1", "cross_entropy reduction int"),
    bad(lambda: F.mse_loss(np.array([1, 2]), np.array([3, 5])), TypeError,
        r"mse_loss expected floating-point input or target, got dtypes int64 and int64", "mse_loss int int"),
    bad(lambda: F.mse_loss(None, Tensor([1.0])), TypeError, r"Tensor data must be numbers", "mse_loss None"),
    bad(lambda: F.dropout(Tensor(np.array([1, 2, 3])), 0.5), TypeError,
        r"dropout: input must hold floating-point numbers, got dtype int64", "dropout int"),
    bad(lambda: F.dropout(Tensor(np.ones(3)), 0.5, training="no"), ValueError,
        r"dropout: training must be True or False, got 'no'", "dropout training str"),
    bad(lambda: F.dropout(Tensor(np.ones(3)), NAN), ValueError, r"got p=nan", "dropout p nan"),
    bad(lambda: F.batch_norm(x42(), np.zeros(2, np.float32), np.ones(2, np.float32), training=True, eps=NAN),
        ValueError, r"batch_norm: eps must be a finite number > 0, got nan", "batch_norm eps nan"),
    bad(lambda: F.batch_norm(x42(), np.zeros(2, np.float32), np.ones(2, np.float32), momentum=2.0), ValueError,
        r"batch_norm: momentum must be a finite number >= 0 and <= 1, got 2\.0", "batch_norm momentum"),
    bad(lambda: F.batch_norm(x42(), [0.0, 0.0], np.ones(2)), ValueError,
        r"running_mean to be a float array or Tensor of shape \(2,\), got list", "batch_norm running_mean list"),
    bad(lambda: F.batch_norm(x42(), np.zeros(2), np.ones(3)), ValueError,
        r"running_var to be a float array or Tensor of shape \(2,\), got ndarray \(3,\)", "batch_norm running_var"),
]

LAYERS = [
    *[bad(lambda v=v: nn.BatchNorm1d(3, eps=v), ValueError, r"BatchNorm1d: eps must be a finite number > 0, got ",
          f"BatchNorm1d eps={v!r}") for v in (NAN, INF, -1.0, 0.0, "1e-5", None)],
    *[bad(lambda v=v: nn.BatchNorm1d(3, momentum=v), ValueError,
          r"BatchNorm1d: momentum must be a finite number >= 0 and <= 1, got ", f"BatchNorm1d momentum={v!r}")
      for v in (NAN, INF, -0.1, 1.5, "0.1")],  # None: a cumulative average, as in torch
    *[bad(lambda v=v: nn.LeakyReLU(v), ValueError, r"LeakyReLU: negative_slope must be a finite number, got ",
          f"LeakyReLU({v!r})") for v in (NAN, INF, "0.1", None)],
    bad(lambda: nn.Linear(2, 3, bias="yes"), ValueError, r"Linear: bias must be True or False, got 'yes'",
        "Linear bias str"),
    bad(lambda: nn.Linear(2, 3, generator=0), TypeError, r"Linear: generator must be None or a numpy.random.Generator",
        "Linear generator int"),
    bad(lambda: nn.Dropout(0.5, generator=1), TypeError, r"Dropout: generator must be None", "Dropout generator"),
    bad(lambda: F.dropout(Tensor(np.ones(3)), 0.5, generator=0), TypeError, r"dropout: generator must be None or a "
                                                                            r"numpy.random.Generator", "F.dropout gen"),
    bad(lambda: nn.Sequential(nn.Linear(2, 2)).train("no"), ValueError, r"Sequential.train: mode must be True or "
                                                                       r"False, got 'no'", "train('no')"),
    bad(lambda: nn.Linear(2, 2).requires_grad_("no"), ValueError, r"Linear.requires_grad_: requires_grad must be True "
                                                                  r"or False, got 'no'", "requires_grad_('no')"),
    bad(lambda: nn.Linear(2, 2).load_state_dict(nn.Linear(2, 2).state_dict(), strict="no"), ValueError,
        r"load_state_dict: strict must be True or False, got 'no'", "load_state_dict strict"),
    bad(lambda: nn.Linear(2, 3)(None), TypeError, r"Tensor data must be numbers", "Linear(None)"),
    bad(lambda: nn.Linear(2, 3)(np.ones((2, 2)) * 1j), TypeError, r"complex numbers", "Linear(complex)"),
    bad(lambda: nn.ReLU()([[1.0, "x"]]), TypeError, r"Tensor data must be numbers", "ReLU(mixed)"),
    bad(lambda: nn.BatchNorm1d(2)(None), TypeError, r"Tensor data must be numbers", "BatchNorm1d(None)"),
    bad(lambda: nn.Dropout(0.5)(np.array([1, 2, 3])), TypeError, r"dropout: input must hold floating-point",
        "Dropout(int)"),
    bad(lambda: nn.Flatten()(np.zeros(3)), ValueError, r"Flatten expected input of shape \(N, \.\.\.\) .*got shape "
                                                      r"\(3,\)", "Flatten(1-D)"),
    bad(lambda: nn.CrossEntropyLoss()(np.array([[2, 0]]), np.array([0])), TypeError,
        r"cross_entropy: logits must hold floating-point numbers", "CrossEntropyLoss(int logits)"),
    bad(lambda: nn.MSELoss()(np.array([1, 2]), np.array([2, 4])), TypeError, r"floating-point input or target",
        "MSELoss(int, int)"),
    *[bad(lambda c=c, v=v: c(reduction=v), ValueError, r"reduction must be 'mean', 'sum' or 'none', got ",
          f"{c.__name__} reduction={v!r}") for c in (nn.MSELoss, nn.CrossEntropyLoss) for v in ("avg", None, 1)],
]

INIT = [
    bad(lambda: init.xavier_uniform_(np.zeros((3, 2))), TypeError,
        r"xavier_uniform_ expected a floating-point Tensor such as layer.weight, got ndarray", "xavier ndarray"),
    bad(lambda: init.zeros_(Tensor(np.zeros(2, int))), TypeError, r"zeros_ expected a floating-point Tensor .*int64",
        "zeros_ int"),
    bad(lambda: init.kaiming_normal_(w32(), a="x", nonlinearity="leaky_relu"), ValueError,
        r"kaiming_normal_: a must be a finite number, got 'x'", "kaiming a str"),
    *[bad(lambda v=v: init.normal_(w32(), std=v), ValueError, r"normal_: std must be a finite number >= 0, got ",
          f"normal_ std={v!r}") for v in (NAN, -1.0, "1", None)],
    *[bad(lambda v=v: init.xavier_normal_(w32(), gain=v), ValueError, r"xavier_normal_: gain must be a finite "
                                                                      r"number >= 0", f"xavier gain={v!r}")
      for v in (NAN, -1.0, "1", None)],
    bad(lambda: init.uniform_(w32(), 2.0, 1.0), ValueError, r"uniform_: b must be a finite number >= 2\.0, got 1\.0",
        "uniform_ a > b"),
    bad(lambda: init.uniform_(w32(), NAN, 1.0), ValueError, r"uniform_: a must be a finite number, got nan",
        "uniform_ nan"),
    bad(lambda: init.constant_(w32(), None), ValueError, r"constant_: value must be a number, got None",
        "constant_ None"),
    bad(lambda: init.normal_(w32(), generator=1), TypeError, r"normal_: generator must be None", "normal_ generator"),
]


@pytest.mark.parametrize("call, exc, match", ENGINE + FUNCTIONAL + LAYERS + INIT)
def test_bad_call_raises_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ----------------------------------------------------------------------------
# Optimisers: every hyperparameter, every kind of wrong value
# ----------------------------------------------------------------------------
BAD_NUMBERS = [NAN, INF, -INF, "0.1", None, True, [0.1]]


def _pattern(value):
    return r"got " + re.escape(repr(value))


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam, optim.AdamW])
@pytest.mark.parametrize("name, values", [("lr", BAD_NUMBERS + [-0.1]), ("weight_decay", BAD_NUMBERS + [-0.1])])
def test_optimizer_hyperparameters_are_finite_and_in_range(cls, name, values):
    for value in values:
        kwargs = {"lr": 0.1, name: value}
        with pytest.raises(ValueError, match=rf"{cls.__name__}: {name} must be a finite number .*{_pattern(value)}"):
            cls(params(), **kwargs)


@pytest.mark.parametrize("value", BAD_NUMBERS + [-0.9, 1.0, 1.5])
def test_sgd_momentum(value):
    with pytest.raises(ValueError, match=r"SGD: momentum must be a finite number >= 0 and < 1, " + _pattern(value)):
        optim.SGD(params(), lr=0.1, momentum=value)


@pytest.mark.parametrize("cls", [optim.Adam, optim.AdamW])
@pytest.mark.parametrize("betas, match", [
    ((NAN, 0.999), r"betas\[0\] must be a finite number >= 0 and < 1, got nan"),
    ((0.9, INF), r"betas\[1\] must be a finite number >= 0 and < 1, got inf"),
    (("0.9", 0.999), r"betas\[0\] must be a finite number .*got '0.9'"),
    (0.9, r"betas must be a pair \(beta1, beta2\) such as \(0.9, 0.999\), got 0.9"),
    ((0.9,), r"betas must be a pair .*got \(0.9,\)"),
    (None, r"betas must be a pair .*got None"),
])
def test_adam_betas(cls, betas, match):
    with pytest.raises(ValueError, match=cls.__name__ + ": " + match):
        cls(params(), betas=betas)


@pytest.mark.parametrize("cls", [optim.Adam, optim.AdamW])
@pytest.mark.parametrize("eps", BAD_NUMBERS + [-1e-8])
def test_adam_eps(cls, eps):
    with pytest.raises(ValueError, match=rf"{cls.__name__}: eps must be a finite number >= 0, {_pattern(eps)}"):
        cls(params(), eps=eps)


@pytest.mark.parametrize("given, match", [
    (lambda: nn.Linear(2, 2).weight, r"params must be an iterable of Tensors .*got Parameter \(wrap a single tensor "
                                     r"in a list: \[w\]\)"),
    (lambda: np.zeros(3), r"params must be an iterable of Tensors .*got ndarray"),
    (lambda: None, r"params must be an iterable of Tensors .*got NoneType"),
    (lambda: [Tensor(np.array([1, 2]))], r"params\[0\] must be a floating-point Tensor/Parameter, got Tensor of "
                                         r"dtype int64"),
])
def test_optimizer_params_must_be_an_iterable_of_float_tensors(given, match):
    with pytest.raises(TypeError, match="SGD: " + match):
        optim.SGD(given(), lr=0.5)


def test_sgd_nesterov_must_be_a_bool():
    with pytest.raises(ValueError, match=r"SGD: nesterov must be True or False, got 'yes'"):
        optim.SGD(params(), lr=0.1, momentum=0.9, nesterov="yes")
