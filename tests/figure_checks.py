"""Is a matplotlib figure readable without colour, and does its legend leave the data visible?

    problems = check_figure(fig)      # a list of sentences, empty when the figure passes

Two checks, axes by axes (used by tests/test_figures_readable.py on every figure the notebooks and explorers draw):

1. Colour is never the only difference. Two series drawn in different colours must also differ in line style
   or marker, unless one of them is named by a text of its own colour in the axes (a direct label). Series are
   the data lines (Line2D in data coordinates; reference lines drawn with axhline/axvline count too), scatter
   collections (told apart by marker shape) and groups of bars (BarContainers, told apart by hatch). Inside one
   scatter collection, a few distinct colours (categories coded by colour alone) fail too. Two differently
   labelled series with the same colour and the same style fail as well: nothing tells them apart.
2. No legend covers data. The legend's box (in display coordinates, after a draw) must not cross any data line,
   any scatter point or any bar, within the part of the axes where they are drawn. Contours, images, shaded
   spans and reference lines across the whole axes (axhline, axvline) are background and may lie under a legend.
"""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer
from matplotlib.transforms import Bbox

NO_MARKER = (None, "", " ", "None", "none")


def _title(ax):
    title = ax.get_title() or ax.get_title(loc="left") or ax.get_title(loc="right")
    if not title and ax.figure is not None and ax.figure._suptitle is not None:
        title = ax.figure._suptitle.get_text()
    return title or "(no title)"


def _color(c):
    return tuple(np.round(to_rgba(c), 3))


def _data_lines(ax, legend_handles=()):
    """The visible lines of an axes with at least one point in view, excluding legend handles."""
    lines = []
    for line in ax.lines:
        if not line.get_visible() or line in legend_handles:
            continue
        if np.size(line.get_xdata(orig=False)) == 0:
            continue
        lines.append(line)
    return lines


def _style(line):
    linestyle = line.get_linestyle()
    linestyle = "none" if linestyle in ("None", "none", " ", "") else linestyle
    marker = line.get_marker()
    marker = "none" if marker in NO_MARKER else str(marker)
    if linestyle == "none" and marker == "none":
        return None  # invisible
    return (linestyle, marker)


def _describe(artist):
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    return repr(label) if label and not label.startswith("_") else f"an unlabelled {type(artist).__name__}"


def _text_colors(ax):
    """Colours of the texts inside the axes (annotations and direct labels)."""
    return {_color(t.get_color()) for t in ax.texts if t.get_visible() and t.get_text().strip()}


def _marker_key(collection):
    paths = collection.get_paths()
    return tuple(tuple(np.round(p.vertices, 3).ravel()) for p in paths[:1])


def colour_only_problems(ax):
    """Series of this axes told apart by colour alone (sentences)."""
    problems = []
    texts = _text_colors(ax)
    series = []  # (name, colour, style key, labelled?)
    for line in _data_lines(ax):
        style = _style(line)
        if style is None:
            continue
        series.append((_describe(line), _color(line.get_color()), ("line",) + style,
                       not line.get_label().startswith("_")))
    for coll in ax.collections:
        if not isinstance(coll, PathCollection) or not coll.get_visible() or len(coll.get_offsets()) == 0:
            continue
        faces = {_color(c) for c in coll.get_facecolors()}
        if 1 < len(faces) <= 12 and coll.get_array() is None:
            problems.append(f"scatter {_describe(coll)} codes {len(faces)} categories by colour alone "
                            f"(draw one scatter per category with its own marker)")
        elif 1 < len(faces) <= 12 and coll.get_array() is not None and len(np.unique(coll.get_array())) <= 12:
            problems.append(f"scatter {_describe(coll)} codes {len(np.unique(coll.get_array()))} categories by "
                            f"colour alone (draw one scatter per category with its own marker)")
        if len(faces) == 1:
            series.append((_describe(coll), next(iter(faces)), ("scatter", _marker_key(coll)),
                           not coll.get_label().startswith("_")))
    for container in ax.containers:
        if not isinstance(container, BarContainer) or not len(container.patches):
            continue
        bar = container.patches[0]
        series.append((_describe(container), _color(bar.get_facecolor()), ("bar", bar.get_hatch() or ""),
                       not str(container.get_label()).startswith("_")))
    seen = set()
    for i, (name_a, color_a, style_a, labelled_a) in enumerate(series):
        for name_b, color_b, style_b, labelled_b in series[i + 1:]:
            if style_a != style_b:
                continue
            if color_a != color_b:
                if color_a in texts or color_b in texts:
                    continue  # named directly by a text of its colour
                why = "colour alone"
            elif labelled_a and labelled_b and name_a != name_b:
                why = "nothing (same colour and style)"
            else:
                continue
            key = (name_a, name_b)
            if key not in seen:
                seen.add(key)
                problems.append(f"{name_a} and {name_b} are told apart by {why}: give them different line "
                                f"styles or markers")
    return problems


def _inside(xy, box):
    return (xy[:, 0] > box.x0) & (xy[:, 0] < box.x1) & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)


def _legends(ax):
    legend = ax.get_legend()
    return [legend] if legend is not None and legend.get_visible() else []


def legend_problems(ax, renderer):
    """Data of this axes that its legend (or a figure legend) covers (sentences)."""
    problems = []
    legends = _legends(ax) + [leg for leg in ax.figure.legends if leg.get_visible()]
    if not legends:
        return problems
    axbox = ax.get_window_extent(renderer)
    for legend in legends:
        box = Bbox.intersection(legend.get_window_extent(renderer), axbox)
        if box is None or box.width <= 0 or box.height <= 0:
            continue
        box = box.padded(-1.0)  # a line grazing the frame is not covered
        handles = set(getattr(legend, "legend_handles", []) or [])
        for line in _data_lines(ax, handles):
            if _style(line) is None or line.get_transform() != ax.transData:
                continue  # invisible, or a reference line across the axes (axhline, axvline)
            path = line.get_transform().transform_path(line.get_path())
            xy = path.vertices
            finite = np.isfinite(xy).all(axis=1)
            if line.get_linestyle() not in ("None", "none", " ", ""):
                crosses = path.intersects_bbox(box, filled=False)
            else:
                crosses = False
            inside = _inside(xy[finite], box).any() if line.get_marker() not in NO_MARKER else False
            if crosses or inside:
                problems.append(f"the legend covers line {_describe(line)}")
        for coll in ax.collections:
            if not isinstance(coll, PathCollection) or not coll.get_visible():
                continue
            xy = coll.get_offset_transform().transform(coll.get_offsets())
            if _inside(xy[np.isfinite(xy).all(axis=1)], box).any():
                problems.append(f"the legend covers points of {_describe(coll)}")
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            for bar in container.patches:
                if bar.get_window_extent(renderer).overlaps(box):
                    problems.append(f"the legend covers bars of {_describe(container)}")
                    break
    return problems


def check_figure(fig):
    """Every readability problem of `fig`, as sentences naming the axes by its title."""
    original = fig.canvas
    canvas = original if hasattr(original, "get_renderer") else FigureCanvasAgg(fig)  # explorers: a bare Figure
    try:
        canvas.draw()
        renderer = canvas.get_renderer()
        problems = []
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for problem in colour_only_problems(ax) + legend_problems(ax, renderer):
                problems.append(f"axes {_title(ax)!r}: {problem}")
    finally:
        fig.set_canvas(original)
    return problems


__all__ = ["check_figure", "colour_only_problems", "legend_problems"]
