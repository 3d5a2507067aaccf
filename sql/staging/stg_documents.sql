-- Staging of documents: typed, renamed, flags split. Grain: one row per document.
create or replace view stg_documents as
with source as (
    select * from documents
),

renamed as (
    select
        content_hash,
        doc_id,
        path as document_path,
        coalesce(title, doc_id) as title,
        publisher,
        url,
        cast(published as date) as published_date,
        date_source,
        language,
        n_chars as char_count,
        flags,
        coalesce(flags like '%no_publication_date%', false) as is_undated
    from source
)

select * from renamed
