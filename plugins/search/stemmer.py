"""An Indonesian stemmer with a root-word dictionary (Nazief–Adriani / ECS style).

The same algorithm, line for line, is ``theme/static/js/search/stemmer.js``;
``tests/fixtures/stems_id.json`` and a parity test over thousands of words
keep the two identical.

``stem(word, roots)``:

1. normalise: lower case, diacritics removed; a hyphenated reduplication
   (``anak-anak``, ``berlari-lari``) becomes the stem its halves share;
2. a word of three letters or fewer, or a word in ``roots``, is returned as is
   (so roots that look affixed stay: diskusi, kenari, terminal, pelangi);
3. suffixes are peeled in order: particle (-lah -kah -tah -pun), possessive
   (-ku -mu -nya), derivational (-an, -kan, -i); each form is looked up;
4. prefixes are removed from the most- to the least-suffixed form, depth
   first, up to three deep (di-, ke-, se-, ber-, ter-, per-, meN-, peN-),
   trying every recoding of the nasal (menulis → tulis, memukul → pukul,
   menyapu → sapu, mengirim → kirim); the first candidate in ``roots`` wins;
5. a word with no root found is returned normalised, unstemmed (names,
   loanwords, typos).

``roots`` is any container: the full dictionary at build time, and in the
browser only the roots that occur in the index (see ``browser_roots``): a query
word whose build-time stem is in the index stems to it in the browser too.
"""

import unicodedata
from collections.abc import Container
from functools import cache
from importlib.resources import files

VOWELS = frozenset("aiueo")
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
MAX_PREFIXES = 3

# Function words that carry no meaning for search (shipped to the browser with
# the index, so both sides filter the same list).
STOP_WORDS = frozenset(
    """
    ada adalah agar akan aku anda apa apakah atau bagaimana bagi bahwa banyak
    beberapa begitu belum bersama besar bisa boleh dalam dan dapat dari demikian
    dengan di dia digunakan dilakukan ia ialah ini itu jadi jika juga kalau kami
    kamu karena ke kemudian kepada ketika kita lagi lain lalu maka masih mereka
    merupakan meski namun oleh pada para pula saat saja sangat satu saya se
    sebagai sebelum sedang sehingga sejak sekitar selain seperti serta setelah
    sudah supaya tak tanpa telah tentang terhadap tersebut tetapi tidak untuk
    walau yaitu yakni yang
    """.split()
)


def load_roots() -> frozenset[str]:
    """PySastrawi's root-word dictionary (kata dasar, MIT), from the installed package."""
    return _load_roots()


@cache
def _load_roots() -> frozenset[str]:
    text = files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
    return frozenset(word.strip() for word in text.split() if word.strip())


def normalise(word: str) -> str:
    """Lower case, diacritics removed, anything but letters, digits and '-' dropped."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = [c for c in decomposed if c.isascii() and (c.isalnum() or c == "-")]
    return "".join(kept).strip("-")


def stem(word: str, roots: Container[str]) -> str:
    """The root of an Indonesian ``word`` (normalised), or the word if none is found."""
    word = normalise(word)
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        if not parts:
            return ""
        stems = [stem_single(p, roots) for p in parts]
        if len(stems) == 2 and stems[0] == stems[1]:
            return stems[0]
        if len(stems) == 2 and parts[1] == stems[0]:  # berlari-lari
            return stems[0]
        return "-".join(stems)
    return stem_single(word, roots)


def stem_single(word: str, roots: Container[str]) -> str:
    if len(word) <= 3 or word in roots:
        return word
    if has_precedence(word):  # be-lah, be-an, me-i, di-i, pe-i, te-i: prefix first
        found = strip_prefixes(word, roots, MAX_PREFIXES, suffixes=True)
        if found:
            return found
    forms = suffix_forms(word)
    for form in forms[1:]:
        if form in roots:
            return form
    for form in reversed(forms):
        found = strip_prefixes(form, roots, MAX_PREFIXES)
        if found:
            return found
    return word


def suffix_forms(word: str) -> list[str]:
    """The word, then each form with one more suffix peeled (least to most)."""
    forms = [word]
    current = word
    for suffix in PARTICLES:
        if current.endswith(suffix) and len(current) - len(suffix) >= 3:
            current = current[: -len(suffix)]
            forms.append(current)
            break
    for suffix in POSSESSIVES:
        if current.endswith(suffix) and len(current) - len(suffix) >= 3:
            current = current[: -len(suffix)]
            forms.append(current)
            break
    if current.endswith("an") and len(current) >= 5:
        forms.append(current[:-2])
        if current.endswith("kan") and len(current) >= 6:
            forms.append(current[:-3])
    elif current.endswith("i") and len(current) >= 4:
        forms.append(current[:-1])
    return forms


def has_precedence(word: str) -> bool:
    """ECS: confixes whose prefix is removed before the suffix."""
    if word.startswith("be") and (word.endswith("lah") or word.endswith("an")):
        return True
    return word.startswith(("di", "me", "pe", "te")) and word.endswith("i")


def strip_prefixes(word: str, roots: Container[str], depth: int, suffixes=False) -> str:
    """Depth first over prefix removals: the first remainder in ``roots``, or ''.

    With ``suffixes``, each remainder's suffix-peeled forms are looked up too.
    """
    if depth == 0:
        return ""
    for candidate in prefix_candidates(word):
        if len(candidate) < 2:
            continue
        if candidate in roots:
            return candidate
        if suffixes:
            for form in suffix_forms(candidate)[1:]:
                if form in roots:
                    return form
        found = strip_prefixes(candidate, roots, depth - 1, suffixes)
        if found:
            return found
    return ""


def prefix_candidates(word: str) -> list[str]:
    """What may remain after removing one prefix, most likely first (ECS rules)."""
    w = word
    n = len(w)

    def at(i):
        return w[i] if i < n else ""

    if w.startswith(("di", "ke", "se")):
        return [w[2:]]
    if w.startswith(("be", "te", "pe")) and at(2) == "r":
        # ber-V | be-rV (berisi → isi, berenang → renang), likewise ter-, per-
        if at(3) in VOWELS:
            return [w[3:], w[2:]]
        return [w[3:]]
    if w.startswith("belajar") or w.startswith("pelajar"):
        return [w[3:]]
    if w.startswith(("be", "te")):
        # be-kerja, te-rasa handled above; be-C…er (bekerja → kerja)
        return [w[2:]]
    if w.startswith(("me", "pe")):
        return nasal_candidates(w)
    return []


def nasal_candidates(w: str) -> list[str]:
    """meN- and peN-: the nasal replaced the root's first letter, or was added."""
    n = len(w)
    c2 = w[2] if n > 2 else ""
    c3 = w[3] if n > 3 else ""
    c4 = w[4] if n > 4 else ""
    if w[2:4] == "ng":
        if c4 in VOWELS:  # mengambil → ambil, mengirim → kirim
            return [w[4:], "k" + w[4:]]
        return [w[4:]]  # menggambar, menghapus
    if w[2:4] == "ny":
        if c4 in VOWELS:  # menyapu → sapu, menyanyi → nyanyi
            return ["s" + w[4:], w[2:]]
        return [w[2:]]
    if c2 == "m":
        if c3 in VOWELS:  # memakan → makan, memukul → pukul
            return [w[2:], "p" + w[3:]]
        if c3 in ("b", "f", "v", "p"):  # membaca, memfoto, memperbaiki
            return [w[3:]]
        return [w[2:]]
    if c2 == "n":
        if c3 in VOWELS:  # menikah → nikah, menulis → tulis
            return [w[2:], "t" + w[3:]]
        if c3 in ("c", "d", "j", "s", "t", "z"):  # mencari, mendengar, menjual
            return [w[3:]]
        return [w[2:]]
    return [w[2:]]  # melihat, merasa, mewarnai, pelaku


def browser_roots(vocabulary, roots: Container[str]) -> list[str]:
    """The roots the browser needs: those that are terms of the index."""
    return sorted(term for term in vocabulary if term in roots)
