"""Blind student code for notebook 08 (round 2), written without reading the checks."""
import copy

import numpy as np

from nnlib.train import EarlyStopping


# ------------------------------------------------------------------ 08.early_stopping, RIGHT
def es_right_loop(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, epoch


def es_right_nnlib(val_losses, patience):
    rule = EarlyStopping(patience=patience, restore_best=False)
    stopped = len(val_losses)
    for epoch, loss in enumerate(val_losses, start=1):
        if rule.step(loss, epoch, None):
            stopped = epoch
            break
    return rule.best_epoch, stopped


def es_right_vectorised(val_losses, patience):
    losses = np.asarray(val_losses, dtype=float)
    n = len(losses)
    best_before = np.minimum.accumulate(np.concatenate([[np.inf], losses[:-1]]))
    improved = losses < best_before
    idx = np.arange(n)
    last_improved = np.maximum.accumulate(np.where(improved, idx, -1))
    waited = idx - last_improved
    stops = np.flatnonzero(waited >= patience)
    stopped = int(stops[0]) + 1 if len(stops) else n
    return int(last_improved[stopped - 1]) + 1, stopped


# ------------------------------------------------------------------ 08.early_stopping, WRONG
def es_tie_counts(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss <= best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def es_one_late(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def es_zero_based(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch in range(len(val_losses)):
        if val_losses[epoch] < best_loss:
            best_loss, best_epoch, bad = val_losses[epoch], epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


def es_argmin_everything(val_losses, patience):
    best_epoch = int(np.argmin(val_losses)) + 1
    stopped = min(best_epoch + patience, len(val_losses))
    return best_epoch, stopped


def es_bad_never_reset(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def es_compare_previous(val_losses, patience):
    # "improved" = lower than the epoch before
    best_epoch, bad, prev = 1, 0, float("inf")
    best_loss = float("inf")
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < prev:
            bad = 0
            if loss < best_loss:
                best_loss, best_epoch = loss, epoch
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
        prev = loss
    return best_epoch, len(val_losses)


def es_best_plus_patience(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, best_epoch + patience


def es_never_stops_none(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


def es_loop_skips_last(val_losses, patience):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch in range(1, len(val_losses)):
        loss = val_losses[epoch - 1]
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, epoch


# ------------------------------------------------------------------ 08.restore_best, RIGHT
def rb_right_deepcopy(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_right_numpy_copies(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, waited, saved = np.inf, 0, 0, None
    stopped = 0
    while stopped < max_epochs and (waited < patience):
        stopped += 1
        train_one_epoch(model)
        val = float(validation_loss(model))
        if val < best:
            best, best_epoch, waited = val, stopped, 0
            saved = {name: np.array(t.data, copy=True) for name, t in model.state_dict().items()}
        else:
            waited += 1
    if saved is not None:
        model.load_state_dict(saved)
    return best_epoch, stopped


def rb_right_model_copy(model, train_one_epoch, validation_loss, patience, max_epochs):
    rule = EarlyStopping(patience=patience, restore_best=False)
    best_model = None
    stopped = 0
    for epoch in range(1, max_epochs + 1):
        stopped = epoch
        train_one_epoch(model)
        before = rule.best_epoch
        stop = rule.step(validation_loss(model), epoch, model)
        if rule.best_epoch != before:
            best_model = copy.deepcopy(model)
        if stop:
            break
    if best_model is not None:
        model.load_state_dict(best_model.state_dict())
    return rule.best_epoch, stopped


# ------------------------------------------------------------------ 08.restore_best, WRONG
def rb_no_copy(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = model.state_dict()
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_shallow_copy(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = dict(model.state_dict())     # a copy of the dict
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_no_restore(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, epoch


def rb_runs_all_epochs(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state, stopped = float("inf"), 0, 0, None, None
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience and stopped is None:
                stopped = epoch       # remember when we would have stopped, keep training anyway
    model.load_state_dict(best_state)
    return best_epoch, stopped if stopped is not None else max_epochs


def rb_one_epoch_short(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_snapshot_before_training(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        snapshot = copy.deepcopy(model.state_dict())
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = snapshot
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_parameters_only(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = {name: p.data.copy() for name, p in model.named_parameters()}
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state, strict=False)
    return best_epoch, epoch


def rb_ties_update(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss <= best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def rb_patience_plus_one(model, train_one_epoch, validation_loss, patience, max_epochs):
    best_loss, best_epoch, bad, best_state = float("inf"), 0, 0, None
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        elif bad >= patience:
            break
        else:
            bad += 1
    model.load_state_dict(best_state)
    return best_epoch, epoch


RIGHT = {
    "08.early_stopping": [es_right_loop, es_right_nnlib, es_right_vectorised],
    "08.restore_best": [rb_right_deepcopy, rb_right_numpy_copies, rb_right_model_copy],
}

WRONG = {
    "08.early_stopping": [
        (es_tie_counts, "used <= so a tie counts as an improvement (later epoch kept, patience reset)"),
        (es_one_late, "stopped when bad > patience, one epoch too late"),
        (es_zero_based, "returned Python's 0-based epoch numbers"),
        (es_argmin_everything, "took argmin of the whole list and stopped patience epochs after it"),
        (es_bad_never_reset, "forgot to reset the bad-epoch counter after an improvement"),
        (es_compare_previous, "compared with the previous epoch instead of the best so far"),
        (es_best_plus_patience, "returned best_epoch + patience as the stopping epoch, even when it never stops"),
        (es_never_stops_none, "when it never stops I returned len - 1"),
        (es_loop_skips_last, "range(1, len(val_losses)) skips the last epoch"),
    ],
    "08.restore_best": [
        (rb_no_copy, "saved model.state_dict() without deepcopy, so restoring restores nothing"),
        (rb_shallow_copy, "dict(model.state_dict()) copies the dict but not the arrays"),
        (rb_no_restore, "forgot to load the best weights back"),
        (rb_runs_all_epochs, "kept training until max_epochs and only reported when it would have stopped"),
        (rb_one_epoch_short, "range(1, max_epochs) trains one epoch too few"),
        (rb_snapshot_before_training, "took the snapshot before train_one_epoch, so it holds the previous epoch's weights"),
        (rb_parameters_only, "saved only the parameters, not the buffers (batch norm's running statistics)"),
        (rb_ties_update, "<= : a tie replaces the best epoch"),
        (rb_patience_plus_one, "checked the counter before increasing it: stops one epoch late"),
    ],
}
