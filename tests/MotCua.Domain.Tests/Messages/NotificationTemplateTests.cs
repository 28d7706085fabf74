using MotCua.Domain.Messages;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Messages;

public class NotificationTemplateTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["maHoSo"] = "000.10.01.H46-251117-0001", ["thuTuc"] = "Đăng ký khai sinh", ["hoTen"] = "Nguyễn Thị Thu Hà",
        ["coQuan"] = "UBND phường Thuận Hóa", ["hanTra"] = NotificationPlaceholders.Due(new DateTimeOffset(2025, 11, 20, 9, 30, 0, TimeSpan.Zero)),
        ["traCuu"] = "https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001", ["huyNhan"] = "https://motcua.hue.gov.vn/huy-nhan/1",
    };

    [Theory]
    [InlineData("Hồ sơ {maHoSo", "body", "Dấu { ở vị trí 7 chưa có dấu } đóng.")]
    [InlineData("Hồ sơ {maHoSo {hanTra}", "body", "Dấu { ở vị trí 7 chưa có dấu } đóng.")]
    [InlineData("Hồ sơ maHoSo} {hanTra}", "body", "Dấu } ở vị trí 13 không có dấu { mở tương ứng.")]
    [InlineData("Hồ sơ {} {maHoSo} {hanTra}", "body", "Trường {} ở vị trí 7 không hợp lệ")]
    [InlineData("Hồ sơ {ma ho so} {hanTra}", "body", "Trường {ma ho so} ở vị trí 7 không hợp lệ")]
    [InlineData("Hồ sơ {maHS} {hanTra}", "body", "Không có trường {maHS} ở vị trí 7. Các trường dùng được cho thông báo \"Tiếp nhận hồ sơ\": {maHoSo}")]
    [InlineData("Hồ sơ {maHoSo} {hanTra} {soTien}", "body", "Trường {soTien} không dùng được cho thông báo \"Tiếp nhận hồ sơ\"")]
    [InlineData("Hồ sơ {maHoSo} đã được tiếp nhận.", "body", "Nội dung thông báo \"Tiếp nhận hồ sơ\" phải có {hanTra}.")]
    [InlineData("Đã tiếp nhận.", "body", "phải có {maHoSo}, {hanTra}.")]
    [InlineData("   ", "body", "Nhập nội dung thông báo.")]
    public void A_bad_body_is_named_in_Vietnamese(string body, string field, string message)
    {
        var problems = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Sms, null, body, true).Problems();
        Assert.Equal([field], problems.Keys);
        Assert.Contains(message, problems[field][0]);
    }

    [Fact]
    public void An_e_mail_subject_is_one_line()
    {
        var problems = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Email, "Hồ sơ {maHoSo}\nBcc: x@y.vn",
            "Hồ sơ {maHoSo}, hẹn trả {hanTra}.", false).Problems();
        Assert.Equal(["Tiêu đề thư chỉ gồm một dòng."], problems["subject"]);
    }

    [Fact]
    public void An_unknown_placeholder_is_answered_with_the_placeholders_of_its_event_only()
    {
        var problem = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Sms, null, "Hồ sơ {maHS} {hanTra}", true).Problems()["body"][0];
        Assert.Contains("{hanTra}", problem);
        Assert.DoesNotContain("{soTien}", problem);
        Assert.DoesNotContain("{lyDo}", problem);
    }

    [Fact]
    public void Each_channel_checks_its_own_fields_and_lengths()
    {
        var email = new NotificationTemplate(NotificationEvent.PaymentRequested, NotificationChannel.Email, "", "Hồ sơ {maHoSo}: nộp {soTien}.", WithoutDiacritics: true);
        Assert.Equal(["subject", "withoutDiacritics"], email.Problems().Keys.Order());
        var longSubject = email with { Subject = new string('x', 201), WithoutDiacritics = false };
        Assert.Equal("Dài 201 ký tự, tối đa 200.", longSubject.Problems()["subject"][0]);
        var sms = new NotificationTemplate(NotificationEvent.PaymentRequested, NotificationChannel.Sms, "Tiêu đề", "{maHoSo} {soTien}" + new string('x', 600));
        Assert.Equal(["body", "subject"], sms.Problems().Keys.Order());
        var zalo = new NotificationTemplate(NotificationEvent.Stopped, NotificationChannel.Zalo, null, "Hồ sơ {maHoSo} dừng: {lyDo}. {traCuu}", false, "ZNS-1",
            new Dictionary<string, string> { ["maHoSo"] = "ma_ho_so", ["lyDo"] = "Ly Do", ["hoTen"] = "ma_ho_so" });
        var problems = zalo.Problems();
        Assert.Equal(["znsParams", "znsTemplateId"], problems.Keys.Order());
        Assert.Equal(4, problems["znsParams"].Length); // {traCuu} unmapped, {hoTen} unused, "Ly Do" malformed, ma_ho_so twice
        Assert.Contains("{traCuu}", problems["znsParams"][0]);
        var good = zalo with { ZnsTemplateId = "400106", ZnsParams = new Dictionary<string, string> { ["maHoSo"] = "ma_ho_so", ["lyDo"] = "ly_do", ["traCuu"] = "tra_cuu" } };
        Assert.Empty(good.Problems());
        Assert.Equal(["znsTemplateId"], (email with { Subject = "S", WithoutDiacritics = false, ZnsTemplateId = "1" }).Problems().Keys);
    }

    [Fact]
    public void Rendering_fills_every_placeholder_or_names_the_missing_ones()
    {
        var template = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Email, "Hồ sơ {maHoSo} đã được tiếp nhận",
            "Kính gửi ông/bà {hoTen},\n{coQuan} đã tiếp nhận hồ sơ {maHoSo} ({thuTuc}). Hẹn trả kết quả: {hanTra}. Tra cứu: {traCuu}");
        Assert.Empty(template.Problems());
        var message = template.Render(Values);
        Assert.Equal("Hồ sơ 000.10.01.H46-251117-0001 đã được tiếp nhận", message.Subject);
        Assert.Equal("Kính gửi ông/bà Nguyễn Thị Thu Hà,\nUBND phường Thuận Hóa đã tiếp nhận hồ sơ 000.10.01.H46-251117-0001 (Đăng ký khai sinh). "
            + "Hẹn trả kết quả: 20/11/2025 16:30. Tra cứu: https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001", message.Body);
        Assert.Null(message.Sms);

        var missing = new Dictionary<string, string>(Values) { ["hoTen"] = " " };
        missing.Remove("hanTra");
        var (none, problem) = template.TryRender(missing);
        Assert.Null(none);
        Assert.Equal("Thiếu giá trị cho {hoTen}, {hanTra}.", problem);
        var thrown = Assert.Throws<NotificationTemplateException>(() => template.Render(missing));
        Assert.Contains("{hanTra}", thrown.Message);
        // A brace in a value is text, never a placeholder.
        Assert.Equal("Hồ sơ {hanTra} đã được tiếp nhận", template.Render(new Dictionary<string, string>(Values) { ["maHoSo"] = "{hanTra}" }).Subject);
    }

    [Fact]
    public void An_sms_without_diacritics_fits_160_character_segments()
    {
        var body = "Hồ sơ {maHoSo} ({thuTuc}) đã được tiếp nhận. Hẹn trả kết quả: {hanTra}. Tra cứu: {traCuu}";
        var with = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Sms, null, body).Render(Values);
        var without = new NotificationTemplate(NotificationEvent.Received, NotificationChannel.Sms, null, body, WithoutDiacritics: true).Render(Values);
        Assert.Equal("Ho so 000.10.01.H46-251117-0001 (Dang ky khai sinh) da duoc tiep nhan. Hen tra ket qua: 20/11/2025 16:30. "
            + "Tra cuu: https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001", without.Body);
        Assert.Equal((SmsEncoding.Ucs2, SmsEncoding.Gsm7), (with.Sms!.Encoding, without.Sms!.Encoding));
        Assert.True(without.Sms.Segments < with.Sms.Segments);
        output.WriteLine($"Tiếp nhận: có dấu {with.Sms.Units} ký tự = {with.Sms.Segments} tin; không dấu {without.Sms.Units} ký tự = {without.Sms.Segments} tin");
    }

    [Fact]
    public void Zalo_fills_the_zns_parameters_with_the_values()
    {
        var template = new NotificationTemplate(NotificationEvent.ResultReady, NotificationChannel.Zalo, null, "Xin chào {hoTen}, hồ sơ {maHoSo} đã có kết quả.", false, "400109",
            new Dictionary<string, string> { ["hoTen"] = "ten_nguoi_nop", ["maHoSo"] = "ma_ho_so" });
        var message = template.Render(Values);
        Assert.Equal("Xin chào Nguyễn Thị Thu Hà, hồ sơ 000.10.01.H46-251117-0001 đã có kết quả.", message.Body);
        Assert.Equal(new Dictionary<string, string> { ["ten_nguoi_nop"] = "Nguyễn Thị Thu Hà", ["ma_ho_so"] = "000.10.01.H46-251117-0001" }, message.ZnsData);
    }

    [Fact]
    public void Values_are_formatted_the_Vietnamese_way_and_every_event_offers_what_it_requires()
    {
        Assert.Equal("1.500.000 đồng", NotificationPlaceholders.Money(1_500_000));
        Assert.Equal("0 đồng", NotificationPlaceholders.Money(0));
        Assert.Equal("01/12/2026 07:05", NotificationPlaceholders.Due(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero)));
        foreach (var e in Enum.GetValues<NotificationEvent>())
        {
            Assert.Subset(NotificationPlaceholders.AllowedFor(e).ToHashSet(), NotificationPlaceholders.RequiredFor(e).ToHashSet());
            Assert.Equal(e, NotificationTemplate.EventNamed(NotificationTemplate.Name(e)));
        }
        Assert.Equal("supplementRequested", NotificationTemplate.Name(NotificationEvent.SupplementRequested));
        Assert.Null(NotificationTemplate.EventNamed("Received"));
    }
}
