using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>Interconnected (liên thông) processing with an adopted process: a co-agency task at another agency, and a hand-off up a level;
/// afterwards the co-agency and the higher level keep a read-only view.</summary>
public class ProcessingInterconnectedTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static string Step(string name, string kind, string performer, decimal hours, string? agencyCode = null) =>
        JsonSerializer.Serialize(new { name, kind, performer, allowance = new { amount = hours, unit = "workingHours" }, maySendBack = false, agencyCode });

    // Đăng ký giám hộ (1.004837, 3 working days) at phường Thuận Hóa with this internal process.
    private async Task<string> ReceiveWithProcessAsync(params string[] steps)
    {
        _ = app.BaseAddress; // starts the app, which creates, migrates and seeds its database
        var process = "{\"steps\":[" + string.Join(",", steps) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.004837' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}') RETURNING 1
            """));
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string code, string action, object? body = null) =>
        await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });

    private static async Task<JsonElement> OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await ActAsync(client, code, action, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_co_agency_answers_its_task_in_parallel_and_only_while_it_owes_one_can_it_see_the_dossier()
    {
        var code = await ReceiveWithProcessAsync(
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1),
            Step("Thẩm định hồ sơ", "appraise", "Công chức Tư pháp - Hộ tịch", 8),
            Step("Xác minh, cho ý kiến về người giám hộ", "coAgency", "Sở Tư pháp", 8, "000.00.02.H46"),
            Step("Phê duyệt, ký kết quả", "approve", "Lãnh đạo UBND phường", 4),
            Step("Trả kết quả", "result", "Bộ phận Một cửa", 1));
        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var justice = await app.OfficerAsync("chuyenvien.tuphap");
        var other = await app.OfficerAsync("tiepnhan.phuxuan");

        Assert.Equal(HttpStatusCode.NotFound, (await justice.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        var transferred = await OkAsync(desk, code, "transfer");
        var task = Assert.Single(transferred.GetProperty("processing").GetProperty("coAgencyTasks").EnumerateArray());
        Assert.Equal(("Sở Tư pháp", 2), (task.GetProperty("agency").GetProperty("name").GetString(), task.GetProperty("stepIndex").GetInt32()));
        Assert.Equal("appraise", transferred.GetProperty("processing").GetProperty("currentStep").GetProperty("kind").GetString());

        var forJustice = await justice.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal(["completeCoAgencyTask"], forJustice.GetProperty("processing").GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        var mine = await justice.GetFromJsonAsync<JsonElement>("/api/v1/worklists/mine");
        Assert.Contains(code, mine.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        var notTheirs = await ActAsync(justice, code, "complete-step", new { note = "Thay" });
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Contains("Đơn vị của bạn", await notTheirs.Content.ReadAsStringAsync());

        await OkAsync(clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ" });
        var waiting = await ActAsync(leader, code, "approve");
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Contains("Còn chờ ý kiến phối hợp của Sở Tư pháp", await waiting.Content.ReadAsStringAsync());

        var answered = await OkAsync(justice, code, "co-agency-task", new { answer = "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự" });
        Assert.Equal("Hoàng Minh Đức", answered.GetProperty("processing").GetProperty("coAgencyTasks")[0].GetProperty("doneBy").GetString());
        // Once answered, the co-agency keeps a read-only view (Visibility.Handler): no action is open to it any more.
        var afterAnswer = await justice.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Empty(afterAnswer.GetProperty("processing").GetProperty("allowedActions").EnumerateArray());
        await OkAsync(leader, code, "approve");
        await OkAsync(desk, code, "result-ready");
        var events = await desk.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/events");
        Assert.Contains(events!, e => e.GetProperty("action").GetString() == "co-agency" && e.GetProperty("step").GetString() == "Xác minh, cho ý kiến về người giám hộ");

        var page = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("Phối hợp liên thông", page);
        Assert.Contains("Người giám hộ đủ điều kiện", page);
    }

    [Fact]
    public async Task A_hand_off_is_resolved_by_the_higher_level_and_returned_by_the_receiving_point()
    {
        var code = await ReceiveWithProcessAsync(
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa phường", 1),
            Step("Giải quyết tại Trung tâm Phục vụ hành chính công", "handoff", "Trung tâm Phục vụ hành chính công thành phố", 20, DemoData.CentreCode),
            Step("Trả kết quả", "result", "Bộ phận Một cửa phường", 1));
        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var centre = await app.OfficerAsync("tiepnhan.trungtam");

        var handed = await OkAsync(desk, code, "transfer");
        var processing = handed.GetProperty("processing");
        Assert.Equal(DemoData.CentreCode, processing.GetProperty("holder").GetProperty("code").GetString());
        Assert.Equal(DemoData.CentreCode, processing.GetProperty("resolvingAgency").GetProperty("code").GetString());
        Assert.Equal(DemoData.ThuanHoaCode, handed.GetProperty("agency").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(desk, code, "complete-step", new { note = "Tự giải quyết" })).StatusCode);

        await OkAsync(centre, code, "complete-step", new { note = "Đã giải quyết, gửi kết quả về phường" });
        var afterHandOff = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Empty(afterHandOff.GetProperty("processing").GetProperty("allowedActions").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("chuyenvien.trungtam")).GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        await OkAsync(desk, code, "result-ready");
        var returned = await OkAsync(desk, code, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" });
        Assert.Equal(10, returned.GetProperty("status").GetInt32());
        Assert.Equal(DemoData.CentreCode, returned.GetProperty("processing").GetProperty("resolvingAgency").GetProperty("code").GetString());
    }
}
