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


MISTAKES = {
    "01.forward": {
        "the weights used without a transpose (x @ w1 instead of x @ w1.T)": forward_no_transpose,
        "a missing activation: two linear layers in a row": forward_linear_only,
        "ReLU instead of the sigmoid": forward_relu,
        "a sigmoid on the output layer as well": forward_sigmoid_everywhere,
    },
    "01.cross_entropy": {
        "an overflow: exp of the raw logits (exp(1000) = inf)": ce_naive_exp,
        "the log of a probability that underflowed to 0 (log 0 = -inf)": ce_from_probabilities,
        "a sum over the batch instead of the mean": ce_summed,
        "one loss per example instead of their mean": ce_no_reduction,
        "a missing minus sign (the loss is negative)": ce_positive_log,
    },
}
