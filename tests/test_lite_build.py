"""The in-browser edition's parts that need no browser: lite/build.py's safety check (a compiled wheel whose
bytes differ from Pyodide's lock stops the build), its compiled standard library, and nnlib's switch to
IPython's own completer where jedi is left out."""

import hashlib
import sys
import types
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "lite"))
import build  # noqa: E402  (lite/build.py)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("open_webui/frontend/pyodide/numpy-2.4.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl", b"wheel bytes")
    with zipfile.ZipFile(path) as z:
        yield z


def test_a_wheel_that_matches_the_lock_is_taken(source):
    entry = {"file_name": "numpy-2.4.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
             "sha256": hashlib.sha256(b"wheel bytes").hexdigest()}
    assert build.checked_wheel(source, "open_webui/frontend/pyodide/" + entry["file_name"], entry) == b"wheel bytes"


def test_a_wheel_that_differs_from_the_lock_stops_the_build(source):
    entry = {"file_name": "numpy-2.4.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
             "sha256": hashlib.sha256(b"the official bytes").hexdigest()}
    with pytest.raises(SystemExit, match="BUILD STOPPED: numpy-2.4.3.* is not Pyodide's official build"):
        build.checked_wheel(source, "open_webui/frontend/pyodide/" + entry["file_name"], entry)


def test_the_standard_library_keeps_every_published_file_and_gains_the_bytecode(tmp_path):
    published = [("json/__init__.py", b"x = 1\n"), ("json/decoder.py", b"y = 2\n"), ("LICENSE.txt", b"text")]
    zip_path = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in published:
            z.writestr(name, data)
    pycs = tmp_path / "pycs"
    (pycs / "json").mkdir(parents=True)
    (pycs / "json" / "__init__.pyc").write_bytes(b"bytecode")
    build.stdlib_bytecode(zip_path, pycs)
    with zipfile.ZipFile(zip_path) as z:
        assert {name: z.read(name) for name in z.namelist()} == {**dict(published), "json/__init__.pyc": b"bytecode"}


def _fake_kernel(monkeypatch, platform, jedi_installed):
    """sys.platform, whether jedi can be imported, and an IPython shell whose completer uses jedi."""
    import importlib.util

    import IPython

    shell = types.SimpleNamespace(Completer=types.SimpleNamespace(use_jedi=True))
    monkeypatch.setattr(sys, "platform", platform)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (object() if jedi_installed else None) if name == "jedi" else real_find_spec(name, *a))
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return shell


@pytest.mark.parametrize("platform, jedi_installed, switched", [("emscripten", False, True), ("emscripten", True, False),
                                                                ("linux", False, False)])
def test_nnlib_turns_jedi_off_only_in_the_browser_without_jedi(monkeypatch, platform, jedi_installed, switched):
    import nnlib

    shell = _fake_kernel(monkeypatch, platform, jedi_installed)
    assert nnlib._complete_without_jedi() is switched
    assert shell.Completer.use_jedi is not switched
