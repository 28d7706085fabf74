using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Features.Calendar;

/// <summary>
/// Working calendars built from the official decisions in the database and each agency's office hours and
/// cut-off. Building one precomputes its working-time map, so they are kept until the decisions change; every app
/// instance hears of a change through <see cref="CalendarChanges"/>.
/// </summary>
public sealed class CalendarStore(IServiceScopeFactory scopes)
{
    /// <summary>The official days as read once, and the calendars built on them; replaced whole on a change, so a
    /// caller still holding the old one only fills a dictionary nobody reads again.</summary>
    private sealed class Snapshot(IReadOnlyList<CalendarDay> officialDays)
    {
        public IReadOnlyList<CalendarDay> OfficialDays { get; } = officialDays;
        public ConcurrentDictionary<(string? OfficeHours, TimeOnly? Cutoff), WorkingCalendar> Calendars { get; } = new();
    }

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    // Bumped by Invalidate: a load that read the database before a change must not publish what it read.
    private int _generation;

    public Task<WorkingCalendar> ForAsync(Agency agency, CancellationToken ct = default) => ForAsync(agency.OfficeHours, agency.Cutoff, ct);

    /// <summary>The calendar of an agency with these office hours and cut-off (null: the national default).</summary>
    public async Task<WorkingCalendar> ForAsync(string? officeHours, TimeOnly? cutoff, CancellationToken ct = default)
    {
        var snapshot = Volatile.Read(ref _snapshot) ?? await LoadAsync(ct);
        return snapshot.Calendars.GetOrAdd((officeHours, cutoff), _ => new WorkingCalendar(SettingsOf(officeHours, cutoff), snapshot.OfficialDays));
    }

    /// <summary>The agency's office hours and cut-off; the national default where it has none.</summary>
    public static CalendarSettings SettingsOf(Agency agency) => SettingsOf(agency.OfficeHours, agency.Cutoff);

    private static CalendarSettings SettingsOf(string? officeHours, TimeOnly? cutoff) => new(
        officeHours is { Length: > 0 } text ? OfficeHours.Parse(text) : CalendarSettings.Default.OfficeHours,
        cutoff ?? CalendarSettings.Default.Cutoff);

    /// <summary>Called after an administrator changes an official decision or an agency's hours, once committed.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _snapshot = null;
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref _snapshot) is { } loaded) return loaded;
            int generation;
            lock (_gate) generation = _generation;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var rows = await db.CalendarDays.AsNoTracking().OrderBy(d => d.Date).ToListAsync(ct);
            var snapshot = new Snapshot([.. rows.Select(r => new CalendarDay(r.Date, CalendarDayKinds.Parse(r.Kind), r.Name))]);
            lock (_gate)
            {
                if (generation == _generation) _snapshot = snapshot;
            }
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>The kind names used in the database and the API, and the words administrators read.</summary>
public static class CalendarDayKinds
{
    public static readonly IReadOnlyList<CalendarDayKind> All = Enum.GetValues<CalendarDayKind>();

    public static string Name(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.Holiday => "holiday",
        CalendarDayKind.Compensatory => "compensatory",
        CalendarDayKind.MakeupWorkday => "makeupWorkday",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Vietnamese(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.Holiday => "Nghỉ lễ, tết",
        CalendarDayKind.Compensatory => "Nghỉ bù, hoán đổi",
        CalendarDayKind.MakeupWorkday => "Làm bù",
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
