from plugins.common.build import load_settings
from plugins.seo.seo import canonical_path, plain, schemaorg

SETTINGS = load_settings()


def test_front_matter_maps_to_schema_org_by_the_schema_annotations():
    event = {"title": "Bedah Buku", "summary": "<p>Diskusi <em>novel</em>.</p>",
             "start": "2026-12-05 09:00", "venue": {"name": "Aula", "address": "Jl. Merdeka 1"},
             "registration": "https://daftar.example/a", "tags": ["x"]}
    assert schemaorg("event", event, SETTINGS) == {
        "@type": "Event", "name": "Bedah Buku", "description": "Diskusi novel .",
        "startDate": "2026-12-05T09:00:00+07:00",
        "location": {"@type": "Place", "name": "Aula", "address": "Jl. Merdeka 1"},
        "offers": {"@type": "Offer", "url": "https://daftar.example/a"},
    }


def test_a_value_maps_to_several_properties_and_unknown_values_are_left_out():
    record = {"title": "Judul", "formats": ["print", "braille", "large-print"], "subjects": ["A", "B"]}
    assert schemaorg("catalogue", record, SETTINGS) == {
        "@type": "Book", "name": "Judul", "keywords": "A, B",
        "bookFormat": ["https://schema.org/Paperback"],
        "accessibilityFeature": ["braille", "largePrint"],
    }


def test_helpers():
    assert plain("<p>Satu\n <b>dua</b></p>") == "Satu dua"
    assert canonical_path("katalog/hal/2/index.html") == "katalog/hal/2/"
    assert canonical_path("404.html") == "404.html"
