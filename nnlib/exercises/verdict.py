"""The verdict: one short line a student reads after running a check.

Status is one of "passed", "not done", "wrong". The text is one line, plus at most
MAX_DETAILS lines of detail (the case that shows the problem, the student's own line).
In strict mode (environment variable NNLIB_EXERCISES_STRICT=1, set by the grader and by
the "all solutions filled in" test) a check that does not pass raises AssertionError, so
nbgrader gives the exercise no points; for students a check only prints.
"""

import os
from dataclasses import dataclass

MAX_DETAILS = 3
STRICT_ENV = "NNLIB_EXERCISES_STRICT"
ICONS = {"passed": "✅", "not done": "⏳", "wrong": "❌"}
LABELS = {"passed": "passed", "not done": "not done yet", "wrong": "is not right yet"}


@dataclass(frozen=True)
class Verdict:
    """Outcome of one check.

    exercise_id: "01.forward". status: "passed", "not done" or "wrong".
    message: the one line that says what was verified or what is wrong.
    details: up to MAX_DETAILS extra lines. mistake: the name of a recognised typical
    mistake, or None. diagnosis: for a wrong answer no listed mistake explains, what was
    measured about it (how it relates to the right answer, an ignored argument, an input
    changed in place, the exception raised), or None when nothing specific was found.
    """

    exercise_id: str
    status: str
    message: str
    details: tuple = ()
    mistake: str | None = None
    diagnosis: str | None = None

    def __post_init__(self):
        if self.status not in ICONS:
            raise ValueError(f"status must be one of {sorted(ICONS)}, got {self.status!r}")

    @property
    def passed(self):
        return self.status == "passed"

    @property
    def text(self):
        """The verdict as printed: the line, its details, and where to get help."""
        lines = [f"{ICONS[self.status]} {self.exercise_id} {LABELS[self.status]}: {self.message}"]
        lines += [f"   {d}" for d in self.details[:MAX_DETAILS]]
        if not self.passed:
            lines.append(f'   Stuck? hint("{self.exercise_id}") gives a nudge, '
                         f'solution("{self.exercise_id}") a worked solution.')
        return "\n".join(lines)

    def __str__(self):
        return self.text


def strict_mode():
    """True when checks must raise on failure (autograding, the solutions test)."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def report(verdict):
    """Print the verdict; in strict mode raise AssertionError unless it passed."""
    print(verdict.text)
    if strict_mode() and not verdict.passed:
        raise AssertionError(verdict.text)
