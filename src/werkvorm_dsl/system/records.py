"""`@record`: a frozen, slotted dataclass that is quick to define and quick to make.

`@dataclass(frozen=True, slots=True)` compiles six methods for every class it decorates, and a
werkvorm's types number in the dozens: that was a tenth of the time `werkvorm check` takes to start.
A record compiles one, its __init__, which sets each slot through the slot's own descriptor (the
dataclass's frozen __init__ goes through object.__setattr__ for every field, half as slow again,
and reading a werkvorm makes these by the ten thousand). Equality, hashing, repr, pickling and the
refusal to change a field are shared functions that read the class's field names. A record is a
dataclass to `dataclasses` (fields, replace, asdict) and to the type checker (frozen, via
dataclass_transform); tests/system/test_records.py shows that it behaves as
`@dataclass(frozen=True, slots=True)` would, for every record in the package.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    @dataclass_transform(frozen_default=True)
    def record(cls: type[T]) -> type[T]: ...

    @dataclass_transform()
    def mutable_record(cls: type[T]) -> type[T]: ...

else:

    def record(cls):
        """Make `cls` a frozen, slotted dataclass (see the module's docstring)."""
        return _made(cls, frozen=True)

    def mutable_record(cls):
        """Make `cls` a slotted dataclass whose fields may change: for the reader's own working
        state (a line token, what the line above leaves open), made as often as the records."""
        return _made(cls, frozen=False)


def _made(cls: type, frozen: bool) -> Any:
    cls = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: a record knows fields that __init__ sets by position only")
    compared = [f.name for f in fields if f.compare]
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    attributes = {
        "__init__": _init_of(cls, fields, frozen),
        # static: read through an instance, a function stored on the class would get it as `self`
        "_record_compared": staticmethod(_values_of(compared)),
        "_record_hashed": staticmethod(_values_of(hashed)),
        "_record_shown": tuple(f.name for f in fields if f.repr),
        "_record_names": tuple(f.name for f in fields),
        **(_FROZEN if frozen else _MUTABLE),
    }
    for name, value in attributes.items():
        setattr(cls, name, value)
    return cls


def _init_of(cls: type, fields: tuple[dataclasses.Field, ...], frozen: bool) -> Any:
    """An __init__ with the dataclass's signature. A frozen record's sets each slot through its
    descriptor (its own __setattr__ refuses); a mutable one's assigns as any __init__ does."""
    namespace: dict[str, Any] = {"_NOT_GIVEN": _NOT_GIVEN}
    signature, body = [], []
    for number, field in enumerate(fields):
        if frozen:
            namespace[f"_set{number}"] = _slot_of(cls, field.name).__set__
        value = field.name
        if field.default_factory is not dataclasses.MISSING:  # a new one for every record, as in a dataclass
            namespace[f"_factory{number}"] = field.default_factory
            signature.append(f"{field.name}=_NOT_GIVEN")
            value = f"_factory{number}() if {field.name} is _NOT_GIVEN else {field.name}"
        elif field.default is dataclasses.MISSING:
            signature.append(field.name)
        else:
            namespace[f"_default{number}"] = field.default
            signature.append(f"{field.name}=_default{number}")
        body.append(f"    _set{number}(self, {value})" if frozen else f"    self.{field.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"]), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


_NOT_GIVEN = object()  # the default of a field with a default_factory: the factory makes the value


def _slot_of(cls: type, name: str) -> Any:
    """The slot descriptor of field `name`: in the class that declares the field, perhaps a base."""
    for owner in cls.__mro__:
        if name in owner.__dict__:
            return owner.__dict__[name]
    raise TypeError(f"{cls.__name__}.{name} is no slot")


def _values_of(names: list[str]) -> Any:
    """A function from a record to the tuple of these fields (what a dataclass compares and hashes)."""
    if not names:
        return lambda record: ()
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda record: (single(record),)
    return attrgetter(*names)  # a tuple already, made in C


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self._record_compared(self) == self._record_compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_hashed(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in self._record_names]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self._record_names, state):
        object.__setattr__(self, name, value)  # past the frozen __setattr__, as unpickling must


_FROZEN = {
    "__eq__": _eq,
    "__hash__": _hash,
    "__repr__": _repr,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
    "__getstate__": _getstate,
    "__setstate__": _setstate,
}
# As a dataclass whose fields may change: equal by value, and so without a hash.
_MUTABLE = {"__eq__": _eq, "__hash__": None, "__repr__": _repr}
