"""The wrong calls of `bad_input_survey.py`, part 1: Tensor, functional, layers, losses, optimisers, data.

`case(group, label, call, *words, ok=None)` registers one wrong call; `words` must all appear in a clear
error message (normally the argument's name); `ok(result)` says whether a result is the one torch gives.
"""


import numpy as np

import nnlib
import nnlib.functional as F
from nnlib import Tensor, data, nn, optim
from nnlib.nn import init

NAN, INF = float("nan"), float("inf")
BAD_NUMBERS = [NAN, INF, -INF, "0.1", None, True, [0.1]]  # wrong for any float hyperparameter
BAD_COUNTS = [0, -1, 2.5, "3", None, True, NAN]  # wrong for any positive integer
CASES = []


def case(group, label, thunk, *words, ok=None):
    """Register one wrong call. words: what the message must contain; ok(result): torch's answer."""
    CASES.append((group, label, thunk, words, ok))


def is_nan(r):
    return isinstance(r, Tensor) and r.dtype.kind == "f" and bool(np.isnan(r.data).all())


def x2():
    return np.random.default_rng(0).random((4, 2)).astype(np.float32)


def params():
    return list(nn.Linear(2, 2).parameters())


def model():
    return nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2))


XY = (x2(), np.array([0, 1, 0, 1]))


# --------------------------------------------------------------------------- Tensor
def tensor_cases():
    g = "tensor"
    for label, value in [("str", "abc"), ("None", None), ("mixed list", [1.0, "2"]), ("dict", {"a": 1}),
                         ("object", object()), ("ragged", [[1.0, 2.0], [3.0]]), ("complex", 1 + 2j),
                         ("list with None", [1.0, None]), ("bytes", b"12"), ("set", {1.0, 2.0})]:
        case(g, f"Tensor({label})", lambda v=value: Tensor(v), "data")
        case(g, f"nnlib.tensor({label})", lambda v=value: nnlib.tensor(v), "data")
        case(g, f"Tensor(1.) + {label}", lambda v=value: Tensor([1.0]) + v, type(value).__name__)
    case(g, "Tensor(dtype=str)", lambda: Tensor([1.0], dtype=str), "dtype")
    case(g, "Tensor(dtype=object)", lambda: Tensor([1.0], dtype=object), "dtype")
    case(g, "int requires_grad_()", lambda: Tensor(np.array([1, 2])).requires_grad_(), "floating")
    case(g, "bool requires_grad=True", lambda: Tensor(np.array([True]), requires_grad=True), "floating")
    case(g, "Tensor * None", lambda: Tensor([1.0]) * None, "None")
    case(g, "None - Tensor", lambda: None - Tensor([1.0]), "None")
    case(g, "Tensor / 'a'", lambda: Tensor([1.0]) / "a", "str")
    case(g, "Tensor @ None", lambda: Tensor(np.ones((2, 2))) @ None, "None")
    case(g, "add shapes (2,3)+(4,)", lambda: Tensor(np.zeros((2, 3))) + Tensor(np.zeros(4)), "(2,3)", "(4,)")
    case(g, "mul shapes (2,3)*(2,)", lambda: Tensor(np.zeros((2, 3))) * np.zeros(2), "(2,3)", "(2,)")
    case(g, "pow str", lambda: Tensor([1.0]) ** "2", "exponent")
    case(g, "item of 2", lambda: Tensor([1.0, 2.0]).item(), "item")
    case(g, "backward without grad", lambda: Tensor([1.0]).backward(), "requires")
    case(g, "backward grad shape", lambda: (Tensor(np.ones(2), requires_grad=True) * 2).backward(np.ones(3)),
         "grad")
    case(g, "mean of empty", lambda: Tensor(np.zeros(0, np.float32)).mean(), ok=is_nan)
    case(g, "mean(0) of (0,3)", lambda: Tensor(np.zeros((0, 3), np.float32)).mean(0),
         ok=lambda r: r.shape == (3,) and bool(np.isnan(r.data).all()))
    case(g, "sum dim and axis", lambda: Tensor(np.ones(3)).sum(dim=0, axis=0), "dim")


# ------------------------------------------------------------------------ functional
def functional_cases():
    g = "functional"
    logits = Tensor(np.zeros((4, 3), np.float32))
    for fn in (F.relu, F.sigmoid, F.tanh, F.softmax, F.log_softmax, F.leaky_relu):
        for label, value in [("None", None), ("str", "abc"), ("mixed", [1.0, "x"])]:
            case(g, f"{fn.__name__}({label})", lambda f=fn, v=value: f(v), "data")
    case(g, "leaky_relu slope str", lambda: F.leaky_relu(Tensor([1.0]), "a"), "negative_slope")
    case(g, "leaky_relu slope nan", lambda: F.leaky_relu(Tensor([-1.0]), NAN), "negative_slope")
    case(g, "softmax int", lambda: F.softmax(Tensor(np.array([1, 2])), 0), "dtype")
    case(g, "log_softmax int", lambda: F.log_softmax(Tensor(np.array([[1, 2]]))), "dtype")
    case(g, "linear weight None", lambda: F.linear(x2(), None), "weight")
    case(g, "linear weight ndarray", lambda: F.linear(x2(), np.zeros((3, 2))), "weight")
    case(g, "linear bias shape", lambda: F.linear(x2(), Tensor(np.zeros((3, 2), np.float32)),
                                                  Tensor(np.zeros(5, np.float32))), "bias")
    case(g, "linear complex x", lambda: F.linear(x2() * 1j, Tensor(np.zeros((3, 2), np.float32))), "complex")
    case(g, "cross_entropy int logits", lambda: F.cross_entropy(np.array([[1, 0], [0, 1]]), np.array([0, 1])),
         "logits")
    case(g, "cross_entropy float labels", lambda: F.cross_entropy(logits, np.zeros(4)), "target")
    case(g, "cross_entropy None target", lambda: F.cross_entropy(logits, None), "target")
    case(g, "cross_entropy str labels", lambda: F.cross_entropy(logits, ["a", "b", "c", "d"]), "target")
    case(g, "cross_entropy None logits", lambda: F.cross_entropy(None, np.zeros(4, int)), "data")
    case(g, "cross_entropy label 3", lambda: F.cross_entropy(logits, np.array([0, 1, 3, 2])), "label 3")
    case(g, "cross_entropy reduction", lambda: F.cross_entropy(logits, np.zeros(4, int), "avg"), "reduction")
    case(g, "cross_entropy empty batch", lambda: F.cross_entropy(Tensor(np.zeros((0, 3), np.float32)),
                                                                np.zeros(0, int)), ok=is_nan)
    case(g, "cross_entropy +inf logit", lambda: F.cross_entropy(Tensor(np.array([[INF, 0.0]])), np.array([1])),
         ok=is_nan)
    case(g, "cross_entropy -inf at target",
         lambda: F.cross_entropy(Tensor(np.array([[-INF, 0.0]])), np.array([0])),
         ok=lambda r: r.dtype.kind == "f" and r.item() == INF)
    case(g, "mse_loss int int", lambda: F.mse_loss(np.array([1, 2]), np.array([3, 5])), "dtype")
    case(g, "mse_loss int input float target", lambda: F.mse_loss(np.array([1, 2]), np.array([3.5, 4.5])),
         ok=lambda r: r.dtype.kind == "f" and abs(r.item() - 6.25) < 1e-6)
    case(g, "mse_loss empty", lambda: F.mse_loss(Tensor(np.zeros(0, np.float32)), np.zeros(0, np.float32)),
         ok=is_nan)
    case(g, "mse_loss None", lambda: F.mse_loss(None, Tensor([1.0])), "data")
    case(g, "mse_loss str target", lambda: F.mse_loss(Tensor([1.0]), "a"), "data")
    case(g, "mse_loss shapes", lambda: F.mse_loss(Tensor(np.zeros((4, 1))), np.zeros(4)), "shape")
    case(g, "dropout int input", lambda: F.dropout(Tensor(np.array([1, 2, 3])), 0.5), "dtype")
    for p in (NAN, INF, -0.1, 1.0, "0.5", None):
        case(g, f"dropout p={p!r}", lambda p=p: F.dropout(Tensor(np.ones(3)), p), "p")
    case(g, "dropout training str", lambda: F.dropout(Tensor(np.ones(3)), 0.5, training="no"), "training")
    case(g, "batch_norm eps nan", lambda: F.batch_norm(x2(), np.zeros(2, np.float32), np.ones(2, np.float32),
                                                       training=True, eps=NAN), "eps")
    case(g, "batch_norm momentum 2", lambda: F.batch_norm(x2(), np.zeros(2, np.float32), np.ones(2, np.float32),
                                                          training=True, momentum=2.0), "momentum")
    case(g, "batch_norm running_mean list", lambda: F.batch_norm(x2(), [0.0, 0.0], np.ones(2)), "running_mean")
    case(g, "batch_norm running_mean shape", lambda: F.batch_norm(x2(), np.zeros(3), np.ones(3)), "running_mean")


# ---------------------------------------------------------------------------- layers
def layer_cases():
    g = "layers"
    for v in BAD_COUNTS:
        case(g, f"Linear(in={v!r})", lambda v=v: nn.Linear(v, 3), "in_features")
        case(g, f"Linear(out={v!r})", lambda v=v: nn.Linear(3, v), "out_features")
        case(g, f"BatchNorm1d({v!r})", lambda v=v: nn.BatchNorm1d(v), "num_features")
    for v in [NAN, INF, -1.0, 0.0, "1e-5", None]:
        case(g, f"BatchNorm1d(eps={v!r})", lambda v=v: nn.BatchNorm1d(3, eps=v), "eps")
    for v in [NAN, INF, -0.1, 1.5, "0.1", None]:
        case(g, f"BatchNorm1d(momentum={v!r})", lambda v=v: nn.BatchNorm1d(3, momentum=v), "momentum")
    for v in [NAN, INF, -0.1, 1.0, "0.5", None, True]:
        case(g, f"Dropout({v!r})", lambda v=v: nn.Dropout(v), "p")
    for v in [NAN, INF, "0.1", None]:
        case(g, f"LeakyReLU({v!r})", lambda v=v: nn.LeakyReLU(v), "negative_slope")
    case(g, "Linear(bias='yes')", lambda: nn.Linear(2, 3, bias="yes"), "bias")
    case(g, "Linear(generator=0)", lambda: nn.Linear(2, 3, generator=0), "generator")
    case(g, "Sequential(class)", lambda: nn.Sequential(nn.Linear(2, 2), nn.ReLU), "ReLU")
    case(g, "Sequential(function)", lambda: nn.Sequential(F.relu), "Module")
    case(g, "Sequential(list)", lambda: nn.Sequential([nn.Linear(2, 2)]), "list")
    for label, value in [("None", None), ("str", "abc"), ("strings", np.array([["a", "b"]])),
                         ("mixed", [[1.0, "x"]]), ("complex", np.ones((2, 2)) * 1j)]:
        case(g, f"Linear()({label})", lambda v=value: nn.Linear(2, 3)(v), "data" if label != "complex" else "complex")
        case(g, f"ReLU()({label})", lambda v=value: nn.ReLU()(v), "data" if label != "complex" else "complex")
    case(g, "Linear wrong features", lambda: nn.Linear(4, 3)(np.zeros((32, 5))), "(N, 4)")
    case(g, "Linear 1-D input", lambda: nn.Linear(4, 3)(np.zeros(4)), "(N, 4)")
    case(g, "BatchNorm1d(None input)", lambda: nn.BatchNorm1d(2)(None), "data")
    case(g, "BatchNorm1d 1 example", lambda: nn.BatchNorm1d(2)(np.zeros((1, 2))), "eval")
    case(g, "BatchNorm1d int input", lambda: nn.BatchNorm1d(2)(np.array([[1, 2], [3, 4]])),
         ok=lambda r: r.dtype.kind == "f")
    case(g, "Dropout()(int input)", lambda: nn.Dropout(0.5)(np.array([1, 2, 3])), "dtype")
    case(g, "Flatten()(1-D)", lambda: nn.Flatten()(np.zeros(3)), "shape")
    case(g, "load_state_dict(model)", lambda: model().load_state_dict(model()), "dict")
    case(g, "load_state_dict(str values)", lambda: nn.Linear(1, 1).load_state_dict({"weight": "a", "bias": "b"}),
         "weight")
    case(g, "Module.to(str)", lambda: nn.Linear(1, 1).to("cuda"), "dtype")
    case(g, "Module.to(int64)", lambda: nn.Linear(1, 1).to(np.int64), "dtype")
    case(g, "requires_grad_ on int Parameter", lambda: nn.Parameter(np.array([1, 2])), "floating")
    # init
    w = lambda: nn.Parameter(np.zeros((3, 2), np.float32))  # noqa: E731
    case(g, "xavier_uniform_ 1-D", lambda: init.xavier_uniform_(nn.Parameter(np.zeros(3))), "2-D")
    case(g, "xavier_uniform_ ndarray", lambda: init.xavier_uniform_(np.zeros((3, 2))), "tensor")
    case(g, "kaiming nonlinearity", lambda: init.kaiming_normal_(w(), nonlinearity="gelu"), "nonlinearity")
    case(g, "kaiming a str", lambda: init.kaiming_normal_(w(), a="x", nonlinearity="leaky_relu"), "a")
    for v in [NAN, -1.0, "1", None]:
        case(g, f"normal_(std={v!r})", lambda v=v: init.normal_(w(), std=v), "std")
        case(g, f"xavier gain={v!r}", lambda v=v: init.xavier_normal_(w(), gain=v), "gain")
    case(g, "uniform_(a > b)", lambda: init.uniform_(w(), 2.0, 1.0), "a")
    case(g, "uniform_(nan)", lambda: init.uniform_(w(), NAN, 1.0), "a")
    case(g, "constant_(str)", lambda: init.constant_(w(), "a"), "value")
    case(g, "constant_(None)", lambda: init.constant_(w(), None), "value")
    case(g, "normal_(generator=1)", lambda: init.normal_(w(), generator=1), "generator")


# ---------------------------------------------------------------------------- losses
def loss_cases():
    g = "losses"
    for cls in (nn.MSELoss, nn.CrossEntropyLoss):
        for v in ["avg", None, 1]:
            case(g, f"{cls.__name__}(reduction={v!r})", lambda c=cls, v=v: c(reduction=v), "reduction")
    case(g, "CrossEntropyLoss()(int logits)", lambda: nn.CrossEntropyLoss()(np.array([[2, 0]]), np.array([0])),
         "logits")
    case(g, "MSELoss()(int, int)", lambda: nn.MSELoss()(np.array([1, 2]), np.array([2, 4])), "dtype")
    case(g, "CrossEntropyLoss()(probabilities one-hot)",
         lambda: nn.CrossEntropyLoss()(Tensor(np.zeros((4, 3))), np.eye(3, dtype=int)[[0, 1, 2, 0]]), "target")
    case(g, "CrossEntropyLoss(logits list of str)",
         lambda: nn.CrossEntropyLoss()([["a", "b"]], np.array([0])), "data")


# ------------------------------------------------------------------------- optimisers
def optim_cases():
    g = "optim"
    layer = nn.Linear(2, 2)
    case(g, "SGD(tensor)", lambda: optim.SGD(layer.weight, lr=0.5), "params")
    case(g, "SGD(ndarray)", lambda: optim.SGD(np.zeros(3), lr=0.5), "params")
    case(g, "SGD(None)", lambda: optim.SGD(None, lr=0.5), "params")
    case(g, "SGD(model)", lambda: optim.SGD(model(), lr=0.5), "parameters()")
    case(g, "SGD([])", lambda: optim.SGD([], lr=0.5), "empty")
    case(g, "SGD([ndarray])", lambda: optim.SGD([np.zeros(2)], lr=0.5), "params[0]")
    case(g, "SGD(int tensor)", lambda: optim.SGD([Tensor(np.array([1, 2]))], lr=0.5), "params[0]")
    case(g, "SGD(no lr)", lambda: optim.SGD(params()), "lr")
    case(g, "SGD(nesterov='yes')", lambda: optim.SGD(params(), lr=0.1, momentum=0.9, nesterov="yes"), "nesterov")
    for cls in (optim.SGD, optim.Adam, optim.AdamW):
        for v in BAD_NUMBERS + [0, -0.1]:
            case(g, f"{cls.__name__}(lr={v!r})", lambda c=cls, v=v: c(params(), lr=v), "lr")
        for v in BAD_NUMBERS + [-0.1]:
            case(g, f"{cls.__name__}(weight_decay={v!r})", lambda c=cls, v=v: c(params(), lr=0.1, weight_decay=v),
                 "weight_decay")
    for v in BAD_NUMBERS + [-0.9, 1.5]:
        case(g, f"SGD(momentum={v!r})", lambda v=v: optim.SGD(params(), lr=0.1, momentum=v), "momentum")
    for cls in (optim.Adam, optim.AdamW):
        for v in [(NAN, 0.999), (0.9, INF), (0.9, 1.0), (-0.1, 0.9), 0.9, (0.9,), "ab", None, ("0.9", 0.999)]:
            case(g, f"{cls.__name__}(betas={v!r})", lambda c=cls, v=v: c(params(), betas=v), "betas")
        for v in BAD_NUMBERS + [-1e-8]:
            case(g, f"{cls.__name__}(eps={v!r})", lambda c=cls, v=v: c(params(), eps=v), "eps")


# ------------------------------------------------------------------------------ data
def data_cases():
    g = "data"
    X, y = XY
    for fn in (data.make_moons, data.make_circles, data.make_spirals, data.make_xor):
        for v in [0, -5, 2.5, "100", None]:
            case(g, f"{fn.__name__}(n_samples={v!r})", lambda f=fn, v=v: f(n_samples=v), "n_samples")
        for v in [NAN, -0.1, "0.1", None]:
            case(g, f"{fn.__name__}(noise={v!r})", lambda f=fn, v=v: f(noise=v), "noise")
        for v in ["a", -1, 1.5]:
            case(g, f"{fn.__name__}(seed={v!r})", lambda f=fn, v=v: f(seed=v), "seed")
    for v in [1.5, 0, NAN, "0.5"]:
        case(g, f"make_circles(factor={v!r})", lambda v=v: data.make_circles(factor=v), "factor")
    case(g, "make_spirals(n_classes=1)", lambda: data.make_spirals(n_classes=1), "n_classes")
    case(g, "load_digits(images='yes')", lambda: data.load_digits(images="yes"), "images")
    for v in [1.5, 0, -1, "0.2", None, NAN, 4]:
        case(g, f"train_test_split(test_size={v!r})", lambda v=v: data.train_test_split(X, y, test_size=v),
             "test_size")
    case(g, "train_test_split(len mismatch)", lambda: data.train_test_split(X, y[:3]), "len")
    case(g, "train_test_split(None)", lambda: data.train_test_split(None, None), "X")
    case(g, "train_test_split(seed='a')", lambda: data.train_test_split(X, y, seed="a"), "seed")
    case(g, "train_val_test_split(0.6, 0.6)", lambda: data.train_val_test_split(X, y, 0.6, 0.6), "val_size")
    for v in BAD_COUNTS:
        case(g, f"DataLoader(batch_size={v!r})", lambda v=v: data.DataLoader(X, y, batch_size=v), "batch_size")
    case(g, "DataLoader(transform=5)", lambda: data.DataLoader(X, y, transform=5), "transform")
    case(g, "DataLoader(seed='a')", lambda: data.DataLoader(X, y, seed="a"), "seed")
    case(g, "DataLoader(seed=-1)", lambda: data.DataLoader(X, y, seed=-1), "seed")
    case(g, "DataLoader(shuffle='no')", lambda: data.DataLoader(X, y, shuffle="no"), "shuffle")
    case(g, "DataLoader(drop_last='no')", lambda: data.DataLoader(X, y, drop_last="no"), "drop_last")
    case(g, "DataLoader(None, y)", lambda: data.DataLoader(None, y), "X")
    case(g, "DataLoader(len mismatch)", lambda: data.DataLoader(X, y[:3]), "len")
    case(g, "DataLoader(drop_last, 4 < batch 32)", lambda: data.DataLoader(X, y, batch_size=32, drop_last=True),
         ok=lambda r: len(r) == 0 and not list(r))  # torch: an empty loader (fit then says so)
    case(g, "DataLoader(X, y=None)", lambda: data.DataLoader(X, None), "y")
