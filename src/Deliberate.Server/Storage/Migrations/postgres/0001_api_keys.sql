-- API keys: only the SHA-256 of a key is kept; revoked keys stay (a key once created keeps `auth: auto` locked).
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hint TEXT NOT NULL,
  sha256 BYTEA NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
