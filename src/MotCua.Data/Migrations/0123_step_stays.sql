-- Kept stays (issue 15 "Scale"; docs/REPORTS.md §6 "Kept stays", docs/PERFORMANCE.md "Kept stays: the per-step report and
-- the step history at 10,000,000 dossiers"). The per-step report and the early warning's step history measured every
-- stay again at each request from the dossiers' events: for the province's quarter at 10,000,000 dossiers that read
-- 255,627 dossiers with 1,173,323 events and took 63.8 s on an idle machine, and each unit's history cost the same every
-- five minutes. Each stay is now measured once, by the Domain's rule
-- (StepTimes.Visits, C#: it needs the receiving unit's working calendar) and kept as a row; the report and the history
-- are SQL aggregates over the rows of their period.
--
-- The rows are kept exact without the rule being written twice: the transaction that records an event ending a stay, or
-- changes what a dossier's stays depend on (its receiving unit, procedure, process or pauses), marks the dossier in
-- step_stays_pending (a row trigger, so no writer can forget it and a rolled-back action marks nothing); the app measures
-- the marked dossiers again and replaces their rows, in the background every few seconds and, for the units read, before
-- every report and history (StepStayKeeper), so that what is read is what the events say at that moment. A calendar
-- change marks the dossiers whose stays it may move (CalendarAdministration).
CREATE TABLE step_stays (
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    -- The stay's place among the dossier's stays, in the order they ended (0, 1, …).
    ordinal smallint NOT NULL,
    receiving_agency_id int NOT NULL,
    procedure_code text NOT NULL,
    procedure_name text NOT NULL,
    step_index smallint NOT NULL,
    step_name text NOT NULL,
    -- StepKind as a number, as worklist_dossiers keeps it.
    step_kind smallint NOT NULL,
    entered_at timestamptz NOT NULL,
    left_at timestamptz NOT NULL,
    -- Office time by the receiving unit's calendar, less the payment waits, and the step's limit, in hours.
    worked_hours double precision NOT NULL,
    allowance_hours double precision NOT NULL,
    on_time boolean NOT NULL,
    sent_back boolean NOT NULL,
    PRIMARY KEY (dossier_id, ordinal)
);
-- The report's and the history's one read: a unit's stays that ended in a period.
CREATE INDEX step_stays_unit_left ON step_stays (receiving_agency_id, left_at);

CREATE TABLE step_stays_pending (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id)
);

CREATE FUNCTION step_stays_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO step_stays_pending (dossier_id) VALUES (NEW.dossier_id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION step_stays_mark_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO step_stays_pending (dossier_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- The actions that end a stay: StepTimes.EndingActions (StepStaysTests tries every action against this list).
CREATE TRIGGER dossier_events_step_stays AFTER INSERT ON dossier_events FOR EACH ROW
    WHEN (NEW.action IN ('transfer', 'assign', 'complete-step', 'send-back', 'approve', 'refuse-merits', 'result-ready', 'co-agency'))
    EXECUTE FUNCTION step_stays_mark_event();
CREATE TRIGGER dossiers_step_stays AFTER UPDATE OF receiving_agency_id, procedure_code, procedure_name, process, pauses ON dossiers FOR EACH ROW
    WHEN (OLD.receiving_agency_id IS DISTINCT FROM NEW.receiving_agency_id OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code
          OR OLD.procedure_name IS DISTINCT FROM NEW.procedure_name OR OLD.process IS DISTINCT FROM NEW.process OR OLD.pauses IS DISTINCT FROM NEW.pauses)
    EXECUTE FUNCTION step_stays_mark_dossier();

-- The dossiers already stored.
INSERT INTO step_stays_pending (dossier_id)
SELECT DISTINCT dossier_id FROM dossier_events
WHERE action IN ('transfer', 'assign', 'complete-step', 'send-back', 'approve', 'refuse-merits', 'result-ready', 'co-agency')
ON CONFLICT DO NOTHING;
