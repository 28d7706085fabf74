using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Documents;
using MotCua.Web.Features;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Document numbers (Nghị định 30/2020/NĐ-CP Art. 15, Phụ lục I ô 3) on the real PostgreSQL: one number per document,
/// the same on every reprint, consecutive per issuing agency, kind and year, without gaps or twins under concurrency;
/// and who signs, as the administrator sets it.
/// </summary>
public class IssuedFormsTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<T> InScopeAsync<T>(Func<IssuedForms, MotCuaDb, Task<T>> work)
    {
        app.StartServer();
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IssuedForms>(), scope.ServiceProvider.GetRequiredService<MotCuaDb>());
    }

    private static Task<Agency> CentreAsync(MotCuaDb db) => db.Agencies.AsNoTracking().FirstAsync(a => a.Code == DemoData.CentreCode);

    [Fact]
    public async Task A_reprint_has_the_number_of_the_first_issue_and_the_next_document_the_next_number()
    {
        var at = new DateTimeOffset(2031, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));
        var (first, again, next) = await InScopeAsync(async (forms, db) =>
        {
            var centre = await CentreAsync(db);
            return (await forms.NumberAsync(centre, DocumentKind.Apology, "test:reprint:1", at, default),
                await forms.NumberAsync(centre, DocumentKind.Apology, "test:reprint:1", at.AddDays(3), default),
                await forms.NumberAsync(centre, DocumentKind.Apology, "test:reprint:2", at, default));
        });
        Assert.Equal("01/PXL-TTPVHCC", first);
        Assert.Equal(first, again);
        Assert.Equal("02/PXL-TTPVHCC", next);
    }

    [Fact]
    public async Task Numbers_start_again_each_year_in_vietnam_time_and_each_kind_counts_alone()
    {
        // 31/12/2032 23:30 in Huế is still 2032; 00:30 on 1/1/2033 is the new year's first.
        var lastOfYear = new DateTimeOffset(2032, 12, 31, 23, 30, 0, TimeSpan.FromHours(7));
        var numbers = await InScopeAsync(async (forms, db) =>
        {
            var centre = await CentreAsync(db);
            return new[]
            {
                await forms.NumberAsync(centre, DocumentKind.StopNotice, "test:year:a", lastOfYear, default),
                await forms.NumberAsync(centre, DocumentKind.StopNotice, "test:year:b", lastOfYear.AddHours(1), default),
                await forms.NumberAsync(centre, DocumentKind.ExtensionRequest, "test:year:c", lastOfYear.AddHours(1), default),
            };
        });
        Assert.Equal(["01/TB-TTPVHCC", "01/TB-TTPVHCC", "01/TTPVHCC"], numbers);
        var years = await app.ScalarAsync("SELECT count(DISTINCT year) FROM issued_documents WHERE key LIKE 'test:year:%'");
        Assert.Equal(2, years);
    }

    [Fact]
    public async Task Kinds_printed_with_the_same_symbol_share_one_series_so_no_number_is_printed_twice()
    {
        var at = new DateTimeOffset(2036, 2, 2, 9, 0, 0, TimeSpan.FromHours(7));
        var numbers = await InScopeAsync(async (forms, db) =>
        {
            var centre = await CentreAsync(db);
            return new[]
            {
                await forms.NumberAsync(centre, DocumentKind.StopNotice, "test:series:stop", at, default),
                await forms.NumberAsync(centre, DocumentKind.ResultNotice, "test:series:result", at, default),
                await forms.NumberAsync(centre, DocumentKind.EarlyReturnNotice, "test:series:early", at, default),
                await forms.NumberAsync(centre, DocumentKind.ExtensionRequest, "test:series:extension", at, default),
                await forms.NumberAsync(centre, DocumentKind.LossApology, "test:series:loss", at, default),
                await forms.NumberAsync(centre, DocumentKind.Apology, "test:series:apology", at, default),
            };
        });
        Assert.Equal(["01/TB-TTPVHCC", "02/TB-TTPVHCC", "03/TB-TTPVHCC", "01/TTPVHCC", "02/TTPVHCC", "01/PXL-TTPVHCC"], numbers);
    }

    [Fact]
    public async Task A_document_is_kept_as_first_signed_and_every_reprint_is_that_file()
    {
        var at = new DateTimeOffset(2037, 3, 3, 9, 0, 0, TimeSpan.FromHours(7));
        var (first, second, stored, living) = await InScopeAsync(async (forms, db) =>
        {
            var centre = await CentreAsync(db);
            await forms.NumberAsync(centre, DocumentKind.StopNotice, "test:frozen", at, default);
            var first = await forms.SignAsync(Letter("Bản ký lần đầu"), DocumentKind.StopNotice, "test", centre, default, "test:frozen");
            var second = await forms.SignAsync(Letter("Bản in lại có nội dung khác"), DocumentKind.StopNotice, "test", centre, default, "test:frozen");
            var living = await forms.SignAsync(Letter("Phiếu kiểm soát"), DocumentKind.ControlSlip, "test", centre, default);
            return (first, second, await forms.IssuedAsync("test:frozen", default), living);
        });
        Assert.Equal(first, second);
        Assert.Equal(first, stored);
        Assert.Contains("Bản ký lần đầu", PdfTools.Text(PdfTools.Save("frozen", second)));
        PdfTools.AssertSignedAndIntact(living, "living");
    }

    private static byte[] Letter(string text) => ResultDocument.Pdf(new ResultForm
    {
        Letterhead = new("UBND THÀNH PHỐ HUẾ", "Trung tâm Phục vụ hành chính công thành phố Huế", "Huế"),
        DossierCode = "000.00.01.H46-370303-0001", ApplicantName = "Nguyễn Văn An", ApplicantAddress = "Huế",
        ProcedureName = "Đăng ký khai sinh", Refused = false, Note = text, DecidedAt = new DateTimeOffset(2037, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)),
        Signer = new Signatory(null, "Giám đốc", "Nguyễn Văn Thành"), ReturnUnitName = "Trung tâm Phục vụ hành chính công thành phố Huế",
        VerifyUrl = "https://example.vn/xac-thuc",
    });

    [Fact]
    public async Task Concurrent_issues_take_consecutive_numbers_and_a_key_issued_twice_at_once_gets_one()
    {
        var at = new DateTimeOffset(2034, 6, 1, 9, 0, 0, TimeSpan.FromHours(7));
        // 40 documents, each asked for twice at the same time.
        var tasks = Enumerable.Range(0, 80).Select(i => InScopeAsync(async (forms, db) =>
            (Key: i % 40, Number: await forms.NumberAsync(await CentreAsync(db), DocumentKind.FieldVerification, $"test:race:{i % 40}", at, default))));
        var results = await Task.WhenAll(tasks);
        Assert.All(results.GroupBy(r => r.Key), g => Assert.Single(g.Select(r => r.Number).Distinct()));
        var serials = results.Select(r => r.Number).Distinct().Select(n => int.Parse(n.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(1, 40), serials);
    }

    [Fact]
    public async Task The_administrator_sets_who_signs_and_the_symbol_and_bad_values_are_refused_by_field()
    {
        using var admin = await app.OfficerAsync("quantri");
        var body = Admin.NewCommuneUnit("000.10.61.H46", "Trung tâm Phục vụ hành chính công phường Kim Long", "19774");
        var node = System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
        node["headTitle"] = "Giám đốc";
        node["headName"] = "Nguyễn Thị Lan";
        node["symbol"] = "ttpvhcc-kl";
        (await admin.PostAsJsonAsync("/api/v1/admin/agencies", node)).EnsureSuccessStatusCode();
        var (signer, symbol) = await InScopeAsync(async (_, db) =>
        {
            var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Code == "000.10.61.H46");
            return (IssuedForms.HeadOf(agency), IssuedForms.SymbolOf(agency));
        });
        Assert.Equal(new Signatory(null, "Giám đốc", "Nguyễn Thị Lan"), signer);
        Assert.Equal("TTPVHCC-KL", symbol);

        node["code"] = "000.10.62.H46";
        node["symbol"] = "TT PV";
        node["headTitle"] = "";
        var refused = await admin.PostAsJsonAsync("/api/v1/admin/agencies", node);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\"symbol\"", problem);
        Assert.Contains("\"headTitle\"", problem);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM agencies WHERE code = '000.10.62.H46'"));
    }

    [Fact]
    public async Task A_deputy_signs_for_the_head()
    {
        var signer = await InScopeAsync(async (_, db) =>
        {
            var centre = await CentreAsync(db);
            var leader = await db.Users.AsNoTracking().FirstAsync(u => u.UserName == "lanhdao.trungtam");
            return IssuedForms.Of(centre, leader.FullName, leader.Position);
        });
        Assert.Equal(new Signatory("KT. Giám đốc", "Phó Giám đốc", "Tôn Thất Minh"), signer);
    }
}
