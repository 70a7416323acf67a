-- Uploaded files: the row describes the bytes at <data directory>/files/<id>. seq orders the rows as they were
-- created (created_at has one-second ties) and is the paging cursor; AUTOINCREMENT never reuses a deleted seq.
CREATE TABLE files (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL,
  filename TEXT NOT NULL,
  purpose TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_details TEXT
);
CREATE INDEX files_by_owner ON files (owner, seq);
CREATE INDEX files_by_owner_and_purpose ON files (owner, purpose, seq);
