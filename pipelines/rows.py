"""Turn a Classification into warehouse rows. Pure functions: the Beam DoFn and the direct loop share them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schemas.records import item_text

Row = dict[str, Any]


def text_of(item: Row) -> str:
    return item_text(item.get("title") or "", item.get("summary") or "")


def classification_rows(item: Row, result: Any, version: str, now: datetime | None = None
                        ) -> tuple[Row, list[Row], list[Row]]:
    """(classification, signals, mentions) rows for one item, keyed by (item_id, taxonomy_version)."""
    now = now or datetime.now(UTC)
    item_id, published = item["item_id"], item["published"]
    classification = {
        "item_id": item_id, "taxonomy_version": version, "published": published,
        "label": result.label, "score": float(result.score),
        "escalation_score": float(result.escalation_score),
        "deescalation_score": float(result.deescalation_score),
        "n_signals": len(result.signals), "n_actors": len(result.actors), "classified_at": now,
    }
    signals = [{
        "item_id": item_id, "taxonomy_version": version, "seq": i, "published": published,
        "signal_id": s.signal_id, "category": s.category, "direction": s.direction, "polarity": s.polarity,
        "weight": float(s.weight), "contribution": float(s.contribution), "matched_text": s.text,
        "start_char": s.start, "end_char": s.end, "sentence_index": s.sentence_index,
        "evidence": s.evidence, "source_actor": s.source, "target_actor": s.target,
    } for i, s in enumerate(result.signals)]
    mentions = [{
        "item_id": item_id, "taxonomy_version": version, "seq": i, "published": published,
        "actor_id": a.actor_id, "actor_name": a.name, "actor_type": a.type, "affiliation": a.affiliation or None,
        "matched_text": a.text, "start_char": a.start, "end_char": a.end,
        "sentence_index": a.sentence_index, "candidate": bool(a.candidate),
    } for i, a in enumerate(result.actors)]
    return classification, signals, mentions


def dead_letter_row(item: Row, stage: str, error: str, now: datetime | None = None) -> Row:
    payload = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in item.items()}
    return {"item_id": str(item.get("item_id") or ""), "stage": stage, "error": error[:2000],
            "payload": repr(payload)[:10_000], "failed_at": now or datetime.now(UTC)}


def validate_item(item: Row, text: str, max_chars: int) -> str | None:
    """Why an item with this text (text_of(item)) cannot be classified, or None. Checked before spaCy so
    one bad item cannot sink a batch."""
    if not item.get("item_id"):
        return "missing item_id"
    if not isinstance(item.get("published"), datetime):
        return f"published is not a timestamp: {item.get('published')!r}"
    if not text.strip():
        return "empty text (no title or summary)"
    if len(text) > max_chars:
        return f"text too long: {len(text)} characters > {max_chars}"
    if "\x00" in text or "\ufffd" in text[:2000] and text.count("\ufffd") > 20:
        return "text is not decodable (NUL bytes or replacement characters)"
    return None
