"""Run the student's function on one case, safely.

The function gets deep copies of the arguments (so it cannot spoil the case or the
reference), runs under a time limit where the operating system allows one (SIGALRM on
Linux and macOS, in the main thread), and any exception it raises is caught and turned
into the student's own line plus a hint, never a long traceback from inside a library.
"""

import copy
import signal
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_LIBRARY_DIRS = tuple(str(Path(p).resolve()) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
_NNLIB_DIR = str(Path(__file__).resolve().parents[1])


class TimeLimitExceeded(BaseException):
    """Raised inside the student's code when a case runs past its time limit.

    A BaseException, so that a student's `except Exception:` cannot swallow it.
    """


@dataclass
class Call:
    """What happened when the student's function ran on one case.

    result: the returned value; args, kwargs: the copies it received (after the call).
    error: the exception it raised, or None; where: "line 3 in forward: z = x @ w" for it.
    seconds: wall-clock time of the call. reruns: the results of further calls the exercise asks
    for (the same seed again, another seed), see Exercise.reruns.
    """

    result: object = None
    args: tuple = ()
    kwargs: dict = None
    error: BaseException | None = None
    where: str = ""
    seconds: float = 0.0
    reruns: tuple = ()

    @property
    def not_done(self):
        return isinstance(self.error, NotImplementedError)

    @property
    def timed_out(self):
        return isinstance(self.error, TimeLimitExceeded)


def _is_library_file(filename):
    if filename.startswith("<frozen") or filename.startswith("<string"):
        return True
    resolved = str(Path(filename).resolve()) if not filename.startswith("<") else filename
    return resolved.startswith(_NNLIB_DIR) or resolved.startswith(_LIBRARY_DIRS)


def student_line(error):
    """'line 3 in forward: z = x @ w' for the deepest frame of the student's own code.

    Frames inside nnlib, NumPy, the standard library or other installed packages are
    skipped: what the student needs is the line they wrote that led to the error.
    """
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if not _is_library_file(f.filename)]
    if not own:
        return ""
    frame = own[-1]
    code = (frame.line or "").strip()
    return f"line {frame.lineno} in {frame.name}: {code}" if code else f"line {frame.lineno} in {frame.name}"


class _time_limit:
    """Context manager: raise TimeLimitExceeded once the code has used `seconds` of CPU time.

    CPU time (ITIMER_PROF), not wall-clock time: a machine busy with other work does not make
    correct code run out of time. A wall-clock limit WALL_FACTOR times longer stops code that
    waits without computing (input(), time.sleep). In the browser (Pyodide) `signal` has SIGALRM
    but no setitimer: there the code runs unlimited."""

    WALL_FACTOR = 10

    def __init__(self, seconds):
        self.seconds = seconds
        self.active = (hasattr(signal, "SIGALRM") and hasattr(signal, "SIGPROF") and hasattr(signal, "setitimer")
                       and seconds and threading.current_thread() is threading.main_thread())

    def _cpu(self, signum, frame):
        raise TimeLimitExceeded(f"stopped after {self.seconds:g} s of computing")

    def _wall(self, signum, frame):
        raise TimeLimitExceeded(f"stopped after {self.seconds * self.WALL_FACTOR:g} s of waiting")

    def __enter__(self):
        if self.active:
            self.previous = signal.signal(signal.SIGPROF, self._cpu), signal.signal(signal.SIGALRM, self._wall)
            signal.setitimer(signal.ITIMER_PROF, self.seconds)
            signal.setitimer(signal.ITIMER_REAL, self.seconds * self.WALL_FACTOR)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGPROF, self.previous[0])
            signal.signal(signal.SIGALRM, self.previous[1])
        return False


def call(fn, case, time_limit=2.0):
    """Run fn on deep copies of case's arguments; return a Call (never raises, but for Ctrl-C)."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    start = time.perf_counter()
    try:
        # Warnings (overflow in exp, division by zero, torch's float(tensor) note) are the student's
        # business; the check looks at the numbers that come out, and a notebook must stay free of
        # stderr. Where warnings are errors (pytest -W error), they must not turn right code wrong.
        with np.errstate(all="ignore"), warnings.catch_warnings(), _time_limit(time_limit):
            warnings.simplefilter("ignore")
            result = fn(*args, **kwargs)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: B036 -- any error in student code becomes a verdict
        return Call(args=args, kwargs=kwargs, error=error, where=student_line(error),
                    seconds=time.perf_counter() - start)
    return Call(result=result, args=args, kwargs=kwargs, seconds=time.perf_counter() - start)


def error_hint(error):
    """A one-line hint for an exception raised by student code."""
    text = str(error)
    if isinstance(error, TimeLimitExceeded):
        return ("it ran too long, even on a second try (after a first run that may have spent its time "
                "importing packages): is there a loop that never ends?")
    if isinstance(error, NameError):
        return "a name is not defined: a typo, or a variable from a cell you have not run?"
    if isinstance(error, ValueError) and ("matmul" in text or "broadcast" in text or "shapes" in text):
        return "the shapes do not fit: print the .shape of each array and check which axes must match."
    if isinstance(error, IndexError):
        return "an index is out of range: check the axis you index and the size along it."
    if isinstance(error, (AttributeError, TypeError)):
        return "an argument is not what the code expects: check the types and the order of the arguments."
    if isinstance(error, RecursionError):
        return "the function calls itself without end."
    return "read the error message; then print the shapes and values just before that line."
