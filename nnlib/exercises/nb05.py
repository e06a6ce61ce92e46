"""Exercises of notebook 05: per-layer gradient norms, and the Xavier and He initial standard deviations."""

import numpy as np

import nnlib
from nnlib import nn

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 05.grad_norms


def grad_norms(model, loss_fn, X, y):
    """The norm of each Linear layer's weight gradient after one forward/backward pass, first layer first.

    model: an nn.Sequential; loss_fn: e.g. nn.CrossEntropyLoss(); X: (N, D) inputs; y: (N,) labels.
    Returns an array (number of Linear layers,) of Frobenius norms sqrt(sum(grad**2)).
    """
    linears = [layer for layer in model if isinstance(layer, nn.Linear)]
    model.zero_grad()                        # gradients from earlier passes must not count
    loss_fn(model(X), y).backward()
    return np.array([np.sqrt(np.sum(layer.weight.grad ** 2)) for layer in linears])


def _linears(model):
    return [layer for layer in model if isinstance(layer, nn.Linear)]


def _gn_weights(model, loss_fn, X, y):
    return np.array([np.linalg.norm(layer.weight.data) for layer in _linears(model)])


def _gn_squared(model, loss_fn, X, y):
    return grad_norms(model, loss_fn, X, y) ** 2


def _gn_reversed(model, loss_fn, X, y):
    return grad_norms(model, loss_fn, X, y)[::-1].copy()


def _gn_stale(model, loss_fn, X, y):
    loss_fn(model(X), y).backward()
    return np.array([np.linalg.norm(layer.weight.grad) for layer in _linears(model)])


def _gn_fresh(model, loss_fn, X, y):
    model.zero_grad()
    loss_fn(model(X), y).backward()
    return _linears(model)


def _gn_with_bias(model, loss_fn, X, y):
    return np.array([np.sqrt(np.sum(m.weight.grad ** 2) + np.sum(m.bias.grad ** 2))
                     for m in _gn_fresh(model, loss_fn, X, y)])


def _gn_bias_only(model, loss_fn, X, y):
    return np.array([np.sqrt(np.sum(m.bias.grad ** 2)) for m in _gn_fresh(model, loss_fn, X, y)])


def _gn_spectral(model, loss_fn, X, y):
    return np.array([np.linalg.norm(m.weight.grad, 2) for m in _gn_fresh(model, loss_fn, X, y)])


def _gn_rms(model, loss_fn, X, y):
    return np.array([np.sqrt(np.mean(m.weight.grad ** 2)) for m in _gn_fresh(model, loss_fn, X, y)])


def _net(depth, activation, std, dtype, seed, width=8):
    nnlib.manual_seed(seed)
    sizes = [6] + [width] * (depth - 1) + [3]
    layers = []
    for i in range(depth):
        linear = nn.Linear(sizes[i], sizes[i + 1])
        nn.init.normal_(linear.weight, 0.0, std)
        layers.append(linear)
        if i < depth - 1:
            layers.append(activation())
    model = nn.Sequential(*layers)
    return model.double() if dtype == np.float64 else model


def _mixed_net(seed):
    """Linear without bias, BatchNorm1d, ReLU, Linear, ReLU, Linear: parameters do not come in (weight, bias) pairs."""
    nnlib.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 8, bias=False), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(),
                         nn.Linear(8, 3)).double().eval()   # eval: the forward pass leaves the running statistics


def _gn_cases():
    rng = np.random.default_rng(6)

    def data(n, dtype):
        return rng.normal(size=(n, 6)).astype(dtype), rng.integers(0, 3, size=n)

    loss_fn = nn.CrossEntropyLoss()
    stale = _net(3, nn.Tanh, 0.5, np.float64, 3)
    X_old, y_old = data(5, np.float64)
    loss_fn(stale(X_old), y_old).backward()          # leaves gradients behind in the model
    return [
        Case("ReLU, 3 layers, float32", (_net(3, nn.ReLU, 0.5, np.float32, 0), loss_fn, *data(16, np.float32))),
        Case("sigmoid, 6 layers, small weights (vanishing), float64",
             (_net(6, nn.Sigmoid, 0.05, np.float64, 1), loss_fn, *data(16, np.float64))),
        Case("a batch of one", (_net(2, nn.Tanh, 0.5, np.float64, 2), loss_fn, *data(1, np.float64))),
        Case("a model with gradients left over from an earlier pass", (stale, loss_fn, *data(8, np.float64))),
        Case("batch norm and a Linear without bias: not every other parameter is a weight",
             (_mixed_net(4), loss_fn, *data(8, np.float64))),
    ]


GRAD_NORMS = Exercise(
    id="05.grad_norms",
    task="per-layer gradient norms",
    reference=grad_norms,
    cases=_gn_cases,
    returns=("norms",),
    same_dtype=False,  # measurements, like a loss: right answers compute them in float64 as well
    tolerances={"float32": (1e-3, 1e-30), "float64": (1e-9, 1e-30)},   # tiny norms are the point: relative only
    mistakes=(
        Mistake("the norms of the weights, not of their gradients",
                "After backward(), each layer's gradient is layer.weight.grad; layer.weight.data is the weight.",
                like=_gn_weights),
        Mistake("squared norms (the square root is missing)",
                "The norm is sqrt(sum(grad**2)), or np.linalg.norm(grad).", like=_gn_squared),
        Mistake("the layers in reverse order (last layer first)",
                "List the Linear layers from input to output: the first layer's norm comes first.", like=_gn_reversed),
        Mistake("the bias gradient counted in each layer's norm",
                "Measure the weight gradient only: sqrt(sum(layer.weight.grad ** 2)).", like=_gn_with_bias),
        Mistake("the bias gradients instead of the weight gradients",
                "Each Linear layer has two gradients, layer.weight.grad and layer.bias.grad: measure the weight's.",
                like=_gn_bias_only),
        Mistake("the spectral norm (np.linalg.norm(g, 2) of a matrix) instead of the Frobenius norm",
                "On a matrix, np.linalg.norm(g, 2) is its largest singular value; the task asks for "
                "sqrt(sum(g ** 2)), which is np.linalg.norm(g).", like=_gn_spectral),
        Mistake("the root mean square (a mean where the sum belongs)",
                "The Frobenius norm is the square root of the sum of the squared entries, not of their mean.",
                like=_gn_rms),
        Mistake("gradients left over from an earlier pass added in (no zero_grad)",
                "backward() adds to .grad: call model.zero_grad() before the forward pass.", like=_gn_stale),
    ),
    hint="Which layers have a weight gradient to measure, and in which order does a Sequential hold them? The "
         "model may carry gradients from an earlier pass: what does backward() do with them?",
    hint_more="Keep the Linear layers in their order; clear the old gradients, run one forward and backward "
              "pass, then take each weight gradient's Frobenius norm (the square root of the sum of its squared "
              "entries).",
    explanation="A Sequential can be iterated layer by layer, input first. zero_grad() matters because backward() "
                "accumulates. The Frobenius norm sqrt(sum(g**2)) sums over every entry of the (out, in) gradient.",
)

# ---------------------------------------------------------------- 05.init_stds


def init_stds(fan_in, fan_out):
    """Standard deviations of Xavier (Glorot) and He (Kaiming) normal initialisation of a Linear layer.

    fan_in: inputs of the layer; fan_out: outputs of the layer.
    Returns (xavier_std, he_std): sqrt(2 / (fan_in + fan_out)) and sqrt(2 / fan_in), for ReLU.
    """
    xavier_std = np.sqrt(2.0 / (fan_in + fan_out))    # keeps the variance through tanh (slope 1), not sigmoid
    he_std = np.sqrt(2.0 / fan_in)                     # ReLU zeroes half the signal: twice the variance
    return xavier_std, he_std


def _is_variance(fan_in, fan_out):
    return 2.0 / (fan_in + fan_out), 2.0 / fan_in


def _he_fan_out(fan_in, fan_out):
    return np.sqrt(2.0 / (fan_in + fan_out)), np.sqrt(2.0 / fan_out)


def _xavier_fan_in(fan_in, fan_out):
    return np.sqrt(1.0 / fan_in), np.sqrt(2.0 / fan_in)


def _xavier_uniform_bound(fan_in, fan_out):
    return np.sqrt(6.0 / (fan_in + fan_out)), np.sqrt(6.0 / fan_in)


def _init_cases():
    return [
        Case("the digits' first layer, 64 in, 32 out", (64, 32)),
        Case("784 in, 256 out", (784, 256)),
        Case("one input, 10 outputs", (1, 10)),
        Case("10 inputs, one output", (10, 1)),
        Case("a square layer, 100 by 100", (100, 100)),
    ]


INIT_STDS = Exercise(
    id="05.init_stds",
    task="Xavier and He standard deviations",
    reference=init_stds,
    cases=_init_cases,
    returns=("xavier_std", "he_std"),
    mistakes=(
        Mistake("variances instead of standard deviations (no square root)",
                "The formulas give the variance of the weights; the standard deviation is its square root.",
                like=_is_variance),
        Mistake("He's deviation computed from fan_out",
                "He initialisation keeps the forward signal's size: it divides by the layer's inputs, fan_in.",
                like=_he_fan_out),
        Mistake("Xavier's deviation computed from fan_in alone (sqrt(1 / fan_in))",
                "Xavier averages both directions: variance 2 / (fan_in + fan_out).", like=_xavier_fan_in),
        Mistake("the uniform distributions' bounds (sqrt(6 / ...)) instead of the normal deviations",
                "A uniform on [-a, a] has deviation a / sqrt(3); the normal versions use sqrt(2 / ...).",
                like=_xavier_uniform_bound),
    ),
    hint="Both rules fix the VARIANCE of the weights; the function returns standard deviations. Xavier balances "
         "the forward and the backward pass; He accounts for ReLU zeroing half of the signal.",
    hint_more="Xavier's variance is 2 over the sum of the layer's inputs and outputs; He's is 2 over its inputs "
              "only. Take square roots.",
    explanation="Xavier keeps the variance of the signal (forwards) and of the gradient (backwards) balanced, which "
                "gives variance 2 / (fan_in + fan_out). ReLU zeroes half of its inputs, halving the variance, so He "
                "doubles the weights' variance to 2 / fan_in.",
)

EXERCISES = (GRAD_NORMS, INIT_STDS)
