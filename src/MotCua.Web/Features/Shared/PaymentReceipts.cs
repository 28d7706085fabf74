using MotCua.Data;

namespace MotCua.Web.Features.Shared;

/// <summary>
/// Issues the e-receipt of a confirmed payment (issue 14): the payments feature calls it in the transaction that records
/// the payment, the receipts feature implements it. Issuing twice for one payment answers the receipt already issued.
/// </summary>
public interface IPaymentReceipts
{
    /// <summary>
    /// Issues (or finds) the receipt of payment <paramref name="paymentId"/> on <paramref name="db"/>'s connection and
    /// transaction, numbered in its agency's current series; returns the receipt's id.
    /// </summary>
    /// <param name="issuedBy">The officer who confirmed the payment; null for a partner's callback.</param>
    /// <param name="payerName">The payer's name a replacement receipt prints, corrected by the accountant
    /// (<see cref="MotCua.Domain.Receipts.ReceiptCancellation.ReplacementPayer"/>); null: the payment's payer, else the applicant.</param>
    Task<long> IssueAsync(MotCuaDb db, long paymentId, int? issuedBy, CancellationToken ct, string? payerName = null);
}
