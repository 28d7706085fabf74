using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Messages;

/// <summary>A placeholder a template may write as <c>{name}</c>: its name, what it stands for, and the sample value the
/// administrator's preview renders.</summary>
public sealed record NotificationPlaceholder(string Name, string Description, string Sample);

/// <summary>
/// The placeholders of notification templates, which ones each event offers (what a planner must be able to give when
/// it renders that event) and which ones its template must contain, and the formats of the values.
/// </summary>
public static class NotificationPlaceholders
{
    /// <summary>Every placeholder, in the order the administrator's page lists them.</summary>
    public static readonly IReadOnlyList<NotificationPlaceholder> All =
    [
        new("maHoSo", "Mã hồ sơ", "000.10.01.H46-251117-0001"),
        new("thuTuc", "Tên thủ tục", "đăng ký khai sinh"),
        new("hoTen", "Họ tên người nộp", "Nguyễn Thị Thu Hà"),
        new("coQuan", "Cơ quan tiếp nhận, giải quyết", "Trung tâm Phục vụ hành chính công phường Thuận Hóa"),
        new("hanTra", "Hẹn trả kết quả (giờ Việt Nam, dd/MM/yyyy HH:mm)", "20/11/2025 16:30"),
        new("soTien", "Số tiền phải nộp", "1.500.000 đồng"),
        new("lyDo", "Lý do, nội dung cần bổ sung", "Thiếu bản sao giấy chứng nhận kết hôn"),
        new("traCuu", "Đường dẫn tra cứu hồ sơ", "https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001"),
        new("huyNhan", "Đường dẫn từ chối nhận thông báo", "https://motcua.hue.gov.vn/huy-nhan/8f3a2c"),
        new("nhanKetQua", "Cách nhận kết quả (người nộp chọn khi nộp hồ sơ)", "nhận trực tiếp tại Trung tâm Phục vụ hành chính công phường Thuận Hóa"),
    ];

    // Every event offers these: they come from the dossier itself and the links.
    private static readonly string[] Common = ["maHoSo", "thuTuc", "hoTen", "coQuan", "traCuu", "huyNhan"];

    /// <summary>
    /// The placeholders a template of <paramref name="event"/> may use: the dossier's code, procedure, applicant, agency
    /// and the two links for every event, plus the appointment (<c>hanTra</c>) where there is one, the reason
    /// (<c>lyDo</c>) where an officer gave one, the amount (<c>soTien</c>) where one is asked. A planner rendering the
    /// event supplies a value for each.
    /// </summary>
    public static IReadOnlyList<string> AllowedFor(NotificationEvent @event) => [.. Common, .. @event switch
    {
        NotificationEvent.Received or NotificationEvent.AppointmentReminder => ["hanTra"],
        NotificationEvent.ResultReady => ["hanTra", "nhanKetQua"],
        NotificationEvent.Apology => ["hanTra", "lyDo"],
        NotificationEvent.Refused or NotificationEvent.SupplementRequested or NotificationEvent.Stopped
            or NotificationEvent.Withdrawn or NotificationEvent.FinancialObligation => ["lyDo"],
        NotificationEvent.PaymentRequested => ["soTien"],
        _ => Array.Empty<string>(),
    }];

    /// <summary>
    /// The placeholders the body of a template of <paramref name="event"/> must contain, without which the message does
    /// not say what it is about: the code always, the appointment when the dossier is received, apologised for or about
    /// to be collected, the reason of a refusal, a supplement request or a stop, the amount of a payment request.
    /// </summary>
    public static IReadOnlyList<string> RequiredFor(NotificationEvent @event) => ["maHoSo", .. @event switch
    {
        NotificationEvent.Received or NotificationEvent.Apology or NotificationEvent.AppointmentReminder => ["hanTra"],
        NotificationEvent.Refused or NotificationEvent.SupplementRequested or NotificationEvent.Stopped => ["lyDo"],
        NotificationEvent.PaymentRequested => ["soTien"],
        _ => Array.Empty<string>(),
    }];

    /// <summary>The sample values of the placeholders <paramref name="event"/> offers, for previews.</summary>
    public static IReadOnlyDictionary<string, string> Samples(NotificationEvent @event)
    {
        var allowed = AllowedFor(@event);
        return All.Where(p => allowed.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Sample);
    }

    /// <summary>
    /// A procedure's name as <c>{thuTuc}</c> gives it: the templates say "về thủ tục {thuTuc}", and catalogue names often
    /// begin with "Thủ tục" themselves ("Thủ tục đăng ký khai sinh"), so a leading "Thủ tục " is dropped (any case) and the
    /// word is said once; a name that is nothing else is kept; a trailing full stop is dropped.
    /// </summary>
    public static string ProcedureName(string name)
    {
        const string word = "thủ tục ";
        // Catalogue names may end with a full stop ("Tách thửa hoặc hợp thửa đất."), which the sentence around the
        // placeholder would double.
        var trimmed = name.Trim().TrimEnd('.', ' ');
        return trimmed.Length > word.Length && trimmed.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            ? trimmed[word.Length..].TrimStart()
            : trimmed;
    }

    /// <summary>
    /// Where and how the applicant gets a ready result, as <c>{nhanKetQua}</c> writes it (a phrase after "Cách nhận kết
    /// quả:", short enough for an SMS), by the way the applicant chose at intake (<see cref="ResultDelivery"/>, issue 17):
    /// at the desk of <paramref name="agency"/>; by the public postal service to the address registered (not written out:
    /// an SMS segment is short and the address is personal data); the digitally signed electronic result in the online
    /// account (Quyết định 45/2016/QĐ-TTg; Nghị định 61/2018/NĐ-CP as amended by Nghị định 107/2021/NĐ-CP and Nghị định
    /// 118/2025/NĐ-CP: results are returned at the one-stop unit, through the public postal service, or online).
    /// </summary>
    public static string ResultCollection(ResultDelivery delivery, string agency) => delivery.Method switch
    {
        ReturnMethod.Post => "gửi qua bưu chính công ích đến địa chỉ đã đăng ký",
        ReturnMethod.Electronic => "tải kết quả điện tử trong tài khoản dịch vụ công",
        _ => $"nhận trực tiếp tại {agency}",
    };

    /// <summary>An amount as <c>{soTien}</c> writes it: Vietnamese digit grouping with dots and the word "đồng",
    /// e.g. 1500000 → "1.500.000 đồng".</summary>
    public static string Money(long vnd) => vnd.ToString("#,0", VietnameseNumbers) + " đồng";

    /// <summary>An instant as <c>{hanTra}</c> writes it: Vietnam wall-clock time, dd/MM/yyyy HH:mm.</summary>
    public static string Due(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    private static readonly NumberFormatInfo VietnameseNumbers = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };
}

/// <summary>What a text is made of: literal text, or a placeholder by name.</summary>
public sealed record TemplatePart(string Text, bool IsPlaceholder);

/// <summary>
/// The placeholder syntax of templates: <c>{name}</c> with a name in letters and digits, no escapes. Braces are only ever
/// placeholders, so a brace that opens nothing or closes nothing is an error rather than text that would reach a citizen.
/// </summary>
public static partial class TemplateText
{
    /// <summary>
    /// The parts of <paramref name="text"/>, or the first problem, in Vietnamese, naming the position (1-based character)
    /// or the placeholder: an unclosed <c>{</c>, a <c>}</c> without its <c>{</c>, an empty or malformed name, or a name
    /// that is not one of <see cref="NotificationPlaceholders.All"/>.
    /// </summary>
    public static (IReadOnlyList<TemplatePart> Parts, string? Problem) Parse(string text)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '}') return ([], $"Dấu }} ở vị trí {i + 1} không có dấu {{ mở tương ứng.");
            if (text[i] != '{') { literal.Append(text[i]); continue; }
            var close = text.IndexOfAny(['{', '}'], i + 1);
            if (close < 0 || text[close] == '{') return ([], $"Dấu {{ ở vị trí {i + 1} chưa có dấu }} đóng.");
            var name = text[(i + 1)..close];
            if (!Name().IsMatch(name)) return ([], $"Trường {{{name}}} ở vị trí {i + 1} không hợp lệ: tên trường chỉ gồm chữ cái không dấu và chữ số, ví dụ {{maHoSo}}.");
            if (!NotificationPlaceholders.All.Any(p => p.Name == name))
                return ([], $"Không có trường {{{name}}} ở vị trí {i + 1}.");
            if (literal.Length > 0) { parts.Add(new(literal.ToString(), false)); literal.Clear(); }
            parts.Add(new(name, true));
            i = close;
        }
        if (literal.Length > 0) parts.Add(new(literal.ToString(), false));
        return (parts, null);
    }

    /// <summary>The distinct placeholders a text uses, in order of first use; empty when it does not parse.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string? text) =>
        text is null ? [] : [.. Parse(text).Parts.Where(p => p.IsPlaceholder).Select(p => p.Text).Distinct()];

    /// <summary>
    /// The text with each placeholder replaced by its value (inserted as is: a brace in a value is text, never another
    /// placeholder), or the Vietnamese problem naming every placeholder without a value (absent, or blank: a message
    /// must never carry a literal "{x}" nor an empty gap where the reader expects a code or a date).
    /// </summary>
    public static (string? Text, string? Problem) Render(string text, IReadOnlyDictionary<string, string> values)
    {
        var (parts, problem) = Parse(text);
        if (problem is not null) return (null, problem);
        var missing = parts.Where(p => p.IsPlaceholder && (!values.TryGetValue(p.Text, out var v) || string.IsNullOrWhiteSpace(v)))
            .Select(p => "{" + p.Text + "}").Distinct().ToList();
        if (missing.Count > 0) return (null, $"Thiếu giá trị cho {string.Join(", ", missing)}.");
        return (string.Concat(parts.Select(p => p.IsPlaceholder ? values[p.Text] : p.Text)), null);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex Name();
}

/// <summary>A template could not be rendered (a value is missing); the message is Vietnamese and names the placeholder.</summary>
public sealed class NotificationTemplateException(string message) : Exception(message);

/// <summary>
/// A message rendered from a template: the subject (e-mail only), the body as sent, the SMS's size (SMS only) and, for
/// Zalo, the ZNS template's parameters with their values.
/// </summary>
public sealed record RenderedText(string? Subject, string Body, SmsSize? Sms, IReadOnlyDictionary<string, string>? ZnsData);

/// <summary>
/// One notification template: what an event says on a channel, in Vietnamese with placeholders (docs/MESSAGES.md §4).
/// An e-mail has a subject and a body; an SMS a body and the choice to be sent without diacritics (160-character
/// segments instead of 70); a Zalo message the id of the ZNS template registered with Zalo, the body it amounts to, and
/// which ZNS parameter each placeholder fills (<see cref="ZnsParams"/>: placeholder → parameter name).
/// </summary>
public sealed partial record NotificationTemplate(NotificationEvent Event, NotificationChannel Channel, string? Subject, string Body,
    bool WithoutDiacritics = false, string? ZnsTemplateId = null, IReadOnlyDictionary<string, string>? ZnsParams = null)
{
    /// <summary>Longest e-mail subject, in characters (mail clients show about 80; RFC 5322 lines end at 998).</summary>
    public const int MaxSubject = 200;
    /// <summary>Longest e-mail body template, in characters.</summary>
    public const int MaxEmailBody = 8000;
    /// <summary>Longest SMS body template, in characters: about four segments without diacritics.</summary>
    public const int MaxSmsBody = 600;
    /// <summary>Longest Zalo body template, in characters (ZNS template content is limited to a few hundred).</summary>
    public const int MaxZaloBody = 400;
    /// <summary>Longest ZNS parameter name (Zalo's limit is 30).</summary>
    public const int MaxZnsParam = 30;

    /// <summary>The name an event is stored and addressed by: its camelCase name, e.g. <c>supplementRequested</c>.</summary>
    public static string Name(NotificationEvent @event) => JsonNamingPolicy.CamelCase.ConvertName(@event.ToString());

    /// <summary>The name a channel is stored and addressed by: <c>email</c>, <c>sms</c>, <c>zalo</c>.</summary>
    public static string Name(NotificationChannel channel) => JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());

    /// <summary>The event named <paramref name="name"/> (camelCase, as <see cref="Name(NotificationEvent)"/>), or null.</summary>
    public static NotificationEvent? EventNamed(string? name) =>
        Enum.GetValues<NotificationEvent>().Cast<NotificationEvent?>().FirstOrDefault(e => Name(e!.Value) == name);

    /// <summary>The channel named <paramref name="name"/>, or null.</summary>
    public static NotificationChannel? ChannelNamed(string? name) =>
        Enum.GetValues<NotificationChannel>().Cast<NotificationChannel?>().FirstOrDefault(c => Name(c!.Value) == name);

    /// <summary>The Vietnamese name of an event, as the administrator's page shows it.</summary>
    public static string Title(NotificationEvent @event) => @event switch
    {
        NotificationEvent.Received => "Tiếp nhận hồ sơ",
        NotificationEvent.Refused => "Từ chối hồ sơ",
        NotificationEvent.SupplementRequested => "Yêu cầu bổ sung hồ sơ",
        NotificationEvent.PaymentRequested => "Yêu cầu nộp phí, lệ phí",
        NotificationEvent.FinancialObligation => "Thực hiện nghĩa vụ tài chính",
        NotificationEvent.Stopped => "Dừng giải quyết",
        NotificationEvent.Withdrawn => "Rút hồ sơ",
        NotificationEvent.Apology => "Xin lỗi và hẹn lại ngày trả",
        NotificationEvent.ResultReady => "Có kết quả",
        NotificationEvent.Returned => "Đã trả kết quả",
        NotificationEvent.AppointmentReminder => "Nhắc lịch hẹn trả kết quả",
        _ => @event.ToString(),
    };

    /// <summary>The Vietnamese name of a channel.</summary>
    public static string Title(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => "Thư điện tử",
        NotificationChannel.Sms => "Tin nhắn SMS",
        NotificationChannel.Zalo => "Zalo",
        _ => channel.ToString(),
    };

    /// <summary>
    /// What is wrong with the template, in Vietnamese, by field (<c>subject</c>, <c>body</c>, <c>withoutDiacritics</c>,
    /// <c>znsTemplateId</c>, <c>znsParams</c>); empty when it may be saved. Checked: the syntax of each text
    /// (<see cref="TemplateText.Parse"/>), placeholders the event does not offer, the placeholders it requires in the body,
    /// lengths, a subject only on e-mail (and required there), the diacritics choice only on SMS, and on Zalo a ZNS
    /// template id (digits, at most 20) and a parameter name for exactly the placeholders the body uses.
    /// </summary>
    public IDictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        var allowed = NotificationPlaceholders.AllowedFor(Event);
        void Check(string field, string? text, int max)
        {
            if (string.IsNullOrWhiteSpace(text)) { problems[field] = [field == "subject" ? "Nhập tiêu đề thư." : "Nhập nội dung thông báo."]; return; }
            if (text.Length > max) { problems[field] = [$"Dài {text.Length} ký tự, tối đa {max}."]; return; }
            if (TemplateText.Parse(text).Problem is { } syntax) { problems[field] = [$"{syntax} {Offered()}"]; return; }
            var foreign = TemplateText.PlaceholdersOf(text).Where(p => !allowed.Contains(p)).ToList();
            if (foreign.Count > 0)
                problems[field] = [$"Trường {string.Join(", ", foreign.Select(p => "{" + p + "}"))} không dùng được cho thông báo \"{Title(Event)}\". {Offered()}"];
        }
        string Offered() => $"Các trường dùng được cho thông báo \"{Title(Event)}\": {string.Join(", ", allowed.Select(p => "{" + p + "}"))}.";
        if (Channel == NotificationChannel.Email) Check("subject", Subject, MaxSubject);
        else if (!string.IsNullOrEmpty(Subject)) problems["subject"] = ["Chỉ thư điện tử có tiêu đề."];
        // A subject is one header line: a line break would be dropped by the mail library and join the lines.
        if (Channel == NotificationChannel.Email && !problems.ContainsKey("subject") && Subject!.IndexOfAny(['\r', '\n']) >= 0)
            problems["subject"] = ["Tiêu đề thư chỉ gồm một dòng."];
        Check("body", Body, Channel switch { NotificationChannel.Email => MaxEmailBody, NotificationChannel.Sms => MaxSmsBody, _ => MaxZaloBody });
        if (!problems.ContainsKey("body"))
        {
            var used = TemplateText.PlaceholdersOf(Body);
            var absent = NotificationPlaceholders.RequiredFor(Event).Where(p => !used.Contains(p)).ToList();
            if (absent.Count > 0)
                problems["body"] = [$"Nội dung thông báo \"{Title(Event)}\" phải có {string.Join(", ", absent.Select(p => "{" + p + "}"))}."];
        }
        if (WithoutDiacritics && Channel != NotificationChannel.Sms) problems["withoutDiacritics"] = ["Chỉ tin nhắn SMS được chọn gửi không dấu."];
        if (Channel == NotificationChannel.Zalo)
        {
            if (string.IsNullOrWhiteSpace(ZnsTemplateId) || !ZnsId().IsMatch(ZnsTemplateId))
                problems["znsTemplateId"] = ["Nhập mã mẫu ZNS đã đăng ký với Zalo (chỉ gồm chữ số, tối đa 20 ký tự)."];
            var map = ZnsParams ?? new Dictionary<string, string>();
            var used = TemplateText.PlaceholdersOf(Body);
            var wrong = new List<string>();
            var unmapped = used.Where(p => !map.ContainsKey(p)).ToList();
            if (unmapped.Count > 0) wrong.Add($"Chưa gán tham số ZNS cho {string.Join(", ", unmapped.Select(p => "{" + p + "}"))}.");
            var unused = map.Keys.Where(p => !used.Contains(p)).ToList();
            if (unused.Count > 0) wrong.Add($"Nội dung không dùng {string.Join(", ", unused.Select(p => "{" + p + "}"))} nhưng vẫn gán tham số ZNS.");
            var badNames = map.Values.Where(v => !ZnsParam().IsMatch(v)).ToList();
            if (badNames.Count > 0) wrong.Add($"Tên tham số ZNS không hợp lệ: {string.Join(", ", badNames.Select(v => "\"" + v + "\""))} (chữ thường không dấu, chữ số, dấu _, tối đa {MaxZnsParam} ký tự).");
            var twice = map.Values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (twice.Count > 0) wrong.Add($"Tham số ZNS {string.Join(", ", twice)} được gán cho nhiều trường.");
            if (wrong.Count > 0) problems["znsParams"] = [.. wrong];
        }
        else if (!string.IsNullOrEmpty(ZnsTemplateId) || ZnsParams is { Count: > 0 })
            problems[string.IsNullOrEmpty(ZnsTemplateId) ? "znsParams" : "znsTemplateId"] = ["Chỉ thông báo Zalo có mẫu ZNS."];
        return problems;
    }

    /// <summary>
    /// The message this template makes with <paramref name="values"/> (placeholder name → value, formatted as
    /// <see cref="NotificationPlaceholders"/> describes), or the Vietnamese problem naming each placeholder without a value.
    /// An SMS chosen <see cref="WithoutDiacritics"/> has its whole text, values included, stripped of diacritics
    /// (<see cref="SmsText.WithoutDiacritics"/>) before it is measured.
    /// </summary>
    public (RenderedText? Message, string? Problem) TryRender(IReadOnlyDictionary<string, string> values)
    {
        string? subject = null;
        if (Channel == NotificationChannel.Email)
        {
            var (text, problem) = TemplateText.Render(Subject ?? "", values);
            if (problem is not null) return (null, problem);
            subject = text;
        }
        var (body, bodyProblem) = TemplateText.Render(Body, values);
        if (bodyProblem is not null) return (null, bodyProblem);
        // A ZNS parameter filled by a placeholder without a value is refused like one in the text (an administrator's
        // "foo=bar" line in the page's parameters), never a missing key.
        if (Channel == NotificationChannel.Zalo && ZnsParams?.Keys.FirstOrDefault(k => !values.ContainsKey(k)) is { } unknown)
            return (null, $"Tham số ZNS lấy từ trường {{{unknown}}}, trường này không có giá trị.");
        return Channel switch
        {
            NotificationChannel.Sms when WithoutDiacritics => (new(null, SmsText.WithoutDiacritics(body!), SmsText.Measure(SmsText.WithoutDiacritics(body!)), null), null),
            NotificationChannel.Sms => (new(null, body!, SmsText.Measure(body!), null), null),
            NotificationChannel.Zalo => (new(null, body!, null, (ZnsParams ?? new Dictionary<string, string>()).ToDictionary(p => p.Value, p => values[p.Key])), null),
            _ => (new(subject, body!, null, null), null),
        };
    }

    /// <summary>As <see cref="TryRender"/>, for a caller that always supplies every value of the event.</summary>
    /// <exception cref="NotificationTemplateException">A placeholder has no value (the message names it).</exception>
    public RenderedText Render(IReadOnlyDictionary<string, string> values)
    {
        var (message, problem) = TryRender(values);
        return message ?? throw new NotificationTemplateException($"Mẫu thông báo \"{Title(Event)}\" ({Title(Channel)}): {problem}");
    }

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex ZnsId();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,29}$")]
    private static partial Regex ZnsParam();
}
