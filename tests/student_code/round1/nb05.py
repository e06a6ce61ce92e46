"""Blind student code for notebook 05 (round 1), written without reading the checks."""
import math

import numpy as np

from nnlib import nn, optim


# ============================================================================ 05.grad_norms
# ----------------------------------------------------------------------------- RIGHT
def grad_norms_modules(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass, first layer first.

    model: an nn.Sequential; loss_fn: e.g. nn.CrossEntropyLoss(); X: (N, D) inputs; y: (N,) labels.
    Returns an array with one norm per Linear layer.
    """
    model.zero_grad()                                    # forget gradients from earlier passes
    loss = loss_fn(model(X), y)
    loss.backward()
    norms = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            g = np.asarray(m.weight.grad.numpy(), dtype=np.float64)   # float64: tiny gradients must not underflow
            norms.append(np.sqrt(np.sum(g * g)))
    model.zero_grad()
    return np.array(norms)


def grad_norms_iterate_layers(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass, first layer first.

    model: an nn.Sequential; loss_fn: e.g. nn.CrossEntropyLoss(); X: (N, D) inputs; y: (N,) labels.
    Returns an array with one norm per Linear layer.
    """
    for p in model.parameters():
        p.grad = None
    loss_fn(model(X), y).backward()
    linears = [layer for layer in model if isinstance(layer, nn.Linear)]
    return np.array([np.linalg.norm(layer.weight.grad.numpy().astype(np.float64).ravel()) for layer in linears])


def grad_norms_hypot_scaled(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass, first layer first.

    model: an nn.Sequential; loss_fn: e.g. nn.CrossEntropyLoss(); X: (N, D) inputs; y: (N,) labels.
    Returns an array with one norm per Linear layer.
    """
    model.zero_grad()
    loss_fn(model(X), y).backward()
    result = []
    for name, module in model.named_modules():
        if type(module) is nn.Linear:
            g = np.abs(module.weight.grad.numpy()).astype(np.float64)
            scale = g.max()
            # scale first so that nothing over- or underflows, then undo the scaling
            result.append(0.0 if scale == 0 else float(scale * math.sqrt(np.sum((g / scale) ** 2))))
    return np.asarray(result, dtype=np.float64)


# ----------------------------------------------------------------------------- WRONG
def grad_norms_no_zero_grad(model, loss_fn, X, y):
    loss_fn(model(X), y).backward()          # adds to whatever gradients were already there
    return np.array([float(np.sqrt(np.sum(m.weight.grad.numpy().astype(np.float64) ** 2)))
                     for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_with_bias(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    out = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            gw = m.weight.grad.numpy().astype(np.float64)
            gb = m.bias.grad.numpy().astype(np.float64)
            out.append(np.sqrt(np.sum(gw ** 2) + np.sum(gb ** 2)))   # includes the bias gradient
    return np.array(out)


def grad_norms_reversed(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    out = []
    for p in reversed(list(model.parameters())):   # "backprop goes backwards", so last layer first
        if p.ndim == 2:
            out.append(np.sqrt(np.sum(p.grad.numpy().astype(np.float64) ** 2)))
    return np.array(out)


def grad_norms_squared(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sum(m.weight.grad.numpy().astype(np.float64) ** 2)   # forgot the square root
                     for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_float32(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    # Tensor.norm() in the gradient's own dtype: in float32 the squares of tiny gradients underflow
    return np.array([m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_spectral(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    # np.linalg.norm(matrix, 2) is the largest singular value, not sqrt(sum g^2)
    return np.array([np.linalg.norm(m.weight.grad.numpy().astype(np.float64), 2)
                     for m in model.modules() if isinstance(m, nn.Linear)])


def grad_norms_updates_weights(model, loss_fn, X, y):
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()
    norms = np.array([np.sqrt(np.sum(m.weight.grad.numpy().astype(np.float64) ** 2))
                      for m in model.modules() if isinstance(m, nn.Linear)])
    optimizer.step()                         # copied the whole training step: changes the weights
    return norms


def grad_norms_rms(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return np.array([np.sqrt(np.mean(m.weight.grad.numpy().astype(np.float64) ** 2))   # mean, not sum
                     for m in model.modules() if isinstance(m, nn.Linear)])


# ============================================================================ 05.init_stds
# ----------------------------------------------------------------------------- RIGHT
def init_stds_math(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation of a Linear layer.

    fan_in: inputs of the layer; fan_out: outputs of the layer.
    Returns (xavier_std, he_std), two numbers.
    """
    return math.sqrt(2.0 / (fan_in + fan_out)), math.sqrt(2.0 / fan_in)


def init_stds_numpy(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation of a Linear layer.

    fan_in: inputs of the layer; fan_out: outputs of the layer.
    Returns (xavier_std, he_std), two numbers.
    """
    variances = 2 / np.array([fan_in + fan_out, fan_in], dtype=np.float64)
    xavier, he = np.sqrt(variances)
    return float(xavier), float(he)


def init_stds_gain(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation of a Linear layer.

    fan_in: inputs of the layer; fan_out: outputs of the layer.
    Returns (xavier_std, he_std), two numbers.
    """
    fan_avg = (fan_in + fan_out) / 2
    xavier = 1.0 / fan_avg ** 0.5              # Glorot: variance 1 / fan_avg
    relu_gain = 2 ** 0.5
    he = relu_gain / fan_in ** 0.5             # He: gain sqrt(2) over sqrt(fan_in)
    return xavier, he


# ----------------------------------------------------------------------------- WRONG
def init_stds_variances(fan_in, fan_out):
    return 2 / (fan_in + fan_out), 2 / fan_in          # variances, not standard deviations


def init_stds_he_fan_out(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out)), math.sqrt(2 / fan_out)   # He with fan_out


def init_stds_he_no_two(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out)), math.sqrt(1 / fan_in)    # forgot ReLU's factor 2


def init_stds_xavier_lecun(fan_in, fan_out):
    return math.sqrt(1 / fan_in), math.sqrt(2 / fan_in)               # Xavier as 1 / fan_in


def init_stds_int_division(fan_in, fan_out):
    return math.sqrt(2 // (fan_in + fan_out)), math.sqrt(2 // fan_in)  # integer division: 0 almost always


def init_stds_uniform_bound(fan_in, fan_out):
    return math.sqrt(6 / (fan_in + fan_out)), math.sqrt(6 / fan_in)   # the uniform version's bounds


def init_stds_swapped(fan_in, fan_out):
    return math.sqrt(2 / fan_in), math.sqrt(2 / (fan_in + fan_out))   # returns (he, xavier)


def init_stds_two_over_avg(fan_in, fan_out):
    fan_avg = (fan_in + fan_out) / 2
    return math.sqrt(2 / fan_avg), math.sqrt(2 / fan_in)              # 2 / fan_avg: a factor sqrt(2) too big


def init_stds_product(fan_in, fan_out):
    return math.sqrt(2 / (fan_in * fan_out)), math.sqrt(2 / fan_in)   # product of the fans instead of sum


RIGHT = {
    "05.grad_norms": [grad_norms_modules, grad_norms_iterate_layers, grad_norms_hypot_scaled],
    "05.init_stds": [init_stds_math, init_stds_numpy, init_stds_gain],
}
WRONG = {
    "05.grad_norms": [
        (grad_norms_no_zero_grad, "does not clear old gradients before backward"),
        (grad_norms_with_bias, "includes the bias gradient in each layer's norm"),
        (grad_norms_reversed, "returns the norms last layer first"),
        (grad_norms_squared, "returns the squared norm (no square root)"),
        (grad_norms_float32, "uses grad.norm() in the float32 of the gradient: squares of vanishing gradients underflow (norm 0 below about 1e-22, imprecise above)"),
        (grad_norms_spectral, "np.linalg.norm(g, 2) on a matrix: spectral norm, not sqrt(sum g^2)"),
        (grad_norms_updates_weights, "also makes an SGD step: changes the model's weights"),
        (grad_norms_rms, "root mean square instead of root sum of squares"),
    ],
    "05.init_stds": [
        (init_stds_variances, "returns the variances instead of the standard deviations"),
        (init_stds_he_fan_out, "He uses fan_out instead of fan_in"),
        (init_stds_he_no_two, "He without the factor 2 for ReLU"),
        (init_stds_xavier_lecun, "Xavier as sqrt(1 / fan_in) (LeCun)"),
        (init_stds_int_division, "integer division 2 // (...): zero unless the fans are tiny"),
        (init_stds_uniform_bound, "uses the uniform bounds sqrt(6 / ...)"),
        (init_stds_swapped, "returns (he, xavier)"),
        (init_stds_two_over_avg, "Xavier as sqrt(2 / fan_avg)"),
        (init_stds_product, "Xavier with fan_in * fan_out instead of fan_in + fan_out"),
    ],
}
