from .calendar import register  # noqa: F401
