"""Find every exercise: each module nbNN.py of this package lists its own in EXERCISES.

Adding a notebook's exercises means adding its nbNN.py; nothing else to register.
"""

import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

_MODULE = re.compile(r"nb\d\d")


@cache
def all_exercises():
    """{id: Exercise} for every exercise of every notebook, in notebook order."""
    found = {}
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not _MODULE.fullmatch(info.name):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for exercise in module.EXERCISES:
            if exercise.id in found:
                raise ValueError(f"two exercises have the id {exercise.id!r}")
            if exercise.notebook != info.name[2:]:
                raise ValueError(f"exercise {exercise.id} is declared in {info.name}.py: "
                                 "its id must start with the notebook number")
            found[exercise.id] = exercise
    return found


def get(exercise_id):
    """The Exercise with this id; a clear error listing the known ids otherwise."""
    exercises = all_exercises()
    if exercise_id not in exercises:
        raise KeyError(f"no exercise {exercise_id!r}; the exercises are: {', '.join(exercises)}")
    return exercises[exercise_id]
