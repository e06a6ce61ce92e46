"""Exercise of notebook 00: one training step of the line out = w * x + b, by hand."""

import numpy as np

from .exercise import Case, Exercise, Mistake


def line_step(w, b, x, y, lr):
    """One gradient-descent step for out = w * x + b with the loss C = mean((out - y)^2).

    w, b: numbers; x, y: arrays of the same shape, one entry per example; lr: learning rate.
    Returns (w_new, b_new).
    """
    out = w * x + b                          # 1. forward
    error = out - y                          # 2. the loss is mean(error^2)
    dw = np.mean(2 * error * x)              # 3. backward: dC/dw
    db = np.mean(2 * error)                  #              dC/db
    return w - lr * dw, b - lr * db          # 4. step, both from the same forward pass


def _uphill(w, b, x, y, lr):
    error = w * x + b - y
    return w + lr * np.mean(2 * error * x), b + lr * np.mean(2 * error)


def _sum(w, b, x, y, lr):
    error = w * x + b - y
    return w - lr * np.sum(2 * error * x), b - lr * np.sum(2 * error)


def _sequential(w, b, x, y, lr):
    w = w - lr * np.mean(2 * (w * x + b - y) * x)
    return w, b - lr * np.mean(2 * (w * x + b - y))


def _cases():
    rng = np.random.default_rng(0)
    x20 = np.linspace(-1, 1, 20, dtype=np.float32).reshape(-1, 1)
    y20 = (2 * x20 + 1 + 0.2 * rng.standard_normal(x20.shape)).astype(np.float32)
    x7 = rng.normal(size=7)
    return [
        Case("the notebook's 20 points, float32", (0.5, -0.3, x20, y20, 0.3)),
        Case("7 points, float64", (1.5, 2.0, x7, 3 * x7 - 1, 0.1)),
        Case("a batch of one", (0.0, 0.0, np.array([2.0]), np.array([5.0]), 0.05)),
        Case("lr = 0 (nothing moves)", (0.7, 0.2, x7, x7, 0.0)),
        Case("x and y as 2 x 5 arrays (10 examples): the mean is over every entry",
             (0.3, -0.1, x7[:5].reshape(1, 5).repeat(2, axis=0) + np.arange(2)[:, None], np.ones((2, 5)), 0.2)),
    ]


LINE_STEP = Exercise(
    id="00.line_step",
    task="one training step of the line",
    reference=line_step,
    cases=_cases,
    returns=("w_new", "b_new"),
    steps_from={"w_new": "w", "b_new": "b"},
    mistakes=(
        Mistake("a step uphill (+ lr * gradient)",
                "Step against the gradient: w - lr * dC/dw, so that the loss goes down.", like=_uphill),
        Mistake("the sum over the examples instead of the mean",
                "The loss is a mean, so its gradient is the mean of 2 * error * x (np.mean, not np.sum).", like=_sum),
        Mistake("b's gradient computed with the already updated w",
                "Compute both gradients from one forward pass first, then update w and b.", like=_sequential),
    ),
    hint="Forward first: what is out, and what is the error out - y? The loss is the mean of error**2: how much "
         "does it change when w moves a little, and when b does? Then step both against their slopes.",
    hint_more="By the chain rule, the slope of error**2 is 2 * error times the slope of error: x for w, 1 for b. "
              "The loss is a mean, so its slopes are means too. Compute both slopes from the same forward pass "
              "before changing either parameter.",
    explanation="The forward pass gives out; the loss is the mean of the squared errors, so its slope with respect "
                "to w is the mean of 2 * error * x and with respect to b the mean of 2 * error. Both gradients come "
                "from the same forward pass; then each parameter moves a step of lr against its gradient.",
)

EXERCISES = (LINE_STEP,)
