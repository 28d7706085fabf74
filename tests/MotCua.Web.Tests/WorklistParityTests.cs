using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Processing;
using Xunit.Abstractions;
using static MotCua.Web.Tests.GeneratedDossiers;

namespace MotCua.Web.Tests;

/// <summary>
/// The worklist "mine" and the Domain's rules agree (issue 10): for every role, status, step kind (or none), set of agency
/// relations (<see cref="AgencyRelation"/>, generated from the enums), assignee (nobody, the officer, a colleague) and
/// decision (none, approved), a dossier stored in the real database is listed by the SQL of <see cref="Worklists.Mine"/>
/// exactly when <see cref="Dossier.AwaitsActionFrom"/> (which asks <see cref="Dossier.Allows"/>) holds on the dossier
/// read back from it. Most of these states cannot be reached through the actions, so they are written directly.
/// </summary>
public class WorklistParityTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private sealed record State(DossierStatus Status, StepKind? Step, AgencyRelation[] Relations, int? Assignee, bool Decided)
    {
        public string Describe(int me) => $"status {Status}, step {Step?.ToString() ?? "none"}, agency [{string.Join(" + ", Relations)}], "
            + $"assignee {(Assignee is null ? "nobody" : Assignee == me ? "the officer" : "a colleague")}, {(Decided ? "decided" : "no result")}";
    }

    [Fact]
    public async Task Mine_lists_a_dossier_exactly_when_the_Domain_awaits_an_action_of_the_officer()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agencies = await db.Agencies.OrderBy(a => a.Id).Select(a => a.Id).Take(2).ToListAsync();
        var (ours, theirs) = (agencies[0], agencies[1]);
        var users = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).Take(2).ToListAsync();
        var (me, colleague) = (users[0], users[1]);
        var version = await db.ProcedureVersions.OrderBy(v => v.ProcedureCode).FirstAsync();

        var relations = Enum.GetValues<AgencyRelation>();
        var relationSets = Enumerable.Range(0, 1 << relations.Length)
            .Select(mask => relations.Where((_, i) => (mask & (1 << i)) != 0).ToArray()).ToList();
        var states = (
            from status in Enum.GetValues<DossierStatus>()
            from step in Enum.GetValues<StepKind>().Select(k => (StepKind?)k).Prepend(null)
            from set in relationSets
            from assignee in new int?[] { null, me, colleague }
            from decided in new[] { false, true }
            select new State(status, step, set, assignee, decided)).ToList();

        var kinds = Enum.GetValues<StepKind>();
        IReadOnlyList<PlannedStep> process = [.. kinds.Select(k => new PlannedStep($"Bước {k}", k, "Người thực hiện", TimeLimit.Days(1), true, ours))];
        var now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var procedure = new ProcedureRef(version.ProcedureCode, version.Version, "Thủ tục kiểm tra", TimeLimit.Days(5));
        var applicant = new Applicant("Nguyễn Văn Thử", "046095001234", "0905123456", null, "Huế");
        var codes = new Dictionary<string, State>();
        foreach (var (state, i) in states.Select((s, i) => (s, i)))
        {
            var code = $"PARITY-{i:D5}";
            var dossier = Dossier.Receive(code, state.Relations.Contains(AgencyRelation.ReceivingPoint) ? ours : theirs, procedure, Channel.Direct,
                applicant, [], 1, now, new DueDateResult(now, now.AddDays(7), []), new Actor("Kiểm thử"), now);
            Set(dossier, nameof(Dossier.Status), state.Status);
            Set(dossier, nameof(Dossier.CurrentAgencyId), state.Relations.Contains(AgencyRelation.Holder) ? ours : theirs);
            Set(dossier, nameof(Dossier.Process), process);
            if (state.Step is { } kind)
            {
                var index = Array.IndexOf(kinds, kind);
                Set(dossier, nameof(Dossier.CurrentStepIndex), (int?)index);
                Set(dossier, nameof(Dossier.CurrentStepName), process[index].Name);
                Set(dossier, nameof(Dossier.CurrentStepKind), (StepKind?)kind);
            }
            if (state.Relations.Contains(AgencyRelation.CoAgencyTask))
            {
                var task = Array.IndexOf(kinds, StepKind.CoAgency);
                Set(dossier, nameof(Dossier.CoAgencyTasks), (IReadOnlyList<CoAgencyTask>)[new CoAgencyTask(task, process[task].Name, "Cơ quan phối hợp", ours, now, now.AddDays(3))]);
                Set(dossier, nameof(Dossier.OpenTaskAgencyIds), new[] { ours });
            }
            if (state.Assignee is { } assignee)
            {
                Set(dossier, nameof(Dossier.AssigneeUserId), (int?)assignee);
                Set(dossier, nameof(Dossier.AssigneeName), assignee == me ? "Tôi" : "Đồng nghiệp");
            }
            if (state.Decided) Set(dossier, nameof(Dossier.ResultKind), (ResultKind?)ResultKind.Approved);
            db.Dossiers.Add(dossier);
            codes[code] = state;
            // Issue 16: the same state on a dossier handled on a ministry's system (origin 3), for the states without an
            // assignee or a decision: it awaits nobody and no worklist lists it.
            if (state.Assignee is null && !state.Decided)
            {
                var monitored = Dossier.Receive("MON-" + code, state.Relations.Contains(AgencyRelation.ReceivingPoint) ? ours : theirs, procedure, Channel.Direct,
                    applicant, [], 1, now, new DueDateResult(now, now.AddDays(7), []), new Actor("Kiểm thử"), now);
                foreach (var property in new[] { nameof(Dossier.Status), nameof(Dossier.CurrentAgencyId), nameof(Dossier.Process), nameof(Dossier.CurrentStepIndex),
                    nameof(Dossier.CurrentStepName), nameof(Dossier.CurrentStepKind), nameof(Dossier.CoAgencyTasks), nameof(Dossier.OpenTaskAgencyIds) })
                    Set(monitored, property, typeof(Dossier).GetProperty(property)!.GetValue(dossier));
                Set(monitored, nameof(Dossier.Origin), DossierOrigin.Monitored);
                Set(monitored, nameof(Dossier.PortalCode), "MON-" + code);
                Set(monitored, nameof(Dossier.SourceSystem), "Hệ thống của bộ (kiểm thử)");
                db.Dossiers.Add(monitored);
                codes["MON-" + code] = state;
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var stored = await db.Dossiers.AsNoTracking().Include(d => d.Events).Where(d => d.Code.StartsWith("PARITY-")).ToListAsync();
        Assert.Equal(states.Count, stored.Count);
        var monitoredStored = await db.Dossiers.AsNoTracking().Include(d => d.Events).Where(d => d.Code.StartsWith("MON-PARITY-")).ToListAsync();
        Assert.NotEmpty(monitoredStored);
        var mismatches = new List<string>();
        foreach (var role in Enum.GetValues<OfficerRole>())
        {
            var officer = new Officer(new Actor("Cán bộ", me), role, ours);
            var expected = stored.Where(d => d.AwaitsActionFrom(officer)).Select(d => d.Code).ToHashSet();
            var listed = (await db.Dossiers.Where(Worklists.Mine(officer, ours)).Where(d => d.Code.StartsWith("PARITY-")).Select(d => d.Code).ToListAsync()).ToHashSet();
            output.WriteLine($"{role}: {listed.Count} listed, {expected.Count} awaited by the Domain");
            if (role == OfficerRole.Leader) output.WriteLine(db.Dossiers.Where(Worklists.Mine(officer, ours)).ToQueryString());
            mismatches.AddRange(expected.Except(listed).Select(c => $"{role}: not listed but awaited: {codes[c].Describe(me)}"));
            mismatches.AddRange(listed.Except(expected).Select(c => $"{role}: listed but not awaited: {codes[c].Describe(me)}"));
            // A monitored dossier awaits nobody (the Domain refuses every action on it) and the worklists' table never holds it.
            mismatches.AddRange(monitoredStored.Where(d => d.AwaitsActionFrom(officer)).Select(d => $"{role}: monitored but awaited: {codes[d.Code].Describe(me)}"));
            var monitoredListed = await db.WorklistDossiers.Where(Worklists.OnWorklistTable(Worklists.Mine(officer, ours)))
                .Join(db.Dossiers.Where(x => x.Code.StartsWith("MON-PARITY-")), w => w.Id, x => x.Id, (w, x) => x.Code).ToListAsync();
            mismatches.AddRange(monitoredListed.Select(c => $"{role}: monitored but listed: {codes[c].Describe(me)}"));
            // Not vacuous: every role the table awaits finds dossiers waiting for it.
            if (ActionRules.AwaitedFrom(role).Any()) Assert.NotEmpty(expected);
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} disagreements, e.g.:\n" + string.Join("\n", mismatches.Take(20)));
    }

}
