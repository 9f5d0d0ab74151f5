-- Certificates of completed activities, frozen at issue (what the PDF and the Open Badges
-- credential show never changes afterwards), their revocation, and the city's signing key
-- when none is configured.

-- Every certificate gets a position in a revocation status list (W3C Bitstring Status List):
-- list n holds positions (n-1)*131072 .. n*131072-1.
CREATE SEQUENCE certificate_status_index_seq AS bigint MINVALUE 0 START 0;

CREATE TABLE certificates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 11 random Crockford base-32 characters and a check character, stored without hyphens.
  code        text NOT NULL CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
  -- The credential's id (urn:uuid:…).
  credential_id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id   bigint NOT NULL REFERENCES people(id),
  kind        text NOT NULL CHECK (kind IN ('course','programme','webinar')),
  -- The activity (course, programme, webinar) and the record that completed it (enrolment …).
  source_id   bigint NOT NULL,
  source_record_id bigint,
  -- What the certificate shows, as it was at issue.
  holder_name text NOT NULL CHECK (length(btrim(holder_name)) > 0),
  holder_nip  text,
  activity_title text NOT NULL CHECK (length(btrim(activity_title)) > 0),
  activity_summary text NOT NULL DEFAULT '',
  -- The activity's page in Sinau (e.g. /courses/<slug>), for the credential's achievement id.
  activity_path text,
  jp          numeric(6,2) NOT NULL CHECK (jp >= 0 AND jp <= 1000),
  -- [{ code, name, level, framework: { slug, title } | null }]
  competencies jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(competencies) = 'array'),
  issued_at   timestamptz NOT NULL DEFAULT now(),
  status_index bigint NOT NULL DEFAULT nextval('certificate_status_index_seq') CHECK (status_index >= 0),
  revoked_at  timestamptz,
  revoked_by  bigint REFERENCES people(id),
  revoke_reason text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL)),
  CHECK (revoke_reason IS NULL OR length(btrim(revoke_reason)) > 0),
  CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
);
ALTER SEQUENCE certificate_status_index_seq OWNED BY certificates.status_index;
CREATE UNIQUE INDEX certificates_code_key ON certificates (code);
CREATE UNIQUE INDEX certificates_credential_id_key ON certificates (credential_id);
-- Completing the same activity twice issues one certificate.
CREATE UNIQUE INDEX certificates_once ON certificates (person_id, kind, source_id);
CREATE UNIQUE INDEX certificates_status_index_key ON certificates (status_index);
CREATE INDEX certificates_source_idx ON certificates (kind, source_id);
CREATE INDEX certificates_revoked_by_idx ON certificates (revoked_by);
CREATE INDEX certificates_revoked_idx ON certificates (status_index) WHERE revoked_at IS NOT NULL;

-- The key certificates are signed with, generated once when CERTIFICATE_SIGNING_KEY is not set,
-- so every app instance signs with the same key. One current key per purpose.
CREATE TABLE signing_keys (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose     text NOT NULL CHECK (purpose IN ('certificates')),
  algorithm   text NOT NULL DEFAULT 'Ed25519' CHECK (algorithm = 'Ed25519'),
  -- PKCS#8 PEM.
  private_key_pem text NOT NULL,
  -- Multikey (z6Mk…): the did:key the credentials name as issuer.
  public_key_multibase text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
CREATE UNIQUE INDEX signing_keys_current ON signing_keys (purpose) WHERE retired_at IS NULL;
