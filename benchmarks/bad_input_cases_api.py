"""The wrong calls of `bad_input_survey.py`, part 2: augment, metrics, training, saving, gradcheck, plots,
explorers, and a held-out group written after the first round of fixes."""

import os
import pickle

import numpy as np
from bad_input_cases import BAD_NUMBERS, INF, NAN, XY, case, is_nan, model, params, x2  # noqa: F401

import nnlib
import nnlib.functional as F
from nnlib import Tensor, augment, data, metrics, nn, optim, plots, train


# --------------------------------------------------------------------------- augment
def augment_cases():
    g = "augment"
    imgs = np.zeros((2, 8, 8), np.float32)
    rng = np.random.default_rng(0)
    for v in [1.5, "1", None, NAN]:
        case(g, f"shift(dx={v!r})", lambda v=v: augment.shift(imgs, v, 0), "dx")
    case(g, "shift(1-D images)", lambda: augment.shift(np.zeros(64), 1, 0), "images")
    case(g, "shift(strings)", lambda: augment.shift(np.array([["a"] * 64]), 1, 0), "images")
    case(g, "shift(None)", lambda: augment.shift(None, 1, 0), "images")
    case(g, "hflip(None)", lambda: augment.hflip(None), "images")
    case(g, "hflip(D=10)", lambda: augment.hflip(np.zeros((2, 10))), "D=10")
    for v in [-1, 1.5, None]:
        case(g, f"random_shift(max_shift={v!r})", lambda v=v: augment.random_shift(imgs, v, rng), "max_shift")
        case(g, f"random_crop(padding={v!r})", lambda v=v: augment.random_crop(imgs, v, rng), "padding")
    for v in [0, None, "seed"]:
        case(g, f"random_shift(rng={v!r})", lambda v=v: augment.random_shift(imgs, 1, v), "rng")
    for v in [NAN, -0.1, "0.1", None]:
        case(g, f"add_noise(std={v!r})", lambda v=v: augment.add_noise(imgs, v, rng), "std")
        case(g, f"AddNoise({v!r})", lambda v=v: augment.AddNoise(v), "std")
    for v in [(1, 0), (0,), "01", (0, NAN)]:
        case(g, f"add_noise(clip={v!r})", lambda v=v: augment.add_noise(imgs, 0.1, rng, clip=v), "clip")
    case(g, "add_noise(strings)", lambda: augment.add_noise(np.array(["a"]), 0.1, rng), "images")
    for v in [NAN, INF, "10", None]:
        case(g, f"rotate(degrees={v!r})", lambda v=v: augment.rotate(imgs, v), "degrees")
        case(g, f"RandomRotation({v!r})", lambda v=v: augment.RandomRotation(v), "max_degrees")
    case(g, "rotate(mode='cubic')", lambda: augment.rotate(imgs, 10, mode="cubic"), "mode")
    case(g, "random_rotate(max_degrees=-5)", lambda: augment.random_rotate(imgs, -5, rng), "max_degrees")
    for v in [-1, 1.5, None]:
        case(g, f"RandomShift({v!r})", lambda v=v: augment.RandomShift(v), "max_shift")
        case(g, f"RandomCrop({v!r})", lambda v=v: augment.RandomCrop(v), "padding")
    for v in [1.5, NAN, -0.1, "0.5"]:
        case(g, f"RandomHorizontalFlip({v!r})", lambda v=v: augment.RandomHorizontalFlip(v), "p")
    case(g, "Compose([1])", lambda: augment.Compose([1]), "transform")
    case(g, "Compose(None)", lambda: augment.Compose(None), "transforms")
    case(g, "Compose(single transform)", lambda: augment.Compose(augment.RandomShift(1)), "transforms")


# --------------------------------------------------------------------------- metrics
def metric_cases():
    g = "metrics"
    yt, yp = np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0])
    for fn in (metrics.accuracy, metrics.confusion_matrix, metrics.precision, metrics.recall, metrics.f1_score):
        case(g, f"{fn.__name__}(len mismatch)", lambda f=fn: f(yt, yp[:3]), "same length")
        case(g, f"{fn.__name__}(strings)", lambda f=fn: f(np.array(["a", "b"]), np.array(["a", "a"])), "y_true")
        case(g, f"{fn.__name__}(scores 2-D)", lambda f=fn: f(yt, np.zeros((4, 2))), "y_pred")
        case(g, f"{fn.__name__}(None)", lambda f=fn: f(None, None), "y_true")
        case(g, f"{fn.__name__}(empty)", lambda f=fn: f([], []), "y_true")
        case(g, f"{fn.__name__}(negative)", lambda f=fn: f(np.array([0, -1]), np.array([0, 1])), "y_true")
        case(g, f"{fn.__name__}(0.5 label)", lambda f=fn: f(np.array([0, 0.5]), np.array([0, 1])), "y_true")
    for fn in (metrics.precision, metrics.recall, metrics.f1_score):
        for kw in [dict(average="foo"), dict(zero_division=2), dict(pos_label=-1), dict(pos_label=5),
                   dict(pos_label="1"), dict(average="macro", labels=[-1])]:
            name = list(kw)[-1]  # the wrong one
            case(g, f"{fn.__name__}({kw})", lambda f=fn, kw=kw: f(yt, yp, **kw), name)
    case(g, "confusion_matrix(num_classes=1)", lambda: metrics.confusion_matrix(yt, yp, num_classes=1),
         "num_classes")
    case(g, "confusion_matrix(num_classes='3')", lambda: metrics.confusion_matrix(yt, yp, num_classes="3"),
         "num_classes")


# ------------------------------------------------------------------------------ train
def train_cases():
    g = "train"
    loss = nn.CrossEntropyLoss()

    def fit(**kw):
        m = kw.pop("model", None) or model()
        opt = kw.pop("optimizer", "make")
        opt = optim.SGD(m.parameters(), lr=0.1) if opt == "make" else opt
        args = dict(loss_fn=loss, train_data=XY, epochs=1)
        args.update(kw)
        return train.fit(m, args.pop("loss_fn"), opt, args.pop("train_data"), **args)

    case(g, "fit(model=None)", lambda: train.fit(None, loss, optim.SGD(params(), lr=0.1), XY), "model")
    case(g, "fit(model=class)", lambda: train.fit(nn.Linear, loss, optim.SGD(params(), lr=0.1), XY), "model")
    case(g, "fit(optimizer=None)", lambda: fit(optimizer=None), "optimizer")
    case(g, "fit(optimizer=class)", lambda: fit(optimizer=optim.SGD), "optimizer")
    case(g, "fit(loss_fn=class)", lambda: fit(loss_fn=nn.CrossEntropyLoss), "loss_fn")
    case(g, "fit(loss_fn=None)", lambda: fit(loss_fn=None), "loss_fn")
    case(g, "fit(loss_fn='mse')", lambda: fit(loss_fn="mse"), "loss_fn")
    for v in [2.5, -1, "3", None, NAN, True]:
        case(g, f"fit(epochs={v!r})", lambda v=v: fit(epochs=v), "epochs")
    for v in [5, True, "yes", train.EarlyStopping]:
        case(g, f"fit(early_stopping={v!r})", lambda v=v: fit(early_stopping=v), "early_stopping")
    for v in [0, 2.5, "32", None]:
        case(g, f"fit(batch_size={v!r})", lambda v=v: fit(batch_size=v), "batch_size")
    case(g, "fit(train_data=None)", lambda: fit(train_data=None), "train_data")
    case(g, "fit(train_data=X only)", lambda: fit(train_data=XY[0]), "train_data")
    case(g, "fit(train len mismatch)", lambda: fit(train_data=(XY[0], XY[1][:3])), "train_data")
    Xn = XY[0].copy()
    Xn[1, 0] = NAN
    case(g, "fit(NaN in X)", lambda: fit(train_data=(Xn, XY[1])), "nan", "train_data")
    case(g, "fit(NaN in val X)", lambda: fit(val_data=(Xn, XY[1])), "nan", "val_data")
    case(g, "fit(inf in X)", lambda: fit(train_data=(XY[0] * INF, XY[1])), "inf", "train_data")
    case(g, "fit(str in X)", lambda: fit(train_data=(np.array([["a", "b"]] * 4), XY[1])), "train_data")
    case(g, "fit(model/model mismatch features)", lambda: fit(train_data=(np.zeros((4, 3), np.float32), XY[1])),
         "(N, 2)")
    case(g, "fit(loader drop_last smaller than batch)",
         lambda: fit(train_data=data.DataLoader(*XY, batch_size=32, drop_last=True)), "drop_last")
    case(g, "fit(val_data=X only)", lambda: fit(val_data=XY[0]), "val_data")
    case(g, "fit(transform=5)", lambda: fit(transform=5), "transform")
    case(g, "fit(optimizer of other model)",
         lambda: fit(optimizer=optim.SGD(params(), lr=0.1)), "optimizer")
    for v in [0, 2.5, -1, None, NAN]:
        case(g, f"EarlyStopping(patience={v!r})", lambda v=v: train.EarlyStopping(patience=v), "patience")
    for v in [-1, NAN, "0", None]:
        case(g, f"EarlyStopping(min_delta={v!r})", lambda v=v: train.EarlyStopping(min_delta=v), "min_delta")
    case(g, "evaluate(model=None)", lambda: train.evaluate(None, loss, *XY), "model")
    case(g, "evaluate(loss_fn=None)", lambda: train.evaluate(model(), None, *XY), "loss_fn")
    case(g, "evaluate(len mismatch)", lambda: train.evaluate(model(), loss, XY[0], XY[1][:3]), "y")
    case(g, "predict(model=None)", lambda: train.predict(None, XY[0]), "model")
    case(g, "predict(X strings)", lambda: train.predict(model(), np.array([["a", "b"]])), "data")
    case(g, "layer_grad_norms(no Linear)", lambda: train.layer_grad_norms(nn.ReLU(), loss, *XY), "Linear")
    case(g, "layer_grad_norms(loss_fn=None)", lambda: train.layer_grad_norms(model(), None, *XY), "loss_fn")


# ------------------------------------------------------------------- serialization etc.
def misc_cases(tmp):
    g = "serialization"
    path = os.path.join(tmp, "w.npz")
    case(g, "save(model)", lambda: nnlib.save(model(), path), "state_dict")
    case(g, "save({'model': model})", lambda: nnlib.save({"model": model()}, path), "model")
    case(g, "save({'w': 'abc'})", lambda: nnlib.save({"w": "abc"}, path), "w")
    case(g, "save({'w': None})", lambda: nnlib.save({"w": None}, path), "w")
    case(g, "save({1: array})", lambda: nnlib.save({1: np.zeros(2)}, path), "name")
    case(g, "save(path=None)", lambda: nnlib.save(model().state_dict(), None), "path")
    case(g, "save(missing folder)", lambda: nnlib.save(model().state_dict(), os.path.join(tmp, "no", "w.npz")),
         "no")
    npy = os.path.join(tmp, "a.npy")
    np.save(npy, np.zeros(3))
    txt = os.path.join(tmp, "a.txt")
    with open(txt, "w") as f:
        f.write("hello\n")
    pkl = os.path.join(tmp, "m.pkl")
    with open(pkl, "wb") as f:
        pickle.dump(model(), f)
    pt = os.path.join(tmp, "m.pt")
    try:
        import torch
        torch.save(torch.nn.Linear(2, 2).state_dict(), pt)
        case(g, "load(torch checkpoint)", lambda: nnlib.load(pt), "torch")
    except ImportError:
        pass
    case(g, "load(.npy)", lambda: nnlib.load(npy), ".npy")
    case(g, "load(text)", lambda: nnlib.load(txt), "a.txt")
    case(g, "load(pickled model)", lambda: nnlib.load(pkl), "pickle")
    case(g, "load(missing)", lambda: nnlib.load(os.path.join(tmp, "missing.npz")), "missing.npz")
    case(g, "load(None)", lambda: nnlib.load(None), "path")
    g = "misc"
    for v in [-1, 1.5, "0", None, NAN]:
        case(g, f"manual_seed({v!r})", lambda v=v: nnlib.manual_seed(v), "seed")
    f = lambda a: (a * a).sum()  # noqa: E731
    case(g, "gradcheck(float32)", lambda: nnlib.gradcheck(f, [Tensor(np.ones(2, np.float32), requires_grad=True)]),
         "float64")
    case(g, "gradcheck(no grad)", lambda: nnlib.gradcheck(f, [Tensor(np.ones(2))]), "requires_grad")
    case(g, "gradcheck(fn=None)", lambda: nnlib.gradcheck(None, [Tensor(np.ones(2), requires_grad=True)]), "fn")
    case(g, "gradcheck(inputs=tensor)", lambda: nnlib.gradcheck(f, Tensor(np.ones(2), requires_grad=True)),
         "inputs")
    for v in [0, -1e-5, NAN, "1e-5"]:
        case(g, f"gradcheck(h={v!r})", lambda v=v: nnlib.gradcheck(f, [Tensor(np.ones(2), requires_grad=True)], h=v),
             "h")
    case(g, "gradcheck(fn returns array)",
         lambda: nnlib.gradcheck(lambda a: a.data * 2, [Tensor(np.ones(2), requires_grad=True)]), "fn")
    case(g, "numerical_gradient(x=list)", lambda: nnlib.numerical_gradient(lambda: 0.0, [1.0, 2.0]), "x")
    case(g, "numerical_gradient(x int)", lambda: nnlib.numerical_gradient(lambda: 0.0, np.array([1, 2])), "x")
    case(g, "rel_error shapes", lambda: nnlib.rel_error(np.zeros(2), np.zeros(3)), "shape")
    case(g, "rel_error strings", lambda: nnlib.rel_error(["a"], ["b"]), "a")
    case(g, "plot_grad_norms('a')", lambda: plots.plot_grad_norms("a"), "norms")
    case(g, "plot_confusion_matrix(1-D)", lambda: plots.plot_confusion_matrix(np.zeros(3)), "cm")
    case(g, "plot_loss_surface(f=None)", lambda: plots.plot_loss_surface(None), "f")


# --------------------------------------------------------------------------- widgets
def widget_cases():
    from nnlib import widgets

    g = "widgets"
    LR, VG, DE = widgets.LearningRateExplorer, widgets.VanishingGradientExplorer, widgets.DropoutExplorer
    for v in [(1.0, 0.01), (0, 1.0), (NAN, 1.0), (1e-3, INF), 5, "ab", (1.0,), (0.1, 0.1)]:
        case(g, f"LR(lrs={v!r})", lambda v=v: LR(lrs=v), "lrs")
    for v in [-1, NAN, "0.3", None]:
        case(g, f"LR(default_lr={v!r})", lambda v=v: LR(default_lr=v), "default_lr")
    for v in [0, 2.5, -1, None]:
        case(g, f"LR(steps={v!r})", lambda v=v: LR(steps=v), "steps")
        case(g, f"LR(net_steps={v!r})", lambda v=v: LR(net_steps=v), "net_steps")
    for v in [0, -3, 2.5, None]:
        case(g, f"VG(depth={v!r})", lambda v=v: VG(depth=v), "depth")
        case(g, f"VG(width={v!r})", lambda v=v: VG(width=v), "width")
    for v in [(0, 5), (5, 2), 5, (1.5, 4), ("a", "b")]:
        case(g, f"VG(depths={v!r})", lambda v=v: VG(depths=v), "depths")
    case(g, "VG(activation='gelu')", lambda: VG(activation="gelu"), "activation")
    case(g, "VG(init='zero')", lambda: VG(init="zero"), "init")
    case(g, "VG(batch_norm='yes')", lambda: VG(batch_norm="yes"), "batch_norm")
    X, y = data.make_moons(40, noise=0.3, seed=0)
    dd = (X[:20], y[:20], X[20:], y[20:])
    case(g, "DE(X_train 3 features)", lambda: DE(np.zeros((20, 3)), y[:20], *dd[2:]), "X_train")
    case(g, "DE(y_train length)", lambda: DE(dd[0], y[:5], *dd[2:]), "y_train")
    case(g, "DE(y_train float)", lambda: DE(dd[0], y[:20] + 0.5, *dd[2:]), "y_train")
    case(g, "DE(X_val 3 features)", lambda: DE(*dd[:2], np.zeros((20, 3)), y[20:]), "X_val")
    case(g, "DE(X_train None)", lambda: DE(None, *dd[1:]), "X_train")
    for name, values in [("hidden", [0, 2.5, None]), ("epochs", [0, -1, 2.5]), ("lr", [0, -0.1, NAN, "0.01"]),
                         ("default_p", [1.5, -0.1, NAN]), ("max_p", [1.0, 0, NAN]), ("step", [0, -0.1, NAN]),
                         ("resolution", [0, 2.5])]:
        for v in values:
            case(g, f"DE({name}={v!r})", lambda n=name, v=v: DE(*dd, **{n: v}), name)

    # run() on working explorers (built once, small)
    lr = LR(steps=5, net_steps=3)
    vg = VG(depth=2, width=4, depths=(1, 3))
    de = DE(*dd, hidden=4, epochs=2, resolution=10)
    for v in [-1, 0, NAN, INF, "0.1", None]:
        case(g, f"LR.run({v!r})", lambda v=v: lr.run(v), "lr")
    for v in [-1, 1.0, 1.5, NAN, INF, "0.1", None]:
        case(g, f"DE.run({v!r})", lambda v=v: de.run(v), "p")
    for v in [-3, 0, 2.5, "2", None]:
        case(g, f"VG.run(depth={v!r})", lambda v=v: vg.run(v, "relu", "he"), "depth")
    case(g, "VG.run(activation='gelu')", lambda: vg.run(2, "gelu", "he"), "activation")
    case(g, "VG.run(init='zero')", lambda: vg.run(2, "relu", "zero"), "init")
    case(g, "VG.update(depth=-3)", lambda: vg.update(depth=-3), "depth")
    case(g, "LR.update('a')", lambda: lr.update("a"), "lr")


# ------------------------------------------------------------------- held out
def holdout_cases(tmp):
    """Written after the fixes for the groups above, to see how far those fixes reach (group 'holdout')."""
    g = "holdout"
    x = Tensor(np.ones((2, 3), np.float32))
    case(g, "reshape to a wrong size", lambda: x.reshape(5), "size")
    case(g, "sum(dim=5)", lambda: x.sum(dim=5), "5")
    case(g, "max(dim=5)", lambda: x.max(dim=5), "5")
    case(g, "transpose(0, 5)", lambda: x.transpose(0, 5), "5")
    case(g, "x[10]", lambda: x[10], "10")
    case(g, "backward(grad='a')", lambda: (Tensor(np.ones(2), requires_grad=True) * 2).backward("a"), "grad")
    case(g, "Tensor(requires_grad='yes')", lambda: Tensor([1.0], requires_grad="yes"), "requires_grad")
    case(g, "log of a negative", lambda: Tensor([-1.0]).log(), ok=is_nan)
    case(g, "1 / Tensor(0.)", lambda: 1 / Tensor([0.0]), ok=lambda r: bool(np.isinf(r.data).all()))
    case(g, "item() of empty", lambda: Tensor(np.zeros(0)).item(), "item")
    case(g, "softmax(dim=5)", lambda: F.softmax(x, dim=5), "5")
    case(g, "dropout(generator=0)", lambda: F.dropout(x, 0.5, generator=0), "generator")
    case(g, "cross_entropy float Tensor labels", lambda: F.cross_entropy(x, Tensor([0.0, 1.0])), "target")
    case(g, "cross_entropy swapped arguments", lambda: F.cross_entropy(np.array([0, 1]), x), "logits")
    case(g, "mse_loss reduction None", lambda: F.mse_loss(x, x, reduction=None), "reduction")
    case(g, "model.train('no')", lambda: model().train("no"), "mode")
    case(g, "model.requires_grad_('no')", lambda: model().requires_grad_("no"), "requires_grad")
    case(g, "load_state_dict(strict='no')", lambda: model().load_state_dict(model().state_dict(), strict="no"),
         "strict")
    case(g, "two Linear layers that do not fit", lambda: nn.Sequential(nn.Linear(2, 3), nn.Linear(2, 3))(x2()),
         "(N, 2)")
    case(g, "CrossEntropyLoss(weight=...)", lambda: nn.CrossEntropyLoss(weight=np.ones(2)), "weight")
    case(g, "Dropout()(None)", lambda: nn.Dropout()(None), "data")
    case(g, "SGD(dampening=0.1)", lambda: optim.SGD(params(), lr=0.1, dampening=0.1), "dampening")
    case(g, "SGD(lr=np.float32(nan))", lambda: optim.SGD(params(), lr=np.float32(NAN)), "lr")
    case(g, "Adam(lr=[0.1])", lambda: optim.Adam(params(), lr=[0.1]), "lr")
    case(g, "SGD(consumed generator)", lambda: (lambda ps: (list(ps), optim.SGD(ps, lr=0.1)))(
        nn.Linear(2, 2).parameters()), "empty")
    X, y = XY
    case(g, "train_test_split(stratify='yes')", lambda: data.train_test_split(X, y, stratify="yes"), "stratify")
    case(g, "train_val_test_split(val_size=0)", lambda: data.train_val_test_split(X, y, val_size=0), "val_size")
    case(g, "DataLoader(batch_size=32.0)", lambda: data.DataLoader(X, y, batch_size=32.0), "batch_size")
    case(g, "make_circles(factor=-0.5)", lambda: data.make_circles(factor=-0.5), "factor")
    case(g, "make_spirals(n_classes=2.5)", lambda: data.make_spirals(n_classes=2.5), "n_classes")
    imgs = np.zeros((2, 8, 8), np.float32)
    case(g, "random_shift(rng=RandomState)", lambda: augment.random_shift(imgs, 1, np.random.RandomState(0)), "rng")
    case(g, "shift(dx missing)", lambda: augment.shift(imgs, 1), "dy")
    case(g, "RandomShift()(images) without rng", lambda: augment.RandomShift(1)(imgs), "rng")
    case(g, "rotate(4-D images)", lambda: augment.rotate(np.zeros((1, 1, 8, 8)), 10), "images")
    case(g, "add_noise(rng=None)", lambda: augment.add_noise(imgs, 0.1, None), "rng")
    case(g, "accuracy(probabilities, labels)", lambda: metrics.accuracy(XY[1], np.zeros((4, 2))), "argmax")
    case(g, "precision binary with 3 classes", lambda: metrics.precision([0, 1, 2], [0, 1, 2]), "binary")
    case(g, "confusion_matrix(num_classes=2.0)", lambda: metrics.confusion_matrix([0, 1], [1, 0], num_classes=2.0),
         "num_classes")
    case(g, "f1_score(zero_division='warn')", lambda: metrics.f1_score([0, 1], [1, 1], zero_division="warn"),
         "zero_division")
    loss = nn.CrossEntropyLoss()

    def fit(**kw):
        m = model()
        args = dict(epochs=1)
        args.update(kw)
        return train.fit(m, args.pop("loss_fn", loss), optim.SGD(m.parameters(), lr=0.1),
                         args.pop("train_data", XY), **args)

    def fit_two_arrays():
        m = model()
        return train.fit(m, loss, optim.SGD(m.parameters(), lr=0.1), *XY)

    case(g, "fit(X, y) as two arguments", fit_two_arrays, "train_data")
    case(g, "fit(shuffle='yes')", lambda: fit(shuffle="yes"), "shuffle")
    case(g, "fit(seed=-1)", lambda: fit(seed=-1), "seed")
    case(g, "fit(progress='yes')", lambda: fit(progress="yes"), "progress")
    case(g, "fit(track_grad_norms='yes')", lambda: fit(track_grad_norms="yes"), "track_grad_norms")
    case(g, "fit(val_data features mismatch)", lambda: fit(val_data=(np.zeros((4, 3), np.float32), XY[1])),
         "(N, 2)")
    case(g, "fit(CrossEntropy on float y)", lambda: fit(train_data=(XY[0], XY[1].astype(np.float32))), "target")
    case(g, "fit(labels out of range)", lambda: fit(train_data=(XY[0], XY[1] + 5)), "label")
    case(g, "fit(train_data=(X, y, w))", lambda: fit(train_data=(*XY, XY[1])), "train_data")
    case(g, "fit(val_data=None pair)", lambda: fit(val_data=(None, None)), "val_data")
    case(g, "evaluate(X, y missing)", lambda: train.evaluate(model(), loss, XY[0]), "y")
    case(g, "predict(model, None)", lambda: train.predict(model(), None), "data")
    case(g, "EarlyStopping(patience='3')", lambda: train.EarlyStopping(patience="3"), "patience")
    case(g, "save(path=directory)", lambda: nnlib.save(model().state_dict(), tmp), tmp)
    case(g, "load(directory)", lambda: nnlib.load(tmp), tmp)
    case(g, "save(path=123)", lambda: nnlib.save(model().state_dict(), 123), "path")
    case(g, "gradcheck(seed=-1)", lambda: nnlib.gradcheck(lambda a: (a * a).sum(),
                                                          [Tensor(np.ones(2), requires_grad=True)], seed=-1), "seed")
    case(g, "rel_error(None, 1)", lambda: nnlib.rel_error(None, 1.0), "a")
    case(g, "manual_seed(2**70)", lambda: nnlib.manual_seed(2**70), ok=lambda r: r is None)
    case(g, "plot_history(None)", lambda: plots.plot_history(None), "history")
    case(g, "plot_decision_boundary(X 3 features)", lambda: plots.plot_decision_boundary(model(), np.zeros((4, 3)),
                                                                                         XY[1]), "(N, 2)")
    case(g, "plot_decision_boundary(model=None)", lambda: plots.plot_decision_boundary(None, *XY), "model")
    case(g, "plot_images(wrong shape)", lambda: plots.plot_images(np.zeros((2, 7))), "images")
    case(g, "draw_graph(ndarray)", lambda: nnlib.draw_graph(np.zeros(2)), "root")
    from nnlib import widgets
    case(g, "VG(depth=10, depths=[1, 5])", lambda: widgets.VanishingGradientExplorer(depth=10, depths=[1, 5]),
         "depth")
    case(g, "DE(missing X_val)", lambda: widgets.DropoutExplorer(*XY), "X_val")
    case(g, "LR(lrs=[1e-3, 1], default_lr=0)", lambda: widgets.LearningRateExplorer(lrs=[1e-3, 1], default_lr=0),
         "default_lr")
