"""lite/build.py's safety check: a compiled wheel whose bytes differ from Pyodide's lock stops the build."""

import hashlib
import sys
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
