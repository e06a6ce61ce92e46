"""Tests for nnlib.widgets, driven without a browser: set a control's .value, inspect the figure.

Every control is swept over its full range (every position of int sliders and
dropdowns, every step of the float sliders, both ends included) with warnings
turned into errors. After each move the figure's data must have changed, a new
PNG must have been displayed in the Output, and no pyplot figure may appear.
"""

import base64
import warnings

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Image  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnlib.data import make_moons  # noqa: E402
from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer  # noqa: E402

REGIMES = {"barely moves", "slow", "converges", "oscillates", "diverged"}
NETWORK_REGIMES = REGIMES | {"died", "ended worse"}


@pytest.fixture(scope="module")
def lr_explorer(displayed):
    return LearningRateExplorer()


@pytest.fixture(scope="module")
def vg_explorer(displayed):
    return VanishingGradientExplorer()


@pytest.fixture(scope="module")
def dropout_data():
    X, y = make_moons(260, noise=0.35, seed=0)
    return X[:60], y[:60], X[60:], y[60:]


@pytest.fixture(scope="module")
def dropout_explorer(displayed, dropout_data):
    return DropoutExplorer(*dropout_data)


# --------------------------------------------------------------- helpers
def _patch_height(patch):
    """A bar's height; a band drawn by axhspan is a Rectangle in new matplotlib, a Polygon in 3.8."""
    if hasattr(patch, "get_height"):
        return patch.get_height()
    ys = patch.get_xy()[:, 1]
    return ys.max() - ys.min()


def figure_data(fig):
    """Everything drawn in the figure's axes that depends on the data, as a comparable tuple."""
    parts = []
    for ax in fig.axes:
        parts.append(ax.get_title())
        parts += [np.column_stack(line.get_data()).astype(float).round(10).tobytes()
                  for line in ax.get_lines()]
        parts += [round(float(_patch_height(p)), 12) for p in ax.patches]
    return tuple(parts)


def sweep(explorer, control, values, displayed):
    """Move `control` through `values`; check every move redraws, re-displays and stays quiet."""
    figures_before = plt.get_fignums()
    fig, n_axes = explorer.fig, len(explorer.fig.axes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in values:
            if value == control.value:
                continue
            before, n_shown = figure_data(fig), len(displayed)
            control.value = value
            assert figure_data(fig) != before, f"figure did not change for {control.description}={value!r}"
            assert len(displayed) == n_shown + 1 and isinstance(displayed[-1], Image)
            assert displayed[-1].data != displayed[-2].data, "the displayed image did not change"
            status = explorer.status.value
            assert status and "nan" not in status.lower() and "error" not in status.lower()
    assert explorer.fig is fig and len(fig.axes) == n_axes  # the same figure, redrawn
    assert plt.get_fignums() == figures_before  # no pyplot figure appeared


def float_positions(slider):
    """Every position of a float slider (its step), both ends included."""
    n = int(round((slider.max - slider.min) / slider.step))
    return [slider.min + k * slider.step for k in range(n + 1)]


def check_layout(explorer, controls):
    box = explorer.widget
    assert isinstance(box, ipywidgets.VBox) and len(box.children) == 3
    row, status, out = box.children
    assert isinstance(row, ipywidgets.HBox) and all(c in row.children for c in controls)
    assert status is explorer.status and isinstance(status, (ipywidgets.HTML, ipywidgets.Label))
    assert out is explorer.out and isinstance(out, ipywidgets.Output)
    assert isinstance(explorer.fig, Figure) and not hasattr(explorer.fig, "number")  # not pyplot's
    assert explorer.status.value  # the default value was drawn at construction
    assert any(ax.get_lines() or ax.patches for ax in explorer.fig.axes)
    for ax in explorer.fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()


# ============================================================ learning rate
def test_learning_rate_layout(lr_explorer, displayed):
    check_layout(lr_explorer, [lr_explorer.slider, lr_explorer.momentum])
    slider = lr_explorer.slider
    assert isinstance(slider, ipywidgets.FloatLogSlider) and not slider.continuous_update
    assert (slider.min, slider.max) == (-4, 2)
    momentum = lr_explorer.momentum
    assert isinstance(momentum, ipywidgets.FloatSlider) and not momentum.continuous_update
    assert (momentum.min, momentum.max, momentum.step, momentum.value) == (0.0, 0.99, 0.01, 0.0)
    legend = [t.get_text() for t in lr_explorer.axes[0].get_legend().get_texts()]
    assert "minimum" in legend  # the minimum is marked
    assert any(isinstance(item, Image) for item in displayed)


def test_learning_rate_regimes(lr_explorer):
    small, middle, large = lr_explorer.run(1e-4), lr_explorer.run(0.5), lr_explorer.run(100)
    assert small["regime"] == "barely moves" and small["network_regime"] == "barely moves"
    assert middle["regime"] == "converges" and middle["network_regime"] == "converges"
    assert large["regime"] == "diverged" and large["diverged"] and large["network_diverged"]
    assert large["network_regime"] == "diverged" and np.isinf(large["final_loss"])
    assert f"diverged at step {large['network_diverged_step']}" in large["message"]
    assert middle["final_loss"] < 0.5 * middle["losses"][0]
    assert np.isfinite(large["losses"]).all()  # only the finite part is kept for plotting
    assert np.linalg.norm(small["trajectory"][-1] - small["trajectory"][0]) < 0.1
    assert lr_explorer.run(1.5)["regime"] == "oscillates"


def test_learning_rate_sweep_every_position(lr_explorer, displayed):
    slider = lr_explorer.slider
    positions = [10**e for e in float_positions(slider)]
    sweep(lr_explorer, slider, positions, displayed)
    regimes = {lr_explorer.run(lr)["regime"] for lr in positions}
    assert regimes == REGIMES  # every regime is reachable on the slider
    network = {lr_explorer.run(lr)["network_regime"] for lr in positions}
    assert {"barely moves", "converges", "diverged", "died", "ended worse"} <= network <= NETWORK_REGIMES
    assert lr_explorer.last["lr"] == pytest.approx(100)
    # going back shows the cached result again
    sweep(lr_explorer, slider, [0.5, 1e-4], displayed)
    assert lr_explorer.last is lr_explorer.run(1e-4)


def test_learning_rate_same_start_for_every_lr(lr_explorer):
    lr_explorer.run(0.3)
    other = LearningRateExplorer(default_lr=0.3)
    for lr in (0.01, 3.0):
        a, b = lr_explorer.run(lr), other.run(lr)
        np.testing.assert_array_equal(a["losses"], b["losses"])
        np.testing.assert_array_equal(a["trajectory"], b["trajectory"])
        assert a["losses"][0] == lr_explorer.run(0.3)["losses"][0]  # same initial weights


def test_learning_rate_range_argument(displayed):
    e = LearningRateExplorer(lrs=(1e-3, 1.0), default_lr=1.0)
    assert (e.slider.min, e.slider.max) == (-3, 0) and e.slider.value == 1.0
    with pytest.raises(ValueError, match=r"default_lr must be a finite number >= 0.001 and <= 1.0, got 10.0"):
        LearningRateExplorer(lrs=(1e-3, 1.0), default_lr=10.0)  # outside the slider's own range: no silent clamp
    with pytest.raises(ValueError, match=r"default_momentum must be a finite number, got '0.9'"):
        LearningRateExplorer(default_momentum="0.9")
    with pytest.raises(ValueError, match="lrs"):
        LearningRateExplorer(lrs=(0.0, 1.0))


# ======================================================== vanishing gradient
def test_vanishing_gradient_layout(vg_explorer):
    check_layout(vg_explorer, [vg_explorer.depth, vg_explorer.activation, vg_explorer.init])
    assert isinstance(vg_explorer.depth, ipywidgets.IntSlider)
    assert (vg_explorer.depth.min, vg_explorer.depth.max) == (2, 20)
    assert list(vg_explorer.activation.options) == ["sigmoid", "tanh", "relu", "leaky_relu"]
    assert len(vg_explorer.fig.axes) == 2  # gradient norms and activation spread
    assert list(vg_explorer.init.options) == ["small", "xavier", "he", "large"]
    assert "first/last layer gradient ratio" in vg_explorer.status.value


def test_vanishing_gradient_claims_at_every_depth(vg_explorer):
    for depth in range(2, 21):
        sigmoid_small = vg_explorer.run(depth, "sigmoid", "small")
        assert sigmoid_small["ratio"] <= 1e-3, depth  # the first layer learns >= 1000x slower
        assert len(sigmoid_small["norms"]) == depth + 1
        relu_he = vg_explorer.run(depth, "relu", "he")
        assert 0.1 <= relu_he["ratio"] <= 10, depth
        norms = relu_he["norms"]
        assert norms.max() / norms.min() <= 10
        relu_large = vg_explorer.run(depth, "relu", "large")
        assert relu_large["norms"].max() > 30 and "exploding" in relu_large["message"]
        leaky_he = vg_explorer.run(depth, "leaky_relu", "he")
        assert 0.1 <= leaky_he["ratio"] <= 10 and "healthy" in leaky_he["message"], depth
    assert "vanishing" in vg_explorer.run(10, "sigmoid", "small")["message"]
    assert "healthy" in vg_explorer.run(10, "relu", "he")["message"]
    assert "exploding" in vg_explorer.run(10, "relu", "large")["message"]


def test_vanishing_gradient_every_setting_is_finite(vg_explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for depth in range(2, 21):
            for activation in vg_explorer.activation.options:
                for init in vg_explorer.init.options:
                    r = vg_explorer.run(depth, activation, init)
                    assert np.isfinite(r["norms"]).all() and np.isfinite(r["ratio"])
                    assert "nan" not in r["message"]
                    assert len(r["spread"]) == depth and np.isfinite(r["spread"]).all()
                    # the fixed axes hold every setting
                    low, high = vg_explorer.norm_range
                    assert low <= r["norms"].min() and r["norms"].max() <= high, (depth, activation, init)
                    assert r["spread"].max() <= vg_explorer.spread_range[1]


def test_vanishing_gradient_sweep_every_control(vg_explorer, displayed):
    limits = [ax.get_ylim() for ax in vg_explorer.fig.axes]
    sweep(vg_explorer, vg_explorer.depth, range(2, 21), displayed)
    assert len(vg_explorer.norms) == 21 and len(vg_explorer.fig.axes[0].patches) == 22  # 21 bars, 1 band
    assert len(vg_explorer.fig.axes[1].get_lines()[0].get_xdata()) == 20  # spread of 20 hidden layers
    for control in (vg_explorer.activation, vg_explorer.init):
        sweep(vg_explorer, control, list(control.options) + [control.options[0]], displayed)
    sweep(vg_explorer, vg_explorer.batchnorm, [True, False], displayed)
    sweep(vg_explorer, vg_explorer.depth, [2, 20, 10], displayed)  # cached revisits
    assert vg_explorer.depth.value == 10
    assert [ax.get_ylim() for ax in vg_explorer.fig.axes] == limits  # one fixed axis for every setting


def test_vanishing_gradient_verdict_is_in_the_picture(vg_explorer, displayed):
    """The static PNG (no status line) must say what the bars show."""
    for activation, init, word in [("sigmoid", "small", "VANISHING"), ("relu", "he", "HEALTHY"),
                                   ("relu", "large", "EXPLODING"), ("leaky_relu", "he", "HEALTHY")]:
        vg_explorer.activation.value, vg_explorer.init.value = activation, init
        title = vg_explorer.fig._suptitle.get_text()
        assert title.endswith(word) and activation in title, title
    vg_explorer.activation.value, vg_explorer.init.value = "sigmoid", "small"


def test_vanishing_gradient_activation_spread_collapses_for_sigmoid(vg_explorer):
    """Deep sigmoid: the examples become indistinguishable layer by layer; ReLU + He keeps them apart."""
    sigmoid = vg_explorer.run(10, "sigmoid", "xavier")["spread"]
    assert np.all(np.diff(sigmoid) < 0) and sigmoid[-1] < 1e-4 * sigmoid[0]
    relu = vg_explorer.run(10, "relu", "he")["spread"]
    assert 0.5 < relu[-1] / relu[0] < 2


def test_vanishing_gradient_batch_norm_helps_sigmoid(vg_explorer):
    plain = vg_explorer.run(10, "sigmoid", "small")["ratio"]
    normed = vg_explorer.run(10, "sigmoid", "small", batch_norm=True)["ratio"]
    assert normed > 1e3 * plain


def test_vanishing_gradient_zero_norms_are_explained(vg_explorer):
    norms = np.array([0.0, 1e-3, 1.0])
    assert "hatched" in vg_explorer._describe(norms, 0.0)
    assert "vanishing" in vg_explorer._describe(norms, 0.0)
    assert "hatched" not in vg_explorer.run(20, "sigmoid", "small")["message"]  # 1e-37 is drawn as is
    assert "exploding" in vg_explorer._describe(np.array([1.0, np.inf]), 0.0)


# =================================================================== dropout
def test_dropout_layout(dropout_explorer):
    check_layout(dropout_explorer, [dropout_explorer.slider, dropout_explorer.q_label])
    slider = dropout_explorer.slider
    assert isinstance(slider, ipywidgets.FloatSlider) and not slider.continuous_update
    assert slider.description == "drop probability p"
    assert (slider.min, slider.max, slider.step) == (0.0, 0.9, 0.05)
    assert dropout_explorer.q_label.value.startswith("q = 1 - p = 0.50")


def test_dropout_lowers_validation_loss(dropout_explorer):
    with_dropout = dropout_explorer.run(0.5)
    without = dropout_explorer.run(0.0)
    assert with_dropout["final_val_loss"] < without["final_val_loss"]
    assert without["final_train_loss"] < with_dropout["final_train_loss"]  # p = 0 fits the noise
    assert len(with_dropout["val_loss"]) == dropout_explorer.epochs


def test_dropout_sweep_every_position(dropout_explorer, displayed):
    initial = {k: v.numpy().copy() for k, v in dropout_explorer.initial_state.items()}
    slider = dropout_explorer.slider
    positions = float_positions(slider)
    assert positions[0] == 0 and positions[-1] == pytest.approx(0.9) and len(positions) == 19
    sweep(dropout_explorer, slider, positions, displayed)
    assert dropout_explorer.q_label.value.startswith("q = 1 - p = 0.10")
    for p in positions:
        r = dropout_explorer.run(p)
        assert np.isfinite(r["final_val_loss"]) and not r["diverged"]
    sweep(dropout_explorer, slider, [0.5, 0.0], displayed)  # cached revisits
    assert dropout_explorer.last is dropout_explorer.run(0.0)
    assert dropout_explorer.q_label.value.startswith("q = 1 - p = 1.00")
    # the saved initial weights were never trained in place
    assert all(np.array_equal(initial[k], dropout_explorer.initial_state[k]) for k in initial)


def test_dropout_same_start_for_every_p(dropout_explorer):
    model = dropout_explorer.build_model(0.7)
    fresh = model.state_dict()
    assert all(np.array_equal(fresh[k], v) for k, v in dropout_explorer.initial_state.items())
    a, b = dropout_explorer.run(0.0)["history"], DropoutExplorer(
        dropout_explorer.X_train, dropout_explorer.y_train, dropout_explorer.X_val, dropout_explorer.y_val,
        default_p=0.0).run(0.0)["history"]
    assert a == b  # deterministic: same init, same data, same masks


def test_dropout_y_axis_fits_the_current_run_not_the_p0_curve(dropout_explorer):
    dropout_explorer.slider.value = 0.5
    r, ref = dropout_explorer.run(0.5), dropout_explorer.run(0.0)
    left = dropout_explorer.axes[0]
    top = left.get_ylim()[1]
    # 1.5 x the highest point of this run: room above the curves for the legend
    assert max(r["val_loss"] + r["train_loss"]) <= top <= 1.5 * max([1.0] + r["val_loss"] + r["train_loss"]) + 1e-9
    labels = [line.get_label() for line in left.get_lines()]
    assert "validation, p = 0" in labels
    named = f"p = 0 ends at {ref['final_val_loss']:.2f}" in [t.get_text() for t in left.texts]
    assert named == (max(ref["val_loss"]) > top), "where the p = 0 curve leaves the top, a label says where it ends"
    # (notebook 07's data, where it does leave: tests/test_figures_readable.py)


def test_dropout_divergence_is_reported_not_raised(displayed, dropout_data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = DropoutExplorer(*dropout_data, lr=1e30, epochs=5, default_p=0.2)
    assert e.last["diverged"]
    assert "diverged" in e.status.value and "nan" not in e.status.value.replace("became nan", "")
    assert plt.get_fignums() == []


def test_explorer_display_carries_widget_and_static_picture(lr_explorer):
    """In JupyterLab the widget renders; elsewhere (GitHub, nbviewer) the PNG does."""
    bundle = lr_explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    before = base64.b64decode(bundle["image/png"])
    assert before.startswith(b"\x89PNG")
    lr_explorer.slider.value = lr_explorer.slider.max  # the picture follows the slider
    after = base64.b64decode(lr_explorer._repr_mimebundle_()["image/png"])
    assert after.startswith(b"\x89PNG") and after != before


def test_instructors_can_change_slider_ranges(dropout_data):
    from nnlib.widgets import DropoutExplorer, VanishingGradientExplorer

    vg = VanishingGradientExplorer(depth=4, depths=(1, 6))
    assert (vg.depth.min, vg.depth.max, vg.depth.value) == (1, 6, 4)
    with pytest.raises(ValueError, match="depth=30 must lie in depths"):
        VanishingGradientExplorer(depth=30)
    with pytest.raises(ValueError, match="max_p=1.0"):
        DropoutExplorer(*dropout_data, max_p=1.0)


def test_learning_rate_network_died_and_ended_worse_are_named(lr_explorer):
    died = lr_explorer.run(10**0.5)
    assert died["network_regime"] == "died" and "ln 2" in died["message"]
    assert abs(died["losses"][-1] - np.log(2)) < 2e-3 and np.ptp(died["losses"][-10:]) < 1e-3
    worse = lr_explorer.run(10**0.8)
    assert worse["network_regime"] == "ended worse" and worse["losses"][-1] > worse["losses"][0]
    assert "ended worse" in worse["message"]
    tiny = lr_explorer.run(1e-4)  # barely moves, and the loss starts near ln 2: not 'died'
    assert tiny["network_regime"] == "barely moves"


def test_learning_rate_tiny_path_is_pointed_out(lr_explorer):
    lr_explorer.slider.value = 1e-4
    texts = [t.get_text() for t in lr_explorer.axes[0].texts]
    assert any(t.startswith("moved only") for t in texts), texts
    lr_explorer.slider.value = 0.5
    assert not any(t.get_text().startswith("moved only") for t in lr_explorer.axes[0].texts)


def test_momentum_slider_every_position(lr_explorer, displayed):
    lr_explorer.slider.value = 0.1
    momentum = lr_explorer.momentum
    sweep(lr_explorer, momentum, float_positions(momentum), displayed)
    for m in float_positions(momentum):
        r = lr_explorer.run(0.1, m)
        assert r["regime"] in REGIMES and r["network_regime"] in NETWORK_REGIMES
        assert np.isfinite(r["losses"]).all() and "nan" not in r["message"]
        assert f"momentum {m:.2f}" in r["message"] or m == 0
    # at momentum 0 it is plain SGD; momentum 0.9 swings across the bowl (under-damped) but gets further
    plain, heavy = lr_explorer.run(0.1, 0.0), lr_explorer.run(0.1, 0.9)
    assert plain["regime"] == "slow" and heavy["regime"] == "oscillates"
    assert heavy["distance"][-1] < plain["distance"][-1]
    assert heavy["network_regime"] == "converges" and heavy["final_loss"] < plain["final_loss"]
    # the extreme setting still gives a finite, labelled picture
    momentum.value = momentum.max
    lr_explorer.slider.value = 10**lr_explorer.slider.max
    assert "diverged" in lr_explorer.status.value and "nan" not in lr_explorer.status.value
    momentum.value = 0.0
    lr_explorer.slider.value = 0.3


def test_momentum_default_argument(displayed):
    e = LearningRateExplorer(default_momentum=0.9)
    assert e.momentum.value == 0.9 and e.last["momentum"] == 0.9
    with pytest.raises(ValueError, match="default_momentum must lie in"):
        LearningRateExplorer(default_momentum=1.0)


def test_activation_spread_matches_a_hand_computation():
    from nnlib import nn
    from nnlib.widgets import activation_spread

    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(4, 5, generator=rng), nn.Sigmoid(), nn.Linear(5, 3, generator=rng), nn.ReLU(),
                          nn.Linear(3, 2, generator=rng)).double()
    X = rng.normal(size=(50, 4))
    W1, b1, W2, b2 = (p.data for p in list(model.parameters())[:4])
    a1 = 1 / (1 + np.exp(-(X @ W1.T + b1)))
    a2 = np.maximum(a1 @ W2.T + b2, 0)
    np.testing.assert_allclose(activation_spread(model, X), [a1.std(axis=0).mean(), a2.std(axis=0).mean()])
    same = np.repeat(X[:1], 50, axis=0)  # identical examples: no spread anywhere
    np.testing.assert_allclose(activation_spread(model, same), [0.0, 0.0], atol=1e-15)
