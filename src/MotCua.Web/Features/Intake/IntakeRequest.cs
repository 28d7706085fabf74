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

/// <summary>A document of the dossier as sent: name, originals and copies handed over; <c>reused</c> 1 (from the citizen's
/// store) or 2 (data from a published database) with <c>reuseRef</c> (the reused paper, e.g. "Giấy khai sinh số 12/1995")
/// for a document not asked for because the citizen's data holds it (then 0 originals and 0 copies are allowed); 0 or
/// absent: handed over. <c>stagedFiles</c> (issue 17) are ids of files the sender uploaded before (<c>staged_files</c>:
/// theirs, not expired, not used), attached to this document in the dossier's own statement; another owner's or an
/// expired id is refused 422 keyed <c>documents[i].stagedFiles[j]</c>.</summary>
public sealed record IntakeDocument(
    string? Name,
    [property: JsonConverter(typeof(CountOrFlagConverter))] int Original,
    int Copies,
    int Reused = 0,
    string? ReuseRef = null,
    IReadOnlyList<long>? StagedFiles = null);

/// <summary>A dossier handed over at the desk, by post, or pushed by another system.</summary>
/// <param name="SubmittedAt">When the receiving point received it; ISO 8601 with its offset, a time without one refused (<see cref="VietnamTime.TryParseApiInstant"/>).</param>
/// <param name="TimeCase">The published case of the channel's time limit that applies (1-based into
/// <see cref="ChannelTerms.Cases"/>, e.g. "trong trường hợp giấy tờ phức tạp"); 0 or absent: the channel's own limit.</param>
/// <param name="CompetentReceivedAt">When the competent agency received a dossier that this point received for it
/// (boundary-free intake); the time limit then counts from it (<see cref="DueStart"/>).</param>
/// <param name="FeeExemption">An exemption from the fee, with its reason and legal basis (docs/FEES.md, "## Fees").</param>
/// <param name="FeeCase">When the channel's fee is published by case (<c>FeeRules.ByCase</c>), the 1-based case that
/// applies; without it such a fee is fixed as not placed, for the officer to settle.</param>
/// <param name="FeeItems">Quantities of the fee items charged per a quantity unit (<see cref="IntakeFeeQuantity"/>).</param>
/// <param name="Fee">The amount the officer fixes for a fee the catalogue's text could not be read to
/// (<see cref="IntakeOfficerFee"/>); only for such a fee.</param>
/// <param name="Notifications">The channels the applicant agreed to; absent: SMS only (<see cref="Domain.Messages.NotificationConsent.Default"/>).</param>
/// <param name="ResultDelivery">How the applicant receives the result (issue 17, Domain <see cref="Domain.Dossiers.ResultDelivery"/>):
/// <c>desk</c>, <c>post</c> or <c>electronic</c> (online dossiers only); absent: the channel's way (post for a postal
/// dossier, electronic online, else the desk). Not a way, or electronic for a desk or postal dossier: 422 naming it.</param>
/// <param name="ResultAddress">For <c>post</c>, where the result is sent (≤ 500 characters); absent: the applicant's
/// address. Post with neither: 422 naming it.</param>
public sealed record IntakeRequest(
    string? ProcedureCode,
    string? AgencyCode,
    string? Channel,
    IntakeApplicant? Applicant,
    IReadOnlyList<IntakeDocument>? Documents,
    DateTimeOffset? SubmittedAt = null,
    int? Sets = null,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(FormValuesConverter))] IReadOnlyDictionary<string, string?>? FormData = null,
    int? TimeCase = null,
    DateTimeOffset? CompetentReceivedAt = null,
    IntakeNotifications? Notifications = null,
    IntakeFeeExemption? FeeExemption = null,
    int? FeeCase = null,
    IReadOnlyList<IntakeFeeQuantity>? FeeItems = null,
    IntakeOfficerFee? Fee = null,
    string? ResultDelivery = null,
    string? ResultAddress = null);

/// <summary>The amount an officer fixes at intake for a fee the catalogue's text could not be read to (the fee would be
/// fixed <c>unplaced</c>; Domain <c>OfficerFee</c>): <c>amountVnd</c> integer VND 1 to 9,999,999,999,999, <c>kind</c>
/// <c>fee</c> (phí) or <c>charge</c> (lệ phí), <c>note</c> what it is and on what it rests (2 to 300 characters; it names
/// the item on the payment request and the receipt). Fixed with source <c>officer</c>, a payment request raised as for a
/// published fee. Given for a fee that was read, or without one of its fields: 422 naming <c>fee</c>,
/// <c>fee.amountVnd</c>, <c>fee.kind</c> or <c>fee.note</c>. Absent, an unplaced fee stays unplaced (an integrated system
/// that cannot ask); the desk does not require it either (the accountant fixes the amount later).</summary>
public sealed record IntakeOfficerFee(long? AmountVnd, string? Kind, string? Note);

/// <summary>The quantity of a fee item published per a quantity unit ("6000000/chiếc Đồng": chiếc, Domain <c>FeeUnits</c>):
/// <c>item</c> is the item's 1-based number in the channel's published items (as <c>feeCase</c> counts them), <c>quantity</c>
/// an integer from 1 to 10,000; an item not listed counts 1. The amount charged is quantity × the unit amount, integer VND.</summary>
public sealed record IntakeFeeQuantity(int Item, int Quantity);

/// <summary>An exemption from the dossier's fee chosen by the officer (issue 14): why, and the legal text granting it;
/// both required. The fee's items are kept and nothing is due.</summary>
public sealed record IntakeFeeExemption(string? Reason, string? LegalBasis);

/// <summary>What intake records of a dossier the National Portal pushed (docs/PORTAL.md "Inbound"): the portal's dossier
/// code (1–100 characters, unique), the applicant's portal account, and for each document in the request's order its file.</summary>
public sealed record PortalIntake(string PortalCode, string? AccountId, IReadOnlyList<PortalDocumentFile> Documents);

/// <summary>A pushed document's file URL on the portal, whether it was digitised, and its reuse (0 no, 1 the citizen's store,
/// 2 a published database).</summary>
public sealed record PortalDocumentFile(string? FileUrl, bool Digitised, int Reused);

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
