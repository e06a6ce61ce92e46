"""Blind student code for notebook 06 (round 2), written without reading the checks."""
import math

import numpy as np

import nnlib
from nnlib import optim


# =========================================================================== 06.momentum
def momentum_zeros_buffer(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf."""
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + np.asarray(grad_fn(w), dtype=w.dtype)
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_velocity(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf."""
    path = np.empty((steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)
    path[0] = w0
    buf = None
    for k in range(steps):
        g = np.asarray(grad_fn(path[k].copy()), dtype=path.dtype)
        buf = g if buf is None else momentum * buf + g      # first buffer is the first gradient
        path[k + 1] = path[k] - lr * buf
    return path


def momentum_nnlib(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0: buf <- momentum * buf + g, w <- w - lr * buf."""
    w0 = np.asarray(w0)
    w = nnlib.Tensor(w0.copy(), dtype=w0.dtype, requires_grad=True)
    opt = optim.SGD([w], lr=lr, momentum=momentum)
    path = [w.data.copy()]
    for _ in range(steps):
        opt.zero_grad()
        w.grad = nnlib.Tensor(np.asarray(grad_fn(w.data.copy()), dtype=w0.dtype), dtype=w0.dtype)
        opt.step()
        path.append(w.data.copy())
    return np.array(path)


def momentum_swapped(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = lr * buf + grad_fn(w)
        w = w - momentum * buf
        path.append(w.copy())
    return np.array(path)


def momentum_dampened(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + (1 - momentum) * grad_fn(w)     # running average of the gradient
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_unused_buffer(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        g = grad_fn(w)
        buf = momentum * buf + g
        w = w - lr * g
        path.append(w.copy())
    return np.array(path)


def momentum_step_before_buffer(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * buf
        buf = momentum * buf + grad_fn(w)
        path.append(w.copy())
    return np.array(path)


def momentum_mutates_start(w0, grad_fn, lr, momentum, steps):
    w = w0
    buf = np.zeros_like(w0)
    path = [w0.copy()]
    for _ in range(steps):
        buf *= momentum
        buf += grad_fn(w)
        w -= lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_float64(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, dtype=float)
    buf = np.zeros(len(w))
    path = [w.copy()]
    for _ in range(steps):
        buf = momentum * buf + grad_fn(w)
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def momentum_one_short(w0, grad_fn, lr, momentum, steps):
    w = np.array(w0, copy=True)
    buf = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(1, steps):
        buf = momentum * buf + grad_fn(w)
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path).reshape(-1, len(w0))


# =========================================================================== 06.adam_step
def adam_textbook(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g."""
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def adam_folded(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g."""
    lr, beta1, beta2, eps = float(lr), float(beta1), float(beta2), float(eps)
    m_new = m.copy()
    m_new *= beta1
    m_new += (1 - beta1) * g
    v_new = v.copy()
    v_new *= beta2
    v_new += (1 - beta2) * np.square(g)
    step_size = lr / (1 - beta1 ** t)
    denom = np.sqrt(v_new) / math.sqrt(1 - beta2 ** t) + eps    # Python float keeps float32 float32
    return w - step_size * (m_new / denom), m_new, v_new


def adam_nnlib(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g."""
    dt = np.asarray(w).dtype
    p = nnlib.Tensor(np.array(w, copy=True), dtype=dt, requires_grad=True)
    opt = optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps)
    opt.state[p] = {"step": t - 1, "exp_avg": np.array(m, dtype=dt, copy=True),
                    "exp_avg_sq": np.array(v, dtype=dt, copy=True)}
    p.grad = nnlib.Tensor(np.array(g, dtype=dt, copy=True), dtype=dt)
    opt.step()
    st = opt.state[p]
    return p.data.copy(), st["exp_avg"].copy(), st["exp_avg_sq"].copy()


def adam_eps_inside(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m, v


def adam_no_correction(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * m / (np.sqrt(v) + eps), m, v


def adam_t_plus_one(w, g, m, v, t, lr, beta1, beta2, eps):
    t = t + 1                                   # t <- t + 1, as in the rules
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_in_place(w, g, m, v, t, lr, beta1, beta2, eps):
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_beta1_in_v(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta1) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_returns_corrected(w, g, m, v, t, lr, beta1, beta2, eps):
    m = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)
    v = (beta2 * v + (1 - beta2) * g ** 2) / (1 - beta2 ** t)
    return w - lr * m / (np.sqrt(v) + eps), m, v


def adam_float64(w, g, m, v, t, lr, beta1, beta2, eps):
    w, g, m, v = (np.array(a, dtype=float) for a in (w, g, m, v))
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_numpy_scalar(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    step = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)     # folded corrections, as in optim.py
    return w - step * m_new / (np.sqrt(v_new) + eps * np.sqrt(1 - beta2 ** t)), m_new, v_new


def adam_only_m_corrected(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) + eps), m, v


RIGHT = {
    "06.momentum": [momentum_zeros_buffer, momentum_velocity, momentum_nnlib],
    "06.adam_step": [adam_textbook, adam_folded, adam_nnlib],
}
WRONG = {
    "06.momentum": [
        (momentum_swapped, "I mixed up lr and momentum in the two lines"),
        (momentum_dampened, "I made buf a running average: momentum * buf + (1 - momentum) * g"),
        (momentum_unused_buffer, "I updated buf but stepped with g"),
        (momentum_step_before_buffer, "I moved w with the old buf before adding the new gradient"),
        (momentum_mutates_start, "in-place updates on w = w0, so the caller's start changes"),
        (momentum_float64, "I made w a float64 array, so float32 starts come back as float64"),
        (momentum_one_short, "range(1, steps): one step too few"),
    ],
    "06.adam_step": [
        (adam_eps_inside, "I put eps inside the square root"),
        (adam_no_correction, "I left out the bias correction"),
        (adam_t_plus_one, "I did t <- t + 1 first, as in the rules, though t is already this step's number"),
        (adam_in_place, "I updated m and v in place, so the caller's arrays change"),
        (adam_beta1_in_v, "(1 - beta1) in the v update instead of (1 - beta2)"),
        (adam_returns_corrected, "I returned the bias-corrected m and v as the new averages"),
        (adam_float64, "I converted everything to float64 first"),
        (adam_numpy_scalar, "folded the corrections with np.sqrt; the np.float64 factor turns float32 weights into float64"),
        (adam_only_m_corrected, "I bias-corrected m but not v"),
    ],
}
