"""Exercises of notebook 06: SGD with momentum, and one Adam step with bias correction."""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 06.momentum


def momentum_path(w0, grad_fn, lr, momentum, steps):
    """SGD with momentum from w0, PyTorch's rule: buf <- momentum * buf + g, w <- w - lr * buf.

    w0: (D,) start; grad_fn(w) -> (D,) the gradient at w; lr, momentum: numbers; steps: number of updates.
    Returns the path, an array (steps + 1, D): the start followed by the weights after every step.
    A float32 w0 gives a float32 path (keep the dtype of w0, as an optimiser step does).
    """
    w = w0.copy()
    buf = np.zeros_like(w0)          # the velocity; after the first step it equals the first gradient
    path = [w.copy()]
    for _ in range(steps):
        g = grad_fn(w)
        buf = momentum * buf + g
        w = w - lr * buf
        path.append(w.copy())
    return np.array(path)


def _mp_plain_sgd(w0, grad_fn, lr, momentum, steps):
    path = [w0.copy()]
    for _ in range(steps):
        path.append(path[-1] - lr * grad_fn(path[-1]))
    return np.array(path)


def _mp_average(w0, grad_fn, lr, momentum, steps):
    w, buf, path = w0.copy(), np.zeros_like(w0), [w0.copy()]
    for _ in range(steps):
        buf = momentum * buf + (1 - momentum) * grad_fn(w)
        w = w - lr * buf
        path.append(w)
    return np.array(path)


def _mp_late_buffer(w0, grad_fn, lr, momentum, steps):
    w, buf, path = w0.copy(), np.zeros_like(w0), [w0.copy()]
    for _ in range(steps):
        w_next = w - lr * buf
        buf = momentum * buf + grad_fn(w)
        w = w_next
        path.append(w)
    return np.array(path)


def _valley_grad(w):
    return np.array([0.04, 4.0], dtype=w.dtype) * w      # gradient of 0.02 w1^2 + 2 w2^2


def _constant_grad(w):
    return np.full_like(w, 3.0)


def _momentum_cases():
    return [
        Case("the notebook's valley, lr 0.1, momentum 0.9, 20 steps",
             (np.array([-1.8, 0.8]), _valley_grad, 0.1, 0.9, 20)),
        Case("a constant slope g = 3, lr 0.01, momentum 0.9, 60 steps",
             (np.array([0.0]), _constant_grad, 0.01, 0.9, 60)),
        Case("float32, momentum 0.5, 8 steps", (np.array([1.0, -1.0], dtype=np.float32), _valley_grad, 0.2, 0.5, 8)),
        Case("momentum 0 (plain SGD)", (np.array([-1.8, 0.8]), _valley_grad, 0.2, 0.0, 5)),
        Case("zero steps", (np.array([1.0, 2.0]), _valley_grad, 0.1, 0.9, 0)),
    ]


MOMENTUM = Exercise(
    id="06.momentum",
    task="SGD with momentum",
    reference=momentum_path,
    cases=_momentum_cases,
    returns=("path",),
    mistakes=(
        Mistake("no momentum: the buffer is not carried from step to step (plain SGD)",
                "Keep buf outside the loop and update it every step: buf = momentum * buf + g.", like=_mp_plain_sgd),
        Mistake("the buffer as an average, momentum * buf + (1 - momentum) * g (steps ten times too short)",
                "PyTorch's momentum adds the full gradient: buf = momentum * buf + g. The (1 - beta) form is "
                "Adam's m.", like=_mp_average),
        Mistake("the step taken with the previous buffer (buf updated after w)",
                "Update buf with this step's gradient first, then move: w = w - lr * buf.", like=_mp_late_buffer),
    ),
    hint="The velocity buffer remembers past gradients: where does it start, and how does it change each step "
         "with the momentum and the new gradient? Which one moves w?",
    hint_more="The buffer starts at zero and lives across steps: each step it is multiplied by momentum and the "
              "new gradient is added (PyTorch's rule, no (1 - momentum)). Then w moves by lr times the buffer. "
              "Record w0 and every new w.",
    explanation="buf is a running sum of past gradients, each older one weighted down by momentum, so steady "
                "slopes add up (towards g / (1 - momentum)) while zig-zags cancel. Starting buf at zero makes its "
                "first value the first gradient, as in PyTorch. Writing w = w - lr * buf keeps the start unchanged.",
)

# ---------------------------------------------------------------- 06.adam_step


def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    """One Adam update of the weights w with gradient g.

    w, g, m, v: arrays of one shape (m, v: the running averages before this step, zeros at first);
    t: the number of this step, 1 for the first; lr, beta1, beta2, eps: Adam's settings.
    Returns (w_new, m_new, v_new) as new arrays; the inputs stay unchanged.
    Float32 inputs give float32 outputs (keep the dtype of w, as an optimiser step does).
    """
    m = beta1 * m + (1 - beta1) * g              # running mean of the gradient
    v = beta2 * v + (1 - beta2) * g ** 2         # running mean of its square
    m_hat = m / (1 - beta1 ** t)                 # bias correction: both start at 0
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


def _adam_no_correction(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_eps_inside(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t) + eps), m, v


def _adam_unsquared(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


def _adam_t_minus_one(w, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** (t - 1))) / (np.sqrt(v / (1 - beta2 ** (t - 1))) + eps), m, v


def _adam_cases():
    rng = np.random.default_rng(7)

    def case(name, t, shape=(3,), scale=1.0, dtype=np.float64, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, warm=True):
        w, g = rng.normal(size=shape).astype(dtype), (scale * rng.normal(size=shape)).astype(dtype)
        m = (0.1 * scale * rng.normal(size=shape)).astype(dtype) if warm else np.zeros(shape, dtype)
        v = (scale ** 2 * rng.uniform(0.5, 1.5, size=shape)).astype(dtype) if warm else np.zeros(shape, dtype)
        return Case(name, (w, g, m, v, t, lr, *betas, eps))

    return [
        case("the first step (t = 1, m = v = 0)", 1, warm=False, lr=0.1),
        case("step 10, float32, 2 x 3 weights", 10, shape=(2, 3), dtype=np.float32),
        case("step 1000", 1000),
        case("tiny gradients (1e-6) at step 5: eps matters", 5, scale=1e-6),
        case("betas (0.5, 0.9), step 3", 3, betas=(0.5, 0.9), lr=0.01),
        case("the first step with eps = 0.1 (large)", 1, lr=0.05, eps=0.1, warm=False),
        Case("the first step with some gradients exactly 0 (eps keeps 0 / 0 away)",
             (np.array([0.5, -1.0, 2.0]), np.array([0.0, 0.3, 0.0]), np.zeros(3), np.zeros(3), 1, 0.1, 0.9, 0.999,
              1e-8)),
    ]


ADAM = Exercise(
    id="06.adam_step",
    task="one Adam step",
    reference=adam_step,
    cases=_adam_cases,
    returns=("w_new", "m_new", "v_new"),
    mistakes=(
        Mistake("no bias correction",
                "Divide m by (1 - beta1**t) and v by (1 - beta2**t) before the update: both start at 0.",
                like=_adam_no_correction),
        Mistake("eps inside the square root",
                "Add eps after the root: sqrt(v_hat) + eps. Inside, it swamps tiny gradients (sqrt(1e-8) = 1e-4).",
                like=_adam_eps_inside),
        Mistake("v averages g instead of g**2",
                "v is the running mean of the squared gradient: (1 - beta2) * g**2.", like=_adam_unsquared),
        Mistake("the bias correction with t - 1 (it divides by 0 at the first step)",
                "t is already this step's number: 1 - beta1**t with t = 1 on the first step.",
                like=_adam_t_minus_one),
    ),
    hint="m and v are running averages of the gradient and of its square, and both start at 0: why are they "
         "too small early on, and by which factor? Where does eps go so that a zero gradient is safe?",
    hint_more="Update m and v with weights beta and 1 - beta; divide them by 1 - beta**t (bias correction); the "
              "step is lr times m_hat over (square root of v_hat, plus eps). Build new arrays rather than "
              "changing m and v in place.",
    explanation="m and v are running averages that start at 0, so early on they are too small by the factors "
                "(1 - beta1**t) and (1 - beta2**t); dividing by them corrects that. eps only guards against "
                "division by zero, so it is added after the square root. Assigning new arrays leaves the caller's "
                "m and v untouched.",
)

EXERCISES = (MOMENTUM, ADAM)
