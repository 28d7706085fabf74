using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 14, the payment path as people walk it in Chromium (docs/FEES.md "Browser journey"): the desk receives a dossier of
/// a procedure with a fee, its VietQR is read back from the page's pixels, a partner's signed callback arrives over real
/// HTTP, the dossier page shows the payment and its receipt, whose PDF is rendered and read; a financial obligation paid by
/// callback ends the pause at the paid instant; the accountant confirms cash on /ke-toan. Screenshots:
/// artifacts/screenshots/payment-*.png.
/// </summary>
public class PaymentJourneyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"payment-{name}.png"), FullPage = true });

    /// <summary>
    /// The first procedure adopted at the centre whose fee, fixed by the Domain's own rule for a paper dossier received
    /// today, is due: chosen from the adoptions and the catalogue, so a change of the demo data moves the journey with it.
    /// </summary>
    private async Task<(string Code, long DueVnd)> FirstProcedureWithAFeeAsync()
    {
        await app.ScalarAsync("SELECT 1");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var adoptions = await db.AgencyProcedures.AsNoTracking().Where(a => a.AgencyId == db.Agencies.Single(x => x.Code == DemoData.CentreCode).Id)
            .OrderBy(a => a.ProcedureCode).ToListAsync();
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, [.. adoptions.Select(a => a.ProcedureCode)], CancellationToken.None);
        foreach (var adoption in adoptions)
        {
            var rules = specs[adoption.ProcedureCode].Channels.FirstOrDefault(c => c.Channel == Channel.Direct) is { } direct ? FeeTextReader.Read(specs[adoption.ProcedureCode], direct) : null;
            var fee = DossierFee.Fix(rules, Channel.Direct, VietnamTime.DateOf(app.Clock.Now), adoption.Fee is { } local ? (long)local : null, adoption.FeeText, null);
            if (fee.DueVnd > 0) return (adoption.ProcedureCode, fee.DueVnd);
        }
        throw new Xunit.Sdk.XunitException("no procedure adopted at the centre has a fee due: the demo lost its priced procedures");
    }

    private async Task<CollectionAccountRow> CentreAccountAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        return await db.CollectionAccounts.AsNoTracking().SingleAsync(a => a.Active && a.AgencyId == db.Agencies.Single(x => x.Code == DemoData.CentreCode).Id);
    }

    private async Task<Dossier> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    /// <summary>The QR as the officer's screen draws it: the figure's pixels decoded by zbarimg, then parsed by the Domain.</summary>
    private static async Task<VietQrPayment> QrOnScreenAsync(IPage page, string name)
    {
        var figure = page.Locator("figure.vietqr");
        Assert.Equal(1, await figure.CountAsync());
        var png = Path.Combine(Screenshots, $"payment-{name}-qr.png");
        await figure.Locator("svg").ScreenshotAsync(new() { Path = png });
        var text = MotCuaApp.Tool("zbarimg", $"--raw -q {png}").Trim();
        Assert.Equal(await figure.GetAttributeAsync("data-vietqr"), text);
        return VietQr.TryParse(text, out var error) ?? throw new Xunit.Sdk.XunitException($"the QR on the page does not parse: {error}");
    }

    /// <summary>The administrator adds a partner through the admin API over real HTTP; the secret is answered once.</summary>
    private async Task<PaymentPartner> PartnerAsync(string name) =>
        await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name, "Ngân hàng TMCP Công Thương Việt Nam");

    /// <summary>The bank's callback, signed as docs/FEES.md tells a partner to (HMAC-SHA256 of "{timestamp}.{body}", hex),
    /// computed with .NET's HMAC rather than the server's helper (<see cref="PaymentPartner"/>), and sent to the real port;
    /// it settles the request (no flag).</summary>
    private async Task<JsonElement> CallbackAsync(PaymentPartner partner, string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var payment = await partner.PaidAsync(http, app.Clock.Now, transactionId, amountVnd, purpose, paidAt);
        Assert.True(payment.GetProperty("flag").ValueKind == JsonValueKind.Null, payment.GetRawText());
        return payment;
    }

    /// <summary>The dossier page's payments table row: amount, method, paid at and the receipt link; the receipt PDF opened
    /// from that link, rendered by pdftoppm (payment-{name}.png, to look at) and read by pdftotext and zbarimg.</summary>
    private async Task<string> ReceiptFromThePageAsync(IPage page, string code, long amountVnd, string method, DateTimeOffset paidAt, string name)
    {
        var row = page.Locator("#payments tbody tr");
        Assert.Equal(1, await row.CountAsync());
        var cells = await row.InnerTextAsync();
        Assert.Contains(amountVnd.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng", cells);
        Assert.Contains(method, cells);
        Assert.Contains(paidAt.ToOffset(VietnamTime.Offset).ToString("dd/MM/yyyy HH:mm"), cells);
        var link = row.Locator("a.receipt-pdf");
        var number = (await link.InnerTextAsync()).Replace("Biên lai số ", "");
        Assert.Matches(@"^[A-Z]{2}-\d{2}E-\d{7}$", number);

        var response = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), await link.GetAttributeAsync("href")).ToString());
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        var pdf = Path.Combine(Screenshots, $"payment-{name}.pdf");
        await File.WriteAllBytesAsync(pdf, await response.BodyAsync());
        MotCuaApp.Tool("pdftoppm", $"-png -r 110 -singlefile {pdf} {Path.Combine(Screenshots, $"payment-{name}")}");
        var text = MotCuaApp.Tool("pdftotext", $"-layout {pdf} -");
        Assert.Contains("BIÊN LAI THU PHÍ, LỆ PHÍ", text);
        Assert.Contains(number[(number.LastIndexOf('-') + 1)..], text);
        Assert.Contains(amountVnd.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")), text);
        var verify = MotCuaApp.Tool("zbarimg", $"--raw -q {Path.Combine(Screenshots, $"payment-{name}.png")}").Trim();
        Assert.Contains("/xac-thuc/bien-lai/", verify);
        output.WriteLine($"{code}: biên lai {number}, {amountVnd:N0} đồng, {method}, QR xác thực {verify}");
        return number;
    }

    [Fact]
    public async Task The_desk_shows_the_VietQR_a_bank_callback_pays_it_and_the_receipt_opens()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = At(17, 9);
        var (procedure, due) = await FirstProcedureWithAFeeAsync();
        var account = await CentreAccountAsync();
        output.WriteLine($"thủ tục có phí đầu tiên tại Trung tâm: {procedure}, phải nộp {due:N0} đồng");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.trungtam");
        var code = await DeskEveryProcedureTests.ReceiveAsync(desk, baseUrl, procedure);
        Assert.Contains(due.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng", await desk.Locator("#fee-due").InnerTextAsync());
        Assert.Contains("chưa nộp", await desk.Locator(".payment-request").InnerTextAsync());
        await ShotAsync(desk, "01-desk-received");
        var qr = await QrOnScreenAsync(desk, "01-desk");
        Assert.Equal(due, qr.AmountVnd);
        Assert.Equal((account.BankBin, account.AccountNumber), (qr.BankBin, qr.AccountNumber));
        Assert.EndsWith(code, qr.Purpose);
        var accountShown = await desk.Locator(".payment-request").InnerTextAsync();
        Assert.Contains(account.AccountNumber, accountShown);
        Assert.Contains(BankDirectory.Default.Find(account.BankBin)!.ShortName, accountShown);
        // On a 360 px phone the QR wraps below the facts, and nothing is wider than the screen.
        await desk.SetViewportSizeAsync(360, 740);
        await ShotAsync(desk, "01-desk-received-360");
        Assert.True(await desk.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the dossier page is {await desk.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide at 360 px");
        await desk.SetViewportSizeAsync(1280, 900);

        // The public lookup shows the same QR, nothing personal beside it.
        var citizen = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await citizen.GotoAsync($"{baseUrl}/tra-cuu?ma={code}");
        Assert.Equal(qr, await QrOnScreenAsync(citizen, "02-lookup"));
        Assert.DoesNotContain("046192003456", await citizen.ContentAsync());
        await ShotAsync(citizen, "02-lookup-open");

        // The citizen pays by scanning it 25 minutes later; the bank reports it at once, its description around the purpose.
        var partner = await PartnerAsync("vietinbank");
        app.Clock.Now = At(17, 9, 30);
        var paidAt = At(17, 9, 25);
        var payment = await CallbackAsync(partner, "FT25321" + code[^4..], due, $"CT DEN:532109 {qr.Purpose} FT25321", paidAt);
        Assert.Equal(code, payment.GetProperty("dossierCode").GetString());

        await desk.ReloadAsync();
        Assert.Equal(0, await desk.Locator("figure.vietqr").CountAsync());
        Assert.Contains("đã nộp", await desk.Locator(".payment-request").InnerTextAsync());
        await ShotAsync(desk, "03-desk-paid");
        var number = await ReceiptFromThePageAsync(desk, code, due, "Trực tuyến", paidAt, "04-receipt");
        // One display of a receipt's number everywhere: the callback's answer, the page and GET …/payments (MC-25E-0000001).
        Assert.Equal(payment.GetProperty("receiptNumber").GetString(), number);

        // The public lookup no longer offers a QR for a paid request.
        await citizen.ReloadAsync();
        Assert.Equal(0, await citizen.Locator("figure.vietqr").CountAsync());
        await ShotAsync(citizen, "04-lookup-after-payment");
    }

    [Fact]
    public async Task A_financial_obligation_paid_by_callback_resumes_the_clock_at_the_paid_instant()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        // Received Monday 17/11 09:00; the obligation at 09:30; paid Wednesday 19/11 09:30; the bank reports it Thursday 10:00.
        app.Clock.Now = At(17, 9);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Trần Thị Bình"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("truongphong.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{code}/assign", new { userName = "chuyenvien.trungtam" })).StatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        app.Clock.Now = At(17, 9, 30);
        var clerk = await Browsers.SignedInPageAsync(browser, baseUrl, "chuyenvien.trungtam");
        await clerk.GotoAsync($"{baseUrl}/ho-so/{code}");
        await clerk.FillAsync("#obligation-note", "Nộp lệ phí cấp giấy chứng nhận theo thông báo");
        await clerk.FillAsync("#obligation-amount", "1.250.000");
        await clerk.CheckAsync("input[name='f.Kind'][value='charge']");
        await clerk.Locator("#act-RequireFinancialObligation button[type=submit]").ClickAsync();
        await clerk.Locator("#action-done").WaitForAsync();
        Assert.Equal("Yêu cầu thực hiện nghĩa vụ tài chính", await clerk.Locator("#dossier-status").InnerTextAsync());
        var dueBefore = (await DossierAsync(code)).DueAt!.Value;
        await ShotAsync(clerk, "05-obligation-requested");
        var qr = await QrOnScreenAsync(clerk, "05-obligation");
        Assert.Equal(1_250_000, qr.AmountVnd);
        Assert.EndsWith(code, qr.Purpose);

        var partner = await PartnerAsync("vcb-obligation");
        app.Clock.Now = At(20, 10);
        var paidAt = At(19, 9, 30);
        await CallbackAsync(partner, "FT25323" + code[^4..], 1_250_000, qr.Purpose, paidAt);

        // Three days later the clerk signs in again (the session of Monday has expired) and opens the dossier.
        await clerk.Context.CloseAsync();
        clerk = await Browsers.SignedInPageAsync(browser, baseUrl, "chuyenvien.trungtam");
        await clerk.GotoAsync($"{baseUrl}/ho-so/{code}");
        Assert.Equal("Đang xử lý", await clerk.Locator("#dossier-status").InnerTextAsync());
        Assert.Equal(0, await clerk.Locator("figure.vietqr").CountAsync());
        await ShotAsync(clerk, "06-obligation-paid");

        var dossier = await DossierAsync(code);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.SingleAsync(a => a.Id == dossier.ReceivingAgencyId));
        var waited = calendar.WorkingTimeBetween(At(17, 9, 30), paidAt);
        Assert.Equal(calendar.WorkingTimeOf(TimeLimit.Days(2)), waited);
        Assert.Equal(paidAt, dossier.Pauses.Single().To);
        Assert.Equal(calendar.AddWorkingTime(dueBefore, waited), dossier.DueAt);
        Assert.Contains(dossier.DueAt!.Value.ToOffset(VietnamTime.Offset).ToString("dd/MM/yyyy"), await clerk.Locator("#due-at").InnerTextAsync());
        output.WriteLine($"{code}: hẹn trả {VietnamTime.ToVietnam(dueBefore):HH:mm dd/MM/yyyy} → {VietnamTime.ToVietnam(dossier.DueAt.Value):HH:mm dd/MM/yyyy} (chờ {waited.TotalHours} giờ làm việc)");
        await ReceiptFromThePageAsync(clerk, code, 1_250_000, "Trực tuyến", paidAt, "07-receipt-obligation");
    }

    [Fact]
    public async Task The_accountant_confirms_cash_on_the_accounting_page()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = At(18, 14);
        var (procedure, due) = await FirstProcedureWithAFeeAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.trungtam");
        var code = await DeskEveryProcedureTests.ReceiveAsync(desk, baseUrl, procedure);

        app.Clock.Now = At(18, 14, 10);
        var accountant = await Browsers.SignedInPageAsync(browser, baseUrl, "ketoan.trungtam");
        await accountant.GotoAsync($"{baseUrl}/ke-toan");
        var row = accountant.Locator("#requests tbody tr", new() { HasTextString = code });
        Assert.Equal(1, await row.CountAsync());
        // The amount as people write it ("2.000"), which the page reads back as đồng.
        Assert.Equal(due.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN")), await row.Locator("input[name=amountVnd]").InputValueAsync());
        // The row's form is folded in a <details> (the page lists 20 requests a page): opened on demand.
        await row.Locator("summary").ClickAsync();
        await row.Locator("select[name=method]").SelectOptionAsync("cash");
        await row.Locator("input[name=payerName]").FillAsync("Hoàng Thị Minh Thư");
        await ShotAsync(accountant, "08-accountant");
        await row.Locator("button[type=submit]").ClickAsync();
        await accountant.Locator("#message").WaitForAsync();
        await ShotAsync(accountant, "09-accountant-confirmed");
        Assert.Equal(0, await accountant.Locator("#requests tbody tr", new() { HasTextString = code }).CountAsync());

        await desk.GotoAsync($"{baseUrl}/ho-so/{code}");
        Assert.Equal(0, await desk.Locator("figure.vietqr").CountAsync());
        await ShotAsync(desk, "10-cash-paid");
        await ReceiptFromThePageAsync(desk, code, due, "Tiền mặt", app.Clock.Now, "11-receipt-cash");
    }
}
