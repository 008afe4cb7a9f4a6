-- The coach's workspace (phases 2, 3 and 5): the coaching agreement of a pairing, in
-- versions the leader accepts; the sessions of a pairing with their agenda and notes; and
-- actions agreed in a session, which land in the leader's own action plan.

-- The coaching agreement (ICF core competency 3). The coach proposes a version; the leader
-- accepts it. A change is a new version, accepted again; every version is kept.
CREATE SEQUENCE agreements_id_seq START 1;
CREATE TABLE agreements (
    id               INTEGER PRIMARY KEY DEFAULT nextval('agreements_id_seq'),
    pairing_id       INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    starts_on        DATE NOT NULL,
    ends_on          DATE,
    every_weeks      TINYINT NOT NULL CHECK (every_weeks BETWEEN 1 AND 12),       -- a session every n weeks
    session_minutes  SMALLINT NOT NULL CHECK (session_minutes BETWEEN 15 AND 240),
    meeting          VARCHAR NOT NULL CHECK (meeting IN ('in_person', 'video', 'phone', 'mixed')),
    coach_expects    VARCHAR NOT NULL DEFAULT '',   -- what the coach expects of the leader
    leader_expects   VARCHAR NOT NULL DEFAULT '',   -- what the leader can expect of the coach
    confidentiality  VARCHAR NOT NULL DEFAULT '',   -- who else is involved (sponsor, HR) and what they will hear
    ending           VARCHAR NOT NULL DEFAULT '',   -- how the coaching ends
    proposed_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    accepted_at      TIMESTAMP,                     -- NULL: not (yet) accepted by the leader
    UNIQUE (pairing_id, version),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

-- A session of a pairing: planned, then held (or cancelled). Its own goal and how success
-- will be measured (ICF 3.1, 3.2), and the phase of the coaching it worked in.
CREATE SEQUENCE coaching_sessions_id_seq START 1;
CREATE TABLE coaching_sessions (
    id          INTEGER PRIMARY KEY DEFAULT nextval('coaching_sessions_id_seq'),
    pairing_id  INTEGER NOT NULL,
    held_on     DATE NOT NULL,
    phase       TINYINT NOT NULL DEFAULT 1 CHECK (phase BETWEEN 1 AND 5),
    goal        VARCHAR NOT NULL DEFAULT '',
    success     VARCHAR NOT NULL DEFAULT '',
    status      VARCHAR NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    drafted_at  TIMESTAMP,                         -- when its agenda was drafted from the weeks before it
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX coaching_sessions_pairing ON coaching_sessions (pairing_id, held_on);

-- The agenda of a session: drafted from the weeks since the last one, edited by the coach,
-- added to by the leader.
CREATE SEQUENCE agenda_items_id_seq START 1;
CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY DEFAULT nextval('agenda_items_id_seq'),
    session_id  INTEGER NOT NULL,
    author_id   INTEGER NOT NULL,
    source      VARCHAR NOT NULL CHECK (source IN ('drafted', 'coach', 'leader')),
    position    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX agenda_items_session ON agenda_items (session_id);

-- Notes on a session, each private to its writer or shared by the two.
CREATE SEQUENCE session_notes_id_seq START 1;
CREATE TABLE session_notes (
    id          INTEGER PRIMARY KEY DEFAULT nextval('session_notes_id_seq'),
    session_id  INTEGER NOT NULL,
    author_id   INTEGER NOT NULL,
    shared      BOOLEAN NOT NULL,
    text        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX session_notes_session ON session_notes (session_id);

-- An action agreed in a session: in the leader's plan like any other, marked with the session
-- here (a table of its own: DuckDB cannot alter actions twice in one upgrade's transaction).
CREATE TABLE agreed_actions (
    action_id   INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL
);
CREATE INDEX agreed_actions_session ON agreed_actions (session_id);

-- Live mode: a coach sharing their screen in a session with one coachee. Kept here, per
-- coach, not in a browser session: a reload, a second tab or an address typed while sharing
-- stays in live mode until the coach leaves it on purpose.
CREATE TABLE live_sessions (
    coach_id    INTEGER PRIMARY KEY,
    pairing_id  INTEGER NOT NULL,
    started_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
