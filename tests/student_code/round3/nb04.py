"""Blind student code for notebook 04 (train_steps) (round 3), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
import numpy as np
from nnlib import nn, optim

EX = "04.train_steps"

# ---------------------------------------------------------------- RIGHT
def train_steps_nb(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses


def train_steps_zero_first(model, loss_fn, optimizer, batches):
    losses = []
    model.train()
    for i in range(len(batches)):
        xb, yb = batches[i]
        model.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return losses


def train_steps_helper(model, loss_fn, optimizer, batches):
    def step(batch):
        xb, yb = batch
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return float(loss.data)
    return [step(b) for b in batches]


# ---------------------------------------------------------------- WRONG
def train_steps_no_zero(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
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


def train_steps_double_step(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses


def train_steps_step_first(model, loss_fn, optimizer, batches):
    # step at the top of the loop: each batch's gradient is applied one iteration late,
    # and the last batch's gradient is never applied
    losses = []
    for xb, yb in batches:
        optimizer.step()
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        losses.append(loss.item())
    return losses


def train_steps_step_outside(model, loss_fn, optimizer, batches):
    losses = []
    optimizer.zero_grad()
    for xb, yb in batches:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        losses.append(loss.item())
    optimizer.step()                      # indentation slip: one step for all batches
    return losses


def train_steps_new_optimizer(model, loss_fn, optimizer, batches):
    lr = optimizer.param_groups[0]["lr"]
    losses = []
    for xb, yb in batches:
        opt = optim.SGD(model.parameters(), lr=lr)   # ignores the given optimiser (momentum/Adam lost)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def train_steps_sum_loss(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb) * len(yb)       # "total loss of the batch"
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_softmax_first(model, loss_fn, optimizer, batches):
    softmax = nn.Softmax(dim=1)
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(softmax(model(xb)), yb)        # probabilities into CrossEntropyLoss
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def train_steps_loss_after(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss_fn(model(xb), yb).item())  # records the loss after the update
    return losses


def train_steps_tensor_losses(model, loss_fn, optimizer, batches):
    losses = []
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss)                           # the tensor, not a float
    return losses


RIGHT = {EX: [train_steps_nb, train_steps_zero_first, train_steps_helper]}
WRONG = {EX: [
    (train_steps_no_zero, "never calls zero_grad: gradients accumulate"),
    (train_steps_zero_before_step, "zero_grad between backward and step: never updates"),
    (train_steps_double_step, "calls optimizer.step() twice per batch"),
    (train_steps_step_first, "step at the top of the loop: gradients applied one batch late, last one never"),
    (train_steps_step_outside, "step() outside the loop: one update with the summed gradients"),
    (train_steps_new_optimizer, "builds a fresh plain SGD each step, ignoring the given optimiser"),
    (train_steps_sum_loss, "multiplies the mean loss by the batch size (sum reduction)"),
    (train_steps_softmax_first, "applies softmax before CrossEntropyLoss"),
    (train_steps_loss_after, "records the loss recomputed after the update"),
    (train_steps_tensor_losses, "returns loss tensors instead of floats"),
]}
