using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Dossiers;

namespace MotCua.Web.Tests;

/// <summary>
/// Who still sees a dossier after it moved on (a co-agency answered, a higher level sent its result back), what the page
/// says about actions it does not offer, the inspector's province-wide read-only view, the online check as a processing
/// action, and finding a dossier on /ho-so.
/// </summary>
public class ProcessingVisibilityTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static string Step(string name, string kind, string performer, decimal hours, string? agencyCode = null) =>
        JsonSerializer.Serialize(new { name, kind, performer, allowance = new { amount = hours, unit = "workingHours" }, maySendBack = false, agencyCode });

    // Đăng ký giám hộ (1.004837, 3 working days) at phường Thuận Hóa with this internal process.
    private async Task<string> ReceiveWithProcessAsync(string fullName, params string[] steps)
    {
        _ = app.BaseAddress;
        var process = "{\"steps\":[" + string.Join(",", steps) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.004837' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}') RETURNING 1
            """));
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", fullName: fullName));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    // Posts an action form of the dossier page as htmx does and returns the answer (a redirect on success).
    private static async Task<HttpResponseMessage> PostActionAsync(HttpClient officer, string code, ProcessingAction action, Dictionary<string, string>? fields = null)
    {
        var page = await officer.GetStringAsync($"/ho-so/{code}");
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ho-so/{code}?handler=Act&action={action}") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("HX-Request", "true");
        return await officer.SendAsync(request);
    }

    [Fact]
    public async Task A_co_agency_that_answered_keeps_a_read_only_view_and_the_leader_is_told_why_approval_waits()
    {
        var code = await ReceiveWithProcessAsync("Trần Thị Giám Hộ",
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
        var justiceHead = await app.OfficerAsync("truongphong.tuphap");
        await OkAsync(desk, code, "transfer");
        await OkAsync(clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ" });

        var waiting = await leader.GetStringAsync($"/ho-so/{code}");
        Assert.DoesNotContain("id=\"act-Approve\"", waiting);
        Assert.Contains("id=\"act-RefuseOnMerits\"", waiting);
        Assert.Contains("<li id=\"why-Approve\"><strong>Phê duyệt kết quả:</strong> Còn chờ ý kiến phối hợp của Sở Tư pháp; chỉ phê duyệt khi các cơ quan phối hợp đã trả lời.</li>", waiting);
        var api = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        var why = api.GetProperty("processing").GetProperty("unavailableActions").EnumerateArray().Single(a => a.GetProperty("action").GetString() == "approve");
        Assert.Equal(("wrongState", "Còn chờ ý kiến phối hợp của Sở Tư pháp; chỉ phê duyệt khi các cơ quan phối hợp đã trả lời."),
            (why.GetProperty("kind").GetString(), why.GetProperty("reason").GetString()));

        var answered = await PostActionAsync(justice, code, ProcessingAction.CompleteCoAgencyTask,
            new() { ["f.StepIndex"] = "2", ["f.Note"] = "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var after = await justice.GetAsync(answered.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var afterPage = await after.Content.ReadAsStringAsync();
        Assert.Contains("Đã gửi ý kiến của cơ quan phối hợp.", afterPage);
        Assert.Contains("id=\"read-only\"", afterPage);
        Assert.Contains("Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự", afterPage);
        Assert.DoesNotContain("<form method=\"post\" action=\"/ho-so/", afterPage);
        // The head of the co-agency reads it too; an officer of the centre, which never held it, does not.
        Assert.Contains("id=\"read-only\"", await justiceHead.GetStringAsync($"/ho-so/{code}"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("chuyenvien.trungtam")).GetAsync($"/ho-so/{code}")).StatusCode);
        Assert.Contains(code, await justice.GetStringAsync("/ho-so"));
        // Reading is all the co-agency keeps: a forged action is refused and writes nothing.
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'");
        var forged = await PostActionAsync(justice, code, ProcessingAction.Approve, new() { ["f.Note"] = "Thay" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(events, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));

        Assert.Contains("id=\"act-Approve\"", await leader.GetStringAsync($"/ho-so/{code}"));
    }

    [Fact]
    public async Task After_a_hand_off_the_higher_level_that_sent_its_result_back_keeps_a_read_only_view_with_the_history()
    {
        var code = await ReceiveWithProcessAsync("Lê Văn Chuyển Cấp",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa phường", 1),
            Step("Giải quyết tại Trung tâm Phục vụ hành chính công", "handoff", "Trung tâm Phục vụ hành chính công thành phố", 20, DemoData.CentreCode),
            Step("Trả kết quả", "result", "Bộ phận Một cửa phường", 1));
        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var centre = await app.OfficerAsync("tiepnhan.trungtam");
        var transferred = await PostActionAsync(desk, code, ProcessingAction.Transfer);
        Assert.Equal(HttpStatusCode.Redirect, transferred.StatusCode);
        Assert.Contains("Đã chuyển hồ sơ đến bộ phận giải quyết.", await desk.GetStringAsync(transferred.Headers.Location!.ToString()));

        var sent = await PostActionAsync(centre, code, ProcessingAction.CompleteStep, new() { ["f.Note"] = "Đã giải quyết, gửi kết quả về phường" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await centre.GetStringAsync(sent.Headers.Location!.ToString());
        Assert.Contains("Đã hoàn thành bước xử lý.", page);
        Assert.Contains("Hồ sơ đang do Trung tâm Phục vụ hành chính công phường Thuận Hóa giữ.", page);
        Assert.Contains("Đã giải quyết, gửi kết quả về phường", page);
        Assert.Contains("id=\"read-only\"", await (await app.OfficerAsync("lanhdao.trungtam")).GetStringAsync($"/ho-so/{code}"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("chuyenvien.trungtam")).GetAsync($"/ho-so/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/ho-so/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await centre.GetAsync($"/api/v1/dossiers/{code}/events")).StatusCode);
    }

    [Fact]
    public async Task Withdrawal_is_refused_once_the_leader_decided()
    {
        var code = await ReceiveWithProcessAsync("Phạm Văn Rút",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1),
            Step("Thẩm định hồ sơ", "appraise", "Công chức", 8),
            Step("Phê duyệt, ký kết quả", "approve", "Lãnh đạo", 4),
            Step("Trả kết quả", "result", "Bộ phận Một cửa", 1));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "transfer");
        await OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hợp lệ" });
        await OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "approve");
        var response = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/withdraw", new { reason = "Xin rút" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("đã có kết quả giải quyết", await response.Content.ReadAsStringAsync());
        Assert.Contains("<li id=\"why-Withdraw\">", await desk.GetStringAsync($"/ho-so/{code}"));
        Assert.Equal(4, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
    }

    [Fact]
    public async Task Accepting_or_refusing_an_online_dossier_is_the_receiving_officers_action_on_the_page_and_the_api()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        async Task<string> OnlineAsync() => (await (await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online", fullName: "Trực Tuyến Hai")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var first = await OnlineAsync();
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var page = await leader.GetStringAsync($"/ho-so/{first}");
        var legacy = await leader.PostAsync($"/ho-so/{first}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["decision"] = "accept",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, legacy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostActionAsync(clerk, first, ProcessingAction.RefuseOnline, new() { ["f.Reason"] = "Thiếu" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/v1/dossiers/{first}/accept-online", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().PostAsJsonAsync($"/api/v1/dossiers/{first}/accept-online", new { })).StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{first}'"));

        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Contains("id=\"act-AcceptOnline\"", await desk.GetStringAsync($"/ho-so/{first}"));
        var accepted = await OkAsync(desk, first, "accept-online");
        Assert.Equal(2, accepted.GetProperty("status").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, accepted.GetProperty("registerNumber").ValueKind);

        var second = await OnlineAsync();
        var refused = await desk.PostAsJsonAsync($"/api/v1/dossiers/{second}/refuse-online", new { reason = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var done = await OkAsync(desk, second, "refuse-online", new { reason = "Không thuộc thẩm quyền của phường", legalBasis = "Điều 9 Nghị định 123/2015/NĐ-CP" });
        Assert.Equal((3, "Không thuộc thẩm quyền của phường"), (done.GetProperty("status").GetInt32(), done.GetProperty("refusalReason").GetString()));
    }

    [Fact]
    public async Task The_inspector_reads_every_dossier_of_the_province_read_only_and_every_read_is_audited()
    {
        _ = app.BaseAddress;
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var thuanHoa = (await (await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Hồ Thị Thanh Tra"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var phuXuan = (await (await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.PhuXuanCode, fullName: "Đoàn Văn Kiểm")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var inspector = await app.OfficerAsync("thanhtra");

        var worklist = await inspector.GetAsync("/xu-ly");
        Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
        var lists = await worklist.Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"UserName\"", lists);
        Assert.Contains(thuanHoa, lists);
        Assert.Contains(phuXuan, lists);
        var all = await inspector.GetStringAsync("/ho-so");
        Assert.Contains(thuanHoa, all);
        Assert.Contains(phuXuan, all);
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM dossiers"), long.Parse(System.Text.RegularExpressions.Regex.Match(all, "id=\"dossier-count\">(\\d+) hồ sơ").Groups[1].Value));

        var audited = await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = '{phuXuan}' AND action = 'dossier.read'");
        var page = await inspector.GetStringAsync($"/ho-so/{phuXuan}");
        Assert.Contains("Chế độ thanh tra", page);
        Assert.Contains("Lịch sử xử lý", page);
        Assert.DoesNotContain("<form method=\"post\" action=\"/ho-so/", page);
        Assert.Equal(audited + 1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = '{phuXuan}' AND action = 'dossier.read'"));
        var events = await inspector.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{phuXuan}/events");
        Assert.Equal("receive", events![0].GetProperty("action").GetString());
        var act = await inspector.PostAsJsonAsync($"/api/v1/dossiers/{phuXuan}/transfer", new { });
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Equal(2, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{phuXuan}'"));
    }

    [Fact]
    public async Task Dossiers_are_found_by_code_name_without_diacritics_CCCD_and_phone_within_what_the_officer_may_see()
    {
        _ = app.BaseAddress;
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = (await (await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Nguyễn Thị Ánh Tuyết", idNumber: "046195007788", phone: "0914556677")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        foreach (var query in new[] { code, code[..^2], "anh tuyet", "Ánh Tuyết", "NGUYEN THI ANH", "046195007788", "0914 556 677", "0914556677" })
        {
            var found = await desk.GetStringAsync($"/ho-so?q={Uri.EscapeDataString(query)}");
            Assert.True(found.Contains($"href=\"/ho-so/{code}\""), $"'{query}' không tìm thấy {code}");
            Assert.DoesNotContain($"href=\"/ho-so/{code}\"", await stranger.GetStringAsync($"/ho-so?q={Uri.EscapeDataString(query)}"));
        }
        foreach (var query in new[] { "Tuyết Nhung", "046195007789", "000.10.02.H46-" })
            Assert.DoesNotContain($"href=\"/ho-so/{code}\"", await desk.GetStringAsync($"/ho-so?q={Uri.EscapeDataString(query)}"));
        var onlyMatch = await desk.GetStringAsync("/ho-so?q=anh+tuyet");
        Assert.Contains("id=\"dossier-count\">1 hồ sơ", onlyMatch);
    }

    /// <summary>The lists' SQL (<see cref="DossierAccess.Visible"/>) and the Domain's rule agree on every dossier the other tests
    /// of this class left behind (hand-offs, co-agency tasks, online submissions, refusals) for every demo officer.</summary>
    [Fact]
    public async Task The_lists_show_exactly_the_dossiers_the_Domain_lets_each_officer_read()
    {
        await A_co_agency_that_answered_keeps_a_read_only_view_and_the_leader_is_told_why_approval_waits();
        await After_a_hand_off_the_higher_level_that_sent_its_result_back_keeps_a_read_only_view_with_the_history();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossiers = await db.Dossiers.AsNoTracking().Include(d => d.Events).ToListAsync();
        var users = await db.Users.AsNoTracking().ToListAsync();
        Assert.True(dossiers.Count >= 2);
        foreach (var user in users)
        {
            var officer = new Officer(new Actor(user.FullName, user.Id), MotCua.Web.Infrastructure.Claims.RoleOf(
                new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Role, user.Role)])))!.Value, user.AgencyId);
            var listed = await DossierAccess.Visible(db.Dossiers.AsNoTracking(), officer).Select(d => d.Code).OrderBy(c => c).ToListAsync();
            var ruled = dossiers.Where(d => d.VisibilityFor(officer) != Visibility.None).Select(d => d.Code).Order().ToList();
            Assert.True(ruled.SequenceEqual(listed), $"{user.UserName}: SQL {string.Join(",", listed)} / Domain {string.Join(",", ruled)}");
        }
    }
}
