"""Wrong student code for notebook 06's exercises, one per named mistake."""

import numpy as np


def momentum_forgotten(w0, grad_fn, lr, momentum, steps):
    path = np.empty((steps + 1, len(w0)), dtype=w0.dtype)
    path[0] = w0
    for k in range(steps):
        velocity = grad_fn(path[k])          # a fresh velocity every step: nothing is carried over
        path[k + 1] = path[k] - lr * velocity
    return path


def momentum_as_average(w0, grad_fn, lr, momentum, steps):
    w, vel, path = np.array(w0, copy=True), 0.0, [np.array(w0, copy=True)]
    for _ in range(steps):
        vel = momentum * vel + (1 - momentum) * grad_fn(w)
        w = w - lr * vel
        path.append(w)
    return np.array(path)


def momentum_buffer_after_step(w0, grad_fn, lr, momentum, steps):
    w, buf, path = w0.copy(), 0 * w0, [w0.copy()]
    for _ in range(steps):
        g = grad_fn(w)
        w = w - lr * buf
        buf = momentum * buf + g
        path.append(w.copy())
    return np.array(path)


def adam_uncorrected(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    return w - lr * m_new / (v_new ** 0.5 + eps), m_new, v_new


def adam_eps_in_root(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new


def adam_v_of_g(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_counter_behind(w, g, m, v, t, lr, beta1, beta2, eps):
    step = t - 1                      # "the step count before this step"
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m_new / (1 - beta1 ** step), v_new / (1 - beta2 ** step)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


MISTAKES = {
    "06.momentum": {
        "no momentum: the buffer is not carried from step to step (plain SGD)": momentum_forgotten,
        "the buffer as an average, momentum * buf + (1 - momentum) * g (steps ten times too short)":
            momentum_as_average,
        "the step taken with the previous buffer (buf updated after w)": momentum_buffer_after_step,
    },
    "06.adam_step": {
        "no bias correction": adam_uncorrected,
        "eps inside the square root": adam_eps_in_root,
        "v averages g instead of g**2": adam_v_of_g,
        "the bias correction with t - 1 (it divides by 0 at the first step)": adam_counter_behind,
    },
}
