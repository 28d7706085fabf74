-- Issue 14 (brief fees40b, trial14u MEDIUM 5): money a payment partner credited to another unit's collection account
-- (active or past) for a dossier of this unit. held_by is the unit whose account holds it: that unit's accountant sees it
-- on /ke-toan, refunds it or notes what was done, and its fee register books the refund; the dossier's unit sees it
-- flagged and can neither accept nor refund it. Null: the money is the dossier's unit's (its account, or an account no
-- unit has, which that unit's accountant checks).
ALTER TABLE payments ADD COLUMN held_by int REFERENCES agencies (id);

UPDATE payments p SET held_by = (
    SELECT min(c.agency_id) FROM collection_accounts c
    WHERE c.account_number = p.credited_account AND c.agency_id <> d.receiving_agency_id
      AND NOT EXISTS (SELECT 1 FROM collection_accounts o WHERE o.agency_id = d.receiving_agency_id AND o.account_number = p.credited_account)
    HAVING count(DISTINCT c.agency_id) = 1)
FROM dossiers d
WHERE d.id = p.dossier_id AND p.flag = 'creditedElsewhere' AND p.credited_account IS NOT NULL;
