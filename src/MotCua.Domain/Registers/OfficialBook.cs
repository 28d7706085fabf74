using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Registers;

/// <summary>Which law a book answers to, which decides its letterhead and who keeps it.</summary>
public enum BookFamily
{
    /// <summary>Sổ hộ tịch (Luật Hộ tịch 2014, Thông tư 04/2020/TT-BTP), kept by the commune people's committee.</summary>
    CivilStatus = 1,
    /// <summary>Sổ chứng thực (Nghị định 23/2015/NĐ-CP, Thông tư 01/2020/TT-BTP), kept by the commune people's committee.</summary>
    Authentication,
    /// <summary>A reception book of the one-stop unit (Sổ tiếp nhận hồ sơ lĩnh vực đất đai).</summary>
    Reception,
}

/// <summary>The act of a dossier that enters it in a book and takes its number.</summary>
public enum EntryAct
{
    /// <summary>The leader's approval (<see cref="Dossier.Approve"/>): the civil-status act is registered, the copy,
    /// signature or contract certified.</summary>
    Approval = 1,
    /// <summary>The receipt at the desk, or the acceptance of an online submission (the register line's moment).</summary>
    Receipt,
}

/// <summary>Where a column's value comes from: the dossier, its e-form, its events or the entry itself; never typed again.</summary>
public enum ColumnSource
{
    /// <summary>The entry's number in the book, printed "01", "02", ….</summary>
    Number = 1,
    /// <summary>The date of the entering act, dd/MM/yyyy Vietnam time.</summary>
    EnteredOn,
    /// <summary>The officer whose act entered the dossier (the signer, or the receiving officer).</summary>
    EnteredBy,
    /// <summary>The signer and their chức vụ at the act, "Võ Quốc Việt, Phó Chủ tịch" (the name alone when none was
    /// recorded): the authentication books' "Họ tên, chức danh người ký chứng thực".</summary>
    EnteredByWithTitle,
    /// <summary>The e-form value stored under the column's <see cref="BookColumn.Key"/> (dossiers.form_data).</summary>
    Form,
    ApplicantName,
    ApplicantAddress,
    ApplicantIdNumber,
    /// <summary>The applicant's name and identity paper number in one cell, "Trần Thị Lan, 046195001234" (the signature
    /// book's "Họ tên, số giấy CMND/Hộ chiếu của người yêu cầu chứng thực").</summary>
    ApplicantNameAndIdNumber,
    ApplicantPhone,
    DossierCode,
    ProcedureName,
    /// <summary>The due date of the result, dd/MM/yyyy Vietnam time.</summary>
    DueOn,
    /// <summary>The officer who appraised the dossier (the last completed appraisal step), e.g. the công chức tư pháp - hộ tịch.</summary>
    Handler,
    /// <summary>The fee and charge fixed at intake, VND.</summary>
    FeeVnd,
    /// <summary>Ghi chú: the dossier the entry comes from (the paper books have no column for it), then the corrections,
    /// as annotations.</summary>
    Note,
}

/// <summary>One column of a book: its key (for a <see cref="ColumnSource.Form"/> column, the e-form field's name; the
/// name a correction gives), its header as printed, and where its value comes from.</summary>
public sealed record BookColumn(string Key, string Header, ColumnSource Source)
{
    /// <summary>Whether a correction may annotate it: the book's own bookkeeping (number, date of entry, dossier code,
    /// the notes themselves) is never corrected.</summary>
    public bool Correctable => Source is not (ColumnSource.Number or ColumnSource.EnteredOn or ColumnSource.DossierCode or ColumnSource.Note);
}

/// <summary>
/// An official book generated from the dossiers (docs/REGISTERS.md): which procedures it enters (by code, or all of a
/// field), at which act, with which columns, and the e-form fields those procedures must ask so that no column is typed
/// twice. Numbers run per receiving unit, book and year from 01, taken in the transaction of the act and stored.
/// </summary>
/// <param name="Key">The book's address segment, e.g. "khai-sinh" (<c>/api/v1/registers/khai-sinh/2026</c>).</param>
/// <param name="Title">The title as printed, in capitals ("SỔ ĐĂNG KÝ KHAI SINH").</param>
/// <param name="Symbol">The book's short mark printed beside the volume ("Quyển số 01/2026/SKS").</param>
/// <param name="LegalBasis">The text the book follows, and how sure its columns are ([reported] where recalled).</param>
/// <param name="ProcedureCodes">The procedures it enters; empty when it enters a whole <paramref name="Field"/>.</param>
/// <param name="Field">The field (lĩnh vực) it enters whole, or null.</param>
/// <param name="FormFields">The e-form fields the procedures ask (in this order), so the columns fill from them.</param>
public sealed record OfficialBook(
    string Key, string Title, string Symbol, BookFamily Family, EntryAct EnteredAt, string LegalBasis,
    IReadOnlyList<string> ProcedureCodes, string? Field, IReadOnlyList<BookColumn> Columns, IReadOnlyList<EFormField> FormFields)
{
    /// <summary>
    /// The signer's title stored with an entry at the act ("Họ tên, chức danh người ký chứng thực", "… chức vụ người ký
    /// Giấy khai sinh"), by the level of the unit that keeps the book. A commune's civil-status and authentication books
    /// are the commune people's committee's (Luật Hộ tịch 2014 Điều 7; Nghị định 23/2015/NĐ-CP Điều 5 khoản 2), whose
    /// chairman or vice-chairman signs the act: "Chủ tịch UBND phường Thuận Hóa" for the committee's head, else "Phó Chủ
    /// tịch UBND …", whatever the account's chức vụ says (the demo's commune leader heads the commune's one-stop centre
    /// too, where his title is "Giám đốc"). Any other book, or a unit that is not a commune committee: the officer's
    /// <paramref name="position"/> as the account holds it (trimmed; null when empty).
    /// </summary>
    /// <param name="communeName">The commune with its kind ("phường Thuận Hóa", "xã Phú Vang") when the unit is a
    /// commune's one-stop unit, else null.</param>
    /// <param name="signerIsHead">Whether the signer is the head named on the unit (its chairman).</param>
    public string? SignerTitle(string? communeName, bool signerIsHead, string? position) =>
        Family != BookFamily.Reception && !string.IsNullOrWhiteSpace(communeName)
            ? (signerIsHead ? "Chủ tịch" : "Phó Chủ tịch") + " UBND " + communeName.Trim()
            : string.IsNullOrWhiteSpace(position) ? null : position.Trim();

    /// <summary>The volume of the year's book, "Quyển số 01/2026/SKS" (one volume a year, as the books are opened; numbers
    /// run on across volumes within a year, Nghị định 23/2015/NĐ-CP Điều 13 khoản 2).</summary>
    public string Volume(int year) => $"Quyển số 01/{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Symbol}";

    /// <summary>
    /// The number an entry gives the result document, printed on it as the book numbered it (one source: the stored
    /// entry). An authentication: "Số chứng thực: 05, quyển số 01/2025/SCT/BS" — the number with the volume, the year and
    /// the kind's mark, and "số ghi trong văn bản chứng thực là số tương ứng với số chứng thực đã ghi trong sổ" (Nghị định
    /// 23/2015/NĐ-CP Điều 13 khoản 2). A civil-status act: "Sổ đăng ký khai sinh: số 05, quyển số 01/2025/SKS", the number and
    /// volume the Giấy khai sinh or Trích lục carries (Luật Hộ tịch Điều 58: the book's entry is the record) [reported: the
    /// extract's own layout was not read]. Null for the reception book, whose entry is no result.
    /// A copy request of several originals took one number per original (Nghị định 23/2015/NĐ-CP Điều 20 khoản 3; Thông tư
    /// 01/2020/TT-BTP Điều 4): every number is printed, in order, "Số chứng thực: 05, 06, 07, quyển số 01/2025/SCT/BS".
    /// Raises <see cref="ArgumentException"/> for no number.
    /// </summary>
    public string? ResultReference(IReadOnlyCollection<int> numbers, int year)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0) throw new ArgumentException("An entry has at least one number.", nameof(numbers));
        var printed = string.Join(", ", numbers.Order().Select(BookValues.Number));
        var volume = Volume(year).Replace("Quyển", "quyển", StringComparison.Ordinal);
        return Family switch
        {
            BookFamily.Authentication => $"Số chứng thực: {printed}, {volume}",
            BookFamily.CivilStatus => $"{Title[..1]}{Title[1..].ToLowerInvariant()}: số {printed}, {volume}",
            _ => null,
        };
    }

    /// <summary>
    /// What each entry of a dossier in this book reads from its e-form (<paramref name="form"/>, dossiers.form_data): one
    /// entry per row of the book's repeated group (the copy book: one per original, Thông tư 01/2020/TT-BTP Điều 4 khoản 1),
    /// each the dossier's values with the row's under the fields' own names, so the columns read them as before; a dossier
    /// stored before the group (one original under the plain names) or a book without a group: one entry, the values as
    /// stored. Always at least one entry: the act enters the dossier even when its e-form gave nothing.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>?> Items(IReadOnlyDictionary<string, string>? form)
    {
        var grouped = FormFields.Where(f => f.Group is { Length: > 0 }).ToList();
        if (grouped.Count == 0 || form is null) return [form];
        var rows = EForm.Rows(form, grouped[0].Group!, [.. grouped.Select(f => f.Name)]);
        if (rows.Count == 0) return [form];
        return [.. rows.Select(row =>
        {
            var values = form.Where(v => !v.Key.Contains('[', StringComparison.Ordinal)).ToDictionary(v => v.Key, v => v.Value);
            foreach (var (name, value) in row) values[name] = value;
            return (IReadOnlyDictionary<string, string>?)values;
        })];
    }

    /// <summary>Longest corrected value and reason, characters.</summary>
    public const int MaxValueLength = 500, MaxReasonLength = 1000;

    /// <summary>Whether a dossier of the procedure (its code and field) enters this book.</summary>
    public bool Enters(string procedureCode, string procedureField) =>
        ProcedureCodes.Contains(procedureCode, StringComparer.Ordinal) || (Field is { } f && string.Equals(f, procedureField, StringComparison.Ordinal));

    /// <summary>The column a correction names by <paramref name="key"/>, or null.</summary>
    public BookColumn? Column(string? key) => Columns.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.Ordinal));

    /// <summary>
    /// The row of an entry: each column's value from <paramref name="facts"/> (the original, never replaced), and the
    /// corrections, oldest first, written into "Ghi chú" as annotations that say which column, the corrected value, the
    /// reason, who and when. Form dates (ISO yyyy-MM-dd) and instants print dd/MM/yyyy, Vietnam time; fees in VND.
    /// </summary>
    public BookRow Row(EntryFacts facts, IReadOnlyList<EntryCorrection> corrections)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(corrections);
        var ordered = corrections.OrderBy(c => c.At).ToList();
        var annotations = ordered.Select(c => Annotation(c)).ToList();
        // A book that prints the dossier code in its own column does not repeat it in the notes.
        string[] reference = Columns.Any(c => c.Source == ColumnSource.DossierCode) ? [] : [$"Mã hồ sơ: {facts.DossierCode}"];
        var cells = Columns.Select(c => c.Source == ColumnSource.Note ? string.Join("\n", [.. reference, .. annotations]) : BookValues.Of(c, facts)).ToList();
        var current = Columns.Select((c, i) => ordered.LastOrDefault(x => x.Field == c.Key)?.Value ?? cells[i]).ToList();
        return new BookRow(facts.Number, facts.DossierCode, cells, current, ordered, annotations);
    }

    /// <summary>The annotation a correction prints in "Ghi chú" (Thông tư 04/2020/TT-BTP asks corrections to be noted in
    /// the book's remarks, not written over the entry [reported]).</summary>
    public string Annotation(EntryCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var header = Column(correction.Field)?.Header ?? correction.Field;
        return $"Ngày {BookValues.Date(correction.At)}, {correction.By} sửa \"{header}\" thành \"{correction.Value}\". Lý do: {correction.Reason}";
    }

    /// <summary>
    /// The problem of a correction, or null when it may be recorded: the column must be one of the book's correctable
    /// columns, the value present (at most <see cref="MaxValueLength"/> characters; a form date as dd/MM/yyyy) and the
    /// reason given (at most <see cref="MaxReasonLength"/>). The value returned in <paramref name="cleaned"/> is trimmed,
    /// and a date is kept as typed (dd/MM/yyyy), the way the book prints it.
    /// </summary>
    public FieldProblem? CorrectionProblem(string? field, string? value, string? reason, out string cleaned)
    {
        cleaned = (value ?? "").Trim();
        if (Column(field?.Trim()) is not { } column)
            return new("field", $"Chọn một cột của {Title.ToLowerInvariant()} được phép sửa ({string.Join(", ", Columns.Where(c => c.Correctable).Select(c => c.Key))}).");
        if (!column.Correctable) return new("field", $"Cột \"{column.Header}\" do hệ thống ghi, không sửa được.");
        if (cleaned.Length == 0) return new("value", "Nhập nội dung đúng của cột cần sửa.");
        if (cleaned.Length > MaxValueLength) return new("value", $"Nội dung sửa không quá {MaxValueLength} ký tự.");
        if (column.Source == ColumnSource.Form && FormFields.FirstOrDefault(f => f.Name == column.Key) is { Type: EFormFieldType.Date }
            && !DateOnly.TryParseExact(cleaned, "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            return new("value", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2024.");
        var why = (reason ?? "").Trim();
        if (why.Length == 0) return new("reason", "Nêu lý do sửa (căn cứ, giấy tờ chứng minh).");
        if (why.Length > MaxReasonLength) return new("reason", $"Lý do không quá {MaxReasonLength} ký tự.");
        return null;
    }

    /// <summary>Whether the year's book is closed (khóa sổ): the law closes the civil-status and authentication books on the
    /// last day of the year (Luật Hộ tịch Điều 58 khoản 2; Nghị định 23/2015/NĐ-CP Điều 13 khoản 1), so a book is closed once
    /// <paramref name="today"/> (Vietnam time) is past its year. The reception book is MotCua's own and is never closed.</summary>
    public bool IsClosed(int year, DateOnly today) => Family != BookFamily.Reception && today.Year > year;

    /// <summary>
    /// The closing statement printed after the last entry of a closed book, and who signs it: for a civil-status book the
    /// total pages and events registered, signed by the head of the registering committee (Luật Hộ tịch Điều 58 khoản 2);
    /// for an authentication book the total authentications of the year, signed by the certifying signer (Nghị định
    /// 23/2015/NĐ-CP Điều 13 khoản 1). Null for a book the law does not close.
    /// </summary>
    /// <param name="pages">The pages the printed book has, this statement's included.</param>
    public (string Statement, string Signer, string Note)? Closing(int year, int entries, int pages) => Family switch
    {
        BookFamily.CivilStatus => ($"Khóa sổ ngày 31/12/{year}: sổ có {pages} trang, ghi {entries} sự kiện hộ tịch đã đăng ký trong năm {year}.",
            "Chủ tịch Ủy ban nhân dân", "(Ký, ghi rõ họ, chữ đệm, tên và đóng dấu)"),
        BookFamily.Authentication => ($"Khóa sổ ngày 31/12/{year}: tổng số việc chứng thực đã thực hiện trong năm {year} là {entries}; sổ có {pages} trang.",
            "Người ký chứng thực", "(Ký, ghi rõ họ tên và đóng dấu)"),
        _ => null,
    };

    /// <summary>Whether the book is printed month by month: a unit keeping its authentication books in software prints and
    /// binds each month, seals the pages across, and joins the months into one book per kind at the end of the year
    /// (Nghị định 23/2015/NĐ-CP Điều 13 khoản 3). The civil-status books are paper books (Luật Hộ tịch Điều 58).</summary>
    public bool PrintsMonthly => Family == BookFamily.Authentication;

    /// <summary>The opening line of a month's printing: the book, its volume and the month, and the number it starts from
    /// (<paramref name="firstNumber"/>, null when the month has no entry). The numbers are the year's, continuing across
    /// months (Điều 13 khoản 2): the month's printing never renumbers.</summary>
    public string MonthOpening(string volume, int year, int month, int? firstNumber) =>
        $"{Title[..1]}{Title[1..].ToLowerInvariant()}, {volume}: các việc chứng thực tháng {month:00}/{year}" +
        (firstNumber is { } first ? $", bắt đầu từ số {BookValues.Number(first)}." : ": không có việc chứng thực nào.");

    /// <summary>
    /// The closing line of a month's printing, and who signs it, once the month is over on <paramref name="today"/>
    /// (Vietnam time): the count of the month's authentications and their numbers, the pages printed, signed by the
    /// certifying signer with the seal across the pages (Nghị định 23/2015/NĐ-CP Điều 13 khoản 1, 3). Null while the month
    /// runs (that printing is a reading, not the month's book) or for a book not printed monthly.
    /// </summary>
    /// <param name="pages">The pages of the month's printing, this statement's included.</param>
    public (string Statement, string Signer, string Note)? MonthClosing(int year, int month, DateOnly today, int entries, int? first, int? last, int pages)
    {
        if (!PrintsMonthly || today < new DateOnly(year, month, 1).AddMonths(1)) return null;
        var numbers = first is { } f && last is { } l ? $", từ số {BookValues.Number(f)} đến số {BookValues.Number(l)}" : "";
        return ($"Khóa sổ tháng {month:00}/{year}: đã chứng thực {entries} việc trong tháng{numbers}; bản in tháng có {pages} trang, đóng dấu giáp lai.",
            "Người ký chứng thực", "(Ký, ghi rõ họ tên và đóng dấu)");
    }

    /// <summary>Who reads a unit's books: its own officers (not the administrator, who keeps accounts, not books) and the
    /// inspector, who reads any unit's.</summary>
    public static bool MayRead(OfficerRole role, bool ownUnit) => role switch
    {
        OfficerRole.Inspector => true,
        OfficerRole.ReceivingOfficer or OfficerRole.Specialist or OfficerRole.DepartmentHead or OfficerRole.Leader or OfficerRole.Accountant => ownUnit,
        _ => false,
    };

    /// <summary>Who corrects an entry: at the unit keeping the book, the officer who handles the field (the specialist:
    /// công chức tư pháp - hộ tịch, chứng thực, địa chính; for the reception book also the receiving officer who keeps it)
    /// or the leader. MotCua records no field per officer, so every specialist of the unit counts (docs/REGISTERS.md).</summary>
    public bool MayCorrect(OfficerRole role, bool ownUnit) => ownUnit && (role is OfficerRole.Specialist or OfficerRole.Leader
        || (Family == BookFamily.Reception && role == OfficerRole.ReceivingOfficer));
}

/// <summary>What an entry's row is built from: the number stored when the act took it, and the dossier as it is.</summary>
/// <param name="EnteredAt">The instant of the entering act (UTC).</param>
/// <param name="EnteredByPosition">The acting officer's chức vụ stored with the entry at the act, or null.</param>
/// <param name="FeeVnd">The fee and charge fixed at intake, VND; null when none was fixed.</param>
/// <param name="Fee">How that fee stands (<see cref="BookFees.Printed"/>).</param>
/// <param name="FormData">The e-form values this entry reads (ISO dates): the dossier's, with the entry's row of a repeated
/// group under the fields' own names (<see cref="OfficialBook.Items"/>), or null.</param>
/// <param name="Entries">How many entries the dossier took in this book (one per original in the copy book).</param>
public sealed record EntryFacts(
    int Number, DateTimeOffset EnteredAt, string EnteredBy, string? EnteredByPosition, string DossierCode, string ProcedureName, string ApplicantName,
    string ApplicantAddress, string ApplicantIdNumber, string ApplicantPhone, DateTimeOffset? DueAt, string? Handler, long? FeeVnd,
    IReadOnlyDictionary<string, string>? FormData, FeeStanding Fee = FeeStanding.NotFixed, int Entries = 1);

/// <summary>A correction of one column of an entry, kept beside it (never over it).</summary>
/// <param name="Field">The column's key.</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="By">The officer's full name.</param>
public sealed record EntryCorrection(string Field, string Value, string Reason, DateTimeOffset At, string By);

/// <summary>A printed row: <see cref="Cells"/> the original values in column order, with "Ghi chú" holding the
/// annotations; <see cref="Current"/> the values as corrected, for search and reuse (the book prints the originals).</summary>
public sealed record BookRow(int Number, string DossierCode, IReadOnlyList<string> Cells, IReadOnlyList<string> Current,
    IReadOnlyList<EntryCorrection> Corrections, IReadOnlyList<string> Annotations);
