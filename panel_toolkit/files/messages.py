"""A refusal worded from the message catalogue (``panel_toolkit/i18n/files.toml``), in both languages."""
from __future__ import annotations

from ..errors import InvalidState, PanelError
from ..i18n import LANGS, text


def refusal(key: str, cls: type[PanelError] = InvalidState, **values) -> PanelError:
    """``cls`` carrying the message ``files.<key>`` in Chinese and English. A value may be a function of the
    language (a list joined with that language's separator)."""
    zh, en = (text(f"files.{key}", lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})
              for lang in LANGS)
    return cls(zh, en)
