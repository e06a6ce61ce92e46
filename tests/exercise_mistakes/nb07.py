"""Wrong student code for notebook 07's exercises (dropout, L2 penalty), one per named mistake."""

import numpy as np


def dropout_keeps_with_p(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = (u < p).astype(x.dtype)          # the popular snippet: binomial(1, rate) keeps with `rate`
    return x * mask, dout * mask


def dropout_never_rescales(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = u >= p
    return x * mask, dout * mask


def dropout_times_q(x, dout, p, u, training=True):
    if not training:
        return x, dout
    q = 1.0 - p
    out, dx = np.zeros_like(x), np.zeros_like(dout)
    for i in np.ndindex(x.shape):           # element by element, as a beginner might
        if u[i] >= p:
            out[i], dx[i] = x[i] * q, dout[i] * q
    return out, dx


def dropout_also_in_eval(x, dout, p, u, training=True):
    mask = (u >= p).astype(x.dtype) / (1 - p)   # training is ignored
    return x * mask, dout * mask


def dropout_backward_unscaled(x, dout, p, u, training=True):
    if not training:
        return x, dout
    keep = u >= p
    return x * keep / (1 - p), dout * keep


def dropout_backward_no_mask(x, dout, p, u, training=True):
    if not training:
        return x, dout
    q = 1 - p
    return np.where(u >= p, x, 0) / q, dout / q


def dropout_backward_fresh_mask(x, dout, p, u, training=True):
    if not training:
        return x, dout
    q = 1 - p
    new_u = np.random.default_rng(123).random(u.shape)   # a new draw for the backward pass
    return np.where(u >= p, x / q, 0), np.where(new_u >= p, dout / q, 0)


def l2_no_half(weights, lam):
    total = 0.0
    for w in weights:
        total += np.sum(w * w)
    return lam * total, [lam * w for w in weights]


def l2_gradient_2w(weights, lam):
    penalty = 0.5 * lam * sum(np.sum(np.square(w)) for w in weights)
    return penalty, [2 * lam * w for w in weights]


def l2_absolute(weights, lam):
    return 0.5 * lam * sum(np.sum(np.abs(w)) for w in weights), [lam * np.sign(w) for w in weights]


def l2_square_root(weights, lam):
    norm = np.sqrt(sum(np.sum(w ** 2) for w in weights))
    return lam / 2 * norm, [lam * w for w in weights]


def l2_minus_gradient(weights, lam):
    return lam / 2 * sum(np.sum(w ** 2) for w in weights), [-lam * w for w in weights]


def l2_mean(weights, lam):
    return lam / 2 * sum(np.mean(w ** 2) for w in weights), [lam * w for w in weights]


def l2_last_array_only(weights, lam):
    w = weights[-1]
    return lam / 2 * np.sum(w ** 2), [lam * v for v in weights]


def dropout_backward_mask_from_out(x, dout, p, u, training=True):
    if not training:
        return x, dout
    out = x * (u >= p) / (1 - p)
    dx = dout * (out != 0) / (1 - p)        # the mask read back from the output
    return out, dx


MISTAKES = {
    "07.dropout": {
        "p used as the KEEP probability: units are kept where u < p": dropout_keeps_with_p,
        "kept units that are never rescaled (the training-time mean shrinks to q * x)": dropout_never_rescales,
        "kept units multiplied by q instead of divided by it": dropout_times_q,
        "units dropped or rescaled in evaluation mode": dropout_also_in_eval,
        "a backward pass that forgets the 1/q": dropout_backward_unscaled,
        "a backward pass without the mask: dropped units pass gradient back": dropout_backward_no_mask,
        "a backward pass that rebuilds the mask from the output (out != 0): kept units whose activation "
        "is 0 get no gradient": dropout_backward_mask_from_out,
        "a backward pass with a different mask from the forward pass": dropout_backward_fresh_mask,
    },
    "07.l2_penalty": {
        "a penalty without the 1/2: lam * sum(w**2)": l2_no_half,
        "a gradient of 2 * lam * w, which belongs to lam * sum(w**2), not to lam/2 * sum(w**2)": l2_gradient_2w,
        "absolute values (the L1 penalty) instead of squares": l2_absolute,
        "the length of the weight vector (a square root) instead of its square": l2_square_root,
        "a gradient with the wrong sign": l2_minus_gradient,
        "a mean of the squares instead of their sum": l2_mean,
        "a penalty that leaves out some of the weight arrays": l2_last_array_only,
    },
}
