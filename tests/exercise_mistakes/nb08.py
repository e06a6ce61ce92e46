"""Wrong student code for notebook 08's exercises (the early-stopping rule, restoring the best weights)."""

import copy
import math


def stops_late(val_losses, patience):
    best, best_epoch, waited = math.inf, 0, 0
    for i in range(len(val_losses)):
        if val_losses[i] < best:
            best, best_epoch, waited = val_losses[i], i + 1, 0
        elif waited == patience:             # checks before counting: one epoch too late
            return best_epoch, i + 1
        else:
            waited += 1
    return best_epoch, len(val_losses)


def stops_early(val_losses, patience):
    best, best_epoch, waited = math.inf, 0, 1  # the count starts at 1
    for epoch, loss in enumerate(val_losses, 1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 1
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def never_resets(val_losses, patience):
    best, best_epoch, bad = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, 1):
        if loss < best:
            best, best_epoch = loss, epoch
        else:
            bad += 1                          # total bad epochs, not bad epochs in a row
        if bad == patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)


def tie_counts(val_losses, patience):
    best, best_epoch, bad = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, 1):
        if loss <= best:
            best, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def counts_from_zero(val_losses, patience):
    best, best_epoch, bad = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


def watches_maximum(val_losses, patience):
    best, best_epoch, bad = -math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, 1):
        if loss > best:
            best, best_epoch, bad = loss, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def returns_last_epoch(val_losses, patience):
    best, bad = math.inf, 0
    for epoch, loss in enumerate(val_losses, 1):
        if loss < best:
            best, bad = loss, 0
        else:
            bad += 1
            if bad == patience:
                return epoch, epoch
    return len(val_losses), len(val_losses)


def never_stops(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, best_state = math.inf, 0, None
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best:
            best, best_epoch, best_state = loss, epoch, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return best_epoch, max_epochs


def saves_references(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, saved, bad = math.inf, 0, None, 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best:
            best, best_epoch, bad = loss, epoch, 0
            saved = model.state_dict()   # shares memory with the weights: not a snapshot
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(saved)
    return best_epoch, epoch


def saves_before_training(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, best_state, bad = math.inf, 0, None, 0
    for epoch in range(1, max_epochs + 1):
        state = copy.deepcopy(model.state_dict())   # taken before this epoch's training
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best:
            best, best_epoch, best_state, bad = loss, epoch, state, 0
        else:
            bad += 1
            if bad == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch, epoch


def one_epoch_too_many(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, best_state, bad = math.inf, 0, None, 0
    epoch = 0
    while epoch < max_epochs and bad <= patience:
        epoch += 1
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best:
            best, best_epoch, best_state, bad = loss, epoch, copy.deepcopy(model.state_dict()), 0
        else:
            bad += 1
    model.load_state_dict(best_state)
    return best_epoch, epoch


def saves_parameters_only(model, train_one_epoch, validation_loss, patience, max_epochs):
    best, best_epoch, best_params, bad = math.inf, 0, None, 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best:
            best, best_epoch, bad = loss, epoch, 0
            best_params = [p.data.copy() for p in model.parameters()]   # the buffers are not saved
        else:
            bad += 1
            if bad == patience:
                break
    for p, saved in zip(model.parameters(), best_params):
        p.data[...] = saved
    return best_epoch, epoch


MISTAKES = {
    "08.early_stopping": {
        "training that stops one epoch late": stops_late,
        "training that stops one epoch early": stops_early,
        "a count of bad epochs that is not reset by an improvement": never_resets,
        "a tie with the best loss counted as an improvement (<= instead of <)": tie_counts,
        "epochs counted from 0": counts_from_zero,
        "the highest loss watched instead of the lowest": watches_maximum,
        "the last epoch returned as the best one": returns_last_epoch,
    },
    "08.restore_best": {
        "training that never stops early (it always runs max_epochs)": never_stops,
        "a model left with the weights of the last epoch, not the best one": saves_references,
        "weights saved before the best epoch's training instead of after it": saves_before_training,
        "one epoch of training too many: it stops one epoch late": one_epoch_too_many,
        "the best parameters restored, but not the buffers (batch norm's running statistics)":
            saves_parameters_only,
    },
}
