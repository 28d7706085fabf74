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

        // The lists' statements of this role, compiled once per process (Statements): a request binds its agency, user and
        // instants to them instead of building and translating the lists' expression trees again.
        var statements = Compiled.GetOrAdd((officer.Role, agencyId is null), key => new Lazy<Statements>(() => Compile(key.Role, key.Inspector))).Value;
        var agency = agencyId ?? 0;
        int[] asCoAgency = [agency];
        var userId = officer.Actor.UserId;
        page = Math.Max(1, page);
        // The counts and the page in one read transaction, planned for this request's values and never in parallel
        // (WorklistPlanning).
        await using var read = await db.Database.BeginTransactionAsync(ct);
        await using (var planning = await db.CommandAsync(WorklistPlanning, ct))
            await planning.ExecuteNonQueryAsync(ct);
        var counts = await CountAsync(statements, agency, userId, asCoAgency, now, dueSoon, ct);
        var skip = (Paging.Clamp(page) - 1) * PageSize;
        var rows = new List<PageRow>(PageSize);
        await foreach (var row in statements.Page[name](db, agency, userId, asCoAgency, now, dueSoon, skip, skip + PageSize).WithCancellation(ct))
            rows.Add(row);
        await read.CommitAsync(ct);
        // The early warning beside the due date: the agencies' step histories are cached (StepTimeReads.HistoryLifetime),
        // and the receiving units' calendars are read once for the page (none when every row is the officer's unit's), so
        // a page costs no read per row.
        await stepTimes.ReadCalendarsAsync(rows.Where(r => r.Status == DossierStatus.InProcess && r.CurrentStepIndex is not null).Select(r => r.ReceivingAgencyId),
            agencyId is { } own ? (own, calendar) : null, ct);
        var expected = new Dictionary<string, ExpectedFinish?>();
        foreach (var r in rows)
            expected[r.Code] = await stepTimes.ExpectedAsync(r.ReceivingAgencyId, r.ProcedureCode, r.Process, r.CurrentStepIndex, r.CurrentStepStartedAt,
                r.Pauses, r.Status, r.DueAt, ct);
        reads.Listed($"worklist:{Slug(name)}", rows.Select(r => r.Code));
        var vn = VietnamTime.Offset;
        return new WorklistPage(Slug(name), Title(name), page, PageSize, counts[Slug(name)], counts, [.. rows.Select(r =>
        {
            var urgency = DossierUrgency.Of(r.Status, r.DueAt, now, calendar);
            return new WorklistRow(r.Code, r.ProcedureName, r.Applicant, (int)r.Status, r.Status.Vietnamese(), r.CurrentStepName, r.AssigneeName,
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
    /// The size of every list, from the counters kept by the writers (migration 0062) and, for the two lists that move with
    /// the clock, the few narrow rows at their edge: "to receive", "mine", "department" and "waiting for the citizen" sum
    /// the agency's counter rows (<see cref="WorklistCount"/>) that meet the list's condition; "overdue" sums the due
    /// counters (<see cref="WorklistDueCount"/>) of the months before the current one and of the days of the current month
    /// before today, plus the rows due today before <paramref name="now"/>; "due soon" counts its rows (due between now
    /// and the end of the next working day, an index range). Each statement reads a bounded number of rows whatever the
    /// number of open dossiers of the unit (32,548 rows read per page for the centre at 3,000,000 dossiers before,
    /// docs/PERFORMANCE.md). WorklistDossiersTests holds every count equal to the condition counted on the dossiers.
    /// <paramref name="agency"/> is 0 for the inspector: the province's counter rows, spread over agency ids -1 to -16
    /// (migration 0116), which the statements sum (the read's custom plans fold <c>key = 0</c> away for a unit).
    /// </summary>
    private async Task<Dictionary<string, int>> CountAsync(Statements statements, int agency, int? userId, int[] asCoAgency, DateTimeOffset now,
        DateTimeOffset dueSoon, CancellationToken ct)
    {
        var shaped = await statements.Shaped(db, agency, userId, ct);
        var sizes = ByShape.Select((list, i) => (list, i)).ToDictionary(x => x.list, x => shaped?[x.i] ?? 0);
        var today = DateOnly.FromDateTime(now.ToOffset(VietnamTime.Offset).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        sizes[WorklistName.Overdue] = await statements.PastDue(db, agency, month, today, ct)
            + await statements.OverdueToday(db, agency, asCoAgency, now, VietnamTime.At(today, TimeOnly.MinValue), ct);
        sizes[WorklistName.DueSoon] = await statements.DueSoon(db, agency, asCoAgency, now, dueSoon, ct);
        return Enum.GetValues<WorklistName>().ToDictionary(Slug, list => sizes[list]);
    }

    /// <summary>The lists counted from the counters by shape (<see cref="WorklistCount"/>), in the order of
    /// <see cref="Statements.Shaped"/>'s array.</summary>
    private static readonly WorklistName[] ByShape = [WorklistName.ToReceive, WorklistName.Mine, WorklistName.Department, WorklistName.WaitingForCitizen];

    /// <summary>The columns of a page's row: the 20 dossiers' fields the list shows and the early warning reads.</summary>
    private sealed record PageRow(string Code, string ProcedureName, string Applicant, DossierStatus Status, string? CurrentStepName, string? AssigneeName,
        DateTimeOffset? DueAt, IReadOnlyList<SkippedPeriod> DueExplanation, int ReceivingAgencyId, string ProcedureCode, IReadOnlyList<PlannedStep> Process,
        int? CurrentStepIndex, DateTimeOffset? CurrentStepStartedAt, IReadOnlyList<DossierPause> Pauses);

    /// <summary>
    /// The statements of one role's lists (<see cref="Compile"/>), compiled by EF Core once (<c>EF.CompileAsyncQuery</c>) and
    /// bound per request to the agency (0 for the inspector), the user, the co-agency array <c>[agency]</c> and the instants.
    /// Before, every request built the six lists' expression trees, mapped them onto the counters and the narrow copy, and
    /// EF Core walked and hashed each tree to find its cached translation: about a fifth of the app's CPU per worklist
    /// request (docs/PERFORMANCE.md "Worklists: the app's CPU per request").
    /// </summary>
    private sealed record Statements(
        Func<MotCuaDb, int, int?, CancellationToken, Task<int[]?>> Shaped,
        Func<MotCuaDb, int, DateOnly, DateOnly, CancellationToken, Task<int>> PastDue,
        Func<MotCuaDb, int, int[], DateTimeOffset, DateTimeOffset, CancellationToken, Task<int>> OverdueToday,
        Func<MotCuaDb, int, int[], DateTimeOffset, DateTimeOffset, CancellationToken, Task<int>> DueSoon,
        IReadOnlyDictionary<WorklistName, Func<MotCuaDb, int, int?, int[], DateTimeOffset, DateTimeOffset, int, int, IAsyncEnumerable<PageRow>>> Page);

    /// <summary>Per (role, inspector or not): a handful of keys, each compiled once by the first request that needs it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(OfficerRole Role, bool Inspector), Lazy<Statements>> Compiled = new();

    // Stand-ins for a request's values while a role's statements are built from Condition and Mine, which take values:
    // each is then replaced by the compiled query's parameter of the same meaning (Parameterize). Values no agency, user
    // or instant takes.
    private const int AgencyStandIn = -710_000_001;
    private const int UserStandIn = -710_000_002;
    private static readonly DateTimeOffset NowStandIn = new(1, 1, 1, 0, 0, 1, TimeSpan.Zero);
    private static readonly DateTimeOffset DueSoonStandIn = new(1, 1, 1, 0, 0, 2, TimeSpan.Zero);

    /// <summary>Builds and compiles one role's statements: each list's condition written once (<see cref="Condition"/>),
    /// mapped onto the counters and the narrow copy as before, with the request's values as parameters.</summary>
    private static Statements Compile(OfficerRole role, bool inspector)
    {
        int? agencyId = inspector ? null : AgencyStandIn;
        var officer = new Officer(new Actor("", UserStandIn), role, agencyId);
        var conditions = Enum.GetValues<WorklistName>().ToDictionary(list => list, list => Condition(list, officer, agencyId, NowStandIn, DueSoonStandIn));

        // Counts by shape: g => new[] { g.Where(c1).Sum(c => c.N), … }, one SUM(CASE WHEN c THEN n END) per list.
        Expression<Func<MotCuaDb, int, int?, CancellationToken, int[]?>> shaped = (db, key, user, ct) =>
            db.WorklistCounts.AsNoTracking().Where(c => c.AgencyId == key || key == 0 && c.AgencyId < 0).GroupBy(_ => 1).Select(Hole<Expression<Func<IGrouping<int, WorklistCount>, int[]>>>.Value).FirstOrDefault();
        var g = Expression.Parameter(typeof(IGrouping<int, WorklistCount>), "g");
        Expression<Func<WorklistCount, int>> n = c => c.N;
        var projection = Expression.Lambda<Func<IGrouping<int, WorklistCount>, int[]>>(Expression.NewArrayInit(typeof(int), ByShape.Select(list =>
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(WorklistCount)],
                Expression.Call(typeof(Enumerable), nameof(Enumerable.Where), [typeof(WorklistCount)], g,
                    Parameterize(OnCounters<WorklistCount>(conditions[list], agencyId), (UserStandIn, shaped.Parameters[2]))), n))), g);

        Expression<Func<MotCuaDb, int, DateOnly, DateOnly, CancellationToken, int>> pastDue = (db, key, month, today, ct) => db.WorklistDueCounts.AsNoTracking()
            .Where(c => (c.AgencyId == key || key == 0 && c.AgencyId < 0) && (c.IsMonth && c.DuePeriod < month || !c.IsMonth && c.DuePeriod >= month && c.DuePeriod < today))
            .Where(Hole<Expression<Func<WorklistDueCount, bool>>>.Value).Sum(c => c.N);
        Expression<Func<MotCuaDb, int, int[], DateTimeOffset, DateTimeOffset, CancellationToken, int>> overdueToday = (db, agency, asCoAgency, now, todayStart, ct) =>
            db.WorklistDossiers.AsNoTracking().Where(Hole<Expression<Func<WorklistDossier, bool>>>.Value).Count(w => w.DueAt >= todayStart);
        Expression<Func<MotCuaDb, int, int[], DateTimeOffset, DateTimeOffset, CancellationToken, int>> dueSoon = (db, agency, asCoAgency, now, soon, ct) =>
            db.WorklistDossiers.AsNoTracking().Count(Hole<Expression<Func<WorklistDossier, bool>>>.Value);

        return new Statements(
            EF.CompileAsyncQuery(Fill(shaped, projection)),
            EF.CompileAsyncQuery(Fill(pastDue, Parameterize(OnCounters<WorklistDueCount>(Timed(WorklistName.Overdue, agencyId, null), agencyId)))),
            EF.CompileAsyncQuery(Fill(overdueToday, Parameterize(OnWorklistTable(conditions[WorklistName.Overdue]),
                (AgencyStandIn, overdueToday.Parameters[1]), (CoAgencyStandIn, overdueToday.Parameters[2]), (NowStandIn, overdueToday.Parameters[3])))),
            EF.CompileAsyncQuery(Fill(dueSoon, Parameterize(OnWorklistTable(conditions[WorklistName.DueSoon]),
                (AgencyStandIn, dueSoon.Parameters[1]), (CoAgencyStandIn, dueSoon.Parameters[2]), (NowStandIn, dueSoon.Parameters[3]), (DueSoonStandIn, dueSoon.Parameters[4])))),
            Enum.GetValues<WorklistName>().ToDictionary(list => list, list => EF.CompileAsyncQuery(PageOf(conditions[list]))));
    }

    /// <summary>The stand-in of <c>[agency]</c>, the co-agency term's array (<see cref="Parameterize"/> matches it by content).</summary>
    private static readonly int[] CoAgencyStandIn = [AgencyStandIn];

    /// <summary>
    /// One list's page of 20 rows: each term of the list's OR (holder, receiver, co-agency task; the rows of "mine") read in
    /// the list's order from its index, as many as the page needs (<c>take</c> = skip + 20), then merged: about 20 rows per
    /// term instead of a sort of every open row of the unit; then only those dossiers' rows. A co-agency term is read whole
    /// (a unit's open co-agency tasks, by the GIN index): ordered and limited, PostgreSQL walked the province's due index for
    /// it (80,881 rows and 79,953 buffers for none found, at 3,000,000 dossiers).
    /// </summary>
    private static Expression<Func<MotCuaDb, int, int?, int[], DateTimeOffset, DateTimeOffset, int, int, IQueryable<PageRow>>> PageOf(Expression<Func<Dossier, bool>> condition)
    {
        Expression<Func<MotCuaDb, int, int?, int[], DateTimeOffset, DateTimeOffset, int, int, IQueryable<PageRow>>> page = (db, agency, user, asCoAgency, now, soon, skip, take) =>
            from r in Hole<IQueryable<WorklistDossier>>.Value.OrderBy(r => r.DueAt).ThenBy(r => r.Id).Skip(skip).Take(PageSize)
            join d in db.Dossiers.AsNoTracking() on r.Id equals d.Id
            orderby r.DueAt, r.Id
            select new PageRow(d.Code, d.ProcedureName, d.Applicant.FullName, d.Status, d.CurrentStepName, d.AssigneeName, d.DueAt, d.DueExplanation,
                d.ReceivingAgencyId, d.ProcedureCode, d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses);
        var p = page.Parameters;
        Expression<Func<MotCuaDb, int, IQueryable<WorklistDossier>>> ordered = (db, take) =>
            db.WorklistDossiers.AsNoTracking().Where(Hole<Expression<Func<WorklistDossier, bool>>>.Value).OrderBy(r => r.DueAt).ThenBy(r => r.Id).Take(take);
        Expression<Func<MotCuaDb, int, IQueryable<WorklistDossier>>> whole = (db, take) =>
            db.WorklistDossiers.AsNoTracking().Where(Hole<Expression<Func<WorklistDossier, bool>>>.Value);
        var onTable = Parameterize(OnWorklistTable(condition), (AgencyStandIn, p[1]), (UserStandIn, p[2]), (CoAgencyStandIn, p[3]), (NowStandIn, p[4]), (DueSoonStandIn, p[5]));
        var union = Terms(onTable.Body)
            .Select(Expression (term) =>
            {
                var read = new Mentions(onTable.Parameters[0], nameof(WorklistDossier.OpenTaskAgencyIds)).In(term) ? whole : ordered;
                var filled = Fill(read, Expression.Lambda<Func<WorklistDossier, bool>>(term, onTable.Parameters[0]));
                return new Replace(filled.Parameters[1], p[7]).Visit(new Replace(filled.Parameters[0], p[0]).Visit(filled.Body))!;
            })
            .Aggregate((a, b) => Expression.Call(typeof(Queryable), nameof(Queryable.Union), [typeof(WorklistDossier)], a, b));
        return Fill(page, union);
    }

    /// <summary>A place in a statement's template where <see cref="Fill"/> puts a condition (quoted) or a query.</summary>
    private static class Hole<T>
    {
        public static readonly T Value = default!;
    }

    /// <summary>The template with its <see cref="Hole{T}"/> replaced: a lambda as the quoted argument of a query operator, a
    /// query as itself.</summary>
    private static Expression<T> Fill<T>(Expression<T> template, Expression with) =>
        (Expression<T>)new Filler(with is LambdaExpression lambda ? Expression.Quote(lambda) : with).Visit(template);

    private sealed class Filler(Expression with) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Member.DeclaringType is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Hole<>) ? with : base.VisitMember(node);
    }

    /// <summary>The condition with every captured value equal to a stand-in (the agency, the user, <c>[agency]</c>, the
    /// instants) replaced by the parameter given for it; other captured values (the statuses and step kinds, inlined by
    /// <c>EF.Constant</c>) stay.</summary>
    private static Expression<Func<T, bool>> Parameterize<T>(Expression<Func<T, bool>> condition, params (object StandIn, ParameterExpression Parameter)[] parameters) =>
        (Expression<Func<T, bool>>)new Parameterizer(parameters).Visit(condition);

    private sealed class Parameterizer((object StandIn, ParameterExpression Parameter)[] parameters) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (Captured(node))
            {
                var value = Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();
                foreach (var (standIn, parameter) in parameters)
                {
                    if (standIn is int[] array ? value is int[] values && values.SequenceEqual(array) : Equals(value, standIn))
                        return parameter.Type == node.Type ? parameter : Expression.Convert(parameter, node.Type);
                }
                if (value is int and (AgencyStandIn or UserStandIn) || value is DateTimeOffset at && (at == NowStandIn || at == DueSoonStandIn))
                    throw new InvalidOperationException($"Danh sách dùng giá trị {node} mà câu lệnh biên dịch không có tham số cho nó.");
            }
            return base.VisitMember(node);
        }

        // EF.Constant(statuses): the value itself. A compiled query inlines every captured value anyway, and EF Core's
        // EF.Constant expects the parameter a non-compiled query would have made of its argument (it fails on a constant).
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method is { IsGenericMethod: true, Name: nameof(EF.Constant) } && node.Method.DeclaringType == typeof(EF)
                ? Expression.Constant(Expression.Lambda<Func<object?>>(Expression.Convert(node.Arguments[0], typeof(object))).Compile(preferInterpretation: true)(), node.Type)
                : base.VisitMethodCall(node);

        // A value the compiler captured: a field of a closure object, possibly through other closures.
        private static bool Captured(MemberExpression node) => node.Expression switch
        {
            ConstantExpression => true,
            MemberExpression inner => Captured(inner),
            _ => false,
        };
    }

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
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
                WorklistName.DueSoon => Timed(name, null, d => d.DueAt >= now && d.DueAt <= dueSoon),
                WorklistName.Overdue => Timed(name, null, d => d.DueAt < now),
                WorklistName.WaitingForCitizen => d => DossierStatuses.Open.Contains(d.Status) && DossierStatuses.WaitingForCitizen.Contains(d.Status),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
            };
        }
        return name switch
        {
            WorklistName.ToReceive => d => d.Status == DossierStatus.Submitted && d.ReceivingAgencyId == agency,
            WorklistName.Mine => Mine(officer, agency),
            WorklistName.Department => AnyOf(Ours(agency)),
            WorklistName.DueSoon => Timed(name, agency, d => d.DueAt >= now && d.DueAt <= dueSoon),
            WorklistName.Overdue => Timed(name, agency, d => d.DueAt < now),
            WorklistName.WaitingForCitizen => AnyOf(Ours(agency).Select(term => And(term, d => DossierStatuses.WaitingForCitizen.Contains(d.Status)))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>The unit's dossiers as an OR of ANDs, one per index (holder, receiver, co-agency task): PostgreSQL does not
    /// distribute an AND over an OR, and on the factored form read every open dossier of the province.</summary>
    private static Expression<Func<Dossier, bool>>[] Ours(int agency)
    {
        int[] asCoAgency = [agency];
        return [
            d => DossierStatuses.Open.Contains(d.Status) && d.CurrentAgencyId == agency,
            d => DossierStatuses.Open.Contains(d.Status) && d.ReceivingAgencyId == agency,
            d => d.Status == DossierStatus.InProcess && asCoAgency.All(a => d.OpenTaskAgencyIds.Contains(a)),
        ];
    }

    /// <summary>"Due soon" or "overdue" (<paramref name="name"/>): the unit's (or, <paramref name="agency"/> null, the
    /// province's) open dossiers whose clock runs, with <paramref name="due"/> as the test of the due instant; null leaves
    /// that test out, for the counters kept by due day and month (<see cref="WorklistDueCount"/>).</summary>
    private static Expression<Func<Dossier, bool>> Timed(WorklistName name, int? agency, Expression<Func<Dossier, bool>>? due)
    {
        if (name is not (WorklistName.DueSoon or WorklistName.Overdue)) throw new ArgumentOutOfRangeException(nameof(name), name, null);
        Expression<Func<Dossier, bool>> running = d => DossierStatuses.ClockRunning.Contains(d.Status);
        if (due is not null) running = And(running, due);
        return agency is { } id
            ? AnyOf(Ours(id).Select(term => And(term, running)))
            : And(d => DossierStatuses.Open.Contains(d.Status), running);
    }

    private static Expression<Func<Dossier, bool>> AnyOf(IEnumerable<Expression<Func<Dossier, bool>>> terms)
    {
        var d = Expression.Parameter(typeof(Dossier), "d");
        return Expression.Lambda<Func<Dossier, bool>>(terms.Select(t => Rebind(t, d)).Aggregate(Expression.OrElse), d);
    }

    /// <summary>The terms of an OR (the whole expression when it is not one), for reading each from its index.</summary>
    private static IEnumerable<Expression> Terms(Expression body) =>
        body is BinaryExpression { NodeType: ExpressionType.OrElse } or ? Terms(or.Left).Concat(Terms(or.Right)) : [body];

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
        // index of the narrow copy (migrations 0062, 0121): PostgreSQL does not distribute an AND over an OR.
        // Rows that differ only by their action (accept or refuse online, approve or refuse on the merits) give one term.
        // A row of several step kinds gives a term per kind: each term is then one status (every awaited row has one) and
        // one kind at one agency column, which migration 0121's indexes read in due order, 20 rows for a page. With the
        // kinds as one IN list PostgreSQL walks the unit's rows in due order past those at other steps: 22 ms for two
        // kinds at the centre at 10,000,000 dossiers, 0.17 ms for one kind read in order (docs/PERFORMANCE.md).
        var terms = ActionRules.AwaitedFrom(officer.Role)
            .SelectMany(rule => rule.Agencies.SelectMany(relation => rule.Steps is { } steps
                ? steps.Select(kind => (rule, relation, step: (StepKind?)kind))
                : [(rule, relation, step: (StepKind?)null)]))
            .DistinctBy(x => (string.Join(',', x.rule.Statuses), x.step, x.relation, x.rule.AssigneeOnly, x.rule.WithoutResult))
            .Select(x => Rebind(Term(x.rule, x.relation, x.step, agencyId, userId), d))
            .ToList();
        return Expression.Lambda<Func<Dossier, bool>>(terms.Count == 0 ? Expression.Constant(false) : terms.Aggregate(Expression.OrElse), d);
    }

    /// <summary>One term of "mine": <paramref name="rule"/>'s statuses at the <paramref name="relation"/>'s agency column, at
    /// the step kind <paramref name="step"/> (null: the rule names no step), with its assignee and result tests.</summary>
    private static Expression<Func<Dossier, bool>> Term(ActionRule rule, AgencyRelation relation, StepKind? step, int agencyId, int? userId)
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
        if (step is { } kind)
        {
            StepKind?[] kinds = [kind];
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

    /// <summary>A condition on the dossiers as the same condition on the counter rows of one agency (<typeparamref name="T"/>:
    /// <see cref="WorklistCount"/> or <see cref="WorklistDueCount"/>, read for <paramref name="agencyId"/>, or the province's stripes when null): the tests
    /// of the agency columns against <paramref name="agencyId"/> become the row's relation flags (holder, receiving unit,
    /// co-agency task), every other column is read by name. A column the counters do not keep (the due instant, for one)
    /// fails here, at the first request, not silently; so does a test against another agency.</summary>
    public static Expression<Func<T, bool>> OnCounters<T>(Expression<Func<Dossier, bool>> condition, int? agencyId)
    {
        var c = Expression.Parameter(typeof(T), "c");
        return Expression.Lambda<Func<T, bool>>(new ToCounters(condition.Parameters[0], c, agencyId).Visit(condition.Body), c);
    }

    private sealed class ToCounters(ParameterExpression dossier, ParameterExpression row, int? agencyId) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Equal && (AgencyFlag(node.Left, node.Right) ?? AgencyFlag(node.Right, node.Left)) is { } flag) return flag;
            return base.VisitBinary(node);
        }

        // d.CurrentAgencyId == agency → c.IsHolder; d.ReceivingAgencyId == agency → c.IsReceiver.
        private Expression? AgencyFlag(Expression column, Expression value)
        {
            if (column is not MemberExpression { Member.Name: var name } member || member.Expression != dossier) return null;
            var flag = name switch { nameof(Dossier.CurrentAgencyId) => "IsHolder", nameof(Dossier.ReceivingAgencyId) => "IsReceiver", _ => null };
            if (flag is null) return null;
            if (agencyId is null || !Equals(Evaluate(value), agencyId))
                throw new InvalidOperationException($"Bộ đếm danh sách của đơn vị {agencyId} không trả lời được phép so sánh {column} với {value}.");
            return Expression.Property(row, flag);
        }

        // [agency].All(a => d.OpenTaskAgencyIds.Contains(a)) → c.IsCoAgency.
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(Enumerable.All) && node.Arguments is [var agencies, LambdaExpression test] && new Mentions(dossier, nameof(Dossier.OpenTaskAgencyIds)).In(test.Body))
            {
                if (agencyId is null || Evaluate(agencies) is not int[] ids || !ids.SequenceEqual([agencyId.Value]))
                    throw new InvalidOperationException($"Bộ đếm danh sách của đơn vị {agencyId} không trả lời được phép thử {node}.");
                return Expression.Property(row, "IsCoAgency");
            }
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == dossier ? Expression.Property(row, node.Member.Name) : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == dossier ? throw new InvalidOperationException("Điều kiện danh sách đọc cả hồ sơ, không chỉ các cột của bộ đếm.") : node;

        private static object? Evaluate(Expression value) => Expression.Lambda<Func<object?>>(Expression.Convert(value, typeof(object))).Compile(preferInterpretation: true)();
    }

    /// <summary>Whether an expression reads a member of a parameter (however the compiler wrote the calls around it).</summary>
    private sealed class Mentions(ParameterExpression parameter, string member) : ExpressionVisitor
    {
        private bool _found;

        public bool In(Expression e)
        {
            Visit(e);
            return _found;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            _found |= node.Member.Name == member && node.Expression == parameter;
            return base.VisitMember(node);
        }
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
