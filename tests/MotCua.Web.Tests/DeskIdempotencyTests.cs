using System.Net;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 13: the desk form carries an idempotency key made when it is rendered, so a double click, a re-post
/// after a lost answer, or the same form posted concurrently receives one dossier and answers every post with it.
/// </summary>
public class DeskIdempotencyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.001193";

    // The page's own form (with its key), filled in for one applicant, as the officer posts it.
    private static async Task<DeskIntakeForm> FilledFormAsync(HttpClient officer, string idNumber, string fullName = "Lê Văn Hòa")
    {
        var form = (await DeskIntakeForm.ReadAsync(officer, Procedure)).Applicant(fullName, idNumber, "0914222444", "7 Lê Lợi, phường Thuận Hóa").Direct()
            .Tick(0, originals: 1).EForm(Requests.BirthRegistrationForm).ReceiveIncomplete();
        Assert.Matches("^[0-9a-f]{32}$", form["IdempotencyKey"]);
        return form;
    }

    private Task<long> DossiersOfAsync(string idNumber) => app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE applicant_id_number = '{idNumber}'");

    [Fact]
    public async Task The_same_form_posted_twice_receives_one_dossier_and_an_edited_repost_is_refused()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = await FilledFormAsync(officer, "046090000311");

        var first = await form.PostAsync();
        var again = await form.PostAsync(); // a double click, or the retry after the first answer was lost

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await DossiersOfAsync("046090000311"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{form["IdempotencyKey"]}' AND user_id IS NOT NULL AND client_id IS NULL"));

        // Back, edit, post the same form again: the first dossier stands, nothing new is written, and the officer is told.
        form["FullName"] = "Lê Văn Hoà Bình";
        var edited = await form.PostAsync();
        var page = await edited.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains("Biểu mẫu này đã được gửi với nội dung khác", page);
        Assert.Equal(1, await DossiersOfAsync("046090000311"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_full_name = 'Lê Văn Hòa' AND applicant_id_number = '046090000311'"));

        // The page answered with a fresh key: posting it receives the second dossier on purpose.
        var fresh = HtmlForm.Fields(page, "id=\"intake-form\"").First(f => f.Key == "IdempotencyKey").Value;
        Assert.NotEqual(form["IdempotencyKey"], fresh);
        form["IdempotencyKey"] = fresh;
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync()).StatusCode);
        Assert.Equal(2, await DossiersOfAsync("046090000311"));
    }

    [Fact]
    public async Task The_same_form_posted_concurrently_receives_one_dossier()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = await FilledFormAsync(officer, "046090000312");
        var lines = await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE register_number IS NOT NULL");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => form.PostAsync()));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        var locations = answers.Select(a => a.Headers.Location!.ToString()).Distinct().ToList();
        output.WriteLine($"12 concurrent posts of one form: {locations.Count} distinct answer(s) ({locations[0]}), " +
            $"{await DossiersOfAsync("046090000312")} dossier(s)");
        Assert.Single(locations);
        Assert.Equal(1, await DossiersOfAsync("046090000312"));
        Assert.Equal(lines + 1, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE register_number IS NOT NULL"));
    }

    [Fact]
    public async Task Two_forms_rendered_apart_receive_two_dossiers()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var one = await FilledFormAsync(officer, "046090000313");
        var two = await FilledFormAsync(officer, "046090000313");

        Assert.NotEqual(one["IdempotencyKey"], two["IdempotencyKey"]);
        Assert.Equal(HttpStatusCode.Redirect, (await one.PostAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await two.PostAsync()).StatusCode);
        Assert.Equal(2, await DossiersOfAsync("046090000313"));
    }
}
