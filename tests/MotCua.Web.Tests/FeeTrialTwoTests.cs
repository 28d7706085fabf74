using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Web.Tests;

/// <summary>
/// The second trial of issue 14 over real HTTP and PostgreSQL: a channel the catalogue does not publish is refused at
/// intake (API and desk), the model binder's messages are Vietnamese and beside the field, the import command reads a
/// relative path and says so when the file is missing, and the demo prints its accounts when it is ready.
/// </summary>
public class FeeTrialTwoTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // 1.001294 publishes only the direct channel (the demo sample's row "Trực tiếp"; not postal, not online).
    private const string DirectOnly = "1.001294";

    [Theory]
    [InlineData("online")]
    [InlineData("postal")]
    public async Task A_channel_the_catalogue_does_not_publish_is_refused_naming_channel_and_nothing_is_written(string channel)
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(DirectOnly, DemoData.CentreCode, channel, idNumber: "046096030001"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("channel").EnumerateArray()).GetString()!;
        Assert.Contains($"Thủ tục {DirectOnly} không công bố hình thức nộp", message);
        Assert.Contains("hình thức được công bố: trực tiếp.", message);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        // The published channel is received as before.
        var direct = await app.ApiClient().SubmitAsync(Requests.Dossier(DirectOnly, DemoData.CentreCode, "direct", idNumber: "046096030002"));
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
    }

    [Fact]
    public async Task The_desk_offers_only_the_published_channels()
    {
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var directOnly = await desk.GetStringAsync($"/tiep-nhan?thutuc={DirectOnly}");
        Assert.Contains("id=\"channel-direct\"", directOnly);
        Assert.DoesNotContain("id=\"channel-postal\"", directOnly);
        var everyChannel = await desk.GetStringAsync("/tiep-nhan?thutuc=1.001193");
        Assert.Contains("id=\"channel-direct\"", everyChannel);
        Assert.Contains("id=\"channel-postal\"", everyChannel);
    }

    [Fact]
    public async Task Every_channel_of_every_demo_procedure_is_received_exactly_when_published()
    {
        Dictionary<string, MotCua.Domain.Catalog.ProcedureSpec> specsByCode;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var agency = await db.Agencies.Where(g => g.Code == DemoData.ThuanHoaCode).Select(g => g.Id).SingleAsync();
            var codes = await db.AgencyProcedures.Where(a => a.AgencyId == agency).Select(a => a.ProcedureCode).ToArrayAsync();
            specsByCode = await ProcedureSpecs.LoadCurrentAsync(db, codes, CancellationToken.None);
        }
        var specs = specsByCode.Values.OrderBy(s => s.Code).ToList();
        Assert.Contains(specs, s => !s.PublishedChannels.Contains(Channel.Online));
        var serial = 0;
        foreach (var spec in specs)
            foreach (var channel in new[] { Channel.Direct, Channel.Online, Channel.Postal })
            {
                var name = channel switch { Channel.Direct => "direct", Channel.Online => "online", _ => "postal" };
                var response = await app.ApiClient().SubmitAsync(Requests.Dossier(spec.Code, DemoData.ThuanHoaCode, name, idNumber: $"04609704{++serial:D4}"));
                var published = spec.PublishedChannels.Contains(channel);
                var body = await response.Content.ReadAsStringAsync();
                if (published)
                    Assert.False(body.Contains("\"channel\"", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{spec.Code} {name}: {body}");
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{spec.Code} {name}: {(int)response.StatusCode} {body}");
                    Assert.Contains("\"channel\"", body);
                }
            }
    }

    [Fact]
    public async Task A_number_that_is_not_a_number_is_a_Vietnamese_message_beside_the_field_and_nothing_is_saved()
    {
        var admin = await app.OfficerAsync("quantri");
        var url = $"/quan-tri/co-quan/{DemoData.ThuanHoaCode}/thu-tuc/1.000894";
        var form = await admin.GetStringAsync(url);
        Assert.DoesNotContain("The field", form);
        var before = await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.adoption%'");
        var response = await admin.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Fee"] = "năm mươi nghìn", ["FeeText"] = "Lệ phí", ["publish"] = "false",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("The field", html);
        Assert.DoesNotContain("is not valid", html);
        // Sixth trial: money is read the Vietnamese way on every page (Domain TypedMoney), with its own message.
        Assert.Contains("<span class=\"error\" id=\"fee-error\">Phí, lệ phí \"năm mươi nghìn\" không đọc được: nhập số nguyên đồng", html);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.adoption%'"));
    }

    [Fact]
    public async Task The_import_command_names_a_missing_file_in_Vietnamese()
    {
        var output = new StringWriter();
        var code = await CatalogImportCommand.RunAsync(["import-catalog", "../khong-co/danh-muc.jsonl"], app.Services.GetRequiredService<Database>(), output);
        Assert.Equal(2, code);
        Assert.Contains($"Không tìm thấy tệp danh mục thủ tục \"{Path.GetFullPath("../khong-co/danh-muc.jsonl")}\"", output.ToString());
    }

    [Fact]
    public async Task The_import_command_reads_a_relative_path_from_the_current_folder()
    {
        // run.sh passes the caller's relative path made absolute; the command itself reads one from its current folder.
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, CatalogFile.Path);
        Assert.False(Path.IsPathRooted(relative));
        var lines = string.Join('\n', new[] { "2.000438" }.Select(CatalogFile.LineOf)) + "\n";
        var file = Path.Combine(Environment.CurrentDirectory, $"import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, lines);
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, await CatalogImportCommand.RunAsync(["import-catalog", Path.GetFileName(file)], app.Services.GetRequiredService<Database>(), output));
            Assert.Contains("Nhập danh mục thủ tục", output.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_demo_prints_its_address_and_every_account_with_its_role_and_the_password()
    {
        var text = await DemoData.WelcomeAsync(app.Services, ["http://127.0.0.1:5080"]);
        Assert.Contains("đã sẵn sàng: http://127.0.0.1:5080", text);
        Assert.Contains($"mật khẩu chung: {DemoData.Password}", text);
        Assert.Contains(DemoData.ApiKey, text);
        foreach (var (user, role) in new[]
                 {
                     ("tiepnhan.thuanhoa", "cán bộ Bộ phận Một cửa"), ("chuyenvien.tuphap", "chuyên viên xử lý"), ("truongphong.tuphap", "lãnh đạo phòng chuyên môn"),
                     ("lanhdao.thuanhoa", "lãnh đạo cơ quan"), ("ketoan.trungtam", "kế toán"), ("quantri", "quản trị hệ thống"), ("thanhtra", "thanh tra"),
                 })
            Assert.Matches($@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(user)} +{role}", text);
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM users WHERE deactivated_at IS NULL"),
            text.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal)));
    }
}
