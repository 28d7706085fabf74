using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Parses the flattened "Cách thức thực hiện" table: a header, then rows of channel, time limit, fee (with an optional
/// detail in parentheses) and a free-text description, all glued together, e.g.
/// "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí".
/// </summary>
/// <remarks>
/// A row starts where a channel label is immediately followed by a time cell and a fee cell; a label inside a
/// description ("- Trực tuyến: nộp hồ sơ ...") is not followed by both and stays part of the description.
/// When a bare-number time runs into an amount ("Trực tuyến120,000 VNĐ"), the time takes the fewest digits that
/// leave a well-formed amount (1 and 20,000).
/// </remarks>
internal static partial class ChannelTableParser
{
    private const string Header = "Hình thức nộpThời gianPhí, lệ phíMô tả";

    private const string Currency = @"Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR";
    private const string AmountPattern = @"[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d*|0";
    private const string FeeAhead = @"(?:Miễn phí|Không có thông tin|(?:" + AmountPattern + @")\s*(?:" + Currency + "))";

    private const string RowStartPattern =
        @"(?<label>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)\s*" +
        @"(?<time>" +
            @"(?<num>\d+(?:[.,]\d{1,2})?)\s*(?<unit>(?i:ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm|tuần|phút))" +
            @"|(?<sameday>(?i:trong ngày(?: làm việc)?))" +
            @"|(?<bare>\d+?)(?=" + FeeAhead + ")" +
            @"|(?<none>Không có thông tin|Không quy định|Không phải trả kết quả[^\p{Lu}]*?|Không)" +
        @")\s*" +
        @"(?<fee>Miễn phí|Không có thông tin|(?<amt>" + AmountPattern + @")\s*(?<cur>" + Currency + "))";

    [GeneratedRegex(RowStartPattern)]
    private static partial Regex RowStart();

    [GeneratedRegex(@"(?<!\d)(?<v>[1-9]\d{0,2}(?:[.,]\d{3})+|\d+)\s*(?<cur>đồng|Đồng|đ\b|VNĐ|vnđ|VND|USD|usd)|(?<!\d)(?<v>[1-9]\d{0,2}(?:\.\d{3})+)(?![\d/])")]
    private static partial Regex MoneyInText();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?\s*%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"^\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\)")]
    private static partial Regex EnumerationMarker();

    [GeneratedRegex(@"Hội đồng nhân dân|HĐND", RegexOptions.IgnoreCase)]
    private static partial Regex SetByCouncil();

    [GeneratedRegex(@"ngày làm việc", RegexOptions.IgnoreCase)]
    private static partial Regex SpeaksOfWorkingDays();

    // A row whose description opens with a case ("Trường hợp …", "trong trường hợp …", "Đối với …") is an exception to the
    // channel's limit, published as a second row (issue 9: "Trực tiếp · 02 Ngày · trong trường hợp giấy tờ phức tạp …").
    [GeneratedRegex(@"^[\s\-–+*•(]*(?:trong\s+)?(?:trường hợp|đối với|nếu)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpensWithACase();

    private sealed record Row(Channel Channel, TimeLimit? Time, string TimeText, decimal? Fee, string FeeText, string? Description, string? Doubt);

    public static (IReadOnlyList<ChannelTerms> Channels, string? RawText) Parse(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.Clean(raw)?.Trim();
        if (text is null || CatalogText.IsNoInformation(text))
        {
            issues.Add(new ParseIssue(CatalogField.Channels, raw ?? "", "không công bố bảng cách thức thực hiện", ParseIssueKind.Missing));
            return ([], null);
        }

        var body = text.StartsWith(Header, StringComparison.Ordinal) ? text[Header.Length..] : text;
        var matches = RowStart().Matches(body);
        if (matches.Count == 0)
        {
            issues.Add(new ParseIssue(CatalogField.Channels, text, "không nhận ra được dòng nào gồm hình thức nộp, thời hạn giải quyết và phí, lệ phí", ParseIssueKind.RawTextKept));
            return ([], CatalogText.Block(text));
        }

        string? rawKept = null;
        var lead = body[..matches[0].Index].Trim();
        if (lead.Length > 0)
        {
            issues.Add(new ParseIssue(CatalogField.Channels, lead, "không xếp được đoạn văn đứng trước dòng hình thức nộp đầu tiên", ParseIssueKind.RawTextKept));
            rawKept = CatalogText.Block(text);
        }

        var rows = new List<Row>(matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            var end = i + 1 < matches.Count ? matches[i + 1].Index : body.Length;
            var rest = body[(m.Index + m.Length)..end];
            rows.Add(ParseRow(m, rest, issues));
        }

        return (Merge(rows, issues), rawKept);
    }

    private static Row ParseRow(Match m, string rest, List<ParseIssue> issues)
    {
        var channel = m.Groups["label"].Value switch
        {
            "Trực tiếp" => Channel.Direct,
            "Trực tuyến" => Channel.Online,
            _ => Channel.Postal,
        };

        var (time, timeText, doubt) = ParseTime(m, rest, issues);

        // Fee detail: one balanced parenthesised group right after the fee, unless it is an enumeration marker "(1)".
        string? detail = null;
        var restTrim = rest.TrimStart(' ');
        if (restTrim.StartsWith('(') && !EnumerationMarker().IsMatch(restTrim))
        {
            var close = MatchingParen(restTrim);
            detail = restTrim[..(close + 1)];
            rest = restTrim[(close + 1)..];
        }

        var (fee, feeText) = ParseFee(m, detail, issues);
        var description = CatalogText.BlockOrNull(rest);
        return new Row(channel, time, timeText, fee, feeText, description, doubt);
    }

    /// <summary>
    /// The row's time limit in the unit the portal publishes: "Ngày làm việc" working days, "Ngày" calendar days (Civil
    /// Code), "Giờ" working hours, "Tháng" months, "Trong ngày" same day. <c>Doubt</c> says, in Vietnamese for the
    /// administrator, why the unit needs confirming: a bare number, or "N Ngày" whose description speaks of working days.
    /// </summary>
    private static (TimeLimit? Time, string Text, string? Doubt) ParseTime(Match m, string description, List<ParseIssue> issues)
    {
        var raw = m.Groups["time"].Value.Trim();
        if (m.Groups["num"].Success)
        {
            var amount = CatalogText.ParseSmallDecimal(m.Groups["num"].Value);
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            if (amount is null or <= 0)
            {
                issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, "thời hạn giải quyết bằng 0 hoặc không đọc được", ParseIssueKind.RawTextKept));
                return (null, raw, null);
            }
            switch (unit)
            {
                case "ngày làm việc":
                    return (TimeLimit.Days(amount.Value), raw, null);
                case "ngày" or "tháng" when amount.Value != decimal.Truncate(amount.Value):
                    issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, $"thời hạn là số lẻ {unit} theo lịch", ParseIssueKind.RawTextKept));
                    return (null, raw, null);
                case "ngày" when SpeaksOfWorkingDays().IsMatch(description):
                    issues.Add(new ParseIssue(CatalogField.ChannelTime, raw,
                        "công bố theo \"Ngày\" nhưng phần mô tả ghi \"ngày làm việc\"; giữ ngày theo lịch như công bố, cần xác nhận", ParseIssueKind.Assumed));
                    return (TimeLimit.CalendarDays((int)amount.Value), raw,
                        $"Công bố \"{raw}\" (ngày theo lịch) nhưng phần mô tả ghi \"ngày làm việc\": cần xác nhận đơn vị.");
                case "ngày":
                    return (TimeLimit.CalendarDays((int)amount.Value), raw, null);
                case "tháng":
                    return (TimeLimit.Months((int)amount.Value), raw, null);
                case "giờ làm việc":
                case "giờ":
                    return (TimeLimit.Hours(amount.Value), raw, null);
                default:
                    issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, $"thời hạn tính bằng \"{unit}\" không có đơn vị tương ứng", ParseIssueKind.RawTextKept));
                    return (null, raw, null);
            }
        }

        if (m.Groups["sameday"].Success)
            return (TimeLimit.SameDay, raw, null);

        if (m.Groups["bare"].Success)
        {
            var amount = CatalogText.ParseSmallDecimal(m.Groups["bare"].Value);
            if (amount is null or <= 0)
            {
                issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, "thời hạn giải quyết bằng 0 hoặc không đọc được", ParseIssueKind.RawTextKept));
                return (null, raw, null);
            }
            var why = m.Groups["amt"].Success
                ? "không công bố đơn vị và con số dính liền số tiền phí; lấy thời hạn ngắn nhất để số tiền còn lại hợp lệ, tạm hiểu là ngày làm việc"
                : "không công bố đơn vị; tạm hiểu là ngày làm việc";
            issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, why, ParseIssueKind.Assumed));
            return (TimeLimit.Days(amount.Value), raw, $"Công bố \"{raw}\" không có đơn vị; tạm hiểu là {amount.Value:0.##} ngày làm việc: cần xác nhận đơn vị.");
        }

        issues.Add(new ParseIssue(CatalogField.ChannelTime, raw, "không công bố thời hạn giải quyết", ParseIssueKind.Missing));
        return (null, raw, null);
    }

    private static (decimal? Fee, string Text) ParseFee(Match m, string? detail, List<ParseIssue> issues)
    {
        var main = m.Groups["fee"].Value;
        var inner = detail is null ? null : CatalogText.Line(detail[1..^(detail.EndsWith(')') ? 1 : 0)]);
        var feeText = CatalogText.Line(detail is null ? main : main + " " + detail) ?? main;

        if (main == CatalogText.NoInformation)
        {
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "không công bố phí, lệ phí", ParseIssueKind.Missing));
            return (null, inner ?? "");
        }

        var detailAmounts = new List<(decimal Value, bool Usd)>();
        if (inner is not null)
        {
            foreach (Match a in MoneyInText().Matches(inner))
            {
                var v = CatalogText.ParseAmount(a.Groups["v"].Value);
                if (v is > 0)
                    detailAmounts.Add((v.Value, a.Groups["cur"].Value.Equals("usd", StringComparison.OrdinalIgnoreCase)));
            }
        }
        var hasPercent = inner is not null && Percent().IsMatch(inner);

        if (main == "Miễn phí")
        {
            if (detailAmounts.Count > 0 || hasPercent)
            {
                issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "ghi miễn phí nhưng phần chi tiết nêu số tiền hoặc các trường hợp", ParseIssueKind.RawTextKept));
                return (null, feeText);
            }
            if (inner is not null && SetByCouncil().IsMatch(inner))
            {
                issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "mức thu do Hội đồng nhân dân cấp tỉnh quyết định", ParseIssueKind.RawTextKept));
                return (null, feeText);
            }
            return (0m, feeText);
        }

        if (inner is not null && SetByCouncil().IsMatch(inner))
        {
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "mức thu do Hội đồng nhân dân cấp tỉnh quyết định", ParseIssueKind.RawTextKept));
            return (null, feeText);
        }

        var amount = CatalogText.ParseAmount(m.Groups["amt"].Value) ?? 0m;
        var currency = m.Groups["cur"].Value;
        if (currency is "USD" or "EUR")
        {
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, $"phí tính bằng {currency}, không phải đồng Việt Nam", ParseIssueKind.RawTextKept));
            return (null, feeText);
        }

        if (detailAmounts.Any(a => a.Usd && a.Value == amount))
        {
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "công bố bằng đồng nhưng phần chi tiết ghi cùng số tiền bằng USD", ParseIssueKind.RawTextKept));
            return (null, feeText);
        }

        var distinct = detailAmounts.Where(a => !a.Usd).Select(a => a.Value).Distinct().ToList();
        if (amount < 1000m)
        {
            // The portal sometimes drops the thousands ("20 VNĐ" next to "(20.000 đồng/tờ khai)").
            if (distinct.Count == 1 && distinct[0] == amount * 1000m && !hasPercent)
            {
                issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "số tiền công bố thiếu phần nghìn; lấy theo phần chi tiết", ParseIssueKind.Assumed));
                return (amount * 1000m, feeText);
            }
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "số tiền dưới 1.000 đồng: có lẽ đã mất đơn vị nghìn", ParseIssueKind.RawTextKept));
            return (null, feeText);
        }

        if (hasPercent || distinct.Any(v => v != amount) || detailAmounts.Any(a => a.Usd))
        {
            issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, "nhiều mức thu hoặc nhiều trường hợp", ParseIssueKind.RawTextKept));
            return (null, feeText);
        }

        return (amount, feeText);
    }

    /// <summary>
    /// One entry per channel. Rows repeated for the same channel are cases: the one row whose description does not open
    /// with a case ("Trường hợp …", "Đối với …") is the channel's limit and the others its exceptions; when no single row
    /// is unconditional, the first row as published is the limit and that choice is reported for the administrator to
    /// confirm. Every other row is kept as a <see cref="TimeCase"/> with its condition, for the officer to choose at the desk.
    /// </summary>
    private static List<ChannelTerms> Merge(List<Row> rows, List<ParseIssue> issues)
    {
        var result = new List<ChannelTerms>();
        foreach (var group in rows.GroupBy(r => r.Channel))
        {
            var list = group.ToList();
            var first = list[0];
            if (list.Count == 1)
            {
                result.Add(new ChannelTerms(first.Channel, first.Time, first.Fee, first.FeeText, first.Description)
                    { TimeText = first.TimeText, TimeDoubt = first.Doubt });
                continue;
            }

            var unconditional = list.Where(r => r.Description is null || !OpensWithACase().IsMatch(r.Description)).ToList();
            var main = unconditional.Count == 1 ? unconditional[0] : first;
            var cases = list.Where(r => !ReferenceEquals(r, main) && !(r.Time == main.Time && r.TimeText == main.TimeText && r.Description == main.Description))
                .Select(r => new TimeCase(r.Time, r.TimeText, Condition(r.Description)))
                .Distinct()
                .ToList();
            var doubts = list.Select(r => r.Doubt).OfType<string>().Distinct().ToList();
            if (cases.Any(c => c.TimeLimit != main.Time) && unconditional.Count != 1)
            {
                issues.Add(new ParseIssue(CatalogField.ChannelTime, string.Join(" | ", list.Select(r => r.TimeText)),
                    $"{Name(first.Channel)} được công bố {list.Count} dòng với thời hạn khác nhau và không có đúng một dòng chung; lấy dòng đầu làm thời hạn, các dòng khác là trường hợp riêng, cần xác nhận",
                    ParseIssueKind.Assumed));
                doubts.Add($"{Name(first.Channel)} được công bố {list.Count} dòng với thời hạn khác nhau; tạm lấy dòng đầu ({main.TimeText}) làm thời hạn chung, các dòng còn lại là trường hợp riêng: cần xác nhận.");
            }

            decimal? fee = first.Fee;
            var feeText = string.Join(" | ", list.Select(r => r.FeeText).Distinct());
            if (list.Any(r => r.Fee != first.Fee))
            {
                fee = null;
                issues.Add(new ParseIssue(CatalogField.ChannelFee, feeText, $"{Name(first.Channel)} được công bố {list.Count} dòng với mức phí khác nhau", ParseIssueKind.RawTextKept));
            }

            var description = string.Join("\n", list.Select(r => r.Description).OfType<string>().Distinct());
            result.Add(new ChannelTerms(first.Channel, main.Time, fee, feeText, description.Length == 0 ? null : description)
            {
                TimeText = main.TimeText,
                Cases = cases,
                TimeDoubt = doubts.Count == 0 ? null : string.Join(" ", doubts),
            });
        }
        return result;
    }

    // A case's condition is its row's description on one line, cut at a sentence end after about 300 characters.
    private static string? Condition(string? description)
    {
        var line = CatalogText.Line(description);
        if (line is null || line.Length <= 300) return line;
        var stop = line.IndexOf(". ", 200, StringComparison.Ordinal);
        return stop is > 0 and <= 400 ? line[..(stop + 1)] : line[..300].TrimEnd() + "…";
    }

    private static string Name(Channel c) => c switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        _ => "Dịch vụ bưu chính",
    };

    /// <summary>Index of the parenthesis closing the one at index 0, or the last index when it never closes.</summary>
    private static int MatchingParen(string s)
    {
        var depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return i;
        }
        return s.Length - 1;
    }
}
