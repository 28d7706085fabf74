using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Data;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Lookup;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// /xac-thuc/bien-lai/{token}: the public verification of an e-receipt, reached by the QR printed on it. It says whether
/// the receipt is valid or cancelled (when, whether by a full refund, and the number of the receipt that replaced it; never
/// the free-text reason, which may hold a name) and repeats what the paper must match: form number, series,
/// number, amount, collecting unit, date of issue; of the payer only the initials (<see cref="ReceiptCancellation.PayerInitials"/>).
/// An unknown token is a page saying so, not an error.
/// </summary>
[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class VerifyModel(MotCuaDb db) : PageModel
{
    /// <summary>The receipt found, or null.</summary>
    public IssuedReceipt? Receipt { get; private set; }

    /// <summary>The collecting unit's name.</summary>
    public string? UnitName { get; private set; }

    /// <summary>For a cancelled receipt, the number of the valid receipt its payment was given after it
    /// ("MC-26E-0000003"), or null.</summary>
    public string? Replacement { get; private set; }

    /// <summary>Whether the receipt was cancelled because its payment was refunded in full (the reason's fixed prefix, not
    /// the free text after it).</summary>
    public bool RefundedInFull { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Receipt = await IssuedReceipts.ByTokenAsync(db, token, ct);
        if (Receipt is null) return;
        UnitName = (await db.Agencies.FindAsync([Receipt.AgencyId], ct))?.Name;
        if (Receipt.CancelledAt is null) return;
        RefundedInFull = IssuedReceipts.RefundedInFull(Receipt);
        Replacement = await IssuedReceipts.ReplacementAsync(db, Receipt.Id, ct);
    }
}
