-- Catalogue search in the words people use (docs/CATALOG.md, "Search").
--
-- The indexed side is folded by the same Domain function as the queries (MotCua.Domain.Catalog.SearchText: NFC,
-- lower case, no marks, đ → d, every Unicode space and punctuation a word break, the final i/y variant folded). The
-- app writes the folded name, field and results with every procedure it writes, and at start-up folds again every
-- row whose search_folding differs from SearchText.Version (all rows, the first time after this migration). The
-- rule lives in C# only, so SQL never restates it.
ALTER TABLE procedures ADD COLUMN search_name text;
ALTER TABLE procedures ADD COLUMN search_field text;
ALTER TABLE procedures ADD COLUMN search_description text;
ALTER TABLE procedures ADD COLUMN search_folding smallint;
-- Whole words with their places, weighted so a match in the name (A) counts over the field (B) and the results (C).
-- The 'simple' configuration only splits the already folded words: no stemming, no stop words.
ALTER TABLE procedures ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(search_name, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(search_field, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(search_description, '')), 'C')) STORED;
-- fastupdate off: an import's rows go straight into the index instead of a pending list that every search would
-- scan (and that made the planner prefer reading all 2,642 rows until the next vacuum).
CREATE INDEX procedures_search_vector ON procedures USING gin (search_vector) WITH (fastupdate = off);
-- The typo-tolerant pass ("khai sihn") compares trigrams of the folded name and field without an index of its own:
-- at its threshold it keeps about a tenth of the catalogue (241 of 2,642 rows for "khai sihn"), so PostgreSQL reads
-- the table anyway, and a trigram index cost the import about 5 s on two busy cores. The old trigram index on
-- f_unaccent(search_text) served the previous search only.
DROP INDEX IF EXISTS procedures_search_trgm;

-- The everyday phrasings a query is expanded with, kept by administrators (/quan-tri/thu-tuc/tu-thong-dung and
-- /api/v1/search-terms). Compared folded by the app, so they are stored as typed.
CREATE TABLE search_terms (
    id serial PRIMARY KEY,
    phrase text NOT NULL CHECK (length(phrase) BETWEEN 1 AND 200),
    expansion text NOT NULL CHECK (length(expansion) BETWEEN 1 AND 200),
    topic text NOT NULL DEFAULT '' CHECK (length(topic) <= 100),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by int REFERENCES users (id)
);

-- The first list: what citizens say at a commune desk, each checked against the 2026 national catalogue (the
-- expansion's words all appear in the names of the procedures meant).
INSERT INTO search_terms (topic, phrase, expansion) VALUES
    ('Hộ tịch', 'làm giấy khai sinh', 'đăng ký khai sinh'),
    ('Hộ tịch', 'làm khai sinh', 'đăng ký khai sinh'),
    ('Hộ tịch', 'làm lại giấy khai sinh', 'đăng ký lại khai sinh'),
    ('Hộ tịch', 'làm giấy kết hôn', 'đăng ký kết hôn'),
    ('Hộ tịch', 'giấy xác nhận độc thân', 'xác nhận tình trạng hôn nhân'),
    ('Hộ tịch', 'xác nhận độc thân', 'xác nhận tình trạng hôn nhân'),
    ('Hộ tịch', 'báo tử', 'đăng ký khai tử'),
    ('Hộ tịch', 'làm giấy chứng tử', 'đăng ký khai tử'),
    ('Hộ tịch', 'nhận con', 'đăng ký nhận cha, mẹ, con'),
    ('Hộ tịch', 'đổi tên', 'thay đổi, cải chính, bổ sung thông tin hộ tịch'),
    ('Hộ tịch', 'sửa giấy khai sinh', 'thay đổi, cải chính, bổ sung thông tin hộ tịch'),
    ('Hộ tịch', 'xin trích lục', 'cấp bản sao trích lục hộ tịch'),
    ('Đất đai', 'sổ đỏ', 'Giấy chứng nhận quyền sử dụng đất'),
    ('Đất đai', 'sổ hồng', 'Giấy chứng nhận quyền sử dụng đất'),
    ('Đất đai', 'làm sổ đỏ', 'đăng ký đất đai cấp Giấy chứng nhận lần đầu hộ gia đình cá nhân'),
    ('Đất đai', 'mất sổ đỏ', 'cấp lại Giấy chứng nhận do bị mất'),
    ('Đất đai', 'sang tên sổ đỏ', 'đăng ký biến động chuyển nhượng quyền sử dụng đất'),
    ('Đất đai', 'đổi sổ đỏ', 'cấp đổi Giấy chứng nhận quyền sử dụng đất'),
    ('Đất đai', 'tách sổ', 'tách thửa'),
    ('Đất đai', 'gộp sổ', 'hợp thửa đất'),
    ('Đất đai', 'lên thổ cư', 'chuyển mục đích sử dụng đất'),
    ('Đất đai', 'chuyển đất vườn', 'chuyển mục đích sử dụng đất'),
    ('Xây dựng', 'xin phép xây nhà', 'cấp giấy phép xây dựng'),
    ('Xây dựng', 'giấy phép xây nhà', 'giấy phép xây dựng'),
    ('Xây dựng', 'sửa nhà', 'giấy phép xây dựng sửa chữa, cải tạo'),
    ('Chứng thực', 'công chứng giấy tờ', 'chứng thực bản sao từ bản chính'),
    ('Chứng thực', 'photo công chứng', 'chứng thực bản sao từ bản chính'),
    ('Chứng thực', 'sao y', 'chứng thực bản sao từ bản chính'),
    ('Chứng thực', 'công chứng bản dịch', 'chứng thực chữ ký người dịch'),
    ('Kinh doanh', 'đăng ký kinh doanh', 'đăng ký thành lập hộ kinh doanh'),
    ('Kinh doanh', 'mở cửa hàng', 'đăng ký thành lập hộ kinh doanh'),
    ('Kinh doanh', 'mở quán ăn', 'đăng ký thành lập hộ kinh doanh'),
    ('Kinh doanh', 'thành lập công ty', 'đăng ký thành lập doanh nghiệp'),
    ('Kinh doanh', 'giấy an toàn thực phẩm', 'giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm'),
    ('Cư trú', 'làm căn cước', 'cấp thẻ căn cước'),
    ('Cư trú', 'làm CCCD', 'cấp thẻ căn cước'),
    ('Cư trú', 'nhập hộ khẩu', 'đăng ký thường trú'),
    ('Cư trú', 'đăng ký hộ khẩu', 'đăng ký thường trú'),
    ('Cư trú', 'cắt hộ khẩu', 'xóa đăng ký thường trú'),
    ('Cư trú', 'xác nhận cư trú', 'xác nhận thông tin về cư trú'),
    ('Cư trú', 'làm VNeID', 'cấp tài khoản định danh điện tử'),
    ('Khác', 'làm hộ chiếu', 'cấp hộ chiếu phổ thông'),
    ('Khác', 'làm bảo hiểm y tế', 'cấp thẻ bảo hiểm y tế'),
    ('Khác', 'đổi bằng lái', 'đổi giấy phép lái xe'),
    ('Khác', 'làm cà vẹt xe', 'đăng ký xe');
