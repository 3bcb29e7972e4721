"""Which IRIs become links in HTML: only ``http`` and ``https`` ones.

An IRI in the data or in a query result may have any scheme (``urn:``, ``mailto:``, and also
``javascript:`` or ``data:``, which a browser would run or open). Pages show such IRIs as
text; only web IRIs become ``href`` (the Content-Security-Policy is a second line, not the
first). ``ui.js`` applies the same rule to the results YASGUI draws.

>>> web_link("https://w3id.org/natokg/id/pfp")
'https://w3id.org/natokg/id/pfp'
>>> web_link("javascript:alert(4)") is None, web_link("urn:isbn:123") is None
(True, True)
"""

from __future__ import annotations

WEB_SCHEMES = ("http:", "https:")


def web_link(iri: str) -> str | None:
    """``iri`` when a page may link to it (http or https, any case), else None."""
    return iri if iri[:6].lower().startswith(WEB_SCHEMES) else None
