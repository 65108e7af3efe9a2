"""Logging filters."""

from __future__ import annotations

import logging

BUSY = 503


class QuietRefusals(logging.Filter):
    """Refused requests (4xx, and 503 while the database is full) log one line, no traceback.

    Their traceback only shows Django's own refusal path and buries real errors; 500s keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and (400 <= status < 500 or status == BUSY):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
