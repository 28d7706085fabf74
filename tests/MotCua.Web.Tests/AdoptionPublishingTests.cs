using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Publishing internal processes through the adoption page and the API, over every adoption of the demo: each
/// published process posts back unchanged (exact allowances such as 0.0625 day), and a step that no one at its agency
/// may perform is refused.
/// </summary>
public class AdoptionPublishingTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private sealed record Adoption(string AgencyCode, string AgencyName, string Code, string Process, bool Staffed);

    // Staffed: every agency the process's steps run at has an account whose role the processing rules let perform the step.
    // Demo processes run at the adopting agency only, so "staffed" is whether that agency has each role the defaults use.
    private async Task<List<Adoption>> AdoptionsAsync()
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT g.code, g.name, a.procedure_code, a.process::text,
                   (SELECT count(DISTINCT u.role) FROM users u WHERE u.agency_id = g.id
                      AND u.role IN ('receiving_officer', 'specialist', 'leader', 'department_head')) =
                   (CASE WHEN a.process::text LIKE '%"assign"%' THEN 4 ELSE 3 END)
            FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id
            WHERE a.process IS NOT NULL ORDER BY g.code, a.procedure_code
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var adoptions = new List<Adoption>();
        while (await reader.ReadAsync())
            adoptions.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4)));
        return adoptions;
    }

    [Fact]
    public async Task Every_demo_adoptions_published_process_posts_back_unchanged()
    {
        var admin = await app.OfficerAsync("quantri");
        var adoptions = await AdoptionsAsync();
        Assert.Contains(adoptions, a => a.Process.Contains("0.0625", StringComparison.Ordinal));
        Assert.Contains(adoptions, a => a.Staffed);
        foreach (var adoption in adoptions)
        {
            var url = $"/quan-tri/co-quan/{adoption.AgencyCode}/thu-tuc/{adoption.Code}";
            var fields = HtmlForm.Fields(await admin.GetStringAsync(url), "<form method=\"post\">");

            // As a draft every process saves; the draft is the published process, to the last digit.
            var draft = await admin.PostAsync(url, new FormUrlEncodedContent(fields.With(new() { ["publish"] = "false" })));
            Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
            Assert.Equal(1, await app.ScalarAsync($"""
                SELECT count(*) FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id
                WHERE g.code = '{adoption.AgencyCode}' AND a.procedure_code = '{adoption.Code}' AND a.process_draft = a.process
                """));

            var published = await admin.PostAsync(url, new FormUrlEncodedContent(HtmlForm.Fields(await admin.GetStringAsync(url), "<form method=\"post\">").With(new() { ["publish"] = "true" })));
            if (adoption.Staffed)
            {
                Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
                Assert.Contains("daluu=congbo", published.Headers.Location!.ToString());
            }
            else
            {
                // A commune desk of the demo without its own officers: publishing names the steps no one there can perform.
                Assert.Equal(HttpStatusCode.OK, published.StatusCode);
                Assert.Contains($"thực hiện tại {adoption.AgencyName}, nhưng {adoption.AgencyName} chưa có người dùng nào", WebUtility.HtmlDecode(await published.Content.ReadAsStringAsync()));
            }
            Assert.Equal(1, await app.ScalarAsync($"""
                SELECT count(*) FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id
                WHERE g.code = '{adoption.AgencyCode}' AND a.procedure_code = '{adoption.Code}' AND a.process = '{adoption.Process}'::jsonb
                """));
        }
    }

    [Fact]
    public async Task A_joint_step_at_an_agency_with_no_officers_cannot_be_published()
    {
        await app.ScalarAsync("SELECT 1");
        string emptyCode, emptyName;
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT code, name FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.agency_id = a.id) AND kind = 'department' ORDER BY code LIMIT 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "the demo has a department without officers");
            (emptyCode, emptyName) = (reader.GetString(0), reader.GetString(1));
        }
        var before = await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.adoption%'");
        var process = new
        {
            steps = new object[]
            {
                new { name = "Chuyển hồ sơ", kind = "transfer", performer = "Bộ phận Một cửa", allowance = new { amount = 1, unit = "workingHours" } },
                new { name = "Thẩm định", kind = "appraise", performer = "Công chức Tư pháp - Hộ tịch", allowance = new { amount = 2, unit = "workingHours" } },
                new { name = $"Ý kiến của {emptyName}", kind = "coAgency", performer = emptyName, allowance = new { amount = 2, unit = "workingHours" }, agencyCode = emptyCode },
                new { name = "Ký duyệt", kind = "approve", performer = "Chủ tịch UBND phường", allowance = new { amount = 2, unit = "workingHours" } },
                new { name = "Trả kết quả", kind = "result", performer = "Bộ phận Một cửa", allowance = new { amount = 1, unit = "workingHours" } },
            },
        };
        var admin = await app.OfficerAsync("quantri");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.000894")
        {
            Content = JsonContent.Create(new { timeLimitAmount = 1, timeLimitUnit = "workingDays", process, publish = true }),
        };
        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("process").EnumerateArray()).GetString();
        Assert.Equal($"Bước 3 \"Ý kiến của {emptyName}\" thực hiện tại {emptyName}, nhưng {emptyName} chưa có người dùng nào với vai trò "
            + "chuyên viên xử lý hoặc lãnh đạo phòng chuyên môn hoặc lãnh đạo cơ quan nên không ai thực hiện được bước này.", message);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.adoption%'"));
    }
}
