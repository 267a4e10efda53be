"""A quicker __init__ for the frozen dataclasses that reading a werkvorm makes by the ten thousand."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass an __init__ that sets each slot through its own descriptor.
    The dataclass's own __init__ goes through object.__setattr__ for every field (to get past the
    frozen __setattr__), which takes half as long again; the object made is the same, field for field
    (tests/language/test_quick_init.py). Put it above @dataclass(frozen=True, slots=True)."""
    params = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not p.init or p.default_factory is not dataclasses.MISSING for p in params):
        raise TypeError(f"{cls.__name__}: quick_init knows plain fields with plain defaults only")
    namespace: dict[str, Any] = {}
    signature, body = [], []
    for number, param in enumerate(params):
        namespace[f"_set{number}"] = _slot_of(cls, param.name).__set__
        if param.default is dataclasses.MISSING:
            signature.append(param.name)
        else:
            namespace[f"_default{number}"] = param.default
            signature.append(f"{param.name}=_default{number}")
        body.append(f"    _set{number}(self, {param.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"]), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.quick = True  # so tests find every class that has one
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


def _slot_of(cls: type, name: str) -> Any:
    """The slot descriptor of field `name`: in the class that declares the field, perhaps a base."""
    for owner in cls.__mro__:
        if name in owner.__dict__:
            return owner.__dict__[name]
    raise TypeError(f"{cls.__name__}.{name} is no slot")
