"""Batch runs under faults: Ctrl-C, records that raise, disk full, an unwritable folder, a vanished input, a
second writer on the same output folder. Each leaves a run that ``--resume`` finishes."""

from __future__ import annotations

import errno
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from claimscope.batch import run
from claimscope.batch.faults import (
    EXIT_INTERRUPTED,
    EXIT_IO_FAULT,
    EXIT_LOCKED,
    LOCK_FILE,
    BatchIOError,
    OutputInUseError,
)
from claimscope.cli import app
from tests.batch.test_batch import _processes_writing_to, corpus, table_rows, write_jsonl
from tests.compare import close

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
CLI = [sys.executable, "-m", "claimscope.cli"]


def _wait_for_a_shard(process: subprocess.Popen[bytes], manifest: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.is_file():
            try:
                if json.loads(manifest.read_text())["shards"]:
                    return
            except ValueError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"no shard was finished before the run ended (status {process.poll()})")


def test_ctrl_c_stops_two_workers_with_one_line_and_status_130_then_resume_finishes(tmp_path, nlp):
    source = write_jsonl(tmp_path / "c.jsonl", corpus(40))
    out = tmp_path / "out"
    command = ["batch", str(source), "-o", str(out), "-b", "2", "-w", "2"]
    # a terminal's Ctrl-C reaches the whole process group: the main process and its workers
    process = subprocess.Popen([*CLI, *command], env=ENV, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for_a_shard(process, out / "_manifest.json")
    os.killpg(process.pid, signal.SIGINT)
    sent = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 10, "the run took too long to stop"
    assert process.returncode == EXIT_INTERRUPTED, stderr.decode()
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("[W020] Interrupted: ") and " of 20 shards are done; finish with: " in lines[0]
    assert not _processes_writing_to(out, within=10.0), "workers outlived the interrupted run"
    state = json.loads((out / "_manifest.json").read_text())
    assert not state["complete"] and 0 < len(state["shards"]) < 20

    resume = shlex.split(lines[0].split("finish with: ", 1)[1])
    assert resume[:2] == ["claimscope", "batch"] and resume[-1] == "--resume"
    finished = subprocess.run([*CLI, *resume[1:]], env=ENV, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    run(source, tmp_path / "clean", batch_size=2, nlp=nlp)
    for table in ("claims", "documents"):
        assert close(table_rows(out, table), table_rows(tmp_path / "clean", table)), table
    assert len(table_rows(out, "documents")) == 40


def test_a_record_that_raises_fails_alone_and_every_good_record_is_written(tmp_path, nlp, monkeypatch):
    from claimscope.batch import worker

    real = worker.claim_rows

    def exploding(doc_id, analysis):
        if doc_id == "boom":
            raise RuntimeError("something inside one record")
        return real(doc_id, analysis)

    monkeypatch.setattr(worker, "claim_rows", exploding)
    good = corpus(5)
    lines = [json.dumps(r) for r in good[:2]]
    lines += [
        '{"id": "surrogate", "text": "bad \\ud800 text"}',  # json.loads accepts a lone surrogate
        '{"id": "id-\\udc00", "text": "The minister said that the plan will fail."}',
        json.dumps({"id": "boom", "text": good[0]["text"]}),
        '{"id": "title-surrogate", "text": "The minister said that it works.", "title": "\\ud83d"}',
    ]
    lines += [json.dumps(r) for r in good[2:]]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run(tmp_path / "c.jsonl", tmp_path / "out", batch_size=3, workers=1, nlp=nlp)

    assert summary.documents == 9
    documents = {r["doc_id"]: r for r in table_rows(tmp_path / "out", "documents")}
    assert {d["id"] for d in good} <= {k for k, r in documents.items() if r["status"] == "ok"}
    assert documents["boom"]["status"] == "error" and documents["boom"]["error"].startswith("[E046]")
    assert "something inside one record" in documents["boom"]["error"]
    assert "id-\\udc00" in documents  # an id UTF-8 cannot hold is kept, escaped
    assert documents["title-surrogate"]["title"] == "\\ud83d"
    assert documents["surrogate"]["status"] in {"ok", "error"}
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert {e["doc_id"]: e["code"] for e in errors}.get("boom") == "E046"
    assert all(e["doc_id"] in {"boom", "surrogate"} for e in errors)


def test_the_ray_actor_fails_one_record_not_the_batch(nlp, monkeypatch):
    from claimscope.integrations import ray as ray_engine

    real = ray_engine.claim_row

    def exploding(claim):
        if "Sakhalin" in claim.text:
            raise RuntimeError("boom")
        return real(claim)

    monkeypatch.setattr(ray_engine, "claim_row", exploding)
    monkeypatch.setattr("claimscope.batch.worker.load_pipeline", lambda *a, **k: nlp)
    actor = ray_engine.ClaimscopeActor(passthrough={"title": "title"})
    texts = [
        "Kremlin spokesman Dmitry Peskov said that Tokyo's sanctions were unfriendly.",
        None,
        "Japanese experts believe that the Sakhalin-2 project may become a bargaining chip.",
        "If the G7 tightens the price cap, Moscow will retaliate.",
    ]
    batch = pa.Table.from_pylist(
        [{"id": f"r{i}", "text": t, "title": f"t{i}"} for i, t in enumerate(texts)],
        schema=pa.schema([("id", pa.string()), ("text", pa.string()), ("title", pa.string())]),
    )
    rows = {r["doc_id"]: r for r in actor(batch).to_pylist()}
    assert rows["r0"]["status"] == rows["r3"]["status"] == "ok" and rows["r0"]["claims"]
    assert (
        rows["r2"]["status"] == "error" and rows["r2"]["error"].startswith("[E046]") and "boom" in rows["r2"]["error"]
    )
    assert rows["r1"]["status"] == "error" and rows["r1"]["error"].startswith("[E013]")
    assert [rows[f"r{i}"]["title"] for i in range(4)] == ["t0", "t1", "t2", "t3"]

    # a .txt file that is not UTF-8 fails alone (E012): Arrow cannot carry its undecodable bytes as text
    files = pa.table({"path": ["/corpus/a.txt", "/corpus/b.txt"], "bytes": [b"Peskov said that it is bad.", b"\xff"]})
    read = ray_engine._files_to_records(files, "/corpus", "text", "id")
    rows = {r["doc_id"]: r for r in ray_engine.ClaimscopeActor()(read).to_pylist()}
    assert rows["a.txt"]["status"] == "ok" and rows["b.txt"]["error"].startswith("[E012]")


def _fail_once(monkeypatch, module, name, error):
    real = getattr(module, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def test_disk_full_is_coded_with_status_3_and_resume_finishes(tmp_path, nlp, monkeypatch):
    from claimscope.batch import worker

    source = write_jsonl(tmp_path / "c.jsonl", corpus(6))
    out = tmp_path / "out"
    _fail_once(monkeypatch, worker, "write_shard", OSError(errno.ENOSPC, "No space left on device"))
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "-b", "2", "-w", "1"])
    assert result.exit_code == EXIT_IO_FAULT, result.output
    assert "[E040]" in result.output and str(out) in result.output and "ENOSPC" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert list(json.loads((out / "_manifest.json").read_text())["shards"]) == ["0"]
    assert not (out / LOCK_FILE).exists()
    monkeypatch.undo()

    resumed = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "-b", "2", "-w", "1", "--resume"])
    assert resumed.exit_code == 0, resumed.output
    run(source, tmp_path / "clean", batch_size=2, workers=1, nlp=nlp)
    for table in ("claims", "documents"):
        assert close(table_rows(out, table), table_rows(tmp_path / "clean", table)), table


def test_a_failed_manifest_write_is_coded_and_an_unwritable_folder_too(tmp_path, nlp, monkeypatch):
    from claimscope.batch import shards

    source = write_jsonl(tmp_path / "c.jsonl", corpus(4))
    real = shards._atomic_write

    def read_only(path, data):
        if path.name == "_manifest.json" and json.loads(data)["shards"]:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, data)

    monkeypatch.setattr(shards, "_atomic_write", read_only)
    with pytest.raises(BatchIOError, match=r"\[E040\] Cannot write '.*_manifest.json'.*EROFS"):
        run(source, tmp_path / "out", batch_size=2, workers=1, nlp=nlp)
    monkeypatch.undo()
    assert run(source, tmp_path / "out", batch_size=2, workers=1, resume=True, nlp=nlp).documents == 4

    (tmp_path / "a-file").write_text("not a folder")
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "a-file" / "out")])
    assert result.exit_code == EXIT_IO_FAULT and "[E040]" in result.output and "a-file" in result.output


def test_an_input_that_vanishes_mid_run_is_coded_and_resume_finishes_once_it_is_back(tmp_path, nlp, monkeypatch):
    from claimscope.batch import runner

    first = write_jsonl(tmp_path / "a.jsonl", corpus(4))
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": f"b{i}", "text": d["text"]} for i, d in enumerate(corpus(3))])
    kept = second.read_bytes()
    real = runner.process_shard

    def then_delete(*args, **kwargs):
        second.unlink(missing_ok=True)  # after the shards were counted, before b.jsonl is opened
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "process_shard", then_delete)
    with pytest.raises(BatchIOError, match=r"\[E041\] The input '.*b.jsonl' could not be read"):
        run([first, second], tmp_path / "out", batch_size=2, workers=1, nlp=nlp)
    monkeypatch.undo()
    second.write_bytes(kept)
    assert len(json.loads((tmp_path / "out" / "_manifest.json").read_text())["shards"]) == 2
    resumed = run([first, second], tmp_path / "out", batch_size=2, workers=1, resume=True, nlp=nlp)
    assert (resumed.documents, resumed.resumed_shards) == (7, 2)
    run([first, second], tmp_path / "clean", batch_size=2, workers=1, nlp=nlp)
    assert close(table_rows(tmp_path / "out", "documents"), table_rows(tmp_path / "clean", "documents"))


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from claimscope.batch.faults import OutputLock
OutputLock(Path(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(120)
"""


def test_one_writer_per_output_folder_and_a_killed_holder_blocks_nothing(tmp_path, nlp):
    source = write_jsonl(tmp_path / "c.jsonl", corpus(2))
    out = tmp_path / "out"
    run(source, out, nlp=nlp)  # a finished run: --resume on it below
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(out)], stdout=subprocess.PIPE, env=ENV)
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(OutputInUseError, match=rf"\[E042\] .* in use by process {holder.pid}"):
            run(source, out, resume=True, nlp=nlp)
        result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "--resume"])
        assert result.exit_code == EXIT_LOCKED and f"process {holder.pid}" in result.output
        new = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "other")])
        assert new.exit_code == 0, new.output  # another folder is free
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (out / LOCK_FILE).read_text().strip() == str(holder.pid)  # left behind by kill -9, but not held
    assert run(source, out, resume=True, nlp=nlp).documents == 2
    assert not (out / LOCK_FILE).exists()


def test_an_interrupted_run_in_this_process_raises_batch_interrupted_and_the_command_says_how_to_resume(
    tmp_path, nlp, monkeypatch
):
    from claimscope.batch import BatchInterrupted, runner

    source = write_jsonl(tmp_path / "c.jsonl", corpus(6))
    out = tmp_path / "out"
    _fail_once(monkeypatch, runner, "process_shard", KeyboardInterrupt())
    with pytest.raises(BatchInterrupted) as caught:
        run(source, out, batch_size=2, workers=1, nlp=nlp)
    assert (caught.value.done, caught.value.total) == (1, 3)
    assert not (out / LOCK_FILE).exists()

    _fail_once(monkeypatch, runner, "process_shard", KeyboardInterrupt())  # the next run's second shard
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "-b", "2", "-w", "1", "--resume"])
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.output.strip().splitlines() == [
        f"[W020] Interrupted: 2 of 3 shards are done; finish with: claimscope batch {source} -o {out} --resume"
    ]
    monkeypatch.undo()
    assert run(source, out, batch_size=2, workers=1, resume=True, nlp=nlp).resumed_shards == 2


@pytest.mark.parametrize("output_format", ["parquet", "jsonl"])
def test_a_record_the_tables_cannot_hold_is_failed_alone_when_the_shard_is_encoded(output_format):
    from claimscope.batch.records import Record
    from claimscope.batch.worker import encode_shard

    records = [Record(0, "good", "c.jsonl:1", "x"), Record(1, "odd", "c.jsonl:2", "y")]
    good = ([{"doc_id": "good", "claim_index": 0, "text": "fine"}], {"doc_id": "good", "status": "ok"}, None)
    odd = ([{"doc_id": "odd", "claim_index": 0, "text": "bad \ud800"}], {"doc_id": "odd", "status": "ok"}, None)
    shard = encode_shard(records, [good, odd], output_format, ())
    assert (shard.n_claims, shard.failed) == (1, 1)
    error = json.loads(shard.errors)
    assert error["doc_id"] == "odd" and error["code"] == "E046" and "surrogate" in error["reason"]
    if output_format == "parquet":
        assert shard.claims.column("doc_id").to_pylist() == ["good"]
        assert shard.documents.column("status").to_pylist() == ["ok", "error"]
    else:
        assert [json.loads(line)["doc_id"] for line in shard.claims.splitlines()] == ["good"]


def test_a_write_that_fails_midway_leaves_no_temporary_and_names_the_file(tmp_path, nlp, monkeypatch):
    from claimscope.batch import shards

    source = write_jsonl(tmp_path / "c.jsonl", corpus(2))
    _fail_once(monkeypatch, shards.os, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(BatchIOError, match=r"\[E040\] Cannot write '.*errors/part-000000.jsonl'.*ENOSPC"):
        run(source, tmp_path / "out", workers=1, batch_size=2, nlp=nlp)
    monkeypatch.undo()
    assert not [p.name for p in (tmp_path / "out").rglob(".*") if p.name != LOCK_FILE]


def test_a_file_system_that_cannot_lock_warns_and_runs(tmp_path, nlp, monkeypatch):
    from claimscope.batch import faults
    from claimscope.errors import ClaimscopeWarning

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(faults.fcntl, "flock", no_locks)
    source = write_jsonl(tmp_path / "c.jsonl", corpus(2))
    with pytest.warns(ClaimscopeWarning, match=r"\[W022\] The file system of '.*out' cannot lock files"):
        summary = run(source, tmp_path / "out", workers=1, nlp=nlp)
    assert summary.documents == 2 and not (tmp_path / "out" / LOCK_FILE).exists()
