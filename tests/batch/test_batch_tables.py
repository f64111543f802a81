"""Batch runs and their tables: field checks before writing, passthrough columns, shard sizing, integer dtypes,
the manifest's versions, a missing classifier, and the command's flags."""

from __future__ import annotations

import csv
import hashlib
import json
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import claimscope
from claimscope.batch import run
from claimscope.batch.runner import DEFAULT_BATCH_SIZE, shard_size
from claimscope.cli import app
from claimscope.errors import ClaimscopeValueError, ClaimscopeWarning
from tests.batch.test_batch import TOPIC, TOPIC_DOCS, corpus, table_rows, write_jsonl

INTEGER_DTYPES = {"Int64", "Int32", "int64", "int32"}


def test_a_missing_text_field_stops_the_run_before_anything_is_written(tmp_path, nlp):
    rows = [{"key": f"k{i}", "body": d["text"], "lang": "en"} for i, d in enumerate(corpus(3))]
    source = write_jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "out"
    with pytest.raises(ClaimscopeValueError, match=r"\[E043\] .*first 3 .*'text'.*'key', 'body', 'lang'"):
        run(source, out, nlp=nlp)
    assert not out.exists()
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "--text-field", "content"])
    assert result.exit_code == 2 and "[E043]" in result.output and "'content'" in result.output
    assert not out.exists()
    # an id field is only checked when given; without one the default 'id' falls back to source:line
    with pytest.raises(ClaimscopeValueError, match=r"\[E044\] .*'id'.*'key', 'body', 'lang'"):
        run(source, out, text_field="body", id_field="id", nlp=nlp)
    assert not out.exists()
    summary = run(source, out, text_field="body", workers=1, nlp=nlp)
    assert summary.clean and {r["doc_id"] for r in table_rows(out, "documents")} == {f"{source}:{i}" for i in (1, 2, 3)}

    with open(tmp_path / "c.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["id", "body"])  # the header names the fields
        writer.writeheader()
        writer.writerows({"id": r["key"], "body": r["body"]} for r in rows)
    with pytest.raises(ClaimscopeValueError, match=r"\[E043\] .*first 3 .*'id', 'body'"):
        run(tmp_path / "c.csv", tmp_path / "csv-out", nlp=nlp)
    pq.write_table(pa.table({"id": ["a"], "content": ["x"]}), tmp_path / "c.parquet")
    with pytest.raises(ClaimscopeValueError, match=r"\[E043\] .*'id', 'content'"):
        run(tmp_path / "c.parquet", tmp_path / "pq-out", nlp=nlp)
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    stdin = CliRunner().invoke(app, ["batch", "-", "-o", str(tmp_path / "stdin-out")], input=lines)
    assert stdin.exit_code == 2 and "[E043]" in stdin.output and "<stdin>" in stdin.output
    assert not (tmp_path / "stdin-out").exists()
    for path in ("csv-out", "pq-out"):
        assert not (tmp_path / path).exists()


def test_stdin_read_ahead_for_the_check_is_not_lost(tmp_path):
    lines = "".join(json.dumps(r) + "\n" for r in corpus(3))
    result = CliRunner().invoke(app, ["batch", "-", "-o", str(tmp_path / "out"), "-w", "1"], input=lines)
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in table_rows(tmp_path / "out", "documents")] == ["d0", "d1", "d2"]


def test_other_input_columns_pass_through_to_the_documents_table(tmp_path, nlp):
    rows = [
        {
            "id": f"d{i}",
            "text": d["text"],
            "title": f"Title {i}",
            "date": "2024-05-01",
            "url": f"https://example.com/{i}",
            "status": "draft",  # a claimscope column: kept as input_status
            "tags": ["a", "b"],  # not a string: its JSON
            "n_words": 12,
        }
        for i, d in enumerate(corpus(3))
    ]
    rows.append({"id": "no-text", "title": "Failed"})
    run(write_jsonl(tmp_path / "c.jsonl", rows), tmp_path / "out", batch_size=2, workers=1, nlp=nlp)
    documents = pd.read_parquet(tmp_path / "out" / "documents").set_index("doc_id")
    assert list(documents.columns[-6:]) == ["title", "date", "url", "input_status", "tags", "n_words"]
    assert set(documents.status) == {"ok", "error"}  # claimscope's own column is not clobbered
    assert documents.loc["d1", "title"] == "Title 1" and documents.loc["d1", "url"] == "https://example.com/1"
    assert documents.loc["d0", "input_status"] == "draft"
    assert json.loads(documents.loc["d0", "tags"]) == ["a", "b"] and documents.loc["d0", "n_words"] == "12"
    assert documents.loc["no-text", "title"] == "Failed" and pd.isna(documents.loc["no-text", "url"])

    pq.write_table(pa.Table.from_pylist(rows[:3]), tmp_path / "c.parquet")
    run(tmp_path / "c.parquet", tmp_path / "pq", workers=1, nlp=nlp)
    from_parquet = pd.read_parquet(tmp_path / "pq" / "documents").set_index("doc_id")
    assert from_parquet.loc["d2", "title"] == "Title 2" and from_parquet.loc["d2", "input_status"] == "draft"


def test_shards_are_sized_from_the_corpus_so_no_worker_idles(tmp_path, nlp):
    assert shard_size(200, 2) == 25 and shard_size(200, 2) * 2 < 200  # not one shard for two workers
    assert shard_size(100_000, 4) == DEFAULT_BATCH_SIZE and shard_size(None, 2) == DEFAULT_BATCH_SIZE
    assert shard_size(3, 8) == 1
    source = write_jsonl(tmp_path / "c.jsonl", corpus(16))
    two = run(source, tmp_path / "two", workers=2, nlp=nlp)
    assert two.shards == 8 and len(two.worker_peak_rss_mb) == 2
    manifest = json.loads((tmp_path / "two" / "_manifest.json").read_text())
    assert manifest["settings"]["batch_size"] == 2

    with pytest.warns(ClaimscopeWarning, match=r"\[W021\] 1 shard\(s\) of 256 records for 2 workers"):
        one = run(source, tmp_path / "big", workers=2, batch_size=256, nlp=nlp)
    assert one.workers == 1  # no idle process started
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClaimscopeWarning)
        run(source, tmp_path / "fine", workers=2, batch_size=8, nlp=nlp)


def test_offsets_are_nullable_integers_never_floats(tmp_path, nlp):
    # the second text has a claim in the author's voice: a null claimer offset
    rows = [{"id": "a", "text": corpus(1)[0]["text"]}, {"id": "b", "text": "Relations will remain frozen."}]
    rows.append({"id": "c"})  # failed: a null n_chars
    run(write_jsonl(tmp_path / "c.jsonl", rows), tmp_path / "out", workers=1, nlp=nlp)
    claims = pd.read_parquet(tmp_path / "out" / "claims")
    for column in ("claim_index", "start", "end", "claimer_start", "claimer_end"):
        assert str(claims[column].dtype) in INTEGER_DTYPES, column
    assert claims.claimer_start.isna().any() and claims.claimer_start.notna().any()
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    for column in ("record", "n_chars", "n_claims", "n_entities", "n_skipped"):
        assert str(documents[column].dtype) in INTEGER_DTYPES, column
    assert documents.n_chars.isna().sum() == 1
    mention = documents.entities[0][0]["mentions"][0]
    assert isinstance(mention["start"], int) and isinstance(mention["end"], int)
    schema = pq.read_schema(next((tmp_path / "out" / "claims").glob("*.parquet")))
    assert {schema.field(c).type for c in ("start", "end", "claimer_start", "claimer_end")} == {pa.int64()}


def test_the_manifest_records_the_library_and_model_versions(tmp_path, nlp):
    source = write_jsonl(tmp_path / "t.jsonl", TOPIC_DOCS)
    out = tmp_path / "out"
    run(source, out, topics=[TOPIC], workers=1, nlp=nlp)
    versions = json.loads((out / "_manifest.json").read_text())["versions"]
    weights = nlp.get_pipe("claimscope_classify").model_path / "model.safetensors"
    assert versions["claimscope"] == claimscope.__version__
    assert versions["classifier"] == {
        "name": weights.parent.name,
        "sha256": hashlib.sha256(weights.read_bytes()).hexdigest()[:16],
    }
    assert versions["topic_model"]["name"] and len(versions["topic_model"]["sha256"]) == 16

    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["versions"]["classifier"]["sha256"] = "0" * 16  # as if the model changed since
    (out / "_manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ClaimscopeValueError, match=r"\[E020\].*classifier"):
        run(source, out, topics=[TOPIC], workers=1, resume=True, nlp=nlp)


def test_a_missing_classifier_refuses_to_start_unless_no_classifier(tmp_path, nlp, monkeypatch):
    source = write_jsonl(tmp_path / "c.jsonl", corpus(2))
    monkeypatch.setenv("CLAIMSCOPE_MODEL_DIR", str(tmp_path / "no-model"))
    with pytest.raises(ClaimscopeValueError, match=r"\[E045\] No classifier model at '.*no-model'"):
        run(source, tmp_path / "out", workers=1)
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "[E045]" in result.output and "--no-classifier" in result.output
    assert not (tmp_path / "out").exists()

    rules = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "out"), "-w", "1", "--no-classifier"])
    assert rules.exit_code == 0, rules.output
    claims = table_rows(tmp_path / "out", "claims")
    assert claims and all(c["verdict"] is None for c in claims)
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["versions"]["classifier"] is None and manifest["settings"]["classifier"] is False

    monkeypatch.undo()  # the classifier is back: a given pipeline still runs the rules only when asked
    run(source, tmp_path / "rules", workers=1, classifier=False, nlp=nlp)
    assert all(c["verdict"] is None for c in table_rows(tmp_path / "rules", "claims"))
    assert "claimscope_classify" in nlp.pipe_names and nlp.has_pipe("claimscope_classify")
    run(source, tmp_path / "full", workers=1, nlp=nlp)
    assert all(c["verdict"] is not None for c in table_rows(tmp_path / "full", "claims"))


def test_batch_has_the_short_flags_of_analyze_and_plain_metavars(tmp_path):
    help_text = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "200"}).output
    for flags in ("-o, --output", "-f, --format", "-w, --workers", "-b, --batch-size", "-t, --topic", "-m, --model"):
        short, long = flags.split(", ")
        assert short in help_text and long in help_text, flags
    assert "-e" in help_text and "--extra-entities" in help_text and "--no-classifier" in help_text
    options = [line.strip("│ ") for line in help_text.splitlines()]
    flag_lines = [line for line in options if line.startswith(("--resume", "--no-classifier"))]
    assert len(flag_lines) == 2 and not any("<bool>" in line for line in flag_lines), flag_lines
    assert "list[str]" not in help_text and "<int range>" not in help_text and "<path>" not in help_text
    assert "PATH" in help_text and " N " in help_text
    for status in ("3 input/output fault", "4 output folder in use", "130 interrupted"):
        assert status in " ".join(help_text.split()), status

    source = write_jsonl(tmp_path / "c.jsonl", corpus(3))
    result = CliRunner().invoke(
        app, ["batch", str(source), "-o", str(tmp_path / "out"), "-f", "jsonl", "-w", "1", "-b", "2", "-t", TOPIC]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "claims").iterdir()) == ["part-000000.jsonl", "part-000001.jsonl"]
    assert json.loads((tmp_path / "out" / "_manifest.json").read_text())["settings"]["topics"] == [TOPIC]


def test_a_corrupt_input_cannot_start_and_writes_nothing(tmp_path):
    import gzip

    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not parquet")
    lines = "".join(json.dumps({"id": f"d{i}", "text": "Peskov said that it is bad."}) + "\n" for i in range(300))
    packed = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])  # cut short after the first records
    for name in ("bad.parquet", "cut.jsonl.gz"):
        result = CliRunner().invoke(app, ["batch", str(tmp_path / name), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2 and f"[E018] Unsupported input '{tmp_path / name}'" in result.output, name
        assert isinstance(result.exception, SystemExit) and not (tmp_path / "out").exists()
