-- Competency standards and evidence: frameworks with versioned competencies, position
-- standards, the append-only evidence and JP ledgers, prior learning, supervisor assessments,
-- development plans, and the rules that turn quiz results into evidence.

CREATE TABLE competency_frameworks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  title       text NOT NULL CHECK (length(btrim(title)) > 0),
  description text NOT NULL DEFAULT '',
  publisher   text NOT NULL DEFAULT '',
  -- IMS CASE identifier (CFDocument.identifier): stable across systems and exports.
  case_id     uuid NOT NULL DEFAULT gen_random_uuid(),
  version     integer NOT NULL DEFAULT 1,
  -- 'file': content/competencies; 'app': created by an admin; 'case': imported from CASE JSON.
  source      text NOT NULL DEFAULT 'app' CHECK (source IN ('file','app','case')),
  content_hash text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX competency_frameworks_slug_key ON competency_frameworks (slug);
CREATE UNIQUE INDEX competency_frameworks_case_id_key ON competency_frameworks (case_id);

-- A competency keeps its code and CASE identifier; its wording lives in versions, so evidence
-- recorded against one version keeps it after an admin edits the text.
CREATE TABLE competencies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  framework_id bigint NOT NULL REFERENCES competency_frameworks(id),
  code        text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9]*(\.[A-Z0-9]+)+$' AND length(code) <= 40),
  case_id     uuid NOT NULL DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('manajerial','sosial_kultural','teknis')),
  -- The office that owns a technical competency (NULL: city-wide).
  unit_id     bigint REFERENCES units(id),
  position    integer NOT NULL DEFAULT 0,
  current_version_id bigint,
  retired_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX competencies_code_key ON competencies (code);
CREATE UNIQUE INDEX competencies_case_id_key ON competencies (case_id);
CREATE INDEX competencies_framework_id_idx ON competencies (framework_id, position);
CREATE INDEX competencies_unit_id_idx ON competencies (unit_id);

CREATE TABLE competency_versions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  competency_id bigint NOT NULL REFERENCES competencies(id),
  version     integer NOT NULL CHECK (version >= 1),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  description text NOT NULL DEFAULT '',
  -- [{ level 1..5, name, description, indicators: [text] }], exactly five.
  levels      jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'array' AND jsonb_array_length(levels) = 5),
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (competency_id, version)
);
ALTER TABLE competencies ADD CONSTRAINT competencies_current_version_fkey
  FOREIGN KEY (current_version_id) REFERENCES competency_versions(id);
CREATE INDEX competencies_current_version_id_idx ON competencies (current_version_id);

-- Default required level of managerial and socio-cultural competencies per position tier.
CREATE TABLE tier_standards (
  tier        text PRIMARY KEY CHECK (tier IN ('JPT','Administrator','Pengawas','Pelaksana','Fungsional')),
  level       integer NOT NULL CHECK (level BETWEEN 0 AND 5),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tier_standards (tier, level) VALUES
  ('JPT', 4), ('Administrator', 3), ('Pengawas', 2), ('Pelaksana', 1), ('Fungsional', 2);

-- Per-position requirements: overrides the tier default (0 = not required) and adds
-- technical competencies.
CREATE TABLE position_standards (
  position_id bigint NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
  competency_id bigint NOT NULL REFERENCES competencies(id),
  level       integer NOT NULL CHECK (level BETWEEN 0 AND 5),
  -- 'file': content/competencies/standards.yaml; 'app': set by an admin (never overwritten).
  source      text NOT NULL DEFAULT 'app' CHECK (source IN ('file','app')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (position_id, competency_id)
);
CREATE INDEX position_standards_competency_id_idx ON position_standards (competency_id);

-- Rules turning a quiz result into evidence (courses use course_competencies: completed).
CREATE TABLE quiz_competencies (
  quiz_id     bigint NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  competency_code text NOT NULL CHECK (length(competency_code) BETWEEN 1 AND 40),
  level       integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  -- 'passed': the quiz is passed; 'subscore': the questions of this competency score >= min_pct.
  condition   text NOT NULL DEFAULT 'passed' CHECK (condition IN ('passed','subscore')),
  min_pct     numeric(5,2) CHECK (min_pct BETWEEN 0 AND 100),
  PRIMARY KEY (quiz_id, competency_code),
  CHECK ((condition = 'subscore') = (min_pct IS NOT NULL))
);

-- How attainment is computed, JP conversion and evidence weights: one row, edited by admins.
CREATE TABLE competency_settings (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  settings    jsonb NOT NULL,
  updated_by  bigint REFERENCES people(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO competency_settings (settings) VALUES ('{}');

-- The evidence ledger. Append-only: a correction is a new row pointing at the original
-- (corrects_id), with the level that now holds or NULL to withdraw it.
CREATE TABLE evidence (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A person's evidence, or a service unit's (citizen feedback).
  person_id   bigint REFERENCES people(id),
  unit_id     bigint REFERENCES units(id),
  competency_id bigint NOT NULL REFERENCES competencies(id),
  competency_version_id bigint NOT NULL REFERENCES competency_versions(id),
  level       integer CHECK (level BETWEEN 1 AND 5),
  source      text NOT NULL CHECK (source IN ('course','quiz','webinar','assessment','prior_learning','citizen_feedback','programme','placement')),
  -- The activity (course, quiz, webinar, claim, assessment …) and the record that proved it
  -- (enrolment, attempt, attendance …).
  source_id   bigint NOT NULL,
  source_record_id bigint,
  title       text NOT NULL DEFAULT '',
  detail      text NOT NULL DEFAULT '',
  weight      numeric(4,2) NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 10),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by bigint REFERENCES people(id),
  corrects_id bigint REFERENCES evidence(id),
  CHECK (num_nonnulls(person_id, unit_id) = 1),
  CHECK (corrects_id IS NOT NULL OR level IS NOT NULL)
);
-- Each activity proves a competency once per person: the original entry is unique.
CREATE UNIQUE INDEX evidence_once ON evidence (person_id, competency_id, source, source_id)
  WHERE corrects_id IS NULL AND person_id IS NOT NULL;
CREATE INDEX evidence_person_idx ON evidence (person_id, competency_id);
CREATE INDEX evidence_unit_idx ON evidence (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX evidence_competency_id_idx ON evidence (competency_id);
CREATE INDEX evidence_corrects_id_idx ON evidence (corrects_id);
CREATE INDEX evidence_source_idx ON evidence (source, source_id);

-- The JP ledger, append-only like evidence.
CREATE TABLE jp_entries (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  -- Calendar year in Surakarta (Asia/Jakarta) of occurred_at.
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  jp          numeric(6,2) NOT NULL CHECK (jp >= 0 AND jp <= 1000),
  source      text NOT NULL CHECK (source IN ('course','webinar','prior_learning','programme','placement')),
  source_id   bigint NOT NULL,
  source_record_id bigint,
  title       text NOT NULL DEFAULT '',
  -- Webinars: the minutes attended that the JP was converted from.
  minutes     integer CHECK (minutes >= 0),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by bigint REFERENCES people(id),
  corrects_id bigint REFERENCES jp_entries(id)
);
CREATE UNIQUE INDEX jp_entries_once ON jp_entries (person_id, source, source_id) WHERE corrects_id IS NULL;
CREATE INDEX jp_entries_person_year_idx ON jp_entries (person_id, year);
CREATE INDEX jp_entries_year_idx ON jp_entries (year);
CREATE INDEX jp_entries_corrects_id_idx ON jp_entries (corrects_id);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: record a correction instead', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER jp_entries_append_only BEFORE UPDATE OR DELETE ON jp_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Courses completed before this migration enter the JP ledger now.
INSERT INTO jp_entries (person_id, year, jp, source, source_id, source_record_id, title, occurred_at)
SELECT e.person_id, extract(year FROM e.completed_at AT TIME ZONE 'Asia/Jakarta')::int, e.jp_awarded,
       'course', e.course_id, e.id, c.title, e.completed_at
  FROM enrollments e JOIN courses c ON c.id = e.course_id
 WHERE e.completed_at IS NOT NULL;

-- Learning outside Sinau, claimed by the person and reviewed by the supervisor or an admin.
CREATE TABLE prior_learning_claims (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  kind        text NOT NULL CHECK (kind IN ('pelatihan','pendidikan','seminar','sertifikasi','lainnya')),
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  provider    text NOT NULL DEFAULT '',
  completed_on date NOT NULL,
  jp          numeric(6,2) NOT NULL DEFAULT 0 CHECK (jp >= 0 AND jp <= 200),
  -- [{ code, level }]
  competencies jsonb NOT NULL DEFAULT '[]',
  proof_media_id uuid REFERENCES media(id),
  note        text NOT NULL DEFAULT '',
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','rejected','withdrawn')),
  reviewed_by bigint REFERENCES people(id),
  reviewed_at timestamptz,
  review_reason text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'rejected' OR length(btrim(coalesce(review_reason, ''))) > 0)
);
CREATE INDEX prior_learning_claims_person_id_idx ON prior_learning_claims (person_id);
CREATE INDEX prior_learning_claims_pending_idx ON prior_learning_claims (status) WHERE status = 'pending';
CREATE INDEX prior_learning_claims_proof_media_id_idx ON prior_learning_claims (proof_media_id);
CREATE INDEX prior_learning_claims_reviewed_by_idx ON prior_learning_claims (reviewed_by);

-- A supervisor's rating of a subordinate on one competency's behaviour indicators.
CREATE TABLE competency_assessments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  assessor_id bigint NOT NULL REFERENCES people(id),
  competency_id bigint NOT NULL REFERENCES competencies(id),
  competency_version_id bigint NOT NULL REFERENCES competency_versions(id),
  -- { "<level>": [true, false, …] } — which indicators of each level the person shows.
  ratings     jsonb NOT NULL,
  level       integer CHECK (level BETWEEN 1 AND 5),
  note        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id <> assessor_id)
);
CREATE INDEX competency_assessments_person_id_idx ON competency_assessments (person_id);
CREATE INDEX competency_assessments_assessor_id_idx ON competency_assessments (assessor_id);
CREATE INDEX competency_assessments_competency_id_idx ON competency_assessments (competency_id);
CREATE INDEX competency_assessments_competency_version_id_idx ON competency_assessments (competency_version_id);

-- Rencana pengembangan kompetensi: one per person per year, agreed with the supervisor.
CREATE TABLE development_plans (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','done')),
  note        text NOT NULL DEFAULT '',
  submitted_at timestamptz,
  decided_by  bigint REFERENCES people(id),
  decided_at  timestamptz,
  decision_note text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, year)
);
CREATE INDEX development_plans_decided_by_idx ON development_plans (decided_by);

CREATE TABLE development_plan_items (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id     bigint NOT NULL REFERENCES development_plans(id) ON DELETE CASCADE,
  position    integer NOT NULL DEFAULT 0,
  kind        text NOT NULL CHECK (kind IN ('course','quiz','webinar','other')),
  course_id   bigint REFERENCES courses(id),
  quiz_id     bigint REFERENCES quizzes(id),
  webinar_id  bigint,
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  competency_code text,
  jp          numeric(6,2) NOT NULL DEFAULT 0 CHECK (jp >= 0 AND jp <= 200),
  planned_quarter integer CHECK (planned_quarter BETWEEN 1 AND 4),
  CHECK ((kind = 'course') = (course_id IS NOT NULL)),
  CHECK ((kind = 'quiz') = (quiz_id IS NOT NULL))
);
CREATE INDEX development_plan_items_plan_id_idx ON development_plan_items (plan_id, position);
CREATE INDEX development_plan_items_course_id_idx ON development_plan_items (course_id);
CREATE INDEX development_plan_items_quiz_id_idx ON development_plan_items (quiz_id);
