using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Calendar;

/// <summary>One line of a year's official decision as an administrator enters it (API body or form row).</summary>
public sealed record OfficialDayInput(string? Date, string? Kind, string? Name, string? Note = null);

public sealed record OfficialDaysRequest(IReadOnlyList<OfficialDayInput?>? Days);

public sealed record AgencyCalendarRequest(string? OfficeHours, string? Cutoff);

public sealed record ProcedureCutoffRequest(string? Cutoff);

public sealed record OfficialDayView(DateOnly Date, string Kind, string Name, string? Note)
{
    public static OfficialDayView Of(CalendarDayRow row) => new(row.Date, row.Kind, row.Name, row.Note);
}

public sealed record OfficialDaysView(int Year, IReadOnlyList<OfficialDayView> Days);

public sealed record AgencyCalendarView(string Agency, string OfficeHours, string Cutoff);

public sealed record ProcedureCutoffView(string Agency, string ProcedureCode, string? Cutoff);

/// <summary>What a change came to: done, refused with field errors, or aimed at something that does not exist.</summary>
public sealed record CalendarChange<T>(T? Value, IDictionary<string, string[]>? Errors = null, string? Missing = null)
{
    public IResult ToResult() =>
        Missing is not null ? Problems.NotFound(Missing)
        : Errors is not null ? Problems.Validation(Errors)
        : Results.Ok(Value);
}

/// <summary>
/// The administrator's changes to the working calendar: a year's official decision, an agency's office hours and
/// cut-off, a procedure's cut-off at an agency. Each is validated with Vietnamese messages, written with its
/// audit row in one transaction, and then drops the cached calendars so the next due date uses it.
/// </summary>
public sealed partial class CalendarAdministration(MotCuaDb db, CalendarStore store, TimeProvider clock)
{
    public const string ReplaceOfficialDays = "calendar.official-days.replace";
    public const string UpdateOfficeHours = "calendar.office-hours.update";
    public const string UpdateProcedureCutoff = "calendar.procedure-cutoff.update";

    /// <summary>More lines than any year's decisions have ever needed, far fewer than a year's days.</summary>
    public const int MaxOfficialDays = 100;

    public const int MaxNameLength = 200, MaxNoteLength = 500;

    private static readonly string[] WeekdayNames = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    public static string Weekday(DateOnly date) => WeekdayNames[(int)date.DayOfWeek];

    /// <summary>The default rule's days as form lines, with the reason a weekend holiday stays in the list.</summary>
    public static IReadOnlyList<OfficialDayView> DefaultDays(int year) => [.. PublicHolidays.DefaultDays(year).Select(d => new OfficialDayView(
        d.Date, CalendarDayKinds.Name(d.Kind), d.Name,
        IsWeekend(d.Date) ? $"Trùng {Weekday(d.Date)}; được nghỉ bù vào ngày làm việc kế tiếp (Điều 111 khoản 3 Bộ luật Lao động)." : null))];

    public static bool IsYear(int year) => year is >= WorkingCalendar.MinYear and <= WorkingCalendar.MaxYear;

    public async Task<IReadOnlyList<OfficialDayView>> OfficialDaysAsync(int year, CancellationToken ct) =>
        [.. (await db.CalendarDays.AsNoTracking().Where(InYear(year)).OrderBy(d => d.Date).ToListAsync(ct)).Select(OfficialDayView.Of)];

    /// <summary>Replaces the whole official list of the year; an empty list puts the year back on the default rule.</summary>
    public async Task<CalendarChange<OfficialDaysView>> ReplaceOfficialDaysAsync(int year, IReadOnlyList<OfficialDayInput?>? days, ClaimsPrincipal user, CancellationToken ct)
    {
        var (rows, errors) = Validate(year, days);
        if (errors.Count > 0) return new(null, errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two administrators saving the same year one after the other, not interleaved: each replaces a whole list,
        // and each audit row's "before" is what the other left.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('calendar_days'), {year})", ct);
        var before = await OfficialDaysAsync(year, ct);
        await db.CalendarDays.Where(InYear(year)).ExecuteDeleteAsync(ct);
        db.CalendarDays.AddRange(rows);
        var after = rows.Select(OfficialDayView.Of).ToList();
        Audit(user, ReplaceOfficialDays, $"calendar:{year}", SummaryOf(year, before, after), before, after);
        await db.SaveChangesAsync(ct);
        // The kept stays that overlap the year were measured by its old days (migration 0123): marked, in this transaction,
        // to be measured again. A stay outside the year keeps its figures, however its due instant was reached.
        var yearStart = VietnamTime.At(new DateOnly(year, 1, 1), TimeOnly.MinValue).ToUniversalTime();
        var yearEnd = VietnamTime.At(new DateOnly(year + 1, 1, 1), TimeOnly.MinValue).ToUniversalTime();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO step_stays_pending (dossier_id)
            SELECT DISTINCT dossier_id FROM step_stays WHERE entered_at < {yearEnd} AND left_at >= {yearStart}
            ON CONFLICT DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlRawAsync(CalendarChanges.NotifySql, ct);
        await tx.CommitAsync(ct);
        store.Invalidate();
        return new(new OfficialDaysView(year, after));
    }

    /// <summary>
    /// An agency's office hours and cut-off. A partial update (docs/SECURITY.md §5): a field named in
    /// <paramref name="given"/> is set (null or blank: back to the national default), a field left out stays as it was;
    /// <paramref name="given"/> null: both are given (the admin page's form always sends both).
    /// </summary>
    public async Task<CalendarChange<AgencyCalendarView>> UpdateAgencyCalendarAsync(string code, AgencyCalendarRequest? request, ClaimsPrincipal user, CancellationToken ct,
        IReadOnlySet<string>? given = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var agency = await LockAgencyAsync(code, ct);
        if (agency is null) return new(null, Missing: $"Không tìm thấy cơ quan có mã '{code}'.");
        request = new AgencyCalendarRequest(
            given is null || given.Contains("officeHours") ? request?.OfficeHours : agency.OfficeHours,
            given is null || given.Contains("cutoff") ? request?.Cutoff : agency.Cutoff?.ToString("HH:mm"));

        var errors = new Dictionary<string, string[]>();
        string? officeHours = null;
        if (!string.IsNullOrWhiteSpace(request?.OfficeHours))
        {
            try { officeHours = OfficeHours.Parse(request.OfficeHours).ToString(); }
            catch (FormatException e) { errors["officeHours"] = [e.Message]; }
        }
        var cutoff = ParseCutoff(request?.Cutoff, "cutoff", errors);
        if (errors.Count > 0) return new(null, errors);

        var before = new { officeHours = agency.OfficeHours, cutoff = agency.Cutoff?.ToString("HH:mm") };
        agency.OfficeHours = officeHours;
        agency.Cutoff = cutoff;
        var view = ViewOf(agency);
        Audit(user, UpdateOfficeHours, $"agency:{agency.Code}",
            $"{agency.Name}: giờ làm việc {view.OfficeHours}; nhận hồ sơ giấy đến {view.Cutoff}.",
            before, new { officeHours, cutoff = cutoff?.ToString("HH:mm") });
        // The stays already kept (migration 0123) keep the hours they were measured by: new hours apply from now on, and
        // do not rewrite how long the unit's past stays took.
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(CalendarChanges.NotifySql, ct);
        await tx.CommitAsync(ct);
        store.Invalidate();
        return new(view);
    }

    /// <summary>A procedure's own cut-off at one agency, read by intake straight from <c>agency_procedures</c>; null: the agency's.
    /// Partial as <see cref="UpdateAgencyCalendarAsync"/>: <c>cutoff</c> not named in <paramref name="given"/> stays as it was.</summary>
    public async Task<CalendarChange<ProcedureCutoffView>> UpdateProcedureCutoffAsync(string code, string procedureCode, ProcedureCutoffRequest? request, ClaimsPrincipal user, CancellationToken ct,
        IReadOnlySet<string>? given = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var agency = await LockAgencyAsync(code, ct);
        if (agency is null) return new(null, Missing: $"Không tìm thấy cơ quan có mã '{code}'.");
        var adoption = await db.AgencyProcedures.FirstOrDefaultAsync(a => a.AgencyId == agency.Id && a.ProcedureCode == procedureCode.Trim(), ct);
        if (adoption is null) return new(null, Missing: $"{agency.Name} không tiếp nhận thủ tục có mã '{procedureCode}'.");

        var errors = new Dictionary<string, string[]>();
        var cutoff = given is null || given.Contains("cutoff") ? ParseCutoff(request?.Cutoff, "cutoff", errors) : adoption.Cutoff;
        if (errors.Count > 0) return new(null, errors);

        var before = adoption.Cutoff?.ToString("HH:mm");
        adoption.Cutoff = cutoff;
        var after = cutoff?.ToString("HH:mm");
        Audit(user, UpdateProcedureCutoff, $"agency:{agency.Code}",
            $"{agency.Name}, thủ tục {adoption.ProcedureCode}: nhận hồ sơ giấy đến {after ?? "giờ chung của cơ quan"}.",
            new { procedureCode = adoption.ProcedureCode, cutoff = before }, new { procedureCode = adoption.ProcedureCode, cutoff = after });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Nothing cached to drop: the procedure's cut-off is an argument of each computation, not part of a calendar.
        return new(new ProcedureCutoffView(agency.Code, adoption.ProcedureCode, after));
    }

    public static AgencyCalendarView ViewOf(Agency agency)
    {
        var settings = CalendarStore.SettingsOf(agency);
        return new AgencyCalendarView(agency.Code, settings.OfficeHours.ToString(), settings.Cutoff.ToString("HH:mm"));
    }

    /// <summary>Every rule a line must meet, with the field each message belongs to (<c>days[2].date</c>).</summary>
    public static (List<CalendarDayRow> Rows, Dictionary<string, string[]> Errors) Validate(int year, IReadOnlyList<OfficialDayInput?>? days)
    {
        var errors = new Dictionary<string, string[]>();
        var rows = new List<CalendarDayRow>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (!IsYear(year)) Add("year", $"Năm phải từ {WorkingCalendar.MinYear} đến {WorkingCalendar.MaxYear}.");
        if (days is null)
        {
            Add("days", "Thiếu danh sách ngày (days); gửi danh sách rỗng để trở về quy tắc mặc định.");
            return (rows, errors);
        }
        if (days.Count > MaxOfficialDays)
        {
            Add("days", $"Một năm không quá {MaxOfficialDays} ngày đặc biệt.");
            return (rows, errors);
        }

        var firstLine = new Dictionary<DateOnly, int>();
        for (var i = 0; i < days.Count; i++)
        {
            var field = $"days[{i}]";
            if (days[i] is not { } day) { Add(field, "Dòng trống: cần ngày, loại và tên."); continue; }

            DateOnly? date = null;
            if (string.IsNullOrWhiteSpace(day.Date)) Add($"{field}.date", "Vui lòng nhập ngày (dạng yyyy-MM-dd, ví dụ 2026-02-16).");
            else if (!DateOnly.TryParseExact(day.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                Add($"{field}.date", $"Ngày “{day.Date}” không hợp lệ; viết theo dạng yyyy-MM-dd, ví dụ 2026-02-16.");
            else if (parsed.Year != year) Add($"{field}.date", $"Ngày {parsed:dd/MM/yyyy} không thuộc năm {year}.");
            else if (firstLine.TryGetValue(parsed, out var first)) Add($"{field}.date", $"Ngày {parsed:dd/MM/yyyy} đã khai ở dòng {first + 1}.");
            else { date = parsed; firstLine[parsed] = i; }

            var kind = CalendarDayKinds.TryParse(day.Kind?.Trim());
            if (kind is null)
                Add($"{field}.kind", "Loại ngày phải là 'holiday' (nghỉ lễ, tết), 'compensatory' (nghỉ bù, hoán đổi) hoặc 'makeupWorkday' (làm bù).");

            var name = Clean(day.Name);
            if (name.Length == 0) Add($"{field}.name", "Vui lòng nhập tên ngày, ví dụ “Tết Nguyên đán”.");
            else if (name.Length > MaxNameLength) Add($"{field}.name", $"Tên ngày không quá {MaxNameLength} ký tự.");
            else if (name.Any(char.IsControl)) Add($"{field}.name", "Tên ngày chứa ký tự điều khiển không hợp lệ.");

            var note = Clean(day.Note);
            if (note.Length > MaxNoteLength) Add($"{field}.note", $"Ghi chú không quá {MaxNoteLength} ký tự.");
            else if (note.Any(char.IsControl)) Add($"{field}.note", "Ghi chú chứa ký tự điều khiển không hợp lệ.");

            if (date is { } d && kind is { } k)
            {
                // A make-up day on a weekday would change nothing; one on a weekend opens the desk with weekday hours.
                if (k == CalendarDayKind.MakeupWorkday && !IsWeekend(d))
                    Add($"{field}.date", $"Ngày làm bù phải là Thứ Bảy hoặc Chủ nhật; {d:dd/MM/yyyy} là {Weekday(d)}.");
                // A day off on a weekend changes nothing for a Monday-to-Friday desk; it is kept only on purpose.
                else if (k != CalendarDayKind.MakeupWorkday && IsWeekend(d) && note.Length == 0)
                    Add($"{field}.note", $"{d:dd/MM/yyyy} là {Weekday(d)}, vốn là ngày nghỉ hằng tuần: ghi rõ lý do khai ngày này "
                        + "(ví dụ: ngày lễ trùng Chủ nhật, đã nghỉ bù thứ Hai; hoặc để bộ phận làm việc sáng thứ Bảy cũng nghỉ).");
            }
            if (date is { } okDate && kind is { } okKind && name.Length is > 0 and <= MaxNameLength)
                rows.Add(new CalendarDayRow { Date = okDate, Kind = CalendarDayKinds.Name(okKind), Name = name, Note = note.Length == 0 ? null : note });
        }
        rows.Sort((a, b) => a.Date.CompareTo(b.Date));
        return (rows, errors);
    }

    private static System.Linq.Expressions.Expression<Func<CalendarDayRow, bool>> InYear(int year)
    {
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return d => d.Date >= first && d.Date <= last;
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static TimeOnly? ParseCutoff(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var cutoff)) return cutoff;
        errors[field] = [$"Giờ nhận hồ sơ giấy cuối ngày “{text}” không hợp lệ; viết theo dạng HH:mm, ví dụ 15:00."];
        return null;
    }

    // Row-locked so that two administrators' saves of one agency are applied one after the other.
    private async Task<Agency?> LockAgencyAsync(string code, CancellationToken ct) =>
        (await db.Agencies.FromSql($"SELECT * FROM agencies WHERE code = {code.Trim()} FOR UPDATE").ToListAsync(ct)).FirstOrDefault();

    private void Audit(ClaimsPrincipal user, string action, string subject, string summary, object? before, object? after) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = Claims.UserIdOf(user),
            Action = action,
            Subject = subject,
            // "by" also names an integrated client, which has no user row.
            Details = JsonSerializer.SerializeToDocument(new { by = Claims.ActorOf(user).Name, summary, before, after }, MotCuaDb.Json),
        });

    private static string SummaryOf(int year, IReadOnlyList<OfficialDayView> before, IReadOnlyList<OfficialDayView> after)
    {
        if (after.Count == 0) return $"Năm {year}: bỏ quyết định ({before.Count} ngày), trở về quy tắc mặc định.";
        var added = after.Where(a => !before.Contains(a)).Select(a => $"{a.Date:dd/MM}").ToList();
        var removed = before.Where(b => !after.Any(a => a.Date == b.Date)).Select(b => $"{b.Date:dd/MM}").ToList();
        var text = before.Count == 0
            ? $"Năm {year}: nhập quyết định chính thức, {after.Count} ngày."
            : $"Năm {year}: sửa quyết định chính thức, {before.Count} → {after.Count} ngày.";
        if (before.Count > 0 && added.Count > 0) text += $" Thêm hoặc sửa: {string.Join(", ", added)}.";
        if (removed.Count > 0) text += $" Bỏ: {string.Join(", ", removed)}.";
        return text;
    }

    private static string Clean(string? text) =>
        text is null ? "" : Whitespace().Replace(text.Trim(), " ").Normalize(System.Text.NormalizationForm.FormC);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
