"""Say how a wrong answer relates to the right one, when no listed mistake explains it.

Measured, then said in words (check.py puts the sentence on the verdict's first line):
- an argument the code ignores: rerun with that argument changed; the answer does not move
  ("does not depend on `eps`"), while the right answer does;
- which outputs are right ("right for dw and db, wrong for dx");
- for each wrong output: inf or nan where the answer is finite, transposed, a constant factor
  (-1, 2, 1/2, N, 1/N, N/(N-1), a simple ratio p/q, ln 2 or ln 10, or any factor on an array), a
  constant offset, one step behind or ahead, reversed or reordered, off by one, right only to float32
  precision, wrong only in some rows, right at first and wrong from some entry on, or wrong from the
  start by a constant factor there;
- for update rules (Exercise.steps_from), the same relations for the step taken, out - before.
first_difference() shows the first entry that differs, with enough digits to see it.
"""

import numpy as np

from .compare import to_array

# float32 keeps about 7 significant digits: agreement to this, but no better, means float32 somewhere
_FLOAT32 = (3e-4, 1e-6)


def _close(a, b, tol):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol[0], atol=tol[1], equal_nan=True))


def _digits(a, b):
    """Significant digits that show where a and b part: two more than their relative difference needs."""
    scale = max(abs(a), abs(b))
    if scale == 0 or a == b:
        return 6
    return int(min(17, max(5, np.ceil(-np.log10(abs(a - b) / scale)) + 2)))


def _number(value, digits=6):
    value = float(value)
    return f"{value:.{digits}g}"


def first_difference(g, e, tol):
    """'first difference at [1, 2]: yours 0.12345678, expected 0.12345699', or ''."""
    g, e = to_array(g), to_array(e)
    if g is None or e is None or g.size != e.size or e.size == 0:
        return ""
    g, e = g.reshape(e.shape).astype(np.float64), e.astype(np.float64)
    bad = ~np.isclose(g, e, rtol=tol[0], atol=tol[1], equal_nan=True)
    if not bad.any():
        return ""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    a, b = g[index], e[index]
    d = _digits(a, b) if np.isfinite(a) and np.isfinite(b) else 6
    where = f" at [{', '.join(map(str, index))}]" if e.ndim else ""
    return f"first difference{where}: yours {_number(a, d)}, expected {_number(b, d)}"


def _factor_name(c, n):
    """Words for a constant factor c; n is the batch size of the case (or None)."""
    nice = {-1.0: "has the opposite sign (exactly -1x the expected)", 2.0: "is exactly 2x the expected",
            0.5: "is exactly half the expected", -2.0: "is exactly -2x the expected",
            -0.5: "is exactly -1/2x the expected", 4.0: "is exactly 4x the expected",
            0.25: "is exactly 1/4 of the expected", 0.0: "is 0 where the expected is not"}
    for value, words in nice.items():
        if np.isclose(c, value, rtol=1e-6, atol=1e-12):
            return words
    if n and n > 2:
        if np.isclose(c, n, rtol=1e-6):
            return f"is exactly N = {n} times the expected (the batch size: a sum where a mean belongs?)"
        if np.isclose(c, 1 / n, rtol=1e-6):
            return f"is exactly 1/N = 1/{n} of the expected (the batch size: a mean where a sum belongs?)"
        if np.isclose(c, n / (n - 1), rtol=1e-6):
            return (f"is exactly N/(N-1) = {n}/{n - 1} times the expected (N = {n}: a division by N - 1 where N "
                    "belongs?)")
        if np.isclose(c, (n - 1) / n, rtol=1e-6):
            return (f"is exactly (N-1)/N = {n - 1}/{n} of the expected (N = {n}: a division by N where N - 1 "
                    "belongs?)")
        if np.isclose(c, -n, rtol=1e-6) or np.isclose(c, -1 / n, rtol=1e-6):
            return f"is exactly {'-N' if abs(c) > 1 else '-1/N'} times the expected (N = {n}, the batch size)"
    for base in (2, 10):  # log2 or log10 where the natural log belongs, or the other way round
        if np.isclose(c, 1 / np.log(base), rtol=1e-6):
            return (f"is exactly 1/ln({base}) = {1 / np.log(base):.4g}x the expected (log{base} where the natural "
                    "log belongs?)")
        if np.isclose(c, np.log(base), rtol=1e-6):
            return (f"is exactly ln({base}) = {np.log(base):.4g}x the expected (the natural log where log{base} "
                    "belongs?)")
    sign = "-" if c < 0 else ""
    for q in range(1, 11):  # a simple fraction p/q: 3x, 5/6, 1/3 (of K classes?), ...
        p = round(abs(c) * q)
        if 0 < p <= 10 * q and np.gcd(p, q) == 1 and np.isclose(abs(c), p / q, rtol=1e-6):
            return f"is exactly {sign}{p}x the expected" if q == 1 else f"is exactly {sign}{p}/{q} of the expected"
    k = round(max(abs(c), 1 / abs(c))) if c else 0  # a whole multiple, or 1/k: the size of a batch or an axis?
    if 10 < k <= 4096 and np.isclose(abs(c), k if abs(c) > 1 else 1 / k, rtol=1e-6):
        return f"is exactly {sign}{k}x the expected" if abs(c) > 1 else f"is exactly {sign}1/{k} of the expected"
    return None


def relation(g, e, tol, n=None):
    """How the array g relates to the expected e, in words, or None when nothing simple fits."""
    g, e = to_array(g), to_array(e)
    if g is None or e is None:
        return None
    if g.size == e.size == 1:
        g = g.reshape(e.shape)
    if g.shape != e.shape:
        if g.ndim == 2 and g.T.shape == e.shape and _close(g.T.astype(float), e.astype(float), tol):
            return "is the transpose of the expected"
        if e.size == 1 and g.size > 1:
            if np.isclose(g.astype(float).mean(), float(e.ravel()[0]), rtol=tol[0], atol=tol[1]):
                return f"holds {g.size} values whose mean is the expected number: return the mean"
            if np.isclose(g.astype(float).sum(), float(e.ravel()[0]), rtol=tol[0], atol=tol[1]):
                return f"holds {g.size} values whose sum is the expected number: return the sum"
        return None
    gf, ef = g.astype(np.float64), e.astype(np.float64)
    finite = np.isfinite(ef)
    if (~np.isfinite(gf) & finite).any():
        kind = "nan" if np.isnan(gf[finite]).any() else "inf"
        count = int((~np.isfinite(gf) & finite).sum())
        why = "an overflow (exp of a large number?) or" if kind == "inf" else "0/0, inf - inf or"
        return f"has {kind} in {count} of {e.size} entries where the answer is finite ({why} a division by 0)"
    if e.dtype.kind in "biu" and g.dtype.kind in "biuf" and np.all(gf == np.round(gf)):
        d = gf - ef
        if d.size and np.all(d == d.flat[0]) and d.flat[0] != 0 and abs(d.flat[0]) <= 2:
            return f"is {'one' if abs(d.flat[0]) == 1 else 'two'} {'more' if d.flat[0] > 0 else 'less'} than expected"
    if _close(gf, ef, _FLOAT32):
        return "agrees with the expected only to float32 precision (about 7 digits): a float32 array or " \
               "np.float32 somewhere in a float64 computation?"
    denominator = float(np.sum(ef * ef))
    if denominator > 0:
        c = float(np.sum(gf * ef)) / denominator
        if not np.isclose(c, 1.0) and _close(gf, c * ef, tol):
            words = _factor_name(c, n)
            if words:
                return words
            if e.size >= 3:
                return f"is exactly {c:.6g}x the expected (a constant factor)"
    if e.size >= 3:
        offset = gf - ef
        if np.allclose(offset, offset.flat[0], rtol=tol[0], atol=tol[1]):
            return f"is the expected plus {_number(offset.flat[0])} in every entry (a constant offset)"
    if e.ndim >= 1 and len(e) >= 3:
        if _close(gf[1:], ef[:-1], tol):
            return "is one step behind the expected (your entry k is the expected's entry k - 1)"
        if _close(gf[:-1], ef[1:], tol):
            return "is one step ahead of the expected (your entry k is the expected's entry k + 1)"
        if _close(gf[::-1], ef, tol):
            return "is the expected in reverse order"
    if e.size >= 3 and _close(np.sort(gf, axis=None), np.sort(ef, axis=None), tol):
        return "holds the expected values, but in a different order"
    zero = ef == 0
    if zero.any() and (~zero).any():
        if _close(gf[~zero], ef[~zero], tol) and np.any(gf[zero] != 0):
            return (f"is right wherever the expected is not 0, but not 0 in {int(np.sum(gf[zero] != 0))} of the "
                    f"{int(zero.sum())} entries that should be 0")
        if np.all(gf[zero] == 0) and np.all(gf[~zero] == 0):
            return "is 0 everywhere, where the expected is not"
    if e.ndim == 2 and len(e) >= 2 and np.all(gf == gf[:1]) and not np.all(ef == ef[:1]):
        return ("has every row equal, where the expected's differ (one array appended or shared again and "
                "again, as with [[0] * K] * K?)")
    for words, value in (("the square of", ef ** 2), ("the square root of", np.sqrt(np.abs(ef))),
                         ("1 divided by", np.divide(1, ef, out=np.full_like(ef, np.nan), where=ef != 0)),
                         ("1 minus", 1 - ef)):
        if np.all(np.isfinite(value)) and _close(gf, value, tol) and not _close(ef, value, tol):
            return f"is {words} the expected"
    if e.ndim == 2 and len(e) >= 2:
        rows = [i for i in range(len(e)) if not _close(gf[i], ef[i], tol)]
        if 0 < len(rows) < len(e):
            return f"is right in {len(e) - len(rows)} of {len(e)} rows, wrong in row{'s' if len(rows) > 1 else ''} " \
                   f"{', '.join(map(str, rows[:6]))}"
    if e.ndim == 1 and e.size >= 3:
        wrong = np.flatnonzero(~np.isclose(gf, ef, rtol=tol[0], atol=tol[1]))
        if len(wrong) >= 2 and wrong[0] > 0 and np.array_equal(wrong, np.arange(wrong[0], e.size)):
            k = int(wrong[0])
            first = "its first entry only" if k == 1 else f"its first {k} entries"
            return (f"is right in {first} and wrong from entry {k} on (counting from 0): the start is right, "
                    "what follows it is not")
        if 0 < len(wrong) <= len(e) // 2:
            return f"is right in {e.size - len(wrong)} of {e.size} entries, wrong at {', '.join(map(str, wrong[:6]))}"
        if len(wrong) and wrong[0] == 0 and ef[0] != 0:  # a sequence wrong from its start: how is the start wrong?
            words = _factor_name(gf[0] / ef[0], n)
            if words:
                return f"is wrong from its first entry on, and that entry {words}"
    return None


def outputs_relation(names, got, expected, tol, n=None, before=None):
    """'right for dw and db; dx is exactly 2x the expected' for the outputs, or None.

    before: {output name: the argument it updates} values, to compare the steps taken as well.
    """
    wrong, right = [], []
    for name, g, e in zip(names, got, expected):
        ga, ea = to_array(g), to_array(e)
        same = ga is not None and ea is not None and (ga.size == ea.size == 1 or ga.shape == ea.shape) and \
            np.allclose(ga.reshape(ea.shape).astype(float), ea.astype(float), rtol=tol[0], atol=tol[1],
                        equal_nan=True)
        (right if same else wrong).append((name, g, e))
    if not wrong:
        return None
    parts, swapped = [], set()
    for name, g, e in wrong:
        if name in swapped:
            continue
        ga = to_array(g)
        others = [other for other, _, o in wrong if other != name and ga is not None and to_array(o) is not None
                  and to_array(o).size == ga.size and _close(ga.reshape(to_array(o).shape).astype(float),
                                                             to_array(o).astype(float), tol)]
        if others:
            swapped |= {name, others[0]}
            parts.append(f"{name} holds what {others[0]} should (outputs returned in the wrong order?)")
            continue
        words = relation(g, e, tol, n)
        if words is None and before and name in before:
            start = to_array(before[name])
            ga, ea = to_array(g), to_array(e)
            if start is not None and ga is not None and ea is not None and ga.shape == ea.shape:
                try:
                    step = relation(ga.astype(float) - start, ea.astype(float) - start, tol, n)
                except ValueError:
                    step = None
                words = f"takes a step that {step}" if step else None
        if words:
            parts.append(f"{name} {words}")
    if right and len(names) > 1:
        right_names = " and ".join(name for name, _, _ in right)
        wrong_names = " and ".join(name for name, _, _ in wrong)
        head = f"right for {right_names}, wrong for {wrong_names}"
        return f"{head}: {'; '.join(parts)}" if parts else head
    return "; ".join(parts) if parts else None
