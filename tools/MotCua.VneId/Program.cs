using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MotCua.PopulationRegistry;
using MotCua.VneId;

// A simulator of VNeID (tài khoản định danh điện tử, Bộ Công an) as MotCua's citizen sign-in reaches it (issue 17,
// docs/design/ISSUE17.md §4, docs/SECURITY.md "Citizen sign-in"), run as a process of its own by the tests (VneIdProcess)
// and by ./run.sh's demo. Its people are the population simulator's (the same generator, VneId:Seed and VneId:People as
// Registry:Seed and Registry:People), so a citizen signed in here is found in the population database with the same CCCD
// and name. OpenID-Connect shaped: GET /authorize (a page: pick a person or type CCCD + passcode 123456, Đồng ý / Từ
// chối), POST /token (authorisation code + PKCE S256, client id and secret), GET /jwks (an RSA key made at start),
// GET /userinfo, GET /.well-known/openid-configuration; for tests GET /sign-ins, POST /people and POST /control. The real
// service's contract is not public: this shape is MotCua's assumption [unverified].
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("VneId");
var people = People.Make(Path.Combine(AppContext.BaseDirectory, "data"), settings.GetValue("Seed", 16), settings.GetValue("People", 1000));
var clientId = settings["ClientId"];
var clientSecret = settings["ClientSecret"];
var state = new VneIdState(people);
var app = builder.Build();

string Issuer(HttpContext http) => settings["Issuer"] is { Length: > 0 } configured ? configured : $"{http.Request.Scheme}://{http.Request.Host}";

app.MapGet("/health", () => Results.Json(new { status = "ok", people = people.Count }));

// The first people in the generator's order, as VNeID's identity claims would name them.
app.MapGet("/people", (int? take) => take is < 1 or > 1000
    ? Results.Json(new { error = "invalid_request", message = "take từ 1 đến 1000." }, statusCode: 400)
    : Results.Json(state.Take(take ?? 20).Select(p => Claims(p, state))));

app.MapPost("/people", (PersonRequest body) =>
{
    if (body.Sub is not { Length: 12 } || !body.Sub.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(body.Name)
        || !DateOnly.TryParseExact(body.Birthdate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        return Results.Json(new { error = "invalid_request", message = "sub 12 chữ số, name, birthdate yyyy-MM-dd." }, statusCode: 400);
    var person = new Person(body.Sub, body.Name.Trim(), born, body.Gender == "female" ? "Nữ" : "Nam", "", []);
    state.Add(person, body.PhoneNumber);
    return Results.Json(Claims(person, state), statusCode: 201);
});

app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
{
    var issuer = Issuer(http);
    return Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + "/authorize",
        ["token_endpoint"] = issuer + "/token",
        ["jwks_uri"] = issuer + "/jwks",
        ["userinfo_endpoint"] = issuer + "/userinfo",
        ["response_types_supported"] = new[] { "code" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile", "phone" },
        ["claims_supported"] = new[] { "sub", "name", "birthdate", "gender", "phone_number", "acr" },
    });
});

app.MapGet("/authorize", async (HttpContext http, CancellationToken ct) =>
{
    if (await state.InterfereAsync(ct)) { Outage(http); return Results.Empty; }
    var request = AuthorizeRequest.From(http.Request.Query);
    if (request.Problem(clientId) is { } problem) return Html(ErrorPage(problem), 400);
    if (state.Mode == "deny")
    {
        state.Record(new SignInEvent(DateTimeOffset.UtcNow, null, request.ClientId, "denied"));
        return Results.Redirect(request.Back("error=access_denied"));
    }
    return Html(ConsentPage(request, state.Take(20), null), 200);
});

app.MapPost("/authorize", async (HttpContext http, CancellationToken ct) =>
{
    if (await state.InterfereAsync(ct)) { Outage(http); return Results.Empty; }
    var form = await http.Request.ReadFormAsync(ct);
    var request = AuthorizeRequest.From(form);
    if (request.Problem(clientId) is { } problem) return Html(ErrorPage(problem), 400);
    var sub = form["sub"].ToString().Trim();
    if (form["decision"] != "approve" || state.Mode == "deny")
    {
        state.Record(new SignInEvent(DateTimeOffset.UtcNow, sub.Length == 0 ? null : sub, request.ClientId, "denied"));
        return Results.Redirect(request.Back("error=access_denied"));
    }
    if (state.Find(sub) is not { } person || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(form["passcode"].ToString()), Encoding.UTF8.GetBytes(VneIdState.Passcode)))
    {
        state.Record(new SignInEvent(DateTimeOffset.UtcNow, sub, request.ClientId, "wrong-passcode"));
        return Html(ConsentPage(request, state.Take(20), "Số định danh hoặc mật khẩu không đúng."), 400);
    }
    var code = state.Issue(new Grant(request.ClientId!, request.RedirectUri!, person.IdNumber, request.Nonce, request.Challenge!, DateTimeOffset.UtcNow.AddMinutes(2)));
    state.Record(new SignInEvent(DateTimeOffset.UtcNow, person.IdNumber, request.ClientId, "approved"));
    return Results.Redirect(request.Back("code=" + Uri.EscapeDataString(code)));
});

app.MapPost("/token", async (HttpContext http, CancellationToken ct) =>
{
    if (await state.InterfereAsync(ct)) { Outage(http); return Results.Empty; }
    if (!http.Request.HasFormContentType) return TokenError("invalid_request", "Cần application/x-www-form-urlencoded.", 400);
    var form = await http.Request.ReadFormAsync(ct);
    var (id, secret) = ClientCredentials(http, form);
    if (string.IsNullOrEmpty(clientId) || id != clientId || secret is null
        || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(clientSecret ?? "")))
    {
        state.Record(new SignInEvent(DateTimeOffset.UtcNow, null, id, "token-refused:invalid_client"));
        return TokenError("invalid_client", "Sai mã ứng dụng hoặc khóa bí mật.", 401);
    }
    if (form["grant_type"] != "authorization_code") return TokenError("unsupported_grant_type", "Chỉ hỗ trợ authorization_code.", 400);
    var grant = state.Redeem(form["code"], DateTimeOffset.UtcNow);
    var verifier = form["code_verifier"].ToString();
    string? refusal = grant is null ? "mã không tồn tại, đã dùng hoặc hết hạn"
        : grant.ClientId != id ? "mã của ứng dụng khác"
        : grant.RedirectUri != form["redirect_uri"] ? "redirect_uri khác với lúc cấp mã"
        : verifier.Length is < 43 or > 128 || VneIdState.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge ? "code_verifier không khớp code_challenge"
        : null;
    if (refusal is not null)
    {
        state.Record(new SignInEvent(DateTimeOffset.UtcNow, grant?.Sub, id, "token-refused:invalid_grant"));
        return TokenError("invalid_grant", refusal, 400);
    }
    var person = state.Find(grant!.Sub)!;
    var now = DateTimeOffset.UtcNow;
    state.Record(new SignInEvent(now, person.IdNumber, id, "token"));
    return Results.Json(new Dictionary<string, object>
    {
        ["access_token"] = state.NewAccessToken(person.IdNumber, now.AddMinutes(5)),
        ["token_type"] = "Bearer",
        ["expires_in"] = 300,
        ["scope"] = "openid profile phone",
        ["id_token"] = state.IdToken(person, Issuer(http), id!, grant.Nonce, now),
    });
});

app.MapGet("/jwks", async (HttpContext http, CancellationToken ct) =>
{
    if (await state.InterfereAsync(ct)) { Outage(http); return Results.Empty; }
    var key = state.Key.ExportParameters(false);
    return Results.Json(new
    {
        keys = new[]
        {
            new { kty = "RSA", use = "sig", alg = "RS256", kid = state.KeyId, n = VneIdState.Base64Url(key.Modulus!), e = VneIdState.Base64Url(key.Exponent!) },
        },
    });
});

app.MapGet("/userinfo", async (HttpContext http, CancellationToken ct) =>
{
    if (await state.InterfereAsync(ct)) { Outage(http); return Results.Empty; }
    var header = http.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || state.SubOfAccessToken(header[7..].Trim(), DateTimeOffset.UtcNow) is not { } sub
        || state.Find(sub) is not { } person)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Results.Json(new { error = "invalid_token" }, statusCode: 401);
    }
    return Results.Json(Claims(person, state));
});

app.MapGet("/sign-ins", () => Results.Json(state.Events()));

app.MapPost("/control", (ControlRequest body) => state.Control(body.Mode, body.DelayMs, body.Tamper) is { } answer
    ? Results.Json(answer)
    : Results.Json(new { error = "invalid_control", message = "mode: normal, outage, slow (delayMs), deny; tamper: none, forged, expired, nonce, audience, issuer, unsigned." }, statusCode: 400));

app.Run();

// An outage: the connection is closed without an answer, as when the real service is down behind its load balancer.
void Outage(HttpContext http)
{
    state.Record(new SignInEvent(DateTimeOffset.UtcNow, null, null, "outage"));
    http.Abort();
}

static Dictionary<string, string> Claims(Person p, VneIdState state) => new()
{
    ["sub"] = p.IdNumber,
    ["name"] = p.FullName,
    ["birthdate"] = p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    ["gender"] = p.Sex == "Nữ" ? "female" : "male",
    ["phone_number"] = state.PhoneOf(p),
};

static (string? Id, string? Secret) ClientCredentials(HttpContext http, IFormCollection form)
{
    var header = http.Request.Headers.Authorization.ToString();
    if (header.StartsWith("Basic ", StringComparison.Ordinal))
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
            if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        catch (FormatException) { }
        return (null, null);
    }
    return (form["client_id"].ToString(), form["client_secret"].ToString());
}

static IResult TokenError(string error, string description, int status) =>
    Results.Json(new { error, error_description = description }, statusCode: status);

static IResult Html(string body, int status) => Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, status);

static string Page(string title, string body) => $"""
    <!DOCTYPE html>
    <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{WebUtility.HtmlEncode(title)} · VNeID giả lập</title>
    <style>body{"{"}font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem{"}"}button{"{"}min-height:44px;margin:.25rem 0{"}"}
    input{"{"}display:block;min-height:44px;width:100%;margin-bottom:.5rem{"}"}table{"{"}border-collapse:collapse;width:100%{"}"}td,th{"{"}border-bottom:1px solid #ccc;padding:.25rem;text-align:left{"}"}
    .loi{"{"}color:#a00{"}"}</style></head>
    <body><header><strong>VNeID giả lập</strong> · chỉ dùng để thử, không phải dịch vụ của Bộ Công an</header><main>{body}</main></body></html>
    """;

static string ErrorPage(string problem) => Page("Yêu cầu không hợp lệ", $"<h1>Yêu cầu đăng nhập không hợp lệ</h1><p class=\"loi\">{WebUtility.HtmlEncode(problem)}</p>");

static string ConsentPage(AuthorizeRequest request, IReadOnlyList<Person> people, string? error)
{
    var hidden = request.Hidden();
    var rows = new StringBuilder();
    foreach (var p in people)
        rows.Append(CultureInfo.InvariantCulture, $"""
            <tr><td>{p.IdNumber}</td><td>{WebUtility.HtmlEncode(p.FullName)}</td><td><form method="post" action="/authorize">{hidden}
            <input type="hidden" name="sub" value="{p.IdNumber}"><input type="hidden" name="passcode" value="{VneIdState.Passcode}">
            <button name="decision" value="approve">Đồng ý</button></form></td></tr>
            """);
    return Page("Đăng nhập", $"""
        <h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
        <p>Ứng dụng <strong>{WebUtility.HtmlEncode(request.ClientId)}</strong> xin xác thực danh tính của bạn (số định danh, họ tên, ngày sinh, số điện thoại).</p>
        {(error is null ? "" : $"<p class=\"loi\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}
        <form method="post" action="/authorize">{hidden}
          <label for="sub">Số định danh cá nhân</label><input id="sub" name="sub" inputmode="numeric" maxlength="12">
          <label for="passcode">Mật khẩu (mọi người thử: {VneIdState.Passcode})</label><input id="passcode" name="passcode" type="password">
          <button name="decision" value="approve">Đồng ý</button> <button name="decision" value="deny">Từ chối</button>
        </form>
        <h2>Người dùng thử</h2>
        <table><thead><tr><th>Số định danh</th><th>Họ và tên</th><th></th></tr></thead><tbody>{rows}</tbody></table>
        """);
}

internal sealed record PersonRequest(string? Sub, string? Name, string? Birthdate, string? Gender, string? PhoneNumber);
internal sealed record ControlRequest(string? Mode, int? DelayMs, string? Tamper);

/// <summary>The parameters of an authorisation request (query of GET /authorize, hidden fields of its POST).</summary>
internal sealed record AuthorizeRequest(string? ResponseType, string? ClientId, string? RedirectUri, string? Scope, string? State,
    string? Nonce, string? Challenge, string? ChallengeMethod)
{
    public static AuthorizeRequest From(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var map = values.ToDictionary(v => v.Key, v => (string?)v.Value.ToString());
        return new(map.GetValueOrDefault("response_type"), map.GetValueOrDefault("client_id"), map.GetValueOrDefault("redirect_uri"),
            map.GetValueOrDefault("scope"), map.GetValueOrDefault("state"), map.GetValueOrDefault("nonce"),
            map.GetValueOrDefault("code_challenge"), map.GetValueOrDefault("code_challenge_method"));
    }

    /// <summary>Why the request cannot be served (shown on the simulator's page, never sent to an unchecked address).</summary>
    public string? Problem(string? expectedClient) =>
        ResponseType != "code" ? "response_type phải là code."
        : string.IsNullOrEmpty(ClientId) || ClientId != expectedClient ? "client_id không được đăng ký."
        : !Uri.TryCreate(RedirectUri, UriKind.Absolute, out var to) || to.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(to.Fragment) ? "redirect_uri không hợp lệ."
        : Scope is null || !Scope.Split(' ').Contains("openid") ? "scope phải có openid."
        : string.IsNullOrEmpty(State) ? "Thiếu state."
        : string.IsNullOrEmpty(Challenge) || ChallengeMethod != "S256" ? "Cần PKCE: code_challenge với code_challenge_method=S256."
        : null;

    /// <summary>The redirect back to the client with <paramref name="result"/> (<c>code=…</c> or <c>error=…</c>) and the state.</summary>
    public string Back(string result) =>
        RedirectUri + (RedirectUri!.Contains('?', StringComparison.Ordinal) ? "&" : "?") + result + "&state=" + Uri.EscapeDataString(State!);

    public string Hidden()
    {
        var fields = new (string Name, string? Value)[]
        {
            ("response_type", ResponseType), ("client_id", ClientId), ("redirect_uri", RedirectUri), ("scope", Scope), ("state", State),
            ("nonce", Nonce), ("code_challenge", Challenge), ("code_challenge_method", ChallengeMethod),
        };
        return string.Concat(fields.Where(f => f.Value is not null).Select(f => $"<input type=\"hidden\" name=\"{f.Name}\" value=\"{WebUtility.HtmlEncode(f.Value)}\">"));
    }
}
