"""The explorations (nnlib/exercises/explorations.py): predict, then slide; the check reruns the record.

Each exploration is driven through its explorer's controls (setting `control.value`, as
tests/test_widgets.py does) to a right outcome, to wrong ones (a wrong prediction with a right find,
a right prediction with a wrong find, a forged record) and to "not tried yet"; odd input of every kind
gets a verdict, never a traceback; the grader's path (a function in the sandbox, judged in the
grader's process) grades an exploration like an exercise. The same in a real browser, with the keyboard:
tests/test_accessibility.py (test_commit_a_prediction_move_the_slider_with_the_keyboard_and_get_a_verdict).
"""

import re
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from nnlib.data import make_moons
from nnlib.exercises import Prediction, all_explorations, check, hand_in, hint, run_check, solution
from nnlib.exercises import explorations as content
from nnlib.exercises.exploration import judge
from nnlib.exercises.verdict import STRICT_ENV
from nnlib.widgets import DropoutExplorer, LearningRateExplorer, VanishingGradientExplorer

ROOT = Path(__file__).resolve().parents[1]
EXPLORATIONS = all_explorations()
RIGHT = {"02.largest_lr": 1.8, "05.sigmoid_million": 11, "06.settle": content.CHOICES_06[1],
         "07.best_dropout": content.CHOICES_07[3], "10.batchnorm_depth": content.CHOICES_10[2]}
# a right find for each, as a record typed by hand (the grader's path); the check reruns every setting
RIGHT_RECORD = {
    "02.largest_lr": [{"lr": 10 ** 0.2}, {"lr": 10 ** 0.3}],
    "05.sigmoid_million": [{"depth": 10, "activation": "sigmoid", "init": "xavier"},
                           {"depth": 11, "activation": "sigmoid", "init": "xavier"},
                           {"depth": 11, "activation": "relu", "init": "he"}],
    "06.settle": [{"lr": 0.3, "momentum": 0.3}, {"lr": 0.3, "momentum": 0.9}],
    "07.best_dropout": [{"p": 0.0}, {"p": 0.3}, {"p": 0.6}, {"p": 0.9}],
    "10.batchnorm_depth": [{"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": True},
                           {"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": False}],
}


def predict(exploration_id, value):
    """A Prediction committed through its widget: answer, then press Commit."""
    prediction = Prediction(exploration_id)
    prediction.control.value = value
    prediction.button.click()
    assert prediction.value is not None and prediction.control.disabled, prediction
    return prediction


def short(verdict):
    """The verdict's message: one or two sentences (the issue's bar); details are for hint() and solution()."""
    sentences = re.findall(r"[.!?](?=\s+[A-Z]|$)", verdict.message)
    assert 1 <= len(sentences) <= 2, verdict.message
    return verdict.message


def move(control, *values):
    """Set the control to each value in turn (a run each, even where it already shows the value)."""
    for value in values:
        if control.value == value:
            options = getattr(control, "options", None)
            control.value = next(o for o in options if o != value) if options else (
                control.max if value != control.max else control.min)
        control.value = value


@pytest.fixture(scope="module")
def bowl():
    return LearningRateExplorer(default_lr=0.3)


@pytest.fixture(scope="module")
def momentum_view():
    return LearningRateExplorer(default_lr=0.3, default_momentum=0.9)


@pytest.fixture(scope="module")
def depths():
    return VanishingGradientExplorer()


@pytest.fixture(scope="module")
def normed():
    return VanishingGradientExplorer(activation="sigmoid", init="xavier", batch_norm=True)


@pytest.fixture(scope="module")
def dropout():
    X_train, y_train = make_moons(n_samples=60, noise=0.35, seed=4)
    X_val, y_val = make_moons(n_samples=200, noise=0.35, seed=2)
    return DropoutExplorer(X_train, y_train, X_val, y_val)


# ------------------------------------------------------------------ the measured answers


def test_the_answers_the_checks_and_notebooks_state_are_measured():
    lr = EXPLORATIONS["02.largest_lr"].canonical()
    edge, slider_best = content._lr_edge(lr)
    assert 1.85 < edge < 1.88 and slider_best == pytest.approx(10 ** 0.2)
    assert lr.run(1.85)["distance"][-1] / lr.run(1.85)["distance"][0] <= 0.01
    depth = EXPLORATIONS["05.sigmoid_million"].canonical()
    assert content._million_depth(depth) == 11
    assert content._batchnorm_depths(depth) == (20, 4)
    sweep = content._momentum_sweep(EXPLORATIONS["06.settle"].canonical(), 0.3)
    assert min(sweep, key=lambda s: s[1])[0] == 0.6            # the closest finish after 30 steps
    assert [m for m, left, _ in sweep if left > sweep[0][1]] == [0.95, 0.99]   # further than no momentum
    drop = content._dropout_sweep(EXPLORATIONS["07.best_dropout"].canonical())
    assert min(drop, key=lambda p: drop[p][1]) == 0.9 and min(drop, key=lambda p: drop[p][0]) == 0.0


def test_every_run_is_recorded_in_order_by_controls_and_by_hand(bowl):
    before = len(bowl.record)
    move(bowl.slider, 0.5)
    bowl.run(0.7, 0.2)
    new = bowl.record[before:]
    assert [(e["lr"], e["momentum"]) for e in new] == [(0.5, 0.0), (0.7, 0.2)]
    assert new[0]["visit"] < new[1]["visit"]
    assert set(new[0]) >= {"regime", "fraction_left", "crossings", "network_regime", "final_loss"}


# ------------------------------------------------------------------ 02: the largest learning rate


def test_02_right_prediction_and_find(bowl):
    prediction = predict("02.largest_lr", 1.8)
    move(bowl.slider, 10 ** 0.1, 10 ** 0.2, 10 ** 0.3)
    verdict = judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl)
    assert verdict.passed and verdict.mistake is None, verdict.text
    assert short(verdict) == ("You predicted 1.8, and you found that 1.58 converges and 2 does not (the edge is at "
                              "1.87): right, the steepest direction sets the limit, lr < 2 / curvature.")


def test_02_wrong_prediction_right_find_passes_and_names_the_idea(bowl):
    prediction = predict("02.largest_lr", 0.2)
    move(bowl.slider, 10 ** 0.2, 10 ** 0.3)
    verdict = judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl)
    assert verdict.passed and verdict.mistake == "expected it to stop converging at a smaller learning rate"
    assert short(verdict) == ("You predicted 0.2, but 1.58 converges and 2 does not (the edge is at 1.87): a step may "
                              "overshoot the valley floor and still converge while each bounce is smaller than the last.")


def test_02_right_prediction_wrong_find(bowl):
    prediction = predict("02.largest_lr", 2.0)
    move(bowl.slider, 1.0, 10.0)
    verdict = judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl)   # a search not finished: not yet
    assert verdict.status == "not done" and "where you have not looked" in verdict.text, verdict.text


def test_02_not_tried_yet(bowl):
    exploration = EXPLORATIONS["02.largest_lr"]
    assert "commit your prediction" in judge(exploration, Prediction("02.largest_lr"), explorer=bowl).text
    prediction = predict("02.largest_lr", 2.0)
    assert judge(exploration, prediction, explorer=bowl).status == "not done"          # nothing ran since
    move(bowl.slider, 0.5, 1.0)
    verdict = judge(exploration, prediction, explorer=bowl)
    assert verdict.status == "not done" and "not gone past the edge" in verdict.text, verdict.text


def test_02_runs_before_the_prediction_do_not_count_and_runs_by_hand_do(bowl):
    move(bowl.slider, 10 ** 0.2, 10 ** 0.3)
    prediction = Prediction("02.largest_lr").commit(2.0)   # where widgets do not run
    assert judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl).status == "not done"
    bowl.run(1.6)
    bowl.run(1.9)
    assert judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl).passed


def test_02_a_forged_record_is_rerun_and_named():
    record = [{"lr": 1.58}, {"lr": 5.0, "regime": "converges", "fraction_left": 0.0}]
    verdict = judge(EXPLORATIONS["02.largest_lr"], 2.0, record=record)
    assert verdict.status == "wrong" and "rerunning its setting gives 'diverged'" in verdict.text, verdict.text
    # results typed in count for nothing: only the settings are read, and rerun
    verdict = judge(EXPLORATIONS["02.largest_lr"], 2.0, record=[{"lr": 1.0}, {"lr": 9.0}])
    assert verdict.status == "not done" and "where you have not looked" in verdict.text


def test_02_a_long_session_is_judged_on_its_latest_runs():
    prediction = Prediction("02.largest_lr").commit(2.0)
    before = [{"lr": 0.5, "visit": prediction.visit}] * 600                  # runs before the commit
    after = [{"lr": 0.7, "visit": prediction.visit + 1}] * 600 + [{"lr": 10 ** 0.2}, {"lr": 10 ** 0.3}]
    assert judge(EXPLORATIONS["02.largest_lr"], prediction, record=before + after).passed


# ------------------------------------------------------------------ 05: a millionth, then make it train


def test_05_right_prediction_and_find(depths):
    prediction = predict("05.sigmoid_million", 11.0)
    move(depths.activation, "sigmoid")
    move(depths.init, "xavier")
    move(depths.depth, 10, 11)
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.status == "not done" and "Now make its gradients healthy" in verdict.text, verdict.text
    move(depths.activation, "relu")
    move(depths.init, "he")
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.passed and verdict.mistake is None, verdict.text
    assert short(verdict) == ("You predicted 11 layers, and you found that 11 sigmoid layers (Xavier) give first/last "
                              "2.7e-07, and relu with he init gives 11 layers healthy gradients: right, each sigmoid layer cuts "
                              "the gradient by about 4, and about ten such factors make a million.")


def test_05_wrong_prediction_right_find(depths):
    prediction = predict("05.sigmoid_million", 3.0)
    move(depths.activation, "sigmoid")
    move(depths.init, "xavier")
    move(depths.depth, 11, 10, 12)
    move(depths.activation, "tanh")
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.passed and verdict.mistake == "expected fewer layers", verdict.text
    assert short(verdict).startswith("You predicted 3 layers, but 11 sigmoid layers (Xavier) give first/last 2.7e-07, "
                                     "and tanh with xavier init gives 12 layers healthy gradients: ") and "about 4" in verdict.text


def test_05_right_prediction_wrong_find(depths):
    prediction = predict("05.sigmoid_million", 10.0)
    move(depths.activation, "sigmoid")
    move(depths.init, "xavier")
    move(depths.depth, 8, 12)
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.status == "not done" and "8 layers" in verdict.text and "between them" in verdict.text


def test_05_not_tried_yet_and_forged(depths):
    prediction = predict("05.sigmoid_million", 10.0)
    move(depths.init, "small")
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.status == "not done" and "init xavier" in verdict.text, verdict.text
    forged = [{"depth": 4, "activation": "sigmoid", "init": "xavier", "batch_norm": False, "ratio": 1e-7},
              {"depth": 3, "activation": "sigmoid", "init": "xavier", "batch_norm": False}]
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], 4, record=forged)
    assert verdict.status == "wrong" and "says ratio = 1e-07" in verdict.text, verdict.text


# ------------------------------------------------------------------ 06: momentum


def test_06_right_prediction_and_find(momentum_view):
    prediction = predict("06.settle", content.CHOICES_06[1])
    move(momentum_view.momentum, 0.3, 0.9)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=momentum_view)
    assert verdict.passed and verdict.mistake is None, verdict.text
    assert short(verdict) == ("You predicted 'up to a point', and you found that momentum 0.30 settles (crossing the "
                              "valley floor once) while 0.90 crosses it 5 times: right, past about 0.60 the path keeps "
                              "too much speed and overshoots.")


def test_06_wrong_prediction_right_find(momentum_view):
    prediction = predict("06.settle", content.CHOICES_06[0])
    move(momentum_view.momentum, 0.9, 0.2)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=momentum_view)
    assert verdict.passed and verdict.mistake == "expected more momentum to settle faster", verdict.text
    assert short(verdict).startswith("You expected more momentum to settle faster, but momentum 0.20 settles")


def test_06_right_prediction_wrong_find_and_not_tried(momentum_view):
    prediction = predict("06.settle", content.CHOICES_06[1])
    move(momentum_view.momentum, 0.6)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=momentum_view)
    assert verdict.status == "not done", verdict.text          # one momentum tried: not yet a find
    move(momentum_view.momentum, 0.7)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=momentum_view)
    assert verdict.status == "not done" and "momentum 0.70" in verdict.text and "6 times" in verdict.text
    move(momentum_view.momentum, 0.3)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=momentum_view)
    assert verdict.status == "not done" and "0.8 or more" in verdict.text, verdict.text


def test_06_forged_record():
    verdict = judge(EXPLORATIONS["06.settle"], content.CHOICES_06[1],
                    record=[{"lr": 0.3, "momentum": 0.6, "crossings": 1}, {"lr": 0.3, "momentum": 0.9}])
    assert verdict.status == "wrong" and "says crossings = 1" in verdict.text, verdict.text


# ------------------------------------------------------------------ 07: dropout


def test_07_right_prediction_and_find(dropout):
    prediction = predict("07.best_dropout", content.CHOICES_07[3])
    move(dropout.slider, 0.1, 0.3, 0.6, 0.9)
    verdict = judge(EXPLORATIONS["07.best_dropout"], prediction, explorer=dropout)
    assert verdict.passed and verdict.mistake is None, verdict.text
    assert short(verdict) == ("You predicted 'a large p (0.65 to 0.9)', and you found that p = 0.90 ends with the "
                              "lowest validation loss, 0.427, while p = 0 trains lowest (0.050) but validates at 2.75: "
                              "right, dropout gives up training loss to keep the network from memorising the noise.")


def test_07_wrong_prediction_right_find(dropout):
    prediction = predict("07.best_dropout", content.CHOICES_07[0])
    move(dropout.slider, 0.2, 0.5, 0.85, 0.7)
    verdict = judge(EXPLORATIONS["07.best_dropout"], prediction, explorer=dropout)
    assert verdict.passed and verdict.mistake == "expected no dropout to give the lowest validation loss"
    assert short(verdict).startswith("You expected no dropout to do best, but p = 0.85 ends with the lowest")


def test_07_right_prediction_wrong_find_not_tried_and_forged(dropout):
    prediction = predict("07.best_dropout", content.CHOICES_07[3])
    move(dropout.slider, 0.3)
    assert judge(EXPLORATIONS["07.best_dropout"], prediction, explorer=dropout).status == "not done"
    move(dropout.slider, 0.1, 0.45, 0.2)
    verdict = judge(EXPLORATIONS["07.best_dropout"], prediction, explorer=dropout)
    assert verdict.status == "not done" and "0.548, at p = 0.45" in verdict.text, verdict.text  # not finished
    forged = [{"p": 0.1}, {"p": 0.2}, {"p": 0.3, "final_val_loss": 0.1}, {"p": 0.4}]
    verdict = judge(EXPLORATIONS["07.best_dropout"], content.CHOICES_07[1], record=forged)
    assert verdict.status == "wrong" and "says final_val_loss = 0.1" in verdict.text, verdict.text


# ------------------------------------------------------------------ 10: batch norm


def test_10_right_prediction_and_find(normed):
    prediction = predict("10.batchnorm_depth", content.CHOICES_10[2])
    move(normed.depth, 12)
    verdict = judge(EXPLORATIONS["10.batchnorm_depth"], prediction, explorer=normed)
    assert verdict.status == "not done" and "Go deeper" in verdict.text       # not the deepest yet
    move(normed.depth, 20)
    assert "untick batch norm at 20" in judge(EXPLORATIONS["10.batchnorm_depth"], prediction, explorer=normed).text
    move(normed.batchnorm, False)
    verdict = judge(EXPLORATIONS["10.batchnorm_depth"], prediction, explorer=normed)
    assert verdict.passed and verdict.mistake is None, verdict.text
    assert short(verdict) == ("You predicted 'all 20 of the slider', and you found that with batch norm 20 sigmoid "
                              "layers stay healthy (first/last 4e-01, without it 1e-12): right, rescaling every "
                              "layer's input stops the shrinking from compounding.")
    move(normed.batchnorm, True)


def test_10_wrong_prediction_right_find_and_forged(normed):
    prediction = predict("10.batchnorm_depth", content.CHOICES_10[0])
    move(normed.depth, 20)
    move(normed.batchnorm, False)
    verdict = judge(EXPLORATIONS["10.batchnorm_depth"], prediction, explorer=normed)
    assert verdict.passed and verdict.mistake == "expected batch norm to help only a few layers deeper"
    assert short(verdict).startswith("You predicted 'about 4, as without batch norm', but with batch norm 20")
    move(normed.batchnorm, True)
    forged = [{"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": True},
              {"depth": 20, "activation": "sigmoid", "init": "xavier", "batch_norm": False, "verdict": "healthy"}]
    verdict = judge(EXPLORATIONS["10.batchnorm_depth"], content.CHOICES_10[2], record=forged)
    assert verdict.status == "wrong" and "says verdict = 'healthy'" in verdict.text, verdict.text


# ------------------------------------------------------------------ any input: a verdict, never a traceback


ODD_PREDICTIONS = [None, "nonsense", [1], float("nan"), True, object(), -5, 1e9, {"a": 1}]
ODD_RECORDS = [5, "abc", {"lr": 1}, [5], [{}], [{"lr": "x", "p": "x", "depth": "x"}], [{"lr": float("nan")}],
               [{"depth": 10 ** 9, "p": -1, "lr": -1}], [{"lr": 1.0, "p": 0.5, "depth": 5}] * 501, [None],
               [{"depth": 5.5, "p": True, "lr": True, "activation": "cubic"}], []]


@pytest.mark.parametrize("exploration_id", list(EXPLORATIONS))
def test_odd_input_gets_a_verdict(exploration_id):
    exploration = EXPLORATIONS[exploration_id]
    for prediction in ODD_PREDICTIONS:
        verdict = judge(exploration, prediction, record=RIGHT_RECORD[exploration_id])
        assert verdict.status == ("not done" if prediction is None else "wrong"), (prediction, verdict.text)
    for record in ODD_RECORDS:
        verdict = judge(exploration, RIGHT[exploration_id], record=record)
        assert verdict.status in ("wrong", "not done"), (record, verdict.text)
        assert "could not be checked" not in verdict.text, verdict.text   # each is named, not caught blind
    assert judge(exploration, RIGHT[exploration_id], explorer=object()).status == "wrong"
    assert judge(exploration, RIGHT[exploration_id]).status == "not done"
    other = next(e for e in EXPLORATIONS if e != exploration_id)
    assert "belongs to" in judge(exploration, Prediction(other), record=[]).text
    assert judge(exploration, RIGHT[exploration_id], record=RIGHT_RECORD[exploration_id]).passed


@pytest.mark.parametrize("exploration_id", list(EXPLORATIONS))
def test_a_function_returning_prediction_and_record_is_judged(exploration_id):
    def stub():
        raise NotImplementedError()

    assert run_check(exploration_id, lambda: (RIGHT[exploration_id], RIGHT_RECORD[exploration_id])).passed
    assert run_check(exploration_id, stub).status == "not done"
    for fn in (lambda: 5, lambda: (1, 2, 3), lambda: 1 / 0, "not a function"):
        assert run_check(exploration_id, fn).status == "wrong"


def test_check_prints_and_raises_in_strict_mode_only_when_wrong(bowl, monkeypatch, capsys):
    monkeypatch.setenv(STRICT_ENV, "1")
    check("02.largest_lr", prediction=Prediction("02.largest_lr"), explorer=bowl)   # untouched: prints
    assert "02.largest_lr not done yet: not tried yet" in capsys.readouterr().out
    with pytest.raises(AssertionError):
        check("02.largest_lr", prediction=2.0, record=[{"lr": 2.0, "regime": "converges"}])
    check("02.largest_lr", lambda: (2.0, RIGHT_RECORD["02.largest_lr"]))
    assert "✅ 02.largest_lr passed" in capsys.readouterr().out


def test_hint_and_solution_work_for_explorations(capsys):
    for exploration_id in EXPLORATIONS:
        hint(exploration_id)
        solution(exploration_id)
        out = capsys.readouterr().out
        assert "Measured" in out and "Hint for" in out


def test_a_prediction_is_refused_loudly_by_hand_and_gently_in_the_widget():
    with pytest.raises(ValueError, match="02.largest_lr: your prediction should be a number"):
        Prediction("02.largest_lr").commit("big")
    with pytest.raises(ValueError, match="exploration"):
        Prediction("01.forward")
    prediction = Prediction("02.largest_lr")
    prediction.control.value = -1.0
    prediction.button.click()
    assert prediction.value is None and "from 0.0001 to 100" in prediction._widgets["status"].value


# ------------------------------------------------------------------ handing in: hand_in() and the answer cell


def _pasted(line):
    """The answer function a student gets by pasting hand_in's line into the answer cell."""
    namespace = {}
    exec("def answer():\n" + "\n".join("    " + part for part in line.splitlines()), namespace)
    return namespace["answer"]


def test_hand_in_prints_the_settings_after_the_prediction_as_a_line_that_passes(bowl, capsys):
    move(bowl.slider, 1.0)                                   # before the prediction: not handed in
    prediction = predict("02.largest_lr", 2.0)
    move(bowl.slider, 10 ** 0.2, 0.5, 10 ** 0.3, 10 ** 0.2)  # 1.58 twice: once, where it was last run
    line = hand_in(prediction, bowl)
    printed = capsys.readouterr().out
    assert "in place of `raise NotImplementedError()`" in printed
    assert line == ("return 2.0, [{'lr': 0.5, 'momentum': 0.0}, {'lr': 1.99526, 'momentum': 0.0}, "
                    "{'lr': 1.58489, 'momentum': 0.0}]"), line
    assert "".join(printed.split()).endswith("".join(line.split()))  # wrapped, but the same code
    assert run_check("02.largest_lr", _pasted(line)).passed
    wrapped = printed.split("`:\n\n", 1)[1]                      # as printed: wrapped lines, pasted as they are
    assert run_check("02.largest_lr", _pasted(textwrap.dedent(wrapped).strip())).passed


def test_hand_in_writes_plain_values_and_refuses_odd_input(capsys):
    prediction = Prediction("10.batchnorm_depth").commit(content.CHOICES_10[2])

    class Explorer:
        record = [{"depth": np.int64(20), "activation": "sigmoid", "init": "xavier", "batch_norm": np.bool_(True),
                   "ratio": np.float64(0.4), "visit": prediction.visit + 1}]

    line = hand_in(prediction, Explorer())
    assert line == ("return 'all 20 of the slider', [{'depth': 20, 'activation': 'sigmoid', 'init': 'xavier', "
                    "'batch_norm': True}]"), line
    assert hand_in(Prediction("10.batchnorm_depth"), Explorer()) is None
    assert "commit your prediction first" in capsys.readouterr().out
    with pytest.raises(ValueError, match="needs your Prediction"):
        hand_in(2.0, Explorer())
    with pytest.raises(ValueError, match="needs the explorer"):
        hand_in(prediction, object())


@pytest.mark.parametrize("exploration_id", list(EXPLORATIONS))
def test_each_worked_answer_passes_and_every_verdict_is_short(exploration_id):
    exploration = EXPLORATIONS[exploration_id]
    verdict = run_check(exploration_id, exploration.answer)
    assert verdict.passed, verdict.text
    short(verdict)
    for choice in exploration.choices or (exploration.number[0] * 2, exploration.number[1] / 2):
        short(run_check(exploration_id, lambda choice=choice: (choice, exploration.answer()[1])))


# ------------------------------------------------------------------ grading: the grader's own path


def test_the_grader_judges_an_exploration_like_an_exercise():
    """The answer cell runs in the grader's sandbox; the verdict is reached in the grader's process."""
    sys.path.insert(0, str(ROOT / "instructor"))
    from grader import _judge
    from sandbox import Sandbox, make_sandbox_tree

    cell = ("def right():\n    return 2.0, [{'lr': 1.58}, {'lr': 2.0}]\n"
            "def forged():\n    return 2.0, [{'lr': 1.58}, {'lr': 5.0, 'regime': 'converges'}]\n"
            "def unfinished():\n    raise NotImplementedError()\n")
    tree = make_sandbox_tree(ROOT / "nnlib")
    sandbox = Sandbox(tree, ["from nnlib.exercises import Prediction, check, hint"])
    try:
        assert sandbox.load(["from nnlib.exercises import Prediction, check, hint"], [("02.largest_lr", cell)]) == {}
        verdicts = {name: _judge("02.largest_lr", sandbox.function(name, 2.0)) for name in
                    ("right", "forged", "unfinished")}
    finally:
        sandbox.close()
        import shutil
        shutil.rmtree(tree, ignore_errors=True)
    assert verdicts["right"].passed, verdicts["right"].text
    assert verdicts["forged"].status == "wrong" and "rerunning" in verdicts["forged"].text
    assert verdicts["unfinished"].status == "not done"


def test_the_sandbox_copy_holds_no_answer_keys_of_explorations():
    sys.path.insert(0, str(ROOT / "instructor"))
    import shutil

    from sandbox import make_sandbox_tree
    tree = make_sandbox_tree(ROOT / "nnlib")
    try:
        stripped = (tree / "nnlib" / "exercises" / "explorations.py").read_text()
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    for text in ("fraction_left\"] <= 0.01", "best_val + 0.05", "10 ** -5.5", "def _answer_02():\n    return",
                 "'lr': 1.585", EXPLORATIONS["02.largest_lr"].explanation[:40]):
        assert text not in stripped, text
    assert "CHOICES_06 = (" in stripped and "LR_KEYS, DEPTH_KEYS = (" in stripped  # what a notebook still needs


# ------------------------------------------------------------------ defects found by students who never read the checks
# (a helper played ~140 simulated students; each test below is written from its reproducer)

UPTO = content.CHOICES_06[1]


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.31, 1.0])
def test_06_only_runs_at_the_tasks_learning_rate_count_and_the_verdict_says_so(lr):
    explorer = LearningRateExplorer(default_lr=0.3, default_momentum=0.9)
    for prediction_value in (UPTO, content.CHOICES_06[0]):
        prediction = Prediction("06.settle").commit(prediction_value)
        explorer.run(lr, 0.1)
        explorer.run(lr, 0.9)
        verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=explorer)
        assert verdict.status == "not done", verdict.text            # was: passed, "0.90 settles ... 0.90 crosses it"
        assert "fixes the learning rate at 0.3" in short(verdict) and f"lr {lr:.3g}" in verdict.text, verdict.text
    # the same student, back at the task's learning rate, passes; the verdict names the runs that did not count
    explorer.run(0.3, 0.4)
    explorer.run(0.3, 0.9)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=explorer)
    assert verdict.passed and "momentum 0.40 settles" in verdict.text, verdict.text
    assert short(verdict).endswith(f"(your runs at lr {lr:.3g} do not count: the task fixes lr 0.3).")


def test_05_sigmoid_with_large_init_does_not_count_as_training(depths):
    # measured: trained for 4 epochs, sigmoid + large init at 11 layers stays at chance; relu + He learns
    from nnlib import nn, optim
    from nnlib.data import load_digits, train_test_split
    from nnlib.train import fit
    X, y = load_digits()
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, seed=0)
    losses = {}
    for activation, init in [("sigmoid", "large"), ("relu", "he")]:
        model = depths.build_model(11, activation, init)
        history = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.01, momentum=0.9),
                      (X_train, y_train), (X_val, y_val), epochs=4, batch_size=64, seed=0)
        losses[activation] = history.train_loss[-1]
    assert losses["sigmoid"] > 2.25 and losses["relu"] < 1.8, losses
    explorer = VanishingGradientExplorer()
    prediction = Prediction("05.sigmoid_million").commit(11)
    for depth in (10, 11):
        explorer.run(depth, "sigmoid", "xavier")
    explorer.run(11, "sigmoid", "large")
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=explorer)
    assert verdict.status == "not done", verdict.text                  # was: passed, "makes 11 layers train" (now "gives ... healthy gradients")
    assert "0.028, is outside the healthy band 0.1 to 10" in short(verdict), verdict.text
    explorer.run(11, "relu", "he")
    assert judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=explorer).passed


@pytest.mark.parametrize("exploration_id, bad, good", [
    ("02.largest_lr", [(200.0,)], [(10 ** 0.2,), (10 ** 0.3,)]),
    ("06.settle", [(0.3, 0.995)], [(0.3, 0.4), (0.3, 0.9)]),
    ("05.sigmoid_million", [(25, "sigmoid", "xavier"), (30, "sigmoid", "xavier")],
     [(10, "sigmoid", "xavier"), (11, "sigmoid", "xavier"), (11, "relu", "he")]),
    ("10.batchnorm_depth", [(25, "sigmoid", "xavier", True)],
     [(20, "sigmoid", "xavier", True), (20, "sigmoid", "xavier", False)]),
    ("07.best_dropout", [(0.95,)], [(0.0,), (0.3,), (0.6,), (0.9,)]),
])
def test_a_run_outside_the_sliders_range_is_ignored_and_named_not_a_block(exploration_id, bad, good):
    exploration = EXPLORATIONS[exploration_id]
    explorer = exploration.explorer() if exploration_id != "07.best_dropout" else exploration.canonical()
    prediction = Prediction(exploration_id).commit(RIGHT[exploration_id])
    for setting in bad + good:
        explorer.run(*setting)
    verdict = judge(exploration, prediction, explorer=explorer)
    assert verdict.passed, verdict.text                                 # was: wrong, for good
    assert "(ignored: " in short(verdict) and "outside the slider's range" in verdict.text, verdict.text


def test_a_committed_prediction_is_final(bowl):
    prediction = Prediction("02.largest_lr").commit(0.1)
    for lr in (1.0, 10 ** 0.2, 10 ** 0.3):
        bowl.run(lr)
    with pytest.raises(ValueError, match=r"already committed \(0.1\).*new Prediction\(\"02.largest_lr\"\)"):
        prediction.commit(1.8)                                          # was: accepted, "You predicted 1.8 ... right"
    bowl.run(10 ** 0.2)
    bowl.run(10 ** 0.3)
    verdict = judge(EXPLORATIONS["02.largest_lr"], prediction, explorer=bowl)
    assert verdict.passed and verdict.message.startswith("You predicted 0.1, but"), verdict.text
    # starting over: a new Prediction, and runs after it
    again = Prediction("02.largest_lr").commit(1.8)
    assert judge(EXPLORATIONS["02.largest_lr"], again, explorer=bowl).status == "not done"
    bowl.run(10 ** 0.2)
    bowl.run(10 ** 0.3)
    assert judge(EXPLORATIONS["02.largest_lr"], again, explorer=bowl).message.startswith("You predicted 1.8, and")
    widget = predict("06.settle", UPTO)                                   # the widget's button is disabled too
    with pytest.raises(ValueError, match="already committed"):
        widget.commit(content.CHOICES_06[0])


@pytest.mark.parametrize("value, right", [(1.4, False), (1.5, True), (1.8, True), (1.87, True), (2.0, False),
                                          (2.2, False), (2.5, False)])
def test_02_only_predictions_that_converge_are_right(value, right):
    record = [{"lr": 10 ** 0.2}, {"lr": 10 ** 0.3}]
    verdict = judge(EXPLORATIONS["02.largest_lr"], value, record=record)
    assert verdict.passed and (verdict.mistake is None) == right, verdict.text
    if value > 1.87:                                     # was: 2.2 and 2.5 "right", beside "lr < 2 / curvature"
        assert "close to 2 each bounce shrinks too little" in short(verdict), verdict.text


def test_05_a_millionth_is_exact_in_the_check_the_title_and_the_status(depths):
    r10, r11 = depths.run(10, "sigmoid", "xavier"), depths.run(11, "sigmoid", "xavier")
    assert 1e-6 < r10["ratio"] < 1.2e-6 and r11["ratio"] < 1e-6
    assert content._million_depth(EXPLORATIONS["05.sigmoid_million"].canonical()) == 11
    depths.update(10, "sigmoid", "xavier")
    assert depths.axes[0].get_title() == "Gradient norm per layer (first/last 1.1e-06)"   # was: 1e-06
    assert "ratio: 1.1e-06" in depths.status.value
    prediction = Prediction("05.sigmoid_million").commit(11)              # the literal reader answers 11
    for depth in (10, 11):
        depths.run(depth, "sigmoid", "xavier")
    verdict = judge(EXPLORATIONS["05.sigmoid_million"], prediction, explorer=depths)
    assert verdict.status == "not done" and "part 1 done: 11 sigmoid layers" in verdict.text, verdict.text
    with pytest.raises(ValueError, match="whole number"):
        Prediction("05.sigmoid_million").commit(10.5)
    source = (ROOT / "notebooks" / "05_vanishing_gradients.ipynb").read_text()
    assert "1e-06 or less" not in source and "1.0e-06 or less" in source


def test_runs_before_the_commit_are_named_as_not_counting():
    explorer = VanishingGradientExplorer(activation="sigmoid", init="xavier", batch_norm=True)
    for depth in (10, 20):
        explorer.run(depth, "sigmoid", "xavier", batch_norm=True)
    prediction = Prediction("10.batchnorm_depth").commit(content.CHOICES_10[2])
    verdict = judge(EXPLORATIONS["10.batchnorm_depth"], prediction, explorer=explorer)
    assert verdict.status == "not done" and "runs before you committed your prediction do not count" in short(verdict)


def test_06_names_the_students_own_candidate_and_an_unfinished_search_is_not_yet():
    explorer = LearningRateExplorer(default_lr=0.3, default_momentum=0.9)
    prediction = Prediction("06.settle").commit(UPTO)
    explorer.run(0.3, 0.47)
    explorer.run(0.3, 0.9)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=explorer)
    assert verdict.status == "not done" and "with momentum 0.47 the path crosses" in short(verdict), verdict.text


def test_wrong_explorer_and_positional_arguments_get_a_sentence(bowl, capsys):
    prediction = Prediction("06.settle").commit(UPTO)
    verdict = judge(EXPLORATIONS["06.settle"], prediction, explorer=VanishingGradientExplorer())
    assert verdict.status == "wrong" and short(verdict) == (
        "this is a VanishingGradientExplorer, but 06.settle needs the LearningRateExplorer of its notebook: pass "
        "that one as the explorer.")                                                 # was: KeyError: 'lr'
    explorer = LearningRateExplorer(default_lr=0.3, default_momentum=0.9)
    explorer.run(0.3, 0.4)
    explorer.run(0.3, 0.9)
    capsys.readouterr()
    check("06.settle", prediction, explorer)                                         # was: TypeError
    assert capsys.readouterr().out.startswith("✅ 06.settle passed")
    check("06.settle", prediction)                                                   # was: "needs your function"
    assert "pass the explorer too" in capsys.readouterr().out
    check("06.settle", prediction, explorer, explorer)
    assert "could not read its arguments" in capsys.readouterr().out
