"""Plots used throughout the notebooks, all in one colour-blind-safe style.

Every function takes `ax=None` (a new figure is made if None), always sets a title
and axis labels, and returns what it drew into (an Axes, or an array of Axes for
`plot_images`), so you can add to it or test it.

Colours: the Okabe-Ito palette, readable with every common form of colour
blindness. `COLORS[0]` is the first colour of the cycle, `COLORS["orange"]` a
colour by name. Colour is never the only difference between two series: `STYLES[k]`
gives the k-th series a colour, a line style and a marker together
(`ax.plot(x, y, **STYLES[k], label=...)`), so a figure still reads in grey.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .graph import draw_graph
from .train import predict

__all__ = ["COLORS", "STYLES", "plot_history", "plot_decision_boundary", "plot_grad_norms",
           "plot_confusion_matrix", "plot_images", "plot_loss_surface", "draw_graph"]


class _Palette(list):
    """A list of colours that can also be indexed by name: COLORS[0] or COLORS['blue']."""

    def __init__(self, named):
        super().__init__(named.values())
        self.names = dict(named)

    def __getitem__(self, key):
        return self.names[key] if isinstance(key, str) else super().__getitem__(key)


# Okabe & Ito (2008), in the order used for lines: train = blue, validation = orange, ...
COLORS = _Palette({"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73",
                   "vermillion": "#D55E00", "purple": "#CC79A7", "sky": "#56B4E9",
                   "yellow": "#F0E442", "black": "#000000"})
# One look per series: colour, line style and marker all differ from one entry to the next.
STYLES = [dict(color=COLORS[k], linestyle=linestyle, marker=marker) for k, (linestyle, marker) in
          enumerate([("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ("-", "v"), ("--", "P"), (":", "X"),
                     ("-.", "*")])]
CLASS_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]  # one marker per class in scatter plots
_SEQUENTIAL = LinearSegmentedColormap.from_list("okabe_blues", ["#FFFFFF", COLORS["blue"]])
_SURFACE_CMAP = "cividis"  # perceptually uniform and colour-blind safe


def _new_ax(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _finite_prefix(values):
    """The values up to (not including) the first inf or nan, as a float array."""
    values = np.asarray(values, dtype=float)
    bad = ~np.isfinite(values)
    return values[: int(np.argmax(bad))] if bad.any() else values


# --------------------------------------------------------------- training curves
def plot_history(history, ax=None, metric="loss", title=None):
    """Train and validation curves of a `History`, per epoch.

    metric: 'loss' or 'acc' (also 'accuracy'). A dotted line marks the best epoch, a
    dashed one where early stopping stopped; a diverged run shows its message.
    """
    if not all(hasattr(history, f"{split}_loss") for split in ("train", "val")):
        raise TypeError(f"plot_history: history must be the History that fit returns, got {type(history).__name__}")
    if metric not in ("loss", "acc", "accuracy"):
        raise ValueError(f"plot_history: metric must be 'loss' or 'acc', got {metric!r}")
    key = "loss" if metric == "loss" else "acc"
    ax = _new_ax(ax)
    for split, style in (("train", STYLES[0]), ("val", STYLES[1])):  # blue solid o, orange dashed s
        values = _finite_prefix(getattr(history, f"{split}_{key}"))
        if len(values) and not np.isnan(values).all():
            label = "training" if split == "train" else "validation"
            ax.plot(np.arange(1, len(values) + 1), values, **style, markersize=3, label=label)
    if history.best_epoch is not None:
        ax.axvline(history.best_epoch, color=COLORS["green"], linestyle=":",
                   label=f"best epoch ({history.best_epoch})")
    if history.early_stopped:
        ax.axvline(history.stopped_epoch, color=COLORS["black"], linestyle="--",
                   label=f"early stop (epoch {history.stopped_epoch})")
    if history.diverged:
        ax.text(0.5, 0.5, history.message, transform=ax.transAxes, ha="center", va="center",
                color=COLORS["vermillion"], wrap=True)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss" if key == "loss" else "accuracy")
    ax.set_title(title or ("Loss per epoch" if key == "loss" else "Accuracy per epoch"))
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    return ax


# ------------------------------------------------------------ decision boundary
def plot_decision_boundary(model, X, y, ax=None, resolution=200, title=None):
    """Colour the plane by the class the model predicts; draw the points (X (N, 2), y (N,)) on top.

    Each class has its own colour and its own marker (CLASS_MARKERS), named in a legend.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2-D inputs X of shape (N, 2), got {X.shape}")
    ax = _new_ax(ax, figsize=(5, 4.5))
    margin = 0.5
    x1 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x2 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    xx1, xx2 = np.meshgrid(x1, x2)
    grid = np.column_stack([xx1.ravel(), xx2.ravel()]).astype(X.dtype if X.dtype.kind == "f" else np.float32)
    labels = predict(model, grid).reshape(xx1.shape)

    n_classes = int(max(labels.max(), y.max())) + 1
    colors = [COLORS[i % 7] for i in range(n_classes)]  # 7 colours before black
    ax.contourf(xx1, xx2, labels, levels=np.arange(n_classes + 1) - 0.5, colors=colors, alpha=0.25)
    for k in range(n_classes):
        if (y == k).any():
            ax.scatter(X[y == k, 0], X[y == k, 1], color=colors[k], marker=CLASS_MARKERS[k % len(CLASS_MARKERS)],
                       edgecolors="black", linewidths=0.5, s=22, label=f"class {k}")
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or "Decision boundary")
    ax.legend(loc="best", fontsize="small", framealpha=0.9)
    return ax


# ------------------------------------------------------------- gradient norms
def plot_grad_norms(norms, names=None, ax=None, title=None, floor=1e-30, ceiling=1e30):
    """Bar chart of per-layer gradient norms on a log axis, first layer on the left.

    A log axis cannot show 0, inf or nan: norms below `floor` (0, nan) or above
    `ceiling` (inf) are drawn as hatched bars at the floor/ceiling, and a note says so.
    """
    norms = np.asarray(norms)
    if norms.dtype.kind not in "biuf":
        raise ValueError(f"plot_grad_norms: norms must be an array of numbers, got dtype {norms.dtype}")
    norms = norms.astype(float).ravel()
    names = list(names) if names is not None else [str(i) for i in range(1, len(norms) + 1)]
    if len(names) != len(norms):
        raise ValueError(f"plot_grad_norms: {len(norms)} norms but {len(names)} names")
    ax = _new_ax(ax)
    with np.errstate(invalid="ignore"):
        low = ~(norms >= floor)  # 0, tiny or nan
        high = norms > ceiling  # includes inf
    shown = np.where(low, floor, np.where(high, ceiling, norms))
    positions = np.arange(len(norms))
    bars = ax.bar(positions, shown, color=COLORS["blue"], edgecolor="black", linewidth=0.5)
    for bar, clipped in zip(bars, low | high):
        if clipped:
            bar.set_hatch("//")
            bar.set_facecolor(COLORS["vermillion"])
    ax.set_yscale("log")
    ax.set_xticks(positions, names, fontsize="small" if len(names) > 12 else None)
    ax.set_xlabel("layer (input side on the left)")
    ax.set_ylabel("gradient norm (log scale)")
    ax.set_title(title or "Gradient norm per layer")
    if (low | high).any():
        ax.text(0.01, 0.98, f"hatched: below {floor:.0e} (or 0, nan), drawn at {floor:.0e}; "
                            f"above {ceiling:.0e} (or inf), drawn at {ceiling:.0e}",
                transform=ax.transAxes, ha="left", va="top", fontsize="small",
                color=COLORS["vermillion"])
    return ax


# ----------------------------------------------------------- confusion matrix
def plot_confusion_matrix(cm, class_names=None, ax=None, normalize=False, title=None):
    """Annotated confusion matrix: rows are true classes, columns predicted classes.

    normalize=True divides each row by its total, so the diagonal shows recall.
    """
    cm = np.asarray(cm, dtype=float)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"plot_confusion_matrix: cm must be a square matrix (K, K), got shape {cm.shape}")
    n = len(cm)
    names = [str(c) for c in (class_names if class_names is not None else range(n))]
    if len(names) != n:
        raise ValueError(f"plot_confusion_matrix: {n} classes but {len(names)} class_names")
    if normalize:
        totals = cm.sum(axis=1, keepdims=True)
        cm = np.divide(cm, totals, out=np.zeros_like(cm), where=totals > 0)
    ax = _new_ax(ax, figsize=(1 + 0.5 * n, 1 + 0.45 * n) if n > 8 else (5, 4.5))
    vmax = cm.max() if cm.max() > 0 else 1.0
    ax.imshow(cm, cmap=_SEQUENTIAL, vmin=0, vmax=vmax)
    for i in range(n):
        for j in range(n):
            text = f"{cm[i, j]:.2f}" if normalize else f"{cm[i, j]:.0f}"
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="white" if cm[i, j] > 0.6 * vmax else "black")
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title or ("Confusion matrix (rows sum to 1)" if normalize else "Confusion matrix"))
    return ax


# ------------------------------------------------------------------- images
def plot_images(images, labels=None, predictions=None, ncols=10, axes=None, title=None):
    """Grid of small grey images: (N, 8, 8) or flattened (N, 64) (any square size).

    Each image is titled with its label, and with the prediction when given (wrong
    predictions in vermillion). Returns the array of Axes (one per grid cell).
    """
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"plot_images: flattened images need a square number of pixels, "
                             f"got {images.shape[1]}")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3:
        raise ValueError(f"plot_images expects images of shape (N, H, W) or (N, H*W), got {images.shape}")
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    if axes is None:
        fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows + 0.4),
                                 squeeze=False, layout="constrained")
    axes = np.asarray(axes).ravel()
    if len(axes) < n:
        raise ValueError(f"plot_images: {n} images but only {len(axes)} axes")
    for k, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= n:
            ax.set_axis_off()
            continue
        ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=max(1.0, images.max()))
        parts, color = [], "black"
        if labels is not None:
            parts.append(f"label {labels[k]}")
        if predictions is not None:
            parts.append(f"pred {predictions[k]}")
            if labels is not None and predictions[k] != labels[k]:
                color = COLORS["vermillion"]
        ax.set_title("\n".join(parts) if parts else f"#{k}", fontsize="small", color=color)
    axes[0].figure.suptitle(title or f"{n} images")
    return axes


# ------------------------------------------------------------- loss surfaces
def plot_loss_surface(f, trajectories=None, xlim=(-2, 2), ylim=(-2, 2), ax=None, levels=30, title=None,
                      minimum=None):
    """Contours of a loss f(w1, w2) and optimisation paths on it.

    f: vectorised function of two arrays (grids) returning an array of losses.
    trajectories: {label: array (T, 2)} of weights visited; a path leaving the view
        (or reaching inf/nan) is cut where it leaves, so a diverging run shows as a
        line running off the plot. Each path has its own colour, line style and marker
        (STYLES); an open black square marks where the paths start. A path too short to
        see (under 2% of the view) gets an arrow saying how far it went.
    minimum: (w1, w2) of the minimum, marked with a star, or None.
    """
    if not callable(f):
        raise TypeError(f"plot_loss_surface: f must be a function f(w1, w2) of two arrays, got {type(f).__name__}")
    ax = _new_ax(ax, figsize=(5, 4.5))
    w1, w2 = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        Z = np.asarray(f(w1, w2), dtype=float)
    ax.contour(w1, w2, Z, levels=levels, cmap=_SURFACE_CMAP, linewidths=0.8)
    starts = []
    for k, (label, path) in enumerate((trajectories or {}).items()):
        style = STYLES[k % 7]  # 7 colours before black, the colour of the markers below
        color = style["color"]
        path = clip_path(path, xlim, ylim)
        ax.plot(path[:, 0], path[:, 1], **style, markersize=3.5, linewidth=1.5, label=label)
        if len(path) and not any(np.allclose(path[0], s) for s in starts):
            starts.append(path[0])
        moved = float(np.linalg.norm(path[-1] - path[0])) if len(path) else 0.0
        if moved < 0.02 * min(xlim[1] - xlim[0], ylim[1] - ylim[0]):
            ax.annotate(f"moved only {moved:.2g}", path[0], xytext=(12, -18 - 14 * k), textcoords="offset points",
                        color=color, fontsize="small", arrowprops=dict(arrowstyle="->", color=color))
    for k, start in enumerate(starts):  # one open black square per distinct start, after the paths
        ax.plot(*start, color=COLORS["black"], marker="s", markersize=9, linestyle="none", markerfacecolor="none",
                markeredgewidth=1.5, label="_start" if k else "start")
    if minimum is not None:
        ax.plot(*minimum, marker="*", markersize=13, color=COLORS["black"], linestyle="none", label="minimum")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(title or "Loss surface")
    if trajectories or minimum is not None:
        ax.legend(loc="best", fontsize="small", framealpha=0.9)
    return ax


def clip_path(path, xlim, ylim, margin=0.5):
    """The part of a path (T, 2) that stays finite and inside the view (plus a margin).

    The first point outside is replaced by the point where the path crosses the
    border, so the last segment keeps its direction.
    """
    path = np.asarray(path, dtype=float).reshape(-1, 2)
    lo = np.array([xlim[0], ylim[0]], dtype=float)
    hi = np.array([xlim[1], ylim[1]], dtype=float)
    lo, hi = lo - margin * (hi - lo), hi + margin * (hi - lo)
    finite = np.isfinite(path).all(axis=1)
    if not finite.all():
        path = path[: int(np.argmin(finite))]
    outside = ((path < lo) | (path > hi)).any(axis=1)
    if not outside.any():
        return path
    k = int(np.argmax(outside))
    if k == 0:
        return np.clip(path[:1], lo, hi)
    a, b = path[k - 1], path[k]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        d = b - a
        t_hi = np.where(b > hi, (hi - a) / d, 1.0)
        t_lo = np.where(b < lo, (lo - a) / d, 1.0)
    t = float(min(t_hi.min(), t_lo.min(), 1.0))
    return np.vstack([path[:k], (1 - t) * a + t * b])  # the crossing point
