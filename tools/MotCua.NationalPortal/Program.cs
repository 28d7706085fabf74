using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.NationalPortal;

// A simulator of the National Public Service Portal (Cổng DVCQG) as the province's one-stop system sees it (docs/PORTAL.md),
// run as a process of its own by the tests (NationalPortalProcess) and by ./run.sh's demo: it issues bearer tokens
// (POST /oauth/token, client credentials), takes DongBoHoSoMC and CapNhatTienDoHoSoMC envelopes (POST /dvcqg/sync),
// checks every field as the portal would against the field list it loads at start (Portal:FieldList), keeps what it
// received (GET /received, GET /dossiers/{code}, DELETE /received) and fails, slows down, refuses or goes away on command
// (POST /control); it holds and serves pushed dossiers' files (PUT and GET /tep/{name}, PortalFiles); it pushes invented online dossiers to the system on command (POST /control/push, PortalPush). It de-duplicates on X-Message-Id: an accepted message sent again is answered as before, not applied twice.
var builder = WebApplication.CreateBuilder(args);
var fieldListPath = builder.Configuration["Portal:FieldList"] ?? "dvcqg_dossier_sync_fields.json";
if (!Path.IsPathRooted(fieldListPath)) fieldListPath = Path.Combine(AppContext.BaseDirectory, fieldListPath);
builder.Services.AddSingleton(new PortalState(FieldList.Load(fieldListPath)));
builder.Services.AddSingleton<PortalFiles>();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = PortalFiles.MaxBytes);
builder.Services.AddHttpClient();
var app = builder.Build();
var settings = app.Configuration.GetSection("Portal");

app.MapGet("/health", () => Results.Json(new { status = "ok" }));

app.MapPost("/oauth/token", async (HttpRequest request, PortalState state) =>
{
    string? id, secret;
    if (request.HasFormContentType)
    {
        var form = await request.ReadFormAsync();
        (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (form["grant_type"] != "client_credentials") return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
    }
    else
    {
        var body = await ReadAsync(request, request.HttpContext.RequestAborted);
        (id, secret) = (body?["client_id"]?.GetValue<string>(), body?["client_secret"]?.GetValue<string>());
    }
    if (id != settings["ClientId"] || secret != settings["ClientSecret"])
        return Results.Json(new { error = "invalid_client", error_description = "Sai mã ứng dụng hoặc khóa bí mật." }, statusCode: 401);
    return Results.Json(new { access_token = state.IssueToken(), token_type = "Bearer", expires_in = settings.GetValue("TokenMinutes", 60) * 60 });
});

app.MapPost("/dvcqg/sync", async (HttpContext http, PortalState state, CancellationToken ct) =>
{
    var (abort, status, retryAfter) = await state.InterfereAsync(ct);
    if (abort is not null)
    {
        http.Abort();
        return Results.Empty;
    }
    if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    if (status is { } failing and not 401)
        return Results.Json(new { error_code = failing.ToString(CultureInfo.InvariantCulture), message = "Hệ thống Cổng DVCQG đang bận, vui lòng thử lại sau." }, statusCode: failing);
    if (status == 401 || !Authorized(http.Request, state))
        return Results.Json(new { error_code = "401", message = "Token không hợp lệ hoặc đã hết hạn." }, statusCode: 401);
    var body = await ReadAsync(http.Request, ct);
    var call = state.Receive(body, http.Request.Headers["X-Message-Id"].FirstOrDefault());
    return Results.Json(new { error_code = call.ErrorCode, message = call.Message });
});

app.MapGet("/received", (string? code, PortalState state) => Results.Json(state.Calls(code)));
app.MapDelete("/received", (PortalState state) =>
{
    state.Clear();
    return Results.NoContent();
});
app.MapGet("/dossiers/{code}", (string code, PortalState state) => state.Dossier(code) is { } d ? Results.Json(d) : Results.NotFound());

app.MapPut("/tep/{**name}", async (string name, HttpRequest request, PortalFiles files, CancellationToken ct) =>
{
    using var copy = new MemoryStream();
    await request.Body.CopyToAsync(copy, ct);
    files.Put(name, copy.ToArray());
    return Results.Json(new { name, size = copy.Length, url = new Uri(new Uri($"{request.Scheme}://{request.Host}"), "/tep/" + name) });
});

// A pushed dossier's file as the portal serves it: through the same outages and errors as the sync, with the token.
app.MapGet("/tep/{**name}", async (string name, HttpContext http, PortalState state, PortalFiles files, CancellationToken ct) =>
{
    var (abort, status, retryAfter) = await state.InterfereAsync(ct);
    if (abort is not null)
    {
        http.Abort();
        return Results.Empty;
    }
    if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    if (status is { } failing and not 401) return Results.Json(new { error_code = failing.ToString(CultureInfo.InvariantCulture), message = "Hệ thống Cổng DVCQG đang bận." }, statusCode: failing);
    if (status == 401 || !Authorized(http.Request, state)) return Results.Json(new { error_code = "401", message = "Token không hợp lệ hoặc đã hết hạn." }, statusCode: 401);
    if (files.Get(name) is not { } content) return Results.Json(new { error_code = "404", message = "Không có tệp." }, statusCode: 404);
    var (rate, stallAfter) = state.FilePace();
    if (rate is null && stallAfter is null) return Results.Bytes(content, "application/octet-stream");
    await PortalFiles.SendPacedAsync(http.Response, content, rate, stallAfter, ct);
    return Results.Empty;
});

// A command it cannot carry out is a 400 with a Vietnamese message (trial 14v LOW 1: a numeric paid[].amount was a 500).
app.MapPost("/control/push", async (HttpRequest request, PortalState state, PortalFiles files, IHttpClientFactory clients, CancellationToken ct) =>
{
    try
    {
        return await PortalPush.RunAsync(await ReadAsync(request, ct), state, files, new Uri($"{request.Scheme}://{request.Host}"), clients.CreateClient(), ct) is { } pushed
            ? Results.Json(pushed)
            : Results.Json(new { error = "invalid_push", message = "Cần url (địa chỉ hệ thống một cửa), apiKey và count từ 1 đến 100." }, statusCode: 400);
    }
    catch (PortalPush.Refusal refusal)
    {
        return Results.Json(new { error = "invalid_push", message = refusal.Message }, statusCode: 400);
    }
});

app.MapPost("/control", async (HttpRequest request, PortalState state, CancellationToken ct) =>
{
    var answer = state.Control(await ReadAsync(request, ct));
    return answer is null
        ? Results.Json(new { error = "invalid_control", message = "mode phải là normal, outage, slow, error, refuse, unauthorized, expire, trickle (bytesPerSecond > 0) hoặc stall (afterBytes ≥ 0)." }, statusCode: 400)
        : Results.Json(answer);
});

app.Run();

// No client id configured: the simulator takes calls without a token (a portal reached through a gateway that authenticates).
bool Authorized(HttpRequest request, PortalState state) =>
    string.IsNullOrEmpty(settings["ClientId"])
    || request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) && state.IsToken(header["Bearer ".Length..]);

static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken ct)
{
    try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject; }
    catch (JsonException) { return null; }
}
