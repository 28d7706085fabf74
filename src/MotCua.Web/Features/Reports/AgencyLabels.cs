using MotCua.Data;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// How a report names the unit it is about, so that the reader sees how far its figures reach. The province centre's
/// reports read the whole province: its roll-up is every unit of the province (DOMAIN §6; Thông tư 01/2020/TT-VPCP, the
/// province's report sums its units'; <see cref="Bieu06Reports.UnitsAsync"/>), so its name carries "(toàn tỉnh)" wherever a
/// report offers or shows it: the unit lists of the dashboard, Biểu 06 and the per-step times, and the ratings' summary.
/// </summary>
public static class AgencyLabels
{
    /// <summary>What follows the province centre's name: its figures are the province's.</summary>
    public const string ProvinceWide = " (toàn tỉnh)";

    /// <summary>What follows the name of another unit whose roll-up holds units under it.</summary>
    public const string WithUnitsUnder = " và các đơn vị trực thuộc";

    /// <summary>A unit as a report's unit list offers it: its name, and "(toàn tỉnh)" for the province centre.</summary>
    public static string Choice(Agency unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.Kind == AgencyKinds.ProvinceCenter ? unit.Name + ProvinceWide : unit.Name;
    }

    /// <summary>A unit as the heading of figures rolled up from <paramref name="units"/> units (itself included): its name
    /// alone for one unit; "(toàn tỉnh)" for the province centre (<see cref="Choice"/>); "và các đơn vị trực thuộc" for
    /// another unit with units under it.</summary>
    public static string RollUp(Agency unit, int units)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return units < 2 ? unit.Name
            : unit.Kind == AgencyKinds.ProvinceCenter ? Choice(unit)
            : unit.Name + WithUnitsUnder;
    }
}
