using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Turns one row of the National Public Service Portal catalogue crawl into a <see cref="ProcedureSpec"/>, listing
/// every assumption and every field it could not parse. Pure: takes the row's text, never reads files.
/// </summary>
/// <remarks>
/// Never drops a row: a field that cannot be parsed keeps its published text in the spec (FeeText, TimeText,
/// ChannelsText, DocumentsText, a legal document without a number) and yields a <see cref="ParseIssueKind.RawTextKept"/> issue.
/// Choices where the text is silent:
/// <list type="bullet">
/// <item>"N Ngày" (without "làm việc") and a bare "N" are read as N working days (an Assumed issue says so);
/// "N Giờ" as working hours; "Trong ngày" as half a working day; months and years have no working-day form and are kept as text.</item>
/// <item>Fees are VND. "Miễn phí" is 0 and a single amount is that amount, unless the detail in brackets gives other amounts,
/// percentages or leaves the amount to the provincial People's Council; those, a foreign currency or an amount under
/// 1,000 VND (thousands lost, unless the detail gives the amount ×1,000) leave <c>Fee</c> null with the text in <c>FeeText</c>.</item>
/// <item>A channel listed several times (one row per case) becomes one entry; differing times or fees become null with all texts kept.</item>
/// <item>Online level: none without an online channel; otherwise full only when nothing in the documents or steps asks for a paper
/// or in-person step (documents to show, originals to compare, signing a register, photos, fingerprints, inspection on site);
/// partial otherwise. The portal publishes no explicit flag, so full is a best guess.</item>
/// </list>
/// </remarks>
public static partial class NationalCatalogParser
{
    private static readonly string[] InPersonSigns =
    [
        "xuất trình", "có mặt", "nhận kết quả trực tiếp", "trực tiếp nhận kết quả", "ký vào sổ", "ký sổ", "nộp bản chính",
        "bản chính để đối chiếu", "đối chiếu bản chính", "chụp ảnh", "vân tay", "sinh trắc", "kiểm tra thực tế",
        "thẩm định thực tế", "khảo sát thực tế", "hiện trường", "phỏng vấn", "sát hạch", "lấy mẫu",
    ];

    private static readonly string[] NoConditions = ["không", "không có", "không có."];

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex NationalCode();

    /// <summary>Parses one JSONL line of the crawl.</summary>
    public static ParsedProcedure ParseLine(string jsonLine)
    {
        using var doc = JsonDocument.Parse(jsonLine);
        return Parse(doc.RootElement);
    }

    /// <summary>Parses one crawl row given as a JSON object with the crawl's keys (ma_thu_tuc, ten_thu_tuc, …).</summary>
    public static ParsedProcedure Parse(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"A catalogue row must be a JSON object, not {row.ValueKind}.", nameof(row));
        return Parse(row.Deserialize<NationalCatalogRow>()!);
    }

    /// <summary>Parses one crawl row.</summary>
    public static ParsedProcedure Parse(NationalCatalogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var issues = new List<ParseIssue>();

        var code = CatalogText.Line(row.Code) ?? "";
        if (!NationalCode().IsMatch(code))
            issues.Add(new ParseIssue(CatalogField.Code, row.Code ?? "", "không phải mã thủ tục quốc gia (dạng d.dddddd)", ParseIssueKind.Assumed));

        var name = CatalogText.Line(row.Name) ?? "";
        if (name.Length == 0)
            issues.Add(new ParseIssue(CatalogField.Name, row.Name ?? "", "không công bố tên thủ tục", ParseIssueKind.Missing));
        else if (name.StartsWith("Công bố Danh mục", StringComparison.OrdinalIgnoreCase))
            issues.Add(new ParseIssue(CatalogField.Name, name, "tên là trích yếu của quyết định công bố thủ tục, không phải tên của thủ tục (lỗi dữ liệu thu thập)", ParseIssueKind.RawTextKept));

        var field = CatalogText.LineOrNull(row.Field) ?? "";
        if (field.Length == 0)
            issues.Add(new ParseIssue(CatalogField.Field, row.Field ?? "", "không công bố lĩnh vực", ParseIssueKind.Missing));

        var levels = ParseLevels(row.Levels, issues);
        var (channels, channelsText) = ChannelTableParser.Parse(row.Channels, issues);
        var (documents, notes, documentsText) = DocumentListParser.Parse(row.Documents, issues);
        var legal = LegalBasisParser.Parse(row.LegalBasis, issues);
        var results = ResultListParser.Parse(row.Results, issues);
        var steps = CatalogText.BlockOrNull(row.Steps);

        // Some rows carry the result cell's page furniture ("Từ khóa…Mô tả…") glued onto the conditions.
        var conditionsRaw = row.Conditions;
        if (conditionsRaw?.IndexOf("Từ khóa", StringComparison.Ordinal) is >= 0 and var furniture) conditionsRaw = conditionsRaw[..furniture];
        var conditions = CatalogText.BlockOrNull(conditionsRaw);
        if (conditions is not null && NoConditions.Contains(conditions.ToLowerInvariant())) conditions = null;

        var spec = new ProcedureSpec
        {
            Code = code,
            Name = name,
            Field = field,
            Levels = levels,
            Decision = CatalogText.LineOrNull(row.Decision),
            ApplicantTypes = CatalogText.LineOrNull(row.ApplicantTypes),
            CompetentAgency = CatalogText.LineOrNull(row.CompetentAgency),
            ImplementingAgency = CatalogText.LineOrNull(row.ImplementingAgency),
            Steps = steps,
            Channels = channels,
            Documents = documents,
            DocumentNotes = notes,
            LegalBasis = legal,
            Results = results,
            Conditions = conditions,
            OnlineLevel = OnlineLevelOf(channels, documents, steps),
            PostalAllowed = channels.Any(c => c.Channel == Channel.Postal),
            SourceUrl = CatalogText.LineOrNull(row.DetailUrl),
            ChannelsText = channelsText,
            DocumentsText = documentsText,
            RawTextFields = issues.Where(i => i.Kind == ParseIssueKind.RawTextKept).Select(i => i.Field).Distinct().ToList(),
        };
        return new ParsedProcedure(spec, issues);
    }

    private static ProcedureLevel ParseLevels(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.LineOrNull(raw);
        if (text is null)
        {
            issues.Add(new ParseIssue(CatalogField.Levels, raw ?? "", "không công bố cấp thực hiện", ParseIssueKind.Missing));
            return ProcedureLevel.None;
        }

        var levels = ProcedureLevel.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var level = part.ToLowerInvariant() switch
            {
                "cấp bộ" => ProcedureLevel.Ministry,
                "cấp tỉnh" => ProcedureLevel.Province,
                "cấp xã" => ProcedureLevel.Commune,
                "cơ quan khác" => ProcedureLevel.Other,
                _ => ProcedureLevel.None,
            };
            if (level == ProcedureLevel.None)
                issues.Add(new ParseIssue(CatalogField.Levels, part, "cấp thực hiện không nhận ra được, đã bỏ qua", ParseIssueKind.Assumed));
            levels |= level;
        }
        return levels;
    }

    private static OnlineLevel OnlineLevelOf(IReadOnlyList<ChannelTerms> channels, IReadOnlyList<RequiredDocument> documents, string? steps)
    {
        if (!channels.Any(c => c.Channel == Channel.Online)) return OnlineLevel.None;
        if (documents.Any(d => d.MustPresentOnly)) return OnlineLevel.Partial;
        var text = string.Join('\n', documents.Select(d => d.Name).Append(steps ?? "")).ToLowerInvariant();
        return InPersonSigns.Any(text.Contains) ? OnlineLevel.Partial : OnlineLevel.Full;
    }
}
