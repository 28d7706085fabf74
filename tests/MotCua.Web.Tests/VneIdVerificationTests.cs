using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Intake;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17 (766 index, 4.4; design §7.4): a citizen signed in by VNeID through the simulator process (as
/// <see cref="CitizenSignInTests"/> signs one in) who submits their own dossier gets a
/// <c>dossier_applicant_verifications</c> row, method 2, written by intake's statement with the dossier: the same CCCD
/// and the same name, case, spaces and Unicode composition aside. Submitting for another person, or signed in by a
/// one-time code, writes none.
/// </summary>
public class VneIdVerificationTests(VneIdVerificationTests.Host host) : IClassFixture<VneIdVerificationTests.Host>
{
    /// <summary>One app pointed at one VNeID simulator.</summary>
    public sealed class Host : IDisposable
    {
        public VneIdProcess VneId { get; } = new();
        public MotCuaApp App { get; } = new();

        public Host()
        {
            // The simulator's tokens are stamped with the real time.
            App.Clock.Now = DateTimeOffset.UtcNow;
            VneId.Configure(App);
            _ = App.BaseAddress;
        }

        public void Dispose()
        {
            App.Dispose();
            VneId.Dispose();
        }
    }

    private MotCuaApp App => host.App;

    /// <summary>Signs <paramref name="sub"/> in through the simulator, following the redirects by hand; the citizen's id.</summary>
    private async Task<long> SignInByVneIdAsync(string sub)
    {
        var browser = App.SessionClient();
        var start = await browser.GetAsync("/cong-dan/dang-nhap/vneid");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        var query = QueryHelpers.ParseQuery(authorize.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        using var simulator = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        Assert.Contains("Đồng ý", await simulator.GetStringAsync(authorize));
        var form = new Dictionary<string, string>(query) { ["decision"] = "approve", ["sub"] = sub, ["passcode"] = "123456" };
        var back = await simulator.PostAsync(new Uri(host.VneId.Address, "/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var done = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return await App.ScalarAsync($"SELECT id FROM citizens WHERE id_number = '{sub}' AND assurance = 1");
    }

    private async Task<string> SubmitAsync(long citizenId, string fullName, string idNumber)
    {
        var request = new IntakeRequest("1.001193", DemoData.ThuanHoaCode, "online",
            new IntakeApplicant(fullName, idNumber, "0905123456", null, "1 Lê Lợi, Huế"),
            [new IntakeDocument("Giấy chứng sinh", 1, 0)], FormData: Requests.BirthRegistrationForm);
        using var scope = App.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<DossierIntake>().ReceiveAsync(request, new Actor("Công dân", CitizenId: citizenId));
        Assert.True(outcome.Errors is null, JsonSerializer.Serialize(outcome.Errors));
        return outcome.Dossier!.Code;
    }

    private Task<long> VerificationsAsync(string code, int method) =>
        App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{code}' AND v.method = {method}");

    [Fact]
    public async Task A_citizen_signed_in_by_VNeID_submitting_their_own_dossier_is_verified_by_method_2()
    {
        var people = await host.VneId.PeopleAsync(3);
        var person = people[1];
        var sub = person.GetProperty("sub").GetString()!;
        var name = person.GetProperty("name").GetString()!;
        var citizen = await SignInByVneIdAsync(sub);

        // The name as typed may differ in case, spaces and composition (decomposed marks): the same person.
        var typed = "  " + name.ToLowerInvariant().Normalize(NormalizationForm.FormD).Replace(" ", "  ") + " ";
        var own = await SubmitAsync(citizen, typed, sub);
        Assert.Equal(1, await VerificationsAsync(own, 2));
        Assert.Equal(1, await App.ScalarAsync($"""
            SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id
            WHERE d.code = '{own}' AND v.lookup_audit_id IS NULL AND v.verified_by IS NULL AND v.verified_at = d.submitted_at
            """));

        // For someone else (another CCCD, or the same CCCD under another name): submitted, not verified.
        var other = people[2];
        Assert.Equal(0, await VerificationsAsync(await SubmitAsync(citizen, other.GetProperty("name").GetString()!, other.GetProperty("sub").GetString()!), 2));
        Assert.Equal(0, await VerificationsAsync(await SubmitAsync(citizen, "Nguyễn Văn Khác", sub), 2));
    }

    [Fact]
    public async Task A_citizen_signed_in_by_a_one_time_code_is_not_verified_by_VNeID()
    {
        var person = (await host.VneId.PeopleAsync(5))[4];
        var sub = person.GetProperty("sub").GetString()!;
        var name = person.GetProperty("name").GetString()!;
        var citizen = await App.ScalarAsync($"""
            INSERT INTO citizens (id_number, full_name, phone, assurance, security_stamp) VALUES ('{sub}', '{name}', '0905123456', 2, 'stamp')
            ON CONFLICT (id_number, phone) WHERE assurance = 2 AND phone IS NOT NULL DO UPDATE SET full_name = excluded.full_name RETURNING id
            """);
        Assert.Equal(0, await VerificationsAsync(await SubmitAsync(citizen, name, sub), 2));
    }
}
