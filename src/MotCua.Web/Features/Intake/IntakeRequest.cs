using System.Text.Json.Serialization;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// Who hands in the dossier. <c>kind</c>: <c>individual</c> (default), <c>household-business</c>, <c>enterprise</c> or
/// <c>organization</c>; <c>fullName</c> is the person's or the organisation's name, <c>idNumber</c> its identifier (CCCD,
/// household business number, enterprise code NNNNNNNNNN or NNNNNNNNNN-NNN, organisation code if any), and
/// <c>representative</c> the person acting for an organisation or household business (see <see cref="ApplicantIdentity"/>).
/// </summary>
public sealed record IntakeApplicant(string? FullName, string? IdNumber, string? Phone, string? Email, string? Address,
    string? Kind = null, string? Representative = null);

/// <summary>The channels the applicant agrees to be notified by (docs/MESSAGES.md §5); an absent one is not agreed. SMS and
/// Zalo go to <c>applicant.phone</c>, e-mail to <c>applicant.email</c>, which it then requires.</summary>
public sealed record IntakeNotifications(bool Sms = false, bool Zalo = false, bool Email = false);

public sealed record IntakeDocument(
    string? Name,
    [property: JsonConverter(typeof(CountOrFlagConverter))] int Original,
    int Copies);

/// <summary>A dossier handed over at the desk, by post, or pushed by another system.</summary>
/// <param name="SubmittedAt">When the receiving point received it; without an offset it is Vietnam time (<see cref="VietnamTime.TryParseInstant"/>).</param>
/// <param name="TimeCase">The published case of the channel's time limit that applies (1-based into
/// <see cref="ChannelTerms.Cases"/>, e.g. "trong trường hợp giấy tờ phức tạp"); 0 or absent: the channel's own limit.</param>
/// <param name="CompetentReceivedAt">When the competent agency received a dossier that this point received for it
/// (boundary-free intake); the time limit then counts from it (<see cref="DueStart"/>).</param>
/// <param name="Notifications">The channels the applicant agreed to; absent: SMS only (<see cref="Domain.Messages.NotificationConsent.Default"/>).</param>
public sealed record IntakeRequest(
    string? ProcedureCode,
    string? AgencyCode,
    string? Channel,
    IntakeApplicant? Applicant,
    IReadOnlyList<IntakeDocument>? Documents,
    DateTimeOffset? SubmittedAt = null,
    int? Sets = null,
    IReadOnlyDictionary<string, string?>? FormData = null,
    int? TimeCase = null,
    DateTimeOffset? CompetentReceivedAt = null,
    IntakeNotifications? Notifications = null);

public enum IntakeDecision
{
    Receive,
    Refuse,
}

/// <summary>What intake answered: the dossier, the errors per field, or <see cref="Forbidden"/> (the officer's role may not do it; nothing was written).</summary>
public sealed record IntakeOutcome(Dossier? Dossier, IDictionary<string, string[]>? Errors, bool Replayed = false, string? Forbidden = null)
{
    public static IntakeOutcome Invalid(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}
