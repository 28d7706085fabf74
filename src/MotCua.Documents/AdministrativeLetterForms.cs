using MotCua.Domain.Dossiers;

namespace MotCua.Documents;

/// <summary>
/// What every document of <see cref="AdministrativeLetters"/> shares: the issuing agency's letterhead (the date line is
/// <see cref="IssuedAt"/>), its number ("03/TTPVHCC", "05/BB-STP"; null prints no number line) and the dossier it concerns.
/// </summary>
public abstract record AdministrativeLetter
{
    public required Letterhead Letterhead { get; init; }
    public string? Number { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required string DossierCode { get; init; }
    public required string ProcedureName { get; init; }
    public string? ProcedureCode { get; init; }
}

/// <summary>A letter an agency signs: the signer block of Nghị định 30/2020/NĐ-CP (ô 7) and the "Nơi nhận" lines (ô 9b, the
/// last one "- Lưu: VT.").</summary>
public abstract record SignedLetter : AdministrativeLetter
{
    public required Signatory Signer { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
}

/// <summary>
/// The competent agency asks the one-stop unit that received the dossier to extend its time (công văn "V/v đề nghị gia hạn
/// thời gian giải quyết hồ sơ"), from the dossier's extension: the reason, the due time before it and the new one.
/// </summary>
public sealed record ExtensionRequestLetter : SignedLetter
{
    /// <summary>The one-stop unit addressed ("Kính gửi").</summary>
    public required string OneStopUnitName { get; init; }
    public required string ApplicantName { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset OriginalDueAt { get; init; }
    public required DateTimeOffset NewDueAt { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// One co-agency task of an interconnected dossier as a pair of letters: the lead agency's request for an opinion (the
/// task and its deadline) and, once answered, the co-agency's answer. Which one prints depends on the method called;
/// the letterhead, number and signer are those of the agency writing it.
/// </summary>
public sealed record ConsultationLetter : SignedLetter
{
    public required string LeadAgencyName { get; init; }
    public required string CoAgencyName { get; init; }
    public required string ApplicantName { get; init; }
    /// <summary>What the co-agency is asked (the task's name in the internal process).</summary>
    public required string Task { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
    public required DateTimeOffset AnswerDueAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? Answer { get; init; }
}

/// <summary>The record of a field verification (biên bản kiểm tra, xác minh) held during appraisal.</summary>
public sealed record FieldVerificationLetter : AdministrativeLetter
{
    public required string ApplicantName { get; init; }
    public required FieldVerification Verification { get; init; }
}

/// <summary>The holder agency's apology to the applicant for a lost or damaged dossier, with the remedy and the cost it bears.</summary>
public sealed record LossApologyLetter : SignedLetter
{
    public required string ApplicantName { get; init; }
    public required string ApplicantAddress { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required LossRecord Loss { get; init; }
}

/// <summary>The one-stop unit tells the applicant the result is ready before the appointment, and where and when to collect it.</summary>
public sealed record EarlyReturnNoticeLetter : SignedLetter
{
    public required string ApplicantName { get; init; }
    public required string ApplicantAddress { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>Where the result is collected: the unit's desk (with its address), or how it is sent.</summary>
    public required string CollectAt { get; init; }
    /// <summary>When it can be collected, e.g. the unit's office hours.</summary>
    public required string CollectWhen { get; init; }
}

/// <summary>The evaluation slip of one dossier: its code and procedure, never the applicant (the evaluator is confidential).</summary>
public sealed record EvaluationSlipLetter : AdministrativeLetter
{
    public required IReadOnlyList<RatingIndicator> Indicators { get; init; }
}
