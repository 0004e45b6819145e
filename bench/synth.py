"""Deterministic synthetic Portal Literasi projects for the build benchmark.

``generate(root, articles, records, seed)`` writes a complete, consistent
project under ``root`` (``content/{program,ulasan,acara,pages}/*.md`` and
``data/{mitra.yaml,katalog/*.yaml}``) that our strict build accepts: every
``book``, ``partners`` and ``programme`` reference points at something that
exists. Text is assembled from an Indonesian word list. The same arguments
always give byte-identical files.

``text="dictionary"`` (the default) gives a real catalogue's spread of words
and people: half the nouns and adjectives are drawn from the stemmer's root
dictionary (PySastrawi's kata dasar, 29,593 words of letters only; the common
ones more often, a third with a prefix or a suffix: ``me…``, ``ber…``, ``…nya``), and
the records' authors from a pool of as many names as records, the prolific
ones more often (names made of syllables beside the 41 × 29 listed ones): at
30,000 records, about 37,000 distinct terms in the records and 15,200 authors
(8,000 of them with one title, the most prolific with 86), as a city library's
catalogue has. ``text="small"`` is the word lists alone (390 terms in the
records, 1,148 authors), as the benchmark figures before session 12 were made:
the same files as then.

``write_plain_project(project, target)`` turns a generated project into one for
plain Pelican: the same Markdown articles and pages, plus one Markdown page per
catalogue record, and a minimal settings file (default theme, only the YAML
front-matter reader).

CLI: ``python bench/synth.py OUT_DIR --articles 500 --records 5000 [--plain]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

NOW = dt.datetime(2026, 11, 25, 12, 0)  # the PORTAL_NOW of plugins.common.testing
RECORDS_PER_FILE = 1000
PAGE_COUNT = 8

# --- Indonesian vocabulary ---------------------------------------------------

NOUNS = """
buku bacaan pembaca perpustakaan pustakawan literasi sekolah anak sungai pempek
sejarah budaya penulis tulisan peminjaman koleksi rak halaman cerita dongeng puisi
novel kisah kota kampung desa warga keluarga guru murid siswa mahasiswa remaja
ibu ayah nenek kakek pasar jembatan tepian perahu kapal pulau hutan kebun sawah
laut hujan pagi sore malam waktu zaman kerajaan naskah arsip kamus bahasa kata
kalimat makna ilmu pengetahuan informasi teknologi ponsel internet layanan ruang
gedung pojok meja kursi kartu anggota relawan komunitas kegiatan acara program
pelatihan lokakarya diskusi festival lomba hadiah donasi bantuan mitra pemerintah
kecamatan kelurahan jalan rumah dapur masakan kain songket tari lagu musik seni
lukisan gambar peta pengalaman mimpi harapan semangat persahabatan kemerdekaan
perjuangan pahlawan tokoh sosok generasi kenangan tradisi adat masjid pendidikan
kesehatan lingkungan alam air tanah pohon bunga burung ikan kopi kue rempah
pelabuhan dermaga perantau nelayan petani pedagang pengrajin penerbit terbitan
majalah koran surat catatan jurnal penelitian peneliti kebiasaan
kebersamaan keberanian kejujuran kesabaran kerja pekerjaan usaha cita pelajaran
kelas papan tikar lampu jendela pintu sampul judul bab paragraf huruf
aksara braille suara pendengaran penglihatan difabel pemustaka kunjungan
""".split()

VERBS = """
membaca menulis meminjam mengembalikan belajar mengajar bercerita mendongeng
mendengarkan berbagi mengenal memahami menemukan mencari menjelajahi merawat
menjaga membangun menumbuhkan mengajak menghadirkan mengunjungi berdiskusi
bertanya menjawab mencatat menyimpan melestarikan mengumpulkan menyusun
menerbitkan mencetak menerjemahkan mengenang merayakan mengikuti mendaftar
membuka menunggu berjalan berlayar menyeberangi memasak menikmati bermain
bernyanyi menggambar menari bekerja membantu mendukung melatih mengelola
melayani menyediakan menawarkan memperkenalkan mengingat memilih menyukai
mencintai menghidupkan menggerakkan menata mendampingi membimbing menceritakan
""".split()

ADJECTIVES = """
baru lama kecil besar panjang pendek indah hangat tenang ramai sepi sederhana
istimewa penting menarik lucu sedih gembira bahagia jujur berani cerdas rajin
tekun luas tinggi muda tua terbuka gratis lokal nasional digital modern klasik
populer langka berharga bermutu ramah setia kuat lembut jernih subur harum
sunyi megah akrab segar kreatif inklusif
""".split()

LINKERS = """
dan atau tetapi karena sehingga ketika bagi untuk dengan bersama tentang
sambil agar setelah sebelum sejak hingga
""".split()

PREPOSITIONS = ("di", "ke", "dari", "dalam", "di tepian", "di sekitar", "menuju")
ADVERBS = ("selalu", "sering", "masih", "sudah", "akan", "kembali", "perlahan", "juga")
QUANTIFIERS = ("setiap", "semua", "banyak", "beberapa", "para", "seluruh")
SUBJECTS = (
    "pustakawan", "para pembaca", "anak-anak", "warga kota", "kami", "relawan",
    "para guru", "komunitas baca", "keluarga muda", "siswa sekolah", "penulis lokal",
    "pemustaka", "mereka", "kita", "para nelayan", "pedagang pasar",
)
PLACES = (
    "Palembang", "Sumatera Selatan", "Sungai Musi", "Jembatan Ampera",
    "Benteng Kuto Besak", "Kambang Iwak", "Pulau Kemaro", "Bukit Siguntang",
    "Seberang Ulu", "Seberang Ilir", "Plaju", "Kertapati", "Gandus", "Sako",
    "Kalidoni", "Sukarami", "Ilir Barat", "Ilir Timur", "Bukit Kecil", "Jakabaring",
    "Kemuning", "Sematang Borang", "Alang-Alang Lebar", "Talang Semut", "Pasar 16 Ilir",
)
SMALL_WORDS = {
    "di", "ke", "dari", "dan", "atau", "untuk", "yang", "bersama", "dengan", "tentang",
    "dalam", "pada", "bagi", "menuju",
}

FIRST_NAMES = """
Andi Budi Citra Dewi Eka Fajar Gita Hendra Indah Joko Kartika Lestari Maya Nur
Putri Rahmat Sari Taufik Utami Wahyu Yulia Zainal Rina Ahmad Siti Agus Bambang
Dian Fitri Hadi Ika Lina Mega Novi Rizky Slamet Tri Wulan Yoga Ratna Irfan
""".split()
LAST_NAMES = """
Pratama Saputra Wijaya Kusuma Hidayat Santoso Nugroho Rahman Harahap Siregar
Nasution Sembiring Hasibuan Syahputra Permana Setiawan Gunawan Sulistyo Halim
Firmansyah Ramadhan Marlina Anggraini Susanti Wulandari Purnomo Hakim Aziz
""".split()
PUBLISHERS = (
    ("Gramedia Pustaka Utama", False), ("Balai Pustaka", False),
    ("Bentang Pustaka", False), ("Mizan", False),
    ("Kepustakaan Populer Gramedia", False), ("Penerbit Kompas", False),
    ("Pustaka Jaya", False), ("Grasindo", False), ("Noura Books", False),
    ("Marjin Kiri", False), ("Elex Media Komputindo", False),
    ("Sriwijaya Pustaka", True), ("Penerbit Universitas Sriwijaya", True),
    ("Musi Aksara", True),
)
SUBJECTS_DDC = {
    "Sastra Indonesia": "899.221", "Novel Indonesia": "899.221 3",
    "Cerita Anak": "899.221 3", "Cerita Rakyat": "398.209 598",
    "Puisi": "899.221 1", "Sejarah Palembang": "959.816", "Sejarah Indonesia": "959.8",
    "Budaya Sumatera Selatan": "306.095 98", "Kuliner": "641.595 98",
    "Pendidikan": "370", "Literasi": "372.6", "Perpustakaan": "020",
    "Ilmu Pengetahuan Populer": "500", "Teknologi Informasi": "004",
    "Kewirausahaan": "658.11", "Kesehatan": "613", "Lingkungan Hidup": "304.2",
    "Biografi": "920", "Bahasa Indonesia": "499.221",
}
LOCATIONS = (
    "Lantai 1, Ruang Anak", "Lantai 1, Ruang Layanan Inklusif",
    "Lantai 2, Rak Sastra Indonesia", "Lantai 2, Rak Nonfiksi",
    "Lantai 2, Rak Koleksi Berbahasa Asing", "Lantai 3, Ruang Koleksi Lokal",
    "Lantai 3, Ruang Referensi",
)
TAGS = (
    "literasi anak", "sejarah palembang", "budaya", "bedah buku", "komunitas",
    "sastra indonesia", "pendidikan", "pojok baca", "dongeng", "keluarga",
    "koleksi lokal", "layanan inklusif", "literasi digital", "pustakawan", "kuliner",
    "sungai musi", "festival", "relawan", "remaja", "menulis", "puisi", "sekolah",
    "teknologi", "kewirausahaan", "lingkungan", "kesehatan", "bahasa daerah",
    "cerita rakyat", "arsip", "perpustakaan keliling",
)
EVENT_KINDS = (
    "Bedah Buku", "Lokakarya", "Diskusi", "Pelatihan", "Kelas", "Festival", "Lomba",
    "Bincang", "Pameran", "Dongeng", "Klub Baca", "Seminar",
)
PROGRAMME_KINDS = ("Gerakan", "Program", "Layanan", "Kampanye", "Sekolah", "Rumah")
VENUES = (
    ("Aula Lantai 3 Perpustakaan Kota Palembang", "Jl. Merdeka No. 1, Palembang"),
    ("Ruang Anak Perpustakaan Kota Palembang", "Jl. Merdeka No. 1, Palembang"),
    ("Pelataran Benteng Kuto Besak", "Jl. Sultan Mahmud Badaruddin, Palembang"),
    ("Taman Kambang Iwak", "Jl. Tasik, Talang Semut, Bukit Kecil, Palembang"),
    ("Gedung Kesenian Palembang", "Jl. Rumah Bari, 20 Ilir, Palembang"),
    ("Aula Kantor Kecamatan Plaju", "Jl. DI Panjaitan, Plaju, Palembang"),
    ("Auditorium Universitas Sriwijaya", "Jl. Srijaya Negara, Bukit Besar, Palembang"),
    ("Dermaga Pulau Kemaro", "Pulau Kemaro, Ilir Timur II, Palembang"),
)
ACCESSIBILITY = (
    "wheelchair", "sign-language", "audio-description", "large-print", "quiet-room",
    "captions", "braille", "hearing-loop",
)
FORMAT_ODDS = {"print": 0.95, "ebook": 0.3, "audio": 0.1, "braille": 0.05,
               "large-print": 0.05}
EBOOK_URL = "https://ebook.perpustakaan.palembang.go.id/baca/"
REGISTRATION_URL = "https://daftar.perpustakaan.palembang.go.id/acara/"
PARTNERS = (
    ("pemkot-palembang", "Pemerintah Kota Palembang", "government"),
    ("dinas-pendidikan-palembang", "Dinas Pendidikan Kota Palembang", "government"),
    ("dispusip-sumsel", "Dinas Perpustakaan dan Kearsipan Provinsi Sumatera Selatan",
     "government"),
    ("perpusnas", "Perpustakaan Nasional Republik Indonesia", "government"),
    ("unsri", "Universitas Sriwijaya", "university"),
    ("uin-raden-fatah", "UIN Raden Fatah Palembang", "university"),
    ("politeknik-sriwijaya", "Politeknik Negeri Sriwijaya", "university"),
    ("komunitas-baca-tepian-musi", "Komunitas Baca Tepian Musi", "community"),
    ("forum-tbm-palembang", "Forum Taman Bacaan Masyarakat Palembang", "community"),
    ("yayasan-pustaka-rakyat", "Yayasan Pustaka Rakyat Sumsel", "ngo"),
    ("lembaga-difabel-mandiri", "Lembaga Difabel Mandiri Palembang", "ngo"),
    ("sriwijaya-pustaka", "Penerbit Sriwijaya Pustaka", "publisher"),
    ("musi-aksara", "Penerbit Musi Aksara", "publisher"),
    ("ipi-sumsel", "Ikatan Pustakawan Indonesia Sumatera Selatan", "training-body"),
    ("rri-palembang", "RRI Palembang", "media"),
)
PAGES = (
    ("tentang", "Tentang Kami"), ("layanan", "Layanan"), ("jam-buka", "Jam Buka"),
    ("keanggotaan", "Keanggotaan"), ("layanan-difabel", "Layanan Difabel"),
    ("relawan", "Menjadi Relawan"), ("kontak", "Kontak"),
    ("umpan-balik", "Kritik dan Saran"),
)


# --- text ---------------------------------------------------------------------


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def title_case(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        w if (i and w in SMALL_WORDS) or w[:1].isupper() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


TEXTS = ("dictionary", "small")
PREFIXES = ("me", "di", "ber", "ter", "pe", "se", "ke")
SUFFIXES = ("kan", "an", "nya", "i", "lah")
SYLLABLES = """
ka ri su ma di an to ni wa ra ti ha sa no ya lu pra bu de go her man win sih
yu na ko se la ta pu gi da mi ro je fa tri dar dja ung ing son ar el
""".split()


def dictionary_words() -> list[str]:
    """The stemmer's root words of three letters or more (no hyphen), sorted."""
    from importlib.resources import files  # noqa: PLC0415 - only for text="dictionary"

    text = files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
    return sorted({word for word in text.split() if re.fullmatch("[a-z]{3,}", word)})


def zipf_weights(count: int, offset: int) -> list[float]:
    """Cumulative weights 1 / (rank + offset): a few common, most rare."""
    return list(itertools.accumulate(1 / (rank + offset) for rank in range(count)))


class Writer:
    """Indonesian-looking titles, sentences and Markdown bodies from one RNG."""

    def __init__(self, rng: random.Random, text: str = "dictionary"):
        if text not in TEXTS:
            raise ValueError(f"text: one of {', '.join(TEXTS)}, not {text!r}")
        self.rng = rng
        self.words: list[str] = []
        if text == "dictionary":
            self.words = dictionary_words()
            rng.shuffle(self.words)  # which words are common: the seed's
            self.word_weights = zipf_weights(len(self.words), 10)

    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return self.rng.choice(items)

    def word(self, listed: tuple[str, ...] | list[str]) -> str:
        """A word of ``listed`` or, half the time with text="dictionary", of the dictionary."""
        rng = self.rng
        if not self.words or rng.random() < 0.5:
            return self.pick(listed)
        word = rng.choices(self.words, cum_weights=self.word_weights)[0]
        if rng.random() < 0.35:
            word = f"{self.pick(PREFIXES)}{word}" if rng.random() < 0.6 else f"{word}{self.pick(SUFFIXES)}"
        return word

    def noun_phrase(self) -> str:
        rng, words = self.rng, [self.word(NOUNS)]
        if rng.random() < 0.5:
            words.append(self.word(ADJECTIVES))
        elif rng.random() < 0.3:
            words.append(self.word(NOUNS))
        return " ".join(words)

    def clause(self) -> str:
        rng = self.rng
        parts = [self.pick(SUBJECTS)]
        if rng.random() < 0.4:
            parts.append(self.pick(ADVERBS))
        parts += [self.pick(VERBS), self.noun_phrase()]
        if rng.random() < 0.6:
            place = self.pick(PLACES) if rng.random() < 0.5 else self.noun_phrase()
            parts += [self.pick(PREPOSITIONS), place]
        if rng.random() < 0.3:
            parts += ["yang", self.pick(ADJECTIVES)]
        return " ".join(parts)

    def sentence(self) -> str:
        text = self.clause()
        if self.rng.random() < 0.5:
            text += f" {self.pick(LINKERS)} {self.clause()}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def heading(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            text = f"{self.pick(VERBS)} {self.noun_phrase()}"
        else:
            text = f"{self.noun_phrase()} {self.pick(('di', 'untuk', 'bagi'))} "
            text += self.pick(PLACES) if rng.random() < 0.5 else self.pick(NOUNS)
        return title_case(text)

    def list_item(self) -> str:
        text = f"{self.pick(VERBS)} {self.noun_phrase()} {self.pick(LINKERS)} "
        text += f"{self.pick(QUANTIFIERS)} {self.pick(NOUNS)}"
        return text[0].upper() + text[1:]

    def body(self) -> str:
        """150–400 words: intro, at least two ``##`` sections and one list."""
        rng = self.rng
        target = rng.randint(150, 400)
        blocks = [self.paragraph(rng.randint(2, 4))]
        items = [f"- {self.list_item()}" for _ in range(rng.randint(3, 5))]
        blocks += [f"## {self.heading()}", self.paragraph(rng.randint(2, 3))]
        blocks += ["\n".join(items)]
        blocks += [f"## {self.heading()}", self.paragraph(rng.randint(2, 3))]
        while sum(len(b.split()) for b in blocks) < target:
            if rng.random() < 0.3:
                blocks.append(f"## {self.heading()}")
            blocks.append(self.paragraph(rng.randint(2, 4)))
        return "\n\n".join(blocks) + "\n"

    def summary(self) -> str:
        return self.sentence()

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def made_up_name(self) -> str:
        return "".join(self.pick(SYLLABLES) for _ in range(self.rng.randint(2, 4))).title()

    def authors(self, records: int) -> tuple[list[str], list[float]] | None:
        """With text="dictionary", who writes the catalogue's books and how prolific each
        is (cumulative weights): a pool of as many names as records, given and family
        names listed or made up, the first hundred or so the prolific ones (up to about
        a hundred titles each at 30,000 records). None otherwise (each author a person())."""
        if not self.words:
            return None
        rng, names = self.rng, set()
        while len(names) < max(20, records):
            first = self.pick(FIRST_NAMES) if rng.random() < 0.5 else self.made_up_name()
            last = self.pick(LAST_NAMES) if rng.random() < 0.3 else self.made_up_name()
            names.add(f"{first} {last}")
        pool = sorted(names)
        rng.shuffle(pool)
        return pool, zipf_weights(len(pool), 100)

    def tags(self) -> list[str]:
        return sorted(self.rng.sample(TAGS, self.rng.randint(1, 3)))

    def book_title(self) -> str:
        rng = self.rng
        form = rng.randrange(5)
        if form == 0:
            text = f"{self.word(NOUNS)} {self.word(ADJECTIVES)}"
        elif form == 1:
            text = f"{self.word(NOUNS)} di {self.pick(PLACES)}"
        elif form == 2:
            text = f"{self.word(NOUNS)} dan {self.word(NOUNS)}"
        elif form == 3:
            opening = self.pick(("kisah", "jejak", "catatan", "riwayat"))
            text = f"{opening} {self.noun_phrase()}"
        else:
            text = f"{self.pick(VERBS)} {self.noun_phrase()}"
        return title_case(text)


def unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text)[:60].strip("-")
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def isbn13(rng: random.Random) -> str:
    """A made-up ISBN-13 (Indonesian 978-623 prefix) with a valid check digit."""
    digits = "978623" + "".join(str(rng.randrange(10)) for _ in range(6))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    check = (10 - total % 10) % 10
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:10]}-{digits[10:]}-{check}"


# --- project ------------------------------------------------------------------


def split_articles(articles: int) -> tuple[int, int, int]:
    """(programmes, reviews, events): about 20 %, 40 % and 40 %."""
    programmes = round(articles * 0.2)
    reviews = round(articles * 0.4)
    return programmes, reviews, articles - programmes - reviews


class Quoted(str):
    """A string written in double quotes (event times, as editors write them)."""


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists (``tags: [a, b]``), like our hand-written files."""


_Dumper.add_representer(
    list,
    lambda d, v: d.represent_sequence(
        "tag:yaml.org,2002:seq", v, flow_style=not any(isinstance(x, dict) for x in v)
    ),
)
_Dumper.add_representer(
    Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style='"')
)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
        default_flow_style=False, width=1000,
    )


def dump_entries(entries: list[dict[str, Any]]) -> str:
    """A YAML list of mappings, one blank line between entries."""
    return "\n".join(dump_yaml([entry]) for entry in entries)


def markdown(meta: dict[str, Any], body: str) -> str:
    return f"---\n{dump_yaml(meta)}---\n\n{body}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def make_records(writer: Writer, count: int) -> list[dict[str, Any]]:
    rng, taken, records = writer.rng, set(), []
    pool = writer.authors(count)
    for _ in range(count):
        title = writer.book_title()
        publisher, local = writer.pick(PUBLISHERS)
        subjects = rng.sample(sorted(SUBJECTS_DDC), rng.randint(1, 3))
        formats = [f for f, odds in FORMAT_ODDS.items() if rng.random() < odds]
        number = rng.choice((1, 1, 1, 2, 3))
        if pool is None:
            authors = [writer.person() for _ in range(number)]
        else:  # a name drawn twice is one author
            authors = list(dict.fromkeys(rng.choices(pool[0], cum_weights=pool[1], k=number)))
        total = rng.randint(1, 10)
        record = {
            "id": unique_slug(title, taken),
            "title": title,
            "authors": authors,
            "isbn": isbn13(rng),
            "publisher": publisher,
            "year": rng.randint(1950, 2026),
            "language": "en" if rng.random() < 0.1 else "id",
            "subjects": subjects,
            "formats": formats or ["print"],
            "call_number": f"{SUBJECTS_DDC[subjects[0]]} "
            f"{authors[0].split()[-1][:3].upper()} {title[0].lower()}",
            "location": writer.pick(LOCATIONS),
            "copies": {"total": total, "available": rng.randint(0, total)},
            "local": local or rng.random() < 0.1,
            "description": writer.paragraph(rng.randint(2, 3)),
        }
        if "ebook" in record["formats"]:
            record["url"] = f"{EBOOK_URL}{record['id']}"
        records.append(record)
    return records


def make_programmes(
    writer: Writer, count: int, partner_ids: list[str]
) -> dict[str, str]:
    rng, taken, files = writer.rng, set(), {}
    for _ in range(count):
        title = title_case(
            f"{writer.pick(PROGRAMME_KINDS)} {writer.pick(NOUNS)} "
            f"{writer.pick(ADJECTIVES)} untuk {writer.pick(SUBJECTS)}"
        )
        date = random_date(rng, dt.date(2024, 1, 1), NOW.date())
        start = date + dt.timedelta(days=rng.randint(0, 60))
        period: dict[str, Any] = {"start": start}
        if rng.random() < 0.8:
            period["end"] = start + dt.timedelta(days=rng.randint(90, 540))
        meta = {
            "title": title, "date": date, "summary": writer.summary(),
            "tags": writer.tags(), "period": period,
            "partners": sorted(rng.sample(partner_ids, rng.randint(1, 3))),
            "contact": "Bidang Layanan Pengguna — (0711) 350 012 — "
            "program@perpustakaan.palembang.go.id",
        }
        path = f"content/program/{unique_slug(title, taken)}.md"
        files[path] = markdown(meta, writer.body())
    return files


def make_reviews(
    writer: Writer, count: int, records: list[dict[str, Any]]
) -> dict[str, str]:
    rng, taken, files = writer.rng, set(), {}
    for _ in range(count):
        book = writer.pick(records)
        title = f"{book['title']}: {title_case(writer.noun_phrase())} " \
            f"dan {title_case(writer.pick(NOUNS))}"
        meta = {
            "title": title,
            "date": random_date(rng, dt.date(2024, 1, 1), NOW.date()),
            "summary": writer.summary(), "tags": writer.tags(),
            "book": book["id"], "reviewer": writer.person(),
            "rating": rng.choice((3, 4, 4, 5, 5)),
        }
        path = f"content/ulasan/{unique_slug(title, taken)}.md"
        files[path] = markdown(meta, writer.body())
    return files


def event_times(rng: random.Random, upcoming: bool) -> tuple[dt.datetime, dt.datetime]:
    """Upcoming: from tomorrow to a year ahead; past: started 4–400 days ago."""
    days = rng.randint(1, 365) if upcoming else -rng.randint(4, 400)
    hour, minute = rng.choice((8, 9, 10, 13, 14, 15, 19)), rng.choice((0, 30))
    day = NOW.date() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, dt.time(hour, minute))
    if rng.random() < 0.05:  # a festival over several days
        end = start + dt.timedelta(days=rng.randint(1, 2), hours=rng.randint(2, 6))
    else:
        end = start + dt.timedelta(hours=rng.randint(1, 4))
    return start, end


def make_events(
    writer: Writer, count: int, partner_ids: list[str], programmes: list[str]
) -> dict[str, str]:
    rng, taken, files = writer.rng, set(), {}
    for index in range(count):
        title = title_case(
            f"{writer.pick(EVENT_KINDS)} {writer.noun_phrase()} "
            f"bersama {writer.pick(SUBJECTS)}"
        )
        slug = unique_slug(title, taken)
        start, end = event_times(rng, upcoming=index % 2 == 0)
        venue_name, address = writer.pick(VENUES)
        published = start.date() - dt.timedelta(days=rng.randint(7, 45))
        meta: dict[str, Any] = {
            "title": title, "date": min(published, NOW.date()),
            "summary": writer.summary(),
            "tags": writer.tags(),
            "start": Quoted(f"{start:%Y-%m-%d %H:%M}"),
            "end": Quoted(f"{end:%Y-%m-%d %H:%M}"),
            "venue": {"name": venue_name, "address": address},
        }
        if rng.random() < 0.6:
            meta["registration"] = f"{REGISTRATION_URL}{slug}"
        if rng.random() < 0.7:
            meta["accessibility"] = sorted(rng.sample(ACCESSIBILITY, rng.randint(1, 3)))
        if rng.random() < 0.7:
            meta["partners"] = sorted(rng.sample(partner_ids, rng.randint(1, 2)))
        if programmes and rng.random() < 0.7:
            meta["programme"] = writer.pick(programmes)
        files[f"content/acara/{slug}.md"] = markdown(meta, writer.body())
    return files


def make_pages(writer: Writer, count: int) -> dict[str, str]:
    pages = list(PAGES[:count]) + [
        (f"halaman-{n}", f"Halaman {n}") for n in range(len(PAGES) + 1, count + 1)
    ]
    return {
        f"content/pages/{slug}.md": markdown(
            {"title": title, "summary": writer.summary()}, writer.body()
        )
        for slug, title in pages
    }


def make_partners(writer: Writer) -> list[dict[str, Any]]:
    partners = []
    for partner_id, name, kind in PARTNERS:
        entry = {"id": partner_id, "name": name, "type": kind}
        if writer.rng.random() < 0.5:
            entry["url"] = f"https://{partner_id}.example.id"
        entry["description"] = writer.paragraph(2)
        partners.append(entry)
    return partners


def project_files(
    articles: int, records: int, seed: int = 1, pages: int = PAGE_COUNT, text: str = "dictionary"
) -> dict[str, str]:
    """Every file of a synthetic project, by path relative to its root (``text``: see the
    module's text)."""
    if articles < 0 or records < 0:
        raise ValueError("articles and records must not be negative")
    programmes, reviews, events = split_articles(articles)
    if reviews and not records:
        raise ValueError("reviews need catalogue records: use records >= 1")
    writer = Writer(random.Random(seed), text)
    partners = make_partners(writer)
    partner_ids = [p["id"] for p in partners]
    catalogue = make_records(writer, records)

    header = f"# Synthetic data (bench/synth.py, seed {seed}): random text.\n\n"
    files = {"data/mitra.yaml": header + dump_entries(partners)}
    for number, first in enumerate(range(0, records, RECORDS_PER_FILE), start=1):
        chunk = catalogue[first:first + RECORDS_PER_FILE]
        path = f"data/katalog/koleksi-{number:03d}.yaml"
        files[path] = header + dump_entries(chunk)
    if not records:
        files["data/katalog/.keep"] = ""
    programme_files = make_programmes(writer, programmes, partner_ids)
    files.update(programme_files)
    slugs = [Path(path).stem for path in programme_files]
    files.update(make_reviews(writer, reviews, catalogue))
    files.update(make_events(writer, events, partner_ids, slugs))
    files.update(make_pages(writer, pages))
    return files


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def generate(root: Path, articles: int, records: int, seed: int = 1, discard=_remove,
             text: str = "dictionary") -> None:
    """Write a complete synthetic project under ``root`` (replacing content/, data/;
    ``discard(folder)`` removes the old ones)."""
    root = Path(root)
    files = project_files(articles, records, seed, text=text)
    for folder in ("content", "data"):
        discard(root / folder)
    write_tree(root, files)


# --- plain Pelican ------------------------------------------------------------

PLAIN_SETTINGS = '''"""Plain Pelican settings for the benchmark (from bench/synth.py).

Default theme, no plugins except the YAML front-matter reader, so that the
same Markdown files are read. Catalogue records are ordinary pages.
"""

SITENAME = "Portal Literasi (plain Pelican)"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
PLUGINS = ["pelican.plugins.yaml_metadata"]
ARTICLE_PATHS = ["program", "ulasan", "acara"]
PAGE_PATHS = ["pages", "katalog"]
SLUGIFY_SOURCE = "basename"
# Same URLs as our site (slugs are unique per section, not across sections).
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
READERS = {"rst": None}  # Markdown only (docutils would warn: no "id" localisation)
# The default theme would list every page (thousands of records) in the menu
# of every HTML file; our theme has a fixed menu, so compare like with like.
DISPLAY_PAGES_ON_MENU = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''

FORMAT_LABELS = {
    "print": "Cetak", "ebook": "E-book", "audio": "Buku audio", "braille": "Braille",
    "large-print": "Cetak besar",
}


def load_catalogue(project: Path) -> Iterator[dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((Path(project) / "data" / "katalog").glob("*.yaml")):
        yield from yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []


def record_page(record: dict[str, Any]) -> str:
    """A Markdown page with the record's fields as body text."""
    copies = record["copies"]
    lines = [
        record["description"], "",
        f"- Pengarang: {', '.join(record['authors'])}",
        f"- Penerbit: {record['publisher']}, {record['year']}",
        f"- Format: {', '.join(FORMAT_LABELS.get(f, f) for f in record['formats'])}",
        f"- Ketersediaan: {copies['available']} dari {copies['total']} eksemplar",
        f"- Lokasi: {record['location']} · Nomor panggil {record['call_number']}",
        f"- ISBN: {record['isbn']}",
        f"- Bahasa: {record['language']}",
        f"- Subjek: {', '.join(record['subjects'])}",
    ]
    if record.get("local"):
        lines.append("- Koleksi muatan lokal")
    if record.get("url"):
        lines += ["", f"[Baca e-book “{record['title']}”]({record['url']})"]
    meta = {
        "title": record["title"],
        "url": f"katalog/{record['id']}/",
        "save_as": f"katalog/{record['id']}/index.html",
    }
    return markdown(meta, "\n".join(lines) + "\n")


def write_plain_project(project: Path, target: Path, discard=_remove) -> Path:
    """Write the plain-Pelican twin of ``project`` under ``target``; return settings
    (``discard(folder)`` removes its old content/).

    ``content/`` is the same Markdown, plus ``content/katalog/<id>.md`` for
    each catalogue record.
    """
    project, target = Path(project), Path(target)
    discard(target / "content")
    shutil.copytree(project / "content", target / "content")
    files = {
        f"content/katalog/{record['id']}.md": record_page(record)
        for record in load_catalogue(project)
    }
    files["pelicanconf.py"] = PLAIN_SETTINGS
    write_tree(target, files)
    return target / "pelicanconf.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text", choices=TEXTS, default="dictionary",
                        help="words and authors (see the module's text); small: as before session 12")
    parser.add_argument(
        "--plain", type=Path, metavar="DIR", help="also write the plain-Pelican twin"
    )
    args = parser.parse_args(argv)
    generate(args.out_dir, args.articles, args.records, args.seed, text=args.text)
    print(f"project: {args.out_dir}")  # noqa: T201 - CLI report
    if args.plain:
        settings = write_plain_project(args.out_dir, args.plain)
        print(f"plain Pelican project: {settings}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
