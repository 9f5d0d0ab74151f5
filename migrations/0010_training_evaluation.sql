-- Training evaluation (Kirkpatrick): the learners' reaction to a course or webinar (level 1),
-- pre-test against post-test (level 2) and the supervisor's follow-up on applying it at work
-- three months later (level 3). An activity is a course or a webinar: each table has both
-- columns with their own foreign key, exactly one of them set.

-- Which quizzes are an activity's pre-test and post-test. A webinar's post-test is its own
-- quiz_id, so a webinar row names only the pre-test.
CREATE TABLE evaluation_tests (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id     bigint REFERENCES courses(id) ON DELETE CASCADE,
  webinar_id    bigint REFERENCES webinars(id) ON DELETE CASCADE,
  pre_quiz_id   bigint REFERENCES quizzes(id) ON DELETE SET NULL,
  post_quiz_id  bigint REFERENCES quizzes(id) ON DELETE SET NULL,
  updated_by    bigint REFERENCES people(id),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(course_id, webinar_id) = 1),
  CHECK (webinar_id IS NULL OR post_quiz_id IS NULL)
);
CREATE UNIQUE INDEX evaluation_tests_course_idx ON evaluation_tests (course_id) WHERE course_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_tests_webinar_idx ON evaluation_tests (webinar_id) WHERE webinar_id IS NOT NULL;
CREATE INDEX evaluation_tests_pre_quiz_idx ON evaluation_tests (pre_quiz_id);
CREATE INDEX evaluation_tests_post_quiz_idx ON evaluation_tests (post_quiz_id);
CREATE INDEX evaluation_tests_updated_by_idx ON evaluation_tests (updated_by);

-- Reaction survey: one per person per activity, never changed once sent. person_id is kept
-- only to enforce that; reports never show it.
CREATE TABLE evaluation_responses (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id     bigint REFERENCES courses(id) ON DELETE CASCADE,
  webinar_id    bigint REFERENCES webinars(id) ON DELETE CASCADE,
  person_id     bigint NOT NULL REFERENCES people(id),
  relevance     smallint NOT NULL CHECK (relevance BETWEEN 1 AND 5),
  trainer       smallint NOT NULL CHECK (trainer BETWEEN 1 AND 5),
  materials     smallint NOT NULL CHECK (materials BETWEEN 1 AND 5),
  delivery      smallint NOT NULL CHECK (delivery BETWEEN 1 AND 5),
  recommend     smallint NOT NULL CHECK (recommend BETWEEN 0 AND 10),
  most_useful   text CHECK (length(most_useful) <= 2000),
  improve       text CHECK (length(improve) <= 2000),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(course_id, webinar_id) = 1)
);
CREATE UNIQUE INDEX evaluation_responses_course_person_idx ON evaluation_responses (course_id, person_id) WHERE course_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_responses_webinar_person_idx ON evaluation_responses (webinar_id, person_id) WHERE webinar_id IS NOT NULL;
CREATE INDEX evaluation_responses_person_idx ON evaluation_responses (person_id);

-- "Not now": the prompt stops showing; the survey itself stays open.
CREATE TABLE evaluation_dismissals (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id     bigint REFERENCES courses(id) ON DELETE CASCADE,
  webinar_id    bigint REFERENCES webinars(id) ON DELETE CASCADE,
  person_id     bigint NOT NULL REFERENCES people(id),
  dismissed_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(course_id, webinar_id) = 1)
);
CREATE UNIQUE INDEX evaluation_dismissals_course_person_idx ON evaluation_dismissals (course_id, person_id) WHERE course_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_dismissals_webinar_person_idx ON evaluation_dismissals (webinar_id, person_id) WHERE webinar_id IS NOT NULL;
CREATE INDEX evaluation_dismissals_person_idx ON evaluation_dismissals (person_id);

-- The supervisor's follow-up, due 90 days after the completion or attendance; created when
-- due (on reading the supervisor's tasks), once per person and activity.
CREATE TABLE evaluation_followups (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id     bigint REFERENCES courses(id) ON DELETE CASCADE,
  webinar_id    bigint REFERENCES webinars(id) ON DELETE CASCADE,
  person_id     bigint NOT NULL REFERENCES people(id),
  supervisor_id bigint NOT NULL REFERENCES people(id),
  completed_at  timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  applied       text CHECK (applied IN ('not_at_all','partly','mostly','fully')),
  example       text CHECK (length(example) <= 2000),
  answered_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(course_id, webinar_id) = 1),
  CHECK ((applied IS NULL) = (answered_at IS NULL)),
  CHECK (person_id <> supervisor_id)
);
CREATE UNIQUE INDEX evaluation_followups_course_person_idx ON evaluation_followups (course_id, person_id) WHERE course_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_followups_webinar_person_idx ON evaluation_followups (webinar_id, person_id) WHERE webinar_id IS NOT NULL;
CREATE INDEX evaluation_followups_person_idx ON evaluation_followups (person_id);
CREATE INDEX evaluation_followups_supervisor_idx ON evaluation_followups (supervisor_id, answered_at);
