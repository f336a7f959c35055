"""统一社会信用代码, GB 32100-2015: check character worked out by hand for published codes."""
from __future__ import annotations

import random

import pytest

from panel_toolkit.intake import creditcode

# Each sum below is Σ value(Ci) × Wi over the first 17 characters, with
# W = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 and value(A)=10 … value(Y)=30 (no I O S V Z).
PUBLISHED = [
    # 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4:
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 = 52·31 + 28; (31-28) % 31 = 3 → '3'
    "91350100M000100Y43",
    # 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1:
    # 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 = 26·31 + 25; 31-25 = 6 → '6'
    "914403001922038216",
    # 9 1 1 1 0 1 0 8 5 5 1 3 8 5 0 8 2:
    # 9+3+9+27+0+26+0+136+100+145+25+39+64+120+0+240+56 = 999; 999 = 32·31 + 7; 31-7 = 24 → 'Q'
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_check(code):
    assert creditcode.check_char(code[:17]) == code[17]
    assert creditcode.is_valid(code)
    assert creditcode.make(code[:17]) == code


def test_a_code_with_the_wrong_check_character_is_invalid():
    # 9 1 1 1 0 0 0 0 1 0 0 0 0 1 3 4 2: 9+3+9+27+20+24+30+120+56 = 298; 298 = 9·31 + 19;
    # 31-19 = 12 → 'C', so this code (ending in 8) does not check.
    assert creditcode.check_char("91110000100001342") == "C"
    assert not creditcode.is_valid("911100001000013428")


def test_a_sum_divisible_by_31_gives_check_character_0():
    assert creditcode.check_char("0" * 17) == "0"  # (31 - 0) % 31 = 0, not 31


def test_every_single_character_substitution_is_detected():
    # 31 is prime and every weight is non-zero mod 31, so one changed character always changes the sum.
    code = PUBLISHED[0]
    for i in range(18):
        for c in creditcode.CHARSET:
            if c != code[i]:
                assert not creditcode.is_valid(code[:i] + c + code[i + 1:]), (i, c)


def test_normalize_full_width_lower_case_and_spaces():
    assert creditcode.normalize("　９１３５０１００ｍ０００１００ｙ４３ ") == "91350100M000100Y43"
    assert creditcode.normalize(" 91350100m000100y43\n") == "91350100M000100Y43"


@pytest.mark.parametrize("code", [
    "91350100M000100Y4",       # 17 characters
    "91350100M000100Y433",     # 19 characters
    "91350100O000100Y43",      # O is not used (looks like 0)
    "91350100I000100Y43",      # I is not used (looks like 1)
    "91350100S000100Y43",
    "91350100V000100Y43",
    "91350100Z000100Y43",
    "91350100m000100y43",      # not normalized
    "",
])
def test_invalid_codes(code):
    assert not creditcode.is_valid(code)


def test_is_valid_refuses_non_strings():
    assert not creditcode.is_valid(None)
    assert not creditcode.is_valid(913501001234567890)


@pytest.mark.parametrize("first17", ["9135010", "91350100O000100Y4", "91350100M000100Y43"])
def test_check_char_needs_17_valid_characters(first17):
    with pytest.raises(ValueError):
        creditcode.check_char(first17)


def test_make_always_gives_a_valid_code():
    rng = random.Random(32100)
    for _ in range(200):
        first17 = "".join(rng.choice(creditcode.CHARSET) for _ in range(17))
        code = creditcode.make(first17)
        assert len(code) == 18 and code.startswith(first17) and creditcode.is_valid(code)
