"""Blind student code for notebook 06 (round 1), written without reading the checks."""
import math

import numpy as np

import nnlib
from nnlib import optim


def _start(w0):
    w = np.array(w0)                       # a copy of the start, with its dtype
    if w.dtype.kind != "f":
        w = w.astype(np.float64)
    return w


# ============================================================================ 06.momentum
# ----------------------------------------------------------------------------- RIGHT
def momentum_first_gradient(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf.

    w0: (D,) start; grad_fn(w) -> (D,) the gradient at w; lr, momentum: numbers; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    w = _start(w0)
    path = [w.copy()]
    buf = None
    for _ in range(steps):
        g = np.asarray(grad_fn(w.copy()))
        buf = g.copy() if buf is None else momentum * buf + g    # buf starts as the first gradient
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path).reshape((steps + 1,) + w.shape)


def momentum_zero_buffer(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf.

    w0: (D,) start; grad_fn(w) -> (D,) the gradient at w; lr, momentum: numbers; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    w = _start(w0)
    buf = np.zeros_like(w)                 # momentum * 0 + g = g: the same as starting with g
    path = np.empty((steps + 1,) + w.shape, dtype=w.dtype)
    path[0] = w
    for t in range(steps):
        buf = momentum * buf + grad_fn(path[t].copy())
        path[t + 1] = path[t] - lr * buf
    return path


def momentum_nnlib_sgd(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf.

    w0: (D,) start; grad_fn(w) -> (D,) the gradient at w; lr, momentum: numbers; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    start = _start(w0)
    w = nnlib.Tensor(start.copy(), requires_grad=True, dtype=start.dtype)   # its own copy of the data
    opt = optim.SGD([w], lr=lr, momentum=momentum)
    path = [w.data.copy()]
    for _ in range(steps):
        opt.zero_grad()
        w.grad = np.asarray(grad_fn(w.data.copy()))
        opt.step()
        path.append(w.data.copy())
    return np.stack(path)


def momentum_velocity_form(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf.

    w0: (D,) start; grad_fn(w) -> (D,) the gradient at w; lr, momentum: numbers; steps: number of updates.
    Returns the path: (steps + 1, D), the start followed by the weights after every step.
    """
    # the "velocity" form v = momentum * v - lr * g, w = w + v: v is -lr * buf, so the same path
    w = [float(v) for v in np.ravel(w0)]
    v = [0.0] * len(w)
    path = [list(w)]
    for _ in range(steps):
        g = np.ravel(grad_fn(np.array(w))).tolist()
        v = [momentum * vi - lr * gi for vi, gi in zip(v, g)]
        w = [wi + vi for wi, vi in zip(w, v)]
        path.append(list(w))
    return np.array(path, dtype=np.result_type(np.asarray(w0).dtype, np.float32))


# ----------------------------------------------------------------------------- WRONG
def momentum_ema(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + (1 - momentum) * grad_fn(w)   # Adam-style average: dampened
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_ignored(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        g = grad_fn(w)
        buf = momentum * buf + g
        w = w - lr * g                     # steps with g, the buffer is never used
        path.append(w.copy())
    return np.array(path)


def momentum_step_before_buffer(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * buf                   # moves with the old buffer ...
        buf = momentum * buf + grad_fn(w)  # ... and updates it afterwards
        path.append(w.copy())
    return np.array(path)


def momentum_aliasing(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        buf = momentum * buf + grad_fn(w)
        w -= lr * buf                      # in place: every row of the path is the same array
        path.append(w)
    return np.array(path)


def momentum_inplace_input(w0, grad_fn, lr, momentum, steps):
    w = w0                                 # no copy: the caller's w0 is updated
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + grad_fn(w)
        w -= lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_grad_at_start(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + grad_fn(w0)  # gradient always taken at the start
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_sign(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = grad_fn(w) - momentum * buf  # sign slip in the buffer update
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_float32_path(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + grad_fn(w)
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path, dtype=np.float32)   # float32 result, even for float64 inputs


def momentum_lr_in_buffer_twice(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + lr * grad_fn(w)
        w = w - lr * buf                   # lr applied twice (mixing the two textbook forms)
        path.append(w.copy())
    return np.array(path)


# ============================================================================ 06.adam_step
# ----------------------------------------------------------------------------- RIGHT
def adam_step_textbook(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g.

    w, g, m, v: arrays of one shape (m, v: the running averages before this step, zeros at first);
    t: the number of this step, 1 for the first; lr, beta1, beta2, eps: Adam's settings.
    Returns (w_new, m_new, v_new) as new arrays; the inputs stay unchanged.
    """
    beta1, beta2, lr, eps = float(beta1), float(beta2), float(lr), float(eps)
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** int(t))
    v_hat = v_new / (1 - beta2 ** int(t))
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def adam_step_folded(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g.

    w, g, m, v: arrays of one shape (m, v: the running averages before this step, zeros at first);
    t: the number of this step, 1 for the first; lr, beta1, beta2, eps: Adam's settings.
    Returns (w_new, m_new, v_new) as new arrays; the inputs stay unchanged.
    """
    # the form of nnlib/optim.py and PyTorch: corrections folded into step size and denominator
    m_new = m.copy()
    m_new *= beta1
    m_new += (1 - beta1) * g
    v_new = v.copy()
    v_new *= beta2
    v_new += (1 - beta2) * (g * g)
    step_size = lr / (1 - beta1 ** t)
    denom = np.sqrt(v_new) / math.sqrt(1 - beta2 ** t) + eps
    w_new = w.copy()
    w_new -= step_size * (m_new / denom)
    return w_new, m_new, v_new


def adam_step_nnlib(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g.

    w, g, m, v: arrays of one shape (m, v: the running averages before this step, zeros at first);
    t: the number of this step, 1 for the first; lr, beta1, beta2, eps: Adam's settings.
    Returns (w_new, m_new, v_new) as new arrays; the inputs stay unchanged.
    """
    p = nnlib.Tensor(np.array(w), requires_grad=True, dtype=np.asarray(w).dtype)
    adam = optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps)
    adam.state[p] = {"step": int(t) - 1, "exp_avg": np.array(m, dtype=p.dtype),
                     "exp_avg_sq": np.array(v, dtype=p.dtype)}   # resume from step t - 1
    p.grad = np.asarray(g)
    adam.step()
    state = adam.state[p]
    return p.data.copy(), state["exp_avg"].copy(), state["exp_avg_sq"].copy()


def adam_step_elementwise(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g.

    w, g, m, v: arrays of one shape (m, v: the running averages before this step, zeros at first);
    t: the number of this step, 1 for the first; lr, beta1, beta2, eps: Adam's settings.
    Returns (w_new, m_new, v_new) as new arrays; the inputs stay unchanged.
    """
    w_new, m_new, v_new = np.array(w), np.array(m), np.array(v)   # copies, same dtype
    c1 = 1 - beta1 ** t
    c2 = 1 - beta2 ** t
    for i in np.ndindex(np.shape(w)):
        mi = beta1 * float(m[i]) + (1 - beta1) * float(g[i])
        vi = beta2 * float(v[i]) + (1 - beta2) * float(g[i]) ** 2
        m_new[i] = mi
        v_new[i] = vi
        w_new[i] = float(w[i]) - lr * (mi / c1) / (math.sqrt(vi / c2) + eps)
    return w_new, m_new, v_new


# ----------------------------------------------------------------------------- WRONG
def adam_step_no_bias_correction(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new   # no m_hat, v_hat


def adam_step_eps_inside_sqrt(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new     # eps under the root


def adam_step_eps_before_correction(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    denom = (np.sqrt(v_new) + eps) / np.sqrt(1 - beta2 ** t)      # eps gets scaled by the correction too
    return w - lr * m_hat / denom, m_new, v_new


def adam_step_inplace(w, g, m, v, t, lr, beta1, beta2, eps):
    m *= beta1                            # updates the caller's m, v and w in place
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


def adam_step_t_plus_one(w, g, m, v, t, lr, beta1, beta2, eps):
    t = t + 1                             # "t <- t + 1" from the notebook, but t is already this step's number
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_step_swapped_betas(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta2 * m + (1 - beta2) * g   # beta1 and beta2 mixed up
    v_new = beta1 * v + (1 - beta1) * g ** 2
    m_hat = m_new / (1 - beta2 ** t)
    v_hat = v_new / (1 - beta1 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_step_old_m(w, g, m, v, t, lr, beta1, beta2, eps):
    m_hat = m / (1 - beta1 ** t)          # uses m and v from before this step
    v_hat = v / (1 - beta2 ** t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    return w_new, m_new, v_new


def adam_step_v_hat_beta1(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta1 ** t)      # copy-paste: beta1 in v's correction
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_step_parenthesis(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1) ** t      # (1 - beta1)**t instead of 1 - beta1**t
    v_hat = v_new / (1 - beta2) ** t
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_step_sign(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w + lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new   # uphill


def adam_step_variance(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * (g - m_new) ** 2      # a variance: subtracts the mean
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


RIGHT = {
    "06.momentum": [momentum_first_gradient, momentum_zero_buffer, momentum_nnlib_sgd, momentum_velocity_form],
    "06.adam_step": [adam_step_textbook, adam_step_folded, adam_step_nnlib, adam_step_elementwise],
}
WRONG = {
    "06.momentum": [
        (momentum_ema, "averages the gradient: buf = momentum * buf + (1 - momentum) * g"),
        (momentum_ignored, "computes the buffer but steps with g"),
        (momentum_step_before_buffer, "steps with the old buffer, then updates it (first step does not move)"),
        (momentum_aliasing, "updates w in place and appends the same array: all rows equal"),
        (momentum_inplace_input, "does not copy w0: the caller's start is changed"),
        (momentum_grad_at_start, "always evaluates the gradient at w0"),
        (momentum_sign, "buf = g - momentum * buf"),
        (momentum_float32_path, "returns the path as float32"),
        (momentum_lr_in_buffer_twice, "multiplies by lr in the buffer and again in the step"),
    ],
    "06.adam_step": [
        (adam_step_no_bias_correction, "no bias correction"),
        (adam_step_eps_inside_sqrt, "eps inside the square root"),
        (adam_step_eps_before_correction, "adds eps before dividing by sqrt(1 - beta2**t)"),
        (adam_step_inplace, "updates w, m and v in place (changes the caller's arrays)"),
        (adam_step_t_plus_one, "increments t again: corrections with t + 1"),
        (adam_step_swapped_betas, "swaps beta1 and beta2"),
        (adam_step_old_m, "steps with m and v from before the update"),
        (adam_step_v_hat_beta1, "uses beta1 in v's bias correction"),
        (adam_step_parenthesis, "(1 - beta)**t instead of 1 - beta**t"),
        (adam_step_sign, "sign error: w + lr * ..."),
        (adam_step_variance, "v as a variance: (g - m)**2"),
    ],
}
