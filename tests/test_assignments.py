"""The instructor's side, end to end: release (nbgrader), then grade a fake class in the sandbox.

Needs nbgrader in .venv-instructor (`make test` installs it from requirements-instructor.txt;
set NBGRADER to use another). The fake class is built from the released notebooks 00 and 01
(three exercises, 1 point each): honest students, broken submissions, and cheats. Every
student's points are asserted exactly; each cheat sits next to correct work, so a cheat that
spilled over (or a grader that stopped) would change the totals. Notebook 02's exploration
(02.largest_lr, 1 point) is graded from its answer cell: a right hand-in, a wrong one, a forged
record, garbage, an endless loop and a missing cell, each beside 02's two exercises solved.
"""

import csv
import hashlib
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from nnlib.exercises import all_exercises, all_explorations
from nnlib.exercises.notebook import BEGIN, fill_solutions, find, reference_body

ROOT = Path(__file__).resolve().parents[1]
NBGRADER = Path(os.environ.get("NBGRADER", ROOT / ".venv-instructor" / "bin" / "nbgrader"))
sys.path.insert(0, str(ROOT / "instructor"))

# Building and grading runs nbgrader and many processes (slow); in CI a missing nbgrader is a failure, not a skip.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not NBGRADER.exists() and not os.environ.get("CI"),
    reason=f"no nbgrader at {NBGRADER}: `make test` installs it (requirements-instructor.txt)")]

NB00, NB01, NB02, NB13 = ("00_start_here.ipynb", "01_forward_and_loss.ipynb", "02_gradient_descent.ipynb",
                          "13_pytorch_and_gpu.ipynb")
GRADED = {**all_exercises(), **all_explorations()}  # what the grader grades: every exercise and exploration
STUB = "    raise NotImplementedError()"
FORWARD_STUB = f"def forward(x, w1, b1, w2, b2):\n{STUB}\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import assignments

    out = tmp_path_factory.mktemp("course")
    release = assignments.build(out, str(NBGRADER))
    return out, release


def test_release_has_every_notebook_without_solutions(built):
    _, release = built
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in release.glob("*.ipynb")) == notebooks
    assert (release / "RELEASE.txt").read_text().startswith("PRACTICE release")
    found = {}
    for path in release.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for exercise_id, (solution, check) in find(nb).items():
            source = nb.cells[solution].source
            assert "raise NotImplementedError()" in source and BEGIN not in source
            first_line = reference_body(exercise_id).splitlines()[0].strip()
            assert first_line not in source, f"{exercise_id}: the release contains its solution"
            assert nb.cells[check].source.startswith(f'check("{exercise_id}"')
            found[exercise_id] = path.name
    assert set(found) == set(GRADED)


def test_graded_release_has_no_worked_solution_anywhere(tmp_path):
    import assignments

    release = assignments.build(tmp_path, str(NBGRADER), notebooks=[ROOT / "notebooks" / NB01], mode="graded",
                                hints=False)
    assert (release / "RELEASE.txt").read_text().startswith("GRADED release")
    # The exercise package's code (docstrings state the tasks, and the lessons' prose their formulas; nnlib's own
    # layers, e.g. F.cross_entropy, are the library the course teaches with: see the README's threat model).
    text = "\n".join(_code_without_docstrings(p) for p in (release / "nnlib" / "exercises").rglob("*.py"))
    for exercise_id, exercise in all_exercises().items():
        for line in reference_body(exercise_id).splitlines():
            if len(line.strip()) > 25 and not line.strip().startswith("#"):  # a line of code, not a comment
                assert line.strip() not in text, f"{exercise_id}: the graded release holds {line.strip()!r}"
        assert exercise.hint not in text, f"{exercise_id}: its hint is in a release without hints"
    # The explorations' answer keys: their judges (thresholds), measured truths and worked answers, explanations.
    explorations = _code_without_docstrings(release / "nnlib" / "exercises" / "explorations.py")
    original = (ROOT / "nnlib" / "exercises" / "explorations.py").read_text()
    key_lines = [line.strip() for line in original.splitlines() if line.startswith("    ") and len(line.strip()) > 25
                 and not line.strip().startswith(("#", '"', "'", "f'", 'f"', "hint", "question", "choices", "id=",
                                                  "number=", "explorer=", "keys=", "truth=", "compare="))]
    assert len(key_lines) > 100
    for line in key_lines:
        assert line not in explorations, f"the graded release holds the exploration code {line!r}"
    for text in ("<= 0.01", "best_val + 0.05", "10 ** -5.5", "10 ** 0.1", "1.585", "'momentum': 0.3", "p': 0.9"):
        assert text not in explorations, f"the graded release holds {text!r}"
    for exploration in all_explorations().values():
        assert exploration.explanation[:40] not in text + explorations, exploration.id
        assert exploration.hint[:40] not in explorations, f"{exploration.id}: its hint is in a release without hints"
    # The notebook imports the release's own nnlib, which says where the solution went.
    code = ("import sys; sys.path.insert(0, '.'); from nnlib.exercises import solution, solution_source, check;"
            "solution('01.forward'); print(repr(solution_source('01.forward'))); check('01.forward', print)")
    import subprocess
    done = subprocess.run([sys.executable, "-I", "-c", code], cwd=release, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "no worked solution" in done.stdout and "''" in done.stdout and "checked when your" in done.stdout
    # What an exploration needs there still works: a prediction, and hand_in's line for the answer cell.
    code = ("import sys; sys.path.insert(0, '.'); from nnlib.exercises import Prediction, hand_in\n"
            "class Explorer:\n    record = [{'lr': 1.0, 'momentum': 0.0, 'regime': 'converges', 'visit': 10 ** 9}]\n"
            "hand_in(Prediction('02.largest_lr').commit(2.0), Explorer())")
    done = subprocess.run([sys.executable, "-I", "-c", code], cwd=release, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "return 2.0, [{'lr': 1.0, 'momentum': 0.0}]" in done.stdout, done.stdout


def _code_without_docstrings(path):
    import ast
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    return ast.unparse(tree)


# ------------------------------------------------------------------ the fake class


def _cell(nb, exercise_id):
    return nb.cells[find(nb)[exercise_id][0]]


def _notebook(release, name, filled=True, edit=None):
    nb = nbformat.read(release / name, as_version=4)
    nb = fill_solutions(nb) if filled else nb
    if edit:
        edit(nb)
    return nb


def _set(exercise_id, source):
    def edit(nb):
        _cell(nb, exercise_id).source = source
    return edit


def _top_cell(source, then=None):
    def edit(nb):
        nb.cells.insert(1, v4.new_code_cell(source))
        if then:
            then(nb)
    return edit


def _forward_stub_after(code):
    """The forward cell with the cheat's code and the unfinished stub (so only the cheat could earn a point)."""
    return _set("01.forward", code + "\n" + FORWARD_STUB)


def _students(submissions):
    """{student: {file name: notebook}}, and {student: {exercise: points}} expected."""
    verdict_py = ROOT / "nnlib" / "exercises" / "verdict.py"
    other = submissions / "correct" / NB01
    cheats = {
        "cheat_check_module_attribute": _top_cell(
            "import nnlib.exercises as ex\nex.check = lambda *a, **k: print('passed')", _set("01.forward", FORWARD_STUB)),
        "cheat_check_global": _forward_stub_after("def check(*args, **kwargs):\n    print('passed')"),
        "cheat_registry_reference": _set("01.forward", (
            "from nnlib.exercises import get\nexercise = get('01.forward')\n"
            "object.__setattr__(exercise, 'reference', lambda *a: 0.0)\n"
            "def forward(x, w1, b1, w2, b2):\n    return 0.0\n")),
        "cheat_strict_env": _forward_stub_after("import os\nos.environ['NNLIB_EXERCISES_STRICT'] = '0'"),
        "cheat_patch_verdict": _forward_stub_after(
            "import nnlib.exercises.verdict as v\nv.report = lambda verdict: print('passed')\n"
            "v.Verdict.passed = property(lambda self: True)"),
        "cheat_reference": _set("01.forward", (
            "from nnlib.exercises import get\ndef forward(x, w1, b1, w2, b2):\n"
            "    return get('01.forward').reference(x, w1, b1, w2, b2)\n")),
        "cheat_solution_source": _set("01.forward", (
            "from nnlib.exercises import solution_source\nimport numpy as np\nfound = {}\n"
            "exec(solution_source('01.forward'), {'np': np}, found)\nforward = found['forward']\n")),
        "cheat_edit_check_cell": lambda nb: (_cell(nb, "01.forward").__setitem__("source", FORWARD_STUB),
                                             nb.cells[find(nb)["01.forward"][1]].__setitem__(
                                                 "source", "print('✅ 01.forward passed')")),
        "cheat_set_custom_exc": _top_cell(
            "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)",
            _set("01.forward", "def forward(x, w1, b1, w2, b2):\n    return (x @ w1.T + b1) @ w2.T + b2\n")),
        "cheat_write_grader_files": _forward_stub_after(
            f"for path in [{str(verdict_py)!r}, {str(ROOT / 'instructor' / 'grader.py')!r}]:\n"
            "    try:\n        open(path, 'a').write('\\nVerdict.passed = property(lambda self: True)\\n')\n"
            "    except OSError:\n        pass\n"),
        "cheat_read_other_student": _set("01.forward", (
            f"import json, os\ntry:\n    os.listdir({str(submissions)!r})\nexcept OSError:\n    pass\n"
            f"cells = json.load(open({str(other)!r}))['cells']\n"
            "exec(next(''.join(c['source']) for c in cells if 'def forward' in ''.join(c['source'])))\n")),
        "cheat_always_equal": _set("01.forward", (
            "class Anything:\n    shape = (4, 1)\n    def __eq__(self, other):\n        return True\n"
            "    def __array__(self, *a, **k):\n        raise TypeError('no')\n"
            "def forward(x, w1, b1, w2, b2):\n    return Anything()\n")),
        "cheat_pickle_payload": _set("01.forward", (
            "import os\nclass Payload:\n    def __reduce__(self):\n"
            f"        return (os.system, ('touch {submissions}/PWNED',))\n"
            "def forward(x, w1, b1, w2, b2):\n    return Payload()\n")),
    }
    broken = {
        "syntax_error": _set("01.forward", "def forward(x, w1, b1, w2, b2)\n    return x\n"),
        "exception": _set("01.forward", "def forward(x, w1, b1, w2, b2):\n    return 1 / 0\n"),
        "endless_loop": _set("01.forward", "def forward(x, w1, b1, w2, b2):\n    while True:\n        pass\n"),
        "endless_cell": _set("01.forward", "while True:\n    pass\n"),
        "kills_kernel_in_call": _set("01.forward",
                                     "import os\ndef forward(x, w1, b1, w2, b2):\n    os._exit(1)\n"),
        "kills_kernel_in_cell": _set("01.forward", "import os\nos._exit(1)\n"),
    }
    files, expected = {}, {}
    files["correct"] = {p.name: _notebook(submissions.parent / "release", p.name)
                        for p in (submissions.parent / "release").glob("*.ipynb")}
    expected["correct"] = {e: 1 for e in GRADED}
    files["blank"] = {NB00: _notebook(submissions.parent / "release", NB00, filled=False),
                      NB01: _notebook(submissions.parent / "release", NB01, filled=False)}
    expected["blank"] = {"00.line_step": 0, "01.forward": 0, "01.cross_entropy": 0}
    files["half_done"] = {NB00: _notebook(submissions.parent / "release", NB00),
                          NB01: _notebook(submissions.parent / "release", NB01, filled=False,
                                          edit=lambda nb: _cell(nb, "01.forward").__setitem__(
                                              "source", "def forward(x, w1, b1, w2, b2):\n"
                                              "    return 1 / (1 + np.exp(-(x @ w1.T + b1))) @ w2.T + b2\n"))}
    expected["half_done"] = {"00.line_step": 1, "01.forward": 1, "01.cross_entropy": 0}
    files["renamed"] = {"00_start_here-Copy1.ipynb": _notebook(submissions.parent / "release", NB00),
                        "01_forward_and_loss (1).ipynb": _notebook(submissions.parent / "release", NB01),
                        "my_notes.ipynb": _notebook(submissions.parent / "release", NB01)}
    expected["renamed"] = {"00.line_step": 1, "01.forward": 1, "01.cross_entropy": 1}
    for student, edit in {**cheats, **broken}.items():
        files[student] = {NB00: _notebook(submissions.parent / "release", NB00),
                          NB01: _notebook(submissions.parent / "release", NB01, edit=edit)}
        expected[student] = {"00.line_step": 1, "01.forward": 0, "01.cross_entropy": 1}
    # A cell that ends the process while the notebook's cells run costs that notebook's points (all of them).
    expected["kills_kernel_in_cell"]["01.cross_entropy"] = 0
    # A correct answer in another style: notebook 13 with a torch nn.Module of the student's own (its own class and
    # layer names), graded through the sandbox, which sends back only the model's tensors.
    own_module = (ROOT / "tests" / "student_code" / "round1" / "nb13.py").read_text()
    body = own_module[own_module.index("def train_in_torch_module"):own_module.index("def train_in_torch_manual_sgd")]
    files["own_torch_module"] = {NB13: _notebook(submissions.parent / "release", NB13, edit=_set(
        "13.torch_training", "import numpy as np\nimport torch\n\n" + body.replace(
            "def train_in_torch_module", "def train_in_torch")))}
    expected["own_torch_module"] = {"13.torch_training": 1}
    # Notebook 02's exploration, handed in as hand_in() prints it (its two exercises solved beside it).
    exploration = {
        "exploration_right": "    return 1.5, [{'lr': 0.3, 'momentum': 0.0}, {'lr': 1.5849, 'momentum': 0.0},\n"
                             "        {'lr': 1.9953, 'momentum': 0.0}]\n",
        "exploration_wrong": "    return 2.0, [{'lr': 1.0, 'momentum': 0.0}, {'lr': 2.5119, 'momentum': 0.0}]\n",
        "exploration_forged": "    return 2.0, [{'lr': 3.1623, 'momentum': 0.0, 'regime': 'converges', 'fraction_left': "
                              "0.001}, {'lr': 3.9811, 'momentum': 0.0}]\n",
        "exploration_garbage": "    class Record(list):\n        pass\n    return 2.0, Record([{'lr': 1.5849}])\n",
        "exploration_endless": "    while True:\n        pass\n",
        "exploration_missing": None,
    }
    for student, body in exploration.items():
        def edit(nb, body=body):
            cell = _cell(nb, "02.largest_lr")
            if body is None:
                nb.cells.remove(cell)
            else:
                cell.source = "\n".join(cell.source.splitlines()[:2]) + "\n" + body  # def and docstring, then the body
        files[student] = {NB02: _notebook(submissions.parent / "release", NB02, edit=edit)}
        expected[student] = {"02.descend": 1, "02.max_lr": 1, "02.largest_lr": int(student == "exploration_right")}
    files["not_a_notebook"] = {NB01: "this is not JSON"}
    expected["not_a_notebook"] = {"00.line_step": 0, "01.forward": 0, "01.cross_entropy": 0}
    return files, expected, cheats


def _digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    import grader

    out, release = built
    work = tmp_path_factory.mktemp("class")
    shutil.copytree(release, work / "release")
    submissions = work / "submissions"
    files, expected, cheats = _students(submissions)
    for student, notebooks in files.items():
        (submissions / student).mkdir(parents=True)
        for name, nb in notebooks.items():
            path = submissions / student / name
            path.write_text(nb) if isinstance(nb, str) else nbformat.write(nb, path)
    before = _digest(ROOT / "nnlib"), _digest(ROOT / "instructor")
    results = grader.grade_class(submissions, out / "nbgrader" / "release" / "course", out)
    assert (_digest(ROOT / "nnlib"), _digest(ROOT / "instructor")) == before, "grading changed the instructor's files"
    with open(out / "grades.csv") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    return out, submissions, rows, expected, cheats, {r.student: r for r in results}


def test_every_student_gets_exactly_their_points(graded):
    _, _, rows, expected, _, _ = graded
    assert set(rows) == set(expected), "grades.csv must hold exactly this run's students"
    got = {s: {e: float(rows[s][e]) for e in points} for s, points in expected.items()}
    assert got == {s: {e: float(p) for e, p in points.items()} for s, points in expected.items()}
    n = len(GRADED)
    for student, points in expected.items():
        assert float(rows[student]["total"]) == sum(points.values()), student
        assert float(rows[student]["max"]) == n


def test_cheats_earn_nothing_and_leave_no_trace(graded):
    out, submissions, rows, _, cheats, results = graded
    assert len(cheats) >= 13
    for student in cheats:
        assert float(rows[student]["01.forward"]) == 0.0, student
    assert not (submissions / "PWNED").exists()
    assert float(rows["blank"]["total"]) == 0.0  # graded after the cheat that tried to rewrite verdict.py


def test_bad_submissions_are_reported(graded):
    out, _, _, _, _, results = graded
    report = (out / "report.txt").read_text()
    assert "01_forward_and_loss (1).ipynb: graded as 01_forward_and_loss.ipynb" in report
    assert "00_start_here-Copy1.ipynb: graded as 00_start_here.ipynb" in report
    assert "my_notes.ipynb: not a notebook of this course, ignored" in report
    assert "01_forward_and_loss.ipynb: could not be read as a notebook" in report
    assert "stopped the grading process" in (out / "feedback" / "kills_kernel_in_cell" / "report.txt").read_text()
    assert "SyntaxError" in (out / "feedback" / "syntax_error" / "report.txt").read_text()
    assert "ran too long" in results["endless_loop"].verdicts["01.forward"]
    verdicts = {s: results[s].verdicts["02.largest_lr"] for s in results if s.startswith("exploration_")}
    assert verdicts["exploration_right"].startswith("✅ 02.largest_lr passed: You predicted 1.5, and you found "
                                                    "that 1.58 converges")
    assert "where you have not looked yet" in verdicts["exploration_wrong"]
    assert "rerunning its setting gives 'diverged'" in verdicts["exploration_forged"]
    assert "a record is a list of dicts" in verdicts["exploration_garbage"]
    assert "ran too long" in verdicts["exploration_endless"] or "CPU time" in verdicts["exploration_endless"]
    assert verdicts["exploration_missing"] == "its exercise cell is missing from the notebook"


def test_feedback_is_one_page_per_notebook_with_points_and_no_paths(graded):
    out, _, _, _, _, _ = graded
    pages = sorted((out / "feedback" / "exception").glob("*.html"))
    assert len(pages) == len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    page = (out / "feedback" / "exception" / "01_forward_and_loss.html").read_text()
    assert "Points: 1 of 2" in page
    assert page.count("01.forward is not right yet") == 1
    assert "ZeroDivisionError" in page and "line 2 in forward: return 1 / 0" in page
    for text in (str(ROOT), "Traceback", "/tmp/", "site-packages"):
        assert text not in page, text


def test_grades_are_replaced_not_merged_unless_asked(graded, tmp_path):
    import grader

    out, _, _, _, _, results = graded
    release = grader.read_release(out / "nbgrader" / "release" / "course")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,id,sis_user_id,sis_login_id,section\nblank,Bo Blank,42,s42,bo,A\n")
    first = tmp_path / "grades"
    first.mkdir()
    grader.write_grades(first, [results["correct"], results["blank"]], release)
    grader.write_grades(first, [results["half_done"]], release)
    with open(first / "grades.csv") as f:
        assert [row["student"] for row in csv.DictReader(f)] == ["half_done"]
    assert len(list((first / "history").glob("grades-*.csv"))) == 1  # the earlier file is kept, not lost
    grader.write_grades(first, [results["blank"]], release, roster=grader.read_roster(roster), merge=True)
    with open(first / "grades.csv") as f:
        assert [row["student"] for row in csv.DictReader(f)] == ["blank", "half_done"]
    canvas = (first / "grades_canvas.csv").read_text().splitlines()
    assert canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,nn-course exercises"
    assert canvas[1].startswith("Points Possible,") and canvas[2] == "Bo Blank,42,s42,bo,A,0.0"
