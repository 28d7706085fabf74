using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>What the administration tests share: the administrator's session, JSON calls that must succeed, and reading rows.</summary>
public static class Admin
{
    public const string LegalBasis = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội";

    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A problem+json answer with the expected status; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    public static string[] ErrorFields(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    /// <summary>A new commune one-stop unit in Huế with no adoptions and no officers.</summary>
    public static object NewCommuneUnit(string code, string name, string commune, string validFrom = "2025-07-01") => new
    {
        code, name, superiorName = "UBND " + name.Replace("Bộ phận Một cửa ", "").ToUpperInvariant(), kind = "commune", provinceCode = "46",
        communeCode = commune, receivesDossiers = true, address = "", phone = "", placeName = "Huế", validFrom, legalBasis = LegalBasis,
    };

    public static async Task<List<object?[]>> RowsAsync(this MotCuaApp app, string sql)
    {
        app.StartServer();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Every table an administrator's action may write, summed into one figure per table: unchanged means nothing was written.</summary>
    public static Task<List<object?[]>> WrittenAsync(this MotCuaApp app) => app.RowsAsync("""
        SELECT (SELECT count(*) FROM agencies), (SELECT md5(string_agg(a::text, ',' ORDER BY id)) FROM agencies a),
               (SELECT count(*) FROM agency_versions), (SELECT count(*) FROM reorganisations),
               (SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u), (SELECT count(*) FROM agency_procedures),
               (SELECT count(*) FROM dossier_events), (SELECT count(*) FROM audit_log WHERE action NOT LIKE 'dossier.%')
        """);

    /// <summary>Signs in with a given password through the real form; returns the status and, when refused, the page.</summary>
    public static async Task<(HttpStatusCode Status, string Page)> SignInAsync(this MotCuaApp app, string userName, string password)
    {
        var client = app.SessionClient();
        var token = MotCuaApp.AntiforgeryToken(await client.GetStringAsync("/dang-nhap"));
        var response = await client.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
