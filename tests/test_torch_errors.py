"""Bad calls that NumPy used to answer: nnlib now raises torch's error type with torch's key words.

Each case runs the same call in nnlib and in torch and checks both against the same pattern.
"""

import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close

import nnlib


def t(lib, shape=(2, 3)):
    return lib.ones(*shape, dtype=lib.float64)


def raises_like_torch(call, error, pattern):
    """call(lib) raises `error` matching `pattern` for lib = nnlib and lib = torch."""
    for lib in (nnlib, torch):
        with pytest.raises(error, match=pattern):
            call(lib)


OUT_OF_RANGE = r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)"


@pytest.mark.parametrize("call", [
    lambda lib: t(lib).sum(5), lambda lib: t(lib).mean(5), lambda lib: t(lib).max(5), lambda lib: t(lib).min(5),
    lambda lib: t(lib).argmax(5), lambda lib: t(lib).argmin(5), lambda lib: t(lib).norm(dim=5),
    lambda lib: t(lib).softmax(5), lambda lib: t(lib).log_softmax(5), lambda lib: t(lib).squeeze(5),
    lambda lib: t(lib).flatten(5), lambda lib: t(lib).transpose(0, 5), lambda lib: t(lib).size(5),
    lambda lib: t(lib).permute(0, 5), lambda lib: lib.cat([t(lib), t(lib)], 5), lambda lib: t(lib).sum((0, 5)),
    lambda lib: t(lib).all(5), lambda lib: t(lib).any(5),
], ids=["sum", "mean", "max", "min", "argmax", "argmin", "norm", "softmax", "log_softmax", "squeeze", "flatten",
        "transpose", "size", "permute", "cat", "sum_tuple", "all", "any"])
def test_dim_out_of_range_is_torchs_index_error(call):
    raises_like_torch(call, IndexError, OUT_OF_RANGE)


def test_dim_out_of_range_for_ops_that_add_a_dimension():
    pattern = r"Dimension out of range \(expected to be in range of \[-3, 2\], but got 5\)"
    raises_like_torch(lambda lib: t(lib).unsqueeze(5), IndexError, pattern)
    raises_like_torch(lambda lib: lib.stack([t(lib), t(lib)], 5), IndexError, pattern)


@pytest.mark.parametrize("call", [
    lambda lib: t(lib).sum(1.5), lambda lib: t(lib).sum(float("nan")), lambda lib: t(lib).softmax(1.0),
    lambda lib: t(lib).unsqueeze(0.5), lambda lib: t(lib).mean(float("nan")),
], ids=["sum_float", "sum_nan", "softmax_float", "unsqueeze_float", "mean_nan"])
def test_float_or_nan_dim_is_a_type_error(call):
    for lib in (nnlib, torch):
        with pytest.raises(TypeError):
            call(lib)
    with pytest.raises(TypeError, match=r"dim must be an integer.*got float"):
        call(nnlib)


@pytest.mark.parametrize("shape", [(2.0, 3), (float("nan"),), (3, 2.0)], ids=["float", "nan", "second"])
def test_float_or_nan_shape_is_a_type_error(shape):
    for lib in (nnlib, torch):
        with pytest.raises(TypeError, match=r"must be tuple of ints"):
            t(lib).reshape(shape)


def test_impossible_reshape_is_torchs_error():
    raises_like_torch(lambda lib: t(lib).reshape(4, 2), RuntimeError, r"shape '\[4, 2\]' is invalid for input of size 6")


def test_permute_with_repeated_or_missing_dims():
    raises_like_torch(lambda lib: t(lib).permute(0, 0), RuntimeError, r"permute\(\): duplicate dims are not allowed")
    raises_like_torch(lambda lib: t(lib).permute(0), RuntimeError,
                      r"input.dim\(\) = 2 is not equal to len\(dims\) = 1")


def test_transpose_with_one_dim():
    raises_like_torch(lambda lib: t(lib).transpose(0), TypeError, r'missing 1 required positional arguments: "dim1"')


def test_duplicate_dims_in_a_reduction():
    raises_like_torch(lambda lib: t(lib).sum((0, 0)), RuntimeError, r"dim 0 appears multiple times in the list of dims")


@pytest.mark.parametrize("shape, dim", [((2, 0), 1), ((0, 3), 1), ((0, 3), 0)])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_over_an_empty_dim_gives_an_empty_tensor_like_torch(shape, dim, name):
    x, tx = nnlib.zeros(*shape, dtype=nnlib.float64, requires_grad=True), torch.zeros(*shape, dtype=torch.float64,
                                                                                    requires_grad=True)
    out, tout = getattr(x, name)(dim), getattr(tx, name)(dim)
    assert tuple(out.shape) == tuple(tout.shape) == shape
    out.sum().backward()
    tout.sum().backward()
    assert_close(x.grad, tx.grad)


def test_backward_with_a_string_gradient():
    raises_like_torch(lambda lib: (lib.ones(2, requires_grad=True) * 2).backward(gradient="a"), TypeError,
                      r"gradients can be either Tensors or None, but got str")


def test_load_state_dict_with_strings():
    raises_like_torch(lambda lib: lib.nn.Linear(2, 2).load_state_dict({"weight": "a", "bias": "b"}), RuntimeError,
                      r"Error\(s\) in loading state_dict for Linear:\s+While copying the parameter named \"weight\", "
                      r"expected .*Tensor.* from checkpoint but received <class 'str'>")
    raises_like_torch(lambda lib: lib.nn.Linear(2, 2).load_state_dict("weights.pt"), TypeError,
                      r"(?i)expected.*dict.*got.*str")


@pytest.mark.parametrize("op, symbol", [
    (lambda a, b: a + b, r"\+"), (lambda a, b: a - b, "-"), (lambda a, b: a * b, r"\*"), (lambda a, b: a / b, "/"),
    (lambda a, b: a ** b, r"\*\*"), (lambda a, b: a.maximum(b), "maximum"), (lambda a, b: a < b, "less"),
], ids=["add", "sub", "mul", "div", "pow", "maximum", "less"])
def test_shapes_that_cannot_broadcast_name_the_operation_and_both_shapes(op, symbol):
    message = r"The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1"
    raises_like_torch(lambda lib: op(t(lib), lib.ones(4, dtype=lib.float64)), RuntimeError, message)
    with pytest.raises(ValueError, match=rf"'{symbol}': {message} \(shapes \(2, 3\) and \(4,\)\)"):
        op(t(nnlib), nnlib.ones(4, dtype=nnlib.float64))  # also a ValueError, as nnlib's shape errors always were


def test_cat_and_stack_of_mismatched_shapes():
    raises_like_torch(lambda lib: lib.cat([t(lib), t(lib, (2, 4))]), RuntimeError,
                      r"Sizes of tensors must match except in dimension 0")
    raises_like_torch(lambda lib: lib.stack([t(lib), t(lib, (2, 4))]), RuntimeError,
                      r"stack expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[2, 4\] at entry 1")


# ------------------------------------------------------ calls torch refuses, once accepted silently
def test_sequential_append_of_a_non_module():
    raises_like_torch(lambda lib: lib.nn.Sequential().append("relu"), TypeError, r"str is not a Module subclass")
    with pytest.raises(TypeError, match=r"Sequential.append must be a Module, got str 'relu'"):
        nnlib.nn.Sequential().append("relu")
    with pytest.raises(TypeError, match=r"is the class ReLU, not a layer: create one with ReLU\(...\)"):
        nnlib.nn.Sequential().append(nnlib.nn.ReLU)
    model = nnlib.nn.Sequential(nnlib.nn.ReLU())
    with pytest.raises(TypeError, match=r"must be a Module, got function"):
        model[0] = nnlib.relu


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop"])
def test_optimizer_given_a_non_leaf_tensor(name):
    for lib in (nnlib, torch):
        w = lib.ones(3, requires_grad=True)
        with pytest.raises(ValueError, match=r"can't optimize a non-leaf Tensor"):
            getattr(lib.optim, name)([w * 2], lr=0.1)


def test_the_same_parameter_twice_in_one_optimizer():
    pattern = r"optimizer contains a parameter group with duplicate parameters; in future, this will cause an error"
    steps = []
    for lib in (nnlib, torch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        with pytest.warns(UserWarning, match=pattern):
            opt = lib.optim.SGD([w, w], lr=0.5)
        w.sum().backward()
        opt.step()  # as torch: the duplicate is updated twice
        steps.append(w.tolist())
        with pytest.raises(ValueError, match=r"some parameters appear in more than one parameter group"):
            lib.optim.SGD([{"params": [w]}, {"params": [w]}], lr=0.1)
    assert steps[0] == steps[1] == [0.0, 1.0]


def test_widget_default_outside_its_own_range():
    from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer

    with pytest.raises(ValueError, match=r"default_lr must be a finite number >= 0.001 and <= 0.1, got 0.3"):
        LearningRateExplorer(lrs=(1e-3, 0.1))  # the default 0.3 is outside the slider: once clamped silently
    with pytest.raises(ValueError, match=r"default_momentum must lie in \[0, 0.99\], got 1.5"):
        LearningRateExplorer(default_momentum=1.5)
    with pytest.raises(ValueError, match=r"depth=25 must lie in depths=\(2, 20\)"):
        VanishingGradientExplorer(depth=25)
    X, y = nnlib.data.make_moons(20, seed=0)
    with pytest.raises(ValueError, match=r"need 0 <= default_p <= max_p < 1.*default_p=0.95, max_p=0.9"):
        DropoutExplorer(X, y, X, y, default_p=0.95)


def test_make_spirals_with_more_classes_than_samples():
    with pytest.raises(ValueError, match=r"make_spirals: n_classes=5 needs at least one sample per class, got "
                                         r"n_samples=3"):
        nnlib.data.make_spirals(n_samples=3, n_classes=5)
    X, y = nnlib.data.make_spirals(n_samples=5, n_classes=5)
    assert sorted(y.tolist()) == [0, 1, 2, 3, 4]
