-- Programmes: ordered steps (courses, quizzes, webinars, practice tasks) with prerequisites and a
-- schedule; cohorts of participants with their own dates and facilitators; practice evidence
-- ("aksi nyata") reviewed against a rubric; completion with JP, evidence and a certificate.

CREATE TABLE programmes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 200),
  summary     text NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  jp          numeric(6,2) NOT NULL CHECK (jp >= 0 AND jp <= 500),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('draft','active','archived')),
  -- The owning office: its admins (and those of the offices above it) manage the programme.
  unit_id     bigint REFERENCES units(id),
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programmes_unit_id_idx ON programmes (unit_id);
CREATE INDEX programmes_created_by_idx ON programmes (created_by);

CREATE TABLE programme_competencies (
  programme_id    bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  competency_code text NOT NULL CHECK (length(competency_code) BETWEEN 1 AND 40),
  level           integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (programme_id, competency_code)
);

CREATE TABLE programme_steps (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  position     integer NOT NULL CHECK (position >= 1),
  kind         text NOT NULL CHECK (kind IN ('course','quiz','webinar','practice')),
  title        text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  course_id    bigint REFERENCES courses(id),
  quiz_id      bigint REFERENCES quizzes(id),
  webinar_id   bigint REFERENCES webinars(id),
  -- Days after the cohort's start by which the step is due; none: no deadline of its own.
  due_days     integer CHECK (due_days >= 0 AND due_days <= 3650),
  -- Practice: the competencies an accepted submission proves ([{code, level}]), the task and its rubric.
  competencies jsonb NOT NULL DEFAULT '[]'::jsonb,
  instructions text,
  rubric       jsonb,
  CHECK ((kind = 'course') = (course_id IS NOT NULL)),
  CHECK ((kind = 'quiz') = (quiz_id IS NOT NULL)),
  CHECK ((kind = 'webinar') = (webinar_id IS NOT NULL)),
  CHECK ((kind = 'practice') = (instructions IS NOT NULL AND rubric IS NOT NULL)),
  UNIQUE (programme_id, position)
);
CREATE INDEX programme_steps_course_id_idx ON programme_steps (course_id);
CREATE INDEX programme_steps_quiz_id_idx ON programme_steps (quiz_id);
CREATE INDEX programme_steps_webinar_id_idx ON programme_steps (webinar_id);

-- A step may require earlier steps of the same programme.
CREATE TABLE programme_step_requires (
  step_id     bigint NOT NULL REFERENCES programme_steps(id) ON DELETE CASCADE,
  requires_id bigint NOT NULL REFERENCES programme_steps(id) ON DELETE CASCADE,
  PRIMARY KEY (step_id, requires_id),
  CHECK (step_id <> requires_id)
);
CREATE INDEX programme_step_requires_requires_id_idx ON programme_step_requires (requires_id);

CREATE TABLE cohorts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id     bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  starts_on        date NOT NULL,
  ends_on          date NOT NULL,
  -- Each participant's supervisor (for a teacher, the school principal) may review their practice.
  principal_review boolean NOT NULL DEFAULT false,
  created_by       bigint REFERENCES people(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX cohorts_programme_id_idx ON cohorts (programme_id);
CREATE INDEX cohorts_created_by_idx ON cohorts (created_by);

CREATE TABLE cohort_facilitators (
  cohort_id bigint NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people(id),
  PRIMARY KEY (cohort_id, person_id)
);
CREATE INDEX cohort_facilitators_person_id_idx ON cohort_facilitators (person_id);

-- A person follows a programme in one cohort at a time.
CREATE TABLE cohort_participants (
  cohort_id    bigint NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  programme_id bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  person_id    bigint NOT NULL REFERENCES people(id),
  added_by     bigint REFERENCES people(id),
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cohort_id, person_id),
  UNIQUE (programme_id, person_id)
);
CREATE INDEX cohort_participants_person_id_idx ON cohort_participants (person_id);
CREATE INDEX cohort_participants_added_by_idx ON cohort_participants (added_by);

-- Steps recorded as done (by the hook in the transaction of the fact, or by the check on reading);
-- once recorded a step stays done.
CREATE TABLE programme_step_completions (
  step_id      bigint NOT NULL REFERENCES programme_steps(id) ON DELETE CASCADE,
  person_id    bigint NOT NULL REFERENCES people(id),
  programme_id bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (step_id, person_id)
);
CREATE INDEX programme_step_completions_person_id_idx ON programme_step_completions (person_id);
CREATE INDEX programme_step_completions_programme_id_idx ON programme_step_completions (programme_id);

CREATE TABLE programme_completions (
  programme_id   bigint NOT NULL REFERENCES programmes(id),
  person_id      bigint NOT NULL REFERENCES people(id),
  cohort_id      bigint REFERENCES cohorts(id) ON DELETE SET NULL,
  completed_at   timestamptz NOT NULL DEFAULT now(),
  jp_awarded     numeric(6,2) NOT NULL CHECK (jp_awarded >= 0),
  certificate_id bigint REFERENCES certificates(id),
  PRIMARY KEY (programme_id, person_id)
);
CREATE INDEX programme_completions_person_id_idx ON programme_completions (person_id);
CREATE INDEX programme_completions_cohort_id_idx ON programme_completions (cohort_id);
CREATE INDEX programme_completions_certificate_id_idx ON programme_completions (certificate_id);

-- Files a participant uploaded for a practice step (the file itself is a media row they own).
CREATE TABLE practice_uploads (
  media_id   uuid PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
  step_id    bigint NOT NULL REFERENCES programme_steps(id) ON DELETE CASCADE,
  person_id  bigint NOT NULL REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practice_uploads_step_id_idx ON practice_uploads (step_id);
CREATE INDEX practice_uploads_person_id_idx ON practice_uploads (person_id);

CREATE TABLE practice_submissions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  step_id        bigint NOT NULL REFERENCES programme_steps(id) ON DELETE CASCADE,
  programme_id   bigint NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  person_id      bigint NOT NULL REFERENCES people(id),
  status         text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','accepted','revise')),
  reflection     text NOT NULL CHECK (length(reflection) BETWEEN 20 AND 5000),
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  review_rubric  jsonb,
  review_comment text,
  reviewed_by    bigint REFERENCES people(id),
  reviewed_at    timestamptz,
  CHECK ((status = 'submitted') = (reviewed_at IS NULL)),
  CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL))
);
CREATE INDEX practice_submissions_step_person_idx ON practice_submissions (step_id, person_id);
CREATE INDEX practice_submissions_programme_id_idx ON practice_submissions (programme_id);
CREATE INDEX practice_submissions_person_id_idx ON practice_submissions (person_id);
CREATE INDEX practice_submissions_reviewed_by_idx ON practice_submissions (reviewed_by);
-- At most one submission waiting for review or accepted per person and step.
CREATE UNIQUE INDEX practice_submissions_open ON practice_submissions (step_id, person_id) WHERE status IN ('submitted','accepted');

CREATE TABLE practice_submission_files (
  submission_id bigint NOT NULL REFERENCES practice_submissions(id) ON DELETE CASCADE,
  media_id      uuid NOT NULL REFERENCES media(id),
  position      integer NOT NULL,
  PRIMARY KEY (submission_id, media_id)
);
CREATE INDEX practice_submission_files_media_id_idx ON practice_submission_files (media_id);

-- In-app reminders to participants behind or stuck: one per person and day (WIB).
CREATE TABLE programme_reminders (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cohort_id bigint NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people(id),
  sent_on   date NOT NULL,
  message   text NOT NULL,
  sent_by   bigint REFERENCES people(id),
  sent_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, sent_on)
);
CREATE INDEX programme_reminders_cohort_id_idx ON programme_reminders (cohort_id);
CREATE INDEX programme_reminders_sent_by_idx ON programme_reminders (sent_by);

-- Accepted practice is evidence of its own kind.
ALTER TABLE evidence DROP CONSTRAINT evidence_source_check;
ALTER TABLE evidence ADD CONSTRAINT evidence_source_check
  CHECK (source IN ('course','quiz','webinar','assessment','prior_learning','citizen_feedback','programme','placement','practice'));
