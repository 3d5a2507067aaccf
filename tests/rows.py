"""Literal rows for view and report tests: a document and an event with sensible defaults."""

from __future__ import annotations

EVENT_COLUMNS = (
    "event_id content_hash doc_id event_type subtype count_min count_max count_qualifier count_text period_start "
    "period_end date_text date_precision reported_date source source_text actor location evidence evidence_start "
    "evidence_end sentence_start sentence_end trigger_text is_negated is_primary_actor mention_count details source_id "
    "confidence is_confident"
).split()


def add_document(
    con, content_hash, published, doc_id=None, flags="", title=None, url=None, publisher="Daily Wrap"
):
    """Insert one document row."""
    doc_id = doc_id or content_hash
    con.execute(
        "insert into documents values (?, ?, ?, ?, ?, ?, ?, 'manifest', 'en', 'utf-8', ?, 4, 'text', 'v')",
        [
            content_hash,
            doc_id,
            f"{doc_id}.txt",
            title or f"title {content_hash}",
            publisher,
            url,
            published,
            flags,
        ],
    )


def add_event(con, event_id, doc_hash, **fields):
    """Insert one event row; keyword arguments override the defaults."""
    row = {
        "event_id": event_id,
        "content_hash": doc_hash,
        "doc_id": doc_hash,
        "event_type": "casualty",
        "subtype": "killed",
        "count_min": None,
        "count_max": None,
        "count_qualifier": None,
        "count_text": None,
        "period_start": None,
        "period_end": None,
        "date_text": None,
        "date_precision": None,
        "reported_date": None,
        "source": None,
        "source_text": None,
        "actor": "North Korea",
        "location": None,
        "evidence": f"evidence sentence {event_id}",
        "evidence_start": 0,
        "evidence_end": 17,
        "sentence_start": 0,
        "sentence_end": 17,
        "trigger_text": "killed",
        "is_negated": False,
        "is_primary_actor": True,
        "mention_count": 1,
        "details": "{}",
        "source_id": None,
        "confidence": None,
        "is_confident": True,
    }
    row.update(fields)
    con.execute(
        f"insert into events values ({', '.join('?' * len(EVENT_COLUMNS))})", [row[c] for c in EVENT_COLUMNS]
    )
