using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Fees;

/// <summary>Phí (a fee for a service) or lệ phí (a charge for a state administrative service), kept apart as the
/// Law on Fees and Charges 2015 (Luật Phí và lệ phí số 97/2015/QH13) keeps them.</summary>
public enum FeeKind
{
    /// <summary>Phí.</summary>
    Fee,

    /// <summary>Lệ phí.</summary>
    Charge,
}

/// <summary>One amount a channel publishes: its name, kind, integer VND, the published text it was read from, and the
/// case it applies to ("Đối với nhà khai thác tàu bay Việt Nam …"), null when it always applies, and the unit it is
/// published per when that unit counts a quantity (<see cref="FeeUnits.Quantity"/>: "chiếc" for "6000000/chiếc Đồng"),
/// <see cref="AmountVnd"/> then being the amount of one unit; null when it is charged once for the dossier.
/// <see cref="Counted"/> is set for a fee by the e-form's counts (<see cref="CountedFees"/>, the chứng thực fees of Thông tư
/// 226/2016/TT-BTC): <see cref="AmountVnd"/> is then the first rate published (2,000 a page, 10,000 a case) and the amount
/// charged is computed at intake from the counts.</summary>
public sealed record FeeItem(string Name, FeeKind Kind, long AmountVnd, string PublishedText, string? Condition = null, string? Unit = null,
    FeeCount? Counted = null);

/// <summary>A reduction in force for a period: the items cost <see cref="PercentCharged"/>% (0 = free) from
/// <see cref="From"/> to <see cref="Until"/> inclusive, on every channel or only online, as published
/// ("Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí … bằng 50% …"). <see cref="PercentCharged"/> is null
/// when the text only refers the period to another text without stating the rate ("Từ ngày 01/7/2025 đến hết ngày
/// 31/12/2026 áp dụng theo quy định tại Thông tư số 64/2025/TT-BTC", 1.002613): the amount in force is then unknown
/// and is flagged, never guessed. A reduction <em>by amount</em> sets <see cref="ReducedAmountVnd"/> instead: the item
/// published at <see cref="OfAmountVnd"/> costs that amount in the period, the other items are not reduced ("Lệ phí cấp giấy
/// phép lái xe: 135.000 đồng/lần. Trường hợp … trực tuyến: Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu
/// lệ phí là 115.000 đồng/lần cấp", 3.000346; "Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025
/// đến hết ngày 31/12/2026 …). Lệ phí: 100.000 đồng/hồ sơ.", 1.002681, whose lệ phí is not reduced; integer VND).
/// <see cref="Unread"/> marks a period the text writes with a rate the reader could not read (ninth trial: "Bằng 50% mức
/// thu phí quy định tại Mục VIII … (Kể từ ngày 01 tháng 7 năm 2025 đến hết ngày 31 tháng 12 năm 2026 …", 1.011423): it is
/// <see cref="Unstated"/> too, so the amount in that period is flagged, never the full amount charged.
/// <see cref="Ended"/> marks the days after an amount whose own text says it applies only until a date (twelfth trial:
/// "40.000đ/giấy thông hành (áp dụng đến hết ngày 31/12/2024 theo Thông tư số 43/2024/TT-BTC …)", 1.001200 online):
/// <see cref="From"/> is the day after that date, <see cref="Until"/> <see cref="DateOnly.MaxValue"/>, <see cref="OfAmountVnd"/>
/// the amount that ended; it is <see cref="Unstated"/>, so that item is flagged from then on, never charged.</summary>
public sealed record FeeReduction(int? PercentCharged, DateOnly From, DateOnly Until, bool OnlineOnly, string PublishedText,
    long? ReducedAmountVnd = null, long? OfAmountVnd = null, bool Unread = false, bool Ended = false)
{
    /// <summary>Whether it applies to a dossier received on <paramref name="day"/> by <paramref name="online"/>.</summary>
    public bool AppliesOn(DateOnly day, bool online) => day >= From && day <= Until && (online || !OnlineOnly);

    /// <summary>Neither a percentage nor an amount is stated (the text refers the period to another text).</summary>
    public bool Unstated => PercentCharged is null && ReducedAmountVnd is null;

    /// <summary>What an item published at <paramref name="amountVnd"/> (one unit, integer VND) costs under this reduction:
    /// the percentage of it, or the reduced amount when it is the item reduced by amount; null when this reduction does
    /// not reduce that item or states no rate.</summary>
    public long? Charge(long amountVnd) =>
        PercentCharged is { } pct ? amountVnd * pct / 100
        : ReducedAmountVnd is { } reduced && OfAmountVnd == amountVnd ? reduced
        : null;
}

/// <summary>
/// A channel's fee rules read from the catalogue's text: the items, the reductions by period, and
/// <see cref="Unplaced"/>, the kind of reason (a stable code of <see cref="UnplacedFees"/>, whose
/// <see cref="UnplacedFees.Text"/> is what users read) when the text could not be read to an amount, which is never taken as 0. <see cref="Free"/> is "Miễn phí" with nothing else published.
/// </summary>
public sealed record FeeRules(IReadOnlyList<FeeItem> Items, IReadOnlyList<FeeReduction> Reductions, string? Unplaced)
{
    /// <summary>"Miễn phí" with no amount, case or council rate.</summary>
    public bool Free => Unplaced is null && Items.Count == 0;

    /// <summary>Whether the items are alternatives by case (every item has a condition and there are several): the
    /// officer chooses which applies.</summary>
    public bool ByCase => Items.Count > 1 && Items.All(i => i.Condition is not null);

    /// <summary>The first reduction whose rate the text does not state (<see cref="FeeReduction.PercentCharged"/>
    /// null), flagged in the import report; null when every reduction states its rate.</summary>
    public FeeReduction? UnstatedReduction => Reductions.FirstOrDefault(r => r.Unstated);

    /// <summary>The cases the officer chooses from when <see cref="ByCase"/>, 1-based as <c>feeCase</c> is sent, each with
    /// <see cref="CaseLabel"/> and its published amount (integer VND, before any reduction); empty otherwise.</summary>
    public IReadOnlyList<(int Number, string Label, long AmountVnd)> Cases =>
        ByCase ? [.. Items.Select((item, i) => (i + 1, CaseLabel(item), item.AmountVnd))] : [];

    /// <summary>Longest label shown for a case, in characters (one line of the desk's radio list, about two on a phone).</summary>
    public const int CaseLabelLength = 160;

    /// <summary>
    /// A case in the published text's own words made readable: the catalogue's path separators ("Đối với nhà khai thác
    /// tàu bay Việt Nam->Gia hạn->Thêm một loại tàu bay") become " › ", runs of spaces one, and a text longer than
    /// <see cref="CaseLabelLength"/> is cut at a word with "…" (the whole text stays in the item's published text).
    /// </summary>
    public static string CaseLabel(FeeItem item)
    {
        var text = string.Join(' ', (item.Condition ?? item.Name).Replace("->", " › ", StringComparison.Ordinal)
            .Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd(':', ';', ',', '.', ' ');
        if (text.Length <= CaseLabelLength) return text;
        var cut = text.LastIndexOf(' ', CaseLabelLength - 1);
        return text[..(cut > CaseLabelLength / 2 ? cut : CaseLabelLength - 1)].TrimEnd(',', ';', ':', ' ', '›') + "…";
    }
}

/// <summary>
/// Reads a channel's published fee ("Phí, lệ phí" cell with its detail in brackets, and the row's description) into
/// <see cref="FeeRules"/>. Reads: a single amount; amounts written "15000000/lần Đồng"; "Phí: …" / "Lệ phí: …" items in
/// the detail or only in the description; reductions and free periods with their dates. Flags (never 0): no fee
/// published, a rate set by the provincial People's Council, a foreign currency, an amount below 1,000 VND, text with no
/// readable amount, a cell "Miễn phí" whose text writes an amount that is not named by its own label. The chứng thực rates
/// whose amount depends on counts the text defines (2.000815, 2.000942 by pages and copies; 2.000884 by papers) are read as
/// one item by the e-form's counts (<see cref="FeeItem.Counted"/>, <see cref="CountedFees"/>), a representative mission's
/// foreign-currency row beside them (2.000815, 2.000884: "10 USD(/bản)") left in the published text and never charged.
/// One entry point, <see cref="Read(ProcedureSpec, ChannelTerms)"/>, serves intake, the desk, the import report and the
/// 766 index, so every one names and charges the same items.
/// </summary>
public static partial class FeeTextReader
{
    // "Phí: 1,700,000 Sát hạch thực hành", "Lệ phí : 20.000 Đồng (…)", "15000000/lần Đồng (Đối với …)".
    // "250.000 đ/lần Đồng" (1.004412, fourth trial): the "đ" before the unit is the currency's sign, so an unlabelled
    // amount written so (the first case, after "Miễn phí(") is an amount per unit in Đồng like "15000000/lần Đồng".
    [GeneratedRegex(@"(?:(?<label>Lệ phí|lệ phí|Phí|phí)\s*:\s*)?(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đ(?=\s*/)\s*)?(?:/\s*(?<per>[\p{L}]+)\s*)?(?<cur>Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"(?:[Kk]ể từ|[Tt]ừ)\s+ngày\s+(?<from>\d{1,2}/\d{1,2}/\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4})(?<mid>[^;]{0,300}?)bằng\s+(?<pct>\d{1,3})\s*%")]
    private static partial Regex Reduction();

    // A period referred to another text with no rate: "Từ ngày 01/7/2025 đến hết ngày 31/12/2026 áp dụng theo quy định
    // tại Thông tư số 64/2025/TT-BTC …" (1.002613 and others citing Thông tư 64/2025/TT-BTC).
    [GeneratedRegex(@"(?:[Kk]ể từ|[Tt]ừ)\s+ngày\s+(?<from>\d{1,2}/\d{1,2}/\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4})\s*,?\s*áp dụng theo\s+(?:quy định tại\s+)?(?<basis>Thông tư\s+(?:số\s+)?\d+/\d{4}/[A-ZĐ-]+)")]
    private static partial Regex PeriodByAnotherText();

    // Seventh round: also "Miễn kể từ ngày 07/4/2026 đến 30/6/2026" and "Miễn lệ phí từ ngày …" (Thông tư 40/2026/TT-BTC, 13
    // procedures, 37 channels whose free period was not read).
    // Ninth trial: "Miễ phí từ ngày 07/4/2026 đến 30/6/2026" and "Miễnphí từ ngày …" (1.002897, the catalogue's typos).
    [GeneratedRegex(@"Miễn?\s*(?:lệ\s+phí\s+|phí\s+)?(?:kể\s+)?từ\s+ngày\s+(?<from>\d{1,2}/\d{1,2}/\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex FreePeriod();

    // A reduced amount for a period, in either order: "(Áp dụng mức phí: 2.250.000 đồng (…) kể từ ngày 01/7/2025 đến hết ngày
    // 31/12/2026 …" (2.000822, 1.008904); "Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000
    // đồng/lần cấp" (3.000346–3.000353, online only).
    [GeneratedRegex(@"[Áá]p dụng\s+mức\s+(?:thu\s+)?(?:lệ\s+)?phí\s*(?:là|:)?\s*(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đồng|Đồng|VNĐ|đ)(?:\s*/\s*\p{L}+(?:\s\p{L}+)?)?(?:\s*\([^()]*\))?\s*,?\s*(?:[Kk]ể từ|[Tt]ừ)\s+ngày\s+(?<from>\d{1,2}/\d{1,2}/\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4})|(?:[Kk]ể từ|[Tt]ừ)\s+ngày\s+(?<from>\d{1,2}/\d{1,2}/\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4})\s*,?\s*áp dụng\s+mức\s+(?:thu\s+)?(?:lệ\s+)?phí\s*(?:là|:)?\s*(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đồng|Đồng|VNĐ|đ)")]
    private static partial Regex ReducedAmount();

    // "(gồm 3.000.000 đồng (Ba triệu đồng) thẩm định tiêu chuẩn, điều kiện thành lập; 1.500.000 đồng (…) thẩm định điều kiện
    // hoạt động)" (2.000822): the parts of the total, each an amount, its words in a bracket, then what it is for.
    [GeneratedRegex(@"(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+)\s*(?:đồng|Đồng)\s*(?:\([^()]*\)\s*)?(?<what>[^;()]+)")]
    private static partial Regex Part();

    // An amount computed from a quantity ("Nộp 150.000 đồng + (số tấn thủy sản x 15.000 đồng/tấn); Tối đa 700.000 đồng/lần",
    // 1.003593) is no list of amounts: its amounts per a unit are not read as items.
    [GeneratedRegex(@"đồng\s*\+|(?<![\p{L}\d])[x×](?![\p{L}])")]
    private static partial Regex Formula();

    // A case introduced after an amount: "200000 đ/tấn đối với trường hợp công nhận hiệu lực" (1.004362).
    [GeneratedRegex(@"^(?:[Đđ]ối với trường hợp|[Tt]rường hợp)(?![\p{L}])")]
    private static partial Regex Alternative();

    [GeneratedRegex(@"^[\s.]*\((?:[^()]|\([^()]*\))*\)")]
    private static partial Regex ContinuedBracket();

    [GeneratedRegex(@"Hội đồng nhân dân|HĐND", RegexOptions.IgnoreCase)]
    private static partial Regex SetByCouncil();

    [GeneratedRegex(@"[Tt]heo quy định (?:của|tại) (?:Luật [Pp]hí và [Ll]ệ phí|pháp luật về phí,? lệ phí)")]
    private static partial Regex ReferredToLaw();

    // A bracket that itself says nothing is charged ("Không thu lệ phí …") stays free whatever law it cites.
    [GeneratedRegex(@"[Kk]hông thu")]
    private static partial Regex NotCharged();

    // Tenth trial, finding 4: a bracket that only tells how a dossier is handed in ("(+ Trực tiếp: nộp hồ sơ trực tiếp tại trụ
    // sở … + Trực tuyến: …)", 1.014899 postal), not what the amount is for nor whether a reduction applies to it.
    [GeneratedRegex(@"^\(\s*[+\-–•]?\s*(?:Trực tiếp|Trực tuyến|(?:Qua\s+)?[Dd]ịch vụ bưu chính(?:\s+công ích)?)\s*:")]
    private static partial Regex ChannelNote();

    // Tenth trial, finding 5: "Miễn phí(Trả phí cho đơn vị cung cấp dịch vụ.)" (1.014063 postal): the charge paid to the
    // postal provider, not an exemption from the procedure's lệ phí.
    [GeneratedRegex(@"(?:[Tt]rả|[Nn]ộp|[Tt]hanh toán)\s+(?:phí|cước|tiền|chi phí)\s+(?:dịch vụ\s+)?(?:cho|tới|với)\s+(?:đơn vị|doanh nghiệp|tổ chức|nhà)\s+(?:cung cấp|cung ứng)\s+dịch vụ")]
    private static partial Regex ProviderCharge();

    [GeneratedRegex(@"\bUSD\b|\bEUR\b")]
    private static partial Regex ForeignCurrency();

    [GeneratedRegex(@"^(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|\d+)\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng)")]
    private static partial Regex LeadingVnd();

    // Thông tư 226/2016/TT-BTC Điều 4 as the catalogue writes it (2.000815's description, 2.000942's bracket): "2.000 đồng/trang;
    // từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản".
    [GeneratedRegex(@"(?<first>[1-9]\d{0,2}(?:\.\d{3})+)\s*đồng\s*/\s*trang\s*;\s*từ trang thứ\s*(?<from>\d)\s*trở lên thu\s*(?<next>[1-9]\d{0,2}(?:\.\d{3})+)\s*đồng\s*/\s*trang\s*,\s*tối đa thu không quá\s*(?<cap>[1-9]\d{0,2}(?:\.\d{3})+)\s*đồng\s*/\s*bản")]
    private static partial Regex CopyRate();

    // 2.000884's description: "10.000 đồng/trường hợp (trường hợp được tính là một hoặc nhiều chữ ký trong một giấy tờ, văn bản)".
    [GeneratedRegex(@"(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*đồng\s*/\s*trường hợp\s*\(\s*trường hợp được tính là một hoặc nhiều chữ ký trong một giấy tờ")]
    private static partial Regex SignatureRate();

    /// <summary>The field of the national catalogue whose fees are all phí chứng thực.</summary>
    public const string AuthenticationField = "Chứng thực";

    /// <summary>
    /// The rules of <paramref name="terms"/>, a channel of <paramref name="spec"/>: what intake charges, the desk shows, the
    /// import report lists and the 766 index counts. Every fee of the field <see cref="AuthenticationField"/> is a
    /// <b>phí</b> (phí chứng thực: Luật Phí và lệ phí 2015, Danh mục phí, mục Tư pháp; Thông tư 226/2016/TT-BTC "quy định
    /// mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực"), whatever its text says (2.000884's names neither), so
    /// its bare label is "Phí". Every item the fee text leaves named
    /// only "Lệ phí" or "Phí" is named after what it is charged for: the procedure, whose name is the act the fee pays for
    /// ("Lệ phí cấp lại giấy chứng nhận đăng ký phương tiện", 1.003930, whose text is only "70.000 đồng/Giấy chứng nhận"), the
    /// level it is performed at dropped ("(thực hiện tại cấp trung ương)", "(cấp Bộ)"), whole (never cut: the receipt carries
    /// the fee's full name, trial 14v LOW 7); an item that is a case keeps its case in brackets. Amounts,
    /// cases and reductions are those of the text alone (<see cref="Read(decimal?, string?, string?)"/>), unchanged.
    /// Seventh round (763 bare labels before, docs/FEES.md).
    /// </summary>
    public static FeeRules Read(ProcedureSpec spec, ChannelTerms terms)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(terms);
        var rules = Read(terms.Fee, terms.FeeText, terms.Description);
        if (spec.Field == AuthenticationField)
            rules = rules with { Items = [.. rules.Items.Select(i => i with { Kind = FeeKind.Fee, Name = i.Name == "Lệ phí" ? "Phí" : i.Name })] };
        if (!rules.Items.Any(i => IsBare(i.Name) || BareWithCase().IsMatch(i.Name) || NamedByCondition(i)) || ActOf(spec.Name) is not { } act) return rules;
        return rules with
        {
            Items = [.. rules.Items.Select(i =>
                NamedByCondition(i) ? i with { Name = WithCase(Label(i.Kind), act, char.ToLower(i.Name[0], CultureInfo.GetCultureInfo("vi-VN")) + i.Name[1..]) }
                : IsBare(i.Name) ? i with { Name = i.Name + " " + act + (i.Condition is { } c && rules.Items.Count(b => IsBare(b.Name)) > 1 ? " (" + Readable(c) + ")" : "") }
                : BareWithCase().Match(i.Name) is { Success: true } m ? i with { Name = WithCase(m.Groups["label"].Value, act, m.Groups["case"].Value) }
                : i)],
        };
    }

    // Twelfth trial, rest, finding 3: a case's label that is only a condition ("Từ 5 tấn đến 15 tấn", "Dưới 5 tấn", "Trên 15 tấn",
    // 1.013424; "Đối với trường hợp chỉ kiểm tra hồ sơ …", 2.001281) says when the amount applies, not what it charges, yet named
    // the item on the receipt and the register. Such an item is named as a bare label with its case ("Lệ phí cấp Giấy phép vận
    // chuyển vật liệu nổ quân dụng (từ 5 tấn đến 15 tấn)"); its condition stays the desk's case label. Names the text gives
    // (3.000346's "Sát hạch lý thuyết (…)", 3.000378's "Cấp lại do mất, rách, hỏng") are not conditions and stay.
    // A single item named so ("Dưới 50 tỷ", 1.009502; "Đối với trường hợp cấp mới Giấy phép", 1.003051) is named the same way.
    private static bool NamedByCondition(FeeItem item) => ConditionLabel().IsMatch(item.Name);

    [GeneratedRegex(@"^(?:Từ\s.+\sđến\s|Dưới\s|Trên\s|[Đđ]ối với\s|[Tt]rường hợp\s)")]
    private static partial Regex ConditionLabel();

    // Twelfth trial, rest: a long act cut the case off the end of the name, so 1.008904's two cases were both "Phí thay đổi nội
    // dung Giấy đăng ký … Trung tâm trọng tài; thay đổi nội dung Gi…". Trial 14v LOW 7: the name is never cut at all (the
    // receipt carries the fee's full name, wrapped over lines; 1.004306's "Phí gia hạn, sửa đổi, bổ sung… (… › …)"). Only the
    // desk's case label (FeeRules.CaseLabel) is cut, for one line of its radio list.
    private static string WithCase(string label, string act, string @case) => label + " " + act + " (" + @case + ")";

    // "Lệ phí (đối với cảng hàng không quốc tế)": a label and the case the text gives, without what is charged.
    [GeneratedRegex(@"^(?<label>Lệ phí|Phí) \((?<case>.+)\)$")]
    private static partial Regex BareWithCase();

    /// <summary>The name of an item of <paramref name="kind"/> the text does not name (an officer's amount, a unit's local
    /// fee): the label and the act of <paramref name="procedureName"/> ("Phí cấp chứng chỉ …", as a bare label is named), whole
    /// (trial 14v LOW 7: never cut); the label alone without a procedure name.</summary>
    public static string ItemName(FeeKind kind, string? procedureName) =>
        procedureName is { Length: > 0 } && ActOf(procedureName) is { } act ? Label(kind) + " " + act : Label(kind);

    /// <summary>Whether <paramref name="name"/> is only a kind's label ("Lệ phí", "Phí"), which says nothing of what is charged.</summary>
    public static bool IsBare(string name) => name is "Lệ phí" or "Phí";

    // "Thủ tục cấp lại Giấy phép … (thực hiện tại cấp Trung ương)" → "cấp lại Giấy phép …": the act, without "Thủ tục" or the
    // level; the first letter lower case as it follows the label. Null when nothing is left.
    private static string? ActOf(string procedureName)
    {
        var act = Level().Replace(Readable(procedureName), "").Trim().TrimEnd('.', ';', ',', ' ');
        // "Thủ tục hải quan đối với …" charges for "làm thủ tục hải quan", as the catalogue's own texts say ("thu lệ phí làm thủ
        // tục hải quan", 2.001204); any other "Thủ tục" only names the procedure.
        if (act.StartsWith("Thủ tục hải quan", StringComparison.OrdinalIgnoreCase)) act = "làm t" + act[1..];
        else if (act.StartsWith("Thủ tục ", StringComparison.OrdinalIgnoreCase)) act = act[8..].TrimStart();
        if (act.Length < 3 || !act.Any(char.IsLetter)) return null;
        // An acronym ("ABTC", "AMO") keeps its capitals; a word's capital at the start is only the name's.
        return act.Length > 1 && char.IsUpper(act[1]) ? act : char.ToLower(act[0], CultureInfo.GetCultureInfo("vi-VN")) + act[1..];
    }

    [GeneratedRegex(@"\s*\((?:thực hiện\s+)?(?:tại\s+)?cấp\s+(?:trung ương|Trung ương|TW|Bộ|bộ|tỉnh|Tỉnh|huyện|Huyện|xã|Xã)\)\s*$")]
    private static partial Regex Level();

    /// <summary>
    /// Whether a procedure charges a fee (phí or lệ phí) on any channel as the catalogue publishes it: some channel's rules
    /// have an item, whatever its form (one amount, several, by case, or reduced for a period, even to 0 % for now). A
    /// fee the text does not state an amount for (unplaced) is not counted. The 766 index's "TTHC có phí" uses it.
    /// </summary>
    public static bool ChargesFee(ProcedureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Channels.Any(c => Read(spec, c).Items.Count > 0);
    }

    /// <summary>
    /// The rules of a channel's text alone, before the procedure names its bare items (used by
    /// <see cref="Read(ProcedureSpec, ChannelTerms)"/> and by tests of a text): <paramref name="fee"/> is the amount the
    /// table parser read (null when it could not), <paramref name="feeText"/> the published cell with its detail,
    /// <paramref name="description"/> the row's description, where some procedures publish their only amounts (1.003135).
    /// </summary>
    internal static FeeRules Read(decimal? fee, string? feeText, string? description) =>
        WithEndedAmounts(KindsByLabel(WithUnreadPeriods(WithAlternatives(ReadText(fee, feeText, description), feeText?.Trim() ?? "", description ?? ""),
            feeText?.Trim() ?? "", description ?? "")), feeText ?? "");

    // Twelfth trial, rest (fees21), finding 2 (HIGH): amounts each written for its own case, "X đồng … đối với A …; Y đồng … đối
    // với B …", are alternatives, one of which applies, never a sum. 1.008904's cell "4,000,000 Việt Nam Đồng((Áp dụng mức phí
    // 2.000.000 đồng kể từ ngày 01/7/2025 …))" with the description "Bao gồm: - 1.000.000 đồng (…) đối với thay đổi nội dung Giấy
    // đăng ký hoạt động của Trung tâm trọng tài (Áp dụng mức phí: 500.000 đồng …) - 3.000.000 đồng (…) đối với … Chi nhánh của
    // Trung tâm trọng tài nước ngoài …" charged 2,000,000 (half the sum) to either; 1.003708 and 1.003747 ("4,500,000 VNĐ (Giấy
    // chứng nhận đối với loại tàu bay từ 5.700 kg trở lên, Lệ phí: 1,500,000 (Giấy chứng nhận đối với loại tàu bay dưới 5.700 kg
    // …") charged 6,000,000. Rule: when the reading is neither by case nor unplaced and the text writes two or more amounts
    // each followed by its own case ("đối với …", "trường hợp …"), the cases are the items (named by their label and case,
    // which the procedure's act completes), each with a reduction by amount its own clause writes ("Áp dụng mức phí: 500.000
    // đồng … kể từ ngày … đến hết ngày …"). Only when the cell's amount is one of them or their sum; otherwise, or when a case
    // says nothing is charged ("Đối với trường hợp …: Không", 1.002173), the channel is flagged (UnplacedFees.UnreadCases),
    // never charged a sum or one case's amount for every case.
    private static FeeRules WithAlternatives(FeeRules rules, string feeText, string description)
    {
        if (rules.Unplaced is not null || rules.ByCase || rules.Items.Count == 0 || rules.Items.Any(i => i.Counted is not null)) return rules;
        var text = feeText + "\n" + description;
        var alternatives = CaseAmount().Matches(text)
            .Select(m => (Match: m, Amount: (long)(CatalogText.ParseAmount(m.Groups["amt"].Value) ?? 0), Condition: Capital(Readable(m.Groups["case"].Value).TrimEnd(',', '.', ' '))))
            .Where(a => a.Amount >= 1000).ToList();
        if (alternatives.Select(a => a.Condition).Distinct().Count() < 2) return rules;
        var main = rules.Items[0].AmountVnd;
        if (UnchargedCase().IsMatch(text) || alternatives.Select(a => a.Condition).Distinct().Count() != alternatives.Count
            || main != alternatives.Sum(a => a.Amount) && alternatives.All(a => a.Amount != main))
            return new FeeRules([], rules.Reductions, UnplacedFees.UnreadCases);
        var items = new List<FeeItem>();
        var reductions = rules.Reductions.ToList();
        for (var i = 0; i < alternatives.Count; i++)
        {
            var (m, amount, condition) = alternatives[i];
            var kind = m.Groups["label"].Success ? (m.Groups["label"].Value.StartsWith('L') || m.Groups["label"].Value.StartsWith('l') ? FeeKind.Charge : FeeKind.Fee) : rules.Items[0].Kind;
            var clauseEnd = i + 1 < alternatives.Count ? alternatives[i + 1].Match.Index : text.Length;
            var clause = text[m.Index..clauseEnd];
            items.Add(new FeeItem(Label(kind) + " (" + char.ToLower(condition[0], CultureInfo.GetCultureInfo("vi-VN")) + condition[1..] + ")", kind, amount,
                CatalogText.Line(clause.Trim().TrimEnd('-', ';', ' '))!, Condition: condition));
            foreach (Match r in ReducedAmount().Matches(clause[m.Length..]))
                if ((long)CatalogText.ParseAmount(r.Groups["amt"].Value)!.Value is var reduced && reduced < amount
                    && Date(r.Groups["from"].Value) is { } from && Date(r.Groups["until"].Value) is { } until)
                    reductions.Add(new FeeReduction(null, from, until, r.Value.Contains("trực tuyến", StringComparison.OrdinalIgnoreCase),
                        CatalogText.Line(r.Value)!, reduced, amount));
        }
        // A percentage read from the total (1.008904's 2,000,000 of 4,000,000 = 50 %) applies to each case alike; one by amount
        // of the total no longer names an item.
        return new FeeRules(items, [.. reductions.Where(r => r.OfAmountVnd is null || items.Any(i => i.AmountVnd == r.OfAmountVnd))], null);
    }

    // A case's label starts with a capital as the desk lists it ("Đối với loại tàu bay dưới 5.700 kg").
    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpper(s[0], CultureInfo.GetCultureInfo("vi-VN")) + s[1..];

    // An amount, its currency and unit, its amount in words, then (in its bracket or not) its own case up to a stop: "1.000.000
    // đồng (Một triệu đồng) đối với thay đổi nội dung …", "4,500,000 VNĐ (Giấy chứng nhận đối với loại tàu bay từ 5.700 kg trở
    // lên,", "Lệ phí: 1,500,000 (Giấy chứng nhận đối với …".
    [GeneratedRegex(@"(?:(?<label>Lệ phí|lệ phí|Phí|phí)\s*:\s*)?(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:Việt Nam Đồng|VNĐ|VND|đồng|Đồng|đ)?\s*(?:/\s*\p{L}+(?:\s\p{L}+)?\s*)?(?:\([^()\d]*đồng\)\s*)?(?:\(\s*[+\-–•]?\s*(?:\p{L}+\s){0,4}?|[+\-–•]\s*)?(?<case>(?:[Đđ]ối với|[Tt]rường hợp)(?![\p{L}])[^();:\n]{3,200}?)(?=\s*(?:[(),;:\n]|\s[+\-–]\s|$))")]
    private static partial Regex CaseAmount();

    // A case the text says is not charged: "+ Đối với trường hợp cấp bổ sung nội dung hoạt động vào Giấy phép: Không)" (1.002173).
    [GeneratedRegex(@"(?:[Đđ]ối với|[Tt]rường hợp)(?![\p{L}])[^();:\n]{3,200}:\s*(?:[Kk]hông|[Mm]iễn)(?:\s*(?:thu|phí|lệ phí))?\s*[);.\n]")]
    private static partial Regex UnchargedCase();

    // Twelfth trial, finding 1 [choice]: an amount whose own bracket says it applies only until a date ("40.000đ/giấy thông
    // hành (áp dụng đến hết ngày 31/12/2024 theo Thông tư số 43/2024/TT-BTC …)", 1.001200 and 1.001258 online; "320.000đ/hộ
    // chiếu (áp dụng đến hết ngày 31/12/2023 …)", 1.001456) was charged years after that date. The item read at that amount
    // gets an ended period (FeeReduction.Ended) from the day after: by the date of intake, as every period rule, it is then
    // flagged for the officer with the end date named, never charged; before that day it is charged as published. An amount
    // the reader did not take as an item changes nothing; a cell that also gives the amount for after is read by the
    // reduction rules, whose periods have both dates.
    private static FeeRules WithEndedAmounts(FeeRules rules, string text)
    {
        var ended = new List<FeeReduction>();
        foreach (Match m in EndedAmount().Matches(text))
            if (CatalogText.ParseAmount(m.Groups["amt"].Value) is { } value && rules.Items.Any(i => i.AmountVnd == (long)value)
                && Date(m.Groups["until"].Value) is { } until && until < DateOnly.MaxValue)
                ended.Add(new FeeReduction(null, until.AddDays(1), DateOnly.MaxValue, false, CatalogText.Line(m.Value)!,
                    OfAmountVnd: (long)value, Ended: true));
        return ended.Count == 0 ? rules : rules with { Reductions = [.. rules.Reductions, .. ended] };
    }

    // "40.000đ/giấy thông hành (áp dụng đến hết ngày 31/12/2024": an amount, its unit, then a bracket opening with its end date.
    [GeneratedRegex(@"(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đồng|Đồng|đ|VNĐ|VND)?\s*(?:/[^()\d;]{0,60}?)?\s*\(\s*[Áá]p dụng đến (?:hết\s+)?ngày\s+(?<until>\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex EndedAmount();

    // Eleventh trial, finding 1: an item whose own name opens with its label is of that kind, whatever else the cell says.
    // 1.005071 publishes two rows per channel, "100,000 VNĐ(Lệ phí cấp Giấy phép lái tàu: 100.000 đồng/01 lần cấp.)" and
    // "950,000 VNĐ(Phí sát hạch lái tàu: 950.000 đồng/hồ sơ)"; the second amount, unlabelled before its colon, took the
    // cell's kind (KindOf: "lệ phí" anywhere makes it a charge), so 950,000 was booked as lệ phí on the receipt and the
    // register. Decided here, once, after every reading, so no path (a list line, a case, a description) can disagree.
    private static FeeRules KindsByLabel(FeeRules rules) =>
        rules.Items.Any(i => KindNamed(i.Name) is { } named && named != i.Kind)
            ? rules with { Items = [.. rules.Items.Select(i => KindNamed(i.Name) is { } named ? i with { Kind = named } : i)] }
            : rules;

    /// <summary>The kind an item's own name gives it: <see cref="FeeKind.Charge"/> for a name opening with "Lệ phí",
    /// <see cref="FeeKind.Fee"/> for one opening with "Phí" ("Phí sát hạch lái tàu"); null when the name opens with both
    /// ("Phí, lệ phí …", "Phí và lệ phí …") or neither ("Sát hạch lý thuyết"), the kind then being the text's.</summary>
    public static FeeKind? KindNamed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var m = OwnLabel().Match(name);
        return !m.Success ? null : m.Groups["charge"].Success ? FeeKind.Charge : FeeKind.Fee;
    }

    [GeneratedRegex(@"^(?:(?<charge>Lệ phí)|Phí(?!\s*(?:,|và|/|hoặc)\s*lệ phí))(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex OwnLabel();

    // Ninth trial: a period the text writes with its own dates ("kể từ ngày 01/7/2025 đến hết ngày 31/12/2026", "Kể từ ngày 01
    // tháng 7 năm 2025 đến hết ngày 31 tháng 12 năm 2026") that no rule above read is a reduction whose rate is unknown, never
    // ignored: an amount the cell states keeps applying outside the period and the period is flagged (FeeReduction.Unread);
    // a "Miễn phí" cell, or one whose items were read from inside such a text (1.009822: "* Theo … Thông tư 64/2025/TT-BTC
    // (kể từ ngày 01/7/2025 đến hết ngày 31/12/2026): 500.000 đồng/lần cấp"), states no amount for the other days, so the
    // whole fee is flagged (UnplacedFees.UnreadReduction). A text already flagged keeps its reason.
    private static FeeRules WithUnreadPeriods(FeeRules rules, string text, string description)
    {
        if (rules.Unplaced is not null) return rules;
        var unread = new List<FeeReduction>();
        foreach (Match m in DatedPeriod().Matches(text + " " + description))
            if (PeriodDate(m.Groups["from"].Value) is { } from && PeriodDate(m.Groups["until"].Value) is { } until
                && !rules.Reductions.Any(r => r.From == from && r.Until == until) && !unread.Any(r => r.From == from && r.Until == until))
                unread.Add(new FeeReduction(null, from, until, false, CatalogText.Line(Sentence(text + " " + description, m.Index, m.Length))!, Unread: true));
        if (unread.Count == 0) return rules;
        return rules.Items.Count > 0 && !text.StartsWith("Miễn", StringComparison.Ordinal)
            ? rules with { Reductions = [.. rules.Reductions, .. unread] }
            : new FeeRules([], [.. rules.Reductions, .. unread], UnplacedFees.UnreadReduction);
    }

    // A dated period, the dates in figures or in words, "ngày" before the first date optional ("Mức phí kể từ 01/7/2024 …").
    [GeneratedRegex(@"(?:[Kk]ể từ|[Tt]ừ)\s+(?:ngày\s+)?(?<from>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,?\s*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?<until>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")]
    private static partial Regex DatedPeriod();

    private static DateOnly? PeriodDate(string s) =>
        Regex.Match(s, @"^(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})$") is { Success: true } words
            ? Date($"{words.Groups["d"].Value}/{words.Groups["m"].Value}/{words.Groups["y"].Value}")
            : Date(s);

    // The sentence or bracket around a match, at most 300 characters: the clause shown as the flagged period's text.
    private static string Sentence(string text, int index, int length)
    {
        var start = Math.Max(0, text.LastIndexOfAny(['.', ';', '(', '\n', '*', '+'], index) + 1);
        var end = text.IndexOfAny(['.', ';', '(', ')', '\n'], index + length);
        var clause = text[start..(end < 0 ? text.Length : end)].Trim();
        return clause.Length <= 300 ? clause : clause[..300] + "…";
    }

    private static FeeRules ReadText(decimal? fee, string? feeText, string? description)
    {
        var text = feeText?.Trim() ?? "";
        var detail = text.IndexOf('(') is >= 0 and var open ? text[open..] : "";
        var reductions = Reductions(text + " " + description);
        var kind = KindOf(text + " " + description);
        // A bracket of the fee cell the table parser left at the start of the description (2.000822 online: "4,500,000 Việt
        // Nam Đồng(gồm …)" then ". (Áp dụng mức phí: 2.250.000 đồng … kể từ ngày …)") still belongs to the fee.
        var cell = ContinuedBracket().Match(description ?? "") is { Success: true } continued ? text + " " + continued.Value.TrimStart('.', ' ') : text;

        if (text.StartsWith("Miễn phí", StringComparison.Ordinal) && Amounts(detail, kind).Count == 0)
        {
            if (SetByCouncil().IsMatch(detail)) return new FeeRules([], [], UnplacedFees.SetByCouncil);
            // Tenth trial, finding 5: the bracket is what the citizen pays the service provider (the post), so "Miễn phí" says
            // nothing of the procedure's own fee: not determined from this cell, never free.
            if (ProviderCharge().IsMatch(detail)) return new FeeRules([], reductions, UnplacedFees.ProviderCharge);
            // Eighth trial: "Miễn phí(Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí
            // và lệ phí.)" (land registration 1.012753, 1.012793; planning 1.014155) and "Miễn phí(theo quy định của pháp luật
            // về phí, lệ phí)" refer the fee to the law and the texts under it (a council's lệ phí, a Ministry's phí): they do
            // not say the procedure is free, so the amount is not determined from the catalogue, never 0.
            if (ReferredToLaw().IsMatch(detail) && !NotCharged().IsMatch(detail))
                return new FeeRules([], reductions, UnplacedFees.ReferredToLaw);
            // Seventh round: "Miễn phí(Lệ phí cấp mới 40.000đồng/lần; lệ phí cấp lại 20.000 đồng/lần.)" (1.004359) and
            // "Miễn phí(Phí thẩm định …: Đánh giá gia hạn 22.500.000 đồng/lần/phòng kiểm nghiệm.)" (1.003058) were read as
            // free. Amounts each named by its own label are read (two or more are cases); any other amount written in the
            // cell or the description (a bare "20.000.000 đồng/lần", a rate per GT, a reduced amount without the full one)
            // is flagged for the officer to decide at adoption, never taken as free.
            var named = NamedAmounts(detail);
            var written = WrittenAmounts(detail).Concat(WrittenAmounts(description ?? "")).ToList();
            if (named.Count > 0 && WrittenAmounts(detail).All(a => named.Any(n => n.AmountVnd == a)) && WrittenAmounts(description ?? "").Count == 0)
                return new FeeRules(named.Count > 1 ? [.. named.Select(i => i with { Condition = i.Condition ?? i.Name })] : named, reductions, null);
            if (written.Count > 0) return new FeeRules([], reductions, UnplacedFees.FreeButAmount);
            // Eighth trial: "Miễn phí(Từ ngày 01/7/2025 đến hết ngày 31/12/2026 áp dụng theo quy định tại Thông tư số
            // 64/2025/TT-BTC … miễn một số khoản phí, lệ phí …)" (1.013216, 1.013218, 1.013234) states what is charged in the
            // period the other text covers, free, and no amount for any other day: free in the period (a 0 % reduction),
            // not determined outside it, as 1.002613's full amount applies outside its period of unstated rate.
            if (reductions.Any(r => r.Unstated))
                return new FeeRules([], [.. reductions.Select(r => r.Unstated ? r with { PercentCharged = 0 } : r)], UnplacedFees.FreeForPeriod);
            return new FeeRules([], reductions, null);
        }

        if (Counted(text, description) is { } counted)
            return new FeeRules([counted], reductions, null);

        // fees24, the lead's decision on 1.001471 (flagged `unreadable` since the twelfth trial): "200,000 Việt Nam Đồng(200.000
        // đồng/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu (Thông tư số 25/2021/TT-BTC …).)" writes
        // a general amount, then after a full stop a case with its own amount: the case's amount replaces the general one, it
        // is not added. Two cases the officer chooses between, "Lệ phí (các trường hợp còn lại)" at the general amount and
        // "Lệ phí (trường hợp cấp lại …)" at the case's, of the kind the cell gives. [choice] "các trường hợp còn lại" is the
        // desk's words for the general amount, which the text gives no case of its own. Only when the general amount is the
        // cell's and the bracket writes no other amount.
        if (LeadingVnd().Match(text) is { Success: true } cellLead && (fee ?? CatalogText.ParseAmount(cellLead.Groups["amt"].Value)) is >= 1000m and var cellAmount
            && GeneralThenCase().Match(detail) is { Success: true } gc
            && CatalogText.ParseAmount(gc.Groups["general"].Value) == cellAmount && CatalogText.ParseAmount(gc.Groups["amt"].Value) is { } caseAmount && caseAmount != cellAmount
            && WrittenAmounts(detail).All(a => a == cellAmount || a == caseAmount))
        {
            var @case = Readable(gc.Groups["case"].Value).TrimEnd(',', '.', ' ');
            return new FeeRules(
            [
                new FeeItem(Label(kind) + " (" + OtherCases.ToLower(CultureInfo.GetCultureInfo("vi-VN")) + ")", kind, (long)cellAmount,
                    CatalogText.Line(gc.Groups["generalText"].Value)!, OtherCases, FeeUnits.Of(gc.Groups["generalUnit"].Value)),
                new FeeItem(Label(kind) + " (" + char.ToLower(@case[0], CultureInfo.GetCultureInfo("vi-VN")) + @case[1..] + ")", kind, (long)caseAmount,
                    CatalogText.Line(gc.Groups["caseText"].Value)!, @case, FeeUnits.Of(gc.Groups["caseUnit"].Value)),
            ], reductions, null);
        }

        // Twelfth trial, rest, finding 4: "40 Việt Nam Đồng (4.000 đ/giấy thông hành (áp dụng đến hết ngày 31/12/2026 …" (1.003133
        // direct) was flagged below 1,000. The bracket writes the amount in full with its currency and unit, and the cell's number
        // is it with its last zeros lost (×10, ×100 or ×1,000, as the table parser already reads "20 VNĐ (20.000 đồng/tờ khai)"):
        // the bracket's amount is the fee, when it is the only amount the bracket writes. A bracket amount further from the
        // cell's number ("25 VNĐ (25.000.000đ/giấy thông hành …", 1.012680 online) is not the same amount; it stays flagged.
        if (fee is null && LeadingVnd().Match(text) is { Success: true } few && CatalogText.ParseAmount(few.Groups["amt"].Value) is > 0m and < 1000m and var cellNumber
            && FullAmount().Match(detail) is { Success: true } full && CatalogText.ParseAmount(full.Groups["amt"].Value) is { } inFull
            && (inFull == cellNumber * 10 || inFull == cellNumber * 100 || inFull == cellNumber * 1000)
            && WrittenAmounts(detail).Distinct().Count() == 1)
            fee = inFull;

        // Twelfth trial, rest, finding 4: "50,000 Việt Nam Đồng (- 50.000đ/tem “AB” (Thông tư số 25/2021/TT-BTC …). - 25.000đ/tem
        // “AB” (áp dụng đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC …).)" (1.014899–1.014906) was flagged unreadable. The
        // list gives the cell's amount and a lower one that applies until a date: the lower one is the amount charged up to that
        // date (a reduction by amount with no start, as the text states none), the cell's amount after it.
        if (fee is null && LeadingVnd().Match(text) is { Success: true } lead2 && CatalogText.ParseAmount(lead2.Groups["amt"].Value) is >= 1000m and var listed
            && UntilList().Match(detail) is { Success: true } list && CatalogText.ParseAmount(list.Groups["full"].Value) == listed
            && CatalogText.ParseAmount(list.Groups["until"].Value) is { } lower && lower < listed && Date(list.Groups["date"].Value) is { } lastDay
            && WrittenAmounts(detail).Distinct().Count() == 2)
            return new FeeRules([new FeeItem(Label(kind), kind, (long)listed, text, Unit: FeeUnits.Of(list.Groups["unit"].Value))],
                [.. reductions, new FeeReduction(null, DateOnly.MinValue, lastDay, false, CatalogText.Line(list.Groups["clause"].Value)!, (long)lower, (long)listed)], null);
        if (ForeignCurrency().IsMatch(text))
            return new FeeRules([], reductions, UnplacedFees.ForeignCurrency);
        if (SetByCouncil().IsMatch(text))
            return new FeeRules([], reductions, UnplacedFees.SetByCouncil);

        if (fee is > 0 && Amounts(detail, kind).Count == 0 && DescribedItems((long)fee.Value, description ?? "") is { } described)
            return new FeeRules([.. described.Items.Select(Capitalised)], [.. reductions, .. described.Reductions], null);

        // Tenth trial, finding 4 [choice]: an amount whose bracket only describes the channels says neither what it is for nor
        // whether a reduction in force applies (1.014899 postal "50,000 Việt Nam Đồng(+ Trực tiếp: …" while its direct and
        // online cells publish 25.000đ until 31/12/2026 under Thông tư 64/2025/TT-BTC): flagged, never charged as read.
        if (fee is > 0 && ChannelNote().IsMatch(detail) && Amounts(detail, kind).Count == 0 && reductions.Count == 0)
            return new FeeRules([], reductions, UnplacedFees.ChannelNote);

        var items = new List<FeeItem>();
        var (mainName, mainKind) = NameOf(detail, kind);
        if (fee is > 0)
            items.Add(new FeeItem(mainName, mainKind, (long)fee.Value, text, Unit: UnitOfMain(text, (long)fee.Value)));
        else if (fee is null && LeadingVnd().Match(text) is { Success: true } lead && CatalogText.ParseAmount(lead.Groups["amt"].Value) is >= 1000 and var first
                 && (Amounts(detail, kind).Count > 0 || OnlyReductionPercents(detail) || ReducedAmount().IsMatch(detail + cell[text.Length..])))
            items.Add(new FeeItem(mainName, mainKind, (long)first, lead.Value, Unit: UnitOfMain(text, (long)first)));

        var main = items.Count;
        foreach (var item in Amounts(detail, kind).Concat(fee is null && items.Count == 0 ? Amounts(description ?? "", kind) : []))
            if (!items.Any(i => i.AmountVnd == item.AmountVnd && (i.Condition == item.Condition || item.Condition is null)))
                items.Add(item);

        // A list of groups by class, each of labelled amounts (3.000346's driving tests): each amount its own item.
        if (main == 0 && GroupedList(detail, kind) is { } grouped)
            items = grouped;

        // A total with its parts ("4,500,000 Việt Nam Đồng(gồm 3.000.000 đồng (…) thẩm định tiêu chuẩn, điều kiện thành lập;
        // 1.500.000 đồng (…) thẩm định điều kiện hoạt động)", 2.000822): the parts are the items, charged once each, so the
        // receipt names what is paid for; only when they add up to the total exactly.
        if (main == 1 && detail.TrimStart('(').StartsWith("gồm ", StringComparison.Ordinal))
        {
            var parts = new List<(long Amount, string What)>();
            long sum = 0;
            foreach (Match p in Part().Matches(detail[(detail.IndexOf("gồm ", StringComparison.Ordinal) + 4)..]))
            {
                if (sum >= items[0].AmountVnd) break;
                var amount = (long)CatalogText.ParseAmount(p.Groups["amt"].Value)!.Value;
                parts.Add((amount, Readable(p.Groups["what"].Value).TrimEnd('.', ',', ' ')));
                sum += amount;
            }
            if (parts.Count > 1 && sum == items[0].AmountVnd && parts.All(p => p.What.Length > 2 && IsAName(p.What)))
            {
                var whole = items[0];
                items.RemoveAt(0);
                items.InsertRange(0, parts.Select(p => new FeeItem(Label(whole.Kind) + " " + p.What, whole.Kind, p.Amount, whole.PublishedText)));
                main = parts.Count;
            }
        }

        // A reduced amount for a period is that reduction, never a further item (2.000822 charged 4,500,000 + 2,250,000):
        // a whole percentage of the main amount when it is one (Thông tư 64/2025/TT-BTC's 50 %), else a reduction by amount
        // of the item whose amount the text writes last before it (3.000346's 135,000 → 115,000 online).
        foreach (Match m in ReducedAmount().Matches(cell))
        {
            if (Date(m.Groups["from"].Value) is not { } from || Date(m.Groups["until"].Value) is not { } until) continue;
            var reduced = (long)CatalogText.ParseAmount(m.Groups["amt"].Value)!.Value;
            var published = CatalogText.Line(m.Value)!;
            var online = cell[Math.Max(0, m.Index - 120)..m.Index].Contains("trực tuyến", StringComparison.OrdinalIgnoreCase)
                         || m.Value.Contains("trực tuyến", StringComparison.OrdinalIgnoreCase);
            items = [.. items.Where((i, n) => n < main || i.AmountVnd != reduced)];
            var total = main > 0 ? items.Take(main).Sum(i => i.AmountVnd) : 0;
            if (total > 0 && reduced < total && reduced * 100 % total == 0)
                reductions.Add(new FeeReduction((int)(reduced * 100 / total), from, until, online, published));
            else if (Amount().Matches(cell[..m.Index]).LastOrDefault(a => CatalogText.ParseAmount(a.Groups["amt"].Value) is { } v && items.Any(i => i.AmountVnd == (long)v)) is { } before
                     && (long)CatalogText.ParseAmount(before.Groups["amt"].Value)!.Value is var of && reduced < of)
                reductions.Add(new FeeReduction(null, from, until, online, published, reduced, of));
        }

        // "275.000 đ/tấn Đồng (…), 200000 đ/tấn đối với trường hợp công nhận hiệu lực" (1.004362): an amount for another case
        // beside the main one is an alternative to it, so every item is a case.
        if (main > 0 && items.Skip(main).Any(i => i.Condition is { } c && Alternative().IsMatch(c)))
            items = [.. items.Select(i => i with { Condition = i.Condition ?? i.Name })];

        // Amounts published without a main one ("Miễn phí(15000000/lần Đồng (Đối với …) Phí: …", or only in the
        // description) are the cases of the procedure, one of which applies; beside a main amount they add to it.
        if (main == 0 && items.Count > 1)
            items = [.. items.Select(i => i with { Condition = i.Condition ?? i.Name })];

        if (items.Count == 0)
        {
            var why = text.Length == 0 || CatalogText.IsNoInformation(text) ? UnplacedFees.NotPublished
                : LeadingVnd().Match(text) is { Success: true } small && CatalogText.ParseAmount(small.Groups["amt"].Value) is < 1000 ? UnplacedFees.BelowThousand
                : UnplacedFees.Unreadable;
            return new FeeRules([], reductions, why);
        }
        return new FeeRules([.. items.Select(Capitalised)], reductions, null);
    }

    /// <summary>The case of a general amount the text gives no case of its own ("200.000 đồng/ hộ chiếu. Trường hợp cấp lại …:
    /// 400.000đ/hộ chiếu", 1.001471): the desk's label for it, beside the case the text names.</summary>
    public const string OtherCases = "Các trường hợp còn lại";

    // "(200.000 đồng/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu (": a bracket opening with an
    // amount per a unit, a full stop, then a case and its own amount per a unit.
    [GeneratedRegex(@"^\(\s*(?<generalText>(?<general>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)(?<generalUnit>\s*/[^.()\d;:]{1,40}))\.\s*(?<caseText>(?<case>[Tt]rường hợp\s[^:;()\d]{3,200}?)\s*:\s*(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)(?<caseUnit>\s*/[^.()\d;:]{1,40})?)")]
    private static partial Regex GeneralThenCase();

    // The bracket opening with an amount in đồng per a unit: "(4.000 đ/giấy thông hành".
    [GeneratedRegex(@"^\(\s*(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|Đồng|đ)\s*/")]
    private static partial Regex FullAmount();

    // "(- 50.000đ/tem “AB” (Thông tư …). - 25.000đ/tem “AB” (áp dụng đến hết ngày 31/12/2026 …": two list lines of one unit, the
    // second applying until a date.
    [GeneratedRegex(@"^\(\s*-\s*(?<full>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)\s*(?<unit>/[^()\d]{1,30}?)\s*\([^()]*\)\s*\.?\s*-\s*(?<clause>(?<until>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)\s*\k<unit>\s*\(\s*áp dụng đến hết ngày\s+(?<date>\d{1,2}/\d{1,2}/\d{4})[^()]*)\)")]
    private static partial Regex UntilList();

    // "Phí: 800.000 đồng/hồ sơ", "Lệ phí: 100.000 đồng/hồ sơ": a description's item, its label at the start of a line or sentence.
    [GeneratedRegex(@"(?:^|[.;\n]\s*)(?<label>Lệ phí|Phí)\s*:\s*(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đồng|Đồng|VNĐ|đ)(?![\p{L}])")]
    private static partial Regex DescribedLine();

    /// <summary>
    /// Ninth trial: the cell holds one amount and the description says what it is and what else is charged, each item by its
    /// label, a reduced amount for a period after the item it reduces: 1.002681's cell "800,000 Việt Nam Đồng(/hồ sơ)" and
    /// description "Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo
    /// Thông tư số 64/2025/TT-BTC).\n\nLệ phí: 100.000 đồng/hồ sơ." is a phí of 800,000, 400,000 in the period (a reduction to
    /// that amount of that item only), and a lệ phí of 100,000; it was charged as one lệ phí of 800,000. Only when one
    /// labelled amount is the cell's and every amount the description writes is a labelled item or a reduced amount after one;
    /// null otherwise (the general reader, then the unread-period flag, decide).
    /// </summary>
    private static (List<FeeItem> Items, List<FeeReduction> Reductions)? DescribedItems(long fee, string description)
    {
        var lines = DescribedLine().Matches(description).ToList();
        if (lines.Count == 0 || lines.Count(l => Vnd(l) == fee) != 1) return null;
        var reduced = ReducedAmount().Matches(description).ToList();
        var known = lines.Select(Vnd).Concat(reduced.Select(m => (long)CatalogText.ParseAmount(m.Groups["amt"].Value)!.Value)).ToHashSet();
        if (!WrittenAmounts(description).All(known.Contains)) return null;
        var items = new List<FeeItem>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var label = line.Groups["label"].Value;
            var end = i + 1 < lines.Count ? lines[i + 1].Index : description.Length;
            var published = CatalogText.Line(description[line.Groups["label"].Index..end].Trim().TrimEnd('.', ' '))!;
            var amountEnd = line.Groups["amt"].Index + line.Groups["amt"].Length;
            items.Add(new FeeItem(label, label == "Lệ phí" ? FeeKind.Charge : FeeKind.Fee, Vnd(line), published,
                Unit: FeeUnits.Of(description[amountEnd..end])));
        }
        var reductions = new List<FeeReduction>();
        foreach (var m in reduced)
        {
            // The item whose line the reduced amount is written in; it must cost more than the reduced amount.
            var of = lines.LastOrDefault(l => l.Index < m.Index);
            var amount = (long)CatalogText.ParseAmount(m.Groups["amt"].Value)!.Value;
            if (of is null || amount >= Vnd(of) || Date(m.Groups["from"].Value) is not { } from || Date(m.Groups["until"].Value) is not { } until) return null;
            reductions.Add(new FeeReduction(null, from, until, m.Value.Contains("trực tuyến", StringComparison.OrdinalIgnoreCase), CatalogText.Line(m.Value)!, amount, Vnd(of)));
        }
        // Two items of one amount would both take a reduction by amount; not a shape the catalogue has, so not read.
        if (items.Select(i => i.AmountVnd).Distinct().Count() != items.Count) return null;
        return (items, reductions);

        static long Vnd(Match line) => (long)CatalogText.ParseAmount(line.Groups["amt"].Value)!.Value;
    }

    // Seventh trial: a name taken from the text as written ("phí đổi thẻ bảo hiểm y tế: 2.000 đồng/thẻ", 1.001294) starts a
    // line of the receipt and the register, so its first letter is a capital (Vietnamese casing: "đ" → "Đ").
    private static FeeItem Capitalised(FeeItem item) =>
        item.Name.Length > 0 && char.IsLower(item.Name[0])
            ? item with { Name = char.ToUpper(item.Name[0], CultureInfo.GetCultureInfo("vi-VN")) + item.Name[1..] }
            : item;

    // "Lệ phí cấp mới 40.000đồng/lần", "Phí thẩm định công nhận … thủy sản: Đánh giá gia hạn 22.500.000 đồng/lần/…": an
    // amount whose own label ("Lệ phí …", "Phí …" and what it is for, then the case after a colon) stands before it.
    [GeneratedRegex(@"(?<![\p{L}])(?<name>(?:[Ll]ệ phí|[Pp]hí)\s+\p{Ll}[^;:.()\d%+]{1,200}?)(?:\s*:\s*(?<case>\p{L}[^;:.()\d%+]{1,80}?))?\s*(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đồng|Đồng|đ)(?![\p{L}])")]
    private static partial Regex NamedAmount();

    // Any amount of at least 1.000 written with its currency: "20.000.000 đồng/lần", "3.000 đồng/GT-lần", "20.000 VNĐ/tờ khai".
    [GeneratedRegex(@"(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{3,})\s*(?:đ(?=\s*/)\s*)?(?:/\s*\p{L}+\s*)?(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|đ)(?![\p{L}])")]
    private static partial Regex WrittenAmount();

    private static List<long> WrittenAmounts(string text) =>
        [.. WrittenAmount().Matches(text).Select(m => CatalogText.ParseAmount(m.Groups["amt"].Value)).OfType<decimal>().Where(a => a >= 1000).Select(a => (long)a)];

    private static List<FeeItem> NamedAmounts(string detail)
    {
        if (Formula().IsMatch(detail) || Reduction().IsMatch(detail) || ReducedAmount().IsMatch(detail)) return [];
        var items = new List<FeeItem>();
        foreach (Match m in NamedAmount().Matches(detail))
        {
            var name = Readable(m.Groups["name"].Value).TrimEnd(',', ' ');
            if (!IsAName(name)) return [];
            var label = name.StartsWith("lệ phí", StringComparison.OrdinalIgnoreCase) ? FeeKind.Charge : FeeKind.Fee;
            name = char.ToUpperInvariant(name[0]) + name[1..];
            var condition = m.Groups["case"].Success ? Readable(m.Groups["case"].Value) : null;
            if (condition is not null) name += " (" + char.ToLower(condition[0], CultureInfo.GetCultureInfo("vi-VN")) + condition[1..] + ")";
            var amount = (long)CatalogText.ParseAmount(m.Groups["amt"].Value)!.Value;
            items.Add(new FeeItem(name, label, amount, CatalogText.Line(m.Value)!, Unit: FeeUnits.Of(detail[(m.Groups["amt"].Index + m.Groups["amt"].Length)..])));
        }
        return items;
    }

    // Sixth trial, amended: "2,000 Việt Nam Đồng(/trang) | 10 USD(/bản)" (2.000815) with the description "Tại Ủy ban nhân dân
    // cấp xã, Tổ chức hành nghề công chứng: 2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá
    // 200.000 đồng/bản …", 2.000942's cell "2,000 Việt Nam Đồng(2.000 đồng/trang; từ trang thứ 3 …)" and 2.000884's "10,000 Việt
    // Nam Đồng(/trường hợp) | 10 USD(/bản)" ("… (trường hợp được tính là một hoặc nhiều chữ ký trong một giấy tờ, văn bản)"): a
    // price per page or per case read alone charged 2,000 for five pages in three copies where the law asks 21,000. Read as one
    // phí by the e-form's counts, only when exactly one row is in VND (every other row a mission abroad's foreign currency,
    // charged there under Thông tư 264/2016/TT-BTC, never here), that row's amount is the rate the text states and the rates
    // are Thông tư 226/2016/TT-BTC's, which BookFees computes; any other rate stays for the general reader or flagged.
    private static FeeItem? Counted(string text, string? description)
    {
        var rows = text.Split(" | ", StringSplitOptions.TrimEntries);
        var vnd = rows.Where(r => !ForeignCurrency().IsMatch(r)).ToList();
        if (vnd.Count != 1 || LeadingVnd().Match(vnd[0]) is not { Success: true } lead || CatalogText.ParseAmount(lead.Groups["amt"].Value) is not { } amount)
            return null;
        var stated = vnd[0] + " " + description;
        long Vnd(Match m, string group) => (long)(CatalogText.ParseAmount(m.Groups[group].Value) ?? 0);
        if (CopyRate().Match(stated) is { Success: true } copy && Vnd(copy, "first") == amount
            && Vnd(copy, "first") == Registers.BookFees.CopyVnd(1, 1) && copy.Groups["from"].Value == "3"
            && Vnd(copy, "next") == Registers.BookFees.CopyVnd(3, 1) - Registers.BookFees.CopyVnd(2, 1)
            && Vnd(copy, "cap") == Registers.BookFees.CopyVnd(10_000, 1))
            return new FeeItem(CountedFees.NameOf(FeeCount.CopyPages), FeeKind.Fee, (long)amount, text, Counted: FeeCount.CopyPages);
        if (SignatureRate().Match(stated) is { Success: true } signature && Vnd(signature, "amt") == amount && amount == Registers.BookFees.SignatureVnd(1))
            return new FeeItem(CountedFees.NameOf(FeeCount.Papers), FeeKind.Fee, (long)amount, text, Counted: FeeCount.Papers);
        return null;
    }

    // "(- Phí sát hạch lái xe:  + Đối với thi sát hạch lái xe các hạng xe A1, A, B1: Sát hạch lý thuyết: 60.000 đồng/lần, Sát hạch
    // thực hành: 60.000 đồng/lần;  + Đối với thi sát hạch lái xe ô tô (hạng xe B, C1, …): Sát hạch lý thuyết: 100.000 đồng/lần,
    // Sát hạch thực hành trong hình: 350.000 đồng/lần, … - Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần. …)" (3.000346, sixth
    // trial): "- " lines, a line's "+ Đối với …:" groups, each group "Label: amount" pairs. The general reader named the
    // amounts from the wrong words (350,000 "Lệ phí cấp giấy phép lái xe") and dropped the second 60,000 and 100,000 as
    // repeats. Each pair is an item named by its label and its group ("Sát hạch lý thuyết (thi sát hạch lái xe các hạng xe A1,
    // A, B1)"), its kind from its line's label ("Phí sát hạch lái xe", "Lệ phí cấp …"); a line without groups gives its own
    // pairs. Only when some group holds a pair; null otherwise, for the general reader.
    private static List<FeeItem>? GroupedList(string detail, FeeKind kind)
    {
        var body = detail.Trim().TrimStart('(');
        if (!GroupStart().IsMatch(body)) return null;
        var items = new List<FeeItem>();
        var grouped = false;
        foreach (var line in ListLine().Split(body))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var header = line[..colon].Trim();
            var lineKind = header.StartsWith("Lệ phí", StringComparison.OrdinalIgnoreCase) ? FeeKind.Charge
                : header.StartsWith("Phí", StringComparison.OrdinalIgnoreCase) ? FeeKind.Fee : kind;
            var groups = GroupMark().Split(line[(colon + 1)..]);
            if (groups.Length == 1)
            {
                foreach (Match pair in LabelledAmount().Matches(line))
                    items.Add(Pair(pair, null, lineKind, line));
                continue;
            }
            foreach (var group in groups.Skip(1))
            {
                var end = ConditionEnd(group);
                if (end < 0) continue;
                var condition = CatalogText.Line(group[..end])!;
                foreach (Match pair in LabelledAmount().Matches(group[(end + 1)..]))
                {
                    items.Add(Pair(pair, condition, lineKind, group[(end + 1)..]));
                    grouped = true;
                }
            }
        }
        return grouped && items.Count > 1 ? items : null;

        static FeeItem Pair(Match pair, string? condition, FeeKind kind, string text)
        {
            var label = Readable(pair.Groups["label"].Value);
            // "Đối với" is left out of the name so the longest (the simulator test for cars) fits one line of the desk's list.
            var group = condition is null ? null : OpensWithFor().Replace(condition, "");
            var name = group is null ? label : $"{label} ({group})";
            var published = CatalogText.Line((condition is null ? "" : "+ " + condition + ": ") + pair.Value)!;
            var amount = (long)CatalogText.ParseAmount(pair.Groups["amt"].Value)!.Value;
            return new FeeItem(name, kind, amount, published, Unit: FeeUnits.Of(text[(pair.Groups["amt"].Index + pair.Groups["amt"].Length)..]));
        }
    }

    // The first colon outside brackets: where a group's condition ends ("Đối với … ô tô (hạng xe B, C1, …): …").
    private static int ConditionEnd(string group)
    {
        var depth = 0;
        for (var i = 0; i < group.Length; i++)
            if (group[i] == '(') depth++;
            else if (group[i] == ')') depth--;
            else if (group[i] == ':' && depth == 0) return i;
        return -1;
    }

    [GeneratedRegex(@"(?:^|\s)\+\s*(?:Đối với|đối với)\s")]
    private static partial Regex GroupStart();

    [GeneratedRegex(@"^[Đđ]ối với\s+")]
    private static partial Regex OpensWithFor();

    [GeneratedRegex(@"(?:^|\s)\+\s+")]
    private static partial Regex GroupMark();

    [GeneratedRegex(@"(?:^|\s)-\s+")]
    private static partial Regex ListLine();

    // "Sát hạch thực hành trong hình: 350.000 đồng/lần": a label without stops, its colon, an amount in đồng.
    [GeneratedRegex(@"(?<label>[^:,;.()]*\p{L}[^:,;.()]*?)\s*:\s*(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|Đồng|đ)(?![\p{L}])")]
    private static partial Regex LabelledAmount();

    // The main amount's unit: the same amount written again with a unit ("10,000 Việt Nam Đồng(10.000 đồng/khẩu-chiếc.)").
    private static string? UnitOfMain(string text, long amount)
    {
        foreach (Match m in Amount().Matches(text))
            if (CatalogText.ParseAmount(m.Groups["amt"].Value) == amount && FeeUnits.Of(text[(m.Groups["amt"].Index + m.Groups["amt"].Length)..]) is { } unit)
                return unit;
        return null;
    }

    // The table parser gives no amount when the detail has a percentage; when every percentage is a reduction for a period
    // read here ("70,000,000 Việt Nam Đồng((Từ ngày 01/07/2025 đến hết ngày 31/12/2026, mức lệ phí bằng 50% …", 2.000438)
    // the leading amount is the fee and the reduction applies to it.
    private static bool OnlyReductionPercents(string detail) =>
        detail.Count(c => c == '%') is > 0 and var percents && Reduction().Matches(detail).Count == percents;

    // Labelled amounts and amounts "per unit" in Đồng; a bare number with neither label nor currency is a date or a count.
    private static List<FeeItem> Amounts(string text, FeeKind kind)
    {
        var items = new List<FeeItem>();
        var lastEnd = 0;
        var formula = Formula().IsMatch(text);
        // fees24 (thirteenth trial, LOW 4): "Miễn phí(15000000/lần Đồng (Đối với nhà khai thác tàu bay nước ngoài …) Phí:
        // 15000000/loại Đồng (…) Phí: 18000000/loại Đồng (…) …" (1.004306) booked its unlabelled first case as lệ phí, the cell's
        // default, beside four cases labelled "Phí". An amount the text does not label is of the kind the text gives every
        // amount it labels, when that is one kind; otherwise the cell's. Thông tư 193/2016/TT-BTC's Biểu lists the certificates
        // of civil aviation under "VI. Phí thẩm định cấp chứng chỉ, giấy phép, giấy chứng nhận trong hoạt động hàng không dân
        // dụng" (docs/FEES.md "1.004306's first case").
        var labels = Amount().Matches(text).Where(l => l.Groups["label"].Success).Select(l => l.Groups["label"].Value.ToLowerInvariant()).Distinct().ToList();
        var unlabelled = labels is ["phí"] ? FeeKind.Fee : labels is ["lệ phí"] ? FeeKind.Charge : kind;
        foreach (Match m in Amount().Matches(text))
        {
            var previousEnd = lastEnd;
            lastEnd = m.Index + m.Length;
            var labelled = m.Groups["label"].Success;
            var currency = m.Groups["cur"].Value;
            var read = labelled || currency.Length > 0 && (m.Groups["per"].Success || text.AsSpan(0, m.Index).TrimEnd().EndsWith(":", StringComparison.Ordinal));
            // Fifth round: an unlabelled amount in Đồng per a unit ("5.000.000 đồng/lần cấp", "200000 đ/tấn") is read only in
            // the shapes the catalogue uses for a case, never in a formula: followed by a case's bracket ("(Đối với sân bay
            // trực thăng …", 1.002897) or words ("đối với trường hợp công nhận hiệu lực", 1.004362), or a list line after
            // another item ("- Cấp lại do mất, rách, hỏng 2.400.000 đồng/lần)", 3.000378). Read more widely it summed a
            // reduced rate or a past one with the amount in force (1.001258, 1.014899 …).
            var perUnit = !read && !formula
                && (currency.Length > 0 && text.AsSpan(m.Index + m.Length).TrimStart().StartsWith("/", StringComparison.Ordinal)
                    || currency.Length == 0 && m.Groups["per"].Success && m.Value.Contains('đ', StringComparison.Ordinal));
            if (!read && !perUnit) continue;
            if (currency == "USD" || CatalogText.ParseAmount(m.Groups["amt"].Value) is not >= 1000 and var _) continue;
            var amount = (long)CatalogText.ParseAmount(m.Groups["amt"].Value)!.Value;
            // "400.000 đ/lần Đồng (Sát hạch …)" (1.004412): the unit the amount reader left is not the name; the bracket is;
            // nor "/lần cấp" after "đồng" (1.002897).
            var after = LeadingUnit().Replace(text[(m.Index + m.Length)..].TrimStart(), "");
            // Seventh trial: "phí: 30.000.000 đồng/lần cấp (Đối với cảng hàng không khác)" (1.002897): a labelled amount's unit,
            // then the case it applies to. The unit was taken for the name, so two of the three cases were both "Phí".
            if (!perUnit && after.StartsWith('/') && SlashUnit().Replace(after, "").TrimStart(',', ' ') is var unitless
                && unitless.StartsWith('(') && Case(Bracketed(unitless)) is not null)
                after = unitless;
            var listLine = false;
            if (perUnit)
            {
                after = SlashUnit().Replace(after, "").TrimStart(',', ' ');
                // "200.000 đồng/ hộ chiếu. Trường hợp cấp lại …: 400.000đ/hộ chiếu" (1.001471): a case after a full stop is the
                // next amount's, not this one's.
                var alternative = Alternative().IsMatch(after);
                after = after.TrimStart('.', ' ');
                listLine = items.Count > 0 && text[previousEnd..m.Index].Contains("- ", StringComparison.Ordinal) && (after.Length == 0 || after[0] is ')' or ';' or '-');
                if (!listLine && !alternative && !(after.StartsWith('(') && Case(Bracketed(after)) is not null)) continue;
            }
            string? condition = null;
            string name;
            // "- Cung cấp dịch vụ tại cảng hàng không quốc tế: 50.000.000 đồng - … khác: 30.000.000 đồng" (3.000379): a list
            // whose label stands before its amount; the words after the amount are the next line's (third trial); or a list
            // line without a colon (3.000378).
            var labelBefore = (text.AsSpan(previousEnd, m.Index - previousEnd).TrimEnd().EndsWith(":", StringComparison.Ordinal) || listLine) && !after.StartsWith('(')
                ? LabelBefore(text[previousEnd..m.Index]) : null;
            if (labelBefore is not null)
            {
                name = labelBefore;
            }
            else if (after.StartsWith('('))
            {
                var inner = Bracketed(after);
                condition = inner;
                name = inner.Split(':')[0].Trim();
                // A case is when the amount applies, not what it charges: "Phí (đối với cảng hàng không khác)", which the
                // procedure's act completes (Read(ProcedureSpec, ChannelTerms)), so the receipt and the register name the case.
                if (Case(name) is not null)
                    name = Label(m.Groups["label"].Value.ToLowerInvariant() switch { "lệ phí" => FeeKind.Charge, "phí" => FeeKind.Fee, _ => unlabelled })
                        + " (" + char.ToLower(name[0], CultureInfo.GetCultureInfo("vi-VN")) + name[1..] + ")";
            }
            else
            {
                name = new string(after.TakeWhile(c => c != '(' && c != ';' && c != ')').ToArray()).Trim();
                if (perUnit && Alternative().IsMatch(name)) condition = name;
            }
            var itemKind = m.Groups["label"].Value.ToLowerInvariant() switch { "lệ phí" => FeeKind.Charge, "phí" => FeeKind.Fee, _ => unlabelled };
            items.Add(new FeeItem(Named(name, condition ?? after, itemKind), itemKind, amount, CatalogText.Line(m.Value + " " + (condition is null ? "" : "(" + condition + ")"))!,
                condition is not null && Alternative().IsMatch(condition) ? CatalogText.Line(condition) : Case(condition),
                FeeUnits.Of(text[(m.Groups["amt"].Index + m.Groups["amt"].Length)..])));
        }
        return items;
    }

    // The label of a list line before its amount: from the line's dash, bracket or semicolon to the colon.
    private static string? LabelBefore(string before)
    {
        var segment = before.TrimEnd().TrimEnd(':');
        var start = new[] { segment.LastIndexOf('('), segment.LastIndexOf(';'), segment.LastIndexOf("- ", StringComparison.Ordinal) }.Max() + 1;
        var label = segment[start..].Trim().TrimStart('-', '–', '•', '+', ' ');
        return label.Length >= 3 && label.Any(char.IsLetter) ? label : null;
    }

    // A bracket opening a case ("Đối với …", "Trường hợp …") states when the amount applies; any other is its name.
    private static string? Case(string? inner) =>
        inner is not null && Regex.IsMatch(inner, @"^\s*(?:Đối với|đối với|Trường hợp|trường hợp|Nếu|nếu)") ? CatalogText.Line(inner) : null;

    private static string Bracketed(string s)
    {
        var depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return s[1..i];
        }
        return s[1..];
    }

    private static List<FeeReduction> Reductions(string text)
    {
        var list = new List<FeeReduction>();
        foreach (Match m in Reduction().Matches(text))
            if (Date(m.Groups["from"].Value) is { } from && Date(m.Groups["until"].Value) is { } until && int.Parse(m.Groups["pct"].Value, CultureInfo.InvariantCulture) is <= 100 and var pct)
                list.Add(new FeeReduction(pct, from, until, m.Value.Contains("trực tuy", StringComparison.OrdinalIgnoreCase), CatalogText.Line(m.Value)!));
        foreach (Match m in FreePeriod().Matches(text))
            if (Date(m.Groups["from"].Value) is { } from && Date(m.Groups["until"].Value) is { } until)
                list.Add(new FeeReduction(0, from, until, false, CatalogText.Line(m.Value)!));
        foreach (Match m in PeriodByAnotherText().Matches(text))
            if (Date(m.Groups["from"].Value) is { } from && Date(m.Groups["until"].Value) is { } until
                && !list.Any(r => r.From == from && r.Until == until))
                list.Add(new FeeReduction(null, from, until, m.Value.Contains("trực tuy", StringComparison.OrdinalIgnoreCase), CatalogText.Line(m.Value)!));
        return list;
    }

    private static DateOnly? Date(string s) =>
        DateOnly.TryParseExact(s, ["d/M/yyyy", "dd/MM/yyyy", "d/MM/yyyy", "dd/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    // "lệ phí" named anywhere makes it a charge; "phí" alone a fee; the portal's cell is headed "Phí, lệ phí", so an
    // amount with neither word is taken as lệ phí, the usual kind for a state administrative procedure.
    private static FeeKind KindOf(string text) =>
        text.Contains("lệ phí", StringComparison.OrdinalIgnoreCase) ? FeeKind.Charge
        : Regex.IsMatch(text, @"(?<![\p{L}])[Pp]hí(?![\p{L}])") && !text.StartsWith("Miễn phí", StringComparison.Ordinal) ? FeeKind.Fee
        : FeeKind.Charge;

    // The main amount's name is the detail's first words; when they are only the label "Phí" or "Lệ phí" (with or
    // without spaces before the colon: "(Phí : Đồng (…", 1.002613) the label gives the kind, whatever else the text
    // names ("miễn một số khoản phí, lệ phí" in a cited circular's title says nothing of this amount).
    private static (string Name, FeeKind Kind) NameOf(string detail, FeeKind kind)
    {
        if (detail.Length < 2) return (Label(kind), kind);
        var name = new string(detail[1..].TakeWhile(c => c != ':' && c != ',' && c != ';' && c != '(' && c != ')').ToArray()).Trim();
        if (name.Equals("Phí", StringComparison.OrdinalIgnoreCase)) return ("Phí", FeeKind.Fee);
        if (name.Equals("Lệ phí", StringComparison.OrdinalIgnoreCase)) return ("Lệ phí", FeeKind.Charge);
        if (name.Length is > 0 and < 120 && !char.IsDigit(name[0]) && Readable(name) is var readable && IsAName(readable)) return (readable, kind);
        if (WhatIsCharged(detail) is { } charged) return (charged, kind);
        // Seventh round: "( Đồng (Sát hạch thực hành) Phí: 400000 …" (1.003917), "(đồng/lần (Khảo nghiệm diện rộng và diện hẹp))"
        // (2.001328): the unit written again, then a bracket saying what the amount is for; a case there ("(Đồng (Đối với cảng
        // hàng không quốc tế)", 1.004724) is kept in brackets after the label, for the procedure's act to go before it.
        if (UnitThenBracket().Match(detail) is { Success: true } unit)
        {
            var words = Readable(Bracketed(detail[unit.Length..]).Split('(')[0]).TrimEnd('.', ',', ';', ':', ' ');
            if (words.Length >= 3 && !words.StartsWith("Miễn", StringComparison.OrdinalIgnoreCase) && IsAName(words))
                return (Case(words) is null ? words : Label(kind) + " (" + char.ToLower(words[0], CultureInfo.GetCultureInfo("vi-VN")) + words[1..] + ")", kind);
        }
        return (Label(kind), kind);
    }

    [GeneratedRegex(@"^\(\s*\(?\s*(?:(?:đồng|Đồng|đông|đ|VNĐ)\s*(?:/\s*\p{L}+(?:\s*/\s*\p{L}+)*(?:\s+cấp)?)?|/\s*\p{L}+(?:\s+\p{L}+)?)\s*(?=\()")]
    private static partial Regex UnitThenBracket();

    // A name that is a legal source ("Luật Căn cước", "Thông tư 73/2024/TT-BTC") says where the rate is set, not what is
    // charged: 1.000889's item was named "Luật Căn cước" and shown "Lệ phí: Luật Căn cước" (trial of issue 14). The
    // source stays in the item's published text; the name is what the text says is charged ("lệ phí cấp đổi, cấp lại thẻ
    // căn cước"), else the bare label.
    private static string Named(string name, string text, FeeKind kind) =>
        name.Length is > 0 and < 200 && Readable(name) is var readable && IsAName(readable) ? readable : WhatIsCharged(text) ?? Label(kind);

    // A cited document's title is not what this amount charges: 2.000438's item was named "Lệ phí nhằm hỗ trợ" from
    // "theo quy định tại Thông tư 64/2025/TT-BTC … miễn một số khoản phí, lệ phí nhằm hỗ trợ cho doanh nghiệp" (trial of
    // issue 14). Citations are cut out before the text is searched for what is charged, and a name found must still be one.
    private static string? WhatIsCharged(string text) =>
        ChargedFor().Matches(Citation().Replace(text, ". "))
            .Select(m => char.ToUpperInvariant(m.Groups["label"].Value[0]) + m.Groups["label"].Value[1..].ToLowerInvariant() + " " + m.Groups["what"].Value.Trim().TrimEnd(','))
            .FirstOrDefault(IsAName);

    private static bool IsAName(string name) => !LegalSource().IsMatch(name) && !NotAName().IsMatch(name) && !CitesOrExplains().IsMatch(name);

    // The catalogue writes a case's path with "->" ("Đối với nhà khai thác tàu bay Việt Nam->Gia hạn->…"); a name shows it
    // with " › " as the desk's case label does, and runs of spaces as one.
    // A list's dash before a name and the amount written again after it ("Phí thẩm định cấp giấy phép 20.000 đồng/lần.",
    // 3.000373) are not the name.
    private static string Readable(string name) =>
        TrailingAmount().Replace(string.Join(' ', name.Replace("->", " › ", StringComparison.Ordinal).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)), "")
            .TrimStart('-', '–', '•', '+', ' ').Trim();

    [GeneratedRegex(@"[\s:,]*\d{1,3}(?:[.,]\d{3})+\s*(?:đồng|Đồng|đ|VNĐ|VND)(?:\s*/\s*\p{L}+)?\.?\s*$")]
    private static partial Regex TrailingAmount();

    // The unit left after a currency the amount reader took: "/lần cấp(Đối với …" → "(Đối với …".
    [GeneratedRegex(@"^/\s*\p{L}+(?:\s\p{L}+)?(?=\s*[(),;.\-]|\s*$)\s*|^/\s*\p{L}+\s*")]
    private static partial Regex SlashUnit();

    // The unit the amount reader leaves after "400.000": "đ/lần Đồng", "đồng/hồ sơ".
    [GeneratedRegex(@"^(?:đ|đồng|Đồng|VNĐ|VND)\s*/\s*\p{L}+(?:\s+(?:Đồng|đồng|VNĐ))?\s*")]
    private static partial Regex LeadingUnit();

    // A citation, from the document's kind to the end of its sentence or bracket: "theo quy định tại Thông tư số
    // 64/2025/TT-BTC ngày 30/06/2025 của Bộ trưởng Bộ Tài chính quy định mức thu, miễn một số khoản phí, lệ phí …".
    [GeneratedRegex(@"(?:(?:theo|căn cứ)\s+(?:quy định\s+)?(?:tại\s+)?)?(?<![\p{L}])(?:Luật(?!\s+sư)|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Công văn|Văn bản)(?![\p{L}])[^.;()]*")]
    private static partial Regex Citation();

    // Words that only a citation or a purpose carries, anywhere in a name: a document's kind (capitalised, as cited) or
    // number, "nhằm …" (what a document is for), the catalogue's "->" left unshown.
    [GeneratedRegex(@"(?<![\p{L}])(?:[Nn]hằm|Luật(?!\s+sư)|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Công văn)(?![\p{L}])|\d+/\d{4}/|->")]
    private static partial Regex CitesOrExplains();

    [GeneratedRegex(@"^(?:(?:theo|căn cứ|tại)\s+)?(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Công văn|Văn bản)(?![\p{L}])|\d+/\d{4}/", RegexOptions.IgnoreCase)]
    private static partial Regex LegalSource();

    // The same mistake in other words: what follows an amount is its unit ("/hồ sơ", "đồng/lần", "Đồng"), the amount
    // again in words ("Năm trăm nghìn đồng") or a reference ("Theo quy định cụ thể của Bộ Tài chính", "Áp dụng mức phí …").
    // Nor a unit alone ("đ/lần Đồng") or a name still carrying an amount ("… 20.000 đồng/lần", third trial).
    // Tenth trial, finding 4: a channel's name ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính") is how a dossier is handed
    // in, never what is charged (1.014899 postal's item was "Trực tiếp" from "(+ Trực tiếp: nộp hồ sơ trực tiếp tại …").
    // "Nộp trực tiếp" / "Nộp trực tuyến" stay names: 3.000346 charges its driving tests by how they are taken.
    // Eleventh trial, finding 4: a period ("Từ ngày 01/07/2025 đến hết ngày 31/12/2026", "Kể từ …", "Đến hết …") is when an
    // amount applies, never what is charged (2.001246's item was named so on Mẫu 01 and a 70,000,000 receipt); the name then
    // falls to what the text says is charged, else the bare label the procedure's act completes.
    [GeneratedRegex(@"^(?:/|đồng(?![\p{L}])|đ(?:\s*/|\s|$)|VNĐ|VND|theo(?![\p{L}])|áp dụng|căn cứ|mức thu(?![\p{L}])|mức phí(?![\p{L}])|bằng(?![\p{L}]))|(?:nghìn|ngàn|triệu|trăm|tỷ)\s+đồng|\d[\d.,]*\s*(?:đồng|đ|VNĐ|VND)(?![\p{L}])|^(?:trực tiếp|trực tuyến|(?:qua\s+)?(?:dịch vụ\s+)?bưu chính(?:\s+công ích)?)$|^(?:từ ngày|kể từ|(?:đến|tới) hết)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    // "… mức thu lệ phí cấp đổi, cấp lại thẻ căn cước bằng 50% …": the label, then lower-case words up to a verb of the rate
    // ("bằng", "là", "theo" …) or a stop; "lệ phí khi …" or "phí nêu trên" name nothing.
    [GeneratedRegex(@"(?<![\p{L}])(?<label>[Ll]ệ phí|[Pp]hí)\s+(?<what>(?!(?:khi|theo|quy định|nêu|bằng|được|là|của|và|đối với|trên|này|do|thu|phải|cho|tại|trong|hoặc)(?![\p{L}]))\p{Ll}[^.;:()%\d]*?)(?=\s+(?:bằng|là|theo|khi|đối với|được|tại|của|mức|do|cho)(?![\p{L}])|\s*[.;:()%]|\s*$)")]
    private static partial Regex ChargedFor();

    private static string Label(FeeKind kind) => kind == FeeKind.Fee ? "Phí" : "Lệ phí";
}

/// <summary>A channel's fee the import could not place: the procedure, channel, <see cref="Kind"/> (a stable code of
/// <see cref="UnplacedFees"/>, for programs), <see cref="Reason"/> (Vietnamese, what the report shows) and the published
/// text, for the import report (JSON <c>{ code, channel, kind, reason, published }</c>).</summary>
public sealed record UnplacedFee(string Code, Channel Channel, string Reason, string Published, string? Kind = null);

/// <summary>
/// Why a channel's fee could not be placed: a stable machine code (JSON <c>kind</c>, <see cref="FeeRules.Unplaced"/>) and
/// the Vietnamese sentence every user reads (the import report page, the import command's output, the JSON
/// <c>reason</c>, the dossier's fee text).
/// </summary>
public static partial class UnplacedFees
{
    /// <summary>The kinds: no fee published ("Không có thông tin"), a rate set by each provincial People's Council, a
    /// foreign currency, an amount under 1,000 VND (its unit lost), no readable amount, a reduction for a period whose rate
    /// the text does not state, a cell "Miễn phí" whose detail or description writes an amount it could not name (seventh
    /// round: 3.000377 "Miễn phí(20.000.000 đồng/lần)"), a cell "Miễn phí" whose bracket refers the fee to the Law on Fees and
    /// Charges and the texts under it (eighth trial: 1.012753 "Miễn phí(Theo quy định của Luật phí và lệ phí …)"), a cell
    /// "Miễn phí" only for a period another text covers (1.013216, Thông tư 64/2025/TT-BTC): free in it
    /// (<see cref="DossierFee.Fix"/>), not determined outside it; a period with its own dates whose rate could not be read
    /// (ninth trial: 1.011423's "Bằng 50% … (Kể từ ngày 01 tháng 7 năm 2025 …", 1.009822, 1.000312), whole when the cell states
    /// no amount for the other days, else only for the period (<see cref="FeeReduction.Unread"/>); an amount whose bracket
    /// only describes the channels (tenth trial: 1.014899 postal "50,000 Việt Nam Đồng(+ Trực tiếp: …"); a "Miễn phí" whose
    /// bracket is the charge paid to the service provider (tenth trial: 1.014063 postal "Miễn phí(Trả phí cho đơn vị cung
    /// cấp dịch vụ.)"); an amount whose text says it applies only until a date (twelfth trial: 1.001200 online "40.000đ/giấy thông
    /// hành (áp dụng đến hết ngày 31/12/2024 …)"), listed by the import report, flagged at intake after that date; amounts for
    /// alternative cases ("đối với …", "trường hợp …") that cannot be read case by case (twelfth trial, rest: 1.002173's "+ Đối
    /// với trường hợp cấp bổ sung …: Không").</summary>
    public const string NotPublished = "notPublished", SetByCouncil = "setByCouncil", ForeignCurrency = "foreignCurrency",
        BelowThousand = "belowThousand", Unreadable = "unreadable", UnstatedRate = "unstatedRate", FreeButAmount = "freeButAmount",
        ReferredToLaw = "referredToLaw", FreeForPeriod = "freeForPeriod", UnreadReduction = "unreadReduction",
        ChannelNote = "channelNote", ProviderCharge = "providerCharge", EndedAmount = "endedAmount", UnreadCases = "unreadCases";

    /// <summary>Why a fee by case is not determined yet: no case chosen (tenth trial, finding 7: the reason, not the text).</summary>
    public const string NoCaseText = "phí, lệ phí thu theo trường hợp: chưa chọn trường hợp áp dụng cho hồ sơ";

    /// <summary>Why a fee by the e-form's counts is not determined yet: a count is missing.</summary>
    public const string CountsMissingText = "phí tính theo số lượng trên tờ khai: chưa nhập đủ số lượng";

    /// <summary>
    /// Why the channel's fee of <paramref name="rules"/> could not be placed, in the words of the import report: the amounts
    /// as <paramref name="feeText"/> (the cell) and <paramref name="description"/> write them for <see cref="FreeButAmount"/>
    /// and <see cref="SetByCouncil"/>, the period for
    /// <see cref="FreeForPeriod"/> and <see cref="UnreadReduction"/>, else <see cref="Text"/>; null when it was placed.
    /// One sentence for the report, the dossier's reason and the desk (tenth trial, finding 7).
    /// </summary>
    public static string? Why(FeeRules rules, string? feeText = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Unplaced switch
        {
            null => null,
            FreeButAmount => FreeButAmountText(feeText, description),
            SetByCouncil => SetByCouncilText(feeText),
            FreeForPeriod when rules.Reductions.FirstOrDefault(r => r.PercentCharged == 0) is { } period => FreeForPeriodText(period),
            UnreadReduction when rules.Reductions.FirstOrDefault(r => r.Unread) is { } unread => UnreadReductionText(unread),
            Unreadable => UnreadableText(feeText),
            var why => Text(why),
        };
    }

    /// <summary>The Vietnamese sentence for <paramref name="kind"/>; a code it does not know is returned as it is.</summary>
    public static string Text(string kind) => kind switch
    {
        NotPublished => "không công bố phí, lệ phí",
        SetByCouncil => "mức thu do Hội đồng nhân dân cấp tỉnh quyết định",
        ForeignCurrency => "mức thu bằng ngoại tệ, không phải đồng Việt Nam",
        BelowThousand => "số tiền dưới 1.000 đồng: có thể đã mất đơn vị tính",
        Unreadable => "không đọc được số tiền từ nội dung công bố",
        FreeButAmount => "ô ghi «Miễn phí» nhưng mô tả nêu mức thu: cán bộ quyết định mức thu khi công bố áp dụng",
        ReferredToLaw => "ô ghi «Miễn phí» nhưng mô tả dẫn chiếu Luật Phí và lệ phí và văn bản hướng dẫn, không nêu mức thu: cán bộ xác định mức thu",
        FreeForPeriod => "ô ghi «Miễn phí» chỉ cho thời gian áp dụng văn bản khác; ngoài thời gian đó không nêu mức thu: cán bộ xác định mức thu",
        UnreadReduction => "nội dung công bố nêu mức thu riêng cho một thời gian nhưng không đọc được mức thu: cán bộ xác định mức thu",
        ChannelNote => "ghi chú của ô phí, lệ phí chỉ mô tả hình thức nộp hồ sơ, không nói số tiền là khoản thu gì và có mức giảm đang áp dụng hay không: cán bộ xác định mức thu",
        EndedAmount => "mức thu công bố chỉ áp dụng đến một ngày đã nêu, sau ngày đó không nêu mức thu: cán bộ xác định mức thu",
        UnreadCases => "nội dung công bố nêu mức thu riêng cho từng trường hợp nhưng không đọc được mức thu của mỗi trường hợp: cán bộ xác định mức thu theo trường hợp",
        ProviderCharge => "ô ghi «Miễn phí» nhưng ghi chú nói về khoản trả cho đơn vị cung cấp dịch vụ (bưu chính), không phải miễn phí, lệ phí của thủ tục: cán bộ xác định mức thu",
        _ => kind,
    };

    /// <summary>"Ô ghi «Miễn phí» nhưng mô tả nêu mức thu 20.000.000 đồng/lần: cán bộ quyết định mức thu khi công bố áp
    /// dụng" for <see cref="FreeButAmount"/>: the amounts as written in <paramref name="feeText"/> (else in
    /// <paramref name="description"/>), at most three, then "…".</summary>
    public static string FreeButAmountText(string? feeText, string? description)
    {
        var amounts = WrittenAmount().Matches(feeText ?? "") is { Count: > 0 } inCell ? inCell : WrittenAmount().Matches(description ?? "");
        var shown = amounts.Select(m => m.Value.Trim()).Distinct().ToList();
        if (shown.Count == 0) return Text(FreeButAmount);
        return "ô ghi «Miễn phí» nhưng mô tả nêu mức thu " + string.Join("; ", shown.Take(3)) + (shown.Count > 3 ? "; …" : "")
            + ": cán bộ quyết định mức thu khi công bố áp dụng";
    }

    /// <summary>For <see cref="Unreadable"/> (fourteenth trial, LOW 1): "không đọc được số tiền" was the reason given for
    /// cells that write plain amounts (1.004756 "50.000 đồng/lần …; 25.000 đồng/lần (… đến hết ngày 31/12/2026)"). When
    /// <paramref name="feeText"/> writes amounts, they are named, at most three, with what keeps them from being charged as
    /// read: several rows of the catalogue's table for one channel (" | "), an amount that applies only until a date, several
    /// amounts without their cases, or one amount whose detail the reader does not place. Without amounts, the plain sentence.</summary>
    public static string UnreadableText(string? feeText)
    {
        // The same amount written twice ("1,000,000 Việt Nam Đồng (1.000.000đ/thẻ ABTC.)") is named once.
        var shown = AmountAsWritten().Matches(feeText ?? "").Select(m => m.Value.Trim())
            .DistinctBy(a => new string(a.TakeWhile(c => char.IsDigit(c) || c is '.' or ',').Where(char.IsDigit).ToArray())).ToList();
        if (shown.Count == 0) return Text(Unreadable);
        var text = feeText!;
        var dated = UntilADate().IsMatch(text);
        var why = text.Contains(" | ", StringComparison.Ordinal) ? "ô phí, lệ phí của kênh này gồm nhiều dòng khác nhau trong bảng công bố"
            : shown.Count > 1 && dated ? "các mức khác nhau, có mức chỉ áp dụng trong một thời gian đã nêu, không rõ mức nào áp dụng cho hồ sơ"
            : shown.Count > 1 ? "các mức khác nhau mà không nói rõ mức nào áp dụng"
            : dated ? "phần ghi chú nêu một thời gian áp dụng riêng mà không đọc được mức thu trong thời gian đó"
            : "phần ghi chú kèm theo không cho biết áp dụng mức đó thế nào";
        return "nội dung công bố nêu mức thu " + string.Join("; ", shown.Take(3)) + (shown.Count > 3 ? "; …" : "") + " nhưng " + why
            + ": cán bộ xác định mức thu";
    }

    // An amount as the catalogue writes it: thousands grouped or 5+ digits (never a year or a text's number, "64/2025"),
    // then its currency when written (not its unit: "320.000đ/hộ chiếu" would be cut at a word).
    [GeneratedRegex(@"(?<![\d.,/])(?:[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{4,})(?![\d.,]?\d)(?:\s*(?:Việt Nam Đồng|đồng|Đồng|đ|VNĐ|VND))?")]
    private static partial Regex AmountAsWritten();

    [GeneratedRegex(@"đến hết ngày\s*\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})|áp dụng đến\s", RegexOptions.IgnoreCase)]
    private static partial Regex UntilADate();

    [GeneratedRegex(@"(?<![\d.,])[1-9]\d{0,2}(?:[.,]\d{3})+\s*(?:đồng|Đồng|đ|VNĐ|VND)(?:\s*/\s*\p{L}+(?:[\s-]\p{L}+)?)?|(?<![\d.,])[1-9]\d{3,}\s*(?:đồng|Đồng|đ|VNĐ|VND)(?:\s*/\s*\p{L}+(?:[\s-]\p{L}+)?)?")]
    private static partial Regex WrittenAmount();

    /// <summary>For <see cref="SetByCouncil"/>: the plain sentence when the cell writes no amount; else (ninth trial, 3.000198:
    /// "- Công nhận lâm phần tuyển chọn: 600.000 đồng/lô giống; - Công nhận vườn giống: 2.400.000 đồng/vườn giống; - Bình tuyển …:
    /// Hội đồng nhân dân cấp tỉnh quyết định …") "một số trường hợp có mức thu do Hội đồng nhân dân cấp tỉnh quyết định, trường hợp
    /// khác nêu mức 600.000 đồng/lô giống; 2.400.000 đồng/vườn giống: cán bộ xác định mức thu theo trường hợp", the amounts as
    /// written, at most three, then "…".</summary>
    public static string SetByCouncilText(string? feeText)
    {
        var shown = WrittenAmount().Matches(feeText ?? "").Select(m => m.Value.Trim()).Distinct().ToList();
        return shown.Count == 0 ? Text(SetByCouncil)
            : "một số trường hợp có mức thu do Hội đồng nhân dân cấp tỉnh quyết định, trường hợp khác nêu mức " + string.Join("; ", shown.Take(3))
              + (shown.Count > 3 ? "; …" : "") + ": cán bộ xác định mức thu theo trường hợp";
    }

    /// <summary>"miễn phí từ ngày 01/07/2025 đến hết ngày 31/12/2026 (theo văn bản khác); ngoài thời gian đó không nêu mức thu:
    /// cán bộ xác định mức thu" for <see cref="FreeForPeriod"/>, <paramref name="period"/> its free period.</summary>
    public static string FreeForPeriodText(FeeReduction period) =>
        $"miễn phí từ ngày {period.From:dd/MM/yyyy} đến hết ngày {period.Until:dd/MM/yyyy} (theo văn bản khác); ngoài thời gian đó không nêu mức thu: cán bộ xác định mức thu";

    /// <summary>"mức giảm từ ngày 01/07/2025 đến hết ngày 31/12/2026 không nêu tỷ lệ (theo văn bản khác)" for a reduction of
    /// unstated rate; "mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026 nêu trong nội dung công bố nhưng không đọc được: cán bộ
    /// xác định mức thu trong thời gian đó" for one the reader could not read (<see cref="FeeReduction.Unread"/>).</summary>
    public static string UnstatedText(FeeReduction reduction) =>
        reduction.Ended ? EndedText(reduction)
        : reduction.Unread
            ? $"mức thu từ ngày {reduction.From:dd/MM/yyyy} đến hết ngày {reduction.Until:dd/MM/yyyy} nêu trong nội dung công bố nhưng không đọc được: cán bộ xác định mức thu trong thời gian đó"
            : $"mức giảm từ ngày {reduction.From:dd/MM/yyyy} đến hết ngày {reduction.Until:dd/MM/yyyy} không nêu tỷ lệ (theo văn bản khác)";

    /// <summary>"mức thu 40.000 đồng chỉ áp dụng đến hết ngày 31/12/2024; sau ngày đó nội dung công bố không nêu mức thu: cán
    /// bộ xác định mức thu" for an amount whose text ends it on a date (<see cref="FeeReduction.Ended"/>, twelfth trial).</summary>
    public static string EndedText(FeeReduction ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return $"mức thu {(ended.OfAmountVnd is { } of ? FeePreview.Vnd(of) + " " : "")}chỉ áp dụng đến hết ngày {ended.From.AddDays(-1):dd/MM/yyyy}; sau ngày đó nội dung công bố không nêu mức thu: cán bộ xác định mức thu";
    }

    /// <summary>"nội dung công bố nêu mức thu riêng từ ngày 01/07/2025 đến hết ngày 31/12/2026 nhưng không đọc được mức thu: cán bộ
    /// xác định mức thu" for <see cref="UnreadReduction"/>, <paramref name="period"/> the first period not read.</summary>
    public static string UnreadReductionText(FeeReduction period) =>
        $"nội dung công bố nêu mức thu riêng từ ngày {period.From:dd/MM/yyyy} đến hết ngày {period.Until:dd/MM/yyyy} nhưng không đọc được mức thu: cán bộ xác định mức thu";
}

/// <summary>The fees of an import: channels read to rules, and every channel whose fee could not be placed, including
/// those whose amount is read but a reduction for a period has no stated rate (the amount in that period is unknown).
/// A chứng thực fee by the e-form's counts (2.000815, 2.000884, 2.000942) is read, as intake charges it.</summary>
public sealed record FeeSummary(int Read, IReadOnlyList<UnplacedFee> Unplaced)
{
    /// <summary>Reads every channel of <paramref name="specs"/> with <see cref="FeeTextReader.Read(ProcedureSpec, ChannelTerms)"/>,
    /// the reading intake charges by.</summary>
    public static FeeSummary Of(IEnumerable<ProcedureSpec> specs)
    {
        var read = 0;
        var unplaced = new List<UnplacedFee>();
        foreach (var spec in specs)
            foreach (var terms in spec.Channels)
            {
                var rules = FeeTextReader.Read(spec, terms);
                if (rules.Unplaced is { } why)
                    unplaced.Add(new UnplacedFee(spec.Code, terms.Channel, UnplacedFees.Why(rules, terms.FeeText, terms.Description)!, terms.FeeText, why));
                else if (rules.UnstatedReduction is { } r)
                    unplaced.Add(new UnplacedFee(spec.Code, terms.Channel, UnplacedFees.UnstatedText(r), terms.FeeText,
                        r.Ended ? UnplacedFees.EndedAmount : r.Unread ? UnplacedFees.UnreadReduction : UnplacedFees.UnstatedRate));
                else read++;
            }
        return new FeeSummary(read, unplaced);
    }
}
