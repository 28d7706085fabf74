namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// VNeID (tài khoản định danh điện tử, Bộ Công an) as this deployment reaches it (configuration section <c>Motcua:VneId</c>,
/// docs/ADMINISTRATION.md): every address and credential is configuration, none in code. Without <see cref="Configured"/> the
/// sign-in page offers only the one-time code. The shape (authorisation code + PKCE S256, OpenID-Connect ID token RS256) is
/// MotCua's assumption: the real contract is not public [unverified].
/// </summary>
public sealed class VneIdOptions
{
    /// <summary>Where the browser is sent to sign in (<c>GET</c>, with <c>response_type=code</c>, state, nonce, PKCE).</summary>
    public string? AuthorizeUrl { get; set; }

    /// <summary>Where MotCua exchanges the code for the ID token (<c>POST</c>, form-encoded, client id and secret in the form).</summary>
    public string? TokenUrl { get; set; }

    /// <summary>The provider's key set (JWKS) that verifies ID tokens.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The <c>iss</c> an ID token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>MotCua's client id at VNeID: sent with every request and required in the token's <c>aud</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>MotCua's client secret, when given here rather than in <see cref="ClientSecretFile"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A file whose first line is the client secret; wins over <see cref="ClientSecret"/>.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>The scopes asked for.</summary>
    public string Scope { get; set; } = "openid profile phone";

    /// <summary>How long MotCua waits for the token endpoint or the key set, in seconds, before telling the citizen to use a code.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Whether VNeID sign-in is offered: every address and the client id are set.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(AuthorizeUrl) && !string.IsNullOrWhiteSpace(TokenUrl)
        && !string.IsNullOrWhiteSpace(JwksUrl) && !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The client secret: the file's first line when a file is named, else the value.</summary>
    public string? Secret() => string.IsNullOrWhiteSpace(ClientSecretFile) ? ClientSecret : File.ReadLines(ClientSecretFile).FirstOrDefault()?.Trim();
}
