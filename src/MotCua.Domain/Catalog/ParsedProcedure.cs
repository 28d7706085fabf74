namespace MotCua.Domain.Catalog;

/// <summary>Names of the parsed fields, as used in <see cref="ParseIssue.Field"/> and <see cref="ProcedureSpec.RawTextFields"/>.</summary>
public static class CatalogField
{
    public const string Code = "code";
    public const string Name = "name";
    public const string Field = "field";
    public const string Levels = "levels";
    public const string Channels = "channels";
    public const string ChannelTime = "channels.time";
    public const string ChannelFee = "channels.fee";
    public const string Documents = "documents";
    public const string LegalBasis = "legalBasis";
    public const string Results = "results";

    public static IReadOnlyList<string> All { get; } =
        [Code, Name, Field, Levels, Channels, ChannelTime, ChannelFee, Documents, LegalBasis, Results];
}

public enum ParseIssueKind
{
    /// <summary>A value was derived, but only by an assumption the text does not state (e.g. "15 Ngày" read as working days).</summary>
    Assumed,

    /// <summary>The portal publishes nothing for this ("Không có thông tin" or empty).</summary>
    Missing,

    /// <summary>The text could not be turned into a value; the raw text is kept in the spec instead.</summary>
    RawTextKept,
}

/// <summary>One thing the parser could not take at face value: which field, the text concerned, and why.</summary>
public sealed record ParseIssue(string Field, string RawText, string Reason, ParseIssueKind Kind);

public enum ParseQuality
{
    /// <summary>Every field became a value (possibly with assumptions or missing data, listed in the issues).</summary>
    Full,

    /// <summary>At least one field kept its raw text because it could not be parsed.</summary>
    Partial,
}

/// <summary>The result of parsing one catalogue row: the spec and everything the parser had to assume or give up on.</summary>
public sealed record ParsedProcedure(ProcedureSpec Spec, IReadOnlyList<ParseIssue> Issues)
{
    public ParseQuality Quality =>
        Issues.Any(i => i.Kind == ParseIssueKind.RawTextKept) ? ParseQuality.Partial : ParseQuality.Full;
}
