"""Blind student code for notebook 07 (round 2), written without reading the checks."""
import numpy as np


# ----------------------------------------------------------------------------- 07.dropout, RIGHT
def dropout_right_mask(x, dout, p, u, training=True):
    if not training:
        return x.copy(), dout.copy()
    q = 1 - p
    keep = u >= p
    out = x * keep / q
    dx = dout * keep / q
    return out, dx


def dropout_right_where(x, dout, p, u, training=True):
    x = np.asarray(x)
    dout = np.asarray(dout)
    if training:
        scale = np.asarray(1.0 / (1.0 - p), dtype=x.dtype)
        dropped = np.asarray(u) < p
        out = np.where(dropped, np.zeros_like(x), x * scale)
        dx = np.where(dropped, np.zeros_like(dout), dout * scale)
    else:
        out, dx = x * 1, dout * 1
    return out, dx


# ----------------------------------------------------------------------------- 07.dropout, WRONG
def dropout_snippet(x, dout, p, u, training=True):
    # the course's broken snippet: binomial(1, rate) keeps with probability p, no rescaling
    if not training:
        return x, dout
    mask = u < p
    return x * mask, dout * mask


def dropout_no_rescale(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = u >= p
    return x * mask, dout * mask


def dropout_times_q(x, dout, p, u, training=True):
    if not training:
        return x, dout
    q = 1 - p
    mask = u >= p
    return x * mask * q, dout * mask * q


def dropout_backward_no_mask(x, dout, p, u, training=True):
    if not training:
        return x, dout
    q = 1 - p
    mask = u >= p
    return x * mask / q, dout / q


def dropout_backward_no_scale(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = u >= p
    return x * mask / (1 - p), dout * mask


def dropout_eval_scales(x, dout, p, u, training=True):
    q = 1 - p
    if not training:
        # "at test time multiply by the keep probability"
        return x * q, dout * q
    mask = u >= p
    return x * mask / q, dout * mask / q


def dropout_ignores_training(x, dout, p, u, training=True):
    q = 1 - p
    mask = u >= p
    return x * mask / q, dout * mask / q


def dropout_own_random(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = np.random.rand(*x.shape) >= p
    return x * mask / (1 - p), dout * mask / (1 - p)


def dropout_strict_compare(x, dout, p, u, training=True):
    if not training:
        return x, dout
    mask = u > p
    return x * mask / (1 - p), dout * mask / (1 - p)


def dropout_in_place(x, dout, p, u, training=True):
    if training:
        mask = u >= p
        x *= mask
        x /= 1 - p
        dout *= mask
        dout /= 1 - p
    return x, dout


def dropout_float64_mask(x, dout, p, u, training=True):
    if not training:
        return x, dout
    scale = (u >= p).astype(float) / (1 - p)
    return x * scale, dout * scale


# ----------------------------------------------------------------------------- 07.l2_penalty, RIGHT
def l2_right_vectorised(weights, lam):
    penalty = lam / 2 * sum(float(np.sum(w * w)) for w in weights)
    grads = [lam * w for w in weights]
    return penalty, grads


def l2_right_loops(weights, lam):
    total = 0.0
    for w in weights:
        for value in np.asarray(w, dtype=np.float64).ravel():
            total += value * value
    grads = []
    for w in weights:
        g = np.empty_like(w)
        g[...] = w * lam
        grads.append(g)
    return 0.5 * lam * total, grads


def l2_right_dot(weights, lam):
    flat = np.concatenate([np.ravel(w).astype(np.float64) for w in weights])
    penalty = float(lam * flat.dot(flat) / 2)
    return penalty, [np.multiply(w, lam) for w in weights]


# ----------------------------------------------------------------------------- 07.l2_penalty, WRONG
def l2_missing_half(weights, lam):
    penalty = lam * sum(float(np.sum(w ** 2)) for w in weights)
    return penalty, [lam * w for w in weights]


def l2_grad_2lam(weights, lam):
    penalty = lam / 2 * sum(float(np.sum(w ** 2)) for w in weights)
    return penalty, [2 * lam * w for w in weights]


def l2_norms_not_squared(weights, lam):
    penalty = lam / 2 * sum(float(np.linalg.norm(w)) for w in weights)
    return penalty, [lam * w for w in weights]


def l2_only_first(weights, lam):
    w = weights[0]
    return lam / 2 * float(np.sum(w ** 2)), [lam * w for w in weights]


def l2_skip_biases(weights, lam):
    # biases are not regularised, so only the matrices count
    penalty = lam / 2 * sum(float(np.sum(w ** 2)) for w in weights if np.ndim(w) >= 2)
    grads = [lam * w if np.ndim(w) >= 2 else np.zeros_like(w) for w in weights]
    return penalty, grads


def l2_mean(weights, lam):
    penalty = lam / 2 * sum(float(np.mean(w ** 2)) for w in weights)
    return penalty, [lam * w for w in weights]


def l2_square_of_sum(weights, lam):
    penalty = lam / 2 * sum(float(np.sum(w)) ** 2 for w in weights)
    return penalty, [lam * w for w in weights]


def l2_in_place_grads(weights, lam):
    penalty = lam / 2 * sum(float(np.sum(w ** 2)) for w in weights)
    grads = []
    for w in weights:
        w *= lam            # saves memory
        grads.append(w)
    return penalty, grads


def l2_scalar_grad(weights, lam):
    penalty = lam / 2 * sum(float(np.sum(w ** 2)) for w in weights)
    return penalty, [lam * float(np.sum(w)) for w in weights]


RIGHT = {
    "07.dropout": [dropout_right_mask, dropout_right_where],
    "07.l2_penalty": [l2_right_vectorised, l2_right_loops, l2_right_dot],
}

WRONG = {
    "07.dropout": [
        (dropout_snippet, "I used the snippet: keep where u < p and forgot to rescale"),
        (dropout_no_rescale, "right mask but I never divided by q"),
        (dropout_times_q, "multiplied the kept units by q instead of dividing"),
        (dropout_backward_no_mask, "backward: I only scaled dout by 1/q and forgot the mask"),
        (dropout_backward_no_scale, "backward: masked dout but forgot the 1/q"),
        (dropout_eval_scales, "in eval mode I multiplied by q like the original dropout paper"),
        (dropout_ignores_training, "forgot the training flag, eval mode still drops"),
        (dropout_own_random, "drew my own np.random mask instead of using u"),
        (dropout_strict_compare, "kept units with u > p, so u == p (e.g. u = 0 with p = 0) is dropped"),
        (dropout_in_place, "did it in place with *= to save memory: x and dout are changed"),
        (dropout_float64_mask, "dtype slip: the mask is float64, so float32 activations come back float64"),
    ],
    "07.l2_penalty": [
        (l2_missing_half, "forgot the 1/2 in the penalty"),
        (l2_grad_2lam, "gradient 2*lam*w (derivative of w^2 without the 1/2)"),
        (l2_norms_not_squared, "summed the norms instead of the squared norms"),
        (l2_only_first, "penalty only of the first weight array"),
        (l2_skip_biases, "left the 1-D arrays (biases) out of the penalty and gave them zero gradients"),
        (l2_mean, "np.mean instead of np.sum"),
        (l2_square_of_sum, "squared the sum instead of summing the squares"),
        (l2_in_place_grads, "computed the gradients in place, so the weights are multiplied by lam"),
        (l2_scalar_grad, "one number per array as gradient instead of an array"),
    ],
}
