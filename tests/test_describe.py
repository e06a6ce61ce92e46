"""nnlib.describe: figures in words, and how the words reach a notebook (JupyterLab, exported HTML).

describe() is checked on figures whose numbers are known; the explorers' status line and alt text are
checked against the numbers their plots draw; a real kernel shows a figure with its text alternative,
and nbconvert's HTML export keeps it.
"""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
import nnlib.widgets._base  # noqa: E402
from nnlib import plots  # noqa: E402
from nnlib.data import make_moons  # noqa: E402
from nnlib.describe import FigureImage, describe, figure_bundle  # noqa: E402
from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ describe() on known figures
def test_a_curve_is_read_with_its_start_end_and_extremes():
    fig, ax = plt.subplots()
    steps = np.arange(0, 41)
    ax.plot(steps, 2.3 * 0.9**steps + 0.04, label="lr = 0.3")
    ax.axhline(0.5, label="target")
    ax.set(title="Loss against step", xlabel="step", ylabel="loss", yscale="log")
    text = describe(fig)
    assert text.startswith("Loss against step. x axis: step, ")
    assert "y axis: loss (log scale)" in text
    assert ("lr = 0.3: 41 points, x from 0 to 40; starts at 2.34, ends at 0.074; lowest 0.074 at x = 40, "
            "highest 2.34 at x = 0") in text
    assert "target: horizontal line at y = 0.5" in text


def test_bars_are_named_by_their_ticks_and_hatched_norms_explained():
    ax = plots.plot_grad_norms([1e-9, 0.25, 0.0], names=["1", "2", "out"], floor=1e-30)
    text = describe(ax)
    assert "3 bars: 1: 1e-09, 2: 0.25, out: 1e-30" in text
    assert "hatched: below 1e-30" in text


def test_grouped_bars_take_the_name_of_their_group():
    fig, ax = plt.subplots()
    groups = np.arange(3)
    ax.bar(groups - 0.2, [0.9, 0.0, 0.5], width=0.4, label="always no")
    ax.bar(groups + 0.2, [0.1, 1.0, 0.25], width=0.4, label="network")
    ax.set_xticks(groups, ["accuracy", "recall", "F1"])
    text = describe(fig)
    assert "always no: 3 bars: accuracy: 0.9, recall: 0, F1: 0.5" in text
    assert "network: 3 bars: accuracy: 0.1, recall: 1, F1: 0.25" in text


def test_points_are_counted_per_colour_and_a_table_read_row_by_row():
    X, y = make_moons(40, seed=0)
    fig, (left, right) = plt.subplots(1, 2)
    left.scatter(X[:, 0], X[:, 1], c=y)
    plots.plot_confusion_matrix(np.array([[5, 1], [2, 7]]), ["cat", "dog"], ax=right)
    text = describe(fig)
    assert "Panel 1 of 2" in text and "Panel 2 of 2: Confusion matrix" in text
    assert "40 points" in text and "coloured by value: 0 (20 points), 1 (20 points)" in text
    assert "numbers in the cells, row by row: row cat: 5 1; row dog: 2 7" in text


def test_paths_on_a_surface_grids_of_images_and_graphs():
    ax = plots.plot_loss_surface(lambda a, b: a**2 + b**2, {"lr = 0.1": np.array([[1.0, 1.0], [0.5, 0.4], [0.1, 0.1]])},
                                 minimum=(0, 0))
    assert "lr = 0.1: a path of 3 points from (1, 1) to (0.1, 0.1)" in describe(ax)
    assert "minimum: a marker at (0, 0)" in describe(ax)

    axes = plots.plot_images(np.zeros((12, 64)), labels=list(range(12)), title="twelve digits")
    assert describe(axes[0].figure) == ("twelve digits. A grid of 12 images of 8 by 8 pixels, titled: label 0, label 1, "
                                        "label 2, label 3, label 4, label 5, label 6, label 7, label 8, label 9, "
                                        "label 10, label 11.")

    x, w = nnlib.tensor([2.0], requires_grad=True), nnlib.tensor([3.0], requires_grad=True)
    x.name, w.name = "x", "w"
    loss = (x * w).sum()
    loss.backward()
    text = describe(nnlib.draw_graph(loss))
    assert "'x data 2 grad 3'" in text and "3 arrows: x to *, w to *, * to sum" in text


def test_nan_and_inf_are_named_and_bad_input_is_refused():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2, 3], [1.0, 0.5, np.nan, np.inf], label="diverging")
    assert "diverging: 2 points, x from 0 to 1; starts at 1, ends at 0.5" in describe(fig)
    assert "(2 points not finite)" in describe(fig)
    assert describe(plt.figure()) == "An empty figure."
    with pytest.raises(TypeError, match="describe needs a matplotlib Figure or Axes, got list"):
        describe([1, 2])


def test_the_bundle_carries_the_png_and_an_img_with_the_alt_text():
    data, metadata = figure_bundle(b"\x89PNG fake", 'a "quoted" <title> & 3 lines')
    assert data["image/png"] == "iVBORyBmYWtl"
    assert data["text/html"] == ('<img src="data:image/png;base64,iVBORyBmYWtl" '
                                 'alt="a &quot;quoted&quot; &lt;title&gt; &amp; 3 lines"/>')
    assert metadata == {"image/png": {"alt": 'a "quoted" <title> & 3 lines'}}
    bundle, _ = FigureImage(b"\x89PNG fake", "three")._repr_mimebundle_()
    assert 'alt="three"' in bundle["text/html"] and bundle["image/png"] == data["image/png"]


# ------------------------------------------------------------------ the explorers say what they show
def _status_text(explorer):
    match = re.fullmatch(r'<div role="status" aria-live="polite">(.*)</div>', explorer.status.value, re.DOTALL)
    assert match, f"the status is not a live region: {explorer.status.value[:80]}"
    return match[1]


def _line(ax, label):
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == label]
    return line.get_ydata()


def _moves(explorer, control, values, displayed, number_in_plot, in_words):
    """For each value: the status changes and states `in_words(number_in_plot())`; the alt text changes too."""
    seen = set()
    for value in values:
        control.value = value
        status, number = _status_text(explorer), number_in_plot()
        assert in_words(number) in status, f"{control.description}={value}: {in_words(number)} not in {status!r}"
        assert displayed[-1].alt == explorer.description and re.search(r"\d", explorer.description)
        seen.add((status, explorer.description))
    assert len(seen) == len(values), "the status or the figure's description did not change with the setting"


def test_learning_rate_status_states_the_final_network_loss(displayed):
    e = LearningRateExplorer()
    right = e.axes[1]
    # the status gives the network's final loss to 2 or 3 decimals, depending on the regime
    _moves(e, e.slider, [0.01, 0.3, 3.0], displayed, lambda: _line(right, "training loss")[-1], lambda v: f"{v:.2f}")
    assert "loss 0.695 &rarr;" in _status_text(e) or "diverged" in _status_text(e)
    _moves(e, e.momentum, [0.5, 0.9], displayed, lambda: _line(right, "training loss")[-1], lambda v: f"{v:.2f}")


def test_vanishing_status_states_the_first_layer_bar(displayed):
    e = VanishingGradientExplorer()
    first_bar = lambda: e.axes[0].containers[0][0].get_height()  # noqa: E731
    _moves(e, e.depth, [3, 12, 20], displayed, first_bar, lambda v: f"{v:.1e}")
    _moves(e, e.activation, ["relu", "tanh"], displayed, first_bar, lambda v: f"{v:.1e}")
    _moves(e, e.init, ["he", "large"], displayed, first_bar, lambda v: f"{v:.1e}")
    _moves(e, e.batchnorm, [True, False], displayed, first_bar, lambda v: f"{v:.1e}")
    assert f"{e.norms[0]:.3g}" in e.description  # the bar's height, in the figure's alt text


def test_dropout_status_states_the_final_validation_loss(displayed):
    X, y = make_moons(260, noise=0.35, seed=0)
    e = DropoutExplorer(X[:60], y[:60], X[60:], y[60:], epochs=40)
    _moves(e, e.slider, [0.0, 0.25, 0.6], displayed, lambda: _line(e.axes[0], "validation")[-1], lambda v: f"{v:.3f}")
    assert f"{e.last['final_val_loss']:.3g}" in e.description


# ------------------------------------------------------------------ in a real kernel, and exported to HTML
def test_a_notebook_figure_carries_its_text_alternative_to_jupyterlab_and_to_exported_html(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import nnlib\nimport matplotlib.pyplot as plt\n"
                                          "fig, ax = plt.subplots()\nax.plot([0, 1, 2], [3.5, 1.25, 0.5], label='loss')\n"
                                          "ax.set_title('Falling loss')\nplt.show()")]
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (output,) = nb.cells[0].outputs
    alt = output.metadata["image/png"]["alt"]
    assert alt.startswith("Falling loss.") and "starts at 3.5, ends at 0.5" in alt
    assert set(output.data) == {"text/plain", "image/png", "text/html"}
    assert output.data["text/html"].startswith(f'<img src="data:image/png;base64,{output.data["image/png"][:40]}')
    assert 'alt="Falling loss.' in output.data["text/html"]
    page, _ = HTMLExporter().from_notebook_node(nb)
    assert 'alt="Falling loss.' in page


def test_markers_only_and_flat_series_are_named_as_such():
    fig, ax = plt.subplots()
    ax.plot([0, 0], [-1, 1], "*", label="minima")
    ax.plot([0, 1, 2], [0.5, 0.5, 0.5], label="flat")
    ax.plot([0, 1, 2], [0, 1, 0], "o-", label="tent")
    text = describe(fig)
    plt.close(fig)
    assert "minima: 2 markers at (0, -1), (0, 1)" in text
    assert "flat: 3 points, x from 0 to 2; constant at y = 0.5" in text
    assert "tent: 3 points, x from 0 to 2; starts at 0, ends at 0; lowest 0 at x = 0, highest 1 at x = 1" in text
