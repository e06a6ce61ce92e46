"""Blind student code for notebook 01 (round 4), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
import numpy as np


# ------------------------------------------------------------------ forward: RIGHT
def forward_matmul(x, w1, b1, w2, b2):
    z1 = x @ w1.T + b1
    a1 = 1 / (1 + np.exp(-z1))          # the notebook's own sigmoid
    out = a1 @ w2.T + b2
    return out.astype(x.dtype, copy=False)


def forward_einsum_tanh(x, w1, b1, w2, b2):
    x = np.asarray(x)
    z1 = np.einsum("nd,hd->nh", x, w1) + b1
    a1 = 0.5 * (1.0 + np.tanh(0.5 * z1))     # sigmoid written via tanh, never overflows
    out = np.einsum("nh,kh->nk", a1, w2) + b2
    return out.astype(x.dtype)


def forward_stable_where(x, w1, b1, w2, b2):
    dt = np.asarray(x).dtype
    z1 = np.dot(x, np.transpose(w1)) + b1
    e = np.exp(-np.abs(z1))
    a1 = np.where(z1 >= 0, 1 / (1 + e), e / (1 + e))
    out = np.dot(a1, np.transpose(w2)) + b2
    return np.asarray(out, dtype=dt)


# ------------------------------------------------------------------ forward: WRONG
def fw_no_transpose(x, w1, b1, w2, b2):
    # student treats w as (in, out)
    z1 = x @ w1.reshape(w1.shape[1], w1.shape[0]) + b1
    a1 = 1 / (1 + np.exp(-z1))
    return (a1 @ w2.reshape(w2.shape[1], w2.shape[0]) + b2).astype(x.dtype)


def fw_sigmoid_on_output(x, w1, b1, w2, b2):
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731 -- as the student wrote it
    return s(s(x @ w1.T + b1) @ w2.T + b2).astype(x.dtype)


def fw_relu(x, w1, b1, w2, b2):
    return (np.maximum(x @ w1.T + b1, 0) @ w2.T + b2).astype(x.dtype)


def fw_bias_after_activation(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T))) + b1
    return (a1 @ w2.T + b2).astype(x.dtype)


def fw_sigmoid_sign(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(x @ w1.T + b1))
    return (a1 @ w2.T + b2).astype(x.dtype)


def fw_float64_always(x, w1, b1, w2, b2):
    x = np.asarray(x, dtype=float)
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return a1 @ w2.T + b2


def fw_no_second_bias(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return (a1 @ w2.T).astype(x.dtype)


def fw_transposed_output(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(w1 @ x.T + b1[:, None])))      # column convention
    return (w2 @ a1 + b2[:, None]).astype(x.dtype)        # returns (K, N)


def fw_unstable_sigmoid(x, w1, b1, w2, b2):
    z1 = x @ w1.T + b1
    with np.errstate(over="ignore", invalid="ignore"):
        a1 = np.exp(z1) / (1 + np.exp(z1))                # inf/inf = nan for large z
    return (a1 @ w2.T + b2).astype(x.dtype)


def fw_reshapes_bias_in_place(x, w1, b1, w2, b2):
    b1.shape = (1, -1)                                    # mutates the caller's array
    b2.shape = (1, -1)
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return (a1 @ w2.T + b2).astype(x.dtype)


# ------------------------------------------------------------------ cross_entropy: RIGHT
def ce_logsumexp(logits, labels):
    z = np.asarray(logits)
    m = z.max(axis=1, keepdims=True)
    logp = (z - m) - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(z)), labels].mean())


def ce_logaddexp(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    lse = np.logaddexp.reduce(z, axis=1)
    true = np.take_along_axis(z, np.asarray(labels).reshape(-1, 1), axis=1)[:, 0]
    return float(np.mean(lse - true))


def ce_onehot(logits, labels):
    z = np.array(logits, dtype=float)
    n, k = z.shape
    y = np.eye(k)[labels]
    m = np.max(z, axis=1)[:, None]
    log_softmax = z - m - np.log(np.sum(np.exp(z - m), axis=1))[:, None]
    return -np.sum(y * log_softmax) / n


# ------------------------------------------------------------------ cross_entropy: WRONG
def ce_naive_softmax(logits, labels):
    with np.errstate(all="ignore"):
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return float(-np.log(p[np.arange(len(labels)), labels]).mean())


def ce_softmax_then_log(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        return float(-np.log(p[np.arange(len(labels)), labels]).mean())


def ce_sum_not_mean(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].sum())


def ce_axis0(logits, labels):
    z = logits - logits.max(axis=0, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=0, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def ce_no_minus(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(logp[np.arange(len(labels)), labels].mean())


def ce_forgot_m_in_numerator(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def ce_global_max(logits, labels):
    z = logits - logits.max()                     # one max for the whole batch
    with np.errstate(divide="ignore"):
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def ce_bad_indexing(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[:, labels].mean())         # (N, N) block, not one entry per row


def ce_mean_over_classes(logits, labels):
    k = logits.shape[1]
    y = np.eye(k)[labels]
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-(y * logp).mean())              # divides by N*K


def ce_mutates_logits(logits, labels):
    logits -= logits.max(axis=1, keepdims=True)   # in place: changes the caller's array
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def ce_log2(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log2(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


RIGHT = {
    "01.forward": [forward_matmul, forward_einsum_tanh, forward_stable_where],
    "01.cross_entropy": [ce_logsumexp, ce_logaddexp, ce_onehot],
}
WRONG = {
    "01.forward": [
        (fw_no_transpose, "reshape instead of transpose of the weights ((out,in) read as (in,out))"),
        (fw_sigmoid_on_output, "sigmoid also applied to the output layer"),
        (fw_relu, "ReLU instead of sigmoid"),
        (fw_bias_after_activation, "b1 added after the sigmoid instead of before"),
        (fw_sigmoid_sign, "sigmoid with wrong sign: 1/(1+exp(+z))"),
        (fw_float64_always, "casts x to float64, float32 in gives float64 out"),
        (fw_no_second_bias, "forgot the output bias b2"),
        (fw_transposed_output, "column convention: returns (K, N) instead of (N, K)"),
        (fw_unstable_sigmoid, "sigmoid as exp(z)/(1+exp(z)): nan for large inputs"),
        (fw_reshapes_bias_in_place, "sets b1.shape/b2.shape in place: mutates the caller's biases (values right)"),
    ],
    "01.cross_entropy": [
        (ce_naive_softmax, "softmax without subtracting the max: overflows"),
        (ce_softmax_then_log, "stable softmax then log: log(0) = -inf for +-1000"),
        (ce_sum_not_mean, "sum over the batch instead of mean"),
        (ce_axis0, "softmax over axis 0 (the batch) instead of the classes"),
        (ce_no_minus, "forgot the minus sign"),
        (ce_forgot_m_in_numerator, "subtracts max inside the exp but not from z_k"),
        (ce_global_max, "subtracts one global max instead of each row's max"),
        (ce_bad_indexing, "logp[:, labels] indexing gives an (N, N) block"),
        (ce_mean_over_classes, "one-hot mean over N*K entries instead of N"),
        (ce_mutates_logits, "subtracts the max from logits in place (mutates input; value right)"),
        (ce_log2, "log2 in the log-sum-exp instead of natural log"),
    ],
}
