using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// The steps the FeeTrial* and later fee classes repeat (brief fees39, item 4), over real HTTP: a dossier submitted by the
/// API client, an officer's POST that must answer 200, a payment request put in for a dossier that has none, a status-6
/// obligation taken through the centre's transfer and assignment, a payment partner registered by the administrator.
/// Used by the classes written since; the older classes keep their own copies until they are next touched.
/// </summary>
internal static class FeeTrialSteps
{
    /// <summary>The answer's JSON; fails the test with the status and body unless 200.</summary>
    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/> as demo user <paramref name="user"/>; the answer's JSON, 200 required.</summary>
    public static async Task<JsonElement> PostOkAsync(this MotCuaApp app, string user, string url, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync(url, body));

    /// <summary>A dossier of <paramref name="procedureCode"/> submitted at <paramref name="agencyCode"/> (default the
    /// provincial centre) by the API client for applicant <paramref name="idNumber"/>: its code, 201 required.</summary>
    public static async Task<string> SubmitAsync(this MotCuaApp app, string procedureCode, string idNumber, string agencyCode = DemoData.CentreCode)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedureCode, agencyCode: agencyCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>An open intake request of <paramref name="amountVnd"/> (one lệ phí item, the intake description, raised
    /// when the dossier was received) put in for dossier <paramref name="code"/>, for a procedure with no fee: its id.</summary>
    public static Task<long> IntakeRequestAsync(this MotCuaApp app, string code, long amountVnd) => app.ScalarAsync($$"""
        INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, purpose, status, created_at)
        SELECT id, 'intake', {{amountVnd}}, '[{"name":"Lệ phí đăng ký","kind":"charge","amountVnd":{{amountVnd}}}]', '{{PaymentRequests.PurposeOf(code)}}', 'open', received_at
        FROM dossiers WHERE code = '{{code}}' RETURNING id
        """);

    /// <summary>Dossier <paramref name="code"/>, received at the centre, transferred, assigned to its specialist and put in
    /// status 6 with an obligation of <paramref name="amountVnd"/> of <paramref name="kind"/>: the obligation's request id.</summary>
    public static async Task<long> ObligationAsync(this MotCuaApp app, string code, long amountVnd, string kind = ObligationKinds.Levy)
    {
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/transfer", new { });
        await app.PostOkAsync("truongphong.trungtam", $"/api/v1/dossiers/{code}/assign", new { userName = "chuyenvien.trungtam" });
        await app.PostOkAsync("chuyenvien.trungtam", $"/api/v1/dossiers/{code}/financial-obligation", new { note = "Tiền sử dụng đất", amountVnd, kind });
        return await app.ScalarAsync($"SELECT max(r.id) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation'");
    }

    /// <summary>Payment partner <paramref name="name"/> registered by the administrator (<see cref="PaymentPartner.CreateAsync"/>).</summary>
    public static async Task<PaymentPartner> PartnerAsync(this MotCuaApp app, string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);
}
