using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>A procedure whose published time limit rests on an assumption an administrator should confirm.</summary>
public sealed record TimeLimitDoubt(string Code, string Name, string Doubt);

/// <summary>A procedure the import could not give a time limit, with what it publishes and, when its steps mention
/// "trong ngày", that hint.</summary>
public sealed record UnplacedTimeLimit(string Code, string Name, string Published, string? Hint);

/// <summary>
/// What an import tells the administrator about time limits: procedures counted by the unit of the limit that applies
/// at the desk (working days, days, hours, months, same day, none), every assumption per procedure, and every
/// procedure it could not place.
/// </summary>
/// <param name="ByUnit">Procedures per unit name: "workingDays", "calendarDays", "workingHours", "months", "sameDay", "none".</param>
public sealed partial record TimeLimitSummary(IReadOnlyDictionary<string, int> ByUnit, IReadOnlyList<TimeLimitDoubt> Doubts, IReadOnlyList<UnplacedTimeLimit> Unplaced)
{
    public const string None = "none";

    /// <summary>The report's rows in their order, with the Vietnamese label an administrator reads.</summary>
    public static IReadOnlyList<(string Key, string Label)> Units { get; } =
    [
        ("workingDays", "Ngày làm việc"),
        ("calendarDays", "Ngày (theo lịch)"),
        ("workingHours", "Giờ làm việc"),
        ("months", "Tháng"),
        ("sameDay", "Trong ngày"),
        (None, "Không có thời hạn"),
    ];

    /// <summary>The unit name a limit is counted under in <see cref="ByUnit"/>.</summary>
    public static string KeyOf(TimeLimit? limit) => limit?.Unit switch
    {
        TimeUnit.WorkingDays => "workingDays",
        TimeUnit.CalendarDays => "calendarDays",
        TimeUnit.WorkingHours => "workingHours",
        TimeUnit.Months => "months",
        TimeUnit.SameDay => "sameDay",
        _ => None,
    };

    /// <summary>Counts the specs by the unit of their desk limit (<see cref="ProcedureSpec.TimeTermsFor"/> the direct
    /// channel), lists every channel's doubt, and every spec with no limit at all.</summary>
    public static TimeLimitSummary Of(IEnumerable<ProcedureSpec> specs)
    {
        var byUnit = Units.ToDictionary(u => u.Key, _ => 0);
        var doubts = new List<TimeLimitDoubt>();
        var unplaced = new List<UnplacedTimeLimit>();
        foreach (var spec in specs.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            var limit = spec.TimeTermsFor(Channel.Direct)?.TimeLimit;
            byUnit[KeyOf(limit)]++;
            foreach (var doubt in spec.Channels.Select(c => c.TimeDoubt).OfType<string>().Distinct())
                doubts.Add(new TimeLimitDoubt(spec.Code, spec.Name, doubt));
            if (limit is null)
            {
                var published = string.Join(" | ", spec.Channels.Select(c => c.TimeText).OfType<string>().Distinct());
                unplaced.Add(new UnplacedTimeLimit(spec.Code, spec.Name,
                    published.Length > 0 ? published : spec.ChannelsText is null ? "Không công bố bảng cách thức thực hiện" : "Bảng cách thức thực hiện không đọc được",
                    spec.Steps is { } steps && SameDayInText().Match(steps) is { Success: true } m ? $"Trình tự thực hiện ghi \"{m.Value}\"" : null));
            }
        }
        return new TimeLimitSummary(byUnit, doubts, unplaced);
    }

    [GeneratedRegex(@"trong ngày[^.;\n]{0,60}", RegexOptions.IgnoreCase)]
    private static partial Regex SameDayInText();
}
