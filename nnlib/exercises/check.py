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

from . import runner
from .compare import Problem, as_outputs, check_output, same, tolerance
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
    return as_outputs(exercise.observe(call.result, arguments), exercise.returns)


def _changed_input(exercise, case, call):
    """The name of an argument the call changed in place, or None."""
    names = list(inspect.signature(exercise.reference).parameters)
    before = dict(zip(names, case.args)) | case.kwargs
    after = dict(zip(names, call.args)) | call.kwargs
    for name, value in before.items():
        if name in exercise.mutable or not hasattr(value, "shape"):
            continue
        if not same(value, after[name], tol=(0, 0), blowups_alike=False):
            return name
    return None


def _problem(exercise, case, call, expected):
    """(problem sentence, detail lines, the student's outputs) for one case.

    The outputs are None where they cannot be read, and the exception where the code raised.
    """
    if call.error is not None:
        details = [f"your {call.where}"] if call.where else []
        details.append(f"hint: {runner.error_hint(call.error)}")
        message = " ".join(f"{type(call.error).__name__}: {call.error}".rstrip(": ").split())  # one line
        message = message if len(message) <= 160 else message[:157] + "..."
        return f"on the case '{case.name}' your code raised {message}", details, call.error
    try:
        got = _observed(exercise, call)
    except Problem as problem:
        return f"on the case '{case.name}' it {problem}", [], None
    except Exception as error:  # an odd return value that the observer cannot read
        return f"on the case '{case.name}' its result could not be read ({type(error).__name__}: {error})", [], None
    tol = tolerance(_float_dtypes(case.args) + _float_dtypes(case.kwargs.values()) + _float_dtypes(got),
                    exercise.tolerances)
    try:
        for name, g, e in zip(exercise.returns, got, expected):
            check_output(name, g, e, tol)
    except Problem as problem:
        return f"on the case '{case.name}' {problem}", [], got
    changed = _changed_input(exercise, case, call)
    if changed:
        return (f"it changed its input `{changed}` in place (on the case '{case.name}')",
                [f"build a new array (`{changed} = {changed} - ...` or np.copy) and leave the inputs as they were"],
                got)
    return None, [], got


def _outputs_of(exercise, mistake, case):
    """What a known mistake gives on a case: its outputs, or the exception it raises."""
    mistake_call = runner.call(mistake.like, case, time_limit=None)
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


def run_check(exercise, fn):
    """The Verdict for the student's function fn on every case of the exercise."""
    if not callable(fn):
        return Verdict(exercise.id, "wrong", f"check needs your function, got {type(fn).__name__} {fn!r:.40}")
    runs, first, problem, details = [], None, None, []
    for case in exercise.cases():
        ref = runner.call(exercise.reference, case, time_limit=None)
        if isinstance(ref.error, ImportError):  # a package the exercise needs (torch) is not installed
            package = ref.error.name or "a package that is not installed"
            return Verdict(exercise.id, "not done", f"this exercise needs {package}, which is not installed here "
                           f"(pip install {package}, then restart the kernel), so it cannot be checked.")
        if ref.error is not None:
            raise RuntimeError(f"exercise {exercise.id}: the reference fails on case {case.name!r}") from ref.error
        expected = _observed(exercise, ref)
        call = runner.call(fn, case, exercise.time_limit)
        if call.not_done:
            return Verdict(exercise.id, "not done", "replace `raise NotImplementedError()` with your code "
                           "and run the cell again.")
        case_problem, case_details, got = _problem(exercise, case, call, expected)
        runs.append((case, expected, got))
        if case_problem and first is None:
            first, problem, details = len(runs) - 1, case_problem, case_details
        if call.timed_out:
            break
    if first is None:
        names = "; ".join(case.name for case, _, _ in runs)
        return Verdict(exercise.id, "passed", f"{len(runs)} of {len(runs)} cases agree with nnlib ({names}).")
    mistake = _recognise(exercise, runs, first)
    if mistake is not None:
        return Verdict(exercise.id, "wrong", f"looks like {mistake.name}. {mistake.fix}",
                       (problem, *details[:1]), mistake=mistake.name)
    return Verdict(exercise.id, "wrong", problem, tuple(details))
