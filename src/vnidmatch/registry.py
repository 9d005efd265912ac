"""Explicit registries: one place to register comparators, rules and blocking keys by name.

>>> reg: Registry[int] = Registry("number")
>>> @reg.register("one")
... def one() -> int:
...     return 1
>>> reg.get("one")()
1
>>> reg.get("two")
Traceback (most recent call last):
    ...
vnidmatch.exceptions.UnknownNameError: unknown number 'two'; known: one
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from vnidmatch.exceptions import ConfigError, UnknownNameError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """A name → object mapping filled at import time, with a decorator to add entries.

    >>> r: Registry[str] = Registry("thing")
    >>> r.add("a", "A"); r.names()
    ('a',)
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, obj: T, *, replace: bool = False) -> None:
        """Register ``obj`` under ``name`` (``replace=True`` to overwrite)."""
        if name in self._items and not replace:
            raise ConfigError(f"{self.kind} '{name}' is already registered; pass replace=True")
        self._items[name] = obj

    def register(self, name: str, *, replace: bool = False) -> Callable[[T], T]:
        """Decorator form of :meth:`add`."""

        def deco(obj: T) -> T:
            self.add(name, obj, replace=replace)
            return obj

        return deco

    def get(self, name: str) -> T:
        """The object registered under ``name``; UnknownNameError lists the known names."""
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(
                f"unknown {self.kind} '{name}'; known: {', '.join(self.names())}"
            ) from None

    def names(self) -> tuple[str, ...]:
        """Registered names, sorted."""
        return tuple(sorted(self._items))

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())
