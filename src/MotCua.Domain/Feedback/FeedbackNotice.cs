using MotCua.Domain.Calendar;

namespace MotCua.Domain.Feedback;

/// <summary>A decision on a feedback that ends or moves it, which its sender has to learn (NĐ 20/2008 as amended, DOMAIN §9:
/// a refusal within 2 working days, a transfer within 5, and a complaint or denunciation sent where the law sends it).</summary>
public enum FeedbackDecision
{
    /// <summary>Not taken up (<see cref="FeedbackClassification.Refused"/>): the sender learns the reason.</summary>
    Refused = 1,
    /// <summary>Transferred to an agency working in MotCua, which handles it with deadlines counted from the transfer.</summary>
    TransferredInside = 2,
    /// <summary>Transferred to an agency outside MotCua, which answers the sender itself; the feedback ends here.</summary>
    TransferredOutside = 3,
    /// <summary>A complaint or denunciation recognised after registration: the sender learns where to send it.</summary>
    RoutedAway = 4,
}

/// <summary>What the sender is told of a <see cref="FeedbackDecision"/>: the outbox topic (<c>feedback.refused</c>,
/// <c>feedback.transferred</c>, <c>feedback.routed-away</c>), the e-mail's subject and full text (with the reason, the
/// receiving agency or the destination), and the SMS text without diacritics.</summary>
public sealed record FeedbackNotice(FeedbackDecision Decision, string Topic, string Subject, string Text, string Sms);

/// <summary>
/// The sender's notices of the decisions that refuse, transfer or route a feedback away (third trial of issue 16, MEDIUM 2:
/// only the receipt, a request for information and the answer were sent, so a refused or transferred sender never learnt
/// it). Pure: the case after the act, the register number, the officer's reason and the public lookup's address are inputs.
/// </summary>
public static class FeedbackNotices
{
    /// <summary>The decision the case's last act made, or null when the case is not refused, transferred or routed away
    /// (within competence it is handled here and the sender hears at the answer).</summary>
    public static FeedbackDecision? DecisionOf(FeedbackCase @case) => @case.Status switch
    {
        FeedbackStatus.Refused => FeedbackDecision.Refused,
        FeedbackStatus.Transferred => @case.TransferredTo!.Internal ? FeedbackDecision.TransferredInside : FeedbackDecision.TransferredOutside,
        FeedbackStatus.RoutedAway => FeedbackDecision.RoutedAway,
        _ => null,
    };

    /// <summary>The notice of the decision the case's last act made, or null (see <see cref="DecisionOf"/>).
    /// <paramref name="reason"/> is the officer's reason of the classification (unused for a routing away, whose act has
    /// none); <paramref name="lookup"/> the public page of the feedback, where the reason and the agency are shown too.</summary>
    public static FeedbackNotice? For(FeedbackCase @case, string number, string reason, string lookup)
    {
        var reasonSentence = reason.TrimEnd('.', ' ');
        return DecisionOf(@case) switch
        {
            FeedbackDecision.Refused => new(FeedbackDecision.Refused, "feedback.refused",
                $"Phản ánh, kiến nghị {number} không được tiếp nhận xử lý",
                $"Phản ánh, kiến nghị số {number} không được tiếp nhận xử lý.\nLý do: {reasonSentence}.\n\nTra cứu: {lookup}",
                Sms($"PAKN {number} khong duoc tiep nhan xu ly. Ly do: {Short(reasonSentence)}. Xem: {lookup}")),
            FeedbackDecision.TransferredInside => new(FeedbackDecision.TransferredInside, "feedback.transferred",
                $"Phản ánh, kiến nghị {number} đã chuyển đến {@case.TransferredTo!.Name}",
                $"Phản ánh, kiến nghị số {number} đã được chuyển đến {@case.TransferredTo.Name} để xử lý; hạn xử lý mới: "
                + $"{@case.Deadlines.HandleBy.ToOffset(VietnamTime.Offset):dd/MM/yyyy}.\nLý do: {reasonSentence}.\n\nTra cứu: {lookup}",
                Sms($"PAKN {number} da chuyen den {@case.TransferredTo.Name}. Xem: {lookup}")),
            FeedbackDecision.TransferredOutside => new(FeedbackDecision.TransferredOutside, "feedback.transferred",
                $"Phản ánh, kiến nghị {number} đã chuyển đến {@case.TransferredTo!.Name}",
                $"Phản ánh, kiến nghị số {number} không thuộc thẩm quyền xử lý tại đây và đã được chuyển đến {@case.TransferredTo.Name}; "
                + $"cơ quan này xem xét và trả lời ông/bà.\nLý do: {reasonSentence}.\n\nTra cứu: {lookup}",
                Sms($"PAKN {number} da chuyen den {@case.TransferredTo.Name}. Xem: {lookup}")),
            FeedbackDecision.RoutedAway => new(FeedbackDecision.RoutedAway, "feedback.routed-away",
                $"Nội dung số {number} là {@case.Kind.Vietnamese().ToLowerInvariant()}",
                $"Nội dung ông/bà gửi (số {number}) là {@case.Kind.Vietnamese().ToLowerInvariant()}, không giải quyết theo thủ tục phản ánh, kiến nghị "
                + $"({LawOf(@case.Kind)}). Vui lòng gửi tới: {@case.RoutedTo}.\n\nTra cứu: {lookup}",
                Sms($"Noi dung so {number} la {@case.Kind.Vietnamese().ToLowerInvariant()}, khong xu ly theo thu tuc PAKN. Gui toi: {@case.RoutedTo}")),
            _ => null,
        };
    }

    private static string LawOf(FeedbackKind kind) => kind == FeedbackKind.Complaint ? "Luật Khiếu nại 2011" : "Luật Tố cáo 2018";

    // The SMS names the reason's start; the whole reason is in the e-mail and on the public page the SMS links to.
    private static string Short(string text) => text.Length <= 80 ? text : text[..77].TrimEnd() + "...";

    /// <summary>Vietnamese text without diacritics (an SMS in GSM-7 costs a third of one in UCS-2).</summary>
    public static string Sms(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(System.Text.NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)]);
    }
}
