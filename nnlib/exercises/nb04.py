"""Exercises of notebook 04: the training loop, and mini-batches with shuffling."""

import numpy as np

import nnlib
from nnlib import nn, optim

from .compare import Problem
from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 04.train_steps


def train_steps(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad.

    model: an nn.Module; loss_fn: e.g. nn.CrossEntropyLoss(); optimizer: built on model.parameters();
    batches: a list of (xb, yb), xb: (B, D), yb: (B,) labels. Changes the model's parameters.
    Returns the list of the batches' loss values (Python floats), one per step.
    """
    losses = []
    for xb, yb in batches:
        out = model(xb)              # 1. forward: logits (B, K)
        loss = loss_fn(out, yb)      # 2. loss: a scalar Tensor
        loss.backward()              # 3. backward: fills p.grad
        optimizer.step()             # 4. step: p <- p - lr * p.grad
        optimizer.zero_grad()        # 5. clear the gradients for the next step
        losses.append(loss.item())
    return losses


def _ts_no_zero_grad(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _ts_never_steps(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _ts_step_after_loop(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        losses.append(loss.item())
    optimizer.step()
    optimizer.zero_grad()
    return losses


def _observe_training(result, args):
    """(the losses, all parameters after training, flattened)."""
    if result is None:
        return None
    if any(hasattr(loss, "backward") for loss in result):
        raise Problem("returned loss Tensors; expected Python floats: append loss.item(), which also lets "
                      "each step's graph go")
    losses = np.array([float(loss) for loss in result])
    weights = np.concatenate([p.data.ravel() for p in args["model"].parameters()])
    return losses, weights


def _train_cases():
    cases = []
    settings = [("float32, SGD, 4 batches of 8", np.float32, "sgd", 4, 8),
                ("float64, SGD with momentum, 3 batches of 5", np.float64, "momentum", 3, 5),
                ("one batch of one example", np.float32, "sgd", 1, 1),
                ("Adam, 5 batches of 4", np.float32, "adam", 5, 4)]
    for seed, (name, dtype, kind, n_batches, size) in enumerate(settings):
        nnlib.manual_seed(seed)
        model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 3))
        if dtype == np.float64:
            model = model.double()
        if kind == "sgd":
            optimizer = optim.SGD(model.parameters(), lr=0.5)
        elif kind == "momentum":
            optimizer = optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
        else:
            optimizer = optim.Adam(model.parameters(), lr=0.05)
        rng = np.random.default_rng(seed)
        batches = [(rng.normal(size=(size, 2)).astype(dtype), rng.integers(0, 3, size=size))
                   for _ in range(n_batches)]
        cases.append(Case(name, (model, nn.CrossEntropyLoss(), optimizer, batches)))
    return cases


TRAIN_STEPS = Exercise(
    id="04.train_steps",
    task="the training loop",
    reference=train_steps,
    cases=_train_cases,
    returns=("losses", "weights after training"),
    observe=_observe_training,
    mutable=("model", "optimizer"),
    mistakes=(
        Mistake("a missing optimizer.zero_grad(): the gradients pile up from step to step",
                "backward() adds into .grad; clear it once per step (before the next backward).",
                like=_ts_no_zero_grad),
        Mistake("gradients cleared before optimizer.step(), so the weights never move",
                "The order is backward, then step, then zero_grad (or zero_grad first, before the forward pass).",
                like=_ts_never_steps),
        Mistake("optimizer.step() outside the loop: one step for all batches together",
                "Indent step() and zero_grad() into the loop: one update per mini-batch.",
                like=_ts_step_after_loop),
    ),
    hint="One step per mini-batch: which five things happen in every step, and in which order? backward() adds "
         "into .grad: what must happen to the gradients between two steps?",
    hint_more="Forward pass, loss, backward, the optimiser's step, clearing the gradients (or clear them first, "
              "before the backward pass). Record each loss as a Python float (.item()), one per batch.",
    explanation="Each mini-batch gives one step. backward() fills every parameter's .grad, step() uses it, and "
                "zero_grad() clears it because backward() accumulates. loss.item() turns the scalar Tensor into a "
                "float, so the list does not keep every step's graph alive.",
)

# ---------------------------------------------------------------- 04.minibatches


def minibatches(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch).

    X: (N, D) inputs; y: (N,) labels; batch_size: B; seed: seed of the random order.
    Returns a list of (xb, yb): every example exactly once, B per batch, the last batch smaller if B
    does not divide N; the rows of X and y stay paired.
    """
    order = np.random.default_rng(seed).permutation(len(X))   # a random order of 0..N-1
    batches = []
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        batches.append((X[idx], y[idx]))
    return batches


def _mb_no_shuffle(X, y, batch_size, seed):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def _mb_unpaired(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    Xs, ys = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def _mb_drop_last(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]])
            for i in range(0, len(X) - batch_size + 1, batch_size)]


def _order(result):
    """The examples' ids in the order served (the cases put each example's index in its first feature)."""
    batches = list(result)
    ids = [np.asarray(xb)[:, 0] for xb, _ in batches]
    return np.concatenate(ids).astype(int) if ids else np.array([], dtype=int)


def _looks_random(ids):
    """False for orders no random permutation gives in practice: sorted, reversed, a rotation, or
    mostly runs of consecutive examples (whole blocks kept together)."""
    n = len(ids)
    if n < 6:
        return True
    steps = np.diff(ids) % n
    if np.all(steps == steps[0]):                      # 0, 1, 2, ...; reversed; a rotation; every k-th
        return False
    return int(np.sum(np.abs(np.diff(ids)) == 1)) < 0.6 * (n - 1)


def _observe_batches(result, args, reruns=()):
    """What any correct batching shares, whatever its random order.

    (sizes, distinct, paired, shuffled, same seed gives the same order, another seed another order).
    The cases give every example its index as label and as first feature, so the observer can tell
    which example each row is; reruns are the calls with the same seed again and with another seed.
    """
    if result is None:
        return None
    batches = list(result)
    sizes = np.array([len(yb) for _, yb in batches])
    ids = _order(batches)
    labels = np.concatenate([np.asarray(yb) for _, yb in batches]) if batches else np.array([])
    shuffled = bool(not np.array_equal(ids, np.arange(len(ids))) and _looks_random(ids))
    same_seed, other_seed = (_order(r) for r in reruns) if len(reruns) == 2 else (ids, ids)
    return (sizes, len(set(ids.tolist())), bool(np.array_equal(ids, labels)), shuffled,
            bool(np.array_equal(same_seed, ids)), bool(len(ids) < 3 or not np.array_equal(other_seed, ids)))


def _mb_reruns(case):
    """The same call again (same seed: the same batches) and with another seed (other batches)."""
    X, y, batch_size, seed = case.args
    return [Case(case.name, (X, y, batch_size, seed)), Case(case.name, (X, y, batch_size, seed + 1))]


def _mb_cases():
    rng = np.random.default_rng(5)
    cases = []
    for name, n, d, b, seed, dtype in [
            ("10 examples, batches of 3 (last one smaller), float32, seed 10", 10, 2, 3, 10, np.float32),
            ("12 examples, batches of 4, seed 12", 12, 3, 4, 12, np.float64),
            ("batches of one, seed 0", 8, 2, 1, 0, np.float64),
            ("batch size larger than the data, seed 9", 9, 2, 20, 9, np.float32),
            ("30 examples, batches of 5, seed 3", 30, 2, 5, 3, np.float64)]:
        X = rng.normal(size=(n, d)).astype(dtype)
        X[:, 0] = np.arange(n)           # the first feature names the example ...
        cases.append(Case(name, (X, np.arange(n), b, seed)))   # ... and so does its label
    return cases


def _sampled_with_replacement(got, expected, case):
    return np.array_equal(got[0], expected[0]) and got[1] < expected[1]


def _seed_not_used(got, expected, case):
    return got[1] == expected[1] and bool(got[2]) and not got[4]


def _same_order_for_every_seed(got, expected, case):
    return got[1] == expected[1] and bool(got[2]) and bool(got[4]) and not got[5]


def _not_random(got, expected, case):
    return got[1] == expected[1] and bool(got[2]) and not got[3]


MINIBATCHES = Exercise(
    id="04.minibatches",
    task="mini-batches in a random order",
    reference=minibatches,
    cases=_mb_cases,
    returns=("batch sizes", "number of different examples served", "rows of X and y still paired",
             "order shuffled at random", "the same seed gives the same batches",
             "another seed gives other batches"),
    observe=_observe_batches,
    reruns=_mb_reruns,
    mistakes=(
        Mistake("no shuffling: the batches come in the data's order",
                "Draw a random order with np.random.default_rng(seed).permutation(N) and index X and y with it.",
                like=_mb_no_shuffle),
        Mistake("X and y shuffled with two different orders: the labels no longer belong to their inputs",
                "Draw one permutation and use it for both: X[idx], y[idx].", like=_mb_unpaired),
        Mistake("the last, smaller batch dropped",
                "range(0, N, batch_size) gives every start; slicing past the end simply gives a shorter last batch.",
                like=_mb_drop_last),
        Mistake("examples drawn with replacement: some come twice, others never",
                "A permutation visits every example exactly once per epoch; random integers do not.",
                when=_sampled_with_replacement),
        Mistake("a random order that does not come from `seed`: the same seed gives other batches",
                "Draw the order from a generator made from the seed, np.random.default_rng(seed), so that a run "
                "can be repeated.", when=_seed_not_used),
        Mistake("the seed ignored: every seed gives the same order",
                "Make the generator from the argument: np.random.default_rng(seed), not a fixed number.",
                when=_same_order_for_every_seed),
        Mistake("an order that is not random (reversed, rotated, or whole blocks kept together)",
                "Shuffle the examples themselves with a random permutation of 0..N-1, not the batches.",
                when=_not_random),
    ),
    hint="Shuffle an order of the examples, not the data itself: one random order of 0..N-1, made from the seed "
         "so that the same seed gives the same batches. How do you keep each input with its label?",
    hint_more="A generator made from the seed gives a random permutation of the N indices. Cut it into slices of "
              "batch_size (the last one may be shorter) and index X and y with the same slice.",
    explanation="A permutation of 0..N-1 visits every example once in a random order; slicing it in steps of B gives "
                "the batches, and Python slicing makes the last one shorter by itself. Indexing X and y with the "
                "same indices keeps every input with its label.",
)

EXERCISES = (TRAIN_STEPS, MINIBATCHES)
