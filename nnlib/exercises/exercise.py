"""What an exercise is: the task, the cases it is checked on, the mistakes it recognises.

An exercise module (nb01.py, nb02.py, ...) builds `Exercise` objects and lists them in a
tuple called EXERCISES; `registry.py` collects them. Nothing here runs student code: that
is `runner.py`; comparing outputs is `compare.py`; the verdict is `verdict.py`.
"""

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Case:
    """One call of the student's function: a short name for messages, and the arguments.

    name: says what the case tests, e.g. "float32, a batch of one" or "logits of +-1000".
    The arguments are deep-copied before every call, so a case can be reused safely.
    """

    name: str
    args: tuple
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A typical mistake, named in the verdict when the student's code makes it.

    name: what went wrong, in a few words ("forgot the mean over the batch").
    fix: one sentence on how to put it right.
    like: a wrong implementation with the reference's signature that makes exactly this
        mistake. The mistake is named when the student's outputs equal its outputs on every
        case where it runs (and it differs from the reference on at least one).
    when: alternatively, a predicate when(got, expected, case) -> bool, asked on the first
        case the student gets wrong; got and expected are tuples of outputs (see `returns`).
    """

    name: str
    fix: str
    like: Callable | None = None
    when: Callable | None = None

    def __post_init__(self):
        if (self.like is None) == (self.when is None):
            raise ValueError(f"Mistake {self.name!r}: give exactly one of like= or when=")


class InNotebook:
    """What exercises and explorations share: an id "NN.name" that names their notebook and nbgrader cells."""

    @property
    def notebook(self):
        """The notebook number, "01"."""
        return self.id[:2]

    @property
    def grade_id(self):
        """The nbgrader grade_id of the answer (solution) cell; the check cell adds "_check"."""
        return "ex" + self.id.replace(".", "_")


@dataclass(frozen=True)
class Exercise(InNotebook):
    """One exercise of a notebook.

    id: "NN.name", NN the notebook number: "01.forward". The student calls check("01.forward", fn).
    task: a few words for the verdict line ("the 2-layer forward pass").
    reference: the worked solution, with the same signature as the student's function.
        Its body is what `solution()` shows and what the instructor's source notebook holds,
        so it must be self-contained (only its arguments, numpy as np and nnlib).
    cases: a function returning the list of Case objects (seeded, small, fast).
    returns: names of the outputs, used in messages; ("loss",) or ("dx", "dw", "db").
    mistakes: the typical mistakes this check names, tried in order.
    hint: a nudge in one to three sentences, shown by hint(id): a question, the shapes, the idea;
        never the code.
    hint_more: a second, more concrete nudge, shown by hint(id, 2) (default: the hint again).
    explanation: a few sentences shown by solution(id) above the reference's code.
    observe: optional observe(result, args) -> tuple of outputs, for functions that work by
        changing an argument (a model, an optimiser): it returns what to compare, e.g.
        (losses, final weights). Default: the returned value(s).
    mutable: names of arguments the function may change in place (everything else must stay
        untouched: the check reports an input changed in place).
    tolerances: {"float32": (rtol, atol), "float64": (rtol, atol)} overrides, and
        {output name: (rtol, atol)} for one output.
    time_limit: seconds of CPU time per case before the student's code is stopped (where the OS
        allows); a call that runs out is tried once more, so importing a package does not count.
    same_dtype: float arrays that the reference returns in the dtype of a float input (float32 in, float32
        out, as nnlib and torch do) must come back in that dtype; False where the task leaves the dtype free.
    reruns: optional reruns(case) -> list of Case: further calls of the function made with each case
        (the same seed again, another seed). observe then gets a third argument, the list of their
        results, so that random functions are judged by properties (same seed, same answer).
    steps_from: {output name: argument name} for update rules (w_new from w): a wrong answer is
        also diagnosed by comparing the steps taken, output - argument.
    """

    id: str
    task: str
    reference: Callable
    cases: Callable[[], list]
    returns: tuple
    mistakes: tuple = ()
    hint: str = ""
    explanation: str = ""
    observe: Callable | None = None
    mutable: tuple = ()
    tolerances: dict = field(default_factory=dict)
    time_limit: float = 2.0
    hint_more: str = ""
    same_dtype: bool = True
    reruns: Callable | None = None
    steps_from: dict = field(default_factory=dict)

    def __post_init__(self):
        number, _, name = self.id.partition(".")
        if not (len(number) == 2 and number.isdigit() and name.isidentifier()):
            raise ValueError(f"exercise id must look like '01.forward', got {self.id!r}")
        if not self.returns:
            raise ValueError(f"exercise {self.id}: returns must name at least one output")

