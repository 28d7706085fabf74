namespace MotCua.Domain.Receipts;

/// <summary>One fee item a receipt lists: its name, kind ("fee" phí | "charge" lệ phí) and integer VND.</summary>
public sealed record ReceiptItem(string Name, string Kind, long AmountVnd);

/// <summary>What a receipt carries, in the order Nghị định 123/2020/NĐ-CP Điều 32 (as amended) lists it.</summary>
public sealed record ReceiptDraft(
    string FormNumber, string Series, int Number, string CollectingUnit, string? CollectingUnitTaxCode, string PayerName,
    IReadOnlyList<ReceiptItem> Items, long AmountVnd, DateTimeOffset IssuedAt);

/// <summary>
/// The required content of a receipt for fees and charges (docs/FEES.md "Biên lai and the fee register"): a receipt is
/// issued only when nothing required is missing and its amount is the sum of its items.
/// </summary>
public static class ReceiptContent
{
    /// <summary>The name of the receipt as it prints (tên loại biên lai).</summary>
    public const string Title = "BIÊN LAI THU PHÍ, LỆ PHÍ";

    /// <summary>
    /// What is missing or wrong in <paramref name="draft"/>, each as a Vietnamese sentence naming the content; empty when
    /// the receipt may be issued. The collecting unit's tax code is printed when the unit has one (set with its numbering,
    /// <see cref="TaxCode"/>) and checked for its shape; it is not required: a unit without one prints its name alone.
    /// </summary>
    public static IReadOnlyList<string> Problems(ReceiptDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.FormNumber)) problems.Add("Thiếu ký hiệu mẫu biên lai.");
        if (!ReceiptNumbering.IsSeries(draft.Series)) problems.Add("Ký hiệu biên lai không đúng dạng (ví dụ MC-26E).");
        if (draft.Number is < 1 or > ReceiptNumbering.MaxNumber) problems.Add("Số biên lai phải từ 1 đến 9.999.999.");
        if (string.IsNullOrWhiteSpace(draft.CollectingUnit)) problems.Add("Thiếu tên đơn vị thu phí, lệ phí.");
        if (draft.CollectingUnitTaxCode is not null && !TaxCode.IsStored(draft.CollectingUnitTaxCode)) problems.Add(TaxCode.Message);
        if (string.IsNullOrWhiteSpace(draft.PayerName)) problems.Add("Thiếu tên người nộp phí, lệ phí.");
        if (draft.Items.Count == 0) problems.Add("Thiếu tên loại phí, lệ phí.");
        foreach (var item in draft.Items)
        {
            if (string.IsNullOrWhiteSpace(item.Name)) problems.Add("Một khoản thu thiếu tên.");
            if (item.Kind is not ("fee" or "charge")) problems.Add($"Khoản thu “{item.Name}” phải là phí hoặc lệ phí.");
            if (item.AmountVnd <= 0) problems.Add($"Khoản thu “{item.Name}” phải có số tiền lớn hơn 0.");
        }
        if (draft.AmountVnd <= 0) problems.Add("Số tiền phải lớn hơn 0.");
        else if (draft.Items.Count > 0 && draft.Items.Sum(i => i.AmountVnd) != draft.AmountVnd)
            problems.Add("Số tiền không bằng tổng các khoản thu.");
        return problems;
    }

    /// <summary>
    /// The items a receipt for <paramref name="paidVnd"/> (integer VND) lists: the payment allocated over its request's fee
    /// items (<paramref name="requestItems"/>, phí and lệ phí each with its own kind, in the fee's order; a levy or an item
    /// without a kind left out), so the receipt's lines and the fee register's phí and lệ phí columns keep the kinds apart
    /// even when the money comes in parts (docs/FEES.md "Tenth trial"):
    /// <list type="number">
    /// <item>what the earlier receipts of the same request already covered (<paramref name="earlierItems"/>, their lines)
    /// is taken off first: a line naming an item (same name and kind) off that item, a line naming none (a one-line
    /// receipt issued before this rule) off the items in the fee's order;</item>
    /// <item>a payment equal to exactly one item's remainder is that item (the citizen paying the lệ phí left);</item>
    /// <item>otherwise the payment covers the remainder of each item in the fee's order, the last one reached in part;
    /// money beyond every remainder (an accepted overpayment) is not a fee but to hand back (/ke-toan lists it with the
    /// refunds): Luật Phí và lệ phí 2015 Điều 18, the rate published is collected, no more.</item>
    /// </list>
    /// A request without items, or with nothing left to cover, gives one line "Phí, lệ phí của hồ sơ &lt;code&gt;" (phí) for
    /// the amount paid. The receipt's amount is always the sum of the items returned; each is more than 0.
    /// </summary>
    public static IReadOnlyList<ReceiptItem> ItemsFor(IReadOnlyList<ReceiptItem> requestItems, IReadOnlyList<ReceiptItem> earlierItems, long paidVnd,
        string dossierCode)
    {
        ArgumentNullException.ThrowIfNull(requestItems);
        ArgumentNullException.ThrowIfNull(earlierItems);
        var items = requestItems.Where(i => !string.IsNullOrWhiteSpace(i.Name) && i.AmountVnd > 0 && i.Kind is "fee" or "charge")
            .Select(i => i with { Name = i.Name.Trim() }).ToList();
        var remaining = items.Select(i => i.AmountVnd).ToArray();
        var unnamed = 0L;
        foreach (var earlier in earlierItems)
        {
            var left = Math.Max(0, earlier.AmountVnd);
            for (var k = 0; k < items.Count && left > 0; k++)
                if (items[k].Name == earlier.Name.Trim() && items[k].Kind == earlier.Kind) left -= Take(remaining, k, left);
            unnamed += left;
        }
        for (var k = 0; k < items.Count && unnamed > 0; k++) unnamed -= Take(remaining, k, unnamed);
        if (remaining.Sum() == 0 || paidVnd <= 0) return [new ReceiptItem($"Phí, lệ phí của hồ sơ {dossierCode}", "fee", paidVnd)];
        var exact = Array.IndexOf(remaining, paidVnd);
        if (exact >= 0) return [items[exact] with { AmountVnd = paidVnd }];
        var lines = new List<ReceiptItem>();
        var rest = paidVnd;
        for (var k = 0; k < items.Count && rest > 0; k++)
        {
            var taken = Take(remaining, k, rest);
            if (taken > 0) lines.Add(items[k] with { AmountVnd = taken });
            rest -= taken;
        }
        return lines;
    }

    // Takes up to `most` off item k's remainder; what was taken.
    private static long Take(long[] remaining, int k, long most)
    {
        var taken = Math.Min(remaining[k], most);
        remaining[k] -= taken;
        return taken;
    }

    /// <summary>"Phí" or "Lệ phí" for an item's kind, as the receipt prints it.</summary>
    public static string KindLabel(string kind) => kind == "charge" ? "Lệ phí" : "Phí";
}
