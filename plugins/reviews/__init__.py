from .reviews import generated_urls, register  # noqa: F401
