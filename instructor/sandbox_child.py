"""The grading sandbox's child: runs one student's exercise functions, reports what they return.

Started by instructor/sandbox.py as `python -I -S -B sandbox_child.py SANDBOX SITE_PACKAGES...`
in an empty temporary folder, with a scrubbed environment. It never decides a grade: the
grader process compares what comes back with the references. Here:

- `import nnlib` finds SANDBOX/nnlib, a copy whose worked solutions are stubs (sandbox.py);
- limits: CPU time per call (a profiling timer, then RLIMIT_CPU), memory, file size; as root
  it drops to user nobody;
- an audit hook, installed before any student code runs, refuses writes outside the
  temporary folder, reads outside SANDBOX and Python's own folders, new processes, sockets,
  calls through ctypes and further audit hooks;
- stdout and stderr go to /dev/null; the messages travel on two private pipe descriptors.

Messages in (pickled by the grader): first ("preload", import lines), run before the fence;
then ("load", preamble, [(exercise_id, cell source)]) and ("call", name, args, kwargs, seconds).
Messages out: plain Python values only (encode()),
so that the grader can read them without running anything the student chose.
"""

import os
import pickle
import signal
import struct
import sys

SANDBOX, SITE = sys.argv[1], sys.argv[2:]
sys.path[:0] = [SANDBOX]
sys.path += SITE

import numpy as np  # noqa: E402

import nnlib  # noqa: E402,F401  (the sandbox's copy, imported before the audit hook)
import nnlib.exercises  # noqa: E402,F401


class TimeLimit(BaseException):
    """The call used its CPU time (a BaseException, so `except Exception` cannot swallow it)."""


def _cpu_alarm(signum, frame):
    raise TimeLimit("cpu")


def _send(out, value):
    data = pickle.dumps(value, protocol=4)
    os.write(out, struct.pack("<Q", len(data)))
    view = memoryview(data)
    while view:
        view = view[os.write(out, view):]


def _receive(inp):
    def read(n):
        chunks = []
        while n:
            chunk = os.read(inp, min(n, 1 << 20))
            if not chunk:
                os._exit(0)  # the grader went away
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)
    (size,) = struct.unpack("<Q", read(8))
    return pickle.loads(read(size))


# ------------------------------------------------------------------ what goes back: plain values


def encode(obj, memo=None):
    """obj as nested tuples of plain values; objects keep their identity (("ref", n))."""
    memo = {} if memo is None else memo
    if obj is None or type(obj) in (bool, int, float, complex, str, bytes):
        return ("v", obj)
    if id(obj) in memo:
        return ("ref", memo[id(obj)])
    key = memo[id(obj)] = len(memo)
    kind = type(obj)
    if kind in (list, tuple, set, frozenset):
        return ("seq", key, kind.__name__, [encode(x, memo) for x in obj])
    if kind is dict:
        return ("dict", key, [(encode(k, memo), encode(v, memo)) for k, v in obj.items()])
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.nn.Module):
        try:  # a torch model (torch's own or the student's class): its tensors travel, as arrays, in its order
            return ("torch_module", key, [(name, encode(value, memo)) for name, value in obj.state_dict().items()],
                    [(name, encode(p, memo)) for name, p in obj.named_parameters()],
                    [(name, encode(b, memo)) for name, b in obj.named_buffers()])
        except Exception:
            return ("unreadable", key, kind.__name__)
    if isinstance(obj, np.ndarray) or isinstance(obj, np.generic) or kind.__module__.startswith("torch"):
        try:
            array = obj.detach().cpu().numpy() if hasattr(obj, "detach") else np.asarray(obj)
        except Exception:
            return ("unreadable", key, kind.__name__)
        if array.dtype.kind not in "biufc":
            return ("unreadable", key, f"{kind.__name__} of {array.dtype}")
        scalar = isinstance(obj, np.generic)
        return ("array", key, array.dtype.str, array.shape, np.ascontiguousarray(array).tobytes(), scalar)
    module = getattr(kind, "__module__", "") or ""
    if callable(obj) and not hasattr(obj, "__dict__") or isinstance(obj, type) or (
            hasattr(obj, "__qualname__") and hasattr(obj, "__code__")):
        name = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        return ("global", key, *name) if name[0] and name[0].startswith("nnlib") else ("unreadable", key, "function")
    if module.startswith("nnlib") and isinstance(obj, tuple):
        return ("tuple", key, module, kind.__qualname__, [encode(x, memo) for x in obj])
    if module.startswith("nnlib") and hasattr(obj, "__dict__"):
        return ("object", key, module, kind.__qualname__,
                [(name, encode(value, memo)) for name, value in vars(obj).items()])
    return ("unreadable", key, kind.__name__)


# ------------------------------------------------------------------ the student's code


def _where(error, namespace):
    """(line number, function name, cell id) of the deepest frame in a student's cell."""
    tb, found = error.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith("<cell "):
            found = (tb.tb_lineno, tb.tb_frame.f_code.co_name, filename[6:-1])
        tb = tb.tb_next
    if found is None and isinstance(error, SyntaxError) and (error.filename or "").startswith("<cell "):
        found = (error.lineno or 1, "<module>", error.filename[6:-1])
    return found


def _error(error, namespace):
    kind = type(error)
    if isinstance(error, TimeLimit):
        return ("error", "TimeLimit", "builtins", "", _where(error, namespace))
    if isinstance(error, SyntaxError):
        message = f"{error.msg} (line {error.lineno})"
    else:
        try:
            message = str(error)
        except BaseException:  # noqa: B036 -- a student's __str__ may raise anything
            message = "?"
    return ("error", kind.__name__, kind.__module__, message[:500], _where(error, namespace))


def _limited(seconds, run):
    """run() with at most `seconds` of CPU time (SIGPROF), and RLIMIT_CPU as the hard stop."""
    import resource
    used = resource.getrusage(resource.RUSAGE_SELF)
    used = used.ru_utime + used.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 3
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        with np.errstate(all="ignore"):
            return run()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _load(preamble, cells):
    """A fresh namespace: the release's own import lines, then the student's cells in order."""
    import linecache
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    for line in preamble:
        try:
            exec(compile(line, "<preamble>", "exec"), namespace)
        except Exception:
            pass  # a package this machine lacks: the exercise that needs it says so
    errors = {}
    for exercise_id, source in cells:
        filename = f"<cell {exercise_id}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            code = compile(source, filename, "exec")
            _limited(10.0, lambda code=code: exec(code, namespace))
        except BaseException as error:  # noqa: B036 -- the cell's error is reported, the child goes on
            errors[exercise_id] = _error(error, namespace)
    return namespace, errors


def _call(namespace, name, args, kwargs, seconds):
    fn = namespace.get(name)
    if not callable(fn):
        return ("missing", name)
    try:
        result = _limited(seconds, lambda: fn(*args, **kwargs))
    except BaseException as error:  # noqa: B036 -- any error in student code goes back as a value
        return _error(error, namespace)
    return ("ok", encode((result, args, kwargs)))


# ------------------------------------------------------------------ the fence


def _others_can_read(path):
    """Whether every folder down to path is open to other users (so user nobody can import from it)."""
    import stat
    path = os.path.realpath(path)
    while True:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
        if path == os.path.dirname(path):
            return True
        path = os.path.dirname(path)


def _fence(tmp):
    """Limits, a lower-privileged user, and an audit hook; from here on nothing can be undone."""
    import resource
    for limit, value in ((resource.RLIMIT_FSIZE, 20 << 20), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_DATA, 3 << 30), (resource.RLIMIT_CPU, 900)):
        resource.setrlimit(limit, (value, value))
    if os.geteuid() == 0 and all(_others_can_read(p) for p in (SANDBOX, sys.base_prefix, *SITE)):
        # As root, file permissions protect nothing: become nobody (where nobody can still read
        # Python's own files; a Python installed under /root cannot be, and the audit hook remains).
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    readable = tuple(os.path.realpath(p) for p in (SANDBOX, tmp, sys.prefix, sys.base_prefix,
                                                   sys.exec_prefix, *SITE))
    writable = os.path.realpath(tmp)

    def inside(path, roots):
        if isinstance(path, int):
            return True  # an open descriptor: it was checked when it was opened
        try:
            path = os.path.realpath(os.fsdecode(path))
        except Exception:
            return False
        return any(path == root or path.startswith(root + os.sep) for root in roots) or path == "/dev/null"

    refused = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
               "os.forkpty", "pty.spawn", "os.kill", "os.killpg", "socket.", "ctypes.", "sys.addaudithook",
               "sys.settrace", "sys.setprofile", "gc.get_objects", "gc.get_referrers",
               "_posixsubprocess", "signal.pthread_kill", "mmap.")
    writes = ("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link",
              "os.symlink", "os.truncate", "os.utime", "shutil.")

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            writing = (mode is not None and any(c in str(mode) for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
            if not inside(path, (writable,) if writing else readable):
                raise PermissionError(f"the grader's sandbox does not allow {'writing' if writing else 'reading'} "
                                      f"{path}")
        elif event in ("os.listdir", "os.scandir"):
            if not inside(args[0] if args else ".", readable):
                raise PermissionError(f"the grader's sandbox does not allow listing {args[0]}")
        elif event.startswith(writes):
            if not all(inside(a, (writable,)) for a in args if isinstance(a, (str, bytes, os.PathLike))):
                raise PermissionError(f"the grader's sandbox does not allow {event}")
        elif event == "import" and args[0].split(".")[0] in ("cffi", "_posixsubprocess"):
            raise PermissionError(f"the grader's sandbox does not allow importing {args[0]}")
        elif event.startswith(refused):
            raise PermissionError(f"the grader's sandbox does not allow {event}")

    sys.addaudithook(hook)


def main():
    inp, out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)  # a student's print goes nowhere and cannot garble the messages
    tmp = os.getcwd()
    signal.signal(signal.SIGPROF, _cpu_alarm)
    for statement in _receive(inp)[1]:  # ("preload", the import lines of every notebook), before the fence
        try:
            exec(statement, {})
        except Exception:
            pass
    _fence(tmp)
    _send(out, ("ready",))
    namespace = {}
    while True:
        message = _receive(inp)
        if message[0] == "load":
            namespace, errors = _load(message[1], message[2])
            reply = ("loaded", errors)
        else:
            _, name, args, kwargs, seconds = message
            reply = _call(namespace, name, args, kwargs, seconds)
        try:
            _send(out, reply)
        except Exception as error:  # a value that cannot be pickled after all
            _send(out, ("error", "ValueError", "builtins", f"the result could not be sent back: {error}"[:300], None))


if __name__ == "__main__":
    main()
