using System.Net;
using System.Net.Http.Json;
using MotCua.Web.Features.Intake;

namespace MotCua.Web.Tests;

/// <summary>Issue 12, item 3: the Idempotency-Key header is text like any other: no control character, at most 200 characters.</summary>
public class IdempotencyKeyHeaderTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Theory]
    [InlineData("abc\u0001def")]
    [InlineData("abc\tdef")]
    [InlineData("abc\u001bdef")]
    [InlineData("abc\u007fdef")]
    public async Task A_key_with_a_control_character_is_refused_and_nothing_is_stored(string key)
    {
        var (dossiers, keys) = (await app.ScalarAsync("SELECT count(*) FROM dossiers"), await app.ScalarAsync("SELECT count(*) FROM idempotency_keys"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(Requests.Dossier()) };
        Assert.True(request.Headers.TryAddWithoutValidation(IntakeEndpoints.IdempotencyHeader, key));
        var response = await app.ApiClient().SendAsync(request);
        var problem = await IntakeApiTests.AssertProblem(response, IntakeEndpoints.IdempotencyHeader);
        Assert.Contains("ký tự điều khiển", problem.GetProperty("errors").GetProperty(IntakeEndpoints.IdempotencyHeader)[0].GetString());
        Assert.Equal(dossiers, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        Assert.Equal(keys, await app.ScalarAsync("SELECT count(*) FROM idempotency_keys"));
    }

    [Fact]
    public async Task A_key_of_200_characters_is_accepted_and_one_of_201_refused()
    {
        var longest = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095007101"), key: new string('k', IntakeEndpoints.MaxIdempotencyKey));
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var tooLong = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095007102"), key: new string('k', IntakeEndpoints.MaxIdempotencyKey + 1));
        await IntakeApiTests.AssertProblem(tooLong, IntakeEndpoints.IdempotencyHeader);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }
}
