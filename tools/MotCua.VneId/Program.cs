using System.Globalization;
using MotCua.PopulationRegistry;

// A simulator of VNeID (tài khoản định danh điện tử, Bộ Công an) as MotCua's citizen sign-in reaches it (issue 17,
// docs/design/ISSUE17.md §4), run as a process of its own by the tests (VneIdProcess) and by ./run.sh's demo. Its people
// are the population simulator's (the same generator, VneId:Seed and VneId:People as Registry:Seed and Registry:People),
// so a citizen signed in here is found in the population database with the same CCCD and name. This process answers
// GET /health and lists its people (GET /people?take=); the OpenID-Connect endpoints (authorize, token, JWKS, userinfo)
// are piece A's. The real service's contract is not public: the shape is MotCua's assumption [unverified].
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("VneId");
var people = People.Make(Path.Combine(AppContext.BaseDirectory, "data"), settings.GetValue("Seed", 16), settings.GetValue("People", 1000));
var app = builder.Build();

app.MapGet("/health", () => Results.Json(new { status = "ok", people = people.Count }));

// The first people in the generator's order, as VNeID's identity claims would name them: sub (CCCD), name, birthdate (ISO
// 8601, as OpenID Connect's standard claim), gender.
app.MapGet("/people", (int? take) => take is < 1 or > 1000
    ? Results.Json(new { error = "invalid_request", message = "take từ 1 đến 1000." }, statusCode: 400)
    : Results.Json(people.Take(take ?? 20).Select(p => new
    {
        sub = p.IdNumber,
        name = p.FullName,
        birthdate = p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        gender = p.Sex == "Nữ" ? "female" : "male",
    })));

app.Run();
