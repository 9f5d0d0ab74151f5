-- Quizzes and competency tests: question banks with versioned questions, quizzes, attempts.

-- A bank belongs to a course, or is shared by an office (and everything below it), or to its owner.
CREATE TABLE question_banks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  course_id   bigint REFERENCES courses(id),
  unit_id     bigint REFERENCES units(id),
  owner_id    bigint REFERENCES people(id),
  source      text NOT NULL DEFAULT 'app' CHECK (source IN ('app','file')),
  content_hash text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX question_banks_slug_key ON question_banks (slug);
CREATE INDEX question_banks_course_id_idx ON question_banks (course_id);
CREATE INDEX question_banks_unit_id_idx ON question_banks (unit_id);

CREATE TABLE question_categories (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bank_id  bigint NOT NULL REFERENCES question_banks(id) ON DELETE CASCADE,
  key      text NOT NULL CHECK (key ~ '^[a-z0-9]+([._/-][a-z0-9]+)*$'),
  name     text NOT NULL CHECK (length(btrim(name)) > 0),
  position integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX question_categories_bank_key ON question_categories (bank_id, key);

-- A question keeps its identity (and its key) across versions; attempts point at the version
-- they showed. Editing a question that an attempt has used makes a new version.
CREATE TABLE questions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bank_id     bigint NOT NULL REFERENCES question_banks(id),
  category_id bigint NOT NULL REFERENCES question_categories(id),
  key         text NOT NULL CHECK (key ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(key) <= 80),
  current_version integer NOT NULL DEFAULT 1,
  retired_at  timestamptz,
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX questions_bank_key ON questions (bank_id, key);
CREATE INDEX questions_category_id_idx ON questions (category_id);

CREATE TABLE question_versions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question_id bigint NOT NULL REFERENCES questions(id),
  version     integer NOT NULL CHECK (version >= 1),
  type        text NOT NULL CHECK (type IN ('single','multiple','truefalse','short','numeric','matching','ordering','essay')),
  doc         jsonb NOT NULL,
  points      numeric(8,2) NOT NULL CHECK (points > 0),
  competency_code text,
  competency_level integer CHECK (competency_level BETWEEN 1 AND 5),
  tags        text[] NOT NULL DEFAULT '{}',
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (question_id, version)
);
CREATE INDEX question_versions_competency_idx ON question_versions (competency_code);

CREATE TABLE quizzes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  title       text NOT NULL CHECK (length(btrim(title)) > 0),
  description_md text NOT NULL DEFAULT '',
  -- The course it belongs to (a lesson, or a course's post-test); NULL for a standalone test.
  course_id   bigint REFERENCES courses(id),
  owner_id    bigint REFERENCES people(id),
  status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','archived')),
  time_limit_minutes integer CHECK (time_limit_minutes BETWEEN 1 AND 1440),
  opens_at    timestamptz,
  closes_at   timestamptz,
  attempts_allowed integer CHECK (attempts_allowed >= 1),
  grading     text NOT NULL DEFAULT 'highest' CHECK (grading IN ('highest','last','average')),
  pass_pct    numeric(5,2) NOT NULL DEFAULT 70 CHECK (pass_pct BETWEEN 0 AND 100),
  shuffle_questions boolean NOT NULL DEFAULT false,
  shuffle_choices boolean NOT NULL DEFAULT true,
  per_page    integer NOT NULL DEFAULT 0 CHECK (per_page >= 0),
  -- When learners see their score, the right answers and the feedback.
  review      jsonb NOT NULL DEFAULT '{"score":"immediately","answers":"after_close","feedback":"immediately"}',
  -- Bumped on every settings or items change; an attempt keeps the questions it drew.
  version     integer NOT NULL DEFAULT 1,
  source      text NOT NULL DEFAULT 'app' CHECK (source IN ('app','file')),
  content_hash text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
CREATE UNIQUE INDEX quizzes_slug_key ON quizzes (slug);
CREATE INDEX quizzes_course_id_idx ON quizzes (course_id);

ALTER TABLE lessons ADD CONSTRAINT lessons_quiz_id_fkey FOREIGN KEY (quiz_id) REFERENCES quizzes(id);
CREATE INDEX lessons_quiz_id_idx ON lessons (quiz_id);

-- The quiz's content in order: a fixed question, or a random draw of n from a category
-- (optionally only questions of one competency).
CREATE TABLE quiz_items (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quiz_id     bigint NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  position    integer NOT NULL,
  question_id bigint REFERENCES questions(id),
  category_id bigint REFERENCES question_categories(id),
  draw_count  integer CHECK (draw_count >= 1),
  competency_code text,
  CHECK ((question_id IS NOT NULL AND category_id IS NULL AND draw_count IS NULL)
      OR (question_id IS NULL AND category_id IS NOT NULL AND draw_count IS NOT NULL))
);
CREATE INDEX quiz_items_quiz_id_idx ON quiz_items (quiz_id, position);

-- Extra time for a person (e.g. a disability accommodation) or for everyone in an office.
CREATE TABLE quiz_extra_time (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quiz_id     bigint NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  person_id   bigint REFERENCES people(id),
  unit_id     bigint REFERENCES units(id),
  extra_minutes integer NOT NULL CHECK (extra_minutes BETWEEN 1 AND 1440),
  CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX quiz_extra_time_person ON quiz_extra_time (quiz_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX quiz_extra_time_unit ON quiz_extra_time (quiz_id, unit_id) WHERE unit_id IS NOT NULL;

-- A standalone test assigned to an office (and everything below it) or a position.
CREATE TABLE quiz_assignments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quiz_id     bigint NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  unit_id     bigint REFERENCES units(id),
  position_id bigint REFERENCES positions(id),
  due_at      timestamptz,
  assigned_by bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit_id IS NULL) <> (position_id IS NULL))
);
CREATE INDEX quiz_assignments_quiz_id_idx ON quiz_assignments (quiz_id);
CREATE INDEX quiz_assignments_unit_id_idx ON quiz_assignments (unit_id);

CREATE TABLE quiz_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quiz_id     bigint NOT NULL REFERENCES quizzes(id),
  person_id   bigint NOT NULL REFERENCES people(id),
  number      integer NOT NULL CHECK (number >= 1),
  state       text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress','submitted')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  -- The server's deadline (start + limit + extra time, capped by the close); NULL: none.
  deadline    timestamptz,
  submitted_at timestamptz,
  submitted_by text CHECK (submitted_by IN ('learner','deadline','sweep')),
  score       numeric(10,2),
  max_score   numeric(10,2),
  pct         numeric(5,2),
  passed      boolean,
  -- Essays still to be graded by a trainer: score, pct and passed are provisional until then.
  needs_grading boolean NOT NULL DEFAULT false,
  competency_scores jsonb NOT NULL DEFAULT '[]',
  UNIQUE (quiz_id, person_id, number)
);
-- At most one attempt in progress per person per quiz, whatever the code does.
CREATE UNIQUE INDEX quiz_attempts_one_open ON quiz_attempts (quiz_id, person_id) WHERE state = 'in_progress';
CREATE INDEX quiz_attempts_person_idx ON quiz_attempts (person_id);
CREATE INDEX quiz_attempts_deadline_idx ON quiz_attempts (deadline) WHERE state = 'in_progress';

-- The questions an attempt showed, in the order shown, with the version and choice order;
-- the grade of each once submitted.
CREATE TABLE attempt_questions (
  attempt_id  bigint NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  question_id bigint NOT NULL REFERENCES questions(id),
  version_id  bigint NOT NULL REFERENCES question_versions(id),
  position    integer NOT NULL,
  points      numeric(8,2) NOT NULL,
  choice_order text[],
  fraction    numeric(6,5),
  score       numeric(8,2),
  graded_by   bigint REFERENCES people(id),
  graded_at   timestamptz,
  grader_comment text,
  rubric_scores jsonb,
  PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX attempt_questions_version_idx ON attempt_questions (version_id);

-- The latest saved answer per question. seq is the client's counter: a save with a lower seq
-- than the stored one never overwrites it.
CREATE TABLE attempt_answers (
  attempt_id  bigint NOT NULL,
  question_id bigint NOT NULL,
  response    jsonb NOT NULL,
  seq         bigint NOT NULL CHECK (seq >= 0),
  saved_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (attempt_id, question_id),
  FOREIGN KEY (attempt_id, question_id) REFERENCES attempt_questions(attempt_id, question_id) ON DELETE CASCADE
);
