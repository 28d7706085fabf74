using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Data;

namespace MotCua.Web.Tests;

/// <summary>The desk page posted as a browser would, with the officer's cookie and anti-forgery token.</summary>
public class DeskTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private async Task<HttpResponseMessage> PostDeskAsync(HttpClient officer, string decision, Dictionary<string, string>? extra = null)
    {
        var page = await officer.GetStringAsync("/tiep-nhan?thutuc=1.001193");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
            ["thutuc"] = "1.001193",
            ["decision"] = decision,
            ["Documents[0].Name"] = "Giấy chứng sinh",
            ["Documents[0].Received"] = "true",
            ["Documents[0].Originals"] = "1",
            ["Documents[0].Copies"] = "0",
            ["FullName"] = "Trần Quốc Việt",
            ["IdNumber"] = "046090000111",
            ["Phone"] = "0914222333",
            ["Address"] = "5 Hùng Vương, phường Thuận Hóa",
            ["Channel"] = "direct",
            ["Sets"] = "1",
            // Only the Giấy chứng sinh is handed in: received on purpose (CIT35 LOW 6, DeskIncompleteTests).
            ["ReceiveIncomplete"] = "true",
        };
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;
        foreach (var (key, value) in extra ?? []) form[key] = value;
        return await officer.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task The_desk_page_finds_procedures_typed_without_diacritics()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync("/tiep-nhan?handler=Search&q=dang%20ky%20khai%20sinh");
        Assert.Contains("Thủ tục đăng ký khai sinh", html);
        Assert.Contains("/tiep-nhan?thutuc=1.001193", html);
    }

    [Fact]
    public async Task Receiving_at_the_desk_creates_the_dossier_and_its_receipt()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var response = await PostDeskAsync(officer, "receive");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches(@"^/ho-so/000\.10\.01\.H46-\d{6}-\d{4}\?moi=1$", location);
        var detail = await officer.GetStringAsync(location);
        Assert.Contains("Trần Quốc Việt", detail);
        Assert.Contains("Được tiếp nhận", detail);
        var code = location[7..location.IndexOf('?')];
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/dossiers/{code}/receipt.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_paper_dossier_received_after_the_cutoff_counts_from_the_next_working_day()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 15, 30, 0, Vn); // Tuesday 15:30
        try
        {
            var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
            var response = await PostDeskAsync(officer, "receive", new() { ["FullName"] = "Sau Giờ Cắt" });
            var code = response.Headers.Location!.ToString()[7..^6];
            var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
            // Counting starts at Wednesday's opening (07:00); one working day of 8 office hours ends at Wednesday's close.
            Assert.Equal(new DateTimeOffset(2025, 11, 19, 17, 0, 0, Vn), dossier.GetProperty("dueAt").GetDateTimeOffset());
            Assert.Contains(dossier.GetProperty("dueExplanation").EnumerateArray(), s => s.GetProperty("reason").GetString()!.Contains("15:00"));
        }
        finally
        {
            app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        }
    }

    [Fact]
    public async Task Bad_applicant_data_is_shown_in_vietnamese_and_nothing_is_saved()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await PostDeskAsync(officer, "receive", new() { ["IdNumber"] = "12345", ["Phone"] = "abc" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Số CCCD phải có 12 chữ số", html);
        Assert.Contains("Số điện thoại di động gồm 10 chữ số", html);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task The_e_form_is_validated_at_the_desk_in_vietnamese()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await PostDeskAsync(officer, "receive", new() { ["Form[ngaySinh]"] = "2099-01-01", ["Form[gioiTinh]"] = "Khác" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("không được sau ngày hôm nay", html);
        Assert.Contains("phải là một trong: Nam, Nữ", html);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task An_incomplete_dossier_gets_Mau_02_and_no_dossier()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await PostDeskAsync(officer, "supplement", new()
        {
            ["Documents[0].Problem"] = "Giấy chứng sinh là bản chụp, cần bản chính",
            ["ExtraProblem"] = "Thiếu văn bản ủy quyền có chứng thực",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Phiếu yêu cầu bổ sung", html);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        var id = await app.ScalarAsync("SELECT max(id) FROM supplement_notices");
        Assert.Equal(2, await app.ScalarAsync($"SELECT jsonb_array_length(items) FROM supplement_notices WHERE id = {id}"));
        var pdf = await officer.GetAsync($"/api/v1/supplement-notices/{id}.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/supplement-notices/{id}.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_recorded_as_status_3_with_Mau_03()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var missingReason = await PostDeskAsync(officer, "refuse");
        Assert.Contains("lý do từ chối", await missingReason.Content.ReadAsStringAsync());

        var response = await PostDeskAsync(officer, "refuse", new()
        {
            ["RefusalReason"] = "Trẻ đã được đăng ký khai sinh tại nơi khác",
            ["RefusalLegalBasis"] = "Điều 13 Luật Hộ tịch 2014",
        });
        var code = response.Headers.Location!.ToString()[7..^6];
        var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal(3, dossier.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, dossier.GetProperty("dueAt").ValueKind);
        Assert.Equal("application/pdf", (await officer.GetAsync($"/api/v1/dossiers/{code}/refusal.pdf")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.GetAsync($"/api/v1/dossiers/{code}/receipt.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_desk_accepts_an_online_dossier_from_the_list()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online", fullName: "Trực Tuyến Một"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Contains(code, await officer.GetStringAsync("/ho-so?trangthai=1"));
        var page = await officer.GetStringAsync($"/ho-so/{code}");
        var accept = await officer.PostAsync($"/ho-so/{code}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["decision"] = "accept",
        }));
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal(2, dossier.GetProperty("status").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, dossier.GetProperty("registerNumber").ValueKind);

        var again = await officer.PostAsync($"/ho-so/{code}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["decision"] = "accept",
        }));
        Assert.Contains("Không thể tiếp nhận", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_need_a_signed_in_officer()
    {
        var anonymous = app.SessionClient();
        var response = await anonymous.GetAsync("/tiep-nhan");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dang-nhap", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_desk_previews_the_due_date_the_receipt_gives_when_the_unit_promises_less_than_the_law()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task<string> PreviewAsync() => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(
            await officer.GetStringAsync("/tiep-nhan?thutuc=1.001193"), "id=\"due-preview\">[^<]*<strong>(?<due>[^<]+)</strong>").Groups["due"].Value);
        // Monday 09:00: the legal 1 working day ends Tuesday 09:00.
        Assert.Equal("09:00 ngày 18/11/2025", await PreviewAsync());
        // Thuận Hóa promises 4 working hours: 2.5 h to the 11:30 lunch break, 1.5 h from 13:30.
        await app.ScalarAsync($"""
            UPDATE agency_procedures SET time_limit_amount = 4, time_limit_unit = {(int)TimeUnit.WorkingHours}
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{MotCua.Web.Features.Demo.DemoData.ThuanHoaCode}')
            RETURNING 1
            """);
        try
        {
            var preview = await PreviewAsync();
            Assert.Equal("15:00 ngày 17/11/2025", preview);
            var response = await PostDeskAsync(officer, "receive", new() { ["FullName"] = "Hẹn Sớm Hơn" });
            var code = response.Headers.Location!.ToString()[7..^6];
            var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
            Assert.Equal(preview, dossier.GetProperty("dueAt").GetDateTimeOffset().ToOffset(Vn).ToString("HH:mm 'ngày' dd/MM/yyyy"));
        }
        finally
        {
            await app.ScalarAsync($"""
                UPDATE agency_procedures SET time_limit_amount = NULL, time_limit_unit = NULL
                WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{MotCua.Web.Features.Demo.DemoData.ThuanHoaCode}')
                RETURNING 1
                """);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_vietnamese()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/dang-nhap");
        var response = await client.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "tiepnhan.thuanhoa", ["Password"] = "sai", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
        }));
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng", await response.Content.ReadAsStringAsync());
    }
}

public class MigrationTests
{
    [Fact]
    public async Task Two_instances_migrating_together_apply_each_migration_once()
    {
        MotCuaApp.Postgres.EnsureStarted();
        var connection = MotCuaApp.Postgres.ConnectionString("m_" + Guid.NewGuid().ToString("N")[..16]);
        await MotCua.Web.Database.CreateIfMissingAsync(connection);
        var runs = await Task.WhenAll(SchemaMigrator.MigrateAsync(connection), SchemaMigrator.MigrateAsync(connection));
        Assert.Equal(SchemaMigrator.All.Count, runs.Sum(r => r.Count));
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync();
        Assert.True(await SchemaMigrator.IsUpToDateAsync(db, CancellationToken.None));
        Assert.Empty(await SchemaMigrator.MigrateAsync(connection));
    }
}
