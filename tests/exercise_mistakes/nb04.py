"""Wrong student code for notebook 04's exercises, one per named mistake."""

import numpy as np


def train_without_zero_grad(model, loss_fn, optimizer, batches):
    history = []
    for xb, yb in batches:
        logits = model(xb)
        batch_loss = loss_fn(logits, yb)
        batch_loss.backward()
        optimizer.step()
        history.append(float(batch_loss.item()))
    return history


def train_step_before_backward(model, loss_fn, optimizer, batches):
    history = []
    for xb, yb in batches:
        optimizer.zero_grad()
        batch_loss = loss_fn(model(xb), yb)
        optimizer.step()             # too early: the gradients of this batch do not exist yet
        batch_loss.backward()
        history.append(batch_loss.item())
    return history


def train_step_dedented(model, loss_fn, optimizer, batches):
    history = []
    for xb, yb in batches:
        batch_loss = loss_fn(model(xb), yb)
        batch_loss.backward()
        history.append(batch_loss.item())
    optimizer.step()                 # indented one level too little
    optimizer.zero_grad()
    return history


def batches_in_order(X, y, batch_size, seed):
    out = []
    i = 0
    while i < len(X):
        out.append((X[i:i + batch_size], y[i:i + batch_size]))
        i += batch_size
    return out


def batches_unpaired(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    X, y = X.copy(), y.copy()
    rng.shuffle(X)
    rng.shuffle(y)
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def batches_drop_last(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    return [(X[order[k * batch_size:(k + 1) * batch_size]], y[order[k * batch_size:(k + 1) * batch_size]])
            for k in range(len(X) // batch_size)]


def batches_with_replacement(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).integers(0, len(X), size=len(X))
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def batches_global_random(X, y, batch_size, seed):
    order = np.random.permutation(len(X))          # the global generator: a new order on every call
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def batches_fixed_seed(X, y, batch_size, seed):
    order = np.random.default_rng(42).permutation(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def batches_blocks_shuffled(X, y, batch_size, seed):
    batches = [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
    order = np.random.default_rng(seed).permutation(len(batches))   # the batches shuffled, not the examples
    return [batches[k] for k in order]


MISTAKES = {
    "04.train_steps": {
        "a missing optimizer.zero_grad(): the gradients pile up from step to step": train_without_zero_grad,
        "gradients cleared before optimizer.step(), so the weights never move": train_step_before_backward,
        "optimizer.step() outside the loop: one step for all batches together": train_step_dedented,
    },
    "04.minibatches": {
        "no shuffling: the batches come in the data's order": batches_in_order,
        "X and y shuffled with two different orders: the labels no longer belong to their inputs": batches_unpaired,
        "the last, smaller batch dropped": batches_drop_last,
        "examples drawn with replacement: some come twice, others never": batches_with_replacement,
        "a random order that does not come from `seed`: the same seed gives other batches": batches_global_random,
        "the seed ignored: every seed gives the same order": batches_fixed_seed,
        "an order that is not random (reversed, rotated, or whole blocks kept together)": batches_blocks_shuffled,
    },
}
