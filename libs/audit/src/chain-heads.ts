// Every chain's head (seq and hash of its last record), for chains that have records: a case's
// head lives on its case row, every other chain's in audit_chain_heads.
export const CHAIN_HEADS_SQL = `
  SELECT id::text AS chain_key, audit_seq AS seq, audit_hash AS hash FROM cases WHERE audit_seq > 0
  UNION ALL SELECT chain_key, audit_seq, audit_hash FROM audit_chain_heads WHERE audit_seq > 0`;
