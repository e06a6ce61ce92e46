"""The dropout explorer of notebook 07."""

import math

import ipywidgets as widgets
import numpy as np

from .. import _checks, nn, optim
from ..plots import COLORS, STYLES, plot_decision_boundary
from ..train import fit
from ._base import _Explorer, _shipped_results, _wipe


class DropoutExplorer(_Explorer):
    """Retrain a big network with dropout probability p and watch overfitting (notebook 07).

    X_train, y_train, X_val, y_val: 2-D toy data (N, 2) with integer labels, e.g. a
    small noisy moons set (60 training points, noise 0.35; 200 validation points).
    The model is 2-hidden-hidden-C with ReLU and Dropout(p) after each hidden layer,
    trained full batch with Adam for `epochs` epochs. Every p starts from the same
    initial weights (one saved state dict: Dropout has no weights) and the same
    dropout random numbers. Left: training loss (dropout on) and validation loss
    per epoch, with the validation loss for p = 0 for comparison when p > 0 (the y-axis
    fits the current run, so that curve may leave the top); right: the decision boundary
    over the training points, one marker per class.

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
        self._cache = _shipped_results(self, dict(  # labels as int64, whatever the platform's default int
            X_train=self.X_train, y_train=self.y_train.astype(np.int64), X_val=self.X_val,
            y_val=self.y_val.astype(np.int64), hidden=hidden, epochs=epochs, lr=lr, seed=seed))
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
        r = self._cache[key]
        self._remember({"p": key, "final_train_loss": r["final_train_loss"], "final_val_loss": r["final_val_loss"]})
        return r

    def update(self, p):
        """Train (or fetch) the run for p and redraw the curves and the boundary."""
        r = self.last = self.run(p)
        reference = self.run(0.0)
        q = 1 - r["p"]
        self.q_label.value = f"q = 1 - p = {q:.2f} (keep probability)"
        if self._show_seen(r["p"]):
            return r
        left, right = self.axes
        _wipe(left)
        epochs = np.arange(1, len(r["train_loss"]) + 1)
        # The y-axis follows this run's curves (at least 0 to 1), not the p = 0 curve, which climbs far
        # above them and would squash them; where that curve leaves the plot, its label says where it ends.
        own = [v for v in r["val_loss"] + r["train_loss"] if math.isfinite(v)]
        top = 1.5 * max([1.0] + own)  # headroom: the legend goes above the curves
        ref_final = reference["final_val_loss"]
        if r["p"] > 0:  # at p = 0 the reference is this run's own validation curve: not drawn twice
            ref_epochs = np.arange(1, len(reference["val_loss"]) + 1)
            left.plot(ref_epochs, reference["val_loss"], color=COLORS["black"], linestyle=":", linewidth=1.2,
                      label="validation, p = 0")
            above = np.flatnonzero(np.array(reference["val_loss"]) > top)
            if len(above):  # where it leaves the plot, a label of its own colour says where it ends
                left.annotate(f"p = 0 ends at {ref_final:.2f}", (ref_epochs[above[0]], top), xytext=(4, -12),
                              textcoords="offset points", fontsize="small", color=COLORS["black"])
        left.plot(epochs, r["train_loss"], **STYLES[0], markersize=2, markevery=10,
                  label="training (dropout on)" if r["p"] > 0 else "training")
        left.plot(np.arange(1, len(r["val_loss"]) + 1), r["val_loss"], **STYLES[1], markersize=3, markevery=10,
                  label="validation")
        left.set_ylim(0, top)
        left.set_xlim(0, self.epochs)
        left.set_xlabel("epoch")
        left.set_ylabel("cross-entropy loss")
        left.set_title(f"Loss curves, p = {r['p']:.2f}")
        # The legend goes where it covers no curve: matplotlib's "best" spot, which for this figure is
        # checked by tests/test_figures_readable.py at several p.
        left.legend(loc="best", fontsize="small", framealpha=0.9)

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
