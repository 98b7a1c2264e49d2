import type { MigrationInterface, QueryRunner } from 'typeorm';

// Documents of a case (issue #14): content by SHA-256 (in PostgreSQL unless an S3-compatible
// store is configured), each document's versions, certifications and translations, and the
// packages that carried them from one side to the other, each frozen with its manifest.
export class Documents1764420000000 implements MigrationInterface {
  name = 'Documents1764420000000';

  async up(q: QueryRunner): Promise<void> {
    // The PostgreSQL blob store. A blob without a hash is staged (an upload in progress or refused).
    await q.query(`
      CREATE TABLE document_blobs (
        id uuid PRIMARY KEY,
        sha256 bytea UNIQUE,
        size bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE document_blob_chunks (
        blob_id uuid NOT NULL REFERENCES document_blobs (id) ON DELETE CASCADE,
        idx int NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (blob_id, idx)
      )`);
    // Chunks are already compressed files (PDF, JPEG) more often than not: do not try again.
    await q.query(`ALTER TABLE document_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);

    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        kind text NOT NULL CHECK (kind IN ('letter', 'signed_letter', 'evidence', 'judgment_or_warrant',
                                           'identification', 'translation', 'certification', 'correspondence')),
        title text NOT NULL,
        language text NOT NULL,
        side text NOT NULL CHECK (side IN ('requesting', 'requested')),
        shared boolean NOT NULL,
        translation_of uuid REFERENCES documents (id),
        translator text,
        signed_letter_of uuid REFERENCES documents (id),
        signed_letter_version int,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        current_version int NOT NULL,
        CHECK ((kind = 'translation') = (translation_of IS NOT NULL)),
        CHECK ((kind = 'signed_letter') = (signed_letter_of IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX documents_case_idx ON documents (case_id, side)`);
    await q.query(`CREATE INDEX documents_translation_of_idx ON documents (translation_of) WHERE translation_of IS NOT NULL`);

    await q.query(`
      CREATE TABLE document_versions (
        document_id uuid NOT NULL REFERENCES documents (id),
        version int NOT NULL,
        sha256 bytea NOT NULL,
        size bigint NOT NULL,
        media_type text NOT NULL,
        file_name text,
        letter jsonb,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (document_id, version)
      )`);

    await q.query(`
      CREATE TABLE document_certifications (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        version int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('authenticated', 'apostilled')),
        issued_by text NOT NULL,
        issued_on date NOT NULL,
        reference text,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
      )`);

    await q.query(`
      CREATE TABLE document_packages (
        case_id uuid NOT NULL REFERENCES cases (id),
        seq int NOT NULL,
        from_side text NOT NULL CHECK (from_side IN ('requesting', 'requested')),
        occasion text NOT NULL,
        manifest jsonb NOT NULL,
        manifest_sha256 bytea NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      CREATE TABLE document_package_items (
        case_id uuid NOT NULL,
        package_seq int NOT NULL,
        document_id uuid NOT NULL,
        version int NOT NULL,
        PRIMARY KEY (case_id, package_seq, document_id),
        FOREIGN KEY (case_id, package_seq) REFERENCES document_packages (case_id, seq),
        FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
      )`);
    await q.query(`CREATE INDEX document_package_items_document_idx ON document_package_items (document_id, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_package_items`);
    await q.query(`DROP TABLE document_packages`);
    await q.query(`DROP TABLE document_certifications`);
    await q.query(`DROP TABLE document_versions`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE document_blob_chunks`);
    await q.query(`DROP TABLE document_blobs`);
  }
}
