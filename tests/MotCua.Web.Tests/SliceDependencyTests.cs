using System.Text.RegularExpressions;

namespace MotCua.Web.Tests;

/// <summary>
/// The feature slices of MotCua.Web depend in one direction (docs/ARCHITECTURE.md, "Slices and dependencies"): a slice
/// names another slice only where <see cref="Allowed"/> says so, and Infrastructure and the shared views name none. Read
/// from the sources (usings, qualified names, partial paths) rather than the compiled assembly, so that constants such as
/// policy names, which the compiler copies, and the Razor views count too.
/// </summary>
public class SliceDependencyTests
{
    /// <summary>What <c>src/MotCua.Web</c> code outside the slices is called here: Infrastructure, Features/Shared and the
    /// files directly in Features. It may name no slice.</summary>
    private const string Shared = "(shared)";

    /// <summary>Each slice and the slices it may name: the one-way arrows. Every slice may use Infrastructure, the Domain,
    /// Data and Documents.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Shared] = [],
        ["Account"] = ["Admin"],
        ["Admin"] = [],
        ["Audit"] = [],
        ["Calendar"] = [],
        ["Catalog"] = ["Calendar"],
        ["Channels"] = ["Outbox"],
        ["CitizenAccount"] = ["Outbox"], // Issue 17, piece A: a one-time code's SMS or e-mail is an outbox row
        // Issue 17: the citizens' pages read a dossier by DossierAccess's one rule; piece B submits online through intake
        // (with the catalogue's procedure, the unit's calendar and the file store's streamed upload); the dossier page shows
        // the open payment requests (Payments' RequestsRead), the signed result and its signature check (Processing).
        ["Citizens"] = ["Dossiers", "Intake", "Catalog", "Calendar", "Files", "Payments", "Processing", "Ratings"],
        ["Demo"] = ["Catalog", "Calendar", "Intake", "Payments", "Processing", "Ratings", "Receipts"],
        // Issue 17 piece C: the desk panel reads the procedure's document list, and the lookup token that exempts lines the
        // population database holds.
        ["Digitisation"] = ["Catalog", "PopulationRegistry"],
        ["Dossiers"] = ["Fees", "Outbox"], // trial 16i LOW 7: a pushed file's state tells a probe's answer (OutboxWorker.ProbePrefix) from an attempt's
        ["Files"] = ["Dossiers"],
        ["Feedback"] = ["Calendar", "Outbox", "Lookup", "Reports"], // trial 16i MEDIUM 3: overdue feedback on the dashboards, in the dashboard's reach (DashboardReads)
        ["Fees"] = [],
        ["Health"] = [],
        ["Intake"] = ["Catalog", "Calendar", "Dossiers", "PopulationRegistry"],
        ["Letters"] = ["Dossiers"],
        ["NationalPortal"] = ["Outbox", "Intake", "Payments", "Catalog", "Calendar", "Dossiers", "Processing"],
        ["Lookup"] = ["Payments", "Fees"],
        ["Operations"] = [],
        ["PopulationRegistry"] = [],
        ["Notifications"] = ["Outbox", "Dossiers"],
        ["Outbox"] = [],
        ["Payments"] = ["Dossiers", "Fees", "Calendar"],
        ["Ratings"] = ["Outbox", "Lookup", "Reports"], // trial 17v MEDIUM 3: the figures read units by the reports' one reach rule (ReportReaders)
        ["Kiosk"] = ["Queue", "Catalog", "Lookup"], // Issue 17, piece E: the kiosk prints queue tickets and shows the catalogue's procedures; trial 30: the public lookup's result in the kiosk's layout
        ["Queue"] = ["Calendar", "Reports"], // Issue 17, piece E: the remote window reads the centre's working calendar; trial 17v MEDIUM 3: the figures by the reports' reach rule
        ["Processing"] = ["Dossiers", "Catalog", "Calendar", "Lookup", "Notifications", "Fees", "Payments", "Reports"],
        ["Receipts"] = ["Dossiers", "Lookup", "Payments"],
        ["Registers"] = ["Processing"],
        ["Reminders"] = ["Outbox", "Calendar"],
        ["Reports"] = ["Calendar"],
        ["Webhooks"] = ["Outbox"],
    };

    private static readonly string Web = Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Web");
    private static readonly string Features = Path.Combine(Web, "Features");

    [Fact]
    public void Slices_name_only_the_slices_below_them()
    {
        var found = References();
        var wrong = found
            .Where(r => !Allowed[r.From].Contains(r.To))
            .Select(r => $"{r.File}: {r.From} → {r.To} ({string.Join(", ", r.Evidence)})")
            .ToList();
        Assert.True(wrong.Count == 0, "Slices that name a slice they may not (see docs/ARCHITECTURE.md):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Every_allowed_arrow_is_still_needed()
    {
        var found = References();
        var used = found.Select(r => (r.From, r.To)).ToHashSet();
        var unused = Allowed.SelectMany(p => p.Value.Select(to => (From: p.Key, To: to))).Where(a => !used.Contains(a))
            .Select(a => $"{a.From} → {a.To}").ToList();
        Assert.True(unused.Count == 0, "Arrows no code uses any more; remove them here and in docs/ARCHITECTURE.md: " + string.Join(", ", unused));
    }

    [Fact]
    public void Every_slice_has_its_arrows_written_down_and_they_form_no_cycle()
    {
        var slices = Directory.GetDirectories(Features).Select(d => Path.GetFileName(d)!).Where(n => n != "Shared").Order().ToList();
        Assert.Equal(slices, Allowed.Keys.Where(k => k != Shared).Order().ToList());
        var done = new HashSet<string>();
        var path = new List<string>();
        void Visit(string slice)
        {
            if (done.Contains(slice)) return;
            Assert.False(path.Contains(slice), "Cycle: " + string.Join(" → ", path.SkipWhile(s => s != slice).Append(slice)));
            path.Add(slice);
            foreach (var next in Allowed[slice]) Visit(next);
            path.RemoveAt(path.Count - 1);
            done.Add(slice);
        }
        foreach (var slice in Allowed.Keys) Visit(slice);
    }

    [Fact]
    public void The_architecture_document_draws_the_enforced_arrows_and_describes_every_slice()
    {
        var doc = File.ReadAllText(Path.Combine(MotCuaApp.RepoRoot(), "docs", "ARCHITECTURE.md"));
        var block = doc[doc.IndexOf("The arrows (a slice", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("under all:", StringComparison.Ordinal)];
        var drawn = Regex.Matches(block, @"^  (\w+) ─+► (.+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        var enforced = Allowed.Where(p => p.Key != Shared)
            .ToDictionary(p => p.Key, p => p.Value.Length == 0 ? "(no slice)" : string.Join(", ", p.Value));
        Assert.Equal(enforced.OrderBy(p => p.Key, StringComparer.Ordinal), drawn.OrderBy(p => p.Key, StringComparer.Ordinal));
        var described = Regex.Matches(doc, @"^\| (\w+) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(Allowed.ContainsKey).ToList();
        Assert.Equal(enforced.Keys.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
    }

    private sealed record Reference(string File, string From, string To, IReadOnlyList<string> Evidence);

    /// <summary>Every (file, its slice, another slice it names) with what names it: a using, a qualified name, a partial's
    /// path, or with the using, one of that slice's type names.</summary>
    private static List<Reference> References()
    {
        var typesOf = typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("MotCua.Web.Features.", StringComparison.Ordinal) == true && !t.Name.Contains('<'))
            .GroupBy(t => t.Namespace!.Split('.')[3])
            .ToDictionary(g => g.Key, g => g.Select(t => t.Name.Split('`')[0]).Distinct().ToList());
        var slices = Allowed.Keys.Where(k => k != Shared).ToList();
        var found = new List<Reference>();
        foreach (var from in Allowed.Keys)
            foreach (var file in SourcesOf(from))
            {
                var text = File.ReadAllText(file);
                foreach (var to in slices.Where(s => s != from))
                {
                    var names = typesOf.GetValueOrDefault(to, []);
                    var evidence = new List<string>();
                    var imports = Regex.IsMatch(text, $@"^\s*@?using MotCua\.Web\.Features\.{to}(\.\w+)*;?\s*$", RegexOptions.Multiline);
                    if (imports) evidence.Add($"using MotCua.Web.Features.{to}");
                    evidence.AddRange(Regex.Matches(text, $@"MotCua\.Web\.Features\.{to}\.\w+|/Features/{to}/[\w./]+").Select(m => m.Value));
                    evidence.AddRange(names.Where(n => Regex.IsMatch(text, $@"(?<![\w.]){to}\.{n}\b")).Select(n => $"{to}.{n}"));
                    if (imports) evidence.AddRange(names.Where(n => Regex.IsMatch(text, $@"(?<![\w.]){n}\b")));
                    if (evidence.Count > 0)
                        found.Add(new Reference(Path.GetRelativePath(Web, file), from, to, [.. evidence.Distinct().Order()]));
                }
            }
        return found;
    }

    /// <summary>The C# and Razor files of a slice, or of the shared code outside the slices.</summary>
    private static IEnumerable<string> SourcesOf(string slice)
    {
        static IEnumerable<string> Code(string dir, SearchOption depth) =>
            Directory.EnumerateFiles(dir, "*.cs", depth).Concat(Directory.EnumerateFiles(dir, "*.cshtml", depth));
        return slice == Shared
            ? Code(Path.Combine(Web, "Infrastructure"), SearchOption.AllDirectories)
                .Concat(Code(Path.Combine(Features, "Shared"), SearchOption.AllDirectories))
                .Concat(Code(Features, SearchOption.TopDirectoryOnly))
            : Code(Path.Combine(Features, slice), SearchOption.AllDirectories);
    }
}
