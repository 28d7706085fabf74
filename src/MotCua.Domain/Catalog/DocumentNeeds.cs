using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>What a published document line asks of a dossier submitted through one channel.</summary>
public enum DocumentNeed
{
    /// <summary>A file (online) or the paper (desk, post) is required: the line has no condition left on this channel.</summary>
    Required,
    /// <summary>Offered and optional: the line applies only in a case (<see cref="LineNeed.Condition"/>, shown to the
    /// applicant); the officer decides at acceptance whether the case applies.</summary>
    Conditional,
    /// <summary>Not asked on this channel: the line names another channel ("(nếu nộp trực tiếp hoặc qua bưu chính)").</summary>
    NotAsked,
    /// <summary>Online only: a declaration the e-form the applicant fills replaces ("Mẫu … hộ tịch điện tử tương tác (nếu nộp
    /// trực tuyến)", "Tờ khai … (theo hình thức trực tuyến)"); no file is asked for it.</summary>
    FilledByEForm,
}

/// <summary>A document line's <see cref="DocumentNeed"/> on a channel and, when <see cref="DocumentNeed.Conditional"/>, the
/// case as published ("Trường hợp ủy quyền", "nếu có").</summary>
public sealed record LineNeed(DocumentNeed Need, string? Condition);

/// <summary>
/// The one rule of what each document line of a procedure's published list (thành phần hồ sơ) needs on each channel
/// (issue 17): the citizen's online form and its JSON API (which lines require a file), and the desk's missing-documents
/// flag (<see cref="Digitisation.DocumentChecklist"/>) read it alike. The portal writes a line's condition into its name,
/// so the rule reads the name:
/// <list type="bullet">
/// <item>a <b>channel clause</b>, a submission verb followed by a channel ("nếu người có yêu cầu lựa chọn nộp hồ sơ theo
/// hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính", "trường hợp nộp hồ sơ qua cổng dịch vụ công trực
/// tuyến", "(theo hình thức trực tuyến)"): the line applies only on the channels it names (a line naming all three, as
/// "bản gốc trong trường hợp nộp trực tiếp …; tệp tin chụp … trong trường hợp nộp trực tuyến", applies on every one).
/// A clause that only says what form the copy takes ("Trường hợp nộp hồ sơ trực tuyến: thành phần hồ sơ là bản sao điện
/// tử …", "… thì …") does not restrict the line;</item>
/// <item>online, a line restricted to the online channel that is a declaration (Tờ khai, Đơn, Mẫu, Phiếu) or names the
/// electronic form ("điện tử tương tác", "biểu mẫu điện tử", "cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công")
/// is <see cref="DocumentNeed.FilledByEForm"/>;</item>
/// <item>a <b>case</b> left once the channel clause is set aside (the parser's <see cref="RequiredDocument.Condition"/>, or
/// "(trường hợp …)", "(nếu …)", "trong trường hợp …", "đối với trường hợp …" inside the name) makes it
/// <see cref="DocumentNeed.Conditional"/>; else it is <see cref="DocumentNeed.Required"/>.</item>
/// </list>
/// Headings, notes and documents only shown (xuất trình) are <see cref="DocumentNeed.NotAsked"/> on every channel: nothing
/// is handed over for them. Flags only: the officer still decides (Nghị định 61/2018/NĐ-CP, Điều 19; Nghị định
/// 42/2022/NĐ-CP on the documents of an online submission, Điều 9 Nghị định 45/2020/NĐ-CP: the e-form replaces the paper
/// declaration online) [choice: read from the published name, the only place the catalogue states it].
/// </summary>
public static partial class DocumentNeeds
{
    // A submission verb, filler words only, then a channel: "nộp trực tiếp", "gửi hồ sơ qua hệ thống bưu chính",
    // "theo hình thức trực tuyến", "nộp hồ sơ qua cổng dịch vụ công trực tuyến". "trực tiếp nộp", "khai thuế trực tiếp" and
    // "nộp thuế theo phương pháp trực tiếp" are not channel clauses (no verb first, or a word that is no filler between).
    [GeneratedRegex(@"(?:nộp|gửi|tiếp nhận|hình thức)(?:\s+(?:hồ sơ|hồ|giấy tờ|của mình|theo|qua|bằng|trên|thông qua|đường|hệ thống|dịch vụ|hình thức|cổng|tại))*\s+(?:trực tiếp|bưu chính|bưu điện|trực tuyến|môi trường điện tử|mạng điện tử|cổng dịch vụ công|dịch vụ công trực tuyến)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelClause();

    // The channels a clause names, after its first one joined by "hoặc", ",", "và".
    [GeneratedRegex(@"trực tiếp|bưu chính|bưu điện|trực tuyến|môi trường điện tử|mạng điện tử|cổng dịch vụ công|dịch vụ công trực tuyến",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelWord();

    // Where a channel clause ends: a closing bracket, ';', '.' followed by a space, or the end.
    [GeneratedRegex(@"\)|;|\.\s|\.$")]
    private static partial Regex ClauseEnd();

    // A clause about the form of the files, not about whether the line applies.
    [GeneratedRegex(@"\sthì\s|thành phần hồ sơ|bản sao điện tử|bản điện tử|tệp tin", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormOfCopy();

    // The line opens with a case clause that the channel clause continues: "Trường hợp ", "(nếu người có yêu cầu lựa chọn ".
    [GeneratedRegex(@"^[\s\p{P}\d]*(?:[a-zđ]\)\s*)?(?:trong |đối với )?(?:trường hợp|nếu)\b[^,;:()]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingCase();

    // An electronic copy or the form of the documents, named before a closing clause or after an opening one: the clause
    // says when that form is used, not whether the line applies.
    [GeneratedRegex(@"thành phần hồ sơ|bản sao điện tử|bản điện tử|dạng điện tử|số hóa|bản chụp|tệp", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FilesForm();

    [GeneratedRegex(@"\sthì\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Then();

    // A case inside the name: "(trường hợp …)", "(nếu …)", "trong trường hợp …", "đối với trường hợp …".
    [GeneratedRegex(@"\((?<case>(?:trong |đối với )?(?:trường hợp|nếu)\b[^()]*)\)|\b(?<case>(?:trong|đối với) trường hợp\b[^.;()]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineCase();

    // A declaration the e-form replaces online, or a line that names the electronic form itself.
    [GeneratedRegex(@"^(?:[\p{P}\s\d]*)(?:Tờ khai|Đơn|Mẫu|Phiếu|Bản khai|Biểu mẫu)\b|điện tử tương tác|biểu mẫu điện tử|tờ khai điện tử|cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EFormLine();

    // The published exemption when the population database holds the paper's data (2.000908: "(Không yêu cầu người yêu cầu
    // … nộp giấy tờ này khi cơ quan … khai thác được thông tin về Thẻ căn cước … trên Cơ sở dữ liệu quốc gia về dân cư)").
    [GeneratedRegex(@"\(Không (?:yêu cầu|phải)[^()]*?\b(?:khi|nếu)\b[^()]*?Cơ sở dữ liệu quốc gia về dân cư[^()]*\)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PopulationDatabaseExemption();

    /// <summary>
    /// What <paramref name="line"/> needs of a dossier submitted through <paramref name="channel"/> by an applicant whose
    /// identity the state already holds (<paramref name="applicantVerified"/>: signed in by VNeID with their own CCCD, whose
    /// data the agency reads from the national population database). A line the list itself exempts in that case ("(Không
    /// yêu cầu … nộp giấy tờ này khi … khai thác được thông tin … trên Cơ sở dữ liệu quốc gia về dân cư)") is then
    /// <see cref="DocumentNeed.Conditional"/> on the case it is still needed (<see cref="PopulationDatabaseCase"/>): offered,
    /// not required (trial 17t LOW 11; docs/DOMAIN §10: data the state already holds is not asked again). Every other line,
    /// and every line for an applicant not verified, is <see cref="Of"/>'s. [choice] Only the
    /// population database: a line exempt when the civil-status database holds a relationship is still asked (being
    /// signed in proves who the applicant is, not whom they are related to).
    /// </summary>
    public static LineNeed ForApplicant(RequiredDocument line, Channel channel, bool applicantVerified)
    {
        var need = Of(line, channel);
        return applicantVerified && need.Need == DocumentNeed.Required && PopulationDatabaseExemption().IsMatch(line.Name)
            ? new(DocumentNeed.Conditional, PopulationDatabaseCase)
            : need;
    }

    /// <summary>The case in which a line the population database exempts is still needed, as the applicant reads it after
    /// "Chỉ khi:".</summary>
    public const string PopulationDatabaseCase = "cơ quan giải quyết không khai thác được thông tin của giấy tờ này trên Cơ sở dữ liệu quốc gia về dân cư";

    /// <summary>What <paramref name="line"/> needs of a dossier submitted through <paramref name="channel"/> (see the
    /// class).</summary>
    public static LineNeed Of(RequiredDocument line, Channel channel)
    {
        if (line.Kind != DocumentLineKind.Document || line.MustPresentOnly) return new(DocumentNeed.NotAsked, null);
        var channels = ChannelsNamed(line.Name);
        if (channels is not null && !channels.Contains(channel)) return new(DocumentNeed.NotAsked, null);
        if (channel == Channel.Online && channels is { Count: 1 } && channels.Contains(Channel.Online) && EFormLine().IsMatch(line.Name)) return new(DocumentNeed.FilledByEForm, null);
        var condition = CaseOf(line);
        return condition is null ? new(DocumentNeed.Required, null) : new(DocumentNeed.Conditional, condition);
    }

    /// <summary>The channels a line's name restricts it to, or null when it names none (or all three) in a clause that
    /// qualifies the whole line: one that opens the line ("Trường hợp nộp hồ sơ trực tuyến thì …") or closes it ("Tờ khai …
    /// (nếu nộp trực tiếp hoặc qua bưu chính);"). A clause inside the line qualifies a part of it, mostly the form of a
    /// copy ("Bản sao (trường hợp nộp trực tiếp); bản sao có chứng thực (trường hợp … bưu chính) các giấy tờ sau: …"), as
    /// does a closing clause after an electronic copy ("… ảnh dạng điện tử (đối với trường hợp gửi trực tuyến)"), and a
    /// line about what form its documents take ("thành phần hồ sơ", "bản sao điện tử"): the line then applies on every
    /// channel.</summary>
    public static IReadOnlySet<Channel>? ChannelsNamed(string name)
    {
        var named = new HashSet<Channel>();
        var anywhere = new HashSet<Channel>();
        foreach (Match m in ChannelClause().Matches(name))
        {
            var end = ClauseEnd().Match(name, m.Index + m.Length) is { Success: true } stop ? stop.Index : name.Length;
            var before = name[..m.Index];
            var leading = LeadingCase().IsMatch(before);
            var closing = name[end..].Trim(' ', '.', ';', ',', ')', ':').Length == 0;
            var clause = name[m.Index..end];
            if (Then().Match(clause) is { Success: true } then) clause = clause[..then.Index];
            var channels = ChannelWord().Matches(clause).Select(w => w.Value.ToLowerInvariant() switch
            {
                "trực tiếp" => Channel.Direct,
                "bưu chính" or "bưu điện" => Channel.Postal,
                _ => Channel.Online,
            }).ToList();
            anywhere.UnionWith(channels);
            if (!leading && !closing) continue;
            var after = name[(m.Index + m.Length)..Math.Min(name.Length, m.Index + m.Length + 60)];
            if (leading ? FilesForm().IsMatch(after) : FormOfCopy().IsMatch(clause) || FilesForm().IsMatch(before)) continue;
            named.UnionWith(channels);
        }
        // A line whose clauses name all three channels between them gives each channel its own form of the same document.
        return named.Count == 0 || anywhere.Count == 3 ? null : named;
    }

    // The case that remains once channel clauses are set aside: the parser's condition when it is not a channel clause,
    // else the first case written inside the name that is not one either.
    private static string? CaseOf(RequiredDocument line)
    {
        if (line.Condition is { } parsed && (ChannelsNamed(line.Name) is null || !ChannelClause().IsMatch(parsed))) return parsed;
        foreach (Match m in InlineCase().Matches(line.Name))
        {
            var text = m.Groups["case"].Value.Trim().TrimEnd(',', ':', ' ');
            if (ChannelClause().IsMatch(text) || FormOfCopy().IsMatch(text) || text.Length < 8) continue;
            return text.Length > 200 ? text[..200].TrimEnd() + "…" : text;
        }
        return null;
    }
}
