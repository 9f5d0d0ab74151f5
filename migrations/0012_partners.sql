-- Partner institutions, their agreements and users; partner-made content under the city's
-- review; internship and research placements. Frozen in time: later changes go in new files.

CREATE TABLE partners (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  kind          text NOT NULL CHECK (kind IN ('university','professional','company','government')),
  website       text NOT NULL DEFAULT '',
  contact_email text NOT NULL DEFAULT '',
  description   text NOT NULL DEFAULT '',
  active        boolean NOT NULL DEFAULT true,
  created_by    bigint REFERENCES people(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partners_name_key ON partners (lower(name));
CREATE INDEX partners_created_by_idx ON partners (created_by);

-- Nota Kesepahaman (MoU), Perjanjian Kerja Sama (PKS) or another agreement, for a period.
CREATE TABLE partner_agreements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id  bigint NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('mou','pks','other')),
  number      text NOT NULL CHECK (length(btrim(number)) BETWEEN 1 AND 100),
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  scope       text NOT NULL DEFAULT '',
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX partner_agreements_partner_id_idx ON partner_agreements (partner_id);
CREATE INDEX partner_agreements_created_by_idx ON partner_agreements (created_by);

-- A partner user belongs to one partner at a time; an ended membership stays for the record.
CREATE TABLE partner_members (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id  bigint NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  active      boolean NOT NULL DEFAULT true,
  added_by    bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  ended_at    timestamptz,
  CHECK (active = (ended_at IS NULL))
);
CREATE UNIQUE INDEX partner_members_one_partner ON partner_members (person_id) WHERE active;
CREATE INDEX partner_members_partner_id_idx ON partner_members (partner_id);
CREATE INDEX partner_members_person_id_idx ON partner_members (person_id);
CREATE INDEX partner_members_added_by_idx ON partner_members (added_by);

-- Content a partner's users make belongs to the partner: colleagues share it, others do not see it.
ALTER TABLE courses ADD COLUMN partner_id bigint REFERENCES partners(id);
CREATE INDEX courses_partner_id_idx ON courses (partner_id);
ALTER TABLE question_banks ADD COLUMN partner_id bigint REFERENCES partners(id);
CREATE INDEX question_banks_partner_id_idx ON question_banks (partner_id);
ALTER TABLE quizzes ADD COLUMN partner_id bigint REFERENCES partners(id);
CREATE INDEX quizzes_partner_id_idx ON quizzes (partner_id);

-- Partner webinars wait for the city's approval; the city's own are approved from the start.
ALTER TABLE webinars ADD COLUMN partner_id bigint REFERENCES partners(id);
ALTER TABLE webinars ADD COLUMN review_state text NOT NULL DEFAULT 'approved' CHECK (review_state IN ('pending','approved','returned'));
ALTER TABLE webinars ADD COLUMN review_note text;
ALTER TABLE webinars ADD COLUMN reviewed_by bigint REFERENCES people(id);
ALTER TABLE webinars ADD COLUMN reviewed_at timestamptz;
CREATE INDEX webinars_partner_id_idx ON webinars (partner_id);
CREATE INDEX webinars_reviewed_by_idx ON webinars (reviewed_by);
CREATE INDEX webinars_pending_idx ON webinars (starts_at) WHERE review_state = 'pending';

-- Learning done at a partner institution, claimed as prior learning.
ALTER TABLE prior_learning_claims ADD COLUMN partner_id bigint REFERENCES partners(id);
CREATE INDEX prior_learning_claims_partner_id_idx ON prior_learning_claims (partner_id);

-- Internships (magang) and research placements (riset), hosted by a partner or an office.
CREATE TABLE placements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('internship','research')),
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 200),
  topic       text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  partner_id  bigint REFERENCES partners(id),
  unit_id     bigint REFERENCES units(id),
  location    text NOT NULL DEFAULT '',
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  apply_by    date NOT NULL,
  seats       integer NOT NULL CHECK (seats BETWEEN 1 AND 500),
  jp          numeric(6,2) NOT NULL DEFAULT 0 CHECK (jp >= 0 AND jp <= 200),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('draft','open','closed','cancelled')),
  created_by  bigint REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (partner_id IS NOT NULL OR unit_id IS NOT NULL),
  CHECK (ends_on >= starts_on),
  CHECK (apply_by <= ends_on)
);
CREATE INDEX placements_partner_id_idx ON placements (partner_id);
CREATE INDEX placements_unit_id_idx ON placements (unit_id);
CREATE INDEX placements_created_by_idx ON placements (created_by);
CREATE INDEX placements_open_idx ON placements (apply_by) WHERE status = 'open';

CREATE TABLE placement_competencies (
  placement_id    bigint NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
  competency_code text NOT NULL CHECK (length(competency_code) BETWEEN 1 AND 40),
  level           integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (placement_id, competency_code)
);

CREATE TABLE placement_applications (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  placement_id        bigint NOT NULL REFERENCES placements(id),
  person_id           bigint NOT NULL REFERENCES people(id),
  status              text NOT NULL CHECK (status IN ('pending_supervisor','pending_host','accepted','declined','withdrawn','completed','not_completed')),
  motivation          text NOT NULL CHECK (length(btrim(motivation)) BETWEEN 20 AND 3000),
  supervisor_by       bigint REFERENCES people(id),
  supervisor_at       timestamptz,
  supervisor_note     text,
  host_by             bigint REFERENCES people(id),
  host_at             timestamptz,
  host_note           text,
  report_summary      text,
  report_score        integer CHECK (report_score BETWEEN 0 AND 100),
  report_completed    boolean,
  reported_by         bigint REFERENCES people(id),
  reported_at         timestamptz,
  jp_awarded          numeric(6,2),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((reported_at IS NULL) = (report_completed IS NULL))
);
-- One live application per person and placement; a withdrawn or declined one can be followed by another.
CREATE UNIQUE INDEX placement_applications_once ON placement_applications (placement_id, person_id) WHERE status NOT IN ('withdrawn','declined');
CREATE INDEX placement_applications_placement_id_idx ON placement_applications (placement_id);
CREATE INDEX placement_applications_person_id_idx ON placement_applications (person_id);
CREATE INDEX placement_applications_supervisor_by_idx ON placement_applications (supervisor_by);
CREATE INDEX placement_applications_host_by_idx ON placement_applications (host_by);
CREATE INDEX placement_applications_reported_by_idx ON placement_applications (reported_by);
