"""The learning-rate and momentum explorer of notebooks 02 and 06."""

import copy
import math

import ipywidgets as widgets
import numpy as np

from .. import _checks, nn, optim
from ..data import make_moons
from ..plots import COLORS, plot_loss_surface
from ..train import fit
from ._base import _QUIET, _Explorer, _shipped_results, _wipe


class LearningRateExplorer(_Explorer):
    """Gradient descent with a learning-rate slider and a momentum slider (notebooks 02 and 06).

    Left: the path of gradient descent (SGD, with momentum if it is > 0) on the bowl
    f(w) = 0.5 (a w1^2 + b w2^2), from the same start for every setting. Right: the
    training loss, step by step, of a small ReLU network (2-16-16-2) on the moons
    data, full batch, from the same initial weights. The status line names the
    regime: bowl 'barely moves', 'slow', 'converges', 'oscillates' or 'diverged'
    (with the step); the network also 'died' (flat at ln 2: it predicts 50/50 for
    every point) or 'ended worse' (stuck above its starting loss).

    lrs: (smallest, largest) learning rate of the slider (log scale).
    `run(lr, momentum=0)` returns a dict: lr, momentum, trajectory (steps+1, 2),
    distance (to the minimum, per step), regime, diverged, diverged_step (bowl);
    losses (network loss per step, finite part), final_loss, network_regime,
    network_diverged, network_diverged_step; message (the status text).
    """

    a, b = 0.2, 1.0  # curvatures of the bowl: the valley is sqrt(5) times longer than wide
    start = (-1.8, 1.5)
    view = (-2.0, 2.0)

    def __init__(self, lrs=None, default_lr=0.3, steps=30, net_steps=80, seed=0, default_momentum=0.0):
        where = "LearningRateExplorer"
        if lrs is not None and not (isinstance(lrs, (tuple, list)) and len(lrs) == 2
                                    and all(_checks.is_real(v) and math.isfinite(v) for v in lrs)
                                    and 0 < lrs[0] < lrs[1]):
            raise ValueError(f"{where}: lrs must be a pair (smallest, largest) of finite learning rates with "
                             f"0 < smallest < largest, got {lrs!r}")
        lo, hi = (1e-4, 100.0) if lrs is None else (float(lrs[0]), float(lrs[1]))
        _checks.number("default_lr", default_lr, where, low=lo, high=hi)  # the slider's own range: lrs
        _checks.number("default_momentum", default_momentum, where)
        _checks.integer("steps", steps, where, low=1)
        _checks.integer("net_steps", net_steps, where, low=1)
        _checks.seed("seed", seed, where)
        self.steps, self.net_steps = steps, net_steps
        self.slider = widgets.FloatLogSlider(
            value=min(max(default_lr, lo), hi), base=10, min=math.log10(lo), max=math.log10(hi),
            step=0.1, description="learning rate", readout_format=".2g", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="450px"))
        if not 0 <= default_momentum <= 0.99:
            raise ValueError(f"LearningRateExplorer: default_momentum must lie in [0, 0.99], got {default_momentum!r}")
        self.momentum = widgets.FloatSlider(
            value=default_momentum, min=0.0, max=0.99, step=0.01, description="momentum", readout_format=".2f",
            continuous_update=False, style={"description_width": "initial"}, layout=widgets.Layout(width="330px"))
        self.slider.observe(lambda change: self.update(), names="value")
        self.momentum.observe(lambda change: self.update(), names="value")

        # The network and data are fixed: every run loads the same initial weights.
        self.X, self.y = make_moons(200, noise=0.2, seed=seed)
        g = np.random.default_rng(seed)
        self.model = nn.Sequential(nn.Linear(2, 16, generator=g), nn.ReLU(),
                                   nn.Linear(16, 16, generator=g), nn.ReLU(),
                                   nn.Linear(16, 2, generator=g))
        self.initial_state = copy.deepcopy(self.model.state_dict())  # a snapshot: state_dict() shares memory
        self._cache = _shipped_results(self, dict(steps=steps, net_steps=net_steps, seed=seed))

        self._build_layout([self.slider, self.momentum], ncols=2, figsize=(9, 4.0),
                           margins=dict(left=0.08, right=0.98, bottom=0.22, top=0.92, wspace=0.25))
        self.last = None
        self.update()

    def bowl(self, w1, w2):
        """The loss surface of the left panel (works on arrays)."""
        return 0.5 * (self.a * w1**2 + self.b * w2**2)

    def run(self, lr, momentum=0.0):
        """Both experiments for one learning rate and momentum (cached)."""
        _checks.number("lr", lr, "LearningRateExplorer.run", low=0, low_open=True)
        _checks.number("momentum", momentum, "LearningRateExplorer.run", low=0, high=1, high_open=True)
        key = (float(f"{lr:.6g}"), round(float(momentum), 4))
        if key not in self._cache:
            with np.errstate(**_QUIET):
                result = self._descend_bowl(*key)
                result.update(self._train_network(*key))
            result["message"] = self._describe(result)
            self._cache[key] = result
        r = self._cache[key]
        self._remember({"lr": r["lr"], "momentum": r["momentum"], "regime": r["regime"],
                        "fraction_left": float(r["distance"][-1] / r["distance"][0]),
                        "crossings": self.crossings(r["trajectory"]),
                        "network_regime": r["network_regime"], "final_loss": r["final_loss"]})
        return r

    def crossings(self, trajectory):
        """How often a path (steps+1, 2) crosses the valley floor w2 = 0 (the bowl's long axis).

        Points within 0.1% of the start's distance from the minimum do not count (settled, not crossing)."""
        path = np.asarray(trajectory, dtype=float)
        with np.errstate(**_QUIET):
            big = np.abs(path[:-1, 1]) > 1e-3 * np.linalg.norm(path[0])
            return int(((np.sign(path[1:, 1]) != np.sign(path[:-1, 1])) & big).sum())

    def _descend_bowl(self, lr, momentum):
        w = np.array(self.start, dtype=float)
        curvature = np.array([self.a, self.b])
        path, buf = [w], None
        for _ in range(self.steps):
            grad = curvature * w  # gradient of 0.5 * (a w1^2 + b w2^2)
            buf = grad if buf is None else momentum * buf + grad  # torch's SGD: buf = g on the first step
            w = w - lr * buf
            path.append(w)
        path = np.array(path)
        distance = np.linalg.norm(path, axis=1)  # the minimum is at (0, 0)
        # diverged: ends further away than it started; the step is where it left for good
        within = np.isfinite(distance) & (distance <= distance[0])
        diverged_step = None
        if not within[-1]:
            diverged_step = int(np.flatnonzero(within).max()) + 1
        # an oscillation: a coordinate keeps flipping sign across the valley
        big = np.abs(path[:-1]) > 1e-3 * distance[0]
        flips = (np.sign(path[1:]) != np.sign(path[:-1])) & big
        fraction_left = distance[-1] / distance[0]
        if diverged_step is not None:
            regime = "diverged"
        elif flips.sum(axis=0).max() >= 3:
            regime = "oscillates"
        elif fraction_left > 0.9:
            regime = "barely moves"
        elif fraction_left > 0.2:
            regime = "slow"
        else:
            regime = "converges"
        return {"lr": lr, "momentum": momentum, "trajectory": path, "distance": distance, "regime": regime,
                "diverged": regime == "diverged", "diverged_step": diverged_step}

    def _train_network(self, lr, momentum):
        self.model.load_state_dict(self.initial_state)
        optimizer = optim.SGD(self.model.parameters(), lr=lr, momentum=momentum)
        history = fit(self.model, nn.CrossEntropyLoss(), optimizer, (self.X, self.y),
                      epochs=self.net_steps, batch_size=len(self.X), shuffle=False)
        losses = np.array(history.step_loss)
        first = losses[0]
        exploded = losses > 100 * first
        if history.diverged or exploded.any():
            regime = "diverged"
            step = int(np.argmax(exploded)) if exploded.any() else len(losses)  # updates done
            losses = losses[: step + 1]
        elif np.ptp(losses[-10:]) < 1e-3 and abs(losses[-1] - math.log(2)) < 2e-3 and losses.min() < first - 0.05:
            regime, step = "died", None  # moved, then froze at 50/50 for every point (dead ReLUs)
        elif losses[-1] > first:
            regime, step = "ended worse", None
        elif losses.max() > 1.05 * first or (np.diff(losses) > 0.05 * first).sum() >= 3:
            regime, step = "oscillates", None
        elif losses[-1] > 0.95 * first:
            regime, step = "barely moves", None
        elif losses[-1] > 0.5 * first:
            regime, step = "slow", None
        else:
            regime, step = "converges", None
        final = losses[-1] if regime != "diverged" else math.inf
        return {"losses": losses, "final_loss": float(final), "network_regime": regime,
                "network_diverged": regime == "diverged",
                "network_diverged_step": step}

    def _describe(self, r):
        d = r["distance"]
        bowl = {
            "barely moves": f"<b>barely moves</b>: {100 * (1 - d[-1] / d[0]):.0f}% of the way to the "
                            f"minimum in {self.steps} steps",
            "slow": f"<b>slow</b>: {100 * (1 - d[-1] / d[0]):.0f}% of the way in {self.steps} steps",
            "converges": f"<b>converges</b>: {100 * (1 - d[-1] / d[0]):.0f}% of the way in "
                         f"{self.steps} steps",
            "oscillates": f"<b>oscillates</b>: steps overshoot the valley floor; "
                          f"{100 * (1 - d[-1] / d[0]):.0f}% of the way in {self.steps} steps",
            "diverged": f"<b>diverged at step {r['diverged_step']}</b>: every step overshoots further",
        }[r["regime"]]
        L = r["losses"]
        net = {
            "diverged": f"<b>diverged at step {r['network_diverged_step']}</b> (the loss blew up)",
            "oscillates": f"<b>oscillates</b>: the loss jumps up and down ({L[0]:.2f} &rarr; {L[-1]:.2f})",
            "died": f"<b>died</b>: the loss froze at ln 2 = {math.log(2):.3f}, a 50/50 guess for every point "
                    f"(a big step silenced most ReLUs; the output no longer depends on the input)",
            "ended worse": f"<b>ended worse</b> than it started: loss {L[0]:.2f} &rarr; {L[-1]:.2f}"
                           + (" and frozen there" if np.ptp(L[-10:]) < 1e-3 else ""),
        }.get(r["network_regime"], f"<b>{r['network_regime']}</b>: loss {L[0]:.3f} &rarr; {L[-1]:.3f} "
                                   f"in {self.net_steps} steps")
        setting = f"learning rate {r['lr']:.2g}" + (f", momentum {r['momentum']:.2f}" if r["momentum"] else "")
        return f"{setting}. Bowl: {bowl}. Network: {net}."

    def update(self, lr=None, momentum=None):
        """Run (or fetch) the result for `lr` and `momentum` (None: the slider's value) and redraw."""
        lr = self.slider.value if lr is None else lr
        momentum = self.momentum.value if momentum is None else momentum
        r = self.last = self.run(lr, momentum)
        if self._show_seen((r["lr"], r["momentum"])):
            return r
        left, right = self.axes
        _wipe(left)
        label = f"lr = {r['lr']:.2g}" + (f", momentum {r['momentum']:.2f}" if r["momentum"] else "")
        plot_loss_surface(self.bowl, {label: r["trajectory"]}, xlim=self.view,
                          ylim=self.view, ax=left, levels=15, minimum=(0, 0),
                          title=f"Gradient descent on a bowl: {r['regime']}")
        # below the axes: a spiralling path can reach every corner of the view
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=3, fontsize="small", frameon=False)
        if r["diverged"]:
            left.text(0.5, 0.05, f"diverged at step {r['diverged_step']}", transform=left.transAxes,
                      ha="center", color=COLORS["vermillion"], fontweight="bold")

        _wipe(right)
        L = r["losses"]
        steps = np.arange(len(L))  # L[t]: the loss after t updates
        right.plot(steps, L, color=COLORS["blue"], marker=".", markersize=3, label="training loss")
        right.axhline(L[0], color=COLORS["black"], linestyle=":", linewidth=1, label="start")
        if r["network_diverged"]:
            right.plot(steps[-1:], L[-1:], color=COLORS["vermillion"], marker="X", markersize=10,
                       linestyle="none")
            right.text(0.5, 0.9, f"diverged at step {r['network_diverged_step']}",
                       transform=right.transAxes, ha="center", color=COLORS["vermillion"],
                       fontweight="bold")
        right.set_yscale("log")
        right.set_ylim(min(0.03, L.min() * 0.8), max(3.0, L.max() * 2))
        right.set_xlim(0, self.net_steps)
        right.set_xlabel("step (full-batch updates)")
        right.set_ylabel("cross-entropy loss (log scale)")
        right.set_title(f"2-16-16-2 network on moons: {r['network_regime']}")
        right.legend(loc="lower left", fontsize="small")
        self._show((r["lr"], r["momentum"]), r["message"])
        return r
