using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Intake;
using MotCua.Web.Features.Payments;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// A dossier as the National Public Service Portal (Cổng DVCQG) pushes it (docs/PORTAL.md "Inbound"): the field list's HoSo
/// keys it needs plus <c>MaDonViTiepNhan</c> (the receiving unit's code), <c>DiaChi</c> (the applicant's address, which
/// intake requires and the HoSo list lacks) and <c>DuLieuToKhai</c> (the e-form's values) [choice: the real
/// portal-to-province format is in the VPCP guide, not available, <b>unverified</b>]. Every scalar is a string, as the
/// portal sends them; instants are <c>yyyyMMddHHmmss</c> in Vietnam time. Keys of the list not read here are accepted and
/// ignored (not refused as unknown members are elsewhere in the API: the field list is the portal's, not ours).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record PortalDossierPush(
    [property: JsonPropertyName("MaHoSo")] string? MaHoSo,
    [property: JsonPropertyName("MaTTHC")] string? MaTTHC,
    [property: JsonPropertyName("MaDonViTiepNhan")] string? MaDonViTiepNhan,
    [property: JsonPropertyName("KenhThucHien")] string? KenhThucHien,
    [property: JsonPropertyName("ChuHoSo")] string? ChuHoSo,
    [property: JsonPropertyName("SoGiayToChuHoSo")] string? SoGiayToChuHoSo,
    [property: JsonPropertyName("LoaiDoiTuong")] string? LoaiDoiTuong,
    [property: JsonPropertyName("MaDoiTuong")] string? MaDoiTuong,
    [property: JsonPropertyName("ThongTinKhac")] string? ThongTinKhac,
    [property: JsonPropertyName("Email")] string? Email,
    [property: JsonPropertyName("SoDienThoai")] string? SoDienThoai,
    [property: JsonPropertyName("DiaChi")] string? DiaChi,
    [property: JsonPropertyName("NgayNopHoSo")] string? NgayNopHoSo,
    [property: JsonPropertyName("TaiKhoanDuocXacThucVoiVNeID")] string? TaiKhoanDuocXacThucVoiVNeID,
    [property: JsonPropertyName("DuocThanhToanTrucTuyen")] string? DuocThanhToanTrucTuyen,
    [property: JsonPropertyName("DuLieuToKhai")] Dictionary<string, string?>? DuLieuToKhai,
    [property: JsonPropertyName("TaiLieuNop")] List<PortalPushedDocument?>? TaiLieuNop,
    [property: JsonPropertyName("DanhSachLePhi")] List<PortalPushedFee?>? DanhSachLePhi);

/// <summary>A pushed document: its name, file URL on the portal, digitised (<c>"0"/"1"</c>), reused (<c>"0"/"1"/"2"</c>),
/// deleted (<c>"True"</c>/<c>"1"</c>: left out). Other keys of the list's item are ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record PortalPushedDocument(
    [property: JsonPropertyName("TepDinhKemId")] string? TepDinhKemId,
    [property: JsonPropertyName("TenTepDinhKem")] string? TenTepDinhKem,
    [property: JsonPropertyName("IsDeleted")] string? IsDeleted,
    [property: JsonPropertyName("MaThanhPhanHoSo")] string? MaThanhPhanHoSo,
    [property: JsonPropertyName("DuongDanTaiTepTin")] string? DuongDanTaiTepTin,
    [property: JsonPropertyName("DuocSoHoa")] string? DuocSoHoa,
    [property: JsonPropertyName("DuocTaiSuDung")] string? DuocTaiSuDung);

/// <summary>A fee item the applicant paid online on the portal: its name and amount (integer VND as a string). Other keys
/// of the list's item are ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record PortalPushedFee(
    [property: JsonPropertyName("TenPhiLePhi")] string? TenPhiLePhi,
    [property: JsonPropertyName("Gia")] string? Gia);

/// <summary>What the push answers: our code, the portal's, the status (1, "Mới đăng ký").</summary>
public sealed record PortalPushReceipt(string Code, string PortalCode, int Status, string StatusName);

/// <summary>
/// <c>POST /api/v1/portal/dossiers</c> (an API client granted <c>portal-push</c>): the portal's dossier mapped to an
/// <see cref="IntakeRequest"/> (channel online) and given to <see cref="DossierIntake.ReceiveAsync"/>, the one intake path
/// of the desk and the API, with the Idempotency-Key <c>dvcqg:{MaHoSo}</c>: status 1 at the receiving unit, origin 2
/// (<see cref="DossierOrigin.Portal"/>). The same push again answers the first dossier with <c>Idempotent-Replayed: true</c>
/// (concurrent ones too); another body under the same MaHoSo, or the same MaHoSo from another client (the unique
/// <c>dossiers_portal_code</c>), is 409 naming <c>portalCode</c> and our <c>code</c>. Every invalid field is a 422 named by
/// the portal's own path (<c>MaTTHC</c>, <c>TaiLieuNop[1].TenTepDinhKem</c>, <c>DuLieuToKhai.ngaySinh</c>). Paid online
/// (<c>DuocThanhToanTrucTuyen "1"</c>): the amount of <c>DanhSachLePhi</c> is recorded against the intake's payment request
/// through <see cref="ConfirmationService"/>, method <c>online</c>, as a payment partner's callback would be (with no request,
/// a procedure the unit holds free, it is recorded flagged <c>unmatched</c> for the accountant to refund). VNeID-verified
/// (<c>TaiKhoanDuocXacThucVoiVNeID "1"</c>): the applicant is recorded verified by method 2.
/// </summary>
public static partial class PortalInbound
{
    public static void MapPortalInboundEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/portal/dossiers", PushAsync)
            .RequireAuthorization(Policies.PortalPush)
            .Accepts<PortalDossierPush>("application/json")
            .Produces<PortalPushReceipt>(StatusCodes.Status201Created)
            .Produces<PortalPushReceipt>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithTags("NationalPortal")
            .WithSummary("Cổng Dịch vụ công quốc gia chuyển hồ sơ nộp trực tuyến (gửi lại cùng MaHoSo không tạo hồ sơ thứ hai)")
            .WithDescription("Cần khóa API được cấp quyền 'portal-push'. Hồ sơ vào trạng thái 1 tại đơn vị tiếp nhận; đơn vị tiếp nhận hoặc từ chối như hồ sơ trực tuyến khác.");
    }

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex ProcedureCodePattern();

    // The portal's own code: <MaDinhDanhDonVi>-<yyMMdd>-<serial> (../shared/data/dvcqg/dvcqg_dossier_sync_fields.json, MaHoSo's
    // note; the portal simulator refuses any other shape, so a dossier taken under "x" could never be synced — third trial
    // LOW 10). The serial has at least 4 digits [choice: the field list's example has 5, the simulator's pushes 7].
    [GeneratedRegex(@"^(?=.{1,100}$)[0-9A-Z][0-9A-Z.]*-(?<day>\d{6})-\d{4,}$")]
    private static partial Regex PortalCodePattern();

    /// <summary>Whether <paramref name="code"/> has the portal's shape, its yyMMdd a day that exists.</summary>
    public static bool IsPortalCode(string code) => PortalCodePattern().Match(code) is { Success: true } m
        && DateOnly.TryParseExact(m.Groups["day"].Value, "yyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private static async Task<IResult> PushAsync(HttpContext http, DossierIntake intake, MotCuaDb db, ConfirmationService payments,
        CalendarStore calendars, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PortalOptions> options, CancellationToken ct)
    {
        var read = await JsonBody.ReadAsync<PortalDossierPush>(http.Request, ct);
        var (push, body) = (read.Value ?? read.SetAside, read.Bytes);
        // Trial 16i LOW 5: fields of the wrong JSON type are named with everything else wrong in the push (a missing field,
        // a refused kind, a malformed date), the rest being read with them set aside; the push is then refused whatever else.
        if (push is null) return read.Problem!;
        var (request, portal, paidVnd, errors) = Map(push, clock.GetUtcNow());
        if (read.Errors is { } wrongTypes)
        {
            foreach (var (field, messages) in wrongTypes) errors[field] = messages;
            portal = null;
        }
        // Trial 16i LOW 6: a file URL off the portal's hosts was taken and its fetch refused later, the portal never told; the
        // rule (PortalFileTarget.IsOnPortal) is known now. Only where it can decide: with no SyncUrl nor FileHosts this server
        // syncs with no portal and fetches nothing, so a push's URLs are left as they are (their rows are refused, as before).
        var settings = options.Value;
        if (settings.Configured || settings.FileHosts is { Length: > 0 })
            for (var i = 0; i < (push.TaiLieuNop?.Count ?? 0); i++)
                if (push.TaiLieuNop![i] is { DuongDanTaiTepTin: { } given } d && d.IsDeleted is not ("True" or "true" or "1")
                    && Uri.TryCreate(given.Trim(), UriKind.Absolute, out var fileUri) && fileUri.Scheme is "https" or "http"
                    && !PortalFileTarget.IsOnPortal(fileUri, settings)
                    && errors.TryAdd($"TaiLieuNop[{i}].DuongDanTaiTepTin",
                        [$"Đường dẫn tệp không thuộc máy chủ của Cổng DVCQG ({fileUri.GetLeftPart(UriPartial.Authority)}): Cổng phải gửi tệp từ máy chủ của mình."]))
                    portal = null;
        // A portal code in MotCua's own code space is refused (the Domain's rule): intake issues such codes, and one taken
        // here joined two citizens under one portal record (fresh trial 16g HIGH 1).
        if (portal is not null && DossierCode.InOwnCodeSpace(portal.PortalCode, (await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(ct)).ToHashSet()))
        {
            errors.TryAdd("MaHoSo", [DossierCode.OwnCodeSpaceRefusal(portal.PortalCode)]);
            portal = null;
        }
        if (portal is null)
        {
            // Sixteenth trial LOW 11c: intake's checks of the request alone (applicant, identifier, phone, address, documents)
            // are made now too, so one 422 names every field instead of a second round after the portal's own fields are fixed.
            // What needs the database (the agency, the procedure, its e-form) needs a valid MaTTHC and MaDonViTiepNhan first.
            var checks = IntakeValidation.Validate(request, clock.GetUtcNow());
            // Third trial LOW 9: a document's name over the typed limit (DocumentNames, against the procedure's published
            // list when MaTTHC names one) is intake's check too; it went unnamed beside the portal's own fields.
            var spec = string.IsNullOrWhiteSpace(request.ProcedureCode) ? null
                : (await Catalog.ProcedureSpecs.LoadCurrentAsync(db, request.ProcedureCode.Trim(), ct))?.Spec;
            for (var i = 0; i < (request.Documents?.Count ?? 0); i++)
                if (DocumentNames.Problem(request.Documents![i]?.Name, spec) is { } nameProblem)
                    checks.TryAdd($"documents[{i}].name", [nameProblem]);
            // Fresh trial 16f LOW A: the e-form needs only the procedure, so its errors are named beside a wrong portal field,
            // as POST /api/v1/dossiers names them (the same rule, EForm.Validate over the procedure's current form).
            if (spec is not null && !errors.ContainsKey("MaTTHC"))
            {
                var formFields = Domain.Fees.CountedFees.FormOf(spec);
                if (formFields.Count > 0)
                    foreach (var (field, messages) in Domain.Catalog.EForm.Validate(formFields, request.FormData ?? new Dictionary<string, string?>(), Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow())).Errors)
                        checks.TryAdd($"formData.{field}", messages);
            }
            foreach (var (path, messages) in PortalPaths(checks, push!))
                errors.TryAdd(path, messages);
            // Trial 16h LOW A: the receiving unit is looked up whatever MaTTHC is, so an unknown one is named beside a
            // malformed procedure code in the same answer.
            var unit = request.AgencyCode?.Trim() ?? "";
            if (unit.Length > 0 && !errors.ContainsKey("MaDonViTiepNhan") && !await db.Agencies.AsNoTracking().AnyAsync(a => a.Code == unit, ct))
                errors["MaDonViTiepNhan"] = [$"Không tìm thấy cơ quan có mã '{unit}'."];
            return Problems.Validation(errors);
        }

        var actor = Claims.ActorOf(http.User);
        var hash = CanonicalHash(body.Span);
        IntakeOutcome? outcome = null;
        // The dossier, its VNeID mark and the payment collected online commit together, or nothing does: a failure after the
        // intake statement (the payment refused by the database, a crash) leaves no dossier without them, and the portal's
        // next push of the same MaHoSo creates all three. A concurrent push of the same MaHoSo that won stored its dossier
        // and its key together: this one then fails on the portal code's or the key's unique index, rolls back, and asked
        // again is answered as a replay (same body) or a conflict (another body or another client's dossier).
        for (var attempt = 0; outcome is null; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                outcome = await intake.ReceiveAsync(request, actor, idempotencyKey: "dvcqg:" + portal.PortalCode, requestHash: hash, ct: ct, portal: portal);
                if (outcome.Dossier is { } created && !outcome.Replayed)
                    await CompleteAsync(db, payments, push!, created, paidVnd, actor, ct);
                await transaction.CommitAsync(ct);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "dossiers_portal_code" or "idempotency_keys_once" })
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                outcome = null;
                if (attempt > 0) return await ConflictAsync(db, portal.PortalCode, ct);
            }
        }
        if (outcome.Errors is { } failed)
        {
            if (!failed.ContainsKey(IntakeEndpoints.IdempotencyHeader)) return Problems.Validation(PortalPaths(failed, push!));
            return await SupplementAsync(db, calendars, clock, request, portal, actor, ct) ?? await ConflictAsync(db, portal.PortalCode, ct);
        }

        var dossier = outcome.Dossier!;
        var receipt = new PortalPushReceipt(dossier.Code, portal.PortalCode, (int)dossier.Status, dossier.Status.Vietnamese());
        if (outcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Ok(receipt);
        }
        return Results.Created($"/api/v1/dossiers/{dossier.Code}", receipt);
    }

    // The idempotency hash of a push over its canonical JSON (object keys in ordinal order, no whitespace): a portal that
    // re-serialises its retry (other key order, indented) is answered the replay, not a conflict (trial 16h LOW B). A body
    // the canonical form cannot hold (a key twice) is hashed as sent.
    private static string CanonicalHash(ReadOnlySpan<byte> body)
    {
        byte[] canonical;
        try
        {
            var node = JsonNode.Parse(body);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream)) WriteCanonical(writer, node);
            canonical = stream.ToArray();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            canonical = body.ToArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    // What the push says besides the dossier, written in the push's transaction: the applicant verified by VNeID (method 2)
    // and the amount paid online recorded against the intake's payment request.
    private static async Task CompleteAsync(MotCuaDb db, ConfirmationService payments, PortalDossierPush push, Dossier dossier, long? paidVnd,
        Actor actor, CancellationToken ct)
    {
        // Intake's one statement numbers the dossier and returns its code, not its row id.
        var dossierId = await db.Dossiers.AsNoTracking().Where(d => d.Code == dossier.Code).Select(d => d.Id).FirstAsync(ct);
        if (push.TaiKhoanDuocXacThucVoiVNeID == "1")
            await (await db.CommandAsync("""
                INSERT INTO dossier_applicant_verifications (dossier_id, method, verified_at) VALUES ($1, 2, $2) ON CONFLICT DO NOTHING
                """, ct, dossierId, dossier.SubmittedAt.ToUniversalTime())).ExecuteNonQueryAsync(ct);
        if (paidVnd is not { } paid) return;
        var requestId = await db.PaymentRequests.AsNoTracking().Where(r => r.DossierId == dossierId && r.Status == "open")
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        // The portal collected the fee as a payment partner would: the same rule matches it to the request (a different
        // amount is flagged for the accountant, not settled). With no request (the unit holds the procedure free, trial 16b
        // HIGH 2: the money was dropped), the dossier's code names it and the rule flags it unmatched, for refund.
        await payments.RecordAsync(new IncomingPayment(requestId, requestId is null ? dossier.Code : null, paid, "online", dossier.SubmittedAt,
                dossier.Applicant.FullName, null, null, null),
            agency => new Officer(actor, OfficerRole.Accountant, agency), null, ct);
    }

    // Another body under the MaHoSo of a dossier this client pushed that waits for a supplement (status 5): the citizen
    // answered on the portal, which pushes the dossier again with the documents added. Those the dossier does not hold (by
    // name and file URL) are the supplement's answer (Dossier.SupplementPushed), their files fetched like the first push's.
    // Null when it is not that case (another client's dossier, not waiting, nothing new): the caller answers 409 as before.
    private static async Task<IResult?> SupplementAsync(MotCuaDb db, CalendarStore calendars, TimeProvider clock, IntakeRequest request,
        PortalIntake portal, Actor actor, CancellationToken ct)
    {
        var dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.PortalCode == portal.PortalCode, ct);
        if (dossier is null || dossier.ApiClientId != actor.ClientId || dossier.Status != DossierStatus.SupplementRequested) return null;
        var pushed = (request.Documents ?? []).Select((d, i) => portal.Documents.ElementAtOrDefault(i) is { } file
            ? new ReceivedDocument(IntakeValidation.Nfc(d.Name ?? ""), d.Original, d.Copies, (Domain.Identity.ReuseSource)file.Reused)
            {
                FileUrl = file.FileUrl,
                Digitised = file.Digitised,
            }
            : new ReceivedDocument(IntakeValidation.Nfc(d.Name ?? ""), d.Original, d.Copies));
        var added = pushed.Where(p => !dossier.Documents.Any(h => h.Name == p.Name && h.FileUrl == p.FileUrl)).ToList();
        if (added.Count == 0) return null;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var cutoff = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == agency.Id && a.ProcedureCode == dossier.ProcedureCode).Select(a => a.Cutoff).FirstOrDefaultAsync(ct);
        dossier.SupplementPushed(added, await calendars.ForAsync(agency, ct), cutoff, actor, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
        return Results.Ok(new PortalPushReceipt(dossier.Code, portal.PortalCode, (int)dossier.Status, dossier.Status.Vietnamese()));
    }

    // Another body under a MaHoSo already received: the portal is told which dossier holds it, nothing is changed.
    private static async Task<IResult> ConflictAsync(MotCuaDb db, string portalCode, CancellationToken ct)
    {
        var code = await db.Dossiers.AsNoTracking().Where(d => d.PortalCode == portalCode).Select(d => d.Code).FirstOrDefaultAsync(ct);
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Xung đột", type: "https://motcua.vn/problems/portal-dossier-conflict",
            detail: $"Hồ sơ mã {portalCode} trên Cổng đã được tiếp nhận là hồ sơ {code} với nội dung khác; không tạo hồ sơ mới, không thay đổi hồ sơ đã có.",
            extensions: new Dictionary<string, object?> { ["portalCode"] = portalCode, ["code"] = code });
    }

    /// <summary>
    /// The push as intake takes it, with the portal's part (<see cref="PortalIntake"/>) and the amount paid online (VND); or,
    /// when a field only the portal's format has is wrong, the errors named by their path in the push, a null portal part,
    /// and the request as far as it reads (an unknown <c>LoaiDoiTuong</c> passed as given), so that intake's own checks of
    /// the request can be reported in the same answer. <paramref name="now"/> dates the identifier's checks.
    /// </summary>
    public static (IntakeRequest Request, PortalIntake? Portal, long? PaidVnd, Dictionary<string, string[]> Errors) Map(PortalDossierPush push, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);
        var portalCode = push.MaHoSo?.Trim() ?? "";
        if (portalCode.Length == 0) Add("MaHoSo", "Thiếu mã hồ sơ trên Cổng (MaHoSo).");
        else if (!IsPortalCode(portalCode))
            Add("MaHoSo", "Mã hồ sơ trên Cổng có dạng <mã định danh đơn vị>-<yyMMdd>-<số thứ tự>, ví dụ 000.00.00.G22-251117-00001 (chữ in hoa, ngày có thật, tối đa 100 ký tự).");
        var procedure = push.MaTTHC?.Trim() ?? "";
        if (procedure.Length == 0) Add("MaTTHC", "Thiếu mã thủ tục hành chính (MaTTHC).");
        else if (!ProcedureCodePattern().IsMatch(procedure)) Add("MaTTHC", $"Mã thủ tục '{procedure}' không đúng dạng của Cơ sở dữ liệu quốc gia về TTHC (ví dụ 1.001193).");
        if (string.IsNullOrWhiteSpace(push.MaDonViTiepNhan)) Add("MaDonViTiepNhan", "Thiếu mã đơn vị tiếp nhận (MaDonViTiepNhan).");
        if (push.KenhThucHien is { } channel && channel != "2")
            Add("KenhThucHien", "Hồ sơ Cổng chuyển về là hồ sơ nộp trực tuyến: KenhThucHien phải là \"2\".");
        string? kind = push.LoaiDoiTuong switch
        {
            null or "" or "1" => "individual",
            "2" => "enterprise",
            "4" => "organization",
            _ => null,
        };
        if (kind is null)
        {
            Add("LoaiDoiTuong", "LoaiDoiTuong phải là \"1\" (công dân), \"2\" (doanh nghiệp) hoặc \"4\" (tổ chức); cơ quan nhà nước (\"3\") không nộp qua Cổng tại đây.");
            // Trial 16g LOW 14: the identifier's check depends on the kind, which cannot be read; it is checked against each
            // kind the portal may send and named unless it fits them all [choice], saying which it fits, so the portal fixes
            // both fields from one answer.
            if (IdentifierForUnknownKind(push.SoGiayToChuHoSo, Domain.Calendar.VietnamTime.DateOf(now)) is { } idProblem) Add("SoGiayToChuHoSo", idProblem);
        }
        if (push.MaDoiTuong is { Length: > 100 }) Add("MaDoiTuong", "Mã tài khoản trên Cổng (MaDoiTuong) không quá 100 ký tự.");
        DateTimeOffset? submittedAt = null;
        if (!string.IsNullOrEmpty(push.NgayNopHoSo))
        {
            if (!PortalFormat.TryParseInstant(push.NgayNopHoSo, out var at))
                Add("NgayNopHoSo", "Thời điểm nộp phải theo dạng yyyyMMddHHmmss, giờ Việt Nam (ví dụ 20251117083000).");
            // The one floor of the push and the monitoring ingest: no unit received anything before the two-level government.
            else if (MonitoredDates.BeforeFloor("NgayNopHoSo", at) is { } early) Add("NgayNopHoSo", early);
            else submittedAt = at;
        }
        if (push.TaiKhoanDuocXacThucVoiVNeID is not (null or "" or "0" or "1"))
            Add("TaiKhoanDuocXacThucVoiVNeID", "TaiKhoanDuocXacThucVoiVNeID phải là \"0\" hoặc \"1\".");
        if (push.DuocThanhToanTrucTuyen is not (null or "" or "0" or "1" or "3"))
            Add("DuocThanhToanTrucTuyen", "DuocThanhToanTrucTuyen phải là \"0\" (không có phí), \"1\" (đã thanh toán trực tuyến) hoặc \"3\" (chưa thanh toán).");

        var documents = new List<IntakeDocument>();
        var files = new List<PortalDocumentFile>();
        for (var i = 0; i < (push.TaiLieuNop?.Count ?? 0); i++)
        {
            var d = push.TaiLieuNop![i];
            if (d is null) { Add($"TaiLieuNop[{i}]", "Giấy tờ không được để trống."); continue; }
            if (d.IsDeleted is "True" or "true" or "1") continue;
            if (d.DuocSoHoa is not (null or "" or "0" or "1")) Add($"TaiLieuNop[{i}].DuocSoHoa", $"Giá trị '{d.DuocSoHoa}' không thuộc 0, 1.");
            if (d.DuocTaiSuDung is not (null or "" or "0" or "1" or "2")) Add($"TaiLieuNop[{i}].DuocTaiSuDung", $"Giá trị '{d.DuocTaiSuDung}' không thuộc 0, 1, 2.");
            var url = d.DuongDanTaiTepTin?.Trim();
            if (!string.IsNullOrEmpty(url) && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
                Add($"TaiLieuNop[{i}].DuongDanTaiTepTin", "Đường dẫn tệp phải là địa chỉ http(s) đầy đủ, không quá 2.000 ký tự.");
            // An electronic file stands for one original [choice]: intake counts what was handed in, and the portal sends files.
            documents.Add(new IntakeDocument(d.TenTepDinhKem, 1, 0));
            files.Add(new PortalDocumentFile(string.IsNullOrEmpty(url) ? null : url, d.DuocSoHoa == "1", d.DuocTaiSuDung is "1" ? 1 : d.DuocTaiSuDung is "2" ? 2 : 0));
        }

        long? paid = null;
        // Trial 16g LOW 14: an unreadable DuocThanhToanTrucTuyen may have meant "1", so the amounts are checked too and a wrong
        // one named in the same answer; "0" and "3" carry no amount that is recorded.
        var paidOrUnread = push.DuocThanhToanTrucTuyen is not (null or "" or "0" or "3");
        if (paidOrUnread)
        {
            long sum = 0;
            var amountsRead = true;
            if (push.DuocThanhToanTrucTuyen == "1" && push.DanhSachLePhi is not { Count: > 0 })
                Add("DanhSachLePhi", "Hồ sơ đã thanh toán trực tuyến phải kèm danh sách phí, lệ phí đã thu.");
            for (var i = 0; i < (push.DanhSachLePhi?.Count ?? 0); i++)
                if (!long.TryParse(push.DanhSachLePhi![i]?.Gia, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000_000_000)
                {
                    Add($"DanhSachLePhi[{i}].Gia", "Số tiền phải là số nguyên đồng, không dấu, không quá 1.000 tỷ.");
                    amountsRead = false;
                }
                else sum += amount;
            // Trial 16h LOW F: "paid online" with fees totalling 0 was taken, no payment recorded, and the portal later told
            // "3" (fee due) of a dossier it said was paid.
            if (push.DuocThanhToanTrucTuyen == "1" && push.DanhSachLePhi is { Count: > 0 } && amountsRead && sum == 0)
                Add("DanhSachLePhi", "Hồ sơ đã thanh toán trực tuyến phải có tổng phí, lệ phí đã thu lớn hơn 0 đồng; không có phí thì gửi DuocThanhToanTrucTuyen \"0\".");
            if (sum > 0) paid = sum;
        }
        var request = new IntakeRequest(procedure, push.MaDonViTiepNhan?.Trim() ?? "", "online",
            new IntakeApplicant(push.ChuHoSo, push.SoGiayToChuHoSo, push.SoDienThoai, push.Email, push.DiaChi, kind ?? push.LoaiDoiTuong,
                kind is "individual" or null ? null : Domain.Identity.ApplicantIdentity.RepresentativeFrom(push.ThongTinKhac)),
            documents, submittedAt, FormData: push.DuLieuToKhai);
        return errors.Count > 0 ? (request, null, null, errors) : (request, new PortalIntake(portalCode, push.MaDoiTuong, files), paid, errors);
    }

    // The identifier under an unreadable LoaiDoiTuong: null when it fits every kind the portal sends (1, 2, 4), else what
    // it fits ("12" is a citizen's or an enterprise's by no rule, an organisation's code by its loose one).
    private static string? IdentifierForUnknownKind(string? id, DateOnly today)
    {
        var kinds = new[] { ("1", "công dân", Domain.Identity.ApplicantKind.Individual), ("2", "doanh nghiệp", Domain.Identity.ApplicantKind.Enterprise),
            ("4", "tổ chức", Domain.Identity.ApplicantKind.Organization) };
        var fits = kinds.Where(k => Domain.Identity.ApplicantIdentity.CheckIdentifier(k.Item3, id, today) is null).ToList();
        if (fits.Count == kinds.Length) return null;
        return fits.Count == 0
            ? $"Số giấy tờ '{id?.Trim()}' không đúng dạng của loại đối tượng nào (số định danh cá nhân 12 chữ số, mã số doanh nghiệp 10 chữ số, mã số tổ chức)."
            : $"Số giấy tờ '{id?.Trim()}' chỉ hợp với LoaiDoiTuong " + string.Join(" hoặc ", fits.Select(k => $"\"{k.Item1}\" ({k.Item2})")) + "; sửa LoaiDoiTuong hoặc số giấy tờ.";
    }

    // Intake names fields as the MotCua API does; the portal is told its own names. A document's index in intake skips
    // the deleted ones, so it is mapped back to the index in TaiLieuNop.
    private static Dictionary<string, string[]> PortalPaths(IDictionary<string, string[]> errors, PortalDossierPush push)
    {
        var kept = (push.TaiLieuNop ?? []).Select((d, i) => (d, i)).Where(x => x.d is not null && x.d.IsDeleted is not ("True" or "true" or "1")).Select(x => x.i).ToList();
        var named = new Dictionary<string, string[]>();
        foreach (var (field, messages) in errors)
        {
            var path = field switch
            {
                "procedureCode" or "channel" => "MaTTHC",
                "agencyCode" => "MaDonViTiepNhan",
                "applicant" or "applicant.fullName" => "ChuHoSo",
                "applicant.kind" => "LoaiDoiTuong",
                "applicant.idNumber" => "SoGiayToChuHoSo",
                "applicant.representative" => "ThongTinKhac",
                "applicant.phone" or "notifications.sms" or "notifications.zalo" => "SoDienThoai",
                "applicant.email" or "notifications.email" => "Email",
                "applicant.address" => "DiaChi",
                "submittedAt" => "NgayNopHoSo",
                "documents" => "TaiLieuNop",
                "formData" => "DuLieuToKhai",
                _ when field.StartsWith("formData.", StringComparison.Ordinal) => "DuLieuToKhai." + field["formData.".Length..],
                _ when DocumentIndex(field) is { } at => $"TaiLieuNop[{(at.Index < kept.Count ? kept[at.Index] : at.Index)}]"
                    + (at.Tail is ".name" ? ".TenTepDinhKem" : at.Tail),
                _ => field,
            };
            // Trial 16h LOW I: intake's message names its own field (formData); the portal is told DuLieuToKhai.
            string[] said = path.StartsWith("DuLieuToKhai", StringComparison.Ordinal)
                ? [.. messages.Select(m => m.Replace("formData", "DuLieuToKhai", StringComparison.Ordinal))] : messages;
            if (named.TryGetValue(path, out var earlier)) named[path] = [.. earlier, .. said];
            else named[path] = said;
        }
        return named;
    }

    private static (int Index, string Tail)? DocumentIndex(string field)
    {
        if (!field.StartsWith("documents[", StringComparison.Ordinal)) return null;
        var close = field.IndexOf(']', StringComparison.Ordinal);
        return close > 10 && int.TryParse(field.AsSpan(10, close - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? (i, field[(close + 1)..]) : null;
    }
}
