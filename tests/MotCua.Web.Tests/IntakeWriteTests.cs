using System.Collections;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Intake;

namespace MotCua.Web.Tests;

/// <summary>
/// Intake's single write statement (<see cref="IntakeWrite"/>) against the EF model and the database: it writes every
/// column of the tables it fills, as EF would write it; and every event a dossier records leaves exactly one outbox
/// message in the same transaction.
/// </summary>
public class IntakeWriteTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    public static TheoryData<string> Tables => new() { "dossiers", "dossier_events", "outbox" };

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task The_statement_writes_every_column_of_the_table_but_generated_ones(string table)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var written = IntakeWrite.For(db.Model).Columns[table];
        var columns = await db.Database.SqlQuery<string>($"""
            SELECT column_name AS "Value" FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = {table} AND is_identity = 'NO' AND is_generated = 'NEVER'
              AND coalesce(column_default, '') NOT LIKE 'nextval(%'
            """).ToListAsync();
        Assert.Equal(columns.Order(), written.Order());
    }

    [Fact]
    public async Task A_dossier_written_by_intake_reads_back_through_EF_with_every_mapped_property_as_it_was()
    {
        var now = app.Clock.GetUtcNow();
        var clientId = (int)await app.ScalarAsync("SELECT min(id) FROM api_clients");
        Dossier written;
        using (var scope = app.Services.CreateScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<DossierIntake>();
            var request = new IntakeRequest("1.001193", DemoData.ThuanHoaCode, "postal",
                new IntakeApplicant("Đủ Mọi Cột", "046095001234", "0905123456", "du.moi.cot@example.vn", "1 Lê Lợi, Huế"),
                [new IntakeDocument("Giấy chứng sinh", 1, 2)], SubmittedAt: now.AddHours(-1), Sets: 2,
                FormData: Requests.BirthRegistrationForm, CompetentReceivedAt: now);
            var outcome = await intake.ReceiveAsync(request, new Actor("Hệ thống thử", ClientId: clientId));
            Assert.Null(outcome.Errors);
            written = outcome.Dossier!;
        }
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var read = await db.Dossiers.AsNoTracking().Include(d => d.Events).SingleAsync(d => d.Code == written.Code);
            var type = db.Model.FindEntityType(typeof(Dossier))!;
            Assert.NotNull(read.RegisterNumber);
            foreach (var property in type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never && !p.IsShadowProperty()))
                AssertSame(property, property.PropertyInfo!.GetValue(written), property.PropertyInfo.GetValue(read));
            foreach (var complex in type.GetComplexProperties())
                foreach (var property in complex.ComplexType.GetProperties())
                    AssertSame(property, property.PropertyInfo!.GetValue(complex.PropertyInfo!.GetValue(written)), property.PropertyInfo.GetValue(complex.PropertyInfo.GetValue(read)));
            var events = db.Model.FindEntityType(typeof(DossierEvent))!;
            foreach (var property in events.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never && !p.IsForeignKey()))
                AssertSame(property, property.PropertyInfo!.GetValue(written.Events.Single()), property.PropertyInfo.GetValue(read.Events.Single()));
        }
    }

    // Compared as the database holds them (after the property's value converter); JSON by its content.
    private static void AssertSame(IProperty property, object? expected, object? actual)
    {
        var converter = property.GetTypeMapping().Converter;
        var (a, b) = (Stored(expected), Stored(actual));
        if (a is string x && b is string y && property.GetRelationalTypeMapping().StoreType == "jsonb")
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(x), JsonNode.Parse(y)), $"{property.Name}: {x} ≠ {y}");
        else if (a is IEnumerable xs and not string && b is IEnumerable ys)
            Assert.Equal(xs.Cast<object>(), ys.Cast<object>());
        else
            Assert.True(Equals(a, b), $"{property.Name}: {a} ≠ {b}");

        object? Stored(object? value) => value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
    }

    [Fact]
    public async Task Every_recorded_event_leaves_one_outbox_message_in_its_transaction_and_a_rollback_leaves_neither()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Một Sự Kiện Một Tin"));
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Task<long> EventsAsync() => app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'");
        Task<long> MessagesAsync() => app.ScalarAsync($"SELECT count(*) FROM outbox WHERE payload->>'code' = '{code}'");
        Assert.Equal((1, 1), (await EventsAsync(), await MessagesAsync()));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM outbox WHERE payload->>'code' = '{code}' AND topic = 'dossier.status'
              AND (payload->>'status')::int = {(int)DossierStatus.Received} AND payload->>'procedureCode' = '1.001193'
              AND (payload->>'channel')::int = {(int)Channel.Direct} AND payload ? 'at'
            """));

        var desk = new Officer(new Actor("Cán bộ thử", null), OfficerRole.ReceivingOfficer,
            (int)await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'"));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var dossier = await db.Dossiers.Include(d => d.Events).SingleAsync(d => d.Code == code);
            dossier.Withdraw("Công dân xin rút hồ sơ", desk, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM outbox WHERE payload->>'code' = {code}").SingleAsync());
            Assert.Equal(2, await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = {code}").SingleAsync());
            await tx.RollbackAsync();
        }
        Assert.Equal((1, 1), (await EventsAsync(), await MessagesAsync()));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var dossier = await db.Dossiers.Include(d => d.Events).SingleAsync(d => d.Code == code);
            dossier.Withdraw("Công dân xin rút hồ sơ", desk, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        Assert.Equal((2, 2), (await EventsAsync(), await MessagesAsync()));
        Assert.Equal((long)DossierStatus.WithdrawalRequested, await app.ScalarAsync($"SELECT (payload->>'status')::int FROM outbox WHERE payload->>'code' = '{code}' ORDER BY id DESC LIMIT 1"));
    }
}
