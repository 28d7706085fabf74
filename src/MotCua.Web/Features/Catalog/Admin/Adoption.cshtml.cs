using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Text;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// One agency's terms for one procedure and its internal process editor. "Lưu nháp" keeps the process whatever its
/// problems; "Công bố" publishes it only when <see cref="InternalProcess.Problems"/> finds none. The history lists
/// every change from the audit log.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdoptionModel(MotCuaDb db, Adoptions adoptions) : FormPage
{
    public sealed class StepRow
    {
        public string? Name { get; set; }
        public StepKind Kind { get; set; } = StepKind.Appraise;
        public string? Performer { get; set; }
        public string? Amount { get; set; }
        public TimeUnit Unit { get; set; } = TimeUnit.WorkingHours;
        public bool MaySendBack { get; set; }
        public string? AgencyCode { get; set; }
    }

    /// <summary>An audit entry and the members of the adoption it changed (its details hold the views before and after).</summary>
    public sealed record HistoryRow(DateTimeOffset At, string Action, string? UserName, IReadOnlyList<string> Changed);

    [BindProperty] public string? TimeLimitAmount { get; set; }
    [BindProperty] public TimeUnit TimeLimitUnit { get; set; } = TimeUnit.WorkingDays;
    /// <summary>The local fee as typed, in đồng the Vietnamese way ("30.000"), read by <see cref="TypedMoney.ReadVnd"/>.</summary>
    [BindProperty] public string? Fee { get; set; }
    [BindProperty] public string? FeeText { get; set; }
    /// <summary>Whether the local fee is a phí (<c>fee</c>) or a lệ phí (<c>charge</c>, the default).</summary>
    [BindProperty] public string? FeeKind { get; set; }
    [BindProperty] public string? Cutoff { get; set; }
    [BindProperty] public List<StepRow> Steps { get; set; } = [];

    public Agency Agency { get; private set; } = null!;
    public ProcedureSpec Spec { get; private set; } = null!;
    public AdoptionView? Current { get; private set; }
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    [BindProperty(SupportsGet = true, Name = "daluu")] public string? Saved { get; set; }

    public static string KindName(StepKind kind) => kind switch
    {
        StepKind.Transfer => "Chuyển hồ sơ",
        StepKind.Assign => "Phân công",
        StepKind.Appraise => "Thẩm định",
        StepKind.CoAgency => "Cơ quan phối hợp (song song)",
        StepKind.Handoff => "Chuyển cấp trên",
        StepKind.Approve => "Phê duyệt",
        _ => "Trả kết quả",
    };

    public async Task<IActionResult> OnGetAsync(string agencyCode, string code, CancellationToken ct)
    {
        if (!await LoadAsync(agencyCode, code, ct)) return NotFound();
        TimeLimitAmount = FormNumber.Format(Current?.LocalTimeLimit?.Amount);
        TimeLimitUnit = Current?.LocalTimeLimit?.Unit ?? ProcedureSpecs.DirectTimeLimit(Spec)?.Unit ?? TimeUnit.WorkingDays;
        Fee = Current?.Fee is { } fee ? TypedMoney.Format((long)fee) : null;
        FeeText = Current?.FeeText;
        FeeKind = Current?.FeeKind;
        Cutoff = Current?.Cutoff;
        var process = Current?.ProcessDraft ?? Current?.Process ?? CatalogDemo.DefaultProcess(Spec, Agency.Kind);
        Steps = (process?.Steps ?? []).Select(s => new StepRow
        {
            Name = s.Name, Kind = s.Kind, Performer = s.Performer, Amount = FormNumber.Format(s.Allowance.Amount), Unit = s.Allowance.Unit, MaySendBack = s.MaySendBack, AgencyCode = s.AgencyCode,
        }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string agencyCode, string code, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(agencyCode, code, ct)) return NotFound();
        // Rows left blank are the spare lines of the editor, not steps.
        Steps = Steps.Where(s => !string.IsNullOrWhiteSpace(s.Name) || !string.IsNullOrWhiteSpace(s.Performer)).ToList();
        var steps = new List<ProcessStep>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var s = Steps[i];
            if (!FormNumber.TryParse(s.Amount, out var amount)) Errors[$"step{i}"] = [$"Bước {i + 1}: thời gian phải là một số."];
            steps.Add(new ProcessStep((s.Name ?? "").Trim().Normalize(), s.Kind, (s.Performer ?? "").Trim().Normalize(),
                new TimeLimit(amount ?? 0, s.Unit), s.MaySendBack, string.IsNullOrWhiteSpace(s.AgencyCode) ? null : s.AgencyCode.Trim()));
        }
        if (!FormNumber.TryParse(TimeLimitAmount, out var limitAmount)) Errors["timeLimitAmount"] = ["Thời hạn giải quyết phải là một số."];
        var (fee, feeProblem) = TypedMoney.ReadVnd(Fee, "fee", "Phí, lệ phí");
        if (feeProblem is not null) Errors[feeProblem.Field] = [feeProblem.Message];
        if (Errors.Count > 0) return Page();
        var request = new AdoptionRequest(limitAmount, limitAmount is null ? null : TimeLimitUnit, fee, FeeText, Cutoff,
            steps.Count == 0 && !publish ? null : new InternalProcess(steps), publish, FeeKind);
        var outcome = await adoptions.SaveAsync(agencyCode, Spec.Code, request, Claims.UserIdOf(User), ct);
        if (outcome.Errors is { } errors)
        {
            Errors = errors;
            return Page();
        }
        return Redirect($"/quan-tri/co-quan/{Agency.Code}/thu-tuc/{Spec.Code}?daluu={(publish ? "congbo" : "nhap")}");
    }

    private async Task<bool> LoadAsync(string agencyCode, string code, CancellationToken ct)
    {
        if (await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode, ct) is not { } agency) return false;
        if (await ProcedureSpecs.LoadCurrentAsync(db, code, ct) is not { Spec: var spec }) return false;
        (Agency, Spec) = (agency, spec);
        var adoption = await db.AgencyProcedures.AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == agency.Id && a.ProcedureCode == spec.Code, ct);
        Current = adoption is null ? null : Catalog.Adoptions.View(agency, adoption, spec);
        var subject = $"agency:{agency.Code}/procedure:{spec.Code}";
        var entries = await db.AuditLog.AsNoTracking().Where(e => e.Subject == subject).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new { e.At, e.Action, e.Details, User = db.Users.Where(u => u.Id == e.UserId).Select(u => u.FullName).FirstOrDefault() })
            .Take(50).ToListAsync(ct);
        History = entries.Select(e => new HistoryRow(e.At, e.Action, e.User, ChangedMembers(e.Details))).ToList();
        return true;
    }

    private static IReadOnlyList<string> ChangedMembers(System.Text.Json.JsonDocument? details)
    {
        if (details is null) return [];
        var before = System.Text.Json.Nodes.JsonNode.Parse(details.RootElement.GetProperty("before").GetRawText()) as System.Text.Json.Nodes.JsonObject;
        var after = System.Text.Json.Nodes.JsonNode.Parse(details.RootElement.GetProperty("after").GetRawText())!.AsObject();
        return after.Select(p => p.Key).Where(key => !System.Text.Json.Nodes.JsonNode.DeepEquals(before?[key], after[key])).ToList();
    }

    /// <summary>The Vietnamese name of an adoption member an administrator sets; null for the procedure's own data.</summary>
    public static string? ChangeName(string member) => member switch
    {
        "localTimeLimit" => "thời hạn",
        "fee" or "feeText" => "phí, lệ phí",
        "cutoff" => "giờ chốt",
        "process" => "quy trình công bố",
        "processDraft" => "quy trình nháp",
        _ => null,
    };

}
