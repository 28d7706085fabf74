using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16h LOWs A, B, F, G, H and I: a push's one 422 names an unknown MaDonViTiepNhan beside a malformed
/// MaTTHC (A); a push re-sent with its keys in another order and indented is the replay, not a conflict (B); "paid online"
/// with fees totalling 0 is a 422 naming DanhSachLePhi (F); a desk feedback with a call time is a 422 naming callAt (G);
/// the monitoring envelope's isUpdating is "true", "false" or absent (H); the e-form error of a push says DuLieuToKhai (I).
/// </summary>
public class PushAndEnvelopeStrictnessTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static int serial;

    private static string NewPortalCode() => $"000.00.00.G22-251117-{Interlocked.Increment(ref serial) + Random.Shared.Next(10_000, 90_000):D5}";

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private async Task<(HttpResponseMessage Response, string Text)> PushAsync(string body)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsync("/api/v1/portal/dossiers", Json(body));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Errors(string text) => JsonDocument.Parse(text).RootElement.GetProperty("errors");

    [Fact]
    public async Task An_unknown_receiving_unit_is_named_beside_a_malformed_procedure_code()
    {
        foreach (var unit in new[] { "XYZ", "000.99.99.H46" })
        {
            var body = PortalInboundTests.Push(NewPortalCode(), agencyCode: unit, procedure: "1.99");
            var (response, text) = await PushAsync(body.ToJsonString());
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
            Assert.True(Errors(text).TryGetProperty("MaTTHC", out _), text);
            Assert.Contains($"Không tìm thấy cơ quan có mã '{unit}'", Errors(text).GetProperty("MaDonViTiepNhan")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_push_resent_with_its_keys_reordered_and_indented_is_answered_as_the_replay()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var body = PortalInboundTests.Push(NewPortalCode());
        var (first, text) = await PushAsync(body.ToJsonString());
        Assert.True(first.StatusCode == HttpStatusCode.Created, text);
        var code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString();
        // The same values, every object's keys in reverse order, indented as json.dumps(indent=2) writes.
        static JsonNode? Reversed(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reversed(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Reversed)]),
            _ => node?.DeepClone(),
        };
        var (again, againText) = await PushAsync(Reversed(body)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.True(again.StatusCode == HttpStatusCode.OK, againText);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(code, JsonDocument.Parse(againText).RootElement.GetProperty("code").GetString());
        // Another value is still a conflict.
        body["DiaChi"] = "26 Nguyễn Huệ, phường Thuận Hóa, thành phố Huế";
        Assert.Equal(HttpStatusCode.Conflict, (await PushAsync(body.ToJsonString())).Response.StatusCode);
    }

    [Fact]
    public async Task Paid_online_with_fees_totalling_zero_is_refused_naming_the_fee_list()
    {
        var body = PortalInboundTests.Push(NewPortalCode());
        body["DuocThanhToanTrucTuyen"] = "1";
        body["DanhSachLePhi"] = new JsonArray(new JsonObject { ["TenPhiLePhi"] = "Lệ phí", ["MaPhiLePhi"] = "", ["HinhThucThu"] = "2", ["Gia"] = "0", ["LoaiPhiLePhi"] = "2" });
        var (response, text) = await PushAsync(body.ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains("lớn hơn 0 đồng", Errors(text).GetProperty("DanhSachLePhi")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_e_form_error_of_a_push_names_the_portals_field()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var body = PortalInboundTests.Push(NewPortalCode(), agencyCode: DemoData.CentreCode, procedure: "1.001294", idNumber: "046095007766");
        var (response, text) = await PushAsync(body.ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var said = Errors(text).GetProperty("DuLieuToKhai")[0].GetString()!;
        Assert.Contains("DuLieuToKhai", said, StringComparison.Ordinal);
        Assert.DoesNotContain("formData", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_desk_feedback_with_a_call_time_is_refused_naming_it()
    {
        using var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var response = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel = "desk", callAt = "2025-11-17T08:30:00+07:00", kind = "phan-anh",
            senderName = "Lê Văn Tâm", senderPhone = "0905111222", senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.True(Errors(text).TryGetProperty("callAt", out _), text);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM feedback WHERE sender_name = 'Lê Văn Tâm'"));
    }

    [Fact]
    public async Task The_monitoring_envelope_takes_isUpdating_true_false_or_nothing()
    {
        var client = app.ApiClient(DemoData.PortalApiKey);
        var response = await client.PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service = "DongBoHoSoMC", isUpdating = "maybe", data = new[] { new { MaHoSo = "x" } } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Equal(["isUpdating"], Errors(text).EnumerateObject().Select(p => p.Name));
    }
}
