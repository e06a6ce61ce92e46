"""Blind student code for notebook 04 (round 1), written without reading the checks."""
import random

import numpy as np

import nnlib
from nnlib.data import DataLoader


# ============================================================================ 04.train_steps
# ----------------------------------------------------------------------------- RIGHT
def train_steps_zero_first(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad.

    model: an nn.Module; loss_fn: e.g. nn.CrossEntropyLoss(); optimizer: built on model.parameters();
    batches: a list of (xb, yb), xb: (B, D), yb: (B,) labels. Changes the model's parameters.
    Returns the list of the batches' loss values (floats), one per step.
    """
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_docstring_order(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad.

    model: an nn.Module; loss_fn: e.g. nn.CrossEntropyLoss(); optimizer: built on model.parameters();
    batches: a list of (xb, yb), xb: (B, D), yb: (B,) labels. Changes the model's parameters.
    Returns the list of the batches' loss values (floats), one per step.
    """
    # exactly the order of the docstring and of the notebook's train()
    losses = []
    for xb, yb in batches:
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(float(loss.item()))
    return losses


def train_steps_model_zero_grad(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad.

    model: an nn.Module; loss_fn: e.g. nn.CrossEntropyLoss(); optimizer: built on model.parameters();
    batches: a list of (xb, yb), xb: (B, D), yb: (B,) labels. Changes the model's parameters.
    Returns the list of the batches' loss values (floats), one per step.
    """
    losses = [0.0] * len(batches)
    for i in range(len(batches)):
        xb, yb = batches[i]
        model.zero_grad()               # same parameters as the optimizer's
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses[i] = float(loss)
    model.zero_grad()
    return losses


# ----------------------------------------------------------------------------- WRONG
def train_steps_no_zero_grad(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()                 # gradients pile up: never cleared
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_tensors(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss)             # keeps the loss Tensor, not a float
    return losses


def train_steps_zero_before_step(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.zero_grad()           # clears the gradients before the step uses them
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_loss_after_step(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss_fn(model(xb), yb).item())   # records the loss after the update
    return losses


def train_steps_one_big_step(model, loss_fn, optimizer, batches):
    losses = []
    optimizer.zero_grad()
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()                 # accumulates over all batches ...
        losses.append(loss.item())
    optimizer.step()                    # ... and steps only once at the end
    optimizer.zero_grad()
    return losses


def train_steps_skip_last(model, loss_fn, optimizer, batches):
    losses = []
    for i in range(len(batches) - 1):   # off by one: the last batch is never used
        xb, yb = batches[i]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_manual_sgd(model, loss_fn, optimizer, batches):
    lr = optimizer.param_groups[0]["lr"]
    losses = []
    for xb, yb in batches:
        model.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        with nnlib.no_grad():
            for p in model.parameters():     # plain SGD by hand: ignores momentum / Adam
                p.data -= lr * p.grad.numpy()
        losses.append(loss.item())
    return losses


def train_steps_backward_twice(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        losses.append(loss.item())
        loss = loss_fn(model(xb), yb)       # recomputed "to get the value" and backpropagated again
        loss.backward()
        optimizer.step()
    return losses


# ============================================================================ 04.minibatches
# ----------------------------------------------------------------------------- RIGHT
def minibatches_permutation(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch).

    X: (N, D) inputs; y: (N,) labels; batch_size: B; seed: seed of the random order.
    Returns a list of (xb, yb): xb (B, D), yb (B,); the last batch may be smaller.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    order = np.random.default_rng(seed).permutation(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def minibatches_dataloader(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch).

    X: (N, D) inputs; y: (N,) labels; batch_size: B; seed: seed of the random order.
    Returns a list of (xb, yb): xb (B, D), yb (B,); the last batch may be smaller.
    """
    loader = DataLoader(X, y, batch_size=batch_size, shuffle=True, seed=seed)
    return [(xb, yb) for xb, yb in loader]


def minibatches_python_random(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch).

    X: (N, D) inputs; y: (N,) labels; batch_size: B; seed: seed of the random order.
    Returns a list of (xb, yb): xb (B, D), yb (B,); the last batch may be smaller.
    """
    n = len(y)
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    batches = []
    start = 0
    while start < n:
        chunk = idx[start:start + batch_size]
        batches.append((np.asarray(X)[chunk], np.asarray(y)[chunk]))
        start += batch_size
    return batches


def minibatches_shuffle_copy(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch).

    X: (N, D) inputs; y: (N,) labels; batch_size: B; seed: seed of the random order.
    Returns a list of (xb, yb): xb (B, D), yb (B,); the last batch may be smaller.
    """
    rng = np.random.default_rng(seed)
    order = np.arange(len(X))
    rng.shuffle(order)
    Xs, ys = np.asarray(X)[order], np.asarray(y)[order]   # shuffled copies
    n_batches = -(-len(X) // batch_size)                   # ceil
    return list(zip(np.array_split(Xs, [batch_size * k for k in range(1, n_batches)]),
                    np.array_split(ys, [batch_size * k for k in range(1, n_batches)])))


# ----------------------------------------------------------------------------- WRONG
def minibatches_separate_shuffles(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    Xs = X[rng.permutation(len(X))]     # two different permutations: labels no longer match
    ys = y[rng.permutation(len(y))]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_no_shuffle(X, y, batch_size, seed):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_ignores_seed(X, y, batch_size, seed):
    order = np.random.permutation(len(X))   # global NumPy random state: seed unused
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def minibatches_drop_last(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    n_batches = len(X) // batch_size    # floor: the smaller last batch is lost
    return [(X[order[k * batch_size:(k + 1) * batch_size]], y[order[k * batch_size:(k + 1) * batch_size]])
            for k in range(n_batches)]


def minibatches_range_n_minus_1(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    # stops one short: a last batch of exactly one example is dropped
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X) - 1, batch_size)]


def minibatches_inplace(X, y, batch_size, seed):
    np.random.default_rng(seed).shuffle(X)   # shuffles the caller's arrays in place
    np.random.default_rng(seed).shuffle(y)   # (same seed, so pairs stay together)
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_with_replacement(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    order = rng.choice(len(X), size=len(X))  # replace=True by default: duplicates, some never served
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def minibatches_shuffle_batches_only(X, y, batch_size, seed):
    batches = [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
    random.Random(seed).shuffle(batches)     # shuffles the order of the batches, not the examples
    return batches


def minibatches_step_one(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    # stride 1 instead of batch_size: overlapping windows
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X) - batch_size + 1)]


RIGHT = {
    "04.train_steps": [train_steps_zero_first, train_steps_docstring_order, train_steps_model_zero_grad],
    "04.minibatches": [minibatches_permutation, minibatches_dataloader, minibatches_python_random,
                       minibatches_shuffle_copy],
}
WRONG = {
    "04.train_steps": [
        (train_steps_no_zero_grad, "never calls zero_grad: gradients accumulate over the steps"),
        (train_steps_tensors, "returns the loss Tensors instead of floats"),
        (train_steps_zero_before_step, "calls zero_grad between backward and step: the step has no gradients"),
        (train_steps_loss_after_step, "records the loss recomputed after the step"),
        (train_steps_one_big_step, "accumulates all batches and makes a single step at the end"),
        (train_steps_skip_last, "off by one: loops over range(len(batches) - 1)"),
        (train_steps_manual_sgd, "writes p -= lr * grad by hand: ignores momentum/Adam of the optimizer"),
        (train_steps_backward_twice, "backpropagates two forward passes per step: doubled gradient"),
    ],
    "04.minibatches": [
        (minibatches_separate_shuffles, "shuffles X and y with two different permutations"),
        (minibatches_no_shuffle, "forgets to shuffle"),
        (minibatches_ignores_seed, "shuffles with np.random.permutation, ignoring seed"),
        (minibatches_drop_last, "drops the last, smaller batch"),
        (minibatches_range_n_minus_1, "range(0, N - 1, B): loses a last batch of exactly one example"),
        (minibatches_inplace, "shuffles the caller's X and y in place"),
        (minibatches_with_replacement, "rng.choice with replacement: duplicates and missing examples"),
        (minibatches_shuffle_batches_only, "shuffles the order of fixed batches, not of the examples"),
        (minibatches_step_one, "slides the window by 1 instead of by batch_size"),
    ],
}
