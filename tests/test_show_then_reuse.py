"""Show first, then reuse: a function a notebook writes out is the very function course_utils keeps.

A notebook cell marks a function (or class) that later lessons reuse with a comment on the line
just above its ``def``::

    # Kept in course_utils/scratch.py: later lessons call scratch.linreg.
    def linreg(X, w, b):
        return X @ w + b

and the module marks its copy the same way::

    # Shown in notebooks/02_gradient_descent.ipynb: keep the two identical.
    def linreg(X, w, b):
        \"\"\"The linear model ...\"\"\"
        return X @ w + b

This test pairs the two and compares their syntax trees with docstrings and type annotations
set aside (neither changes what the code does). Any other difference fails, so the code a learner
read is the code that later runs.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MODULES = sorted((ROOT / "course_utils").glob("*.py"))
KEPT = re.compile(r"^\s*#\s*Kept in course_utils/(\w+)\.py\b")
SHOWN = re.compile(r"^\s*#\s*Shown in notebooks/(\d\d_\w+\.ipynb)\b")
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def marked_defs(source: str, marker: re.Pattern) -> list[tuple[str, str, ast.AST]]:
    """(name, what the marker names, node) for each top-level def whose line above is a marker."""
    lines = source.splitlines()
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, DEFS):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        above = lines[first - 2] if first >= 2 else ""
        match = marker.match(above)
        if match:
            found.append((node.name, match.group(1), node))
    return found


def cell_source(cell: dict) -> str:
    text = cell.get("source", "")
    text = "".join(text) if isinstance(text, list) else text
    # IPython magics and shell lines are not Python; they never hold a marked def.
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in text.splitlines())


def notebook_defs() -> dict[tuple[str, str], tuple[str, ast.AST]]:
    """(module, name) -> (notebook, node) for every marked def in every notebook."""
    defs: dict[tuple[str, str], tuple[str, ast.AST]] = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            for name, module, node in marked_defs(cell_source(cell), KEPT):
                assert (module, name) not in defs, (
                    f"{name} is shown twice ({defs[(module, name)][0]} and {path.name}); "
                    "show it once, then reuse it"
                )
                defs[(module, name)] = (path.name, node)
    return defs


def module_defs() -> dict[tuple[str, str], tuple[str, ast.AST]]:
    """(module, name) -> (notebook named by the marker, node) for every marked module def."""
    defs = {}
    for path in MODULES:
        for name, notebook, node in marked_defs(path.read_text(encoding="utf-8"), SHOWN):
            defs[(path.stem, name)] = (notebook, node)
    return defs


class _Normalise(ast.NodeTransformer):
    """Drop docstrings and annotations, the two things allowed to differ."""

    def _strip_docstring(self, node):
        body = node.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
        return node

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.returns = None
        return self._strip_docstring(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.generic_visit(node)
        return self._strip_docstring(node)

    def visit_arg(self, node):
        node.annotation = None
        return node

    def visit_AnnAssign(self, node):
        if node.value is None:  # a bare ``x: int`` declares nothing at run time
            return node
        return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)


def normalised(node: ast.AST) -> str:
    copy = ast.parse(ast.unparse(node)).body[0]
    return ast.dump(_Normalise().visit(copy), include_attributes=False)


SHOWN_DEFS = notebook_defs()
KEPT_DEFS = module_defs()


def test_the_course_shows_the_functions_it_reuses():
    # The course shows at least the from-scratch pieces of 01-03 and the Keras pieces of 05-08.
    assert len(SHOWN_DEFS) >= 8, f"only {len(SHOWN_DEFS)} functions are marked as shown"


@pytest.mark.parametrize("key", sorted(SHOWN_DEFS), ids=lambda k: f"{k[0]}.{k[1]}")
def test_a_shown_function_is_kept_identically(key):
    module, name = key
    notebook, shown = SHOWN_DEFS[key]
    assert key in KEPT_DEFS, (
        f"{notebook} says course_utils/{module}.py keeps {name}, but that module has no "
        f"'# Shown in notebooks/{notebook}' def named {name}"
    )
    where, kept = KEPT_DEFS[key]
    assert where == notebook, f"course_utils/{module}.py says {name} is shown in {where}"
    assert normalised(shown) == normalised(kept), (
        f"{name} in {notebook} and in course_utils/{module}.py have drifted apart; "
        "make them identical (docstrings and type hints may differ)"
    )


@pytest.mark.parametrize("key", sorted(KEPT_DEFS), ids=lambda k: f"{k[0]}.{k[1]}")
def test_a_kept_function_is_shown(key):
    module, name = key
    notebook, _ = KEPT_DEFS[key]
    assert key in SHOWN_DEFS, (
        f"course_utils/{module}.py says {notebook} shows {name}, but no cell there defines it "
        f"under '# Kept in course_utils/{module}.py'"
    )


def test_the_comparison_sees_a_difference():
    same = "def f(x: int) -> int:\n    'doc'\n    return x + 1\n"
    assert normalised(ast.parse(same).body[0]) == normalised(
        ast.parse("def f(x):\n    return x + 1\n").body[0]
    )
    assert normalised(ast.parse(same).body[0]) != normalised(
        ast.parse("def f(x):\n    return x + 2\n").body[0]
    )
