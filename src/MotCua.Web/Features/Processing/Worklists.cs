using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

public enum WorklistName
{
    /// <summary>Online submissions waiting for the one-stop unit's check (status 1).</summary>
    ToReceive,
    /// <summary>Dossiers waiting for the signed-in officer's own action.</summary>
    Mine,
    /// <summary>Everything open that the officer's agency holds or received.</summary>
    Department,
    /// <summary>Open dossiers due within one working day.</summary>
    DueSoon,
    /// <summary>Open dossiers past their due date.</summary>
    Overdue,
    /// <summary>Waiting for the citizen: a supplement or a payment (statuses 5 and 6).</summary>
    WaitingForCitizen,
}

public sealed record WorklistRow(
    string Code, string ProcedureName, string Applicant, int Status, string StatusName, string? Step, string? Assignee,
    DateTimeOffset? DueAt, string? DueExplanation, Urgency Urgency, string UrgencyName,
    DateTimeOffset? ExpectedFinishAt = null, bool LikelyLate = false, string? HoldingStep = null);

/// <summary>One page of a list; <see cref="Counts"/> gives the size of every list by its slug, for the tabs.</summary>
public sealed record WorklistPage(string Name, string Title, int Page, int PageSize, int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<WorklistRow> Rows);

/// <summary>
/// The officer's worklists, most urgent first. Each is a condition on the dossiers (<see cref="Condition"/>) read on their
/// narrow copy of migration 0055 (<see cref="WorklistDossier"/>, kept by the dossiers' own transactions) over its indexes
/// (holder and receiver by status, co-agency tasks); bench/reports measures them at millions of dossiers. "Mine" is read
/// from the Domain's action table (<see cref="Mine"/>); the actions panel asks the aggregate, which reads the same table.
/// </summary>
public sealed class Worklists(MotCuaDb db, CalendarStore calendars, TimeProvider clock, PersonalDataReads reads, StepTimeReads stepTimes)
{
    public const int PageSize = 20;

    public static string Title(WorklistName name) => name switch
    {
        WorklistName.ToReceive => "Chờ tiếp nhận",
        WorklistName.Mine => "Chờ tôi xử lý",
        WorklistName.Department => "Hồ sơ của đơn vị",
        WorklistName.DueSoon => "Đến hạn trong 1 ngày làm việc",
        WorklistName.Overdue => "Quá hạn",
        WorklistName.WaitingForCitizen => "Chờ người dân bổ sung, nộp tiền",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The names in URLs and the API: to-receive, mine, department, due-soon, overdue, waiting-for-citizen.</summary>
    public static string Slug(WorklistName name) => name switch
    {
        WorklistName.ToReceive => "to-receive",
        WorklistName.Mine => "mine",
        WorklistName.Department => "department",
        WorklistName.DueSoon => "due-soon",
        WorklistName.Overdue => "overdue",
        WorklistName.WaitingForCitizen => "waiting-for-citizen",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static WorklistName? Parse(string? slug) => Enum.GetValues<WorklistName>().Cast<WorklistName?>().FirstOrDefault(n => Slug(n!.Value) == slug);

    /// <summary>
    /// The page of one list with the counts of all; null when the user is neither an officer of an agency nor the
    /// inspector. The inspector's lists are the province's (every open dossier, nothing "mine"), timed by the national
    /// default office hours.
    /// </summary>
    public async Task<WorklistPage?> ReadAsync(ClaimsPrincipal user, WorklistName name, int page, CancellationToken ct)
    {
        if (Claims.OfficerOf(user) is not { } officer) return null;
        int? agencyId = officer.Role == OfficerRole.Inspector ? null : Claims.AgencyIdOf(user) ?? -1;
        if (agencyId == -1) return null;
        var calendar = agencyId is { } id
            ? await calendars.ForAsync(await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == id, ct), ct)
            : await calendars.ForAsync(null, null, ct);
        var now = clock.GetUtcNow();
        var dueSoon = DossierUrgency.DueSoonLimit(now, calendar);

        // Each list's condition, written on the dossiers (Condition, Mine) and applied to their narrow copy (migration 0055,
        // WorklistDossier): the counts and the page's ids read some 70-byte rows instead of a 2 KB dossier row each.
        var conditions = Enum.GetValues<WorklistName>().ToDictionary(list => list, list => OnWorklistTable(Condition(list, officer, agencyId, now, dueSoon)));
        page = Math.Max(1, page);
        // The counts and the page in one read transaction, planned for this request's values and never in parallel
        // (WorklistPlanning).
        await using var read = await db.Database.BeginTransactionAsync(ct);
        await using (var planning = await db.CommandAsync(WorklistPlanning, ct))
            await planning.ExecuteNonQueryAsync(ct);
        var counts = await CountAsync(conditions, ct);
        // The page's 20 ids from the narrow rows (a top-N of the unit's open rows), then only those dossiers' rows.
        var rows = await (
            from w in db.WorklistDossiers.AsNoTracking().Where(conditions[name])
                .OrderBy(w => w.DueAt == null).ThenBy(w => w.DueAt).ThenBy(w => w.Id)
                .Skip((Paging.Clamp(page) - 1) * PageSize).Take(PageSize)
            join d in db.Dossiers.AsNoTracking() on w.Id equals d.Id
            orderby w.DueAt == null, w.DueAt, w.Id
            select new { d.Code, d.ProcedureName, d.Applicant.FullName, d.Status, d.CurrentStepName, d.AssigneeName, d.DueAt, d.DueExplanation,
                d.ReceivingAgencyId, d.ProcedureCode, d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses })
            .ToListAsync(ct);
        await read.CommitAsync(ct);
        // The early warning beside the due date: the agencies' step histories are cached (StepTimeReads.HistoryLifetime),
        // so a page costs no history read per row.
        var expected = new Dictionary<string, ExpectedFinish?>();
        foreach (var r in rows)
            expected[r.Code] = await stepTimes.ExpectedAsync(r.ReceivingAgencyId, r.ProcedureCode, r.Process, r.CurrentStepIndex, r.CurrentStepStartedAt,
                r.Pauses, r.Status, r.DueAt, ct);
        reads.Listed($"worklist:{Slug(name)}", rows.Select(r => r.Code));
        var vn = VietnamTime.Offset;
        return new WorklistPage(Slug(name), Title(name), page, PageSize, counts[Slug(name)], counts, [.. rows.Select(r =>
        {
            var urgency = DossierUrgency.Of(r.Status, r.DueAt, now, calendar);
            return new WorklistRow(r.Code, r.ProcedureName, r.FullName, (int)r.Status, r.Status.Vietnamese(), r.CurrentStepName, r.AssigneeName,
                r.DueAt?.ToOffset(vn), SkippedPeriods.Explain(r.DueExplanation), urgency, urgency.Vietnamese(),
                expected[r.Code]?.At.ToOffset(vn), expected[r.Code]?.LikelyLate ?? false, expected[r.Code]?.HoldingStepName);
        })]);
    }

    /// <summary>
    /// How the lists' statements are planned, for the read transaction only (SET LOCAL). Custom plans: the statements are
    /// prepared (the pool auto-prepares), and after five executions PostgreSQL may keep a generic plan, blind to the
    /// agency and the instants; one such plan of the counts read the whole of <c>dossiers_by_holder</c> for the statuses of
    /// "waiting for the citizen" (523 ms for 559 rows at 1,000,000 dossiers), where the plan for the values reads the
    /// unit's open rows. No parallel workers: the count statement's estimate passes the parallel threshold, and starting
    /// two workers cost 37–70 ms of a 111 ms statement on two busy cores, for a statement that reads a few thousand pages
    /// (docs/PERFORMANCE.md "Worklists at 1,000,000 dossiers").
    /// </summary>
    private const string WorklistPlanning =
        "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('max_parallel_workers_per_gather', '0', true)";

    /// <summary>
    /// The size of every list in one statement: one pass over the narrow rows of any list (the OR of the conditions, each
    /// term served by its index as in the lists themselves), each list counted by <c>count(*) FILTER (WHERE …)</c>. Six
    /// counts each reading the unit's open dossiers cost six passes over the same heap pages (bench/reports at 1,000,000
    /// dossiers, docs/PERFORMANCE.md "Worklists at 1,000,000 dossiers").
    /// </summary>
    private async Task<Dictionary<string, int>> CountAsync(IReadOnlyDictionary<WorklistName, Expression<Func<WorklistDossier, bool>>> conditions, CancellationToken ct)
    {
        var w = Expression.Parameter(typeof(WorklistDossier), "w");
        var any = Expression.Lambda<Func<WorklistDossier, bool>>(conditions.Values.Select(c => new Rebinder(c.Parameters[0], w).Visit(c.Body)).Aggregate(Expression.OrElse), w);
        // g => new[] { g.Count(c1), …, g.Count(c6) }, which EF Core turns into COUNT(CASE WHEN c THEN 1 END) per list.
        var g = Expression.Parameter(typeof(IGrouping<int, WorklistDossier>), "g");
        var projection = Expression.Lambda<Func<IGrouping<int, WorklistDossier>, int[]>>(Expression.NewArrayInit(typeof(int), conditions.Values.Select(c =>
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(WorklistDossier)], g, c))), g);
        var sizes = await db.WorklistDossiers.AsNoTracking().Where(any).GroupBy(_ => 1).Select(projection).FirstOrDefaultAsync(ct);
        return conditions.Keys.Select((list, i) => (list, i)).ToDictionary(x => Slug(x.list), x => sizes?[x.i] ?? 0);
    }

    /// <summary>The condition of one list on the dossiers table, the definition the lists read on their narrow copy
    /// (<see cref="OnWorklistTable"/>; WorklistDossiersTests holds the two equal); <paramref name="agencyId"/> null: the
    /// inspector, who follows the whole province. <paramref name="now"/> and <paramref name="dueSoon"/> are instants (UTC
    /// or Vietnam time alike), the second the end of the next working day's window (DossierUrgency.DueSoonLimit).</summary>
    public static Expression<Func<Dossier, bool>> Condition(WorklistName name, Officer officer, int? agencyId, DateTimeOffset now, DateTimeOffset dueSoon)
    {
        if (agencyId is not { } agency)
        {
            return name switch
            {
                WorklistName.ToReceive => d => d.Status == DossierStatus.Submitted,
                WorklistName.Mine => d => false,
                WorklistName.Department => d => DossierStatuses.Open.Contains(d.Status),
                WorklistName.DueSoon => d => DossierStatuses.Open.Contains(d.Status) && DossierStatuses.ClockRunning.Contains(d.Status) && d.DueAt >= now && d.DueAt <= dueSoon,
                WorklistName.Overdue => d => DossierStatuses.Open.Contains(d.Status) && DossierStatuses.ClockRunning.Contains(d.Status) && d.DueAt < now,
                WorklistName.WaitingForCitizen => d => DossierStatuses.Open.Contains(d.Status) && DossierStatuses.WaitingForCitizen.Contains(d.Status),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
            };
        }
        // Written as an OR of ANDs, one per index (holder, receiver, co-agency task): PostgreSQL does not distribute an
        // AND over an OR, and on the factored form read every open dossier of the province.
        int[] asCoAgency = [agency];
        Expression<Func<Dossier, bool>> ours = d => DossierStatuses.Open.Contains(d.Status) && d.CurrentAgencyId == agency
            || DossierStatuses.Open.Contains(d.Status) && d.ReceivingAgencyId == agency
            || d.Status == DossierStatus.InProcess && asCoAgency.All(a => d.OpenTaskAgencyIds.Contains(a));
        return name switch
        {
            WorklistName.ToReceive => d => d.Status == DossierStatus.Submitted && d.ReceivingAgencyId == agency,
            WorklistName.Mine => Mine(officer, agency),
            WorklistName.Department => ours,
            WorklistName.DueSoon => And(ours, d => DossierStatuses.ClockRunning.Contains(d.Status) && d.DueAt >= now && d.DueAt <= dueSoon),
            WorklistName.Overdue => And(ours, d => DossierStatuses.ClockRunning.Contains(d.Status) && d.DueAt < now),
            WorklistName.WaitingForCitizen => And(ours, d => DossierStatuses.WaitingForCitizen.Contains(d.Status)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>
    /// The worklist "mine" as one condition on the dossiers table: the rows of <see cref="ActionRules"/> that await
    /// <paramref name="officer"/>'s role, each turned into status, step kind, assignee and result tests at one agency
    /// column, so that the list holds exactly the dossiers for which <see cref="Dossier.AwaitsActionFrom"/> is true
    /// (tests/MotCua.Web.Tests/WorklistParityTests.cs checks it on every role, status, step kind and agency relation).
    /// Statuses and step kinds are inlined as constants so that PostgreSQL can match the partial index of co-agency tasks
    /// (status 4); the agency and the user are parameters. The co-agency term is written <c>[agency] &lt;@ open_task_agency_ids</c>
    /// (<c>asCoAgency.All(a => ….Contains(a))</c>): <c>….Contains(agency)</c> becomes <c>agency = ANY (open_task_agency_ids)</c>,
    /// which the GIN index cannot serve, and read every in-process dossier of the province (18,050 rows and some 14,000
    /// heap pages per list at 1,000,000 dossiers, docs/PERFORMANCE.md).
    /// </summary>
    public static Expression<Func<Dossier, bool>> Mine(Officer officer, int agencyId)
    {
        var d = Expression.Parameter(typeof(Dossier), "d");
        var userId = officer.Actor.UserId;
        // Written as an OR of ANDs, one per row and agency column (holder, receiver, co-agency task), each served by an
        // index of migrations 0004 and 0006: PostgreSQL does not distribute an AND over an OR.
        // Rows that differ only by their action (accept or refuse online, approve or refuse on the merits) give one term.
        var terms = ActionRules.AwaitedFrom(officer.Role)
            .SelectMany(rule => rule.Agencies.Select(relation => (rule, relation)))
            .DistinctBy(x => (string.Join(',', x.rule.Statuses), x.rule.Steps is { } s ? string.Join(',', s) : null, x.relation, x.rule.AssigneeOnly, x.rule.WithoutResult))
            .Select(x => Rebind(Term(x.rule, x.relation, agencyId, userId), d))
            .ToList();
        return Expression.Lambda<Func<Dossier, bool>>(terms.Count == 0 ? Expression.Constant(false) : terms.Aggregate(Expression.OrElse), d);
    }

    private static Expression<Func<Dossier, bool>> Term(ActionRule rule, AgencyRelation relation, int agencyId, int? userId)
    {
        var statuses = rule.Statuses.ToArray();
        int[] asCoAgency = [agencyId];
        Expression<Func<Dossier, bool>> at = relation switch
        {
            AgencyRelation.ReceivingPoint => d => EF.Constant(statuses).Contains(d.Status) && d.ReceivingAgencyId == agencyId,
            AgencyRelation.Holder => d => EF.Constant(statuses).Contains(d.Status) && d.CurrentAgencyId == agencyId,
            AgencyRelation.CoAgencyTask => d => EF.Constant(statuses).Contains(d.Status) && asCoAgency.All(a => d.OpenTaskAgencyIds.Contains(a)),
            _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, null),
        };
        if (rule.Steps is { } steps)
        {
            StepKind?[] kinds = [.. steps.Select(k => (StepKind?)k)];
            at = And(at, d => EF.Constant(kinds).Contains(d.CurrentStepKind));
        }
        if (rule.AssigneeOnly) at = And(at, d => d.AssigneeUserId == null || d.AssigneeUserId == userId);
        if (rule.WithoutResult) at = And(at, d => d.ResultKind == null);
        return at;
    }

    /// <summary>A condition on the dossiers as the same condition on their narrow copy (migration 0055): every column the
    /// lists read has the same name and type on both (<see cref="WorklistDossier"/>); a column missing there fails here,
    /// at the first request, not silently.</summary>
    public static Expression<Func<WorklistDossier, bool>> OnWorklistTable(Expression<Func<Dossier, bool>> condition)
    {
        var w = Expression.Parameter(typeof(WorklistDossier), "w");
        return Expression.Lambda<Func<WorklistDossier, bool>>(new ToWorklistTable(condition.Parameters[0], w).Visit(condition.Body), w);
    }

    private sealed class ToWorklistTable(ParameterExpression dossier, ParameterExpression row) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == dossier ? Expression.Property(row, node.Member.Name) : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == dossier ? throw new InvalidOperationException("Điều kiện danh sách đọc cả hồ sơ, không chỉ các cột của worklist_dossiers.") : node;
    }

    private static Expression<Func<Dossier, bool>> And(Expression<Func<Dossier, bool>> a, Expression<Func<Dossier, bool>> b) =>
        Expression.Lambda<Func<Dossier, bool>>(Expression.AndAlso(a.Body, Rebind(b, a.Parameters[0])), a.Parameters);

    private static Expression Rebind(Expression<Func<Dossier, bool>> lambda, ParameterExpression to) =>
        new Rebinder(lambda.Parameters[0], to).Visit(lambda.Body);

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

public static class WorklistEndpoints
{
    public static void MapWorklistEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/worklists/{name}", async (string name, int? page, HttpContext http, Worklists worklists, CancellationToken ct) =>
        {
            if (Worklists.Parse(name) is not { } list)
                return Problems.NotFound($"Không có danh sách \"{name}\"; dùng: {string.Join(", ", Enum.GetValues<WorklistName>().Select(Worklists.Slug))}.");
            return await worklists.ReadAsync(http.User, list, page ?? 1, ct) is { } result
                ? Results.Ok(result)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Không có quyền", detail: "Danh sách công việc chỉ dành cho cán bộ, công chức của một đơn vị.");
        })
        .RequireAuthorization(Policies.Api).WithTags("Processing")
        .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
        .Produces<WorklistPage>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .WithSummary("Danh sách công việc của cán bộ: chờ tiếp nhận, chờ tôi xử lý, của đơn vị, sắp đến hạn, quá hạn, chờ người dân (có phân trang và số lượng)");
    }
}
