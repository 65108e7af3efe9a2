"""British English dates and times: day, month, year and the 24-hour clock.

Django's own en_GB formats fill in what is not set here (input formats, separators). The
``*_STYLE`` names are the site's own, read through ``overture.organisations.dates``.
"""

DATE_FORMAT = "j M Y"  # 14 Mar 2027
TIME_FORMAT = "H:i"  # 19:30
DATETIME_FORMAT = "j M Y, H:i"  # 14 Mar 2027, 19:30
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 14/03/2027 19:30

WEEKDAY_DATE_STYLE = "D j M Y"  # Sun 14 Mar 2027
WEEKDAY_DATETIME_STYLE = "D j M Y, H:i"  # Sun 14 Mar 2027, 19:30
LONG_DATE_STYLE = "l j F Y"  # Sunday 14 March 2027
LONG_DATETIME_STYLE = "l j F Y, H:i"  # Sunday 14 March 2027, 19:30
