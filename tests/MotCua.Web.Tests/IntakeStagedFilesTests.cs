using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Intake;
using PdfSharp.Pdf;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece 0: files uploaded before the dossier (<c>staged_files</c>) named by <c>documents[i].stagedFiles</c>
/// become <c>dossier_files</c> in intake's own statement, the dossier and its files together; another owner's, an
/// expired or a used id is refused 422 keyed <c>documents[i].stagedFiles[j]</c> and nothing is written.
/// </summary>
public class IntakeStagedFilesTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // PdfSharp 6 refuses to write without a license chosen; the app's documents choose AGPL as MotCua is (PdfSetup).
    static IntakeStagedFilesTests() => PdfSharp.PdfSharpLicense.SetAgplLicense();

    private async Task<long> StageAsync(string owner, long ownerId, TimeSpan expiresIn, string marker, short purpose = 3)
    {
        using var document = new PdfDocument();
        document.Info.Title = marker;
        document.AddPage();
        using var bytes = new MemoryStream();
        document.Save(bytes);
        bytes.Position = 0;
        var stored = await app.Services.GetRequiredService<FileStore>().WriteAsync(bytes, marker + ".pdf", default);
        var now = app.Clock.GetUtcNow();
        // An expired upload was made before it expired (the table's CHECK).
        var created = expiresIn < TimeSpan.Zero ? now + expiresIn - TimeSpan.FromHours(1) : now;
        return await app.ScalarAsync($"""
            INSERT INTO staged_files (sha256, display_name, purpose, {owner}, created_at, expires_at)
            VALUES ('{stored.File!.Sha256}', '{stored.DisplayName}', {purpose}, {ownerId}, '{created.UtcDateTime:O}', '{now.Add(expiresIn).UtcDateTime:O}')
            RETURNING id
            """);
    }

    private static IntakeRequest Request(params long[][] staged) => new("1.001193", DemoData.ThuanHoaCode, "postal",
        new IntakeApplicant("Trần Thị Tệp", "046095001234", "0905123456", null, "1 Lê Lợi, Huế"),
        [.. staged.Select((ids, i) => new IntakeDocument(i == 0 ? "Giấy chứng sinh" : $"Giấy tờ {i}", 1, 0, StagedFiles: ids))],
        FormData: Requests.BirthRegistrationForm);

    private async Task<IntakeOutcome> ReceiveAsync(IntakeRequest request, Actor actor)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DossierIntake>().ReceiveAsync(request, actor);
    }

    private async Task<(int Id, string Name)> OfficerAsync(int skip)
    {
        var id = (int)await app.ScalarAsync($"SELECT id FROM users ORDER BY id OFFSET {skip} LIMIT 1");
        return (id, "Cán bộ " + id);
    }

    [Fact]
    public async Task The_officers_staged_scans_become_the_dossiers_files_in_its_statement()
    {
        var (officer, name) = await OfficerAsync(0);
        var first = await StageAsync("owner_user_id", officer, TimeSpan.FromHours(24), "chung-sinh");
        var second = await StageAsync("owner_user_id", officer, TimeSpan.FromHours(24), "to-khai");
        var outcome = await ReceiveAsync(Request([first], [second]), new Actor(name, UserId: officer));

        Assert.Null(outcome.Errors);
        var id = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{outcome.Dossier!.Code}'");
        Assert.Equal(2, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_files f JOIN stored_files s USING (sha256)
            WHERE f.dossier_id = {id} AND f.purpose = 3 AND f.added_by_user_id = {officer} AND f.added_by_citizen_id IS NULL
              AND f.owner_id_number = '046095001234' AND f.pages = 1
              -- Issue 17 piece C: a desk scan is a digitised copy, by the officer who scanned it, at the scan's instant.
              AND f.digitised AND f.digitised_by_user_id = {officer} AND f.digitised_at <= f.added_at
            """));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_files WHERE dossier_id = {id} AND document_index = 1 AND document_name = 'Giấy tờ 1' AND display_name = 'to-khai.pdf'"));
        // Used once: the staged rows are gone, so the same ids cannot attach the files to a second dossier.
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE id IN ({first}, {second})"));
        var again = await ReceiveAsync(Request([first]), new Actor(name, UserId: officer));
        Assert.Contains("documents[0].stagedFiles[0]", again.Errors!.Keys);
    }

    public static TheoryData<string> Unusable => new() { "another-officer", "expired", "citizen", "supplement", "unknown", "twice" };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_staged_id_not_the_senders_to_use_is_refused_by_its_place_and_nothing_is_written(string kind)
    {
        var (officer, name) = await OfficerAsync(0);
        var (other, _) = await OfficerAsync(1);
        var mine = await StageAsync("owner_user_id", officer, TimeSpan.FromHours(1), "cua-toi-" + kind);
        var bad = kind switch
        {
            "another-officer" => await StageAsync("owner_user_id", other, TimeSpan.FromHours(1), "khac-" + kind),
            "expired" => await StageAsync("owner_user_id", officer, TimeSpan.FromMinutes(-1), "het-han"),
            "citizen" => await StageAsync("owner_citizen_id", await app.ScalarAsync("""
                INSERT INTO citizens (id_number, assurance, security_stamp) VALUES ('046095009999', 1, 'dau-an')
                ON CONFLICT (id_number) WHERE assurance = 1 DO UPDATE SET full_name = excluded.full_name RETURNING id
                """), TimeSpan.FromHours(1), "cong-dan"),
            "supplement" => await StageAsync("owner_user_id", officer, TimeSpan.FromHours(1), "bo-sung", purpose: 2),
            "twice" => mine,
            _ => 999_999_999,
        };
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var outcome = await ReceiveAsync(Request([mine], [bad]), new Actor(name, UserId: officer));

        Assert.Null(outcome.Dossier);
        Assert.Equal(["documents[1].stagedFiles[0]"], outcome.Errors!.Keys);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE id = {mine}"));
    }

    [Fact]
    public async Task An_api_client_naming_an_officers_staged_file_gets_a_422_naming_the_field()
    {
        var (officer, _) = await OfficerAsync(0);
        var staged = await StageAsync("owner_user_id", officer, TimeSpan.FromHours(1), "api");
        var response = await app.ApiClient().SubmitAsync(Request([staged]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("documents[0].stagedFiles[0]", out _), problem.ToString());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE id = {staged}"));
    }

    [Fact]
    public async Task The_statement_fails_whole_when_a_staged_file_vanishes_between_the_check_and_the_write()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.ScalarAsync("SELECT staged_files_taken(2, 1)::int"));
        Assert.Equal(IntakeWrite.StagedFilesGone, error.SqlState);
        Assert.Equal(1, await app.ScalarAsync("SELECT staged_files_taken(0, 0)::int"));
    }
}
