"""Fixed, fictional identities and dates so every generated commit is reproducible."""

from __future__ import annotations

import random

from .gitutil import Ident

_FIRST = ("Ada", "Bruno", "Chen", "Dagny", "Emeka", "Farah", "Goran", "Hiroko", "Ines", "Jonas",
          "Kavya", "Lukas", "Mireille", "Nikolai", "Oluwaseun", "Priya", "Quentin", "Rosa",
          "Sanjay", "Tove", "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zofia")
_LAST = ("Abbott", "Berger", "Castro", "Dubois", "Eriksen", "Fischer", "Gallo", "Haddad",
         "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov",
         "Quinn", "Rossi", "Schmidt", "Tanaka", "Urbanek", "Varga", "Weber", "Yamada", "Zhou")

PEOPLE: tuple[Ident, ...] = tuple(
    Ident(f"{f} {l}", f"{f.lower()}.{l.lower()}@example.org") for f, l in zip(_FIRST, _LAST)
)

#: v6.1 release (2022-12-11) and v6.12 release (2024-11-17), UTC.
T_V61 = 1670788800
T_V612 = 1731844800


def person(rng: random.Random) -> Ident:
    return rng.choice(PEOPLE)


def trailers(rng: random.Random, author: Ident) -> str:
    lines = []
    if rng.random() < 0.4:
        reviewer = person(rng)
        lines.append(f"Reviewed-by: {reviewer.name} <{reviewer.email}>")
    lines.append(f"Signed-off-by: {author.name} <{author.email}>")
    return "\n".join(lines)
