using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the monitoring ingest's applicant fields (trial 16g LOW 12): an unknown <c>LoaiDoiTuong</c>, an identifier that
/// fits no rule of its kind, a phone and an e-mail that are not one, and a date sent as a JSON number are each named in
/// one refusal and nothing is stored; a state agency ("3") is taken, kept as an organisation.
/// </summary>
public class MonitoringApplicantFieldsTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);

    private static Dictionary<string, object> HoSo(string code) => new()
    {
        ["MaHoSo"] = code, ["MaTTHC"] = "1.001193", ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = DemoData.ThuanHoaCode, ["KenhThucHien"] = "2",
        ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = "2",
        ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = "20251117083000", ["NgayHenTra"] = "20251120170000",
        ["SoDienThoai"] = "0905123456", ["Email"] = "thu@example.vn",
    };

    private async Task<JsonElement> IngestAsync(MotCuaApp app, object item)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/monitoring/dossiers",
            new { service = "DongBoHoSoMC", isUpdating = "true", data = new[] { item } });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Wrong_applicant_fields_and_a_date_sent_as_a_number_are_named_and_nothing_is_stored()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var code = "G01.BTP-251117-" + Random.Shared.Next(10_000, 99_999);
        var wrong = HoSo(code);
        wrong["SoGiayToChuHoSo"] = "abc";
        wrong["SoDienThoai"] = "x";
        wrong["Email"] = "notmail";
        wrong["NgayNopHoSo"] = 20251117080000;
        var answer = await IngestAsync(app, wrong);
        Assert.Equal(0, answer.GetProperty("accepted").GetInt32());
        var named = answer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Email", "NgayNopHoSo", "SoDienThoai", "SoGiayToChuHoSo" }, named);

        var unknownKind = HoSo(code);
        unknownKind["LoaiDoiTuong"] = "7";
        var kindAnswer = await IngestAsync(app, unknownKind);
        Assert.Equal("LoaiDoiTuong", kindAnswer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}'"));

        var agency = HoSo(code);
        agency["LoaiDoiTuong"] = "3";
        agency["SoGiayToChuHoSo"] = "";
        Assert.Equal(1, (await IngestAsync(app, agency)).GetProperty("accepted").GetInt32());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}'"));
    }
}
