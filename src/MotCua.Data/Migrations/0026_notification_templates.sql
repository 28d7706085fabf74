-- Issue 13: what each event says on each channel, in Vietnamese with placeholders ({maHoSo}, {hanTra}, …; the rules in
-- MotCua.Domain.Messages.NotificationTemplate). Versioned: the administrator's edit inserts a new version and the
-- earlier ones stay; the latest version of an (event, channel) is used, and when it is not active that channel is off
-- for that event.
CREATE TABLE notification_templates (
    id serial PRIMARY KEY,
    event text NOT NULL CHECK (event IN ('received', 'refused', 'supplementRequested', 'paymentRequested', 'financialObligation',
        'stopped', 'withdrawn', 'apology', 'resultReady', 'returned', 'appointmentReminder')),
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'zalo')),
    version int NOT NULL CHECK (version >= 1),
    subject text CHECK ((channel = 'email') = (subject IS NOT NULL)),
    body text NOT NULL,
    -- SMS only: sent without diacritics, so that a segment holds 160 characters instead of 70.
    without_diacritics boolean NOT NULL DEFAULT false,
    -- Zalo only: the ZNS template registered with Zalo, and which ZNS parameter each placeholder fills.
    zns_template_id text,
    zns_params jsonb,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    -- The administrator who saved the version; null for the defaults below.
    created_by int REFERENCES users (id),
    UNIQUE (event, channel, version)
);

-- The defaults. E-mail: a greeting, the event's text, the signature and the opt-out link.
INSERT INTO notification_templates (event, channel, version, subject, body, created_at)
SELECT e, 'email', 1, s,
       'Kính gửi ông/bà {hoTen},' || chr(10) || chr(10) || b || chr(10) || chr(10) || 'Trân trọng,' || chr(10) || '{coQuan}' || chr(10) || chr(10)
       || 'Thư này được gửi tự động từ hệ thống một cửa điện tử, vui lòng không trả lời. '
       || 'Nếu không muốn nhận thông báo qua thư điện tử, mời bấm vào: {huyNhan}',
       now()
FROM (VALUES
    ('received', 'Hồ sơ {maHoSo} đã được tiếp nhận',
     '{coQuan} đã tiếp nhận hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc}.' || chr(10) || 'Thời gian hẹn trả kết quả: {hanTra}.' || chr(10) || chr(10)
     || 'Ông/bà có thể tra cứu tình hình giải quyết hồ sơ tại: {traCuu}'),
    ('refused', 'Hồ sơ {maHoSo} không được tiếp nhận, giải quyết',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} không được tiếp nhận, giải quyết.' || chr(10) || 'Lý do: {lyDo}' || chr(10) || chr(10)
     || 'Chi tiết xem tại: {traCuu}'),
    ('supplementRequested', 'Hồ sơ {maHoSo} cần bổ sung, hoàn thiện',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} cần được bổ sung, hoàn thiện.' || chr(10) || 'Nội dung cần bổ sung: {lyDo}' || chr(10) || chr(10)
     || 'Đề nghị ông/bà bổ sung hồ sơ theo hướng dẫn tại: {traCuu}'),
    ('paymentRequested', 'Đề nghị nộp phí, lệ phí cho hồ sơ {maHoSo}',
     'Để tiếp tục giải quyết hồ sơ {maHoSo} về thủ tục {thuTuc}, đề nghị ông/bà nộp phí, lệ phí: {soTien}.' || chr(10) || chr(10)
     || 'Hướng dẫn nộp và tra cứu hồ sơ tại: {traCuu}'),
    ('financialObligation', 'Hồ sơ {maHoSo}: đề nghị thực hiện nghĩa vụ tài chính',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} đang chờ ông/bà thực hiện nghĩa vụ tài chính.' || chr(10) || 'Nội dung: {lyDo}' || chr(10) || chr(10)
     || 'Chi tiết xem tại: {traCuu}'),
    ('stopped', 'Hồ sơ {maHoSo} đã dừng giải quyết',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} đã dừng giải quyết.' || chr(10) || 'Lý do: {lyDo}' || chr(10) || chr(10)
     || 'Chi tiết xem tại: {traCuu}'),
    ('withdrawn', 'Hồ sơ {maHoSo} đã được rút theo đề nghị của ông/bà',
     'Theo đề nghị của ông/bà, hồ sơ {maHoSo} về thủ tục {thuTuc} đã được rút và dừng giải quyết.' || chr(10) || chr(10)
     || 'Chi tiết xem tại: {traCuu}'),
    ('apology', 'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {maHoSo}',
     '{coQuan} thành thật xin lỗi ông/bà vì hồ sơ {maHoSo} về thủ tục {thuTuc} chưa được giải quyết xong đúng hẹn.' || chr(10)
     || 'Lý do: {lyDo}' || chr(10) || 'Thời gian hẹn trả kết quả mới: {hanTra}.' || chr(10) || chr(10)
     || 'Mong ông/bà thông cảm. Tra cứu hồ sơ tại: {traCuu}'),
    ('resultReady', 'Hồ sơ {maHoSo} đã có kết quả',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} đã có kết quả giải quyết.' || chr(10)
     || 'Mời ông/bà đến nhận kết quả tại {coQuan} hoặc theo hình thức đã đăng ký.' || chr(10) || chr(10)
     || 'Tra cứu hồ sơ tại: {traCuu}'),
    ('returned', 'Hồ sơ {maHoSo} đã trả kết quả',
     'Kết quả giải quyết hồ sơ {maHoSo} về thủ tục {thuTuc} đã được trả cho ông/bà.' || chr(10)
     || 'Cảm ơn ông/bà đã sử dụng dịch vụ công. Mời ông/bà đánh giá mức độ hài lòng tại: {traCuu}'),
    ('appointmentReminder', 'Nhắc lịch hẹn trả kết quả hồ sơ {maHoSo}',
     'Hồ sơ {maHoSo} của ông/bà về thủ tục {thuTuc} có lịch hẹn trả kết quả vào {hanTra} tại {coQuan}.' || chr(10) || chr(10)
     || 'Tra cứu hồ sơ tại: {traCuu}')
) AS t (e, s, b);

-- SMS: short, written with diacritics and sent without them (one 160-character segment where the values allow).
INSERT INTO notification_templates (event, channel, version, body, without_diacritics, created_at)
SELECT e, 'sms', 1, b, true, now()
FROM (VALUES
    ('received', 'Hồ sơ {maHoSo} ({thuTuc}) đã được tiếp nhận. Hẹn trả kết quả: {hanTra}. Tra cứu: {traCuu}'),
    ('refused', 'Hồ sơ {maHoSo} không được tiếp nhận, giải quyết. Lý do: {lyDo}. Chi tiết: {traCuu}'),
    ('supplementRequested', 'Hồ sơ {maHoSo} cần bổ sung: {lyDo}. Hướng dẫn: {traCuu}'),
    ('paymentRequested', 'Hồ sơ {maHoSo}: đề nghị nộp phí, lệ phí {soTien}. Hướng dẫn: {traCuu}'),
    ('financialObligation', 'Hồ sơ {maHoSo} đang chờ ông/bà thực hiện nghĩa vụ tài chính. Chi tiết: {traCuu}'),
    ('stopped', 'Hồ sơ {maHoSo} đã dừng giải quyết. Lý do: {lyDo}. Chi tiết: {traCuu}'),
    ('withdrawn', 'Hồ sơ {maHoSo} đã được rút theo đề nghị của ông/bà. Chi tiết: {traCuu}'),
    ('apology', 'Xin lỗi ông/bà: hồ sơ {maHoSo} chưa giải quyết xong đúng hẹn. Hẹn trả mới: {hanTra}. Tra cứu: {traCuu}'),
    ('resultReady', 'Hồ sơ {maHoSo} ({thuTuc}) đã có kết quả. Mời ông/bà đến nhận. Tra cứu: {traCuu}'),
    ('returned', 'Hồ sơ {maHoSo} đã trả kết quả. Cảm ơn ông/bà đã sử dụng dịch vụ công.'),
    ('appointmentReminder', 'Nhắc lịch: hồ sơ {maHoSo} hẹn trả kết quả lúc {hanTra}. Tra cứu: {traCuu}')
) AS t (e, b);

-- Zalo: the text each ZNS template amounts to and the ZNS parameter of each placeholder. The ids are the demo's; a
-- province registers its own templates with Zalo and enters their ids.
INSERT INTO notification_templates (event, channel, version, body, zns_template_id, zns_params, created_at)
SELECT e, 'zalo', 1, b, z, p::jsonb, now()
FROM (VALUES
    ('received', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đã được tiếp nhận tại {coQuan}. Hẹn trả kết quả: {hanTra}. Tra cứu: {traCuu}', '400101',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "coQuan": "co_quan", "hanTra": "han_tra", "traCuu": "tra_cuu"}'),
    ('refused', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) không được tiếp nhận, giải quyết. Lý do: {lyDo}. Chi tiết: {traCuu}', '400102',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "lyDo": "ly_do", "traCuu": "tra_cuu"}'),
    ('supplementRequested', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) cần bổ sung: {lyDo}. Hướng dẫn: {traCuu}', '400103',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "lyDo": "ly_do", "traCuu": "tra_cuu"}'),
    ('paymentRequested', 'Xin chào {hoTen}, đề nghị ông/bà nộp phí, lệ phí {soTien} cho hồ sơ {maHoSo} ({thuTuc}). Hướng dẫn: {traCuu}', '400104',
     '{"hoTen": "ten_nguoi_nop", "soTien": "so_tien", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "traCuu": "tra_cuu"}'),
    ('financialObligation', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đang chờ ông/bà thực hiện nghĩa vụ tài chính: {lyDo}. Chi tiết: {traCuu}', '400105',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "lyDo": "ly_do", "traCuu": "tra_cuu"}'),
    ('stopped', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đã dừng giải quyết. Lý do: {lyDo}. Chi tiết: {traCuu}', '400106',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "lyDo": "ly_do", "traCuu": "tra_cuu"}'),
    ('withdrawn', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đã được rút theo đề nghị của ông/bà. Chi tiết: {traCuu}', '400107',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "traCuu": "tra_cuu"}'),
    ('apology', 'Xin chào {hoTen}, {coQuan} xin lỗi vì hồ sơ {maHoSo} chưa giải quyết xong đúng hẹn. Lý do: {lyDo}. Hẹn trả mới: {hanTra}. Tra cứu: {traCuu}', '400108',
     '{"hoTen": "ten_nguoi_nop", "coQuan": "co_quan", "maHoSo": "ma_ho_so", "lyDo": "ly_do", "hanTra": "han_tra", "traCuu": "tra_cuu"}'),
    ('resultReady', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đã có kết quả. Mời ông/bà đến nhận tại {coQuan}. Tra cứu: {traCuu}', '400109',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "coQuan": "co_quan", "traCuu": "tra_cuu"}'),
    ('returned', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) đã trả kết quả. Cảm ơn ông/bà đã sử dụng dịch vụ công.', '400110',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc"}'),
    ('appointmentReminder', 'Xin chào {hoTen}, hồ sơ {maHoSo} ({thuTuc}) có lịch hẹn trả kết quả lúc {hanTra} tại {coQuan}. Tra cứu: {traCuu}', '400111',
     '{"hoTen": "ten_nguoi_nop", "maHoSo": "ma_ho_so", "thuTuc": "thu_tuc", "hanTra": "han_tra", "coQuan": "co_quan", "traCuu": "tra_cuu"}')
) AS t (e, b, z, p);
