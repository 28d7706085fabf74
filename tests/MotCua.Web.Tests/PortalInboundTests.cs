using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, piece B: dossiers the National Public Service Portal pushes (<c>POST /api/v1/portal/dossiers</c>) over real
/// HTTP and PostgreSQL: the same intake path as the desk and the API, status 1 at the receiving unit, origin 2, idempotent
/// by the portal's code; every invalid field named by the portal's own path; paid online recorded through the Payments
/// slice; only a system granted <c>portal-push</c>.
/// </summary>
public class PortalInboundTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static int serial;

    /// <summary>A push as the portal sends it: every scalar a string, instants yyyyMMddHHmmss in Vietnam time.</summary>
    public static JsonObject Push(string portalCode, string agencyCode = DemoData.ThuanHoaCode, string procedure = "1.001193", string idNumber = "046095001234")
    {
        var form = new JsonObject();
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[key] = value;
        return new JsonObject
        {
            ["MaHoSo"] = portalCode, ["MaTTHC"] = procedure, ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = agencyCode,
            ["KenhThucHien"] = "2", ["ChuHoSo"] = "Lê Thị Hồng", ["SoGiayToChuHoSo"] = idNumber, ["LoaiDoiTuong"] = "1",
            ["MaDoiTuong"] = "TECH-8842", ["Email"] = "hong.le@example.vn", ["SoDienThoai"] = "0905123456",
            ["DiaChi"] = "25 Nguyễn Huệ, phường Thuận Hóa, thành phố Huế", ["NgayNopHoSo"] = "20251117083000",
            ["TaiKhoanDuocXacThucVoiVNeID"] = "1", ["DuocThanhToanTrucTuyen"] = "0", ["DuLieuToKhai"] = form,
            ["TaiLieuNop"] = new JsonArray(
                new JsonObject
                {
                    ["TepDinhKemId"] = "1", ["TenTepDinhKem"] = "Giấy chứng sinh", ["IsDeleted"] = "False", ["MaThanhPhanHoSo"] = "",
                    ["DuongDanTaiTepTin"] = "https://dichvucong.gov.vn/tep/8842-1.pdf", ["DuocSoHoa"] = "1", ["DuocTaiSuDung"] = "0",
                },
                new JsonObject
                {
                    ["TepDinhKemId"] = "2", ["TenTepDinhKem"] = "Tờ khai đăng ký khai sinh", ["IsDeleted"] = "False", ["MaThanhPhanHoSo"] = "",
                    ["DuongDanTaiTepTin"] = "https://dichvucong.gov.vn/tep/8842-2.pdf", ["DuocSoHoa"] = "0", ["DuocTaiSuDung"] = "1",
                }),
        };
    }

    private static string NewPortalCode() => $"000.00.00.G22-251117-{Interlocked.Increment(ref serial) + Random.Shared.Next(10_000, 90_000):D5}";

    private HttpClient Portal() => app.ApiClient(DemoData.PortalApiKey);

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task One_422_names_every_wrong_field_of_a_push_and_of_a_bulk_repush()
    {
        // Third trial LOW 9: a 6,000-character TenTepDinhKem went unnamed beside 6,000-character ChuHoSo and DiaChi (named
        // alone); the bulk re-push named only `from`, then only `to`, never `agency`.
        var body = Push(NewPortalCode());
        var huge = new string('a', 6_000);
        body["ChuHoSo"] = huge;
        body["DiaChi"] = huge;
        body["TaiLieuNop"]![0]!["TenTepDinhKem"] = huge;
        using var portal = Portal();
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        var text = await pushed.Content.ReadAsStringAsync();
        Assert.True(pushed.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var named = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("ChuHoSo", named);
        Assert.Contains("DiaChi", named);
        Assert.Contains("TaiLieuNop[0].TenTepDinhKem", named);

        var admin = await app.OfficerAsync("quantri");
        var repush = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { state = "failed", agency = "zzz", from = "31/02/2026", to = "2026-13-01" });
        text = await repush.Content.ReadAsStringAsync();
        Assert.True(repush.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Equal(["agency", "from", "to"], JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        repush = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { state = "some", agency = "zzz" });
        text = await repush.Content.ReadAsStringAsync();
        Assert.Equal(["agency", "state"], JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_officer_finds_a_pushed_dossier_by_its_portal_code_and_its_page_shows_that_code()
    {
        // Third trial LOW 4: /ho-so?q=<portal code> showed "0 hồ sơ" and the dossier page never printed it.
        var portalCode = NewPortalCode();
        using var portal = Portal();
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers", Json(Push(portalCode)));
        Assert.True(pushed.StatusCode == HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
        var code = (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var search in new[] { portalCode, portalCode.ToLowerInvariant(), portalCode[..^2] })
        {
            var list = await desk.GetStringAsync($"/ho-so?q={Uri.EscapeDataString(search)}");
            Assert.Contains($"/ho-so/{code}", list, StringComparison.Ordinal);
        }
        var page = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains($"id=\"portal-code\">{portalCode}<", page, StringComparison.Ordinal);
        Assert.Equal(portalCode, (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("portalCode").GetString());
        // Another unit's officer still finds nothing by it.
        Assert.DoesNotContain($"/ho-so/{code}", await (await app.OfficerAsync("tiepnhan.phuxuan")).GetStringAsync($"/ho-so?q={portalCode}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_push_ten_times_at_once_makes_one_dossier_at_status_1_and_nine_replays()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var portalCode = NewPortalCode();
        var body = Push(portalCode);
        using var portal = Portal();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => portal.PostAsync("/api/v1/portal/dossiers", Json(body))));
        // Each answer's body read once (a second read of a test server's response finds its stream closed).
        var texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        for (var i = 0; i < answers.Length; i++) Assert.True(answers[i].StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, texts[i]);
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.OK && a.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true"));
        var codes = texts.Select(t => JsonDocument.Parse(t).RootElement.GetProperty("code").GetString()).ToArray();
        var code = Assert.Single(codes.Distinct())!;
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{portalCode}'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND origin = 2 AND status = 1 AND channel = 2 AND portal_account_id = 'TECH-8842'"));
        // The same path as the API: one first event, one outbox message, the receiving unit holds it.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dossier:{code}'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id WHERE d.code = '{code}' AND a.code = '{DemoData.ThuanHoaCode}'"));
        // The files, digitised and reused flags are kept; VNeID verification is recorded by method 2.
        // (The stored JSON's key names follow the model's serializer: matched without regard to case.)
        Assert.Equal(3, await app.ScalarAsync($"""
            SELECT count(*) FROM dossiers d, jsonb_array_elements(d.documents::jsonb) WITH ORDINALITY e (doc, n), jsonb_each_text(e.doc) kv
            WHERE d.code = '{code}' AND (n = 1 AND lower(kv.key) = 'fileurl' AND kv.value = 'https://dichvucong.gov.vn/tep/8842-1.pdf'
               OR n = 1 AND lower(kv.key) = 'digitised' AND kv.value = 'true' OR n = 2 AND lower(kv.key) = 'reused' AND kv.value = '1')
            """));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{code}' AND v.method = 2"));
        var first = JsonDocument.Parse(texts[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.Created)]).RootElement;
        Assert.Equal(portalCode, first.GetProperty("portalCode").GetString());
        Assert.Equal(1, first.GetProperty("status").GetInt32());

        // Another body under the same MaHoSo: 409 naming both codes, nothing written.
        var changed = Push(portalCode);
        changed["ChuHoSo"] = "Lê Thị Hồng Nhung";
        var conflict = await portal.PostAsync("/api/v1/portal/dossiers", Json(changed));
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(problem.ToString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(portalCode, problem.GetProperty("portalCode").GetString());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{portalCode}' AND applicant_full_name = 'Lê Thị Hồng'"));
    }

    [Fact]
    public async Task The_public_lookup_finds_a_pushed_dossier_by_the_portals_code_and_answers_with_ours()
    {
        // Trial 16b LOW 10: the citizen who submitted on the portal knows only its MaHoSo.
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var portalCode = NewPortalCode();
        using var portal = Portal();
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers", Json(Push(portalCode)));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        var code = (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        using var citizen = app.CreateClient();
        var byPortal = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{Uri.EscapeDataString(portalCode)}");
        Assert.Equal(code, byPortal.GetProperty("code").GetString());
        Assert.Equal(code, (await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{code}")).GetProperty("code").GetString());
        var page = await citizen.GetStringAsync($"/tra-cuu?ma={Uri.EscapeDataString(portalCode)}");
        Assert.Contains(code, page, StringComparison.Ordinal);
        // Another portal code names nothing: the same 404 as an unknown code of ours.
        var unknown = await citizen.GetAsync("/api/v1/lookup/000.00.00.G22-251117-00000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Each field the push can get wrong, the value, and the path the 422 must name.</summary>
    public static TheoryData<string, string?, string> InvalidFields() => new()
    {
        { "MaHoSo", "", "MaHoSo" },
        { "MaHoSo", "mã có dấu cách", "MaHoSo" },
        // Third trial LOW 10: codes the portal itself refuses (../shared/data/dvcqg: <agency>-<yyMMdd>-<serial>).
        { "MaHoSo", "x", "MaHoSo" },
        { "MaHoSo", "000.00.00.G22-251131-00001", "MaHoSo" },
        { "MaHoSo", "000.00.00.g22-251117-00001", "MaHoSo" },
        { "MaHoSo", "000.00.00.G22-251117-12", "MaHoSo" },
        { "MaTTHC", "1001193", "MaTTHC" },
        { "MaTTHC", "9.999999", "MaTTHC" },
        { "MaDonViTiepNhan", "000.99.99.H46", "MaDonViTiepNhan" },
        { "MaDonViTiepNhan", null, "MaDonViTiepNhan" },
        { "KenhThucHien", "1", "KenhThucHien" },
        { "LoaiDoiTuong", "3", "LoaiDoiTuong" },
        { "ChuHoSo", "", "ChuHoSo" },
        { "SoGiayToChuHoSo", "123", "SoGiayToChuHoSo" },
        { "SoDienThoai", "12", "SoDienThoai" },
        { "Email", "không-phải-thư", "Email" },
        { "DiaChi", "", "DiaChi" },
        { "NgayNopHoSo", "2025-11-17", "NgayNopHoSo" },
        { "NgayNopHoSo", "20991117083000", "NgayNopHoSo" },
        { "TaiKhoanDuocXacThucVoiVNeID", "2", "TaiKhoanDuocXacThucVoiVNeID" },
        { "DuocThanhToanTrucTuyen", "9", "DuocThanhToanTrucTuyen" },
        { "TaiLieuNop[0].DuocSoHoa", "2", "TaiLieuNop[0].DuocSoHoa" },
        { "TaiLieuNop[1].DuocTaiSuDung", "5", "TaiLieuNop[1].DuocTaiSuDung" },
        { "TaiLieuNop[0].DuongDanTaiTepTin", "ftp://tep/1.pdf", "TaiLieuNop[0].DuongDanTaiTepTin" },
        { "TaiLieuNop[1].TenTepDinhKem", "", "TaiLieuNop[1].TenTepDinhKem" },
        { "DuLieuToKhai.ngaySinh", "không phải ngày", "DuLieuToKhai.ngaySinh" },
        { "DuLieuToKhai.hoTenTre", "", "DuLieuToKhai.hoTenTre" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_a_422_naming_the_portal_path_and_nothing_is_written(string path, string? value, string named)
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var portalCode = NewPortalCode();
        var body = Push(portalCode);
        // path: a top-level key, "TaiLieuNop[i].Key" or "DuLieuToKhai.key".
        JsonObject target = body;
        var key = path;
        if (path.StartsWith("TaiLieuNop[", StringComparison.Ordinal))
        {
            target = body["TaiLieuNop"]![int.Parse(path[11..path.IndexOf(']')])]!.AsObject();
            key = path[(path.IndexOf(']') + 2)..];
        }
        else if (path.StartsWith("DuLieuToKhai.", StringComparison.Ordinal))
        {
            target = body["DuLieuToKhai"]!.AsObject();
            key = path["DuLieuToKhai.".Length..];
        }
        if (value is null) target.Remove(key);
        else target[key] = value;
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        using var portal = Portal();
        var response = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{path}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(named, out var messages), $"{path}: {text}");
        // The message is Vietnamese, for a person reading the portal's log.
        Assert.Matches("[àáảãạăâđèéêìíòóôơùúưỳýĐ]", messages[0].GetString()!);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task Every_field_error_of_a_push_is_named_in_one_422()
    {
        // Sixteenth trial LOW 11c: the portal's own fields were answered first and the applicant's only in a second 422.
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var body = Push(NewPortalCode());
        body["MaTTHC"] = "1001193";
        body["KenhThucHien"] = "1";
        body["SoGiayToChuHoSo"] = "12";
        body["SoDienThoai"] = "abc";
        body.Remove("DiaChi");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        using var portal = Portal();
        var response = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(new[] { "DiaChi", "KenhThucHien", "MaTTHC", "SoDienThoai", "SoGiayToChuHoSo" },
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        // The portal's own message for MaTTHC is kept, not intake's.
        Assert.Contains("1001193", errors.GetProperty("MaTTHC")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task Paid_online_is_recorded_through_payments_and_settles_the_request()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        await app.ScalarAsync($"UPDATE agency_procedures SET fee = 15000, fee_text = 'Nghị quyết HĐND' WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.PhuXuanCode}')");
        var body = Push(NewPortalCode(), agencyCode: DemoData.PhuXuanCode);
        body["DuocThanhToanTrucTuyen"] = "1";
        body["DanhSachLePhi"] = new JsonArray(new JsonObject { ["TenPhiLePhi"] = "Lệ phí đăng ký khai sinh", ["MaPhiLePhi"] = "", ["HinhThucThu"] = "2", ["Gia"] = "15000", ["LoaiPhiLePhi"] = "2" });
        using var portal = Portal();
        var response = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var payments = await portal.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        output.WriteLine(payments.ToString());
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id JOIN payment_requests r ON r.id = p.request_id
            WHERE d.code = '{code}' AND p.method = 'online' AND p.amount_vnd = 15000 AND p.flag IS NULL AND r.status = 'paid'
            """));
        // Paid online without saying what: refused naming the list, nothing written.
        var unpriced = Push(NewPortalCode(), agencyCode: DemoData.PhuXuanCode);
        unpriced["DuocThanhToanTrucTuyen"] = "1";
        var refused = await portal.PostAsync("/api/v1/portal/dossiers", Json(unpriced));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("DanhSachLePhi", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The dossier, its VNeID mark and the payment collected online are one transaction: a failure after the intake
    /// statement (here the database refusing the payment row, by a trigger standing for a crash between the two) leaves no
    /// dossier, serial, key, outbox message, payment request or mark; the portal's next push of the same MaHoSo writes all.
    /// </summary>
    [Fact]
    public async Task A_failure_after_intake_leaves_nothing_and_the_next_push_writes_the_dossier_its_mark_and_its_payment()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        await app.ScalarAsync($"UPDATE agency_procedures SET fee = 15000, fee_text = 'Nghị quyết HĐND' WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.PhuXuanCode}')");
        var portalCode = NewPortalCode();
        var body = Push(portalCode, agencyCode: DemoData.PhuXuanCode);
        body["ChuHoSo"] = "Trần Văn Gián Đoạn";
        body["DuocThanhToanTrucTuyen"] = "1";
        body["DanhSachLePhi"] = new JsonArray(new JsonObject { ["TenPhiLePhi"] = "Lệ phí đăng ký khai sinh", ["MaPhiLePhi"] = "", ["HinhThucThu"] = "2", ["Gia"] = "15000", ["LoaiPhiLePhi"] = "2" });
        // Every table the push writes, with the day's serials (a rolled-back intake must not take a number).
        string[] written = ["SELECT count(*) FROM dossiers", "SELECT count(*) FROM outbox", "SELECT count(*) FROM payment_requests",
            "SELECT count(*) FROM payments", "SELECT count(*) FROM dossier_applicant_verifications", "SELECT count(*) FROM idempotency_keys",
            "SELECT coalesce(sum(last_serial), 0) FROM dossier_serials"];
        async Task<List<long>> CountsAsync() { var counts = new List<long>(); foreach (var sql in written) counts.Add(await app.ScalarAsync(sql)); return counts; }
        var before = await CountsAsync();
        await app.ScalarAsync("""
            CREATE FUNCTION test_payment_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'mất kết nối giữa chừng'; END $$;
            CREATE TRIGGER test_payment_fails BEFORE INSERT ON payments FOR EACH ROW WHEN (NEW.payer_name = 'Trần Văn Gián Đoạn') EXECUTE FUNCTION test_payment_fails();
            """);
        using var portal = Portal();
        try
        {
            var failed = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
            output.WriteLine($"{(int)failed.StatusCode} {await failed.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        finally
        {
            await app.ScalarAsync("DROP TRIGGER test_payment_fails ON payments; DROP FUNCTION test_payment_fails()");
        }
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{portalCode}'"));

        // The portal pushes again (its retry): everything is written, once.
        var response = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{code}' AND v.method = 2"));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id JOIN payment_requests r ON r.id = p.request_id
            WHERE d.code = '{code}' AND p.method = 'online' AND p.amount_vnd = 15000 AND p.flag IS NULL AND r.status = 'paid'
            """));
        var replay = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task Only_a_system_granted_portal_push_may_push()
    {
        var body = Push(NewPortalCode());
        var ungranted = await app.ApiClient().PostAsync("/api/v1/portal/dossiers", Json(body));
        Assert.Equal(HttpStatusCode.Forbidden, ungranted.StatusCode);
        Assert.Contains("portal-push", await ungranted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = app.SessionClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/portal/dossiers", Json(body))).StatusCode);
        using var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.True((await officer.PostAsync("/api/v1/portal/dossiers", Json(body))).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{body["MaHoSo"]}'"));
    }
}
