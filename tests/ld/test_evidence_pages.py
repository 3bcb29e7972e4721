"""Resource pages show, next to each value, the sentence that single statement rests on
(a numbered superscript pointing to the quote), against the session build."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

NOTE = re.compile(
    r'<li>(?P<value>(?:(?!<li>).)*?)<sup class="evidence">(?P<notes>.*?)</sup>', re.DOTALL
)
ANCHOR = re.compile(r'<a href="#q(\d+)" title="([^"]*)">\1</a>')
QUOTE = re.compile(r'<li id="q(\d+)" value="\1">(.*?)</li>', re.DOTALL)


def footnotes(body: str) -> tuple[list[tuple[str, set[int]]], dict[int, str]]:
    """(value text, footnote numbers) for every annotated value, and each numbered quote."""
    values = []
    for match in NOTE.finditer(body):
        text = html.unescape(re.sub(r"<[^>]+>", " ", match["value"]))
        values.append((" ".join(text.split()), {int(n) for n, _ in ANCHOR.findall(match["notes"])}))
    quotes = {
        int(n): " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        for n, text in QUOTE.findall(body)
    }
    return values, quotes


def test_each_value_of_a_participation_points_to_its_sentence(build_client: FlaskClient) -> None:
    response = build_client.get("/page/part-2010-02-qureshi-addresses-nac-shah-mehmood-qureshi")
    assert response.status_code == 200
    values, quotes = footnotes(response.get_data(as_text=True))
    assert len(values) >= 4  # participant, event, role, post, on behalf of…
    sentence = (
        "(février) Le ministre pakistanais des Affaires étrangères, Shah Mahmood Qureshi, "
        "rencontre le secrétaire général de l’OTAN et s’adresse au Conseil de l'Atlantique Nord."
    )
    for _value, numbers in values:
        assert [sentence in quotes[n] for n in numbers] == [True]


def test_conflicting_years_each_point_to_their_own_source(build_client: FlaskClient) -> None:
    response = build_client.get("/page/period-kazakhstan-partnership-for-peace")
    assert response.status_code == 200
    values, quotes = footnotes(response.get_data(as_text=True))
    by_value = {value: numbers for value, numbers in values}
    (n1995,) = by_value["1995 xsd:gYear"]
    (n1994,) = by_value["1994 xsd:gYear"]
    # the Kazakhstan page says 1995; NATO's list of signatures (reference data) 1994
    assert "La coopération pratique a démarré en 1995" in quotes[n1995]
    assert "Signatures of Partnership for Peace Framework Document" in quotes[n1994]
    assert by_value["preferred value"] == {n1994}


def test_a_statement_rests_on_the_sentence_that_states_it(build_client: FlaskClient) -> None:
    """The reference data only dates Kazakhstan's PfP membership: that it is a member rests on
    the Kazakhstan page's sentence alone."""
    response = build_client.get("/page/mem-kazakhstan-partnership-for-peace")
    values, quotes = footnotes(response.get_data(as_text=True))
    (member,) = next(numbers for value, numbers in values if value == "Kazakhstan")
    assert "avec l’adhésion du Kazakhstan au Partenariat pour la paix" in quotes[member]


def test_framework_pages_say_whether_their_member_list_is_complete(
    build_client: FlaskClient,
) -> None:
    eapc = build_client.get("/page/euro-atlantic-partnership-council").get_data(as_text=True)
    assert "Members: <strong>partial list</strong>" in eapc
    pfp = build_client.get("/page/partnership-for-peace").get_data(as_text=True)
    assert "Members: <strong>complete list as of 2024</strong>" in pfp
    state = build_client.get("/page/kazakhstan").get_data(as_text=True)
    assert "Members: <strong>" not in state
