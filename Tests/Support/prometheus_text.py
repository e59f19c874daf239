#!/usr/bin/python3
"""Read Prometheus text exposition (what keepsake run serves on /metrics) with an independent
parser, Debian's python3-prometheus-client, and print every sample as one JSON object per line:
{"name": ..., "labels": {...}, "value": ..., "type": ...}.

Usage: prometheus_text.py < metrics.txt
Exit status: 0 parsed; 1 the text is not valid Prometheus text format (the parser's message on stderr).
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def samples(text):
    """Every sample of text, as dictionaries; raises ValueError for text the parser refuses."""
    result = []
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            value = sample.value
            if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
                value = str(value)
            result.append({"name": sample.name, "labels": dict(sample.labels), "value": value, "type": family.type})
    return result


def main():
    text = sys.stdin.read()
    try:
        parsed = samples(text)
    except Exception as error:  # the parser raises ValueError, and others on some garbage
        print(f"not Prometheus text format: {error}", file=sys.stderr)
        return 1
    for sample in parsed:
        print(json.dumps(sample, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
