"""Blind student code for notebook 08 (round 1), written without reading the checks."""
import copy

import numpy as np


# ----------------------------------------------------------------------------- 08.early_stopping: right

def early_stopping_loop(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = None, 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, epoch


def early_stopping_argmin(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    losses = np.asarray(val_losses, dtype=float)
    n = len(losses)
    for stop in range(1, n + 1):
        best = int(np.argmin(losses[:stop])) + 1      # argmin: the first one on a tie
        if stop - best >= patience:
            return best, stop
    return int(np.argmin(losses)) + 1, n


def early_stopping_lists(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    losses = list(val_losses)
    stopped = len(losses)
    for k in range(1, len(losses) + 1):
        seen = losses[:k]
        best = seen.index(min(seen)) + 1
        if k - best == patience:
            stopped = k
            break
    seen = losses[:stopped]
    return seen.index(min(seen)) + 1, stopped


# ----------------------------------------------------------------------------- 08.early_stopping: wrong

def early_stopping_tie_improves(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss <= best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, epoch


def early_stopping_one_late(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad > patience:
                break
    return best_epoch, epoch


def early_stopping_zero_based(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    stopped = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                stopped = epoch
                break
    return best_epoch, stopped


def early_stopping_global_best(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, bad = float("inf"), 0
    stopped = len(val_losses)
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, bad = loss, 0
        else:
            bad += 1
            if bad == patience:
                stopped = epoch
                break
    best_epoch = int(np.argmin(val_losses)) + 1
    return best_epoch, stopped


def early_stopping_no_reset(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            bad += 1              # one more epoch without improvement
        if bad == patience:
            break
    return best_epoch, epoch


def early_stopping_best_plus_patience(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, best_epoch + patience


def early_stopping_higher_is_better(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_score, best_epoch, bad = 0.0, 0, 0
    epoch = 0
    for epoch, score in enumerate(val_losses, start=1):
        if score > best_score:
            best_score, best_epoch, bad = score, epoch, 0
        else:
            bad += 1
            if bad == patience:
                break
    return best_epoch, epoch


def early_stopping_best_after_break(val_losses, patience):
    """When training stops, and which epoch it keeps."""
    best_loss, best_epoch, bad = float("inf"), 0, 0
    epoch = 0
    for epoch, loss in enumerate(val_losses, start=1):
        bad += 1
        if bad > patience:
            break
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
    return best_epoch, epoch


# ----------------------------------------------------------------------------- 08.restore_best: right

def restore_best_deepcopy(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = None, 0, None, 0
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    return best_epoch, epoch


def restore_best_model_copy(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    history = []
    best_model = None
    stopped = 0
    while stopped < max_epochs:
        stopped += 1
        train_one_epoch(model)
        history.append(validation_loss(model))
        best = history.index(min(history)) + 1
        if best == stopped:
            best_model = copy.deepcopy(model)
        if stopped - best == patience:
            break
    best_epoch = history.index(min(history)) + 1 if history else 0
    if best_model is not None:
        model.load_state_dict(best_model.state_dict())
    return best_epoch, stopped


def restore_best_numpy_snapshot(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss = np.inf
    best_epoch = 0
    snapshot = None
    waited = 0
    stopped_epoch = 0
    for epoch in range(max_epochs):
        train_one_epoch(model)
        stopped_epoch = epoch + 1
        loss = float(validation_loss(model))
        if snapshot is None or loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch + 1, 0
            snapshot = {name: np.array(t.numpy(), copy=True) for name, t in model.state_dict().items()}
        else:
            waited += 1
            if waited >= patience:
                break
    if snapshot is not None:
        model.load_state_dict(snapshot)
    return best_epoch, stopped_epoch


# ----------------------------------------------------------------------------- 08.restore_best: wrong

def restore_best_reference(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = model.state_dict()          # save the best weights
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def restore_best_never_restores(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
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


def restore_best_rebinds_local(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_model, bad = float("inf"), 0, None, 0
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_model = copy.deepcopy(model)
        else:
            bad += 1
            if bad == patience:
                break
    model = best_model                       # go back to the best model
    return best_epoch, epoch


def restore_best_dict_update(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
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
    model.state_dict().update(best_state)    # put the best weights back
    return best_epoch, epoch


def restore_best_validate_first(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                break
        train_one_epoch(model)
    model.load_state_dict(best_state)
    return best_epoch, epoch


def restore_best_no_break(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
    stopped_epoch = max_epochs
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad == patience:
                stopped_epoch = epoch          # remember when we would have stopped
    model.load_state_dict(best_state)
    return best_epoch, stopped_epoch


def restore_best_range_off_by_one(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
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


def restore_best_tie_counts(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch."""
    best_loss, best_epoch, best_state, bad = float("inf"), 0, None, 0
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


RIGHT = {
    "08.early_stopping": [early_stopping_loop, early_stopping_argmin, early_stopping_lists],
    "08.restore_best": [restore_best_deepcopy, restore_best_model_copy, restore_best_numpy_snapshot],
}

WRONG = {
    "08.early_stopping": [
        (early_stopping_tie_improves, "counts a tie with the best (<=) as an improvement"),
        (early_stopping_one_late, "stops when the count exceeds patience (bad > patience): one epoch late"),
        (early_stopping_zero_based, "returns epochs counted from 0 (enumerate without start=1)"),
        (early_stopping_global_best, "takes the best epoch over the whole list, also epochs after stopping"),
        (early_stopping_no_reset, "never resets the bad-epoch counter on an improvement (counts all bad epochs, not in a row)"),
        (early_stopping_best_plus_patience, "returns best_epoch + patience as the stopping epoch, even when the list ends first"),
        (early_stopping_higher_is_better, "copied from an accuracy monitor: a higher value counts as better"),
        (early_stopping_best_after_break, "increments the counter before checking, so the stop test runs one epoch late"),
    ],
    "08.restore_best": [
        (restore_best_reference, "stores model.state_dict() without copying: the 'best' weights keep changing"),
        (restore_best_never_restores, "finds the best epoch but never loads its weights back"),
        (restore_best_rebinds_local, "restores by model = best_model, which only rebinds the local name"),
        (restore_best_dict_update, "restores with model.state_dict().update(best), which changes a dict, not the model"),
        (restore_best_validate_first, "validates before training each epoch, so each loss belongs to the previous epoch's weights"),
        (restore_best_no_break, "forgets to break: trains all max_epochs and only records where it would have stopped"),
        (restore_best_range_off_by_one, "range(1, max_epochs): trains at most max_epochs - 1 epochs"),
        (restore_best_tie_counts, "a tie with the best (<=) counts as an improvement and moves the best epoch"),
    ],
}
