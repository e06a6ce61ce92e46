"""Blind student code for notebook 01 (round 1), written without reading the checks."""
import numpy as np

import nnlib
from nnlib import functional as F


# ============================================================================ 01.forward
# ----------------------------------------------------------------------------- RIGHT
def forward_vectorised(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear.

    x: (N, D) inputs, one example per row; w1: (H, D), b1: (H,); w2: (K, H), b2: (K,).
    Returns out: (N, K), the outputs of the second layer (no activation on them).
    """
    z1 = x @ w1.T + b1
    a1 = 1 / (1 + np.exp(-z1))
    return a1 @ w2.T + b2


def forward_nnlib(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear.

    x: (N, D) inputs, one example per row; w1: (H, D), b1: (H,); w2: (K, H), b2: (K,).
    Returns out: (N, K), the outputs of the second layer (no activation on them).
    """
    dt = np.result_type(x, w1)
    xt = nnlib.Tensor(np.array(x, dtype=dt))
    h = F.sigmoid(F.linear(xt, nnlib.Tensor(np.array(w1, dtype=dt)), nnlib.Tensor(np.array(b1, dtype=dt))))
    out = F.linear(h, nnlib.Tensor(np.array(w2, dtype=dt)), nnlib.Tensor(np.array(b2, dtype=dt)))
    return out.numpy()


def forward_loops(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear.

    x: (N, D) inputs, one example per row; w1: (H, D), b1: (H,); w2: (K, H), b2: (K,).
    Returns out: (N, K), the outputs of the second layer (no activation on them).
    """
    N = x.shape[0]
    H = w1.shape[0]
    K = w2.shape[0]
    out = np.zeros((N, K), dtype=np.result_type(x, w1, w2))
    for n in range(N):
        hidden = np.zeros(H, dtype=out.dtype)
        for h in range(H):
            z = np.dot(w1[h], x[n]) + b1[h]
            hidden[h] = 0.5 * (1 + np.tanh(0.5 * z))   # sigmoid(z), written with tanh: no overflow
        for k in range(K):
            out[n, k] = np.dot(w2[k], hidden) + b2[k]
    return out


def forward_einsum_stable(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear.

    x: (N, D) inputs, one example per row; w1: (H, D), b1: (H,); w2: (K, H), b2: (K,).
    Returns out: (N, K), the outputs of the second layer (no activation on them).
    """
    z1 = np.einsum("nd,hd->nh", x, w1) + b1
    e = np.exp(-np.abs(z1))
    a1 = np.where(z1 >= 0, 1 / (1 + e), e / (1 + e))
    return np.einsum("nh,kh->nk", a1, w2) + b2


# ----------------------------------------------------------------------------- WRONG
def forward_no_sigmoid(x, w1, b1, w2, b2):
    z1 = x @ w1.T + b1
    return z1 @ w2.T + b2                # forgot the activation


def forward_sigmoid_on_output(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    out = a1 @ w2.T + b2
    return 1 / (1 + np.exp(-out))        # sigmoid on the output too


def forward_reshape_not_transpose(x, w1, b1, w2, b2):
    # fixed the shape error by reshaping instead of transposing
    H, D = w1.shape
    K = w2.shape[0]
    a1 = 1 / (1 + np.exp(-(x @ w1.reshape(D, H) + b1)))
    return a1 @ w2.reshape(H, K) + b2


def forward_relu(x, w1, b1, w2, b2):
    a1 = np.maximum(0, x @ w1.T + b1)    # ReLU instead of sigmoid
    return a1 @ w2.T + b2


def forward_sigmoid_sign(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(x @ w1.T + b1))  # exp(+z): this is sigmoid(-z)
    return a1 @ w2.T + b2


def forward_float32(x, w1, b1, w2, b2):
    x, w1, b1, w2, b2 = (np.asarray(a, dtype=np.float32) for a in (x, w1, b1, w2, b2))
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return a1 @ w2.T + b2                # always float32, even for float64 inputs


def forward_squeeze(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return (a1 @ w2.T + b2).squeeze()    # squeezes away size-1 axes (K = 1 or N = 1)


def forward_no_output_bias(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return a1 @ w2.T                     # forgot b2


def forward_bias_after_sigmoid(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T))) + b1   # bias added after the activation
    return a1 @ w2.T + b2


# ============================================================================ 01.cross_entropy
# ----------------------------------------------------------------------------- RIGHT
def ce_vectorised(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits.

    logits: (N, K) scores, one row per example; labels: (N,) integers in 0..K-1.
    Returns the loss, a number: the mean over the N examples of -log softmax(logits)[label].
    """
    m = logits.max(axis=1, keepdims=True)
    shifted = logits - m
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    N = logits.shape[0]
    return float(-logp[np.arange(N), labels].mean())


def ce_loops(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits.

    logits: (N, K) scores, one row per example; labels: (N,) integers in 0..K-1.
    Returns the loss, a number: the mean over the N examples of -log softmax(logits)[label].
    """
    total = 0.0
    for row, label in zip(logits, labels):
        row = [float(v) for v in row]
        m = max(row)
        s = 0.0
        for v in row:
            s += np.exp(v - m)
        logsumexp = m + np.log(s)
        total += logsumexp - row[int(label)]
    return total / len(labels)


def ce_logaddexp_onehot(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits.

    logits: (N, K) scores, one row per example; labels: (N,) integers in 0..K-1.
    Returns the loss, a number: the mean over the N examples of -log softmax(logits)[label].
    """
    logits = np.asarray(logits)
    K = logits.shape[1]
    lse = np.logaddexp.reduce(logits, axis=1, keepdims=True)   # stable log-sum-exp
    logp = logits - lse
    y = np.eye(K)[np.asarray(labels)]                           # one-hot
    return np.mean(-np.sum(y * logp, axis=1))


def ce_take_along(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits.

    logits: (N, K) scores, one row per example; labels: (N,) integers in 0..K-1.
    Returns the loss, a number: the mean over the N examples of -log softmax(logits)[label].
    """
    z = np.asarray(logits, dtype=np.float64)
    lab = np.asarray(labels).astype(np.int64)
    m = z.max(axis=1)
    lse = m + np.log(np.sum(np.exp(z - m[:, None]), axis=1))
    true = np.take_along_axis(z, lab[:, None], axis=1)[:, 0]
    return np.mean(lse - true)


# ----------------------------------------------------------------------------- WRONG
def ce_naive_softmax(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)   # no max subtracted
    return -np.mean(np.log(p[np.arange(len(labels)), labels]))


def ce_batch_max(logits, labels):
    shifted = logits - logits.max()      # max of the whole batch, not of each row
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(labels)), labels])


def ce_log_of_stable_softmax(logits, labels):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)             # stable softmax ...
    return -np.mean(np.log(p[np.arange(len(labels)), labels]))   # ... but then log(p): log(0) = -inf


def ce_sum(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -np.sum(logp[np.arange(len(labels)), labels])   # sum instead of mean


def ce_no_minus(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return np.mean(logp[np.arange(len(labels)), labels])   # forgot the minus sign


def ce_column_index(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -np.mean(logp[:, labels])     # (N, N) block instead of one entry per row


def ce_forgot_max_back(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))   # forgot "- m" (or "+ m" in lse)
    return -np.mean(logp[np.arange(len(labels)), labels])


def ce_mean_over_all_entries(logits, labels):
    K = logits.shape[1]
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    y = np.eye(K)[labels]
    return np.mean(-y * logp)            # mean over N*K entries: divides by K too


def ce_axis0_max(logits, labels):
    m = logits.max(axis=0, keepdims=True)    # max over the batch (axis 0) instead of over the classes
    shifted = logits - m
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(labels)), labels])


RIGHT = {
    "01.forward": [forward_vectorised, forward_nnlib, forward_loops, forward_einsum_stable],
    "01.cross_entropy": [ce_vectorised, ce_loops, ce_logaddexp_onehot, ce_take_along],
}
WRONG = {
    "01.forward": [
        (forward_no_sigmoid, "forgets the sigmoid on the hidden layer"),
        (forward_sigmoid_on_output, "also puts a sigmoid on the output layer"),
        (forward_reshape_not_transpose, "reshapes the weight matrices instead of transposing them"),
        (forward_relu, "uses ReLU instead of sigmoid"),
        (forward_sigmoid_sign, "sign error in the sigmoid: 1 / (1 + exp(z))"),
        (forward_float32, "casts everything to float32, even float64 inputs"),
        (forward_squeeze, "squeezes the output: wrong shape when K = 1 or N = 1"),
        (forward_no_output_bias, "forgets the output bias b2"),
        (forward_bias_after_sigmoid, "adds b1 after the sigmoid instead of before"),
    ],
    "01.cross_entropy": [
        (ce_naive_softmax, "softmax without subtracting the max: overflows for large logits"),
        (ce_batch_max, "subtracts the batch-wide max instead of each row's max"),
        (ce_log_of_stable_softmax, "stable softmax, but then takes log(p): -inf when p underflows"),
        (ce_sum, "sums over the batch instead of averaging"),
        (ce_no_minus, "forgets the minus sign"),
        (ce_column_index, "indexes logp[:, labels] (an N x N block) instead of one entry per row"),
        (ce_forgot_max_back, "log-sum-exp without adding the max back"),
        (ce_mean_over_all_entries, "one-hot and np.mean over all N*K entries: divides by K too"),
        (ce_axis0_max, "subtracts the max over axis 0 (per class) instead of per row"),
    ],
}
