"""Editor errors: data, not exceptions, so that one run finds every mistake.

An :class:`EditorError` names the file, line, column and field, and a ``code``
that keys its text in :data:`MESSAGES` (Indonesian, English by setting). The
text has two halves, "what is wrong — what is expected", and an optional
suggestion ("did you mean `title`?").
"""

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("id", "en")

# code: {lang: (what is wrong, what is expected)}; {placeholders} come from params.
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "yaml-tab": {
        "id": ("karakter tab di YAML", "pakai spasi untuk indentasi, bukan tab"),
        "en": ("tab character in YAML", "indent with spaces, not tabs"),
    },
    "yaml-unclosed-quote": {
        "id": ("tanda kutip tidak ditutup", "tutup teks dengan tanda kutip yang sama"),
        "en": ("unclosed quote", "close the text with the same quote mark"),
    },
    "yaml-syntax": {
        "id": ("YAML tidak dapat dibaca ({detail})", "periksa indentasi, titik dua dan tanda kutip"),
        "en": ("YAML cannot be read ({detail})", "check indentation, colons and quotes"),
    },
    "yaml-duplicate-key": {
        "id": ("isian ditulis dua kali", "tulis setiap isian sekali saja"),
        "en": ("field written twice", "write each field once"),
    },
    "front-matter-unclosed": {
        "id": ("bagian kepala tidak ditutup", "tutup bagian kepala dengan baris ---"),
        "en": ("front matter not closed", "close the front matter with a --- line"),
    },
    "front-matter-not-mapping": {
        "id": ("bagian kepala bukan daftar isian", "tulis isian sebagai `kunci: nilai`"),
        "en": ("front matter is not a set of fields", "write fields as `key: value`"),
    },
    "data-not-list": {
        "id": ("berkas data bukan daftar entri", "setiap entri diawali `- id: …`"),
        "en": ("data file is not a list of entries", "start each entry with `- id: …`"),
    },
    "not-utf8": {
        "id": ("berkas bukan UTF-8", "simpan ulang berkas dengan pengodean UTF-8"),
        "en": ("file is not UTF-8", "save the file again as UTF-8"),
    },
    "empty-file": {
        "id": ("berkas kosong", "isi berkas atau hapus berkasnya"),
        "en": ("empty file", "fill the file or delete it"),
    },
    "outside-section": {
        "id": ("berkas Markdown di luar bagian yang dikenal", "pindahkan ke salah satu folder: {sections}"),
        "en": ("Markdown file outside a known section", "move it to one of: {sections}"),
    },
    "unsupported-file": {
        "id": ("berkas `{value}` tidak dibaca sebagai halaman", "tulis isi sebagai Markdown (.md); gambar dan berkas lain di content/images/"),
        "en": ("`{value}` is not read as a page", "write content as Markdown (.md); images and other files go in content/images/"),
    },
    "required": {
        "id": ("isian wajib tidak ada", "tambahkan `{field}: …`"),
        "en": ("required field is missing", "add `{field}: …`"),
    },
    "unknown-key": {
        "id": ("isian tidak dikenal", "isian yang diizinkan: {allowed}"),
        "en": ("unknown field", "allowed fields: {allowed}"),
    },
    "type": {
        "id": ("jenis nilai salah ({actual})", "harus {expected}"),
        "en": ("wrong kind of value ({actual})", "must be {expected}"),
    },
    "enum": {
        "id": ("nilai `{value}` tidak dikenal", "pilih salah satu: {allowed}"),
        "en": ("unknown value `{value}`", "choose one of: {allowed}"),
    },
    "pattern": {
        "id": ("`{value}` tidak sesuai bentuk", "{expected}"),
        "en": ("`{value}` has the wrong form", "{expected}"),
    },
    "too-small": {
        "id": ("nilai {value} terlalu kecil", "paling kecil {limit}"),
        "en": ("value {value} is too small", "at least {limit}"),
    },
    "too-large": {
        "id": ("nilai {value} terlalu besar", "paling besar {limit}"),
        "en": ("value {value} is too large", "at most {limit}"),
    },
    "empty-value": {
        "id": ("isian kosong", "isi nilainya atau hapus isiannya"),
        "en": ("empty value", "fill in a value or remove the field"),
    },
    "duplicate-item": {
        "id": ("ada nilai yang ditulis dua kali", "tulis setiap nilai sekali"),
        "en": ("a value is listed twice", "list each value once"),
    },
    "date": {
        "id": ("tanggal `{value}` tidak ada atau tidak terbaca", "tanggal nyata dalam bentuk YYYY-MM-DD atau \"YYYY-MM-DD HH:MM\""),
        "en": ("date `{value}` does not exist or cannot be read", "a real date as YYYY-MM-DD or \"YYYY-MM-DD HH:MM\""),
    },
    "end-before-start": {
        "id": ("`{end}` lebih awal dari {start_field} `{start}`", "sama dengan atau sesudah {start_field}"),
        "en": ("`{end}` is before {start_field} `{start}`", "the same as or after {start_field}"),
    },
    "url": {
        "id": ("`{value}` bukan alamat web", "alamat lengkap yang diawali http:// atau https://"),
        "en": ("`{value}` is not a web address", "a full address starting with http:// or https://"),
    },
    "language": {
        "id": ("kode bahasa `{value}` tidak dikenal", "kode ISO 639-1 atau 639-3, mis. id, en, ms, mui"),
        "en": ("unknown language code `{value}`", "an ISO 639-1 or 639-3 code, e.g. id, en, ms, mui"),
    },
    "isbn": {
        "id": ("ISBN `{value}` tidak sah ({detail})", "ISBN-10 atau ISBN-13 dengan angka periksa yang benar"),
        "en": ("ISBN `{value}` is not valid ({detail})", "an ISBN-10 or ISBN-13 with the right check digit"),
    },
    "unknown-ref": {
        "id": ("{kind} `{value}` tidak dikenal", "{expected}"),
        "en": ("unknown {kind} `{value}`", "{expected}"),
    },
    "duplicate-id": {
        "id": ("id `{value}` sudah dipakai di {other}", "setiap id harus unik"),
        "en": ("id `{value}` is already used in {other}", "every id must be unique"),
    },
    "duplicate-url": {
        "id": ("alamat /{url} juga dipakai oleh {other}", "ganti nama berkas atau `slug`"),
        "en": ("address /{url} is also used by {other}", "rename the file or change `slug`"),
    },
    "duplicate-slug": {
        "id": ("slug `{value}` juga dipakai oleh {other}", "slug artikel harus unik di semua bagian: ganti nama berkas atau `slug`"),
        "en": ("slug `{value}` is also used by {other}", "article slugs must be unique across sections: rename the file or change `slug`"),
    },
    "differs-from-original": {
        "id": ("`{value}` berbeda dengan `{actual}` di berkas aslinya {other}", "samakan, atau hapus isian ini: terjemahan memakai isian berkas aslinya"),
        "en": ("`{value}` differs from `{actual}` in the original {other}", "make them equal, or remove the field: a translation uses the original's"),
    },
    "not-above": {
        "id": ("{field} {value} melebihi {limit_field} {limit}", "paling banyak {limit}"),
        "en": ("{field} {value} exceeds {limit_field} {limit}", "at most {limit}"),
    },
    "missing-file": {
        "id": ("berkas `{value}` tidak ada", "jalur berkas yang ada di bawah content/"),
        "en": ("file `{value}` does not exist", "the path of a file under content/"),
    },
    "image-alt": {
        "id": ("gambar tanpa teks alternatif", "tulis apa yang tampak: ![teks alternatif]({value})"),
        "en": ("image without alt text", "describe it: ![alt text]({value})"),
    },
    "broken-link": {
        "id": ("tautan ke `{value}` yang tidak ada", "nama berkas yang ada, mis. {{filename}}/pages/kontak.md"),
        "en": ("link to `{value}`, which does not exist", "an existing file, e.g. {{filename}}/pages/kontak.md"),
    },
    "placeholder": {
        "id": ("teks `GANTI:` masih ada di berkas yang terbit", "ganti teksnya, atau biarkan `status: draft`"),
        "en": ("`GANTI:` placeholder left in a published file", "replace the text, or keep `status: draft`"),
    },
    "control-char": {
        "id": ("karakter kendali tak terlihat ({value})", "hapus karakter itu; biasanya terbawa saat menyalin dari aplikasi lain"),
        "en": ("invisible control character ({value})", "delete it; it usually comes along when copying from another program"),
    },
    "unsafe-html": {
        "id": ("HTML yang menjalankan kode ({value})", "hapus; tulis isi dengan Markdown biasa"),
        "en": ("HTML that runs code ({value})", "remove it; write the content in plain Markdown"),
    },
}

SUGGESTION = {"id": "maksud Anda `{}`?", "en": "did you mean `{}`?"}
DRAFT_NOTE = {"id": "Draf (tidak diterbitkan)", "en": "Draft (not published)"}
SUMMARY = {
    "id": "Pemeriksaan selesai: {errors} masalah, {drafts} draf.",
    "en": "Check finished: {errors} problems, {drafts} drafts.",
}


def in_language(value: Any, lang: str) -> Any:
    """A parameter given in both languages ({"id": …, "en": …}) in ``lang``."""
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return value[lang]
    return value


@dataclass(frozen=True)
class EditorError:
    """One located problem in an editor's file."""

    file: str
    line: int
    column: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suggestion: str | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.field, self.code)

    def format(self, lang: str = "id") -> str:
        """``path:line:column: field: what is wrong — what is expected``."""
        lang = lang if lang in LANGUAGES else "id"
        params = {"field": self.field, **{key: in_language(value, lang) for key, value in self.params.items()}}
        wrong, expected = (part.format(**params) for part in MESSAGES[self.code][lang])
        text = f"{self.file}:{self.line}:{self.column}: {self.field or '-'}: {wrong} — {expected}"
        if self.suggestion:
            text += f" ({SUGGESTION[lang].format(self.suggestion)})"
        return text


class ValidationFailed(Exception):
    """Raised to stop a build whose sources have editor errors."""

    def __init__(self, errors: list[EditorError], lang: str = "id"):
        self.errors = sorted(errors, key=EditorError.sort_key)
        self.lang = lang
        super().__init__(f"{len(self.errors)} editor errors")

    def lines(self) -> list[str]:
        return [error.format(self.lang) for error in self.errors]
