"""Exercises of notebook 08: the early-stopping rule, and a training loop that restores the best weights."""

import copy

import numpy as np

from .compare import to_array
from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 08.early_stopping


def early_stopping(val_losses, patience):
    """When training stops, and which epoch it keeps.

    val_losses: the validation loss after epochs 1, 2, 3, ... (a list of numbers);
    patience: stop once the loss has not improved (strictly) for this many epochs in a row.
    Returns best_epoch (the epoch with the lowest loss before stopping; the first one on a tie)
    and stopped_epoch (the epoch after which training stops; the last one if it never stops),
    both counted from 1.
    """
    best_loss, best_epoch, bad_epochs = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:                  # an improvement: remember it, reset the count
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
        else:
            bad_epochs += 1
            if bad_epochs == patience:        # `patience` epochs in a row without improvement
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _stops_late(val_losses, patience):
    best_loss, best_epoch, bad_epochs = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
        else:
            bad_epochs += 1
            if bad_epochs > patience:            # one epoch too many
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _stops_early(val_losses, patience):
    best_loss, best_epoch, bad_epochs = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
        else:
            bad_epochs += 1
            if bad_epochs == max(patience - 1, 1):   # one epoch too few
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _no_reset(val_losses, patience):
    best_loss, best_epoch, bad_epochs = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            bad_epochs += 1
            if bad_epochs == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _tie_improves(val_losses, patience):
    best_loss, best_epoch, bad_epochs = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss <= best_loss:
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
        else:
            bad_epochs += 1
            if bad_epochs == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _from_zero(val_losses, patience):
    best, stopped = early_stopping(val_losses, patience)
    return best - 1, stopped - 1


def _watches_maximum(val_losses, patience):
    return early_stopping([-loss for loss in val_losses], patience)


def _best_is_last(got, expected, case):
    best, stopped = (int(to_array(g)) for g in got)
    return best == stopped and expected[0] != expected[1]


def _early_stopping_cases():
    return [
        Case("falls, then rises: best epoch 3, patience 3 (a NumPy array)",
             (np.array([1.0, 0.8, 0.6, 0.65, 0.7, 0.62, 0.9, 1.0, 1.1, 0.5]), 3)),
        Case("a bump within the patience, then a new best",
             ([1.0, 0.9, 0.95, 0.97, 0.7, 0.75, 0.8, 0.85, 0.9], 3)),
        Case("a tie with the best is not an improvement", ([1.0, 0.5, 0.5, 0.6, 0.5, 0.4], 3)),
        Case("patience 1", ([0.9, 0.8, 0.85, 0.7], 1)),
        Case("the first epoch is the best", ([0.3, 0.4, 0.5, 0.6, 0.7], 2)),
        Case("always improving: never stops", ([5.0, 4.0, 3.0, 2.5, 2.0], 2)),
        Case("a diverged epoch (inf) counts as no improvement", ([2.0, 1.0, float("inf"), 0.9, 1.5, 1.6], 2)),
        Case("a single epoch", ([0.7], 5)),
    ]


EARLY_STOPPING = Exercise(
    id="08.early_stopping",
    task="the early-stopping rule",
    reference=early_stopping,
    cases=_early_stopping_cases,
    returns=("best_epoch", "stopped_epoch"),
    mistakes=(
        Mistake("training that stops one epoch late",
                "Stop in the epoch where the count of epochs without improvement reaches `patience` "
                "(stopped_epoch - best_epoch == patience), not one epoch later.", like=_stops_late),
        Mistake("training that stops one epoch early",
                "Count `patience` full epochs without improvement after the best one before stopping.",
                like=_stops_early),
        Mistake("a count of bad epochs that is not reset by an improvement",
                "Set the count back to 0 whenever the loss reaches a new best: patience counts epochs in a row.",
                like=_no_reset),
        Mistake("a tie with the best loss counted as an improvement (<= instead of <)",
                "Only a strictly lower loss is an improvement: use loss < best_loss.", like=_tie_improves),
        Mistake("epochs counted from 0",
                "Epochs are counted from 1 here, as in fit's History: enumerate(val_losses, start=1).",
                like=_from_zero),
        Mistake("the highest loss watched instead of the lowest",
                "A better model has a LOWER validation loss: start from best_loss = inf and look for loss < best_loss.",
                like=_watches_maximum),
        Mistake("the last epoch returned as the best one",
                "Remember the epoch of the lowest loss when it happens; the stopping epoch comes `patience` later.",
                when=_best_is_last),
    ),
    hint="Keep the best loss so far (start at np.inf), its epoch, and a count of epochs without improvement. "
         "Count epochs from 1; a new best resets the count; return as soon as the count reaches patience.",
    explanation="This is the loop of the notebook without the training: after each epoch either the loss is a new "
                "best (remember it, reset the count) or it is not (count it). Training stops in the epoch where "
                "the count reaches patience, so stopped_epoch - best_epoch == patience whenever it stops early.",
)

# ---------------------------------------------------------------- 08.restore_best


def train_with_early_stopping(model, train_one_epoch, validation_loss, patience, max_epochs):
    """Train with early stopping and leave the model with the weights of its best epoch.

    model: an nnlib model; train_one_epoch(model) trains it for one epoch (it changes the weights);
    validation_loss(model) returns a number; patience: as in 08.early_stopping; max_epochs: at most
    this many epochs. Returns best_epoch and stopped_epoch (counted from 1); afterwards the model
    holds the weights it had at the end of best_epoch.
    """
    best_loss, best_epoch, best_state, bad_epochs = np.inf, 0, None, 0
    for epoch in range(1, max_epochs + 1):
        train_one_epoch(model)
        loss = validation_loss(model)
        if loss < best_loss:
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())   # a snapshot: state_dict() shares memory
        else:
            bad_epochs += 1
            if bad_epochs == patience:
                break
    model.load_state_dict(best_state)                # back to the best epoch
    return best_epoch, epoch


class _ScriptedTraining:
    """train_one_epoch for the checks: epoch e sets every weight to e, in place, as an optimiser does,
    and every buffer (batch norm's running statistics) to e, as a training-mode forward pass does.

    Nothing is learned: the weights simply record which epoch they come from, and the
    validation loss of weights "e" is losses[e - 1]. `calls` counts the epochs trained.
    """

    def __init__(self):
        self.calls = 0

    def __call__(self, model):
        self.calls += 1
        for _, t in [*model.named_parameters(), *model.named_buffers()]:
            t.data[...] = self.calls


class _ScriptedLoss:
    """validation_loss for the checks: the loss of a model whose weights are all e is losses[e - 1].

    Weights that no epoch produced (the untrained model, if a loop measures it first) get a loss
    of 10, worse than any epoch's, as an untrained network would.
    """

    def __init__(self, losses):
        self.losses = list(losses)

    def __call__(self, model):
        value = float(next(iter(model.parameters())).data.flat[0])
        epoch = int(round(value))
        if value != epoch or not 1 <= epoch <= len(self.losses):
            return 10.0
        return self.losses[epoch - 1]


def _held(tensors):
    """The epoch whose values the tensors all hold (-1 when they disagree, 0 when there are none)."""
    values = np.concatenate([np.ravel(t.data).astype(np.float64) for t in tensors] or [np.zeros(1)])
    return int(round(float(values.mean()))) if np.all(values == values[0]) else -1


def _restore_observe(result, arguments):
    """(best_epoch, stopped_epoch, the epochs whose weights and buffers the model holds, epochs trained)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return result
    model = arguments["model"]
    return (result[0], result[1], _held(model.parameters()), arguments["train_one_epoch"].calls,
            _held(t for _, t in model.named_buffers()))


def _restore_cases():
    from .. import nn  # the model the checks train: any small nnlib model will do

    def case(name, losses, patience, max_epochs=None, batch_norm=False):
        model = nn.Sequential(nn.Linear(3, 2), *([nn.BatchNorm1d(2)] if batch_norm else []), nn.ReLU(),
                              nn.Linear(2, 1))
        return Case(name, (model, _ScriptedTraining(), _ScriptedLoss(losses), patience, max_epochs or len(losses)))

    return [
        case("best epoch 3, patience 3", [1.0, 0.8, 0.6, 0.65, 0.7, 0.62, 0.9, 1.0, 1.1, 0.5], 3),
        case("a bump, then a new best; patience 2", [1.0, 0.9, 0.95, 0.7, 0.75, 0.8, 0.6], 2),
        case("the first epoch is the best, patience 1", [0.3, 0.4, 0.5], 1),
        case("never stops: the last epoch is the best", [3.0, 2.0, 1.0], 2),
        case("max_epochs = 4 ends it before patience does", [1.0, 0.5, 0.6, 0.7, 0.8, 0.9], 5, 4),
        case("a tie with the best is not an improvement, patience 2", [1.0, 0.5, 0.5, 0.6, 0.4, 0.7], 2),
        case("a model with batch norm: its running statistics are restored too, patience 2",
             [1.0, 0.6, 0.7, 0.8, 0.9], 2, batch_norm=True),
    ]


def _keeps_last_weights(got, expected, case):
    held, trained, best = int(got[2]), int(got[3]), int(expected[0])
    return held == trained != best and held != int(got[0])


def _holds_epoch_before_best(got, expected, case):
    return int(got[2]) == int(expected[0]) - 1


def _trained_extra_epoch(got, expected, case):
    return int(got[3]) == int(expected[3]) + 1


def _buffers_not_restored(got, expected, case):
    return int(got[2]) == int(expected[2]) and int(got[4]) != int(expected[4])


def _runs_to_max(got, expected, case):
    return int(got[3]) == case.args[4] > int(expected[3])


RESTORE_BEST = Exercise(
    id="08.restore_best",
    task="training with early stopping and restoring the best weights",
    reference=train_with_early_stopping,
    cases=_restore_cases,
    returns=("best_epoch", "stopped_epoch", "epoch of the weights the model holds", "epochs trained",
             "epoch of the buffers (batch norm's running statistics) the model holds"),
    observe=_restore_observe,
    mutable=("model", "train_one_epoch"),
    mistakes=(
        Mistake("training that never stops early (it always runs max_epochs)",
                "Count the epochs without improvement and break out of the loop when the count equals patience.",
                when=_runs_to_max),
        Mistake("a model left with the weights of the last epoch, not the best one",
                "Save a snapshot when the loss improves (best_state = copy.deepcopy(model.state_dict())) and load it "
                "back at the end (model.load_state_dict(best_state)). model.state_dict() and p.data share memory "
                "with the model, as in torch: training changes them later.",
                when=_keeps_last_weights),
        Mistake("weights saved before the best epoch's training instead of after it",
                "Save the state right after measuring the new best validation loss, i.e. after training that epoch.",
                when=_holds_epoch_before_best),
        Mistake("one epoch of training too many: it stops one epoch late",
                "Stop (break) in the epoch where the count of epochs without improvement reaches patience.",
                when=_trained_extra_epoch),
        Mistake("the best parameters restored, but not the buffers (batch norm's running statistics)",
                "Save and load the whole model.state_dict(): it holds the buffers as well as the parameters, and "
                "a batch norm model in evaluation mode needs the running statistics of the best epoch.",
                when=_buffers_not_restored),
    ),
    hint="The loop of 08.early_stopping with train_one_epoch(model) and validation_loss(model) inside. When "
         "the loss improves, keep a copy of the weights (model.state_dict() shares memory with the model, so "
         "copy it with copy.deepcopy); after the loop, put that copy back.",
    explanation="The loop of section 2 of the notebook. model.state_dict() shares memory with the weights (as in "
                "torch), so copy.deepcopy makes a snapshot that later training cannot change; restoring it puts the "
                "best epoch's weights back, and the model then gives exactly the lowest validation loss seen.",
)

EXERCISES = (EARLY_STOPPING, RESTORE_BEST)
