"""Read the sample portal's sources independently of the build, for assertions."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
DATA = ROOT / "data"
WIB = ZoneInfo("Asia/Jakarta")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path} has no YAML front matter"
    return yaml.safe_load(text.split("---\n", 2)[1])


def sources() -> list[tuple[Path, str, dict]]:
    """(path, expected URL, front matter) of every Markdown source."""
    found = []
    for path in sorted(CONTENT.rglob("*.md")):
        meta = front_matter(path)
        section = path.parent.name
        slug = meta.get("slug", path.stem)
        url = f"{slug}/" if section == "pages" else f"{section}/{slug}/"
        if meta.get("lang", "id") != "id":
            url += f"{meta['lang']}/"
        found.append((path, url, meta))
    return found


def is_translation(meta: dict) -> bool:
    return meta.get("lang", "id") != "id"


def with_original(path: Path, meta: dict) -> dict:
    """An event's front matter with what a translation leaves out taken from its
    original (the file of the same slug in the same folder, in Indonesian)."""
    if not is_translation(meta):
        return meta
    slug = meta.get("slug", path.stem)
    for other in sorted(path.parent.glob("*.md")):
        original = front_matter(other)
        if not is_translation(original) and original.get("slug", other.stem) == slug:
            return {**original, **meta}
    raise AssertionError(f"{path} has no original")


def catalogue() -> list[dict]:
    records = []
    for path in sorted((DATA / "katalog").glob("*.yaml")):
        records += yaml.safe_load(path.read_text(encoding="utf-8"))
    return records


def partners() -> list[dict]:
    return yaml.safe_load((DATA / "mitra.yaml").read_text(encoding="utf-8"))


def local_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=WIB)
