-- Staging of rejected inputs. Grain: one row per (path, reason).
create or replace view stg_rejected_documents as
select
    path as document_path,
    content_hash,
    reason,
    detail,
    first_seen,
    last_seen
from rejected_documents
