using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Domain.Text;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 8: the dossier page's notes and reasons take no longer text than the API's same field
/// (<see cref="TypedText.MaxNote"/>): the form says so with maxlength, the server refuses one character more with 422, and
/// the dossier is unchanged.
/// </summary>
public class ProcessingNoteLimitTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_page_states_and_applies_the_apis_limit_on_notes_and_reasons()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095007201"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var events = $"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'";
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var page = await desk.GetStringAsync($"/ho-so/{code}");

        // Every note, reason and legal basis field of the actions panel states the API's limit.
        var fields = Regex.Matches(page, @"<(?:textarea|input)[^>]*name=""f\.(?:Note|Reason|LegalBasis)""[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Contains($"maxlength=\"{TypedText.MaxNote}\"", f));

        var before = await app.ScalarAsync(events);
        var tooLong = await desk.PostAsync($"/ho-so/{code}?handler=Act&action=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.Reason"] = new string('a', TypedText.MaxNote + 1),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var refusedPage = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains($"Lý do: {TypedText.Problem(new string('a', TypedText.MaxNote + 1), multiLine: true, TypedText.MaxNote)}",
            System.Net.WebUtility.HtmlDecode(refusedPage));
        // What was typed stays in the refused action's form to be corrected, and only there.
        Assert.Matches($@"id=""withdraw-reason""[^>]*value=""a{{{TypedText.MaxNote + 1}}}""", refusedPage);
        Assert.Single(Regex.Matches(refusedPage, @"(value=""|>)aaaa"));
        Assert.Equal(before, await app.ScalarAsync(events));

        // Exactly at the limit the page takes it, as the API does.
        var atLimit = await desk.PostAsync($"/ho-so/{code}?handler=Act&action=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.Reason"] = new string('a', TypedText.MaxNote),
        }));
        Assert.Equal(HttpStatusCode.Redirect, atLimit.StatusCode);
        Assert.Equal(before + 1, await app.ScalarAsync(events));
    }
}
