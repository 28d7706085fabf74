using System.Net;

namespace MotCua.Web.Tests;

/// <summary>
/// The desk's intake form (<c>/tiep-nhan?thutuc=…</c>, <c>#intake-form</c>) as a receiving officer fills it in and presses
/// "Tiếp nhận": read from the page's own HTML by <see cref="HtmlForm.Fields"/> (its antiforgery token and idempotency key,
/// the document rows with their published counts, the channel and applicant kind the page checked), each field once (the
/// first, the value model binding reads), with <c>decision=receive</c>. A test then sets only what the officer would:
/// the applicant, the lines handed over, the scans, the e-form, the box "Vẫn tiếp nhận khi còn thiếu giấy tờ"; every
/// other field goes back as the browser would send it. The setters return the form, so a test reads top to bottom:
/// <code>
/// var code = await (await DeskIntakeForm.ReadAsync(officer, "1.001193"))
///     .Applicant("Lê Văn Hòa", "046090002811", "0914222444", "7 Lê Lợi, phường Thuận Hóa").Direct()
///     .Tick(0, originals: 1).EForm(Requests.BirthRegistrationForm).ReceiveIncomplete()
///     .ReceiveAsync();
/// </code>
/// A row is a document line as the page numbers it (<c>Documents[row]</c>, Domain <c>DeskLines</c>), not an index into the
/// procedure's published list.
/// </summary>
public sealed class DeskIntakeForm
{
    private readonly HttpClient officer;
    private readonly List<KeyValuePair<string, string>> fields;

    private DeskIntakeForm(HttpClient officer, string procedure, IEnumerable<KeyValuePair<string, string>> fields)
    {
        this.officer = officer;
        Procedure = procedure;
        this.fields = [.. fields];
    }

    /// <summary>The procedure's code, as in the page's address (<c>thutuc</c>).</summary>
    public string Procedure { get; }

    /// <summary>Every field the form posts, in order (a field may repeat: <see cref="Add"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

    /// <summary>The document rows the page lists (<c>Documents[row].Name</c>): each row's number and name, in order.</summary>
    public IReadOnlyList<(int Row, string Name)> Lines =>
        [.. fields.Where(f => f.Key.StartsWith("Documents[", StringComparison.Ordinal) && f.Key.EndsWith("].Name", StringComparison.Ordinal))
            .Select(f => (int.Parse(f.Key["Documents[".Length..f.Key.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture), f.Value))];

    /// <summary>Opens the desk page of <paramref name="procedure"/> as <paramref name="officer"/> (signed in, of the receiving
    /// unit) and reads its form (<see cref="Of"/>).</summary>
    public static async Task<DeskIntakeForm> ReadAsync(HttpClient officer, string procedure) =>
        Of(officer, procedure, await officer.GetStringAsync(UrlOf(procedure)));

    /// <summary>The form of a desk page already read (<paramref name="html"/>, the page of <paramref name="procedure"/>), to be
    /// posted by <paramref name="officer"/>: for a test that reads the page for more than its form.</summary>
    public static DeskIntakeForm Of(HttpClient officer, string procedure, string html)
    {
        var form = new DeskIntakeForm(officer, procedure, HtmlForm.Fields(html, "id=\"intake-form\"").GroupBy(f => f.Key).Select(g => g.First()));
        form["decision"] = "receive";
        return form;
    }

    /// <summary>The value of field <paramref name="name"/> (the first when it repeats); throws when the form has none.</summary>
    /// <remarks>Setting it replaces every value of the field with this one (adding the field when absent).</remarks>
    public string this[string name]
    {
        get => fields.First(f => f.Key == name).Value;
        set
        {
            Remove(name);
            fields.Add(KeyValuePair.Create(name, value));
        }
    }

    /// <summary>Adds a value to field <paramref name="name"/>, keeping those it has (a list such as a line's scans).</summary>
    public DeskIntakeForm Add(string name, string value)
    {
        fields.Add(KeyValuePair.Create(name, value));
        return this;
    }

    /// <summary>Leaves field <paramref name="name"/> out of the post altogether (an unticked box is not sent).</summary>
    public DeskIntakeForm Remove(string name)
    {
        fields.RemoveAll(f => f.Key == name);
        return this;
    }

    /// <summary>A copy of the form with field <paramref name="name"/> set to <paramref name="value"/>; this one is unchanged
    /// (the same form posted again with one thing edited).</summary>
    public DeskIntakeForm With(string name, string value) => new DeskIntakeForm(officer, Procedure, fields) { [name] = value };

    /// <summary>The applicant, an individual (<c>ApplicantKind=individual</c>): full name, CCCD (12 digits), phone and
    /// address as typed at the desk.</summary>
    public DeskIntakeForm Applicant(string fullName, string idNumber, string phone, string address)
    {
        this["ApplicantKind"] = "individual";
        this["FullName"] = fullName;
        this["IdNumber"] = idNumber;
        this["Phone"] = phone;
        this["Address"] = address;
        return this;
    }

    /// <summary>Handed in at the counter (<c>Channel=direct</c>, "Trực tiếp"), whichever channel the page checked first.</summary>
    public DeskIntakeForm Direct()
    {
        this["Channel"] = "direct";
        return this;
    }

    /// <summary>The number of the one row whose name <paramref name="name"/> accepts; throws unless exactly one does.</summary>
    public int Line(Func<string, bool> name) => Lines.Single(l => name(l.Name)).Row;

    /// <summary>Ticks <paramref name="row"/> as handed over ("Đã nhận"), with <paramref name="originals"/> originals when given,
    /// else the count the page proposed.</summary>
    public DeskIntakeForm Tick(int row, int? originals = null)
    {
        this[$"Documents[{row}].Received"] = "true";
        if (originals is { } count) this[$"Documents[{row}].Originals"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>Ticks every row but those whose name <paramref name="leftOut"/> accepts, which are left unticked.</summary>
    public DeskIntakeForm TickAllBut(Func<string, bool> leftOut)
    {
        foreach (var (row, name) in Lines)
            if (leftOut(name)) Remove($"Documents[{row}].Received");
            else Tick(row);
        return this;
    }

    /// <summary>Attaches staged uploads (<c>POST /api/v1/files/staged</c>, a desk scan or a "Dùng lại" reference) to
    /// <paramref name="row"/>, as the digitisation panel's hidden <c>Documents[row].StagedFiles</c> fields do; ticks nothing.</summary>
    public DeskIntakeForm Stage(int row, params long[] staged)
    {
        foreach (var id in staged) Add($"Documents[{row}].StagedFiles", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>The e-form's answers (tờ khai điện tử), posted as <c>Form[name]</c>; a null value as empty.</summary>
    public DeskIntakeForm EForm(IEnumerable<KeyValuePair<string, string?>> values)
    {
        foreach (var (name, value) in values) this[$"Form[{name}]"] = value ?? "";
        return this;
    }

    /// <summary>Ticks "Vẫn tiếp nhận khi còn thiếu giấy tờ" (<c>ReceiveIncomplete=true</c>): the officer receives the dossier
    /// although lines the list requires were not handed in (CIT35 LOW 6, docs/FILES.md).</summary>
    public DeskIntakeForm ReceiveIncomplete()
    {
        this["ReceiveIncomplete"] = "true";
        return this;
    }

    /// <summary>Posts the form to the desk page, as the officer's browser does, and returns the answer as it comes: a
    /// redirect to the dossier once received, else the page drawn again with its errors.</summary>
    public Task<HttpResponseMessage> PostAsync() => officer.PostAsync(UrlOf(Procedure), new FormUrlEncodedContent(fields));

    /// <summary>Posts the form (<see cref="PostAsync"/>), asserts the dossier was received (the redirect to
    /// <c>/ho-so/{code}?moi=1</c>, else fails with the page) and returns its code.</summary>
    public async Task<string> ReceiveAsync()
    {
        var posted = await PostAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        return posted.Headers.Location!.OriginalString.Split('/', '?')[2];
    }

    private static string UrlOf(string procedure) => $"/tiep-nhan?thutuc={procedure}";
}
