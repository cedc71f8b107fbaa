"""An article's link in one form: trivial differences give one link, so one item id (issue 15, item 11)."""

from __future__ import annotations

import pytest

from flows.feedinput.links import canonical_link, former_link, link_forms


@pytest.mark.parametrize(("raw", "expected"), [
    ("https://EX.org/a?utm_source=x&b=1&gclid=z&mc_cid=1&mc_eid=2#frag", "https://ex.org/a?b=1"),
    ("https://ex.org/a?ref=rss", "https://ex.org/a"),
    ("https://ex.org", "https://ex.org/"),
    ("https://ex.org/p?UTM_Medium=m&keep=%C3%A9", "https://ex.org/p?keep=%C3%A9"),
    ("urn:uuid:1234", None),
    ("", None),
    (None, None),
])
def test_canonical_link(raw, expected):
    assert canonical_link(raw) == expected


@pytest.mark.parametrize("variant", [
    "https://news.example.org/story/42?id=7",
    "HTTPS://NEWS.Example.ORG/story/42?id=7",
    "https://news.example.org:443/story/42?id=7",
    "https://news.example.org/section/../story/42?id=7",
    "https://news.example.org/story/42?utm_source=feed&id=7&utm_medium=rss#comments",
    "https://news.example.org/story/%34%32?id=7",
])
def test_trivial_differences_give_one_link(variant):
    assert canonical_link(variant) == "https://news.example.org/story/42?id=7"


def test_what_0_1_got_wrong_is_kept_apart_or_kept_as_written():
    assert canonical_link("https://Ann:Secret@ex.org/a") == "https://Ann:Secret@ex.org/a"  # user info is case-sensitive
    assert canonical_link("http://ex.org:80/a") == "http://ex.org/a"
    assert canonical_link("https://ex.org/a%20b?q=a%20b") == "https://ex.org/a%20b?q=a%20b"  # not "+"
    assert canonical_link("https://ex.org/search?q=a+b") == "https://ex.org/search?q=a+b"


def test_the_former_form_is_carried_only_when_it_differs():
    assert link_forms("https://ex.org/a?b=1#x") == ("https://ex.org/a?b=1", None)
    assert link_forms("http://ex.org:80/a/../b?q=a%20b") == ("http://ex.org/b?q=a%20b",
                                                              "http://ex.org:80/a/../b?q=a+b")
    assert former_link("http://ex.org:80/a/../b?q=a%20b") == "http://ex.org:80/a/../b?q=a+b"


@pytest.mark.parametrize("raw", ["http://ex\x1b.com/a", "https://" + "a" * 70 + ".org/p\x1b[2J\x85?q=\x07"])
def test_no_control_character_survives_in_the_host_or_when_normalising_fails(raw):
    # a host url-normalize leaves alone, and a link it refuses (a label over 63 characters: kept in the
    # 0.1 form), once stored ESC and BEL raw
    link = canonical_link(raw)
    assert link is not None and not any(ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f for ch in link)
