// Parses the National Public Service Portal catalogue crawl, prints how well each field parsed, and writes the
// demo sample of commune- and province-level procedures that src/MotCua.Data/Seed embeds.
//
//   dotnet run --project tools/CatalogSample -- <dvcqg_tthc_central_2026.jsonl> <procedures.sample.json>
using System.Text;
using System.Text.Json;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CatalogSample <catalogue.jsonl> <sample.json>");
    return 2;
}

Console.OutputEncoding = Encoding.UTF8;
var (input, output) = (args[0], args[1]);

var parsed = new List<ParsedProcedure>();
var lineNo = 0;
foreach (var line in File.ReadLines(input))
{
    lineNo++;
    if (string.IsNullOrWhiteSpace(line)) continue;
    try
    {
        parsed.Add(NationalCatalogParser.ParseLine(line));
    }
    catch (JsonException e)
    {
        Console.Error.WriteLine($"line {lineNo}: not JSON ({e.Message}); skipped");
    }
}

PrintSummary(parsed);

var sample = SampleSelection.Select(parsed);
PrintSample(sample);

var json = JsonSerializer.Serialize<IReadOnlyList<ProcedureSpec>>(sample.Select(p => p.Parsed.Spec).ToList(), ProcedureCatalogJson.Options);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, json + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.WriteLine($"wrote {sample.Count} procedures to {output}");
return 0;

static void PrintSummary(List<ParsedProcedure> parsed)
{
    var full = parsed.Count(p => p.Quality == ParseQuality.Full);
    Console.WriteLine($"Parsed {parsed.Count} procedures: {full} fully, {parsed.Count - full} partly (at least one field kept as raw text).");
    Console.WriteLine();
    Console.WriteLine("Procedures per field (a procedure counts once per field and kind):");
    Console.WriteLine($"  {"field",-14} {"raw text kept",14} {"assumed",9} {"missing",9}");
    foreach (var field in CatalogField.All)
    {
        int Count(ParseIssueKind kind) => parsed.Count(p => p.Issues.Any(i => i.Field == field && i.Kind == kind));
        Console.WriteLine($"  {field,-14} {Count(ParseIssueKind.RawTextKept),14} {Count(ParseIssueKind.Assumed),9} {Count(ParseIssueKind.Missing),9}");
    }

    Console.WriteLine();
    Console.WriteLine("Reasons (procedures affected, with an example):");
    var reasons = parsed
        .SelectMany(p => p.Issues.Select(i => (p.Spec.Code, Issue: i, Reason: Generalise(i.Reason))))
        .GroupBy(x => (x.Issue.Field, x.Issue.Kind, x.Reason))
        .OrderBy(g => Array.IndexOf(CatalogField.All.ToArray(), g.Key.Field)).ThenBy(g => g.Key.Kind)
        .ThenByDescending(g => g.Select(x => x.Code).Distinct().Count());
    foreach (var g in reasons)
    {
        var first = g.First();
        Console.WriteLine($"  {g.Select(x => x.Code).Distinct().Count(),5}  {g.Key.Field} / {g.Key.Kind}: {g.Key.Reason}");
        Console.WriteLine($"         e.g. {first.Code}: {Excerpt(first.Issue.RawText)}");
    }
    Console.WriteLine();
}

static void PrintSample(List<SampleSelection.Pick> sample)
{
    Console.WriteLine($"Demo sample: {sample.Count} procedures");
    foreach (var group in sample.GroupBy(p => p.Category))
    {
        Console.WriteLine($"  {group.Key} ({group.Count()}):");
        foreach (var p in group)
        {
            var s = p.Parsed.Spec;
            var direct = s.Channels.First(c => c.Channel == Channel.Direct);
            var fee = direct.Fee is { } f ? $"{f:#,0} đ" : "fee: see text";
            Console.WriteLine($"    {s.Code} [{s.Levels}] {Excerpt(s.Name, 70)} | {direct.TimeLimit} | {fee} | {s.Documents.Count} docs | {p.Parsed.Quality}");
        }
    }
    Console.WriteLine();
}

static string Generalise(string reason)
{
    var s = System.Text.RegularExpressions.Regex.Replace(reason, @"\d+ times", "several times");
    return System.Text.RegularExpressions.Regex.Replace(s, @" \(""[^""]*""\)", "");
}

static string Excerpt(string text, int max = 140)
{
    var s = text.Replace('\n', ' ');
    return s.Length <= max ? s : s[..max] + "…";
}
