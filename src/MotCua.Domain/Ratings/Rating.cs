using MotCua.Domain.Dossiers;
using MotCua.Domain.Feedback;

namespace MotCua.Domain.Ratings;

/// <summary>The applicant's overall verdict (mức độ hài lòng chung), stored 2/1/0.</summary>
public enum Overall
{
    Unsatisfied = 0,
    Satisfied = 1,
    VerySatisfied = 2,
}

/// <summary>Where the rating was given: the web page, the receipt's QR, the SMS or e-mail link, the kiosk.</summary>
public enum RatingChannel
{
    Web = 1,
    Qr = 2,
    Sms = 3,
    Kiosk = 4,
}

/// <summary>A field of a rating refused, named as the API names it (<c>answers.3</c>, <c>overall</c>, <c>comment</c>, <c>channel</c>).</summary>
public sealed record RatingError(string Field, string Message);

/// <summary>
/// A checked rating (phiếu đánh giá): one answer 0..2 per criterion of <see cref="RatingIndicators.All"/> in its order,
/// the overall verdict, the comment masked by <see cref="PublicText.Mask"/> (null when none) and the channel. It names
/// neither the dossier nor the applicant: the evaluator is confidential (the rating article of the one-stop decree
/// [unverified which article now, docs/RATINGS.md]).
/// </summary>
public sealed record Rating(IReadOnlyList<int> Answers, Overall Overall, string? Comment, RatingChannel Channel)
{
    /// <summary>The longest comment, in characters (after trimming) [choice].</summary>
    public const int MaxComment = 1000;

    /// <summary>The wire names of <see cref="Overall"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Overall> OverallNames = new Dictionary<string, Overall>
    {
        ["very-satisfied"] = Overall.VerySatisfied,
        ["satisfied"] = Overall.Satisfied,
        ["unsatisfied"] = Overall.Unsatisfied,
    };

    /// <summary>The wire names of <see cref="RatingChannel"/>.</summary>
    public static readonly IReadOnlyDictionary<string, RatingChannel> ChannelNames = new Dictionary<string, RatingChannel>
    {
        ["web"] = RatingChannel.Web,
        ["qr"] = RatingChannel.Qr,
        ["sms"] = RatingChannel.Sms,
        ["kiosk"] = RatingChannel.Kiosk,
    };

    /// <summary>The Vietnamese names of <see cref="Overall"/>: "Rất hài lòng", "Hài lòng", "Không hài lòng".</summary>
    public static string Vietnamese(Overall overall) => overall switch
    {
        Overall.VerySatisfied => "Rất hài lòng",
        Overall.Satisfied => "Hài lòng",
        _ => "Không hài lòng",
    };

    /// <summary>
    /// Checks what was sent: <paramref name="answers"/> keyed "1".."8" (every criterion required, each 0, 1 or 2; any
    /// other key refused), <paramref name="overall"/> one of <see cref="OverallNames"/>, <paramref name="comment"/> at most
    /// <see cref="MaxComment"/> characters, <paramref name="channel"/> one of <see cref="ChannelNames"/> (web when absent).
    /// Returns the rating, or every error found, each naming its field.
    /// </summary>
    public static (Rating? Rating, IReadOnlyList<RatingError> Errors) Check(
        IReadOnlyDictionary<string, int?>? answers, string? overall, string? comment, string? channel)
    {
        var errors = new List<RatingError>();
        var scores = new int[RatingIndicators.All.Count];
        foreach (var key in answers?.Keys ?? [])
            if (!int.TryParse(key, out var n) || n < 1 || n > scores.Length || n.ToString(System.Globalization.CultureInfo.InvariantCulture) != key)
                errors.Add(new("answers", $"Tiêu chí \"{key}\" không có; các tiêu chí là 1 đến {scores.Length}."));
        foreach (var indicator in RatingIndicators.All)
        {
            var key = indicator.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (answers is null || !answers.TryGetValue(key, out var value) || value is null)
                errors.Add(new($"answers.{key}", $"Chọn một mức cho tiêu chí {key}: {indicator.Question}."));
            else if (value is < 0 or > 2)
                errors.Add(new($"answers.{key}", $"Tiêu chí {key} chỉ nhận 2, 1 hoặc 0 điểm."));
            else scores[indicator.Number - 1] = value.Value;
        }
        Overall? verdict = overall is not null && OverallNames.TryGetValue(overall.Trim(), out var o) ? o : null;
        if (verdict is null) errors.Add(new("overall", "Chọn mức hài lòng chung: very-satisfied (rất hài lòng), satisfied (hài lòng) hoặc unsatisfied (không hài lòng)."));
        RatingChannel? via = string.IsNullOrWhiteSpace(channel) ? RatingChannel.Web
            : ChannelNames.TryGetValue(channel.Trim(), out var c) ? c : null;
        if (via is null) errors.Add(new("channel", "Kênh đánh giá phải là web, qr, sms hoặc kiosk."));
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (text is not null && text.Length > MaxComment) errors.Add(new("comment", $"Ý kiến dài tối đa {MaxComment} ký tự (đang có {text.Length})."));
        else if (text is not null && text.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\r' and not '\t'))
            errors.Add(new("comment", "Ý kiến có ký tự điều khiển không hợp lệ."));
        if (errors.Count > 0) return (null, errors);
        return (new Rating(scores, verdict!.Value, text is null ? null : PublicText.Mask(text, null), via!.Value), errors);
    }
}
