"""Find every exercise: each module nbNN.py of this package lists its own in EXERCISES.

Adding a notebook's exercises means adding its nbNN.py; nothing else to register. Explorations
(tasks solved with an explorer's controls) are listed in explorations.py.
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


@cache
def all_explorations():
    """{id: Exploration} for every exploration (explorations.py): tasks solved by moving an explorer's controls."""
    from .explorations import EXPLORATIONS
    found = {}
    for exploration in EXPLORATIONS:
        if exploration.id in found or exploration.id in all_exercises():
            raise ValueError(f"two exercises or explorations have the id {exploration.id!r}")
        found[exploration.id] = exploration
    return found


def get(exercise_id):
    """The Exercise (or Exploration) with this id; a clear error listing the known ids otherwise."""
    exercises = all_exercises()
    if exercise_id in exercises:
        return exercises[exercise_id]
    explorations = all_explorations()
    if exercise_id in explorations:
        return explorations[exercise_id]
    raise KeyError(f"no exercise {exercise_id!r}; the exercises are: {', '.join(exercises)}; "
                   f"the explorations: {', '.join(explorations)}")
