using System.Globalization;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Letters;

/// <summary>The extension as its request prints it: the competent agency that asked, when, the due time before and after, why.</summary>
public sealed record ExtensionFacts(int AgencyId, DateTimeOffset At, DateTimeOffset OriginalDueAt, DateTimeOffset NewDueAt, string Reason);

/// <summary>What the letters read from a dossier beyond its own fields: who issues, whom they copy, where the result is collected.</summary>
public static class LetterContent
{
    /// <summary>
    /// The dossier's extension (the Extend action, once only), or null when it was not extended. The competent agency is the
    /// agency of the step at which the extension was recorded, which is the agency that asks the one-stop unit to extend.
    /// </summary>
    public static ExtensionFacts? ExtensionOf(Dossier d)
    {
        if (d.ExtendedAt is null || d.ExtensionDueAt is not { } newDue || d.OriginalDueAt is not { } originalDue) return null;
        var recorded = d.Events.Last(e => e.Action == DossierEventAction.Extend);
        var agency = recorded.StepIndex is { } step && step < d.Process.Count ? d.Process[step].AgencyId : LeadAgencyId(d);
        return new ExtensionFacts(agency, recorded.At, originalDue, newDue, d.ExtensionReason ?? "");
    }

    /// <summary>The lead agency of an interconnected dossier, which asks the co-agencies: the agency that decides.</summary>
    public static int LeadAgencyId(Dossier d) => d.ResolvingAgencyId ?? d.ReceivingAgencyId;

    /// <summary>The "Nơi nhận" lines (Nghị định 30/2020 Phụ lục I, ô 9b): the addressee, a copy to <paramref name="copy"/> when it
    /// is another agency, and the issuer's archive.</summary>
    public static IReadOnlyList<string> Recipients(Agency issuer, Agency? copy) =>
        copy is not null && copy.Id != issuer.Id ? ["- Như trên;", $"- {copy.Name};", "- Lưu: VT."] : ["- Như trên;", "- Lưu: VT."];

    /// <summary>Where the applicant gets the result, by the channel the dossier came in.</summary>
    public static string CollectAt(Dossier d, Agency unit)
    {
        var desk = string.IsNullOrWhiteSpace(unit.Address) ? unit.Name : $"{unit.Name}, {unit.Address.Trim()}";
        return d.Channel switch
        {
            Channel.Online => $"Nhận kết quả điện tử trên Cổng Dịch vụ công quốc gia, hoặc bản giấy tại {desk}",
            Channel.Postal => $"Gửi qua dịch vụ bưu chính công ích đến địa chỉ của Ông/Bà, hoặc nhận tại {desk}",
            _ => desk,
        };
    }

    /// <summary>From when the result can be collected: at once, in office hours.</summary>
    public static string CollectWhen(DateTimeOffset ready) =>
        "Từ " + VietnamTime.ToVietnam(ready).ToString("HH:mm', ngày 'dd/MM/yyyy", CultureInfo.InvariantCulture) + ", trong giờ làm việc các ngày làm việc";
}
