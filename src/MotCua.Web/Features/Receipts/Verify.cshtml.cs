using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Data;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Lookup;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// /xac-thuc/bien-lai/{token}: the public verification of an e-receipt, reached by the QR printed on it. It says whether
/// the receipt is valid or cancelled (with when and why) and repeats what the paper must match: form number, series,
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

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Receipt = await IssuedReceipts.ByTokenAsync(db, token, ct);
        if (Receipt is not null) UnitName = (await db.Agencies.FindAsync([Receipt.AgencyId], ct))?.Name;
    }
}
