using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Intake;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>A document line of the online form: its index among the lines to hand over, the published line, what it needs
/// online (<see cref="DocumentNeeds.Of"/>: a file required, optional with its condition, not asked, or filled by the
/// e-form), and the files uploaded to it.</summary>
public sealed record SubmitLine(int Index, RequiredDocument Spec, LineNeed Need, IReadOnlyList<DraftFile> Files)
{
    /// <summary>A file is required: the line applies online without a condition.</summary>
    public bool Required => Need.Need == DocumentNeed.Required;

    /// <summary>The citizen may upload files to it: required or conditional (not a paper-only line, not the e-form).</summary>
    public bool TakesFiles => Need.Need is DocumentNeed.Required or DocumentNeed.Conditional;
}

/// <summary>
/// <c>/cong-dan/nop/{agency}/{procedure}</c> (issue 17, piece B, docs/CITIZENS.md): a signed-in citizen submits a procedure
/// the agency offers online (<see cref="OnlineOffers"/>) in three steps kept in a draft (<see cref="CitizenDrafts"/>):
/// 1 the applicant and the e-form (<see cref="CountedFees.FormOf"/>, checked by <see cref="EForm.Validate"/>); 2 one block
/// per document line, each file posted alone to <c>POST /cong-dan/ban-nhap/{draft}/tep</c> (a failed upload loses one
/// file, not the dossier); 3 the review with the fee intake will fix (<see cref="FeePreview"/>) and the provisional due
/// date, and "Nộp hồ sơ" → <see cref="DossierIntake.ReceiveAsync"/> (channel online, the citizen as actor so the dossier
/// carries <c>citizen_id</c>, the staged files) → 303 to <c>/cong-dan/ho-so/{code}?xong=nop</c> (the confirmation: code, due date, what happens next). The draft id is the idempotency
/// key: the submission locks the draft row, so a double tap makes one dossier. The applicant's CCCD is the account's
/// [choice: a citizen submits for themselves here; an organisation's or another person's dossier goes to the desk or the
/// portal]. No script.
/// </summary>
public sealed class SubmitModel(MotCuaDb db, OnlineOffers offers, CitizenDrafts drafts, DossierIntake intake, CalendarStore calendars,
    TimeProvider clock, FileStoreOptions files) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Agency { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Procedure { get; set; } = "";

    /// <summary>The applicant and e-form fields as posted at step 1 (<c>applicant.fullName</c>, <c>applicant.phone</c>,
    /// <c>applicant.email</c>, <c>applicant.address</c>, and each e-form field by its name).</summary>
    [BindProperty] public Dictionary<string, string?> Form { get; set; } = [];

    /// <summary>The review's Idempotency-Key: a fresh random key when step 3 renders, posted back by "Nộp hồ sơ" (hidden
    /// field), so a double tap or a resend over a poor connection is one intake request under one key.</summary>
    [BindProperty(Name = "IdempotencyKey")] public string? SubmitKey { get; set; }

    public OnlineOffer? Offer { get; private set; }
    public CitizenDraft? Draft { get; private set; }
    public int Step { get; private set; } = 1;
    public string IdNumber { get; private set; } = "";
    public IReadOnlyList<EFormField> FormFields { get; private set; } = [];
    public IReadOnlyList<SubmitLine> Lines { get; private set; } = [];
    public FeePreview? Fee { get; private set; }
    public DueDateResult? DuePreview { get; private set; }
    public string? UploadToken { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>Why the last upload was refused (from <c>?loi=</c>: 413, 415 or 422).</summary>
    public string? UploadError { get; private set; }
    public string? Refusal { get; private set; }

    /// <summary>The applicant fields of step 1, with their labels.</summary>
    public static readonly (string Key, string Label, bool Required)[] ApplicantFields =
    [
        ("applicant.fullName", "Họ và tên", true), ("applicant.phone", "Số điện thoại", true),
        ("applicant.email", "Thư điện tử (không bắt buộc)", false), ("applicant.address", "Địa chỉ liên hệ", true),
    ];

    /// <summary>The draft's keys of how the applicant receives the result (issue 17): the way (<c>electronic</c>, <c>desk</c>,
    /// <c>post</c>) and, for post, the address (empty: the applicant's).</summary>
    public const string DeliveryKey = "result.delivery", DeliveryAddressKey = "result.address";

    /// <summary>The choice of how to receive the result, as the draft keeps it, checked for an online dossier
    /// (<see cref="ResultDelivery.Choose"/>); problems keyed by the draft's keys.</summary>
    public static Dictionary<string, string[]> DeliveryErrors(IReadOnlyDictionary<string, string> values)
    {
        var (_, field, problem) = ResultDelivery.Choose(Channel.Online, values.GetValueOrDefault(DeliveryKey), values.GetValueOrDefault(DeliveryAddressKey),
            values.GetValueOrDefault("applicant.address"));
        return problem is null ? [] : new() { [field == "resultAddress" ? DeliveryAddressKey : DeliveryKey] = [problem] };
    }

    /// <summary>The applicant fields' refusals, keyed as <see cref="ApplicantFields"/> (<c>applicant.phone</c>, …): the
    /// required ones present, the phone a Vietnamese number. The page's step 1 and the JSON API's submission alike.</summary>
    public static Dictionary<string, string[]> ApplicantErrors(IReadOnlyDictionary<string, string> values)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, label, required) in ApplicantFields)
            if (required && string.IsNullOrWhiteSpace(values.GetValueOrDefault(key))) errors[key] = [$"Vui lòng nhập {label.ToLowerInvariant()}."];
        if (values.GetValueOrDefault("applicant.phone") is { Length: > 0 } phone && VietnamPhone.National(phone) is null)
            errors["applicant.phone"] = ["Số điện thoại không đúng (ví dụ 0905123456)."];
        return errors;
    }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "ban-nhap")] long? draft, [FromQuery(Name = "buoc")] int step = 1,
        [FromQuery(Name = "loi")] int? error = null, CancellationToken ct = default)
    {
        if (await LoadAsync(draft, ct) is { } stop) return stop;
        Step = Draft is null ? 1 : Math.Clamp(step, 1, 3);
        if (Draft is not null) Form = Draft.Form.ToDictionary(f => f.Key, f => (string?)f.Value);
        else await PrefillAsync(ct);
        UploadError = UploadErrorText(error, files, files.Limits.FilesAllowed(Lines.Count), RefusalOf(error, TempData));
        if (Step == 3)
        {
            SubmitKey = Guid.NewGuid().ToString();
            await PreviewAsync(ct);
        }
        return Page();
    }

    /// <summary>What a citizen's page says, in words, of an upload refused with <paramref name="status"/> (its <c>?loi=</c>):
    /// too many files this hour (429, <see cref="Files.CitizenUploadQuota"/>: the limit that applied, the hour's raised to
    /// <paramref name="floor"/>, the files the dossier may take); otherwise the upload's own <paramref name="reason"/> when it
    /// crossed the 303 (<see cref="RefusalOf"/>: the API's words, e.g. "Tệp bị phần mềm diệt virus từ chối (…)", CIT35 LOW 7),
    /// else, for an address opened again, the status in general words: too large (413, the limits), not PDF/JPEG/PNG (415),
    /// refused by its content (422: password, pages, pixels, the scanner). Null without a status. The draft's step 2
    /// (floor: its procedure's allowance) and the dossier page's supplement (0) alike.</summary>
    public static string? UploadErrorText(int? status, FileStoreOptions files, int floor, string? reason = null) => status switch
    {
        null => null,
        StatusCodes.Status429TooManyRequests => $"Ông/bà đã tải lên {Math.Max(files.CitizenFilesPerHour, floor)} tệp trong một giờ qua, là mức tối đa. Vui lòng chờ rồi tải tiếp; các tệp đã tải vẫn được giữ.",
        _ when reason is not null => reason,
        StatusCodes.Status413PayloadTooLarge => $"Tệp quá lớn: tệp PDF tối đa {files.MaxPdfBytes / (1024 * 1024)} MB, ảnh tối đa {files.MaxImageBytes / (1024 * 1024)} MB.",
        StatusCodes.Status415UnsupportedMediaType => "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
        _ => "Tệp không được nhận: tệp PDF có mật khẩu, quá nhiều trang, ảnh quá nhiều điểm ảnh hoặc bị phần mềm diệt virus từ chối. Hãy chọn tệp khác.",
    };

    /// <summary>The reason the upload route left in TempData (<see cref="CitizenEndpoints.RefusalKey"/>) with its 303, read
    /// (and so removed) only when the page is reached with a refusal's <c>?loi=</c> (413, 415, 422); null otherwise.</summary>
    public static string? RefusalOf(int? status, ITempDataDictionary tempData) =>
        status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status422UnprocessableEntity
            ? tempData[CitizenEndpoints.RefusalKey] as string : null;

    /// <summary>Step 1 posted: the fields are checked and kept in the draft (a new one at the first post); 303 to step 2.</summary>
    public async Task<IActionResult> OnPostFormAsync([FromQuery(Name = "ban-nhap")] long? draft, CancellationToken ct)
    {
        if (await LoadAsync(draft, ct) is { } stop) return stop;
        var citizen = Claims.CitizenOf(User)!;
        var values = Form.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => IntakeValidation.Nfc(f.Value!.Trim()));
        var errors = ApplicantErrors(values);
        foreach (var (field, messages) in DeliveryErrors(values)) errors.TryAdd(field, messages);
        var (_, formErrors) = EForm.Validate(FormFields, values.Where(v => FormFields.Any(f => f.Name == v.Key)).ToDictionary(v => v.Key, v => (string?)v.Value),
            VietnamTime.DateOf(clock.GetUtcNow()));
        foreach (var (field, messages) in formErrors) errors[field] = messages;
        if (errors.Count > 0)
        {
            Errors = errors;
            Step = 1;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var kept = values.Where(v => ApplicantFields.Any(a => a.Key == v.Key) || v.Key is DeliveryKey or DeliveryAddressKey || FormFields.Any(f => f.Name == v.Key)).ToDictionary();
        long id;
        if (Draft is null) id = await drafts.CreateAsync(citizen.Id, Offer!.Agency.Id, Offer.Spec.Code, Offer.Version, kept, ct);
        else if (await drafts.SaveFormAsync(Draft.Id, citizen.Id, kept, ct)) id = Draft.Id;
        else return RedirectToDossier(Draft);
        return SeeOther(StepUrl(id, 2));
    }

    /// <summary>Removes one uploaded file from the draft (step 2); 303 back.</summary>
    public async Task<IActionResult> OnPostRemoveAsync([FromQuery(Name = "ban-nhap")] long? draft, long staged, CancellationToken ct)
    {
        if (await LoadAsync(draft, ct) is { } stop) return stop;
        if (Draft is null) return NotFound();
        await drafts.RemoveFileAsync(Draft.Id, Draft.CitizenId, staged, ct);
        return SeeOther(StepUrl(Draft.Id, 2));
    }

    /// <summary>"Nộp hồ sơ": every required line must have a file; then intake, under the draft's row lock; 303 to the dossier.
    /// Intake's refusals are shown on the review (422) with links to the step to correct.</summary>
    public async Task<IActionResult> OnPostSubmitAsync([FromQuery(Name = "ban-nhap")] long? draft, CancellationToken ct)
    {
        if (await LoadAsync(draft, ct) is { } stop) return stop;
        if (Draft is null) return NotFound();
        Step = 3;
        Form = Draft.Form.ToDictionary(f => f.Key, f => (string?)f.Value);
        var errors = new Dictionary<string, string[]>();
        foreach (var line in Lines.Where(l => l.Required && l.Files.Count == 0))
            errors[$"documents[{line.Index}]"] = [$"Chưa tải tệp cho giấy tờ bắt buộc: {Label(line.Spec.Name)}."];
        if (errors.Count > 0) return await ShowErrorsAsync(errors, ct);

        var (key, invalidKey) = IntakeEndpoints.KeyOf(SubmitKey, required: false);
        if (invalidKey is not null)
            return await ShowErrorsAsync(new Dictionary<string, string[]> { [IntakeEndpoints.IdempotencyHeader] = ["Trang xem lại đã cũ; hãy tải lại trang rồi bấm \"Nộp hồ sơ\"."] }, ct);
        var citizen = Claims.CitizenOf(User)!;
        var request = RequestOf(Draft, Lines, IdNumber, Offer!.Agency.Code);
        var actor = new Actor(User.Identity?.Name ?? "Công dân", CitizenId: citizen.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var already = await db.Database.SqlQuery<string?>(
            $"SELECT dossier_code AS \"Value\" FROM citizen_drafts WHERE id = {Draft.Id} AND citizen_id = {citizen.Id} FOR UPDATE").ToListAsync(ct);
        if (already is [{ } code]) return SeeOther($"/cong-dan/ho-so/{code}?xong=nop");
        IntakeOutcome outcome;
        // The draft is the request: a key posted again with another draft is refused naming Idempotency-Key.
        try
        {
            outcome = await intake.ReceiveAsync(request, actor, idempotencyKey: key, requestHash: key is null ? null : DraftHash(Draft.Id), ct: ct,
                applicantVerified: citizen.Assurance == CitizenAssurance.VneId);
        }
        catch (Npgsql.PostgresException e) when (e is { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: "idempotency_keys_once" })
        {
            // The same key used at this instant for another of the citizen's drafts (only a page edited by hand does it).
            await transaction.RollbackAsync(ct);
            return await ShowErrorsAsync(new Dictionary<string, string[]> { [IntakeEndpoints.IdempotencyHeader] = ["Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác."] }, ct);
        }
        if (outcome.Dossier is not { } dossier)
        {
            await transaction.RollbackAsync(ct);
            return await ShowErrorsAsync(outcome.Errors ?? new Dictionary<string, string[]>(), ct);
        }
        await db.Database.ExecuteSqlAsync($"UPDATE citizen_drafts SET dossier_code = {dossier.Code}, updated_at = {clock.GetUtcNow()} WHERE id = {Draft.Id}", ct);
        await transaction.CommitAsync(ct);
        return SeeOther($"/cong-dan/ho-so/{dossier.Code}?xong=nop");
    }

    /// <summary>The request hash intake keeps with the page's key: the draft's id (the draft is what "Nộp hồ sơ" sends).</summary>
    public static string DraftHash(long draftId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"citizen-draft:{draftId}")));

    /// <summary>What intake receives for the draft: channel online, the account's CCCD, the typed applicant and e-form, and
    /// each document line with files (the published counts, one original when none is published) naming its staged files.</summary>
    public static IntakeRequest RequestOf(CitizenDraft draft, IReadOnlyList<SubmitLine> lines, string idNumber, string agencyCode) => new(
        ProcedureCode: draft.ProcedureCode,
        AgencyCode: agencyCode,
        Channel: "online",
        Applicant: new IntakeApplicant(draft.Form.GetValueOrDefault("applicant.fullName"), idNumber, draft.Form.GetValueOrDefault("applicant.phone"),
            draft.Form.GetValueOrDefault("applicant.email") is { Length: > 0 } email ? email : null, draft.Form.GetValueOrDefault("applicant.address")),
        Documents: [.. lines.Where(l => l.Files.Count > 0).Select(l => new IntakeDocument(l.Spec.Name,
            l.Spec.Originals + l.Spec.Copies == 0 ? 1 : l.Spec.Originals, l.Spec.Copies, StagedFiles: [.. l.Files.Select(f => f.Staged)]))],
        FormData: draft.Form.Where(f => !f.Key.StartsWith("applicant.", StringComparison.Ordinal) && f.Key is not (DeliveryKey or DeliveryAddressKey))
            .ToDictionary(f => f.Key, f => (string?)f.Value),
        Notifications: new IntakeNotifications(Sms: true, Email: draft.Form.GetValueOrDefault("applicant.email") is { Length: > 0 }),
        ResultDelivery: draft.Form.GetValueOrDefault(DeliveryKey),
        ResultAddress: draft.Form.GetValueOrDefault(DeliveryAddressKey));

    private async Task<IActionResult> ShowErrorsAsync(IDictionary<string, string[]> errors, CancellationToken ct)
    {
        Errors = errors;
        // The review shown again asks for one more tap: a new key unless the posted one is still good (nothing was received).
        if (errors.ContainsKey(IntakeEndpoints.IdempotencyHeader) || string.IsNullOrWhiteSpace(SubmitKey)) SubmitKey = Guid.NewGuid().ToString();
        await PreviewAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The step of each error key: the applicant and e-form at 1, the files at 2, anything else at the review.</summary>
    public static int StepOf(string key) =>
        key.StartsWith("applicant", StringComparison.Ordinal) || key.StartsWith("formData", StringComparison.Ordinal) || key.StartsWith("result", StringComparison.Ordinal) ? 1
        : key.StartsWith("documents", StringComparison.Ordinal) ? 2 : 3;

    public string StepUrl(long draftId, int step) => $"/cong-dan/nop/{Uri.EscapeDataString(Agency)}/{Uri.EscapeDataString(Procedure)}?ban-nhap={draftId}&buoc={step}";

    // The offer (422 page when not offered online), the draft (404 when not the citizen's or of another offer), the lines.
    private async Task<IActionResult?> LoadAsync(long? draftId, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(User)!;
        IdNumber = citizen.IdNumber;
        var (offer, _, message) = await offers.OfferAsync(Agency, Procedure, ct);
        if (offer is null)
        {
            Refusal = message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Offer = offer;
        FormFields = CountedFees.FormOf(offer.Spec);
        if (draftId is { } id)
        {
            Draft = await drafts.GetAsync(id, citizen.Id, ct);
            if (Draft is null || Draft.AgencyId != offer.Agency.Id || Draft.ProcedureCode != offer.Spec.Code) return NotFound();
            if (Draft.DossierCode is not null) return RedirectToDossier(Draft);
            UploadToken = drafts.UploadToken(Draft.Id, citizen.Id);
        }
        Lines = LinesOf(offer.Spec, Draft?.Files ?? [], citizen);
        return null;
    }

    /// <summary>The document lines of the online form: the published documents to hand over (not those only shown), in
    /// order, each with what it needs online (<see cref="DocumentNeeds.Of"/>, channel online). The index counts every such
    /// line, those not asked online included, so a line keeps its number on the page and in the API.</summary>
    /// <param name="spec">The procedure version's published list.</param>
    /// <param name="uploaded">The draft's files, by line.</param>
    /// <param name="citizen">The signed-in account submitting for itself (null: anyone): signed in by VNeID, a line the
    /// population database exempts is not required (<see cref="DocumentNeeds.ForApplicant"/>).</param>
    public static IReadOnlyList<SubmitLine> LinesOf(ProcedureSpec spec, IReadOnlyList<DraftFile> uploaded, SignedInCitizen? citizen = null) =>
        [.. spec.Documents.Where(d => d.Kind == DocumentLineKind.Document && !d.MustPresentOnly)
            .Select((d, i) => new SubmitLine(i, d, DocumentNeeds.ForApplicant(d, Channel.Online, citizen?.Assurance == CitizenAssurance.VneId), [.. uploaded.Where(f => f.Line == i)]))];

    /// <summary>An e-form value as the review step shows it: "Có" for a ticked box, a date (stored yyyy-MM-dd, as the
    /// date input sends it) as dd/MM/yyyy, any other value as given.</summary>
    public static string Shown(EFormField field, string given) => field.Type switch
    {
        EFormFieldType.Checkbox => "Có",
        EFormFieldType.Date when DateOnly.TryParseExact(given, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date) => VietnameseDate.Show(date),
        _ => given,
    };

    /// <summary>A document line's name as a label before ": files": without the list's closing punctuation, so "….:" never
    /// shows (the catalogue ends many names with '.' or ';').</summary>
    public static string Label(string name) => name.TrimEnd(' ', '.', ';', ',', ':');

    private IActionResult RedirectToDossier(CitizenDraft draft) => SeeOther($"/cong-dan/ho-so/{draft.DossierCode}");

    // Post/Redirect/Get with 303, so no browser repeats the POST.
    private IActionResult SeeOther(string url)
    {
        Response.Headers.Location = url;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private async Task PrefillAsync(CancellationToken ct)
    {
        var id = Claims.CitizenOf(User)!.Id;
        var account = await db.Citizens.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        Form["applicant.fullName"] = account.FullName;
        Form["applicant.phone"] = account.Phone;
        Form["applicant.email"] = account.Email;
    }

    /// <summary>The fee intake will fix for an online dossier of <paramref name="offer"/> received at <paramref name="now"/>
    /// with the e-form <paramref name="form"/> (<see cref="FeePreview.Of"/>: the local fee wins, else the catalogue's online
    /// row with the reduction in force); the page's review and the JSON API's answer.</summary>
    public static FeePreview FeeOf(OnlineOffer offer, IReadOnlyDictionary<string, string> form, DateTimeOffset now)
    {
        var terms = offer.Spec.Channels.FirstOrDefault(c => c.Channel == Channel.Online);
        var rules = terms is null ? null : FeeTextReader.Read(offer.Spec, terms);
        return FeePreview.Of(rules, Channel.Online, VietnamTime.DateOf(now), offer.Adoption.Fee is { } local ? (long)local : null, offer.Adoption.FeeText,
            terms?.FeeText, form, DossierFee.LocalKindOf(offer.Adoption.FeeKind));
    }

    private async Task PreviewAsync(CancellationToken ct)
    {
        var offer = Offer!;
        var now = clock.GetUtcNow();
        Fee = FeeOf(offer, Form.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!), now);
        var calendar = await calendars.ForAsync(offer.Agency, ct);
        if (EffectiveTimeLimit.Of(offer.Spec, Channel.Online, offer.Adoption.TimeLimit, calendar, 0) is { } limit)
            DuePreview = calendar.ComputeDue(now, limit, Channel.Online, offer.Adoption.Cutoff);
    }
}
