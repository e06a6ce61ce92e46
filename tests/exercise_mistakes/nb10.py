"""Wrong student code for notebook 10's exercises (batch norm forward and backward), one per named mistake."""

import numpy as np


def _stats(x):
    n = x.shape[0]
    mean = np.sum(x, axis=0) / n
    return n, mean, np.sum((x - mean) ** 2, axis=0) / n


def bn_unbiased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n, mean, _ = _stats(x)
        var = np.sum((x - mean) ** 2, axis=0) / (n - 1)     # unbiased, also for normalising
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_running_biased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        _, mean, var = _stats(x)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_momentum_swapped(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n, mean, var = _stats(x)
        new_mean = momentum * running_mean + (1 - momentum) * mean
        new_var = momentum * running_var + (1 - momentum) * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_no_branch(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    n, mean, var = _stats(x)                                   # training is never looked at
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_eval_batch_stats(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    n, mean, var = _stats(x)
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    if training:
        return (out, (1 - momentum) * running_mean + momentum * mean,
                (1 - momentum) * running_var + momentum * var * n / (n - 1))
    return out, running_mean, running_var


def bn_eval_updates(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    n, mean, var = _stats(x)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    if not training:
        mean, var = running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_never_updates(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        _, mean, var = _stats(x)
    else:
        mean, var = running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean.copy(), running_var.copy()


def bn_eps_outside(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n, mean, var = _stats(x)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    return gamma * (x - mean) / (np.sqrt(var) + eps) + beta, new_mean, new_var


def bn_no_gamma_beta(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n, mean, var = _stats(x)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    return (x - mean) / np.sqrt(var + eps), new_mean, new_var


def bn_per_example(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n, mean, var = _stats(x)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
        row_mean = x.mean(axis=1, keepdims=True)                # over the features of each example
        row_var = x.var(axis=1, keepdims=True)
        return gamma * (x - row_mean) / np.sqrt(row_var + eps) + beta, new_mean, new_var
    return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta, running_mean, running_var


def bnb_constants(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    return gamma * dout / std, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)


def bnb_mean_only(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = gamma * dout
    return (g - g.sum(axis=0) / len(x)) / std, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)


def bnb_dgamma_is_dbeta(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = gamma * dout
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, dout.sum(axis=0), dout.sum(axis=0)        # dgamma forgot x_hat


def bnb_unbiased(dout, x, gamma, eps=1e-5):
    n = len(x)
    var = x.var(axis=0, ddof=1)
    std = np.sqrt(var + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = gamma * dout
    dvar = np.sum(g * (x - x.mean(axis=0)) * -0.5 * (var + eps) ** -1.5, axis=0)
    dmean = np.sum(-g / std, axis=0)
    dx = g / std + dvar * 2 * (x - x.mean(axis=0)) / (n - 1) + dmean / n
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)


def bnb_sums_over_features(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = gamma * dout
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, np.sum(dout * x_hat, axis=1), np.sum(dout, axis=1)


MISTAKES = {
    "10.batch_norm": {
        "normalising with the unbiased variance (divided by N - 1)": bn_unbiased,
        "a running variance updated with the biased variance": bn_running_biased,
        "momentum applied the wrong way round": bn_momentum_swapped,
        "evaluation mode that behaves like training mode (batch statistics, running statistics updated)":
            bn_no_branch,
        "the batch's own statistics used in evaluation mode": bn_eval_batch_stats,
        "running statistics updated in evaluation mode": bn_eval_updates,
        "running statistics never updated in training mode": bn_never_updates,
        "eps added outside the square root": bn_eps_outside,
        "no scale and shift: gamma and beta are not used": bn_no_gamma_beta,
        "statistics over the features of each example (axis=1) instead of over the batch (axis=0)": bn_per_example,
    },
    "10.batch_norm_backward": {
        "the batch mean and variance treated as constants (dx = dout * gamma / std)": bnb_constants,
        "the mean's dependence on x included, but not the variance's": bnb_mean_only,
        "dgamma without x_hat (it equals dbeta)": bnb_dgamma_is_dbeta,
        "the unbiased variance (N - 1) in the backward pass": bnb_unbiased,
        "dgamma or dbeta summed over the features (axis=1) instead of over the batch": bnb_sums_over_features,
    },
}
