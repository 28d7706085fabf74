using System.Net;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Intakes at different units must not queue on each other: within a unit they queue on its serial counter by design
/// (gap-free codes), across units nothing may hold them. The load bench (session 32) found every intake of the province
/// waiting on the one before, on the province's worklist counter row that each moved (migration 0116 stripes it).
/// </summary>
public sealed class IntakeAcrossUnitsTests
{
    [Fact]
    public async Task An_intake_at_one_unit_does_not_wait_for_an_open_intake_at_another()
    {
        using var app = new MotCuaApp();
        var api = app.ApiClient(DemoData.ApiKey);
        var first = await api.SubmitAsync(Requests.Dossier(agencyCode: DemoData.ThuanHoaCode));
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstText);
        var firstCode = JsonDocument.Parse(firstText).RootElement.GetProperty("code").GetString()!;

        // A second dossier of Thuận Hóa written in a transaction left open: its triggers have moved, and hold until the
        // commit, every counter row it concerns, as an intake does between its statement and its commit.
        await using var held = new NpgsqlConnection(app.ConnectionString);
        await held.OpenAsync();
        await using var open = await held.BeginTransactionAsync();
        await using (var copy = new NpgsqlCommand($$"""
            DO $copy$ DECLARE cols text; BEGIN
                SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'dossiers' AND is_identity = 'NO' AND is_generated = 'NEVER'
                  AND column_name NOT IN ('id', 'code', 'register_number', 'register_year');
                EXECUTE format('INSERT INTO dossiers (code, %s) SELECT %L, %s FROM dossiers WHERE code = %L',
                    cols, '{{firstCode[..^4]}}9999', cols, '{{firstCode}}');
            END $copy$
            """, held, open))
            await copy.ExecuteNonQueryAsync();

        // Meanwhile Phú Xuân receives a dossier: it completes, and at no moment waits for the open transaction.
        var other = api.SubmitAsync(Requests.Dossier(agencyCode: DemoData.PhuXuanCode));
        while (!other.IsCompleted)
        {
            var waiting = await app.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE {held.ProcessID} = ANY (pg_blocking_pids(pid))");
            Assert.True(waiting == 0, "Hồ sơ tiếp nhận ở phường Phú Xuân phải chờ một giao dịch tiếp nhận đang mở của phường Thuận Hóa.");
            await Task.WhenAny(other, Task.Delay(20));
        }
        var response = await other;
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await open.RollbackAsync();
    }
}
