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

import nnlib.widgets  # noqa: E402
from nnlib.data import make_moons  # noqa: E402
from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer  # noqa: E402

REGIMES = {"barely moves", "slow", "converges", "oscillates", "diverged"}


@pytest.fixture(scope="module")
def displayed():
    """Everything the explorers display inside their Output (instead of a notebook)."""
    items = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nnlib.widgets, "display", items.append)
        yield items


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
def figure_data(fig):
    """Everything drawn in the figure's axes that depends on the data, as a comparable tuple."""
    parts = []
    for ax in fig.axes:
        parts.append(ax.get_title())
        parts += [np.column_stack(line.get_data()).astype(float).round(10).tobytes()
                  for line in ax.get_lines()]
        parts += [round(float(p.get_height()), 12) for p in ax.patches]
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
    check_layout(lr_explorer, [lr_explorer.slider])
    slider = lr_explorer.slider
    assert isinstance(slider, ipywidgets.FloatLogSlider) and not slider.continuous_update
    assert (slider.min, slider.max) == (-4, 2)
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
    assert {"barely moves", "converges", "diverged"} <= network
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
    e = LearningRateExplorer(lrs=(1e-3, 1.0), default_lr=10.0)
    assert (e.slider.min, e.slider.max) == (-3, 0) and e.slider.value == 1.0
    with pytest.raises(ValueError, match="lrs"):
        LearningRateExplorer(lrs=(0.0, 1.0))


# ======================================================== vanishing gradient
def test_vanishing_gradient_layout(vg_explorer):
    check_layout(vg_explorer, [vg_explorer.depth, vg_explorer.activation, vg_explorer.init])
    assert isinstance(vg_explorer.depth, ipywidgets.IntSlider)
    assert (vg_explorer.depth.min, vg_explorer.depth.max) == (2, 20)
    assert list(vg_explorer.activation.options) == ["sigmoid", "tanh", "relu"]
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


def test_vanishing_gradient_sweep_every_control(vg_explorer, displayed):
    sweep(vg_explorer, vg_explorer.depth, range(2, 21), displayed)
    assert len(vg_explorer.norms) == 21 and len(vg_explorer.fig.axes[0].patches) == 21
    for control in (vg_explorer.activation, vg_explorer.init):
        sweep(vg_explorer, control, list(control.options) + [control.options[0]], displayed)
    sweep(vg_explorer, vg_explorer.batchnorm, [True, False], displayed)
    sweep(vg_explorer, vg_explorer.depth, [2, 20, 10], displayed)  # cached revisits
    assert vg_explorer.depth.value == 10


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
    initial = {k: v.copy() for k, v in dropout_explorer.initial_state.items()}
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
    assert max(r["val_loss"] + r["train_loss"]) <= top <= 1.05 * max([1.0] + r["val_loss"] + r["train_loss"]) + 1e-9
    assert ref["final_val_loss"] > top, "this data set's p = 0 run overfits far above the p = 0.5 curves"
    labels = [line.get_label() for line in left.get_lines()]
    assert f"validation, p = 0 (off the top: ends at {ref['final_val_loss']:.2f})" in labels


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
