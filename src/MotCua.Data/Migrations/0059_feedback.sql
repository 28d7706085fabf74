-- Issue 16, feedback on administrative regulations (phản ánh, kiến nghị; NĐ 20/2008 as amended, DOMAIN §9,
-- docs/FEEDBACK.md). One row per feedback received online, at the desk, by the hotline or from the national portal; its
-- acts in feedback_events. Complaints and denunciations are kept (what came in, where it was sent) but have no number
-- and are never counted with feedback. The sender's contact data is personal (NĐ 13/2023): read only by officers of the
-- handling agency, each read audited; the public reads published_text only.
CREATE TABLE feedback_serials (
    year int PRIMARY KEY,
    next int NOT NULL
);

CREATE TABLE feedback (
    id bigserial PRIMARY KEY,
    number text UNIQUE,
    year int NOT NULL,
    serial int,
    kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 4),
    channel smallint NOT NULL CHECK (channel BETWEEN 1 AND 4),
    portal_code text UNIQUE,
    -- The public form's Idempotency-Key (per client address is not kept: the key is random per submission).
    idempotency_key text UNIQUE,
    request_sha256 text,
    sender_name text NOT NULL,
    sender_phone text,
    sender_email text,
    sender_address text NOT NULL,
    sender_id_number text,
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text,
    subject text,
    content text NOT NULL,
    received_at timestamptz NOT NULL,
    registered_by int REFERENCES users (id),
    call_at timestamptz,
    classification smallint CHECK (classification BETWEEN 1 AND 4),
    classified_at timestamptz,
    transferred_from_agency_id int REFERENCES agencies (id),
    transferred_to_name text,
    transferred_internal boolean,
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 8),
    refuse_due_at timestamptz NOT NULL,
    information_due_at timestamptz NOT NULL,
    transfer_due_at timestamptz NOT NULL,
    handle_due_at timestamptz NOT NULL,
    handle_restarted_due_at timestamptz,
    publish_due_at timestamptz,
    due_explanation text,
    answer text,
    answered_at timestamptz,
    answered_by int REFERENCES users (id),
    published_text text,
    published_at timestamptz,
    routed_to text,
    -- The step the case waits for, kept with every act so the overdue list is one index scan (FeedbackCase.DueAt).
    due_at timestamptz,
    CHECK ((kind IN (1, 2)) = (number IS NOT NULL) OR status = 8),
    CHECK (status <> 8 OR routed_to IS NOT NULL),
    CHECK (status NOT IN (6, 7) OR (answer IS NOT NULL AND answered_at IS NOT NULL AND publish_due_at IS NOT NULL)),
    CHECK (status <> 7 OR (published_text IS NOT NULL AND published_at IS NOT NULL)),
    CHECK (status NOT IN (2, 4, 5) OR classification IS NOT NULL),
    CHECK (status <> 4 OR transferred_to_name IS NOT NULL),
    CHECK (sender_phone IS NOT NULL OR sender_email IS NOT NULL)
);
CREATE INDEX feedback_worklist ON feedback (agency_id, status, due_at) WHERE status <> 8;
CREATE INDEX feedback_overdue ON feedback (status, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX feedback_published ON feedback (published_at DESC) WHERE status = 7;

CREATE TABLE feedback_events (
    id bigserial PRIMARY KEY,
    feedback_id bigint NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    at timestamptz NOT NULL,
    user_id int REFERENCES users (id),
    actor text NOT NULL,
    action text NOT NULL,
    from_status smallint,
    to_status smallint NOT NULL,
    note text NOT NULL
);
CREATE INDEX feedback_events_by_feedback ON feedback_events (feedback_id, id);
