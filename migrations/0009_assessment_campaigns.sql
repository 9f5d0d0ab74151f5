-- Periodic assessment campaigns (penilaian berkala, 360°): an admin opens one for offices and/or
-- positions; each person in scope who has a supervisor gets one task; the person may rate
-- themself, nominated peers may give input, and the direct supervisor finalises, which writes
-- ordinary competency_assessments rows (and through them evidence).

CREATE TABLE assessment_campaigns (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 3 AND 200),
  opens_on       date NOT NULL,
  closes_on      date NOT NULL,
  self_assessment boolean NOT NULL DEFAULT true,
  peer_input     boolean NOT NULL DEFAULT false,
  max_peers      integer NOT NULL DEFAULT 3 CHECK (max_peers BETWEEN 1 AND 10),
  include_sub_units boolean NOT NULL DEFAULT true,
  created_by     bigint NOT NULL REFERENCES people(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz,
  closed_by      bigint REFERENCES people(id),
  CHECK (closes_on >= opens_on),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX assessment_campaigns_created_by_idx ON assessment_campaigns (created_by);
CREATE INDEX assessment_campaigns_closed_by_idx ON assessment_campaigns (closed_by);

-- Targets: offices (with or without the offices below them) and positions; a person is in
-- scope when their office or their position is targeted.
CREATE TABLE assessment_campaign_units (
  campaign_id    bigint NOT NULL REFERENCES assessment_campaigns(id) ON DELETE CASCADE,
  unit_id        bigint NOT NULL REFERENCES units(id),
  PRIMARY KEY (campaign_id, unit_id)
);
CREATE INDEX assessment_campaign_units_unit_id_idx ON assessment_campaign_units (unit_id);

CREATE TABLE assessment_campaign_positions (
  campaign_id    bigint NOT NULL REFERENCES assessment_campaigns(id) ON DELETE CASCADE,
  position_id    bigint NOT NULL REFERENCES positions(id),
  PRIMARY KEY (campaign_id, position_id)
);
CREATE INDEX assessment_campaign_positions_position_id_idx ON assessment_campaign_positions (position_id);

-- The competencies chosen for the whole campaign; none: each person's position standard.
CREATE TABLE assessment_campaign_competencies (
  campaign_id    bigint NOT NULL REFERENCES assessment_campaigns(id) ON DELETE CASCADE,
  competency_id  bigint NOT NULL REFERENCES competencies(id),
  PRIMARY KEY (campaign_id, competency_id)
);
CREATE INDEX assessment_campaign_competencies_competency_id_idx ON assessment_campaign_competencies (competency_id);

CREATE TABLE assessment_tasks (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id    bigint NOT NULL REFERENCES assessment_campaigns(id) ON DELETE CASCADE,
  person_id      bigint NOT NULL REFERENCES people(id),
  self_submitted_at timestamptz,
  -- The supervisor's last draft save; finalised_at/finalised_by once the result is evidence.
  supervisor_saved_at timestamptz,
  finalised_at   timestamptz,
  finalised_by   bigint REFERENCES people(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, person_id),
  CHECK ((finalised_at IS NULL) = (finalised_by IS NULL)),
  CHECK (finalised_by IS NULL OR finalised_by <> person_id)
);
CREATE INDEX assessment_tasks_person_id_idx ON assessment_tasks (person_id);
CREATE INDEX assessment_tasks_finalised_by_idx ON assessment_tasks (finalised_by);

-- One row per competency of a task: the self ratings, the supervisor's draft, and the
-- assessment written when the task was finalised. Ratings: { "<level>": [bool, …] }.
CREATE TABLE assessment_task_competencies (
  task_id        bigint NOT NULL REFERENCES assessment_tasks(id) ON DELETE CASCADE,
  competency_id  bigint NOT NULL REFERENCES competencies(id),
  position       integer NOT NULL,
  self_ratings   jsonb,
  supervisor_ratings jsonb,
  supervisor_note text NOT NULL DEFAULT '',
  assessment_id  bigint REFERENCES competency_assessments(id),
  PRIMARY KEY (task_id, competency_id)
);
CREATE INDEX assessment_task_competencies_competency_id_idx ON assessment_task_competencies (competency_id);
CREATE INDEX assessment_task_competencies_assessment_id_idx ON assessment_task_competencies (assessment_id);

-- Peers nominated for a task and their input. Ratings: { "<code>": { "<level>": [bool, …] } }.
-- The person assessed only ever sees these aggregated.
CREATE TABLE assessment_peer_inputs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id        bigint NOT NULL REFERENCES assessment_tasks(id) ON DELETE CASCADE,
  peer_id        bigint NOT NULL REFERENCES people(id),
  nominated_by   bigint NOT NULL REFERENCES people(id),
  ratings        jsonb,
  comment        text NOT NULL DEFAULT '',
  submitted_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, peer_id)
);
CREATE INDEX assessment_peer_inputs_peer_id_idx ON assessment_peer_inputs (peer_id);
CREATE INDEX assessment_peer_inputs_nominated_by_idx ON assessment_peer_inputs (nominated_by);

-- In-app reminders an admin sends to those behind in a campaign.
CREATE TABLE assessment_reminders (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id    bigint NOT NULL REFERENCES assessment_campaigns(id) ON DELETE CASCADE,
  recipient_id   bigint NOT NULL REFERENCES people(id),
  sent_by        bigint NOT NULL REFERENCES people(id),
  message        text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_reminders_campaign_id_idx ON assessment_reminders (campaign_id);
CREATE INDEX assessment_reminders_recipient_id_idx ON assessment_reminders (recipient_id);
CREATE INDEX assessment_reminders_sent_by_idx ON assessment_reminders (sent_by);
