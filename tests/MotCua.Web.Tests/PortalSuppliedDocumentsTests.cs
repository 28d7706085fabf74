using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Identity;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, brief p16h item 1, through the portal simulator process with the outbox worker on: the documents a citizen
/// sends online in answer to a supplement reached the dossier's files but not its documents, so the portal's TaiLieuNop
/// never listed them. Now each item answered is a document of the dossier (the officer's API lists it with its file) and
/// the HoSo the portal receives lists it in TaiLieuNop under the same TepDinhKemId as in the supplement's history
/// (DanhSachGiayToBoSung), every ID naming one document.
/// </summary>
public class PortalSuppliedDocumentsTests
{
    // Fourth fresh trial HIGH 1: the answer's event is kept in whole microseconds, the document in 100 ns ticks; the test
    // clock stands on whole seconds, which hid it, so the clock is also moved by a few ticks before the answer.
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task A_citizens_online_answer_is_listed_in_TaiLieuNop_with_the_ID_the_supplement_history_gives_it(int ticks)
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Trần Thị Bổ Sung Cổng");
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: "Trần Thị Bổ Sung Cổng"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var held = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("documents").GetArrayLength();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { })).StatusCode);
        string[] requested = ["Giấy chứng sinh (bản rõ)", "Giấy xác nhận cư trú"];
        var asked = await (await app.OfficerAsync("congchuc.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", new
        {
            items = requested.Select(d => new { document = d, reason = "Bản chụp mờ" }).ToArray(),
        });
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());

        var citizen = await CitizenApiTests.ClientAsync(app, citizenId);
        var staged = new List<long>();
        for (var item = 0; item < requested.Length; item++)
        {
            var upload = await citizen.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item={item}",
                CitizenApiTests.Files(($"bo-sung-{item}.pdf", FileUploadTests.Pdf($"bổ sung {item}"))));
            Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
            staged.Add((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64());
        }
        app.Clock.Now = app.Clock.Now.AddTicks(ticks);
        var answered = await citizen.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/supplement",
            new { items = staged.Select((id, item) => new { item, stagedFiles = new[] { id } }).ToArray() });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());

        // The officer's API: the items are documents of the dossier, each with the citizen's file.
        var documents = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(requested, documents.Skip(held).Select(d => d.GetProperty("name").GetString()));
        Assert.All(documents.Skip(held), d => Assert.Equal(1, d.GetProperty("files").GetArrayLength()));

        await PortalSupplementHistoryTests.DrainedAsync(app, code);
        var hoSo = (await portal.DossierAsync(code))!.Value.GetProperty("hoSo");
        var listed = hoSo.GetProperty("TaiLieuNop").EnumerateArray()
            .Select(d => (Id: d.GetProperty("TepDinhKemId").GetString()!, Name: d.GetProperty("TenTepDinhKem").GetString()!)).ToList();
        Assert.Equal(requested, listed.Skip(held).Select(d => d.Name));
        Assert.Equal(listed.Count, listed.Select(d => d.Id).Distinct().Count());
        var supplied = Assert.Single(hoSo.GetProperty("DanhSachHoSoBoSung").EnumerateArray()).GetProperty("DanhSachGiayToBoSung").EnumerateArray()
            .Select(d => (Id: d.GetProperty("TepDinhKemId").GetString()!, Name: d.GetProperty("TenTepDinhKem").GetString()!)).ToList();
        Assert.Equal(listed.Skip(held), supplied);
        var calls = await portal.ReceivedAsync(code);
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
    }
}
