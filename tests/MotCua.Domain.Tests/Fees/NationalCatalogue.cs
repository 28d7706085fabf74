using System.Runtime.CompilerServices;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The national catalogue (../shared/data/tthc, or <c>MOTCUA_CATALOG_FILE</c>) parsed once per test process, with
/// every channel's fee as <see cref="FeeTextReader"/> reads it: what the fee-text trial tests generate their cases from.</summary>
internal static class NationalCatalogue
{
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    /// <summary>Every procedure of the catalogue file, in its order.</summary>
    public static readonly Lazy<IReadOnlyList<ProcedureSpec>> Catalogue = new(() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)]);

    /// <summary>Every channel of every procedure with its fee as read.</summary>
    public static IEnumerable<(ProcedureSpec Spec, ChannelTerms Terms, FeeRules Rules)> Channels() =>
        Catalogue.Value.SelectMany(p => p.Channels.Select(c => (p, c, FeeTextReader.Read(p, c))));

    /// <summary>One procedure's channel with its fee as read; throws when the code or channel is not in the catalogue.</summary>
    public static (ProcedureSpec Spec, ChannelTerms Terms, FeeRules Rules) Of(string code, Channel channel)
    {
        var spec = Catalogue.Value.Single(p => p.Code == code);
        var terms = spec.Channels.Single(c => c.Channel == channel);
        return (spec, terms, FeeTextReader.Read(spec, terms));
    }
}
