"""An nbgrader export plugin: one row per student, one column of points per exercise.

Runs inside nbgrader (the instructor venv): `nbgrader export --exporter=export_plugin.ExercisePoints
--to=grades.csv`. Columns: student, then each exercise id ("01.forward", from the check cell's
grade_id "ex01_forward_check") grouped by notebook, then total and max.
"""

import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin


def exercise_id(grade_id):
    """'ex01_forward_check' -> '01.forward'."""
    return grade_id[2:4] + "." + grade_id[5:-len("_check")]


class ExercisePoints(ExportPlugin):
    def export(self, gradebook):
        rows, columns, max_points = [], {}, {}
        for assignment in gradebook.assignments:
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    if cell.name.startswith("ex") and cell.name.endswith("_check"):
                        columns[exercise_id(cell.name)] = None
                        max_points[exercise_id(cell.name)] = cell.max_score
        for student in sorted(gradebook.students, key=lambda s: s.id):
            row = {"student": student.id, **{c: 0.0 for c in columns}}
            for assignment in gradebook.assignments:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.name in {f"ex{c.replace('.', '_')}_check" for c in columns}:
                            row[exercise_id(grade.name)] = float(grade.score)
            row["total"] = sum(row[c] for c in columns)
            row["max"] = float(sum(max_points.values()))
            rows.append(row)
        with open(self.to or "grades.csv", "w", newline="") as f:
            ordered = sorted(columns, key=lambda c: c[:2])  # by notebook; stable, so cell order within one
            writer = csv.DictWriter(f, fieldnames=["student", *ordered, "total", "max"])
            writer.writeheader()
            writer.writerows(rows)
        self.log.info("wrote points of %d students on %d exercises to %s", len(rows), len(columns), self.to)
