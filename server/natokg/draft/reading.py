"""Read a page for drafting: refuse bad input with one line, return plain text and its language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
_FR = frozenset("le la les des du et est une dans pour avec sur aux été qui par au ont".split())
_EN = frozenset("the and of to in is was with for on by that has have were its from".split())
_BLOCKS = frozenset("p li h1 h2 h3 h4 h5 h6 div br tr section article".split())
_SKIP = frozenset("script style nav header footer aside noscript form".split())


class InputError(ValueError):
    """The page cannot be drafted; the message is one line."""


@dataclass(frozen=True)
class Page:
    text: str
    lang: str


def read(path: Path, lang: str | None = None) -> Page:
    """The page at ``path`` as plain text, with its language (``fr`` or ``en``)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise InputError(f"{path}: {size} bytes, more than the {MAX_BYTES} bytes a page may have")
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        raise InputError(f"{path}: a binary file, not a text or HTML page")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    text = text.lstrip("\ufeff")
    if _looks_like_html(text):
        text = main_text(text)
    if not text.strip():
        raise InputError(f"{path}: no text in the page")
    found = detect_language(text)
    if lang is None:
        if found is None:
            raise InputError(f"{path}: neither French nor English text")
        lang = found
    elif found is None:
        raise InputError(f"{path}: neither French nor English text")
    return Page(text=text, lang=lang)


def detect_language(text: str) -> str | None:
    """``fr`` or ``en`` by common words, or None when the text is neither."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    if not words:
        return None
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    if max(fr, en) < max(3, len(words) * 0.05):
        return None
    return "fr" if fr >= en else "en"


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ARG002
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def main_text(html: str) -> str:
    """The article of an HTML page without its boilerplate (navigation, cookie banners,
    breadcrumbs, share buttons, related links, footers), by trafilatura; a page trafilatura
    finds no article in (a bare fragment) is read whole by :func:`html_to_text`."""
    import lxml.html  # imported when a page is HTML
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html_to_text(html)
    for element in tree.xpath("|".join(f"//{tag}" for tag in sorted(_SKIP))):
        element.drop_tree()  # boilerplate by its markup, whatever the page's length
    text = trafilatura.extract(tree, include_comments=False, include_tables=True)
    if not text or not text.strip():
        return html_to_text(html)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


def html_to_text(html: str) -> str:
    """The text of an HTML page, one block per line, without scripts, navigation or footers."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"
