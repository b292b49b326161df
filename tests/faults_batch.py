"""A 400-document batch from the dev files, read in place: the multi-source clusters, the event snippets,
and real UCDP reports, written as one JSONL file the CLI reads (tests/test_faults.py, test_cli_faults.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEV


def write_batch(path: Path, *, size: int = 400) -> Path:
    rows = []
    for name in ("cross_doc.jsonl", "event_snippets.jsonl", "ucdp_ged_sample.jsonl"):
        for line in (DEV / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("text") and len(rows) < size:
                rows.append({key: item[key] for key in ("id", "text", "title", "source", "published")
                             if item.get(key) is not None})
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path
