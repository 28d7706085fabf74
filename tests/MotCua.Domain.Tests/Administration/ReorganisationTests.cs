using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Administration;

public class ReorganisationTests
{
    private static readonly DateOnly Today = new(2025, 11, 17);
    private static readonly ReorganisedUnit ThuanHoa = new(1, "000.10.01.H46", "Bộ phận Một cửa phường Thuận Hóa", AgencyKind.Commune, true, null, "Phường Thuận Hóa");
    private static readonly ReorganisedUnit PhuXuan = new(2, "000.10.02.H46", "Bộ phận Một cửa phường Phú Xuân", AgencyKind.Commune, true, null, "Phường Phú Xuân");
    private static readonly ReorganisedUnit KimLong = new(3, "000.10.05.H46", "Bộ phận Một cửa phường Kim Long", AgencyKind.Commune, true, null, "Phường Kim Long");
    private static readonly ReorganisedUnit Department = new(4, "000.00.02.H46", "Sở Tư pháp", AgencyKind.Department, false, null, null);
    private static readonly Dictionary<string, int> None = [];

    private static ReorganisationRequest Request(ReorganisationKind kind, ReorganisedUnit[] from, ReorganisedUnit[] to,
        Dictionary<string, int>? dossiers = null, Dictionary<string, IReadOnlyList<int>>? adoptions = null, Dictionary<string, int>? officers = null,
        DateOnly? effective = null, string basis = "Nghị quyết số 1656/NQ-UBTVQH15") =>
        new(kind, from, to, effective ?? Today, basis, dossiers ?? None, adoptions ?? [], officers ?? None);

    private static readonly OpenDossierRef[] Dossiers =
    [
        new(10, "000.10.01.H46-251117-0001", "12 Lê Lợi, phường Thuận Hóa, thành phố Huế", 50),
        new(11, "000.10.01.H46-251117-0002", "3 Kim Long, Phường Kim Long, Huế", null),
        new(12, "000.10.02.H46-251117-0001", "Xã Phú Vang", null),
    ];
    private static readonly AdoptionRef[] Adoptions = [new(1, "1.001193"), new(1, "1.000894"), new(2, "1.001193"), new(3, "1.000894")];
    private static readonly OfficerRef[] Officers = [new(50, "congchuc.thuanhoa", 1), new(51, "tiepnhan.thuanhoa", 1), new(52, "tiepnhan.phuxuan", 2)];

    [Fact]
    public void A_merger_moves_every_open_dossier_adoption_and_officer_to_the_successor_which_keeps_what_it_already_had()
    {
        var (plan, errors) = Reorganisation.Plan(Request(ReorganisationKind.Merger, [ThuanHoa, PhuXuan], [KimLong]), Dossiers, Adoptions, Officers, Today);
        Assert.Empty(errors);
        Assert.All(plan!.Dossiers, d => Assert.Equal(KimLong.Id, d.To));
        Assert.All(plan.Dossiers, d => Assert.True(d.KeepsAssignee));
        Assert.All(plan.Officers, o => Assert.Equal(KimLong.Id, o.To));
        Assert.Equal(3, plan.Officers.Count);
        // Kim Long already runs 1.000894: it keeps its own; 1.001193 comes from the first old unit, the second's stays behind.
        Assert.Equal([(1, "1.000894", AdoptionMoveKind.SuccessorKeepsOwn), (1, "1.001193", AdoptionMoveKind.Moved), (2, "1.001193", AdoptionMoveKind.SuccessorKeepsOwn)],
            plan.Adoptions.Select(a => (a.From, a.ProcedureCode, a.Kind)));
    }

    [Fact]
    public void A_split_sends_a_dossier_to_the_successor_named_in_the_address_else_to_the_first_and_copies_adoptions_to_all()
    {
        var (plan, errors) = Reorganisation.Plan(Request(ReorganisationKind.Split, [PhuXuan], [ThuanHoa, KimLong]), Dossiers, [new(2, "1.001193")], [Officers[2]], Today);
        Assert.Empty(errors);
        Assert.Equal([ThuanHoa.Id, KimLong.Id, ThuanHoa.Id], plan!.Dossiers.Select(d => d.To));
        Assert.All(plan.Dossiers, d => Assert.False(d.ByHand));
        Assert.Equal([(ThuanHoa.Id, AdoptionMoveKind.Moved), (KimLong.Id, AdoptionMoveKind.Copied)], plan.Adoptions.Select(a => (a.To, a.Kind)));
        Assert.Equal(ThuanHoa.Id, Assert.Single(plan.Officers).To);
    }

    [Fact]
    public void In_a_split_choices_by_hand_win_and_an_assignee_sent_elsewhere_loses_the_dossier()
    {
        var (plan, errors) = Reorganisation.Plan(
            Request(ReorganisationKind.Split, [ThuanHoa], [PhuXuan, KimLong],
                dossiers: new() { ["000.10.01.H46-251117-0001"] = PhuXuan.Id },
                adoptions: new() { ["1.000894"] = [PhuXuan.Id] },
                officers: new() { ["congchuc.thuanhoa"] = KimLong.Id }),
            Dossiers[..2], Adoptions, Officers[..2], Today);
        Assert.Empty(errors);
        var first = plan!.Dossiers[0];
        Assert.Equal((PhuXuan.Id, true, false), (first.To, first.ByHand, first.KeepsAssignee));
        Assert.Equal((KimLong.Id, false), (plan.Dossiers[1].To, plan.Dossiers[1].ByHand));
        Assert.Equal([(PhuXuan.Id, true)], plan.Adoptions.Where(a => a.ProcedureCode == "1.000894").Select(a => (a.To, a.ByHand)));
        Assert.Equal([KimLong.Id, PhuXuan.Id], plan.Officers.Select(o => o.To));
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "merger-two-successors", "to" },
        { "split-one-successor", "to" },
        { "split-two-old", "from" },
        { "before-two-levels", "effectiveOn" },
        { "future", "effectiveOn" },
        { "no-basis", "legalBasis" },
        { "successor-is-old", "to" },
        { "other-kind", "to" },
        { "ended", "from" },
        { "choice-in-merger", "choices" },
        { "choice-unknown-dossier", "dossiers[000.10.01.H46-251231-0009]" },
        { "choice-not-successor", "officers[tiepnhan.thuanhoa]" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Impossible_reorganisations_are_refused_by_field(string kase, string field)
    {
        var request = kase switch
        {
            "merger-two-successors" => Request(ReorganisationKind.Merger, [ThuanHoa], [PhuXuan, KimLong]),
            "split-one-successor" => Request(ReorganisationKind.Split, [ThuanHoa], [PhuXuan]),
            "split-two-old" => Request(ReorganisationKind.Split, [ThuanHoa, PhuXuan], [KimLong, Department with { Kind = AgencyKind.Commune, ReceivesDossiers = true }]),
            "before-two-levels" => Request(ReorganisationKind.Merger, [ThuanHoa], [KimLong], effective: new DateOnly(2025, 6, 30)),
            "future" => Request(ReorganisationKind.Merger, [ThuanHoa], [KimLong], effective: Today.AddDays(1)),
            "no-basis" => Request(ReorganisationKind.Merger, [ThuanHoa], [KimLong], basis: ""),
            "successor-is-old" => Request(ReorganisationKind.Merger, [ThuanHoa, KimLong], [KimLong]),
            "other-kind" => Request(ReorganisationKind.Merger, [ThuanHoa], [Department]),
            "ended" => Request(ReorganisationKind.Merger, [ThuanHoa with { EndedOn = Today }], [KimLong]),
            "choice-in-merger" => Request(ReorganisationKind.Merger, [ThuanHoa], [KimLong], officers: new() { ["tiepnhan.thuanhoa"] = KimLong.Id }),
            "choice-unknown-dossier" => Request(ReorganisationKind.Split, [ThuanHoa], [PhuXuan, KimLong], dossiers: new() { ["000.10.01.H46-251231-0009"] = KimLong.Id }),
            "choice-not-successor" => Request(ReorganisationKind.Split, [ThuanHoa], [PhuXuan, KimLong], officers: new() { ["tiepnhan.thuanhoa"] = Department.Id }),
            _ => throw new ArgumentOutOfRangeException(nameof(kase)),
        };
        var (plan, errors) = Reorganisation.Plan(request, Dossiers, Adoptions, Officers, Today);
        Assert.Null(plan);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Retargeting_a_process_changes_only_the_steps_at_the_old_unit()
    {
        var process = new InternalProcess([
            new ProcessStep("Chuyển", StepKind.Transfer, "Một cửa", TimeLimit.Days(1)),
            new ProcessStep("Phối hợp", StepKind.CoAgency, "Phường Thuận Hóa", TimeLimit.Days(1), AgencyCode: ThuanHoa.Code),
            new ProcessStep("Phối hợp", StepKind.CoAgency, "Sở Tư pháp", TimeLimit.Days(1), AgencyCode: Department.Code),
            new ProcessStep("Trả", StepKind.Result, "Một cửa", TimeLimit.Days(1)),
        ]);
        var moved = Reorganisation.Retarget(process, new Dictionary<string, string> { [ThuanHoa.Code] = KimLong.Code });
        Assert.Equal([null, KimLong.Code, Department.Code, null], moved.Steps.Select(s => s.AgencyCode));
        Assert.Same(process, Reorganisation.Retarget(process, new Dictionary<string, string> { ["000.10.09.H46"] = KimLong.Code }));
    }
}

public class DossierSuccessionTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateOnly Day = new(2025, 11, 17);
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, 1);
    private static readonly Actor Admin = new("Ngô Đức Anh", 12);

    private static Dossier Received()
    {
        var at = Vn.At("2025-11-17 09:00");
        var limit = TimeLimit.Days(5);
        var dossier = Dossier.Receive("", 1, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Channel.Direct,
            new Applicant("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế"), [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, at,
            Calendar.ComputeDue(at, limit, Channel.Direct), Receiver.Actor, at);
        dossier.Numbered("000.10.01.H46-251117-0001", 2025, 5);
        return dossier;
    }

    [Fact]
    public void A_moved_dossier_keeps_its_code_status_and_history_and_every_role_of_the_old_unit_passes_to_the_successor()
    {
        var dossier = Received();
        var now = Vn.At("2025-11-17 10:00");
        dossier.Transfer([.. DefaultProcess.For(TimeLimit.Days(5), 1, false).Select((s, i) => i == 1 ? s with { AgencyId = 4 } : s)], Calendar, null, Receiver, now);
        var before = dossier.Events.Count;
        dossier.MoveToSuccessor([1], 3, 17, keepAssignee: true, "Sáp nhập", Admin, now.AddHours(1));

        Assert.Equal("000.10.01.H46-251117-0001", dossier.Code);
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Equal((3, 4), (dossier.ReceivingAgencyId, dossier.CurrentAgencyId));
        Assert.Equal([3, 4, 3, 3], dossier.Process.Select(s => s.AgencyId));
        Assert.Equal(17, dossier.RegisterNumber);
        Assert.Equal(before + 1, dossier.Events.Count);
        var moved = dossier.Events[^1];
        Assert.Equal((DossierEventAction.Reorganise, DossierStatus.InProcess, DossierStatus.InProcess), (moved.Action, moved.FromStatus, moved.ToStatus));
        Assert.Contains("dòng 05", moved.Note);
        Assert.Contains("dòng 17", moved.Note);
        // The successor's desk may now act for the receiving point.
        Assert.True(dossier.Allows(ProcessingAction.Withdraw, Receiver with { AgencyId = 3 }));
        Assert.False(dossier.Allows(ProcessingAction.Withdraw, Receiver));
    }

    [Fact]
    public void A_closed_dossier_or_one_of_another_unit_does_not_move()
    {
        var dossier = Received();
        Assert.Throws<DossierStateException>(() => dossier.MoveToSuccessor([2], 3, null, true, "Sáp nhập", Admin, Vn.At("2025-11-17 10:00")));
        dossier.Withdraw("Người dân xin rút", Receiver, Vn.At("2025-11-17 10:00"));
        dossier.Stop("Rút hồ sơ", Receiver with { Role = OfficerRole.Leader }, Vn.At("2025-11-17 10:10"));
        var error = Assert.Throws<DossierStateException>(() => dossier.MoveToSuccessor([1], 3, 1, true, "Sáp nhập", Admin, Vn.At("2025-11-17 10:20")));
        Assert.Contains("ở lại đơn vị cũ", error.Message);
    }
}
