"""The training loop: `fit` a model to data, with validation, early stopping and divergence checks.

The heart of it is the loop every deep-learning library runs, spelled out in `fit`:

    for xb, yb in loader:             # one mini-batch: xb (B, D), yb (B,)
        optimizer.zero_grad()         # forget the previous step's gradients
        out = model(xb)               # forward: (B, C) scores
        loss = loss_fn(out, yb)       # one number
        loss.backward()               # fill p.grad for every parameter
        optimizer.step()              # p <- p - lr * p.grad (or Adam's version)

Everything else here is bookkeeping around that loop: a `History` of the losses,
`EarlyStopping`, and `evaluate` / `predict` helpers that run the model in eval
mode without building a graph.
"""

import copy
import math
import sys

import numpy as np
from tqdm.auto import tqdm

from . import _checks
from .data import DataLoader
from .layers import Linear, Module
from .metrics import accuracy
from .optim import Optimizer
from .tensor import no_grad

# Python in the browser (Pyodide, JupyterLite) cannot start threads: tqdm's monitor thread, which
# only watches for stalled bars, would fail and warn on every `fit`. There it stays off; elsewhere
# the bar is tqdm's own, unchanged.
_progress_bar = type("tqdm", (tqdm,), {"monitor_interval": 0}) if sys.platform == "emscripten" else tqdm


class History:
    """What happened during `fit`, one entry per completed epoch (epochs count from 1).

    train_loss, val_loss, train_acc, val_acc: lists of floats. Accuracy is nan for
        regression targets (float y); val_* stay empty without validation data.
    step_loss: the loss of every optimisation step (mini-batch), in order.
    best_epoch: epoch with the lowest val loss (train loss without validation data).
    stopped_epoch: the last epoch that ran (0 before any).
    early_stopped: True if EarlyStopping ended training before `epochs`.
    diverged, message: True and e.g. "diverged at epoch 3, step 5 (loss became inf)"
        if the loss stopped being a finite number; message is '' otherwise.
    grad_norms, grad_norm_names: with track_grad_norms=True, one array per epoch of
        the weight-gradient norms of every Linear layer ('layer 1' = first layer).
    """

    def __init__(self):
        self.train_loss, self.val_loss = [], []
        self.train_acc, self.val_acc = [], []
        self.step_loss = []
        self.best_epoch = None
        self.stopped_epoch = 0
        self.early_stopped = False
        self.diverged = False
        self.message = ""
        self.grad_norms, self.grad_norm_names = [], []

    @property
    def epochs_run(self):
        """Number of completed epochs."""
        return len(self.train_loss)

    def final(self, key):
        """Last value of a metric, e.g. history.final('val_loss'); nan if there is none."""
        values = getattr(self, key)
        return values[-1] if values else math.nan

    def __eq__(self, other):
        if not isinstance(other, History):
            return NotImplemented
        mine, theirs = vars(self), vars(other)
        return mine.keys() == theirs.keys() and all(_same(mine[k], theirs[k]) for k in mine)

    def __repr__(self):
        text = f"History(epochs_run={self.epochs_run}, best_epoch={self.best_epoch}"
        if self.train_loss:
            text += f", train_loss={self.train_loss[-1]:.4g}"
        if self.val_loss:
            text += f", val_loss={self.val_loss[-1]:.4g}"
        if self.early_stopped:
            text += f", early_stopped at epoch {self.stopped_epoch}"
        if self.diverged:
            text += f", {self.message!r}"
        return text + ")"


def _same(a, b):
    """Equality that treats nan == nan (for comparing two histories)."""
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(np.array_equal(a, b, equal_nan=True)) if isinstance(a, (float, np.ndarray)) else a == b


class EarlyStopping:
    """Stop when the validation loss has not improved for `patience` epochs.

    An epoch counts as an improvement if its loss is below the best so far by more
    than `min_delta`. With restore_best=True, `fit` puts back the weights of the
    best epoch when training ends, so the model you keep is the best one seen.
    Without validation data the training loss is watched instead.
    """

    def __init__(self, patience=5, min_delta=0.0, restore_best=True):
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
            raise ValueError(f"EarlyStopping: patience must be a positive integer, got {patience!r}")
        _checks.number("min_delta", min_delta, "EarlyStopping", low=0)
        _checks.boolean("restore_best", restore_best, "EarlyStopping")
        self.patience, self.min_delta, self.restore_best = patience, min_delta, restore_best
        self.reset()

    def reset(self):
        self.best_loss = math.inf
        self.best_epoch = None
        self.best_state = None
        self.wait = 0  # epochs since the last improvement

    def step(self, loss, epoch, model):
        """Record one epoch's loss; return True if training should stop now."""
        if loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.wait = loss, epoch, 0
            if self.restore_best:
                # state_dict() shares memory with the model (as in torch): keep a copy of the best weights
                self.best_state = copy.deepcopy(model.state_dict())
            return False
        self.wait += 1
        return self.wait >= self.patience


def fit(model, loss_fn, optimizer, train_data, val_data=None, *, epochs=10, batch_size=32,
        shuffle=True, seed=0, drop_last=False, transform=None, early_stopping=None,
        track_grad_norms=False, progress=False):
    """Train `model` for `epochs` passes over the training data; return a `History`.

    train_data: (X, y) arrays, X (N, ...), y (N,), or a `DataLoader`.
    val_data: optional (X_val, y_val), evaluated after every epoch in eval mode.
    batch_size, shuffle, seed, drop_last, transform: passed to the `DataLoader` built
        from (X, y); `seed` fixes the order of the mini-batches; `drop_last=True` skips
        the last batch of each epoch when it is smaller than `batch_size` (batch norm
        cannot train on a batch of one). (Dropout masks come from nnlib's generator:
        call `nnlib.manual_seed` before building the model.)
    early_stopping: an `EarlyStopping`, or None to run all epochs.
    track_grad_norms: record each Linear layer's weight-gradient norm every epoch.
    progress: show a progress bar.

    If the loss becomes inf or nan, training stops at once with history.diverged
    set to True and a message saying where (lower the learning rate).
    """
    _check_model_and_loss("fit", model, loss_fn)
    _checks.instance("optimizer", optimizer, Optimizer, "fit", " such as optim.SGD(model.parameters(), lr=0.1)")
    held = [p for group in optimizer.param_groups for p in group["params"]]  # the tensors it will update
    if not {id(p) for p in held} & {id(p) for p in model.parameters()}:
        raise ValueError("fit: the optimizer holds none of the model's parameters: build it from this model, "
                         "e.g. optim.SGD(model.parameters(), lr=0.1)")
    _checks.integer("epochs", epochs, "fit", low=0)
    _checks.integer("batch_size", batch_size, "fit", low=1)  # (DataLoader's None, one sample at a time, is not for fit)
    _checks.boolean("track_grad_norms", track_grad_norms, "fit")
    _checks.boolean("progress", progress, "fit")
    if early_stopping is not None:
        _checks.instance("early_stopping", early_stopping, EarlyStopping, "fit",
                         " such as EarlyStopping(patience=5), or None")
    loader = train_data if isinstance(train_data, DataLoader) else \
        DataLoader(*_pair("train_data", train_data), batch_size=batch_size, shuffle=shuffle,
                   seed=seed, drop_last=drop_last, transform=transform)
    if len(loader) == 0:
        raise ValueError(f"fit: no training batch to run: {len(loader.y)} examples with batch_size="
                         f"{loader.batch_size} and drop_last=True leave none; use a smaller batch_size")
    if val_data is not None:
        val_data = _pair("val_data", val_data)
    if early_stopping is not None:
        early_stopping.reset()
    linears = [m for m in model.modules() if isinstance(m, Linear)]
    history = History()
    history.grad_norm_names = [f"layer {i}" for i in range(1, len(linears) + 1)] if track_grad_norms else []
    bar = _progress_bar(total=epochs, desc="training", unit="epoch", disable=not progress)

    # Diverging runs overflow to inf and nan; we detect that ourselves below, so
    # NumPy's RuntimeWarnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(1, epochs + 1):
            history.stopped_epoch = epoch
            model.train()
            losses, sizes, correct = [], [], 0
            for step, (xb, yb) in enumerate(loader, start=1):
                optimizer.zero_grad()
                out = model(xb)  # forward: (B, C)
                loss = loss_fn(out, yb)
                value = loss.item()
                if not math.isfinite(value):
                    _check_finite("train_data", xb, f"X in the batch of step {step}")  # bad data is not divergence
                    _check_finite("train_data", yb, f"y in the batch of step {step}")
                    history.diverged = True
                    history.message = (f"diverged at epoch {epoch}, step {step} (loss became "
                                       f"{value}): try a smaller learning rate")
                    break
                loss.backward()  # gradients of the loss with respect to every parameter
                optimizer.step()  # update the weights
                history.step_loss.append(value)
                losses.append(value)
                sizes.append(len(yb))
                if _is_classification(yb):
                    correct += int((_labels(out.data) == yb).sum())
            if history.diverged:
                break
            if not losses:
                raise ValueError(f"fit: the training data gave no batch in epoch {epoch} (e.g. a DataLoader "
                                 f"with drop_last=True and fewer samples than batch_size)")

            # Epoch summary. Train metrics: average over this epoch's batches (as Keras does).
            history.train_loss.append(float(np.average(losses, weights=sizes)))
            history.train_acc.append(correct / sum(sizes) if _is_classification(yb) else math.nan)
            if val_data is not None:
                val_loss, val_acc = evaluate(model, loss_fn, *val_data)
                history.val_loss.append(val_loss)
                history.val_acc.append(val_acc)
                if not math.isfinite(val_loss):
                    history.diverged = True
                    history.message = (f"diverged at epoch {epoch} (validation loss became "
                                       f"{val_loss}): try a smaller learning rate")
                    break
            if track_grad_norms:
                history.grad_norms.append(_grad_norms(linears))
            watched = history.val_loss if val_data is not None else history.train_loss
            history.best_epoch = int(np.argmin(watched)) + 1
            bar.update(1)
            bar.set_postfix(loss=f"{watched[-1]:.4f}")
            if early_stopping is not None:
                stop = early_stopping.step(watched[-1], epoch, model)
                history.best_epoch = early_stopping.best_epoch  # the epoch whose weights it keeps
                if stop:
                    history.early_stopped = epochs > epoch
                    break
    bar.close()

    if early_stopping is not None and early_stopping.restore_best and early_stopping.best_state is not None:
        model.load_state_dict(early_stopping.best_state)  # the weights of the best epoch
    return history


def evaluate(model, loss_fn, X, y):
    """(loss, accuracy) of `model` on (X, y) in eval mode, without building a graph.

    X: (N, ...), y: (N,) integer labels (accuracy is computed) or float targets
    (accuracy is nan). The model's previous train/eval mode is restored.
    """
    _check_model_and_loss("evaluate", model, loss_fn)
    if len(X) != len(y):
        raise ValueError(f"evaluate: X has {len(X)} samples but y has {len(y)} labels")
    was_training = model.training
    model.eval()
    try:
        with no_grad(), np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            out = model(X)
            loss = loss_fn(out, y).item()
            acc = accuracy(y, _labels(out.data)) if _is_classification(y) else math.nan
    finally:
        model.train(was_training)
    return float(loss), float(acc)


def predict(model, X):
    """Predicted integer labels (N,): the argmax of the model's outputs, in eval mode.

    A model with a single output column is read as a binary classifier: label 1 where
    the output (a logit) is > 0.
    """
    _checks.instance("model", model, Module, "predict")
    was_training = model.training
    model.eval()
    try:
        with no_grad(), np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            out = model(X)
    finally:
        model.train(was_training)
    return _labels(out.data)


def layer_grad_norms(model, loss_fn, X, y):
    """One forward/backward pass on (X, y); return each Linear layer's weight-gradient norm.

    Returns an array (n_layers,), first layer first: ||dL/dW|| (Frobenius norm).
    The weights are not changed and the gradients are cleared afterwards. The model
    runs in its current mode (call model.train() or model.eval() first).
    """
    _check_model_and_loss("layer_grad_norms", model, loss_fn)
    linears = [m for m in model.modules() if isinstance(m, Linear)]
    if not linears:
        raise ValueError(f"layer_grad_norms: {type(model).__name__} has no Linear layer")
    model.zero_grad()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        loss_fn(model(X), y).backward()
        norms = _grad_norms(linears)
    model.zero_grad()
    return norms


# --------------------------------------------------------------------- helpers
def _check_model_and_loss(where, model, loss_fn):
    _checks.instance("model", model, Module, where, " such as nn.Sequential(...)")
    _checks.function("loss_fn", loss_fn, where, " such as nn.CrossEntropyLoss()")


def _check_finite(name, X, where="X"):
    """Raise if X holds nan or inf: the data, not the learning rate, is then the problem."""
    X = np.asarray(X)
    if X.dtype.kind == "f" and not np.isfinite(X).all():
        bad = "nan" if np.isnan(X).any() else "inf"
        row = int(np.argwhere(~np.isfinite(X))[0][0])
        raise ValueError(f"fit: {name} contains {bad} ({where}, sample {row}): the data, not the learning "
                         f"rate, is the problem; remove or fill in those values before training")


def _pair(name, data):
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"fit: {name} must be a tuple (X, y) of arrays"
                        + (" or a DataLoader" if name == "train_data" else "")
                        + f", got {type(data).__name__}")
    X, y = np.asarray(data[0]), np.asarray(data[1])
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"fit: {name} must be arrays with one entry per sample, got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"fit: {name} has {len(X)} samples in X but {len(y)} labels in y")
    for part, array in (("X", X), ("y", y)):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"fit: {name} {part} must hold numbers, got dtype {array.dtype}")
        _check_finite(name, array, part)
    return X, y


def _is_classification(y):
    return np.issubdtype(np.asarray(y).dtype, np.integer)


def _labels(out):
    """Class labels from model outputs (N, C); a single column is a binary logit."""
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] == 1:
        return (out[:, 0] > 0).astype(np.int64)
    return out.argmax(axis=1)


def _grad_norms(linears):
    """L2 norm of each layer's weight gradient (float64; 0 where there is none)."""
    return np.array([0.0 if m.weight.grad is None else
                     float(np.sqrt(np.sum(np.square(m.weight.grad, dtype=np.float64))))
                     for m in linears])
