using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Citizens;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17 (docs/design/ISSUE17.md § tests, docs/CITIZENS.md): every procedure offered online, over HTTP, generated from the
/// test database's adoptions rather than a list. For each operating unit's adoption whose current version publishes the
/// online channel (<see cref="ProcedureSpec.PublishedChannels"/>), the unit's catalogue page <c>/cong-dan/nop?co-quan=</c>
/// links it, its e-form page renders every field of <see cref="CountedFees.FormOf"/>, and a submission through
/// <c>POST /cong-dan/api/dossiers</c> with values generated from that schema and a one-page PDF per line
/// <see cref="DocumentNeeds"/> requires online is 201 at status 1 and its dossier lists those files. Every other adoption of
/// the unit is absent from the page and its submission is 422 naming <c>procedureCode</c>.
/// </summary>
public class OnlineOfferTests(OnlineOfferTests.App app, ITestOutputHelper output) : IClassFixture<OnlineOfferTests.App>
{
    /// <summary>The app with the citizens' upload limit out of the way: one citizen submits every offer here.</summary>
    public sealed class App : MotCuaApp
    {
        public App() => Settings["Motcua:Files:CitizenFilesPerHour"] = "100000";
    }

    private sealed record Adoption(string AgencyCode, string ProcedureCode, ProcedureSpec Spec)
    {
        public bool Online => Spec.PublishedChannels.Contains(Channel.Online);
    }

    // The adoptions of the units that receive dossiers and were not ended by a reorganisation, with their current versions.
    private async Task<List<Adoption>> AdoptionsAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var rows = await db.AgencyProcedures.AsNoTracking()
            .Join(db.Agencies.Where(a => a.ReceivesDossiers && a.EndedOn == null), p => p.AgencyId, a => a.Id, (p, a) => new { a.Code, p.ProcedureCode })
            .OrderBy(r => r.Code).ThenBy(r => r.ProcedureCode).ToListAsync();
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, [.. rows.Select(r => r.ProcedureCode).Distinct()], CancellationToken.None);
        return [.. rows.Where(r => specs.ContainsKey(r.ProcedureCode)).Select(r => new Adoption(r.Code, r.ProcedureCode, specs[r.ProcedureCode]))];
    }

    [Fact]
    public async Task Every_adoption_offered_online_is_listed_renders_and_is_received_and_no_other_is()
    {
        var adoptions = await AdoptionsAsync();
        Assert.Contains(adoptions, a => a.Online);
        Assert.Contains(adoptions, a => !a.Online);
        var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Trương Thị Mọi Thủ Tục");
        var client = await CitizenApiTests.ClientAsync(app, citizen);
        var failures = new List<string>();

        foreach (var unit in adoptions.GroupBy(a => a.AgencyCode))
        {
            var list = WebUtility.HtmlDecode(await client.GetStringAsync($"/cong-dan/nop?co-quan={Uri.EscapeDataString(unit.Key)}"));
            foreach (var adoption in unit)
            {
                var link = $"href=\"/cong-dan/nop/{unit.Key}/{adoption.ProcedureCode}\"";
                if (list.Contains(link, StringComparison.Ordinal) != adoption.Online)
                    failures.Add($"{unit.Key} {adoption.ProcedureCode}: {(adoption.Online ? "không có" : "có")} trong danh sách trực tuyến");
                var problem = adoption.Online ? await SubmitAsync(client, adoption) : await RefusedAsync(client, adoption);
                if (problem is not null) failures.Add($"{unit.Key} {adoption.ProcedureCode}: {problem}");
            }
        }
        var online = adoptions.Count(a => a.Online);
        output.WriteLine($"{adoptions.Count} adoptions: {online} offered online and received, {adoptions.Count - online} not offered");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(online, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE citizen_id = {citizen} AND status = 1 AND channel = 2"));
    }

    // The e-form page, then the submission with generated values and one PDF per required line: null when all is as it should be.
    private static async Task<string?> SubmitAsync(HttpClient client, Adoption adoption)
    {
        var form = CountedFees.FormOf(adoption.Spec);
        var page = await client.GetAsync($"/cong-dan/nop/{adoption.AgencyCode}/{adoption.ProcedureCode}");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        if (page.StatusCode != HttpStatusCode.OK) return $"trang tờ khai {(int)page.StatusCode}";
        if (form.FirstOrDefault(f => !html.Contains($"name=\"Form[{f.Name}]\"", StringComparison.Ordinal)) is { } missing)
            return $"trang tờ khai thiếu trường {missing.Name}";

        var required = SubmitModel.LinesOf(adoption.Spec, []).Where(l => l.Required).ToList();
        // At most MaxFilesPerDossier (20) files a request: a procedure with more lines sends them in several.
        var staged = new List<long>();
        foreach (var chunk in required.Chunk(new MotCua.Domain.Files.UploadLimits().MaxFilesPerDossier))
        {
            var files = CitizenApiTests.Files([.. chunk.Select(l => ($"{adoption.ProcedureCode}-{l.Index}.pdf",
                FileUploadTests.Pdf($"{adoption.AgencyCode} {adoption.ProcedureCode} {l.Index}")))]);
            var upload = await client.PostAsync("/cong-dan/api/files", files);
            if (upload.StatusCode != HttpStatusCode.Created) return $"tải tệp {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}";
            staged.AddRange((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        }
        var submitted = await client.PostAsJsonAsync("/cong-dan/api/dossiers", new
        {
            agencyCode = adoption.AgencyCode, procedureCode = adoption.ProcedureCode,
            applicant = new { fullName = "Trương Thị Mọi Thủ Tục", phone = "0905111333", address = "7 Lê Lợi, phường Thuận Hóa" },
            formData = OfficialBookTests.FormFor(form),
            documents = required.Select((l, i) => new { line = l.Index, stagedFiles = new[] { staged[i] } }).ToArray(),
        });
        var text = await submitted.Content.ReadAsStringAsync();
        if (submitted.StatusCode != HttpStatusCode.Created) return $"nộp {(int)submitted.StatusCode} {text}";
        var answer = JsonDocument.Parse(text).RootElement;
        if (answer.GetProperty("status").GetInt32() != 1) return $"trạng thái {answer.GetProperty("status").GetInt32()}";
        var dossier = await client.GetFromJsonAsync<JsonElement>(answer.GetProperty("url").GetString());
        var listed = dossier.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("document").GetString()).ToList();
        return listed.Order().SequenceEqual(required.Select(l => l.Spec.Name).Order()) ? null
            : $"hồ sơ {answer.GetProperty("code").GetString()} liệt kê tệp của [{string.Join("; ", listed)}], cần [{string.Join("; ", required.Select(l => l.Spec.Name))}]";
    }

    // A procedure the unit adopted but does not offer online: its submission is 422 naming procedureCode.
    private static async Task<string?> RefusedAsync(HttpClient client, Adoption adoption)
    {
        var refused = await client.PostAsJsonAsync("/cong-dan/api/dossiers", new
        {
            agencyCode = adoption.AgencyCode, procedureCode = adoption.ProcedureCode, applicant = new { }, documents = Array.Empty<object>(),
        });
        var text = await refused.Content.ReadAsStringAsync();
        return refused.StatusCode == HttpStatusCode.UnprocessableEntity && JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("procedureCode", out _)
            ? null : $"không trực tuyến mà nộp được: {(int)refused.StatusCode} {text}";
    }
}
