"""In-place operations inside a graph, recorded as torch records them (float64, torch as the oracle).

`c += c + 1` on an intermediate tensor makes c the output of a new node whose input is c's old
value; operations that used c before still send their gradient to that old value. A value that
an operation saved for its backward step and that is changed in place afterwards makes backward()
raise torch's version-counter error; a leaf that requires grad still cannot be changed in place.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")
from oracle import assert_close

import nnlib
from nnlib import Tensor


def both(*values):
    """The same float64 leaves in nnlib and in torch."""
    return ([Tensor(np.array(v, dtype=np.float64), requires_grad=True) for v in values],
            [torch.tensor(np.array(v, dtype=np.float64), requires_grad=True) for v in values])


def micrograd_more_ops(a, b):
    """micrograd's test_more_ops (test/test_engine.py), with its in-place updates of intermediates."""
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


def micrograd_sanity_check(x):
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    return h + q + q * x


@pytest.mark.parametrize("values", [(-4.0, 2.0), ([-4.0, 1.5, 0.3], [2.0, -0.7, 1.1])], ids=["scalars", "vectors"])
def test_micrograd_engine_test_with_in_place_updates_matches_torch(values):
    (a, b), (ta, tb) = both(*values)
    g, tg = micrograd_more_ops(a, b), micrograd_more_ops(ta, tb)
    assert_close(g.data, tg, what="forward")
    g.sum().backward()
    tg.sum().backward()
    assert_close(a.grad, ta.grad, what="a.grad")
    assert_close(b.grad, tb.grad, what="b.grad")
    assert g.grad_fn.name() == "AddBackward" and not g.is_leaf


def test_micrograd_sanity_check_matches_torch():
    (x,), (tx,) = both(-4.0)
    y, ty = micrograd_sanity_check(x), micrograd_sanity_check(tx)
    y.backward()
    ty.backward()
    assert_close(y.data, ty)
    assert_close(x.grad, tx.grad)


@pytest.mark.parametrize("change", [
    lambda c, w: c.__imul__(w), lambda c, w: c.__itruediv__(w), lambda c, w: c.__isub__(w * 2),
    lambda c, w: c.add_(w, alpha=-3.0), lambda c, w: c.sub_(w), lambda c, w: c.mul_(w), lambda c, w: c.div_(2.0),
    lambda c, w: c.copy_(w * 3), lambda c, w: c.fill_(2.5), lambda c, w: c.zero_(), lambda c, w: c.clamp_(-0.5, 0.8),
    lambda c, w: c.__setitem__(1, w[0] * 4), lambda c, w: c.__setitem__(slice(0, 2), w[1:]),
    lambda c, w: c.__setitem__(c > 0, 0.0),
], ids=["*=", "/=", "-=", "add_alpha", "sub_", "mul_", "div_", "copy_", "fill_", "zero_", "clamp_", "t[1]=v",
        "t[0:2]=v", "t[mask]=0"])
def test_each_in_place_op_on_an_intermediate_matches_torch(change):
    (a, w), (ta, tw) = both([0.3, -1.2, 0.9], [1.5, -0.5, 2.0])
    out = []
    for x, v in ((a, w), (ta, tw)):
        c = x * x  # an intermediate; x * x saved x, which does not change
        before = c * 1.0  # uses c before the change (its gradient goes to the old value)
        result = change(c, v)
        assert result is None or result is c
        out.append((c, (c * c).sum() + (before * x).sum()))
    (c, loss), (tc, tloss) = out
    assert_close(c.data, tc, what="value after the change")
    loss.backward()
    tloss.backward()
    assert_close(loss.data, tloss)
    assert_close(a.grad, ta.grad, what="a.grad")
    assert (w.grad is None) == (tw.grad is None)
    if tw.grad is not None:
        assert_close(w.grad, tw.grad, what="w.grad")


def test_in_place_on_a_tensor_without_grad_records_the_operand_like_torch():
    (w,), (tw,) = both([1.0, 2.0, 3.0])
    x, tx = nnlib.zeros(3, dtype=nnlib.float64), torch.zeros(3, dtype=torch.float64)
    x += w * 2
    tx += tw * 2
    x[0] = w[1] * w[2]
    tx[0] = tw[1] * tw[2]
    assert x.requires_grad and not x.is_leaf and tx.requires_grad and not tx.is_leaf
    (x * x).sum().backward()
    (tx * tx).sum().backward()
    assert_close(w.grad, tw.grad)


def test_value_saved_for_backward_then_changed_in_place_raises_torchs_error():
    for lib in (nnlib, torch):
        x = lib.tensor([0.5, 1.0, 2.0], dtype=lib.float64, requires_grad=True)
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        h = x * 1.0
        y = h * w  # saves h (for w's gradient) and w (for h's gradient)
        h += 1  # h changed after y saved it
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
        e = x.exp()  # exp saves its own output
        e += 1
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            e.sum().backward()


def test_an_add_does_not_save_its_inputs_so_a_later_change_is_fine_like_torch():
    (x,), (tx,) = both([0.5, 1.0])
    for v in (x, tx):
        h = v * 1.0
        y = h + 2  # + saves nothing
        h *= 3
        (y.sum() + h.sum()).backward()
    assert_close(x.grad, tx.grad)  # 1 + 3 each


def test_in_place_on_a_leaf_that_requires_grad_still_raises_torchs_error():
    for lib in (nnlib, torch):
        w = lib.ones(3, requires_grad=True)
        for change in (lambda t: t.__iadd__(1.0), lambda t: t.mul_(2.0), lambda t: t.__setitem__(0, 5.0),
                       lambda t: t.zero_(), lambda t: t.clamp_(0, 1)):
            with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
                change(w)
        with lib.no_grad():  # the way out, in both
            w -= 0.5
        assert w.tolist() == [0.5, 0.5, 0.5]


def test_in_place_broadcast_and_dtype_errors_as_torch():
    (c,), _ = both([1.0, 2.0, 3.0])
    h = c * 1.0
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the broadcast shape \[2, 3\]"):
        h += np.ones((2, 3))
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the broadcast shape \[2, 3\]"):
        torch.ones(3).add_(torch.ones(2, 3))
    labels = nnlib.tensor([1, 2, 3])
    with pytest.raises(TypeError, match="cannot be stored in place"):
        labels += c  # a float result into an int tensor: torch refuses too (RuntimeError)


def test_in_place_through_a_view_is_refused_where_torch_would_rewrite_the_base():
    """torch rewrites the base's graph (CopySlices); nnlib does not follow views, so it refuses instead of
    giving a wrong gradient: both the view and the tensor it views are protected."""
    (x,), (tx,) = both([1.0, 2.0, 3.0, 4.0])
    y, ty = x * 2, tx * 2
    v, tv = y.reshape(2, 2), ty.reshape(2, 2)
    tv.mul_(3)
    ty.sum().backward()
    assert tx.grad.tolist() == [6.0] * 4  # torch: the change through the view reaches y
    for change in (lambda: v.mul_(3), lambda: y.__imul__(3), lambda: y[1:].__imul__(3)):
        with pytest.raises(RuntimeError, match=r"shares its values with a view.*\.clone\(\)"):
            change()
    z = y.clone().reshape(2, 2).clone()
    z *= 3  # a clone owns its values: recorded
    z.sum().backward()
    assert x.grad.tolist() == [6.0] * 4
