"""The `escmon classify` JSON-lines contract, run as a real subprocess and through `run`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli_classify import classify_command, run
from pipelines.classifier import Classifier, load_classifier
from tests.tools import missing_tool

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "classifier_taxonomy.yaml"
SCRIPT = """
import sys, typer
from flows.cli_classify import classify_command
typer.run(classify_command)
"""


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return load_classifier(FIXTURE)


def lines_of(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_one_output_line_per_input_line_in_order(classifier: Classifier) -> None:
    source = lines_of(
        {"id": "a", "text": "Russia massed troops near Ukraine.", "feed": "x", "published": "2022-01-12"},
        "{not json",
        {"id": "c", "title": "Talks", "text": "NATO and Russia agreed to hold talks."},
        {"id": "d"},
        ["a list"],
        {"id": "f", "text": "Quiet day.", "published": "last Tuesday"},
        {"id": "g", "text": "Quiet day.", "published": "2022-01-12T08:00:00Z"},
    )
    out = io.StringIO()
    errors = run(io.StringIO(source), out, classifier)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 7
    assert errors == 4
    assert [r.get("id") for r in rows] == ["a", None, "c", None, None, None, "g"]
    first = rows[0]
    assert first["feed"] == "x" and first["published"] == "2022-01-12"  # input fields pass through
    assert first["label"] == "escalation" and first["score"] > 0
    assert {"label", "score", "actors", "signals", "dyads"} <= set(first)
    assert first["dyads"] == [{"source": "RUS", "target": "UKR", "signal_id": "troop_buildup",
                               "category": "mobilisation", "sentence_index": 0}]
    signal = first["signals"][0]
    assert first["text"][signal["start"]:signal["end"]] == signal["text"]
    assert rows[2]["label"] == "de-escalation" and rows[2]["title"] == "Talks"
    for bad, line_no in ((rows[1], 2), (rows[3], 4), (rows[4], 5), (rows[5], 6)):
        assert set(bad) == {"error"}
        assert bad["error"]["line"] == line_no and bad["error"]["message"]
    assert rows[6]["label"] == "neutral"


def test_blank_lines_are_not_records(classifier: Classifier) -> None:
    out = io.StringIO()
    run(io.StringIO('\n{"text": "Russia attacked."}\n\n'), out, classifier)
    assert len(out.getvalue().splitlines()) == 1


def test_many_lines_cross_chunk_boundaries_in_order(classifier: Classifier) -> None:
    source = lines_of(*({"n": i, "text": "Russia attacked." if i % 2 else "Talks resumed."} for i in range(600)))
    out = io.StringIO()
    run(io.StringIO(source), out, classifier)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["n"] for r in rows] == list(range(600))
    assert {r["label"] for r in rows[1::2]} == {"escalation"}
    assert {r["label"] for r in rows[0::2]} == {"de-escalation"}


def test_command_reads_stdin_and_files_without_beam_or_prefect(tmp_path: Path) -> None:
    check = SCRIPT + "\n"
    path = tmp_path / "items.jsonl"
    path.write_text(lines_of({"id": 1, "text": "Russia denied plans to invade."}, "oops"))
    probe = ("import sys, runpy; sys.argv = ['escmon-classify', sys.argv[1], '--taxonomy', sys.argv[2]]\n"
             "import typer\nfrom flows.cli_classify import classify_command\n"
             "try:\n    typer.run(classify_command)\nfinally:\n"
             "    loaded = [m for m in sys.modules if m.split('.')[0] in ('apache_beam', 'prefect')]\n"
             "    print(json.dumps({'heavy': loaded}), file=sys.stderr)\n")
    probe = "import json\n" + probe
    for arg, stdin in ((str(path), None), ("-", path.read_text())):
        done = subprocess.run([sys.executable, "-c", probe, arg, str(FIXTURE)], input=stdin, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert rows[0]["id"] == 1 and rows[0]["signals"][0]["polarity"] == "denied"
        assert rows[0]["label"] == "neutral"
        assert set(rows[1]) == {"error"}
        heavy = json.loads(done.stderr.strip().splitlines()[-1])["heavy"]
        assert heavy == []
    assert check  # the plain script form is what the lead registers


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "nope.jsonl")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_command_signature_is_typer_compatible() -> None:
    import inspect

    params = inspect.signature(classify_command).parameters
    assert list(params)[0] == "path"
    assert params["path"].default.default == "-"


def test_escmon_classify_with_the_production_taxonomy_reads_negated_intent_right() -> None:
    escmon = Path(sys.executable).with_name("escmon")
    if not escmon.exists():
        missing_tool("escmon console script not installed in this environment (pip install -e .)")
    source = lines_of({"id": "intent", "text": "Moscow says it has no plans to invade its neighbour."},
                      {"id": "undo", "text": "The port workers called off their week-long strike."},
                      {"id": "buildup", "text": "Russia massed more troops on the border overnight."})
    done = subprocess.run([str(escmon), "classify", "-"], input=source, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    labels = {row["id"]: row["label"] for row in map(json.loads, done.stdout.splitlines())}
    assert labels == {"intent": "neutral", "undo": "de-escalation", "buildup": "escalation"}
