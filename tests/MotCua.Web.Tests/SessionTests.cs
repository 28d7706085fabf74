using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 1: a sign-in cookie counts only where it was issued and only while the account is as it was. Each case
/// replays a copy of a real cookie over HTTP against a real instance and database.
/// </summary>
public class SessionTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Guarded = "/api/v1/calendar/2027/official-days";

    /// <summary>Another deployment on the same database: the same data, its own deployment key.</summary>
    private sealed class OtherDeploymentKey(string connectionString) : MotCuaApp(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Motcua:DeploymentKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
    }

    /// <summary>Signs in through the form; returns the browser (without the antiforgery header) and a copy of its cookie.</summary>
    internal static async Task<(HttpClient Browser, string Cookie)> SignInAsync(MotCuaApp instance, string userName, string password = DemoData.Password)
    {
        var browser = instance.SessionClient();
        var token = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap"));
        var response = await browser.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("motcua=", StringComparison.Ordinal));
        return (browser, cookie[..cookie.IndexOf(';')]);
    }

    /// <summary>GET with only the given cookie, as an attacker holding a copy of it would send.</summary>
    private static async Task<HttpResponseMessage> ReplayAsync(MotCuaApp instance, string cookie, string path = Guarded)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = instance.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>401 problem+json; a cookie that decrypted but no longer matches the account is also deleted (one that does
    /// not decrypt here is simply not a session).</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, bool decrypted = true)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var deleted = response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("motcua=;", StringComparison.Ordinal));
        Assert.Equal(decrypted, deleted);
        Assert.Contains("Chưa xác thực", await response.Content.ReadAsStringAsync());
    }

    private async Task<List<(string Name, string Xml)>> KeyRingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT friendly_name, xml FROM data_protection_keys ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_cookie_from_one_instance_is_refused_by_another_with_its_own_database_even_when_it_can_decrypt_it()
    {
        var (_, quantri) = await SignInAsync(app, "quantri");
        var (_, desk) = await SignInAsync(app, "tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, quantri)).StatusCode);

        // The repro: another instance, its own database (and so its own key ring).
        using var other = new MotCuaApp();
        await AssertRefusedAsync(await ReplayAsync(other, quantri), decrypted: false);

        // Worse than the repro: the other database holds this one's key ring, so the cookie decrypts there. The account
        // check refuses it all the same, since its security stamp is this database's; the receiving officer whose stamp
        // is made equal shows that it did decrypt.
        var ownRing = await KeyRingAsync(app.ConnectionString);
        var deskStamp = (string)(await app.RowsAsync("SELECT security_stamp FROM users WHERE user_name = 'tiepnhan.thuanhoa'"))[0][0]!;
        await other.ScalarAsync("SELECT 1");
        var otherDatabase = other.ConnectionString;
        await other.DisposeAsync();
        await ExecuteAsync(otherDatabase, "DELETE FROM data_protection_keys");
        foreach (var (name, xml) in ownRing) await ExecuteAsync(otherDatabase, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)", name, xml);
        await ExecuteAsync(otherDatabase, "UPDATE users SET security_stamp = $1 WHERE user_name = 'tiepnhan.thuanhoa'", deskStamp);
        using var sharing = other.SecondInstance();
        await AssertRefusedAsync(await ReplayAsync(sharing, quantri));
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(sharing, desk, "/api/v1/worklists/mine")).StatusCode);
        output.WriteLine($"Cookie của quantri: phiên bản gốc 200; phiên bản khác (CSDL riêng) 401; phiên bản khác dùng chung vòng khóa 401 (dấu bảo mật khác).");
    }

    [Fact]
    public async Task Another_deployment_key_on_the_same_database_cannot_read_the_key_ring_but_starts_with_its_own_key()
    {
        var (_, quantri) = await SignInAsync(app, "quantri");
        var keysBefore = (await KeyRingAsync(app.ConnectionString)).Count;
        using var stranger = new OtherDeploymentKey(app.ConnectionString);
        // It starts (no crash), cannot open this deployment's keys, so refuses its cookies, and makes a key of its own.
        await AssertRefusedAsync(await ReplayAsync(stranger, quantri), decrypted: false);
        var (_, strangersCookie) = await SignInAsync(stranger, "quantri");
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(stranger, strangersCookie)).StatusCode);
        var keysAfter = await KeyRingAsync(app.ConnectionString);
        Assert.True(keysAfter.Count > keysBefore, "the other deployment key made no key of its own");
        // Every stored key is sealed; the first deployment still reads its own cookies and refuses the stranger's.
        Assert.All(keysAfter, k => Assert.Contains("<sealed ", k.Xml));
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, quantri)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(app, strangersCookie)).StatusCode);
        output.WriteLine($"Khóa trong vòng khóa: {keysBefore} trước, {keysAfter.Count} sau khi phiên bản với khóa triển khai khác khởi động.");
    }

    [Fact]
    public async Task Deactivating_moving_or_changing_the_role_of_an_account_ends_its_sessions_at_once()
    {
        var admin = await app.OfficerAsync("quantri");
        foreach (var name in new[] { "phien.ngung", "phien.vaitro", "phien.donvi" })
            await admin.PostAsJsonAsync("/api/v1/admin/users", new
            {
                userName = name, fullName = "Trần Văn Phiên", role = "specialist", agencyCode = DemoData.ThuanHoaCode, password = "Thuan.Hoa@2026",
            }).OkAsync(HttpStatusCode.Created);
        var cookies = new Dictionary<string, string>();
        foreach (var name in new[] { "phien.ngung", "phien.vaitro", "phien.donvi" })
        {
            var (_, cookie) = await SignInAsync(app, name, "Thuan.Hoa@2026");
            Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, cookie, "/api/v1/worklists/mine")).StatusCode);
            cookies[name] = cookie;
        }
        // Each account is in the instance's cache now (read just above): every change below must evict it.
        await admin.PostAsync("/api/v1/admin/users/phien.ngung/deactivate", null).OkAsync();
        await admin.PutAsJsonAsync("/api/v1/admin/users/phien.vaitro", new
        {
            fullName = "Trần Văn Phiên", role = "department_head", agencyCode = DemoData.ThuanHoaCode,
        }).OkAsync();
        await admin.PutAsJsonAsync("/api/v1/admin/users/phien.donvi", new
        {
            fullName = "Trần Văn Phiên", role = "specialist", agencyCode = DemoData.PhuXuanCode,
        }).OkAsync();
        foreach (var (name, cookie) in cookies)
        {
            await AssertRefusedAsync(await ReplayAsync(app, cookie, "/api/v1/worklists/mine"));
            var page = await ReplayAsync(app, cookie, "/ho-so");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/dang-nhap", page.Headers.Location!.OriginalString);
            output.WriteLine($"{name}: API 401, trang chuyển về /dang-nhap");
        }
    }

    [Fact]
    public async Task Signing_out_ends_every_copy_of_the_cookie_and_a_password_change_ends_the_other_sessions()
    {
        var (browser, cookie) = await SignInAsync(app, "congchuc.thuanhoa");
        var token = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/xac-thuc"));
        var signOut = await browser.PostAsync("/dang-xuat", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await AssertRefusedAsync(await ReplayAsync(app, cookie));

        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName = "phien.matkhau", fullName = "Trần Văn Phiên", role = "specialist", agencyCode = DemoData.ThuanHoaCode, password = "Thuan.Hoa@2026",
        }).OkAsync(HttpStatusCode.Created);
        var (_, office) = await SignInAsync(app, "phien.matkhau", "Thuan.Hoa@2026");
        var (home, homeCookie) = await SignInAsync(app, "phien.matkhau", "Thuan.Hoa@2026");
        home.DefaultRequestHeaders.Add("X-CSRF-TOKEN", MotCuaApp.AntiforgeryToken(await home.GetStringAsync("/xac-thuc")));
        await home.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "Thuan.Hoa@2026", newPassword = "Huong#Giang2029" }).OkAsync();
        // The session that changed it goes on (renewed cookie); the other one, and the old copy of this one, end.
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync("/api/v1/worklists/mine")).StatusCode);
        await AssertRefusedAsync(await ReplayAsync(app, office, "/api/v1/worklists/mine"));
        await AssertRefusedAsync(await ReplayAsync(app, homeCookie, "/api/v1/worklists/mine"));

        // An administrator's reset ends the sessions too.
        await admin.PostAsJsonAsync("/api/v1/admin/users/phien.matkhau/password", new { password = "Thuan.Hoa@2030" }).OkAsync();
        await AssertRefusedAsync(await home.GetAsync("/api/v1/worklists/mine"));
    }
    [Fact]
    public async Task Migration_0018_deletes_the_keys_stored_in_clear_and_keeps_the_sealed_ones()
    {
        using var instance = new MotCuaApp();
        var (_, cookie) = await SignInAsync(instance, "quantri");
        var sealedKeys = await KeyRingAsync(instance.ConnectionString);
        Assert.NotEmpty(sealedKeys);
        // A key as data protection stored it before the deployment key existed: its master key in clear.
        var id = Guid.NewGuid();
        var clear = $"""<key id="{id}" version="1"><creationDate>2025-01-01T00:00:00Z</creationDate><activationDate>2025-01-01T00:00:00Z</activationDate><expirationDate>2099-01-01T00:00:00Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection"><value>{Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))}</value></masterKey></descriptor></descriptor></key>""";
        await ExecuteAsync(instance.ConnectionString, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)", $"key-{id}", clear);
        await instance.DisposeAsync();
        // Run 0018 again on the next start, as on a database migrated before it.
        await ExecuteAsync(instance.ConnectionString, "DELETE FROM schema_migrations WHERE id = '0018_sessions_and_sign_in_throttles'; DROP TABLE sign_in_throttles");
        using var restarted = instance.SecondInstance();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(restarted, cookie)).StatusCode);
        Assert.Equal(sealedKeys, await KeyRingAsync(instance.ConnectionString));
        output.WriteLine($"Khóa lưu rõ bị xóa; {sealedKeys.Count} khóa niêm phong giữ nguyên, cookie cũ vẫn dùng được.");
    }
}
