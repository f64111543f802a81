"""The claimscope command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claimscope.cli import app
from tests.conftest import COMMENTARY

runner = CliRunner()


def test_analyze_file_as_json(tmp_path):
    path = tmp_path / "piece.txt"
    path.write_text(COMMENTARY, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == str(path)
    assert any(c["claimer"] and c["claimer"]["entity_id"] == "OFFICIAL:dmitry-peskov" for c in data["claims"])


def test_analyze_stdin_as_jsonl_one_line_per_text():
    result = runner.invoke(app, ["analyze", "-", "--format", "jsonl"], input="Tokyo wants talks, but Moscow refuses.")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert [c["text"] for c in json.loads(lines[0])["claims"]] == ["Tokyo wants talks", "Moscow refuses"]


def test_table_fits_80_columns(tmp_path):
    path = tmp_path / "piece.txt"
    path.write_text(COMMENTARY, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Japan has chosen to follow the West" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_invalid_utf8_file_exits_2_naming_the_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Moscow’s reply".encode("cp1252") + b"\xff\xfe")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert "latin1.txt" in result.output and "[E005]" in result.output


def test_missing_file_exits_2():
    result = runner.invoke(app, ["analyze", "/nonexistent/piece.txt"])
    assert result.exit_code == 2
    assert "[E006]" in result.output


def test_info_reports_versions_and_offline_models():
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["spacy"].startswith("3.8")
    assert info["base_model"]["path"] and info["encoders"]["fast"]["path"]
    assert info["offline"]["downloads_at_run_time"] is False


def test_version_and_short_help():
    import claimscope

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"claimscope {claimscope.__version__}"
    short = runner.invoke(app, ["analyze", "-h"])
    assert short.exit_code == 0 and "--topic" in short.stdout


def test_help_shows_plain_metavars_and_training_apart():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "<list" not in result.stdout
    user, _, training = result.stdout.partition("Training and evaluation")
    assert "analyze" in user and "batch" in user and "info" in user
    assert "train" in training and "evaluate" in training and "train " not in user
    analyze_help = runner.invoke(app, ["analyze", "--help"]).stdout
    assert "<" not in analyze_help and "PATH" in analyze_help


def test_analyze_writes_to_an_output_file(tmp_path):
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["analyze", "-", "-o", str(out)], input="Moscow said the talks failed.")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["claims"][0]["text"] == "the talks failed"


def test_analyze_to_an_unwritable_path_is_a_coded_error(tmp_path):
    result = runner.invoke(app, ["analyze", "-", "-o", str(tmp_path / "no" / "such" / "dir.json")], input="Hi.")
    assert result.exit_code == 2 and "[E031]" in result.output


def test_info_names_the_tier_and_the_packaged_artefacts():
    info = json.loads(runner.invoke(app, ["info"]).stdout)
    assert info["tier"] == "fast"  # tests run the fast tier (conftest sets CLAIMSCOPE_TIER)
    for kind in ("claimscope-multitask", "claimscope-topic-stance"):
        for name, encoder in ((kind, "all-MiniLM-L6-v2"), (f"{kind}-accurate", "all-mpnet-base-v2")):
            artefact = info["artefacts"][name]
            assert artefact["found"] is True and len(artefact["sha256"]) == 12
            assert artefact["base_model"] == f"sentence-transformers/{encoder}"
    assert info["claimscope"] == info["claimscope"].strip() and info["encoders"]["fast"]["version"]
    assert info["encoders"]["accurate"]["installed"] is not bool(info["encoders"]["accurate"]["missing"])


def test_analyze_takes_a_tier_and_rejects_an_unknown_one(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("The minister said on Tuesday that the talks had failed.", encoding="utf-8")
    bad = runner.invoke(app, ["analyze", str(text), "--tier", "medium"])
    assert bad.exit_code == 2 and "[E034]" in bad.output
    good = runner.invoke(app, ["analyze", str(text), "--tier", "fast", "-f", "jsonl"])
    assert good.exit_code == 0, good.output
    assert json.loads(good.stdout)["claims"][0]["verdict"] in ("fact", "opinion")
