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
    /// The items a receipt for <paramref name="paidVnd"/> (integer VND) lists, from its request's fee items
    /// (<paramref name="requestItems"/>, phí and lệ phí each with its own kind; a levy or an item without a kind left out):
    /// <list type="bullet">
    /// <item>paid exactly, or more (an accepted overpayment): the request's items as they are; the excess is not a fee but
    /// money to hand back (/ke-toan lists it with the refunds), so the receipt's amount is the items' sum, not what was
    /// paid (Luật Phí và lệ phí 2015 Điều 18: the collector collects the rate published, no more);</item>
    /// <item>paid less (an accepted underpayment) or no items: one line for the amount paid, of the items' kind when they
    /// have one, else "Phí, lệ phí của hồ sơ &lt;code&gt;" (phí).</item>
    /// </list>
    /// The receipt's amount is always the sum of the items returned.
    /// </summary>
    public static IReadOnlyList<ReceiptItem> ItemsFor(IReadOnlyList<ReceiptItem> requestItems, long paidVnd, string dossierCode)
    {
        ArgumentNullException.ThrowIfNull(requestItems);
        var items = requestItems.Where(i => !string.IsNullOrWhiteSpace(i.Name) && i.AmountVnd > 0 && i.Kind is "fee" or "charge")
            .Select(i => i with { Name = i.Name.Trim() }).ToList();
        if (items.Count > 0 && items.Sum(i => i.AmountVnd) <= paidVnd) return items;
        var kinds = items.Select(i => i.Kind).Distinct().ToList();
        return kinds.Count == 1
            ? [new ReceiptItem($"{KindLabel(kinds[0])} của hồ sơ {dossierCode}", kinds[0], paidVnd)]
            : [new ReceiptItem($"Phí, lệ phí của hồ sơ {dossierCode}", "fee", paidVnd)];
    }

    /// <summary>"Phí" or "Lệ phí" for an item's kind, as the receipt prints it.</summary>
    public static string KindLabel(string kind) => kind == "charge" ? "Lệ phí" : "Phí";
}
