using System.Globalization;
using MotCua.PopulationRegistry;

// A simulator of the national population database (CSDL quốc gia về dân cư) as a province's one-stop system reaches it
// (docs/POPULATION.md), run as a process of its own by the tests (PopulationRegistryProcess) and by ./run.sh's demo. It
// holds invented people made deterministically from Registry:Seed and Registry:People, answers
// POST /api/cong-dan/tra-cuu {soDinhDanh, mucDich, canBo} with the X-Api-Key header (Registry:ApiKey), lists people for
// tests (GET /people, POST /people), keeps who asked and why (GET /lookups) and goes away, slows down or fails on command
// (POST /control). The real service's contract is not public: this one is MotCua's assumption (docs/POPULATION.md).
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("Registry");
var people = People.Make(Path.Combine(AppContext.BaseDirectory, "data"), settings.GetValue("Seed", 16), settings.GetValue("People", 1000));
builder.Services.AddSingleton(new RegistryState(people));
var app = builder.Build();

app.MapGet("/health", () => Results.Json(new { status = "ok" }));

app.MapPost("/api/cong-dan/tra-cuu", async (HttpContext http, RegistryState state, CancellationToken ct) =>
{
    var (abort, status) = await state.InterfereAsync(ct);
    if (abort)
    {
        state.Record(new Lookup(DateTimeOffset.UtcNow, null, null, null, "outage"));
        http.Abort();
        return Results.Empty;
    }
    if (status is { } failing)
    {
        state.Record(new Lookup(DateTimeOffset.UtcNow, null, null, null, "error"));
        return Results.Json(new { ma = "LOI_HE_THONG", thongBao = "Hệ thống CSDL dân cư đang bận, vui lòng thử lại sau." }, statusCode: failing);
    }
    if (http.Request.Headers["X-Api-Key"].ToString() != settings["ApiKey"] || string.IsNullOrEmpty(settings["ApiKey"]))
    {
        state.Record(new Lookup(DateTimeOffset.UtcNow, null, null, null, "unauthorized"));
        return Results.Json(new { ma = "KHONG_DUOC_PHEP", thongBao = "Khóa truy cập không hợp lệ." }, statusCode: 401);
    }
    LookupRequest? body;
    try { body = await http.Request.ReadFromJsonAsync<LookupRequest>(ct); }
    catch (System.Text.Json.JsonException) { body = null; }
    var number = body?.SoDinhDanh?.Trim();
    if (number is null || number.Length != 12 || !number.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(body!.MucDich))
    {
        state.Record(new Lookup(DateTimeOffset.UtcNow, number, body?.MucDich, body?.CanBo, "invalid"));
        return Results.Json(new { ma = "YEU_CAU_KHONG_HOP_LE", thongBao = "Thiếu mục đích tra cứu hoặc số định danh không đúng 12 chữ số." }, statusCode: 400);
    }
    var person = state.Find(number);
    state.Record(new Lookup(DateTimeOffset.UtcNow, number, body.MucDich, body.CanBo, person is null ? "not-found" : "found"));
    return person is null
        ? Results.Json(new { ma = "KHONG_TON_TAI", thongBao = "Công dân không tồn tại trong CSDL dân cư" }, statusCode: 404)
        : Results.Json(Answer(person));
});

app.MapGet("/people", (int? take, RegistryState state) => Results.Json(state.Take(take ?? 20).Select(Answer)));
app.MapPost("/people", (PersonRequest body, RegistryState state) =>
{
    if (body.SoDinhDanh is not { Length: 12 } || !DateOnly.TryParseExact(body.NgaySinh, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        return Results.Json(new { ma = "YEU_CAU_KHONG_HOP_LE", thongBao = "soDinhDanh 12 chữ số, ngaySinh dd/MM/yyyy." }, statusCode: 400);
    var person = new Person(body.SoDinhDanh, body.HoTen ?? "", born, body.GioiTinh ?? "Nam", body.NoiThuongTru ?? "", []);
    state.Add(person);
    return Results.Json(Answer(person), statusCode: 201);
});
app.MapGet("/lookups", (RegistryState state) => Results.Json(state.Lookups()));
app.MapPost("/control", (ControlRequest body, RegistryState state) => state.Control(body.Mode, body.DelayMs, body.Status, body.Count) is { } answer
    ? Results.Json(answer)
    : Results.Json(new { error = "invalid_control", message = "mode phải là normal, outage, slow (delayMs) hoặc error (status, count)." }, statusCode: 400));

app.Run();

static object Answer(Person p) => new
{
    soDinhDanh = p.IdNumber,
    hoTen = p.FullName,
    ngaySinh = p.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
    gioiTinh = p.Sex,
    noiThuongTru = p.PermanentResidence,
    giayTo = p.Documents.Select(d => new { loai = d.Kind, ten = d.Name, so = d.Number, nguon = d.Source }),
};

internal sealed record LookupRequest(string? SoDinhDanh, string? MucDich, string? CanBo);
internal sealed record PersonRequest(string? SoDinhDanh, string? HoTen, string? NgaySinh, string? GioiTinh, string? NoiThuongTru);
internal sealed record ControlRequest(string? Mode, int? DelayMs, int? Status, int? Count);
