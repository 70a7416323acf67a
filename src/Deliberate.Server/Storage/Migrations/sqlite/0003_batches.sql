-- Batches (the Batch API). seq orders them as created and is the paging cursor. request_* count the requests run;
-- metadata is the client's JSON object, errors the input file's problems as a JSON array (both null when absent).
CREATE TABLE batches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  input_file_id TEXT NOT NULL,
  completion_window TEXT NOT NULL,
  status TEXT NOT NULL,
  output_file_id TEXT,
  error_file_id TEXT,
  created_at INTEGER NOT NULL,
  in_progress_at INTEGER,
  expires_at INTEGER NOT NULL,
  finalizing_at INTEGER,
  completed_at INTEGER,
  failed_at INTEGER,
  expired_at INTEGER,
  cancelling_at INTEGER,
  cancelled_at INTEGER,
  request_total INTEGER NOT NULL DEFAULT 0,
  request_completed INTEGER NOT NULL DEFAULT 0,
  request_failed INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  errors TEXT
);
CREATE INDEX batches_by_owner ON batches (owner, seq);
CREATE INDEX batches_by_status ON batches (status, seq);

-- A running batch's requests, one row per input line, and each one's result once it ran: outcome 'completed' or
-- 'failed' and result, its line of the output or error file. Written with the count in one transaction, so a result
-- counts exactly when it is stored; the rows go once the batch's files are written.
CREATE TABLE batch_requests (
  batch_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  custom_id TEXT NOT NULL,
  body TEXT NOT NULL,
  outcome TEXT,
  result TEXT,
  PRIMARY KEY (batch_id, line),
  UNIQUE (batch_id, custom_id)
);
