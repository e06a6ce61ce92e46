"""Every exercise's check, on right, wrong, unfinished and garbage code.

Generic over the registry (nnlib/exercises/nbNN.py), so a new notebook's exercises are
covered as soon as they exist; their named mistakes come from tests/exercise_mistakes/.
"""

import copy
import time

import numpy as np
import pytest
from exercise_mistakes import all_mistakes

from nnlib.exercises import all_exercises, run_check
from nnlib.exercises.compare import to_array

EXERCISES = all_exercises()
MISTAKES = all_mistakes()
IDS = list(EXERCISES)


def timed(exercise_id, fn):
    start = time.perf_counter()
    verdict = run_check(exercise_id, fn)
    return verdict, time.perf_counter() - start


# How long a check takes is measured by benchmarks/check_time.py, never asserted here: a timed
# assertion fails by chance on a loaded machine (issue 27).
@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_passes(exercise_id):
    verdict = run_check(exercise_id, EXERCISES[exercise_id].reference)
    assert verdict.passed, verdict.text
    assert "\n" not in verdict.text, "a passing verdict is one line"


@pytest.mark.parametrize("exercise_id", IDS)
def test_stub_is_not_done_yet(exercise_id):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    verdict = run_check(exercise_id, stub)
    assert verdict.status == "not done", verdict.text
    assert "not done yet" in verdict.text and f'hint("{exercise_id}")' in verdict.text


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_declared_mistake_has_a_wrong_implementation_in_tests(exercise_id):
    declared = {m.name for m in EXERCISES[exercise_id].mistakes}
    assert len(declared) >= 2, "each exercise recognises at least two typical mistakes"
    assert set(MISTAKES.get(exercise_id, {})) == declared


@pytest.mark.parametrize(("exercise_id", "name"), [(e, n) for e in IDS for n in MISTAKES.get(e, {})])
def test_each_mistake_gets_its_own_message(exercise_id, name):
    verdict = run_check(exercise_id, MISTAKES[exercise_id][name])
    assert verdict.status == "wrong"
    assert verdict.mistake == name, verdict.text
    assert name in verdict.text


def _map_outputs(exercise, change):
    """A student function: the reference, with `change` applied to its first array output."""
    def student(*args, **kwargs):
        result = exercise.reference(*args, **kwargs)
        if len(exercise.returns) == 1:
            return change(result)
        return (change(result[0]), *result[1:])
    return student


def _first_output(exercise):
    """The reference's first output on the first case, as an array (None if it is not numbers)."""
    case = exercise.cases()[0]
    result = exercise.reference(*case.args, **case.kwargs)
    return to_array(result if len(exercise.returns) == 1 else result[0])


def _garbage(exercise):
    """(label, student function, words the verdict must contain) for generic bad code.

    Outputs are mangled only where the function returns them directly (no `observe`); a wrong
    dtype only means something for floating-point outputs.
    """
    def raises(*args, **kwargs):
        values = [1, 2, 3]
        return values[7]  # an IndexError in the student's own line

    def returns_none(*args, **kwargs):
        exercise.reference(*args, **kwargs)

    def in_place(*args, **kwargs):
        kept = copy.deepcopy(args)
        for name, value in zip(exercise.reference.__code__.co_varnames, args):
            if isinstance(value, np.ndarray) and value.dtype.kind == "f" and name not in exercise.mutable:
                value += 1.0
                break
        return exercise.reference(*kept, **kwargs)

    cases = [
        ("exception", raises, ["IndexError", "values[7]"]),
        ("None", returns_none, ["None"]),
    ]
    if exercise.observe is None:  # the return value is what is compared: spoil it
        cases += [
            ("wrong shape", _map_outputs(exercise, lambda r: np.stack([to_array(r)] * 2)), ["shape"]),
            ("NaN", _map_outputs(exercise, lambda r: to_array(r) * np.nan), ["nan"]),
        ]
        if _first_output(exercise).dtype.kind == "f":  # rounding integer outputs changes nothing
            cases.append(("wrong dtype", _map_outputs(exercise, lambda r: np.round(to_array(r)).astype(np.int64)),
                          ["dtype"]))
    else:  # the result is read by the exercise's observer: give it something unreadable
        cases.append(("nonsense", lambda *args, **kwargs: "nonsense", []))
    first_case = exercise.cases()[0]
    if any(isinstance(v, np.ndarray) and v.dtype.kind == "f" for v in first_case.args):
        cases.append(("in place", in_place, ["in place"]))
    return cases


@pytest.mark.parametrize(("exercise_id", "label"),
                         [(e, g[0]) for e in IDS for g in _garbage(EXERCISES[e])])
def test_garbage_gets_a_clear_verdict(exercise_id, label):
    exercise = EXERCISES[exercise_id]
    _, student, words = next(g for g in _garbage(exercise) if g[0] == label)
    if label == "NaN" and _first_output(exercise).dtype.kind != "f":
        words = []  # integer outputs: an int or NaN result is judged by its values
    verdict = run_check(exercise_id, student)
    assert verdict.status == "wrong", verdict.text
    for word in words:
        assert word in verdict.text, verdict.text
    assert "Traceback" not in verdict.text
    assert len(verdict.text.splitlines()) <= 5


def test_a_loop_that_never_ends_is_stopped_and_named():
    def forever(*args, **kwargs):
        while True:
            pass

    exercise_id = IDS[0]
    verdict, seconds = timed(exercise_id, forever)
    assert verdict.status == "wrong", verdict.text
    assert "ran too long" in verdict.text, verdict.text
    # Liveness, not speed: the loop was interrupted at all (without the timer this test never returns).
    # The bound is far above the limit so that a loaded machine cannot fail it.
    assert seconds < 30 * EXERCISES[exercise_id].time_limit, f"stopped only after {seconds:.1f} s"


@pytest.mark.parametrize("exercise_id", IDS)
def test_checks_work_without_interval_timers(exercise_id, monkeypatch):
    """In the browser (Pyodide) `signal` has SIGALRM but no setitimer: checks run without a
    time limit there, and must still give the right verdict (they once blamed the student's
    code for the missing timer)."""
    import signal

    monkeypatch.delattr(signal, "setitimer")
    assert run_check(exercise_id, EXERCISES[exercise_id].reference).passed

    def stub(*args, **kwargs):
        raise NotImplementedError()

    assert run_check(exercise_id, stub).status == "not done"


# ---------------------------------------------------------------- issue 19: trust in the checks


def test_strict_mode_raises_on_an_unknown_exercise(monkeypatch, capsys):
    from nnlib.exercises import check
    monkeypatch.setenv("NNLIB_EXERCISES_STRICT", "1")
    with pytest.raises(AssertionError, match="no exercise"):
        check("01.no_such_exercise", lambda: None)
    monkeypatch.setenv("NNLIB_EXERCISES_STRICT", "0")
    check("01.no_such_exercise", lambda: None)      # for students: a printed line, no exception
    assert "no exercise" in capsys.readouterr().out


def _code_lines(fn):
    """The assignments and returns of a reference's body (no docstring, no comments), at least 12 characters."""
    import inspect
    lines = [line.split("#")[0].strip() for line in inspect.getsource(fn).split('"""')[-1].splitlines()]
    return [line for line in lines if len(line) >= 12 and (" = " in line or line.startswith("return "))]


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_nudge_without_giving_the_code(exercise_id, capsys):
    from nnlib.exercises import hint
    exercise = EXERCISES[exercise_id]
    for level in (1, 2):
        hint(exercise_id, level)
        text = " ".join(capsys.readouterr().out.split())
        assert text, "a hint prints something"
        for line in _code_lines(exercise.reference):
            assert " ".join(line.split()) not in text, f"hint({exercise_id!r}, {level}) spells out `{line}`"


def test_an_argument_changed_deep_inside_a_list_is_named():
    def l2_in_place(weights, lam):
        for w in weights:
            w *= lam                                 # the caller's weights, scaled in place
        return EXERCISES["07.l2_penalty"].reference([w / lam if lam else w for w in weights], lam)

    verdict = run_check("07.l2_penalty", l2_in_place)
    assert verdict.status == "wrong" and "`weights[0]`" in verdict.text and "in place" in verdict.text, verdict.text


def test_a_model_whose_weights_change_is_reported_even_where_its_gradients_may():
    def grad_norms_and_a_step(model, loss_fn, X, y):
        norms = EXERCISES["05.grad_norms"].reference(model, loss_fn, X, y)
        for p in model.parameters():
            p.data -= 0.1 * p.grad                  # an optimiser step nobody asked for
        return norms

    verdict = run_check("05.grad_norms", grad_norms_and_a_step)
    assert verdict.status == "wrong" and "`model`" in verdict.text and "in place" in verdict.text, verdict.text


def test_an_ignored_argument_is_named():
    reference = EXERCISES["06.adam_step"].reference

    def adam_fixed_eps(w, g, m, v, t, lr, beta1, beta2, eps):
        return reference(w, g, m, v, t, lr, beta1, beta2, 1e-8)

    verdict = run_check("06.adam_step", adam_fixed_eps)
    assert verdict.status == "wrong" and verdict.mistake is None, verdict.text
    assert "does not depend on `eps`" in verdict.message, verdict.text


def test_a_constant_factor_is_measured_and_the_first_difference_shown():
    reference = EXERCISES["03.linear_backward"].reference

    def dx_doubled(x, w, dout):
        dx, dw, db = reference(x, w, dout)
        return 2 * dx, dw, db

    verdict = run_check("03.linear_backward", dx_doubled)
    assert "right for dw and db, wrong for dx" in verdict.message, verdict.text
    assert "exactly 2x" in verdict.message and verdict.diagnosis, verdict.text
    assert "first difference" in verdict.text


def test_a_factor_of_n_over_n_minus_one_is_named():
    from nnlib.exercises import diagnose
    expected, tol = np.array([0.3, -1.2, 2.5]), (1e-7, 1e-9)
    assert "N/(N-1) = 20/19 times the expected" in diagnose.relation(expected * 20 / 19, expected, tol, 20)
    assert "(N-1)/N = 19/20 of the expected" in diagnose.relation(expected * 19 / 20, expected, tol, 20)
    assert "N-1" not in diagnose.relation(expected * 1.06, expected, tol, 20)  # another factor: said as a number
    assert "N-1" not in diagnose.relation(expected * 20 / 19, expected, tol, None)  # no batch size known


def test_a_simple_ratio_to_a_single_number_is_named():
    from nnlib.exercises import diagnose
    tol = (1e-7, 1e-9)
    for factor, words in ((5 / 6, "exactly 5/6 of"), (1 / 3, "exactly 1/3 of"), (5, "exactly 5x"), (16, "exactly 16x"),
                          (-1 / 64, "exactly -1/64 of")):
        assert words in diagnose.relation(np.array(2.5 * factor), np.array(2.5), tol), factor
    assert "log2 where the natural log belongs?" in diagnose.relation(np.array(2.5 / np.log(2)), np.array(2.5), tol)
    assert "the natural log where log10 belongs?" in diagnose.relation(np.array(2.5 * np.log(10)), np.array(2.5), tol)
    for factor in (1.06, 0.6667, 12.5, 5 / 6 * (1 + 1e-4)):  # no simple ratio: nothing said about a single number
        assert diagnose.relation(np.array(2.5 * factor), np.array(2.5), tol) is None, factor


def test_a_sequence_wrong_from_its_start_by_a_factor_is_said():
    from nnlib.exercises import diagnose
    expected, tol = np.array([1.2, 1.1, 0.9, 0.8]), (1e-7, 1e-9)
    said = diagnose.relation(np.array([9.6, 19.7, 14.6, 26.8]), expected, tol)  # a loss summed over 8, then adrift
    assert said == "is wrong from its first entry on, and that entry is exactly 8x the expected", said
    assert "first entry" not in (diagnose.relation(np.array([1.3, 1.0, 1.0, 0.7]), expected, tol) or "")


def test_right_at_first_then_wrong_is_said():
    from nnlib.exercises import diagnose
    expected, tol = np.array([2.0, 1.5, 1.2, 1.0]), (1e-7, 1e-9)
    said = diagnose.relation(np.array([2.0, 1.4, 1.3, 0.9]), expected, tol)
    assert "right in its first entry only and wrong from entry 1 on" in said, said
    said = diagnose.relation(np.array([2.0, 1.5, 1.3, 0.9]), expected, tol)
    assert "right in its first 2 entries and wrong from entry 2 on" in said, said
    for got in ([2.1, 1.5, 1.2, 1.0], [2.0, 1.4, 1.2, 1.0], [2.0, 1.4, 1.3, 1.0]):  # not right-then-wrong
        assert "first" not in (diagnose.relation(np.array(got), expected, tol) or ""), got


def test_a_line_step_without_the_factor_two_is_told_its_step_is_half():
    reference = EXERCISES["00.line_step"].reference

    def half_step(w, b, x, y, lr):
        return reference(w, b, x, y, lr / 2)

    verdict = run_check("00.line_step", half_step)
    assert verdict.status == "wrong" and "w_new takes a step that is exactly half the expected" in verdict.message, \
        verdict.text


def test_an_output_that_is_all_zero_is_said_to_be_zero():
    from nnlib import nn

    def norms_cleared_too_late(model, loss_fn, X, y):   # zero_grad after backward: every norm is 0
        loss_fn(model(X), y).backward()
        model.zero_grad(set_to_none=False)
        return np.array([np.linalg.norm(m.weight.grad) for m in model if isinstance(m, nn.Linear)])

    verdict = run_check("05.grad_norms", norms_cleared_too_late)
    assert verdict.status == "wrong" and "norms is 0 where the expected is not" in verdict.message, verdict.text
    assert "does not depend" not in verdict.message, verdict.text


def test_float32_inside_a_float64_computation_is_caught():
    reference = EXERCISES["02.descend"].reference

    def descend_float32(w0, curvatures, lr, steps):
        return reference(w0, curvatures, lr, steps).astype(np.float32)

    verdict = run_check("02.descend", descend_float32)
    assert verdict.status == "wrong" and "float32 precision" in verdict.message, verdict.text


def test_an_int_zero_where_the_answer_is_zero_passes():
    reference = EXERCISES["12.precision_recall_f1"].reference

    def int_zeros(y_true, y_pred, pos_label=1):
        return tuple(0 if s == 0 else s for s in reference(y_true, y_pred, pos_label))

    assert run_check("12.precision_recall_f1", int_zeros).passed


def test_a_slow_first_call_is_not_an_endless_loop():
    reference = EXERCISES["05.init_stds"].reference
    calls = []

    def slow_import_then_fast(fan_in, fan_out):
        calls.append(1)
        if len(calls) == 1:                         # "importing torch": > 2 s of CPU on the first call only
            start = time.process_time()
            while time.process_time() - start < 1.2 * EXERCISES["05.init_stds"].time_limit:
                pass
        return reference(fan_in, fan_out)

    verdict = run_check("05.init_stds", slow_import_then_fast)
    assert verdict.passed, verdict.text


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_reference_changes_nothing_but_its_mutable_arguments(exercise_id):
    from nnlib.exercises import runner, snapshot
    exercise = EXERCISES[exercise_id]
    for case in exercise.cases():
        call = runner.call(exercise.reference, case, time_limit=None)
        import inspect
        names = list(inspect.signature(exercise.reference).parameters)
        for name, before, after in zip(names, case.args, call.args):
            if name not in exercise.mutable:
                assert snapshot.changed(snapshot.snapshot(before), snapshot.snapshot(after)) is None, (case.name, name)


NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}


def test_the_number_of_cases_a_notebook_promises_is_the_number_checked():
    """A "Your turn" cell that says "the check tries six cases" must stay true when cases are added."""
    import re
    from pathlib import Path

    import nbformat

    promised = []
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            ids = set(re.findall(r'hint\("(\d\d\.\w+)"\)', cell.source)) if cell.cell_type == "markdown" else set()
            counts = re.findall(r"\b(" + "|".join(NUMBER_WORDS) + r") cases\b", cell.source)
            if len(ids) == 1 and counts:
                (exercise_id,) = ids
                promised += [(exercise_id, NUMBER_WORDS[word], len(EXERCISES[exercise_id].cases())) for word in counts]
    assert promised, "no notebook states a number of cases: the test would compare nothing"
    assert [p for p in promised if p[1] != p[2]] == [], "(exercise, cases the notebook says, cases checked)"
