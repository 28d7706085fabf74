using System.Text.Json;

namespace MotCua.Data;

/// <summary>
/// The fee of a dossier fixed at intake (table <c>dossier_fees</c>, migration 0032, whose comments are the contract):
/// <see cref="Items"/> is <c>[{ name, kind: "fee"|"charge", amountVnd, publishedText, rule }]</c> as charged; amounts
/// are integer VND; <see cref="Source"/> is <c>catalogue</c>, <c>local</c>, <c>none</c> or <c>unplaced</c>. Written by
/// intake's one statement (Features/Intake/IntakeWrite); an online dossier's <c>unplaced</c> fee is fixed once more when the
/// desk accepts it (Features/Processing/AcceptanceFee); never deleted.
/// </summary>
public sealed class DossierFeeRow
{
    public long DossierId { get; init; }
    public required JsonDocument Items { get; init; }
    public long FeeVnd { get; init; }
    public long ChargeVnd { get; init; }
    public long DueVnd { get; init; }
    public required string Source { get; init; }
    public string? PublishedText { get; init; }
    /// <summary>Why the amount is unknown or waived for a period (migration 0077), apart from the published text.</summary>
    public string? Reason { get; init; }
    public string? ExemptionReason { get; init; }
    public string? ExemptionLegalBasis { get; init; }
    public DateTimeOffset FixedAt { get; init; }
    public int? FixedBy { get; init; }
}
