from .partners import register  # noqa: F401
