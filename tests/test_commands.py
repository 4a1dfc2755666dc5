"""The command-line tools a deployment runs."""

from pathlib import Path

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Activity
from directory_app.search.index_store import current_generation


def test_seed_then_reindex_from_empty(empty_app):
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert (
        "Seeded 44 organisations, 48 venues and 159 activities (251 created, 0 updated)."
        in result.output
    )
    result = runner.invoke(args=["seed", "--if-empty"])
    assert "not seeding" in result.output
    with empty_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Activity)) == 159

    assert current_generation(empty_app.config["SEARCH_INDEX_DIR"]) is None
    result = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "Indexed 150 published activities" in result.output
    result = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert "not rebuilding" in result.output
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "Applied 0 pending changes." in result.output
    assert empty_app.test_client().get("/search?q=yoga").status_code == 200


def test_translate_compile_runs(runner):
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output


def test_an_index_built_by_older_code_is_rebuilt(db_app):
    """After an upgrade, `make run` rebuilds an index whose fields or analysis are older."""
    runner = db_app.test_cli_runner()
    index_dir = Path(db_app.config["SEARCH_INDEX_DIR"])
    result = runner.invoke(args=["search", "reindex", "--if-stale"])
    assert "is current; not rebuilding" in result.output
    live = current_generation(index_dir)
    (index_dir / live / "SCHEMA").write_text("1:title,body")
    result = runner.invoke(args=["search", "reindex", "--if-stale"])
    assert result.exit_code == 0 and "Indexed 150 published activities" in result.output
    assert current_generation(index_dir) != live
