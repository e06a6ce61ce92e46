"""Exercises of notebook 07: inverted dropout (forward and backward), the L2 penalty and its gradient."""

import numpy as np

from .compare import same, to_array
from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 07.dropout


def dropout(x, dout, p, u, training=True):
    """Inverted dropout: the forward pass and, with the same mask, the backward pass.

    x: (N, D) activations; dout: (N, D) gradient of the loss with respect to out;
    p: drop probability in [0, 1), q = 1 - p the keep probability;
    u: (N, D) random numbers, uniform in [0, 1), one per unit: unit i is dropped when u[i] < p;
    training: False means evaluation mode, where nothing is dropped.
    Returns out: (N, D), the kept units divided by q and the dropped ones 0, and
    dx: (N, D), the gradient with respect to x.
    A float32 x gives float32 out and dx (keep the dtype of x).
    """
    if not training:
        return x, dout                   # evaluation: the identity, forward and backward
    q = 1 - p
    keep = u >= p                        # True with probability q: the mask
    out = np.where(keep, x / q, 0)       # inverted dropout: survivors scaled by 1/q
    dx = np.where(keep, dout / q, 0)     # out = x * keep / q, so dx = dout * keep / q
    return out, dx


def _dropout_cases():
    rng = np.random.default_rng(7)

    def case(name, shape, p, dtype=np.float64, training=True, scale=1.0):
        # x has no zeros, so a 0 in out always means "dropped"
        x = (scale * rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)).astype(dtype)
        dout = rng.normal(size=shape).astype(dtype)
        u = rng.random(shape)
        return Case(name, (x, dout, p, u), {"training": training})

    def zeros_and_ties():
        """ReLU-like activations (exact zeros that are kept) and u exactly equal to p (kept: u >= p)."""
        c = case("activations with exact zeros (after a ReLU), u exactly p in places, p = 0.25", (4, 6), 0.25)
        x, dout, p, u = c.args
        x = np.where(rng.random(x.shape) < 0.4, 0.0, np.abs(x))
        u = u.copy()
        u[0, :3] = p
        u[1, 2] = p
        return Case(c.name, (x, dout, p, u), c.kwargs)

    return [
        case("p = 0.5, float64, 4 examples of 6 units", (4, 6), 0.5),
        case("p = 0.2, float32", (5, 8), 0.2, np.float32),
        case("a batch of one, p = 0.9 (survivors times 10)", (1, 10), 0.9),
        case("p = 0: nothing is dropped", (3, 4), 0.0),
        case("evaluation mode (training=False), p = 0.5", (3, 5), 0.5, training=False),
        case("large activations (+-1e30), float32, p = 0.3", (4, 5), 0.3, np.float32, scale=1e30),
        zeros_and_ties(),
    ]


def _arrays(got, case):
    """(x, dout, p, u, training, out, dx) as arrays, for the mistake predicates."""
    x, dout, p, u = case.args
    return x, dout, p, u, case.kwargs.get("training", True), to_array(got[0]), to_array(got[1])


def _keeps_with_p(got, expected, case):
    x, _, p, u, training, out, _ = _arrays(got, case)
    return training and 0 < p and out.shape == x.shape and np.array_equal(out != 0, u < p)


def _kept_unscaled(got, expected, case):
    x, _, p, u, training, out, _ = _arrays(got, case)
    return training and 0 < p and same(out, np.where(u >= p, x, 0))


def _kept_times_q(got, expected, case):
    x, _, p, u, training, out, _ = _arrays(got, case)
    return training and 0 < p and same(out, np.where(u >= p, x * (1 - p), 0))


def _drops_in_eval(got, expected, case):
    x, _, _, _, training, out, _ = _arrays(got, case)
    return not training and not same(out, x)


def _backward_unscaled(got, expected, case):
    _, dout, p, u, training, out, dx = _arrays(got, case)
    return training and 0 < p and same(out, expected[0]) and same(dx, np.where(u >= p, dout, 0))


def _backward_without_mask(got, expected, case):
    _, dout, p, _, training, out, dx = _arrays(got, case)
    return training and 0 < p and same(out, expected[0]) and (same(dx, dout / (1 - p)) or same(dx, dout))


def _backward_mask_from_output(got, expected, case):
    _, dout, p, u, training, out, dx = _arrays(got, case)
    q = 1 - p
    return (training and 0 < p and same(out, expected[0]) and np.any((out == 0) & (u >= p))
            and (same(dx, np.where(out != 0, dout / q, 0)) or same(dx, np.where(out != 0, dout, 0))))


def _backward_other_mask(got, expected, case):
    _, _, p, u, training, out, dx = _arrays(got, case)
    return (training and 0 < p and same(out, expected[0]) and dx.shape == u.shape
            and not np.array_equal(dx != 0, u >= p))


DROPOUT = Exercise(
    id="07.dropout",
    task="inverted dropout, forward and backward",
    reference=dropout,
    cases=_dropout_cases,
    returns=("out", "dx"),
    mistakes=(
        Mistake("p used as the KEEP probability: units are kept where u < p",
                "p is the drop probability: drop where u < p, keep where u >= p (kept with q = 1 - p).",
                when=_keeps_with_p),
        Mistake("kept units that are never rescaled (the training-time mean shrinks to q * x)",
                "Inverted dropout divides the kept activations by q = 1 - p while training.",
                when=_kept_unscaled),
        Mistake("kept units multiplied by q instead of divided by it",
                "Multiplying by q belongs to the original convention, at test time; inverted dropout divides by q "
                "while training.", when=_kept_times_q),
        Mistake("units dropped or rescaled in evaluation mode",
                "With training=False dropout is the identity: return x and dout unchanged.", when=_drops_in_eval),
        Mistake("a backward pass that forgets the 1/q",
                "out = x * keep / q, so dx = dout * keep / q: the same mask and the same scaling.",
                when=_backward_unscaled),
        Mistake("a backward pass without the mask: dropped units pass gradient back",
                "A dropped unit's output does not depend on x, so its gradient is 0: multiply dout by the mask.",
                when=_backward_without_mask),
        Mistake("a backward pass that rebuilds the mask from the output (out != 0): kept units whose activation "
                "is 0 get no gradient",
                "Keep the mask itself (u >= p) and use it in both passes; a ReLU often hands dropout exact zeros "
                "that were kept.", when=_backward_mask_from_output),
        Mistake("a backward pass with a different mask from the forward pass",
                "Use the very same mask (the same u >= p) in both passes: the units dropped forward get no gradient.",
                when=_backward_other_mask),
    ),
    hint="Build the mask once from u and p (which units survive?) and use it twice: on x going forward, on "
         "dout going back. Survivors are divided by q = 1 - p in both passes; in evaluation mode nothing "
         "changes.",
    explanation="Each unit is kept with probability q = 1 - p; dividing the survivors by q keeps the expected "
                "activation equal to x, so nothing changes at test time. out is x times a constant mask, so "
                "backpropagation multiplies dout by the same mask. np.where keeps the input's dtype (float32 "
                "stays float32) because q is a Python number.",
)

# ---------------------------------------------------------------- 07.l2_penalty


def l2_penalty(weights, lam):
    """The L2 penalty lam/2 * (sum of all squared weights) and its gradient.

    weights: a list of arrays (any shapes), e.g. [w1, b1, w2, b2]; lam: the strength, >= 0.
    Returns penalty, a number, and grads: a list with one array per weight array,
    the gradient of the penalty with respect to it (same shape).
    """
    penalty = lam / 2 * sum(np.sum(w ** 2) for w in weights)
    grads = [lam * w for w in weights]           # d/dw (lam/2 * w**2) = lam * w
    return penalty, grads


def _flat_grads(result, arguments):
    """(penalty, every gradient flattened into one array): lists of arrays compare as one array."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return result                             # the usual messages about what was returned
    penalty, grads = result
    weights = arguments["weights"]
    if not isinstance(grads, (tuple, list)) or len(grads) != len(weights):
        n = len(grads) if isinstance(grads, (tuple, list)) else f"a {type(grads).__name__}"
        raise ValueError(f"grads should be a list with one gradient per weight array ({len(weights)}), got {n}")
    flat = []
    for i, (g, w) in enumerate(zip(grads, weights)):
        g = to_array(g)
        if g is None or g.shape != np.shape(w):
            shape = None if g is None else g.shape
            raise ValueError(f"grads[{i}] should have the shape of weights[{i}], {np.shape(w)}, got {shape}")
        flat.append(g.ravel())
    return penalty, np.concatenate(flat)


def _l2_no_half(weights, lam):
    penalty, grads = l2_penalty(weights, lam)
    return 2 * penalty, grads


def _l2_grad_twice(weights, lam):
    penalty, grads = l2_penalty(weights, lam)
    return penalty, [2 * g for g in grads]


def _l2_abs(weights, lam):
    return lam / 2 * sum(np.abs(w).sum() for w in weights), [lam * np.sign(w) for w in weights]


def _l2_norm(weights, lam):
    return lam / 2 * np.sqrt(sum((w ** 2).sum() for w in weights)), l2_penalty(weights, lam)[1]


def _l2_grad_sign(weights, lam):
    penalty, grads = l2_penalty(weights, lam)
    return penalty, [-g for g in grads]


def _l2_mean(weights, lam):
    return lam / 2 * sum((w ** 2).mean() for w in weights), l2_penalty(weights, lam)[1]


def _l2_penalty_partly(got, expected, case):
    """The penalty of only some of the weight arrays (the first, the last, ...)."""
    weights, lam = case.args
    parts = [lam / 2 * float(np.sum(np.asarray(w, dtype=np.float64) ** 2)) for w in weights]
    penalty = float(to_array(got[0]))
    return len(parts) > 1 and any(np.isclose(penalty, sum(parts[:k]) or np.nan) or
                                  np.isclose(penalty, sum(parts[k:]) or np.nan) for k in range(1, len(parts)))


def _l2_cases():
    rng = np.random.default_rng(70)
    layer = [rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(2, 4)), rng.normal(size=2)]
    return [
        Case("float64, weights and biases of two layers, lam = 0.01", (layer, 0.01)),
        Case("float32, lam = 0.1", ([w.astype(np.float32) for w in layer[:2]], 0.1)),
        Case("one weight matrix of a single row, lam = 2", ([rng.normal(size=(1, 5))], 2.0)),
        Case("lam = 0: no penalty", (layer, 0.0)),
        Case("large weights (+-1000), lam = 1e-4", ([1000 * rng.normal(size=(3, 3)), 1000 * np.ones(3)], 1e-4)),
    ]


L2_PENALTY = Exercise(
    id="07.l2_penalty",
    task="the L2 penalty and its gradient",
    reference=l2_penalty,
    cases=_l2_cases,
    returns=("penalty", "grads"),
    observe=_flat_grads,
    mistakes=(
        Mistake("a penalty without the 1/2: lam * sum(w**2)",
                "The notebook's convention is lam/2 * sum(w**2), whose gradient lam * w matches weight_decay=lam.",
                like=_l2_no_half),
        Mistake("a gradient of 2 * lam * w, which belongs to lam * sum(w**2), not to lam/2 * sum(w**2)",
                "The derivative of lam/2 * w**2 is lam * w: the 2 of the square cancels the 1/2.",
                like=_l2_grad_twice),
        Mistake("absolute values (the L1 penalty) instead of squares",
                "L2 squares every weight: lam/2 * sum(w**2), with gradient lam * w.", like=_l2_abs),
        Mistake("the length of the weight vector (a square root) instead of its square",
                "The penalty is lam/2 * sum(w**2), without a square root.", like=_l2_norm),
        Mistake("a gradient with the wrong sign",
                "The penalty grows with |w|, so its gradient lam * w points away from 0 (the update w - lr * grad "
                "then shrinks w).", like=_l2_grad_sign),
        Mistake("a mean of the squares instead of their sum",
                "Sum the squares of all weights: np.sum(w**2), not np.mean.", like=_l2_mean),
        Mistake("a penalty that leaves out some of the weight arrays",
                "Add up the squares of every array in the list (biases included here).", when=_l2_penalty_partly),
    ),
    hint="Each weight w adds lam/2 * w**2 to the penalty: what is the derivative of that with respect to w? "
         "Sum the penalty over every array of the list; return the gradients as a list of arrays of the same "
         "shapes.",
    explanation="Every weight contributes lam/2 * w**2 to the penalty, so its own derivative is lam * w; the other "
                "weights do not matter for it. That is why SGD on data loss + penalty is the same update as SGD "
                "with weight_decay=lam: the gradient gains lam * w.",
)

EXERCISES = (DROPOUT, L2_PENALTY)
