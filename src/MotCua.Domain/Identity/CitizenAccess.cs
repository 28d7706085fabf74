using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Identity;

/// <summary>A signed-in citizen as access rules see them: the account (<c>citizens.id</c>), the CCCD it is for, how it was
/// proven, and, for a one-time code, the phone or e-mail address the code was sent to (null for VNeID).</summary>
public sealed record SignedInCitizen(long Id, string IdNumber, CitizenAssurance Assurance, string? CodeSentTo);

/// <summary>What the citizen access rule reads of a dossier: the account that submitted it online (null when it came
/// another way), the applicant's id number and the phone and e-mail recorded on it.</summary>
public sealed record DossierOwnership(long? CitizenId, string ApplicantIdNumber, string? Phone, string? Email);

/// <summary>
/// Which dossiers a citizen signed in on MotCua may read (follow, download files of, answer, withdraw): those their own
/// account submitted, and those whose applicant is them, when their identity is proven (VNeID) or the one-time code went
/// to the phone or e-mail recorded on that dossier. A code sent to one's own phone never opens a dossier that only names
/// the same typed CCCD [choice: Nghị định 13/2023/NĐ-CP's minimum exposure of personal data; anyone can type a CCCD].
/// Officers keep the agency rule (<c>Dossier.VisibilityFor</c>) and API clients their own dossiers; this rule is only
/// for citizens.
/// </summary>
public static class CitizenAccess
{
    /// <summary>True when <paramref name="citizen"/> may read <paramref name="dossier"/>.</summary>
    public static bool CanRead(SignedInCitizen citizen, Dossier dossier) =>
        CanRead(citizen, new DossierOwnership(dossier.CitizenId, dossier.Applicant.IdNumber, dossier.Applicant.Phone, dossier.Applicant.Email));

    /// <summary>True when <paramref name="citizen"/> may read the dossier described by <paramref name="dossier"/> (a
    /// projection, so a query need not load the dossier).</summary>
    public static bool CanRead(SignedInCitizen citizen, DossierOwnership dossier)
    {
        if (dossier.CitizenId == citizen.Id) return true;
        if (string.IsNullOrEmpty(dossier.ApplicantIdNumber) || !string.Equals(dossier.ApplicantIdNumber.Trim(), citizen.IdNumber, StringComparison.Ordinal))
            return false;
        return citizen.Assurance switch
        {
            CitizenAssurance.VneId => true,
            CitizenAssurance.OneTimeCode => citizen.CodeSentTo is { } sentTo && SameDestination(sentTo, dossier),
            _ => false,
        };
    }

    // Phones compare in their national form (0905…, +84 905…, 84905… are one number); e-mail addresses case-insensitively
    // in ASCII (the domain part is, and providers treat the local part so in practice).
    private static bool SameDestination(string sentTo, DossierOwnership dossier)
    {
        if (sentTo.Contains('@', StringComparison.Ordinal))
            return dossier.Email is { } email && string.Equals(email.Trim(), sentTo.Trim(), StringComparison.OrdinalIgnoreCase);
        return VietnamPhone.National(sentTo) is { } phone && dossier.Phone is { } recorded && VietnamPhone.National(recorded) == phone;
    }
}
