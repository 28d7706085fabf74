using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Domain.Ratings;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Intake;
using MotCua.Web.Features.Payments;
using MotCua.Web.Features.Processing;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MotCua.Web.Features.Demo;

/// <summary>What one run of <see cref="DemoHistory.SeedAsync"/> did: dossiers received, actions taken and payments
/// confirmed (0 each when the history was already there), intakes the rules refused, and the time it took.</summary>
public sealed record DemoHistoryResult(int Dossiers, int Actions, int Payments, int Refused, TimeSpan Elapsed, bool Skipped)
{
    /// <summary>The first few reasons intake gave for the refused ones, to mend the generator.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The applicants' ratings recorded (about half of the dossiers returned, within five days of the return).</summary>
    public int Ratings { get; init; }
}

/// <summary>
/// Issue 15: about four months of dossiers in the demo province, so a leader, an inspector or a new officer finds figures
/// in Biểu 06, the 766 index, the dashboard, the official books, the worklists and the ratings' figures. Every dossier comes
/// through the real paths, each at its own past instant: <see cref="DossierIntake.ReceiveAsync"/>,
/// <see cref="DossierProcessing.PerformAsync"/> as the demo officers (their sign-in principal), fees and financial obligations
/// confirmed by the unit's accountant through <see cref="ConfirmationService.RecordAsync"/>, the applicants' ratings through
/// <see cref="RatingStore.RateAsync"/>. Those services read the time from a clock this class moves forward from
/// event to event (all dossiers' events merged in time order), so due dates, step deadlines, register numbers, receipts
/// and the report counts follow the working calendar exactly; nothing is back-dated afterwards.
/// Deterministic (one seeded random); idempotent: it runs only on a database without any dossier, under an advisory lock,
/// so a second start, or a second instance, adds nothing. Also adds, when missing, the staff the history needs (every
/// commune unit's desk, civil-servant, leader and accountant; Sở Tư pháp's leader) and the Sở route: the centre's
/// process of <see cref="SoRouteProcedureCode"/> goes to Sở Tư pháp, whose head assigns, specialist appraises and
/// leader approves.
/// </summary>
public static class DemoHistory
{
    /// <summary>Thủ tục cấp bản sao từ sổ gốc (province level, field Chứng thực): at the centre it is resolved by Sở Tư pháp.</summary>
    public const string SoRouteProcedureCode = "2.000908";

    /// <summary>Sở Tư pháp's electronic code in the demo.</summary>
    public const string JusticeDepartmentCode = "000.00.02.H46";

    /// <summary>How many dossiers the history receives, every adopted procedure and the Sở route's included (an intake the rules
    /// refuse is counted apart, in <see cref="DemoHistoryResult.Refused"/>).</summary>
    public const int DossierCount = 420;

    /// <summary>How far back the history starts, in calendar days before the clock's now.</summary>
    public const int Days = 120;

    private const long AdvisoryLock = 4647;

    /// <summary>The seed of the history's random choices: the same history on every machine.</summary>
    public const int Seed = 15;

    private sealed class MovingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }

    /// <summary>Sở Nông nghiệp và Môi trường's electronic code: the co-agency the centre's land procedures consult.</summary>
    public const string EnvironmentDepartmentCode = "000.00.03.H46";

    /// <summary>The payment partner whose callbacks confirm the online dossiers' fees (its secret is never used: the
    /// history calls the rule the callback calls, after the signature check).</summary>
    public const string PartnerName = "vietinbank-demo";

    private enum Outcome
    {
        Early, OnTime, Late, Overdue, Supplement, SupplementStopped, Refused, Withdrawn, Obligation, AwaitsAssignment,
        Extended, SentBack, RefusedAtIntake,
    }

    // What happens to one intake fee: paid at the desk in cash, by a transfer the accountant confirms, by the partner's
    // callback (online dossiers); an online payer who first sends too little, or whose bank sends the money twice; a desk
    // receipt cancelled for a misspelt payer and replaced.
    private enum FeeStep { Cash, Transfer, Callback, Underpaid, Duplicate, CancelAndReplace }

    private sealed record Staff(User User, ClaimsPrincipal Principal, Officer Officer);

    private sealed class Unit(Agency agency, WorkingCalendar calendar)
    {
        public Agency Agency { get; } = agency;
        public WorkingCalendar Calendar { get; } = calendar;
        public List<Staff> People { get; } = [];
        public List<string> Adopted { get; } = [];
        public Staff? One(string role, Random random) => People.Where(p => p.User.Role == role).OrderBy(p => p.User.Id).ToList() is { Count: > 0 } all ? all[random.Next(all.Count)] : null;
    }

    private sealed class Run(int index, Unit unit, ProcedureSpec spec, Channel channel, Outcome plan, DateTimeOffset arrival)
    {
        public int Index { get; } = index;
        public Unit Unit { get; } = unit;
        public ProcedureSpec Spec { get; } = spec;
        public Channel Channel { get; } = channel;
        public Outcome Plan { get; } = plan;
        public DateTimeOffset Arrival { get; } = arrival;
        public string? Code { get; set; }
        public Dossier? Last { get; set; }
        public bool Supplemented { get; set; }
        public bool Obliged { get; set; }
        public bool Stalled { get; set; }
        public int? ObligationRequest { get; set; }
        public bool SentBack { get; set; }
        public Queue<(FeeStep Step, long Request, long Amount)> FeeSteps { get; } = new();
        public PaymentView? LastPayment { get; set; }
        /// <summary>When the applicant rates the closed dossier (null: not yet decided, or not rating).</summary>
        public DateTimeOffset? RatesAt { get; set; }
        public bool RatingDecided { get; set; }
        /// <summary>Whether the result was returned after the due date (the applicant's rating remembers it).</summary>
        public bool ReturnedLate { get; set; }
    }

    /// <summary>The partner's callbacks and the fee cases planned: which fee of which channel ends flagged or with a
    /// replaced receipt (from the first online fee, every fourth underpaid first; the first and third of every four also
    /// sent twice by the bank; every fifth desk receipt, from the second, replaced).</summary>
    private sealed class FeePlan(int partnerId)
    {
        public int PartnerId { get; } = partnerId;
        public int Online { get; set; }
        public int Desk { get; set; }
        public int Transactions { get; set; }
    }

    /// <summary>
    /// Seeds the history when the database has no dossier; returns what it did. <paramref name="now"/> is the end of the
    /// history (default: the app's clock); events that would fall after it are not taken, so the dossiers received last are
    /// still in progress, some of them overdue.
    /// </summary>
    public static async Task<DemoHistoryResult> SeedAsync(IServiceProvider services, DateTimeOffset? now = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var end = now ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var guard = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        // Held for the whole run: a second instance starting meanwhile finds it taken and leaves the history to this one.
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLock})", guard))
            if (await take.ExecuteScalarAsync(ct) is not true) return new DemoHistoryResult(0, 0, 0, 0, watch.Elapsed, Skipped: true);
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM dossiers)", guard))
            if (await any.ExecuteScalarAsync(ct) is true) return new DemoHistoryResult(0, 0, 0, 0, watch.Elapsed, Skipped: true);

        var clock = new MovingClock(end.AddDays(-Days));
        await EnsureStaffAndRouteAsync(services, clock.Now, ct);
        var fees = new FeePlan(await EnsurePartnerAsync(services, clock, ct));
        var (units, specs, apiClient) = await LoadAsync(services, ct);
        var random = new Random(Seed);
        // The applicants' ratings draw from their own random so that the dossiers' history stays the one it was without them.
        var opinions = new Random(Seed + 1);
        var runs = Plan(units, specs, random, end.AddDays(-Days), end.AddHours(-2));
        var queue = new PriorityQueue<Run, (DateTimeOffset, int)>();
        foreach (var run in runs) queue.Enqueue(run, (run.Arrival, run.Index));
        int dossiers = 0, actions = 0, payments = 0, refused = 0, ratings = 0;
        var problems = new List<string>();
        var byId = units.ToDictionary(u => u.Agency.Id);
        while (queue.TryDequeue(out var run, out var key))
        {
            ct.ThrowIfCancellationRequested();
            clock.Now = key.Item1;
            using var scope = services.CreateScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<MotCuaDb>();
            var calendars = sp.GetRequiredService<CalendarStore>();
            DateTimeOffset? next;
            if (run.Code is null)
            {
                var intake = new DossierIntake(db, sp.GetRequiredService<NpgsqlDataSource>(), calendars, clock, sp.GetRequiredService<FileStoreOptions>());
                var outcome = await ReceiveAsync(intake, run, apiClient, random, clock.Now, ct);
                if (outcome.Dossier is not { } received)
                {
                    refused++;
                    if (problems.Count < 10)
                        problems.Add($"{run.Spec.Code} {run.Unit.Agency.Code} {run.Channel}: " + string.Join("; ", (outcome.Errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + outcome.Forbidden);
                    continue;
                }
                dossiers++;
                run.Code = received.Code;
                run.Last = received;
                // Refused at the desk (Mẫu 03, status 3): nothing more happens to it.
                if (received.Status == DossierStatus.NotReceived) continue;
                var open = new List<(long Id, long Amount)>();
                await using (var requested = await db.CommandAsync("""
                    SELECT r.id, r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
                    WHERE d.code = $1 AND r.status = 'open' AND r.amount_vnd > 0 ORDER BY r.id
                    """, ct, received.Code))
                await using (var reader = await requested.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct)) open.Add((reader.GetInt64(0), reader.GetInt64(1)));
                // An online submission the desk will refuse is not paid for first.
                if (run.Plan != Outcome.RefusedAtIntake)
                    foreach (var (id, amount) in open) PlanFee(run, fees, id, amount);
                next = After(run, clock.Now, random.Next(5, 40));
            }
            else if (run.RatesAt is not null)
            {
                if (await RateAsync(sp, clock, run, opinions, ct)) ratings++;
                continue;
            }
            else if (run.FeeSteps.TryDequeue(out var fee))
            {
                if (await FeeAsync(sp, db, calendars, clock, run, fees, fee.Step, fee.Request, fee.Amount, random, ct)) payments++;
                next = After(run, clock.Now, run.FeeSteps.Count > 0 ? random.Next(20, 240) : random.Next(10, 90));
            }
            else
            {
                var (action, by, input) = NextAction(run, byId, random, clock.Now);
                if (action is null)
                {
                    if (PlanRating(run, opinions, clock.Now) is { } rates && rates < end) queue.Enqueue(run, (rates, run.Index));
                    continue;
                }
                if (action == ProcessingAction.PaymentReceived)
                {
                    if (await PayObligationAsync(sp, db, calendars, clock, run, ct)) payments++;
                    run.Last = await db.Dossiers.AsNoTracking().FirstAsync(d => d.Code == run.Code, ct);
                }
                else
                {
                    var processing = new DossierProcessing(db, calendars, clock,
                        new SignerKeys(db, sp.GetRequiredService<DemoSigning>(), clock, sp.GetRequiredService<SigningMode>()));
                    var outcome = await processing.PerformAsync(by!.Principal, run.Code, action.Value, input!, ct);
                    if (outcome.Dossier is null)
                        throw new InvalidOperationException($"Lịch sử demo: {action} trên hồ sơ {run.Code} bị từ chối: {outcome.Detail}");
                    run.Last = outcome.Dossier;
                    if (action == ProcessingAction.RequireFinancialObligation) run.Obliged = true;
                    if (action == ProcessingAction.Return) run.ReturnedLate = clock.Now > outcome.Dossier.DueAt;
                }
                actions++;
                next = NextInstant(run, clock.Now, random);
            }
            if (next is { } at && at < end) queue.Enqueue(run, (at, run.Index));
            else if (PlanRating(run, opinions, clock.Now) is { } rates && rates < end) queue.Enqueue(run, (rates, run.Index));
        }
        return new DemoHistoryResult(dossiers, actions, payments, refused, watch.Elapsed, Skipped: false) { Problems = problems, Ratings = ratings };
    }

    /// <summary>
    /// Whether the applicant of a dossier that has come to rest rates it, and when: about half of the dossiers whose result
    /// was returned, within five days of the return (inside the rating window), by the channel a citizen would use. Asked
    /// once per dossier; null when it will not be rated or is not closed for rating (<see cref="RatingWindow.Closing"/>).
    /// </summary>
    private static DateTimeOffset? PlanRating(Run run, Random opinions, DateTimeOffset now)
    {
        if (run.RatingDecided || run.Last?.Status != DossierStatus.Returned) return null;
        run.RatingDecided = true;
        if (opinions.NextDouble() >= 0.55) return null;
        run.RatesAt = now.AddMinutes(opinions.Next(20, 5 * 24 * 60));
        return run.RatesAt;
    }

    /// <summary>
    /// The applicant rates the dossier through <see cref="RatingStore"/>, with the printed code of its receipt or the link of
    /// its closing message, as <c>POST /api/v1/ratings</c> does: mostly satisfied, some answers lower where the dossier was
    /// late, a few unsatisfied with a comment. True when the rating was recorded.
    /// </summary>
    private static async Task<bool> RateAsync(IServiceProvider sp, TimeProvider clock, Run run, Random opinions, CancellationToken ct)
    {
        var store = new RatingStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<DeploymentKey>(),
            sp.GetRequiredService<IOptions<RatingOptions>>(), clock);
        var dossier = run.Last!;
        var channel = opinions.Next(4) switch { 0 => "qr", 1 => "sms", 2 => "kiosk", _ => "web" };
        var token = channel is "sms" or "web" ? store.OwnTokenOf(dossier.Id) : store.TokenOf(dossier.Id);
        var mood = opinions.NextDouble() + (run.ReturnedLate ? 0.35 : 0);
        var overall = mood < 0.55 ? "very-satisfied" : mood < 0.9 ? "satisfied" : "unsatisfied";
        var floor = overall switch { "very-satisfied" => 2, "satisfied" => 1, _ => 0 };
        var answers = RatingIndicators.All.ToDictionary(i => i.Number.ToString(CultureInfo.InvariantCulture),
            _ => (int?)Math.Min(2, floor + (opinions.NextDouble() < 0.3 ? 1 : 0)));
        string? comment = overall switch
        {
            "unsatisfied" => run.ReturnedLate ? "Hồ sơ trả muộn so với giấy hẹn, không được báo trước." : "Phải đi lại nhiều lần để bổ sung giấy tờ.",
            "very-satisfied" when opinions.NextDouble() < 0.2 => "Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.",
            _ => null,
        };
        var (rating, errors) = Rating.Check(answers, overall, comment, channel);
        if (rating is null) throw new InvalidOperationException("Lịch sử demo: phiếu đánh giá sai: " + string.Join("; ", errors.Select(e => e.Message)));
        var (outcome, _) = await store.RateAsync(dossier.Code, token, rating, ct);
        return outcome == RateOutcome.Rated;
    }

    /// <summary>
    /// The staff the history works with (the commune units' officers and accountants such as <c>ketoan.thuanhoa</c>, the
    /// Sở's leader and specialist), added when missing with the demo password and dated from the history's first day.
    /// Program calls it before the welcome list when the history is asked for, so the first list ./run.sh prints names
    /// every account (trial14u LOW 1: the ward accountants appeared only in the second list, ~2 minutes later); the
    /// history then finds them there.
    /// </summary>
    public static async Task EnsureStaffAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
        await AddStaffAsync(db, agencies, services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-Days), ct);
        await db.SaveChangesAsync(ct);
    }

    private static async Task EnsureStaffAndRouteAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
        await AddStaffAsync(db, agencies, now, ct);
        // The Sở route: assignment, appraisal and approval at Sở Tư pháp; transfer and result at the centre's desk.
        if (agencies.TryGetValue(DemoData.CentreCode, out var centre) && agencies.ContainsKey(JusticeDepartmentCode)
            && await db.AgencyProcedures.FirstOrDefaultAsync(a => a.AgencyId == centre.Id && a.ProcedureCode == SoRouteProcedureCode, ct) is { Process: { } route } routed
            && route.Steps.All(s => s.AgencyCode is null))
        {
            routed.Process = new InternalProcess([.. route.Steps.Select(s => s.Kind switch
            {
                StepKind.Assign => s with { Performer = "Trưởng phòng Hành chính tư pháp, Sở Tư pháp", AgencyCode = JusticeDepartmentCode },
                StepKind.Appraise => s with { Performer = "Chuyên viên Phòng Hành chính tư pháp, Sở Tư pháp", AgencyCode = JusticeDepartmentCode },
                StepKind.Approve => s with { Performer = "Lãnh đạo Sở Tư pháp", AgencyCode = JusticeDepartmentCode },
                _ => s,
            })]);
        }
        // Liên thông: the centre's land procedures ask Sở Nông nghiệp và Môi trường's opinion while their appraisal goes on. The
        // task takes a quarter of the appraisal's allowance, which gives it up, so the steps still add up to the time limit.
        if (centre is not null && agencies.ContainsKey(EnvironmentDepartmentCode))
        {
            var land = await db.Procedures.Where(p => p.Field == OfficialBooks.LandField && p.Code != SoRouteProcedureCode).Select(p => p.Code).ToListAsync(ct);
            foreach (var adoption in await db.AgencyProcedures.Where(a => a.AgencyId == centre.Id && land.Contains(a.ProcedureCode)).ToListAsync(ct))
            {
                if (adoption.Process is not { } process || process.Steps.Any(s => s.Kind == StepKind.CoAgency || s.AgencyCode is not null)
                    || process.Steps.FirstOrDefault(s => s.Kind == StepKind.Appraise) is not { } appraise)
                    continue;
                var task = new TimeLimit(appraise.Allowance.Amount / 4, appraise.Allowance.Unit);
                adoption.Process = new InternalProcess([.. process.Steps.SelectMany(s => s.Kind == StepKind.Appraise
                    ? new[]
                    {
                        s with { Allowance = new TimeLimit(s.Allowance.Amount - task.Amount, s.Allowance.Unit) },
                        new ProcessStep("Cho ý kiến về hiện trạng sử dụng đất", StepKind.CoAgency, "Chuyên viên Sở Nông nghiệp và Môi trường", task,
                            AgencyCode: EnvironmentDepartmentCode),
                    }
                    : [s])]);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    // The history's staff not yet in the database, added to the context (the caller saves).
    private static async Task AddStaffAsync(MotCuaDb db, Dictionary<string, Agency> agencies, DateTimeOffset now, CancellationToken ct)
    {
        var communes = await db.Communes.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        string CommitteeOf(Agency a) => a.CommuneCode is { } c && communes.TryGetValue(c, out var n) ? char.ToLowerInvariant(n[0]) + n[1..] : a.Name;
        (string UserName, string FullName, string Role, string AgencyCode, string? Position)[] wanted =
        [
            ("lanhdao.tuphap", "Lê Thị Minh Nguyệt", Roles.Leader, JusticeDepartmentCode, null),
            ("ketoan.thuanhoa", "Trương Thị Hằng", Roles.Accountant, DemoData.ThuanHoaCode, null),
            ("congchuc.phuxuan", "Nguyễn Đăng Khoa", Roles.Specialist, DemoData.PhuXuanCode, null),
            ("lanhdao.phuxuan", "Trần Đình Khoa", Roles.Leader, DemoData.PhuXuanCode, "Chủ tịch"),
            ("ketoan.phuxuan", "Lê Thị Kim Oanh", Roles.Accountant, DemoData.PhuXuanCode, null),
            ("tiepnhan.phuvang", "Nguyễn Thị Thúy", Roles.ReceivingOfficer, "000.10.03.H46", null),
            ("congchuc.phuvang", "Trần Văn Sỹ", Roles.Specialist, "000.10.03.H46", null),
            ("lanhdao.phuvang", "Hồ Văn Lợi", Roles.Leader, "000.10.03.H46", "Chủ tịch"),
            ("ketoan.phuvang", "Phan Thị Lài", Roles.Accountant, "000.10.03.H46", null),
            ("tiepnhan.aluoi1", "Hồ Thị Thanh", Roles.ReceivingOfficer, "000.10.04.H46", null),
            ("congchuc.aluoi1", "Quỳnh Văn Nhơn", Roles.Specialist, "000.10.04.H46", null),
            ("lanhdao.aluoi1", "Kăn Thị Hoa", Roles.Leader, "000.10.04.H46", "Chủ tịch"),
            ("ketoan.aluoi1", "A Viết Sơn", Roles.Accountant, "000.10.04.H46", null),
            ("chuyenvien.nnmt", "Đoàn Văn Thắng", Roles.Specialist, EnvironmentDepartmentCode, null),
        ];
        var existing = await db.Users.Select(u => u.UserName).ToHashSetAsync(ct);
        foreach (var (userName, fullName, role, code, position) in wanted)
        {
            if (existing.Contains(userName) || !agencies.TryGetValue(code, out var agency)) continue;
            var user = new User
            {
                UserName = userName, FullName = fullName, Role = role, AgencyId = agency.Id, PasswordHash = "", CreatedAt = now,
                // As DemoData names them: a commune's head leads it as the committee's chairman, a department's head by its title.
                Position = position is { } p ? $"{p} UBND {CommitteeOf(agency)}" : role == Roles.Leader ? agency.HeadTitle : null,
            };
            user.PasswordHash = Passwords.Hash(user, DemoData.Password);
            db.Users.Add(user);
        }
    }

    // The partner whose callbacks confirm online fees: made as the administrator makes one (its secret is not kept: the
    // history calls the rule the callback calls once the signature is checked).
    private static async Task<int> EnsurePartnerAsync(IServiceProvider services, TimeProvider clock, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var partners = new PartnersAdministration(db, scope.ServiceProvider.GetRequiredService<DeploymentKey>(), clock);
        if (await partners.ActiveAsync(PartnerName, ct) is { } active) return active.Id;
        var admin = await db.Users.AsNoTracking().Where(u => u.Role == Roles.Admin && u.DeactivatedAt == null).OrderBy(u => u.Id).FirstAsync(ct);
        var (created, errors) = await partners.CreateAsync(new PartnerRequest(PartnerName, "Ngân hàng TMCP Công Thương Việt Nam (demo)"), Sessions.PrincipalOf(admin), ct);
        return created?.Partner.Id ?? throw new InvalidOperationException("Lịch sử demo: không tạo được đối tác thanh toán: "
            + string.Join("; ", errors.SelectMany(e => e.Value)));
    }

    private static async Task<(List<Unit> Units, Dictionary<string, ProcedureSpec> Specs, Actor Portal)> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var calendars = scope.ServiceProvider.GetRequiredService<CalendarStore>();
        var units = new List<Unit>();
        var users = await db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null && u.AgencyId != null).OrderBy(u => u.Id).ToListAsync(ct);
        foreach (var agency in await db.Agencies.AsNoTracking().Where(a => a.EndedBy == null).OrderBy(a => a.Code).ToListAsync(ct))
        {
            var unit = new Unit(agency, await calendars.ForAsync(agency, ct));
            foreach (var user in users.Where(u => u.AgencyId == agency.Id))
            {
                var principal = Sessions.PrincipalOf(user);
                unit.People.Add(new Staff(user, principal, Claims.OfficerOf(principal)!));
            }
            units.Add(unit);
        }
        var specs = new Dictionary<string, ProcedureSpec>();
        foreach (var p in await db.Procedures.AsNoTracking().ToListAsync(ct))
            specs[p.Code] = await ProcedureSpecs.LoadVersionAsync(db, p.Code, p.CurrentVersion, ct);
        var client = await db.ApiClients.AsNoTracking().OrderBy(c => c.Id).FirstAsync(ct);
        foreach (var unit in units)
            unit.Adopted.AddRange(await db.AgencyProcedures.AsNoTracking()
                .Where(a => a.AgencyId == unit.Agency.Id && a.Process != null).OrderBy(a => a.ProcedureCode).Select(a => a.ProcedureCode).ToListAsync(ct));
        return (units, specs, new Actor(client.Name, null, client.Id));
    }

    private static readonly Channel[] Channels = [Channel.Direct, Channel.Online, Channel.Postal];

    // Who comes to which unit: the centre takes the province's procedures and many others; the city's wards more than the
    // rural communes.
    private static int Weight(Agency agency) => agency.Code switch
    {
        DemoData.CentreCode => 35,
        DemoData.ThuanHoaCode => 25,
        DemoData.PhuXuanCode => 18,
        _ => 11,
    };

    private static List<Run> Plan(List<Unit> units, Dictionary<string, ProcedureSpec> specs, Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var receiving = units.Where(u => u.Agency.ReceivesDossiers && u.Adopted.Count > 0 && u.One(Roles.ReceivingOfficer, random) is not null).ToList();
        var runs = new List<Run>();
        void Add(Unit unit, string code, Outcome? outcome = null, DateTimeOffset? after = null)
        {
            var spec = specs[code];
            var offered = Channels.Where(c => spec.PublishedChannels.Contains(c)).ToList();
            if (offered.Count == 0) return;
            var roll = random.Next(100);
            var channel = roll < 35 && offered.Contains(Channel.Online) ? Channel.Online
                : roll < 45 && offered.Contains(Channel.Postal) ? Channel.Postal
                : offered.Contains(Channel.Direct) ? Channel.Direct : offered[random.Next(offered.Count)];
            var obligation = unit.Agency.Kind != AgencyKinds.Commune && spec.Field == OfficialBooks.LandField;
            roll = random.Next(100);
            // An extension (Mẫu 04) needs a working day before the due date: only on a limit of three working days or more.
            var extendable = ProcedureSpecs.TimeTermsFor(spec, channel)?.LimitOfCase(0) is { } limit
                && unit.Calendar.WorkingTimeOf(limit) >= unit.Calendar.WorkingTimeOf(TimeLimit.Days(3));
            var plan = outcome ?? roll switch
            {
                < 20 => Outcome.Early,
                < 38 => Outcome.OnTime,
                < 48 => Outcome.Late,
                < 54 => Outcome.Overdue,
                < 61 => Outcome.Supplement,
                < 64 => Outcome.SupplementStopped,
                < 70 => Outcome.Refused,
                < 75 => Outcome.Withdrawn,
                < 80 => extendable ? Outcome.Extended : Outcome.Late,
                < 84 => Outcome.SentBack,
                < 88 => Outcome.RefusedAtIntake,
                _ => obligation ? Outcome.Obligation : Outcome.Early,
            };
            var first = after ?? from;
            var arrival = unit.Calendar.AddWorkingTime(first, unit.Calendar.WorkingTimeBetween(first, to) * random.NextDouble());
            runs.Add(new Run(runs.Count, unit, spec, channel, plan, arrival));
        }
        // Every adopted procedure at least once, at a unit that adopted it (a commune for a commune procedure when one did).
        foreach (var code in receiving.SelectMany(u => u.Adopted).Distinct().Order(StringComparer.Ordinal))
        {
            var at = receiving.Where(u => u.Adopted.Contains(code)).ToList();
            var communes = at.Where(u => u.Agency.Kind == AgencyKinds.Commune).ToList();
            Add((communes.Count > 0 ? communes : at)[random.Next((communes.Count > 0 ? communes : at).Count)], code);
        }
        // The Sở route is the department head's whole worklist: enough of them to fill it.
        if (receiving.FirstOrDefault(u => u.Agency.Code == DemoData.CentreCode && u.Adopted.Contains(SoRouteProcedureCode)) is { } centre)
        {
            for (var i = 0; i < 24; i++) Add(centre, SoRouteProcedureCode);
            // Received in the last working days and not yet assigned: what the department head opens the demo to.
            var recent = centre.Calendar.WorkingTimeBetween(from, to) is var whole && whole > TimeSpan.FromHours(24)
                ? centre.Calendar.AddWorkingTime(from, whole - TimeSpan.FromHours(12)) : from;
            for (var i = 0; i < 4; i++) Add(centre, SoRouteProcedureCode, Outcome.AwaitsAssignment, recent);
        }
        var total = receiving.Sum(u => Weight(u.Agency));
        while (runs.Count < DossierCount)
        {
            var pick = random.Next(total);
            var unit = receiving.First(u => (pick -= Weight(u.Agency)) < 0);
            Add(unit, unit.Adopted[random.Next(unit.Adopted.Count)]);
        }
        return runs;
    }

    private static DateTimeOffset After(Run run, DateTimeOffset now, double minutes) =>
        run.Unit.Calendar.AddWorkingTime(now, TimeSpan.FromMinutes(minutes));

    private static async Task<IntakeOutcome> ReceiveAsync(DossierIntake intake, Run run, Actor portal, Random random, DateTimeOffset now, CancellationToken ct)
    {
        var today = VietnamTime.DateOf(now);
        var desk = run.Unit.One(Roles.ReceivingOfficer, random)!;
        var kindRoll = random.Next(100);
        var person = People.Person(random, today);
        var (kind, name, id, representative) = run.Spec.Field is "Hộ tịch" or "Chứng thực" || kindRoll < 70
            ? ("individual", person.Name, person.Id, (string?)null)
            : kindRoll < 90 ? ("enterprise", People.Enterprise(random), People.EnterpriseCode(random), person.Name)
            : ("organization", People.Organisation(random), $"TC{random.Next(100000, 999999)}", person.Name);
        var place = run.Unit.Agency.Kind == AgencyKinds.Commune ? run.Unit.Agency.Address : "thành phố Huế";
        var documents = run.Spec.Documents.Take(3).Select(d => new IntakeDocument(d.Name, Math.Max(d.Originals, d.Copies > 0 ? 0 : 1), d.Copies)).ToList();
        if (documents.Count == 0) documents.Add(new IntakeDocument("Đơn đề nghị", 1, 0));
        // A fee published by case is placed as the desk places it (the case the applicant's papers show), with the quantity of
        // an item charged per unit; otherwise intake fixes no amount and no payment is asked for.
        var rules = run.Spec.Channels.FirstOrDefault(c => c.Channel == run.Channel) is { } terms ? FeeTextReader.Read(run.Spec, terms) : null;
        int? feeCase = rules is { ByCase: true } ? random.Next(1, rules.Items.Count + 1) : null;
        var quantities = rules?.Items.Select((item, i) => (item, i + 1)).Where(x => x.item.Unit is not null && (feeCase is null || x.Item2 == feeCase))
            .Select(x => new IntakeFeeQuantity(x.Item2, random.Next(1, 4))).ToList();
        var request = new IntakeRequest(run.Spec.Code, run.Unit.Agency.Code, run.Channel switch { Channel.Online => "online", Channel.Postal => "postal", _ => "direct" },
            new IntakeApplicant(name, id, person.Phone, null, $"{random.Next(1, 200)} {People.Street(random)}, {place}", kind, representative),
            documents, FormData: FormValues(MotCua.Domain.Fees.CountedFees.FormOf(run.Spec), random, today), Notifications: new IntakeNotifications(false, false, false),
            FeeCase: feeCase, FeeItems: quantities is { Count: > 0 } ? quantities : null);
        var online = run.Channel == Channel.Online;
        // Mẫu 03 at the desk: the officer checks the papers in front of the applicant and refuses them (status 3); an online
        // submission the desk refuses later, by the action refuse-online.
        if (run.Plan == Outcome.RefusedAtIntake && !online)
            return await intake.ReceiveAsync(request with { FormData = null, FeeCase = null, FeeItems = null }, Claims.ActorOf(desk.Principal), IntakeDecision.Refuse,
                IntakeRefusals[random.Next(IntakeRefusals.Length)], IntakeRefusalBasis, officer: desk.Officer, ct: ct);
        return await intake.ReceiveAsync(request, online ? portal : Claims.ActorOf(desk.Principal), officer: online ? null : desk.Officer, ct: ct);
    }

    private static readonly string[] IntakeRefusals =
    [
        "Thành phần hồ sơ chưa đúng quy định: thiếu giấy tờ bắt buộc theo thủ tục đã công bố.",
        "Giấy tờ nộp kèm là bản chụp không có chứng thực và người nộp không mang bản chính để đối chiếu.",
        "Thủ tục không thuộc thẩm quyền tiếp nhận của đơn vị; đề nghị nộp tại cơ quan có thẩm quyền.",
    ];

    // The one-stop decree in force over the history (docs/REGULATIONS.md: Nghị định 118/2025 replaced 61/2018 and kept its
    // intake); no article is named, as the texts held do not give its number for the refusal slip (Mẫu 03, TT 03/2025).
    private const string IntakeRefusalBasis = "Nghị định số 118/2025/NĐ-CP của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông";

    private static void PlanFee(Run run, FeePlan plan, long request, long amount)
    {
        switch (run.Channel)
        {
            case Channel.Online:
                var n = plan.Online++;
                if (n % 4 == 0) run.FeeSteps.Enqueue((FeeStep.Underpaid, request, amount));
                run.FeeSteps.Enqueue((FeeStep.Callback, request, amount));
                if (n % 4 is 0 or 2) run.FeeSteps.Enqueue((FeeStep.Duplicate, request, amount));
                break;
            case Channel.Postal:
                run.FeeSteps.Enqueue((FeeStep.Transfer, request, amount));
                break;
            default:
                run.FeeSteps.Enqueue((FeeStep.Cash, request, amount));
                if (plan.Desk++ % 5 == 1) run.FeeSteps.Enqueue((FeeStep.CancelAndReplace, request, amount));
                break;
        }
    }

    // A date of the e-form, in days before today: a death days ago, a child's birth weeks ago, any other birth (a parent's,
    // the deceased's: born before the death, fresh trial 17u L10) decades ago.
    private static int DaysAgo(string name, Random random) =>
        name.Contains("chet", StringComparison.Ordinal) && !name.Contains("sinh", StringComparison.Ordinal) || name.Contains("mat", StringComparison.Ordinal) ? random.Next(1, 14)
        : name.Contains("sinh", StringComparison.Ordinal) && !name.Contains("chet", StringComparison.Ordinal) && !name.Contains("me", StringComparison.Ordinal)
            && !name.Contains("cha", StringComparison.Ordinal) ? random.Next(3, 60)
        : random.Next(7000, 25000);

    private static readonly string[] Hometowns = ["xã Phú Vang, thành phố Huế", "phường Kim Long, thành phố Huế", "xã A Lưới 1, thành phố Huế", "tỉnh Quảng Trị", "thành phố Đà Nẵng"];

    private static readonly string[] Parties =
    [
        "Bên bán: Nguyễn Văn Hùng; bên mua: Trần Thị Lan", "Bên tặng cho: Lê Văn Minh; bên được tặng cho: Lê Thị Hoa",
        "Bên cho thuê: Phạm Thị Thu; bên thuê: Hoàng Văn Nam",
    ];

    private static Dictionary<string, string?>? FormValues(IReadOnlyList<EFormField> fields, Random random, DateOnly today)
    {
        if (fields.Count == 0) return null;
        var values = new Dictionary<string, string?>();
        foreach (var f in fields)
        {
            var name = f.Name.ToLowerInvariant();
            values[f.Name] = f.Type switch
            {
                // A spouse's birth (a minimum age): that age and up to 25 years more before today.
                EFormFieldType.Date when f.MinAgeYears is { } age => today.AddYears(-age).AddDays(-random.Next(0, 25 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                EFormFieldType.Date => today.AddDays(-DaysAgo(name, random)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                EFormFieldType.Select => f.Options[random.Next(f.Options.Count)],
                // A number bounded by a date is a year (a parent's năm sinh): 20 to 45 years before today.
                EFormFieldType.Number when f.NotAfter is not null => (today.Year - random.Next(20, 46)).ToString(CultureInfo.InvariantCulture),
                EFormFieldType.Number => random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
                _ when f.Pattern == "[0-9]{12}" => People.Person(random, today).Id,
                _ when f.Pattern?.Contains(@"\p{L}", StringComparison.Ordinal) == true || name.StartsWith("hoten", StringComparison.Ordinal) => People.Person(random, today).Name,
                _ when f.Pattern?.StartsWith("[0-9A-Za-z", StringComparison.Ordinal) == true => random.Next(1, 900).ToString(CultureInfo.InvariantCulture),
                _ when name.Contains("quoctich", StringComparison.Ordinal) => "Việt Nam",
                _ when name.Contains("dantoc", StringComparison.Ordinal) => "Kinh",
                _ when name.StartsWith("noi", StringComparison.Ordinal) || name.Contains("diachi", StringComparison.Ordinal) || name.Contains("cutru", StringComparison.Ordinal) =>
                    $"{random.Next(1, 200)} {People.Street(random)}, thành phố Huế",
                // The books' other particulars, as an officer would type them (trial 15s LOW 3: "Quê quán (82)" in the demo's
                // books); one draw each, as the placeholder took, so the rest of the history is drawn as before.
                _ when name.StartsWith("giayto", StringComparison.Ordinal) => $"CCCD 0460{random.Next(10_000_000, 100_000_000)}",
                _ when name == "quequan" => Hometowns[random.Next(Hometowns.Length)],
                _ when name == "giaybaotu" => $"Giấy báo tử số {random.Next(1, 900)}/GBT của Bệnh viện Trung ương Huế",
                _ when name == "nguyennhanchet" => random.Next(3) == 0 ? "Tai nạn giao thông" : "Bệnh già",
                _ when name == "tenbanchinh" => random.Next(2) == 0 ? "Bằng tốt nghiệp trung học phổ thông" : "Giấy khai sinh",
                _ when name == "tengiayto" => random.Next(2) == 0 ? "Giấy ủy quyền" : "Bản cam kết",
                _ when name == "tenhopdong" => random.Next(2) == 0 ? "Hợp đồng mua bán xe mô tô" : "Hợp đồng tặng cho quyền sử dụng đất",
                _ when name == "cacben" => Parties[random.Next(Parties.Length)],
                _ => $"{f.Label} ({random.Next(1, 100)})",
            };
            // A parent's particulars follow the parent's name (RequiredWith): present with it, absent without it.
            if (f.RequiredWith is { } with) { if (values.GetValueOrDefault(with) is null) values[f.Name] = null; }
            else if (!f.Required && f.Type == EFormFieldType.Text && f.Pattern is null && random.Next(4) == 0) values[f.Name] = null;
        }
        return values;
    }

    private static Staff? Holder(IReadOnlyDictionary<int, Unit> units, int agencyId, string role, Random random) =>
        units.TryGetValue(agencyId, out var unit) ? unit.One(role, random) : null;

    private static (ProcessingAction? Action, Staff? By, ActionInput? Input) NextAction(Run run, IReadOnlyDictionary<int, Unit> units, Random random, DateTimeOffset now)
    {
        var d = run.Last!;
        var desk = run.Unit.One(Roles.ReceivingOfficer, random);
        switch (d.Status)
        {
            case DossierStatus.Submitted when run.Plan == Outcome.RefusedAtIntake:
                return (ProcessingAction.RefuseOnline, desk, new ActionInput { Reason = IntakeRefusals[random.Next(2)], LegalBasis = IntakeRefusalBasis });
            case DossierStatus.Submitted:
                return (ProcessingAction.AcceptOnline, desk, new ActionInput());
            case DossierStatus.Received:
                return (ProcessingAction.Transfer, desk, new ActionInput());
            case DossierStatus.InProcess when run.Plan == Outcome.Withdrawn && d.CurrentStepKind == StepKind.Appraise:
                return (ProcessingAction.Withdraw, desk, new ActionInput { Reason = "Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung giấy tờ khác, sẽ nộp lại sau." });
            // The co-agency answers its task while the lead agency's steps go on, at the latest before the leader signs.
            case DossierStatus.InProcess when d.CoAgencyTasks.FirstOrDefault(t => t.IsOpen) is { } task
                && (d.CurrentStepKind == StepKind.Approve || random.Next(2) == 0)
                && Holder(units, task.AgencyId, Roles.Specialist, random) is { } consulted:
                return (ProcessingAction.CompleteCoAgencyTask, consulted, new ActionInput
                {
                    StepIndex = task.StepIndex,
                    Note = "Hiện trạng sử dụng đất phù hợp với hồ sơ; không có tranh chấp, thống nhất đề nghị giải quyết.",
                });
            case DossierStatus.InProcess:
                switch (d.CurrentStepKind)
                {
                    case StepKind.Assign:
                        var specialist = Holder(units, d.CurrentAgencyId, Roles.Specialist, random);
                        return (ProcessingAction.Assign, Holder(units, d.CurrentAgencyId, Roles.DepartmentHead, random), new ActionInput { UserName = specialist?.User.UserName });
                    case StepKind.Appraise:
                        var by = d.AssigneeUserId is { } assignee && units[d.CurrentAgencyId].People.FirstOrDefault(p => p.User.Id == assignee) is { } a
                            ? a : Holder(units, d.CurrentAgencyId, Roles.Specialist, random);
                        if (run.Plan is Outcome.Supplement or Outcome.SupplementStopped && !run.Supplemented && WithinSupplementWindow(run, d))
                        {
                            run.Supplemented = true;
                            return (ProcessingAction.RequestSupplement, by, new ActionInput
                            {
                                Items = [new SupplementItem(run.Spec.Documents.FirstOrDefault()?.Name ?? "Đơn đề nghị", "Bản khai chưa đủ chữ ký, cần ký và ghi rõ họ tên.")],
                            });
                        }
                        // Mẫu 04: the specialist sees the appraisal will outrun the due date and asks for a new one while a
                        // working day is left (Dossier.Extend), once; otherwise the dossier simply ends late.
                        if (run.Plan == Outcome.Extended && d.ExtendedAt is null && d.DueAt is { } due
                            && run.Unit.Calendar.WorkingTimeBetween(now, due) > run.Unit.Calendar.WorkingTimeOf(TimeLimit.Days(1)) + TimeSpan.FromHours(1))
                            return (ProcessingAction.Extend, by, new ActionInput
                            {
                                Reason = "Cần xác minh thêm thông tin với cơ quan liên quan nên chưa kịp trả kết quả đúng hẹn.",
                                NewDueAt = run.Unit.Calendar.AddWorkingTime(due, run.Unit.Calendar.WorkingTimeOf(TimeLimit.Days(random.Next(2, 6)))),
                            });
                        if (run.Plan == Outcome.Obligation && !run.Obliged)
                            return (ProcessingAction.RequireFinancialObligation, by, new ActionInput
                            {
                                Note = "Lệ phí cấp Giấy chứng nhận quyền sử dụng đất", AmountVnd = 100_000L * random.Next(1, 6), ObligationKind = ObligationKinds.Charge,
                            });
                        return (ProcessingAction.CompleteStep, by, new ActionInput { Note = "Hồ sơ đủ điều kiện; dự thảo kết quả, trình lãnh đạo phê duyệt." });
                    case StepKind.Approve:
                        var leader = Holder(units, d.CurrentAgencyId, Roles.Leader, random);
                        if (run.Plan == Outcome.SentBack && !run.SentBack)
                        {
                            // The leader finds the draft wanting and sends it back to appraisal; the second draft is signed.
                            run.SentBack = true;
                            return (ProcessingAction.SendBack, leader, new ActionInput { Note = "Dự thảo kết quả chưa ghi đúng thông tin người nộp; đề nghị thẩm định, soạn lại." });
                        }
                        return run.Plan == Outcome.Refused
                            ? (ProcessingAction.RefuseOnMerits, leader, new ActionInput { Reason = "Hồ sơ không đáp ứng điều kiện theo quy định của pháp luật về lĩnh vực này." })
                            : (ProcessingAction.Approve, leader, new ActionInput { Note = "Đồng ý." });
                    case StepKind.Result:
                        return (ProcessingAction.ResultReady, Holder(units, d.CurrentAgencyId, Roles.ReceivingOfficer, random), new ActionInput());
                    default:
                        return (null, null, null);
                }
            case DossierStatus.SupplementRequested when run.Plan == Outcome.SupplementStopped:
                return (ProcessingAction.Stop, desk, new ActionInput { Reason = "Người nộp không bổ sung hồ sơ theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ." });
            case DossierStatus.SupplementRequested:
                return (ProcessingAction.SupplementReceived, desk, new ActionInput());
            case DossierStatus.AwaitingPayment:
                return (ProcessingAction.PaymentReceived, null, null);
            case DossierStatus.WithdrawalRequested:
                return (ProcessingAction.Stop, desk, new ActionInput { Reason = "Người nộp hồ sơ đã rút hồ sơ." });
            case DossierStatus.ResultReady when run.Index % 10 != 7:
                return run.Channel switch
                {
                    Channel.Online => (ProcessingAction.Return, desk, new ActionInput { Method = ReturnMethod.Electronic }),
                    Channel.Postal => (ProcessingAction.Return, desk, new ActionInput
                    {
                        Method = ReturnMethod.Post, DispatchNumber = $"EB{random.Next(100_000_000, 999_999_999)}VN", PostalStatus = "Đã giao cho bưu chính",
                    }),
                    _ => (ProcessingAction.Return, desk, new ActionInput { Method = ReturnMethod.Desk, ReceivedBy = d.Applicant.Representative ?? d.Applicant.FullName }),
                };
            default:
                return (null, null, null);
        }
    }

    // Mẫu 02 goes out within 3 working days of receipt (Dossier.RequestSupplement); a day and a half leaves room.
    private static bool WithinSupplementWindow(Run run, Dossier d) =>
        d.ReceivedAt is { } received && run.Unit.Calendar.WorkingTimeBetween(received, run.Unit.Calendar.AddWorkingTime(d.CurrentStepStartedAt ?? received, TimeSpan.FromHours(2)))
            < run.Unit.Calendar.WorkingTimeOf(TimeLimit.Days(1.5m));

    private static DateTimeOffset? NextInstant(Run run, DateTimeOffset now, Random random)
    {
        var d = run.Last!;
        var calendar = run.Unit.Calendar;
        DateTimeOffset? next = d.Status switch
        {
            DossierStatus.Received => After(run, now, random.Next(20, 180)),
            DossierStatus.InProcess => InStep(run, d, now, random),
            DossierStatus.SupplementRequested => After(run, now, 60 * (run.Plan == Outcome.SupplementStopped ? random.Next(40, 80) : random.Next(4, 24))),
            DossierStatus.AwaitingPayment => After(run, now, 60 * random.Next(2, 20)),
            DossierStatus.WithdrawalRequested => After(run, now, random.Next(30, 300)),
            DossierStatus.ResultReady => After(run, now, random.Next(30, 60 * 24)),
            _ => null,
        };
        return next is { } at && at <= now ? calendar.AddWorkingTime(now, TimeSpan.FromMinutes(1)) : next;
    }

    private static DateTimeOffset? InStep(Run run, Dossier d, DateTimeOffset now, Random random)
    {
        var calendar = run.Unit.Calendar;
        var start = d.CurrentStepStartedAt is { } s && s > now ? s : now;
        var due = d.CurrentStepDueAt;
        var left = due is { } u && u > start ? calendar.WorkingTimeBetween(start, u) : TimeSpan.FromHours(1);
        DateTimeOffset Share(double from, double to) => calendar.AddWorkingTime(start, left * (from + (to - from) * random.NextDouble()));
        var appraising = d.CurrentStepKind == StepKind.Appraise;
        switch (run.Plan)
        {
            case Outcome.Early:
                return Share(0.05, 0.35);
            case Outcome.OnTime when d.CurrentStepKind == StepKind.Result && d.OriginalDueAt is { } original:
                // The result reaches the desk on the due day itself, a little before the due instant.
                var last = original.AddMinutes(-random.Next(5, 90));
                return VietnamTime.DateOf(last) == VietnamTime.DateOf(original) && last > start ? last : Share(0.9, 0.98);
            case Outcome.OnTime:
                return Share(0.9, 0.99);
            case Outcome.Extended when appraising && d.ExtendedAt is null:
                return calendar.AddWorkingTime(start, TimeSpan.FromMinutes(random.Next(15, 90)));
            case Outcome.Extended when appraising && !run.Stalled && d.OriginalDueAt is { } before && d.DueAt is { } after && after > before:
                // Finished within the new date but after the original one: late in every report, as the law counts it.
                run.Stalled = true;
                return calendar.AddWorkingTime(before, calendar.WorkingTimeBetween(before, after) * (0.1 + 0.3 * random.NextDouble()));
            case Outcome.Late when appraising && !run.Stalled:
                run.Stalled = true;
                return calendar.AddWorkingTime(d.OriginalDueAt ?? start, TimeSpan.FromHours(random.Next(4, 40)));
            case Outcome.AwaitsAssignment when d.CurrentStepKind == StepKind.Assign:
                return null;
            case Outcome.Overdue when appraising:
                // Held at appraisal and never finished: once its due date passes it is overdue in every report.
                return null;
            case Outcome.Supplement or Outcome.SupplementStopped when appraising && !run.Supplemented:
                return calendar.AddWorkingTime(start, TimeSpan.FromMinutes(random.Next(15, 90)));
            default:
                return Share(0.15, 0.6);
        }
    }

    private static ConfirmationService Confirmation(IServiceProvider sp, MotCuaDb db, CalendarStore calendars, TimeProvider clock) =>
        new(db, calendars, new MotCua.Web.Features.Receipts.PaymentReceipts(clock), clock, sp.GetRequiredService<IConfiguration>());

    private static Staff? AccountantOf(Run run) => run.Unit.People.Where(p => p.User.Role == Roles.Accountant).OrderBy(p => p.User.Id).FirstOrDefault();

    // The accountant confirms money the unit received: cash at the desk, or a transfer read on the account's statement.
    private static async Task<bool> PayAsync(IServiceProvider sp, MotCuaDb db, CalendarStore calendars, TimeProvider clock, Run run, long requestId, long amount, string method, CancellationToken ct)
    {
        if (AccountantOf(run) is not { } accountant) return false;
        var payment = new IncomingPayment(requestId, null, amount, method, clock.GetUtcNow(), run.Last!.Applicant.FullName, null, null, null);
        run.LastPayment = await Confirmation(sp, db, calendars, clock).RecordAsync(payment, _ => accountant.Officer, accountant.User.Id, ct);
        return true;
    }

    /// <summary>One step of an intake fee (<see cref="FeeStep"/>); true when it recorded a payment. A callback goes through
    /// <see cref="ConfirmationService.RecordAsync"/> exactly as <c>POST /api/v1/payments/callback</c> passes it on once the
    /// signature is checked: by the dossier code in the purpose, method online, the partner's transaction id and its body.</summary>
    private static async Task<bool> FeeAsync(IServiceProvider sp, MotCuaDb db, CalendarStore calendars, TimeProvider clock, Run run, FeePlan plan,
        FeeStep step, long request, long amount, Random random, CancellationToken ct)
    {
        switch (step)
        {
            case FeeStep.Cash or FeeStep.Transfer:
                return await PayAsync(sp, db, calendars, clock, run, request, amount, step == FeeStep.Cash ? "cash" : "transfer", ct);
            case FeeStep.CancelAndReplace:
                // A relative paid for the applicant and asks for the receipt in their own name: the accountant cancels the
                // receipt and issues its replacement with the payer corrected.
                if (AccountantOf(run) is not { } accountant || run.LastPayment is not { ReceiptId: { } receipt } paid) return false;
                var cancelled = await new ReceiptCancellations(db, clock).CancelAsync(receipt,
                    "Người nộp tiền là người thân của người đứng tên hồ sơ, đề nghị ghi đúng tên người nộp tiền.", accountant.Officer, ct);
                if (cancelled.View is null) throw new InvalidOperationException($"Lịch sử demo: không hủy được biên lai {receipt}: {cancelled.Message}");
                var replaced = await new ReceiptReplacement(db, new MotCua.Web.Features.Receipts.PaymentReceipts(clock), clock)
                    .ReplaceAsync(paid.Id, accountant.Officer, ct, People.Person(random, VietnamTime.DateOf(clock.GetUtcNow())).Name);
                if (replaced.View is null) throw new InvalidOperationException($"Lịch sử demo: không lập được biên lai thay thế: {replaced.Message}");
                return false;
            default:
                // The partner reports the transfer a few minutes after the payer made it; an underpayment sends half.
                var paidAt = clock.GetUtcNow().AddMinutes(-random.Next(1, 4));
                var sent = step == FeeStep.Underpaid ? Math.Max(1, amount / 2 / 1000 * 1000) : amount;
                var transaction = $"FT{VietnamTime.ToVietnam(paidAt):yyMMdd}{++plan.Transactions:D6}";
                var purpose = $"{PaymentRequests.PurposeOf(run.Code!)} {People.Unaccented(run.Last!.Applicant.FullName)}";
                var body = System.Text.Json.JsonSerializer.Serialize(new { transactionId = transaction, amountVnd = sent, purpose, paidAt, payerName = People.Unaccented(run.Last.Applicant.FullName) });
                await Confirmation(sp, db, calendars, clock).RecordAsync(
                    new IncomingPayment(null, purpose, sent, "online", paidAt, People.Unaccented(run.Last.Applicant.FullName), plan.PartnerId, transaction, body),
                    agency => new Officer(new Actor("Đối tác thanh toán Ngân hàng TMCP Công Thương Việt Nam (demo)"), OfficerRole.Accountant, agency), null, ct);
                return true;
        }
    }

    private static async Task<bool> PayObligationAsync(IServiceProvider sp, MotCuaDb db, CalendarStore calendars, TimeProvider clock, Run run, CancellationToken ct)
    {
        long? id = null;
        long amount = 0;
        await using (var open = await db.CommandAsync("""
            SELECT r.id, r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
            WHERE d.code = $1 AND r.status = 'open' AND r.reason = $2 ORDER BY r.id LIMIT 1
            """, ct, run.Code!, PaymentRequestReasons.FinancialObligation))
        await using (var reader = await open.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) (id, amount) = (reader.GetInt64(0), reader.GetInt64(1));
        return id is { } request && await PayAsync(sp, db, calendars, clock, run, request, amount, run.Channel == Channel.Direct ? "cash" : "transfer", ct);
    }

    /// <summary>Made-up Vietnamese applicants: names, CCCD numbers (born in Thừa Thiên Huế, code 046), phones, streets.</summary>
    private static class People
    {
        private static readonly string[] Families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tôn Thất", "Huỳnh"];
        private static readonly string[] Middles = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thị Thu", "Đình", "Kim", "Xuân"];
        private static readonly string[] Givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];
        private static readonly string[] Streets = ["Lê Lợi", "Hùng Vương", "Trần Hưng Đạo", "Nguyễn Huệ", "Phan Đình Phùng", "Bà Triệu", "Lý Thường Kiệt", "Đống Đa", "Nguyễn Trãi", "Kim Long", "Điện Biên Phủ", "Chi Lăng"];
        private static readonly string[] Trades = ["Thương mại Dịch vụ", "Xây dựng", "Du lịch", "Đầu tư Phát triển", "Nông sản", "Kiến trúc"];
        private static readonly string[] Marks = ["Hương Giang", "Phú Xuân", "Thuận Hóa", "Trường Tiền", "Ngự Bình", "Kinh Thành", "Đông Ba"];

        public static (string Name, string Id, string Phone) Person(Random random, DateOnly today)
        {
            var year = today.Year - random.Next(19, 75);
            var woman = random.Next(2) == 0;
            var century = (year >= 2000 ? 2 : 0) + (woman ? 1 : 0);
            var middle = woman ? "Thị" : Middles[random.Next(Middles.Length)].Replace("Thị", "Văn", StringComparison.Ordinal);
            var name = $"{Families[random.Next(Families.Length)]} {middle} {Givens[random.Next(Givens.Length)]}";
            var id = $"046{century}{year % 100:D2}{random.Next(0, 1_000_000):D6}";
            return (name, id, $"09{random.Next(0, 100_000_000):D8}");
        }

        public static string Street(Random random) => Streets[random.Next(Streets.Length)];

        /// <summary>A name as a bank's transfer carries it: capitals without diacritics ("NGUYEN VAN AN").</summary>
        public static string Unaccented(string name) =>
            new string([.. name.Replace('Đ', 'D').Replace('đ', 'd').Normalize(System.Text.NormalizationForm.FormD)
                .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).ToUpperInvariant();

        public static string Enterprise(Random random) => $"Công ty TNHH {Trades[random.Next(Trades.Length)]} {Marks[random.Next(Marks.Length)]}";

        public static string EnterpriseCode(Random random) => $"330{random.Next(0, 10_000_000):D7}";

        public static string Organisation(Random random) => $"Hợp tác xã Nông nghiệp {Marks[random.Next(Marks.Length)]}";
    }
}
