using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using MotCua.Domain.Identity;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece A: the VNeID simulator (tools/MotCua.VneId) on its own, over HTTP, as an OpenID-Connect client sees it:
/// discovery, the consent page, the code exchange with PKCE S256 and client credentials (a wrong verifier, a reused code,
/// a wrong secret refused), an ID token that MotCua's own check (<see cref="IdTokenCheck"/>) accepts on the simulator's
/// JWKS, userinfo, POST /people, the sign-in log and the control modes.
/// </summary>
public class VneIdSimulatorTests : IDisposable
{
    private readonly VneIdProcess vneId;
    // The simulator's redirects back to a client are read, not followed (the client's address here is a closed port).
    private readonly HttpClient client;

    public VneIdSimulatorTests()
    {
        vneId = new VneIdProcess();
        client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = vneId.Address };
    }
    private const string Redirect = "http://127.0.0.1:9/cong-dan/dang-nhap/vneid/xong";

    private static string B64(byte[] bytes) => IdTokenCheck.Base64Url(bytes);

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = B64(RandomNumberGenerator.GetBytes(32));
        return (verifier, B64(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private Dictionary<string, string> Authorize(string challenge, string nonce = "n-1", string state = "s-1") => new()
    {
        ["response_type"] = "code", ["client_id"] = VneIdProcess.ClientId, ["redirect_uri"] = Redirect, ["scope"] = "openid profile phone",
        ["state"] = state, ["nonce"] = nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
    };

    // Approves for sub through the consent form; returns the code the redirect carries.
    private async Task<string> CodeAsync(Dictionary<string, string> authorize, string sub, string passcode = "123456")
    {
        var answer = await client.PostAsync("/authorize", new FormUrlEncodedContent(new Dictionary<string, string>(authorize) { ["decision"] = "approve", ["sub"] = sub, ["passcode"] = passcode }));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(authorize["state"], query["state"].ToString());
        return query["code"].ToString();
    }

    private Task<HttpResponseMessage> TokenAsync(string code, string verifier, string secret = VneIdProcess.ClientSecret) =>
        client.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Redirect, ["code_verifier"] = verifier,
            ["client_id"] = VneIdProcess.ClientId, ["client_secret"] = secret,
        }));

    [Fact]
    public async Task A_code_with_its_verifier_gives_an_id_token_motcuas_check_accepts_on_the_simulators_key_set()
    {
        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        Assert.Equal(vneId.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(vneId.Issuer + "/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("S256", discovery.GetProperty("code_challenge_methods_supported")[0].GetString());

        var person = (await vneId.PeopleAsync(1))[0];
        var sub = person.GetProperty("sub").GetString()!;
        var (verifier, challenge) = Pkce();
        var consent = WebUtility.HtmlDecode(await client.GetStringAsync(QueryHelpers.AddQueryString("/authorize", Authorize(challenge)!)));
        Assert.Contains(person.GetProperty("name").GetString()!, consent);
        var code = await CodeAsync(Authorize(challenge), sub);

        var token = await TokenAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        var keys = IdTokenCheck.Keys(await client.GetStringAsync("/jwks"));
        var claims = IdTokenCheck.Check(body.GetProperty("id_token").GetString(), keys, vneId.Issuer, VneIdProcess.ClientId, "n-1", DateTimeOffset.UtcNow, out var problem);
        Assert.True(claims is not null, problem);
        Assert.Equal((sub, person.GetProperty("name").GetString(), "2"), (claims.Subject, claims.Name, claims.Acr));
        Assert.Equal(person.GetProperty("phone_number").GetString(), claims.PhoneNumber);

        using var userinfo = new HttpRequestMessage(HttpMethod.Get, "/userinfo");
        userinfo.Headers.Authorization = new("Bearer", body.GetProperty("access_token").GetString());
        Assert.Equal(sub, (await (await client.SendAsync(userinfo)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/userinfo")).StatusCode);

        // Single use: the same code again is refused.
        var again = await TokenAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var outcomes = (await vneId.SignInsAsync()).Select(e => e.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["approved", "token", "token-refused:invalid_grant"], outcomes);
    }

    [Fact]
    public async Task A_wrong_verifier_secret_or_passcode_is_refused()
    {
        var sub = (await vneId.PeopleAsync(1))[0].GetProperty("sub").GetString()!;
        var (_, challenge) = Pkce();
        var wrongVerifier = await TokenAsync(await CodeAsync(Authorize(challenge), sub), Pkce().Verifier);
        Assert.Equal("invalid_grant", (await wrongVerifier.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var (verifier, challenge2) = Pkce();
        var wrongSecret = await TokenAsync(await CodeAsync(Authorize(challenge2), sub), verifier, "khoa-sai");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);

        var passcode = await client.PostAsync("/authorize", new FormUrlEncodedContent(new Dictionary<string, string>(Authorize(challenge)) { ["decision"] = "approve", ["sub"] = sub, ["passcode"] = "000000" }));
        Assert.Equal(HttpStatusCode.BadRequest, passcode.StatusCode);
        Assert.Contains("Số định danh hoặc mật khẩu không đúng", WebUtility.HtmlDecode(await passcode.Content.ReadAsStringAsync()));
        // Without PKCE there is no authorisation at all.
        var plain = Authorize(challenge);
        plain.Remove("code_challenge");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(QueryHelpers.AddQueryString("/authorize", plain!))).StatusCode);
    }

    [Fact]
    public async Task People_can_be_added_and_the_control_modes_deny_and_cut_the_service()
    {
        var added = await client.PostAsJsonAsync("/people", new { sub = "046195012345", name = "Trần Thị Thêm Mới", birthdate = "1995-01-02", gender = "female", phoneNumber = "+84912000111" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("046195012345", (await vneId.PeopleAsync(1))[0].GetProperty("sub").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/people", new { sub = "123" })).StatusCode);

        var (_, challenge) = Pkce();
        await vneId.ControlAsync(new { mode = "deny" });
        var denied = await client.GetAsync(QueryHelpers.AddQueryString("/authorize", Authorize(challenge)!));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("error=access_denied", denied.Headers.Location!.Query);
        await vneId.ControlAsync(new { mode = "outage" });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/jwks"));
        await vneId.ControlAsync(new { mode = "normal" });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jwks")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/control", new { mode = "khac" })).StatusCode);
    }

    public void Dispose()
    {
        client.Dispose();
        vneId.Dispose();
        GC.SuppressFinalize(this);
    }
}
