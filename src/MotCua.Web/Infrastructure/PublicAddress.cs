namespace MotCua.Web.Infrastructure;

/// <summary>
/// The address links leaving the app start with (messages to citizens, officers' e-mailed notices): they are read away
/// from any request, so they cannot take the request's host.
/// </summary>
public static class PublicAddress
{
    /// <summary>
    /// <c>Motcua:PublicBaseUrl</c>; else the first address the app listens on (<c>MOTCUA_URLS</c>) unless it is a
    /// wildcard; else the demo's <c>http://127.0.0.1:5080</c>. Without a trailing slash.
    /// </summary>
    public static string Base(IConfiguration config)
    {
        if (config["Motcua:PublicBaseUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        var listening = config["MOTCUA_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return listening is not null && Uri.TryCreate(listening, UriKind.Absolute, out var uri) && uri.Host is not ("*" or "+" or "0.0.0.0" or "[::]")
            ? listening.TrimEnd('/')
            : "http://127.0.0.1:5080";
    }
}
