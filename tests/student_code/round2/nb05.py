"""Blind student code for notebook 05 (round 2), written without reading the checks."""
import math

import numpy as np

from nnlib import nn


# ========================================================================== 05.grad_norms
def grad_norms_modules(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass."""
    model.zero_grad()
    loss_fn(model(X), y).backward()
    norms = []
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            g = np.asarray(layer.weight.grad.numpy(), dtype=np.float64)
            norms.append(np.sqrt(np.sum(g * g)))
    return np.array(norms)


def grad_norms_linalg(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass."""
    linears = [m for m in model if isinstance(m, nn.Linear)]
    for m in linears:                          # throw away anything left from before
        m.weight.grad = None
        if m.bias is not None:
            m.bias.grad = None
    loss = loss_fn(model(X), y)
    loss.backward()
    return np.array([np.linalg.norm(m.weight.grad.numpy().astype(np.float64).ravel()) for m in linears])


def grad_norms_named(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass."""
    for p in model.parameters():
        p.grad = None
    loss_fn(model(X), y).backward()
    out = []
    for name, module in model.named_modules():
        if type(module).__name__ == "Linear":
            g = module.weight.grad.numpy().astype(np.float64)
            out.append(math.sqrt(float(np.einsum("ij,ij->", g, g))))
    model.zero_grad()                          # leave the model clean, like layer_grad_norms
    return np.asarray(out, dtype=np.float64)


def grad_norms_leftover(model, loss_fn, X, y):
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(m.weight.grad.numpy()) for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_all_params(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(p.grad.numpy()) for p in model.parameters()])


def grad_norms_with_bias(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    norms = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            gw, gb = m.weight.grad.numpy(), m.bias.grad.numpy()
            norms.append(np.sqrt(np.sum(gw ** 2) + np.sum(gb ** 2)))   # the whole layer
    return np.array(norms)


def grad_norms_no_sqrt(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sum(m.weight.grad.numpy().astype(np.float64) ** 2)
                     for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_output_first(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return np.array([np.linalg.norm(m.weight.grad.numpy()) for m in reversed(linears)])   # backprop order


def grad_norms_of_weights(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(m.weight.data) for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_every_other(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    params = list(model.parameters())
    return np.array([np.linalg.norm(p.grad.numpy()) for p in params[0::2]])   # weight, bias, weight, bias, ...


def grad_norms_float32(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    norms = [np.sqrt(np.sum(np.square(m.weight.grad.numpy())))
             for m in model.modules() if isinstance(m, nn.Linear)]
    return np.array(norms, dtype=np.float32)


def grad_norms_list(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return [float(np.linalg.norm(m.weight.grad.numpy().astype(np.float64)))
            for m in model.modules() if isinstance(m, nn.Linear)]


# =========================================================================== 05.init_stds
def init_stds_math(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation."""
    return math.sqrt(2.0 / (fan_in + fan_out)), math.sqrt(2.0 / fan_in)


def init_stds_numpy(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation."""
    xavier = float(np.sqrt(2) / np.sqrt(fan_in + fan_out))
    he = float(np.sqrt(2) * fan_in ** -0.5)
    return xavier, he


def init_stds_from_variance(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation."""
    var_x = 1.0 / ((fan_in + fan_out) / 2)     # 1 / average fan
    var_he = 2 * (1 / fan_in)
    return var_x ** 0.5, var_he ** 0.5


def init_stds_variances(fan_in, fan_out):
    return 2 / (fan_in + fan_out), 2 / fan_in


def init_stds_he_fan_out(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out)), math.sqrt(2 / fan_out)


def init_stds_lecun(fan_in, fan_out):
    return math.sqrt(1 / fan_in), math.sqrt(2 / fan_in)


def init_stds_swapped(fan_in, fan_out):
    return math.sqrt(2 / fan_in), math.sqrt(2 / (fan_in + fan_out))


def init_stds_floor_division(fan_in, fan_out):
    return math.sqrt(2 // (fan_in + fan_out)), math.sqrt(2 // fan_in)


def init_stds_uniform_bound(fan_in, fan_out):
    return math.sqrt(6 / (fan_in + fan_out)), math.sqrt(6 / fan_in)


def init_stds_he_no_two(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out)), 1 / math.sqrt(fan_in)


RIGHT = {
    "05.grad_norms": [grad_norms_modules, grad_norms_linalg, grad_norms_named],
    "05.init_stds": [init_stds_math, init_stds_numpy, init_stds_from_variance],
}
WRONG = {
    "05.grad_norms": [
        (grad_norms_leftover, "I didn't clear the gradients first, so old ones get added in"),
        (grad_norms_all_params, "I took the norm of every parameter's gradient, biases too"),
        (grad_norms_with_bias, "one norm per layer but I put the bias gradient into it"),
        (grad_norms_no_sqrt, "I returned the sum of squares, forgot the square root"),
        (grad_norms_output_first, "I listed them from the output layer back, the way backprop goes"),
        (grad_norms_of_weights, "I took the norm of the weights instead of their gradients"),
        (grad_norms_every_other, "I took every other parameter, assuming weight, bias, weight, bias"),
        (grad_norms_float32, "I summed the squares in float32 (underflows for vanishing gradients)"),
        (grad_norms_list, "I returned a list, not an array"),
    ],
    "05.init_stds": [
        (init_stds_variances, "I returned the variances, not their square roots"),
        (init_stds_he_fan_out, "He with fan_out instead of fan_in"),
        (init_stds_lecun, "Xavier as sqrt(1 / fan_in)"),
        (init_stds_swapped, "returned (he, xavier)"),
        (init_stds_floor_division, "used // in the fractions"),
        (init_stds_uniform_bound, "used the 6 from the uniform version (that's the bound, not the std)"),
        (init_stds_he_no_two, "He as 1 / sqrt(fan_in), forgot the 2 for ReLU"),
    ],
}
