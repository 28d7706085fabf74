-- Issue 17, piece D (docs/RATINGS.md, docs/design/ISSUE17.md §1.5, §3, §7): the applicants' ratings, their per-cell
-- counts, the TT 01/2018/TT-VPCP unit scores and the 766 index's input 19 (unsatisfied ratings).
--
-- Confidentiality by construction: a rating row holds no dossier id, no citizen id and no day or time (only its
-- month); rating_receipts says a dossier was rated (one per dossier) and nothing else. No column joins the two.

-- One row per rated dossier: the guard of "one rating per dossier". No date, no rating id.
CREATE TABLE rating_receipts (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id)
);

-- One row per rating. officer_ids: the dossier's receiving officer and handlers (users on its events) at rating time.
CREATE TABLE ratings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL,
    officer_ids int[] NOT NULL,
    -- 1 web, 2 qr, 3 sms, 4 kiosk (RatingChannel).
    channel smallint NOT NULL CHECK (channel BETWEEN 1 AND 4),
    -- The first day of the Vietnam month of the rating.
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    -- Points per criterion of RatingIndicators.All, in order.
    answers smallint[] NOT NULL CHECK (cardinality(answers) = 8 AND 0 <= ALL (answers) AND 2 >= ALL (answers)),
    -- 2 very satisfied, 1 satisfied, 0 unsatisfied (Overall).
    overall smallint NOT NULL CHECK (overall BETWEEN 0 AND 2),
    -- Masked (PublicText.Mask) before storage.
    comment text CHECK (char_length(comment) <= 1000)
);
CREATE INDEX ratings_month_agency ON ratings (agency_id, month);

-- Per (month, agency, procedure, officer): the ratings' number, points per criterion and verdicts, kept by the rating's
-- own statement. officer_id 0 is every rating of (month, agency, procedure); each named officer has a row of their own.
CREATE TABLE rating_counts (
    month date NOT NULL,
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL,
    officer_id int NOT NULL,
    n int NOT NULL CHECK (n > 0),
    sums int[] NOT NULL CHECK (cardinality(sums) = 8),
    very int NOT NULL,
    satisfied int NOT NULL,
    unsatisfied int NOT NULL,
    PRIMARY KEY (month, agency_id, procedure_code, officer_id),
    CHECK (very + satisfied + unsatisfied = n)
);
CREATE INDEX rating_counts_officer ON rating_counts (officer_id, month) WHERE officer_id <> 0;

-- TT 01/2018/TT-VPCP: per agency, quarter (its first day) and indicator 1..9, the score MotCua proposes from its data,
-- the unit's self-score (its leader, with a reason) and the appraised score (the inspector), side by side.
CREATE TABLE unit_scores (
    agency_id int NOT NULL REFERENCES agencies (id),
    quarter date NOT NULL CHECK (extract(day FROM quarter) = 1 AND extract(month FROM quarter) IN (1, 4, 7, 10)),
    indicator smallint NOT NULL CHECK (indicator BETWEEN 1 AND 9),
    proposed numeric(4, 2) CHECK (proposed BETWEEN 0 AND 2),
    self_score numeric(4, 2) CHECK (self_score BETWEEN 0 AND 2),
    self_by int REFERENCES users (id),
    self_reason text,
    appraised_score numeric(4, 2) CHECK (appraised_score BETWEEN 0 AND 2),
    appraised_by int REFERENCES users (id),
    appraised_note text,
    PRIMARY KEY (agency_id, quarter, indicator)
);

-- Grade bands of a total of 18 [unverified against the circular]: an administrator corrects them here.
CREATE TABLE scoring_bands (
    min numeric(4, 2) PRIMARY KEY CHECK (min BETWEEN 0 AND 18),
    name text NOT NULL
);
INSERT INTO scoring_bands (min, name) VALUES (16, 'Xuất sắc'), (12, 'Tốt'), (9, 'Khá'), (6, 'Trung bình'), (0, 'Yếu');

-- The 766 index's input 19: ratings with overall Unsatisfied per (month, agency), added by the rating's statement,
-- never through a dossier's standing (index766_refresh never touches it).
ALTER TABLE index766_counts DROP CONSTRAINT index766_counts_input_check;
ALTER TABLE index766_counts ADD CONSTRAINT index766_counts_input_check CHECK (input IN (6, 7, 8, 9, 12, 13, 14, 19));
