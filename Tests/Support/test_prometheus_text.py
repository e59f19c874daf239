"""Self-test of prometheus_text.py: samples of each type come out with names, labels and values;
text the parser refuses exits 1.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import json
import pathlib
import subprocess
import unittest

SCRIPT = pathlib.Path(__file__).with_name("prometheus_text.py")

GOOD = """# TYPE keepsake_deliveries_total counter
keepsake_deliveries_total{campaign="birthday",outcome="sent"} 12
keepsake_deliveries_total{campaign="nowruz",outcome="failed"} 1
# TYPE keepsake_waiting_deliveries gauge
keepsake_waiting_deliveries{status="planned"} 3
# TYPE keepsake_smtp_send_duration_seconds histogram
keepsake_smtp_send_duration_seconds_bucket{le="0.005"} 1
keepsake_smtp_send_duration_seconds_bucket{le="+Inf"} 2
keepsake_smtp_send_duration_seconds_sum 0.5
keepsake_smtp_send_duration_seconds_count 2
"""


def run(text):
    return subprocess.run(["/usr/bin/python3", str(SCRIPT)], input=text, capture_output=True, text=True)


class PrometheusTextTests(unittest.TestCase):
    def test_every_sample_is_printed_with_its_labels_and_value(self):
        result = run(GOOD)
        self.assertEqual(result.returncode, 0, result.stderr)
        samples = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertIn({"name": "keepsake_deliveries_total", "labels": {"campaign": "birthday", "outcome": "sent"},
                       "value": 12.0, "type": "counter"}, samples)
        self.assertIn({"name": "keepsake_waiting_deliveries", "labels": {"status": "planned"}, "value": 3.0, "type": "gauge"}, samples)
        buckets = [s for s in samples if s["name"] == "keepsake_smtp_send_duration_seconds_bucket"]
        self.assertEqual([b["labels"]["le"] for b in buckets], ["0.005", "+Inf"])
        self.assertEqual(len(samples), 7)

    def test_text_that_is_not_the_format_is_refused(self):
        for garbage in ["keepsake_x{campaign=unquoted} 1\n", 'keepsake_x{a="b" 1\n', "{} 1\n", 'keepsake_x{a="b"} one\n']:
            with self.subTest(garbage=garbage):
                result = run(garbage)
                self.assertEqual(result.returncode, 1, f"accepted {garbage!r}: {result.stdout}")
                self.assertIn("not Prometheus text format", result.stderr)


if __name__ == "__main__":
    unittest.main()
