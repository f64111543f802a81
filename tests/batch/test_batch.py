"""Batch runs: readers, output tables, bad records, resumption after kill -9, worker processes, the CLI."""

from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import claimscope
from claimscope.batch import CLAIMS_SCHEMA, DOCUMENTS_SCHEMA, run
from claimscope.classify.topics import DEFAULT_RELEVANCE_THRESHOLD
from claimscope.cli import app
from claimscope.errors import ClaimscopeValueError, ModelLoadError
from tests.compare import close

SENTENCES = [
    "Kremlin spokesman Dmitry Peskov said that Tokyo's sanctions were unfriendly.",
    "Japanese experts believe that the Sakhalin-2 project may become a bargaining chip.",
    "If the G7 tightens the price cap, Moscow will retaliate.",
    "According to analysts, NATO is watching closely, while the EU is divided.",
    "Prime Minister Takahashi Hayato insisted the measures were necessary.",
    "Relations between Tokyo and Moscow will remain frozen.",
]


TOPIC = "sanctions against Russia"
TOPIC_DOCS = [
    {
        "id": "about",
        "text": "Foreign Minister Hayashi said that the sanctions against Russia would stay until the war ends.",
    },
    {"id": "football", "text": "The coach said that the team will win the league next season."},
    {"id": "vaccine", "text": "Doctors believe that the new vaccine reduces hospital admissions among older patients."},
]


def corpus(n: int) -> list[dict[str, str]]:
    """``n`` short documents made of the test sentences, with ids d0, d1, ..."""
    return [{"id": f"d{i}", "text": f"{SENTENCES[i % 6]} {SENTENCES[(i + 1) % 6]}", "lang": "en"} for i in range(n)]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def table_rows(out: Path, table: str) -> list[dict[str, object]]:
    """All rows of one output table (either format), in a canonical order."""
    files = sorted((out / table).glob("part-*"))
    frames = [pd.read_parquet(f) if f.suffix == ".parquet" else pd.read_json(f, lines=True) for f in files]
    frames = [f for f in frames if len(f)]
    rows = pd.concat(frames).to_dict("records") if frames else []
    return sorted((json.loads(pd.Series(r).to_json()) for r in rows), key=json.dumps)


def test_run_writes_claims_and_documents_tables(tmp_path, nlp):
    docs = corpus(12)
    summary = run(write_jsonl(tmp_path / "c.jsonl", docs), tmp_path / "out", batch_size=5, nlp=nlp)
    expected = list(claimscope.analyze_batch([d["text"] for d in docs], nlp=nlp))
    assert (summary.documents, summary.failed, summary.shards) == (12, 0, 3)
    assert summary.claims == sum(len(a.claims) for a in expected) > 12

    claims = pd.read_parquet(tmp_path / "out" / "claims")
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert pq.read_schema(next((tmp_path / "out" / "claims").glob("*.parquet"))).equals(CLAIMS_SCHEMA)
    with_lang = DOCUMENTS_SCHEMA.append(pa.field("lang", pa.string()))  # the input's other field passes through
    assert pq.read_schema(next((tmp_path / "out" / "documents").glob("*.parquet"))).equals(with_lang)
    assert list(documents.doc_id) == [d["id"] for d in docs] and set(documents.status) == {"ok"}
    assert list(documents.lang) == ["en"] * 12
    first = expected[0].claims[0]
    row = claims[(claims.doc_id == "d0") & (claims.claim_index == 0)].iloc[0]
    assert (row.text, row.start, row.end, row.statement) == (first.text, first.start, first.end, first.statement)
    assert row.claimer_entity_id == first.claimer.entity_id == "OFFICIAL:dmitry-peskov"
    assert list(row.entity_ids) == first.entity_ids
    assert list(documents.n_claims) == [len(a.claims) for a in expected]
    assert {e["id"] for e in documents.iloc[0].entities} == {e.id for e in expected[0].entities}
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["complete"] and sorted(manifest["shards"]) == ["0", "1", "2"]
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


def test_bad_records_go_to_the_errors_file_and_the_run_goes_on(tmp_path, nlp):
    good = corpus(4)
    lines = [json.dumps(r).encode() for r in good[:2]]
    lines += [
        b'{"id": "no-text", "body": "x"}',
        b'{"id": "number", "text": 42}',
        b"\xff\xfe not UTF-8",
        b'{"id": "d0", "text": "A duplicate id."}',
        b'{"id": "huge", "text": "' + b"a" * 5_000_000 + b'"}',
        b"{not json",
    ]
    lines += [json.dumps(r).encode() for r in good[2:]]
    (tmp_path / "bad.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    summary = run(tmp_path / "bad.jsonl", tmp_path / "out", batch_size=3, nlp=nlp)

    assert (summary.documents, summary.failed, summary.clean) == (10, 6, False)
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [(Path(e["doc_id"]).name, e["code"]) for e in errors] == [
        ("no-text", "E013"),
        ("number", "E014"),
        ("bad.jsonl:5", "E012"),
        ("d0", "E016"),
        ("huge", "E015"),
        ("bad.jsonl:8", "E012"),
    ]
    assert all(e["reason"].startswith(f"[{e['code']}]") for e in errors)
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert list(documents[documents.status == "ok"].doc_id) == ["d0", "d1", "d2", "d3"]
    assert set(pd.read_parquet(tmp_path / "out" / "claims").doc_id) == {"d0", "d1", "d2", "d3"}


def test_every_input_format_gives_the_same_rows(tmp_path, nlp):
    docs = corpus(5)
    jsonl = write_jsonl(tmp_path / "c.jsonl", docs)
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write(jsonl.read_text())
    with open(tmp_path / "c.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["id", "text", "lang"])
        writer.writeheader()
        writer.writerows(docs)
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "c.parquet")
    folder = tmp_path / "txt"
    folder.mkdir()
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")

    reference = None
    for name in ("c.jsonl", "c.jsonl.gz", "c.csv", "c.parquet", "txt"):
        out = tmp_path / f"out-{name}"
        run(tmp_path / name, out, batch_size=2, nlp=nlp)
        rows = [{k: v for k, v in r.items() if k != "doc_id"} for r in table_rows(out, "claims")]
        ids = [r["doc_id"] for r in table_rows(out, "documents")]
        assert sorted(ids) == (
            sorted(f"{d['id']}.txt" for d in docs) if name == "txt" else sorted(d["id"] for d in docs)
        )
        reference = reference or rows
        assert rows == reference, name


def test_jsonl_output_and_custom_fields(tmp_path, nlp):
    rows = [{"key": f"k{i}", "body": d["text"]} for i, d in enumerate(corpus(4))]
    out = tmp_path / "out"
    run(write_jsonl(tmp_path / "c.jsonl", rows), out, output_format="jsonl", text_field="body", id_field="key", nlp=nlp)
    documents = pd.concat(pd.read_json(p, lines=True) for p in sorted((out / "documents").glob("part-*.jsonl")))
    assert list(documents.doc_id) == ["k0", "k1", "k2", "k3"] and set(documents.status) == {"ok"}
    assert sum(len(pd.read_json(p, lines=True)) for p in (out / "claims").glob("part-*.jsonl")) > 4


def test_an_existing_run_needs_resume_with_the_same_settings(tmp_path, nlp):
    source = write_jsonl(tmp_path / "c.jsonl", corpus(3))
    first = run(source, tmp_path / "out", nlp=nlp)
    with pytest.raises(ClaimscopeValueError, match=r"\[E019\]"):
        run(source, tmp_path / "out", nlp=nlp)
    with pytest.raises(ClaimscopeValueError, match=r"\[E020\].*batch_size"):
        run(source, tmp_path / "out", batch_size=7, resume=True, nlp=nlp)
    # without --batch-size a resume cuts the shards as the interrupted run did, whatever the workers now
    assert run(source, tmp_path / "out", resume=True, workers=1, nlp=nlp).resumed_shards == first.shards
    with pytest.raises(ClaimscopeValueError, match=r"\[E018\]"):
        run(tmp_path / "missing.jsonl", tmp_path / "other", nlp=nlp)


def test_resume_removes_the_temporaries_a_killed_run_left_and_nothing_else(tmp_path, nlp):
    """SIGKILL can land between writing a temporary and renaming it, for a shard or for the manifest itself."""
    source = write_jsonl(tmp_path / "c.jsonl", corpus(3))
    out = tmp_path / "out"
    first = run(source, out, nlp=nlp)
    stale = [out / "._manifest.json.99999.tmp", out / ".errors.jsonl.99999.tmp", out / "claims" / ".part-1.tmp"]
    for path in stale:
        path.write_text("partial")
    (out / ".notes").write_text("the user's own file")
    assert run(source, out, resume=True, nlp=nlp).resumed_shards == first.shards
    assert not [p for p in stale if p.exists()]
    assert (out / ".notes").read_text() == "the user's own file"


def test_kill_9_then_resume_gives_exactly_the_rows_of_an_uninterrupted_run(tmp_path, nlp):
    docs = corpus(80)
    source = write_jsonl(tmp_path / "c.jsonl", docs)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "claimscope.cli", "batch", str(source), "-o", str(out), "--batch-size", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    manifest = out / "_manifest.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.is_file() and json.loads(manifest.read_text())["shards"]:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not _processes_writing_to(out, within=10.0), "worker processes outlived the killed run"
    state = json.loads(manifest.read_text())
    assert not state["complete"] and 0 < len(state["shards"]) < 40

    resumed = subprocess.run([*command, "--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "80 documents" in resumed.stderr and "it/s" not in resumed.stderr and "doc/s" not in resumed.stderr

    run(source, tmp_path / "clean", batch_size=2, nlp=nlp)
    for table in ("claims", "documents"):
        assert close(table_rows(out, table), table_rows(tmp_path / "clean", table)), table
    assert len(table_rows(out, "documents")) == 80
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_two_worker_processes_give_the_rows_of_one(tmp_path, nlp):
    source = write_jsonl(tmp_path / "c.jsonl", corpus(16))
    two = run(source, tmp_path / "two", workers=2, batch_size=4)
    run(source, tmp_path / "one", batch_size=4, nlp=nlp)
    assert (two.documents, two.shards, len(two.worker_peak_rss_mb)) == (16, 4, 2)
    for table in ("claims", "documents"):
        assert close(table_rows(tmp_path / "two", table), table_rows(tmp_path / "one", table)), table


def test_cli_reads_stdin_and_its_exit_code_tells_failed_records(tmp_path):
    lines = "".join(json.dumps(r) + "\n" for r in corpus(3))
    result = CliRunner().invoke(app, ["batch", "-", "-o", str(tmp_path / "clean"), "--format", "jsonl"], input=lines)
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output
    result = CliRunner().invoke(app, ["batch", "-", "-o", str(tmp_path / "bad")], input=lines + '{"id": "x"}\n')
    assert result.exit_code == 1 and "1 errors" in result.output
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "nope.xml"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "E018" in result.output


def topic_stances(out: Path, topic: str) -> dict[str, list[list[dict[str, object]]]]:
    """Per document id, per claim: its stances towards ``topic``."""
    claims = pd.read_parquet(out / "claims").sort_values(["doc_id", "claim_index"])
    found: dict[str, list[list[dict[str, object]]]] = {}
    for doc_id, stances in zip(claims.doc_id, claims.stances, strict=True):
        found.setdefault(doc_id, []).append([dict(s) for s in stances if s["target"] == topic])
    return found


def test_topics_give_stances_only_to_the_claims_about_them(tmp_path, nlp):
    source = write_jsonl(tmp_path / "t.jsonl", TOPIC_DOCS)
    summary = run(source, tmp_path / "out", batch_size=2, topics=[TOPIC], nlp=nlp)
    assert (summary.documents, summary.failed, summary.shards) == (3, 0, 2)

    found = topic_stances(tmp_path / "out", TOPIC)
    assert set(found) == {"about", "football", "vaccine"}, "every document has a claim"
    assert all(len(stances) == 1 for stances in found["about"])
    for (stance,) in found["about"]:
        assert stance["label"] in {"favor", "against", "neutral"} and 0.0 <= stance["score"] <= 1.0
        assert stance["relevance"] >= DEFAULT_RELEVANCE_THRESHOLD
    assert found["football"] == [[] for _ in found["football"]]
    assert found["vaccine"] == [[] for _ in found["vaccine"]]
    expected = claimscope.analyze_batch([d["text"] for d in TOPIC_DOCS], nlp=nlp, topics=[TOPIC])
    want = [s.model_dump() for s in next(iter(expected)).claims[0].stances if s.target == TOPIC]
    assert close(found["about"][0], want)
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["settings"]["topics"] == [TOPIC]

    # two workers forked from this process (its pipeline and topic models), one torch thread each
    two = run(source, tmp_path / "two", batch_size=2, workers=2, topics=[TOPIC], nlp=nlp)
    assert len(two.worker_peak_rss_mb) == 2
    for table in ("claims", "documents"):
        assert close(table_rows(tmp_path / "two", table), table_rows(tmp_path / "out", table)), table


def test_cli_topics_are_a_setting_of_the_run_and_an_empty_topic_cannot_run(tmp_path, nlp):
    source = write_jsonl(tmp_path / "t.jsonl", TOPIC_DOCS)
    out = tmp_path / "out"
    first = run(source, out, topics=[TOPIC], nlp=nlp)

    runner = CliRunner()
    resume = ["batch", str(source), "-o", str(out), "--resume"]
    changed = runner.invoke(app, [*resume, "--topic", TOPIC, "--topic", "trade"])
    assert changed.exit_code == 2 and "E020" in changed.output and "topics" in changed.output
    dropped = runner.invoke(app, resume)
    assert dropped.exit_code == 2 and "E020" in dropped.output and "topics" in dropped.output
    assert run(source, out, topics=[TOPIC], resume=True, nlp=nlp).resumed_shards == first.shards

    empty = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "new"), "--topic", "  "])
    assert empty.exit_code == 2 and "E024" in empty.output
    assert not (tmp_path / "new").exists()
    with pytest.raises(ClaimscopeValueError, match=r"\[E024\]"):
        run(source, tmp_path / "new", topics=[""], nlp=nlp)
    assert not (tmp_path / "new").exists()


def test_a_missing_topic_model_stops_the_run_before_anything_is_written(tmp_path, nlp, monkeypatch):
    monkeypatch.setenv("CLAIMSCOPE_TOPIC_MODEL_DIR", str(tmp_path / "no-model"))
    source = write_jsonl(tmp_path / "t.jsonl", TOPIC_DOCS)
    with pytest.raises(ModelLoadError, match=r"\[E008\]"):
        run(source, tmp_path / "out", topics=[TOPIC], nlp=nlp)
    assert not (tmp_path / "out").exists()


def test_a_worker_is_one_core_by_default_and_the_callers_threads_come_back(tmp_path, nlp, monkeypatch):
    import torch

    from claimscope.batch import runner

    seen: list[int] = []
    real = runner.process_shard

    def recording(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "process_shard", recording)
    source = write_jsonl(tmp_path / "c.jsonl", corpus(6))
    before = torch.get_num_threads()
    one = run(source, tmp_path / "one", workers=1, batch_size=3, nlp=nlp)
    assert (one.workers, one.threads, seen) == (1, 1, [1, 1])
    assert torch.get_num_threads() == before
    seen.clear()
    run(source, tmp_path / "two-threads", workers=1, threads=2, batch_size=3, nlp=nlp)
    assert seen == [2, 2] and torch.get_num_threads() == before
    with pytest.raises(ClaimscopeValueError):
        run(source, tmp_path / "none", workers=1, threads=0, nlp=nlp)
    monkeypatch.undo()  # a local function cannot be sent to worker processes
    # one worker per core, but never more workers than shards (6 records make at most 6)
    assert run(source, tmp_path / "auto", nlp=nlp).workers == min(runner.cores(), 6)


def _processes_writing_to(out: Path, within: float) -> list[int]:
    """Pids of live processes whose command line names ``out``, after waiting up to ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if str(out).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
