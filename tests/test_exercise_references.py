"""The exercises' worked solutions agree with nnlib (and nnlib with finite differences).

The checks compare student code with each exercise's reference; these tests tie every
reference to nnlib's own implementation, so "matches nnlib" in a verdict is true.
"""

import numpy as np

import nnlib
from nnlib import functional as F
from nnlib import nn
from nnlib.data import DataLoader
from nnlib.exercises import nb00, nb01, nb02, nb03, nb04, nb05, nb06
from nnlib.train import layer_grad_norms


def test_forward_matches_nn_sequential():
    rng = np.random.default_rng(0)
    x, w1, b1, w2, b2 = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), rng.normal(size=4), \
        rng.normal(size=(2, 4)), rng.normal(size=2)
    model = nn.Sequential(nn.Linear(3, 4), nn.Sigmoid(), nn.Linear(4, 2)).double()
    model.load_state_dict({"0.weight": w1, "0.bias": b1, "2.weight": w2, "2.bias": b2})
    np.testing.assert_allclose(nb01.forward(x, w1, b1, w2, b2), model(x).numpy(), rtol=1e-12)


def test_cross_entropy_matches_functional_even_at_extremes():
    logits = np.array([[1000.0, -1000.0, 0.0], [2.0, 1.0, 0.5]])
    labels = np.array([1, 0])
    assert np.isclose(nb01.cross_entropy(logits, labels), F.cross_entropy(nnlib.Tensor(logits), labels).item())


def test_line_step_matches_sgd_on_nn_linear():
    x = np.linspace(-1, 1, 9).reshape(-1, 1)
    y = 3 * x - 0.5
    model = nn.Linear(1, 1).double()
    w, b = model.weight.item(), model.bias.item()
    optimizer = nnlib.optim.SGD(model.parameters(), lr=0.2)
    nn.MSELoss()(model(x), y).backward()
    optimizer.step()
    np.testing.assert_allclose(nb00.line_step(w, b, x, y, 0.2), (model.weight.item(), model.bias.item()), rtol=1e-12)


def test_descend_matches_autograd_and_max_lr_separates_convergence_from_divergence():
    curvatures = np.array([0.2, 1.0])
    w = nnlib.Tensor(np.array([-4.0, 2.5]), requires_grad=True)
    (0.5 * (nnlib.Tensor(curvatures) * w * w).sum()).backward()
    np.testing.assert_allclose(nb02.descend_bowl(np.array([-4.0, 2.5]), curvatures, 0.3, 1)[1], w.data - 0.3 * w.grad)
    lr_max = nb02.max_stable_lr(np.diag(curvatures))
    assert abs(nb02.descend_bowl(np.ones(2), curvatures, 0.99 * lr_max, 200)[-1]).max() < 1
    assert abs(nb02.descend_bowl(np.ones(2), curvatures, 1.01 * lr_max, 200)[-1]).max() > 1


def test_backward_references_match_autograd_and_finite_differences():
    rng = np.random.default_rng(1)
    x, w, b, dout = (rng.normal(size=(3, 4)) for _ in range(4))
    tw, tx, tb = (nnlib.Tensor(v, requires_grad=True) for v in (w, x, b))
    (F.sigmoid(tw * tx + tb) * nnlib.Tensor(dout)).sum().backward()
    for mine, theirs in zip(nb03.neuron_backward(w, x, b, dout), (tw.grad, tx.grad, tb.grad)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)

    x, w, b, dout = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=(5, 2))
    tx, tw, tb = (nnlib.Tensor(v, requires_grad=True) for v in (x, w, b))
    (F.linear(tx, tw, tb) * nnlib.Tensor(dout)).sum().backward()
    dx, dw, db = nb03.linear_backward(x, w, dout)
    for mine, theirs in zip((dx, dw, db), (tx.grad, tw.grad, tb.grad)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)
    numeric = nnlib.numerical_gradient(lambda: float(((x @ w.T + b) * dout).sum()), w)
    assert nnlib.rel_error(dw, numeric) < 1e-7


def test_minibatches_cut_like_the_dataloader():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    mine = nb04.minibatches(X, y, 3, seed=0)
    theirs = list(DataLoader(X, y, batch_size=3, shuffle=True, seed=0))
    assert [len(yb) for _, yb in mine] == [len(yb) for _, yb in theirs] == [3, 3, 3, 1]
    assert sorted(np.concatenate([yb for _, yb in mine])) == list(range(10))


def test_train_steps_lowers_the_loss_like_fit_does():
    X, y = nnlib.data.make_moons(64, seed=0)
    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
    optimizer = nnlib.optim.SGD(model.parameters(), lr=0.5)
    losses = nb04.train_steps(model, nn.CrossEntropyLoss(), optimizer, [(X, y)] * 50)
    assert all(isinstance(loss, float) for loss in losses) and losses[-1] < losses[0] / 2


def test_grad_norms_equal_nnlibs_layer_grad_norms():
    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 4), nn.Sigmoid(), nn.Linear(4, 4), nn.Sigmoid(), nn.Linear(4, 3)).double()
    X, y = np.random.default_rng(0).normal(size=(7, 5)), np.array([0, 1, 2, 0, 1, 2, 0])
    np.testing.assert_allclose(nb05.grad_norms(model, nn.CrossEntropyLoss(), X, y),
                               layer_grad_norms(model, nn.CrossEntropyLoss(), X, y), rtol=1e-12)


def test_init_stds_are_the_deviations_nn_init_draws():
    xavier_std, he_std = nb05.init_stds(400, 200)
    w = nnlib.Tensor(np.zeros((200, 400)))
    nn.init.xavier_normal_(w)
    assert abs(w.data.std() / xavier_std - 1) < 0.02
    nn.init.kaiming_normal_(w)
    assert abs(w.data.std() / he_std - 1) < 0.02


def test_momentum_path_and_adam_step_follow_nnlibs_optimisers():
    w = nnlib.Tensor(np.array([-1.8, 0.8]), requires_grad=True)
    sgd = nnlib.optim.SGD([w], lr=0.1, momentum=0.9)
    for _ in range(5):
        sgd.zero_grad()
        (0.02 * w[0] * w[0] + 2 * w[1] * w[1]).backward()
        sgd.step()
    path = nb06.momentum_path(np.array([-1.8, 0.8]), lambda v: np.array([0.04, 4.0]) * v, 0.1, 0.9, 5)
    np.testing.assert_allclose(path[-1], w.data, rtol=1e-12)

    rng = np.random.default_rng(0)
    w0, grads = rng.normal(size=3), rng.normal(size=(3, 3))
    w = nnlib.Tensor(w0.copy(), requires_grad=True)
    adam = nnlib.optim.Adam([w], lr=0.01)
    mine, m, v = w0.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(grads, start=1):
        w.grad = g.copy()
        adam.step()
        mine, m, v = nb06.adam_step(mine, g, m, v, t, 0.01, 0.9, 0.999, 1e-8)
    np.testing.assert_allclose(mine, w.data, rtol=1e-12)
