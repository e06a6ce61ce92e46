"""Interactive explorers for the notebooks: move a control, see training change.

Each explorer holds its controls (ipywidgets), one matplotlib figure `.fig` that
is redrawn on every move, a status line and `.widget`, the box to display:

    explorer = LearningRateExplorer()
    explorer                 # last line of a cell: shows controls, status and plot

`run(...)` computes (and caches) the result for one setting without drawing;
`update(...)` runs and redraws. Every run starts from the same initial weights
and sees the data in the same order, so the control is the only thing that
changes. Tests drive the explorers by setting `control.value`.
"""

import base64
import copy
import io
import math

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from . import _checks, nn, optim
from .data import load_digits, make_moons
from .plots import COLORS, plot_decision_boundary, plot_grad_norms, plot_loss_surface
from .tensor import no_grad
from .train import fit, layer_grad_norms

__all__ = ["LearningRateExplorer", "VanishingGradientExplorer", "DropoutExplorer"]

_QUIET = dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")
_FLOOR = 1e-300  # smallest gradient norm kept as a number (float64 goes down to ~1e-308)


def activation_spread(model, X):
    """How different the examples still look after each activation layer.

    Runs X (N, D) through `model` (an nn.Sequential) without building a graph; after
    every activation (Sigmoid, Tanh, ReLU, LeakyReLU) takes each unit's standard
    deviation over the N examples and averages it over the units. Returns an array
    (n_activations,), input side first. A spread near 0 means every example gives
    (almost) the same vector: the layers above cannot tell the inputs apart.
    """
    spreads = []
    out = X
    with no_grad(), np.errstate(**_QUIET):
        for layer in model:
            out = layer(out)
            if isinstance(layer, (nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU)):
                spreads.append(float(np.nan_to_num(out.numpy().std(axis=0), nan=0.0).mean()))
    return np.array(spreads)


def _decade_ticks(ax, low, high, every=10):
    """Fixed log ticks 1e-40, 1e-30, ... in plain text, no minor ticks.

    Across dozens of decades matplotlib's default log ticks (mathtext labels and
    minor ticks) cost most of a redraw; these few plain labels cost almost nothing.
    """
    first, last = math.ceil(math.log10(low) / every) * every, math.floor(math.log10(high) / every) * every
    ax.yaxis.set_major_locator(FixedLocator([10.0**k for k in range(first, last + 1, every)]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"1e{round(math.log10(value))}"))
    ax.yaxis.set_minor_locator(NullLocator())


def _wipe(ax):
    """Remove everything drawn in `ax` but keep the axes and their ticks.

    Cheaper than ax.clear(), which rebuilds every tick and label from scratch.
    """
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.relim()


class _Explorer:
    """What all explorers share: one figure, a status line, and an Output showing the figure.

    The figure is drawn into on every move and shown as a PNG image inside the
    Output. The PNG of each setting is kept, so going back to a setting is instant.
    """

    def _build_layout(self, controls, ncols, figsize, margins):
        self.status = widgets.HTML()
        self.out = widgets.Output()
        # A Figure made directly (not through pyplot) is never shown by the inline
        # backend on its own and never counts towards pyplot's open figures.
        # Fixed margins instead of a layout engine keep each redraw fast.
        self.fig = Figure(figsize=figsize, dpi=100)
        self.fig.subplots_adjust(**margins)
        self.axes = list(self.fig.subplots(1, ncols, squeeze=False)[0])
        self.widget = widgets.VBox([widgets.HBox(controls), self.status, self.out])
        self._png = {}  # setting -> rendered figure

    def _show(self, key, status):
        """Put the status text up and show the (just redrawn) figure inside the Output."""
        self.status.value = status
        self._key = key
        if key not in self._png:
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format="png")
            self._png[key] = buffer.getvalue()
        with self.out:
            self.out.clear_output(wait=True)
            display(Image(data=self._png[key], format="png"))

    def _repr_mimebundle_(self, **kwargs):
        """`explorer` as a cell's last line: the live widget, plus a PNG of the current figure.

        JupyterLab shows the widget; viewers that cannot run widgets (GitHub, nbviewer,
        an exported HTML page) fall back to the static picture of the current setting.
        """
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = base64.b64encode(self._png[self._key]).decode("ascii")
        return bundle


# =========================================================================== 02
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
        _checks.number("default_lr", default_lr, where, low=0, low_open=True)
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
        self._cache = {}

        self._build_layout([self.slider, self.momentum], ncols=2, figsize=(9, 3.6),
                           margins=dict(left=0.08, right=0.98, bottom=0.14, top=0.92, wspace=0.25))
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
        return self._cache[key]

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
        left, right = self.axes
        _wipe(left)
        label = f"lr = {r['lr']:.2g}" + (f", momentum {r['momentum']:.2f}" if r["momentum"] else "")
        plot_loss_surface(self.bowl, {label: r["trajectory"]}, xlim=self.view,
                          ylim=self.view, ax=left, levels=15, minimum=(0, 0),
                          title=f"Gradient descent on a bowl: {r['regime']}")
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


# =========================================================================== 05
class VanishingGradientExplorer(_Explorer):
    """Per-layer gradient norms and activation spread of a deep, narrow network at initialisation (notebook 05).

    One forward/backward pass of `depth` hidden layers of `width` units on a fixed
    batch of 256 digits (float64, so tiny gradients are not rounded to 0). Left bars:
    the norm of dLoss/dW for every Linear layer, input side on the left, on a log
    axis that stays the same for every setting (`norm_range`; norms beyond it are
    hatched at its edge). Right: the spread of each hidden layer's activations across
    the 256 examples (`activation_spread`), also on a fixed log axis. The verdict is
    written into the figure, so the static picture says it too.

    activation: 'sigmoid', 'tanh', 'relu' or 'leaky_relu' (slope 0.01 below 0).
    init: 'small' (normal, std 0.01), 'xavier' (Glorot normal), 'he' (Kaiming
    normal) or 'large' (normal, std 1). Biases start at 0. With batch_norm=True a
    BatchNorm1d follows every hidden Linear layer (notebook 10).
    depths: (smallest, largest) number of hidden layers on the slider.
    `run(...)` returns a dict: key, norms (depth + 1,), ratio (first / last),
    spread (depth,), message, verdict (plain text).
    """

    ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU}
    norm_range = (1e-40, 1e15)  # the fixed y-axis of the gradient bars (every setting fits)
    spread_range = (1e-30, 1e15)  # the fixed y-axis of the activation spread
    INITS = ("small", "xavier", "he", "large")

    def __init__(self, depth=10, activation="sigmoid", init="small", width=32, batch_norm=False, seed=0,
                 depths=(2, 20)):
        where = "VanishingGradientExplorer"
        if not (isinstance(depths, (tuple, list)) and len(depths) == 2
                and all(_checks.is_real(d) and float(d).is_integer() for d in depths) and 1 <= depths[0] <= depths[1]):
            raise ValueError(f"{where}: depths must be a pair (smallest, largest) of integers with "
                             f"1 <= smallest <= largest, got {depths!r}")
        _checks.integer("depth", depth, where, low=1)
        _checks.one_of("activation", activation, list(self.ACTIVATIONS), where)
        _checks.one_of("init", init, self.INITS, where)
        _checks.integer("width", width, where, low=1)
        _checks.boolean("batch_norm", batch_norm, where)
        _checks.seed("seed", seed, where)
        if not 1 <= depths[0] <= depth <= depths[1]:
            raise ValueError(f"VanishingGradientExplorer: depth={depth!r} must lie in depths={depths!r} "
                             f"(smallest >= 1)")
        self.width, self.seed = width, seed
        self.depth = widgets.IntSlider(value=depth, min=depths[0], max=depths[1], description="hidden layers",
                                       continuous_update=False, style={"description_width": "initial"})
        self.activation = widgets.Dropdown(options=list(self.ACTIVATIONS), value=activation,
                                           description="activation")
        self.init = widgets.Dropdown(options=list(self.INITS), value=init, description="init")
        self.batchnorm = widgets.Checkbox(value=batch_norm, description="batch norm")
        for control in (self.depth, self.activation, self.init, self.batchnorm):
            control.observe(lambda change: self.update(), names="value")

        X, y = load_digits()
        rows = np.random.default_rng(seed).choice(len(X), size=256, replace=False)
        self.X, self.y = X[rows].astype(np.float64), y[rows]
        self._cache = {}
        self._build_layout([self.depth, self.activation, self.init, self.batchnorm], ncols=2,
                           figsize=(10, 4.0), margins=dict(left=0.08, right=0.98, bottom=0.13, top=0.84,
                                                           wspace=0.25))
        self.last = self.norms = None
        self.update()

    def build_model(self, depth, activation, init_name, batch_norm=False):
        """64 -> width x depth -> 10, initialised with `init_name`, in float64."""
        g = np.random.default_rng(self.seed)
        sizes = [self.X.shape[1]] + [self.width] * depth + [10]
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            linear = nn.Linear(n_in, n_out, generator=g)
            if init_name == "small":
                nn.init.normal_(linear.weight, 0.0, 0.01, generator=g)
            elif init_name == "xavier":
                nn.init.xavier_normal_(linear.weight, generator=g)
            elif init_name == "he":
                nn.init.kaiming_normal_(linear.weight, generator=g)
            else:  # "large"
                nn.init.normal_(linear.weight, 0.0, 1.0, generator=g)
            nn.init.zeros_(linear.bias)
            layers.append(linear)
            if i < depth:  # hidden layer: (batch norm,) activation
                if batch_norm:
                    layers.append(nn.BatchNorm1d(n_out))
                layers.append(self.ACTIVATIONS[activation]())
        return nn.Sequential(*layers).double()

    def run(self, depth, activation, init_name, batch_norm=False):
        """Gradient norms for one setting (cached): dict with norms, ratio, message."""
        where = "VanishingGradientExplorer.run"
        key = (_checks.integer("depth", depth, where, low=1), activation, init_name,
               _checks.boolean("batch_norm", batch_norm, where))
        if activation not in self.ACTIVATIONS or init_name not in self.INITS:
            raise ValueError(f"activation must be one of {list(self.ACTIVATIONS)} and init one of "
                             f"{list(self.INITS)}, got {activation!r}, {init_name!r}")
        if key not in self._cache:
            model = self.build_model(*key).train()
            norms = layer_grad_norms(model, nn.CrossEntropyLoss(), self.X, self.y)
            spread = activation_spread(model, self.X)
            with np.errstate(**_QUIET):
                ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
            message = self._describe(norms, ratio)
            verdict = message.split(". ", 1)[1].replace("<b>", "").replace("</b>", "").split(":")[0]
            self._cache[key] = {"key": key, "norms": norms, "ratio": float(ratio), "spread": spread,
                                "message": message, "verdict": verdict}
        return self._cache[key]

    @staticmethod
    def _describe(norms, ratio):
        """Name what the bars show. For this data a healthy gradient norm is about 0.1 to 10."""
        line = f"first/last layer gradient ratio: {ratio:.1e}"
        if not np.isfinite(norms).all() or norms.max() > 30:
            verdict = f"<b>exploding</b>: gradients up to {norms.max():.1e}, far too big for a sane step"
        elif norms.max() < 1e-2:
            verdict = (f"<b>vanishing everywhere</b>: every gradient is below {norms.max():.0e}; "
                       "the signal shrinks on its way through the layers")
        elif ratio < 1e-2:
            factor = f"{1 / ratio:.0e} times" if ratio > 0 else "infinitely"
            verdict = (f"<b>vanishing</b>: the first layer gets a {factor} smaller gradient "
                       "than the last, so it learns that much slower")
        elif ratio > 1e2:
            verdict = "<b>exploding</b> towards the input: early layers get much bigger gradients"
        else:
            verdict = "<b>healthy</b>: gradients keep their size from the last layer to the first"
        if not ((norms >= _FLOOR) & (norms <= 1 / _FLOOR)).all():
            verdict += f" (hatched bars: 0, inf or beyond {_FLOOR:.0e}, drawn at the edge of the axis)"
        return f"{line}. {verdict}."

    def update(self, depth=None, activation=None, init=None, batch_norm=None):
        """Redraw for the given setting (None: the value of the corresponding control)."""
        depth = self.depth.value if depth is None else depth
        activation = self.activation.value if activation is None else activation
        init_name = self.init.value if init is None else init
        batch_norm = self.batchnorm.value if batch_norm is None else batch_norm
        r = self.last = self.run(depth, activation, init_name, batch_norm)
        self.norms = r["norms"]
        ax, ax2 = self.axes
        _wipe(ax)
        names = [str(i) for i in range(1, len(self.norms))] + ["out"]
        low, high = self.norm_range
        plot_grad_norms(self.norms, names, ax=ax, floor=low, ceiling=high,
                        title=f"Gradient norm per layer (first/last {r['ratio']:.0e})")
        ax.set_ylim(low / 10, high * 10)  # the same axis for every setting
        _decade_ticks(ax, low, high)
        ax.axhspan(0.1, 10, color=COLORS["green"], alpha=0.2, linewidth=0, zorder=3)
        ax.annotate("healthy", xy=(0.99, 1.0), xycoords=("axes fraction", "data"), ha="right", va="center",
                    fontsize="small", color=COLORS["green"], fontweight="bold", zorder=4)

        _wipe(ax2)
        spread = np.clip(np.nan_to_num(r["spread"], nan=0.0), *self.spread_range)
        layers = np.arange(1, len(spread) + 1)
        ax2.plot(layers, spread, color=COLORS["orange"], marker="o", markersize=4)
        ax2.set_yscale("log")
        ax2.set_ylim(self.spread_range[0] / 10, self.spread_range[1] * 10)
        _decade_ticks(ax2, *self.spread_range)
        ax2.set_xlim(0.5, max(len(spread), 2) + 0.5)
        ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_xlabel("hidden layer (input side on the left)")
        ax2.set_ylabel("spread across examples (log scale)")
        ax2.set_title(f"Spread of activations across examples (top: {r['spread'][-1]:.0e})")
        self.fig.suptitle(f"{activation}, {init_name} init{', batch norm' if batch_norm else ''}, "
                          f"{depth} hidden layers of {self.width}: {r['verdict'].upper()}", fontweight="bold")
        self._show(r["key"], r["message"])
        return r


# =========================================================================== 07
class DropoutExplorer(_Explorer):
    """Retrain a big network with dropout probability p and watch overfitting (notebook 07).

    X_train, y_train, X_val, y_val: 2-D toy data (N, 2) with integer labels, e.g. a
    small noisy moons set (60 training points, noise 0.35; 200 validation points).
    The model is 2-hidden-hidden-C with ReLU and Dropout(p) after each hidden layer,
    trained full batch with Adam for `epochs` epochs. Every p starts from the same
    initial weights (one saved state dict: Dropout has no weights) and the same
    dropout random numbers. Left: training loss (dropout on) and validation loss
    per epoch, with the validation loss for p = 0 for comparison (the y-axis fits the
    current run, so that curve may leave the top); right: the decision boundary over
    the training points.

    max_p, step: the slider runs from p = 0 to max_p (< 1) in steps of `step`.

    `run(p)` returns a dict: p, history, train_loss, val_loss (lists), final_train_loss,
    final_val_loss, state (final weights), message.
    """

    def __init__(self, X_train, y_train, X_val, y_val, hidden=128, epochs=150, lr=0.01,
                 default_p=0.5, seed=0, resolution=80, max_p=0.9, step=0.05):
        where = "DropoutExplorer"
        for name, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):
            X, y = np.asarray(X), np.asarray(y)
            if X.dtype.kind not in "biuf" or X.ndim != 2 or X.shape[1] != 2:
                raise ValueError(f"{where} needs 2-D points X_{name} of shape (N, 2), got {type(X).__name__} "
                                 f"of shape {X.shape} and dtype {X.dtype}")
            if y.dtype.kind not in "iu" or y.shape != (len(X),) or (y < 0).any():
                raise ValueError(f"{where} needs y_{name} of shape ({len(X)},) with integer class labels >= 0, "
                                 f"got shape {y.shape} and dtype {y.dtype}")
        self.X_train, self.y_train = np.asarray(X_train, np.float32), np.asarray(y_train)
        self.X_val, self.y_val = np.asarray(X_val, np.float32), np.asarray(y_val)
        _checks.integer("hidden", hidden, where, low=1)
        _checks.integer("epochs", epochs, where, low=1)
        _checks.number("lr", lr, where, low=0, low_open=True)
        _checks.number("default_p", default_p, where)
        _checks.number("max_p", max_p, where)
        _checks.integer("resolution", resolution, where, low=2)
        _checks.seed("seed", seed, where)
        self.hidden, self.epochs, self.lr, self.seed = hidden, epochs, lr, seed
        self.resolution = resolution
        self.n_classes = int(max(self.y_train.max(), self.y_val.max())) + 1

        if not 0 < max_p < 1 or not 0 <= default_p <= max_p:
            raise ValueError(f"DropoutExplorer: need 0 <= default_p <= max_p < 1 (p is a drop "
                             f"probability), got default_p={default_p!r}, max_p={max_p!r}")
        _checks.number("step", step, where, low=0, low_open=True, high=max_p)
        self.slider = widgets.FloatSlider(value=default_p, min=0.0, max=max_p, step=step,
                                          description="drop probability p", readout_format=".2f",
                                          continuous_update=False, style={"description_width": "initial"},
                                          layout=widgets.Layout(width="400px"))
        self.q_label = widgets.Label()
        self.slider.observe(lambda change: self.update(change["new"]), names="value")

        self.initial_state = self.build_model(0.0).state_dict()  # same start for every p
        self._cache = {}
        self._build_layout([self.slider, self.q_label], ncols=2, figsize=(9, 3.6),
                           margins=dict(left=0.08, right=0.98, bottom=0.14, top=0.92, wspace=0.2))
        self.last = None
        self.update(self.slider.value)

    def build_model(self, p, masks=None):
        """2 -> hidden -> hidden -> C with Dropout(p); `masks`: generator for the dropout masks."""
        g = np.random.default_rng(self.seed)
        h = self.hidden
        return nn.Sequential(nn.Linear(2, h, generator=g), nn.ReLU(), nn.Dropout(p, generator=masks),
                             nn.Linear(h, h, generator=g), nn.ReLU(), nn.Dropout(p, generator=masks),
                             nn.Linear(h, self.n_classes, generator=g))

    def run(self, p):
        """Train from the saved initial weights with drop probability p (cached)."""
        key = round(float(_checks.number("p", p, "DropoutExplorer.run", low=0, high=1, high_open=True)), 4)
        if key not in self._cache:
            masks = np.random.default_rng(self.seed + 1)  # the same dropout random numbers for every p
            model = self.build_model(key, masks)
            model.load_state_dict(self.initial_state)
            optimizer = optim.Adam(model.parameters(), lr=self.lr)
            history = fit(model, nn.CrossEntropyLoss(), optimizer, (self.X_train, self.y_train),
                          (self.X_val, self.y_val), epochs=self.epochs, batch_size=len(self.X_train),
                          shuffle=False, seed=self.seed)
            self._cache[key] = {"p": key, "history": history, "train_loss": history.train_loss,
                                "val_loss": history.val_loss,
                                "final_train_loss": history.final("train_loss"),
                                "final_val_loss": history.final("val_loss"),
                                "diverged": history.diverged, "state": model.state_dict()}
        return self._cache[key]

    def update(self, p):
        """Train (or fetch) the run for p and redraw the curves and the boundary."""
        r = self.last = self.run(p)
        reference = self.run(0.0)
        q = 1 - r["p"]
        self.q_label.value = f"q = 1 - p = {q:.2f} (keep probability)"
        left, right = self.axes
        _wipe(left)
        epochs = np.arange(1, len(r["train_loss"]) + 1)
        # The y-axis follows this run's curves (at least 0 to 1), not the p = 0 curve, which climbs far
        # above them and would squash them; where that curve leaves the plot, its label says where it ends.
        own = [v for v in r["val_loss"] + r["train_loss"] if math.isfinite(v)]
        top = 1.05 * max([1.0] + own)
        ref_final = reference["final_val_loss"]
        ref_label = "validation, p = 0" + (f" (off the top: ends at {ref_final:.2f})" if ref_final > top else "")
        left.plot(np.arange(1, len(reference["val_loss"]) + 1), reference["val_loss"],
                  color=COLORS["black"], linestyle=":", linewidth=1, label=ref_label)
        left.plot(epochs, r["train_loss"], color=COLORS["blue"],
                  label="training (dropout on)" if r["p"] > 0 else "training")
        left.plot(np.arange(1, len(r["val_loss"]) + 1), r["val_loss"], color=COLORS["orange"],
                  label="validation")
        left.set_ylim(0, top)
        left.set_xlim(0, self.epochs)
        left.set_xlabel("epoch")
        left.set_ylabel("cross-entropy loss")
        left.set_title(f"Loss curves, p = {r['p']:.2f}")
        left.legend(loc="upper left", fontsize="small")

        _wipe(right)
        model = self.build_model(r["p"])
        model.load_state_dict(r["state"])
        plot_decision_boundary(model, self.X_train, self.y_train, ax=right, resolution=self.resolution,
                               title=f"Decision boundary after {len(epochs)} epochs")

        if r["diverged"]:
            message = f"p = {r['p']:.2f}: {r['history'].message}"
        else:
            message = (f"p = {r['p']:.2f}: while training, each hidden unit is dropped with probability "
                       f"{r['p']:.2f} (kept with q = {q:.2f}). Final training loss "
                       f"{r['final_train_loss']:.3f}, validation loss <b>{r['final_val_loss']:.3f}</b> "
                       f"(with p = 0: {reference['final_val_loss']:.3f}).")
        self._show(r["p"], message)
        return r
