"""The Qt bridges are typed: no ``Any`` in their signatures, and every annotation resolves.

What crosses from the model store into the GUI is a model_store dataclass or a Protocol of
:mod:`app.store_interfaces`, never ``Any`` (house style, layers). These tests keep it so.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import typing
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
MODULES = ("app.model_bridge", "app.quantize_bridge", "app.store_interfaces")


def _source(name: str) -> str:
    return (REPO / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")


def _annotations(tree: ast.AST) -> Iterator[ast.expr]:
    """Every annotation in a module: arguments, returns, annotated assignments."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None and arg.annotation is not None:
                    yield arg.annotation
            if node.returns is not None:
                yield node.returns
        elif isinstance(node, ast.AnnAssign):
            yield node.annotation


def _names_any(annotation: ast.expr) -> bool:
    """Whether an annotation (quoted ones parsed too) mentions ``Any`` or ``typing.Any``."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _names_any(ast.parse(node.value, mode="eval").body):
                return True
        if isinstance(node, ast.Name) and node.id == "Any":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "Any":
            return True
    return False


def _contains_any(hint: object) -> bool:
    if hint is typing.Any:
        return True
    if isinstance(hint, (list, tuple)):  # Callable's argument list
        return any(_contains_any(h) for h in hint)
    return any(_contains_any(arg) for arg in typing.get_args(hint))


def _type_checking_names(module: ModuleType) -> dict[str, object]:
    """The module's globals plus what its ``if TYPE_CHECKING:`` block imports and defines."""
    namespace = dict(vars(module))
    tree = ast.parse(_source(module.__name__))
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            code = compile(ast.Module(body=node.body, type_ignores=[]), module.__name__, "exec")
            exec(code, namespace)  # noqa: S102 - the module's own imports, run as a type checker would see them
    return namespace


def _functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., object]]]:
    """Every function and method (properties and classmethods included) defined in the module."""
    for name, value in vars(module).items():
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            yield name, value
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in vars(value).items():
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                elif isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member) and not (attr.startswith("__") and attr != "__call__"
                                                       and attr != "__init__"):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("name", MODULES)
def test_no_annotation_mentions_any(name):
    tree = ast.parse(_source(name))
    found = [f"line {a.lineno}: {ast.unparse(a)}" for a in _annotations(tree) if _names_any(a)]
    assert not found, f"{name} annotates with Any: {found}"


@pytest.mark.parametrize("name", MODULES)
def test_any_is_not_imported(name):
    tree = ast.parse(_source(name))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            assert "Any" not in {a.name for a in node.names}, f"{name}:{node.lineno} imports typing.Any"


@pytest.mark.parametrize("name", MODULES)
def test_every_signature_resolves_to_real_types(name):
    module = importlib.import_module(name)
    namespace = _type_checking_names(module)
    checked = 0
    for qualname, function in _functions(module):
        hints = typing.get_type_hints(function, globalns=namespace, include_extras=True)
        bad = {arg: hint for arg, hint in hints.items() if _contains_any(hint)}
        assert not bad, f"{name}.{qualname} has Any in {bad}"
        checked += 1
    for cls_name, cls in vars(module).items():
        if inspect.isclass(cls) and cls.__module__ == name and "__annotations__" in vars(cls):
            hints = typing.get_type_hints(cls, globalns=namespace, include_extras=True)
            assert not any(_contains_any(h) for h in hints.values()), f"{name}.{cls_name}: {hints}"
    assert checked >= 3, f"only {checked} functions found in {name}"


def test_the_check_sees_any_where_it_hides():
    assert _contains_any(typing.Any)
    assert _contains_any(list[typing.Any])
    assert _contains_any(Callable[[typing.Any], None])
    assert _contains_any(typing.Annotated[dict[str, typing.Any] | None, "note"])
    assert not _contains_any(Callable[[int], dict[str, Path] | None])
    assert _names_any(ast.parse("Callable[..., typing.Any]", mode="eval").body)
    assert _names_any(ast.parse("'list[Any]'", mode="eval").body)
