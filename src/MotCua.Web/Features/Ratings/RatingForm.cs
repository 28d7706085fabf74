using System.Globalization;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// The rating questions as a page posts them (no script): the eight criteria as radio groups <c>tc1</c>..<c>tc8</c>
/// (points 2/1/0, <see cref="RatingIndicators"/>), the verdict <c>tong</c> (<c>very-satisfied</c>, <c>satisfied</c>,
/// <c>unsatisfied</c>) and the comment <c>y-kien</c>. Drawn by <c>_RatingQuestions.cshtml</c> on <c>/danh-gia</c> and on the
/// citizen's dossier page (issue 17, cit31), checked by <see cref="Domain.Ratings.Rating.Check"/>.
/// </summary>
public sealed record RatingForm(IReadOnlyDictionary<string, int?> Answers, string? Overall, string? Comment)
{
    /// <summary>Nothing chosen yet.</summary>
    public static readonly RatingForm Empty = new(new Dictionary<string, int?>(), null, null);

    /// <summary>The answers of a posted form: each criterion by its number ("1".."8"), null when not chosen or not a number.</summary>
    public static RatingForm Read(IFormCollection form)
    {
        var answers = new Dictionary<string, int?>();
        foreach (var indicator in RatingIndicators.All)
        {
            var key = indicator.Number.ToString(CultureInfo.InvariantCulture);
            answers[key] = int.TryParse(form["tc" + key], out var v) ? v : null;
        }
        return new(answers, form["tong"].FirstOrDefault(), form["y-kien"].FirstOrDefault());
    }
}
