using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 7, on the real PostgreSQL and over real HTTP: no private key in the database opens without the
/// deployment key; an instance with another deployment key cannot sign (409, not 5xx) nor vouch for what was signed; a
/// result is signed by the leader who decided it with that leader's own certificate (pdfsig validates it); a PFX the
/// administrator imports is used for that officer's next signature; bad files are refused with nothing stored; outside
/// demo mode a leader without a certificate cannot approve, and nothing changes.
/// </summary>
public class SigningKeyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private const string Leader = "lanhdao.thuanhoa";
    private const string LeaderName = "Võ Quốc Việt";
    private const string Password = "Mật-khẩu 123";

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    [Fact]
    public async Task The_result_is_signed_with_the_certificate_of_the_leader_who_approved_it()
    {
        var code = await DecidedAsync(await app.OfficerAsync(Leader));
        var pdf = await ResultAsync(app.ApiClient(), code);
        var signer = PdfSignature.Verify(pdf).Signer!;
        output.WriteLine($"Kết quả {code} ký bởi: {signer.Subject} (cấp bởi {signer.Issuer})");
        Assert.Equal(LeaderName, signer.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains(Leader, signer.Subject);
        PdfTools.AssertSignedAndIntact(pdf, "ket-qua-ky-boi-lanh-dao");
        Assert.Contains($"Signer Certificate Common Name: {LeaderName}", PdfTools.Pdfsig(PdfTools.Save("ket-qua-ky-boi-lanh-dao", pdf)));
        var verified = await VerifyAsync(app, pdf);
        Assert.True(verified.GetProperty("issuedByMotCua").GetBoolean(), verified.ToString());
        Assert.Equal(LeaderName, verified.GetProperty("signer").GetString());
    }

    [Fact]
    public async Task A_revoked_certificate_still_vouches_for_what_it_signed_before_and_not_after()
    {
        var pdf = await ResultAsync(app.ApiClient(), await DecidedAsync(await app.OfficerAsync(Leader)));
        var check = PdfSignature.Verify(pdf);
        // The time the signer stated in the signed /M entry (PDFsharp writes no CMS signing-time attribute).
        Assert.NotNull(check.SignedAt);
        Assert.True((DateTimeOffset.UtcNow - check.SignedAt.Value).Duration() < TimeSpan.FromMinutes(10), $"{check.SignedAt}");
        var thumbprint = MotCua.Web.Infrastructure.DemoSigning.ThumbprintOf(check.Signer!);
        try
        {
            await app.ScalarAsync($"UPDATE signing_keys SET revoked_at = now() + interval '1 minute' WHERE thumbprint = '{thumbprint}'");
            Assert.True((await VerifyAsync(app, pdf)).GetProperty("issuedByMotCua").GetBoolean(), "ký trước khi thu hồi");
            await app.ScalarAsync($"UPDATE signing_keys SET revoked_at = now() - interval '1 day' WHERE thumbprint = '{thumbprint}'");
            var after = await VerifyAsync(app, pdf);
            Assert.False(after.GetProperty("issuedByMotCua").GetBoolean(), "ký sau khi thu hồi");
            output.WriteLine($"Ký lúc {check.SignedAt:O}: thu hồi sau đó → vẫn hợp lệ; thu hồi trước đó → {after.GetProperty("verdict").GetString()}");
        }
        finally
        {
            await app.ScalarAsync($"UPDATE signing_keys SET revoked_at = NULL WHERE thumbprint = '{thumbprint}'");
        }
    }

    [Fact]
    public async Task No_stored_private_key_opens_without_the_deployment_key()
    {
        await DecidedAsync(await app.OfficerAsync(Leader)); // a leader's demo key besides the CA and the deployment's
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT purpose, certificate, sealed_key FROM signing_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var (purpose, certificate, sealedKey) = (reader.GetString(0), (byte[])reader[1], (byte[])reader[2]);
            using var certificateOnly = X509CertificateLoader.LoadCertificate(certificate);
            Assert.False(certificateOnly.HasPrivateKey);
            Assert.NotEqual(0x30, sealedKey[0]); // not DER: neither PKCS#12 nor PKCS#8
            Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12(sealedKey, null));
            Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12(sealedKey, ""));
            using var rsa = RSA.Create();
            Assert.ThrowsAny<CryptographicException>(() => rsa.ImportPkcs8PrivateKey(sealedKey, out _));
            using var ecdsa = ECDsa.Create();
            Assert.ThrowsAny<CryptographicException>(() => ecdsa.ImportPkcs8PrivateKey(sealedKey, out _));
            output.WriteLine($"{purpose}: {certificateOnly.Subject} · khóa niêm phong {sealedKey.Length} byte, không mở được như PKCS#12/PKCS#8");
        }
        Assert.True(rows >= 3, $"{rows} khóa");
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM signing_certificates"));
    }

    [Fact]
    public async Task An_instance_with_another_deployment_key_cannot_sign_nor_vouch()
    {
        var signedHere = await ResultAsync(app.ApiClient(), await DecidedAsync(await app.OfficerAsync(Leader)));
        var unsigned = await DecidedAsync(await app.OfficerAsync(Leader));
        using var other = new Variant(app.ConnectionString, demo: true, deploymentKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var response = await other.ApiClient().GetAsync($"/api/v1/dossiers/{unsigned}/result.pdf");
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"Khóa triển khai khác: {(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("khóa triển khai", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM issued_documents WHERE pdf IS NOT NULL AND key = (SELECT 'dossier:' || id || ':result' FROM dossiers WHERE code = '{unsigned}')"));

        Assert.False((await VerifyAsync(other, signedHere)).GetProperty("issuedByMotCua").GetBoolean());
        Assert.True((await VerifyAsync(app, signedHere)).GetProperty("issuedByMotCua").GetBoolean());
    }

    [Fact]
    public async Task Outside_demo_mode_a_leader_without_a_certificate_cannot_approve_and_an_imported_pfx_signs_the_next_result()
    {
        var admin = await app.OfficerAsync("quantri");
        // Whatever key the leader holds is revoked: the page shows none.
        await ImportAsync(admin, Leader, Pfx(MakeCertificate("CN=Tạm, C=VN", At(1, 0), At(1, 0).AddYears(3))), Password);
        var page = await admin.GetStringAsync($"/quan-tri/nguoi-dung/{Leader}/chung-thu");
        var revoked = await admin.PostAsync($"/quan-tri/nguoi-dung/{Leader}/chung-thu?handler=Revoke",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) }));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("id=\"no-key\"", await admin.GetStringAsync($"/quan-tri/nguoi-dung/{Leader}/chung-thu"));

        using var production = new Variant(app.ConnectionString, demo: false, deploymentKey: null);
        production.Clock.Now = app.Clock.Now;
        var code = await ToApprovalAsync();
        var leader = await production.OfficerAsync(Leader);
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'");
        production.Clock.Now = At(17, 11);
        var refused = await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/approve", new { note = "Đồng ý" });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"Phê duyệt khi chưa có chứng thư: {(int)refused.StatusCode} {problem.GetProperty("detail").GetString()}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("chưa có chứng thư số", problem.GetProperty("detail").GetString());
        Assert.Equal(events, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM signing_keys WHERE user_id = (SELECT id FROM users WHERE user_name = '{Leader}') AND revoked_at IS NULL"));

        using var imported = MakeCertificate($"CN={LeaderName}, O=UBND phường Thuận Hóa (kiểm thử), C=VN", At(1, 0), At(1, 0).AddYears(3));
        var (response, shown) = await ImportAsync(admin, Leader, Pfx(imported), Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(imported.SerialNumber, shown);
        Assert.Contains("UBND phường Thuận Hóa (kiểm thử)", shown);
        Assert.Contains("01/11/2025 – 01/11/2028", shown);
        // A self-signed certificate is accepted but never shown as recognised (issue 12, trial finding 4).
        Assert.Contains($"<dd id=\"key-trust\" class=\"error\">{SignerTrust.SelfSigned}</dd>", shown);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/approve", new { note = "Đồng ý" })).StatusCode);
        production.Clock.Now = At(17, 14);
        Assert.Equal(HttpStatusCode.OK, (await (await production.OfficerAsync("tiepnhan.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{code}/result-ready", new { })).StatusCode);

        var pdf = await ResultAsync(production.ApiClient(), code);
        var signer = PdfSignature.Verify(pdf).Signer!;
        output.WriteLine($"Kết quả {code} ký bằng chứng thư nhập từ PFX: {signer.Subject}, số hiệu {signer.SerialNumber}");
        Assert.Equal(imported.Thumbprint, signer.Thumbprint);
        PdfTools.AssertSignedAndIntact(pdf, "ket-qua-ky-bang-pfx");
        var verified = await VerifyAsync(production, pdf);
        output.WriteLine($"Kiểm tra kết quả ký bằng chứng thư tự ký: {verified.GetProperty("verdict").GetString()}");
        Assert.True(verified.GetProperty("issuedByMotCua").GetBoolean());
        Assert.False(verified.GetProperty("signerRecognised").GetBoolean());
        Assert.Equal(SignerTrust.SelfSigned, verified.GetProperty("signerTrust").GetString());
        Assert.Contains("tự ký (không được tổ chức chứng thực công nhận)", verified.GetProperty("verdict").GetString());
        Assert.DoesNotContain("Chữ ký hợp lệ", verified.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_certificate_issued_by_a_configured_root_is_shown_as_recognised_and_by_another_authority_not()
    {
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Root CA kiểm thử, O=Tổ chức chứng thực (kiểm thử), C=VN", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(At(1, 0).AddYears(-1), At(1, 0).AddYears(10));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest($"CN={LeaderName}, O=UBND phường Thuận Hóa (kiểm thử), C=VN", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var issued = leafRequest.Create(root, At(1, 0), At(1, 0).AddYears(3), [1, 2, 3, 4, 5, 6, 7, 8]);
        using var leaf = issued.CopyWithPrivateKey(leafKey);
        var rootsFile = Path.Combine(Path.GetTempPath(), $"motcua-roots-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(rootsFile, root.ExportCertificatePem());
        try
        {
            using var configured = new Variant(app.ConnectionString, demo: false, deploymentKey: null, trustedRootsFile: rootsFile);
            configured.Clock.Now = app.Clock.Now;
            var admin = await configured.OfficerAsync("quantri");
            var (response, shown) = await ImportAsync(admin, Leader, Pfx(leaf), Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("<dd id=\"key-trust\" class=\"\">Được chứng thực bởi Root CA kiểm thử</dd>", shown);
            // The same certificate on an instance that trusts no such root.
            var elsewhere = await (await app.OfficerAsync("quantri")).GetStringAsync($"/quan-tri/nguoi-dung/{Leader}/chung-thu");
            Assert.Contains($"<dd id=\"key-trust\" class=\"error\">{SignerTrust.Unrecognised}</dd>", elsewhere);
            output.WriteLine($"Với Motcua:TrustedRootsFile: Được chứng thực bởi Root CA kiểm thử; không có: {SignerTrust.Unrecognised}");
        }
        finally
        {
            File.Delete(rootsFile);
        }
    }

    [Fact]
    public async Task A_bad_pfx_is_refused_with_a_message_and_nothing_is_stored()
    {
        var admin = await app.OfficerAsync("quantri");
        using var valid = MakeCertificate("CN=Lê Thị Thu Hà, C=VN", At(1, 0), At(1, 0).AddYears(2));
        using var expired = MakeCertificate("CN=Lê Thị Thu Hà, C=VN", At(1, 0).AddYears(-3), At(1, 0).AddYears(-1));
        using var caOnly = MakeCertificate("CN=Lê Thị Thu Hà, C=VN", At(1, 0), At(1, 0).AddYears(2), X509KeyUsageFlags.KeyCertSign);
        var withoutKey = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(valid.RawData)).Export(X509ContentType.Pkcs12, Password)!;
        var cases = new (string Name, byte[] File, string Password, string Message)[]
        {
            ("sai mật khẩu", Pfx(valid), "sai", "sai mật khẩu"),
            ("không phải PFX", "%PDF-1.7 không phải chứng thư"u8.ToArray(), Password, "không phải chứng thư số dạng PFX/P12"),
            ("đã hết hạn", Pfx(expired), Password, "đã hết hạn"),
            ("không có khóa bí mật", withoutKey, Password, "không chứa khóa bí mật"),
            ("không dùng để ký", Pfx(caOnly), Password, "không được phép dùng để ký số"),
            ("tệp rỗng", [], Password, "Chọn tệp chứng thư số"),
        };
        var before = (await app.ScalarAsync("SELECT count(*) FROM signing_keys"), await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'admin.signing-key%'"));
        foreach (var (name, file, password, message) in cases)
        {
            var (response, page) = await ImportAsync(admin, "congchuc.thuanhoa", file, password);
            var error = System.Text.RegularExpressions.Regex.Match(page, "id=\"k-file-error\">([^<]*)<").Groups[1].Value;
            output.WriteLine($"{name}: {(int)response.StatusCode} «{WebUtility.HtmlDecode(error)}»");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(error));
        }
        Assert.Equal(before, (await app.ScalarAsync("SELECT count(*) FROM signing_keys"), await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'admin.signing-key%'")));
        Assert.Contains("/quan-tri/nguoi-dung/congchuc.thuanhoa/chung-thu", await admin.GetStringAsync("/quan-tri/nguoi-dung/congchuc.thuanhoa"));
    }

    /// <summary>Receives a dossier over the API and takes it to the leader's approval step.</summary>
    private async Task<string> ToApprovalAsync()
    {
        app.Clock.Now = At(17, 9);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer", At(17, 9, 10));
        await OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", At(17, 10), new { note = "Hợp lệ" });
        return code;
    }

    /// <summary>A dossier approved by <paramref name="leader"/> and made ready; its result not printed yet.</summary>
    private async Task<string> DecidedAsync(HttpClient leader)
    {
        var code = await ToApprovalAsync();
        await OkAsync(leader, code, "approve", At(17, 11), new { note = "Đồng ý" });
        await OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "result-ready", At(17, 14));
        return code;
    }

    private async Task OkAsync(HttpClient client, string code, string action, DateTimeOffset at, object? body = null)
    {
        app.Clock.Now = at;
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<byte[]> ResultAsync(HttpClient client, string code)
    {
        var response = await client.GetAsync($"/api/v1/dossiers/{code}/result.pdf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> VerifyAsync(MotCuaApp instance, byte[] pdf) =>
        await (await instance.CreateClient().PostAsync("/api/v1/signatures/verify", new ByteArrayContent(pdf))).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<(HttpResponseMessage Response, string Page)> ImportAsync(HttpClient admin, string userName, byte[] file, string password)
    {
        var url = $"/quan-tri/nguoi-dung/{userName}/chung-thu";
        var form = await admin.GetStringAsync(url);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(MotCuaApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "tep", "chung-thu.pfx" },
            { new StringContent(password), "matKhau" },
        };
        var response = await admin.PostAsync(url, content);
        var page = response.StatusCode == HttpStatusCode.Redirect
            ? await admin.GetStringAsync(response.Headers.Location!.OriginalString)
            : await response.Content.ReadAsStringAsync();
        return (response, page);
    }

    /// <summary>A self-signed RSA certificate with its private key, as a CA would issue a signer (Key Usage as given).</summary>
    private static X509Certificate2 MakeCertificate(string subject, DateTimeOffset from, DateTimeOffset to,
        X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        return request.CreateSelfSigned(from, to);
    }

    private static byte[] Pfx(X509Certificate2 certificate) => certificate.Export(X509ContentType.Pfx, Password);

    /// <summary>Another instance on the same database: in or out of demo mode, with the test run's deployment key or another.</summary>
    private sealed class Variant(string connectionString, bool demo, string? deploymentKey, string? trustedRootsFile = null) : MotCuaApp(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Motcua:Demo", demo ? "true" : "false");
            if (deploymentKey is not null) builder.UseSetting("Motcua:DeploymentKey", deploymentKey);
            if (trustedRootsFile is not null) builder.UseSetting("Motcua:TrustedRootsFile", trustedRootsFile);
        }
    }
}

/// <summary>
/// Keys an older version stored in clear (migration 0005's <c>signing_certificates</c>) are sealed when an instance
/// starts, and the clear copies deleted; what the old key signed still verifies. Its own database: the test replaces the
/// deployment's keys.
/// </summary>
public class LegacySigningKeyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Clear_keys_of_an_older_version_are_sealed_at_start_and_what_they_signed_still_verifies()
    {
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=MotCua Demo CA (cũ), C=VN", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(from, from.AddYears(25));
        using var key = RSA.Create(2048);
        using var issued = new CertificateRequest("CN=Hệ thống MotCua (cũ), C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Create(ca, from, from.AddYears(20), RandomNumberGenerator.GetBytes(8));
        using var signer = issued.CopyWithPrivateKey(key);
        var oldPdf = await PdfSignature.SignAsync(ResultDocument.Pdf(new ResultForm
        {
            Letterhead = new("UBND THÀNH PHỐ HUẾ", "Ủy ban nhân dân phường Thuận Hóa", "Huế"),
            DossierCode = "000.10.01.H46-240101-0001", ApplicantName = "Nguyễn Văn An", ApplicantAddress = "Huế", ProcedureName = "Đăng ký khai sinh",
            Refused = false, DecidedAt = from.AddYears(4), Signer = new Signatory(null, "Chủ tịch", "Võ Quốc Việt"),
            ReturnUnitName = "Trung tâm Phục vụ hành chính công phường Thuận Hóa", VerifyUrl = "https://example.vn/xac-thuc",
        }), signer, "Kết quả", "Huế", "Ủy ban nhân dân phường Thuận Hóa");

        // The database as an older version left it: the two demo keys in clear, none sealed.
        await app.ScalarAsync("SELECT 1");
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                DELETE FROM signing_keys;
                INSERT INTO signing_certificates (name, pkcs12, created_at) VALUES ('ca', @ca, now()), ('signer', @signer, now());
                """, connection);
            command.Parameters.AddWithValue("ca", ca.Export(X509ContentType.Pkcs12)!);
            command.Parameters.AddWithValue("signer", signer.Export(X509ContentType.Pkcs12)!);
            await command.ExecuteNonQueryAsync();
        }

        using var upgraded = app.SecondInstance();
        Assert.Equal(0, await upgraded.ScalarAsync("SELECT count(*) FROM signing_certificates"));
        Assert.Equal(2, await upgraded.ScalarAsync("SELECT count(*) FROM signing_keys WHERE purpose IN ('ca', 'system') AND source = 'demo' AND revoked_at IS NULL"));
        Assert.Equal(1, await upgraded.ScalarAsync($"SELECT count(*) FROM signing_keys WHERE purpose = 'system' AND thumbprint = '{Convert.ToHexStringLower(SHA256.HashData(signer.RawData))}'"));
        var verified = await (await upgraded.CreateClient().PostAsync("/api/v1/signatures/verify", new ByteArrayContent(oldPdf))).Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"Khóa cũ niêm phong khi khởi động; văn bản ký bằng khóa cũ: {verified.GetProperty("verdict").GetString()}");
        Assert.True(verified.GetProperty("issuedByMotCua").GetBoolean());
    }
}

