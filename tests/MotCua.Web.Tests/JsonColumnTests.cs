using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>A jsonb column edited in place (an item added to the loaded list, not a new list) is saved (<see cref="JsonColumns"/>).</summary>
public class JsonColumnTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<T> InScopeAsync<T>(Func<MotCuaDb, Task<T>> work)
    {
        app.StartServer();
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MotCuaDb>());
    }

    [Fact]
    public async Task An_item_added_to_a_loaded_list_is_saved()
    {
        var id = await InScopeAsync(async db =>
        {
            var agency = await db.Agencies.FirstAsync(a => a.Code == DemoData.ThuanHoaCode);
            var notice = new SupplementNotice
            {
                AgencyId = agency.Id, ProcedureCode = "1.001193", ApplicantFullName = "Nguyễn Văn An",
                Items = [new SupplementItem("Giấy chứng sinh", "Bản chụp không rõ")], CreatedAt = app.Clock.Now,
            };
            db.SupplementNotices.Add(notice);
            await db.SaveChangesAsync();
            return notice.Id;
        });

        var saved = await InScopeAsync(async db =>
        {
            var notice = await db.SupplementNotices.SingleAsync(n => n.Id == id);
            var items = Assert.IsType<List<SupplementItem>>(notice.Items);
            items.Add(new SupplementItem("Tờ khai đăng ký khai sinh", "Thiếu chữ ký của người đi đăng ký"));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, saved);
        var reloaded = await InScopeAsync(db => db.SupplementNotices.AsNoTracking().SingleAsync(n => n.Id == id));
        Assert.Equal(["Giấy chứng sinh", "Tờ khai đăng ký khai sinh"], reloaded.Items.Select(i => i.Document));
    }

    [Fact]
    public async Task An_answer_added_to_a_loaded_e_form_is_saved_and_an_untouched_dossier_is_not_written()
    {
        using var client = app.ApiClient();
        var created = await (await client.SubmitAsync(Requests.Dossier())).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var code = created.GetProperty("code").GetString()!;

        var (untouched, saved) = await InScopeAsync(async db =>
        {
            var dossier = await db.Dossiers.SingleAsync(d => d.Code == code);
            var unchanged = await db.SaveChangesAsync();
            var answers = Assert.IsType<Dictionary<string, string>>(dossier.FormData);
            answers["ghiChu"] = "Cha mẹ đã đăng ký kết hôn";
            return (unchanged, await db.SaveChangesAsync());
        });

        Assert.Equal((0, 1), (untouched, saved));
        var reloaded = await InScopeAsync(db => db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code));
        Assert.Equal("Cha mẹ đã đăng ký kết hôn", reloaded.FormData!["ghiChu"]);
        Assert.Equal("Nguyễn Minh Khang", reloaded.FormData["hoTenTre"]);
    }
}
