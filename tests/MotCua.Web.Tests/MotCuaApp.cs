using MotCua.Domain.Calendar;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>A clock the tests set; the app reads time only through TimeProvider.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>
/// The whole app over real HTTP semantics on a real PostgreSQL: one shared local server for the test run
/// (under .motcua/test), and a fresh database per factory, migrated and seeded with the demo data.
/// </summary>
public class MotCuaApp : WebApplicationFactory<Program>
{
    public static readonly LocalPostgres Postgres = new(Path.Combine(RepoRoot(), ".motcua", "test"), port: null);

    // Every app a test starts would watch its settings files through an inotify instance, and the host process keeps them
    // past the app's disposal: at 128 (Linux's default per user) every later app failed to start (CI, 2 December 2026,
    // 74 held after 12 minutes of the Web tests). The tests never edit settings files: read them once.
    static MotCuaApp()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    // Monday 17 November 2025, 09:00 in Vietnam: a plain working morning.
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset));

    public string ConnectionString { get; }

    public MotCuaApp() : this(lookupPermitsPerMinute: 100_000) { }

    protected MotCuaApp(int lookupPermitsPerMinute)
    {
        Postgres.EnsureStarted();
        // A real Kestrel port: the API is exercised over real HTTP, and a browser can reach the same server.
        UseKestrel(0);
        ConnectionString = Postgres.ConnectionString("t_" + Guid.NewGuid().ToString("N")[..16]);
        LookupPermits = lookupPermitsPerMinute;
    }

    /// <summary>An instance on an existing database (see <see cref="SecondInstance"/>).</summary>
    protected MotCuaApp(string connectionString) : this(lookupPermitsPerMinute: 100_000) => ConnectionString = connectionString;

    /// <summary>Another instance of the app on this one's database, as behind a load balancer; dispose it after use.</summary>
    public MotCuaApp SecondInstance() => new(ConnectionString);

    private int LookupPermits { get; }

    /// <summary>
    /// Stops the app, then closes the idle connections its database kept in Npgsql's shared pools: the app role's (the
    /// search index and the key ring open connections by connection string) and the owner's (the tests' own
    /// <see cref="ScalarAsync"/>). Each pool keeps an idle connection for five minutes: on a quiet machine the Web project
    /// ran through enough apps in five minutes to hold all 200 of the test cluster's connections
    /// (CI, 4 December 2026: 109 tests failed at once with 53300 "remaining connection slots are reserved").
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var pool in new[] { ConnectionString, DatabaseRoles.DerivedConnectionString(ConnectionString) })
        {
            await using var pooled = new NpgsqlConnection(pool);
            NpgsqlConnection.ClearPool(pooled);
        }
    }

    /// <summary>This instance's file store (Motcua:Files:Root), named after its database; a second instance shares it.</summary>
    public string FilesRoot => Path.Combine(Postgres.Folder, "files", new NpgsqlConnectionStringBuilder(ConnectionString).Database!);

    /// <summary>
    /// Settings for this instance beyond the harness's own, set before the server starts. The outbox worker is off unless a
    /// test turns it on (<c>Motcua:Outbox:Enabled</c>): the tests that count a dossier's outbox rows need them unexpanded.
    /// The officers' reminder scheduler is off too (<c>Motcua:Reminders:Enabled</c>): its tests call the scan at the clock they set.
    /// The worker yields to requests by their number in flight only, not by the machine's idle CPU
    /// (<c>Motcua:Outbox:YieldBelowIdleShare</c> 0): tests share a saturated machine, and a test polling the API while it
    /// waits for messages must not slow them by the load of the tests beside it.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Motcua:Outbox:Enabled"] = "false", ["Motcua:Reminders:Enabled"] = "false", ["Motcua:Outbox:YieldBelowIdleShare"] = "0",
        // Issue 17 piece C: the OCR worker runs tesseract for minutes per scan; only OcrTests and the desk's digitisation tests turn it on.
        ["Motcua:Ocr:Enabled"] = "false",
        // Migration 0123: the reports and histories measure the stays they read first; StepStaysTests turns the background
        // worker on, and the tests that compare every table before and after a refused request need no writer beside them.
        ["Motcua:StepStays:Enabled"] = "false",
    };

    /// <summary>Services for this instance beyond the app's own (an outbox target a test records with, for example).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:MotCua", ConnectionString);
        builder.UseSetting("Motcua:Demo", "true");
        // One deployment key for the test run, beside its PostgreSQL, as a deployment keeps it beside its data.
        builder.UseSetting("Motcua:DeploymentKeyFile", Path.Combine(Postgres.Folder, "deployment.key"));
        builder.UseSetting("Motcua:LookupPermitsPerMinute", LookupPermits.ToString());
        // Issue 17: each app's file store beside its database, so a test can count what its uploads left.
        builder.UseSetting("Motcua:Files:Root", FilesRoot);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in TestServices) configure(services);
        });
    }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    public HttpClient ApiClient(string key = DemoData.ApiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A plain HTTP client to the real port that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient SessionClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>An officer's browser session: signs in through the real login form and keeps the cookie.</summary>
    public async Task<HttpClient> OfficerAsync(string userName)
    {
        var client = SessionClient();
        var page = await client.GetStringAsync("/dang-nhap");
        var token = AntiforgeryToken(page);
        var response = await client.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Đăng nhập {userName} thất bại: {response.StatusCode}");
        // Issue 12, item 4: the session's antiforgery token goes with every request, as the layout's hx-headers sends it.
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", AntiforgeryToken(await client.GetStringAsync("/xac-thuc")));
        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        var marker = "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("Không thấy mã chống giả mạo trong trang.");
        start += marker.Length;
        return html[start..html.IndexOf('"', start)];
    }

    /// <summary>Measures every marked dossier's stays (migration 0123) as the background worker would, so that a table
    /// compared before and after a request does not change by the catch-up of an earlier write; returns the dossiers measured.</summary>
    public async Task<int> CatchUpStepStaysAsync()
    {
        StartServer();
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCua.Web.Features.Reports.StepStayKeeper>().CatchUpAsync(null, CancellationToken.None);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        StartServer(); // the app creates, migrates and seeds its database on start
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Runs a Debian tool (pdftoppm, zbarimg, pdftotext) and returns what it printed; ./test.sh installs them.</summary>
    public static string Tool(string tool, string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"Không chạy được {tool}; cài bằng ./test.sh.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} thất bại: {process.StandardError.ReadToEnd()}");
        return output;
    }

    public static string RepoRoot() => typeof(MotCuaApp).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}

/// <summary>Waiting for what a background worker does (the outbox, the channels): polls every 50 ms.</summary>
public static class Waiting
{
    /// <summary>Returns once <paramref name="done"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/>
    /// after <paramref name="seconds"/> (a bound for a busy machine, never a timing the test checks).</summary>
    public static async Task Until(Func<Task<bool>> done, string what, int seconds = 60)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(seconds); !await done();)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Sau {seconds} giây vẫn chưa: {what}.");
            await Task.Delay(50);
        }
    }
}

public static class Requests
{
    public static object Dossier(string procedureCode = "1.001193", string agencyCode = DemoData.ThuanHoaCode, string channel = "direct",
        string fullName = "Nguyễn Văn An", string idNumber = "046095001234", string phone = "0905123456", string? email = "an.nguyen@example.vn",
        string address = "12 Lê Lợi, phường Thuận Hóa, thành phố Huế", DateTimeOffset? submittedAt = null,
        IReadOnlyDictionary<string, string?>? formData = null) => new
    {
        procedureCode, agencyCode, channel,
        applicant = new { fullName, idNumber, phone, email, address },
        documents = new object[] { new { name = "Giấy chứng sinh", original = 1, copies = 0 }, new { name = "Tờ khai đăng ký khai sinh", original = true, copies = 0 } },
        submittedAt,
        // A procedure an official book enters asks that book's fields (docs/REGISTERS.md): a complete, valid form for it.
        formData = formData ?? (procedureCode == "1.001193" ? BirthRegistrationForm
            : MotCua.Domain.Registers.OfficialBooks.FormFieldsOf(procedureCode, "") is { Count: > 0 } fields ? OfficialBookTests.FormFor(fields) : null),
    };

    /// <summary>A complete e-form of Đăng ký khai sinh (1.001193), which declares required fields; the birth date lies before every clock the tests set.</summary>
    public static readonly IReadOnlyDictionary<string, string?> BirthRegistrationForm = new Dictionary<string, string?>
    {
        ["hoTenTre"] = "Nguyễn Minh Khang", ["ngaySinh"] = "2024-06-15", ["noiSinh"] = "Bệnh viện Trung ương Huế",
        ["gioiTinh"] = "Nam", ["danToc"] = "Kinh", ["quocTich"] = "Việt Nam", ["hoTenMe"] = "Trần Thị Thu Hà",
        ["namSinhMe"] = "1995", ["danTocMe"] = "Kinh", ["quocTichMe"] = "Việt Nam", ["noiCuTruMe"] = "27 Đống Đa, phường Thuận Hóa, thành phố Huế",
        ["hoTenCha"] = "Nguyễn Văn An", ["namSinhCha"] = "1993", ["danTocCha"] = "Kinh", ["quocTichCha"] = "Việt Nam",
        ["noiCuTruCha"] = "27 Đống Đa, phường Thuận Hóa, thành phố Huế", ["quanHe"] = "Cha",
    };

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}
