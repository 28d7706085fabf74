using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Features.Catalog;

namespace MotCua.Web.Tests;

/// <summary>Re-importing changed rows: a new version, the report says what changed, dossiers keep their version.</summary>
public class CatalogVersioningTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<CatalogImport> ImportAsync(params string[] lines)
    {
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        return await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "test.jsonl", null, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_changed_row_adds_a_version_and_dossiers_keep_the_one_they_were_received_under()
    {
        const string code = "1.000894";
        var published = CatalogFile.LineOf(code);
        await ImportAsync(published);
        var before = await app.ScalarAsync($"SELECT current_version FROM procedures WHERE code = '{code}'");
        var received = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: code));
        var dossier = await received.Content.ReadFromJsonAsync<JsonElement>();
        var dossierCode = dossier.GetProperty("code").GetString();

        var row = JsonNode.Parse(published)!.AsObject();
        row["yeu_cau_dieu_kien"] = "Hai bên nam, nữ có mặt tại trụ sở Ủy ban nhân dân cấp xã khi đăng ký kết hôn.";
        var changed = row.ToJsonString();
        var report = await ImportAsync(changed);

        Assert.Equal((0, 1, 0), (report.Added, report.Changed, report.Unchanged));
        var change = Assert.Single(report.Changes.Deserialize<List<ChangedProcedure>>(ProcedureSpecs.Json)!);
        Assert.Equal((code, (int)before, (int)before + 1), (change.Code, change.FromVersion, change.ToVersion));
        Assert.Equal(new[] { "conditions" }, change.Components);
        Assert.Equal(before + 1, await app.ScalarAsync($"SELECT current_version FROM procedures WHERE code = '{code}'"));
        Assert.Equal(before, await app.ScalarAsync($"SELECT procedure_version FROM dossiers WHERE code = '{dossierCode}'"));

        var again = await ImportAsync(changed);
        Assert.Equal((0, 0, 1), (again.Added, again.Changed, again.Unchanged));
    }

    [Fact]
    public async Task A_new_version_keeps_the_locally_declared_e_form()
    {
        var row = JsonNode.Parse(CatalogFile.LineOf(CatalogDemo.BirthRegistrationCode))!.AsObject();
        row["ten_thu_tuc"] = "Thủ tục đăng ký khai sinh (sửa đổi)";
        var report = await ImportAsync(row.ToJsonString());

        Assert.Equal(1, report.Changed);
        var detail = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures/{CatalogDemo.BirthRegistrationCode}");
        Assert.Equal("Thủ tục đăng ký khai sinh (sửa đổi)", detail.GetProperty("procedure").GetProperty("name").GetString());
        Assert.Equal(CatalogDemo.BirthRegistrationForm.Count, detail.GetProperty("procedure").GetProperty("formFields").GetArrayLength());
    }

    [Fact]
    public async Task Partly_parsed_rows_are_stored_and_listed_and_unusable_lines_are_reported()
    {
        var partial = CatalogFile.Lines.First(l => NationalCatalogParser.ParseLine(l).Quality == ParseQuality.Partial);
        var partialCode = NationalCatalogParser.ParseLine(partial).Spec.Code;
        var report = await ImportAsync(partial, "{ không phải JSON", """{"ma_thu_tuc": "", "ten_thu_tuc": "Không có mã"}""");

        Assert.Equal((3, 1, 2), (report.Total, report.PartialRows, report.RejectedRows));
        var issues = report.Issues.Deserialize<CatalogImportIssues>(ProcedureSpecs.Json)!;
        var listed = Assert.Single(issues.Partial);
        Assert.Equal(partialCode, listed.Code);
        Assert.All(listed.Issues, i => Assert.Equal(ParseIssueKind.RawTextKept, i.Kind));
        Assert.Equal(new[] { 2, 3 }, issues.Rejected.Select(r => r.Line));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM procedures WHERE code = '{partialCode}' AND partial"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT partial_rows FROM catalog_imports WHERE id = {report.Id}"));
    }
}
