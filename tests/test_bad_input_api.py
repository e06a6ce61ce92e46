"""Bad input to data helpers, augmentation, metrics, the training loop, saving/loading, gradient
checking and the explorers: the exception type, and a message that names the argument and the value."""

import pickle

import numpy as np
import pytest

import nnlib
from nnlib import Tensor, augment, data, metrics, nn, optim, plots, train

NAN, INF = float("nan"), float("inf")
X4 = np.linspace(-1, 1, 8, dtype=np.float32).reshape(4, 2)
Y4 = np.array([0, 1, 0, 1])
IMAGES = np.zeros((2, 8, 8), np.float32)


def rng():
    return np.random.default_rng(0)


def bad(call, exc, match, id):
    return pytest.param(call, exc, match, id=id)


def model():
    nnlib.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2))


def fit(**kw):
    m = kw.pop("model", None) or model()
    opt = kw.pop("optimizer", None) or optim.SGD(m.parameters(), lr=0.1)
    args = dict(loss_fn=nn.CrossEntropyLoss(), train_data=(X4, Y4), epochs=1)
    args.update(kw)
    return train.fit(m, args.pop("loss_fn"), opt, args.pop("train_data"), **args)


DATA = [
    *[bad(lambda f=f: f(seed=-1), ValueError, r"seed must be an integer >= 0, got -1", f"{f.__name__} seed=-1")
      for f in (data.make_moons, data.make_circles, data.make_spirals, data.make_xor)],
    bad(lambda: data.load_digits(images="yes"), ValueError, r"load_digits: images must be True or False, got 'yes'",
        "load_digits images str"),
    bad(lambda: data.train_test_split(X4, Y4, seed=-1), ValueError, r"seed must be an integer >= 0, got -1",
        "train_test_split seed"),
    bad(lambda: data.train_test_split(X4, Y4, stratify="yes"), ValueError,
        r"train_test_split: stratify must be True or False, got 'yes'", "train_test_split stratify"),
    bad(lambda: data.train_val_test_split(X4, Y4, 1, 1, stratify=None), ValueError,
        r"train_val_test_split: stratify must be True or False, got None", "train_val_test_split stratify"),
    bad(lambda: data.DataLoader(X4, Y4, shuffle="no"), ValueError, r"DataLoader: shuffle must be True or False, "
                                                                   r"got 'no'", "DataLoader shuffle str"),
    bad(lambda: data.DataLoader(X4, Y4, drop_last=1), ValueError, r"DataLoader: drop_last must be True or False, got 1",
        "DataLoader drop_last int"),
    bad(lambda: data.DataLoader(X4, Y4, seed=-1), ValueError, r"DataLoader: seed must be an integer >= 0, got -1",
        "DataLoader seed"),
]

AUGMENT = [
    bad(lambda: augment.shift(np.array([["a"] * 64]), 1, 0), ValueError,
        r"images must be an array of numbers \(pixel values\), got ndarray of dtype <U1", "shift strings"),
    bad(lambda: augment.hflip(None), ValueError, r"images must be an array of numbers \(pixel values\), got NoneType",
        "hflip None"),
    bad(lambda: augment.add_noise(np.array(["a"]), 0.1, rng()), ValueError, r"images must be an array of numbers",
        "add_noise strings"),
    bad(lambda: augment.Compose(None), ValueError, r"transforms must be a list of transforms .*got None",
        "Compose None"),
    bad(lambda: augment.Compose(augment.RandomShift(1)), ValueError,
        r"transforms must be a list of transforms .*got RandomShift\(max_shift=1\)", "Compose single transform"),
]

TRAIN = [
    bad(lambda: train.fit(None, nn.CrossEntropyLoss(), optim.SGD(model().parameters(), lr=0.1), (X4, Y4)),
        TypeError, r"fit: model must be a Module such as nn.Sequential\(\.\.\.\), got NoneType", "fit model None"),
    bad(lambda: train.fit(nn.Linear, nn.CrossEntropyLoss(), optim.SGD(model().parameters(), lr=0.1), (X4, Y4)),
        TypeError, r"fit: model must be a Module object, got the class Linear: create one with Linear\(\.\.\.\)",
        "fit model class"),
    bad(lambda: fit(optimizer=optim.SGD), TypeError, r"fit: optimizer must be an Optimizer object, got the class SGD",
        "fit optimizer class"),
    bad(lambda: train.fit(model(), nn.CrossEntropyLoss(), None, (X4, Y4)), TypeError,
        r"fit: optimizer must be an Optimizer such as optim.SGD\(model.parameters\(\), lr=0.1\), got NoneType",
        "fit optimizer None"),
    bad(lambda: fit(optimizer=optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)), ValueError,
        r"fit: the optimizer holds none of the model's parameters", "fit optimizer of another model"),
    bad(lambda: fit(loss_fn=nn.CrossEntropyLoss), TypeError,
        r"fit: loss_fn must be a function or a module object, got the class CrossEntropyLoss: create one with "
        r"CrossEntropyLoss\(\)", "fit loss_fn class"),
    bad(lambda: fit(loss_fn=None), TypeError, r"fit: loss_fn must be callable such as nn.CrossEntropyLoss\(\), got "
                                              r"NoneType", "fit loss_fn None"),
    *[bad(lambda v=v: fit(epochs=v), ValueError, r"fit: epochs must be an integer >= 0, got ", f"fit epochs={v!r}")
      for v in (2.5, -1, "3", None, NAN, True)],
    *[bad(lambda v=v: fit(early_stopping=v), TypeError, r"fit: early_stopping must be an EarlyStopping",
          f"fit early_stopping={v!r}") for v in (5, True, "yes", train.EarlyStopping)],
    bad(lambda: fit(train_data=(np.where(np.eye(4, 2) > 0, NAN, X4), Y4)), ValueError,
        r"fit: train_data contains nan \(X, sample 0\): the data, not the learning rate, is the problem",
        "fit nan in X"),
    bad(lambda: fit(train_data=(X4 * INF, Y4)), ValueError, r"fit: train_data contains inf \(X, sample 0\)",
        "fit inf in X"),
    bad(lambda: fit(val_data=(X4, np.array([0.0, NAN, 1.0, 0.0]))), ValueError,
        r"fit: val_data contains nan \(y, sample 1\)", "fit nan in val y"),
    bad(lambda: fit(train_data=data.DataLoader(np.where(np.eye(4, 2) > 0, NAN, X4), Y4)), ValueError,
        r"fit: train_data contains nan \(X in the batch of step 1, sample 0\)", "fit nan in a DataLoader"),
    bad(lambda: fit(loss_fn=nn.MSELoss(), train_data=data.DataLoader(X4, np.array([[0.0], [NAN], [1.0], [1.0]])),
                    model=nn.Sequential(nn.Linear(2, 1))), ValueError,
        r"fit: train_data contains nan \(y in the batch of step 1, sample 1\)", "fit nan in loader targets"),
    bad(lambda: fit(train_data=(np.array([["a", "b"]] * 4), Y4)), TypeError,
        r"fit: train_data X must hold numbers, got dtype <U1", "fit strings in X"),
    bad(lambda: fit(train_data=data.DataLoader(X4, Y4, batch_size=32, drop_last=True)), ValueError,
        r"fit: no training batch to run: .* drop_last=True leave none", "fit empty loader"),
    bad(lambda: fit(train_data=(X4, 3)), ValueError, r"fit: train_data must be arrays with one entry per sample",
        "fit y scalar"),
    bad(lambda: fit(progress="yes"), ValueError, r"fit: progress must be True or False, got 'yes'", "fit progress"),
    bad(lambda: fit(track_grad_norms=1), ValueError, r"fit: track_grad_norms must be True or False, got 1",
        "fit track_grad_norms"),
    bad(lambda: train.EarlyStopping(min_delta=NAN), ValueError, r"EarlyStopping: min_delta must be a finite number "
                                                                r">= 0, got nan", "EarlyStopping min_delta nan"),
    bad(lambda: train.EarlyStopping(restore_best="yes"), ValueError, r"EarlyStopping: restore_best must be True or "
                                                                     r"False", "EarlyStopping restore_best"),
    bad(lambda: train.evaluate(None, nn.CrossEntropyLoss(), X4, Y4), TypeError, r"evaluate: model must be a Module",
        "evaluate model None"),
    bad(lambda: train.evaluate(model(), None, X4, Y4), TypeError, r"evaluate: loss_fn must be callable",
        "evaluate loss_fn None"),
    bad(lambda: train.evaluate(model(), nn.CrossEntropyLoss(), X4, Y4[:3]), ValueError,
        r"evaluate: X has 4 samples but y has 3 labels", "evaluate lengths"),
    bad(lambda: train.predict(None, X4), TypeError, r"predict: model must be a Module", "predict model None"),
    bad(lambda: train.layer_grad_norms(model(), None, X4, Y4), TypeError, r"layer_grad_norms: loss_fn must be "
                                                                         r"callable", "layer_grad_norms loss_fn"),
]


def _w():
    return Tensor(np.ones(2), requires_grad=True)


MISC = [
    bad(lambda: nnlib.gradcheck(None, [_w()]), TypeError, r"gradcheck: fn must be callable, got NoneType",
        "gradcheck fn None"),
    bad(lambda: nnlib.gradcheck(lambda a: (a * a).sum(), _w()), TypeError,
        r"gradcheck: inputs must be a list or tuple of Tensors, e.g. \[x, w\], got Tensor", "gradcheck inputs"),
    *[bad(lambda v=v: nnlib.gradcheck(lambda a: (a * a).sum(), [_w()], h=v), ValueError,
          r"gradcheck: h must be a finite number > 0, got ", f"gradcheck h={v!r}") for v in (0, -1e-5, NAN, "1e-5")],
    bad(lambda: nnlib.gradcheck(lambda a: a.data * 2, [_w()]), TypeError,
        r"gradcheck: fn must return a Tensor \(built from its inputs\), got ndarray", "gradcheck fn returns array"),
    bad(lambda: nnlib.gradcheck(lambda a: (a * a).sum(), [_w()], seed=-1), ValueError,
        r"gradcheck: seed must be an integer >= 0, got -1", "gradcheck seed"),
    bad(lambda: nnlib.rel_error(None, 1.0), TypeError, r"rel_error: a must be a number or an array of numbers, got "
                                                       r"NoneType", "rel_error None"),
    bad(lambda: nnlib.draw_graph(np.zeros(2)), TypeError, r"draw_graph: root must be the Tensor whose graph to draw",
        "draw_graph ndarray"),
    bad(lambda: plots.plot_history(None), TypeError, r"plot_history: history must be the History that fit returns, "
                                                     r"got NoneType", "plot_history None"),
    bad(lambda: nnlib.numerical_gradient(lambda: 0.0, [1.0, 2.0]), TypeError,
        r"numerical_gradient: x must be a floating-point NumPy array .*got list", "numerical_gradient list"),
    bad(lambda: nnlib.numerical_gradient(lambda: 0.0, np.array([1, 2])), TypeError,
        r"numerical_gradient: x must be a floating-point NumPy array .*got ndarray of dtype int64",
        "numerical_gradient int"),
    bad(lambda: plots.plot_grad_norms("a"), ValueError, r"plot_grad_norms: norms must be an array of numbers",
        "plot_grad_norms str"),
    bad(lambda: plots.plot_confusion_matrix(np.zeros(3)), ValueError, r"cm must be a square matrix \(K, K\), got "
                                                                      r"shape \(3,\)", "plot_confusion_matrix 1-D"),
    bad(lambda: plots.plot_loss_surface(None), TypeError, r"plot_loss_surface: f must be a function f\(w1, w2\)",
        "plot_loss_surface None"),
]


@pytest.mark.parametrize("call, exc, match", DATA + AUGMENT + TRAIN + MISC)
def test_bad_call_raises_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ----------------------------------------------------------------------------
# Saving and loading: `save` refuses what is not an array, `load` says what it opened
# ----------------------------------------------------------------------------
def test_save_refuses_values_that_are_not_arrays(tmp_path):
    path = tmp_path / "w.npz"
    with pytest.raises(TypeError, match=r"save: 'model' is a Sequential, not an array of numbers; save only weights, "
                                        r"e.g. nnlib.save\(model.state_dict\(\), path\)"):
        nnlib.save({"model": model()}, path)
    with pytest.raises(TypeError, match=r"save: 'w' is a str, not an array of numbers"):
        nnlib.save({"w": "abc"}, path)
    with pytest.raises(TypeError, match=r"save: every name in the dict must be a string, got 1"):
        nnlib.save({1: np.zeros(2)}, path)
    with pytest.raises(TypeError, match=r"save: path must be a file name \(str or pathlib.Path\), got NoneType"):
        nnlib.save(model().state_dict(), None)
    assert not path.exists()  # nothing half-written


def test_load_says_what_it_opened(tmp_path):
    np.save(tmp_path / "a.npy", np.zeros(3))
    with pytest.raises(ValueError, match=r"a.npy holds a single array \(a .npy file from np.save\), not a state dict"):
        nnlib.load(tmp_path / "a.npy")
    (tmp_path / "a.txt").write_text("hello\n")
    with pytest.raises(ValueError, match=r"a.txt is not a .npz file; nnlib.load reads the .npz files that nnlib.save "
                                         r"writes"):
        nnlib.load(tmp_path / "a.txt")
    (tmp_path / "m.pkl").write_bytes(pickle.dumps(model()))
    with pytest.raises(pickle.UnpicklingError, match=r"Weights only load failed: \S*m.pkl is a pickle file.*can run "
                                                     r"code when unpickled.*weights_only set to False"):
        nnlib.load(tmp_path / "m.pkl")  # torch's default (weights_only=True) and torch's error
    np.savez(tmp_path / "objects.npz", model=np.array([model()], dtype=object))  # what the old save wrote
    with pytest.raises(ValueError, match=r"objects.npz holds Python objects, not only arrays of numbers"):
        nnlib.load(tmp_path / "objects.npz")
    with pytest.raises(TypeError, match=r"load: path must be a file name"):
        nnlib.load(None)
    with pytest.raises(FileNotFoundError, match=r"missing.npz"):
        nnlib.load(tmp_path / "missing.npz")


def test_load_recognises_a_torch_checkpoint(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save(torch.nn.Linear(2, 2).state_dict(), tmp_path / "m.pt")
    with pytest.raises(ValueError, match=r"m.pt is a PyTorch checkpoint \(torch.save\); convert it with"):
        nnlib.load(tmp_path / "m.pt")


def test_save_and_load_still_round_trip(tmp_path):
    state = model().state_dict()
    nnlib.save(state, tmp_path / "w.npz")
    loaded = nnlib.load(tmp_path / "w.npz")
    assert loaded.keys() == state.keys() and all(np.array_equal(loaded[k], state[k]) for k in state)


# ----------------------------------------------------------------------------
# Explorers: construction-time checks (nothing is trained before them) and run() checks
# ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def moons():
    X, y = data.make_moons(40, noise=0.3, seed=0)
    return X[:20], y[:20], X[20:], y[20:]


def _lr(**kw):
    from nnlib.widgets import LearningRateExplorer
    return LearningRateExplorer(**kw)


def _vg(**kw):
    from nnlib.widgets import VanishingGradientExplorer
    return VanishingGradientExplorer(**kw)


@pytest.mark.parametrize("kwargs, match", [
    (dict(lrs=(1.0, 0.01)), r"lrs must be a pair \(smallest, largest\) of finite learning rates with 0 < smallest < "
                            r"largest, got \(1.0, 0.01\)"),
    (dict(lrs=(1e-3, INF)), r"lrs must be a pair .*got \(0.001, inf\)"),
    (dict(lrs=5), r"lrs must be a pair .*got 5"),
    (dict(default_lr=-1), r"default_lr must be a finite number >= 0.0001 and <= 100.0, got -1"),
    (dict(default_lr=NAN), r"default_lr must be a finite number >= 0.0001 and <= 100.0, got nan"),
    (dict(steps=0), r"steps must be a positive integer, got 0"),
    (dict(net_steps=2.5), r"net_steps must be a positive integer, got 2.5"),
    (dict(seed=-1), r"seed must be an integer >= 0, got -1"),
])
def test_learning_rate_explorer_arguments(kwargs, match):
    with pytest.raises(ValueError, match="LearningRateExplorer: " + match):
        _lr(**kwargs)


@pytest.mark.parametrize("kwargs, match", [
    (dict(depth=0), r"depth must be a positive integer, got 0"),
    (dict(depth=2.5), r"depth must be a positive integer, got 2.5"),
    (dict(width=0), r"width must be a positive integer, got 0"),
    (dict(depths=(5, 2)), r"depths must be a pair \(smallest, largest\) of integers with 1 <= smallest <= largest, "
                          r"got \(5, 2\)"),
    (dict(depths=5), r"depths must be a pair .*got 5"),
    (dict(activation="gelu"), r"activation must be one of 'sigmoid', 'tanh', 'relu', 'leaky_relu', got 'gelu'"),
    (dict(init="zero"), r"init must be one of 'small', 'xavier', 'he', 'large', got 'zero'"),
    (dict(batch_norm="yes"), r"batch_norm must be True or False, got 'yes'"),
])
def test_vanishing_gradient_explorer_arguments(kwargs, match):
    with pytest.raises(ValueError, match="VanishingGradientExplorer: " + match):
        _vg(**kwargs)


@pytest.mark.parametrize("change, match", [
    (lambda d: (np.zeros((20, 3)), *d[1:]), r"needs 2-D points X_train of shape \(N, 2\), got ndarray of shape "
                                            r"\(20, 3\)"),
    (lambda d: (d[0], d[1][:5], *d[2:]), r"needs y_train of shape \(20,\) with integer class labels >= 0, got "
                                         r"shape \(5,\)"),
    (lambda d: (d[0], d[1] + 0.5, *d[2:]), r"needs y_train .*dtype float64"),
    (lambda d: (*d[:2], np.zeros((20, 3)), d[3]), r"needs 2-D points X_val of shape \(N, 2\)"),
])
def test_dropout_explorer_data(moons, change, match):
    from nnlib.widgets import DropoutExplorer
    with pytest.raises(ValueError, match="DropoutExplorer " + match):
        DropoutExplorer(*change(moons))


@pytest.mark.parametrize("kwargs, match", [
    (dict(hidden=0), r"hidden must be a positive integer, got 0"),
    (dict(epochs=2.5), r"epochs must be a positive integer, got 2.5"),
    (dict(lr=NAN), r"lr must be a finite number > 0, got nan"),
    (dict(default_p=NAN), r"default_p must be a finite number, got nan"),
    (dict(step=0), r"step must be a finite number > 0 and <= 0.9, got 0"),
    (dict(resolution=1), r"resolution must be an integer >= 2, got 1"),
])
def test_dropout_explorer_arguments(moons, kwargs, match):
    from nnlib.widgets import DropoutExplorer
    with pytest.raises(ValueError, match="DropoutExplorer: " + match):
        DropoutExplorer(*moons, **kwargs)


def test_explorer_run_arguments(moons):
    from nnlib.widgets import DropoutExplorer
    lr = _lr(steps=5, net_steps=3)
    for value in (-1, 0, NAN, INF, "0.1", None):
        with pytest.raises(ValueError, match=r"LearningRateExplorer.run: lr must be a finite number > 0, got "):
            lr.run(value)
    vg = _vg(depth=2, width=4, depths=(1, 3))
    for depth in (-3, 0, 2.5, "2", None):  # -3 used to be reported as a 'healthy' network
        with pytest.raises(ValueError, match=r"VanishingGradientExplorer.run: depth must be a positive integer"):
            vg.run(depth, "relu", "he")
    with pytest.raises(ValueError, match=r"VanishingGradientExplorer.run: depth must be a positive integer, got -3"):
        vg.update(depth=-3)
    de = DropoutExplorer(*moons, hidden=4, epochs=2, resolution=10)
    for p in (-1, 1.0, 1.5, NAN, "0.1", None):
        with pytest.raises(ValueError, match=r"DropoutExplorer.run: p must be a finite number >= 0 and < 1, got "):
            de.run(p)


# ----------------------------------------------------------------------------
# Metrics: every function, the same wrong labels
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [metrics.accuracy, metrics.confusion_matrix, metrics.precision, metrics.recall,
                                metrics.f1_score])
@pytest.mark.parametrize("y_true, y_pred, match", [
    (Y4, Y4[:3], r"y_true and y_pred must have the same length, got 4 and 3"),
    (np.array(["a", "b"]), np.array(["a", "a"]), r"y_true must contain integer class labels, got dtype <U1"),
    (Y4, np.zeros((4, 2)), r"y_pred must be a 1-D array of class labels, got shape \(4, 2\)"),
    ([], [], r"y_true and y_pred must contain at least one label, got 0"),
    (np.array([0, -1]), np.array([0, 1]), r"y_true must contain non-negative class labels, got -1"),
    (np.array([0, 0.5]), np.array([0, 1]), r"y_true must contain whole-number class labels"),
])
def test_metrics_wrong_labels(fn, y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        fn(y_true, y_pred)
