using System.Text.Json.Serialization;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>Implementing levels after the July 2025 reform (no district level).</summary>
[Flags]
public enum ProcedureLevel
{
    None = 0,
    Ministry = 1,
    Province = 2,
    Commune = 4,
    Other = 8,
}

public enum OnlineLevel
{
    None = 0,
    Partial = 1,
    Full = 2,
}

/// <summary>One channel's time limit and fee as published ("Trực tiếp | 15 Ngày làm việc | 50.000 đồng").</summary>
/// <remarks>
/// <see cref="Fee"/> is in VND and null when the published fee is unknown, in a foreign currency, or has several
/// amounts or cases; <see cref="FeeText"/> then holds the published text to show as is.
/// </remarks>
public sealed record ChannelTerms(Channel Channel, TimeLimit? TimeLimit, decimal? Fee, string FeeText, string? Description)
{
    /// <summary>The time limit as published ("15 Ngày làm việc", "1", "6 Tháng"); kept when <see cref="TimeLimit"/> could not be derived or needed an assumption.</summary>
    public string? TimeText { get; init; }

    /// <summary>The channel's other published rows: exceptions and cases, each with its own limit and condition
    /// ("02 Ngày · trong trường hợp giấy tờ phức tạp …"). The officer may choose one at the desk; <see cref="TimeLimit"/>
    /// applies otherwise.</summary>
    [JsonIgnore]
    public IReadOnlyList<TimeCase> Cases { get; init; } = [];

    // Written only when there are cases, so the JSON (and the import hash) of every single-row channel stays as it was.
    [JsonInclude, JsonPropertyName("cases"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<TimeCase>? CasesOrNull
    {
        get => Cases.Count == 0 ? null : Cases;
        init => Cases = value ?? [];
    }

    /// <summary>Why the unit or the choice of <see cref="TimeLimit"/> is an assumption to confirm (a bare number, "N Ngày"
    /// described as working days, several rows), in Vietnamese; null when the limit is as published. Cleared when an
    /// administrator confirms or corrects the time limit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeDoubt { get; init; }

    /// <summary>The limit of case <paramref name="index"/> (1-based into <see cref="Cases"/>), or the channel's own for 0.</summary>
    public TimeLimit? LimitOfCase(int index) => index == 0 ? TimeLimit : index <= Cases.Count ? Cases[index - 1].TimeLimit : null;
}

/// <summary>One published case of a channel's time limit: the limit (null when unreadable), its published text, and the
/// condition under which it applies, as published.</summary>
public sealed record TimeCase(TimeLimit? TimeLimit, string TimeText, string? Condition);

/// <summary>A document the applicant must hand over: how many originals and copies, and its form template if any.</summary>
/// <remarks>
/// Counts are as published: "0 bản chính" with no copies means the document is only shown or needed when the case applies.
/// <see cref="Group"/> is the heading the portal lists the document under (e.g. "Giấy tờ phải nộp", "Trường hợp ủy quyền ..."), null for the plain list.
/// </remarks>
public sealed record RequiredDocument(string Name, int Originals, int Copies, string? Form, bool MustPresentOnly = false)
{
    public string? Group { get; init; }

    /// <summary>What this line of the published list is: a document to hand over, a heading, or a note. Headings and notes are shown, never ticked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public DocumentLineKind Kind { get; init; }

    /// <summary>
    /// The case in which the document is needed ("Trường hợp ủy quyền …"), as published; null when it is always needed.
    /// A conditional document is offered at the desk but never required.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Condition { get; init; }
}

/// <summary>What a line of a procedure's published document list (thành phần hồ sơ) is.</summary>
public enum DocumentLineKind
{
    /// <summary>A document the applicant hands over or shows.</summary>
    Document = 0,

    /// <summary>A heading that introduces the lines after it ("Người có yêu cầu … xuất trình các giấy tờ sau:").</summary>
    Heading = 1,

    /// <summary>Guidance or a rule, not a document ("01 bộ gốc", "Lưu ý: …").</summary>
    Note = 2,
}

public sealed record LegalDocument(string Number, string Title);

/// <summary>A procedure as published on the National Public Service Portal, parsed into its components.</summary>
public sealed record ProcedureSpec
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Field { get; init; }
    public ProcedureLevel Levels { get; init; }
    public string? Decision { get; init; }
    public string? ApplicantTypes { get; init; }
    public string? CompetentAgency { get; init; }
    public string? Steps { get; init; }
    public IReadOnlyList<ChannelTerms> Channels { get; init; } = [];
    public IReadOnlyList<RequiredDocument> Documents { get; init; } = [];
    public IReadOnlyList<LegalDocument> LegalBasis { get; init; } = [];
    public IReadOnlyList<string> Results { get; init; } = [];
    public string? Conditions { get; init; }
    public OnlineLevel OnlineLevel { get; init; }
    public bool PostalAllowed { get; init; }
    public string? SourceUrl { get; init; }

    /// <summary>The agency that carries the procedure out (cơ quan thực hiện), when published.</summary>
    public string? ImplementingAgency { get; init; }

    /// <summary>Notes published among the documents ("Lưu ý"): guidance, not documents to hand over.</summary>
    public IReadOnlyList<string> DocumentNotes { get; init; } = [];

    /// <summary>The published row whose time limit (and cases) apply to a channel: the channel's own when it publishes a
    /// limit, else the direct channel's, else the first channel with one; null when none does.</summary>
    public ChannelTerms? TimeTermsFor(Channel channel) =>
        Channels.FirstOrDefault(c => c.Channel == channel && c.TimeLimit is not null)
        ?? Channels.FirstOrDefault(c => c.Channel == Channel.Direct && c.TimeLimit is not null)
        ?? Channels.FirstOrDefault(c => c.TimeLimit is not null);

    /// <summary>
    /// The channels the catalogue publishes for the procedure, in the order direct, online, postal. With a channel table
    /// its rows decide (postal also when the catalogue marks the procedure "có thể nộp qua bưu chính", its
    /// <see cref="PostalAllowed"/> flag); without one (not published, or unreadable: <see cref="ChannelsText"/>) the desk
    /// (direct) is always published, since every procedure is received at the one-stop section (Nghị định 61/2018/NĐ-CP
    /// Điều 14), online when <see cref="OnlineLevel"/> is partial or full, postal when <see cref="PostalAllowed"/>.
    /// A dossier on any other channel is refused at intake (trial of issue 14: an online dossier of a direct-only
    /// procedure was received with an unplaced fee).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Channel> PublishedChannels =>
    [
        .. new[] { Channel.Direct, Channel.Online, Channel.Postal }.Where(c => Channels.Count > 0
            ? Channels.Any(t => t.Channel == c) || c == Channel.Postal && PostalAllowed
            : c == Channel.Direct || c == Channel.Online && OnlineLevel != OnlineLevel.None || c == Channel.Postal && PostalAllowed),
    ];

    /// <summary>The published channel table, kept only when no channel row could be recognised in it.</summary>
    public string? ChannelsText { get; init; }

    /// <summary>The published document list, kept only when part of it could not be split into documents.</summary>
    public string? DocumentsText { get; init; }

    /// <summary>Fields (see <see cref="CatalogField"/>) whose published text could not be fully parsed; the raw text is kept in the matching *Text member.</summary>
    public IReadOnlyList<string> RawTextFields { get; init; } = [];

    /// <summary>
    /// The structured e-form the applicant fills in (the declaration, tờ khai), declared locally: the national
    /// catalogue publishes none, so a re-import keeps the fields of the current version.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<EFormField> FormFields { get; init; } = [];

    /// <summary>
    /// Set when an administrator corrected the published document list: <see cref="Documents"/> then holds the corrected
    /// list and this keeps the catalogue's own. Written only when present, like the e-form.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DocumentListCorrection? DocumentsCorrection { get; init; }

    /// <summary>The spec as the national catalogue publishes it: without the local e-form and document-list correction.</summary>
    public ProcedureSpec AsPublished() =>
        this with { FormFields = [], Documents = DocumentsCorrection?.Published ?? Documents, DocumentsCorrection = null };

    /// <summary>
    /// This spec (freshly parsed from the catalogue) with the local additions of <paramref name="current"/> carried over:
    /// its e-form, its document-list correction (see <see cref="DocumentListCorrection.CarriedOver"/>) and, on a channel
    /// this spec publishes no time limit for, the current version's limit with its text. Seventh trial: the three
    /// authentications (2.000815, 2.000884, 2.001035) carry the limit of Nghị định 23/2015/NĐ-CP Điều 7 where the portal
    /// publishes none; re-importing the same catalogue made a version without it, and every intake was refused ("chưa công
    /// bố thời hạn giải quyết"). The law's limit stays until the catalogue publishes one.
    /// </summary>
    public ProcedureSpec WithLocalChangesOf(ProcedureSpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var carried = current.DocumentsCorrection is { } correction
            ? this with { FormFields = current.FormFields, Documents = current.Documents, DocumentsCorrection = correction.CarriedOver(Documents) }
            : this with { FormFields = current.FormFields };
        if (!Channels.Any(c => c.TimeLimit is null && current.Channels.Any(k => k.Channel == c.Channel && k.TimeLimit is not null))) return carried;
        return carried with
        {
            Channels = [.. Channels.Select(c => c.TimeLimit is null && current.Channels.FirstOrDefault(k => k.Channel == c.Channel && k.TimeLimit is not null) is { } kept
                ? c with { TimeLimit = kept.TimeLimit, TimeText = kept.TimeText } : c)],
        };
    }

    // Written only when there is a form, so the JSON of every procedure without one stays as it always was.
    [JsonInclude, JsonPropertyName("formFields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<EFormField>? FormFieldsOrNull
    {
        get => FormFields.Count == 0 ? null : FormFields;
        init => FormFields = value ?? [];
    }
}
