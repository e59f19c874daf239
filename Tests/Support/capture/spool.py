"""The spool directory of captured messages and the events.jsonl log."""
import json
import os
import re
import time

def write_atomically(path, data):
    """Writes data to a temporary sibling of path, then renames it into place (no fsync)."""
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, f".{name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


class Spool:
    """The directory of captured messages: NNNNNN.json (envelope) and NNNNNN.eml (raw bytes)."""

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.last_number = max(
            (int(name[:-4]) for name in os.listdir(directory) if re.fullmatch(r"\d+\.eml", name)),
            default=0,
        )

    def store(self, content, envelope_fields):
        """Stores one message and returns its file stem, e.g. "000001"."""
        self.last_number += 1
        stem = f"{self.last_number:06d}"
        envelope_json = json.dumps(envelope_fields, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(os.path.join(self.directory, stem + ".json"), envelope_json)
        write_atomically(os.path.join(self.directory, stem + ".eml"), content)
        return stem


class EventLog:
    """events.jsonl: one JSON object a line, each flushed as it is written."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8", buffering=1)  # line-buffered

    def record(self, event, connection_id, **fields):
        entry = {"event": event, "connection_id": connection_id, "time": round(time.time(), 6)}
        entry.update(fields)
        self.file.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self):
        self.file.close()

