"""Blind student code for notebook 01 (round 2), written without reading the checks."""
import numpy as np

from nnlib import functional as F
import nnlib


# ============================================================================ 01.forward
def forward_matmul(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear."""
    z1 = x @ w1.T + b1
    a1 = 1 / (1 + np.exp(-z1))
    return a1 @ w2.T + b2


def forward_einsum_tanh(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear."""
    z1 = np.einsum("nd,hd->nh", x, w1) + b1
    a1 = 0.5 * (1 + np.tanh(0.5 * z1))          # sigmoid(z) = (1 + tanh(z/2)) / 2, never overflows
    return np.einsum("nh,kh->nk", a1, w2) + b2


def forward_nnlib(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear."""
    dt = np.result_type(x, w1)
    T = lambda a: nnlib.Tensor(np.asarray(a), dtype=dt)
    with nnlib.no_grad():
        h = F.sigmoid(F.linear(T(x), T(w1), T(b1)))
        return F.linear(h, T(w2), T(b2)).numpy()


def forward_rows(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear."""
    rows = []
    for xi in x:                                   # one example at a time
        z = w1 @ xi + b1
        a = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
        rows.append(w2 @ a + b2)
    return np.stack(rows).reshape(x.shape[0], w2.shape[0])


def forward_first_output_only(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    out = a1 @ w2.T + b2
    return out[:, 0]                               # like the notebook's print


def forward_sigmoid_on_output(x, w1, b1, w2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    return sig(sig(x @ w1.T + b1) @ w2.T + b2)


def forward_bias_after_activation(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T))) + b1
    return a1 @ w2.T + b2


def forward_exp_ratio(x, w1, b1, w2, b2):
    z1 = x @ w1.T + b1
    e = np.exp(z1)
    a1 = e / (1 + e)                               # same sigmoid, written the other way
    return a1 @ w2.T + b2


def forward_tanh(x, w1, b1, w2, b2):
    a1 = np.tanh(x @ w1.T + b1)                    # "the S-shaped one"
    return a1 @ w2.T + b2


def forward_standardise_inplace(x, w1, b1, w2, b2):
    x -= x.mean(axis=0)                            # centre the inputs first
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return a1 @ w2.T + b2


# ====================================================================== 01.cross_entropy
def cross_entropy_shift(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits."""
    m = logits.max(axis=1, keepdims=True)
    shifted = logits - m
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = logits.shape[0]
    return float(-logp[np.arange(n), labels].mean())


def cross_entropy_logaddexp(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits."""
    z = np.asarray(logits, dtype=np.float64)
    lse = np.logaddexp.reduce(z, axis=1)
    picked = np.take_along_axis(z, np.asarray(labels).reshape(-1, 1).astype(np.int64), axis=1)[:, 0]
    return float(np.mean(lse - picked))


def cross_entropy_loop(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits."""
    total = 0.0
    for row, lab in zip(np.asarray(logits, dtype=np.float64), np.asarray(labels)):
        c = max(row)
        total += c + np.log(sum(np.exp(v - c) for v in row)) - row[int(lab)]
    return total / len(labels)


def cross_entropy_naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))


def cross_entropy_sum(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].sum())


def cross_entropy_global_max(logits, labels):
    shifted = logits - logits.max()                # one max for the whole batch
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def cross_entropy_column_index(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-logp[:, labels].mean())          # pick the label columns


def cross_entropy_softmax_over_batch(logits, labels):
    shifted = logits - logits.max(axis=0, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def cross_entropy_clipped(logits, labels):
    z = np.clip(logits, -30, 30)                   # keep exp from overflowing
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))


def cross_entropy_forgot_max_back(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(logits - m).sum(axis=1, keepdims=True))   # log-sum-exp ... without + m
    logp = logits - lse
    return float(-logp[np.arange(len(labels)), labels].mean())


RIGHT = {
    "01.forward": [forward_matmul, forward_einsum_tanh, forward_nnlib, forward_rows],
    "01.cross_entropy": [cross_entropy_shift, cross_entropy_logaddexp, cross_entropy_loop],
}
WRONG = {
    "01.forward": [
        (forward_first_output_only, "I returned out[:, 0] like the notebook prints it, a 1-D array"),
        (forward_sigmoid_on_output, "I put the sigmoid after the second Linear layer too"),
        (forward_bias_after_activation, "I added b1 after the sigmoid instead of before"),
        (forward_exp_ratio, "I wrote sigmoid as exp(z) / (1 + exp(z)), which gives nan for large z"),
        (forward_tanh, "I used tanh as the activation instead of the sigmoid"),
        (forward_standardise_inplace, "I centred x in place before the first layer (changes the result and the caller's x)"),
    ],
    "01.cross_entropy": [
        (cross_entropy_naive, "plain softmax without subtracting the max: overflows for large logits"),
        (cross_entropy_sum, "I summed over the batch instead of taking the mean"),
        (cross_entropy_global_max, "I subtracted the max of the whole batch, not of each row"),
        (cross_entropy_column_index, "I indexed logp[:, labels], which takes an N x N block, then averaged it"),
        (cross_entropy_softmax_over_batch, "I did the softmax over axis 0 (over the examples)"),
        (cross_entropy_clipped, "I clipped the logits to [-30, 30] to avoid overflow"),
        (cross_entropy_forgot_max_back, "I subtracted the max inside the log-sum-exp but forgot to add it back"),
    ],
}
