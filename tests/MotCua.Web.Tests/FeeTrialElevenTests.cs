using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The eleventh trial's HIGH finding over real HTTP and PostgreSQL (docs/FEES.md "Eleventh trial (fees19)"): 1.005071's
/// "Phí sát hạch lái tàu" (950,000) is a phí and "Lệ phí cấp Giấy phép lái tàu" (100,000) a lệ phí on the dossier, the
/// receipt and the fee register after one full payment by the partner's callback.
/// </summary>
public class FeeTrialElevenTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_train_driver_s_test_is_booked_as_phi_and_the_licence_as_le_phi_through_to_the_register_1_005071()
    {
        await CentreAdoption.AdoptAsync(app, ["1.005071"]);
        app.Clock.Now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = "1.005071", agencyCode = DemoData.CentreCode, channel = "direct",
            applicant = new { fullName = "Trần Thị Bình", idNumber = "046199701101", phone = "0905123456", email = "binh@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        // The dossier's fee: phí 950,000 and lệ phí 100,000, each item its own kind.
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var fee = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        output.WriteLine(fee.ToString());
        Assert.Equal((950_000L, 100_000L, 1_050_000L), (fee.GetProperty("feeVnd").GetInt64(), fee.GetProperty("chargeVnd").GetInt64(), fee.GetProperty("dueVnd").GetInt64()));

        // Paid in full by the partner's callback: one receipt whose lines keep the kinds.
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "trial11-bank");
        var now = app.Clock.Now;
        var paid = await partner.PaidAsync(app.CreateClient(), now, "T11-full", 1_050_000, PaymentRequests.PurposeOf(code), now);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT items::text FROM receipts WHERE payment_id = {paid.GetProperty("id").GetInt64()} AND cancelled_at IS NULL", connection);
        var lines = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.EnumerateArray()
            .Select(i => (Name: i.GetProperty("name").GetString()!, Kind: i.GetProperty("kind").GetString()!, Amount: i.GetProperty("amountVnd").GetInt64())).ToList();
        output.WriteLine(string.Join("\n", lines));
        Assert.Contains(("Phí sát hạch lái tàu", "fee", 950_000L), lines);
        Assert.Contains(("Lệ phí cấp Giấy phép lái tàu", "charge", 100_000L), lines);

        // The register books the receipt in both columns: phí 950,000, lệ phí 100,000.
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2026-12-03&to=2026-12-03")).GetProperty("register");
        var entry = Assert.Single(register.GetProperty("entries").EnumerateArray(), e => e.GetProperty("dossierCode").GetString() == code);
        Assert.Equal((950_000L, 100_000L), (entry.GetProperty("feeVnd").GetInt64(), entry.GetProperty("chargeVnd").GetInt64()));
    }
}
