"""Wrong student code for notebook 01's exercises, one per named mistake."""

import numpy as np


def forward_no_transpose(x, w1, b1, w2, b2):
    hidden = 1.0 / (1.0 + np.exp(-(np.dot(x, w1) + b1)))
    return np.dot(hidden, w2) + b2


def forward_linear_only(x, w1, b1, w2, b2):
    out = np.zeros((x.shape[0], w2.shape[0]))
    for n in range(x.shape[0]):          # a loop over examples, as a beginner might write it
        h = w1 @ x[n] + b1
        out[n] = w2 @ h + b2
    return out


def forward_sigmoid_everywhere(x, w1, b1, w2, b2):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))
    return sigmoid(sigmoid(x @ w1.T + b1) @ w2.T + b2)


def forward_relu(x, w1, b1, w2, b2):
    hidden = x @ w1.T + b1
    hidden[hidden < 0] = 0
    return hidden @ w2.T + b2


def ce_naive_exp(logits, labels):
    losses = []
    for row, label in zip(logits, labels):
        losses.append(np.log(np.sum(np.exp(row))) - row[label])
    return np.mean(losses)


def ce_from_probabilities(logits, labels):
    shifted = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    p = shifted / np.sum(shifted, axis=1, keepdims=True)
    onehot = np.eye(logits.shape[1])[labels]
    return np.mean(-np.sum(onehot * np.log(p + 0.0), axis=1))


def ce_summed(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.sum(log_p[np.arange(len(labels)), labels])


def ce_no_reduction(logits, labels):
    m = logits.max(axis=1)
    return m + np.log(np.exp(logits - m[:, None]).sum(axis=1)) - logits[np.arange(len(labels)), labels]


def ce_positive_log(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return log_p[np.arange(len(labels)), labels].mean()


def forward_tanh_hidden(x, w1, b1, w2, b2):
    hidden = np.tanh(np.einsum("nd,hd->nh", x, w1) + b1)
    return np.einsum("nh,kh->nk", hidden, w2) + b2


def forward_sigmoid_wrong_sign(x, w1, b1, w2, b2):
    z = x @ w1.T + b1
    hidden = 1 - 1 / (1 + np.exp(-z))               # = 1 / (1 + exp(z))
    return hidden @ w2.T + b2


def forward_bias_outside(x, w1, b1, w2, b2):
    hidden = 1 / (1 + np.exp(-(x @ w1.T)))
    hidden = hidden + b1
    return hidden @ w2.T + b2


def ce_shift_forgotten(logits, labels):
    shift = np.max(logits, axis=1)
    lse = np.log(np.sum(np.exp(logits - shift[:, None]), axis=1))   # log-sum-exp without "+ shift"
    picked = logits[np.arange(logits.shape[0]), labels]
    return float(np.mean(lse - picked))


MISTAKES = {
    "01.forward": {
        "the weights used without a transpose (x @ w1 instead of x @ w1.T)": forward_no_transpose,
        "a missing activation: two linear layers in a row": forward_linear_only,
        "ReLU instead of the sigmoid": forward_relu,
        "a sigmoid on the output layer as well": forward_sigmoid_everywhere,
        "tanh instead of the sigmoid": forward_tanh_hidden,
        "a sign error in the sigmoid: 1 / (1 + exp(z)) is sigmoid(-z)": forward_sigmoid_wrong_sign,
        "the bias b1 added after the sigmoid instead of before it": forward_bias_outside,
    },
    "01.cross_entropy": {
        "an overflow: exp of the raw logits (exp(1000) = inf)": ce_naive_exp,
        "the log of a probability that underflowed to 0 (log 0 = -inf)": ce_from_probabilities,
        "a sum over the batch instead of the mean": ce_summed,
        "one loss per example instead of their mean": ce_no_reduction,
        "a missing minus sign (the loss is negative)": ce_positive_log,
        "the row maximum subtracted inside the log-sum-exp but not added back": ce_shift_forgotten,
    },
}
