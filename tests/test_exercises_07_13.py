"""The exercises of notebooks 07-13 beyond the generic tests of test_exercises.py.

1. Every reference solution computes what nnlib computes (and torch, in float64, where torch
   has the same operation) on every case of its check: the checks compare students with
   these references, so the references must be right.
2. Bad code specific to these exercises gets a clear verdict: outputs read through `observe`
   (lists of gradients, a trained model, a torch model), inputs changed in place, and a
   missing torch.
"""

import copy
import sys

import numpy as np
import pytest

from nnlib import augment, metrics, nn, optim
from nnlib import functional as F
from nnlib.exercises import all_exercises, nb07, nb08, nb09, nb10, nb11, nb12, nb13, run_check
from nnlib.tensor import Tensor
from nnlib.train import EarlyStopping

EXERCISES = all_exercises()


def cases(exercise_id):
    return EXERCISES[exercise_id].cases()


def tol(*arrays):
    return 1e-5 if any(np.asarray(a).dtype == np.float32 for a in arrays) else 1e-12


# ---------------------------------------------------------------- 1. references agree with nnlib (and torch)


@pytest.mark.parametrize("case", cases("07.dropout"), ids=lambda c: c.name)
def test_dropout_reference_is_nnlib_dropout_forward_and_backward(case):
    x, dout, p, u = case.args
    training = case.kwargs["training"]
    out, dx = nb07.dropout(*case.args, **case.kwargs)
    # nnlib draws its mask as generator.random(x.shape) >= p: hand it a generator that yields u.
    seed = 1234
    u_same = np.random.default_rng(seed).random(x.shape)
    out_ref, dx_ref = nb07.dropout(x, dout, p, u_same, training=training)
    xt = Tensor(x, requires_grad=True)
    y = F.dropout(xt, p, training=training, generator=np.random.default_rng(seed))
    (y * Tensor(dout)).sum().backward()
    np.testing.assert_allclose(out_ref, y.data, rtol=tol(x), atol=0)
    np.testing.assert_allclose(dx_ref, xt.grad, rtol=tol(x), atol=0)
    assert out.dtype == x.dtype and dx.dtype == dout.dtype, "float32 stays float32"
    if training:
        assert np.array_equal(out == 0, (u < p) | (x == 0)) or p == 0   # dropped, or a kept exact zero


@pytest.mark.parametrize("case", cases("07.l2_penalty"), ids=lambda c: c.name)
def test_l2_reference_is_the_autograd_of_the_penalty(case):
    weights, lam = case.args
    penalty, grads = nb07.l2_penalty(weights, lam)
    tensors = [Tensor(w.astype(np.float64), requires_grad=True) for w in weights]
    total = sum((t * t).sum() for t in tensors) * (lam / 2)
    total.backward()
    assert np.isclose(penalty, total.item(), rtol=1e-6)
    for g, t in zip(grads, tensors):
        np.testing.assert_allclose(g, t.grad, rtol=1e-6, atol=1e-12)


def test_l2_gradient_is_what_weight_decay_adds():
    weights, lam = cases("07.l2_penalty")[0].args
    params = [nn.Parameter(w.copy()) for w in weights]
    for p in params:
        p.grad = np.zeros_like(p.data)                     # no data loss: only the decay acts
    optim.SGD(params, lr=0.5, weight_decay=lam).step()
    _, grads = nb07.l2_penalty(weights, lam)
    for p, w, g in zip(params, weights, grads):
        np.testing.assert_allclose(p.data, w - 0.5 * g, rtol=1e-12)


def _early_stopping_by_nnlib(val_losses, patience):
    rule = EarlyStopping(patience=patience, restore_best=False)
    for epoch, loss in enumerate(val_losses, start=1):
        if rule.step(loss, epoch, None):
            return rule.best_epoch, epoch
    return rule.best_epoch, len(val_losses)


@pytest.mark.parametrize("case", cases("08.early_stopping"), ids=lambda c: c.name)
def test_early_stopping_reference_is_nnlib_rule(case):
    assert nb08.early_stopping(*case.args) == _early_stopping_by_nnlib(*case.args)


@pytest.mark.parametrize("case", cases("08.restore_best"), ids=lambda c: c.name)
def test_restore_best_reference_keeps_nnlib_best_epoch(case):
    model, train_one_epoch, validation_loss, patience, max_epochs = case.args
    best, stopped = nb08.train_with_early_stopping(*case.args)
    losses = validation_loss.losses[:max_epochs]
    assert (best, stopped) == _early_stopping_by_nnlib(losses, patience)
    assert train_one_epoch.calls == stopped
    assert all(np.all(p.data == best) for p in model.parameters()), "the model holds the best epoch's weights"


@pytest.mark.parametrize("case", cases("09.shift"), ids=lambda c: c.name)
def test_shift_reference_is_augment_shift(case):
    got = nb09.shift(*case.args)
    assert got.dtype == case.args[0].dtype
    np.testing.assert_array_equal(got, augment.shift(*case.args))


@pytest.mark.parametrize("case", cases("09.shift_each"), ids=lambda c: c.name)
def test_shift_each_reference_is_augment_shift_per_image(case):
    images, dx, dy = case.args
    expected = np.concatenate([augment.shift(images[n:n + 1], int(dx[n]), int(dy[n])) for n in range(len(images))])
    got = nb09.shift_each(*case.args)
    assert got.dtype == images.dtype
    np.testing.assert_array_equal(got, expected)


def test_random_shift_as_the_notebook_describes_it_is_augment_random_shift():
    images = nb09._shift_images()
    rng_a, rng_b = np.random.default_rng(5), np.random.default_rng(5)
    n = len(images)
    mine = nb09.shift_each(images, rng_a.integers(-2, 3, size=n), rng_a.integers(-2, 3, size=n))
    np.testing.assert_array_equal(mine, augment.random_shift(images, 2, rng_b))


@pytest.mark.parametrize("case", cases("10.batch_norm"), ids=lambda c: c.name)
def test_batch_norm_reference_is_nnlib_and_torch(case):
    x, gamma, beta, running_mean, running_var, training = case.args
    momentum, eps = case.kwargs.get("momentum", 0.1), case.kwargs.get("eps", 1e-5)
    out, new_mean, new_var = nb10.batch_norm(*case.args, **case.kwargs)
    rm, rv = running_mean.copy(), running_var.copy()           # nnlib updates these in place
    ref = F.batch_norm(x, rm, rv, Tensor(gamma), Tensor(beta), training=training, momentum=momentum,
                       eps=eps).data
    for a, b in ((out, ref), (new_mean, rm), (new_var, rv)):
        np.testing.assert_allclose(a, b, rtol=tol(x), atol=tol(x))
    np.testing.assert_array_equal(running_mean, case.args[3])  # the reference left its inputs alone
    torch = pytest.importorskip("torch")
    trm, trv = torch.tensor(running_mean, dtype=torch.float64), torch.tensor(running_var, dtype=torch.float64)
    tout = torch.nn.functional.batch_norm(torch.tensor(x, dtype=torch.float64), trm, trv,
                                          torch.tensor(gamma, dtype=torch.float64),
                                          torch.tensor(beta, dtype=torch.float64), training=training,
                                          momentum=momentum, eps=eps)
    for a, b in ((out, tout), (new_mean, trm), (new_var, trv)):
        np.testing.assert_allclose(a, b.numpy(), rtol=tol(x), atol=tol(x))


@pytest.mark.parametrize("case", cases("10.batch_norm_backward"), ids=lambda c: c.name)
def test_batch_norm_backward_reference_is_nnlib_and_torch_autograd(case):
    dout, x, gamma = case.args
    eps = case.kwargs.get("eps", 1e-5)
    dx, dgamma, dbeta = nb10.batch_norm_backward(*case.args, **case.kwargs)
    d = x.shape[1]
    xt, gt, bt = (Tensor(a.astype(np.float64), requires_grad=True) for a in (x, gamma, np.zeros(d)))
    out = F.batch_norm(xt, np.zeros(d), np.ones(d), gt, bt, training=True, eps=eps)
    (out * Tensor(dout.astype(np.float64))).sum().backward()
    t = 2e-4 if x.dtype == np.float32 else 1e-10
    for mine, theirs in ((dx, xt.grad), (dgamma, gt.grad), (dbeta, bt.grad)):
        np.testing.assert_allclose(mine, theirs, rtol=t, atol=t)
    torch = pytest.importorskip("torch")
    xs, gs, bs = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, gamma, np.zeros(d)))
    tout = torch.nn.functional.batch_norm(xs, None, None, gs, bs, training=True, eps=eps)
    tout.backward(torch.tensor(dout, dtype=torch.float64))
    for mine, theirs in ((dx, xs.grad), (dgamma, gs.grad), (dbeta, bs.grad)):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=t, atol=t)


@pytest.mark.parametrize("case", cases("11.transfer"), ids=lambda c: c.name)
def test_transfer_reference_trains_only_the_new_head(case):
    pretrained, num_classes = case.args
    body_before = [p.data.copy() for layer in list(pretrained)[:-1] for p in layer.parameters()]
    model = nb11.transfer(pretrained, num_classes)
    batch = nb11._Batch(pretrained[0].in_features, num_classes, seed=0)
    optimizer = optim.Adam(model.parameters(), lr=0.1)
    for _ in range(3):
        loss = nn.CrossEntropyLoss()(model(batch.x), batch.y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    body_after = [p.data for layer in list(model)[:-1] for p in layer.parameters()]
    assert all(np.array_equal(a, b) for a, b in zip(body_before, body_after)), "the frozen body did not move"
    head = model[-1]
    assert nb11.count_trainable(model) == head.weight.data.size + head.bias.data.size
    assert nb11.count_trainable(model) == (head.in_features + 1) * num_classes


@pytest.mark.parametrize("case", cases("11.count_trainable"), ids=lambda c: c.name)
def test_count_trainable_reference_is_torch_count(case):
    torch = pytest.importorskip("torch")
    (model,) = case.args
    twin = {}
    for name, p in model.named_parameters():
        twin[name] = torch.nn.Parameter(torch.from_numpy(p.data.copy()), requires_grad=p.requires_grad)
    assert nb11.count_trainable(model) == sum(t.numel() for t in twin.values() if t.requires_grad)


def test_count_in_notebook_11_text():
    # "512 x 5 + 5 = 2565, against 35,845 in all": the network of notebook 11 with its body frozen
    model = nn.Sequential(nn.Linear(64, 512), nn.ReLU(), nn.Linear(512, 5))
    model[0].requires_grad_(False)
    assert nb11.count_trainable(model) == 2565
    assert sum(p.data.size for p in model.parameters()) == 35_845


@pytest.mark.parametrize("case", cases("12.confusion_matrix"), ids=lambda c: c.name)
def test_confusion_matrix_reference_is_nnlib(case):
    y_true, y_pred, k = case.args
    np.testing.assert_array_equal(nb12.my_confusion_matrix(*case.args),
                                  metrics.confusion_matrix(y_true, y_pred, num_classes=k))


@pytest.mark.parametrize("case", cases("12.precision_recall_f1"), ids=lambda c: c.name)
def test_precision_recall_f1_reference_is_nnlib(case):
    pos = case.kwargs.get("pos_label", 1)
    expected = (metrics.precision(*case.args, pos_label=pos), metrics.recall(*case.args, pos_label=pos),
                metrics.f1_score(*case.args, pos_label=pos))
    np.testing.assert_allclose(nb12.precision_recall_f1(*case.args, **case.kwargs), expected, rtol=1e-12)


@pytest.mark.parametrize("case", cases("12.macro_f1"), ids=lambda c: c.name)
def test_macro_f1_reference_is_nnlib(case):
    y_true, y_pred, k = case.args
    expected = metrics.f1_score(y_true, y_pred, average="macro", labels=np.arange(k))
    assert np.isclose(nb12.macro_f1(*case.args), expected, rtol=1e-12)


@pytest.mark.parametrize("case", cases("13.torch_training"), ids=lambda c: c.name)
def test_torch_reference_trains_like_nnlib(case):
    pytest.importorskip("torch")
    state, batches, lr = case.args
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Linear(32, 10)).double()
    model.load_state_dict(state)
    optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches:
        loss = nn.CrossEntropyLoss()(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    torch_losses, torch_model = nb13.train_in_torch(*case.args)
    np.testing.assert_allclose(torch_losses, losses, rtol=1e-12)
    theirs = torch_model.state_dict()
    for name, value in model.state_dict().items():
        np.testing.assert_allclose(theirs[name].numpy(), value, rtol=1e-10, atol=1e-12, err_msg=name)


# ---------------------------------------------------------------- 2. bad code specific to these exercises


def verdict_of(exercise_id, fn):
    verdict = run_check(exercise_id, fn)
    assert "Traceback" not in verdict.text
    assert len(verdict.text.splitlines()) <= 5
    return verdict


def test_l2_with_one_gradient_instead_of_a_list():
    verdict = verdict_of("07.l2_penalty", lambda weights, lam: (nb07.l2_penalty(weights, lam)[0], lam * weights[0]))
    assert verdict.status == "wrong" and "one gradient per weight array" in verdict.text


def test_l2_with_a_gradient_of_the_wrong_shape():
    verdict = verdict_of("07.l2_penalty",
                         lambda weights, lam: (nb07.l2_penalty(weights, lam)[0], [lam * w.ravel() for w in weights]))
    assert verdict.status == "wrong" and "grads[0] should have the shape of weights[0]" in verdict.text


def test_l2_returning_only_the_penalty():
    verdict = verdict_of("07.l2_penalty", lambda weights, lam: nb07.l2_penalty(weights, lam)[0])
    assert verdict.status == "wrong" and "expected 2 values: return penalty, grads" in verdict.text


def test_dropout_that_changes_x_in_place_is_told_so():
    def in_place(x, dout, p, u, training=True):
        out, dx = nb07.dropout(x.copy(), dout, p, u, training)
        x *= 0
        return out, dx

    verdict = verdict_of("07.dropout", in_place)
    assert verdict.status == "wrong" and "changed its input `x` in place" in verdict.text


def test_batch_norm_that_updates_the_running_statistics_in_place_is_told_so():
    def in_place(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
        out, new_mean, new_var = nb10.batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
        running_mean[...] = new_mean                       # the way nnlib's functional does it
        running_var[...] = new_var
        return out, running_mean, running_var

    verdict = verdict_of("10.batch_norm", in_place)
    assert verdict.status == "wrong" and "changed its input `running_mean` in place" in verdict.text


def test_shift_that_changes_the_images_is_told_so():
    def in_place(images, dx, dy):
        out = augment.shift(images, dx, dy)
        images[...] = out
        return out

    verdict = verdict_of("09.shift", in_place)
    assert verdict.status == "wrong" and "changed its input `images` in place" in verdict.text


def test_restore_best_returning_nothing():
    def forgets_return(model, train_one_epoch, validation_loss, patience, max_epochs):
        nb08.train_with_early_stopping(model, train_one_epoch, validation_loss, patience, max_epochs)

    verdict = verdict_of("08.restore_best", forgets_return)
    assert verdict.status == "wrong" and "None" in verdict.text


def test_restore_best_that_crashes_shows_the_student_line():
    def crashes(model, train_one_epoch, validation_loss, patience, max_epochs):
        best_state = None
        model.load_state_dict(best_state)

    verdict = verdict_of("08.restore_best", crashes)
    assert verdict.status == "wrong" and "TypeError" in verdict.text
    assert "model.load_state_dict(best_state)" in verdict.text, "the student's own line"


@pytest.mark.parametrize(("label", "fn", "words"), [
    ("returns None", lambda pretrained, num_classes: None, "None"),
    ("returns a list of layers", lambda pretrained, num_classes: list(pretrained), "expected an nn.Sequential"),
    ("a head of the wrong width", lambda pretrained, num_classes: nn.Sequential(*list(pretrained)[:-1],
                                                                               nn.Linear(512, num_classes)),
     "expected input of shape"),
])
def test_transfer_garbage(label, fn, words):
    verdict = verdict_of("11.transfer", fn)
    assert verdict.status == "wrong" and words in verdict.text, verdict.text


def test_count_trainable_returning_a_float_of_the_right_value_passes():
    assert verdict_of("11.count_trainable", lambda model: float(nb11.count_trainable(model))).passed


@pytest.mark.parametrize(("label", "fn", "words"), [
    ("returns the losses only", lambda state, batches, lr: nb13.train_in_torch(state, batches, lr)[0],
     "expected 2 values"),
    ("returns None", lambda state, batches, lr: None, "None"),
    ("the model is not a torch model", lambda state, batches, lr: (nb13.train_in_torch(state, batches, lr)[0], 3),
     "should be the torch model"),
])
def test_torch_training_garbage(label, fn, words):
    pytest.importorskip("torch")
    verdict = verdict_of("13.torch_training", fn)
    assert verdict.status == "wrong" and words in verdict.text, verdict.text


def test_torch_training_with_tensor_losses_passes():
    pytest.importorskip("torch")

    def tensor_losses(state, batches, lr):
        losses, model = nb13.train_in_torch(state, batches, lr)
        import torch
        return torch.tensor(losses), model

    assert verdict_of("13.torch_training", tensor_losses).passed


def test_torch_training_with_a_missing_layer_names_the_state_dict():
    torch = pytest.importorskip("torch")

    def no_batch_norm(state, batches, lr):
        model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10)).double()
        model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
        return [], model

    verdict = verdict_of("13.torch_training", no_batch_norm)
    assert verdict.status == "wrong" and "state_dict" in verdict.text and "no_batch_norm" in verdict.text


def test_torch_training_without_torch_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)         # `import torch` now raises ImportError

    def student(state, batches, lr):
        raise AssertionError("the check must not run student code it cannot compare")

    verdict = verdict_of("13.torch_training", student)
    assert verdict.status == "not done"
    assert "needs torch, which is not installed" in verdict.text and "pip install torch" in verdict.text


def test_restore_best_that_also_measures_the_untrained_model_passes():
    def measures_first(model, train_one_epoch, validation_loss, patience, max_epochs):
        best_loss, best_epoch, best_state, bad = validation_loss(model), 0, copy.deepcopy(model.state_dict()), 0
        for epoch in range(1, max_epochs + 1):
            train_one_epoch(model)
            loss = validation_loss(model)
            if loss < best_loss:
                best_loss, best_epoch, best_state, bad = loss, epoch, copy.deepcopy(model.state_dict()), 0
            else:
                bad += 1
                if bad == patience:
                    break
        model.load_state_dict(best_state)
        return best_epoch, epoch

    assert verdict_of("08.restore_best", measures_first).passed
