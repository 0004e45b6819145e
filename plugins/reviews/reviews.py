"""reviews: indexes of the book reviews by reviewer and by topic.

Reviews are the articles of the ``ulasan`` section. This plugin writes

- ``ulasan/pengulas/``: every reviewer, A–Z, with their number of reviews;
- ``ulasan/pengulas/<slug>/``: a reviewer's reviews, newest first, paginated
  by Pelican's writer (``.../hal/2/``; ``reviewer`` in ``PAGINATED_TEMPLATES``);
- ``ulasan/topik/`` and ``ulasan/topik/<slug>/``: the tags used by reviews, each
  with its reviews only (a programme with the same tag is not listed there),
  paginated the same way (``review_topic``).

Slugs are Pelican's ``slugify`` with ``SLUG_REGEX_SUBSTITUTIONS``. Names giving
one slug ("Rina Marlina", "rina marlina") are one reviewer or topic, shown under
the name of its earliest review (by date, then file). A name without any letter
or digit gives no slug and no page. Each review gets ``reviewer_url`` for the
"Diulas oleh" link of article.html. Reviews are grouped once per build.
"""

import logging
from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import Generator

from plugins.common.settings import plugin_settings
from plugins.common.text import slug as slug_of
from plugins.common.text import sort_key

logger = logging.getLogger(__name__)

DEFAULTS = {
    "category": "ulasan",
    "reviewers_url": "ulasan/pengulas/",
    "reviewers_save_as": "ulasan/pengulas/index.html",
    "reviewer_url": "ulasan/pengulas/{slug}/",
    "reviewer_save_as": "ulasan/pengulas/{slug}/index.html",
    "topics_url": "ulasan/topik/",
    "topics_save_as": "ulasan/topik/index.html",
    "topic_url": "ulasan/topik/{slug}/",
    "topic_save_as": "ulasan/topik/{slug}/index.html",
}


@dataclass
class Group:
    """A reviewer or a topic: its name, slug, address and reviews (newest first)."""

    name: str
    slug: str
    url: str
    save_as: str
    reviews: list = field(default_factory=list)


def group_by_slug(reviews, names_of, settings, url: str, save_as: str) -> list[Group]:
    """Groups of ``reviews`` by the slug of each name ``names_of(review)`` gives, A–Z.

    ``reviews`` come oldest first, so a group keeps the name of its earliest
    review; each group's reviews end up newest first.
    """
    groups: dict[str, Group] = {}
    for review in reviews:
        for name in names_of(review):
            slug = slug_of(name, settings)
            if not slug:
                logger.info("reviews: `%s` in %s gives no URL, so no page", name, review.source_path)
                continue
            group = groups.get(slug)
            if group is None:
                group = Group(name, slug, url.format(slug=slug), save_as.format(slug=slug))
                groups[slug] = group
            if not group.reviews or group.reviews[-1] is not review:
                group.reviews.append(review)
    for group in groups.values():
        group.reviews.reverse()
    return sorted(groups.values(), key=lambda g: sort_key(g.name))


def reviewer_names(review) -> list[str]:
    name = str(getattr(review, "reviewer", "") or "").strip()
    return [name] if name else []


def topic_names(review) -> list[str]:
    tags = getattr(review, "tags", None) or []
    return [str(getattr(tag, "name", tag)).strip() for tag in tags]


class ReviewsGenerator(Generator):
    """Groups the reviews by reviewer and by topic and writes their indexes."""

    def generate_context(self):
        self.options = options = plugin_settings(self.settings, "REVIEWS", DEFAULTS)
        reviews = [
            a for a in self.context.get("articles", []) if a.category.slug == options["category"]
        ]
        oldest_first = sorted(reviews, key=lambda a: (a.date, a.source_path))
        self.reviewers = group_by_slug(
            oldest_first, reviewer_names, self.settings,
            options["reviewer_url"], options["reviewer_save_as"],
        )
        self.topics = group_by_slug(
            oldest_first, topic_names, self.settings,
            options["topic_url"], options["topic_save_as"],
        )
        # The "Diulas oleh" link, also on a review's translations when their
        # reviewer has a page.
        by_slug = {group.slug: group for group in self.reviewers}
        for review in reviews:
            for version in (review, *getattr(review, "translations", [])):
                for name in reviewer_names(version):
                    group = by_slug.get(slug_of(name, self.settings))
                    if group is not None:
                        version.reviewer_url = group.url
        self.context.update(
            reviewers=self.reviewers,
            reviewers_url=options["reviewers_url"],
            review_topics=self.topics,
            review_topics_url=options["topics_url"],
        )

    def _write_groups(self, writer, groups, template_name, key):
        template = self.get_template(template_name)
        for group in groups:
            writer.write_file(
                group.save_as,
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"reviews": group.reviews},
                template_name=template_name,
                url=group.url,
                page_name=group.url,
                **{key: group},
            )

    def _write_index(self, writer, template_name, save_as, url):
        writer.write_file(
            save_as,
            self.get_template(template_name),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name=url,
        )

    def generate_output(self, writer):
        options = self.options
        self._write_index(writer, "reviewers", options["reviewers_save_as"], options["reviewers_url"])
        self._write_groups(writer, self.reviewers, "reviewer", "reviewer")
        self._write_index(writer, "review_topics", options["topics_save_as"], options["topics_url"])
        self._write_groups(writer, self.topics, "review_topic", "topic")


def generated_urls(settings):
    """The URL folders this plugin writes (the checker keeps content out of them)."""
    options = plugin_settings(settings, "REVIEWS", DEFAULTS)
    return [options["reviewers_url"], options["topics_url"]]


def get_generators(pelican):
    return ReviewsGenerator


def register():
    signals.get_generators.connect(get_generators)
