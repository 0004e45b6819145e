from .events import register  # noqa: F401
