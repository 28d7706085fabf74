-- Issue 16, fourth fresh trial MEDIUM 2 (docs/POPULATION.md "Documents reused"): the residence kind (CT) knew only the
-- paper's own names ("xác nhận thông tin về cư trú", "sổ hộ khẩu", "sổ tạm trú"), while the national catalogue's
-- civil-status procedures name it "Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp …" (1.001193,
-- 1.000894, 1.000593, 1.000080) and "Giấy tờ chứng minh nơi cư trú …" (1.000094). Every such line is the applicant's
-- own residence, whose data the population database holds (Nghị định 104/2022/NĐ-CP Điều 14 khoản 2). "Giấy tờ chứng
-- minh nơi cư trú cuối cùng của người chết" (1.000419, 1.000656) stays excluded by 'người chết': it is the dead
-- person's last residence, not the applicant's [choice].
UPDATE reusable_document_kinds
SET match_terms = match_terms || ARRAY['giấy tờ có giá trị chứng minh thông tin về cư trú', 'giấy tờ chứng minh thông tin về cư trú',
                                       'giấy tờ chứng minh nơi cư trú']
WHERE kind = 'CT';
