"""The notebooks' text works with a screen reader: headings in order, images with alt text, links that say
where they go (and get there), tables whose header cells all have a name.

A screen reader user moves through a notebook by its headings, so they must form an outline: one level-1
title first, and no level skipped on the way down (## then ####). An image needs a text alternative. A link
is often read out of context, in a list of links, so its text must name its target ("click here" does not).
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VAGUE = {"here", "click here", "this", "link", "this link", "more", "read more", "this page", "page", "there"}

MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_LINK = re.compile(r"<a\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def markdown_text(path):
    """(cell id, markdown without fenced code blocks) for each markdown cell."""
    cells = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            kept, fenced = [], False
            for line in cell.source.splitlines():
                if line.lstrip().startswith(("```", "~~~")):
                    fenced = not fenced
                elif not fenced:
                    kept.append(line)
            cells.append((cell.id, "\n".join(kept)))
    return cells


def headings(text):
    """[(level, title)] of ATX headings (# ...) and HTML headings (<h2>...)."""
    found = [(len(m[1]), m[2].strip()) for m in re.finditer(r"^(#{1,6})\s+(.*)$", text, re.MULTILINE)]
    found += [(int(m[1]), m[2]) for m in re.finditer(r"<h([1-6])\b[^>]*>(.*?)</h\1>", text, re.IGNORECASE)]
    return found


def outline_problems(levels):
    """What is wrong with a notebook's sequence of heading levels (an empty list when nothing is)."""
    problems = []
    if not levels or levels[0] != 1:
        problems.append(f"the first heading must be a level-1 title, got levels {levels[:3]}")
    if levels.count(1) != 1:
        problems.append(f"exactly one level-1 heading expected, got {levels.count(1)}")
    problems += [f"heading {k + 1} jumps from level {a} to {b}" for k, (a, b) in enumerate(zip(levels, levels[1:]))
                 if b > a + 1]
    return problems


def link_problems(text, notebook):
    problems = []
    links = [(m[1], m[2]) for m in MD_LINK.finditer(text)] + [(m[2], m[1]) for m in HTML_LINK.finditer(text)]
    for label, target in links:
        words = re.sub(r"<[^>]+>|[`*_]", "", label).strip().lower()
        if words in VAGUE or re.fullmatch(r"https?://\S+", words):
            problems.append(f"link text {label!r} does not say where it goes ({target})")
        if not re.match(r"[a-z]+:|#", target):  # a file of this repository, relative to the notebook
            if not (notebook.parent / target.split("#")[0]).exists():
                problems.append(f"link {label!r} points to {target}, which does not exist")
    lines = text.splitlines()
    for header, rule in zip(lines, lines[1:]):  # a table's header row, then |---|---|
        if re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?)?\s*", rule) and "|" in header:
            cells = [c.strip() for c in header.strip().strip("|").split("|")]
            if not all(cells):
                problems.append(f"table header {header.strip()[:60]!r} has an empty cell (a screen reader reads none)")
    for m in MD_IMAGE.finditer(text):
        if not m[1].strip():
            problems.append(f"image {m[2]} has no alt text")
    for tag in HTML_IMAGE.findall(text):
        alt = re.search(r"\balt=\"([^\"]*)\"", tag)
        if not (alt and alt[1].strip()):
            problems.append(f"image {tag[:60]} has no alt text")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_headings_form_an_outline(path):
    levels = [level for _, text in markdown_text(path) for level, _ in headings(text)]
    assert outline_problems(levels) == [], path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_links_say_where_they_go_and_images_have_alt_text(path):
    problems = [f"cell {cell_id}: {p}" for cell_id, text in markdown_text(path) for p in link_problems(text, path)]
    assert problems == [], path.name


def test_the_checks_catch_what_they_look_for(tmp_path):
    """Each check fails on a notebook that breaks its rule."""
    assert outline_problems([1, 2, 3, 2]) == []
    assert outline_problems([1, 2, 4]) == ["heading 2 jumps from level 2 to 4"]
    assert outline_problems([2, 3]) and outline_problems([1, 2, 1])
    assert headings("# Title\n<h3>Deep</h3>\n## Part") == [(1, "Title"), (2, "Part"), (3, "Deep")]
    notebook = tmp_path / "nb.ipynb"
    (tmp_path / "exists.py").write_text("")
    assert link_problems("see [exists.py](exists.py) and [the docs](https://numpy.org)", notebook) == []
    bad = link_problems("[here](https://numpy.org), [`gone.py`](gone.py), ![](plot.png), <img src=\"a.png\">, "
                        "[https://numpy.org](https://numpy.org)\n\n| | a |\n|---|---|\n| x | 1 |", notebook)
    assert len(bad) == 6, bad
    assert link_problems("| what | a |\n|---|---|\n| x | 1 |", notebook) == []
