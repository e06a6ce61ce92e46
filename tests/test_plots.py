"""Tests for nnlib.plots: every plot returns its axes, with a title and axis labels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from nnlib import nn, optim  # noqa: E402
from nnlib.data import make_moons  # noqa: E402
from nnlib.plots import (  # noqa: E402
    COLORS,
    clip_path,
    draw_graph,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_grad_norms,
    plot_history,
    plot_images,
    plot_loss_surface,
)
from nnlib.train import EarlyStopping, History, fit  # noqa: E402

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_labelled(ax):
    assert isinstance(ax, Axes)
    assert ax.get_title(), "every plot has a title"
    assert ax.get_xlabel() and ax.get_ylabel(), "every plot labels its axes"


def text_of(ax):
    return " ".join(t.get_text() for t in ax.texts)


def test_colors_are_okabe_ito():
    assert set(COLORS) == OKABE_ITO and len(COLORS) == 8
    assert COLORS[0] == COLORS["blue"] == "#0072B2" and COLORS["orange"] == "#E69F00"


# ------------------------------------------------------------------ history
def trained_history(**kwargs):
    X, y = make_moons(240, noise=0.35, seed=1)
    g = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(2, 64, generator=g), nn.ReLU(), nn.Linear(64, 2, generator=g))
    return fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.02), (X[:40], y[:40]),
               (X[40:], y[40:]), epochs=60, batch_size=40, **kwargs)


def test_plot_history_marks_best_and_early_stop():
    h = trained_history(early_stopping=EarlyStopping(patience=4))
    assert h.early_stopped
    ax = plot_history(h)
    assert_labelled(ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["training"].get_ydata(), h.train_loss)
    np.testing.assert_allclose(lines["validation"].get_ydata(), h.val_loss)
    assert lines["training"].get_color() == COLORS["blue"]
    assert f"best epoch ({h.best_epoch})" in lines
    assert lines[f"best epoch ({h.best_epoch})"].get_xdata()[0] == h.best_epoch
    assert f"early stop (epoch {h.stopped_epoch})" in lines
    ax = plot_history(h, metric="acc", title="Accuracy")
    assert ax.get_title() == "Accuracy" and ax.get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="metric"):
        plot_history(h, metric="f1")


def test_plot_history_shows_divergence_message():
    h = History()
    h.train_loss, h.step_loss = [0.7, 2.0], [0.7, 2.0]
    h.best_epoch, h.stopped_epoch = 1, 3
    h.diverged, h.message = True, "diverged at epoch 3, step 2 (loss became inf): try a smaller learning rate"
    ax = plot_history(h)
    assert_labelled(ax)
    assert "diverged at epoch 3" in text_of(ax)
    empty = plot_history(History())  # nothing run yet: still a labelled, empty plot
    assert_labelled(empty)


def test_plot_history_into_given_axes():
    _, ax = plt.subplots()
    assert plot_history(trained_history(), ax=ax) is ax


# --------------------------------------------------------- decision boundary
def test_plot_decision_boundary():
    X, y = make_moons(100, noise=0.1, seed=0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
    model.train()
    ax = plot_decision_boundary(model, X, y, resolution=50)
    assert_labelled(ax)
    assert len(ax.collections) >= 2  # filled regions and the points
    assert model.training  # predict restores the mode
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plot_decision_boundary(model, np.zeros((5, 3)), np.zeros(5, int))


def test_plot_decision_boundary_with_a_constant_or_broken_model():
    X, y = make_moons(50, seed=0)
    model = nn.Sequential(nn.Linear(2, 2))
    model[0].weight.data[...] = 0
    model[0].bias.data[...] = [1.0, 0.0]  # predicts class 0 everywhere
    assert_labelled(plot_decision_boundary(model, X, y, resolution=20))
    model[0].weight.data[...] = np.nan  # a diverged model: no warnings, still a figure
    assert_labelled(plot_decision_boundary(model, X, y, resolution=20))


# ------------------------------------------------------------ grad norms
def test_plot_grad_norms_log_scale_first_layer_left():
    norms = np.array([1e-7, 1e-4, 1e-1])
    ax = plot_grad_norms(norms, names=["layer 1", "layer 2", "layer 3"])
    assert_labelled(ax)
    assert ax.get_yscale() == "log"
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, norms)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["layer 1", "layer 2", "layer 3"]
    assert text_of(ax) == ""


def test_plot_grad_norms_zero_inf_nan_are_clipped_and_explained():
    ax = plot_grad_norms([0.0, np.inf, np.nan, 1.0])
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1e-30, 1e30, 1e-30, 1.0]
    assert [p.get_hatch() for p in ax.patches] == ["//", "//", "//", None]
    assert "hatched" in text_of(ax)
    plt.gcf().canvas.draw()  # renders without warnings (pytest turns them into errors)
    with pytest.raises(ValueError, match="names"):
        plot_grad_norms([1.0, 2.0], names=["a"])


# ------------------------------------------------------- confusion matrix
def test_plot_confusion_matrix():
    cm = np.array([[5, 1, 0], [2, 3, 0], [0, 0, 0]])
    ax = plot_confusion_matrix(cm, class_names=["a", "b", "c"])
    assert_labelled(ax)
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.texts] == ["5", "1", "0", "2", "3", "0", "0", "0", "0"]
    ax = plot_confusion_matrix(cm, normalize=True)  # an empty row gives zeros, no warning
    assert [t.get_text() for t in ax.texts][:3] == ["0.83", "0.17", "0.00"]
    assert "rows sum to 1" in ax.get_title()
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(np.zeros((2, 3)))


# ------------------------------------------------------------------ images
def test_plot_images_flat_and_square():
    images = np.random.default_rng(0).random((12, 64))
    axes = plot_images(images, labels=np.arange(12), predictions=np.r_[np.arange(11), 0], ncols=5)
    assert axes.shape == (15,)
    assert axes[0].get_title() == "label 0\npred 0"
    assert axes[11].title.get_color() == COLORS["vermillion"]  # wrong prediction
    assert not axes[14].axison
    assert axes[0].figure.get_suptitle()
    axes = plot_images(images.reshape(12, 8, 8)[:3], title="Three digits")
    assert axes[0].figure.get_suptitle() == "Three digits"
    with pytest.raises(ValueError, match="square"):
        plot_images(np.zeros((2, 10)))


# ------------------------------------------------------------ loss surface
def bowl(w1, w2):
    return 0.5 * (0.2 * w1**2 + w2**2)


def test_plot_loss_surface_with_trajectories():
    path = np.array([[-1.5, 1.0], [-1.0, 0.5], [-0.5, 0.1]])
    ax = plot_loss_surface(bowl, {"SGD": path})
    assert_labelled(ax)
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-2, 2)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(np.column_stack(line.get_data()), path)
    assert ax.get_legend() is not None


def test_plot_loss_surface_marks_minimum_and_points_out_tiny_paths():
    tiny = np.array([[-1.5, 1.0], [-1.499, 0.999]])  # moved 0.0014: invisible under the start marker
    long = np.array([[-1.5, 1.0], [-0.5, 0.1]])
    ax = plot_loss_surface(bowl, {"tiny": tiny, "long": long}, minimum=(0, 0))
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["moved only 0.0014"]  # only the tiny path gets an arrow
    star = [line for line in ax.get_lines() if line.get_label() == "minimum"]
    assert len(star) == 1 and star[0].get_marker() == "*"
    np.testing.assert_array_equal(star[0].get_xydata(), [[0, 0]])
    assert "minimum" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert not plot_loss_surface(bowl, {"long": long}).texts  # no minimum asked for, no arrow needed


def test_plot_loss_surface_clips_diverging_paths_without_warnings():
    w = np.array([-1.8, 1.5])
    path = [w]
    for _ in range(40):  # lr = 1e10: overflows to inf, then nan
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - 1e10 * np.array([0.2, 1.0]) * w
        path.append(w)
    ax = plot_loss_surface(bowl, {"lr = 1e10": np.array(path)}, xlim=(-2, 2), ylim=(-2, 2))
    xy = np.column_stack(ax.get_lines()[0].get_data())
    assert np.isfinite(xy).all() and len(xy) == 2
    assert (np.abs(xy) <= 4).all()  # cut at the border of the view plus its margin
    ax.figure.canvas.draw()


def test_clip_path_keeps_direction_and_finite_part():
    path = np.array([[0.0, 0.0], [1.0, 1.0], [100.0, 100.0], [np.inf, 0.0]])
    clipped = clip_path(path, (-2, 2), (-2, 2), margin=0.5)
    np.testing.assert_allclose(clipped, [[0, 0], [1, 1], [4, 4]])
    np.testing.assert_allclose(clip_path(path[:2], (-2, 2), (-2, 2)), path[:2])
    assert clip_path(np.array([[np.nan, 0.0]]), (-2, 2), (-2, 2)).shape == (0, 2)
    np.testing.assert_allclose(clip_path(np.array([[10.0, 0.0]]), (-2, 2), (-2, 2)), [[4.0, 0.0]])


def test_draw_graph_is_reexported():
    from nnlib import graph
    assert draw_graph is graph.draw_graph
