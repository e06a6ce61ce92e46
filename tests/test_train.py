"""Tests for nnlib.train: fit, History, EarlyStopping, evaluate, predict, layer_grad_norms."""

import copy
import math
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import nn, optim
from nnlib.data import DataLoader, load_digits, make_moons, train_test_split
from nnlib.train import EarlyStopping, History, evaluate, fit, layer_grad_norms, predict


def mlp(hidden=16, p=0.0, seed=0):
    g = np.random.default_rng(seed)
    layers = [nn.Linear(2, hidden, generator=g), nn.ReLU()]
    if p:
        layers.append(nn.Dropout(p, generator=np.random.default_rng(seed + 1)))
    layers += [nn.Linear(hidden, 2, generator=g)]
    return nn.Sequential(*layers)


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(300, noise=0.25, seed=0)
    return X[:200], y[:200], X[200:], y[200:]


def weights_equal(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


# ----------------------------------------------------------------------- fit
def test_fit_records_one_entry_per_epoch(moons):
    X, y, Xv, yv = moons
    model = mlp()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), (Xv, yv),
            epochs=5, batch_size=32)
    assert isinstance(h, History)
    for key in ("train_loss", "val_loss", "train_acc", "val_acc"):
        assert len(getattr(h, key)) == 5
    assert h.epochs_run == 5 and h.stopped_epoch == 5
    assert len(h.step_loss) == 5 * math.ceil(200 / 32)
    assert h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert not h.diverged and h.message == "" and not h.early_stopped
    assert all(0 <= a <= 1 for a in h.train_acc + h.val_acc)
    assert h.train_loss[-1] < h.train_loss[0]
    assert h.final("val_loss") == h.val_loss[-1]
    assert "epochs_run=5" in repr(h)


def test_train_loss_is_the_mean_of_the_batch_losses(moons):
    X, y, _, _ = moons
    model = mlp()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y),
            epochs=2, batch_size=50)
    assert h.train_loss[0] == pytest.approx(np.mean(h.step_loss[:4]))
    assert h.val_loss == [] and h.best_epoch == int(np.argmin(h.train_loss)) + 1


def test_fit_matches_a_hand_written_loop(moons):
    """fit is exactly: zero_grad, forward, loss, backward, step over the DataLoader's batches."""
    X, y, _, _ = moons
    a, b = mlp(), mlp()
    fit(a, nn.CrossEntropyLoss(), optim.SGD(a.parameters(), lr=0.1), (X, y), epochs=2, batch_size=16, seed=3)
    opt = optim.SGD(b.parameters(), lr=0.1)
    loader = DataLoader(X, y, batch_size=16, shuffle=True, seed=3)
    for _ in range(2):
        for xb, yb in loader:
            opt.zero_grad()
            nn.CrossEntropyLoss()(b(xb), yb).backward()
            opt.step()
    assert weights_equal(a.state_dict(), b.state_dict())


def test_fit_accepts_a_dataloader_and_a_transform(moons):
    X, y, _, _ = moons
    seen = []

    def transform(xb, rng):
        seen.append(len(xb))
        return xb + rng.normal(0, 0.01, xb.shape).astype(xb.dtype)

    model = mlp()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y),
            epochs=1, batch_size=100, transform=transform)
    assert seen == [100, 100] and h.epochs_run == 1
    loader = DataLoader(X, y, batch_size=64, shuffle=True, seed=1)
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, epochs=2)
    assert len(h.step_loss) == 2 * len(loader)


def test_fit_drop_last_skips_a_last_batch_of_one_for_batch_norm():
    X, y = make_moons(9, noise=0.1, seed=0)           # 9 = 4 + 4 + 1 with batch_size=4

    def bn_model():
        nnlib.manual_seed(0)
        return nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))

    model = bn_model()
    with pytest.raises(ValueError, match=r"got shape \(1, 4\).*drop_last=True"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=1, batch_size=4)
    model = bn_model()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=3, batch_size=4,
            drop_last=True)
    assert len(h.step_loss) == 3 * 2 and h.epochs_run == 3


def test_fit_drop_last_with_no_full_batch_says_so():
    X, y = make_moons(5, noise=0.1, seed=0)
    model = mlp()
    with pytest.raises(ValueError, match=r"5 examples with batch_size=8 and drop_last=True"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), batch_size=8,
            drop_last=True)


def test_fit_regression_has_nan_accuracy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3)).astype(np.float32)
    y = (X @ np.array([1.0, -2.0, 0.5], np.float32))[:, None]
    model = nn.Sequential(nn.Linear(3, 1, generator=np.random.default_rng(0)))
    h = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), (X, y), epochs=20)
    assert all(math.isnan(a) for a in h.train_acc + h.val_acc)
    assert h.val_loss[-1] < 0.01 * h.val_loss[0]


def test_same_seed_gives_identical_history(moons):
    X, y, Xv, yv = moons

    def run(seed):
        nnlib.manual_seed(0)  # dropout masks come from nnlib's generator
        model = mlp(p=0.0)
        model.layers.insert(2, nn.Dropout(0.3))
        return fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.01), (X, y), (Xv, yv),
                   epochs=4, batch_size=16, seed=seed, track_grad_norms=True), model.state_dict()

    (h1, w1), (h2, w2), (h3, _) = run(0), run(0), run(1)
    assert h1 == h2 and weights_equal(w1, w2)
    assert h1 != h3  # another seed, another batch order


def test_epochs_zero_and_bad_arguments(moons):
    X, y, _, _ = moons
    model = mlp()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=0)
    assert h.epochs_run == 0 and h.best_epoch is None
    with pytest.raises(TypeError, match="train_data"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), X, epochs=1)
    with pytest.raises(ValueError, match="epochs"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=-1)
    with pytest.raises(ValueError, match="samples"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y[:-1]), epochs=1)


def test_progress_bar(moons, capsys):
    X, y, _, _ = moons
    model = mlp()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=3,
            progress=True)
    assert h.epochs_run == 3
    assert "3/3" in capsys.readouterr().err
    fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=3)
    assert capsys.readouterr().err == ""  # off by default


# ------------------------------------------------------------- divergence
@pytest.mark.parametrize("make_optimizer", [lambda p: optim.SGD(p, lr=1e4),
                                            lambda p: optim.SGD(p, lr=1e30)])
def test_divergence_stops_with_a_message_and_no_warnings(moons, make_optimizer):
    X, y, Xv, yv = moons
    model = mlp(hidden=64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid) fails the test
        h = fit(model, nn.CrossEntropyLoss(), make_optimizer(model.parameters()), (X, y), (Xv, yv),
                epochs=50, batch_size=16)
    assert h.diverged
    assert h.message.startswith("diverged at epoch ") and "smaller learning rate" in h.message
    assert h.stopped_epoch < 50
    assert all(math.isfinite(v) for v in h.train_loss + h.step_loss)


def test_divergence_of_a_regression():
    X = np.linspace(-1, 1, 32, dtype=np.float32)[:, None]
    model = nn.Sequential(nn.Linear(1, 1, generator=np.random.default_rng(0)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=50.0), (X, 3 * X), epochs=200,
                batch_size=32)
    assert h.diverged and "epoch" in h.message and "step 1" in h.message
    assert "inf" in h.message or "nan" in h.message


# ---------------------------------------------------------- early stopping
def overfitting_setup():
    X, y = make_moons(240, noise=0.35, seed=1)
    return X[:40], y[:40], X[40:], y[40:]


def test_early_stopping_restores_the_best_weights():
    X, y, Xv, yv = overfitting_setup()
    model = mlp(hidden=128)
    initial = copy.deepcopy(model.state_dict())  # a snapshot: state_dict() shares memory, as in torch
    stopper = EarlyStopping(patience=5)
    h = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.02), (X, y), (Xv, yv),
            epochs=300, batch_size=40, early_stopping=stopper)
    assert h.early_stopped and h.stopped_epoch < 300
    assert h.best_epoch == h.stopped_epoch - 5 == stopper.best_epoch
    assert h.best_epoch == int(np.argmin(h.val_loss)) + 1
    restored = model.state_dict()

    # Replay training up to best_epoch from the same start: same weights, bit for bit.
    replay = mlp(hidden=128)
    replay.load_state_dict(initial)
    fit(replay, nn.CrossEntropyLoss(), optim.Adam(replay.parameters(), lr=0.02), (X, y), (Xv, yv),
        epochs=h.best_epoch, batch_size=40)
    assert weights_equal(restored, replay.state_dict())
    assert evaluate(model, nn.CrossEntropyLoss(), Xv, yv)[0] == pytest.approx(min(h.val_loss))


def test_early_stopping_with_min_delta_restores_its_best_epoch():
    X, y, Xv, yv = overfitting_setup()
    model = mlp(hidden=128)
    stopper = EarlyStopping(patience=4, min_delta=0.02)
    h = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.02), (X, y), (Xv, yv),
            epochs=300, batch_size=40, early_stopping=stopper)
    assert h.early_stopped and h.best_epoch == stopper.best_epoch == h.stopped_epoch - 4
    loss, _ = evaluate(model, nn.CrossEntropyLoss(), Xv, yv)
    assert loss == pytest.approx(h.val_loss[h.best_epoch - 1])


def test_early_stopping_without_restore_keeps_the_last_weights():
    X, y, Xv, yv = overfitting_setup()
    model = mlp(hidden=128)
    h = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.02), (X, y), (Xv, yv),
            epochs=300, batch_size=40, early_stopping=EarlyStopping(patience=3, restore_best=False))
    assert h.early_stopped
    assert evaluate(model, nn.CrossEntropyLoss(), Xv, yv)[0] == pytest.approx(h.val_loss[-1])


def test_early_stopping_min_delta_and_checks():
    stopper = EarlyStopping(patience=2, min_delta=0.1, restore_best=False)
    model = mlp()
    assert not stopper.step(1.0, 1, model)
    assert not stopper.step(0.95, 2, model)  # not better by more than 0.1
    assert stopper.step(0.92, 3, model)
    assert stopper.best_epoch == 1
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="patience"):
            EarlyStopping(patience=bad)
    with pytest.raises(ValueError, match="min_delta"):
        EarlyStopping(min_delta=-0.1)


# ------------------------------------------------------ evaluate / predict
def test_evaluate_and_predict_use_eval_mode_and_restore_it(moons):
    X, y, _, _ = moons
    model = mlp(p=0.5)
    model.train()
    loss1, acc1 = evaluate(model, nn.CrossEntropyLoss(), X, y)
    loss2, acc2 = evaluate(model, nn.CrossEntropyLoss(), X, y)
    assert (loss1, acc1) == (loss2, acc2)  # dropout off: deterministic
    assert model.training
    labels = predict(model, X)
    assert labels.shape == (200,) and labels.dtype.kind == "i"
    assert acc1 == pytest.approx(np.mean(labels == y))
    model.eval()
    predict(model, X)
    assert not model.training


def test_predict_binary_single_output():
    model = nn.Sequential(nn.Linear(1, 1, bias=False))
    model[0].weight.data[...] = 1.0
    assert predict(model, np.array([[-2.0], [3.0]], np.float32)).tolist() == [0, 1]


# ------------------------------------------------------------ grad norms
def test_layer_grad_norms_matches_manual_backward_and_leaves_weights(moons):
    X, y, _, _ = moons
    g = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(2, 8, generator=g), nn.Tanh(), nn.Linear(8, 8, generator=g), nn.Tanh(),
                          nn.Linear(8, 2, generator=g))
    before = model.state_dict()
    norms = layer_grad_norms(model, nn.CrossEntropyLoss(), X, y)
    assert norms.shape == (3,)
    assert weights_equal(before, model.state_dict())
    assert all(p.grad is None for p in model.parameters())
    nn.CrossEntropyLoss()(model(X), y).backward()
    expected = [np.linalg.norm(model[i].weight.grad) for i in (0, 2, 4)]
    np.testing.assert_allclose(norms, expected, rtol=1e-5)
    with pytest.raises(ValueError, match="no Linear"):
        layer_grad_norms(nn.Sequential(nn.ReLU()), nn.CrossEntropyLoss(), X, y)


def test_track_grad_norms(moons):
    X, y, _, _ = moons
    model = nn.Sequential(nn.Linear(2, 8), nn.Sigmoid(), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 2))
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=3,
            track_grad_norms=True)
    assert h.grad_norm_names == ["layer 1", "layer 2", "layer 3"]
    assert len(h.grad_norms) == 3 and all(n.shape == (3,) and (n > 0).all() for n in h.grad_norms)
    # the last batch's gradients are still in .grad after fit
    np.testing.assert_allclose(h.grad_norms[-1][-1], np.linalg.norm(model[4].weight.grad), rtol=1e-5)


# ------------------------------------------------------------------ digits
def test_digits_mlp_reaches_95_percent():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=0)
    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    h = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=2e-3), (X_train, y_train),
            epochs=20, batch_size=32)
    _, test_acc = evaluate(model, nn.CrossEntropyLoss(), X_test, y_test)
    assert test_acc >= 0.95, h   # how long it takes: benchmarks/step_time.py, never asserted in a test
