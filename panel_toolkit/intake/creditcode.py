"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters from a 31-character set (the letters I, O, S, V and Z are never used, so they
cannot be confused with 1, 0, 5, U and 2). The 18th character is a check character over the
first 17: C18 = (31 - Σ value(Ci) × Wi mod 31) mod 31.

Only the length, the character set and the check character are verified here; whether the
code belongs to the unit is checked against the business licence on site (第八条(一)).
"""
from __future__ import annotations

import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {c: i for i, c in enumerate(CHARSET)}


def normalize(raw: object) -> str:
    """Full-width characters to ASCII (NFKC), surrounding spaces removed, upper case."""
    return unicodedata.normalize("NFKC", str(raw)).strip().upper()


def forbidden_chars(code: str) -> list[str]:
    """The characters of ``code`` that are not in the GB 32100 character set, in order, once each."""
    return list(dict.fromkeys(c for c in code if c not in _VALUE))


def check_char(first17: str) -> str:
    """The check character for the first 17 characters. ``ValueError`` if they are not 17 valid characters."""
    if len(first17) != LENGTH - 1 or forbidden_chars(first17):
        raise ValueError(f"need 17 characters from {CHARSET!r}, got {first17!r}")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True if ``code`` (already normalized) has 18 valid characters and the right check character."""
    if not isinstance(code, str) or len(code) != LENGTH or forbidden_chars(code):
        return False
    return check_char(code[:-1]) == code[-1]


def make(first17: str) -> str:
    """The full 18-character code: ``first17`` plus its check character (used by the demo generator)."""
    return first17 + check_char(first17)
