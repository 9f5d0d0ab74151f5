-- Citizens' satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017): a survey
-- per service unit (an office, and counters within it), the responses citizens send without an
-- account, what the abuse checks decided about them, and the low U6/U7 months that became
-- unit-level evidence.

-- An office's survey (parent_id NULL, one per office) or a counter of it (a service point with
-- a name). Each has its own public token: the address its QR code opens.
CREATE TABLE satisfaction_surveys (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES units(id),
  parent_id   bigint REFERENCES satisfaction_surveys(id),
  -- The counter's name; NULL for the office's own survey (its name is the office's).
  name        text CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 120),
  -- Lower-case letters and digits without look-alikes: short enough to type from a poster,
  -- random enough (60 bits) not to be guessed.
  token       text NOT NULL CHECK (token ~ '^[a-km-np-z2-9]{12}$'),
  -- The services a respondent may say they received (the office's list; a counter's own or
  -- empty to use the office's).
  services    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(services) = 'array'),
  active      boolean NOT NULL DEFAULT true,
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (name IS NULL)),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX satisfaction_surveys_token_key ON satisfaction_surveys (token);
CREATE UNIQUE INDEX satisfaction_surveys_office_key ON satisfaction_surveys (unit_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX satisfaction_surveys_counter_key ON satisfaction_surveys (parent_id, lower(name)) WHERE parent_id IS NOT NULL;
CREATE INDEX satisfaction_surveys_unit_id_idx ON satisfaction_surveys (unit_id);
CREATE INDEX satisfaction_surveys_created_by_idx ON satisfaction_surveys (created_by);

-- Questions an office adds to the nine standard elements (asked at all its counters).
CREATE TABLE satisfaction_questions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id   bigint NOT NULL REFERENCES satisfaction_surveys(id),
  position    integer NOT NULL DEFAULT 0,
  kind        text NOT NULL CHECK (kind IN ('scale','text')),
  prompt      text NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 300),
  -- A scale question's four answer labels, from 1 (worst) to 4 (best).
  labels      jsonb,
  active      boolean NOT NULL DEFAULT true,
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'scale') = (labels IS NOT NULL)),
  CHECK (labels IS NULL OR (jsonb_typeof(labels) = 'array' AND jsonb_array_length(labels) = 4))
);
CREATE INDEX satisfaction_questions_survey_id_idx ON satisfaction_questions (survey_id, position);
CREATE INDEX satisfaction_questions_created_by_idx ON satisfaction_questions (created_by);

CREATE TABLE satisfaction_responses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The survey answered (an office's or a counter's) and its office, which the index is per.
  survey_id   bigint NOT NULL REFERENCES satisfaction_surveys(id),
  unit_id     bigint NOT NULL REFERENCES units(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  channel     text NOT NULL CHECK (channel IN ('form','api','demo')),
  -- The nine elements, 1..4; NULL where the respondent left one unanswered.
  u1 smallint CHECK (u1 BETWEEN 1 AND 4),
  u2 smallint CHECK (u2 BETWEEN 1 AND 4),
  u3 smallint CHECK (u3 BETWEEN 1 AND 4),
  u4 smallint CHECK (u4 BETWEEN 1 AND 4),
  u5 smallint CHECK (u5 BETWEEN 1 AND 4),
  u6 smallint CHECK (u6 BETWEEN 1 AND 4),
  u7 smallint CHECK (u7 BETWEEN 1 AND 4),
  u8 smallint CHECK (u8 BETWEEN 1 AND 4),
  u9 smallint CHECK (u9 BETWEEN 1 AND 4),
  -- The office's own questions: { "<question id>": 1..4 | "text" }.
  extra       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(extra) = 'object'),
  -- The optional respondent profile.
  age_band    text CHECK (age_band IN ('lt20','20-29','30-39','40-49','50-59','60plus')),
  sex         text CHECK (sex IN ('L','P')),
  education   text CHECK (education IN ('sd','smp','sma','diploma','s1','s2','s3')),
  occupation  text CHECK (occupation IN ('pns','tni_polri','swasta','wirausaha','pelajar','rumah_tangga','lainnya')),
  service     text CHECK (length(service) <= 200),
  suggestion  text CHECK (length(suggestion) <= 2000),
  -- Keyed hashes (never the address or the cookie itself): the device's cookie, the address,
  -- and its network (/24 or /64). Cleared after a while; only the abuse checks read them.
  device_hash text,
  ip_hash     text,
  net_hash    text,
  -- A form's one-time key: sending the same form twice stores it once.
  submission_key text CHECK (length(submission_key) BETWEEN 8 AND 64),
  -- Why the abuse checks held it back from the index; an admin's review overrides.
  flag_reason text,
  review      text CHECK (review IN ('include','exclude')),
  reviewed_by bigint REFERENCES people(id),
  reviewed_at timestamptz,
  counted     boolean GENERATED ALWAYS AS (CASE WHEN review IS NOT NULL THEN review = 'include' ELSE flag_reason IS NULL END) STORED,
  CHECK (num_nonnulls(u1, u2, u3, u4, u5, u6, u7, u8, u9) >= 1),
  CHECK ((review IS NULL) = (reviewed_at IS NULL))
);
CREATE INDEX satisfaction_responses_unit_idx ON satisfaction_responses (unit_id, submitted_at) WHERE counted;
CREATE INDEX satisfaction_responses_flagged_idx ON satisfaction_responses (unit_id, submitted_at) WHERE flag_reason IS NOT NULL;
CREATE INDEX satisfaction_responses_survey_id_idx ON satisfaction_responses (survey_id);
CREATE INDEX satisfaction_responses_device_idx ON satisfaction_responses (unit_id, device_hash, submitted_at) WHERE device_hash IS NOT NULL;
CREATE INDEX satisfaction_responses_ip_idx ON satisfaction_responses (unit_id, ip_hash, submitted_at) WHERE ip_hash IS NOT NULL;
CREATE INDEX satisfaction_responses_net_idx ON satisfaction_responses (unit_id, net_hash, submitted_at) WHERE net_hash IS NOT NULL;
CREATE UNIQUE INDEX satisfaction_responses_submission_key ON satisfaction_responses (survey_id, submission_key) WHERE submission_key IS NOT NULL;
CREATE INDEX satisfaction_responses_reviewed_by_idx ON satisfaction_responses (reviewed_by);

-- The key the address and device hashes are made with, when SURVEY_HASH_SECRET is not set:
-- made once here, shared by every app instance.
CREATE TABLE satisfaction_hash_key (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  secret      text NOT NULL CHECK (length(secret) >= 32),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO satisfaction_hash_key (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- A closed month in which an office's U6 or U7 average fell below the threshold: the evaluation
-- keeps the figures it last found here, and the evidence ledger holds what became of them.
CREATE TABLE satisfaction_signals (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES units(id),
  survey_id   bigint NOT NULL REFERENCES satisfaction_surveys(id),
  element     text NOT NULL CHECK (element IN ('U6','U7')),
  -- The first day of the month (Asia/Jakarta).
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  average     numeric(6,4) NOT NULL CHECK (average BETWEEN 1 AND 4),
  responses   integer NOT NULL CHECK (responses >= 0),
  -- The level the evidence says; NULL once a recalculation lifted the month above the threshold.
  level       integer CHECK (level BETWEEN 1 AND 5),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, element, month)
);
CREATE INDEX satisfaction_signals_survey_id_idx ON satisfaction_signals (survey_id);

-- Unit evidence from a signal is written once per competency; later changes are corrections.
CREATE UNIQUE INDEX evidence_unit_once ON evidence (unit_id, competency_id, source, source_id, source_record_id)
  WHERE corrects_id IS NULL AND unit_id IS NOT NULL;
