-- Live webinars: scheduling, hosts, the competencies attendance proves, registrations with a
-- waiting list and approval, assignments to offices and positions, and the Janus room a live
-- webinar runs in (its secret never leaves the server).

CREATE TABLE webinars (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '',
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  capacity    integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  jp          numeric(5,2) NOT NULL CHECK (jp >= 0 AND jp <= 100),
  course_id   bigint REFERENCES courses(id),
  -- The post-test taken after the webinar.
  quiz_id     bigint REFERENCES quizzes(id),
  approval_required boolean NOT NULL DEFAULT false,
  -- Share of the scheduled time a person must attend for JP, evidence and a certificate.
  attendance_threshold_pct numeric(5,2) NOT NULL DEFAULT 80 CHECK (attendance_threshold_pct > 0 AND attendance_threshold_pct <= 100),
  status      text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','live','ended','cancelled')),
  -- The owner; co-hosts are in webinar_hosts.
  host_id     bigint NOT NULL REFERENCES people(id),
  -- The Janus server ('embedded' or a JANUS_URL entry), the VideoRoom id and its secret: written
  -- before the room is created, so every room Sinau makes can be found and destroyed again.
  janus_server text,
  janus_room_id bigint CHECK (janus_room_id > 0),
  janus_secret text,
  opened_at   timestamptz,
  ended_at    timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  -- Raised at every change of what a calendar shows (RFC 5545 SEQUENCE).
  sequence    integer NOT NULL DEFAULT 0,
  created_by  bigint NOT NULL REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webinars_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT webinars_room_whole CHECK ((janus_room_id IS NULL) = (janus_secret IS NULL) AND (janus_room_id IS NULL) = (janus_server IS NULL)),
  CONSTRAINT webinars_live_has_room CHECK (status <> 'live' OR janus_room_id IS NOT NULL),
  CONSTRAINT webinars_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CONSTRAINT webinars_ended CHECK ((status = 'ended') = (ended_at IS NOT NULL))
);
CREATE INDEX webinars_starts_at_idx ON webinars (starts_at);
CREATE INDEX webinars_host_id_idx ON webinars (host_id);
CREATE INDEX webinars_created_by_idx ON webinars (created_by);
CREATE INDEX webinars_course_id_idx ON webinars (course_id);
CREATE INDEX webinars_quiz_id_idx ON webinars (quiz_id);
CREATE UNIQUE INDEX webinars_janus_room_key ON webinars (janus_server, janus_room_id) WHERE janus_room_id IS NOT NULL;

-- Co-hosts: run the room with the host (open, end, approve registrations, publish).
CREATE TABLE webinar_hosts (
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  PRIMARY KEY (webinar_id, person_id)
);
CREATE INDEX webinar_hosts_person_id_idx ON webinar_hosts (person_id);

-- The competency levels attending (above the threshold) proves.
CREATE TABLE webinar_competencies (
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  competency_code text NOT NULL CHECK (length(competency_code) BETWEEN 1 AND 40),
  level       integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (webinar_id, competency_code)
);

-- One registration per person and webinar. 'registered' and 'approved' hold a seat;
-- 'waitlisted' waits for one in order of waitlisted_at; 'pending_approval' waits for the host.
CREATE TABLE webinar_registrations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  status      text NOT NULL CHECK (status IN ('registered','waitlisted','pending_approval','approved','declined','cancelled')),
  waitlisted_at timestamptz,
  decided_by  bigint REFERENCES people(id),
  decided_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'waitlisted') = (waitlisted_at IS NOT NULL))
);
CREATE UNIQUE INDEX webinar_registrations_once ON webinar_registrations (webinar_id, person_id);
CREATE INDEX webinar_registrations_person_id_idx ON webinar_registrations (person_id);
CREATE INDEX webinar_registrations_decided_by_idx ON webinar_registrations (decided_by);
CREATE INDEX webinar_registrations_waitlist_idx ON webinar_registrations (webinar_id, waitlisted_at, id) WHERE status = 'waitlisted';

-- Admins assign a webinar to an office (and the offices below it) or a position: the people
-- there see it as theirs and register without approval.
CREATE TABLE webinar_assignments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  unit_id     bigint REFERENCES units(id),
  position_id bigint REFERENCES positions(id),
  assigned_by bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit_id IS NULL) <> (position_id IS NULL))
);
CREATE INDEX webinar_assignments_webinar_id_idx ON webinar_assignments (webinar_id);
CREATE INDEX webinar_assignments_unit_id_idx ON webinar_assignments (unit_id);
CREATE INDEX webinar_assignments_position_id_idx ON webinar_assignments (position_id);
CREATE INDEX webinar_assignments_assigned_by_idx ON webinar_assignments (assigned_by);
CREATE UNIQUE INDEX webinar_assignments_once ON webinar_assignments (webinar_id, coalesce(unit_id, 0), coalesce(position_id, 0));
