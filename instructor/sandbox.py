"""The grader's side of the sandbox: a stripped copy of nnlib, and a child process to run student code.

- `strip_solutions(nnlib_dir)`: in a copy of nnlib, every exercise's reference (its worked
  solution), and every other function of the exercise modules but those the cases hand to the
  student's code, becomes a stub that raises; so do the explorations' judges, measured truths and
  worked answers (strip_explorations). Used for the sandbox and for the graded release.
- `Sandbox`: one child process (sandbox_child.py) in its own temporary folder. `load()` runs a
  notebook's exercise cells there; `function()` returns a proxy that, called in the grader with
  the check's arguments, runs the student's function in the child and copies the arguments'
  state after the call back into the grader's own objects, so `run_check` sees in-place changes.
  A child that dies or runs past its time is killed and started again; the call counts as an
  error of the student's code.
- `decode()`: what the child sends is plain values (pickle with no classes allowed); only
  nnlib's own classes are rebuilt from it, without calling their constructors.
"""

import ast
import builtins
import importlib
import io
import linecache
import os
import pickle
import select
import shutil
import signal
import site
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from nnlib.exercises import all_exercises, runner

CHILD = Path(__file__).with_name("sandbox_child.py")
STUB = "the worked solution is not part of this copy of nnlib"


def case_functions():
    """{module name: {function names}} of exercise-module functions that the cases pass as arguments.

    The student's code calls these (a gradient to descend, ...), so they must keep working."""
    found = {}

    def walk(value, seen):
        if id(value) in seen:
            return
        seen.add(id(value))
        if callable(value) and getattr(value, "__module__", "").startswith("nnlib.exercises.nb") \
                and hasattr(value, "__code__"):
            found.setdefault(value.__module__.rsplit(".", 1)[1], set()).add(value.__name__)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, seen)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, seen)

    for exercise in all_exercises().values():
        for case in exercise.cases():
            walk((case.args, case.kwargs), set())
    return found


def strip_solutions(nnlib_dir, hints=True):
    """In a copy of nnlib, every function of nnlib_dir/exercises/nbNN.py becomes a stub that raises.

    That is the references (worked solutions) and also the typical mistakes and helpers, some
    of which are one flag away from a solution, and the typical mistakes; kept are only the functions the cases pass to
    the student's code (case_functions()). Classes stay. Done on the source with `ast`, so it
    follows whatever the exercise modules hold today. hints=False also empties hints and explanations.
    """
    keep = case_functions()
    for path in sorted(Path(nnlib_dir, "exercises").glob("nb[0-9][0-9].py")):
        tree = ast.parse(path.read_text())
        references = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Exercise":
                for keyword in node.keywords:
                    if keyword.arg == "reference" and not isinstance(keyword.value, ast.Name):
                        raise ValueError(f"{path.name}: cannot strip a reference given as "
                                         f"{ast.unparse(keyword.value)!r}; name a module-level function")
                    if keyword.arg == "reference":
                        references.add(keyword.value.id)
                    elif keyword.arg == "mistakes":  # their fixes can spell out a line of the solution
                        keyword.value = ast.Tuple([], ast.Load())
                    elif keyword.arg in ("hint", "explanation") and not hints:
                        keyword.value = ast.Constant("")
        stubbed = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name not in keep.get(path.stem, ()):
                doc = node.body[:1] if ast.get_docstring(node) is not None else []
                node.body = doc + [ast.parse(f"raise NotImplementedError({STUB!r})").body[0]]
                stubbed.add(node.name)
        if not references <= stubbed:
            raise ValueError(f"{path.name}: references {sorted(references - stubbed)} are not module-level functions")
        path.write_text(ast.unparse(tree) + "\n")
    strip_explorations(Path(nnlib_dir, "exercises", "explorations.py"), hints=hints)


def strip_explorations(path, hints=True):
    """In a copy of nnlib, explorations.py keeps only what a student's notebook needs (ids, questions, choices,
    the setting keys that hand_in() writes): every function (the judges, the measured truths, the worked answers)
    becomes a stub, every numeric constant (thresholds) None, every explanation empty, and with hints=False the
    hints too. The grader judges with its own, complete nnlib."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            node.decorator_list = []
            node.body = [ast.parse(f"raise NotImplementedError({STUB!r})").body[0]]
        elif isinstance(node, ast.Assign):
            constants = [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)]
            if constants and all(isinstance(c, (int, float)) for c in constants):
                node.value = ast.Constant(None)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Exploration":
            for keyword in node.keywords:
                if keyword.arg == "explanation" or keyword.arg in ("hint", "hint_more") and not hints:
                    keyword.value = ast.Constant("")
    path.write_text(ast.unparse(tree) + "\n")


def make_sandbox_tree(nnlib_dir):
    """A temporary folder holding a stripped copy of nnlib and the child script (readable by all)."""
    root = Path(tempfile.mkdtemp(prefix="nnlib-sandbox-"))
    shutil.copytree(nnlib_dir, root / "nnlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    strip_solutions(root / "nnlib")
    shutil.copy(CHILD, root / CHILD.name)
    for folder, _, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return root


# ------------------------------------------------------------------ reading what the child sent


class _NoClasses(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"the sandbox sent a {module}.{name}: only plain values are accepted")


class Unreadable:
    """Something the student's code returned that the grader does not rebuild (their own class, ...)."""

    def __init__(self, what):
        self.what = what

    def __repr__(self):
        return f"<a {self.what} from your code>"


class TorchModuleState:
    """A torch model from the student's code, as the grader sees it: its tensors only, in the model's order
    (state_dict(), parameters(), buffers() and their named_ forms), never the student's class."""

    def __init__(self, state, parameters=(), buffers=()):
        self.state, self._parameters, self._buffers = dict(state), list(parameters), list(buffers)

    @staticmethod
    def _tensors(pairs):
        import torch
        return [(name, torch.from_numpy(np.array(value))) for name, value in pairs]

    def state_dict(self):
        return dict(self._tensors(self.state.items()))

    def named_parameters(self):
        return self._tensors(self._parameters)

    def parameters(self):
        return [t for _, t in self.named_parameters()]

    def named_buffers(self):
        return self._tensors(self._buffers)

    def buffers(self):
        return [t for _, t in self.named_buffers()]


def _resolve(module, qualname):
    if not (module == "nnlib" or module.startswith("nnlib.")):
        return None
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        return None
    return obj


def decode(tree, memo=None):
    """The value the child encoded (sandbox_child.encode), rebuilt without running student code."""
    memo = {} if memo is None else memo
    kind = tree[0]
    if kind == "v":
        return tree[1]
    if kind == "ref":
        return memo.get(tree[1])
    key = tree[1]
    if kind == "seq":
        if tree[2] == "list":
            memo[key] = out = []
            out.extend(decode(x, memo) for x in tree[3])
            return out
        items = [decode(x, memo) for x in tree[3]]
        memo[key] = out = {"tuple": tuple, "set": set, "frozenset": frozenset}[tree[2]](items)
        return out
    if kind == "dict":
        memo[key] = out = {}
        for k, v in tree[2]:
            out[decode(k, memo)] = decode(v, memo)
        return out
    if kind == "array":
        _, _, dtype, shape, data, scalar = tree
        dtype = np.dtype(dtype)
        if dtype.kind not in "biufc":
            raise ValueError(f"unexpected dtype {dtype}")
        array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        memo[key] = out = array[()] if scalar else array
        return out
    if kind == "torch_module":
        memo[key] = out = TorchModuleState({})
        out.state.update((str(name), decode(value, memo)) for name, value in tree[2])
        out._parameters = [(str(name), decode(value, memo)) for name, value in tree[3]]
        out._buffers = [(str(name), decode(value, memo)) for name, value in tree[4]]
        return out
    if kind == "global":
        memo[key] = out = _resolve(tree[2], tree[3])
        return out
    if kind in ("object", "tuple"):
        cls = _resolve(tree[2], tree[3])
        if not isinstance(cls, type):
            memo[key] = out = Unreadable(tree[3])
            return out
        if kind == "tuple":
            memo[key] = out = tuple.__new__(cls, [decode(x, memo) for x in tree[4]])
            return out
        memo[key] = out = object.__new__(cls) if cls.__new__ is object.__new__ else cls.__new__(cls)
        state = {name: decode(value, memo) for name, value in tree[4] if isinstance(name, str)}
        vars(out).update(state)
        return out
    memo[key] = out = Unreadable(tree[2] if len(tree) > 2 else "value")
    return out


def copy_state_into(old, new):
    """Make the grader's object `old` hold what the child's copy `new` holds after the call."""
    if old is new:
        return
    if isinstance(old, np.ndarray):
        if isinstance(new, np.ndarray) and new.shape == old.shape:
            old[...] = new
    elif isinstance(old, list) and isinstance(new, list):
        old[:] = new
    elif isinstance(old, dict) and isinstance(new, dict):
        old.clear()
        old.update(new)
    elif hasattr(old, "__dict__") and type(new) is type(old):
        vars(old).clear()
        vars(old).update(vars(new))


# ------------------------------------------------------------------ the child process


class StudentError(Exception):
    """An exception from the student's code whose type the grader does not rebuild."""


def _exception(kind, module, message):
    if kind == "TimeLimit":
        return runner.TimeLimitExceeded("stopped: it used its CPU time")
    cls = getattr(builtins, kind, None) if module == "builtins" else None
    if isinstance(cls, type) and issubclass(cls, BaseException) and not issubclass(cls, (SystemExit,
                                                                                         KeyboardInterrupt)):
        try:
            return cls(message)
        except Exception:
            pass
    return type(kind, (StudentError,), {})(message)


def _raise_at(error, where, cells):
    """Raise `error` from a frame that looks like the student's own line, for the verdict's 'your line'."""
    lineno, name, exercise_id = where
    filename = f"<your cell {exercise_id}>"
    source = cells.get(exercise_id, "")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    code = compile("\n" * (max(lineno, 1) - 1) + "raise __error__", filename, "exec")
    code = code.replace(co_name=str(name)[:80], co_qualname=str(name)[:80])
    exec(code, {"__error__": error})


class ProcessEnded(Exception):
    """What run_check sees when the student's code ended or crashed the sandbox's process."""


class ChildDied(Exception):
    """The child ended (os._exit, a crash, memory) or was killed for running too long."""


class Sandbox:
    """One child process for one student; started again after it dies."""

    def __init__(self, tree, preload=(), wall_seconds=60):
        """preload: import lines the child runs before its fence (what the notebooks and the exercises import)."""
        self.tree, self.preload, self.wall_seconds = Path(tree), list(preload), wall_seconds
        self.process = None
        self.cells, self.loaded = {}, None

    def _start(self):
        self.workdir = tempfile.mkdtemp(prefix="student-")
        if os.geteuid() == 0:
            os.chown(self.workdir, 65534, 65534)
        env = {"PATH": "/usr/bin:/bin", "HOME": self.workdir, "MPLBACKEND": "Agg", "MPLCONFIGDIR": self.workdir,
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8"}
        sites = [p for p in site.getsitepackages() if os.path.isdir(p)]
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", str(self.tree / CHILD.name), str(self.tree), *sites],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=self.workdir, env=env,
            start_new_session=True)
        self._send(("preload", self.preload))
        ready = self._receive(self.wall_seconds)
        if ready != ("ready",):
            raise ChildDied("the sandbox did not start")

    def close(self):
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                pipe.close()
            self.process = None
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _send(self, message):
        data = pickle.dumps(message, protocol=4)
        try:
            self.process.stdin.write(struct.pack("<Q", len(data)) + data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            self.close()
            raise ChildDied("the student's code ended the grading process") from error

    def _receive(self, seconds):
        fd, deadline, buffer = self.process.stdout.fileno(), time.monotonic() + seconds, io.BytesIO()
        need = 8
        while True:
            while buffer.tell() < need:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    self.close()
                    raise ChildDied(f"the student's code ran longer than {seconds:g} s")
                chunk = os.read(fd, min(need - buffer.tell(), 1 << 20))
                if not chunk:
                    self.close()
                    raise ChildDied("the student's code ended the grading process (os._exit, a crash, "
                                    "or too much memory)")
                buffer.write(chunk)
            if need == 8:
                (size,) = struct.unpack("<Q", buffer.getvalue())
                if size > 512 << 20:
                    self.close()
                    raise ChildDied("the student's code sent back more than 512 MB")
                need, buffer = size, io.BytesIO()
                if size == 0:
                    break
            else:
                break
        try:
            return _NoClasses(io.BytesIO(buffer.getvalue())).load()
        except Exception as error:
            self.close()
            raise ChildDied(f"the grading process sent back something unreadable ({error})") from None

    def _ask(self, message, seconds):
        if self.process is None:
            self._start()
            if message[0] == "call" and self.loaded is not None:  # a new child: run the notebook's cells again
                self._send(self.loaded)
                self._receive(self.wall_seconds)
        try:
            self._send(message)
            return self._receive(seconds)
        except BaseException:  # interrupted (a time limit, Ctrl-C): the child's state is unknown
            self.close()
            raise

    def load(self, preamble, cells):
        """Run the notebook's exercise cells [(exercise id, source)] in a fresh namespace.

        Returns {exercise id: a one-line error of that cell}, for cells that raised."""
        self.cells, self.loaded = dict(cells), None
        message = ("load", list(preamble), list(cells))
        reply = self._ask(message, self.wall_seconds)
        self.loaded = message
        errors = {}
        for exercise_id, (_, kind, _module, message, where) in dict(reply[1]).items():
            if kind == "TimeLimit":
                errors[exercise_id] = "the cell ran too long when it was run (a loop that never ends?)"
            else:
                line = f" (line {where[0]})" if where else ""
                errors[exercise_id] = f"the cell raised {kind}{line}: {message}"[:300]
        return errors

    def function(self, name, cpu_seconds):
        """A stand-in for the student's function `name`, for run_check."""
        def proxy(*args, **kwargs):
            wall = max(self.wall_seconds, 10 * cpu_seconds)
            try:
                reply = self._ask(("call", name, args, kwargs, cpu_seconds), wall)
            except ChildDied as died:
                if "longer than" in str(died):
                    raise runner.TimeLimitExceeded(str(died)) from None
                raise ProcessEnded(str(died)) from None  # run_check reports it as an error of the student's code
            if reply[0] == "missing":
                raise NameError(f"name '{name}' is not defined (the exercise cell does not define it)")
            if reply[0] == "error":
                _, kind, module, message, where = reply
                error = _exception(kind, module, message)
                if not where:
                    raise error
                _raise_at(error, where, self.cells)
            try:
                result, new_args, new_kwargs = decode(reply[1])
            except Exception as error:
                raise ValueError(f"the result could not be read ({type(error).__name__})") from None
            for old, new in zip(args, new_args):
                copy_state_into(old, new)
            for key, old in kwargs.items():
                if isinstance(new_kwargs, dict) and key in new_kwargs:
                    copy_state_into(old, new_kwargs[key])
            return result
        proxy.__name__ = name
        # A frame in the grader's own code must never be shown as "your line" in a verdict:
        # runner.student_line skips frames whose file name starts with "<frozen".
        proxy.__code__ = proxy.__code__.replace(co_filename="<frozen grader>")
        return proxy
