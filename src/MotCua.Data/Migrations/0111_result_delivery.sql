-- Issue 17 (cit31): how the applicant chose at intake to receive the result (Domain ResultDelivery): 1 at the desk,
-- 2 by the public postal service to result_delivery_address, 3 the electronic result in the online account. Before, Mẫu
-- 01, {nhanKetQua} and the return derived it from the submission channel; every stored dossier keeps exactly that
-- (ResultDelivery.DefaultFor): a postal dossier by post to the applicant's address, an online one electronic, any other
-- at the desk.
ALTER TABLE dossiers
    ADD COLUMN result_delivery_method smallint,
    ADD COLUMN result_delivery_address text;

UPDATE dossiers SET
    result_delivery_method = CASE channel WHEN 3 THEN 2 WHEN 2 THEN 3 ELSE 1 END,
    result_delivery_address = CASE WHEN channel = 3 THEN btrim(applicant_address) END;

ALTER TABLE dossiers
    ALTER COLUMN result_delivery_method SET NOT NULL,
    ADD CONSTRAINT dossiers_result_delivery CHECK (result_delivery_method IN (1, 2, 3)
        AND (result_delivery_method = 2) = (result_delivery_address IS NOT NULL));
