-- Issue 14, trial defect 5: a collecting unit's tax code (mã số thuế), set by the administrator with its receipt numbering
-- (/quan-tri/ky-hieu-bien-lai, PUT /api/v1/admin/agencies/{code}/receipt-series), printed on its receipts when set
-- (Nghị định 123/2020/NĐ-CP as amended). A receipt keeps the code it was issued with (receipts.collector_tax_code), so a
-- later change never alters a receipt already issued. Shape: Domain TaxCode (10 digits, or 13 as 0123456789-001).
ALTER TABLE receipt_series ADD COLUMN tax_code text CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$');
ALTER TABLE receipts ADD COLUMN collector_tax_code text CHECK (collector_tax_code ~ '^[0-9]{10}(-[0-9]{3})?$');
