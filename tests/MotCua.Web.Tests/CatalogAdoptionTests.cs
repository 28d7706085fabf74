using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>An agency's adoption: local terms never beyond the legal ones, and only a sound process published.</summary>
public class CatalogAdoptionTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // Thuận Hóa has the officers a commune's process needs, so its processes may be published (InternalProcess.UnstaffedSteps).
    private const string Url = $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/{CatalogDemo.BirthRegistrationCode}";

    private static object Step(string name, string kind, string performer, decimal hours, bool maySendBack = false) =>
        new { name, kind, performer, allowance = new { amount = hours, unit = "workingHours" }, maySendBack };

    private static readonly object SoundProcess = new
    {
        steps = new[]
        {
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1),
            Step("Thẩm định", "appraise", "Công chức Tư pháp - Hộ tịch", 3, true),
            Step("Ký giấy khai sinh", "approve", "Chủ tịch UBND phường", 2, true),
            Step("Trả kết quả", "result", "Bộ phận Một cửa", 1),
        },
    };

    private static readonly object ProcessWithoutResult = new
    {
        steps = new[] { Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1), Step("Thẩm định", "appraise", "Công chức", 3) },
    };

    [Fact]
    public async Task A_local_time_limit_longer_than_the_legal_one_is_refused_in_Vietnamese()
    {
        var admin = await app.OfficerAsync("quantri");
        var response = await admin.PutAsJsonAsync(Url, new { timeLimitAmount = 2, timeLimitUnit = "workingDays" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Dữ liệu không hợp lệ", problem.GetProperty("title").GetString());
        Assert.Contains("không được dài hơn thời hạn theo quy định", problem.GetProperty("errors").GetProperty("timeLimitAmount")[0].GetString());
    }

    [Fact]
    public async Task A_broken_process_is_kept_as_a_draft_but_cannot_be_published()
    {
        var admin = await app.OfficerAsync("quantri");
        var publish = await admin.PutAsJsonAsync(Url, new { process = ProcessWithoutResult, publish = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        var problem = await publish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").GetProperty("process").EnumerateArray(),
            m => m.GetString()!.Contains("Bước cuối cùng của quy trình phải là bước trả kết quả"));

        var draft = await admin.PutAsJsonAsync(Url, new { process = ProcessWithoutResult });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var saved = await draft.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, saved.GetProperty("processDraft").GetProperty("steps").GetArrayLength());
        // The demo's published process is still the one dossiers follow.
        Assert.Equal(4, saved.GetProperty("process").GetProperty("steps").GetArrayLength());
        Assert.Equal("result", saved.GetProperty("process").GetProperty("steps")[3].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_sound_process_with_a_shorter_local_limit_is_published_listed_and_audited()
    {
        var admin = await app.OfficerAsync("quantri");
        var response = await admin.PutAsJsonAsync(Url, new
        {
            timeLimitAmount = 7, timeLimitUnit = "workingHours", fee = 0, feeText = "Miễn lệ phí", cutoff = "15:30", process = SoundProcess, publish = true,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var list = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures");
        var adoption = list.EnumerateArray().Single(a => a.GetProperty("code").GetString() == CatalogDemo.BirthRegistrationCode);
        Assert.Equal(7, adoption.GetProperty("localTimeLimit").GetProperty("amount").GetDecimal());
        Assert.Equal(1, adoption.GetProperty("legalTimeLimit").GetProperty("amount").GetDecimal());
        Assert.Equal("15:30", adoption.GetProperty("cutoff").GetString());
        Assert.Equal("Miễn lệ phí", adoption.GetProperty("feeText").GetString());
        Assert.Equal("Ký giấy khai sinh", adoption.GetProperty("process").GetProperty("steps")[2].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, adoption.GetProperty("processDraft").ValueKind);
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'agency:{DemoData.ThuanHoaCode}/procedure:{CatalogDemo.BirthRegistrationCode}' AND details ? 'before' AND user_id IS NOT NULL") >= 1);

        // The shorter limit now binds: a process that fit 8 hours no longer fits 7 once the local limit drops to 6.
        var shorter = await admin.PutAsJsonAsync(Url, new { timeLimitAmount = 6, timeLimitUnit = "workingHours" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, shorter.StatusCode);
    }

    [Fact]
    public async Task Only_administrators_change_adoptions_and_unknown_agencies_are_404()
    {
        var officer = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync(Url, new { feeText = "x" })).StatusCode);
        var admin = await app.OfficerAsync("quantri");
        var missing = await admin.PutAsJsonAsync($"/api/v1/agencies/000.99.99.H46/procedures/{CatalogDemo.BirthRegistrationCode}", new { feeText = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/agencies/000.99.99.H46/procedures")).StatusCode);
    }

    [Fact]
    public async Task Every_demo_adoption_has_a_published_process_that_passes_the_rules()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var calendars = scope.ServiceProvider.GetRequiredService<CalendarStore>();
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Id);
        var adoptions = await db.AgencyProcedures.Where(a => a.Process != null).ToListAsync();
        Assert.NotEmpty(adoptions);
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, adoptions.Select(a => a.ProcedureCode).Distinct().ToArray(), default);
        foreach (var adoption in adoptions)
        {
            var calendar = await calendars.ForAsync(agencies[adoption.AgencyId]);
            Assert.Empty(adoption.Process!.Problems(ProcedureSpecs.DirectTimeLimit(specs[adoption.ProcedureCode])!.Value, calendar));
        }
    }
}
