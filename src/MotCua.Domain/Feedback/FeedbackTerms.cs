namespace MotCua.Domain.Feedback;

/// <summary>
/// What a sender says they are sending. Phản ánh and kiến nghị are feedback on administrative regulations (Nghị định
/// 20/2008/NĐ-CP as amended by 92/2017/NĐ-CP); khiếu nại and tố cáo follow Luật Khiếu nại 2011 and Luật Tố cáo 2018 and are
/// routed away at registration, never counted or listed with feedback (DOMAIN §9).
/// </summary>
public enum FeedbackKind
{
    /// <summary>Phản ánh: a view on a regulation or its application (a problem, an inconsistency, an irregularity).</summary>
    Reflection = 1,
    /// <summary>Kiến nghị: a proposal to change a regulation or how it is applied.</summary>
    Recommendation = 2,
    /// <summary>Khiếu nại: routed away (Luật Khiếu nại 2011).</summary>
    Complaint = 3,
    /// <summary>Tố cáo: routed away (Luật Tố cáo 2018).</summary>
    Denunciation = 4,
}

/// <summary>How a feedback arrived (migration 0059 <c>feedback.channel</c>).</summary>
public enum FeedbackChannel
{
    /// <summary>The public form <c>/phan-anh-kien-nghi/gui</c> or <c>POST /api/v1/feedback</c>.</summary>
    Online = 1,
    /// <summary>In person or in writing at the desk, transcribed by an officer.</summary>
    Desk = 2,
    /// <summary>By telephone to the hotline (đường dây nóng), transcribed by an officer.</summary>
    Hotline = 3,
    /// <summary>Passed on by the National Public Service Portal (Cổng DVCQG).</summary>
    Portal = 4,
}

/// <summary>The officer's classification of a registered feedback (NĐ 20/2008 as amended, DOMAIN §9).</summary>
public enum FeedbackClassification
{
    /// <summary>Not taken up: not about a regulation, no identifiable sender, already answered, …</summary>
    Refused = 1,
    /// <summary>About an officer's conduct: transferred to the agency managing the officer.</summary>
    StaffConduct = 2,
    /// <summary>Within the agency's competence: handled here.</summary>
    WithinCompetence = 3,
    /// <summary>Outside it: transferred to the competent agency within 5 working days.</summary>
    OutsideCompetence = 4,
}

/// <summary>Where a feedback stands (migration 0059 <c>feedback.status</c>).</summary>
public enum FeedbackStatus
{
    Registered = 1,
    Refused = 2,
    AwaitingInformation = 3,
    Transferred = 4,
    InProgress = 5,
    Answered = 6,
    Published = 7,
    /// <summary>A complaint or denunciation sent to the body that handles it; not feedback.</summary>
    RoutedAway = 8,
}

/// <summary>What an officer does to a feedback; each is one method of <see cref="FeedbackCase"/>.</summary>
public enum FeedbackAction
{
    Classify,
    RequestInformation,
    InformationReceived,
    Answer,
    Publish,
    RouteAway,
}

/// <summary>The Vietnamese names shown to people and the API names (kebab-case) systems send.</summary>
public static class FeedbackNames
{
    public static string Vietnamese(this FeedbackKind kind) => kind switch
    {
        FeedbackKind.Reflection => "Phản ánh",
        FeedbackKind.Recommendation => "Kiến nghị",
        FeedbackKind.Complaint => "Khiếu nại",
        FeedbackKind.Denunciation => "Tố cáo",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Vietnamese(this FeedbackChannel channel) => channel switch
    {
        FeedbackChannel.Online => "Trực tuyến",
        FeedbackChannel.Desk => "Trực tiếp tại bộ phận một cửa",
        FeedbackChannel.Hotline => "Đường dây nóng",
        FeedbackChannel.Portal => "Cổng Dịch vụ công quốc gia",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string Vietnamese(this FeedbackClassification classification) => classification switch
    {
        FeedbackClassification.Refused => "Không tiếp nhận xử lý",
        FeedbackClassification.StaffConduct => "Về hành vi của cán bộ (chuyển cơ quan quản lý cán bộ)",
        FeedbackClassification.WithinCompetence => "Thuộc thẩm quyền",
        FeedbackClassification.OutsideCompetence => "Không thuộc thẩm quyền (chuyển cơ quan có thẩm quyền)",
        _ => throw new ArgumentOutOfRangeException(nameof(classification)),
    };

    public static string Vietnamese(this FeedbackStatus status) => status switch
    {
        FeedbackStatus.Registered => "Đã tiếp nhận, chờ phân loại",
        FeedbackStatus.Refused => "Không tiếp nhận xử lý",
        FeedbackStatus.AwaitingInformation => "Chờ người gửi bổ sung thông tin",
        FeedbackStatus.Transferred => "Đã chuyển cơ quan có thẩm quyền",
        FeedbackStatus.InProgress => "Đang xử lý",
        FeedbackStatus.Answered => "Đã trả lời, chờ công khai",
        FeedbackStatus.Published => "Đã công khai kết quả",
        FeedbackStatus.RoutedAway => "Chuyển xử lý theo pháp luật khiếu nại, tố cáo",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Vietnamese(this FeedbackAction action) => action switch
    {
        FeedbackAction.Classify => "Phân loại",
        FeedbackAction.RequestInformation => "Đề nghị bổ sung thông tin",
        FeedbackAction.InformationReceived => "Nhận thông tin bổ sung",
        FeedbackAction.Answer => "Trả lời",
        FeedbackAction.Publish => "Công khai kết quả",
        FeedbackAction.RouteAway => "Chuyển theo pháp luật khiếu nại, tố cáo",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>API names: <c>phan-anh</c>, <c>kien-nghi</c>, <c>khieu-nai</c>, <c>to-cao</c>.</summary>
    public static readonly IReadOnlyDictionary<string, FeedbackKind> KindNames = new Dictionary<string, FeedbackKind>
    {
        ["phan-anh"] = FeedbackKind.Reflection, ["kien-nghi"] = FeedbackKind.Recommendation,
        ["khieu-nai"] = FeedbackKind.Complaint, ["to-cao"] = FeedbackKind.Denunciation,
    };

    /// <summary>API names: <c>refused</c>, <c>staff-conduct</c>, <c>within-competence</c>, <c>outside-competence</c>.</summary>
    public static readonly IReadOnlyDictionary<string, FeedbackClassification> ClassificationNames = new Dictionary<string, FeedbackClassification>
    {
        ["refused"] = FeedbackClassification.Refused, ["staff-conduct"] = FeedbackClassification.StaffConduct,
        ["within-competence"] = FeedbackClassification.WithinCompetence, ["outside-competence"] = FeedbackClassification.OutsideCompetence,
    };

    /// <summary>API names of the statuses (the worklist filter and every answer).</summary>
    public static readonly IReadOnlyDictionary<string, FeedbackStatus> StatusNames = new Dictionary<string, FeedbackStatus>
    {
        ["registered"] = FeedbackStatus.Registered, ["refused"] = FeedbackStatus.Refused,
        ["awaiting-information"] = FeedbackStatus.AwaitingInformation, ["transferred"] = FeedbackStatus.Transferred,
        ["in-progress"] = FeedbackStatus.InProgress, ["answered"] = FeedbackStatus.Answered,
        ["published"] = FeedbackStatus.Published, ["routed-away"] = FeedbackStatus.RoutedAway,
    };

    public static string ApiName(this FeedbackKind kind) => KindNames.Single(p => p.Value == kind).Key;
    public static string ApiName(this FeedbackClassification c) => ClassificationNames.Single(p => p.Value == c).Key;
    public static string ApiName(this FeedbackStatus status) => StatusNames.Single(p => p.Value == status).Key;

    /// <summary>Complaints and denunciations are not feedback (DOMAIN §9).</summary>
    public static bool IsFeedback(this FeedbackKind kind) => kind is FeedbackKind.Reflection or FeedbackKind.Recommendation;
}
