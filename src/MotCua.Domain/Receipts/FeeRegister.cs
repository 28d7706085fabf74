namespace MotCua.Domain.Receipts;

/// <summary>
/// One receipt as the fee register lists it: the Vietnam date the money was received, the receipt's form number, series
/// and number, the payer, the dossier, phí and lệ phí apart (integer VND), the method (cash | transfer | online) and,
/// when cancelled, the reason (listed, not counted).
/// </summary>
public sealed record FeeRegisterEntry(
    long ReceiptId, DateOnly Date, string FormNumber, string Series, int Number, string PayerName, string DossierCode,
    long FeeVnd, long ChargeVnd, long AmountVnd, string Method, bool Cancelled, string? CancelReason);

/// <summary>
/// A day's totals of the receipts not cancelled, by method, in VND; <see cref="CashHandoverVnd"/> is the cash the collector
/// hands over to the unit's fund at the end of that day (the day's cash receipts: MotCua keeps no cash between days).
/// </summary>
public sealed record FeeRegisterDay(DateOnly Date, int Receipts, long CashVnd, long TransferVnd, long OnlineVnd, long TotalVnd, long CashHandoverVnd);

/// <summary>The period's totals of the receipts not cancelled, in VND; <see cref="Cancelled"/> counts the cancelled ones listed.</summary>
public sealed record FeeRegisterTotals(int Receipts, int Cancelled, long FeeVnd, long ChargeVnd, long CashVnd, long TransferVnd, long OnlineVnd, long TotalVnd);

/// <summary>
/// Expected against collected for the period: the payment requests raised in it (not cancelled) and their state, against
/// the receipts of money received in it. <see cref="DifferenceVnd"/> = collected − requested: negative while requests are
/// unpaid, positive when money came for requests of an earlier period.
/// </summary>
public sealed record FeeReconciliation(int Requests, long RequestedVnd, long PaidRequestsVnd, long OpenRequestsVnd, long CollectedVnd, long DifferenceVnd);

/// <summary>A payment request of the period as the reconciliation counts it: its amount (VND) and status (open | paid | cancelled).</summary>
public sealed record FeeRegisterRequest(long AmountVnd, string Status);

/// <summary>
/// The sổ theo dõi thu phí, lệ phí of a unit for a period (docs/FEES.md "Biên lai and the fee register"): generated from
/// the receipts, never typed. Every figure here is computed from <see cref="Entries"/> and the period's requests by
/// <see cref="Build"/>, the one rule the JSON, the PDF and the workbook print.
/// </summary>
public sealed record FeeRegister(
    DateOnly From, DateOnly To, IReadOnlyList<FeeRegisterEntry> Entries, IReadOnlyList<FeeRegisterDay> Days, FeeRegisterTotals Totals,
    FeeReconciliation Reconciliation)
{
    /// <summary>The longest period a register covers, in days (a year, leap or not).</summary>
    public const int MaxDays = 366;

    /// <summary>The methods of payment, as stored (payments.method).</summary>
    public const string Cash = "cash", Transfer = "transfer", Online = "online";

    /// <summary>Who reads a unit's register: its accountant, who keeps it, and its leader, who signs it.</summary>
    public static bool MayRead(MotCua.Domain.Dossiers.OfficerRole role) =>
        role is MotCua.Domain.Dossiers.OfficerRole.Accountant or MotCua.Domain.Dossiers.OfficerRole.Leader;

    /// <summary>"Tiền mặt", "Chuyển khoản" or "Trực tuyến" for a stored method.</summary>
    public static string MethodLabel(string method) => method switch
    {
        Cash => "Tiền mặt",
        Transfer => "Chuyển khoản",
        Online => "Trực tuyến",
        _ => method,
    };

    /// <summary>
    /// What is wrong with the period, as (field, Vietnamese message), or null: <paramref name="from"/> after
    /// <paramref name="to"/> (field <c>to</c>), or longer than <see cref="MaxDays"/> days (field <c>from</c>).
    /// </summary>
    public static (string Field, string Message)? PeriodProblem(DateOnly from, DateOnly to)
    {
        if (to < from) return ("to", "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) return ("from", $"Một kỳ sổ dài tối đa {MaxDays} ngày.");
        return null;
    }

    /// <summary>
    /// The register of [<paramref name="from"/>, <paramref name="to"/>] (inclusive, Vietnam dates): the entries in date and
    /// number order, a day line for each day with at least one receipt (cancelled ones listed, not counted), the totals and
    /// the reconciliation against <paramref name="requests"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The period is wrong (<see cref="PeriodProblem"/>) or an entry falls outside it.</exception>
    public static FeeRegister Build(DateOnly from, DateOnly to, IEnumerable<FeeRegisterEntry> entries, IEnumerable<FeeRegisterRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(requests);
        if (PeriodProblem(from, to) is { } problem) throw new ArgumentException(problem.Message, nameof(to));
        var list = entries.OrderBy(e => e.Date).ThenBy(e => e.Series, StringComparer.Ordinal).ThenBy(e => e.Number).ToList();
        if (list.FirstOrDefault(e => e.Date < from || e.Date > to) is { } outside)
            throw new ArgumentException($"Biên lai {outside.ReceiptId} ngày {outside.Date:dd/MM/yyyy} nằm ngoài kỳ sổ.", nameof(entries));

        static long Sum(IEnumerable<FeeRegisterEntry> counted, string method) => counted.Where(e => e.Method == method).Sum(e => e.AmountVnd);
        var days = list.GroupBy(e => e.Date).Select(g =>
        {
            var counted = g.Where(e => !e.Cancelled).ToList();
            var cash = Sum(counted, Cash);
            return new FeeRegisterDay(g.Key, counted.Count, cash, Sum(counted, Transfer), Sum(counted, Online), counted.Sum(e => e.AmountVnd), cash);
        }).ToList();
        var valid = list.Where(e => !e.Cancelled).ToList();
        var totals = new FeeRegisterTotals(valid.Count, list.Count - valid.Count, valid.Sum(e => e.FeeVnd), valid.Sum(e => e.ChargeVnd),
            Sum(valid, Cash), Sum(valid, Transfer), Sum(valid, Online), valid.Sum(e => e.AmountVnd));
        var raised = requests.Where(r => r.Status != "cancelled").ToList();
        var requested = raised.Sum(r => r.AmountVnd);
        var reconciliation = new FeeReconciliation(raised.Count, requested, raised.Where(r => r.Status == "paid").Sum(r => r.AmountVnd),
            raised.Where(r => r.Status == "open").Sum(r => r.AmountVnd), totals.TotalVnd, totals.TotalVnd - requested);
        return new FeeRegister(from, to, list, days, totals, reconciliation);
    }
}
