"""Wrong student code for notebook 05's exercises, one per named mistake."""

import numpy as np

from nnlib import nn


def norms_of_weights(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sqrt((layer.weight.data ** 2).sum()) for layer in model if isinstance(layer, nn.Linear)])


def norms_squared(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([(layer.weight.grad ** 2).sum() for layer in model if isinstance(layer, nn.Linear)])


def norms_last_first(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    result = []
    for i in range(len(model) - 1, -1, -1):
        if isinstance(model[i], nn.Linear):
            result.append(np.linalg.norm(model[i].weight.grad))
    return np.array(result)


def norms_without_zero_grad(model, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    return np.array([np.linalg.norm(m.weight.grad) for m in model if isinstance(m, nn.Linear)])


def stds_as_variances(fan_in, fan_out):
    return 2 / (fan_in + fan_out), 2 / fan_in


def stds_he_from_fan_out(fan_in, fan_out):
    return (2 / (fan_in + fan_out)) ** 0.5, (2 / fan_out) ** 0.5


def stds_lecun(fan_in, fan_out):
    return 1 / np.sqrt(fan_in), np.sqrt(2 / fan_in)


def stds_uniform_bounds(fan_in, fan_out):
    return np.sqrt(6 / (fan_in + fan_out)), np.sqrt(3) * np.sqrt(2 / fan_in)


def norms_weight_and_bias(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(np.concatenate([layer.weight.grad.ravel(), layer.bias.grad.ravel()]))
                     for layer in model if isinstance(layer, nn.Linear)])


def norms_of_bias_gradients(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(layer.bias.grad) for layer in model if isinstance(layer, nn.Linear)])


def norms_ord_two(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(layer.weight.grad, ord=2) for layer in model if isinstance(layer, nn.Linear)])


def norms_root_mean_square(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(layer.weight.grad) / np.sqrt(layer.weight.grad.numel())
                     for layer in model if isinstance(layer, nn.Linear)])


MISTAKES = {
    "05.grad_norms": {
        "the norms of the weights, not of their gradients": norms_of_weights,
        "squared norms (the square root is missing)": norms_squared,
        "the layers in reverse order (last layer first)": norms_last_first,
        "the bias gradient counted in each layer's norm": norms_weight_and_bias,
        "the bias gradients instead of the weight gradients": norms_of_bias_gradients,
        "the spectral norm (np.linalg.norm(g, 2) of a matrix) instead of the Frobenius norm": norms_ord_two,
        "the root mean square (a mean where the sum belongs)": norms_root_mean_square,
        "gradients left over from an earlier pass added in (no zero_grad)": norms_without_zero_grad,
    },
    "05.init_stds": {
        "variances instead of standard deviations (no square root)": stds_as_variances,
        "He's deviation computed from fan_out": stds_he_from_fan_out,
        "Xavier's deviation computed from fan_in alone (sqrt(1 / fan_in))": stds_lecun,
        "the uniform distributions' bounds (sqrt(6 / ...)) instead of the normal deviations": stds_uniform_bounds,
    },
}
