"""Exercises of notebook 01: the forward pass, and cross-entropy from logits.

This module is the worked example for exercise authors (see README.md in this folder):
a reference solution, seeded cases with edge cases, wrong implementations that make the
typical mistakes, a hint and an explanation, gathered in EXERCISES.
"""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 01.forward


def forward(x, w1, b1, w2, b2):
    """Forward pass of a 2-layer network: Linear, sigmoid, Linear.

    x: (N, D) inputs, one example per row; w1: (H, D), b1: (H,); w2: (K, H), b2: (K,).
    Returns out: (N, K).
    Float32 inputs give a float32 out (keep the dtype of x).
    """
    z1 = x @ w1.T + b1             # (N, H) linear transform of the hidden layer
    a1 = 1 / (1 + np.exp(-z1))     # (N, H) sigmoid activation
    out = a1 @ w2.T + b2           # (N, K) output layer: no activation
    return out


def _forward_no_transpose(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1 + b1)))
    return a1 @ w2 + b2


def _forward_no_activation(x, w1, b1, w2, b2):
    return (x @ w1.T + b1) @ w2.T + b2


def _forward_sigmoid_on_output(x, w1, b1, w2, b2):
    a1 = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return 1 / (1 + np.exp(-(a1 @ w2.T + b2)))


def _forward_relu(x, w1, b1, w2, b2):
    return np.maximum(x @ w1.T + b1, 0) @ w2.T + b2


def _forward_bias_after_sigmoid(x, w1, b1, w2, b2):
    return (1 / (1 + np.exp(-(x @ w1.T))) + b1) @ w2.T + b2


def _forward_sigmoid_sign(x, w1, b1, w2, b2):
    return 1 / (1 + np.exp(x @ w1.T + b1)) @ w2.T + b2


def _forward_tanh(x, w1, b1, w2, b2):
    return np.tanh(x @ w1.T + b1) @ w2.T + b2


def _forward_cases():
    rng = np.random.default_rng(1)

    def weights(d, h, k, dtype):
        return tuple(rng.normal(size=s).astype(dtype) for s in [(h, d), (h,), (k, h), (k,)])

    x_notebook = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 1.5], [0.0, 0.0]], dtype=np.float32)
    return [
        Case("float32, 4 examples, 2 inputs, 3 hidden units", (x_notebook, *weights(2, 3, 1, np.float32))),
        Case("float64, 5 examples, 3 inputs, 4 hidden, 2 outputs",
             (rng.normal(size=(5, 3)), *weights(3, 4, 2, np.float64))),
        Case("a batch of one, float64", (rng.normal(size=(1, 3)), *weights(3, 4, 2, np.float64))),
        Case("square weights (3 inputs, 3 hidden, 3 outputs)",
             (rng.normal(size=(6, 3)), *weights(3, 3, 3, np.float64))),
        Case("large inputs (+-60), float32", ((60 * rng.choice([-1.0, 1.0], size=(4, 2))).astype(np.float32),
                                              *weights(2, 3, 2, np.float32))),
        Case("huge inputs (+-300), float32: exp overflows if sigmoid is written carelessly",
             ((300 * rng.choice([-1.0, 1.0], size=(4, 2))).astype(np.float32), *weights(2, 3, 2, np.float32))),
    ]


FORWARD = Exercise(
    id="01.forward",
    task="the 2-layer forward pass",
    reference=forward,
    cases=_forward_cases,
    returns=("out",),
    mistakes=(
        Mistake("the weights used without a transpose (x @ w1 instead of x @ w1.T)",
                "Weights are stored (out, in), one row per neuron, so a layer computes x @ w.T + b.",
                like=_forward_no_transpose),
        Mistake("a missing activation: two linear layers in a row",
                "Apply the sigmoid 1 / (1 + exp(-z1)) to the hidden layer before the second Linear.",
                like=_forward_no_activation),
        Mistake("ReLU instead of the sigmoid",
                "This network uses the sigmoid 1 / (1 + exp(-z1)) on its hidden layer.", like=_forward_relu),
        Mistake("tanh instead of the sigmoid",
                "This network uses the sigmoid 1 / (1 + exp(-z1)) on its hidden layer.", like=_forward_tanh),
        Mistake("a sign error in the sigmoid: 1 / (1 + exp(z)) is sigmoid(-z)",
                "The sigmoid is 1 / (1 + exp(-z)), with a minus sign in the exponent.", like=_forward_sigmoid_sign),
        Mistake("the bias b1 added after the sigmoid instead of before it",
                "The bias is part of the linear step: z1 = x @ w1.T + b1, and the sigmoid acts on all of z1.",
                like=_forward_bias_after_sigmoid),
        Mistake("a sigmoid on the output layer as well",
                "The network ends with the second Linear: its output (the logits) gets no activation.",
                like=_forward_sigmoid_on_output),
    ),
    hint="x is (N, D) and w1 is (H, D), one row per hidden neuron: which product of the two gives an (N, H) "
         "array? Which layer gets the sigmoid, and which does not?",
    hint_more="Each layer is a matrix product with the transposed weights plus the bias (it broadcasts over the N "
              "rows). The sigmoid 1 / (1 + exp(-z)) acts on the hidden layer only; the output layer's result "
              "(the logits) is returned as it is.",
    explanation="Each row of x is one example. A Linear layer multiplies by the transposed weight matrix "
                "(weights are stored (out, in), as in nn.Linear) and adds the bias, which broadcasts over the "
                "rows. The sigmoid acts entry by entry on the hidden layer only.",
)

# ---------------------------------------------------------------- 01.cross_entropy


def cross_entropy(logits, labels):
    """Mean cross-entropy of integer labels under the softmax of the logits.

    logits: (N, K) scores, one row per example; labels: (N,) integers in 0..K-1.
    Returns the loss, a number: mean over the N examples of -log softmax(logits)[label].
    Stays finite for logits of +-1000 (log-softmax with the largest logit subtracted).
    """
    z = logits - logits.max(axis=1, keepdims=True)              # (N, K), largest entry 0
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))    # (N, K) log-softmax
    return -log_p[np.arange(len(labels)), labels].mean()


def _ce_overflow(logits, labels):
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def _ce_log_of_softmax(logits, labels):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.log(p[np.arange(len(labels)), labels]).mean()


def _ce_sum(logits, labels):
    return cross_entropy(logits, labels) * len(labels)


def _ce_per_example(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels]


def _ce_no_minus(logits, labels):
    return -cross_entropy(logits, labels)


def _ce_max_not_added_back(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def _ce_cases():
    rng = np.random.default_rng(2)
    return [
        Case("float32, 4 examples, 3 classes", (rng.normal(size=(4, 3)).astype(np.float32), np.array([0, 2, 1, 2]))),
        Case("float64, 6 examples, 5 classes", (3 * rng.normal(size=(6, 5)), rng.integers(0, 5, size=6))),
        Case("a batch of one", (np.array([[2.0, -1.0, 0.5]]), np.array([1]))),
        Case("logits of +-1000, float32", (np.array([[1000.0, -1000.0], [-1000.0, 1000.0]], dtype=np.float32),
                                           np.array([1, 1]))),
        Case("logits 100 and 99, float32 (exp(100) overflows)", (np.array([[100.0, 99.0]], dtype=np.float32),
                                                                  np.array([0]))),
        Case("all logits equal (loss = log K)", (np.zeros((3, 4)), np.array([0, 1, 3]))),
        Case("rows with very different maxima (1000 and -1000): each row needs its own", (
            np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -999.5], [0.5, -0.5, 2.0]]), np.array([1, 2, 0]))),
    ]


CROSS_ENTROPY = Exercise(
    id="01.cross_entropy",
    task="cross-entropy from logits",
    reference=cross_entropy,
    cases=_ce_cases,
    returns=("loss",),
    mistakes=(
        Mistake("an overflow: exp of the raw logits (exp(1000) = inf)",
                "Subtract each row's largest logit before np.exp; the loss does not change, the overflow goes.",
                like=_ce_overflow),
        Mistake("the log of a probability that underflowed to 0 (log 0 = -inf)",
                "Never form p: use log p = z - log(sum(exp(z))) with z shifted by its row maximum.",
                like=_ce_log_of_softmax),
        Mistake("the row maximum subtracted inside the log-sum-exp but not added back",
                "log(sum(exp(z))) = m + log(sum(exp(z - m))): subtract m from the logits too (log p = (z - m) - "
                "log(sum(exp(z - m)))), or add m back.", like=_ce_max_not_added_back),
        Mistake("a sum over the batch instead of the mean",
                "Divide by the number of examples (use .mean()), so the loss does not grow with the batch size.",
                like=_ce_sum),
        Mistake("one loss per example instead of their mean",
                "Return one number: the mean of the per-example losses.",
                like=_ce_per_example),
        Mistake("a missing minus sign (the loss is negative)",
                "Cross-entropy is -log p of the true class: positive, and 0 only for a certain, correct prediction.",
                like=_ce_no_minus),
    ),
    hint="exp(1000) is inf. Subtracting the same number from every logit of a row does not change its softmax: "
         "which number keeps every exponent at most 0? Then work with log p directly instead of p.",
    hint_more="Per row: shift by that row's own largest logit (keepdims keeps the shapes broadcastable); log p is "
              "the shifted logits minus the log of the row's sum of exponentials. Pick each row's entry at its "
              "label (fancy indexing with one index array per axis), and average minus those over the batch.",
    explanation="Log-softmax is computed without ever forming the tiny probability: subtracting the row maximum "
                "keeps every exponent at most 0, so the sum lies between 1 and K and its log is harmless. "
                "Fancy indexing picks each example's true-class entry; the loss is the mean over the batch.",
)

EXERCISES = (FORWARD, CROSS_ENTROPY)
