"""What a stuck student can reveal: a hint, then a worked solution.

Both print text (they work in any front end, and in a notebook exported to PDF).
The worked solution is the reference's own source code, the code the check compares with,
so it can never disagree with the check.
"""

import inspect
import textwrap

from .registry import get


def hint(exercise_id, level=1):
    """Print a nudge for the exercise, e.g. hint("01.forward"); hint("01.forward", 2) goes further.

    Level 1 is a question, the shapes or the idea; level 2 is more concrete; neither is the code,
    which solution(id) shows.
    """
    exercise = get(exercise_id)
    if level not in (1, 2):
        raise ValueError(f"hint level must be 1 or 2, got {level!r}")
    text = exercise.hint_more if level == 2 and exercise.hint_more else exercise.hint
    print(f"Hint for {exercise.id} ({exercise.task}){' (more)' if level == 2 else ''}:")
    print(textwrap.fill(text, width=100))
    if level == 1 and exercise.hint_more:
        print(f'More: hint("{exercise.id}", 2).')


def solution_source(exercise_id):
    """The worked solution's code: the reference function's source (an exploration has none: "")."""
    exercise = get(exercise_id)
    return inspect.getsource(exercise.reference) if hasattr(exercise, "reference") else ""


def solution(exercise_id):
    """Print the worked solution for the exercise, e.g. solution("01.forward").

    For an exploration: the explanation and the answer, measured by rerunning its explorer.
    """
    exercise = get(exercise_id)
    print(f"Worked solution for {exercise.id} ({exercise.task}):")
    if exercise.explanation:
        print(textwrap.fill(exercise.explanation, width=100))
        print()
    if not hasattr(exercise, "reference"):
        print(textwrap.fill(exercise.truth(exercise.canonical()), width=100))
        return
    print(solution_source(exercise_id))
