from .partners import generated_urls, register  # noqa: F401
