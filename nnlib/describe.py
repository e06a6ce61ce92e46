"""Figures in words: a text alternative for every figure, written from the data it draws.

    describe(fig)   ->  "Loss against step. x axis: step, -2 to 42. y axis: loss (log scale), 0.0623 to 2.78.
                         lr = 0.3: 41 points, x from 0 to 40; starts at 2.34, ends at 0.074; lowest ..."
                         (the figure of tests/test_describe.py's first test)

The text is built from the figure's artists (titles, axis labels, each line's label and
its start, end, lowest and highest value, bars, points, images, the words written in the
plot), so it stays true when a slider moves or a number changes.

How it reaches a reader: JupyterLab 4 ignores the `alt` metadata of an image output, but it
reads an `<img alt="...">` inside an HTML output, and it prefers an output's text/html over
its image/png. So every figure is shown as a bundle holding both: image/png (with `alt` in
its metadata, which nbconvert writes into exported HTML) and text/html, the same PNG as an
`<img>` with the description as its alt text. `import nnlib` registers this with IPython for
matplotlib figures (plt.show(), a figure at the end of a cell); the explorers
(nnlib.widgets) show their figures with `FigureImage`.
"""

import base64
import html
import math

import numpy as np
from IPython.display import Image
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.text import Annotation

__all__ = ["describe", "figure_bundle", "FigureImage"]

MAX_ITEMS = 40  # at most this many bars, texts or table cells are read out per panel


def _num(value):
    """A number as a reader wants to hear it: 3 significant digits, inf and nan by name."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    return f"{value:.3g}"


def _clean(text):
    """Plot text without mathtext dollars and braces ('$w_1$' -> 'w_1'), on one line."""
    return " ".join(str(text).replace("$", "").replace("\\", "").replace("{", "").replace("}", "").split())


def _some(items, limit=MAX_ITEMS):
    items = list(items)
    extra = f", and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + extra


def _axis(ax, which):
    label = _clean(getattr(ax, f"get_{which}label")())
    low, high = getattr(ax, f"get_{which}lim")()
    scale = getattr(ax, f"get_{which}scale")()
    scale = f" ({scale} scale)" if scale != "linear" and scale not in label else ""
    return (f"{which} axis: {label or 'unlabelled'}{scale}"
            + f", {_num(min(low, high))} to {_num(max(low, high))}")


def _is_data(artist, ax):
    """(x in data coordinates, y in data coordinates) for an artist's transform."""
    try:
        return artist.get_transform().contains_branch_seperately(ax.transData)
    except (AttributeError, ValueError):
        return (False, False)


def _line(line, ax, k):
    x, y = (np.asarray(v, dtype=float).ravel() for v in line.get_data())
    label = line.get_label()
    name = label if label and not label.startswith("_") else f"line {k}"
    x_data, y_data = _is_data(line, ax)
    if y_data and not x_data and len(y) and np.all(y == y[0]):
        return f"{name}: horizontal line at y = {_num(y[0])}"
    if x_data and not y_data and len(x) and np.all(x == x[0]):
        return f"{name}: vertical line at x = {_num(x[0])}"
    finite = np.isfinite(x) & np.isfinite(y)
    dropped = f" ({int((~finite).sum())} points not finite)" if not finite.all() else ""
    x, y = x[finite], y[finite]
    if len(x) == 0:
        return f"{name}: no finite points{dropped}"
    if len(x) == 1:
        return f"{name}: a marker at ({_num(x[0])}, {_num(y[0])}){dropped}"
    if str(line.get_linestyle()).lower() in ("none", "", " ") and str(line.get_marker()).lower() not in ("none", ""):
        where = _some(f"({_num(a)}, {_num(b)})" for a, b in zip(x, y))  # markers only: where each one sits
        return f"{name}: {len(x)} markers at {where}{dropped}"
    on_surface = any(isinstance(c, ContourSet) for c in ax.collections)  # a line on contours is a path
    if np.all(np.diff(x) >= 0) and not on_surface and np.all(y == y[0]):  # a flat curve
        return (f"{name}: {len(x)} points, x from {_num(x[0])} to {_num(x[-1])}; constant at y = {_num(y[0])}"
                f"{dropped}")
    if np.all(np.diff(x) >= 0) and not on_surface:  # a curve y(x)
        lo, hi = int(np.argmin(y)), int(np.argmax(y))
        return (f"{name}: {len(x)} points, x from {_num(x[0])} to {_num(x[-1])}; starts at {_num(y[0])}, "
                f"ends at {_num(y[-1])}; lowest {_num(y[lo])} at x = {_num(x[lo])}, "
                f"highest {_num(y[hi])} at x = {_num(x[hi])}{dropped}")
    return (f"{name}: a path of {len(x)} points from ({_num(x[0])}, {_num(y[0])}) "
            f"to ({_num(x[-1])}, {_num(y[-1])}){dropped}")


def _tick_names(ax, which, positions):
    """The label of the tick nearest each position (a group of bars shares one tick), else the position."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    ticks = np.asarray(axis.get_majorticklocs(), dtype=float)
    labels = [_clean(label.get_text()) for label in axis.get_majorticklabels()]
    reach = 0.5 * np.diff(np.sort(ticks)).min() if len(ticks) > 1 else 0.5
    names = []
    for p in positions:
        k = int(np.argmin(np.abs(ticks - p))) if len(ticks) else -1
        near = k >= 0 and abs(ticks[k] - p) < reach and k < len(labels) and labels[k]
        names.append(labels[k] if near else _num(p))
    return names


def _bars(container, ax):
    rects = list(container)
    horizontal = container.orientation == "horizontal"
    centres = [r.get_y() + r.get_height() / 2 if horizontal else r.get_x() + r.get_width() / 2 for r in rects]
    values = [r.get_width() if horizontal else r.get_height() for r in rects]
    names = _tick_names(ax, "y" if horizontal else "x", centres)
    label = container.get_label()
    head = f"{label}: " if label and not label.startswith("_") else ""
    return f"{head}{len(rects)} bars: " + _some(f"{n}: {_num(v)}" for n, v in zip(names, values))


def _points(collection, k):
    xy = np.asarray(collection.get_offsets(), dtype=float).reshape(-1, 2)
    label = collection.get_label()
    name = label if label and not label.startswith("_") else f"points {k}" if k else "points"
    if len(xy) == 0:
        return f"{name}: none"
    text = (f"{name}: {len(xy)} points, x from {_num(xy[:, 0].min())} to {_num(xy[:, 0].max())}, "
            f"y from {_num(xy[:, 1].min())} to {_num(xy[:, 1].max())}")
    values = collection.get_array()
    if values is not None and len(values) == len(xy):
        kinds, counts = np.unique(np.asarray(values), return_counts=True)
        if len(kinds) <= 10:
            text += "; coloured by value: " + ", ".join(f"{_num(v)} ({n} points)" for v, n in zip(kinds, counts))
    return text


def _image(image):
    data = np.ma.masked_invalid(np.asarray(image.get_array(), dtype=float))
    shape = data.shape[:2]
    if data.ndim == 3:
        return f"a colour image of {shape[0]} by {shape[1]} pixels"
    return (f"an image of {shape[0]} rows by {shape[1]} columns, values from {_num(data.min())} "
            f"to {_num(data.max())}")


def _arrows(ax, texts):
    """Arrows without words (a graph's edges), each named by the texts nearest its two ends."""
    arrows = [a for a in ax.texts if isinstance(a, Annotation) and a.arrow_patch is not None
              and not _clean(a.get_text()) and a.get_visible()]
    if not arrows or not texts:
        return []
    where = np.array([t.get_position() for t in texts], dtype=float)
    names = [_clean(t.get_text().splitlines()[0]) for t in texts]

    def nearest(point):
        return names[int(np.argmin(np.linalg.norm(where - np.asarray(point, dtype=float), axis=1)))]

    return [f"{len(arrows)} arrows: " + _some(f"{nearest(a.xyann)} to {nearest(a.xy)}" for a in arrows)]


def _texts(ax, with_image):
    texts = [t for t in ax.texts if t.get_visible() and _clean(t.get_text())]
    if not texts:
        return []
    if with_image and len(texts) > 1:  # numbers written in an image's cells: read them row by row
        rows = {}
        for t in texts:
            x, y = t.get_position()
            rows.setdefault(round(float(y), 6), []).append((float(x), _clean(t.get_text())))
        names = _tick_names(ax, "y", list(rows))
        lines = [f"row {name}: " + " ".join(v for _, v in sorted(cells)) for name, cells in zip(names, rows.values())]
        return ["numbers in the cells, row by row: " + "; ".join(lines[:MAX_ITEMS])]
    return ["text in the plot: " + _some(f"'{_clean(t.get_text())}'" for t in texts)] + _arrows(ax, texts)


def _panel(ax):
    """One Axes in words: title, axes, then everything drawn in it."""
    parts = [_clean(ax.get_title()) or "untitled panel"]
    if ax.axison:
        parts += [_axis(ax, "x"), _axis(ax, "y")]
    for k, line in enumerate([ln for ln in ax.get_lines() if ln.get_visible()], start=1):
        parts.append(_line(line, ax, k))
    bars = [c for c in ax.containers if isinstance(c, BarContainer) and all(r.axes is ax for r in c)]  # not removed
    parts += [_bars(c, ax) for c in bars]
    points = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_visible()]
    parts += [_points(c, k if len(points) > 1 else 0) for k, c in enumerate(points, start=1)]
    for c in ax.collections:
        if isinstance(c, ContourSet) and len(c.levels):
            kind = "filled contour regions" if c.filled else "contour lines"
            parts.append(f"{kind}: {len(c.levels)} levels from {_num(min(c.levels))} to {_num(max(c.levels))}")
        elif isinstance(c, PolyCollection) and not isinstance(c, ContourSet) and not c.get_label().startswith("_"):
            parts.append(f"shaded area: {c.get_label()}")
    in_bars = {id(r) for c in bars for r in c}
    for patch in ax.patches:  # bands (axhspan, axvspan); bars were read above
        x_data, y_data = _is_data(patch, ax)
        if id(patch) in in_bars or x_data == y_data:
            continue
        corners = patch.get_path().transformed(patch.get_patch_transform()).vertices
        values = np.asarray(corners, dtype=float)[:, 1 if y_data else 0]
        parts.append(f"a band from {'y' if y_data else 'x'} = {_num(values.min())} to {_num(values.max())}")
    parts += [_image(im) for im in ax.images]
    parts += _texts(ax, bool(ax.images))
    return ". ".join(parts)


def _only_image(ax):
    return ax.images and not (ax.get_lines() or ax.collections or ax.containers or ax.get_xlabel() or ax.get_ylabel())


def describe(fig):
    """A text alternative for a matplotlib Figure (or an Axes, or anything with `.figure`).

    Reads what is drawn, never the pixels: the figure's title, then each panel's title, its
    axes (label, scale, range), each line (label, number of points, start, end, lowest and
    highest value; a horizontal/vertical line's position; a path's start and end), bars
    (name and height), points (how many, where, how many of each colour value), contours,
    bands, images (size and value range; numbers written in the cells, row by row) and the
    words written in the plot. Returns one string.
    """
    if not isinstance(fig, Figure):
        if not isinstance(getattr(fig, "figure", None), Figure):
            raise TypeError(f"describe needs a matplotlib Figure or Axes, got {type(fig).__name__}")
        fig = fig.figure
    sentences = []
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    if _clean(title):
        sentences.append(_clean(title))
    sentences += [_clean(t.get_text()) for t in fig.texts
                  if t.get_visible() and _clean(t.get_text()) and _clean(t.get_text()) not in sentences]
    panels = [ax for ax in fig.axes if ax.get_visible() and (ax.axison or ax.has_data() or ax.texts)]
    tiles = [ax for ax in panels if _only_image(ax)]
    if len(tiles) > 6 and len(tiles) == len(panels):  # a grid of small images (plot_images)
        h, w = np.asarray(tiles[0].images[0].get_array()).shape[:2]
        names = [_clean(ax.get_title()) or "untitled" for ax in tiles]
        sentences.append(f"A grid of {len(tiles)} images of {h} by {w} pixels, titled: " + _some(names))
    elif len(panels) == 1:
        sentences.append(_panel(panels[0]))
    else:
        sentences += [f"Panel {k} of {len(panels)}: {_panel(ax)}" for k, ax in enumerate(panels, start=1)]
    return ". ".join(sentences) + "." if sentences else "An empty figure."


# ----------------------------------------------------------------- showing figures with their text
def figure_bundle(png, alt, metadata=None):
    """(data, metadata) of a display output showing PNG `png` (bytes or base64 text) with text `alt`.

    image/png for viewers that render images (with `alt` in its metadata, for nbconvert), and
    text/html, `<img alt="..." src="data:...">`, which JupyterLab and JupyterLite prefer and
    which a screen reader reads. `metadata`: the image's own metadata (width, height, ...).
    """
    b64 = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
    md = dict(metadata or {}, alt=alt)
    size = "".join(f' {k}="{int(md[k])}"' for k in ("width", "height") if md.get(k))
    img = f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt, quote=True)}"{size}/>'
    return {"image/png": b64, "text/html": img}, {"image/png": md}


class FigureImage(Image):
    """A PNG with its text alternative, for `display()`: what the explorers show in their Output."""

    def __init__(self, data, alt):
        super().__init__(data=data, format="png")
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = figure_bundle(self.data, self.alt)
        data["text/plain"] = f"<figure: {self.alt}>"
        return data, metadata


def _show_figure(fig):
    """IPython's display of a Figure, with the figure's description added (see the module's docstring).

    The inline backend's own formatters render the PNG (once, with its size and dpi); this adds
    the alt text and the text/html twin, then publishes the output.
    """
    from IPython import get_ipython
    from IPython.display import publish_display_data

    formatter = get_ipython().display_formatter
    own = formatter.ipython_display_formatter
    printer = own.pop(Figure)  # step aside for one call, so that the usual formatters run
    try:
        data, metadata = formatter.format(fig)
    finally:
        own.for_type(Figure, printer)
    if "image/png" in data and "text/html" not in data:
        png, more = figure_bundle(data["image/png"], describe(fig), metadata.get("image/png"))
        data.update(png)
        metadata.update(more)
    publish_display_data(data, metadata)


def register_with_ipython():
    """Show every matplotlib Figure with its description in this IPython session (a no-op outside IPython)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    shell.display_formatter.ipython_display_formatter.for_type(Figure, _show_figure)
    return True
