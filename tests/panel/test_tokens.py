"""Personal-link tokens: random, checked for form before any lookup, stored only as a hash."""
from __future__ import annotations

import hashlib

import pytest

from panel_toolkit.errors import AccessDenied, InvalidState
from panel_toolkit.panel import tokens


def test_new_tokens_are_well_formed_and_distinct():
    made = {tokens.new_token() for _ in range(200)}
    assert len(made) == 200
    assert all(len(t) == tokens.TOKEN_LENGTH and tokens.is_well_formed(t) for t in made)


def test_the_stored_value_is_the_sha256():
    t = tokens.new_token()
    assert tokens.token_sha256(t) == hashlib.sha256(t.encode()).hexdigest()
    assert len(tokens.token_sha256(t)) == 64 and t not in tokens.token_sha256(t)


@pytest.mark.parametrize("bad", [None, 42, b"x" * 43, "", "short", "x" * 42, "x" * 44, "x" * 42 + "=",
                                 "x" * 42 + " ", "x" * 42 + "\n", "汉" * 43, "' OR 1=1 --" + "x" * 32,
                                 "../" + "x" * 40])
def test_malformed_tokens_are_recognised(bad):
    assert not tokens.is_well_formed(bad)


def test_one_neutral_refusal():
    e = tokens.refused()
    assert isinstance(e, AccessDenied)
    assert e.message() == tokens.NEUTRAL_ZH and e.message("en") == tokens.NEUTRAL_EN


def test_links():
    t = tokens.new_token()
    assert tokens.link("https://r.example.cn/expert", t) == f"https://r.example.cn/expert?token={t}"
    assert tokens.link("https://r.example.cn/app?lang=zh", t) == f"https://r.example.cn/app?lang=zh&token={t}"


@pytest.mark.parametrize("url", ["", "r.example.cn", "ftp://r.example.cn", "javascript:alert(1)", "https://",
                                 "https://r.example.cn/#x", "https://r.example.cn/a b"])
def test_bad_base_urls(url):
    with pytest.raises(InvalidState):
        tokens.check_base_url(url)


def test_good_base_url_is_stripped():
    assert tokens.check_base_url("  http://localhost:8866/voila/render/expert.ipynb ") == \
        "http://localhost:8866/voila/render/expert.ipynb"
