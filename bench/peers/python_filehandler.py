"""Python's standard logging with one logging.FileHandler (file kept open, a flush per record).

Format `%(asctime)s - %(message)s` (asctime is `2026-11-24 14:05:09,042`).
Prints JSON: events/s, peak RSS. Run: python3 python_filehandler.py [events=200000]
"""
import json, logging, os, resource, sys, tempfile, time

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
ENTRY = "user 12345 logged in from 10.0.0.1 session abcdef"

with tempfile.TemporaryDirectory(prefix="py-filehandler-") as tmp:
    path = os.path.join(tmp, "events.log")
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(message)s"))
    logger = logging.getLogger("bench")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    start = time.perf_counter()
    for _ in range(EVENTS):
        logger.info(ENTRY)
    handler.close()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(path, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 16), b""))
    if lines != EVENTS:
        sys.exit(f"wrote {lines} lines, expected {EVENTS}")
    print(json.dumps({"way": "python_filehandler", "events": EVENTS,
                      "events_per_s": round(EVENTS / seconds),
                      "peak_rss_mib": round(peak_kib / 1024)}))
