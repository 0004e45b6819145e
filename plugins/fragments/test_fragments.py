"""The cached header and footer stay right for each page's language, depth and menu item."""

FILES = {
    "content/program/gerakan.md": "---\ntitle: Gerakan\ndate: 2026-01-01\nsummary: Buku.\n---\nIsi.\n",
    "content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi.\n",
    "content/pages/about.md": "---\ntitle: About\nslug: tentang\nlang: en\n---\nText.\n",
}


def menu(page):
    return {a.get_text(): (a["href"], a.get("aria-current")) for a in page.select("header nav a")}


def test_each_page_gets_the_header_for_its_depth_menu_item_and_language(build_site, tmp_path):
    site = build_site(tmp_path, FILES)
    home, section = menu(site.page("")), menu(site.page("program/"))
    article, english = menu(site.page("program/gerakan/")), menu(site.page("tentang/en/"))
    assert home["Program"] == ("./program/", None)
    assert section["Program"] == ("../program/", "page")
    assert article["Program"] == ("../../program/", None)
    assert english["Programmes"] == ("../../program/", None)
    assert site.page("tentang/").select_one("footer nav a").get_text() == "Jam Buka"
    assert site.page("tentang/en/").select_one("footer nav a").get_text() == "Opening hours"


def test_dict_fields_read_as_items_give_what_jinja_gives():
    from collections import OrderedDict

    from jinja2 import Environment

    from plugins.fragments.fragments import fast_dict_getattr

    source = (
        "{{ d.title }}|{{ d.missing is defined }}|{{ d.missing }}|{{ d['items'] }}|{{ d.items()|list|length }}"
        "|{{ d.get('title') }}|{{ o.title }}|{{ o.keys()|list|length }}|{{ n.title.upper() }}"
    )
    values = {"d": {"title": "<b>", "items": 3}, "o": OrderedDict(title="x"), "n": {"title": "t"}}
    plain, fast = Environment(autoescape=True), Environment(autoescape=True)
    fast_dict_getattr(fast)
    assert fast.from_string(source).render(values) == plain.from_string(source).render(values)
    assert fast.from_string(source).render(values) == "&lt;b&gt;|False||3|2|&lt;b&gt;|x|1|T"


def test_values_print_escaped_as_markupsafe_escapes_them():
    from jinja2 import Environment
    from markupsafe import Markup

    from plugins.fragments.fragments import PageTemplate

    class Html:
        def __html__(self):
            return "<b>html</b>"

    class Text(str):
        pass

    source = "{% for value in values %}[{{ value }}]{% endfor %}{{ missing }}{{ '<' ~ 1 }}"
    values = ["<a href='x'>&\"</a>", Markup("<i>ok</i>"), 3, 2.5, None, Html(), Text("<t>"), "", "ü ✓"]
    plain, fast = Environment(autoescape=True), Environment(autoescape=True)
    fast.template_class = PageTemplate
    expected = plain.from_string(source).render(values=values)
    assert fast.from_string(source).render(values=values) == expected
    assert expected.startswith("[&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;][<i>ok</i>][3][2.5][None][<b>html</b>]")


def test_calls_from_templates_get_what_jinja_gives_them():
    from jinja2 import Environment, pass_context, pass_environment, pass_eval_context

    from plugins.common.incremental import PageContext

    @pass_context
    def seen(context, name, suffix=""):
        return f"{context.get(name)}{suffix}"

    @pass_eval_context
    def autoescaping(eval_ctx):
        return eval_ctx.autoescape

    @pass_environment
    def delimiter(environment):
        return environment.variable_start_string

    class Callable:
        @pass_context
        def __call__(self, context):
            return context.get("page")

    def stop():
        raise StopIteration

    source = (
        "{% macro m(x) %}<{{ x }}|{{ seen('page') }}>{% endmacro %}"
        "{{ seen('page') }}|{{ plain(2) }}|{{ autoescaping() }}|{{ delimiter() }}|{{ callable() }}|{{ m(1) }}"
        "|{{ stop() is defined }}"
        "{% for item in [1] %}{% set inner = item %}|{{ seen('inner', suffix='!') }}{% endfor %}"
        "{% block b %}{% set local = 'l' %}|{{ seen('local') }}|{{ m(local) }}{% endblock %}"
    )
    values = dict(seen=seen, plain=lambda n: n * 3, autoescaping=autoescaping, delimiter=delimiter,
                  callable=Callable(), stop=stop, page="p")
    plain, fast = Environment(autoescape=True), Environment(autoescape=True)
    fast.context_class = PageContext
    expected = plain.from_string(source).render(values)
    assert fast.from_string(source).render(values) == expected
    assert expected == "p|6|True|{{|p|<1|p>|False|1!|l|<l|p>"
