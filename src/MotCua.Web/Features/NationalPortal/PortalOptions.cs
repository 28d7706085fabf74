namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// The National Public Service Portal (Cổng DVCQG) as this province reaches it (configuration section <c>Motcua:Portal</c>,
/// appsettings or environment <c>Motcua__Portal__…</c>; docs/PORTAL.md). Every address and credential is here, none in
/// code: the portal is moving to another operator's data centre. Without <see cref="SyncUrl"/> nothing is synced: no
/// <c>dvcqg</c> rows are planned and there is no <c>dvcqg</c> target on this server.
/// </summary>
public sealed class PortalOptions
{
    /// <summary>Where DongBoHoSoMC envelopes are POSTed, e.g. <c>https://dichvucong.gov.vn/…/dvcqg/sync</c>.</summary>
    public string? SyncUrl { get; set; }

    /// <summary>Where CapNhatTienDoHoSoMC envelopes go when the portal gives progress an address of its own (Tan Dan's
    /// URLDongBoTienTrinh); <see cref="SyncUrl"/> when empty.</summary>
    public string? ProgressUrl { get; set; }

    /// <summary><c>None</c>, <c>Bearer</c> (client credentials at <see cref="TokenUrl"/>) or <c>ApiKey</c> (<c>X-Api-Key</c>).</summary>
    public string Auth { get; set; } = "Bearer";

    /// <summary>The OAuth 2.0 token endpoint (client credentials grant).</summary>
    public string? TokenUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>A file whose first line is the client secret; wins over <see cref="ClientSecret"/>.</summary>
    public string? ClientSecretFile { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>A file whose first line is the API key; wins over <see cref="ApiKey"/>.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>How long one call may take, in seconds (below the outbox worker's own time-out).</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>This server's public address as the portal reaches it (e.g. <c>https://motcua.hue.gov.vn</c>): the links to
    /// Mẫu 02, Mẫu 03 and results in the payloads start with it (<see cref="PortalLinks"/>); no links while unset.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a link the portal received opens its document, in days.</summary>
    public int LinkDays { get; set; } = 30;

    /// <summary>The origins pushed dossiers' files are fetched from (docs/PORTAL.md "Inbound files"): <c>https://host:port</c>,
    /// or a bare host for <c>https</c> on port 443; empty: the scheme, host and port of <see cref="SyncUrl"/>. A file URL
    /// on any other origin is refused, not fetched: a push must not make this server reach an address the push chose
    /// (<see cref="PortalFileTarget.IsOnPortal"/>).</summary>
    public string[]? FileHosts { get; set; }

    /// <summary>How long fetching a pushed file may go without receiving anything, in seconds: the portal's answer must
    /// start, and each next piece of the body arrive, within it, else the attempt fails as stalled and is retried. A slow
    /// transfer that keeps moving is not cut by it (see <see cref="FileAttemptSeconds"/>).</summary>
    public double FileTimeoutSeconds { get; set; } = 12;

    /// <summary>The longest one pushed file's fetch may take in all, in seconds: 600, so a 10 MB PDF (the file store's
    /// limit) arrives over a link of about 17 KB/s (a commune's weak line); the outbox worker applies it to these rows
    /// instead of its own time-out and holds their lease 30 seconds longer.</summary>
    public double FileAttemptSeconds { get; set; } = 600;

    /// <summary>Whether the portal is configured on this server.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(SyncUrl);

    /// <summary>The client secret: the file's first line when a file is named, else the value.</summary>
    public string? Secret() => Read(ClientSecretFile) ?? ClientSecret;

    /// <summary>The API key: the file's first line when a file is named, else the value.</summary>
    public string? Key() => Read(ApiKeyFile) ?? ApiKey;

    private static string? Read(string? file) => string.IsNullOrWhiteSpace(file) ? null : File.ReadLines(file).FirstOrDefault()?.Trim();
}
