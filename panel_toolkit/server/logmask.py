"""No token in any log line: every log record of the process is rewritten with ``token=***`` before any
handler sees it (tornado logs the full URL of 4xx responses; libraries log request URLs in warnings)."""
from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"(token=)[^&\s\"'<>]+", re.IGNORECASE)


def mask(text: str) -> str:
    return TOKEN.sub(r"\1***", text)


def install() -> None:
    """Wrap the log record factory once: the message is formatted and masked when the record is made."""
    old = logging.getLogRecordFactory()
    if getattr(old, "_masks_tokens", False):
        return

    def factory(*args, **kwargs):
        record = old(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: leave it to the handler to report
            return record
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        return record

    factory._masks_tokens = True
    logging.setLogRecordFactory(factory)
