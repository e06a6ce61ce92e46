"""What every explorer shares: the figure, the status line, the cached PNGs, small axis helpers."""

import hashlib
import io
import math
import pickle
import sys

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .. import nn
from ..describe import FigureImage, describe, figure_bundle
from ..tensor import no_grad

_QUIET = dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")
_FLOOR = 1e-300  # smallest gradient norm kept as a number (float64 goes down to ~1e-308)
_VISITS = [0]  # runs so far, across every explorer: orders record entries against a committed prediction


def last_visit():
    """The number of the latest run of any explorer (0 before the first); see `_Explorer.record`."""
    return _VISITS[0]


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
    ax.containers.clear()  # the removed bars' containers
    ax.relim()


# A focus ring that is easy to see on every control of an explorer (ipywidgets marks a focused slider
# handle or menu only by a thin, light-blue border). A <style> inside an HTML widget applies to the page.
FOCUS_STYLE = ("<style>.nnlib-explorer .noUi-handle:focus-visible, .nnlib-explorer select:focus-visible, "
               ".nnlib-explorer input:focus-visible, .nnlib-explorer button:focus-visible, "
               ".nnlib-explorer .widget-readout:focus-visible "
               "{outline: 3px solid #0072B2 !important; outline-offset: 2px}</style>")


def _fingerprint(config):
    """A short hash of an explorer's configuration {argument: value}: arrays by dtype, shape and bytes."""
    digest = hashlib.sha256()
    for name in sorted(config):
        value = config[name]
        if isinstance(value, np.ndarray):
            value = (value.dtype.str, value.shape, hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest())
        digest.update(repr((name, value)).encode())
    return digest.hexdigest()[:16]


def _shipped_results(explorer, config):
    """{setting: run() result} shipped with the in-browser site for this explorer and configuration.

    `config`: the arguments that decide run()'s results. lite/build.py runs every slider position of the
    explorers the notebooks make, in the browser's own Python, and ships the results (the package
    nnlib_explorer_cache), so a new setting is only drawn there, not computed; they equal run()'s
    bit for bit (tests/test_lite.py). Elsewhere, or for another configuration: {} (all computed live).
    """
    explorer._config = config  # what lite/build.py records
    try:
        import nnlib_explorer_cache
    except ImportError:
        return {}
    path = nnlib_explorer_cache.FOLDER / f"{type(explorer).__name__}-{_fingerprint(config)}.pickle"
    return pickle.loads(path.read_bytes()) if path.exists() else {}


class _Explorer:
    """What all explorers share: one figure, a status line, and an Output showing the figure.

    The figure is drawn into on every move and shown as a PNG image inside the
    Output, with its description (nnlib.describe) as the image's text alternative.
    The PNG and description of each setting are kept, so going back to a setting is
    instant. The status line is a live region: a screen reader reads it out after
    each move, so it states the new result in words, with the numbers the plot shows.

    `record`: every run, in order (a move of a control, or a call of run() by hand): a dict
    of the setting, a few of its results and "visit", the run's number across all explorers.
    The explorations of nnlib.exercises read it (and rerun each setting themselves).
    """

    def _remember(self, entry):
        """Append one run (a dict: setting and results) to `self.record`; returns the entry."""
        _VISITS[0] += 1
        entry = {**entry, "visit": _VISITS[0]}
        self.__dict__.setdefault("record", []).append(entry)
        return entry

    def _build_layout(self, controls, ncols, figsize, margins):
        self.__dict__.setdefault("record", [])
        self.status = widgets.HTML()
        self.out = widgets.Output()
        # A Figure made directly (not through pyplot) is never shown by the inline
        # backend on its own and never counts towards pyplot's open figures.
        # Fixed margins instead of a layout engine keep each redraw fast.
        self.fig = Figure(figsize=figsize, dpi=100)
        self.fig.subplots_adjust(**margins)
        self.axes = list(self.fig.subplots(1, ncols, squeeze=False)[0])
        style = widgets.HTML(FOCUS_STYLE, layout=widgets.Layout(display="none"))
        self.widget = widgets.VBox([widgets.HBox([*controls, style]), self.status, self.out])
        self.widget.add_class("nnlib-explorer")
        self._png = {}  # setting -> rendered figure
        self._alt = {}  # setting -> the figure in words (its text alternative)
        self._status = {}  # setting -> its status text

    def _show(self, key, status):
        """Put the status text up and show the (just redrawn) figure inside the Output."""
        self._status[key] = status
        self.status.value = f'<div role="status" aria-live="polite">{status}</div>'
        self._key = key
        if key not in self._png:
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format="png")
            self._png[key] = buffer.getvalue()
            self._alt[key] = describe(self.fig)
        with self.out:
            self.out.clear_output(wait=True)
            display(FigureImage(self._png[key], self._alt[key]))

    @property
    def description(self):
        """The current figure in words: the text alternative of the picture shown."""
        return self._alt[self._key]

    def _show_seen(self, key):
        """In the browser (Pyodide), where drawing a figure takes ~0.3 s, show a setting seen before from its
        saved picture and status, without drawing; self.fig keeps the last setting drawn. True if it did."""
        if sys.platform != "emscripten" or key not in self._png:
            return False
        self._show(key, self._status[key])
        return True

    def _repr_mimebundle_(self, **kwargs):
        """`explorer` as a cell's last line: the live widget, plus a PNG of the current figure.

        JupyterLab shows the widget; viewers that cannot run widgets (GitHub, nbviewer,
        an exported HTML page) fall back to the static picture of the current setting,
        as an <img> with its text alternative where they render HTML.
        """
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle.update(figure_bundle(self._png[self._key], self._alt[self._key])[0])  # image/png, text/html
        return bundle
