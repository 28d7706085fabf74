namespace MotCua.Domain.Dossiers;

/// <summary>What an officer does in the system; the web maps the sign-in role onto it (the Domain knows no claims).</summary>
public enum OfficerRole
{
    ReceivingOfficer = 1,
    Specialist,
    DepartmentHead,
    Leader,
    Accountant,
    Admin,
    Inspector,
}

/// <summary>An officer acting on a dossier: who (for the history), in which role and for which agency (for the rules).
/// Without an agency only the role is checked (the web always passes one).</summary>
public sealed record Officer(Actor Actor, OfficerRole Role, int? AgencyId = null);
