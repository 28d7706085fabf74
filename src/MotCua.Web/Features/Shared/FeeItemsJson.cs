using System.Text.Json;
using MotCua.Domain.Fees;

namespace MotCua.Web.Features.Shared;

/// <summary>
/// The JSON a fixed fee's items are stored as (<c>dossier_fees.items</c> and the intake payment request's
/// <c>payment_requests.items</c>, migration 0032): <c>[{ name, kind: "fee"|"charge", amountVnd, publishedText, rule,
/// quantity, unit, unitAmountVnd }]</c>, integer VND. One shape for intake and for an online dossier's fee fixed at its
/// acceptance, so receipts and the register read both alike.
/// </summary>
public static class FeeItemsJson
{
    /// <summary>The items of <paramref name="fee"/> as stored.</summary>
    public static string Of(FixedFee fee)
    {
        ArgumentNullException.ThrowIfNull(fee);
        return JsonSerializer.Serialize(fee.Items.Select(i => new
        {
            name = i.Name, kind = i.Kind == FeeKind.Fee ? "fee" : "charge", amountVnd = i.AmountVnd, publishedText = i.PublishedText, rule = i.Rule,
            quantity = i.Unit is null ? (int?)null : i.Quantity, unit = i.Unit, unitAmountVnd = i.UnitAmountVnd,
        }));
    }
}
