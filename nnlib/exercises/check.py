"""Run an exercise's cases on the student's function and reach one verdict.

1. The reference (nnlib's own code) and the student's function run on the same cases,
   each on fresh copies of the arguments.
2. The first case with a problem decides: an exception (the student's line and a hint), a
   wrong output (None, count, shape, dtype, NaN, value), or an input changed in place.
3. Before a generic message, the exercise's typical mistakes are tried; a recognised one is
   named with its fix.
"""

import inspect

import numpy as np

from . import diagnose, runner, snapshot
from .compare import Problem, as_outputs, check_output, same, tolerance
from .exercise import Case
from .verdict import Verdict


def _float_dtypes(values):
    dtypes = []
    for v in values:
        dtype = getattr(v, "dtype", None)
        if isinstance(dtype, np.dtype) and dtype.kind == "f":  # a torch tensor's dtype is no np.dtype
            dtypes.append(dtype)
    return dtypes


def _observed(exercise, call):
    """The outputs of one call as a tuple (exercise.observe maps args and result)."""
    if exercise.observe is None:
        return as_outputs(call.result, exercise.returns)
    arguments = inspect.signature(exercise.reference).bind(*call.args, **call.kwargs).arguments
    if exercise.reruns is not None:
        return as_outputs(exercise.observe(call.result, arguments, list(call.reruns)), exercise.returns)
    return as_outputs(exercise.observe(call.result, arguments), exercise.returns)


def _call(exercise, fn, case, time_limit):
    """runner.call, plus the exercise's reruns (their results in call.reruns; their first error as call's)."""
    call = runner.call(fn, case, time_limit)
    if exercise.reruns is None or call.error is not None:
        return call
    results = []
    for rerun in exercise.reruns(case):
        again = runner.call(fn, rerun, time_limit)
        if again.error is not None:
            call.error, call.where = again.error, again.where
            return call
        results.append(again.result)
    call.reruns = tuple(results)
    return call


def _arguments(exercise, args, kwargs):
    """{parameter name: value} of one call."""
    return dict(inspect.signature(exercise.reference).bind(*args, **kwargs).arguments)


def _changed_input(exercise, case, call):
    """(the argument the call changed in place, e.g. "`weights[1]`") or None.

    Deep: arrays inside lists, tuples and dicts, Python lists, models' parameters and buffers,
    optimisers' state and tensors all count (snapshot.py); arguments in exercise.mutable may change.
    """
    before = _arguments(exercise, case.args, case.kwargs)
    after = _arguments(exercise, call.args, call.kwargs)
    for name, value in before.items():
        if name in exercise.mutable:
            continue
        path = snapshot.changed(snapshot.snapshot(value), snapshot.snapshot(after[name]))
        if path is not None:
            return snapshot.describe(name, path)
    return None


def _tolerance(exercise, case, expected):
    """(rtol, atol) for the case: float32 in the inputs or in the right answer means float32 tolerances.

    The student's own dtype does not count: a float32 result for float64 inputs has lost digits.
    """
    return tolerance(_float_dtypes(case.args) + _float_dtypes(case.kwargs.values()) +
                     _float_dtypes(expected or ()), exercise.tolerances)


def _problem(exercise, case, call, expected):
    """(problem sentence, detail lines, the student's outputs, kind) for one case.

    The outputs are None where they cannot be read, and the exception where the code raised.
    kind: None (no problem), "value" (numbers that differ), or a short word for any other problem.
    """
    if call.error is not None:
        details = [f"your {call.where}"] if call.where else []
        details.append(f"hint: {runner.error_hint(call.error)}")
        message = " ".join(f"{type(call.error).__name__}: {call.error}".rstrip(": ").split())  # one line
        message = message if len(message) <= 160 else message[:157] + "..."
        return (f"on the case '{case.name}' your code raised {message}", details, call.error,
                f"raised {type(call.error).__name__}")
    try:
        got = _observed(exercise, call)
    except Problem as problem:
        return f"on the case '{case.name}' it {problem}", [], None, "unreadable result"
    except Exception as error:  # an odd return value that the observer cannot read
        return (f"on the case '{case.name}' its result could not be read ({type(error).__name__}: {error})",
                [], None, "unreadable result")
    tol = _tolerance(exercise, case, expected)
    changed = _changed_input(exercise, case, call)
    inputs = set(_float_dtypes(case.args) + _float_dtypes(case.kwargs.values()))
    try:
        for name, g, e in zip(exercise.returns, got, expected):
            # float arrays the reference returns in an input's dtype must come back in it (float32 stays float32)
            keep = exercise.same_dtype and isinstance(e, np.ndarray) and e.ndim and e.dtype in inputs
            check_output(name, g, e, exercise.tolerances.get(name, tol), keep)
    except Problem as problem:
        kind = "value" if problem.kind == "value" else problem.kind
        details = [f"and it also changed its input {changed} in place"] if changed else []
        return f"on the case '{case.name}' {problem}", details, got, kind
    if changed:
        return (f"it changed its input {changed} in place (on the case '{case.name}'), which this exercise "
                "does not ask for",
                ["build new arrays (`w = w - ...` rather than `w -= ...`; np.copy, torch.tensor or copy.deepcopy "
                 "where something must be changed) and leave the arguments as they were"], got, "changed its input")
    return None, [], got, None


def _outputs_of(exercise, mistake, case):
    """What a known mistake gives on a case: its outputs, or the exception it raises."""
    mistake_call = _call(exercise, mistake.like, case, None)
    if mistake_call.error is not None:
        return mistake_call.error
    try:
        return _observed(exercise, mistake_call)
    except Problem as problem:
        return problem


def _agrees(got, mistaken):
    """Whether the student's outputs (or exception) on one case are the mistake's too."""
    if isinstance(got, BaseException) or isinstance(mistaken, BaseException):
        return type(got) is type(mistaken)
    return got is not None and all(same(g, m) for g, m in zip(got, mistaken))


def _recognise(exercise, runs, first):
    """The first Mistake that explains the student's outputs, or None.

    runs: list of (case, expected, got); got is the student's outputs, None where they were
    unreadable, or the exception the code raised. first: index of the first run with a problem.
    A `like` mistake matches when the student's code and the mistake give the same outputs
    (or raise the same kind of exception) on every case and differ from the reference somewhere.
    """
    case, expected, got = runs[first]
    for mistake in exercise.mistakes:
        if mistake.when is not None:
            if got is None or isinstance(got, BaseException):
                continue
            try:
                if mistake.when(got, expected, case):
                    return mistake
            except Exception:  # a predicate that cannot read odd outputs simply does not match
                continue
            continue
        matched, revealing = True, False
        for case_i, expected_i, got_i in runs:
            mistaken = _outputs_of(exercise, mistake, case_i)
            if not _agrees(got_i, mistaken):
                matched = False
                break
            revealing |= isinstance(mistaken, BaseException) or not all(
                same(m, e) for m, e in zip(mistaken, expected_i))
        if matched and revealing:
            return mistake
    return None


def _perturbed(value):
    """The value changed a little (numbers, float arrays, lists of numbers), or None when it cannot be."""
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, (int, np.integer)):
        return 1 - value if value in (0, 1) else value + 1
    if isinstance(value, (float, np.floating)):
        if value == 0:
            return type(value)(0.1)
        if 0 < abs(value) < 1e-3:
            return value * 100               # eps-like: only a large change shows
        if 0 < value < 1:
            return (value + 1) / 2           # a probability, a momentum: stays in (0, 1)
        return value * 1.5
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        noise = np.random.default_rng(0).normal(size=value.shape)
        return (value + (np.abs(value).mean() + 0.1) * noise).astype(value.dtype)
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                for v in value):
        return None                          # a list of losses, of labels: left alone
    return None


def _all_zero(value):
    array = diagnose.to_array(value)
    return array is not None and array.size > 0 and array.dtype.kind in "biuf" and not np.any(array)


def _ignored_arguments(exercise, fn, case, expected, got):
    """Names of the arguments whose change moves the right answer but not the student's."""
    parameters = inspect.signature(exercise.reference).parameters
    given = _arguments(exercise, case.args, case.kwargs)
    values = {name: given.get(name, p.default) for name, p in parameters.items()
              if name in given or p.default is not inspect.Parameter.empty}
    ignored = []
    for name, value in values.items():
        if name in exercise.mutable:
            continue
        changed = _perturbed(value)
        if changed is None:
            continue
        new = dict(values)
        new[name] = changed
        positional = [new.pop(n) for n in list(parameters)[:len(case.args)]]
        variant = Case(case.name, tuple(positional), new)
        ref = _call(exercise, exercise.reference, variant, None)
        if ref.error is not None:
            continue
        try:
            expected2 = _observed(exercise, ref)
        except Exception:
            continue
        moved = [i for i, (a, b) in enumerate(zip(expected, expected2)) if not same(a, b, tol=(1e-6, 1e-12))]
        if not moved:
            continue
        call = _call(exercise, fn, variant, exercise.time_limit)
        if call.error is not None:
            continue
        try:
            got2 = _observed(exercise, call)
        except Exception:
            continue
        if all(same(got[i], got2[i], tol=(1e-9, 1e-15)) for i in moved) and \
                not all(same(got[i], expected2[i]) for i in moved):
            ignored.append(name)
    return ignored


def _diagnosis(exercise, fn, runs, first):
    """(sentence, detail lines) saying how the student's wrong answer relates to the right one, or None."""
    case, expected, got = runs[first]
    if got is None or isinstance(got, BaseException):
        return None
    tol = _tolerance(exercise, case, expected)
    details = []
    for name, g, e in zip(exercise.returns, got, expected):
        difference = diagnose.first_difference(g, e, tol)
        if difference:
            details.append(f"{name}: {difference}" if len(exercise.returns) > 1 else difference)
            break
    # An output that is 0 everywhere ignores every argument: saying it is 0 is the more direct clue.
    ignored = [] if any(_all_zero(g) and not _all_zero(e) for g, e in zip(got, expected)) else \
        _ignored_arguments(exercise, fn, case, expected, got)
    if ignored:
        names = ", ".join(f"`{name}`" for name in ignored)
        return (f"your result does not depend on {names}: changing {'it' if len(ignored) == 1 else 'them'} "
                f"changes the right answer but not yours (on the case '{case.name}')"), details
    arguments = _arguments(exercise, case.args, case.kwargs)
    n = next((len(v) for v in arguments.values() if isinstance(v, np.ndarray) and v.ndim >= 1), None)
    before = {out: arguments[arg] for out, arg in exercise.steps_from.items() if arg in arguments}
    words = diagnose.outputs_relation(exercise.returns, got, expected, tol, n, before)
    if words:
        return f"{words} (on the case '{case.name}')", details
    wrong = [c.name for c, e, g in runs if g is None or isinstance(g, BaseException)
             or not all(same(gi, ei, tol=_tolerance(exercise, c, e)) for gi, ei in zip(g, e))]
    if len(runs) >= 3 and len(wrong) == 1:
        return (f"right on {len(runs) - 1} of {len(runs)} cases, wrong only on the case '{case.name}': "
                "what is special about it?"), details
    if len(runs) >= 3 and len(wrong) <= 2 * len(runs) // 3:
        names = "', '".join(wrong[:3])
        return (f"right on {len(runs) - len(wrong)} of {len(runs)} cases, wrong on '{names}'"
                f"{' and more' if len(wrong) > 3 else ''}: what do those cases have in common?"), details
    return None


def run_check(exercise, fn):
    """The Verdict for the student's function fn on every case of the exercise."""
    if not callable(fn):
        return Verdict(exercise.id, "wrong", f"check needs your function, got {type(fn).__name__} {fn!r:.40}")
    runs, first, problem, details, kind = [], None, None, [], None
    for i, case in enumerate(exercise.cases()):
        ref = _call(exercise, exercise.reference, case, None)
        if isinstance(ref.error, ImportError):  # a package the exercise needs (torch) is not installed
            package = ref.error.name or "a package that is not installed"
            return Verdict(exercise.id, "not done", f"this exercise needs {package}, which is not installed here "
                           f"(pip install {package}, then restart the kernel), so it cannot be checked.")
        if ref.error is not None:
            raise RuntimeError(f"exercise {exercise.id}: the reference fails on case {case.name!r}") from ref.error
        expected = _observed(exercise, ref)
        call = _call(exercise, fn, case, exercise.time_limit)
        if call.timed_out and i == 0:   # the first call may have spent its time importing packages: once more
            call = _call(exercise, fn, case, exercise.time_limit)
        if call.not_done:
            return Verdict(exercise.id, "not done", "replace `raise NotImplementedError()` with your code "
                           "and run the cell again.")
        case_problem, case_details, got, case_kind = _problem(exercise, case, call, expected)
        runs.append((case, expected, got))
        if case_problem and first is None:
            first, problem, details, kind = len(runs) - 1, case_problem, case_details, case_kind
        if call.timed_out:
            break
    if first is None:
        names = "; ".join(case.name for case, _, _ in runs)
        return Verdict(exercise.id, "passed", f"{len(runs)} of {len(runs)} cases agree with nnlib ({names}).")
    mistake = _recognise(exercise, runs, first)
    if mistake is not None:
        return Verdict(exercise.id, "wrong", f"looks like {mistake.name}. {mistake.fix}",
                       (problem, *details[:1]), mistake=mistake.name)
    if kind in ("value", "shape"):
        found = _diagnosis(exercise, fn, runs, first)
        if found is not None:
            sentence, more = found
            return Verdict(exercise.id, "wrong", sentence, (problem, *more, *details)[:3], diagnosis=sentence)
        case = runs[first][0]
        got, expected = runs[first][2], runs[first][1]
        more = [diagnose.first_difference(g, e, _tolerance(exercise, case, expected))
                for g, e in zip(got or (), expected)] if kind == "value" else []
        return Verdict(exercise.id, "wrong", problem, (*[m for m in more if m][:1], *details),
                       diagnosis=problem if kind == "shape" else None)
    return Verdict(exercise.id, "wrong", problem, tuple(details), diagnosis=kind)
