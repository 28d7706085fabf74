using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Features.Calendar;

/// <summary>
/// Working calendars built from the official decisions in the database and each agency's office hours and
/// cut-off. Building one precomputes its working-time map, so they are kept until the decisions change.
/// </summary>
public sealed class CalendarStore(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<(string? OfficeHours, TimeOnly? Cutoff), WorkingCalendar> _calendars = new();
    private IReadOnlyList<CalendarDay>? _officialDays;

    public async Task<WorkingCalendar> ForAsync(Agency agency, CancellationToken ct = default)
    {
        var key = (agency.OfficeHours, agency.Cutoff);
        if (_calendars.TryGetValue(key, out var cached)) return cached;
        var days = await OfficialDaysAsync(ct);
        var settings = new CalendarSettings(
            agency.OfficeHours is { Length: > 0 } text ? OfficeHours.Parse(text) : CalendarSettings.Default.OfficeHours,
            agency.Cutoff ?? CalendarSettings.Default.Cutoff);
        return _calendars.GetOrAdd(key, _ => new WorkingCalendar(settings, days));
    }

    /// <summary>Called after an administrator changes an official decision.</summary>
    public void Invalidate()
    {
        _officialDays = null;
        _calendars.Clear();
    }

    private async Task<IReadOnlyList<CalendarDay>> OfficialDaysAsync(CancellationToken ct)
    {
        if (_officialDays is { } loaded) return loaded;
        await _loading.WaitAsync(ct);
        try
        {
            if (_officialDays is { } again) return again;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var rows = await db.CalendarDays.AsNoTracking().OrderBy(d => d.Date).ToListAsync(ct);
            return _officialDays = rows.Select(r => new CalendarDay(r.Date, CalendarDayKinds.Parse(r.Kind), r.Name)).ToList();
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>The kind names used in the database and the API.</summary>
public static class CalendarDayKinds
{
    public static string Name(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.Holiday => "holiday",
        CalendarDayKind.Compensatory => "compensatory",
        CalendarDayKind.MakeupWorkday => "makeupWorkday",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static CalendarDayKind Parse(string name) => TryParse(name) ?? throw new FormatException($"Loại ngày '{name}' không hợp lệ.");

    public static CalendarDayKind? TryParse(string? name) => name switch
    {
        "holiday" => CalendarDayKind.Holiday,
        "compensatory" => CalendarDayKind.Compensatory,
        "makeupWorkday" => CalendarDayKind.MakeupWorkday,
        _ => null,
    };
}
