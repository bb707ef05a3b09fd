"""What a schema field means to validation, declared on the field, and the walks that find it.

A field of a schema model (schema.py) carries a marker in its ``Annotated`` type:

- ``Key("department")``: the record's own id, of that kind (ids of a kind must be unique);
- ``Ref("department")``: the id (or each id of a list) of a record of that kind, which must exist;
- ``Verbatim()``: a text (or each text of a list) that quotes the source word for word.

Validation (validate.py, fidelity.py) never names a model's fields: it asks ``marked`` for every
value under a file's model that carries a kind of marker, with the key path an error report names.
So a new reference or verbatim field is one marker in the schema, not an edit to each walk.
Why Annotated markers, not ``json_schema_extra``: they leave the published JSON Schemas unchanged.

In: typed models. Out: (key path, value, marker, the record holding the field), in field order.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .load import KeyPath


@dataclass(frozen=True)
class Key:
    """The record's own id, of ``kind``. ``also``: a second kind the same id belongs to when the
    record's ``kind`` field says so (a paragraph of kind task is also a task)."""

    kind: str
    also: str | None = None


@dataclass(frozen=True)
class Ref:
    """The id of a record of ``kind`` (or, on a list, each id): it must be declared by a ``Key``."""

    kind: str


@dataclass(frozen=True)
class Verbatim:
    """A text quoting the source word for word (on a list, each text), wherever it stands in the source.

    ``starts_on``: the record's field naming the source line the text must also start on.
    ``row``: the record's field naming the one source line the text must stand on instead (a table's
    row, where a cell's words alone may occur anywhere); ``row_name`` says what that line is."""

    starts_on: str | None = None
    row: str | None = None
    row_name: str = ""


Marker = Key | Ref | Verbatim


def markers(field: FieldInfo) -> list[object]:
    """Every marker on ``field``: on the field itself, or inside its type (``list[Annotated[…, M]]``,
    ``Annotated[…, M] | None``)."""
    found = list(field.metadata)
    stack = [field.annotation]
    while stack:
        tp = stack.pop()
        if typing.get_origin(tp) is typing.Annotated:
            found += list(tp.__metadata__)
        stack += typing.get_args(tp)
    return [m for m in found if isinstance(m, Key | Ref | Verbatim)]


def marked(model: BaseModel, kind: type, path: KeyPath = ()) -> Iterator[tuple[KeyPath, object, Marker, BaseModel]]:
    """Every non-empty value under ``model`` whose field carries a marker of type ``kind``: (key path,
    value, marker, record holding the field); a list field gives each item with its index. Key paths
    use the keys as written in YAML (a field's alias)."""
    for name, key, found, nested in _fields(type(model)):
        value = getattr(model, name)
        for m in found:
            if isinstance(m, kind):
                items = enumerate(value) if isinstance(value, list) else [(None, value)]
                yield from (((*path, key) if i is None else (*path, key, i), x, m, model) for i, x in items if x)
        if any(_holds(n, kind) for n in nested):
            for sub_path, sub in _children(value, (*path, key)):
                yield from marked(sub, kind, sub_path)


def records(model: BaseModel, cls: type[BaseModel], path: KeyPath = ()) -> Iterator[tuple[KeyPath, BaseModel]]:
    """Every record of type ``cls`` under ``model`` (itself included), with its key path, in field order."""
    if isinstance(model, cls):
        yield path, model
    for name, key, _, nested in _fields(type(model)):
        if nested:
            for sub_path, sub in _children(getattr(model, name), (*path, key)):
                yield from records(sub, cls, sub_path)


def _children(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, BaseModel]]:
    if isinstance(value, BaseModel):
        yield path, value
    elif isinstance(value, list):
        yield from (((*path, i), x) for i, x in enumerate(value) if isinstance(x, BaseModel))


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, tuple[object, ...], tuple[type[BaseModel], ...]], ...]:
    """(attribute, YAML key, markers, models the value may hold) of each field of ``model``.
    Why cached: the walks visit thousands of records of a dozen models."""
    return tuple((name, f.alias or name, tuple(markers(f)), _models_in(f.annotation)) for name, f in model.model_fields.items())


@functools.cache
def _holds(model: type[BaseModel], kind: type) -> bool:
    """Whether a record of ``model`` can hold a marker of type ``kind``, in itself or in its records."""
    return any(isinstance(m, kind) for _, _, found, _ in _fields(model) for m in found) or any(
        _holds(n, kind) for _, _, _, nested in _fields(model) for n in nested if n is not model
    )


def _models_in(tp: object) -> tuple[type[BaseModel], ...]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return (tp,)
    return tuple(m for a in typing.get_args(tp) for m in _models_in(a))


def declared_in(file_models: dict[str, type[BaseModel]]) -> dict[str, str]:
    """{id kind: the file pattern whose model declares it (its ``Key``)}; a folder's pattern is given as
    the folder (``chapters/``), so any unsound file in it leaves its ids unknown."""
    out: dict[str, str] = {}
    for pattern, model in file_models.items():
        for kind in _key_kinds(model, set()):
            out.setdefault(kind, pattern.split("*")[0])
    return out


def _key_kinds(model: type[BaseModel], seen: set) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    kinds = [k for _, _, found, _ in _fields(model) for m in found if isinstance(m, Key) for k in (m.kind, m.also) if k]
    return kinds + [k for _, _, _, nested in _fields(model) for n in nested for k in _key_kinds(n, seen)]
