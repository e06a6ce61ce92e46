"""What a stuck student can reveal: a hint, then a worked solution.

Both print text (they work in any front end, and in a notebook exported to PDF).
The worked solution is the reference's own source code, the code the check compares with,
so it can never disagree with the check.
"""

import inspect
import textwrap

from .registry import get


def hint(exercise_id):
    """Print a nudge for the exercise, e.g. hint("01.forward")."""
    exercise = get(exercise_id)
    print(f"Hint for {exercise.id} ({exercise.task}):")
    print(textwrap.fill(exercise.hint, width=100))


def solution_source(exercise_id):
    """The worked solution's code: the reference function's source."""
    return inspect.getsource(get(exercise_id).reference)


def solution(exercise_id):
    """Print the worked solution for the exercise, e.g. solution("01.forward")."""
    exercise = get(exercise_id)
    print(f"Worked solution for {exercise.id} ({exercise.task}):")
    if exercise.explanation:
        print(textwrap.fill(exercise.explanation, width=100))
        print()
    print(solution_source(exercise_id))
