namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>
/// The national population database (CSDL quốc gia về dân cư) as this province reaches it (configuration section
/// <c>Motcua:Population</c>, docs/POPULATION.md): every address and credential is configuration, none in code. Without
/// <see cref="Url"/> every lookup answers "not configured" and the desk works by hand.
/// </summary>
public sealed class PopulationOptions
{
    /// <summary>The service's base address, e.g. <c>https://lgsp.example.gov.vn/csdl-dan-cu/</c>; the lookup is
    /// <c>POST {Url}api/cong-dan/tra-cuu</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The API key sent as <c>X-Api-Key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file whose first line is the API key; wins over <see cref="ApiKey"/>.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>How long the desk waits for an answer, in seconds, before going on by hand.</summary>
    public double TimeoutSeconds { get; set; } = 3;

    /// <summary>Whether the database is configured on this server.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The API key: the file's first line when a file is named, else the value.</summary>
    public string? Key() => string.IsNullOrWhiteSpace(ApiKeyFile) ? ApiKey : File.ReadLines(ApiKeyFile).FirstOrDefault()?.Trim();
}
