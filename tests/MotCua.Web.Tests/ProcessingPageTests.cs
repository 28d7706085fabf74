using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>The actions panel of the dossier page: only the signed-in role's actions, posted as forms.</summary>
public class ProcessingPageTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private async Task<string> SubmitAsync()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task The_dossier_page_offers_only_the_actions_of_the_signed_in_role_and_takes_them()
    {
        app.Clock.Now = At(17, 9);
        var code = await SubmitAsync();
        app.Clock.Now = At(17, 9, 10);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");

        var page = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("id=\"act-Transfer\"", page);
        Assert.Contains("id=\"act-Withdraw\"", page);
        Assert.DoesNotContain("id=\"act-Approve\"", page);
        Assert.DoesNotContain("id=\"act-", await clerk.GetStringAsync($"/ho-so/{code}"));

        var transfer = await desk.PostAsync($"/ho-so/{code}?handler=Act&action=Transfer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, transfer.StatusCode);
        var after = await desk.GetStringAsync(transfer.Headers.Location!.ToString());
        Assert.Contains("Đã chuyển hồ sơ đến bộ phận giải quyết.", after);
        Assert.Contains("Đang xử lý", after);

        var clerkPage = await clerk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("id=\"act-CompleteStep\"", clerkPage);
        var empty = await clerk.PostAsync($"/ho-so/{code}?handler=Act&action=CompleteStep", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(clerkPage), ["f.Note"] = " ",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Ghi nội dung đã xử lý ở bước này.", await empty.Content.ReadAsStringAsync());

        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        var strangerPost = await stranger.PostAsync($"/ho-so/{code}?handler=Act&action=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(await stranger.GetStringAsync("/xu-ly")), ["f.Reason"] = "Rút",
        }));
        Assert.Equal(HttpStatusCode.NotFound, strangerPost.StatusCode);
    }
}
