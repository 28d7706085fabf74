using MotCua.Data;
using MotCua.Documents;

namespace MotCua.Web.Features;

/// <summary>Where an agency's row becomes the letterhead its documents print: the only place that knows which columns.</summary>
public static class Letterheads
{
    /// <summary>The agency's superior agency and name as set in its administration page, and its place name for the date line.</summary>
    public static Letterhead Of(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return new Letterhead(agency.SuperiorName, agency.Name, agency.PlaceName);
    }
}
