"""Personal access links for experts: a random token in the link, only its SHA-256 in the store.

A token is ``secrets.token_urlsafe(32)``: 43 URL-safe characters, 256 random bits. The store keeps
the hex SHA-256 of it, so a copy of the database opens nobody's link; looking a token up by its
hash needs no constant-time comparison. A token is checked for its form before any lookup, and an
unknown, revoked or malformed token gets one and the same neutral message (:data:`NEUTRAL_ZH`).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import urlencode, urlsplit

from ..errors import AccessDenied, InvalidState

TOKEN_BYTES = 32
TOKEN_LENGTH = 43       # len(secrets.token_urlsafe(32))
QUERY_KEY = "token"
_FORM = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")

NEUTRAL_ZH = "链接无效或已失效。如需访问，请联系评审组织方获取新的链接。"
NEUTRAL_EN = "This link is not valid. To get access, ask the organisers for a new link."


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_well_formed(token: object) -> bool:
    return isinstance(token, str) and _FORM.fullmatch(token) is not None


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def refused() -> AccessDenied:
    """The one error for every token that does not open a session: it says nothing about why."""
    return AccessDenied(NEUTRAL_ZH, NEUTRAL_EN)


def check_base_url(base_url: str) -> str:
    """An http(s) address with a host, without a fragment; returned stripped."""
    url = (base_url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment or any(c.isspace() for c in url):
        raise InvalidState(f"链接地址“{base_url}”无效；应为 http:// 或 https:// 开头的完整网址，如 https://review.example.cn/expert",
                           f"base URL {base_url!r} is not valid; give a full http:// or https:// address, "
                           "e.g. https://review.example.cn/expert")
    return url


def link(base_url: str, token: str) -> str:
    """``base_url`` with ``token=<token>`` added to its query."""
    sep = "&" if urlsplit(base_url).query else ("" if base_url.endswith("?") else "?")
    return f"{base_url}{sep}{urlencode({QUERY_KEY: token})}"
