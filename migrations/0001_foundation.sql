-- Foundation: organisation, people, roles, sessions and login throttling.
-- Frozen in time: later changes go in new files.

CREATE TABLE units (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('sekretariat','dinas','badan','inspektorat','kecamatan','kelurahan','sekolah','lainnya')),
  parent_id   bigint REFERENCES units(id),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT units_code_shape CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  CONSTRAINT units_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX units_code_key ON units (code);
CREATE INDEX units_parent_id_idx ON units (parent_id);

CREATE TABLE positions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES units(id),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  tier        text NOT NULL CHECK (tier IN ('JPT','Administrator','Pengawas','Pelaksana','Fungsional')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One position of a given name per office, whatever its letter case.
CREATE UNIQUE INDEX positions_unit_name_key ON positions (unit_id, lower(name));

CREATE TABLE people (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nip           text CHECK (nip ~ '^[0-9]{18}$'),
  username      text CHECK (username ~ '^[a-z][a-z0-9._-]{1,39}$'),
  email         text CHECK (email IS NULL OR email = lower(email)),
  name          text NOT NULL CHECK (length(btrim(name)) > 0),
  unit_id       bigint REFERENCES units(id),
  position_id   bigint REFERENCES positions(id),
  supervisor_id bigint REFERENCES people(id),
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  locale        text NOT NULL DEFAULT 'id' CHECK (locale IN ('id','en')),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Everyone signs in somehow: civil servants by NIP, partners by e-mail, a few by username.
  CONSTRAINT people_has_login CHECK (nip IS NOT NULL OR email IS NOT NULL OR username IS NOT NULL),
  CONSTRAINT people_not_own_supervisor CHECK (supervisor_id IS NULL OR supervisor_id <> id)
);
CREATE UNIQUE INDEX people_nip_key ON people (nip);
CREATE UNIQUE INDEX people_username_key ON people (username);
CREATE UNIQUE INDEX people_email_key ON people (email);
CREATE INDEX people_unit_id_idx ON people (unit_id);
CREATE INDEX people_position_id_idx ON people (position_id);
CREATE INDEX people_supervisor_id_idx ON people (supervisor_id);
CREATE INDEX people_name_idx ON people (lower(name));

CREATE TABLE person_roles (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('learner','trainer','supervisor','admin','partner')),
  -- For admins: the office they administer; NULL means the whole city.
  scope_unit_id bigint REFERENCES units(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT person_roles_scope_only_admin CHECK (scope_unit_id IS NULL OR role = 'admin')
);
CREATE UNIQUE INDEX person_roles_key ON person_roles (person_id, role, coalesce(scope_unit_id, 0));
CREATE INDEX person_roles_scope_unit_id_idx ON person_roles (scope_unit_id);

CREATE TABLE sessions (
  -- SHA-256 of the cookie's token: a leaked table does not give usable cookies.
  token_hash   text PRIMARY KEY,
  person_id    bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_person_id_idx ON sessions (person_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Failed sign-ins, counted per account and per IP address over a sliding window.
CREATE TABLE login_failures (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account     text NOT NULL,
  ip          text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_account_at_idx ON login_failures (account, at);
CREATE INDEX login_failures_ip_at_idx ON login_failures (ip, at);

-- Who changed what: staff imports, role changes, password resets.
CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id    bigint REFERENCES people(id),
  action      text NOT NULL,
  subject     text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_actor_id_idx ON audit_events (actor_id);
CREATE INDEX audit_events_at_idx ON audit_events (at);

-- What the content files have seeded once: the app owns those rows afterwards, so an admin's
-- edits survive restarts and a renamed row is not seeded again.
CREATE TABLE seeded_content (
  kind        text NOT NULL,
  key         text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, key)
);
