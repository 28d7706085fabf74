using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Account;

namespace MotCua.Web.Features.Calendar;

/// <summary>
/// The administrator's calendar page: the days in force for a year and where they come from, the year's official
/// decision as an editable table, an agency's office hours and cut-off, a due-date calculator on the same
/// calendars as intake, and the history of calendar changes. Plain forms; htmx only spares the calculator a reload.
/// </summary>
public sealed class AdminModel(MotCuaDb db, CalendarStore calendars, CalendarAdministration administration, TimeProvider clock) : PageModel
{
    public sealed class DayRow
    {
        public string? Date { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Note { get; set; }
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Note);
    }

    public sealed record HistoryLine(DateTimeOffset At, string Who, string What, string Summary);

    [BindProperty(SupportsGet = true, Name = "nam")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "coquan")] public string? AgencyCode { get; set; }

    [BindProperty] public List<DayRow> Rows { get; set; } = [];
    [BindProperty] public string? OfficeHoursText { get; set; }
    [BindProperty] public string? CutoffText { get; set; }

    // The calculator: from, amount, unit, channel, on the selected agency's calendar.
    [BindProperty(SupportsGet = true, Name = "tu")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "thoihan")] public decimal? Amount { get; set; }
    [BindProperty(SupportsGet = true, Name = "donvi")] public string Unit { get; set; } = "workingDays";
    [BindProperty(SupportsGet = true, Name = "kenh")] public string Channel { get; set; } = "direct";

    public int SelectedYear { get; private set; }
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public Agency Agency { get; private set; } = null!;
    public IReadOnlyList<CalendarDay> InForce { get; private set; } = [];
    public IReadOnlyDictionary<DateOnly, string> Notes { get; private set; } = new Dictionary<DateOnly, string>();
    public bool HasOfficialDecision { get; private set; }
    public bool Prefilled { get; private set; }
    public IReadOnlyList<HistoryLine> History { get; private set; } = [];
    public DueDateResult? Due { get; private set; }
    public string? Saved { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public static readonly string[] CalculatorFields = ["tu", "thoihan", "donvi", "kenh"];

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public string? RowError(int row, string field) => Error($"days[{row}].{field}") ?? (field == "date" ? Error($"days[{row}]") : null);

    public async Task<IActionResult> OnGetAsync(string? macdinh, string? daluu, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        Prefilled = macdinh == "1";
        Rows = Prefilled
            ? [.. CalendarAdministration.DefaultDays(SelectedYear).Select(RowOf)]
            : [.. (await administration.OfficialDaysAsync(SelectedYear, ct)).Select(RowOf)];
        Saved = daluu switch
        {
            "lich" => $"Đã lưu quyết định nghỉ lễ năm {SelectedYear}. Ngày hẹn trả của hồ sơ tiếp nhận từ bây giờ tính theo quyết định này.",
            "macdinh" => $"Đã bỏ quyết định năm {SelectedYear}; lịch trở về quy tắc mặc định.",
            "gio" => $"Đã lưu giờ làm việc của {Agency.Name}.",
            _ => null,
        };
        return Page();
    }

    /// <summary>The calculator; htmx swaps in only the result, a browser without script gets the whole page.</summary>
    public async Task<IActionResult> OnGetDueAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        await ComputeDueAsync(ct);
        if (Request.Headers.ContainsKey("HX-Request")) return Partial("_DueResult", this);
        Rows = [.. (await administration.OfficialDaysAsync(SelectedYear, ct)).Select(RowOf)];
        return Page();
    }

    public async Task<IActionResult> OnPostAddRowAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        Rows = [.. Rows.Where(r => !r.Remove), new DayRow { Kind = "holiday" }];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        // Ticked and empty lines are dropped first, so error indices match the table shown again.
        Rows = [.. Rows.Where(r => !r.Remove && !r.IsBlank)];
        var change = await administration.ReplaceOfficialDaysAsync(SelectedYear,
            [.. Rows.Select(r => new OfficialDayInput(r.Date, r.Kind, r.Name, r.Note))], User, ct);
        if (change.Errors is not null)
        {
            Errors = change.Errors;
            return Page();
        }
        return Redirect(PageUrl($"daluu={(Rows.Count == 0 ? "macdinh" : "lich")}"));
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        await administration.ReplaceOfficialDaysAsync(SelectedYear, [], User, ct);
        return Redirect(PageUrl("daluu=macdinh"));
    }

    public async Task<IActionResult> OnPostHoursAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, keepHoursInput: true) is { } problem) return problem;
        var change = await administration.UpdateAgencyCalendarAsync(Agency.Code, new AgencyCalendarRequest(OfficeHoursText, CutoffText), User, ct);
        if (change.Errors is not null)
        {
            Errors = change.Errors;
            Rows = [.. (await administration.OfficialDaysAsync(SelectedYear, ct)).Select(RowOf)];
            return Page();
        }
        return Redirect(PageUrl("daluu=gio"));
    }

    public string PageUrl(string? extra = null) =>
        $"/quan-tri/lich?nam={SelectedYear}&coquan={Uri.EscapeDataString(Agency.Code)}{(extra is null ? "" : "&" + extra)}";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct, bool keepHoursInput = false)
    {
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        SelectedYear = Year ?? today.Year;
        if (!CalendarAdministration.IsYear(SelectedYear))
        {
            Errors["year"] = [$"Năm phải từ {WorkingCalendar.MinYear} đến {WorkingCalendar.MaxYear}."];
            SelectedYear = today.Year;
        }
        Agencies = await db.Agencies.AsNoTracking()
            .OrderBy(a => a.Kind == AgencyKinds.ProvinceCenter ? 0 : a.Kind == AgencyKinds.Commune ? 1 : 2).ThenBy(a => a.Code).ToListAsync(ct);
        var own = Claims.AgencyIdOf(User);
        var selected = string.IsNullOrWhiteSpace(AgencyCode)
            ? Agencies.FirstOrDefault(a => a.Id == own) ?? Agencies.FirstOrDefault()
            : Agencies.FirstOrDefault(a => a.Code == AgencyCode.Trim());
        if (selected is null) return NotFound();
        Agency = selected;
        // The hours form posted back keeps what the administrator typed, even emptied (the national default).
        if (!keepHoursInput)
        {
            var inForce = CalendarAdministration.ViewOf(Agency);
            (OfficeHoursText, CutoffText) = (inForce.OfficeHours, inForce.Cutoff);
        }

        var calendar = await calendars.ForAsync(Agency, ct);
        InForce = calendar.SpecialDays(SelectedYear);
        var official = await administration.OfficialDaysAsync(SelectedYear, ct);
        HasOfficialDecision = official.Count > 0;
        Notes = (HasOfficialDecision ? official : CalendarAdministration.DefaultDays(SelectedYear))
            .Where(d => d.Note is not null).ToDictionary(d => d.Date, d => d.Note!);

        var audit = await db.AuditLog.AsNoTracking()
            .Where(a => a.Action.StartsWith("calendar."))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(20)
            .ToListAsync(ct);
        History = [.. audit.Select(a => new HistoryLine(a.At, Text(a, "by"), ActionName(a.Action), Text(a, "summary")))];
        From ??= VietnameseDate.ShowDateTime(clock.GetUtcNow());
        // Never save into another year than the one asked for.
        return Errors.ContainsKey("year") && HttpMethods.IsPost(Request.Method) ? Page() : null;
    }

    private async Task ComputeDueAsync(CancellationToken ct)
    {
        var (start, startError) = VietnameseDate.ParseDateTime(From, "Thời điểm nộp");
        if (start is null) Errors["tu"] = [startError!];
        else if (WorkingCalendar.CheckInstant(start.Value) is { } outOfRange) Errors["tu"] = [outOfRange];
        var unit = TimeLimit.ParseUnit(Unit);
        if (unit is null) Errors["donvi"] = ["Chọn đơn vị của thời hạn."];
        else if (new TimeLimit(unit == TimeUnit.SameDay ? 0 : Amount ?? -1, unit.Value).Check() is { } badAmount) Errors["thoihan"] = [badAmount];
        var channel = Domain.Dossiers.Channels.Parse(Channel);
        if (channel is null) Errors["kenh"] = ["Chọn kênh nộp."];
        if (CalculatorFields.Any(Errors.ContainsKey)) return;
        Due = (await calendars.ForAsync(Agency, ct)).ComputeDue(start!.Value, new TimeLimit(unit == TimeUnit.SameDay ? 0 : Amount!.Value, unit!.Value), channel!.Value);
    }

    private static DayRow RowOf(OfficialDayView day) => new()
    {
        Date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Kind = day.Kind, Name = day.Name, Note = day.Note,
    };

    private static string Text(AuditEntry entry, string property) =>
        entry.Details?.RootElement.TryGetProperty(property, out var value) == true ? value.GetString() ?? "" : "";

    private static string ActionName(string action) => action switch
    {
        CalendarAdministration.ReplaceOfficialDays => "Quyết định nghỉ lễ",
        CalendarAdministration.UpdateOfficeHours => "Giờ làm việc",
        CalendarAdministration.UpdateProcedureCutoff => "Giờ nhận hồ sơ của thủ tục",
        _ => action,
    };
}
