"""Explorations: a short task solved by moving an explorer's controls, with a prediction made first.

    prediction = Prediction("02.largest_lr")   # answer the question, press Commit, before you slide
    explorer = LearningRateExplorer()          # then slide: every run lands in explorer.record
    check("02.largest_lr", prediction=prediction, explorer=explorer)

The check reads only the *settings* of the record: it reruns each one on an explorer of its own
(the explorer's deterministic run()), so results typed or edited into a record count for nothing, and
a stored result that disagrees with the rerun is named. Only runs made after the prediction was
committed count: predict first, then look (a prediction is committed once; starting over means a new
Prediction, and new runs). A run outside a slider's range (run() accepts more) is ignored, and the
verdict says so. Where widgets do not run, `prediction.commit(value)` and
calls of `explorer.run(...)` by hand do the same. A function returning (prediction, record) is judged
the same way, `check("02.largest_lr", fn)` or `run_check("02.largest_lr", fn)` (the grader's call).

The verdicts are the exercises' (verdict.py): passed; not done ("not tried yet" or "not yet": the record
lacks the settings the task needs, or the search is not finished); wrong (the input is: a forged record, a
setting that is none of the explorer's, another explorer or prediction).
A wrong prediction does not fail a right find: the verdict says what was expected and what the explorer
showed, names the idea, and keeps the misconception in `Verdict.mistake` (a prediction is worth making
only if a wrong one costs nothing).
In strict mode only "wrong" raises: an exploration nobody touched is "not done", which an unattended
run of the notebook (CI, the solutions test) must print without failing.
"""

import math
import textwrap
from dataclasses import dataclass, field
from typing import Callable

from .exercise import InNotebook
from .verdict import Verdict

MAX_ENTRIES = 500  # runs after the prediction that the check reruns (the latest); a long session has more


class OutOfRange(ValueError):
    """A record entry is a real setting, but outside what the task uses (the check ignores it, and says so)."""


DEFINED = {}  # id -> Exploration, as nnlib/exercises/explorations.py defines them (the package imports it)


@dataclass(frozen=True)
class Exploration(InNotebook):
    """One exploration of a notebook.

    id: "NN.name", like an exercise's. task: a few words for messages.
    question: what the prediction answers, before the student slides.
    choices: the prediction's options (text); () when the prediction is a number.
    number: for a numeric prediction, (smallest, largest) accepted. whole: the number must be a whole one.
    explorer: () -> the explorer the check reruns settings on (built once per process).
    setting: (record entry) -> the tuple of run() arguments; raises ValueError with a sentence when the
        entry is not a setting of the explorer's controls (OutOfRange when it is one outside the task's range).
    compare: result fields an entry may hold that must agree with the rerun (forged records).
    judge: (prediction, runs, explorer) -> (status, message, mistake); runs are the explorer's own record
        entries for the student's settings, in order.
    truth: (explorer) -> one sentence with the measured answer, for solution(id).
    keys: the names of a record entry's setting, what hand_in() writes out ("lr", "momentum").
    answer: () -> a right (prediction, record) as plain values: the worked answer of the graded answer cell.
    hint, hint_more, explanation: as for exercises.
    """

    id: str
    task: str
    question: str
    explorer: Callable
    setting: Callable
    judge: Callable
    truth: Callable
    choices: tuple = ()
    number: tuple = (-math.inf, math.inf)
    whole: bool = False
    compare: tuple = ()
    keys: tuple = ()
    answer: Callable = None
    hint: str = ""
    hint_more: str = ""
    explanation: str = ""
    _built: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        DEFINED[self.id] = self

    time_limit = 5.0  # CPU seconds the grader allows the student's answer function (it only returns values)


    def canonical(self):
        """The explorer the check reruns settings on, built on first use."""
        if "explorer" not in self._built:
            self._built["explorer"] = self.explorer()
        return self._built["explorer"]

    def read_prediction(self, value):
        """(the prediction, None) or (None, what is wrong with it) for any value."""
        if self.choices:
            if isinstance(value, str):
                for choice in self.choices:
                    if value.strip().lower() == choice.lower():
                        return choice, None
            options = "; ".join(f'"{c}"' for c in self.choices)
            return None, f"your prediction {_short(value)} is not one of the choices: {options}"
        if isinstance(value, bool) or not isinstance(value, (int, float)) and type(value).__name__ not in (
                "float64", "float32", "int64", "int32"):
            return None, f"your prediction should be a number, got {type(value).__name__} {_short(value)}"
        value = float(value)
        low, high = self.number
        if not (math.isfinite(value) and low <= value <= high):
            return None, f"your prediction should be a number from {low:g} to {high:g}, got {value!r}"
        if self.whole and not value.is_integer():
            return None, f"your prediction should be a whole number, got {value!r}"
        return value, None


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _same(stored, fresh):
    """Whether a stored result agrees with the rerun's (numbers to 1e-6, anything else exactly)."""
    if isinstance(fresh, (int, float)) and not isinstance(fresh, bool):
        if isinstance(stored, bool) or not isinstance(stored, (int, float)):
            try:
                stored = float(stored)
            except (TypeError, ValueError, OverflowError):
                return False
        if math.isnan(fresh) or math.isnan(stored):
            return math.isnan(fresh) and math.isnan(stored)
        if math.isinf(fresh) or math.isinf(stored):
            return stored == fresh
        return abs(stored - fresh) <= 1e-6 * max(abs(fresh), 1e-12)
    return stored == fresh


class Prediction:
    """A prediction committed before the explorer shows the outcome.

    In JupyterLab (and JupyterLite) it shows the question, the choices (or a number box) and a Commit
    button; committing fixes the answer. Where widgets do not run, `commit(value)` does the same.
    `value` is None until committed; `visit` is the number of explorer runs made before the commit
    (only later runs count for the check).
    """

    def __init__(self, exploration_id, value=None):
        exploration = DEFINED.get(exploration_id)
        if exploration is None:
            raise ValueError(f"Prediction needs the id of an exploration ({', '.join(sorted(DEFINED))}), "
                             f"got {exploration_id!r}")
        self.exploration = exploration
        self.exploration_id = exploration.id
        self.value, self.visit = None, 0
        self._widgets = None
        if value is not None:
            self.commit(value)

    def commit(self, value):
        """Fix the prediction (by hand, or from the Commit button). Later explorer runs count.

        A prediction is committed once: a second commit raises (predict first, then look).
        """
        from ..widgets._base import last_visit
        if self.value is not None:
            raise ValueError(f"Prediction for {self.exploration_id}: already committed ({self.value!r}), and a "
                             f"committed prediction is final. To start over, make a new "
                             f'Prediction("{self.exploration_id}"), commit it, and use the explorer again: only '
                             "runs after that commit count.")
        read, problem = self.exploration.read_prediction(value)
        if problem is not None:
            raise ValueError(f"Prediction for {self.exploration_id}: {problem}")
        self.value, self.visit = read, last_visit()
        if self._widgets is not None:
            self._show_committed()
        return self

    # ---------------------------------------------------------------- the widget

    @property
    def widget(self):
        if self._widgets is None:
            self._build()
        return self._widgets["box"]

    @property
    def control(self):
        """The RadioButtons (choices) or FloatText (a number) the student answers with."""
        return self.widget and self._widgets["control"]

    @property
    def button(self):
        return self.widget and self._widgets["button"]

    def _build(self):
        import ipywidgets as widgets
        question = widgets.HTML(f"<b>Predict first</b> ({self.exploration_id}): {self.exploration.question}")
        if self.exploration.choices:
            control = widgets.RadioButtons(options=list(self.exploration.choices), value=None,
                                           layout=widgets.Layout(width="auto"))
        else:
            control = widgets.FloatText(value=None, description="your prediction",
                                        style={"description_width": "initial"})
        button = widgets.Button(description="Commit", button_style="primary", tooltip="fix your prediction")
        status = widgets.HTML("Not committed yet: answer, then press Commit, then use the explorer below.")
        self._widgets = {"control": control, "button": button, "status": status,
                         "box": widgets.VBox([question, control, widgets.HBox([button, status])])}
        button.on_click(lambda _: self._commit_from_widget())
        if self.value is not None:
            self._show_committed()

    def _commit_from_widget(self):
        value = self._widgets["control"].value
        if value is None:
            self._widgets["status"].value = "Choose an answer first."
            return
        try:
            self.commit(value)
        except ValueError as error:
            self._widgets["status"].value = str(error).split(": ", 1)[1]

    def _show_committed(self):
        w = self._widgets
        if w["control"].value != self.value:
            w["control"].value = self.value
        w["control"].disabled = w["button"].disabled = True
        w["status"].value = f"Committed: <b>{self.value}</b>. Now use the explorer below, then run the check."

    def __repr__(self):
        state = f"committed {self.value!r}" if self.value is not None else "not committed"
        return f"Prediction({self.exploration_id!r}: {state})"

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = (f"{self!r}. Where widgets do not run: "
                                f"prediction.commit(...) with your answer to: {self.exploration.question}")
        return bundle


# -------------------------------------------------------------------- the check


def _prediction_and_after(exploration, prediction):
    """(prediction value or None, visit after which runs count, problem or None)."""
    if isinstance(prediction, Prediction):
        if prediction.exploration_id != exploration.id:
            return None, 0, (f"this prediction belongs to {prediction.exploration_id}, not {exploration.id}: "
                             f'use Prediction("{exploration.id}")')
        return prediction.value, prediction.visit, None
    return prediction, 0, None


def _entries(exploration, explorer, record, after):
    """(the record's entries made after `after`, as (number, dict), how many came before), or a problem."""
    if record is None and explorer is not None:
        record = getattr(explorer, "record", None)
        if record is None:
            return None, 0, (f"check needs the explorer (the object with .record), got "
                             f"{type(explorer).__name__} {_short(explorer)}")
        try:
            needed = type(exploration.canonical()).__name__
        except Exception:  # noqa: BLE001 -- a stripped copy of nnlib (the sandbox) may not build it
            needed = type(explorer).__name__
        if type(explorer).__name__ != needed:
            return None, 0, (f"this is a {type(explorer).__name__}, but {exploration.id} needs the "
                             f"{needed} of its notebook: pass that one as the explorer.")
    if record is None:
        return None, 0, (f'not tried yet: pass the explorer too: check("{exploration.id}", prediction=..., '
                         'explorer=explorer)')
    if isinstance(record, dict) or not isinstance(record, (list, tuple)):
        return None, 0, (f"a record is a list of dicts (explorer.record), got {type(record).__name__} "
                         f"{_short(record)}")
    entries, before = [], 0
    for number, entry in enumerate(record, 1):
        if not isinstance(entry, dict):
            return None, 0, f"entry {number} of the record is {type(entry).__name__} {_short(entry)}, not a dict"
        visit = entry.get("visit")
        if after and isinstance(visit, (int, float)) and not isinstance(visit, bool) and visit <= after:
            before += 1
            continue  # run before the prediction was committed
        entries.append((number, entry))
    return entries[-MAX_ENTRIES:], before, None  # the latest runs: the check reruns each, so their number is bounded


def _rerun(exploration, entries):
    """(the explorer's own entries for the student's settings, [out-of-range sentences], None),
    or (None, None, what is off)."""
    explorer = exploration.canonical()
    runs, ignored = [], []
    for number, entry in entries:
        try:
            setting = exploration.setting(entry)
        except OutOfRange as error:
            ignored.append(str(error))
            continue
        except (KeyError, TypeError, ValueError) as error:
            detail = f"{type(error).__name__}: {error}" if isinstance(error, KeyError) else str(error)
            return None, None, (f"entry {number} of the record, {_short(entry)}, is not a setting of the explorer "
                                f"({detail})")
        try:
            explorer.run(*setting)
        except Exception as error:  # a value the explorer refuses: the student's record, not the check, is wrong
            return None, None, (f"entry {number} of the record, {_short(entry)}, cannot be run: "
                          f"{type(error).__name__}: {error}")
        fresh = explorer.record[-1]
        for name in exploration.compare:
            if name in entry and not _same(entry[name], fresh[name]):
                return None, None, (f"entry {number} of the record says {name} = {_short(entry[name])}, but "
                                    f"rerunning its setting gives {_short(fresh[name])}: the check reruns every "
                                    "setting itself, so only runs of the explorer count (move the controls, or call "
                                    "explorer.run)")
        runs.append(fresh)
    return runs, ignored, None


def judge(exploration, prediction=None, explorer=None, record=None):
    """The Verdict of an exploration: the committed prediction and the explorer's record (or a record).

    Never raises for the student's input: anything odd becomes a verdict.
    """
    eid = exploration.id
    try:
        value, after, problem = _prediction_and_after(exploration, prediction)
        if problem:
            return Verdict(eid, "wrong", problem)
        if value is None:
            return Verdict(eid, "not done", "not tried yet: first commit your prediction above (answer, then press "
                           "Commit, or prediction.commit(...)), then use the explorer and run this cell again.")
        value, problem = exploration.read_prediction(value)
        if problem:
            return Verdict(eid, "wrong", problem)
        entries, before, problem = _entries(exploration, explorer, record, after)
        if problem:
            return Verdict(eid, "not done" if problem.startswith("not tried yet") else "wrong", problem)
        if not entries and before:
            return Verdict(eid, "not done", "not tried yet: the explorer's runs before you committed your prediction "
                           "do not count (predict first, then look): use the explorer now, then run this cell again.")
        runs, ignored, problem = _rerun(exploration, entries)
        if problem:
            return Verdict(eid, "wrong", problem)
        status, message, mistake = exploration.judge(value, runs, exploration.canonical())
        if ignored:
            more = (f", and {len(ignored) - 1} more run{'s' if len(ignored) > 2 else ''} outside it"
                    if len(ignored) > 1 else "")
            message = message.rstrip(".") + f" (ignored: {ignored[0]}{more})."
        return Verdict(eid, status, message, mistake=mistake)
    except Exception as error:  # noqa: BLE001 -- a check must answer, whatever it was given
        return Verdict(eid, "wrong", f"this could not be checked ({type(error).__name__}: {str(error)[:120]}); "
                       "pass the committed prediction and the explorer")


def judge_function(exploration, fn):
    """The Verdict for a function returning (prediction, record): the grader's path (run_check)."""
    from . import runner
    from .exercise import Case
    if not callable(fn):
        return Verdict(exploration.id, "wrong", f"check needs your function, got {type(fn).__name__} {_short(fn)}")
    call = runner.call(fn, Case("your answer", ()), 10.0)
    if call.not_done:
        return Verdict(exploration.id, "not done", "replace `raise NotImplementedError()` with your answer "
                       "(return your prediction and the record) and run the cell again.")
    if call.error is not None:
        return Verdict(exploration.id, "wrong", f"your function raised {type(call.error).__name__}: {call.error}"[:200])
    result = call.result
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return Verdict(exploration.id, "wrong", "your function should return two things, (prediction, record); "
                       f"got {type(result).__name__} {_short(result)}")
    prediction, record = result
    if hasattr(record, "record"):  # an explorer
        return judge(exploration, prediction, explorer=record)
    return judge(exploration, prediction, record=record)


def hand_in(prediction, explorer):
    """Print the line to paste into the exploration's graded answer cell: `return prediction, [settings]`.

    The settings are those of the runs made after the prediction was committed, as plain values
    (each setting once, in the order last run; the latest MAX_ENTRIES). The grader runs only that
    cell, so what it returns is all it sees, and the check reruns every setting itself.
    """
    if not isinstance(prediction, Prediction):
        raise ValueError(f"hand_in needs your Prediction (the object with .commit), got {type(prediction).__name__} "
                         f"{_short(prediction)}")
    if prediction.value is None:
        print("Nothing to hand in yet: commit your prediction first, then use the explorer.")
        return None
    record = getattr(explorer, "record", None)
    if not isinstance(record, list):
        raise ValueError(f"hand_in needs the explorer (the object with .record), got {type(explorer).__name__} "
                         f"{_short(explorer)}")
    keys = prediction.exploration.keys
    settings = {}
    for entry in record:
        if entry.get("visit", 0) > prediction.visit:
            setting = {k: _plain(entry[k]) for k in keys if k in entry}
            settings.pop(repr(setting), None)
            settings[repr(setting)] = setting  # moved to the end: the order is that of the latest runs
    value = prediction.value if isinstance(prediction.value, str) else _plain(prediction.value)
    line = f"return {value!r}, {list(settings.values())[-MAX_ENTRIES:]!r}"
    print("Paste this into the answer cell below, in place of `raise NotImplementedError()`:\n")
    print(textwrap.fill(line, width=110, initial_indent="    ", subsequent_indent="        ",
                        break_long_words=False, break_on_hyphens=False))
    return line


def _plain(value):
    """A record value as a plain Python value (a numpy scalar prints as np.float64(...) otherwise)."""
    return value.item() if hasattr(value, "item") else value


def report(verdict):
    """Print the verdict; in strict mode raise AssertionError when it is wrong (not when it is not done)."""
    from .verdict import strict_mode
    print(verdict.text)
    if strict_mode() and verdict.status == "wrong":
        raise AssertionError(verdict.text)
