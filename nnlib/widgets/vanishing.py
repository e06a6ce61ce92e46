"""The vanishing-gradient explorer of notebooks 05 and 10."""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _checks, nn
from ..data import load_digits
from ..plots import COLORS, plot_grad_norms
from ..tensor import no_grad
from ..train import layer_grad_norms
from ._base import _FLOOR, _QUIET, _decade_ticks, _Explorer, _shipped_results, _wipe, activation_spread


def rounding_level(model, X, ulps=100):
    """Below which spread the activations differ only by float64 rounding, after each activation layer.

    Numbers near a value m are float64-spaced eps * |m| apart (eps = 2.2e-16), and each layer's sums and
    exp() add a few such roundings; a spread below `ulps` spacings of the layer's mean |activation| is
    rounding noise, not a property of the network. (Sigmoid with small weights: activations near 0.5,
    so the floor is about 1e-14; the spread measured there stops at about 2e-15.) Returns (n_activations,).
    """
    levels, out = [], X
    with no_grad(), np.errstate(**_QUIET):
        for layer in model:
            out = layer(out)
            if isinstance(layer, (nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU)):
                levels.append(ulps * np.finfo(np.float64).eps * float(np.nan_to_num(np.abs(out.numpy())).mean()))
    return np.array(levels)


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
    The spread cannot fall below float64's rounding of the activations themselves
    (`rounding_level`): that floor is shaded grey, and points below it are noise.
    With batch norm every gradient lies between 0.1 and 15 (all settings), so that
    case gets its own, narrower axis (`bn_norm_range`).
    Bars are named like the layers in notebook 05: 1, 2, ... for the hidden Linear
    layers, "out" for the output layer.
    `run(...)` returns a dict: key, norms (depth + 1,), ratio (first / last),
    spread (depth,), floor (depth,), message, verdict (plain text).
    """

    ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU}
    norm_range = (1e-40, 1e15)  # the fixed y-axis of the gradient bars (every setting fits)
    bn_norm_range = (1e-2, 1e2)  # with batch norm: 0.13 to 14.4 over every depth, activation and init
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
        self._cache = _shipped_results(self, dict(width=width, seed=seed))
        self._build_layout([self.depth, self.activation, self.init, self.batchnorm], ncols=2,
                           figsize=(10, 4.0), margins=dict(left=0.1, right=0.98, bottom=0.13, top=0.84,
                                                           wspace=0.27))
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
            floor = rounding_level(model, self.X)
            with np.errstate(**_QUIET):
                ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
            message = self._describe(norms, ratio)
            verdict = message.split(". ", 1)[1].replace("<b>", "").replace("</b>", "").split(":")[0]
            self._cache[key] = {"key": key, "norms": norms, "ratio": float(ratio), "spread": spread,
                                "floor": floor, "message": message, "verdict": verdict}
        r = self._cache[key]
        self._remember({"depth": key[0], "activation": key[1], "init": key[2], "batch_norm": key[3],
                        "ratio": r["ratio"], "verdict": r["verdict"]})
        return r

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
        if self._show_seen(r["key"]):
            return
        ax, ax2 = self.axes
        _wipe(ax)
        names = [str(i) for i in range(1, len(self.norms))] + ["out"]
        low, high = self.bn_norm_range if batch_norm else self.norm_range
        plot_grad_norms(self.norms, names, ax=ax, floor=low, ceiling=high,
                        title=f"Gradient norm per layer (first/last {r['ratio']:.1e})")
        ax.set_ylim(low / 10, high * 10)  # the same axis for every setting (a narrower one with batch norm)
        _decade_ticks(ax, low, high, every=1 if batch_norm else 10)
        ax.axhspan(0.1, 10, color=COLORS["green"], alpha=0.2, linewidth=0, zorder=0)
        ax.set_ylabel("gradient norm (log scale)\ngreen band: healthy, 0.1 to 10", fontsize="small")

        _wipe(ax2)
        spread = np.clip(np.nan_to_num(r["spread"], nan=0.0), *self.spread_range)
        layers = np.arange(1, len(spread) + 1)
        floor = np.clip(r["floor"], self.spread_range[0] / 10, None)
        ax2.fill_between(layers, self.spread_range[0] / 10, floor, color="0.8", linewidth=0, step="mid")
        noise = r["spread"] < r["floor"]
        if noise.any():
            ax2.text(0.02, 0.03, f"grey: float64 rounding of the activations (from layer {np.argmax(noise) + 1} on the "
                     "spread is rounding noise, not the network)", transform=ax2.transAxes, fontsize="small",
                     color="0.3", ha="left", va="bottom", wrap=True)
        ax2.plot(layers, spread, color=COLORS["orange"], marker="o", markersize=4)
        ax2.plot(layers[noise], spread[noise], color=COLORS["orange"], marker="o", markersize=6, linestyle="none",
                 markerfacecolor="white")
        ax2.set_yscale("log")
        ax2.set_ylim(self.spread_range[0] / 10, self.spread_range[1] * 10)
        _decade_ticks(ax2, *self.spread_range)
        ax2.set_xlim(0.5, max(len(spread), 2) + 0.5)
        ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_xlabel("hidden layer (input side on the left)")
        ax2.set_ylabel("spread across examples (log scale)")
        top = f"{r['spread'][-1]:.0e}" + (", noise" if noise[-1] else "")
        ax2.set_title(f"Spread of activations (top: {top})")
        self.fig.suptitle(f"{activation}, {init_name} init{', batch norm' if batch_norm else ''}, "
                          f"{depth} hidden layers of {self.width} ({depth + 1} Linear layers): "
                          f"{r['verdict'].upper()}", fontweight="bold")
        setting = (f"{activation}, {init_name} init{', batch norm' if batch_norm else ''}, "
                   f"{depth} hidden layers")
        numbers = (f"Gradient norm {self.norms[0]:.1e} at the first layer, {self.norms[-1]:.1e} at the output "
                   f"layer; activation spread {r['spread'][-1]:.1e} at the top hidden layer.")
        self._show(r["key"], f"{setting}: {r['message']} {numbers}")
