-- Issue 16 (docs/POPULATION.md "Documents reused"): the kinds of document the desk does not ask for again when the
-- population database (CSDL quốc gia về dân cư) says the citizen holds one in their store or holds its data (Nghị định
-- 104/2022/NĐ-CP; Nghị định 309/2026 as reported). A required document of the catalogue is of a kind when its name,
-- unaccented and case-folded (MotCua.Domain.Catalog.SearchText.Fold), contains one of match_terms as whole words and none
-- of except_terms (another person's paper). kind is the code the database answers in giayTo[].loai. [choice: the kinds
-- and phrases are MotCua's; the real database's codes are unverified.]
CREATE TABLE reusable_document_kinds (
    kind text PRIMARY KEY,
    name text NOT NULL,
    match_terms text[] NOT NULL CHECK (cardinality(match_terms) > 0),
    except_terms text[] NOT NULL DEFAULT '{}',
    ordinal int NOT NULL UNIQUE
);

INSERT INTO reusable_document_kinds (kind, name, match_terms, except_terms, ordinal) VALUES
    ('KS', 'Giấy khai sinh',
     ARRAY['giấy khai sinh', 'trích lục khai sinh', 'trích lục đăng ký khai sinh'],
     ARRAY['của con', 'của trẻ', 'cho con', 'cho trẻ', 'người con', 'trẻ em', 'người được', 'người chết', 'người đã chết', 'người mất',
           'của cha', 'của mẹ', 'của vợ', 'của chồng', 'người nhận', 'con nuôi', 'người giám hộ', 'người được giám hộ'], 1),
    ('KH', 'Giấy chứng nhận kết hôn',
     ARRAY['giấy chứng nhận kết hôn', 'giấy đăng ký kết hôn', 'trích lục kết hôn', 'trích lục đăng ký kết hôn'],
     ARRAY['của con', 'của cha', 'của mẹ', 'người chết', 'người đã chết', 'nước ngoài'], 2),
    ('CT', 'Xác nhận thông tin về cư trú',
     ARRAY['xác nhận thông tin về cư trú', 'xác nhận thông tin cư trú', 'giấy xác nhận cư trú', 'sổ hộ khẩu', 'sổ tạm trú'],
     ARRAY['của con', 'người chết', 'người đã chết', 'nước ngoài'], 3);
