"""A Python design that opens, appends and closes the file for every event.

Each line is `<local RFC 3339 time, ms> - <entry>`, as the project writes it.
Prints JSON: events/s, peak RSS. Run: python3 python_per_event.py [events=200000]
"""
import json, os, resource, sys, tempfile, time
from datetime import datetime

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
ENTRY = "user 12345 logged in from 10.0.0.1 session abcdef"


def log_event(path, entry):
    stamp = datetime.now().astimezone().isoformat(timespec="milliseconds")
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{stamp} - {entry}\n")


with tempfile.TemporaryDirectory(prefix="py-per-event-") as tmp:
    path = os.path.join(tmp, "events.log")
    start = time.perf_counter()
    for _ in range(EVENTS):
        log_event(path, ENTRY)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(path, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 16), b""))
    if lines != EVENTS:
        sys.exit(f"wrote {lines} lines, expected {EVENTS}")
    print(json.dumps({"way": "python_per_event", "events": EVENTS,
                      "events_per_s": round(EVENTS / seconds),
                      "peak_rss_mib": round(peak_kib / 1024)}))
