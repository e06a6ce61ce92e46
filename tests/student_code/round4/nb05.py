"""Blind student code for notebook 05 (round 4), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
import numpy as np

from nnlib import nn


def _linears(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def gn_modules(model, loss_fn, X, y):
    model.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    norms = [float(np.sqrt(np.sum(np.asarray(m.weight.grad, dtype=np.float64) ** 2))) for m in _linears(model)]
    model.zero_grad()
    return np.array(norms)


def gn_params_2d(model, loss_fn, X, y):
    for p in model.parameters():
        p.grad = None
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(p.grad, dtype=np.float64).ravel())
                     for p in model.parameters() if p.ndim == 2])


def gn_tensor_norm(model, loss_fn, X, y):
    model.zero_grad(set_to_none=False)
    loss_fn(model(X), y).backward()
    out = []
    for layer in model:
        if isinstance(layer, nn.Linear):
            out.append(layer.weight.grad.double().norm().item())
    return np.asarray(out)


# ---------- WRONG
def gn_no_zero_grad(model, loss_fn, X, y):
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(m.weight.grad)) for m in _linears(model)])


def gn_bias(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(m.bias.grad)) for m in _linears(model)])


def gn_all_params(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(p.grad)) for p in model.parameters()])


def gn_reversed(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(m.weight.grad)) for m in reversed(_linears(model))])


def gn_l1(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.abs(np.asarray(m.weight.grad)).sum() for m in _linears(model)])


def gn_max_abs(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.abs(np.asarray(m.weight.grad)).max() for m in _linears(model)])


def gn_rms(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sqrt(np.mean(np.asarray(m.weight.grad) ** 2)) for m in _linears(model)])


def gn_squared(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sum(np.asarray(m.weight.grad, dtype=np.float64) ** 2) for m in _linears(model)])


def gn_weight_norm(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(m.weight.numpy()) for m in _linears(model)])


def gn_zero_grad_too_early(model, loss_fn, X, y):
    loss_fn(model(X), y).backward()
    model.zero_grad(set_to_none=False)          # clears before reading
    return np.array([np.linalg.norm(np.asarray(m.weight.grad)) for m in _linears(model)])


def gn_float32_squares(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sqrt(np.sum(np.asarray(m.weight.grad).astype(np.float32) ** 2)) for m in _linears(model)])


def gn_row_norms(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.asarray(m.weight.grad), axis=1).mean() for m in _linears(model)])


RIGHT = {"05.grad_norms": [gn_modules, gn_params_2d, gn_tensor_norm]}
WRONG = {"05.grad_norms": [
    (gn_no_zero_grad, "no zero_grad: leftover gradients accumulate"),
    (gn_bias, "norms of the bias gradients instead of the weight gradients"),
    (gn_all_params, "norms of every parameter (weights and biases)"),
    (gn_reversed, "output layer first"),
    (gn_l1, "L1 norm (sum of |g|)"),
    (gn_max_abs, "max |g| (infinity norm)"),
    (gn_rms, "RMS: sqrt of the mean of squares, not the sum"),
    (gn_squared, "forgot the sqrt (squared norm)"),
    (gn_weight_norm, "norm of the weights, not of their gradients"),
    (gn_zero_grad_too_early, "zero_grad after backward, before reading: all zeros"),
    (gn_float32_squares, "squares summed in float32: tiny gradients underflow"),
    (gn_row_norms, "mean of per-row norms instead of the whole-matrix norm"),
]}
