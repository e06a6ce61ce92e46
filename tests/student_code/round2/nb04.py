"""Blind student code for notebook 04 (round 2), written without reading the checks."""
import random

import numpy as np

from nnlib.data import DataLoader


# ========================================================================= 04.train_steps
def train_steps_textbook(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad."""
    losses = []
    for xb, yb in batches:
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses


def train_steps_clear_first(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad."""
    history = []
    for i in range(len(batches)):
        model.zero_grad()                      # clear first, through the model
        loss = loss_fn(model(batches[i][0]), batches[i][1])
        value = float(np.asarray(loss.numpy()))
        loss.backward()
        optimizer.step()
        history.append(value)
    return history


def train_steps_comprehension(model, loss_fn, optimizer, batches):
    """One training step per mini-batch: forward, loss, backward, step, zero_grad."""
    def one(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return float(loss.item())
    return [one(xb, yb) for xb, yb in batches]


def train_steps_no_zero_grad(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_loss_after_step(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
        losses.append(loss_fn(model(xb), yb).item())    # how good it is now
    return losses


def train_steps_zero_before_step(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.zero_grad()
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
        losses.append(loss)                      # keep the losses
    return losses


def train_steps_skip_last(model, loss_fn, optimizer, batches):
    losses = []
    for i in range(len(batches) - 1):
        xb, yb = batches[i]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_mean(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return float(np.mean(losses))                # the loss of the epoch


# ========================================================================= 04.minibatches
def minibatches_permutation(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def minibatches_loader(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch)."""
    return list(DataLoader(X, y, batch_size=batch_size, shuffle=True, seed=seed))


def minibatches_python_random(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch)."""
    idx = list(range(len(y)))
    random.Random(seed).shuffle(idx)
    out = []
    n_batches = -(-len(idx) // batch_size)
    for k in range(n_batches):
        part = np.array(idx[k * batch_size:(k + 1) * batch_size])
        out.append((X[part].copy(), y[part].copy()))
    return out


def minibatches_array_split(X, y, batch_size, seed):
    """The data cut into mini-batches in a random order (one epoch)."""
    idx = np.arange(len(X))
    np.random.RandomState(seed).shuffle(idx)
    cuts = np.arange(batch_size, len(X), batch_size)
    return [(X[part], y[part]) for part in np.split(idx, cuts)]


def minibatches_global_shuffle(X, y, batch_size, seed):
    idx = np.arange(len(X))
    np.random.shuffle(idx)                       # shuffle the order
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def minibatches_separate_shuffles(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    Xs = X[rng.permutation(len(X))]
    ys = y[rng.permutation(len(y))]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_drop_last(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    batches = []
    for k in range(len(X) // batch_size):
        part = order[k * batch_size:(k + 1) * batch_size]
        batches.append((X[part], y[part]))
    return batches


def minibatches_one_too_many(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    batches = []
    for k in range(len(X) // batch_size + 1):          # +1 for the smaller last one
        part = order[k * batch_size:(k + 1) * batch_size]
        batches.append((X[part], y[part]))
    return batches


def minibatches_in_order(X, y, batch_size, seed):
    np.random.seed(seed)
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_shuffle_in_place(X, y, batch_size, seed):
    p = np.random.default_rng(seed).permutation(len(X))
    X[:] = X[p]                                        # shuffle the data itself
    y[:] = y[p]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def minibatches_choice(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    order = rng.choice(len(X), len(X))                 # a random order of the indices
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


RIGHT = {
    "04.train_steps": [train_steps_textbook, train_steps_clear_first, train_steps_comprehension],
    "04.minibatches": [minibatches_permutation, minibatches_loader, minibatches_python_random,
                       minibatches_array_split],
}
WRONG = {
    "04.train_steps": [
        (train_steps_no_zero_grad, "I forgot zero_grad, so the gradients pile up"),
        (train_steps_loss_after_step, "I recorded the loss after the step, recomputed with the new weights"),
        (train_steps_zero_before_step, "I called zero_grad between backward and step"),
        (train_steps_tensors, "I appended the loss tensors, not floats"),
        (train_steps_skip_last, "range(len(batches) - 1): the last batch never trains"),
        (train_steps_mean, "I returned the mean loss of the epoch instead of the list"),
    ],
    "04.minibatches": [
        (minibatches_global_shuffle, "np.random.shuffle without using the seed"),
        (minibatches_separate_shuffles, "I drew one permutation for X and another for y"),
        (minibatches_drop_last, "range(N // B) drops the smaller last batch"),
        (minibatches_one_too_many, "N // B + 1 batches: an empty batch at the end when B divides N"),
        (minibatches_in_order, "I seeded np.random but never shuffled"),
        (minibatches_shuffle_in_place, "I shuffled X and y in place, which changes the caller's data"),
        (minibatches_choice, "rng.choice(N, N) for the order, which draws with replacement"),
    ],
}
