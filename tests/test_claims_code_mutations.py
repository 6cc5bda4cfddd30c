"""Mutation tests of the proofs' own code: change any arithmetic in a check, and it must fail.

For each claim module, every arithmetic operator inside its proof code (the functions that take
a ``proof``, and the helpers they call in the same module) is replaced, one at a time, by
another (``+`` by ``-``, ``*`` by ``/``, unary minus dropped, ...). The module is re-executed
with the change, its claims are checked, and each must fail. A mutant that passes is arithmetic
the proof does not depend on: a check that cannot fail.

Some arithmetic is not part of what a proof compares: where a numeric check samples (any other
point would do as well), a tolerance, a step size. A line of such arithmetic ends in a comment
``# not compared: <why>``, and its operators are not mutated; the reason is required, so every
exemption is one a reviewer can read and dispute.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from derivations import claims
from derivations.claims import core

PACKAGE = Path(claims.__file__).parent
MODULES = sorted(
    m.name
    for m in pkgutil.iter_modules([str(PACKAGE)])
    if m.name not in claims.FRAMEWORK and not m.name.startswith("_")
)
SWAP = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Pow: ast.Mult,
    ast.FloorDiv: ast.Mult,
}


def _proof_functions(tree: ast.Module) -> set[str]:
    """Names of the module's functions that take a ``proof``, and the module functions they call."""
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    names = {
        name for name, node in functions.items() if any(a.arg == "proof" for a in node.args.args)
    }
    grew = True
    while grew:
        grew = False
        for name in list(names):
            for call in ast.walk(functions[name]):
                callee = getattr(call, "id", None)
                if isinstance(call, ast.Name) and callee in functions and callee not in names:
                    names.add(callee)
                    grew = True
    return names


EXEMPT = re.compile(r"#\s*not compared:\s*(?P<why>.*)$")


def _exempt_lines(source: str) -> set[int]:
    """Line numbers (1-based) whose arithmetic a proof does not compare, by their comment."""
    return {
        number for number, line in enumerate(source.splitlines(), start=1) if EXEMPT.search(line)
    }


def _sites(tree: ast.Module, exempt: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """(line, column, description) of every arithmetic operator in the proof code."""
    names = _proof_functions(tree)
    out = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in names:
            for sub in ast.walk(node):
                if getattr(sub, "lineno", None) in exempt:
                    continue
                if isinstance(sub, ast.BinOp) and type(sub.op) in SWAP:
                    what = f"{node.name}: {type(sub.op).__name__}"
                    out.append((sub.lineno, sub.col_offset, what))
                elif isinstance(sub, ast.UnaryOp) and isinstance(sub.op, ast.USub):
                    out.append((sub.lineno, sub.col_offset, f"{node.name}: unary minus"))
    return out


class _Mutate(ast.NodeTransformer):
    def __init__(self, line: int, column: int) -> None:
        self.where = (line, column)

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if (node.lineno, node.col_offset) == self.where and type(node.op) in SWAP:
            node.op = SWAP[type(node.op)]()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if (node.lineno, node.col_offset) == self.where and isinstance(node.op, ast.USub):
            return node.operand
        return node


def _mutants(name: str) -> Iterator[tuple[str, types.CodeType]]:
    source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
    for line, column, what in _sites(ast.parse(source), frozenset(_exempt_lines(source))):
        tree = _Mutate(line, column).visit(ast.parse(source))
        yield f"line {line}: {what}", compile(tree, f"<mutant of {name}>", "exec")


def _claims_of(code: types.CodeType, name: str, monkeypatch: pytest.MonkeyPatch) -> list:
    """Execute a mutant of ``derivations.claims.<name>`` and return the claims it defines."""
    defined: list = []
    monkeypatch.setattr(core, "register", lambda claim: defined.append(claim) or claim)
    module = types.ModuleType(f"derivations.claims.{name}")
    module.__package__ = "derivations.claims"
    exec(code, module.__dict__)
    return defined


def _clear_caches(name: str) -> None:
    # Derived results are cached per module; a mutant must not see the original's results.
    module = importlib.import_module(f"derivations.claims.{name}")
    for value in vars(module).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


@pytest.mark.mutation
@pytest.mark.parametrize("name", MODULES)
def test_every_arithmetic_change_in_a_proof_fails(name, monkeypatch):
    survivors = []
    for where, code in _mutants(name):
        _clear_caches(name)
        try:
            mutated = _claims_of(code, name, monkeypatch)
        except Exception:
            continue
        if all(_passes(claim) for claim in mutated):
            survivors.append(where)
    assert not survivors, f"{name}: mutants that every claim survives:\n" + "\n".join(survivors)


def _passes(claim: claims.Claim) -> bool:
    try:
        claim.check()
    except Exception:
        return False
    return True


def test_the_mutation_finds_sites_in_every_claim_module():
    for name in MODULES:
        source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        assert _sites(ast.parse(source)), f"{name}: no arithmetic in its proofs to mutate"


def test_every_exemption_says_why():
    for name in MODULES:
        source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        for number, line in enumerate(source.splitlines(), start=1):
            match = EXEMPT.search(line)
            if match:
                assert len(match["why"].split()) >= 2, f"{name}.py:{number}: say why, in words"


def test_an_exempt_line_is_not_mutated():
    source = "def f(proof):\n    a = 1 + 2\n    b = 3 * 4  # not compared: a sample point\n"
    sites = _sites(ast.parse(source), frozenset(_exempt_lines(source)))
    assert [line for line, _, _ in sites] == [2]
