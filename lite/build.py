"""Build the course's JupyterLite site: JupyterLab and Python running in the browser, no server.

    python3 lite/build.py            # or: make lite    -> lite/site/, any static web host can serve it

The site is JupyterLite (JupyterLab compiled to a static web app) with the Pyodide kernel
(CPython compiled to WebAssembly), the notebooks 00-13, and a Python package set that is
exactly what the course needs: numpy, matplotlib, ipywidgets, tqdm and nnlib. Opening a
notebook in the browser and running it needs nothing but the files in lite/site/.

Offline and verifiable, by construction:
- nothing comes from a CDN, at build time or at run time: Pyodide's core comes from its npm
  package, every wheel is copied into the site, `pyodideUrl` points at the site's own copy, and
  `disablePyPIFallback` stops the kernel from asking PyPI for a package it does not have.
- the compiled (WebAssembly) wheels are Pyodide's official builds: each one's sha256 must equal
  the one in the `pyodide-lock.json` of the pinned npm package, or the build stops.
- pure-Python wheels come from PyPI at the versions the lock names (pip checks PyPI's hashes).

Downloads are kept in lite/.cache/ (git-ignored), so a rebuild downloads nothing.
Needs Python >= 3.10, pip and npm (Node.js) on PATH, and PyPI and npm registry access once.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

# ---------------------------------------------------------------------------------- pins
# A version bump is a change of one line here; the wheels follow the Pyodide lock.

# The JupyterLite build tool and its Pyodide kernel. 0.8.7's kernel needed a newer core than
# PyPI offered when this was written; 0.8.6 of both works together.
JUPYTERLITE_CORE = "jupyterlite-core==0.8.6"
PYODIDE_KERNEL = "jupyterlite-pyodide-kernel==0.8.6"
# Pyodide's core from the npm registry: pyodide.asm.wasm, the standard library and
# pyodide-lock.json (the list of Pyodide's packages with their sha256). No wheels inside.
PYODIDE_NPM = "pyodide@314.0.3"
# Pyodide publishes its compiled wheels (numpy, matplotlib, pillow, ...) only on its own
# download site, which this project cannot reach, and PyPI has no WebAssembly wheels of them.
# This PyPI wheel ships Pyodide 314.0.3's official wheels as plain files: we take only the
# ones we need from it, and only if their sha256 matches the official lock byte for byte.
OFFICIAL_WHEELS_SOURCE = "open-webui==0.12.4"
OFFICIAL_WHEELS_DIR = "open_webui/frontend/pyodide/"
# ipywidgets (the slider views) and what it needs: Pyodide's lock does not list them, so they
# are pinned here and added to the lock (pure Python, from PyPI). jupyterlab_widgets is also
# installed with the build tools: its JupyterLab extension draws the widgets in the page.
IPYWIDGETS = "ipywidgets==8.1.8"
JUPYTERLAB_WIDGETS = "jupyterlab_widgets==3.0.17"
COMM = "comm==0.2.3"
# `jupyter lite build` uses jupyter_server's contents manager to list the notebooks.
JUPYTER_SERVER = "jupyter_server==2.21.1"

# What the browser kernel must be able to load; the lock adds their dependencies.
# The kernel itself: at start-up JupyterLite's Pyodide kernel installs piplite, ipykernel,
# pyodide-kernel, comm, jedi and ipython with micropip, one after the other, unless they are
# in `loadPyodideOptions.packages`; we list them there (and add the three wheels that only the
# kernel extension ships to the lock), so Pyodide loads them all at once, from its lock.
KERNEL_PACKAGES = ["micropip", "piplite", "ipykernel", "pyodide-kernel", "comm", "jedi", "ipython"]
# Left out on purpose, though the kernel asks for it: jedi, which IPython uses for tab completion when it
# is installed (with parso: 2.4 MB of the site, with their bytecode, and 0.3 s of every kernel's start to
# unpack its 2,000 files). Without it IPython completes with its own completer (names, attributes, dict
# keys, paths; tests/test_lite.py checks), once `import nnlib` has switched it over: pyodide-kernel turns
# jedi on whether or not it is there (nnlib._complete_without_jedi). The kernel installs jedi with piplite
# at start unless it is in `loadPyodideOptions.packages`, so the lock keeps the name "jedi" for an empty
# wheel, jedi_left_out: loading it installs nothing importable, and `import jedi` fails as IPython expects
# when jedi is absent.
LEFT_OUT = ["jedi"]
# The course: nnlib pulls in numpy, matplotlib, ipywidgets and tqdm (they load on the first
# `import nnlib`, or whichever import comes first).
COURSE_PACKAGES = ["nnlib"]

# Dependencies in Pyodide's lock that the course never imports, left out of the site (1.7 MB): matplotlib
# needs fontTools only to embed fonts in PDF, PS and SVG files (the notebooks draw PNGs) and pytz not at
# all (it reads time zones with dateutil). tests/test_lite.py runs every notebook without them.
NEVER_IMPORTED = {"matplotlib": ["fonttools", "pytz"]}

# Bytecode. Python compiles a module's source each time it imports it, unless a .pyc is cached
# beside it, and a browser kernel starts with a fresh file system: without help every kernel
# compiled the ~800 modules of IPython, numpy, matplotlib, ... again (about 4 s of compiling in
# Node.js on the reference machine). So the site ships them compiled: for each package, a wheel
# NAME-bytecode that the package depends on in the lock, so that it loads with it (the official
# wheels stay byte for byte as Pyodide built them). The .pyc files are made by the site's own
# Pyodide, run under Node.js (the exact Python the browser runs), as "checked-hash" files: Python
# uses one only while its source's hash matches, so they cannot go stale. What gets compiled:
# every module that STARTUP imports.
STARTUP = """
import piplite.piplite, pyodide_kernel                                  # the kernel
import io, pkgutil, numpy, matplotlib.pyplot, matplotlib_inline.backend_inline, ipywidgets, tqdm.auto, nnlib
for module in pkgutil.walk_packages(nnlib.__path__, "nnlib."):         # all of nnlib
    __import__(module.name)
figure, axes = matplotlib.pyplot.subplots()                             # a first plot
axes.plot([1, 2]); axes.contourf([[0, 1], [1, 0]]); axes.set_title("$x^2$"); figure.savefig(io.BytesIO(), format="png")
"""

# --------------------------------------------------------------------------------- paths
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "lite" / ".cache"  # downloads and the build tools' venv (git-ignored)


def run(*cmd, cwd=None):
    print("+", " ".join(str(c) if "\n" not in str(c) else "<script>" for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def norm(name):
    """A package name as Pyodide's lock spells it: 'Jupyterlab_Widgets' -> 'jupyterlab-widgets'."""
    return name.lower().replace("_", "-").replace(".", "-")


def build_tools():
    """A venv of our own with the pinned JupyterLite packages, reinstalled when a pin changes."""
    venv = CACHE / "venv"
    pins = [JUPYTERLITE_CORE, PYODIDE_KERNEL, JUPYTERLAB_WIDGETS, JUPYTER_SERVER]
    stamp = venv / "pins.txt"
    if not stamp.exists() or stamp.read_text() != "\n".join(pins):
        shutil.rmtree(venv, ignore_errors=True)
        run(sys.executable, "-m", "venv", venv)
        run(venv / "bin" / "python", "-m", "pip", "install", "-qq", *pins)
        stamp.write_text("\n".join(pins))
    return venv


def pyodide_core():
    """The npm package's folder (package/), unpacked into the cache once."""
    name, version = PYODIDE_NPM.split("@")
    folder = CACHE / f"{name}-{version}"
    if not (folder / "package" / "pyodide-lock.json").exists():
        (CACHE / "downloads").mkdir(parents=True, exist_ok=True)
        run("npm", "pack", "--silent", PYODIDE_NPM, "--pack-destination", CACHE / "downloads")  # checks npm's hash
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        run("tar", "xzf", CACHE / "downloads" / f"{name}-{version}.tgz", "-C", folder)
    return folder / "package"


def pip_download(venv, specs, dest, for_browser=True):
    """Download wheels (no dependencies) unless the cache already has them; returns their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    have = {norm(p.name.split("-")[0]) + "==" + p.name.split("-")[1]: p for p in dest.glob("*.whl")}
    missing = [s for s in specs if norm(s.split("==")[0]) + "==" + s.split("==")[1] not in have]
    if missing:
        # Wheels only; for the browser, wheels that install on its Python (Pyodide's, 3.14).
        target = ["--python-version", "3.14"] if for_browser else []
        run(venv / "bin" / "python", "-m", "pip", "download", "-qq", "--no-deps", "--only-binary=:all:", *target,
            "-d", dest, *missing)
        have = {norm(p.name.split("-")[0]) + "==" + p.name.split("-")[1]: p for p in dest.glob("*.whl")}
    return [have[norm(s.split("==")[0]) + "==" + s.split("==")[1]] for s in specs]


def nnlib_wheel(venv, dest):
    """nnlib's wheel, built from a copy of the repository (pip wheel writes build/ into its source)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy(ROOT / name, src)
        shutil.copytree(ROOT / "nnlib", src / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
        run(venv / "bin" / "python", "-m", "pip", "wheel", "-qq", "--no-deps", src, "-w", tmp)
        (wheel,) = Path(tmp).glob("nnlib-*.whl")
        return Path(shutil.copy(wheel, dest))


def official_wheels(venv):
    """The OFFICIAL_WHEELS_SOURCE wheel and {file name: path inside it} of the wheels it carries."""
    (wheel,) = pip_download(venv, [OFFICIAL_WHEELS_SOURCE], CACHE / "downloads", for_browser=False)
    with zipfile.ZipFile(wheel) as z:
        inside = [n for n in z.namelist() if n.startswith(OFFICIAL_WHEELS_DIR) and n.endswith(".whl")]
    return wheel, {Path(n).name: n for n in inside}


def checked_wheel(source, path, entry):
    """The bytes of `path` in the zip file `source`, if their sha256 is the lock entry's; else the build stops."""
    data = source.read(path)
    if sha256(data) != entry["sha256"]:
        sys.exit(f"BUILD STOPPED: {entry['file_name']} in {OFFICIAL_WHEELS_SOURCE} has sha256 {sha256(data)}, "
                 f"but the lock of {PYODIDE_NPM} says {entry['sha256']}: it is not Pyodide's official build.")
    return data


def lock_entry(wheel, depends):
    """A pyodide-lock.json entry for a wheel that Pyodide's lock does not list."""
    name, version = wheel.name.split("-")[:2]
    return {"name": norm(name), "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256(wheel.read_bytes()), "package_type": "package", "imports": [name.lower()],
            "depends": depends, "unvendored_tests": False}


def extra_wheels(venv, out):
    """{lock name: (wheel, depends)} for what Pyodide's lock lacks: widgets, the kernel's own, nnlib."""
    pure = CACHE / "downloads" / "pure"
    ipywidgets, jupyterlab_widgets, comm = pip_download(venv, [IPYWIDGETS, JUPYTERLAB_WIDGETS, COMM], pure)
    # piplite, ipykernel (a stand-in for Pyodide) and pyodide-kernel ship with the kernel extension.
    shipped = venv / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    (piplite,) = shipped.glob("piplite-*.whl")
    (ipykernel,) = shipped.glob("ipykernel-*.whl")
    (pyodide_kernel,) = shipped.glob("pyodide_kernel-*.whl")
    return {
        "comm": (comm, []),
        "jupyterlab-widgets": (jupyterlab_widgets, []),
        "ipywidgets": (ipywidgets, ["comm", "ipython", "traitlets", "jupyterlab-widgets"]),
        "piplite": (piplite, ["micropip"]),
        "pyodide-kernel": (pyodide_kernel, ["comm", "ipython"]),
        "ipykernel": (ipykernel, ["pyodide-kernel"]),
        "nnlib": (nnlib_wheel(venv, out), ["numpy", "matplotlib", "ipywidgets", "tqdm"]),
    }


def pyodide_distribution(venv, out):
    """Pyodide's core plus every wheel the site needs, and a lock that lists exactly those."""
    core = pyodide_core()
    out.mkdir(parents=True)
    for name in ("pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs", "pyodide.js", "python_stdlib.zip",
                 "package.json"):
        shutil.copy(core / name, out)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    extra = extra_wheels(venv, out)
    for name, (wheel, depends) in extra.items():
        packages[name] = lock_entry(wheel, depends)
        if wheel.parent != out:
            shutil.copy(wheel, out)

    for name, unused in NEVER_IMPORTED.items():
        packages[name]["depends"] = [d for d in packages[name]["depends"] if d not in unused]
    for name in LEFT_OUT:
        wheel = out / f"{name}_left_out-0-py3-none-any.whl"
        write_wheel(wheel, f"{name}-left-out", "0", [])
        packages[name] = dict(lock_entry(wheel, []), name=name, imports=[])
        extra[name] = (wheel, [])
    needed = closure(KERNEL_PACKAGES + COURSE_PACKAGES, packages)  # everything they depend on, by the lock

    source, official = official_wheels(venv)
    from_pypi = []
    with zipfile.ZipFile(source) as z:
        for name in sorted(needed - extra.keys()):
            entry = packages[name]
            if entry["file_name"] in official:
                (out / entry["file_name"]).write_bytes(checked_wheel(z, official[entry["file_name"]], entry))
            elif entry["file_name"].endswith("-none-any.whl"):
                from_pypi.append(name)
            else:
                sys.exit(f"BUILD STOPPED: the compiled wheel {entry['file_name']} is not in {OFFICIAL_WHEELS_SOURCE}.")
    # Pure-Python wheels that the official set lacks: PyPI's, at the lock's version. Their bytes
    # differ from Pyodide's repacked copies, so the lock gets their own sha256.
    specs = [f"{name}=={packages[name]['version']}" for name in from_pypi]
    for name, wheel in zip(from_pypi, pip_download(venv, specs, CACHE / "downloads" / "pure")):
        shutil.copy(wheel, out)
        packages[name].update(file_name=wheel.name, sha256=sha256(wheel.read_bytes()))

    # The lock lists exactly what the site has: importing anything else fails plainly
    # (ModuleNotFoundError) instead of asking for a file that is not there.
    lock["packages"] = {name: packages[name] for name in sorted(needed)}
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    bytecode_wheels(out, lock)  # runs the Pyodide in `out`: needs the lock above
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    official_count = len(needed) - len(extra) - len(from_pypi)
    print(f"Pyodide packages: {len(needed)}: {official_count} official builds (sha256 checked), "
          f"{len(from_pypi)} pure-Python from PyPI, {len(extra)} added (widgets, kernel, nnlib, an empty jedi)")
    return lock


# Run by Node.js: start the site's Pyodide, import STARTUP, and write a checked-hash .pyc of every
# module it imported from site-packages into the folder argv[2] (as site-packages lays them out).
# The standard library's modules that were imported (by Pyodide's start, the kernel or STARTUP) are
# compiled too, into the folder argv[3], each as zipimport wants it: json/__init__.py -> json/__init__.pyc.
COMPILE_JS = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const py = await loadPyodide({indexURL: "%(pyodide)s/"});
await py.loadPackage(%(packages)s, {messageCallback: () => {}});
py.FS.mkdirTree("/out");
py.FS.mount(py.FS.filesystems.NODEFS, {root: "%(out)s"}, "/out");
py.FS.mkdirTree("/stdlib");
py.FS.mount(py.FS.filesystems.NODEFS, {root: "%(stdlib)s"}, "/stdlib");
py.runPython(%(startup)s);
py.runPython(`
import os, py_compile, sys, sysconfig, zipimport
site = "/" + sysconfig.get_paths()["purelib"].lstrip("/") + "/"  # it says //lib/...
for module in list(sys.modules.values()):
    source = getattr(module, "__file__", None) or ""
    if source.startswith(site) and source.endswith(".py"):
        folder, name = os.path.split(source[len(site):])
        target = os.path.join("/out", folder, "__pycache__", name[:-3] + "." + sys.implementation.cache_tag + ".pyc")
        py_compile.compile(source, cfile=target, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    elif isinstance(getattr(module, "__loader__", None), zipimport.zipimporter) and source.endswith(".py"):
        with open("/tmp/source.py", "wb") as f:  # py_compile reads a file; dfile names the source in the zip
            f.write(module.__loader__.get_data(source))
        py_compile.compile("/tmp/source.py", cfile="/stdlib/" + source.split(".zip/", 1)[1] + "c", dfile=source,
                           doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
`);
"""


def bytecode_wheels(out, lock):
    """Compile what STARTUP imports into a NAME-bytecode wheel per package in `out`, each a new
    dependency of its package in `lock`."""
    packages = lock["packages"]
    owner = {}  # top-level name in site-packages ("matplotlib", "six.py") -> lock package
    for name, entry in packages.items():
        with zipfile.ZipFile(out / entry["file_name"]) as z:
            for path in z.namelist():
                owner.setdefault(path.split("/")[0], name)
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as stdlib:
        pycs = Path(tmp)
        script = COMPILE_JS % {"pyodide": out.as_posix(), "out": pycs.as_posix(), "stdlib": stdlib,
                               "startup": json.dumps(STARTUP), "packages": json.dumps(sorted(packages))}
        run("node", "--input-type=module", "-e", script)
        stdlib_bytecode(out / "python_stdlib.zip", Path(stdlib))
        groups = {}
        for pyc in sorted(pycs.rglob("*.pyc")):
            path = pyc.relative_to(pycs).as_posix()  # e.g. numpy/__pycache__/version.cpython-314.pyc
            top = path.split("/")[0]
            if top == "__pycache__":  # a one-file module: __pycache__/six.cpython-314.pyc -> six.py
                top = path.split("/")[1].split(".")[0] + ".py"
            groups.setdefault(owner[top], []).append((path, pyc.read_bytes()))
    version = PYODIDE_NPM.split("@")[1]
    for name, files in groups.items():
        wheel = out / f"{name.replace('-', '_')}_bytecode-{version}-py3-none-any.whl"
        write_wheel(wheel, f"{name}-bytecode", version, files)
        packages[f"{name}-bytecode"] = dict(lock_entry(wheel, []), name=f"{name}-bytecode", imports=[])
        packages[name]["depends"].append(f"{name}-bytecode")
    sizes = sum((out / packages[f"{name}-bytecode"]["file_name"]).stat().st_size for name in groups)
    print(f"bytecode: {sum(map(len, groups.values()))} modules of {len(groups)} packages, {sizes / 1e6:.1f} MB")


def stdlib_bytecode(zip_path, pycs):
    """Add the .pyc files in the folder `pycs` to Pyodide's standard library, the zip file `zip_path`.

    Pyodide publishes python_stdlib.zip with sources only, so every kernel compiled the ~240 modules it
    imports from there again (in Node.js: 1.2 s of Pyodide's start, 0.3 s of `import piplite`, 0.7 s of
    importing the kernel). The
    zip keeps every entry as published (tests/test_lite.py compares them with the npm package's) and gains
    a checked-hash .pyc beside each source that a kernel and STARTUP import: zipimport uses it while its
    source's hash matches, and a module it lacks is compiled as before (2.6 MB more, compressed)."""
    with zipfile.ZipFile(zip_path) as published:
        entries = [(info, published.read(info)) for info in published.infolist()]
    with zipfile.ZipFile(zip_path, "w") as z:
        for info, data in entries:
            z.writestr(info, data)
        for pyc in sorted(pycs.rglob("*.pyc")):
            info = zipfile.ZipInfo(pyc.relative_to(pycs).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            z.writestr(info, pyc.read_bytes(), zipfile.ZIP_DEFLATED, compresslevel=9)
    print(f"bytecode: {len(list(pycs.rglob('*.pyc')))} modules of the standard library")


def write_wheel(path, name, version, files):
    """A minimal wheel holding `files` [(path in site-packages, bytes)], for Pyodide to unpack."""
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    meta = [(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()),
            (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: lite/build.py\nRoot-Is-Purelib: true\n"
                              b"Tag: py3-none-any\n")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for member, data in files + meta:
            z.writestr(zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        z.writestr(f"{info}/RECORD", "".join(f"{member},,\n" for member, _ in files + meta) + f"{info}/RECORD,,\n")


def closure(names, packages):
    """The packages `names` need, by the lock's dependencies, themselves included."""
    needed, todo = set(), list(names)
    while todo:
        name = norm(todo.pop())
        if name not in needed:
            needed.add(name)
            todo += packages[name]["depends"]
    return needed


# ------------------------------------------------------------------- notebooks with outputs
# The site's notebooks open with their outputs (figures, printed numbers, each explorer's default
# figure) already shown: the build runs them in the course's own Python (CPython, the .venv,
# this checkout's nnlib), two at a time, while the Pyodide steps run. The repository's notebooks
# stay without outputs.
def run_notebook(python, notebook, dest, records):
    """Run `notebook` (lite/execute.py) into `dest`; returns the file that records its explorers."""
    record = records / (notebook.stem + ".pickle")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("MPLBACKEND", None)
    done = subprocess.run([str(python), str(ROOT / "lite" / "execute.py"), str(notebook), str(dest / notebook.name),
                           str(record)], env=env, capture_output=True, text=True, timeout=900)
    if done.returncode:
        sys.exit(f"BUILD STOPPED: {notebook.name} failed in {python}:\n{done.stderr[-3000:]}")
    return record


def has_explorer(notebook):
    return "Explorer(" in notebook.read_text()


# CPython seconds per notebook (benchmarks/results/notebook_cost.csv, rounded): the explorers' notebooks
# run first (their results are computed next, while the others run), each group longest first.
NOTEBOOK_SECONDS = {"04": 12, "13": 11, "07": 8, "11": 6, "05": 6, "09": 5, "06": 5, "10": 5, "02": 5}


def run_order(notebooks):
    return sorted(notebooks, key=lambda n: (not has_explorer(n), -NOTEBOOK_SECONDS.get(n.name[:2], 3)))


# ------------------------------------------------------------------- explorers' results
# Every slider position of each explorer the notebooks make, computed once here in the site's own
# Pyodide under Node.js (the browser's Python: the results are the ones the browser would compute,
# bit for bit) and shipped in the package nnlib_explorer_cache, which loads with nnlib; an explorer
# whose configuration matches takes them as its cache (nnlib/widgets/_base.py, _shipped_results).
EXPLORER_JS = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const py = await loadPyodide({indexURL: "%(pyodide)s/"});
await py.loadPackage(["nnlib"], {messageCallback: () => {}});
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, {root: "%(work)s"}, "/work");
py.runPython(%(code)s);
"""

EXPLORER_PY = """
import contextlib, glob, io, pickle, time, matplotlib
matplotlib.use("agg")
from nnlib import widgets
from nnlib.widgets._base import _fingerprint


def grid(control):  # the values a slider's handle steps through (noUiSlider snaps to min + k * step)
    n = round((control["max"] - control["min"]) / control["step"])
    return [control["min"] + k * control["step"] for k in range(n + 1)]


def settings(kind, controls):
    if kind == "DropoutExplorer":
        return [(p,) for p in grid(controls["slider"])]
    if kind == "LearningRateExplorer":
        lr, momentum = controls["slider"], controls["momentum"]
        return ([(lr["base"] ** x, momentum["value"]) for x in grid(lr)]
                + [(lr["value"], m) for m in grid(momentum)])
    if kind == "VanishingGradientExplorer":
        depths = range(controls["depth"]["min"], controls["depth"]["max"] + 1)
        return [(depth, activation, init, batch_norm) for depth in depths
                for activation in controls["activation"]["options"] for init in controls["init"]["options"]
                for batch_norm in (False, True)]
    raise ValueError(kind)


explorers = {}  # (kind, fingerprint) -> explorer
for path in sorted(glob.glob("/work/records/*.pickle")):
    for kind, config, controls in pickle.load(open(path, "rb")):
        key = (kind, _fingerprint(config))
        if key not in explorers:
            with contextlib.redirect_stdout(io.StringIO()):  # it shows its figure: no one to see it here
                explorers[key] = getattr(widgets, kind)(**config)
        started = time.perf_counter()
        for setting in settings(kind, controls):
            explorers[key].run(*setting)
        print(f"{path.split('/')[-1]}: {kind} {len(settings(kind, controls))} settings, "
              f"{time.perf_counter() - started:.0f} s")
for (kind, fingerprint), explorer in explorers.items():
    with open(f"/work/cache/{kind}-{fingerprint}.pickle", "wb") as f:
        pickle.dump(explorer._cache, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(kind, fingerprint, len(explorer._cache), "settings")
"""

CACHE_INIT = b'''"""Results of the course's explorers, computed when this site was built (lite/build.py)."""
from pathlib import Path

FOLDER = Path(__file__).parent
'''


def explorer_cache(out, lock, records):
    """Compute the recorded explorers' settings in the site's Pyodide; ship them as a wheel nnlib depends on."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "records").mkdir()
        (work / "cache").mkdir()
        for record in records:
            shutil.copy(record, work / "records")
        script = EXPLORER_JS % {"pyodide": out.as_posix(), "work": work.as_posix(), "code": json.dumps(EXPLORER_PY)}
        run("node", "--input-type=module", "-e", script)
        files = [("nnlib_explorer_cache/__init__.py", CACHE_INIT)]
        files += [(f"nnlib_explorer_cache/{p.name}", p.read_bytes()) for p in sorted((work / "cache").glob("*"))]
    version = PYODIDE_NPM.split("@")[1]
    wheel = out / f"nnlib_explorer_cache-{version}-py3-none-any.whl"
    write_wheel(wheel, "nnlib-explorer-cache", version, files)
    packages = lock["packages"]
    packages["nnlib-explorer-cache"] = dict(lock_entry(wheel, []), name="nnlib-explorer-cache",
                                            imports=["nnlib_explorer_cache"])
    packages["nnlib"]["depends"].append("nnlib-explorer-cache")
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    print(f"explorers' results: {len(files) - 1} explorers, {wheel.stat().st_size / 1e6:.1f} MB")


# The site's jupyter-lite.json; the build adds pyodideUrl (./static/pyodide/pyodide.mjs).
SITE_CONFIG = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "Neural network training course",
        # window.jupyterapp: the browser tests (tests/test_lite.py) drive JupyterLab through it.
        "exposeAppInBrowser": True,
        "litePluginSettings": {
            "@jupyterlite/pyodide-kernel-extension:kernel": {
                # Never fetch a package from PyPI at run time: the site has all it needs.
                "disablePyPIFallback": True,
                "loadPyodideOptions": {"packages": KERNEL_PACKAGES},
            },
        },
    },
}


def build(out, python):
    start = time.perf_counter()
    venv = build_tools()
    with tempfile.TemporaryDirectory(prefix="lite-build-") as tmp:
        lite_dir = Path(tmp) / "lite"
        (lite_dir / "files").mkdir(parents=True)
        records = Path(tmp) / "records"
        records.mkdir()
        notebooks = run_order((ROOT / "notebooks").glob("*.ipynb"))
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # CPython runs the notebooks meanwhile
            jobs = {n: pool.submit(run_notebook, python, n, lite_dir / "files", records) for n in notebooks}
            # The kernel addon finds Pyodide in the lite folder's static/pyodide/ and copies it.
            lock = pyodide_distribution(venv, lite_dir / "static" / "pyodide")
            print(f"[{time.perf_counter() - start:.0f} s] Pyodide and its packages ready", flush=True)
            explorer_records = [job.result() for n, job in jobs.items() if has_explorer(n)]
            print(f"[{time.perf_counter() - start:.0f} s] the explorers' notebooks have run", flush=True)
            explorer_cache(lite_dir / "static" / "pyodide", lock, explorer_records)
            print(f"[{time.perf_counter() - start:.0f} s] explorers' results computed", flush=True)
            for job in jobs.values():
                job.result()
        print(f"[{time.perf_counter() - start:.0f} s] all notebooks have run", flush=True)
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(SITE_CONFIG, indent=2))
        staged = Path(tmp) / "site"
        # Run in the temporary folder: `jupyter lite build` keeps a task database
        # (.jupyterlite.doit.db) in its working directory and silently skips "unchanged" steps.
        run(venv / "bin" / "jupyter", "lite", "build", "--lite-dir", lite_dir, "--output-dir", staged,
            "--no-sourcemaps", cwd=tmp)
        drop_legacy_fonts(staged)
        add_kernel_note(staged)
        check_site(staged)
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(staged, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    print(f"[{time.perf_counter() - start:.0f} s] done")
    print(f"site: {out} ({sum(p.stat().st_size for p in files) / 1e6:.0f} MB in {len(files)} files)")


def drop_legacy_fonts(site):
    """Delete font files that no browser able to run JupyterLab 4 ever fetches (2.7 MB): where a font
    comes as .woff2, which all of them read and the CSS offers before the others, its .eot, .svg,
    .ttf and .woff copies (Font Awesome's, for old browsers). tests/test_lite.py fails on any 404."""
    for woff2 in site.rglob("*.woff2"):
        for suffix in (".eot", ".svg", ".ttf", ".woff"):
            woff2.with_suffix(suffix).unlink(missing_ok=True)


# Until the open notebook's Python is ready, a note at the bottom of the notebook says that what it
# shows was computed when the site was built: nothing looks live before it is. A script of the site
# (lab/ and notebooks/ load it), as JupyterLab has no setting for it; tests/test_lite.py checks it.
KERNEL_NOTE_JS = """// Added by lite/build.py: a note on each notebook whose Python (Pyodide) is not ready yet.
(function () {
  const TEXT = "Python is starting in your browser (about 5 s). Until then, the outputs you see were " +
               "computed when this site was built; the sliders work once you run the cells here.";
  // After a restart the outputs on screen may be the student's own: then the note says only what happens.
  const AGAIN = "Python is restarting in your browser (about 5 s); run the cells again once it is ready.";
  function update() {
    const app = window.jupyterapp;
    if (!app || !app.shell) return;
    for (const panel of app.shell.widgets("main")) {
      if (!panel.content || !panel.content.model || !panel.sessionContext) continue;  // notebooks only
      if (!panel.node.dataset.liteKernelWatched) {
        // Every status the kernel passes through, as it happens: a restart right after the kernel
        // became ready (before the next poll, or from another handler of this signal) is a restart.
        panel.node.dataset.liteKernelWatched = "yes";
        panel.sessionContext.statusChanged.connect((_, status) => {
          if (status === "idle" || status === "busy") panel.node.dataset.liteKernelWasReady = "yes";
          update();
        });
      }
      const session = panel.sessionContext.session;
      const status = session && session.kernel ? session.kernel.status : "unknown";
      const ready = status === "idle" || status === "busy";
      if (ready) panel.node.dataset.liteKernelWasReady = "yes";
      let note = panel.node.querySelector(":scope > .lite-kernel-note");
      const text = panel.node.dataset.liteKernelWasReady ? AGAIN : TEXT;
      if (!ready && !note) {
        note = document.createElement("div");
        note.className = "lite-kernel-note";
        note.setAttribute("role", "status");
        note.style.cssText = "position:absolute;left:0;right:0;bottom:0;z-index:100;padding:8px 16px;" +
          "background:#fff3cd;color:#533f03;border-top:1px solid #d6b656;font:14px sans-serif;";
        panel.node.appendChild(note);
      } else if (ready && note) {
        note.remove();
      }
      if (note && note.isConnected && note.textContent !== text) note.textContent = text;
    }
  }
  setInterval(update, 200);
})();
"""


def add_kernel_note(site):
    """Write KERNEL_NOTE_JS into the site and load it from the JupyterLab and Notebook pages."""
    (site / "kernel-note.js").write_text(KERNEL_NOTE_JS)
    for page in ("lab/index.html", "notebooks/index.html"):
        html = (site / page).read_text()
        assert html.count("</body>") == 1, page
        (site / page).write_text(html.replace("</body>", '<script src="../kernel-note.js"></script>\n</body>'))


def check_site(site):
    """The site must load Pyodide from itself and never fall back to PyPI."""
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"].startswith("./static/pyodide/"), kernel["pyodideUrl"]
    assert kernel["disablePyPIFallback"] is True
    assert (site / "static" / "pyodide" / "pyodide-lock.json").exists()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "lite" / "site", help="the site's folder (replaced)")
    parser.add_argument("--python", type=Path, default=ROOT / ".venv" / "bin" / "python",
                        help="the course's Python, which runs the notebooks for their outputs (default: .venv's)")
    args = parser.parse_args()
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    build(args.out.resolve(), args.python.absolute())
