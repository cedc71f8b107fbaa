"""A seeded generator of hostile feed bodies, for the end-to-end fuzz test (issue 15).

Every body is what some server could send: well-formed feeds whose text is hostile (terminal escapes, Rich
markup, bidi overrides, NUL as a character reference), broken or truncated XML, entity tricks, bytes in
the wrong encoding, HTML, JSON, binary, nothing at all, one enormous title, impossible dates and odd links.
The same seed gives the same bodies, so a failure found once is found again.

Each body says what a user may rely on: `kind="feed"` bodies hold `entries` distinct entries that must all
be loaded; `kind="error"` bodies hold no feed and must be recorded as the feed's failure; `kind="any"` may go
either way, as long as nothing escapes and nothing is lost.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

# Text a feed may carry that must neither drive a terminal nor be read as markup.
HOSTILE_FRAGMENTS = (
    "\x1b[2J\x1b[H", "\x1b[31;1m", "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07", "\x1b]0;pwned\x07",
    "\x9b6n", "\x1bP+q\x1b\\", "\x07", "\x08\x08", "\r", "\x7f", "\x85", "\x1b", "\x00",
    "[/x]", "[/]", "[link=http://evil.example]here[/link]", "[bold red]", "[", "]", "\\[", ":smile:",
    "\u202e", "\u2066", "\u202a", "\u200b", "\ufeff", "İstanbul", "ǅ", "ß", "ﬁ", "\U0001f4a5", "\ud7ff",
    "<script>alert(1)</script>", "<!--", "-->", "&amp;", "&lt;b&gt;", "%s%n", "{0}", "$(rm -rf /)",
    "'; DROP TABLE items; --",
)
# Sentences holding signals, so hostile text reaches the classifier's evidence, signals and alerts.
SIGNAL_SENTENCES = (
    "Russia masses troops near the border with Ukraine.",
    "Moscow threatens retaliation against NATO over the missile deployment.",
    "The European Union imposes new sanctions on Russia.",
    "Belarus and Russia hold large military exercises near the Polish border.",
    "Ukraine and Russia agree to resume talks in Geneva.",
    "The Kremlin warns of an invasion if the alliance expands.",
)
ODD_LINKS = (
    "javascript:alert(1)", "data:text/html,<b>x</b>", "http://[::1", "http://user:PASS@Example.COM:80/a/../b?utm_source=x#f",
    "http://例え.テスト/パス?q=%20x", "http://host:99999/", "http://%zz/", "HTTP://UPPER.EXAMPLE/Path", "//no-scheme/x",
    "http://a.example/" + "x" * 5000, "http://a.example/\x1b[2J", "file:///etc/passwd", " http://spaced.example/ a ",
    "http://a.example/\r\nSet-Cookie: x=1", "urn:uuid:1234", "",
)
ODD_DATES = (
    "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 30 Feb 2026 10:00:00 GMT",
    "Tue, 10 Nov 2026 25:61:61 +9999", "99999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
    "yesterday", "", "2026-11-10T10:00:00+14:00", "Thu, 01 Jan 1970 00:00:00 GMT", "\x1b[2J2026-11-10",
    "Wed, 11 Nov 2026 09:00:00 GMT",
)
RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True)
class HostileBody:
    name: str
    body: bytes
    content_type: str | None
    kind: str  # "feed" (all `entries` load), "error" (recorded as the feed's failure), "any"
    entries: int = 0


def xml_text(value: str) -> str:
    """Text escaped for an XML element; characters XML cannot hold become character references, which
    a strict parser refuses and the lenient one decodes: both paths are what feeds send."""
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"&#{ord(c)};" if ord(c) < 32 and c not in "\t\n" else c for c in out)


class Generator:
    """Hostile bodies from one seed; `bodies(n)` is deterministic."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def hostile_text(self, words: int = 6) -> str:
        rng = self.rng
        parts = [rng.choice(SIGNAL_SENTENCES)] if rng.random() < 0.25 else []  # each costs a parse: stage two
        for _ in range(rng.randint(1, words)):
            parts.append(rng.choice(HOSTILE_FRAGMENTS) if rng.random() < 0.6 else rng.choice(("war", "talks", "the")))
        rng.shuffle(parts)
        return " ".join(parts)

    def entries_rss(self, n: int, tag: str) -> str:
        out = []
        for i in range(n):
            title, summary = self.hostile_text(), self.hostile_text(10)
            out.append(f"<item><title>{xml_text(title)}</title><guid isPermaLink=\"false\">{tag}-{i}</guid>"
                       f"<link>{xml_text(self.rng.choice(ODD_LINKS))}</link>"
                       f"<pubDate>{xml_text(self.rng.choice(ODD_DATES))}</pubDate>"
                       f"<description>{xml_text(summary)}</description></item>")
        return "".join(out)

    def rss(self, n: int, tag: str, channel_title: str = "Hostile Wire") -> str:
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>{xml_text(channel_title)}</title><link>http://hostile.example/</link>"
                f"{self.entries_rss(n, tag)}</channel></rss>")

    def atom(self, n: int, tag: str) -> str:
        entries = "".join(
            f"<entry><id>urn:{tag}:{i}</id><title type=\"html\">{xml_text(self.hostile_text())}</title>"
            f"<updated>{xml_text(self.rng.choice(ODD_DATES))}</updated>"
            f"<link href=\"{xml_text(self.rng.choice(ODD_LINKS))}\"/>"
            f"<content type=\"html\">{xml_text('<p>' + self.hostile_text(12) + '</p><script>x')}</content></entry>"
            for i in range(n))
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{entries}</feed>'

    # --- one maker per kind of hostility; each returns a HostileBody ---------------------------------

    def well_formed(self, tag: str) -> HostileBody:
        n = self.rng.randint(1, 3)
        if self.rng.random() < 0.5:
            return HostileBody(tag, self.rss(n, tag, self.hostile_text()).encode("utf-8"), RSS_TYPE, "feed", n)
        return HostileBody(tag, self.atom(n, tag).encode("utf-8"), "application/atom+xml", "feed", n)

    def raw_controls(self, tag: str) -> HostileBody:
        """Raw (not referenced) control characters and escapes inside an otherwise valid feed."""
        text = self.rss(self.rng.randint(1, 3), tag)
        raw = "".join(self.rng.choice(("\x00", "\x1b[2J", "\x07", "\x1b]8;;x\x07", "\x0c")) for _ in range(3))
        return HostileBody(tag, text.replace("</title>", raw + "</title>").encode("utf-8"), RSS_TYPE, "any")

    def truncated(self, tag: str) -> HostileBody:
        body = self.rss(self.rng.randint(2, 6), tag).encode("utf-8")
        return HostileBody(tag, body[:self.rng.randint(1, len(body) - 1)], RSS_TYPE, "any")

    def malformed(self, tag: str) -> HostileBody:
        text = self.rss(self.rng.randint(1, 4), tag)
        cut = self.rng.choice(("</item>", "</title>", "</description>", "<channel>", "</channel>", '"'))
        broken = text.replace(cut, self.rng.choice(("", "<unclosed ", "</wrong>", "<a b='", "<![CDATA[", "&bogus;")), 1)
        return HostileBody(tag, broken.encode("utf-8"), RSS_TYPE, "any")

    def entities(self, tag: str) -> HostileBody:
        rng = self.rng
        decl = rng.choice((
            '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
            '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
            '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">',
            '<!DOCTYPE rss [<!ENTITY big "' + "B" * rng.randint(1000, 100_000) + '">]>',
            '<!DOCTYPE rss [<!ENTITY esc "&#27;[2J">]>',
            "<!DOCTYPE rss [ <!ENTITY unclosed \"x>",
        ))
        ref = rng.choice(("&x;", "&d;", "&big;", "&esc;", "&undefined;", "&#0;", "&#x1b;[2J", "&#xD800;",
                          "&#1114112;", "&#99999999999;", "&#x;"))
        body = self.rss(2, tag).replace('<?xml version="1.0" encoding="utf-8"?>', "", 1)
        body = '<?xml version="1.0" encoding="utf-8"?>' + decl + body.replace("</title>", ref + "</title>", 1)
        return HostileBody(tag, body.encode("utf-8"), RSS_TYPE, "any")

    def encodings(self, tag: str) -> HostileBody:
        rng = self.rng
        text = self.rss(rng.randint(1, 3), tag).replace("Hostile", "Ĳsselmeer Ünïcødé Москва İ")
        choice = rng.randrange(6)
        if choice == 0:  # declared utf-8, sent as latin-1 / cp1251
            body = text.encode(rng.choice(("latin-1", "cp1251")), "replace")
        elif choice == 1:  # invalid UTF-8 sequences spliced in
            raw = text.encode("utf-8")
            at = rng.randrange(len(raw))
            bad = rng.choice((b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80"))
            body = raw[:at] + bad + raw[at:]
        elif choice == 2:  # UTF-16 with and without a BOM, declaration saying utf-8
            body = text.encode(rng.choice(("utf-16", "utf-16-le", "utf-16-be")))
        elif choice == 3:  # a mixed body: half in each encoding
            half = len(text) // 2
            body = text[:half].encode("utf-8") + text[half:].encode("cp1251", "replace")
        elif choice == 4:  # header charset lying
            return HostileBody(tag, text.encode("utf-8"), rng.choice(("text/xml; charset=ebcdic-cp-us",
                               "application/rss+xml; charset=utf-32", "text/xml; charset=nonsense")), "any")
        else:
            body = text.replace('encoding="utf-8"', 'encoding="shift_jis"').encode("utf-8")
        return HostileBody(tag, body, RSS_TYPE, "any")

    def not_a_feed(self, tag: str) -> HostileBody:
        rng = self.rng
        kind = rng.randrange(7)
        if kind == 0:
            body = (f"<!DOCTYPE html><html><head><title>{xml_text(self.hostile_text())}</title></head>"
                    "<body><p>x</p></body></html>")
            return HostileBody(tag, body.encode("utf-8"), rng.choice(("text/html", RSS_TYPE)), "error")
        if kind == 1:
            data = {"version": "https://jsonfeed.org/version/1.1", "title": self.hostile_text(),
                    "items": [{"id": "1", "title": self.hostile_text()}]}
            return HostileBody(tag, json.dumps(data).encode("utf-8"), "application/feed+json", "error")
        if kind == 2:
            return HostileBody(tag, rng.choice((b"", b"   \n\t ", b"\xef\xbb\xbf", b"\x00" * 64)), RSS_TYPE, "error")
        if kind == 3:
            noise = rng.randbytes(rng.randint(1, 4096))
            return HostileBody(tag, noise, rng.choice(("image/png", None, RSS_TYPE)), "error")
        if kind == 4:
            return HostileBody(tag, json.dumps([self.hostile_text()]).encode("utf-8"), "application/json", "error")
        if kind == 5:
            return HostileBody(tag, b"<rss version='2.0'><channel>" + b"<x>" * 2_000, RSS_TYPE, "any")
        return HostileBody(tag, ("plain text " + self.hostile_text()).encode("utf-8"), "text/plain", "error")

    def enormous(self, tag: str) -> HostileBody:
        """One entry with a title of hundreds of kilobytes on one line (hostile pieces sprinkled in)."""
        rng = self.rng
        piece = xml_text(self.hostile_text()) + " "
        title = piece * (rng.randint(50_000, 200_000) // max(len(piece), 1))
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>{tag}-0</guid>'
                f"<title>{title}</title><description>{xml_text(rng.choice(SIGNAL_SENTENCES))}</description>"
                "</item></channel></rss>")
        return HostileBody(tag, body.encode("utf-8"), RSS_TYPE, "feed", 1)

    def unclosed_markup(self, tag: str) -> HostileBody:
        """Escaped HTML in a description that never closes its script, comment or attribute."""
        rng = self.rng
        html = rng.choice(("<script " * 1500, "<!--" + "x" * 20_000, "<a href='" + "y" * 20_000, "<div>" * 1500,
                           "<p title='a > b'>shown " + rng.choice(SIGNAL_SENTENCES) + "</p>"))
        body = self.rss(1, tag).replace("</description>", xml_text(html) + "</description>", 1)
        return HostileBody(tag, body.encode("utf-8"), RSS_TYPE, "feed", 1)

    def sample_with_hostile_titles(self, tag: str, sample: bytes) -> HostileBody:
        """A real-looking feed with history (one of samples/*.xml) whose every title starts with hostile text:
        its spike fires alerts, so alert texts, evidence and their printers carry the hostility too."""
        head, *items = sample.decode("utf-8").split("<item>")
        items = [item.replace("<title>", f"<title>{xml_text(self.hostile_text(3))} ", 1) for item in items]
        return HostileBody(tag, "<item>".join([head, *items]).encode("utf-8"), RSS_TYPE, "feed", len(items))

    MAKERS = ("well_formed", "raw_controls", "truncated", "malformed", "entities", "encodings", "not_a_feed",
              "unclosed_markup", "well_formed", "well_formed")

    def bodies(self, n: int, sample: bytes | None = None) -> list[HostileBody]:
        """`n` bodies of every kind in a seeded order; a few enormous ones, since each costs real parsing, and
        `sample` (a feed with history) with hostile titles first when given."""
        out = [self.sample_with_hostile_titles("b00000", sample)] if sample else []
        out += [self.enormous(f"b{i:05d}") for i in range(len(out), len(out) + 3)]
        while len(out) < n:
            maker = getattr(self, self.rng.choice(self.MAKERS))
            out.append(maker(f"b{len(out):05d}"))
        return out


__all__ = ["Generator", "HostileBody", "HOSTILE_FRAGMENTS"]
