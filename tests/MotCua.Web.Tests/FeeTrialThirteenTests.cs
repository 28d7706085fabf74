using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the thirteenth trial's (TRIAL14m) low findings over real HTTP and PostgreSQL (docs/FEES.md "Thirteenth trial
/// (fees23)"): every wrong field of the accountant's confirmation named in one 422 of the validation type, and both empty
/// halves of an intake exemption named.
/// </summary>
public class FeeTrialThirteenTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string ValidationType = Problems.TypeBase + "validation";

    [Fact]
    public async Task An_unreadable_paidAt_is_named_with_every_other_wrong_field_in_one_validation_problem_and_nothing_is_written()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 20, 9, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, idNumber: "046190023001"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($$"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, purpose, status, created_at)
            SELECT id, 'intake', 50000, '[{"name":"Lệ phí","kind":"charge","amountVnd":50000}]', '{{PaymentRequests.PurposeOf(code)}}', 'open', received_at
            FROM dossiers WHERE code = '{{code}}' RETURNING id
            """);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var payments = await app.ScalarAsync("SELECT count(*) FROM payments");

        // The trial's body, and each unreadable kind of paidAt beside a wrong amount and method.
        foreach (var paidAt in new object[] { "31/02/2026 25:00", "2025-11-20T09:00:00", 20251120, true })
        {
            var answer = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = -1, method = "bitcoin", paidAt });
            var problem = await IntakeApiTests.AssertProblem(answer, "paidAt");
            output.WriteLine($"{paidAt}: {problem}");
            var errors = problem.GetProperty("errors");
            Assert.Equal(["amountVnd", "method", "paidAt"], errors.EnumerateObject().Select(e => e.Name).Order());
            Assert.Equal(ValidationType, problem.GetProperty("type").GetString());
        }

        // A string amount and an unreadable paidAt: both named, with the validation answers' type.
        var both = await IntakeApiTests.AssertProblem(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = "50000", method = "cash", paidAt = "hôm qua" }), "amountVnd");
        Assert.Equal(["amountVnd", "paidAt"], both.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(ValidationType, both.GetProperty("type").GetString());
        Assert.Equal(payments, await app.ScalarAsync("SELECT count(*) FROM payments"));

        // The same route still confirms a readable body, paid after the request was raised.
        app.Clock.Now = new DateTimeOffset(2025, 11, 20, 10, 0, 0, VietnamTime.Offset);
        var paid = await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = 50_000, method = "cash", paidAt = "2025-11-20T09:30:00+07:00" });
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_exemption_with_empty_reason_and_empty_legal_basis_names_both_fields()
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        foreach (var (exemption, fields) in new (object, string[])[]
        {
            (new { reason = "", legalBasis = "" }, ["feeExemption.legalBasis", "feeExemption.reason"]),
            (new { reason = " ", legalBasis = "Luật Phí và lệ phí 2015" }, ["feeExemption.reason"]),
            (new { reason = "Hộ nghèo", legalBasis = "" }, ["feeExemption.legalBasis"]),
        })
        {
            var body = JsonSerializer.SerializeToNode(Requests.Dossier(idNumber: "046190023002"))!.AsObject();
            body["feeExemption"] = JsonSerializer.SerializeToNode(exemption);
            var problem = await IntakeApiTests.AssertProblem(await app.ApiClient().SubmitAsync(body), fields[0]);
            var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Where(n => n.StartsWith("feeExemption", StringComparison.Ordinal)).Order();
            Assert.Equal(fields, named);
        }
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }
}
