"""Counted nouns for messages: "1 patch", "2 patches", never "1 patches" or "patch(es)"."""

from __future__ import annotations

_IRREGULAR = {"patch": "patches", "is": "are", "was": "were", "does": "do", "has": "have", "this": "these"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``word`` in the form that goes with ``n`` (without the number)."""
    if n == 1:
        return word
    return many or _IRREGULAR.get(word) or (word + "es" if word.endswith(("s", "sh", "ch", "x")) else word + "s")


def count(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` in the form that goes with it: ``count(2, "patch")`` is "2 patches"."""
    return f"{n} {plural(n, word, many)}"


def article(word: str) -> str:
    """``word`` with "a" or "an" before it, by its first letter."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


_TYPE_NAMES = {"int": "integer", "str": "string", "list": "array", "tuple": "array", "dict": "table",
               "bool": "boolean", "float": "float"}


def type_name(kind: type) -> str:
    """What a TOML user calls a Python type: ``int`` is an "integer", ``dict`` a "table"."""
    return _TYPE_NAMES.get(kind.__name__, kind.__name__)
