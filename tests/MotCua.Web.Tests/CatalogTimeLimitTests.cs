using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 9 after a full import of the national catalogue (2,642 rows): the report counts procedures by the unit of
/// their desk time limit, lists every assumption and every procedure it could not place, and real procedures come
/// out in the unit their published text gives (each checked by hand against the portal's row, quoted below).
/// </summary>
public class CatalogTimeLimitTests(FullCatalogApp app, ITestOutputHelper output) : IClassFixture<FullCatalogApp>
{
    public static TheoryData<string, string, string> Published => new()
    {
        // code, published direct (or first) row, the limit read
        { "1.000236", "Trực tiếp3 Ngày làm việc", "3 ngày làm việc" },
        { "1.000757", "Trực tiếp7 Ngày làm việc", "7 ngày làm việc" },
        { "1.000771", "Trực tiếp5 Ngày làm việc", "5 ngày làm việc" },
        { "1.000931", "Trực tiếp5 Ngày làm việc", "5 ngày làm việc" },
        { "1.001146", "Trực tiếp5 Ngày làm việc", "5 ngày làm việc" },
        { "1.012883", "Trực tiếp30 Ngày … Không quá 30 ngày, kể từ ngày cơ quan tiếp nhận nhận đủ hồ sơ hợp lệ", "30 ngày" },
        { "1.000253", "Trực tiếp7 Ngày", "7 ngày" },
        { "1.000807", "Trực tiếp5 Ngày", "5 ngày" },
        { "1.003116", "Trực tiếp10 Ngày", "10 ngày" },
        { "1.003482", "Trực tiếp90 Ngày (Luật Tố cáo Điều 21: 60 ngày, vụ việc phức tạp 90 ngày)", "90 ngày" },
        { "1.010047", "Trực tiếp1 Giờ … Thông báo kết quả ngay sau khi nhận đủ hồ sơ", "1 giờ làm việc" },
        { "2.001159", "Trực tiếp1 Giờ", "1 giờ làm việc" },
        { "3.000370", "Trực tiếp1 Giờ", "1 giờ làm việc" },
        { "3.000373", "Trực tiếp1 Giờ … Trong thời hạn tối đa 60 phút", "1 giờ làm việc" },
        { "1.003984", "Trực tiếp24 Giờ", "24 giờ làm việc" },
        { "1.001010", "Trực tiếp6 Tháng", "6 tháng" },
        { "1.003290", "Trực tiếp6 Tháng", "6 tháng" },
        { "1.004030", "Trực tiếp3 Tháng … Trong thời gian 3 tháng kể từ ngày tiếp nhận hồ sơ", "3 tháng" },
        { "2.000511", "Trực tiếp12 Tháng", "12 tháng" },
        { "1.002947", "Trực tiếp4 Tháng", "4 tháng" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public async Task Real_procedures_keep_the_unit_they_publish(string code, string published, string read)
    {
        using var scope = app.Services.CreateScope();
        var (spec, _) = (await ProcedureSpecs.LoadCurrentAsync(scope.ServiceProvider.GetRequiredService<MotCuaDb>(), code, CancellationToken.None))!.Value;
        Assert.True(spec.TimeTermsFor(Channel.Direct)?.TimeLimit?.ToString() == read, $"{code} publishes \"{published}\"");
    }

    [Fact]
    public async Task The_report_counts_every_procedure_by_unit_and_lists_what_it_could_not_place()
    {
        var issues = app.FirstImport.Issues.Deserialize<CatalogImportIssues>(ProcedureSpecs.Json)!;
        var limits = issues.TimeLimits!;
        foreach (var (key, label) in TimeLimitSummary.Units) output.WriteLine($"{label}: {limits.ByUnit[key]}");
        output.WriteLine($"assumptions: {limits.Doubts.Count} in {limits.Doubts.Select(d => d.Code).Distinct().Count()} procedures; unplaced: {limits.Unplaced.Count}");
        foreach (var u in limits.Unplaced) output.WriteLine($"  {u.Code} {u.Published} {u.Hint}");

        Assert.Equal(app.FirstImport.Total - app.FirstImport.RejectedRows, limits.ByUnit.Values.Sum());
        Assert.Equal(limits.ByUnit[TimeLimitSummary.None], limits.Unplaced.Count);
        Assert.All(["workingDays", "calendarDays", "workingHours", "months"], unit => Assert.True(limits.ByUnit[unit] > 0, unit));
        // Every assumption names its procedure, and every channel doubt of the imported specs is listed.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var certification = (await ProcedureSpecs.LoadCurrentAsync(db, "2.000815", CancellationToken.None))!.Value.Spec;
        // The catalogue publishes no limit for 2.000815: the report lists it, and the version the import writes keeps the limit
        // of Nghị định 23/2015/NĐ-CP Điều 7 the demo had set (seventh trial: a re-import left it unreceivable).
        Assert.StartsWith("Theo Nghị định 23/2015/NĐ-CP", certification.TimeTermsFor(Channel.Direct)!.TimeText, StringComparison.Ordinal);
        Assert.Contains(limits.Unplaced, u => u.Code == "2.000815");

        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync($"/quan-tri/thu-tuc/nhap/{app.FirstImport.Id}");
        Assert.Contains("Thời hạn giải quyết theo đơn vị công bố", page);
        Assert.Contains($"<tr data-unit=\"calendarDays\"><td>Ngày (theo lịch)</td><td>{limits.ByUnit["calendarDays"]}</td></tr>", page);
        Assert.Contains("Không xác định được thời hạn", page);
    }

    [Fact]
    public async Task A_doubt_is_shown_on_the_procedure_page_for_the_administrator_to_confirm()
    {
        var issues = app.FirstImport.Issues.Deserialize<CatalogImportIssues>(ProcedureSpecs.Json)!;
        var doubt = issues.TimeLimits!.Doubts.First();
        var admin = await app.OfficerAsync("quantri");
        var response = await admin.GetAsync($"/quan-tri/thu-tuc/{doubt.Code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Cần xác nhận: " + doubt.Doubt, page);
        Assert.Contains("Đã đối chiếu với văn bản công bố", page);
    }
}
