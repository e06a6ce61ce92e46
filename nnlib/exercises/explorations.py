"""The explorations of notebooks 02, 05, 06, 07 and 10: predict, then slide (see exploration.py).

Each judge gets the student's prediction and `runs`, the explorer's own record entries for the
settings the student ran after committing it (rerun by the check), and the check's explorer, on which
it measures the true answer. Thresholds are the ones the task states; the numbers in the comments
were measured with these explorers (tests/test_explorations.py asserts them).
"""

import math
from functools import cache

from .exploration import Exploration, OutOfRange

NOTCH = 10 ** 0.1  # one step of the learning-rate slider (log scale, 0.1 decades)


def _real(entry, name, low, high, default=None):
    value = entry.get(name, default) if default is not None else entry[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} should be a number, got {value!r}")
    if not low <= value <= high:
        raise OutOfRange(f"{name} = {value!r} is outside the slider's range {low:g} to {high:g}")
    return float(value)


# ------------------------------------------------------------------ 02 and 06: the bowl


def _lr_explorer():
    from ..widgets import LearningRateExplorer
    return LearningRateExplorer(default_lr=0.3)


def _lr_setting(entry):
    return (_real(entry, "lr", 1e-4, 100.0), _real(entry, "momentum", 0.0, 0.99, default=0.0))


def _run(explorer, *setting):
    """The explorer's record entry for one setting (run() appends it)."""
    explorer.run(*setting)
    return explorer.record[-1]


def _converges(run):
    return run["fraction_left"] <= 0.01  # at least 99% of the way to the minimum in 30 steps


@cache
def _lr_edge(explorer):
    """(largest lr that converges, to 3 digits; largest slider position that converges), momentum 0."""
    slider = [round(10 ** (k / 10), 10) for k in range(-40, 21)]
    best = max(lr for lr in slider if _converges(_run(explorer, lr, 0.0)))
    low, high = best, best * NOTCH
    while high - low > 1e-3:
        middle = (low + high) / 2
        low, high = (middle, high) if _converges(_run(explorer, middle, 0.0)) else (low, middle)
    return low, best


def _largest_lr_judge(prediction, runs, explorer):
    edge, slider_best = _lr_edge(explorer)
    plain = [r for r in runs if r["momentum"] == 0]
    if not plain:
        return "not done", ("not tried yet: the explorer has not run with momentum 0 since you committed your "
                            "prediction: move the learning-rate slider (momentum 0)."), None
    good = [r["lr"] for r in plain if _converges(r)]
    if not good:
        return "not done", ("not tried yet: none of the learning rates you ran converges (reaches 99% of the way "
                            "to the minimum in 30 steps): keep moving the learning-rate slider."), None
    found = max(good)
    above = [r["lr"] for r in plain if r["lr"] > found]
    if not above:
        return "not done", (f"not tried yet: {found:.3g} converges, but you have not gone past the edge: keep "
                            "sliding up until the bowl's status shows less than 99% of the way in 30 steps."), None
    next_up = min(above)
    if found * NOTCH <= edge:
        return "not done", (f"not yet: {found:.3g} converges and the next learning rate you tried, {next_up:.3g}, "
                            f"does not, but larger ones than {found:.3g} converge too: the edge lies between them, "
                            "where you have not looked yet."), None
    found_it = f"{found:.3g} converges and {next_up:.3g} does not (the edge is at {edge:.2f})"
    if edge / 1.25 <= prediction <= edge:  # 1.5 to 1.87: lr 2 (the bound 2 / curvature itself) already fails
        return "passed", (f"You predicted {prediction:g}, and you found that {found_it}: right, the steepest "
                          "direction sets the limit, lr < 2 / curvature."), None
    if prediction < edge:
        return "passed", (f"You predicted {prediction:g}, but {found_it}: a step may overshoot the valley floor and "
                          "still converge while each bounce is smaller than the last."), \
            "expected it to stop converging at a smaller learning rate"
    return "passed", (f"You predicted {prediction:g}, but {found_it}: the steepest direction sets the limit, "
                      "lr < 2 / curvature = 2, and close to 2 each bounce shrinks too little to get 99% of the way in "
                      "30 steps."), "expected a larger learning rate to converge"


def _largest_lr_truth(explorer):
    edge, slider_best = _lr_edge(explorer)
    return (f"Measured: the bowl converges (99% of the way in 30 steps, momentum 0) up to lr = {edge:.2f}; "
            f"the largest slider position that converges is {slider_best:.2f}, the next, "
            f"{slider_best * NOTCH:.2f}, does not.")


# 06: momentum on the same bowl


def _momentum_explorer():
    from ..widgets import LearningRateExplorer
    return LearningRateExplorer(default_lr=0.3, default_momentum=0.9)


def _settles(run, explorer):
    """Momentum > 0, fewer than 3 crossings of the valley floor, and closer than plain SGD at that lr."""
    plain = _run(explorer, run["lr"], 0.0)
    return run["momentum"] > 0 and run["crossings"] < 3 and run["fraction_left"] < plain["fraction_left"]


@cache
def _momentum_sweep(explorer, lr):
    """[(momentum, fraction_left, crossings)] for the slider's momenta at lr, every 0.05 and 0.99."""
    momenta = [round(0.05 * k, 2) for k in range(20)] + [0.99]
    return [(m, r["fraction_left"], r["crossings"]) for m in momenta for r in [_run(explorer, lr, m)]]


def _times(n):
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


CHOICES_06 = ("yes: the more momentum, the faster it settles", "up to a point: too much momentum overshoots",
              "no: any momentum slows it down")


TASK_LR_06 = 0.3  # the learning rate the task fixes (the explorer's default): only runs at it count


def _momentum_judge(prediction, runs, explorer):
    elsewhere = sorted({r["lr"] for r in runs if abs(r["lr"] - TASK_LR_06) > 1e-9})
    at_task = [r for r in runs if abs(r["lr"] - TASK_LR_06) <= 1e-9]
    status, message, mistake = _momentum_at_task_lr(prediction, at_task, explorer)
    if elsewhere:
        lrs = ", ".join(f"{lr:.3g}" for lr in elsewhere[:3]) + (" ..." if len(elsewhere) > 3 else "")
        if not any(r["momentum"] > 0 for r in at_task):
            return "not done", (f"not tried yet: the task fixes the learning rate at {TASK_LR_06:g}, and your runs "
                                f"were at lr {lrs}: rerun the explorer's cell (or explorer.run({TASK_LR_06:g}, "
                                "momentum)) and move the momentum slider."), None
        message = message.rstrip(".") + f" (your runs at lr {lrs} do not count: the task fixes lr {TASK_LR_06:g})."
    return status, message, mistake


def _momentum_at_task_lr(prediction, runs, explorer):
    moved = [r for r in runs if r["momentum"] > 0]
    if not moved:
        return "not done", (f"not tried yet: the explorer has not run with momentum at the task's learning rate "
                            f"{TASK_LR_06:g} since you committed your prediction: move the momentum slider."), None
    good = [r for r in moved if _settles(r, explorer)]
    if not good:
        candidates = [r for r in moved if r["momentum"] < 0.8] or moved
        r = candidates[-1]
        plain = _run(explorer, r["lr"], 0.0)
        why = (f"crosses the valley floor {_times(r['crossings'])}" if r["crossings"] >= 3 else
               f"ends {r['fraction_left']:.1e} of its start distance from the minimum, no closer than plain SGD "
               f"({plain['fraction_left']:.1e})")
        return "not done", (f"not yet: with momentum {r['momentum']:.2f} the path {why}. Look for a momentum that "
                            "crosses fewer than 3 times and still ends closer than with none."), None
    r = good[-1]
    high = [h for h in moved if h["momentum"] >= 0.8 and not _settles(h, explorer)]
    if not high:
        return "not done", (f"not yet: momentum {r['momentum']:.2f} works (it crosses the valley floor "
                            f"{_times(r['crossings'])} and ends closer than plain SGD). Now test your prediction: "
                            "try a momentum of 0.8 or more and watch where the path ends."), None
    h = high[-1]
    sweep = _momentum_sweep(explorer, r["lr"])
    plain = sweep[0][1]
    best = min(sweep, key=lambda s: s[1])
    found_it = (f"momentum {r['momentum']:.2f} settles (crossing the valley floor {_times(r['crossings'])}) while "
                f"{h['momentum']:.2f} crosses it {_times(h['crossings'])}")
    if prediction == CHOICES_06[1]:
        return "passed", (f"You predicted 'up to a point', and you found that {found_it}: right, past about "
                          f"{best[0]:.2f} the path keeps too much speed and overshoots."), None
    if prediction == CHOICES_06[0]:
        return "passed", (f"You expected more momentum to settle faster, but {found_it}: past about {best[0]:.2f} "
                          "the path keeps too much speed and overshoots."), "expected more momentum to settle faster"
    return "passed", (f"You expected momentum to slow it down, but momentum {r['momentum']:.2f} ends closer than none "
                      f"({r['fraction_left']:.1e} of the start distance left, against {plain:.1e}): along the long "
                      "valley it adds up steps that point the same way."), "expected momentum to slow it down"


def _momentum_truth(explorer):
    sweep = _momentum_sweep(explorer, 0.3)
    good = [m for m, left, crossings in sweep if m > 0 and crossings < 3 and left < sweep[0][1]]
    best = min(sweep, key=lambda s: s[1])
    return (f"Measured at lr 0.3: momenta {', '.join(f'{m:.2f}' for m in good)} cross the valley floor fewer than 3 "
            f"times and end closer than plain SGD ({sweep[0][1]:.1e} of the start distance left after 30 steps); "
            f"the closest finish is at {best[0]:.2f} ({best[1]:.1e}, {best[2]} crossings); at 0.99 it is "
            f"{sweep[-1][1]:.1e}.")


# ------------------------------------------------------------------ 05 and 10: gradients at depth


def _depth_explorer():
    from ..widgets import VanishingGradientExplorer
    return VanishingGradientExplorer()


def _depth_setting(entry):
    depth = entry["depth"]
    if isinstance(depth, bool) or not isinstance(depth, (int, float)) or not float(depth).is_integer():
        raise ValueError(f"depth should be a whole number of hidden layers, got {depth!r}")
    if not 2 <= depth <= 20:
        raise OutOfRange(f"depth = {depth!r} is outside the slider's range 2 to 20")
    activation, init = entry.get("activation", "sigmoid"), entry.get("init", "small")
    if activation not in ("sigmoid", "tanh", "relu", "leaky_relu") or init not in ("small", "xavier", "he", "large"):
        raise ValueError(f"activation {activation!r} or init {init!r} is not one of the explorer's")
    batch_norm = entry.get("batch_norm", False)
    if not isinstance(batch_norm, bool):
        raise ValueError(f"batch_norm should be True or False, got {batch_norm!r}")
    return int(depth), activation, init, batch_norm


MILLION = 1e-6  # "a millionth": first/last at most 1e-06 exactly (the title and status print it as 1.2e-06)
HEALTHY_NORM = (0.1, 10.0)  # the notebook's healthy band of gradient norms (the explorer's green band)


def _kind(run, activation="sigmoid", init="xavier", batch_norm=False):
    return run["activation"] == activation and run["init"] == init and run["batch_norm"] == batch_norm


def _first_norm(run, explorer):
    """The first layer's gradient norm for a run's setting (the explorer's cached result)."""
    return float(explorer.run(run["depth"], run["activation"], run["init"], run["batch_norm"])["norms"][0])


def _trains(run, explorer):
    """A healthy verdict (first/last between 1e-2 and 1e2) and the first layer's gradient norm in the healthy band.

    Sigmoid with large init keeps first/last near 1e-2 but its first layer gets 0.03 at 11 layers: it does not
    train (tests/test_explorations.py trains it: the loss stays near 2.30, as with sigmoid and Xavier).
    """
    return run["verdict"] == "healthy" and HEALTHY_NORM[0] <= _first_norm(run, explorer) <= HEALTHY_NORM[1]


@cache
def _million_depth(explorer):
    return min(d for d in range(2, 21) if _run(explorer, d, "sigmoid", "xavier", False)["ratio"] <= MILLION)


def _million_judge(prediction, runs, explorer):
    truth = _million_depth(explorer)
    plain = [r for r in runs if _kind(r)]
    if not plain:
        return "not done", ("not tried yet: set activation sigmoid, init xavier, batch norm off, then move the "
                            "hidden-layers slider."), None
    million = [r["depth"] for r in plain if r["ratio"] <= MILLION]
    if not million:
        r = max(plain, key=lambda r: r["depth"])
        return "not done", (f"not tried yet: at {r['depth']} layers the first layer gets {r['ratio']:.1e} of the "
                            "last one's gradient, not yet a millionth (1.0e-06 or less): add layers."), None
    found = min(million)
    below = [r["depth"] for r in plain if r["depth"] < found]
    ratio = {r["depth"]: r["ratio"] for r in plain}
    if not below:
        return "not done", (f"not tried yet: {found} layers give {ratio[found]:.1e}, but is {found} the smallest? "
                            "Try fewer layers."), None
    if max(below) < found - 1:
        return "not done", (f"not yet: {max(below)} layers give {ratio[max(below)]:.1e} and {found} give "
                            f"{ratio[found]:.1e}: the smallest depth with a millionth may lie between them, where "
                            "you have not looked."), None
    deep = [r for r in runs if r["depth"] >= found]
    healthy = [r for r in deep if _trains(r, explorer)]
    if not healthy:
        part = (f"part 1 done: {found} sigmoid layers (Xavier) cut the first layer's gradient to {ratio[found]:.1e} "
                f"of the last one's ({found - 1}: {ratio[found - 1]:.1e}).")
        near = [r for r in deep if r["verdict"] == "healthy"]
        if near:
            r = near[-1]
            return "not done", (f"{part} {r['activation']} with {r['init']} init keeps first/last healthy, but its "
                                f"first layer's gradient, {_first_norm(r, explorer):.2g}, is outside the healthy band "
                                f"0.1 to 10, so it would not train: try another activation or init."), None
        return "not done", (f"{part} Now make its gradients healthy: keep {found} layers or more and change the "
                            "activation or the init until the verdict is healthy and the first layer's bar is in "
                            "the green band (0.1 to 10)."), None
    h = healthy[-1]
    fix = f"{h['activation']} with {h['init']} init" + (" and batch norm" if h["batch_norm"] else "")
    found_it = (f"{found} sigmoid layers (Xavier) give first/last {ratio[found]:.1e}, and {fix} gives {h['depth']} "
                "layers healthy gradients")
    if abs(prediction - truth) <= 2:
        return "passed", (f"You predicted {prediction:g} layers, and you found that {found_it}: right, each sigmoid "
                          "layer cuts the gradient by about 4, and about ten such factors make a million."), None
    if prediction < truth:
        return "passed", (f"You predicted {prediction:g} layers, but {found_it}: each sigmoid layer cuts the gradient "
                          "only by about 4, and it takes about ten such factors to make a million."), \
            "expected fewer layers"
    return "passed", (f"You predicted {prediction:g} layers, but {found_it}: a factor of about 4 per layer "
                      "compounds, and 4^10 is already a million."), "expected more layers"


def _million_truth(explorer):
    d = _million_depth(explorer)
    r = {k: _run(explorer, k, "sigmoid", "xavier", False)["ratio"] for k in (d - 1, d)}
    return (f"Measured: with sigmoid and Xavier init, {d - 1} hidden layers give first/last {r[d - 1]:.1e} and {d} "
            f"give {r[d]:.1e}, the first a millionth (1e-06) or less. ReLU or leaky ReLU with He init (or batch "
            "norm) keep every depth healthy.")


# 10: batch norm


CHOICES_10 = ("about 4, as without batch norm", "about 10", "all 20 of the slider")


@cache
def _batchnorm_depths(explorer):
    """(deepest healthy depth with batch norm, smallest vanishing depth without), sigmoid and Xavier."""
    deepest = 1
    for d in range(2, 21):
        if _run(explorer, d, "sigmoid", "xavier", True)["verdict"] != "healthy":
            break
        deepest = d
    without = min(d for d in range(2, 21) if _run(explorer, d, "sigmoid", "xavier", False)["verdict"] != "healthy")
    return deepest, without


def _batchnorm_judge(prediction, runs, explorer):
    deepest, _ = _batchnorm_depths(explorer)
    normed = [r for r in runs if _kind(r, batch_norm=True)]
    if not normed:
        return "not done", ("not tried yet: keep activation sigmoid and init xavier, tick batch norm, and move the "
                            "hidden-layers slider."), None
    healthy = [r["depth"] for r in normed if r["verdict"] == "healthy"]
    if not healthy:
        return "not done", ("not yet: none of your batch-norm runs is healthy: is the init xavier and the "
                            "activation sigmoid?"), None
    found = max(healthy)
    if found < deepest:
        return "not done", (f"not tried yet: with batch norm, {found} layers are healthy; is that the deepest? "
                            "Go deeper."), None
    plain = [r for r in runs if _kind(r) and r["depth"] == found]
    if not plain:
        return "not done", (f"with batch norm {found} layers are healthy. Now compare: untick batch norm at {found} "
                            "layers."), None
    normed_run = [r for r in normed if r["depth"] == found][-1]
    found_it = (f"with batch norm {found} sigmoid layers stay healthy (first/last {normed_run['ratio']:.0e}, "
                f"without it {plain[-1]['ratio']:.0e})")
    truth = CHOICES_10[2] if deepest >= 20 else CHOICES_10[1] if deepest >= 8 else CHOICES_10[0]
    if prediction == truth:
        return "passed", (f"You predicted '{prediction}', and you found that {found_it}: right, rescaling every "
                          "layer's input stops the shrinking from compounding."), None
    return "passed", (f"You predicted '{prediction}', but {found_it}: rescaling every layer's input stops the "
                      "shrinking from compounding."), "expected batch norm to help only a few layers deeper"


def _batchnorm_truth(explorer):
    deepest, without = _batchnorm_depths(explorer)
    r = _run(explorer, deepest, "sigmoid", "xavier", True)["ratio"]
    r0 = _run(explorer, deepest, "sigmoid", "xavier", False)["ratio"]
    return (f"Measured: with batch norm every depth up to {deepest} is healthy (at {deepest}: first/last {r:.1e}; "
            f"without batch norm {r0:.1e}); without batch norm the gradients vanish from {without} layers.")


# ------------------------------------------------------------------ 07: dropout


def _dropout_explorer():
    from ..data import make_moons
    from ..widgets import DropoutExplorer
    X_train, y_train = make_moons(n_samples=60, noise=0.35, seed=4)   # notebook 07's data
    X_val, y_val = make_moons(n_samples=200, noise=0.35, seed=2)
    return DropoutExplorer(X_train, y_train, X_val, y_val)


def _dropout_setting(entry):
    return (_real(entry, "p", 0.0, 0.9),)


@cache
def _dropout_sweep(explorer):
    """{p: (final train loss, final val loss)} for every slider position."""
    return {p: (r["final_train_loss"], r["final_val_loss"])
            for p in [round(0.05 * k, 2) for k in range(19)] for r in [_run(explorer, p)]}


CHOICES_07 = ("p = 0: no dropout", "a small p (0.05 to 0.3)", "a middle p (0.35 to 0.6)", "a large p (0.65 to 0.9)")


def _range_of(p):
    return CHOICES_07[0] if p == 0 else CHOICES_07[1] if p <= 0.3 else CHOICES_07[2] if p <= 0.6 else CHOICES_07[3]


def _dropout_judge(prediction, runs, explorer):
    sweep = _dropout_sweep(explorer)
    best_p = min(sweep, key=lambda p: sweep[p][1])
    best_val = sweep[best_p][1]
    tried = {r["p"]: r for r in runs}
    if len(tried) < 4:
        ran = f"{len(tried)} drop probabilit{'y' if len(tried) == 1 else 'ies'}"
        return "not done", (f"not tried yet: you have run {ran} since your prediction; try at least four across "
                            "the slider."), None
    found = min(tried.values(), key=lambda r: r["final_val_loss"])
    if found["final_val_loss"] > best_val + 0.05:
        return "not done", (f"not yet: the lowest validation loss you found is {found['final_val_loss']:.3f}, at p = "
                         f"{found['p']:.2f}, but some drop probability you have not tried ends lower: keep "
                         "looking."), None
    lowest_train = min(sweep, key=lambda p: sweep[p][0])
    found_it = (f"p = {found['p']:.2f} ends with the lowest validation loss, {found['final_val_loss']:.3f}, "
                + ("and also trains lowest" if lowest_train == found["p"] else
                   f"while p = {lowest_train:g} trains lowest ({sweep[lowest_train][0]:.3f}) but validates at "
                   f"{sweep[lowest_train][1]:.2f}"))
    if prediction == _range_of(best_p):
        return "passed", (f"You predicted '{prediction}', and you found that {found_it}: right, dropout gives up "
                          "training loss to keep the network from memorising the noise."), None
    if prediction == CHOICES_07[0]:
        return "passed", (f"You expected no dropout to do best, but {found_it}: without dropout the big network "
                          "memorises the 60 noisy points."), "expected no dropout to give the lowest validation loss"
    return "passed", (f"You predicted '{prediction}', but {found_it}: this network is so much bigger than its 60 "
                      "noisy points that strong dropout helps most."), "expected a smaller drop probability"


def _dropout_truth(explorer):
    sweep = _dropout_sweep(explorer)
    best_p = min(sweep, key=lambda p: sweep[p][1])
    return (f"Measured on the slider (0 to 0.9 in steps of 0.05): the lowest final validation loss is "
            f"{sweep[best_p][1]:.3f}, at p = {best_p:.2f} (training loss {sweep[best_p][0]:.3f}); p = 0 has the lowest "
            f"training loss, {sweep[0.0][0]:.3f}, and validation loss {sweep[0.0][1]:.3f}.")


# The worked answers (the solutions of the graded answer cells): a right prediction and find, as hand_in() prints.


def _answer_02():
    return 1.8, [{"lr": 1.585, "momentum": 0.0}, {"lr": 1.995, "momentum": 0.0}]


def _answer_05():
    return 11.0, [{"depth": 10, "activation": "sigmoid", "init": "xavier", "batch_norm": False},
                  {"depth": 11, "activation": "sigmoid", "init": "xavier", "batch_norm": False},
                  {"depth": 11, "activation": "relu", "init": "he", "batch_norm": False}]


def _answer_06():
    return "up to a point: too much momentum overshoots", [{"lr": 0.3, "momentum": 0.3}, {"lr": 0.3, "momentum": 0.9}]


def _answer_07():
    return "a large p (0.65 to 0.9)", [{"p": 0.0}, {"p": 0.3}, {"p": 0.6}, {"p": 0.9}]


def _answer_10():
    return "all 20 of the slider", [{"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": True},
                                    {"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": False}]


LR_KEYS, DEPTH_KEYS = ("lr", "momentum"), ("depth", "activation", "init", "batch_norm")

EXPLORATIONS = (
    Exploration(
        id="02.largest_lr", task="the largest learning rate that still converges",
        question="what is the largest learning rate at which gradient descent still converges on the bowl "
                 "(reaches 99% of the way to the minimum in 30 steps, momentum 0)? A number.",
        number=(1e-4, 100.0), explorer=_lr_explorer, setting=_lr_setting, judge=_largest_lr_judge,
        truth=_largest_lr_truth, compare=("regime", "fraction_left", "crossings", "network_regime"),
        keys=LR_KEYS, answer=_answer_02,
        hint="Slide the learning rate up from 0.3 and read the Bowl part of the status: how far (in %) does the "
             "path get in 30 steps? Once it shows less than 99% of the way, go back one notch.",
        hint_more="The steep direction of the bowl has curvature 1: a step of lr * 1 * w2 lands on the other side "
                  "of the valley when lr > 1, and further out than it started when lr > 2.",
        explanation="On f(w) = 0.5 (a w1^2 + b w2^2) each step multiplies w2 by (1 - lr b): it shrinks only while "
                    "|1 - lr b| < 1, that is for lr < 2 / b = 2. The steepest direction sets the limit."),
    Exploration(
        id="05.sigmoid_million", task="a millionth of the gradient, then healthy gradients",
        question="with sigmoid and Xavier initialisation, at how many hidden layers will the first layer's "
                 "gradient be a millionth (1e-06) of the last one's? A number of layers.",
        number=(1, 1000), whole=True, explorer=_depth_explorer, setting=_depth_setting, judge=_million_judge,
        truth=_million_truth, compare=("ratio", "verdict"),
        keys=DEPTH_KEYS, answer=_answer_05,
        hint="Set init to xavier (activation sigmoid, batch norm off) and add layers one at a time; the plot's "
             "title prints first/last. Then keep the depth and try the other activations and inits.",
        hint_more="Each sigmoid layer multiplies the gradient by its slope (at most 1/4) times the weights: count "
                  "how many factors of about 4 make a million. For part 2, the remedies are in the Remedies section.",
        explanation="The gradient reaching the first layer is a product with one factor per layer; with Xavier "
                    "weights sigmoid's factor is about 1/4, so about ten layers make 1e-6 (here 11 are the "
                    "first at 1e-6 or less). ReLU with He init keeps the factor near 1."),
    Exploration(
        id="06.settle", task="momentum that settles without sloshing",
        question="does more momentum always make gradient descent settle faster on the bowl?",
        choices=CHOICES_06, explorer=_momentum_explorer, setting=_lr_setting, judge=_momentum_judge,
        truth=_momentum_truth, compare=("regime", "fraction_left", "crossings", "network_regime"),
        keys=LR_KEYS, answer=_answer_06,
        hint="The valley floor is the horizontal line through the minimum: count how often the path crosses it, "
             "and read from the status how close it ends. Try small, middle and large momenta.",
        hint_more="Momentum adds up past steps: along the long valley that speeds it up, across the valley it "
                  "makes each bounce overshoot. Somewhere between 0 and 0.5 both stay small.",
        explanation="With momentum the velocity keeps a fraction of the previous step. Along the gentle direction "
                    "it accelerates the crawl; across the steep direction too much of it keeps bouncing."),
    Exploration(
        id="07.best_dropout", task="the drop probability with the lowest validation loss",
        question="which drop probability will end with the lowest validation loss?",
        choices=CHOICES_07, explorer=_dropout_explorer, setting=_dropout_setting, judge=_dropout_judge,
        truth=_dropout_truth, compare=("final_train_loss", "final_val_loss"),
        keys=("p",), answer=_answer_07,
        hint="Move the slider across its range and write down the final validation loss in the status line for "
             "each p; compare the training losses too.",
        hint_more="Dropout trades training loss for validation loss: the more this big network overfits, the "
                  "larger the p that helps.",
        explanation="Dropout makes every training step use a random sub-network, so no unit can rely on others to "
                    "memorise single noisy points: training loss goes up, validation loss down."),
    Exploration(
        id="10.batchnorm_depth", task="how deep batch norm keeps sigmoid's gradients healthy",
        question="with batch norm after every layer, up to how many hidden sigmoid layers (Xavier init) will the "
                 "gradients stay healthy?",
        choices=CHOICES_10, explorer=_depth_explorer, setting=_depth_setting, judge=_batchnorm_judge,
        truth=_batchnorm_truth, compare=("ratio", "verdict"),
        keys=DEPTH_KEYS, answer=_answer_10,
        hint="Keep sigmoid and xavier with batch norm ticked and move the depth slider to its end; then untick "
             "batch norm at that depth to compare.",
        hint_more="Batch norm divides each layer's input by its spread over the batch; on the way back the "
                  "gradient is divided by the same spread.",
        explanation="Batch norm gives every layer inputs of mean 0 and spread 1, so each sigmoid works near its "
                    "steep middle and the per-layer factors no longer compound."),
)
