"""Wrong implementations of the exercises, one module per notebook (nb01.py, ...).

Each module defines MISTAKES = {exercise id: {mistake name: function}}: for every typical
mistake an exercise claims to recognise, code the way a student might write it (loops,
other names, float64 or float32), independent of the `like=` functions in nnlib/exercises.
tests/test_exercises.py checks that each gets the verdict naming that very mistake.
"""

import importlib
import pkgutil
from pathlib import Path


def all_mistakes():
    """{exercise id: {mistake name: function}} over every nbNN.py module here."""
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("nb"):
            found.update(importlib.import_module(f"{__name__}.{info.name}").MISTAKES)
    return found
