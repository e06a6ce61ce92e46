"""Blind student code for notebook 10 (round 2), written without reading the checks."""
import numpy as np
import torch


# ----------------------------------------------------------------------------- 10.batch_norm, RIGHT
def bn_right_numpy(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def bn_right_torch(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    rm = torch.tensor(running_mean)            # torch.tensor copies
    rv = torch.tensor(running_var)
    out = torch.nn.functional.batch_norm(torch.tensor(x), rm, rv, torch.tensor(gamma), torch.tensor(beta),
                                         training=training, momentum=momentum, eps=eps)
    return out.numpy(), rm.numpy(), rv.numpy()


def bn_right_loops(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    n, d = x.shape
    out = np.empty_like(x)
    new_mean = np.array(running_mean, copy=True)
    new_var = np.array(running_var, copy=True)
    for j in range(d):
        col = x[:, j]
        if training:
            m = col.sum() / n
            ss = ((col - m) ** 2).sum()
            v = ss / n
            new_mean[j] = momentum * m + (1 - momentum) * running_mean[j]
            new_var[j] = momentum * ss / (n - 1) + (1 - momentum) * running_var[j]
        else:
            m, v = running_mean[j], running_var[j]
        out[:, j] = gamma[j] * (col - m) / np.sqrt(v + eps) + beta[j]
    return out, new_mean, new_var


# ----------------------------------------------------------------------------- 10.batch_norm, WRONG
def bn_unbiased_normalise(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_biased_running(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_keras_momentum(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = momentum * running_mean + (1 - momentum) * mean
        new_var = momentum * running_var + (1 - momentum) * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_in_place_running(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        running_mean *= 1 - momentum
        running_mean += momentum * mean
        running_var *= 1 - momentum
        running_var += momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, running_mean, running_var


def bn_eval_updates(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    n = len(x)
    mean, var = x.mean(axis=0), x.var(axis=0)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / max(n - 1, 1)
    if not training:
        mean, var = running_mean, running_var
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_eval_batch_stats(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    mean, var = x.mean(axis=0), x.var(axis=0)
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    if training:
        n = len(x)
        return (out, (1 - momentum) * running_mean + momentum * mean,
                (1 - momentum) * running_var + momentum * var * n / (n - 1))
    return out, running_mean.copy(), running_var.copy()


def bn_eps_outside(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return gamma * (x - mean) / (np.sqrt(var) + eps) + beta, new_mean, new_var


def bn_wrong_axis(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = x.shape[0]
        mean = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        new_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
        new_var = (1 - momentum) * running_var + momentum * x.var(axis=0) * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


def bn_no_affine(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        n = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var, new_mean, new_var = running_mean, running_var, running_mean.copy(), running_var.copy()
    return (x - mean) / np.sqrt(var + eps) * gamma, new_mean, new_var   # forgot + beta


def bn_float64_stats(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    x64 = x.astype(np.float64)
    if training:
        n = x.shape[0]
        mean, var = x64.mean(axis=0), x64.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    return gamma * (x64 - mean) / np.sqrt(var + eps) + beta, new_mean, new_var


# ----------------------------------------------------------------------- 10.batch_norm_backward, RIGHT
def bnb_right_compact(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    mean = x.mean(axis=0)
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mean) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def bnb_right_graph(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    mu = np.mean(x, axis=0)
    xc = x - mu
    var = np.mean(xc ** 2, axis=0)
    std = np.sqrt(var + eps)
    x_hat = xc / std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dxc = dx_hat / std
    dstd = -np.sum(dx_hat * xc, axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dxc = dxc + 2 * xc / n * dvar
    dmu = -np.sum(dxc, axis=0)
    dx = dxc + dmu / n
    return dx, dgamma, dbeta


def bnb_right_torch(dout, x, gamma, eps=1e-5):
    xt = torch.tensor(x, requires_grad=True)
    gt = torch.tensor(gamma, requires_grad=True)
    bt = torch.zeros_like(gt, requires_grad=True)
    mean = xt.mean(dim=0)
    var = xt.var(dim=0, unbiased=False)
    out = gt * (xt - mean) / torch.sqrt(var + eps) + bt
    out.backward(torch.tensor(dout))
    return xt.grad.numpy(), gt.grad.numpy(), bt.grad.numpy()


# ----------------------------------------------------------------------- 10.batch_norm_backward, WRONG
def bnb_constant_stats(dout, x, gamma, eps=1e-5):
    x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
    dx = dout * gamma / np.sqrt(x.var(axis=0) + eps)
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def bnb_mean_only(dout, x, gamma, eps=1e-5):
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    g = dout * gamma * inv_std
    dx = g - g.mean(axis=0)
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def bnb_swapped_params(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dgamma = dout.sum(axis=0)
    dbeta = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


def bnb_unbiased(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0, ddof=1) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def bnb_forgot_gamma(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = inv_std / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def bnb_mean_reductions(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dx = gamma * inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))
    return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)


def bnb_dvar_sign(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    x_hat = xc / np.sqrt(var + eps)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xc, axis=0) * (var + eps) ** -1.5          # forgot the -1/2
    dmu = -np.sum(dx_hat, axis=0) / np.sqrt(var + eps)
    dx = dx_hat / np.sqrt(var + eps) + dvar * 2 * xc / n + dmu / n
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def bnb_x_hat_factor(dout, x, gamma, eps=1e-5):
    # subtract the part along x_hat but with the wrong normalisation: divide by n twice
    n = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std * (dout - dbeta / n - x_hat * dgamma / n ** 2)
    return dx, dgamma, dbeta


RIGHT = {
    "10.batch_norm": [bn_right_numpy, bn_right_torch, bn_right_loops],
    "10.batch_norm_backward": [bnb_right_compact, bnb_right_graph, bnb_right_torch],
}

WRONG = {
    "10.batch_norm": [
        (bn_unbiased_normalise, "normalised with the unbiased variance (ddof=1) too"),
        (bn_biased_running, "updated running_var with the biased variance"),
        (bn_keras_momentum, "momentum the Keras way: running = momentum * running + (1 - momentum) * batch"),
        (bn_in_place_running, "updated running_mean and running_var in place with *= and +="),
        (bn_eval_updates, "the running statistics are updated in eval mode as well"),
        (bn_eval_batch_stats, "eval mode normalises with the batch's statistics"),
        (bn_eps_outside, "eps added after the square root"),
        (bn_wrong_axis, "normalised each example over its features (axis=1)"),
        (bn_no_affine, "forgot to add beta"),
        (bn_float64_stats, "dtype slip: converted x to float64, so float32 input gives float64 output"),
    ],
    "10.batch_norm_backward": [
        (bnb_constant_stats, "treated mean and variance as constants: dx = dout * gamma / std"),
        (bnb_mean_only, "subtracted the mean of the gradient but forgot the part through the variance"),
        (bnb_swapped_params, "mixed up dgamma and dbeta"),
        (bnb_unbiased, "used the unbiased variance (ddof=1) for x_hat"),
        (bnb_forgot_gamma, "forgot the factor gamma in dx"),
        (bnb_mean_reductions, "dgamma and dbeta as means over the batch instead of sums"),
        (bnb_dvar_sign, "dvar without the -1/2 from the derivative of (var + eps)^(-1/2)"),
        (bnb_x_hat_factor, "divided the x_hat term by n twice"),
    ],
}
