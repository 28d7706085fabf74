namespace MotCua.Web.Features.Ratings;

/// <summary>Motcua:Ratings (docs/RATINGS.md, docs/ADMINISTRATION.md).</summary>
public sealed class RatingOptions
{
    /// <summary>Calendar days after the return, stop or refusal during which the applicant may rate [choice].</summary>
    public int WindowDays { get; set; } = Domain.Ratings.RatingWindow.DefaultDays;

    /// <summary>The fewest ratings a cell of the figures shows (fewer: suppressed) [choice].</summary>
    public int MinCell { get; set; } = Domain.Ratings.RatingCell.DefaultMinCell;

    /// <summary>Whether the closing of a dossier sends the rating link by SMS / e-mail (the applicant's consent still applies).</summary>
    public bool InviteBySms { get; set; } = true;
}
