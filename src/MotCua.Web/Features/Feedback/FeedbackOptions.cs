namespace MotCua.Web.Features.Feedback;

/// <summary>
/// <c>Motcua:Feedback</c>: how many feedbacks one client address may send per hour through the public form and API
/// (<see cref="RateLimitPerHour"/>, default 10: no captcha, so a flood is stopped by rate), and where complaints and
/// denunciations are sent (<see cref="ComplaintsDestination"/>: the body that receives them under Luật Khiếu nại 2011 and
/// Luật Tố cáo 2018, named to the sender).
/// </summary>
public sealed class FeedbackOptions
{
    public int RateLimitPerHour { get; set; } = 10;
    public string ComplaintsDestination { get; set; } = "Ban Tiếp công dân tỉnh (tiếp nhận khiếu nại, tố cáo theo Luật Khiếu nại 2011 và Luật Tố cáo 2018)";
}
