using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Intake;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>The envelope a ministry's system sends, as the portal's: <c>{service: "DongBoHoSoMC"|"CapNhatTienDoHoSoMC", isUpdating?: "true"|"false", data: [...]}</c>.</summary>
public sealed record MonitoringEnvelope(
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("isUpdating")] string? IsUpdating,
    [property: JsonPropertyName("data")] List<JsonObject?>? Data);

/// <summary>One item the ingest refused: its MaHoSo (as sent, "" when absent) and the errors by field.</summary>
public sealed record MonitoringRefusal(string MaHoSo, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What the ingest answers: how many items it took and the ones it refused.</summary>
public sealed record MonitoringAnswer(int Accepted, IReadOnlyList<MonitoringRefusal> Refused);

/// <summary>
/// <c>POST /api/v1/monitoring/dossiers</c> (an API client granted <c>monitoring-ingest</c>): dossiers handled on a
/// ministry's system (Nghị định 224/2026 [reported]) in the portal's payload format (docs/PORTAL.md "Monitoring"). Each
/// HoSo of a <c>DongBoHoSoMC</c> envelope is upserted under its MaHoSo as a monitored dossier (origin 3, the client's name
/// as its source system) through <see cref="Dossier.Monitor"/> / <see cref="Dossier.Mirror"/>; each QuaTrinhXuLy of a
/// <c>CapNhatTienDoHoSoMC</c> is recorded by <see cref="Dossier.MirrorStep"/>. The receiving unit
/// (<c>MaDonViTiepNhan</c>, its code) and the procedure (<c>MaTTHC</c>) must be known here. Items are independent: each
/// refused one is answered with its errors, the others are kept. A monitored dossier takes no action here, is in no
/// worklist and sends nothing out, but Biểu 06 and the 766 figures, which read the dossiers, count it.
/// </summary>
public static partial class MonitoringIngest
{
    /// <summary>At most this many items per call.</summary>
    public const int MaxItems = 500;

    public static void MapMonitoringIngestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/monitoring/dossiers", IngestAsync)
            .RequireAuthorization(Policies.MonitoringIngest)
            .Accepts<MonitoringEnvelope>("application/json")
            .Produces<MonitoringAnswer>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithTags("NationalPortal")
            .WithSummary("Hệ thống của bộ, ngành gửi hồ sơ để theo dõi (chỉ đọc; được tính vào báo cáo)")
            .WithDescription("Cần khóa API được cấp quyền 'monitoring-ingest'. Mỗi phần tử được nhận hoặc từ chối riêng: {accepted, refused:[{MaHoSo, errors}]}.");
    }

    [GeneratedRegex(@"^[0-9A-Z][0-9A-Z.\-]{0,99}$")]
    private static partial Regex CodePattern();

    private static async Task<IResult> IngestAsync(HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var (envelope, body, problem) = await JsonBody.ReadAsync<MonitoringEnvelope>(http.Request, ct);
        if (problem is not null) return WithService(body, problem);
        // Both envelope fields are named at once (fresh trial 16f LOW F).
        var envelopeErrors = new Dictionary<string, string[]>();
        if (ServiceProblem(envelope!.Service) is { } wrongService) envelopeErrors["service"] = [wrongService];
        // The portal's envelope says "true" or "false" as a string, or nothing (trial 16h LOW H: "maybe" was taken).
        if (envelope.IsUpdating is not (null or "true" or "false"))
            envelopeErrors["isUpdating"] = ["isUpdating phải là \"true\" hoặc \"false\", hoặc không gửi."];
        if (envelope.Data is not { Count: > 0 and <= MaxItems })
            envelopeErrors["data"] = [$"data phải là danh sách từ 1 đến {MaxItems} phần tử."];
        if (envelopeErrors.Count > 0) return Problems.Validation(envelopeErrors);
        var items = envelope.Data!;
        var actor = Claims.ActorOf(http.User);
        var ours = (await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(ct)).ToHashSet();
        var accepted = 0;
        var refused = new List<MonitoringRefusal>();
        foreach (var item in items)
        {
            var code = Text(item, "MaHoSo")?.Trim() ?? "";
            var errors = new Dictionary<string, string[]>();
            try
            {
                if (item is null) errors["data"] = ["Phần tử không được để trống."];
                else if (envelope.Service == PortalPayload.DossierService) await UpsertAsync(db, item, code, ours, actor, clock.GetUtcNow(), errors, ct);
                else await StepAsync(db, item, code, actor, clock.GetUtcNow(), errors, ct);
            }
            // Another request wrote the same dossier first (its unique code, or its row version: fresh trial 16g HIGH 2, a 500
            // while the envelope's earlier items were saved): this item is refused, the others stand, a resend is taken.
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                errors["MaHoSo"] = [$"Hồ sơ {code} vừa được ghi bởi một lần gửi khác; gửi lại để cập nhật."];
            }
            db.ChangeTracker.Clear();
            if (errors.Count > 0) refused.Add(new MonitoringRefusal(code, errors));
            else accepted++;
        }
        return Results.Ok(new MonitoringAnswer(accepted, refused));
    }

    private static string? ServiceProblem(string? service) => service is PortalPayload.DossierService or PortalPayload.StepService ? null
        : $"service phải là \"{PortalPayload.DossierService}\" hoặc \"{PortalPayload.StepService}\".";

    // A body of the wrong types is answered by the reader with those fields; a wrong service beside them was hidden until
    // they were fixed (fresh trial 16f LOW F). When the body is a JSON object whose service is a string (a wrong-typed one is
    // the reader's already), its check is added to the same 422; anything else (broken JSON, too large) is answered as read.
    private static IResult WithService(ReadOnlyMemory<byte> body, IResult problem)
    {
        string? wrongService;
        try
        {
            var service = JsonNode.Parse(body.Span) is JsonObject root
                ? root.FirstOrDefault(p => string.Equals(p.Key, "service", StringComparison.OrdinalIgnoreCase)).Value : null;
            wrongService = service is null || service.GetValueKind() == JsonValueKind.String ? ServiceProblem(service?.GetValue<string>()) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return problem;
        }
        if (wrongService is null) return problem;
        try
        {
            JsonSerializer.Deserialize<MonitoringEnvelope>(body.Span, JsonOptions.Api);
            return problem;
        }
        catch (JsonException e) when (!JsonOptions.IsSyntax(e))
        {
            var errors = JsonBody.ErrorsOf(typeof(MonitoringEnvelope), body.Span, e);
            errors.TryAdd("service", [wrongService]);
            return Problems.Validation(errors);
        }
    }

    private static async Task UpsertAsync(MotCuaDb db, JsonObject hoSo, string code, IReadOnlySet<string> ours, Actor actor, DateTimeOffset now, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        void Add(string field, string message) => errors.TryAdd(field, [message]);
        // The field list sends every value as a string; a number or an object is named, not read as absent (trial 16g LOW 12:
        // NgayNopHoSo sent as a number fell back to NgayTiepNhan).
        foreach (var key in StringFields)
            if (hoSo[key] is { } value && value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
                Add(key, $"{key} phải là chuỗi ký tự (ví dụ \"{key}\": \"…\"), như danh mục trường của Cổng DVCQG.");
        // A monitored dossier is kept under MaHoSo as both codes; a dossier the portal pushed holds its MaHoSo as portal code
        // (unique): either way the code is taken, and a ministry's item under it is refused here, not by the index (trial 16b
        // LOW 12: "send again" was answered, which could never succeed, and a unique violation logged each time).
        var existing = CodePattern().IsMatch(code)
            ? await db.Dossiers.Include(d => d.Events).FirstOrDefaultAsync(d => d.Code == code || d.PortalCode == code, ct)
            : null;
        var mine = existing is { Origin: DossierOrigin.Monitored } && existing.SourceSystem == actor.Name ? existing : null;
        if (!CodePattern().IsMatch(code)) Add("MaHoSo", "Mã hồ sơ gồm 1–100 ký tự chữ in hoa, số, '.', '-'.");
        // An issued code is named as the dossier it is; a monitored one taken before the own-code-space rule can still be updated.
        else if (existing is not null && mine is null) Add("MaHoSo", NotMonitoredBy(code, existing, actor));
        else if (mine is null && DossierCode.InOwnCodeSpace(code, ours)) Add("MaHoSo", DossierCode.OwnCodeSpaceRefusal(code));
        var status = Text(hoSo, "TrangThaiHoSo") is { } s && int.TryParse(s, out var n) && Enum.IsDefined((DossierStatus)n) ? (DossierStatus?)n : null;
        if (status is null) Add("TrangThaiHoSo", "Trạng thái hồ sơ phải từ \"1\" đến \"10\" (danh mục của Cổng).");
        // A HoSo is a snapshot: it may jump forward over statuses passed between two sends (4 → 10), never backwards (10 → 2).
        else if (mine is not null && PortalStatus.SnapshotRefusal(mine.Status, status.Value) is { } refusal) Add("TrangThaiHoSo", refusal);
        var channel = Text(hoSo, "KenhThucHien") switch { "1" => Channel.Direct, "3" => Channel.Postal, null or "" or "2" => Channel.Online, _ => (Channel?)null };
        if (channel is null) Add("KenhThucHien", "Kênh thực hiện phải là \"1\", \"2\" hoặc \"3\".");
        var submitted = Instant(hoSo, "NgayNopHoSo", errors) ?? Instant(hoSo, "NgayTiepNhan", errors);
        if (submitted is null) Add("NgayNopHoSo", "Cần thời điểm nộp (NgayNopHoSo hoặc NgayTiepNhan), dạng yyyyMMddHHmmss giờ Việt Nam.");
        var received = Instant(hoSo, "NgayTiepNhan", errors);
        var due = Instant(hoSo, "NgayHenTra", errors);
        var finished = Instant(hoSo, "NgayKetThucXuLy", errors);
        var returned = Instant(hoSo, "NgayTra", errors);
        var refusedAt = Instant(hoSo, "NgayTuChoi", errors);
        var note = Text(hoSo, "GhiChu") is { Length: > 0 } text ? text : null;
        var reported = status is { } at && submitted is { } submittedAt ? new MonitoredFacts(at, submittedAt, received, due, finished, returned, refusedAt, note) : null;
        // A blank date of an update keeps the stored one (absent is not erased); then the Domain's rules, each naming the
        // field: the dates the status requires, dates that cannot all be true or lie ahead of the clock, and dates against
        // what the dossier already holds (fresh trial p16p MEDIUM 1 and 2).
        var facts = reported is not null && mine is not null ? mine.Keeping(reported) : reported;
        if (facts is not null)
        {
            foreach (var (field, message) in MonitoredDates.Missing(facts)) Add(field, message);
            foreach (var (field, message) in MonitoredDates.Check(facts, now)) Add(field, message);
            if (mine is not null)
                foreach (var (field, message) in mine.MirrorConflicts(facts)) Add(field, message);
        }
        var name = Text(hoSo, "ChuHoSo")?.Trim() ?? "";
        if (name.Length is 0 or > 200) Add("ChuHoSo", "Cần tên chủ hồ sơ (tối đa 200 ký tự).");
        foreach (var (key, max) in new[] { ("SoGiayToChuHoSo", 20), ("SoDienThoai", 20), ("Email", 254), ("GhiChu", 2000) })
            if (Text(hoSo, key) is { } value && value.Length > max) Add(key, $"{key} không quá {max} ký tự.");
        // The portal's list: 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức/khác; a state agency is kept as an
        // organisation [choice: MotCua's applicant kinds have no state agency, and the reports count it with them].
        var kind = Text(hoSo, "LoaiDoiTuong") switch
        {
            null or "" or "1" => ApplicantKind.Individual,
            "2" => ApplicantKind.Enterprise,
            "3" or "4" => ApplicantKind.Organization,
            _ => (ApplicantKind?)null,
        };
        if (kind is null) Add("LoaiDoiTuong", "LoaiDoiTuong phải là \"1\" (công dân), \"2\" (doanh nghiệp), \"3\" (cơ quan nhà nước) hoặc \"4\" (tổ chức).");
        // The applicant's identifier, phone and e-mail as intake checks them, when given (trial 16g LOW 12: "abc", "x" and
        // "notmail" were kept).
        else if (Text(hoSo, "SoGiayToChuHoSo")?.Trim() is { Length: > 0 } id
            && ApplicantIdentity.CheckIdentifier(kind.Value, id, VietnamTime.DateOf(now)) is { } idProblem)
            Add("SoGiayToChuHoSo", idProblem);
        if (Text(hoSo, "SoDienThoai")?.Trim() is { Length: > 0 } phone && VietnamPhone.Problem(phone) is { } phoneProblem) Add("SoDienThoai", phoneProblem);
        if (Text(hoSo, "Email")?.Trim() is { Length: > 0 } mail && !IntakeValidation.IsEmail(mail)) Add("Email", "Địa chỉ thư điện tử không hợp lệ.");
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == (Text(hoSo, "MaDonViTiepNhan") ?? "").Trim()).Select(a => new { a.Id }).FirstOrDefaultAsync(ct);
        if (agency is null) Add("MaDonViTiepNhan", $"Không tìm thấy đơn vị tiếp nhận có mã '{Text(hoSo, "MaDonViTiepNhan")}'.");
        // The unit and the procedure are the dossier's own: an update naming others is refused, not ignored (fresh trial p16p LOW).
        else if (mine is not null && mine.ReceivingAgencyId != agency.Id)
            Add("MaDonViTiepNhan", $"Hồ sơ {code} đã được ghi nhận ở đơn vị tiếp nhận khác; không đổi được đơn vị tiếp nhận qua đồng bộ.");
        var procedureCode = Text(hoSo, "MaTTHC")?.Trim() ?? "";
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Code == procedureCode).Select(p => new { p.Code, p.Name, p.CurrentVersion }).FirstOrDefaultAsync(ct);
        if (procedure is null) Add("MaTTHC", $"Không tìm thấy thủ tục có mã '{procedureCode}' trong danh mục.");
        else if (mine is not null && mine.ProcedureCode != procedure.Code)
            Add("MaTTHC", $"Hồ sơ {code} đã được ghi nhận với thủ tục {mine.ProcedureCode}; không đổi được thủ tục qua đồng bộ.");
        if (errors.Count > 0 || facts is null || channel is not { } by || agency is null || procedure is null || kind is null) return;

        if (mine is not null) mine.Mirror(facts, actor, now);
        else
        {
            var spec = await ProcedureSpecs.LoadVersionAsync(db, procedure.Code, procedure.CurrentVersion, ct);
            // The published limit of the channel, for the record; the ministry's own due instant is what counts (NgayHenTra).
            var limit = ProcedureSpecs.TimeTermsFor(spec, by)?.TimeLimit ?? ProcedureSpecs.DirectTimeLimit(spec) ?? TimeLimit.SameDay;
            var applicant = new Applicant(name, Text(hoSo, "SoGiayToChuHoSo")?.Trim() ?? "", Text(hoSo, "SoDienThoai")?.Trim() ?? "",
                Text(hoSo, "Email") is { Length: > 0 } email ? email.Trim() : null, "") { Kind = kind!.Value };
            db.Dossiers.Add(Dossier.Monitor(code, agency.Id, new ProcedureRef(procedure.Code, procedure.CurrentVersion, procedure.Name, limit), by,
                applicant, actor.Name, facts, actor, now));
        }
        await db.SaveChangesAsync(ct);
    }

    // Why a code the client sent is not one of its monitored dossiers: ours, another system's, or a portal code of ours
    // (third trial LOW 13: "Mã X là của hồ sơ X" named the same code twice).
    private static string NotMonitoredBy(string code, Dossier dossier, Actor actor) =>
        dossier.Code != code ? $"Mã {code} là mã trên Cổng DVCQG của hồ sơ {dossier.Code}, không do hệ thống này gửi theo dõi; không thay đổi."
        : dossier.Origin != DossierOrigin.Monitored ? $"Hồ sơ {code} được tiếp nhận và giải quyết trên MotCua, không phải hồ sơ {actor.Name} gửi theo dõi; không thay đổi."
        : $"Hồ sơ {code} do một hệ thống khác gửi theo dõi; không thay đổi.";

    private static async Task StepAsync(MotCuaDb db, JsonObject step, string code, Actor actor, DateTimeOffset now, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var status = Text(step, "TrangThai") is { } s && int.TryParse(s, out var n) && Enum.IsDefined((DossierStatus)n) ? (DossierStatus?)n : null;
        if (status is null) errors.TryAdd("TrangThai", ["Trạng thái phải từ \"1\" đến \"10\"."]);
        var at = Instant(step, "ThoiDiemXuLy", errors);
        if (at is null) errors.TryAdd("ThoiDiemXuLy", ["Cần thời điểm xử lý, dạng yyyyMMddHHmmss giờ Việt Nam."]);
        var handler = Text(step, "NguoiXuLy")?.Trim() is { Length: > 0 and <= 200 } h ? h : null;
        if (handler is null) errors.TryAdd("NguoiXuLy", ["Cần tên người xử lý (tối đa 200 ký tự)."]);
        var dossier = await db.Dossiers.Include(d => d.Events).FirstOrDefaultAsync(d => d.Code == code || d.PortalCode == code, ct);
        if (dossier is not null && (dossier.Origin != DossierOrigin.Monitored || dossier.SourceSystem != actor.Name))
            errors.TryAdd("MaHoSo", [NotMonitoredBy(code, dossier, actor)]);
        else if (dossier is null)
            errors.TryAdd("MaHoSo", [$"Hồ sơ {code} chưa được hệ thống này gửi theo dõi (gửi DongBoHoSoMC trước)."]);
        if (errors.Count > 0 || dossier is null || status is not { } reported || at is not { } instant || handler is null) return;
        var content = string.Join(" – ", new[] { Text(step, "NoiDungXuLy"), Text(step, "PhongBanXuLy") }.Where(t => !string.IsNullOrWhiteSpace(t)));
        var mirrored = new MonitoredStep(handler, instant, content.Length > 2000 ? content[..2000] : content, reported);
        // A replayed step is taken once, before the checks: the dossier may have moved on since it was first recorded.
        if (dossier.HasRecorded(mirrored)) return;
        // A step carries a status like a HoSo: the same transitions (fresh trial p16n: 10 → 4, 3 → 1 were taken), and its
        // instant must fit the dossier and the clock.
        if (PortalStatus.MoveRefusal(dossier.Status, reported) is { } refusal) errors.TryAdd("TrangThai", [refusal]);
        // The clock and the submission, then the order against what the dossier holds (fresh trial p16p MEDIUM 2: a step
        // to 9 before the reception, a step to 10 before the step to 9).
        if ((MonitoredDates.CheckStep(instant, dossier.SubmittedAt, now) ?? dossier.StepRefusal(mirrored)) is { } wrong) errors.TryAdd("ThoiDiemXuLy", [wrong]);
        if (errors.Count > 0) return;
        if (!dossier.MirrorStep(mirrored, actor)) return;
        // The dossier's row is written with its row version even when the status stays: two concurrent steps then conflict
        // (one refused, to be resent) instead of both being recorded.
        db.Entry(dossier).Property(d => d.Status).IsModified = true;
        await db.SaveChangesAsync(ct);
    }

    // The HoSo's fields the ingest reads, each a string in the portal's field list.
    private static readonly string[] StringFields =
    [
        "TrangThaiHoSo", "KenhThucHien", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi", "GhiChu",
        "ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "Email", "LoaiDoiTuong", "MaDonViTiepNhan", "MaTTHC",
    ];

    private static string? Text(JsonObject? item, string key) =>
        item?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // "" or absent: none; otherwise yyyyMMddHHmmss in Vietnam time, within 2000–2100.
    private static DateTimeOffset? Instant(JsonObject item, string key, Dictionary<string, string[]> errors)
    {
        var text = Text(item, key);
        if (string.IsNullOrEmpty(text)) return null;
        if (PortalFormat.TryParseInstant(text, out var at) && at.Year is >= 2000 and <= 2100) return at;
        errors.TryAdd(key, [$"{key} phải theo dạng yyyyMMddHHmmss, giờ Việt Nam (ví dụ 20251117083000)."]);
        return null;
    }
}
