using System.Runtime.CompilerServices;
using System.Text.Json;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>The checked-in demo sample src/MotCua.Data/Seed/procedures.sample.json (written by tools/CatalogSample).</summary>
public class ProcedureSampleTests
{
    private const string SamplePath = "src/MotCua.Data/Seed/procedures.sample.json";

    private static string SampleText() => File.ReadAllText(Path.Combine(RepoRoot(), SamplePath));

    private static IReadOnlyList<ProcedureSpec> Sample() =>
        JsonSerializer.Deserialize<IReadOnlyList<ProcedureSpec>>(SampleText(), ProcedureCatalogJson.Options)!;

    [Fact]
    public void Sample_deserialises_and_has_at_least_forty_procedures()
    {
        var sample = Sample();

        Assert.True(sample.Count >= 40, $"only {sample.Count} procedures");
        Assert.Equal(sample.Count, sample.Select(p => p.Code).Distinct().Count());
        Assert.All(sample, p => Assert.True((p.Levels & (ProcedureLevel.Commune | ProcedureLevel.Province)) != 0, p.Code));
    }

    [Fact]
    public void Sample_includes_birth_registration_with_documents_and_a_desk_time_limit()
    {
        var birth = Assert.Single(Sample(), p => p.Code == "1.001193");

        Assert.Equal("Thủ tục đăng ký khai sinh", birth.Name);
        Assert.NotEmpty(birth.Documents);
        var direct = Assert.Single(birth.Channels, c => c.Channel == Channel.Direct);
        Assert.NotNull(direct.TimeLimit);
    }

    [Fact]
    public void Every_sample_procedure_has_a_direct_channel_with_a_time_limit()
    {
        // The three authentications of the official books are published without one; the demo seeds Nghị định 23/2015's
        // (CatalogDemo.WithDemoForm, docs/REGISTERS.md), so they are exempt here, and only while the catalogue has none.
        string[] fromDecree = [MotCua.Domain.Registers.OfficialBooks.CopyCode, MotCua.Domain.Registers.OfficialBooks.SignatureCode, MotCua.Domain.Registers.OfficialBooks.ContractCode];
        Assert.All(Sample(), p =>
            Assert.True(p.Channels.Any(c => c.Channel == Channel.Direct && c.TimeLimit is not null) != fromDecree.Contains(p.Code),
                $"{p.Code}: a desk time limit is expected from the catalogue, or (authentications) from the decree only"));
    }

    [Fact]
    public void Sample_covers_the_desk_fields()
    {
        var fields = Sample().Select(p => p.Field).ToHashSet();

        Assert.Contains("Hộ tịch", fields);
        Assert.Contains("Chứng thực", fields);
        Assert.Contains("Đất đai", fields);
        Assert.Contains("Hoạt động xây dựng", fields);
        Assert.Contains("Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", fields);
        Assert.Contains("Giảm nghèo", fields);
    }

    [Fact]
    public void Sample_is_exactly_what_the_serializer_writes()
    {
        var text = SampleText();

        var again = JsonSerializer.Serialize(Sample(), ProcedureCatalogJson.Options) + "\n";

        Assert.Equal(text.ReplaceLineEndings("\n"), again);
    }

    /// <summary>The repository root: up from the test assembly, or (with --artifacts-path elsewhere) up from this source file.</summary>
    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile)! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MotCua.slnx"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"MotCua.slnx not found above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
