using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog;

/// <summary>
/// An administrator's terms for one agency's adoption. Null local terms mean the published ones apply. A process
/// with <see cref="Publish"/> false is saved as the draft whatever its problems; with true it must pass
/// <see cref="InternalProcess.Problems"/> to become the process dossiers follow. Without a process, Publish
/// publishes the saved draft. <see cref="FeeKind"/> says whether the local <see cref="Fee"/> (integer VND) is a phí
/// (<c>fee</c>) or a lệ phí (<c>charge</c>, the default when null): the intake item's kind, the receipt's wording and the
/// fee register's column follow it.
/// </summary>
public sealed record AdoptionRequest(
    decimal? TimeLimitAmount = null, TimeUnit? TimeLimitUnit = null, decimal? Fee = null, string? FeeText = null, string? Cutoff = null,
    InternalProcess? Process = null, bool Publish = false, string? FeeKind = null);

/// <summary>An adoption as the API and the audit show it; <see cref="FeeKind"/> <c>fee</c> | <c>charge</c> is the kind of the
/// local <see cref="Fee"/>.</summary>
public sealed record AdoptionView(
    string AgencyCode, string Code, string Name, string Field, string Level, TimeLimit? LegalTimeLimit, TimeLimit? LocalTimeLimit,
    decimal? Fee, string? FeeText, string? Cutoff, InternalProcess? Process, InternalProcess? ProcessDraft, string FeeKind = OfficerFee.ChargeCode);

public sealed record AdoptionOutcome(AdoptionView? Adoption, IDictionary<string, string[]>? Errors = null, string? NotFound = null);

/// <summary>Which agency runs which procedure, on which local terms and with which internal process.</summary>
public sealed class Adoptions(MotCuaDb db, CalendarStore calendars, TimeProvider clock)
{
    public static async Task<IReadOnlyList<AdoptionView>> ListAsync(MotCuaDb db, Agency agency, CancellationToken ct)
    {
        var rows = await db.AgencyProcedures.AsNoTracking().Where(a => a.AgencyId == agency.Id).ToListAsync(ct);
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, rows.Select(r => r.ProcedureCode).ToArray(), ct);
        return rows.Where(r => specs.ContainsKey(r.ProcedureCode))
            .Select(r => View(agency, r, specs[r.ProcedureCode]))
            .OrderBy(v => v.Field, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static AdoptionView View(Agency agency, AgencyProcedure adoption, ProcedureSpec spec) => new(
        agency.Code, spec.Code, spec.Name, spec.Field, CatalogEndpoints.LevelName(spec.Levels), ProcedureSpecs.DirectTimeLimit(spec),
        adoption.TimeLimit, adoption.Fee, adoption.FeeText, adoption.Cutoff?.ToString("HH:mm", CultureInfo.InvariantCulture),
        adoption.Process, adoption.ProcessDraft, adoption.FeeKind);

    /// <summary>
    /// <see cref="InternalProcess.UnstaffedSteps"/> with the officers of the adopting agency and of every agency a step
    /// names, read in two queries. Every account counts as active: accounts are not yet disabled in the product.
    /// </summary>
    private async Task<IReadOnlyList<string>> UnstaffedStepsAsync(Agency agency, InternalProcess process, CancellationToken ct)
    {
        var codes = process.Steps.Select(s => s.AgencyCode).OfType<string>().Append(agency.Code).Distinct().ToArray();
        var agencies = await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code)).Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct);
        var ids = agencies.Select(a => a.Id).ToArray();
        var accounts = await db.Users.AsNoTracking().Where(u => u.AgencyId != null && ids.Contains(u.AgencyId.Value))
            .Select(u => new { AgencyId = u.AgencyId!.Value, u.Role }).Distinct().ToListAsync(ct);
        var staff = accounts.Select(u => Claims.RoleOf(u.Role) is { } role ? new StaffRole(agencies.Single(a => a.Id == u.AgencyId).Code, role) : null)
            .OfType<StaffRole>().ToList();
        return process.UnstaffedSteps(agency.Code, staff, agencies.ToDictionary(a => a.Code, a => a.Name));
    }

    /// <summary>
    /// Creates or changes an adoption. A partial update (docs/SECURITY.md §5): a field named in <paramref name="given"/>
    /// is set (null: no local value), a field left out keeps the adoption's current value, so <c>{"fee":0}</c> leaves the
    /// time limit, cut-off and process as they were; <paramref name="given"/> null: every field is given (the admin
    /// page's form). <c>process</c> left out or null keeps the draft; <c>publish</c> left out is false.
    /// </summary>
    public async Task<AdoptionOutcome> SaveAsync(string agencyCode, string code, AdoptionRequest request, int? userId, CancellationToken ct,
        IReadOnlySet<string>? given = null)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode, ct);
        if (agency is null) return new AdoptionOutcome(null, NotFound: $"Không tìm thấy cơ quan có mã '{Problems.Echo(agencyCode)}'.");
        var loaded = await ProcedureSpecs.LoadCurrentAsync(db, code, ct);
        if (loaded is not { Spec: var spec }) return new AdoptionOutcome(null, NotFound: $"Không tìm thấy thủ tục có mã '{Problems.Echo(code)}'.");
        var adoption = await db.AgencyProcedures.FirstOrDefaultAsync(a => a.AgencyId == agency.Id && a.ProcedureCode == spec.Code, ct);
        if (given is not null && adoption is { } current)
        {
            bool Left(string field) => !given.Contains(field);
            request = request with
            {
                TimeLimitAmount = Left("timeLimitAmount") ? current.TimeLimitAmount : request.TimeLimitAmount,
                TimeLimitUnit = Left("timeLimitUnit") ? current.TimeLimitUnit : request.TimeLimitUnit,
                Fee = Left("fee") ? current.Fee : request.Fee,
                FeeText = Left("feeText") ? current.FeeText : request.FeeText,
                FeeKind = Left("feeKind") ? current.FeeKind : request.FeeKind,
                Cutoff = Left("cutoff") ? current.Cutoff?.ToString("HH:mm", CultureInfo.InvariantCulture) : request.Cutoff,
            };
        }

        var errors = new Dictionary<string, string[]>();
        if (!agency.ReceivesDossiers) errors["agencyCode"] = [$"{agency.Name} không phải đơn vị tiếp nhận hồ sơ."];
        var calendar = await calendars.ForAsync(agency, ct);
        var legal = ProcedureSpecs.DirectTimeLimit(spec);
        TimeLimit? local = null;
        if (request.TimeLimitAmount is { } amount)
        {
            local = new TimeLimit(amount, request.TimeLimitUnit ?? TimeUnit.WorkingDays);
            if (amount <= 0) errors["timeLimitAmount"] = ["Thời hạn giải quyết phải lớn hơn 0."];
            else if (legal is { } l && calendar.WorkingTimeOf(local.Value) > calendar.WorkingTimeOf(l))
                errors["timeLimitAmount"] = [$"Thời hạn giải quyết tại cơ quan ({local}) không được dài hơn thời hạn theo quy định ({l})."];
        }
        if (request.Fee is < 0) errors["fee"] = ["Phí, lệ phí không được âm."];
        // The đồng has no subunit in use: 30.5 is a typing error (the sixth trial's page read "30.000" as 30), never a fee.
        else if (request.Fee is { } fee && (fee != decimal.Truncate(fee) || fee > 9_999_999_999_999m))
            errors["fee"] = ["Phí, lệ phí là số nguyên đồng, có tối đa 13 chữ số."];
        var feeKind = request.FeeKind?.Trim() ?? OfficerFee.ChargeCode;
        if (feeKind is not (OfficerFee.FeeCode or OfficerFee.ChargeCode))
            errors["feeKind"] = ["Khoản thu tại cơ quan phải là phí (fee) hoặc lệ phí (charge)."];
        TimeOnly? cutoff = null;
        if (!string.IsNullOrWhiteSpace(request.Cutoff))
        {
            if (TimeOnly.TryParseExact(request.Cutoff.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) cutoff = parsed;
            else errors["cutoff"] = ["Giờ chốt nhận hồ sơ phải có dạng giờ:phút, ví dụ 15:00."];
        }

        var before = adoption is null ? null : View(agency, adoption, spec);
        var draft = request.Process ?? adoption?.ProcessDraft;
        var toPublish = request.Publish ? draft : adoption?.Process;
        if (request.Publish && draft is null) errors["process"] = ["Chưa có quy trình nội bộ để công bố."];
        if (toPublish is not null && errors.Count == 0)
        {
            // The published process must fit the time limit that will apply, including a local limit set in this same request.
            var limit = EffectiveTimeLimit.Of(spec, Channel.Direct, local, calendar);
            var problems = limit is { } applies
                ? toPublish.Problems(applies, calendar)
                : ["Thủ tục chưa công bố thời hạn giải quyết nên chưa thể kiểm tra và công bố quy trình."];
            if (request.Publish) problems = [.. problems, .. await UnstaffedStepsAsync(agency, toPublish, ct)];
            if (problems.Count > 0)
                errors["process"] = request.Publish ? [.. problems] : ["Quy trình đang áp dụng không còn phù hợp với thời hạn mới:", .. problems];
        }
        if (errors.Count > 0) return new AdoptionOutcome(null, errors);

        if (adoption is null)
        {
            adoption = new AgencyProcedure { AgencyId = agency.Id, ProcedureCode = spec.Code };
            db.AgencyProcedures.Add(adoption);
        }
        adoption.TimeLimitAmount = local?.Amount;
        adoption.TimeLimitUnit = local?.Unit;
        adoption.Fee = request.Fee;
        adoption.FeeText = string.IsNullOrWhiteSpace(request.FeeText) ? null : request.FeeText.Trim().Normalize();
        adoption.FeeKind = feeKind;
        adoption.Cutoff = cutoff;
        if (request.Publish)
        {
            adoption.Process = draft;
            adoption.ProcessDraft = null;
        }
        else if (request.Process is not null) adoption.ProcessDraft = request.Process;

        var after = View(agency, adoption, spec);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = userId, Action = before is null ? "catalog.adoption.create" : "catalog.adoption.update",
            Subject = $"agency:{agency.Code}/procedure:{spec.Code}",
            Details = JsonSerializer.SerializeToDocument(new { before, after }, ProcedureSpecs.Json),
        });
        await db.SaveChangesAsync(ct);
        return new AdoptionOutcome(after);
    }
}
