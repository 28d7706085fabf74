namespace MotCua.Domain.Ratings;

/// <summary>
/// How the rater showed they are the applicant (docs/RATINGS.md "Stronger proofs"), stored in <c>ratings.proof</c> and
/// <c>rating_receipts.proof</c> (migration 0107) as 1 printed, 2 own link, 3 account. The printed code is a possession proof of a paper anyone near the
/// applicant may see; the own link reaches only the applicant's own phone or address, or the citizen's own pages; the
/// account is the applicant signed in on the citizen pages.
/// </summary>
public enum RatingProof
{
    /// <summary>The code printed on the intake's Mẫu 01 (<see cref="RatingToken.KeyPurpose"/>).</summary>
    Printed = 1,
    /// <summary>The own link: a token of its own purpose (<see cref="RatingToken.OwnKeyPurpose"/>) sent in the closing
    /// SMS/e-mail and shown on the citizen's dossier page.</summary>
    OwnLink = 2,
    /// <summary>Signed in as the applicant on the citizen pages (<c>POST /cong-dan/api/dossiers/{code}/rating</c>).</summary>
    Account = 3,
}

/// <summary>
/// Which proof replaces which (issue 17, rat30): a rating by a stronger proof replaces one made with the printed code
/// within the rating window, so a slip seen by a relative or a broker cannot pre-empt the applicant; nothing replaces a
/// rating made with the own link or the account, and the printed code never replaces anything [choice: the own link and
/// the account are equally the applicant's, so the first of them is final].
/// </summary>
public static class RatingProofs
{
    /// <summary>Whether a rating by <paramref name="next"/> replaces one already made by <paramref name="existing"/>.</summary>
    public static bool Replaces(RatingProof next, RatingProof existing) => existing == RatingProof.Printed && next != RatingProof.Printed;

    /// <summary>The proofs of the ratings <paramref name="next"/> replaces (empty for the printed code).</summary>
    public static IReadOnlyList<RatingProof> Replaced(RatingProof next) => [.. Enum.GetValues<RatingProof>().Where(p => Replaces(next, p))];

    /// <summary>Whether a dossier rated by <paramref name="existing"/> (null: not rated) may still be rated by
    /// <paramref name="next"/>.</summary>
    public static bool MayRate(RatingProof next, RatingProof? existing) => existing is not { } e || Replaces(next, e);

    /// <summary>Whether the applicant's rating of a dossier rated by <paramref name="existing"/> is final: no proof can
    /// replace it, so the citizen's pages stop inviting a rating.</summary>
    public static bool IsFinal(RatingProof? existing) => existing is { } e && !Enum.GetValues<RatingProof>().Any(p => Replaces(p, e));

    /// <summary>
    /// The first rating month (first day of a Vietnam month) whose printed-code ratings may still be replaced on
    /// <paramref name="today"/> (a Vietnam date), with a window of <paramref name="windowDays"/> calendar days: the
    /// <c>ratings.replace_key</c> of every rating of an earlier month can no longer serve and is cleared
    /// (<c>RatingKeyExpiry</c>). Why it is safe: a rating of month M was made after its dossier closed, so the dossier
    /// closed before M + 1 month, and its window (<see cref="RatingWindow.StateOf"/>) ended before M + 1 month + the
    /// window's days; once today is that day or later no stronger proof can be accepted for it. Clearing it ends the one
    /// way a holder of the database and the deployment key could tie such a rating to its dossier (docs/RATINGS.md).
    /// </summary>
    public static DateOnly ReplaceableFromMonth(DateOnly today, int windowDays)
    {
        var last = today.AddDays(-windowDays);
        return new DateOnly(last.Year, last.Month, 1);
    }
}
