"""Exercises of notebook 10: batch norm's forward pass with its running statistics, and its backward pass."""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 10.batch_norm


def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation of x, in training or evaluation mode.

    x: (N, D); gamma, beta: (D,) the learned scale (weight) and shift (bias);
    running_mean, running_var: (D,) the running statistics (do not change these arrays: return new ones);
    training: True normalises with the batch's mean and (biased) variance and updates the running
    statistics (with the unbiased variance); False normalises with the running statistics, unchanged.
    Returns out: (N, D), and the new running_mean and running_var: (D,) each.
    A float32 x gives float32 outputs (keep the dtype of x, as a layer does).
    """
    if training:
        N = x.shape[0]
        mean = x.mean(axis=0)                        # (D,) over the batch
        var = x.var(axis=0)                          # (D,) biased: divides by N
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)   # unbiased
    else:
        mean, var = running_mean, running_var        # evaluation: nothing is updated
    x_hat = (x - mean) / np.sqrt(var + eps)          # (N, D): mean 0, std 1 per feature
    out = gamma * x_hat + beta
    return out, running_mean, running_var


def _bn_normalise_unbiased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, rm, rv = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    if training:
        x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps)
        out = gamma * x_hat + beta
    return out, rm, rv


def _bn_running_biased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, rm, rv = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    if training:
        rv = (1 - momentum) * running_var + momentum * x.var(axis=0)
    return out, rm, rv


def _bn_momentum_swapped(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, rm, rv = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    if training:
        N = len(x)
        rm = momentum * running_mean + (1 - momentum) * x.mean(axis=0)
        rv = momentum * running_var + (1 - momentum) * x.var(axis=0) * N / (N - 1)
    return out, rm, rv


def _bn_always_training(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    return batch_norm(x, gamma, beta, running_mean, running_var, True, momentum, eps)


def _bn_eval_batch_statistics(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta     # batch statistics, always
    _, rm, rv = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    return out, rm, rv


def _bn_eval_updates(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, _, _ = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    N = len(x)
    rm = (1 - momentum) * running_mean + momentum * x.mean(axis=0)                # updated in both modes
    rv = (1 - momentum) * running_var + momentum * x.var(axis=0) * N / (N - 1)
    return out, rm, rv


def _bn_no_update(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, _, _ = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    return out, running_mean, running_var


def _bn_eps_outside(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    _, rm, rv = batch_norm(x, gamma, beta, running_mean, running_var, training, momentum, eps)
    mean, var = (x.mean(axis=0), x.var(axis=0)) if training else (running_mean, running_var)
    return gamma * (x - mean) / (np.sqrt(var) + eps) + beta, rm, rv


def _bn_no_scale_shift(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    out, rm, rv = batch_norm(x, np.ones_like(gamma), np.zeros_like(beta), running_mean, running_var, training,
                             momentum, eps)
    return out, rm, rv


def _bn_wrong_axis(got, expected, case):
    """Statistics over the features of each example (axis=1) instead of over the batch."""
    x, gamma, beta, running_mean, running_var, training = case.args[:6]
    if not training:
        return False
    x_hat = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)
    return np.allclose(np.asarray(got[0], dtype=np.float64), gamma * x_hat + beta, rtol=1e-4, atol=1e-5)


def _bn_cases():
    rng = np.random.default_rng(10)
    x = np.array([[1.0, 200.0, -0.1], [2.0, 180.0, 0.3], [3.0, 260.0, 0.2],
                  [4.0, 220.0, -0.2], [5.0, 240.0, 0.0], [6.0, 300.0, 0.1]])        # the notebook's batch
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0])
    rm, rv = np.array([0.5, 210.0, 0.0]), np.array([2.0, 900.0, 0.05])
    f32 = [a.astype(np.float32) for a in (x, gamma, beta, rm, rv)]
    tiny = np.array([[1.0, 0.0], [1.0 + 2e-3, 1.0], [1.0 - 2e-3, 2.0], [1.0, 3.0]])  # feature 0: variance 2e-6
    return [
        Case("training, float64, 6 examples of 3 features", (x, gamma, beta, rm, rv, True)),
        Case("training, float32", (*f32, True)),
        Case("training, momentum 0.5, 5 examples of 4 features",
             (rng.normal(3, 2, size=(5, 4)), rng.normal(size=4), rng.normal(size=4), np.zeros(4), np.ones(4), True),
             {"momentum": 0.5}),
        Case("training, a feature with tiny variance (2e-6, less than eps)",
             (tiny, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), True)),
        Case("training, two examples (the smallest batch)",
             (np.array([[1.0, -3.0], [3.0, 5.0]]), np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), True)),
        Case("evaluation, 6 examples", (x, gamma, beta, rm, rv, False)),
        Case("evaluation, a batch of one", (x[:1], gamma, beta, rm, rv, False)),
        Case("training, eps = 0.5 (large), momentum 0.3", (x, gamma, beta, rm, rv, True),
             {"momentum": 0.3, "eps": 0.5}),
        Case("evaluation, eps = 0.5", (x, gamma, beta, rm, rv, False), {"eps": 0.5}),
    ]


BATCH_NORM = Exercise(
    id="10.batch_norm",
    task="batch norm's forward pass with running statistics",
    reference=batch_norm,
    cases=_bn_cases,
    returns=("out", "running_mean", "running_var"),
    mistakes=(
        Mistake("normalising with the unbiased variance (divided by N - 1)",
                "Normalise with the batch's plain variance x.var(axis=0) (divided by N); only the running variance "
                "uses the unbiased one, var * N / (N - 1).", like=_bn_normalise_unbiased),
        Mistake("a running variance updated with the biased variance",
                "Update running_var with the unbiased variance var * N / (N - 1), as PyTorch does.",
                like=_bn_running_biased),
        Mistake("momentum applied the wrong way round",
                "The new batch gets the weight momentum (0.1): running = (1 - momentum) * running + momentum * batch.",
                like=_bn_momentum_swapped),
        Mistake("evaluation mode that behaves like training mode (batch statistics, running statistics updated)",
                "Branch on training: with training=False normalise with running_mean and running_var and return "
                "them unchanged.", like=_bn_always_training),
        Mistake("the batch's own statistics used in evaluation mode",
                "With training=False normalise with running_mean and running_var (a batch of one must work too).",
                like=_bn_eval_batch_statistics),
        Mistake("running statistics updated in evaluation mode",
                "With training=False return running_mean and running_var unchanged.", like=_bn_eval_updates),
        Mistake("running statistics never updated in training mode",
                "In training mode return the updated running statistics: "
                "(1 - momentum) * running + momentum * batch statistic.", like=_bn_no_update),
        Mistake("eps added outside the square root",
                "Divide by np.sqrt(var + eps): eps belongs inside the root.", like=_bn_eps_outside),
        Mistake("no scale and shift: gamma and beta are not used",
                "After normalising, out = gamma * x_hat + beta.", like=_bn_no_scale_shift),
        Mistake("statistics over the features of each example (axis=1) instead of over the batch (axis=0)",
                "Each feature is normalised over the N examples of the batch: x.mean(axis=0), x.var(axis=0).",
                when=_bn_wrong_axis),
    ),
    hint="Which mean and variance normalise x depends on `training`. Over which axis do you average to get one "
         "number per feature? The running variance gets the unbiased variance (times N / (N - 1)); the "
         "normalisation does not.",
    explanation="Training mode normalises with the batch's own statistics (the plain variance, divided by N) and "
                "moves the running statistics 10 % of the way towards the batch's, with the unbiased variance for "
                "running_var, as PyTorch does. Evaluation mode uses the running statistics and updates nothing, so "
                "a single example gets the same answer whatever batch it is in.",
)

# ---------------------------------------------------------------- 10.batch_norm_backward


def batch_norm_backward(dout, x, gamma, eps=1e-5):
    """The backward pass of batch norm in training mode.

    dout: (N, D) gradient of the loss with respect to out = gamma * x_hat + beta;
    x: (N, D) the input of the forward pass; gamma: (D,); eps as in the forward pass.
    Returns dx: (N, D), dgamma: (D,) and dbeta: (D,).
    A float32 x gives float32 gradients (keep the dtype of x).
    """
    N = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)               # (D,)
    x_hat = (x - x.mean(axis=0)) * inv_std                   # (N, D)
    dbeta = dout.sum(axis=0)                                 # beta is added to every example
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma                                    # (N, D)
    # mean and var depend on every x too: remove dx_hat's batch mean and its part along x_hat
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


def _bnb_constant_statistics(dout, x, gamma, eps=1e-5):
    _, dgamma, dbeta = batch_norm_backward(dout, x, gamma, eps)
    return dout * gamma / np.sqrt(x.var(axis=0) + eps), dgamma, dbeta


def _bnb_constant_variance(dout, x, gamma, eps=1e-5):
    _, dgamma, dbeta = batch_norm_backward(dout, x, gamma, eps)
    dx_hat = dout * gamma
    return (dx_hat - dx_hat.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps), dgamma, dbeta


def _bnb_dgamma_without_x_hat(dout, x, gamma, eps=1e-5):
    dx, _, dbeta = batch_norm_backward(dout, x, gamma, eps)
    return dx, dout.sum(axis=0), dbeta


def _bnb_unbiased(dout, x, gamma, eps=1e-5):
    N = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0, ddof=1) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dx_hat = dout * gamma
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0) * N / (N - 1))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def _bnb_wrong_axis_sums(got, expected, case):
    """dgamma or dbeta summed over the features (axis=1): one number per example."""
    n = len(case.args[1])
    return any(np.shape(g) == (n,) != np.shape(e) for g, e in zip(got[1:], expected[1:]))


def _bnb_cases():
    rng = np.random.default_rng(100)

    def case(name, n, d, dtype=np.float64, gamma=None):
        x = (rng.normal(2, 3, size=(n, d))).astype(dtype)
        g = rng.normal(size=d).astype(dtype) if gamma is None else np.asarray(gamma, dtype=dtype)
        return Case(name, (rng.normal(size=(n, d)).astype(dtype), x, g))

    return [
        case("float64, 8 examples of 3 features", 8, 3),
        case("float32, 6 examples of 4 features", 6, 4, np.float32),
        case("two examples (the smallest batch)", 2, 3),
        case("gamma with a zero (no gradient flows through that feature)", 5, 3, gamma=[1.5, 0.0, -2.0]),
        case("one feature, 10 examples", 10, 1),
        Case("eps = 0.5 (large)", case("", 6, 3).args, {"eps": 0.5}),
    ]


BATCH_NORM_BACKWARD = Exercise(
    id="10.batch_norm_backward",
    task="batch norm's backward pass",
    reference=batch_norm_backward,
    cases=_bnb_cases,
    returns=("dx", "dgamma", "dbeta"),
    mistakes=(
        Mistake("the batch mean and variance treated as constants (dx = dout * gamma / std)",
                "Every x_n also moves the batch's mean and variance: subtract dx_hat's batch mean and its part "
                "along x_hat, as the paragraph above the exercise describes.", like=_bnb_constant_statistics),
        Mistake("the mean's dependence on x included, but not the variance's",
                "Besides subtracting the batch mean of dx_hat, subtract x_hat * mean(dx_hat * x_hat).",
                like=_bnb_constant_variance),
        Mistake("dgamma without x_hat (it equals dbeta)",
                "out = gamma * x_hat + beta, so dgamma = (dout * x_hat).sum(axis=0).", like=_bnb_dgamma_without_x_hat),
        Mistake("the unbiased variance (N - 1) in the backward pass",
                "The forward pass normalises with the biased variance (divided by N); use the same one here.",
                like=_bnb_unbiased),
        Mistake("dgamma or dbeta summed over the features (axis=1) instead of over the batch",
                "gamma and beta have one entry per feature and are shared by the N examples: sum over axis=0.",
                when=_bnb_wrong_axis_sums),
    ),
    hint="Recompute x_hat and 1 / std from x. dbeta and dgamma sum over the batch. For dx, remember that "
         "moving one x_n also moves the batch's mean and variance: the paragraph above the exercise names the "
         "three parts of dx.",
    explanation="If mean and var were constants, dx would be dx_hat * inv_std. But each x_n also changes the batch "
                "mean (which removes the batch mean of dx_hat) and the batch variance (which removes dx_hat's "
                "component along x_hat). nnlib.functional.batch_norm computes the same dx in its backward closure.",
)

EXERCISES = (BATCH_NORM, BATCH_NORM_BACKWARD)
