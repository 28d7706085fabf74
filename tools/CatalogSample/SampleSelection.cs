using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

/// <summary>
/// Which procedures go into the demo sample: commune- or province-level procedures of the fields a one-stop desk
/// handles most, that publish at least one document and a time limit for the desk channel. Per category, up to
/// <see cref="PerCategory"/>: the <see cref="AlwaysInclude"/> ones, then fully parsed ones, then partly parsed ones, each
/// time taking the category's fields in turn (in the order listed) and by code. Rows whose name is a crawl error are left out.
/// </summary>
internal static class SampleSelection
{
    public const int PerCategory = 12;
    public const string BirthRegistration = "1.001193";

    /// <summary>Procedures the demo needs whatever their parse quality: the household building permit and those the civil-status and
    /// authentication books enter (docs/REGISTERS.md): birth, marriage and death registration, certified copies, signatures, contracts.</summary>
    public static readonly string[] AlwaysInclude = [BirthRegistration, "1.013225", "1.000656", "1.000894", "2.000815", "2.000884", "2.001035"];

    /// <summary>Authentications (chứng thực) the catalogue publishes without a time limit for the desk; the demo supplies Nghị
    /// định 23/2015/NĐ-CP Art. 7's (CatalogDemo.WithDemoAdditions), so they are taken without one.</summary>
    public static readonly string[] TimeLimitFromDecree = ["2.000815", "2.000884", "2.001035"];

    public sealed record Pick(string Category, ParsedProcedure Parsed);

    /// <summary>Demo categories and the portal's field names (lĩnh vực) that belong to them.</summary>
    public static readonly (string Category, string[] Fields)[] Categories =
    [
        ("Hộ tịch", ["Hộ tịch"]),
        ("Chứng thực", ["Chứng thực"]),
        ("Đất đai", ["Đất đai"]),
        ("Xây dựng", ["Hoạt động xây dựng", "Nhà ở và công sở", "Quy hoạch đô thị và nông thôn"]),
        ("Kinh doanh", ["Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã", "Thành lập và hoạt động của tổ hợp tác"]),
        ("Lao động - Thương binh và Xã hội", ["Giảm nghèo", "Người có công", "Chính sách", "Thực hiện chính sách BHXH", "Kiểm định kỹ thuật an toàn lao động"]),
    ];

    public static List<Pick> Select(IEnumerable<ParsedProcedure> parsed)
    {
        var all = parsed.ToList();
        var picks = new List<Pick>();
        foreach (var (category, fields) in Categories)
        {
            // Fully parsed first; within that, take the category's fields in turn so that one large field does not crowd out the others.
            var chosen = all.Where(p => AlwaysInclude.Contains(p.Spec.Code) && fields.Contains(p.Spec.Field)
                && (IsEligible(p) || (TimeLimitFromDecree.Contains(p.Spec.Code) && IsEligible(p, needsTimeLimit: false)))).ToList();
            foreach (var quality in new[] { ParseQuality.Full, ParseQuality.Partial })
            {
                var queues = fields
                    .Select(f => new Queue<ParsedProcedure>(all
                        .Where(p => p.Spec.Field == f && p.Quality == quality && IsEligible(p) && !chosen.Contains(p))
                        .OrderBy(p => p.Spec.Code, StringComparer.Ordinal)))
                    .ToList();
                while (chosen.Count < PerCategory && queues.Any(q => q.Count > 0))
                {
                    foreach (var q in queues.Where(q => q.Count > 0))
                    {
                        if (chosen.Count == PerCategory) break;
                        chosen.Add(q.Dequeue());
                    }
                }
            }
            picks.AddRange(chosen.OrderBy(p => p.Spec.Code, StringComparer.Ordinal).Select(p => new Pick(category, p)));
        }

        foreach (var code in AlwaysInclude.Where(c => !picks.Any(p => p.Parsed.Spec.Code == c)))
            throw new InvalidOperationException($"{code} must be in the sample but is not eligible; check the parser.");
        return picks;
    }

    private static bool IsEligible(ParsedProcedure p, bool needsTimeLimit = true)
    {
        var s = p.Spec;
        return (s.Levels & (ProcedureLevel.Commune | ProcedureLevel.Province)) != 0
               && s.Documents.Count > 0
               && s.Channels.Any(c => c.Channel == Channel.Direct && (c.TimeLimit is not null || !needsTimeLimit))
               && !p.Issues.Any(i => i.Field == CatalogField.Name && i.Kind == ParseIssueKind.RawTextKept);
    }
}
