using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>Dossiers driven to every national status, and the citizens who stand to them each way the access rule knows,
/// for the tests of what a citizen does online (<see cref="AnswerSupplementOnlineTests"/>, <see cref="CitizenWithdrawalTests"/>).</summary>
internal static class CitizenDossierStates
{
    public const int Agency = 2;
    public const long OwnerAccount = 77;
    public static readonly WorkingCalendar WorkCalendar = new(CalendarSettings.Default,
        [.. PublicHolidays.DefaultDays(2025), .. PublicHolidays.DefaultDays(2026), .. PublicHolidays.DefaultDays(2027)]);
    public static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", "an@example.vn", "Huế");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead);
    private static readonly Officer Leader = new(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader);

    /// <summary>Each way a citizen stands to the applicant's dossier, and whether the access rule lets them act.</summary>
    public static readonly (string Name, CitizenActor Actor, bool Allowed)[] Actors =
    [
        ("tài khoản đã nộp", new(new SignedInCitizen(OwnerAccount, "001199000001", CitizenAssurance.OneTimeCode, "0912000000"), "Nguyễn Văn An"), true),
        ("VNeID cùng CCCD", new(new SignedInCitizen(5, "046095001234", CitizenAssurance.VneId, null), "Nguyễn Văn An"), true),
        ("mã gửi tới số điện thoại ghi trên hồ sơ", new(new SignedInCitizen(6, "046095001234", CitizenAssurance.OneTimeCode, "+84905123456"), "Nguyễn Văn An"), true),
        ("mã gửi tới e-mail ghi trên hồ sơ", new(new SignedInCitizen(7, "046095001234", CitizenAssurance.OneTimeCode, "AN@example.vn"), "Nguyễn Văn An"), true),
        ("mã gửi tới số khác, cùng CCCD", new(new SignedInCitizen(8, "046095001234", CitizenAssurance.OneTimeCode, "0987654321"), "Kẻ gõ CCCD"), false),
        ("VNeID người khác", new(new SignedInCitizen(9, "046095009999", CitizenAssurance.VneId, null), "Trần Thị Khác"), false),
    ];

    /// <summary>Every state of <see cref="States"/> with every index of <see cref="Actors"/>: the rows of the tests that
    /// try a citizen's action in every status by every way a citizen stands to the dossier.</summary>
    public static TheoryData<string, int> EveryStatusAndActor()
    {
        var data = new TheoryData<string, int>();
        foreach (var state in States)
            for (var a = 0; a < Actors.Length; a++) data.Add(state, a);
        return data;
    }

    /// <summary>Every national status (1 to 10), status 4 at appraisal, with the instant of the next action.</summary>
    public static readonly string[] States =
        ["submitted", "not-received", "received", "appraise", "supplement", "payment", "withdrawn", "stopped", "ready", "returned"];

    /// <summary>A five-working-day dossier submitted online by <see cref="OwnerAccount"/> (accepted for every state after
    /// 1 and 3), driven to <paramref name="state"/> one action every ten minutes from <paramref name="start"/>.</summary>
    public static (Dossier Dossier, DateTimeOffset Now) InState(string state, DateTimeOffset start, TimeLimit? timeLimit = null)
    {
        var limit = timeLimit ?? TimeLimit.Days(5);
        var dossier = Dossier.SubmitOnline("000.10.01.H46-270127-0001", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Applicant,
            [new ReceivedDocument("Giấy chứng sinh", 1, 0)], start, WorkCalendar.ComputeDue(start, limit, Channel.Online),
            new Actor("Nguyễn Văn An", CitizenId: OwnerAccount), start);
        var now = start;
        DateTimeOffset Next() => now = now.AddMinutes(10);
        string[] path = state switch
        {
            "submitted" => [],
            "not-received" => ["refuse"],
            "received" => ["accept"],
            "appraise" => ["accept", "transfer", "assign"],
            "supplement" => ["accept", "transfer", "assign", "supplement"],
            "payment" => ["accept", "transfer", "assign", "payment"],
            "withdrawn" => ["accept", "transfer", "assign", "withdraw"],
            "stopped" => ["accept", "transfer", "assign", "withdraw", "stop"],
            "ready" => ["accept", "transfer", "assign", "complete", "approve", "ready"],
            "returned" => ["accept", "transfer", "assign", "complete", "approve", "ready", "return"],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in path)
        {
            switch (step)
            {
                case "refuse": dossier.RefuseOnline("Không thuộc thẩm quyền", "Điều 9 Nghị định 123/2015/NĐ-CP", Receiver, Next()); break;
                case "accept": dossier.AcceptOnline(Receiver, Next()); break;
                case "transfer": dossier.Transfer(DefaultProcess.For(limit, Agency, true), WorkCalendar, null, Receiver, Next()); break;
                case "assign": dossier.Assign(Specialist.Actor.UserId!.Value, Specialist.Actor.Name, WorkCalendar, Head, Next()); break;
                case "complete": dossier.CompleteStep("Hồ sơ hợp lệ", false, WorkCalendar, Specialist, Next()); break;
                case "approve": dossier.Approve(null, WorkCalendar, Leader, Next()); break;
                case "ready": dossier.ResultReady(Receiver, Next()); break;
                case "return": dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), Receiver, Next()); break;
                case "supplement":
                    dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp mờ"), new SupplementItem("Tờ khai", "Thiếu chữ ký")],
                        WorkCalendar, null, Specialist, Next());
                    break;
                case "payment": dossier.RequireFinancialObligation("Nộp lệ phí", Specialist, Next()); break;
                case "withdraw": dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Next()); break;
                case "stop": dossier.Stop("Theo yêu cầu rút hồ sơ", Leader, Next()); break;
            }
        }
        return (dossier, Next());
    }

    public static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");
}
