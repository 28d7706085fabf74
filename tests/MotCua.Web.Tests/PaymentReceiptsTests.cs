using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Receipts;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, receipts: IPaymentReceipts numbers receipts without a gap per agency, form and series, even when payments
/// are confirmed at once or a payment's transaction rolls back. Payments are written by SQL per migration 0032's
/// contract (the payments feature is another branch).
/// </summary>
public class PaymentReceiptsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private async Task<(long Dossier, long Payment)> PaymentAsync(long amount)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Trần Thị Bình"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        var items = $$"""[{"name":"Lệ phí cấp giấy","kind":"charge","amountVnd":{{amount - 5000}}},{"name":"Phí thẩm định","kind":"fee","amountVnd":5000}]""";
        return (dossier, await app.InsertAsync(dossier, amount, items, code, "cash", "Trần Thị Bình"));
    }

    private async Task<List<int>> NumbersAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        return await db.Database.SqlQuery<int>($"SELECT number AS \"Value\" FROM receipts ORDER BY number").ToListAsync();
    }

    [Fact]
    public async Task Receipts_issued_at_once_or_after_a_rollback_are_numbered_without_a_gap()
    {
        var payments = new List<long>();
        for (var i = 0; i < 21; i++) payments.Add((await PaymentAsync(25_000 + i * 1000)).Payment);

        // A payment whose transaction rolls back returns its number.
        await app.IssueReceiptAsync(payments[0], commit: false);
        Assert.Empty(await NumbersAsync());

        // Twenty payments confirmed at once.
        var ids = await Task.WhenAll(payments.Skip(1).Select(p => app.IssueReceiptAsync(p)));
        Assert.Equal(20, ids.Distinct().Count());
        await app.IssueReceiptAsync(payments[0]);
        var numbers = await NumbersAsync();
        output.WriteLine($"receipts: {numbers.Count}, numbers {numbers.Min()}..{numbers.Max()}, first gap: {ReceiptNumbering.FirstGap(numbers)?.ToString() ?? "none"}");
        Assert.Equal(21, numbers.Count);
        Assert.Null(ReceiptNumbering.FirstGap(numbers));

        // Issuing again for a payment answers the receipt already issued.
        Assert.Equal(ids[0], await app.IssueReceiptAsync(payments[1]));
        Assert.Equal(21, (await NumbersAsync()).Count);

        // The receipt carries the series of its year of issue (the app clock's), the request's items and the payer.
        var first = await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {ids[0]} AND series = '{ReceiptNumbering.Series(app.Clock.Now.ToOffset(TimeSpan.FromHours(7)).Year)}' AND form_number = '01BLP0-001' AND payer_name = 'Trần Thị Bình' AND jsonb_array_length(items) = 2 AND amount_vnd = 26000 AND length(verification_token) = 24");
        Assert.InRange(first, 1, 21);
    }
}
