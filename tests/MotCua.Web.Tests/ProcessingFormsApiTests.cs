using MotCua.Web.Features.Demo;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Documents.Tests;

namespace MotCua.Web.Tests;

/// <summary>
/// Every processing PDF MotCua serves (Mẫu 04, 05, 06, 07 and the result notice) is numbered once and digitally signed:
/// pdfsig validates it and one changed byte breaks it (issue 11). Mẫu 04 is the competent agency's, signed by its head,
/// never by the officer who recorded the extension; Mẫu 05 is the receiving unit's.
/// </summary>
public partial class ProcessingFormsApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private async Task<string> ReceiveAsync(string procedureCode)
    {
        app.Clock.Now = At(17, 9);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedureCode));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private async Task OkAsync(HttpClient client, string code, string action, object? body = null, DateTimeOffset? at = null)
    {
        if (at is { } now) app.Clock.Now = now;
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Fetches a PDF, checks its signature with pdfsig (and that a changed byte breaks it) and returns its text.</summary>
    private static async Task<string> SignedTextAsync(HttpClient client, string path, string name)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        PdfTools.AssertSignedAndIntact(pdf, name);
        return PdfTools.Text(PdfTools.Save(name, pdf));
    }

    private static string NumberOf(string text) => NumberLine().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no \"Số:\" in {text}");

    [GeneratedRegex(@"Số: (\d{2,}/[A-ZĐ0-9\-]+)")]
    private static partial Regex NumberLine();

    [Fact]
    public async Task The_apology_control_slip_result_and_register_are_numbered_once_and_signed()
    {
        // Đăng ký giám hộ: 3 working days, due Thursday 09:00; the commune's officer records the extension.
        var code = await ReceiveAsync("1.004837");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        // Sessions are signed in on the day they act: a session expires overnight.
        app.Clock.Now = At(18, 9);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        await OkAsync(clerk, code, "extension", new { reason = "Cần xác minh nơi cư trú", newDueAt = At(21, 17) });

        var apology = await SignedTextAsync(clerk, $"/api/v1/dossiers/{code}/apology.pdf", "web-mau-04");
        Assert.Contains(ProcessingForms.ApologyTitle, apology);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA", apology);
        Assert.Matches(@"Số: \d{2,}/PXL-UBND", apology);
        // The head of the competent agency (the commune's people's committee) signs; the officer who recorded the extension does not.
        Assert.Contains("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", apology);
        Assert.Contains("Võ Quốc Việt", apology);
        Assert.DoesNotContain("Lê Thị Thu Hà", apology);
        Assert.Equal(NumberOf(apology), NumberOf(await SignedTextAsync(desk, $"/api/v1/dossiers/{code}/apology.pdf", "web-mau-04-in-lai")));
        // An issued letter is the file first signed: a new head since changes the next letters, not this one.
        var first = await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/apology.pdf");
        Assert.Equal(1, await app.ScalarAsync($"UPDATE agencies SET head_name = 'Người Khác' WHERE code = '{DemoData.ThuanHoaCode}' RETURNING 1"));
        try
        {
            Assert.Equal(first, await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/apology.pdf"));
        }
        finally
        {
            await app.ScalarAsync($"UPDATE agencies SET head_name = 'Võ Quốc Việt' WHERE code = '{DemoData.ThuanHoaCode}' RETURNING 1");
        }

        var slip = await SignedTextAsync(desk, $"/api/v1/dossiers/{code}/control-slip.pdf", "web-mau-06");
        Assert.Matches(@"Số: \d{2,}/PKS-", slip);
        Assert.Contains("Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân phường Thuận Hóa", slip);

        await OkAsync(clerk, code, "complete-step", new { note = "Hợp lệ" }, At(18, 10));
        await OkAsync(leader, code, "approve", new { note = "Đồng ý" }, At(18, 11));
        await OkAsync(desk, code, "result-ready", at: At(18, 14));
        var result = await SignedTextAsync(desk, $"/api/v1/dossiers/{code}/result.pdf", "web-ket-qua");
        Assert.Matches(@"Số: \d{2,}/TB-", result);
        Assert.Contains(ResultDocument.ApprovedSubject, result);
        Assert.Contains("Nơi nhận:", result);
        Assert.DoesNotContain("NGƯỜI CÓ THẨM QUYỀN", result);

        var register = await SignedTextAsync(desk, "/api/v1/registers/2025.pdf", "web-mau-07");
        Assert.Contains(RegisterBook.NationalMotto, register);
        Assert.Contains(code, register);
    }

    [Fact]
    public async Task The_stop_notice_is_the_receiving_units_numbered_and_signed_by_its_head()
    {
        var code = await ReceiveAsync("1.001193");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "withdraw", new { reason = "Gia đình đăng ký tại nơi cư trú khác" }, At(17, 9, 30));
        await OkAsync(desk, code, "stop", new { reason = "Người yêu cầu rút hồ sơ khi chưa có kết quả" }, At(17, 10));

        var notice = await SignedTextAsync(desk, $"/api/v1/dossiers/{code}/stop-notice.pdf", "web-mau-05");
        Assert.Contains(ProcessingForms.StopNoticeTitle, notice);
        Assert.Matches(@"Số: \d{2,}/TB-", notice);
        Assert.Contains("Ngày 17 tháng 11 năm 2025", notice);
        Assert.Contains("Võ Quốc Việt", notice);
        Assert.DoesNotContain("Nguyễn Thị Hường", notice[notice.IndexOf("Nơi nhận:", StringComparison.Ordinal)..]);
    }
}
