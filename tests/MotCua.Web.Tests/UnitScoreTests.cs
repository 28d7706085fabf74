using System.Net;
using MotCua.Web.Features.Demo;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Ratings;

namespace MotCua.Web.Tests;

/// <summary>
/// The TT 01/2018/TT-VPCP unit scores over real HTTP (docs/RATINGS.md): nine rows with MotCua's proposals; the leader
/// writes the self-score with a reason, the inspector the appraised score, each column kept beside the other; 403 by
/// column and role, 422 outside 0..2 naming the field, every write audited; the page reads and writes the same.
/// </summary>
public class UnitScoreTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Sheet = $"/api/v1/reports/unit-scores/{DemoData.ThuanHoaCode}/2025-Q4";

    [Fact]
    public async Task Self_and_appraised_scores_sit_side_by_side_written_only_by_their_roles()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var sheet = await leader.GetFromJsonAsync<JsonElement>(Sheet);
        Assert.Equal(Enumerable.Range(1, 9), sheet.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("indicator").GetInt32()));
        Assert.Equal("Q4/2025", sheet.GetProperty("quarter").GetString());
        // A commune's one-stop unit: indicator 5 proposed at 2.
        Assert.Equal(2m, sheet.GetProperty("rows")[4].GetProperty("proposed").GetDecimal());

        foreach (var i in UnitScoring.Indicators)
        {
            var put = await leader.PutAsJsonAsync(Sheet, new { indicator = i.Number, selfScore = 2m, reason = "Đơn vị tự đánh giá" });
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }
        var inspector = await app.OfficerAsync("thanhtra");
        var appraised = await inspector.PutAsJsonAsync(Sheet, new { indicator = 7, appraisedScore = 1.5m, reason = "Còn phản ánh về thái độ" });
        Assert.True(appraised.StatusCode == HttpStatusCode.OK, await appraised.Content.ReadAsStringAsync());
        var after = await appraised.Content.ReadFromJsonAsync<JsonElement>();
        var seventh = after.GetProperty("rows")[6];
        Assert.Equal(2m, seventh.GetProperty("selfScore").GetDecimal());
        Assert.Equal(1.5m, seventh.GetProperty("appraisedScore").GetDecimal());
        Assert.Equal(18m, after.GetProperty("selfTotal").GetDecimal());
        Assert.Equal("Xuất sắc", after.GetProperty("selfBand").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("appraisedTotal").ValueKind);

        // 403 by column and role: the leader may not appraise, the inspector may not self-score, a specialist neither,
        // another agency's leader not this agency's self-score; a system nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync(Sheet, new { indicator = 1, appraisedScore = 2m })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.PutAsJsonAsync(Sheet, new { indicator = 1, selfScore = 2m, reason = "x" })).StatusCode);
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync(Sheet, new { indicator = 1, selfScore = 2m, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(Sheet)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync(Sheet)).StatusCode);
        // 422 outside 0..2, a missing reason, both columns, a bad quarter.
        foreach (var (body, field) in new (object, string)[]
        {
            (new { indicator = 1, selfScore = 2.5m, reason = "x" }, "selfScore"),
            (new { indicator = 1, selfScore = -1m, reason = "x" }, "selfScore"),
            (new { indicator = 10, selfScore = 1m, reason = "x" }, "indicator"),
            (new { indicator = 1, selfScore = 1m }, "reason"),
        })
        {
            var bad = await leader.PutAsJsonAsync(Sheet, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var badAppraisal = await inspector.PutAsJsonAsync(Sheet, new { indicator = 2, appraisedScore = 3m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badAppraisal.StatusCode);
        Assert.True((await badAppraisal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("appraisedScore", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await leader.GetAsync($"/api/v1/reports/unit-scores/{DemoData.ThuanHoaCode}/2025-Q9")).StatusCode);
        // Every write audited, nothing for the refused ones.
        Assert.Equal(9, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'unit-score.self'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'unit-score.appraised'"));

        // The page shows both columns and the leader's form.
        var page = await leader.GetStringAsync($"/bao-cao/cham-diem?agency={DemoData.ThuanHoaCode}&quy=Q4/2025");
        Assert.Contains("Nhập điểm tự chấm", page);
        Assert.Matches("1[.,]50", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/bao-cao/cham-diem?agency={DemoData.ThuanHoaCode}&quy=Q4/2025")).StatusCode);
    }
}
