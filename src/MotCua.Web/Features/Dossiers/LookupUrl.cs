namespace MotCua.Web.Features.Dossiers;

/// <summary>Public addresses printed as QR codes; <c>Motcua:PublicBaseUrl</c> wins over the request's own host.</summary>
public static class LookupUrl
{
    /// <summary>The status lookup, on receipts (Mẫu 01).</summary>
    public static string For(HttpRequest request, string code) => $"{BaseOf(request)}/tra-cuu?ma={Uri.EscapeDataString(code)}";

    /// <summary>Issue 17: the rating page of Mẫu 01's QR, with the dossier's code and rating token (channel <c>qr</c>).</summary>
    public static string Rating(HttpRequest request, string code, string token) =>
        $"{BaseOf(request)}/danh-gia?ma={Uri.EscapeDataString(code)}&t={Uri.EscapeDataString(token)}&kenh=qr";

    /// <summary>The verification page, on signed results.</summary>
    public static string Verify(HttpRequest request, string code) => $"{BaseOf(request)}/xac-thuc?ma={Uri.EscapeDataString(code)}";

    /// <summary>Issue 14, receipts: the public verification page of an e-receipt, the QR printed on it.</summary>
    public static string ReceiptVerify(HttpRequest request, string token) => $"{BaseOf(request)}/xac-thuc/bien-lai/{Uri.EscapeDataString(token)}";

    private static string BaseOf(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Motcua:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
    }
}
