namespace MotCua.Web.Features.Dossiers;

/// <summary>The public lookup address printed as a QR code; <c>Motcua:PublicBaseUrl</c> wins over the request's own host.</summary>
public static class LookupUrl
{
    public static string For(HttpRequest request, string code)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Motcua:PublicBaseUrl"];
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
        return $"{baseUrl}/tra-cuu?ma={Uri.EscapeDataString(code)}";
    }
}
