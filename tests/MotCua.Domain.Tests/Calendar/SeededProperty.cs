using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>
/// Runs a property with a fresh seed and prints it, so a failure found by chance can be replayed exactly:
/// <c>MOTCUA_PROPERTY_SEED="seed,gamma" dotnet test --filter …</c> runs the same cases again.
/// </summary>
internal static class SeededProperty
{
    public const string SeedVariable = "MOTCUA_PROPERTY_SEED";

    public static void Check<T>(ITestOutputHelper output, Gen<T> gen, Func<T, bool> property, int runs = 2000)
    {
        var (seed, gamma) = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? (ulong.Parse(given.Split(',')[0], CultureInfo.InvariantCulture), ulong.Parse(given.Split(',')[1], CultureInfo.InvariantCulture))
            : ((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64() | 1); // the gamma of a split-mix generator is odd
        output.WriteLine($"{SeedVariable}={seed},{gamma}");
        try
        {
            FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs).WithReplay(seed, gamma), Prop.ForAll(gen.ToArbitrary(), property));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"Replay with {SeedVariable}={seed},{gamma}\n{e.Message}");
        }
    }
}
