"""Exercises of notebook 03: backward through multiply and sigmoid nodes, and a Linear layer's backward."""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 03.neuron_backward


def neuron_backward(w, x, b, dout):
    """Backward pass of the neuron a = sigmoid(w * x + b), entry by entry.

    w, x, b, dout: arrays of one shape; dout = dE/da, the gradient arriving from above.
    Returns (dw, dx, db), the gradients dE/dw, dE/dx, dE/db, each of that shape.
    Float32 inputs give float32 gradients (keep the inputs' dtype).
    """
    z = w * x + b                    # forward: multiply node, add node ...
    a = 1 / (1 + np.exp(-z))         # ... sigmoid node
    dz = dout * a * (1 - a)          # sigmoid node: local slope a(1 - a), times the gradient from above
    dw = dz * x                      # multiply node: each input gets the other input
    dx = dz * w
    db = dz                          # add node: passes the gradient through
    return dw, dx, db


def _nb_no_dout(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = a * (1 - a)
    return dz * x, dz * w, dz


def _nb_swapped(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a * (1 - a)
    return dz * w, dz * x, dz


def _nb_slope_of_z(w, x, b, dout):
    z = w * x + b
    dz = dout * z * (1 - z)
    return dz * x, dz * w, dz


def _nb_slope_is_sigmoid(w, x, b, dout):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dz = dout * a
    return dz * x, dz * w, dz


def _neuron_cases():
    rng = np.random.default_rng(3)
    a = 1 / (1 + np.exp(-(-0.8 * 1.5 + 0.3)))
    return [
        Case("the notebook's neuron: x = 1.5, w = -0.8, b = 0.3, dout = -1/a",
             (np.array([-0.8]), np.array([1.5]), np.array([0.3]), np.array([-1 / a]))),
        Case("float64, 6 neurons", tuple(rng.normal(size=6) for _ in range(4))),
        Case("float32, 2 x 3 entries", tuple(rng.normal(size=(2, 3)).astype(np.float32) for _ in range(4))),
        Case("large z (+-40): the sigmoid is flat", (np.array([20.0, -20.0]), np.array([2.0, 2.0]),
                                                     np.array([0.0, 0.0]), np.array([1.0, 1.0]))),
    ]


NEURON = Exercise(
    id="03.neuron_backward",
    task="the neuron's backward pass",
    reference=neuron_backward,
    cases=_neuron_cases,
    returns=("dw", "dx", "db"),
    mistakes=(
        Mistake("the gradient from above (dout) left out",
                "Every node multiplies its local slope by the gradient arriving from above: dz = dout * a * (1 - a).",
                like=_nb_no_dout),
        Mistake("the multiply node's gradients swapped (dw = dz * w)",
                "For z = w * x the slope with respect to w is x, and with respect to x it is w.", like=_nb_swapped),
        Mistake("the sigmoid's slope taken at z (z * (1 - z)) instead of at a",
                "The sigmoid's slope is a * (1 - a) with a = sigmoid(z), the node's output.", like=_nb_slope_of_z),
        Mistake("the sigmoid's slope taken as a instead of a * (1 - a)",
                "d sigmoid(z) / dz = a * (1 - a).", like=_nb_slope_is_sigmoid),
    ),
    hint="Walk the graph backwards from a: what is the local slope of the sigmoid node, and what does it get "
         "multiplied by? What does a multiply node hand to each of its inputs, and an add node?",
    hint_more="Recompute z and a first. The sigmoid's slope is a * (1 - a) with a its output; times the gradient "
              "from above it gives dz. A multiply node gives each input the OTHER input times dz; an add node "
              "passes dz on unchanged.",
    explanation="Backpropagation visits the nodes in reverse: the sigmoid node multiplies the incoming gradient by "
                "its local slope a(1 - a); the add node passes it through to b; the multiply node gives w the "
                "gradient dz * x and x the gradient dz * w. All of it is entry by entry, so arrays work unchanged.",
)

# ---------------------------------------------------------------- 03.linear_backward


def linear_backward(x, w, dout):
    """Backward pass of a Linear layer out = x @ w.T + b.

    x: (N, D) inputs; w: (H, D) weights; dout: (N, H) = dE/dout, the gradient from above.
    Returns (dx, dw, db): dx (N, D), dw (H, D), db (H,), with shapes equal to x, w and b.
    Float32 inputs give float32 gradients (keep the inputs' dtype).
    """
    dx = dout @ w              # (N, H) @ (H, D) -> (N, D)
    dw = dout.T @ x            # (H, N) @ (N, D) -> (H, D): summed over the batch
    db = dout.sum(axis=0)      # (H,): b was added to every row, so its gradient sums over the rows
    return dx, dw, db


def _lb_dw_transposed(x, w, dout):
    return dout @ w, x.T @ dout, dout.sum(axis=0)


def _lb_db_wrong_axis(x, w, dout):
    return dout @ w, dout.T @ x, dout.sum(axis=1)


def _lb_db_mean(x, w, dout):
    return dout @ w, dout.T @ x, dout.mean(axis=0)


def _lb_dx_transposed(x, w, dout):
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)


def _linear_cases():
    rng = np.random.default_rng(4)

    def case(name, n, d, h, dtype=np.float64):
        return Case(name, (rng.normal(size=(n, d)).astype(dtype), rng.normal(size=(h, d)).astype(dtype),
                           rng.normal(size=(n, h)).astype(dtype)))

    return [
        case("float64, 5 examples, 3 inputs, 4 outputs", 5, 3, 4),
        case("float32, 8 examples, 6 inputs, 2 outputs", 8, 6, 2, np.float32),
        case("a batch of one", 1, 3, 2),
        case("square weights, 4 examples, 4 inputs, 4 outputs", 4, 4, 4),
        case("3 examples, 2 inputs, 3 outputs", 3, 2, 3),
    ]


LINEAR = Exercise(
    id="03.linear_backward",
    task="the Linear layer's backward pass",
    reference=linear_backward,
    cases=_linear_cases,
    returns=("dx", "dw", "db"),
    mistakes=(
        Mistake("dw without the transpose (x.T @ dout, shape (D, H))",
                "dw must have w's shape (H, D): dw = dout.T @ x.", like=_lb_dw_transposed),
        Mistake("the bias gradient summed over the wrong axis (one number per example)",
                "b is added to every row (example), so sum dout over the rows: dout.sum(axis=0), shape (H,).",
                like=_lb_db_wrong_axis),
        Mistake("the bias gradient averaged instead of summed over the batch",
                "Each example adds its own share to the loss, so the shares add up: dout.sum(axis=0).",
                like=_lb_db_mean),
        Mistake("dx with a transposed weight (dout @ w.T)",
                "The forward pass multiplied by w.T, so the backward pass multiplies by w: dx = dout @ w.",
                like=_lb_dx_transposed),
    ),
    hint="Let the shapes guide you: dx must be (N, D), dw must be (H, D) like w, db must be (H,) like b. "
         "Which products of dout (N, H) with w (H, D) or x (N, D) give those shapes?",
    explanation="out = x @ w.T + b. Each entry out[n, h] = sum_d x[n, d] w[h, d] + b[h], so dE/dx[n, d] = sum_h "
                "dout[n, h] w[h, d] (dout @ w), dE/dw[h, d] = sum_n dout[n, h] x[n, d] (dout.T @ x), and "
                "dE/db[h] = sum_n dout[n, h]. The sums over n are why a batch's gradients add up.",
)

EXERCISES = (NEURON, LINEAR)
