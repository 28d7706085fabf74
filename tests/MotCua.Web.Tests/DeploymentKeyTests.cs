using Microsoft.Extensions.Configuration;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>The deployment key created on the first start (Infrastructure/DeploymentKey.cs).</summary>
public sealed class DeploymentKeyTests
{
    [Fact]
    public async Task Instances_starting_together_on_an_empty_folder_all_load_the_one_key_written_whole()
    {
        var folder = Path.Combine(Path.GetTempPath(), "motcua-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Motcua:DataFolder"] = folder }).Build();
            using var start = new Barrier(16);
            var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return DeploymentKey.Load(config).Id;
            }, TaskCreationOptions.LongRunning)));
            Assert.Single(ids.Distinct());
            Assert.Equal(ids[0], DeploymentKey.Load(config).Id);
            Assert.Equal(["deployment.key"], Directory.GetFiles(folder).Select(Path.GetFileName));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "deployment.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
