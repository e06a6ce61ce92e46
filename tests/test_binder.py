"""Binder launches the same environment as a local install, with a CPU-only torch."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _requirements(path):
    """{package name: specifier} of a requirements file, ignoring options and comments."""
    packages = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.match(r"[A-Za-z0-9_.\-]+", line).group(0).lower()
        packages[name] = line[len(name):].strip()
    return packages


def test_binder_has_the_same_packages_as_requirements():
    local, binder = _requirements(ROOT / "requirements.txt"), _requirements(ROOT / "binder/requirements.txt")
    assert set(local) == set(binder)
    for name in local:
        if name != "torch":
            assert local[name] == binder[name], f"{name}: {local[name]!r} locally, {binder[name]!r} on Binder"


def test_binder_torch_is_the_cpu_build_of_the_pinned_version():
    local, binder = _requirements(ROOT / "requirements.txt"), _requirements(ROOT / "binder/requirements.txt")
    assert binder["torch"] == local["torch"] + "+cpu"
    text = (ROOT / "binder/requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert re.search(r"^-e \.$", text, re.M), "binder must install nnlib itself"


def test_binder_python_matches_what_we_test():
    runtime = (ROOT / "binder/runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_readme_badge_opens_notebook_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)]+\)", readme)
    assert badge, "README needs a Binder badge"
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in badge.group(0)
    assert (ROOT / "notebooks/00_start_here.ipynb").exists()


@pytest.mark.skipif(shutil.which("repo2docker") is None and not (Path(sys.executable).parent / "repo2docker").exists(),
                    reason="repo2docker not installed (pip install jupyter-repo2docker); it is in requirements-test.txt")
def test_repo2docker_reads_binder_configuration():
    exe = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    result = subprocess.run([exe, "--no-build", "--no-run", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    dockerfile = result.stdout + result.stderr
    assert result.returncode == 0, dockerfile[-2000:]
    assert "python=3.11" in dockerfile or "python-3.11" in dockerfile
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "src/binder/requirements.txt" in dockerfile
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile


def test_binder_starts_with_one_blas_thread():
    """Shared Binder machines: many BLAS threads on a small CPU quota wait for each other."""
    start = ROOT / "binder/start"
    assert start.stat().st_mode & 0o111, "binder/start must be executable"
    text = start.read_text()
    assert "OPENBLAS_NUM_THREADS=1" in text and 'exec "$@"' in text
