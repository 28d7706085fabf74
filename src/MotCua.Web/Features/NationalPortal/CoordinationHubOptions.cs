using Microsoft.Extensions.Options;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// The coordination hub (Hệ thống điều phối) as this province reaches it (configuration section
/// <c>Motcua:CoordinationHub</c>, appsettings or environment <c>Motcua__CoordinationHub__…</c>; docs/PORTAL.md
/// "Configuration: the coordination hub"). Issue 16: every endpoint and credential of the hub is configuration, because the
/// inter-agency birth and death software moves into it from 1 January 2027 (Nghị định 301/2026, as reported).
/// <b>Configuration and its validation only</b>: its protocol is not published, so MotCua sends nothing to it yet and
/// invents none; an enabled hub is only checked at start-up and named on <c>/readyz</c>.
/// </summary>
public sealed class CoordinationHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Motcua:CoordinationHub";

    /// <summary>Whether this server is to use the hub; false (the default): the rest is not read or checked.</summary>
    public bool Enabled { get; set; }

    /// <summary>The hub's base address, absolute http or https (https unless the host is this machine).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The client id the hub issued to the province.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret; <see cref="ClientSecretFile"/> wins when set.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A file whose first line is the client secret (kept out of appsettings).</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>What is wrong with an enabled hub's configuration, each naming its key, in Vietnamese; empty when it is
    /// disabled or well formed.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (!Enabled) return [];
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BaseUrl))
            problems.Add($"{Section}:BaseUrl: thiếu địa chỉ Hệ thống điều phối.");
        else if (!Uri.TryCreate(BaseUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            problems.Add($"{Section}:BaseUrl: \"{BaseUrl}\" không phải địa chỉ http(s) tuyệt đối.");
        else if (url.Scheme == "http" && !url.IsLoopback)
            problems.Add($"{Section}:BaseUrl: địa chỉ ngoài máy này phải dùng https.");
        if (string.IsNullOrWhiteSpace(ClientId)) problems.Add($"{Section}:ClientId: thiếu mã ứng dụng do Hệ thống điều phối cấp.");
        if (!string.IsNullOrWhiteSpace(ClientSecretFile))
        {
            if (!File.Exists(ClientSecretFile)) problems.Add($"{Section}:ClientSecretFile: không có tệp \"{ClientSecretFile}\".");
            else if (string.IsNullOrWhiteSpace(File.ReadLines(ClientSecretFile).FirstOrDefault())) problems.Add($"{Section}:ClientSecretFile: dòng đầu của tệp trống.");
        }
        else if (string.IsNullOrWhiteSpace(ClientSecret)) problems.Add($"{Section}:ClientSecret: thiếu khóa bí mật (hoặc ClientSecretFile).");
        return problems;
    }
}

/// <summary>Refuses to start a server whose enabled coordination hub is misconfigured (every problem named with its key).</summary>
public sealed class CoordinationHubValidation : IValidateOptions<CoordinationHubOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordinationHubOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>For <c>/readyz</c>: an enabled hub is named with its host and the fact that nothing is exchanged with it yet.</summary>
public sealed class CoordinationHubReadiness(IOptions<CoordinationHubOptions> options) : IReadinessNote
{
    public string? Note => options.Value.Enabled && Uri.TryCreate(options.Value.BaseUrl?.Trim(), UriKind.Absolute, out var url)
        ? $"Hệ thống điều phối: đã cấu hình ({url.Host}); chưa trao đổi dữ liệu (giao thức chưa công bố, chỉ cấu hình)."
        : null;
}
