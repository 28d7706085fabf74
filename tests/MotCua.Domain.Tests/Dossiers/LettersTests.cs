using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>Who may record what the documents of docs/FORMS.md §7 are made from, over every role, and when they apply.</summary>
public class LettersTests
{
    private const int Agency = 2;
    private const int Elsewhere = 7;
    private const int AssigneeId = 2;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, Agency);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", AssigneeId), OfficerRole.Specialist, Agency);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead, Agency);
    private static readonly Officer Leader = new(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader, Agency);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");

    /// <summary>A five-working-day dossier at the named stage, one action every ten minutes from Monday 09:00; and the time after.</summary>
    private static (Dossier Dossier, DateTimeOffset Now) At(string stage)
    {
        var limit = TimeLimit.Days(5);
        var dossier = Dossier.Receive("000.10.01.H46-251117-0001", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Channel.Direct,
            Applicant, [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Monday, Calendar.ComputeDue(Monday, limit, Channel.Direct), Receiver.Actor, Monday);
        var now = Monday;
        DateTimeOffset Next() => now = now.AddMinutes(10);
        string[] path = stage switch
        {
            "received" => [],
            "assign" => ["transfer"],
            "appraise" => ["transfer", "assign"],
            "approve" => ["transfer", "assign", "complete"],
            "ready" => ["transfer", "assign", "complete", "approve", "ready"],
            "returned" => ["transfer", "assign", "complete", "approve", "ready", "return"],
            "stopped" => ["transfer", "assign", "withdraw", "stop"],
            _ => throw new ArgumentOutOfRangeException(nameof(stage)),
        };
        foreach (var step in path)
        {
            switch (step)
            {
                case "transfer": dossier.Transfer(DefaultProcess.For(limit, Agency, true), Calendar, null, Receiver, Next()); break;
                case "assign": dossier.Assign(AssigneeId, Specialist.Actor.Name, Calendar, Head, Next()); break;
                case "complete": dossier.CompleteStep("Hồ sơ hợp lệ", false, Calendar, Specialist, Next()); break;
                case "approve": dossier.Approve(null, Calendar, Leader, Next()); break;
                case "ready": dossier.ResultReady(Receiver, Next()); break;
                case "return": dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), Receiver, Next()); break;
                case "withdraw": dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Next()); break;
                case "stop": dossier.Stop("Theo yêu cầu rút hồ sơ", Leader, Next()); break;
            }
        }
        return (dossier, Next());
    }

    // Every role, at the holder agency and at another one; the specialist also as someone other than the assignee.
    public static TheoryData<OfficerRole, int, int> EveryOfficer()
    {
        var data = new TheoryData<OfficerRole, int, int>();
        foreach (var role in Enum.GetValues<OfficerRole>())
            foreach (var agency in new[] { Agency, Elsewhere })
            {
                data.Add(role, agency, AssigneeId);
                if (role == OfficerRole.Specialist) data.Add(role, agency, 99);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOfficer))]
    public void Only_the_assigned_specialist_or_the_department_head_holding_the_dossier_at_appraisal_records_a_field_verification(OfficerRole role, int agency, int userId)
    {
        var (dossier, _) = At("appraise");
        var by = new Officer(new Actor("Cán bộ", userId), role, agency);
        var allowed = agency == Agency && (role == OfficerRole.DepartmentHead || role == OfficerRole.Specialist && userId == AssigneeId);
        var refusal = dossier.CheckFieldVerification(by);
        Assert.Equal(allowed, refusal is null);
        if (refusal is not null) Assert.Equal(DossierRefusal.NotPermitted, refusal.Refusal);
    }

    [Theory]
    [InlineData("received")]
    [InlineData("assign")]
    [InlineData("approve")]
    [InlineData("ready")]
    [InlineData("returned")]
    public void A_field_verification_belongs_to_the_appraisal_step_only(string stage)
    {
        var (dossier, _) = At(stage);
        foreach (var role in Enum.GetValues<OfficerRole>())
            Assert.Equal(DossierRefusal.WrongState, dossier.CheckFieldVerification(new Officer(new Actor("Cán bộ", AssigneeId), role, Agency))?.Refusal);
    }

    [Theory]
    [MemberData(nameof(EveryOfficer))]
    public void Only_the_leader_of_the_agency_holding_the_dossier_records_a_loss(OfficerRole role, int agency, int userId)
    {
        var (dossier, _) = At("appraise");
        var refusal = dossier.CheckLossRecord(new Officer(new Actor("Cán bộ", userId), role, agency));
        Assert.Equal(role == OfficerRole.Leader && agency == Agency, refusal is null);
        if (refusal is not null) Assert.Equal(DossierRefusal.NotPermitted, refusal.Refusal);
    }

    [Theory]
    [InlineData("received", true)]
    [InlineData("approve", true)]
    [InlineData("ready", true)]
    [InlineData("returned", false)]
    [InlineData("stopped", false)]
    public void A_loss_is_recorded_while_the_agency_has_the_papers(string stage, bool applies)
    {
        var (dossier, _) = At(stage);
        var refusal = dossier.CheckLossRecord(Leader);
        Assert.Equal(applies ? null : DossierRefusal.WrongState, refusal?.Refusal);
    }

    [Fact]
    public void A_field_verification_names_each_bad_field_and_trims_a_good_one()
    {
        var (dossier, now) = At("appraise");
        var (none, problems) = dossier.ValidateFieldVerification(" ", now.AddMinutes(-10), now.AddMinutes(-20), [" ", null], "", null, "  ", now);
        Assert.Null(none);
        Assert.Equal(["place", "participants", "chair", "secretary", "findings", "endedAt"], problems.Select(p => p.Field));
        Assert.Contains(dossier.ValidateFieldVerification("Nhà ông An", Monday.AddDays(-1), Monday.AddHours(-20), ["A"], "A", "A", "x", now).Problems,
            p => p.Field == "startedAt");
        Assert.Contains(dossier.ValidateFieldVerification("Nhà ông An", now.AddMinutes(-10), now.AddHours(1), ["A"], "A", "A", "x", now).Problems,
            p => p.Field == "endedAt");
        var (value, none2) = dossier.ValidateFieldVerification(" Nhà ông An ", now.AddMinutes(-20), now.AddMinutes(-10), [" Hoàng Minh Đức ", ""], " Hoàng Minh Đức ",
            "Phan Thanh Bình", " Đúng địa chỉ ", now);
        Assert.Empty(none2);
        Assert.Equal(new FieldVerification("Nhà ông An", now.AddMinutes(-20), now.AddMinutes(-10), value!.Participants, "Hoàng Minh Đức", "Phan Thanh Bình", "Đúng địa chỉ"), value);
        Assert.Equal(["Hoàng Minh Đức"], value.Participants);
    }

    [Fact]
    public void A_loss_names_each_bad_field()
    {
        var (dossier, now) = At("received");
        var after = dossier.DueAt!.Value.AddDays(1);
        var (none, problems) = dossier.ValidateLossRecord((LossKind)9, "", " ", -1, now.AddHours(-1), now);
        Assert.Null(none);
        Assert.Equal(["kind", "description", "remedy", "costVnd", "newDueAt"], problems.Select(p => p.Field));
        Assert.Equal(["costVnd"], dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", null, null, now).Problems.Select(p => p.Field));
        Assert.Equal(["costVnd"], dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", Dossier.MaxLossCostVnd + 1, null, now).Problems.Select(p => p.Field));
        var (loss, ok) = dossier.ValidateLossRecord(LossKind.Damaged, " Giấy chứng sinh ", " Cấp lại ", 0, after, now);
        Assert.Empty(ok);
        Assert.Equal(new LossRecord(LossKind.Damaged, "Giấy chứng sinh", "Cấp lại", 0, after), loss);
    }

    [Fact]
    public void A_loss_bounds_its_texts_at_4000_characters()
    {
        var (dossier, now) = At("received");
        var longest = new string('x', Dossier.MaxRecordTextLength);
        Assert.Empty(dossier.ValidateLossRecord(LossKind.Lost, longest, longest, 0, null, now).Problems);
        var (none, problems) = dossier.ValidateLossRecord(LossKind.Lost, new string('x', 200_000), longest + "x", 0, null, now);
        Assert.Null(none);
        Assert.Equal(["description", "remedy"], problems.Select(p => p.Field));
        Assert.Equal("Giấy tờ, hồ sơ bị mất hoặc hư hỏng tối đa 4000 ký tự; đã ghi 200000.", problems[0].Message);
    }

    [Fact]
    public void A_loss_promises_a_new_date_only_after_the_current_due_extended_or_not()
    {
        var (dossier, now) = At("appraise");
        var due = dossier.DueAt!.Value;
        var (none, problems) = dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", 0, due.AddHours(-1), now);
        Assert.Null(none);
        Assert.Equal("newDueAt", Assert.Single(problems).Field);
        Assert.Contains(VietnamTime.ToVietnam(due).ToString("HH:mm dd/MM/yyyy"), problems[0].Message);
        Assert.Equal("newDueAt", Assert.Single(dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", 0, due, now).Problems).Field);
        Assert.Empty(dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", 0, due.AddHours(1), now).Problems);

        // Once extended, the date promised is the extended one: a date between the two is no later promise.
        var extended = Vn.At("2025-12-05 16:00");
        dossier.Extend("Chờ xác minh", extended, Calendar, Specialist, now);
        Assert.Equal("newDueAt", Assert.Single(dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", 0, due.AddDays(1), now).Problems).Field);
        Assert.Empty(dossier.ValidateLossRecord(LossKind.Lost, "Giấy chứng sinh", "Cấp lại", 0, extended.AddDays(1), now).Problems);
    }

    [Fact]
    public void A_field_verification_bounds_each_text_and_the_participants()
    {
        var (dossier, now) = At("appraise");
        IReadOnlyList<string> Fields(string place, IReadOnlyList<string?> participants, string chair, string secretary, string findings) =>
            [.. dossier.ValidateFieldVerification(place, now.AddMinutes(-20), now.AddMinutes(-10), participants, chair, secretary, findings, now).Problems.Select(p => p.Field)];
        string[] one = ["Lê Thị Thu Hà"];
        Assert.Empty(Fields(new('p', 300), [.. Enumerable.Repeat(new string('a', 200), 50)], new('c', 100), new('s', 100), new('f', 4000)));
        Assert.Equal(["place"], Fields(new('p', 301), one, "A", "A", "x"));
        Assert.Equal(["chair"], Fields("Nhà ông An", one, new('c', 101), "A", "x"));
        Assert.Equal(["secretary"], Fields("Nhà ông An", one, "A", new('s', 101), "x"));
        Assert.Equal(["findings"], Fields("Nhà ông An", one, "A", "A", new('f', 4001)));
        Assert.Equal(["participants"], Fields("Nhà ông An", [.. Enumerable.Repeat("Lê Thị Thu Hà", 51)], "A", "A", "x"));
        Assert.Equal(["participants"], Fields("Nhà ông An", ["Lê Thị Thu Hà", new('a', 201)], "A", "A", "x"));
        // Blank lines are not participants, and the chair need not be among them.
        Assert.Empty(Fields("Nhà ông An", [.. Enumerable.Repeat("Lê Thị Thu Hà", 50), "", " "], "Người khác", "A", "x"));
        var message = dossier.ValidateFieldVerification("Nhà ông An", now.AddMinutes(-20), now.AddMinutes(-10), ["Lê Thị Thu Hà", new('a', 201)], "A", "A", "x", now).Problems[0].Message;
        Assert.Equal("Thành phần tham dự: dòng 2 dài 201 ký tự, tối đa 200.", message);
    }

    [Theory]
    [InlineData("appraise", false)]
    [InlineData("ready", true)]
    [InlineData("returned", false)]
    public void The_early_return_notice_applies_only_to_a_result_waiting_before_its_due_time(string stage, bool early)
    {
        var (dossier, _) = At(stage);
        Assert.Equal(early, dossier.ReadyBeforeDue);
        Assert.Equal(stage != "appraise", dossier.MayBeRated);
    }

    [Fact]
    public void Every_rating_indicator_scores_two_one_and_zero()
    {
        Assert.Equal(Enumerable.Range(1, RatingIndicators.All.Count), RatingIndicators.All.Select(i => i.Number));
        Assert.All(RatingIndicators.All, i => Assert.Equal([2, 1, 0], i.Answers.Select(a => a.Score)));
    }
}
