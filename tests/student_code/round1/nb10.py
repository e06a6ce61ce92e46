"""Blind student code for notebook 10 (round 1), written without reading the checks."""
import numpy as np
import torch

import nnlib
from nnlib import functional as F


# ----------------------------------------------------------------------------- 10.batch_norm: right

def batch_norm_numpy(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    x_hat = (x - mean) / np.sqrt(var + eps)
    out = gamma * x_hat + beta
    return out, new_mean, new_var


def batch_norm_sums(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    n = x.shape[0]
    if training:
        mean = np.sum(x, axis=0) / n
        sq = np.sum((x - mean) ** 2, axis=0)
        var = sq / n
        unbiased = sq / (n - 1)
        new_mean = running_mean + momentum * (mean - running_mean)
        new_var = running_var + momentum * (unbiased - running_var)
    else:
        mean, var = running_mean, running_var
        new_mean = np.array(running_mean, copy=True)
        new_var = np.array(running_var, copy=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    out = (x - mean) * (gamma * inv_std) + beta
    return out, new_mean, new_var


def batch_norm_torch(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    rm = torch.tensor(running_mean)            # torch.tensor copies: the caller's arrays stay as they are
    rv = torch.tensor(running_var)
    out = torch.nn.functional.batch_norm(torch.tensor(x), rm, rv, torch.tensor(gamma), torch.tensor(beta),
                                         training=training, momentum=momentum, eps=eps)
    return out.numpy(), rm.numpy(), rv.numpy()


def batch_norm_nnlib(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    rm, rv = running_mean.copy(), running_var.copy()     # nnlib updates these in place
    with nnlib.no_grad():
        out = F.batch_norm(nnlib.tensor(x), rm, rv, nnlib.tensor(gamma), nnlib.tensor(beta),
                           training=training, momentum=momentum, eps=eps)
    return out.numpy(), rm, rv


# ----------------------------------------------------------------------------- 10.batch_norm: wrong

def batch_norm_unbiased_normalise(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        mean = x.mean(axis=0)
        var = x.var(axis=0, ddof=1)            # unbiased variance everywhere
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def batch_norm_biased_running(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def batch_norm_no_eps(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var) + beta
    return out, new_mean, new_var


def batch_norm_eps_outside(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, std = x.mean(axis=0), x.std(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * std ** 2 * n / (n - 1)
    else:
        mean, std = running_mean, np.sqrt(running_var)
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / (std + eps) + beta
    return out, new_mean, new_var


def batch_norm_momentum_reversed(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = momentum * running_mean + (1 - momentum) * mean
        new_var = momentum * running_var + (1 - momentum) * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def batch_norm_inplace_running(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        running_mean *= 1 - momentum
        running_mean += momentum * mean
        running_var *= 1 - momentum
        running_var += momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, running_mean, running_var


def batch_norm_eval_uses_batch(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    n = len(x)
    mean, var = x.mean(axis=0), x.var(axis=0)
    if training:
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / max(n - 1, 1)
    else:
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def batch_norm_eval_updates(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    n = len(x)
    mean, var = x.mean(axis=0), x.var(axis=0)
    unbiased = var * n / (n - 1) if n > 1 else var
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * unbiased
    if not training:
        mean, var = running_mean, running_var
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, new_mean, new_var


def batch_norm_gamma_beta_swapped(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    x_hat = (x - mean) / np.sqrt(var + eps)
    out = (x_hat + beta) * gamma
    return out, new_mean, new_var


def batch_norm_eval_no_eps(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode."""
    if training:
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var)     # the running variance is never 0
        new_mean, new_var = running_mean.copy(), running_var.copy()
    return gamma * x_hat + beta, new_mean, new_var


# ----------------------------------------------------------------------------- 10.batch_norm_backward: right

def batch_norm_backward_compact(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


def batch_norm_backward_staged(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mu = np.sum(x, axis=0) / n
    xc = x - mu
    var = np.sum(xc ** 2, axis=0) / n
    std = np.sqrt(var + eps)
    x_hat = xc / std
    # out = gamma * x_hat + beta
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    # x_hat = xc / std
    dxc = dx_hat / std
    dstd = -np.sum(dx_hat * xc, axis=0) / std ** 2
    dvar = dstd / (2 * std)
    # var = sum(xc^2) / n
    dxc = dxc + 2 * xc * dvar / n
    # xc = x - mu
    dmu = -np.sum(dxc, axis=0)
    dx = dxc + dmu / n
    return dx, dgamma, dbeta


def batch_norm_backward_torch(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    xt = torch.tensor(x, requires_grad=True)
    gt = torch.tensor(gamma, requires_grad=True)
    bt = torch.zeros(x.shape[1], dtype=xt.dtype, requires_grad=True)
    mean = xt.mean(dim=0)
    var = ((xt - mean) ** 2).mean(dim=0)
    out = gt * (xt - mean) / torch.sqrt(var + eps) + bt
    out.backward(torch.tensor(dout))
    return xt.grad.numpy(), gt.grad.numpy(), bt.grad.numpy()


def batch_norm_backward_nnlib(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    xt = nnlib.tensor(np.array(x, copy=True), requires_grad=True)
    gt = nnlib.tensor(np.array(gamma, copy=True), requires_grad=True)
    bt = nnlib.tensor(np.zeros_like(gamma), requires_grad=True)
    rm, rv = np.zeros_like(gamma), np.ones_like(gamma)
    out = F.batch_norm(xt, rm, rv, gt, bt, training=True, eps=eps)
    out.backward(nnlib.tensor(dout))
    return xt.grad.numpy(), gt.grad.numpy(), bt.grad.numpy()


# ----------------------------------------------------------------------------- 10.batch_norm_backward: wrong

def batch_norm_backward_constant_stats(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx = dout * gamma * inv_std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batch_norm_backward_mean_only(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0))      # the mean depends on x
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batch_norm_backward_unbiased(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batch_norm_backward_no_gamma(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx = inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batch_norm_backward_swapped_params(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    dgamma = dout.sum(axis=0)
    dbeta = (dout * x_hat).sum(axis=0)
    return dx, dgamma, dbeta


def batch_norm_backward_dgamma_x(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, (dout * x).sum(axis=0), dout.sum(axis=0)    # out = gamma * x + beta


def batch_norm_backward_no_eps(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, std = x.mean(axis=0), x.std(axis=0)
    x_hat = (x - mean) / std
    dx_hat = dout * gamma
    dx = 1.0 / (n * std) * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batch_norm_backward_mean_dbeta(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)   # average over the batch


def batch_norm_backward_staged_sign(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode."""
    n = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    x_hat = xc / std
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xc, axis=0) * -0.5 * (var + eps) ** -1.5
    dmu = -np.sum(dx_hat / std, axis=0)          # forgot the dvar part of dmu (it is 0 anyway)
    dx = dx_hat / std + dvar * 2 * xc / n + dmu      # dmu not divided by n
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)


RIGHT = {
    "10.batch_norm": [batch_norm_numpy, batch_norm_sums, batch_norm_torch, batch_norm_nnlib],
    "10.batch_norm_backward": [batch_norm_backward_compact, batch_norm_backward_staged,
                               batch_norm_backward_torch, batch_norm_backward_nnlib],
}

WRONG = {
    "10.batch_norm": [
        (batch_norm_unbiased_normalise, "normalises with the unbiased variance (ddof=1) and uses it for the running var too"),
        (batch_norm_biased_running, "updates running_var with the biased batch variance (no N/(N-1))"),
        (batch_norm_no_eps, "divides by sqrt(var) without eps"),
        (batch_norm_eps_outside, "adds eps to the standard deviation instead of the variance"),
        (batch_norm_momentum_reversed, "momentum the wrong way round: momentum * running + (1 - momentum) * batch"),
        (batch_norm_inplace_running, "updates running_mean and running_var in place with *= and +="),
        (batch_norm_eval_uses_batch, "evaluation mode still normalises with the batch's own statistics"),
        (batch_norm_eval_updates, "updates the running statistics in evaluation mode as well"),
        (batch_norm_gamma_beta_swapped, "applies the shift before the scale: (x_hat + beta) * gamma"),
        (batch_norm_eval_no_eps, "evaluation mode divides by sqrt(running_var) without eps"),
    ],
    "10.batch_norm_backward": [
        (batch_norm_backward_constant_stats, "treats mean and var as constants: dx = dout * gamma / std"),
        (batch_norm_backward_mean_only, "subtracts the mean of the gradient but forgets that var depends on x"),
        (batch_norm_backward_unbiased, "recomputes x_hat with the unbiased variance (ddof=1)"),
        (batch_norm_backward_no_gamma, "forgets to multiply dout by gamma before backpropagating into x"),
        (batch_norm_backward_swapped_params, "dgamma and dbeta swapped"),
        (batch_norm_backward_dgamma_x, "dgamma = sum(dout * x) with the raw input instead of x_hat"),
        (batch_norm_backward_no_eps, "uses the plain standard deviation, without eps"),
        (batch_norm_backward_mean_dbeta, "averages dgamma and dbeta over the batch instead of summing"),
        (batch_norm_backward_staged_sign, "staged backprop with dmu not divided by N"),
    ],
}
