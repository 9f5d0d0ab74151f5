-- Courses and e-learning: catalogue, structure, media, enrolment, progress.

-- Files uploaded by trainers or loaded from content/: stored through the storage interface
-- under storage_key, never in a served folder.
CREATE TABLE media (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id      bigint REFERENCES people(id),
  course_id     bigint,
  kind          text NOT NULL CHECK (kind IN ('video','document','image','audio','other')),
  mime          text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sha256        text NOT NULL,
  original_name text NOT NULL,
  storage_key   text NOT NULL,
  -- Video: 'processing' until the HLS renditions exist; 'ready' otherwise.
  status        text NOT NULL DEFAULT 'ready' CHECK (status IN ('processing','ready','failed')),
  progress      integer NOT NULL DEFAULT 100 CHECK (progress BETWEEN 0 AND 100),
  error         text,
  hls_prefix    text,
  renditions    jsonb NOT NULL DEFAULT '[]'::jsonb,
  duration_seconds numeric(10,2),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_owner_id_idx ON media (owner_id);
CREATE INDEX media_course_id_idx ON media (course_id);
CREATE UNIQUE INDEX media_storage_key_key ON media (storage_key);

CREATE TABLE courses (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug          text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  title         text NOT NULL CHECK (length(btrim(title)) > 0),
  summary       text NOT NULL DEFAULT '',
  description_md text NOT NULL DEFAULT '',
  cover_media_id uuid REFERENCES media(id),
  language      text NOT NULL DEFAULT 'id' CHECK (language IN ('id','en')),
  jp            numeric(5,2) NOT NULL DEFAULT 0 CHECK (jp >= 0 AND jp <= 200),
  level         text NOT NULL DEFAULT 'dasar' CHECK (level IN ('dasar','menengah','lanjut')),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','review','published','archived')),
  owner_id      bigint REFERENCES people(id),
  version       integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  -- 'file': content/courses/<slug>; 'app': authored in the browser.
  source        text NOT NULL DEFAULT 'app' CHECK (source IN ('file','app')),
  content_hash  text,
  -- Edits not yet published, as one document (the same shape a content file has).
  draft         jsonb,
  draft_state   text CHECK (draft_state IN ('editing','review')),
  draft_updated_at timestamptz,
  review_note   text,
  min_video_watch_pct integer NOT NULL DEFAULT 0 CHECK (min_video_watch_pct BETWEEN 0 AND 100),
  storage_quota_bytes bigint NOT NULL DEFAULT 2147483648,
  search        tsvector,
  published_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX courses_slug_key ON courses (slug);
CREATE INDEX courses_owner_id_idx ON courses (owner_id);
CREATE INDEX courses_cover_media_id_idx ON courses (cover_media_id);
CREATE INDEX courses_status_idx ON courses (status);
CREATE INDEX courses_search_idx ON courses USING gin (search);
ALTER TABLE media ADD CONSTRAINT media_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses(id);

-- Whom a course is for: an office, a position, or a tier of positions (exactly one).
CREATE TABLE course_targets (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id   bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  unit_id     bigint REFERENCES units(id),
  position_id bigint REFERENCES positions(id),
  tier        text CHECK (tier IN ('JPT','Administrator','Pengawas','Pelaksana','Fungsional')),
  CONSTRAINT course_targets_one CHECK (num_nonnulls(unit_id, position_id, tier) = 1)
);
CREATE INDEX course_targets_course_id_idx ON course_targets (course_id);
CREATE INDEX course_targets_unit_id_idx ON course_targets (unit_id);
CREATE INDEX course_targets_position_id_idx ON course_targets (position_id);

-- Competencies a course develops, by code (the competency framework links them later).
CREATE TABLE course_competencies (
  course_id   bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  competency_code text NOT NULL CHECK (length(competency_code) BETWEEN 1 AND 40),
  level       integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (course_id, competency_code)
);

CREATE TABLE course_prerequisites (
  course_id   bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  requires_id bigint NOT NULL REFERENCES courses(id),
  PRIMARY KEY (course_id, requires_id),
  CONSTRAINT course_prerequisites_not_self CHECK (course_id <> requires_id)
);
CREATE INDEX course_prerequisites_requires_id_idx ON course_prerequisites (requires_id);

-- Modules and lessons keep a stable key across versions: a new version updates rows by key,
-- and a lesson that leaves the course is retired (retired_at), never deleted, so progress
-- recorded against it stays.
CREATE TABLE course_modules (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id   bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  key         text NOT NULL,
  position    integer NOT NULL,
  title       text NOT NULL,
  retired_at  timestamptz
);
CREATE UNIQUE INDEX course_modules_key ON course_modules (course_id, key);

CREATE TABLE lessons (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id   bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  module_id   bigint NOT NULL REFERENCES course_modules(id),
  key         text NOT NULL,
  position    integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('text','video','document','link','quiz')),
  title       text NOT NULL,
  body_md     text NOT NULL DEFAULT '',
  media_id    uuid REFERENCES media(id),
  url         text,
  quiz_id     bigint,
  required    boolean NOT NULL DEFAULT true,
  duration_minutes integer CHECK (duration_minutes IS NULL OR duration_minutes >= 0),
  min_watch_pct integer CHECK (min_watch_pct IS NULL OR min_watch_pct BETWEEN 0 AND 100),
  retired_at  timestamptz
);
CREATE UNIQUE INDEX lessons_key ON lessons (course_id, key);
CREATE INDEX lessons_module_id_idx ON lessons (module_id);
CREATE INDEX lessons_media_id_idx ON lessons (media_id);

-- An admin's assignment of a course to an office, a position or named people, with a due date.
CREATE TABLE course_assignments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id   bigint NOT NULL REFERENCES courses(id),
  unit_id     bigint REFERENCES units(id),
  position_id bigint REFERENCES positions(id),
  person_ids  bigint[],
  due_at      timestamptz,
  assigned_by bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT course_assignments_one CHECK (num_nonnulls(unit_id, position_id, person_ids) = 1)
);
CREATE INDEX course_assignments_course_id_idx ON course_assignments (course_id);
CREATE INDEX course_assignments_unit_id_idx ON course_assignments (unit_id);
CREATE INDEX course_assignments_position_id_idx ON course_assignments (position_id);
CREATE INDEX course_assignments_assigned_by_idx ON course_assignments (assigned_by);

CREATE TABLE enrollments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  course_id   bigint NOT NULL REFERENCES courses(id),
  source      text NOT NULL CHECK (source IN ('self','assigned')),
  assignment_id bigint REFERENCES course_assignments(id),
  due_at      timestamptz,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_lesson_id bigint REFERENCES lessons(id),
  last_activity_at timestamptz,
  completed_at timestamptz,
  completed_version integer,
  jp_awarded  numeric(5,2),
  CONSTRAINT enrollments_completion CHECK ((completed_at IS NULL) = (jp_awarded IS NULL))
);
CREATE UNIQUE INDEX enrollments_person_course_key ON enrollments (person_id, course_id);
CREATE INDEX enrollments_course_id_idx ON enrollments (course_id);
CREATE INDEX enrollments_assignment_id_idx ON enrollments (assignment_id);
CREATE INDEX enrollments_last_lesson_id_idx ON enrollments (last_lesson_id);

CREATE TABLE lesson_progress (
  person_id   bigint NOT NULL REFERENCES people(id),
  lesson_id   bigint NOT NULL REFERENCES lessons(id),
  started_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  -- Video: where to resume, and how much of it has been watched (distinct seconds).
  position_seconds numeric(10,2) NOT NULL DEFAULT 0 CHECK (position_seconds >= 0),
  watched_seconds numeric(10,2) NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
  watched_ranges jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Text and documents: how far the reader scrolled (0–100).
  read_pct    integer NOT NULL DEFAULT 0 CHECK (read_pct BETWEEN 0 AND 100),
  PRIMARY KEY (person_id, lesson_id)
);
CREATE INDEX lesson_progress_lesson_id_idx ON lesson_progress (lesson_id);
