-- The live webinar room: attendance intervals, chat, Q&A, polls, raised hands, promoted
-- speakers, attention checks; what attending earned once the webinar ended; recordings.
-- Everything a participant was told succeeded is a row here, so a restart loses none of it.

-- Whether the trainer's feeds are recorded (VideoRoom recording, turned into a lesson afterwards).
ALTER TABLE webinars ADD COLUMN record boolean NOT NULL DEFAULT false;

-- One row per room connection: opened when the WebSocket joins, closed when it leaves, when its
-- heartbeat stops (at last_seen_at), when the webinar ends, or at the next start after a crash.
CREATE TABLE webinar_attendance (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  joined_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  left_at     timestamptz,
  close_reason text CHECK (close_reason IN ('left','timeout','ended','removed','restart')),
  -- 'web', 'audio-only' …: how the person attended, for the host's report.
  mode        text NOT NULL DEFAULT 'web' CHECK (length(mode) BETWEEN 1 AND 20),
  CHECK ((left_at IS NULL) = (close_reason IS NULL)),
  CHECK (left_at IS NULL OR left_at >= joined_at),
  CHECK (last_seen_at >= joined_at)
);
CREATE INDEX webinar_attendance_webinar_person_idx ON webinar_attendance (webinar_id, person_id);
CREATE INDEX webinar_attendance_person_id_idx ON webinar_attendance (person_id);
CREATE INDEX webinar_attendance_open_idx ON webinar_attendance (webinar_id) WHERE left_at IS NULL;

CREATE TABLE webinar_chat_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  body        text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 1000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Hosts remove messages; the row stays for the record.
  removed_at  timestamptz,
  removed_by  bigint REFERENCES people(id),
  CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE INDEX webinar_chat_messages_webinar_idx ON webinar_chat_messages (webinar_id, id);
CREATE INDEX webinar_chat_messages_person_id_idx ON webinar_chat_messages (person_id);
CREATE INDEX webinar_chat_messages_removed_by_idx ON webinar_chat_messages (removed_by);

CREATE TABLE webinar_questions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  body        text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 500),
  -- Shown without the asker's name to attendees (hosts still see it).
  anonymous   boolean NOT NULL DEFAULT false,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','dismissed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  decided_at  timestamptz,
  decided_by  bigint REFERENCES people(id),
  CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX webinar_questions_webinar_idx ON webinar_questions (webinar_id, id);
CREATE INDEX webinar_questions_person_id_idx ON webinar_questions (person_id);
CREATE INDEX webinar_questions_decided_by_idx ON webinar_questions (decided_by);

CREATE TABLE webinar_question_votes (
  question_id bigint NOT NULL REFERENCES webinar_questions(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (question_id, person_id)
);
CREATE INDEX webinar_question_votes_person_id_idx ON webinar_question_votes (person_id);

CREATE TABLE webinar_polls (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  question    text NOT NULL CHECK (length(btrim(question)) BETWEEN 1 AND 300),
  -- ["option", …], 2 to 10 of them.
  options     jsonb NOT NULL CHECK (jsonb_typeof(options) = 'array' AND jsonb_array_length(options) BETWEEN 2 AND 10),
  multiple    boolean NOT NULL DEFAULT false,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  created_by  bigint NOT NULL REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  closed_at   timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX webinar_polls_webinar_idx ON webinar_polls (webinar_id, id);
CREATE INDEX webinar_polls_created_by_idx ON webinar_polls (created_by);

-- A person's current choice in a poll (indexes into options); voting again replaces it while open.
CREATE TABLE webinar_poll_votes (
  poll_id     bigint NOT NULL REFERENCES webinar_polls(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  choices     integer[] NOT NULL CHECK (cardinality(choices) >= 1),
  voted_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (poll_id, person_id)
);
CREATE INDEX webinar_poll_votes_person_id_idx ON webinar_poll_votes (person_id);

-- Raised hands, in the order raised.
CREATE TABLE webinar_hands (
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  raised_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (webinar_id, person_id)
);
CREATE INDEX webinar_hands_person_id_idx ON webinar_hands (person_id);

-- Attendees a host promoted: they may publish audio and video until demoted.
CREATE TABLE webinar_speakers (
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  promoted_by bigint NOT NULL REFERENCES people(id),
  promoted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (webinar_id, person_id)
);
CREATE INDEX webinar_speakers_person_id_idx ON webinar_speakers (person_id);
CREATE INDEX webinar_speakers_promoted_by_idx ON webinar_speakers (promoted_by);

-- A prompt attendees must acknowledge within its window.
CREATE TABLE webinar_attention_checks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  prompt      text NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 200),
  created_by  bigint NOT NULL REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX webinar_attention_checks_webinar_idx ON webinar_attention_checks (webinar_id, id);
CREATE INDEX webinar_attention_checks_created_by_idx ON webinar_attention_checks (created_by);

CREATE TABLE webinar_attention_acks (
  check_id    bigint NOT NULL REFERENCES webinar_attention_checks(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  acked_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (check_id, person_id)
);
CREATE INDEX webinar_attention_acks_person_id_idx ON webinar_attention_acks (person_id);

-- What each participant's attendance came to when the webinar ended (computed once, idempotently).
CREATE TABLE webinar_outcomes (
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id),
  minutes     integer NOT NULL CHECK (minutes >= 0),
  -- Share of the scheduled time attended, 0–100.
  attended_pct numeric(5,2) NOT NULL CHECK (attended_pct BETWEEN 0 AND 100),
  attention_checks integer NOT NULL DEFAULT 0 CHECK (attention_checks >= 0),
  attention_acked integer NOT NULL DEFAULT 0 CHECK (attention_acked >= 0),
  qualified   boolean NOT NULL,
  jp_entry_id bigint REFERENCES jp_entries(id),
  certificate_id bigint REFERENCES certificates(id),
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (webinar_id, person_id)
);
CREATE INDEX webinar_outcomes_person_id_idx ON webinar_outcomes (person_id);
CREATE INDEX webinar_outcomes_jp_entry_id_idx ON webinar_outcomes (jp_entry_id);
CREATE INDEX webinar_outcomes_certificate_id_idx ON webinar_outcomes (certificate_id);

-- A webinar's recording: the .mjr files Janus wrote, turned into one video, then a lesson.
CREATE TABLE webinar_recordings (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webinar_id  bigint NOT NULL REFERENCES webinars(id) ON DELETE CASCADE,
  status      text NOT NULL DEFAULT 'recording' CHECK (status IN ('recording','processing','ready','failed','empty')),
  -- Where Janus writes the .mjr files (a folder on the Janus machine, shared with the app).
  rec_dir     text NOT NULL,
  media_id    uuid REFERENCES media(id),
  lesson_id   bigint REFERENCES lessons(id),
  error       text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webinar_recordings_webinar_key ON webinar_recordings (webinar_id);
CREATE INDEX webinar_recordings_media_id_idx ON webinar_recordings (media_id);
CREATE INDEX webinar_recordings_lesson_id_idx ON webinar_recordings (lesson_id);
