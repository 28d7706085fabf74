-- Issue 14, the fourteenth trial's MEDIUM 2 (docs/FEES.md "Fourteenth trial, the rest"): a local fee set at adoption was
-- always one lệ phí item, so a unit whose local fee is a phí printed "Lệ phí" on its receipt and filled the fee
-- register's lệ phí column. The unit says which it is: 'fee' (phí) or 'charge' (lệ phí), the kinds the fee items store.
-- Every adoption so far keeps lệ phí, what its local fee was charged as.
ALTER TABLE agency_procedures ADD COLUMN fee_kind text NOT NULL DEFAULT 'charge' CHECK (fee_kind IN ('fee', 'charge'));
