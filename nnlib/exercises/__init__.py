"""Exercises with instant, specific feedback.

In a notebook:

    from nnlib.exercises import check, hint, solution

    def forward(x, w1, b1, w2, b2):
        ...                                  # the student's code

    check("01.forward", forward)             # one line: passed, not done yet, or what is wrong
    hint("01.forward")                       # a nudge
    solution("01.forward")                   # a worked solution

Files: exercise.py (what an exercise declares), runner.py (runs student code safely),
compare.py (compares outputs), check.py (the verdict), verdict.py (how it is printed),
registry.py (finds nbNN.py modules), help.py (hints and solutions), notebook.py (the
exercise cells of a notebook), nbNN.py (the exercises of notebook NN).
"""

from . import exploration as _exploration
from . import explorations as _explorations  # noqa: F401  (defines the explorations: Prediction finds them)
from .check import run_check as _run_check
from .exploration import Exploration, Prediction, hand_in
from .help import hint, solution, solution_source
from .registry import all_exercises, all_explorations, get
from .verdict import Verdict, report, strict_mode


def run_check(exercise_id, fn):
    """The Verdict for fn on the exercise's cases, without printing (for tests and tools).

    For an exploration, fn() returns (prediction, record): the grader's path.
    """
    exercise = get(exercise_id)
    if isinstance(exercise, Exploration):
        return _exploration.judge_function(exercise, fn)
    return _run_check(exercise, fn)


def check(exercise_id, fn=None, *more, prediction=None, explorer=None, record=None):
    """Check the student's function and print one verdict line (raise in strict mode).

    In strict mode (the grader) anything but a pass raises AssertionError, an unknown id included.
    An exploration: check("02.largest_lr", prediction=prediction, explorer=explorer) (or record=...),
    or check("02.largest_lr", fn) with fn() returning (prediction, record); see exploration.py.
    check("02.largest_lr", prediction, explorer) (positionally) is the same as the first.
    """
    try:
        exercise = get(exercise_id)
    except KeyError as error:
        print(f"❌ {error.args[0]}")
        if strict_mode():
            raise AssertionError(error.args[0]) from None
        return
    if isinstance(exercise, Exploration):
        if isinstance(fn, Prediction):  # check(id, prediction) or check(id, prediction, explorer)
            if prediction is not None or len(more) > 1 or (more and (explorer is not None or record is not None)):
                return _usage(exercise_id, "give the prediction and the explorer once each")
            fn, prediction, explorer = None, fn, more[0] if more else explorer
        elif more:
            return _usage(exercise_id, f"got {1 + len(more)} arguments after the id")
        if fn is not None:
            verdict = _exploration.judge_function(exercise, fn)
        else:
            verdict = _exploration.judge(exercise, prediction, explorer=explorer, record=record)
        _exploration.report(verdict)
        return
    if more:
        return _usage(exercise_id, f"an exercise takes one function, got {1 + len(more)} arguments after the id")
    report(_run_check(exercise, fn))


def _usage(exercise_id, problem):
    """Print (in strict mode raise) a check called with arguments it cannot read."""
    text = (f'❌ {exercise_id}: check could not read its arguments ({problem}): call check("{exercise_id}", fn), or '
            f'for an exploration check("{exercise_id}", prediction=prediction, explorer=explorer).')
    print(text)
    if strict_mode():
        raise AssertionError(text)


__all__ = ["Prediction", "Verdict", "all_exercises", "all_explorations", "check", "get", "hand_in", "hint", "run_check",
           "solution", "solution_source"]
