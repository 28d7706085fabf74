using System.Globalization;

namespace MotCua.Domain.Calendar;

/// <summary>The explanation of a due date in words, as the receipt (Mẫu 01), the dossier page, the desk's preview and
/// the worklists print it.</summary>
public static class SkippedPeriods
{
    /// <summary>"Không tính: Thứ Bảy 22/11, Chủ nhật 23/11 …" — the days and hours the due date skipped, for the officer and the citizen.</summary>
    public static string? Explain(IReadOnlyList<SkippedPeriod> skipped)
    {
        if (skipped.Count == 0) return null;
        var vn = VietnamTime.Offset;
        return "Không tính: " + string.Join("; ", skipped.Select(s =>
        {
            var from = s.From.ToOffset(vn);
            var to = s.To.ToOffset(vn);
            var span = from.Date == to.AddTicks(-1).Date || to - from < TimeSpan.FromDays(1)
                ? from.ToString("dd/MM", CultureInfo.InvariantCulture)
                : $"{from:dd/MM}–{to.AddTicks(-1):dd/MM}";
            return $"{s.Reason} {span}";
        }));
    }
}
