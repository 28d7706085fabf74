using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Ratings;

/// <summary>How ratings' figures are grouped: by agency, by procedure or by officer.</summary>
public enum RatingGrouping
{
    Agency = 1,
    Procedure,
    Officer,
}

/// <summary>Which column of a unit's score a write sets.</summary>
public enum UnitScoreColumn
{
    /// <summary>Điểm tự chấm: the unit's leader.</summary>
    SelfScore = 1,
    /// <summary>Điểm thẩm định: the province office, here the inspector [choice, ISSUE17 §1.5].</summary>
    AppraisedScore,
}

/// <summary>
/// Who reads ratings' figures and writes unit scores (ISSUE17 §7.3) [choice]: the leader of the agency, the inspector and
/// the administrator read every grouping of an agency (the leader those within reach: the reports' one reader rule, their
/// unit's roll-up, so a province centre's leader reads every unit as on the 766 index, trial 17v MEDIUM 3); any other
/// officer reads only their own row grouped by officer; integrated systems read nothing. The leader writes the self-score of their agency, the
/// inspector the appraised score of any agency; nobody writes both.
/// </summary>
public static class RatingAccess
{
    /// <summary>Whether <paramref name="officer"/> may read <paramref name="agencyId"/>'s figures grouped <paramref name="by"/>;
    /// <paramref name="inReach"/>: the agency is within the officer's reach by the rule every report reads (their unit's
    /// roll-up); an officer outside the leader/inspector/admin roles may read only their own agency's officer row.</summary>
    public static bool MayRead(Officer officer, int agencyId, bool inReach, RatingGrouping by) => officer.Role switch
    {
        OfficerRole.Inspector or OfficerRole.Admin => true,
        OfficerRole.Leader => inReach,
        _ => officer.AgencyId == agencyId && by == RatingGrouping.Officer,
    };

    /// <summary>Whether <paramref name="officer"/> sees every row of a grouping or only their own (officer grouping).</summary>
    public static bool SeesEveryRow(Officer officer) => officer.Role is OfficerRole.Inspector or OfficerRole.Admin or OfficerRole.Leader;

    /// <summary>Whether <paramref name="officer"/> may read the comments (ý kiến) of an agency's ratings: the inspector, and
    /// leaders for an agency within reach (<paramref name="inReach"/>, as <see cref="MayRead"/>).</summary>
    public static bool MayReadComments(Officer officer, bool inReach) =>
        officer.Role == OfficerRole.Inspector || (officer.Role == OfficerRole.Leader && inReach);

    /// <summary>Whether <paramref name="officer"/> may read an agency's unit scores (<paramref name="inReach"/> as <see cref="MayRead"/>).</summary>
    public static bool MayReadScores(Officer officer, bool inReach) =>
        officer.Role is OfficerRole.Inspector or OfficerRole.Admin || (officer.Role == OfficerRole.Leader && inReach);

    /// <summary>Whether <paramref name="officer"/> may write <paramref name="column"/> of <paramref name="agencyId"/>'s scores.</summary>
    public static bool MayWrite(Officer officer, int agencyId, UnitScoreColumn column) => column switch
    {
        UnitScoreColumn.SelfScore => officer.Role == OfficerRole.Leader && officer.AgencyId == agencyId,
        _ => officer.Role == OfficerRole.Inspector,
    };
}
