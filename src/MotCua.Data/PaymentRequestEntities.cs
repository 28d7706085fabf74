using System.Text.Json;

namespace MotCua.Data;

/// <summary>
/// An agency's collection account (table <c>collection_accounts</c>, migration 0032): bank by NAPAS BIN, account number
/// and name as Domain <c>CollectionAccountInput.Validate</c> normalised them; at most one active per agency. Never
/// deleted: a replaced or withdrawn account is deactivated.
/// </summary>
public sealed class CollectionAccountRow
{
    public int Id { get; init; }
    public int AgencyId { get; init; }
    public required string BankBin { get; init; }
    public required string AccountNumber { get; init; }
    public required string AccountName { get; init; }
    public bool Active { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public int? CreatedBy { get; init; }
}

/// <summary>
/// What a dossier asks to be paid (table <c>payment_requests</c>, migration 0032): <see cref="Reason"/> <c>intake</c>
/// or <c>financialObligation</c>, an amount in integer VND, <see cref="Items"/> as <c>dossier_fees.items</c> (empty
/// for a financial obligation), the transfer description carrying the dossier code, the VietQR string (null without an
/// active collection account), <see cref="Status"/> <c>open</c>, <c>paid</c> or <c>cancelled</c>.
/// </summary>
public sealed class PaymentRequestRow
{
    public long Id { get; init; }
    public long DossierId { get; init; }
    public required string Reason { get; init; }
    public long AmountVnd { get; init; }
    public required JsonDocument Items { get; init; }
    public int? AccountId { get; init; }
    public required string Purpose { get; init; }
    public string? Vietqr { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int? CreatedBy { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelReason { get; init; }
    /// <summary>Status <c>paidElsewhere</c>: the paid instant the officer's payment-received recorded (migration 0103).</summary>
    public DateTimeOffset? RecordedPaidAt { get; init; }
    /// <summary>Status <c>paidElsewhere</c>: the officer who recorded it (users.id).</summary>
    public int? RecordedPaidBy { get; init; }
}
