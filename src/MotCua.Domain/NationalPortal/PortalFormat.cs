using System.Globalization;
using System.Text;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.NationalPortal;

/// <summary>
/// How values are written for the National Public Service Portal (Cổng DVCQG) sync (docs/PORTAL.md; field list
/// tests/data/dvcqg/dvcqg_dossier_sync_fields.json): every scalar is a string, instants are <c>yyyyMMddHHmmss</c> in
/// Vietnam time (UTC+7), an absent value is <c>""</c>, flags are <c>"0"</c>/<c>"1"</c>, amounts whole VND, text NFC.
/// </summary>
public static class PortalFormat
{
    /// <summary>The portal's date-time format.</summary>
    public const string InstantFormat = "yyyyMMddHHmmss";

    /// <summary>The longest abstract the portal takes (TrichYeuHoSo; Tan Dan cuts at 1,000 characters).</summary>
    public const int AbstractLength = 1000;

    /// <summary>The longest handler name the portal takes (NguoiXuLy; Tan Dan cuts at 50 characters).</summary>
    public const int HandlerLength = 50;

    /// <summary><paramref name="instant"/> as <c>yyyyMMddHHmmss</c> in Vietnam time; <c>""</c> when null (23:30 UTC is the next
    /// Vietnam day's 06:30).</summary>
    public static string Instant(DateTimeOffset? instant) =>
        instant is { } at ? VietnamTime.ToVietnam(at).ToString(InstantFormat, CultureInfo.InvariantCulture) : "";

    /// <summary>Reads a portal instant back (Vietnam time); false when it is not 14 digits of a real date-time.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is not { Length: 14 } || !DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        instant = new DateTimeOffset(local, VietnamTime.Offset);
        return true;
    }

    /// <summary><c>"1"</c> or <c>"0"</c>.</summary>
    public static string Flag(bool value) => value ? "1" : "0";

    /// <summary>A whole amount in VND as digits, e.g. <c>"50000"</c>.</summary>
    public static string Amount(long vnd) => vnd.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="text"/> in NFC, trimmed, <c>""</c> when null, cut to <paramref name="max"/> characters (UTF-16
    /// units) at the last whole grapheme that fits, so a Vietnamese letter with its marks is never split.</summary>
    public static string Text(string? text, int max = int.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var normal = text.Trim().Normalize(NormalizationForm.FormC);
        if (normal.Length <= max) return normal;
        var end = 0;
        var graphemes = StringInfo.GetTextElementEnumerator(normal);
        while (graphemes.MoveNext())
        {
            var next = graphemes.ElementIndex + ((string)graphemes.Current).Length;
            if (next > max) break;
            end = next;
        }
        return normal[..end];
    }
}

/// <summary>
/// MotCua's dossier status as the portal's TrangThaiHoSo 1–10 (field list "TrangThaiHoSo"). <see cref="DossierStatus"/> is
/// the national list itself (DOMAIN §3), so the code is the enum's number; Tan Dan's folding of its local 5/6/8 into 9 is
/// not copied, since its local codes are not ours [choice, docs/design/ISSUE16.md §1.1].
/// </summary>
public static class PortalStatus
{
    // Accepted status changes of a dossier on the portal [choice: the real portal's rules are not published; docs/PORTAL.md];
    // a dossier may always be sent again with the status it has. 3, 8 and 10 are final. 5 → 1: a supplement asked at the
    // desk's check of an online dossier, before acceptance, is answered and the dossier is back to "Mới đăng ký" for that
    // check [choice, round 5: the national list's own meanings (1 submitted, not yet checked; 5 supplement asked) allow it].
    private static readonly Dictionary<string, string[]> Transitions = new()
    {
        ["1"] = ["2", "3", "5", "7"],
        ["2"] = ["4", "5", "6", "7", "8", "9", "10"],
        ["4"] = ["5", "6", "7", "8", "9"],
        ["5"] = ["1", "2", "4", "7", "8"],
        ["6"] = ["4", "7", "8", "9"],
        ["7"] = ["8"],
        ["9"] = ["10"],
    };

    /// <summary>Whether the portal takes a dossier held at TrangThaiHoSo <paramref name="from"/> sent again at
    /// <paramref name="to"/> ("1"–"10"): the same status, or a change the portal's list allows (the simulator's check and
    /// the monitoring ingest's, issue 16: 10 → 2 is refused).</summary>
    public static bool CanMove(string from, string to) => from == to || Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>
    /// Why a monitored dossier held at <paramref name="from"/> cannot be reported at <paramref name="to"/> (<see cref="CanMove"/>),
    /// in Vietnamese; null when it can. The one rule for every message of the monitoring ingest that carries a status: a
    /// HoSo's <c>TrangThaiHoSo</c> and a progress step's <c>TrangThai</c> alike (fresh trial p16n: a step took a returned
    /// dossier from 10 back to 4, and a refused one from 3 to 1).
    /// </summary>
    public static string? MoveRefusal(DossierStatus from, DossierStatus to) => CanMove(Code(from), Code(to))
        ? null
        : $"Không chuyển được trạng thái hồ sơ từ {Code(from)} ({from.Vietnamese()}) sang {Code(to)} ({to.Vietnamese()}).";

    /// <summary>
    /// Why a monitored dossier held at <paramref name="from"/> cannot be described by a HoSo at <paramref name="to"/>, in
    /// Vietnamese; null when it can. A HoSo is a snapshot, not a step: it may jump forward over statuses the ministry's system
    /// passed between two sends (4 → 10, 1 → 4: reachable by a chain of <see cref="CanMove"/> moves; fresh trial p16p LOW),
    /// never backwards nor out of a final status (10 → 2, 3 → 1, as <see cref="MoveRefusal"/>). A progress step is one move
    /// and keeps <see cref="MoveRefusal"/>.
    /// </summary>
    public static string? SnapshotRefusal(DossierStatus from, DossierStatus to)
    {
        var seen = new HashSet<string> { Code(from) };
        var next = new Queue<string>(seen);
        while (next.TryDequeue(out var at))
            foreach (var move in Transitions.GetValueOrDefault(at, []))
                if (seen.Add(move)) next.Enqueue(move);
        return seen.Contains(Code(to)) ? null
            : $"Không chuyển được trạng thái hồ sơ từ {Code(from)} ({from.Vietnamese()}) sang {Code(to)} ({to.Vietnamese()}).";
    }

    /// <summary>The portal's code of <paramref name="status"/>, "1" to "10"; throws for a value outside the enum.</summary>
    public static string Code(DossierStatus status) => Enum.IsDefined(status)
        ? ((int)status).ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(status), status, "Trạng thái hồ sơ không thuộc danh mục 1–10.");
}
