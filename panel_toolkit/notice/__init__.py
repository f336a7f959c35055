"""公示 (第十三条), 异议, 认定授牌 (第十四条) and certificates (第二十二条): the plain-Python core.

- :mod:`.calendar` — working days on the statutory calendar (chinesecalendar + override files);
- :mod:`.period` — the notice period (民法典第二百零一条);
- :mod:`.numbers` — the certificate-number scheme;
- :mod:`.document`, :mod:`.render`, :mod:`.pdf` — what the documents say, and HTML/Markdown/.docx/PDF.
"""
from .calendar import WorkCalendar, YearSchedule, load_override
from .numbers import assign_numbers
from .period import RULES, NoticePeriod, notice_period

__all__ = ["RULES", "NoticePeriod", "WorkCalendar", "YearSchedule", "assign_numbers", "load_override", "notice_period"]
