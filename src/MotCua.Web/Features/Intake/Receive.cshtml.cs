using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Domain.Text;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.PopulationRegistry;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// The desk: find the procedure, tick what was handed over, enter the applicant, then receive, ask for more, or refuse.
/// Every decision goes through <see cref="DossierIntake"/>, which applies <see cref="Dossier.CheckIntake"/> (only the
/// unit's receiving officer; 403 otherwise) and answers errors keyed as the API names them; the page shows each one
/// beside its field and in a summary at the top.
/// </summary>
public sealed partial class ReceiveModel(MotCuaDb db, DossierIntake intake, CalendarStore calendars, TimeProvider clock, CitizenLookups citizens) : FormPage
{
    /// <summary>A document line as posted: what was handed over.</summary>
    public sealed class DocumentLine
    {
        public string Name { get; set; } = "";
        public bool Received { get; set; }
        public int Originals { get; set; }
        public int Copies { get; set; }
        public string? Problem { get; set; }
        /// <summary>Issue 17: ids of the officer's staged uploads (desk scans) for this line, posted as
        /// <c>Documents[i].StagedFiles</c> by the digitisation panel.</summary>
        public List<long> StagedFiles { get; set; } = [];
    }

    // A line with a desk scan counts as handed over, ticked or not.
    private static DocumentLine Handed(DocumentLine line) => line.Received || line.StagedFiles.Count == 0 ? line
        : new DocumentLine { Name = line.Name, Received = true, Originals = line.Originals, Copies = line.Copies, Problem = line.Problem, StagedFiles = line.StagedFiles };

    /// <summary>Issue 16: the reusable kind of each document line (<see cref="ReusableDocuments.KindOf"/>, by index of
    /// <see cref="Documents"/>), null for a line of no such kind; posted by the lookup button so its answer can mark the lines.</summary>
    public IReadOnlyList<ReusableKind?> LineKinds { get; private set; } = [];

    /// <summary>Issue 16: the documents the population database said the applicant holds, when the posted
    /// <see cref="VerificationToken"/> is valid for the CCCD and name (<see cref="CitizenLookups.HeldDocuments"/>).</summary>
    public IReadOnlyList<CitizenDocument> Held { get; private set; } = [];

    /// <summary>The citizen's document that line <paramref name="i"/> is not asked for because of, or null.</summary>
    public CitizenDocument? ReusedOf(int i) =>
        LineKinds.ElementAtOrDefault(i) is { } kind ? Held.FirstOrDefault(d => d.Kind == kind.Kind) : null;

    /// <summary>The error key of <see cref="DocumentChecklist.CheckComplete"/>'s refusal, beside the box <see cref="ReceiveIncomplete"/>.</summary>
    public const string IncompleteKey = DossierIntake.IncompleteKey;

    // DeskLines' rows of the procedure: element i is the index into the published list of the line posted as Documents[i].
    private IReadOnlyList<int> DeskRows { get; set; } = [];

    /// <summary>A line of the procedure's published list in order: a heading, a note, or the document posted as <c>Documents[Index]</c>
    /// (a paper only shown, <see cref="RequiredDocument.MustPresentOnly"/>, is listed when it is of a reusable kind).</summary>
    public sealed record ListLine(RequiredDocument Spec, int? Index);

    [BindProperty(SupportsGet = true, Name = "thutuc")]
    public string? ProcedureCode { get; set; }

    [BindProperty] public List<DocumentLine> Documents { get; set; } = [];
    [BindProperty] public string ApplicantKind { get; set; } = Domain.Identity.ApplicantKind.Individual.ApiName();
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Representative { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Address { get; set; }
    /// <summary>Issue 16: the token of a population database lookup (<see cref="CitizenLookups"/>); the dossier records the
    /// applicant as verified only when it is valid for the CCCD and name received.</summary>
    [BindProperty] public string? VerificationToken { get; set; }
    [BindProperty] public string Channel { get; set; } = "direct";
    /// <summary>The channel (<c>direct</c> | <c>postal</c>) the desk's fee block was drawn for when the form was posted
    /// (eleventh trial): when it is not the channel posted, the officer was shown another channel's fee, and an unplaced fee
    /// of the posted channel is refused until the page shows it (null from a client that does not send it: no check).</summary>
    [BindProperty] public string? FeeChannel { get; set; }
    /// <summary>The channel the fee block of this rendering is for: the channel radio's checked value.</summary>
    public string FeeChannelShown { get; private set; } = "direct";
    [BindProperty] public int Sets { get; set; } = 1;
    [BindProperty] public string? ExtraProblem { get; set; }
    [BindProperty] public string? RefusalReason { get; set; }
    [BindProperty] public string? RefusalLegalBasis { get; set; }
    /// <summary>"Vẫn tiếp nhận khi còn thiếu giấy tờ" (<see cref="DocumentChecklist.ConfirmLabel"/>): the officer receives the
    /// dossier although lines the list requires were not handed in (<see cref="DocumentChecklist.CheckComplete"/>); the box is
    /// drawn once the desk has said which lines are missing (CIT35 LOW 6).</summary>
    [BindProperty] public bool ReceiveIncomplete { get; set; }
    // Issue 14: an exemption from the fee, chosen by the officer with its reason and legal basis (both or neither).
    [BindProperty] public string? FeeExemptionReason { get; set; }
    [BindProperty] public string? FeeExemptionLegalBasis { get; set; }
    /// <summary>The 1-based fee case chosen when the channel's fee is published by case (<see cref="FeeRules.ByCase"/>).</summary>
    [BindProperty] public int? FeeCase { get; set; }
    /// <summary>The quantity typed for each fee item published per a quantity unit, by the item's 1-based number
    /// (<c>FeeQuantity[3]</c>); text that is no whole number is sent as 0, which intake refuses in Vietnamese.</summary>
    [BindProperty] public Dictionary<int, string?> FeeQuantity { get; set; } = [];
    /// <summary>Seventh round fixes: the amount the officer fixes for a fee the catalogue's text could not be read to
    /// (Domain <see cref="OfficerFee"/>), typed the Vietnamese way ("50.000", <see cref="TypedMoney.ReadVnd"/>), its kind
    /// (<c>fee</c> phí | <c>charge</c> lệ phí) and a note; asked when <see cref="AsksOfficerFee"/>.</summary>
    [BindProperty] public string? OfficerFeeVnd { get; set; }
    [BindProperty] public string? OfficerFeeKind { get; set; }
    [BindProperty] public string? OfficerFeeNote { get; set; }
    /// <summary>Whether the fee intake would fix today could not be read to an amount (not a choice of case): the desk
    /// then asks the officer for the amount, its kind and a note. Not for a fee computed from the e-form's counts (eighth
    /// trial: 2.000815's desk offered it before the counts were typed; intake refuses a typed amount for it).</summary>
    public bool AsksOfficerFee => Fee?.Fee.Source == FeeSource.Unplaced && FeeByCase is null && Fee.CountedRule is null;
    /// <summary>The chosen channel's fee items published per a quantity unit (Domain <see cref="FeeUnits"/>), when no local
    /// fee replaces them: number, label, unit amount (VND) and unit; the desk asks a quantity for each (default 1).</summary>
    public IReadOnlyList<(int Number, string Label, long UnitVnd, string Unit)> FeeQuantityItems { get; private set; } = [];
    /// <summary>The error on a quantity (any <c>feeItems[i]…</c> key), null when none.</summary>
    public string? FeeQuantityError => Errors?.FirstOrDefault(e => e.Key.StartsWith("feeItems", StringComparison.Ordinal)).Value?.FirstOrDefault();
    /// <summary>The chosen channel's fee rules when they are by case and no local fee replaces them: the desk shows a
    /// required choice of the case; null otherwise.</summary>
    public FeeRules? FeeByCase { get; private set; }
    /// <summary>The fee intake will fix today for the chosen channel, by the one Domain rule (<see cref="FeePreview.Of"/>,
    /// <see cref="DossierFee.Fix"/>): the unit's local fee first, the reduction in force with its period, the cases.</summary>
    public FeePreview? Fee { get; private set; }
    /// <summary>The published case of the time limit the officer chose (see _TimeCase); 0: the channel's own limit.</summary>
    [BindProperty] public int TimeCase { get; set; }
    /// <summary>The channels the applicant agrees to be notified by (docs/MESSAGES.md §5); SMS is ticked when the form opens.</summary>
    /// <summary>How the applicant receives the result (issue 17): <c>desk</c>, <c>post</c>, or empty for the channel's way.</summary>
    [BindProperty] public string? ResultDelivery { get; set; }
    /// <summary>Where the post takes the result; empty: the applicant's address.</summary>
    [BindProperty] public string? ResultAddress { get; set; }
    [BindProperty] public bool NotifySms { get; set; }
    [BindProperty] public bool NotifyZalo { get; set; }
    [BindProperty] public bool NotifyEmail { get; set; }

    /// <summary>The e-form's values by field name, read from the posted <c>Form[name]</c> fields only (see <see cref="ReadForm"/>).</summary>
    public Dictionary<string, string?> Form { get; private set; } = [];

    /// <summary>
    /// The form's idempotency key (128 random bits, hex), made when the form is rendered and posted back with it: a
    /// double click or a re-post after a lost answer finds the dossier the first post received (as the API's
    /// Idempotency-Key does) instead of receiving the same papers twice. A form kept after a refused post keeps its key,
    /// since nothing was written under it.
    /// </summary>
    [BindProperty] public string? IdempotencyKey { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<ProcedureSummary>? SearchResults { get; private set; }
    public ProcedureSpec? Procedure { get; private set; }

    /// <summary>The e-form the desk asks: the procedure's own fields and the counts a chứng thực fee is charged by when it
    /// lacks them (Domain <see cref="CountedFees.FormOf"/>, the fields intake validates).</summary>
    public IReadOnlyList<MotCua.Domain.Catalog.EFormField> FormFields { get; private set; } = [];
    public IReadOnlyList<ListLine> Lines { get; private set; } = [];
    public DueDateResult? DuePreview { get; private set; }
    public long? SupplementNoticeId { get; private set; }
    /// <summary>Why this officer may not take decisions at the desk (<see cref="Dossier.CheckIntake"/>); null when they may.</summary>
    public string? NotPermitted { get; private set; }

    public ApplicantKind Kind => ApplicantIdentity.Parse(ApplicantKind) ?? Domain.Identity.ApplicantKind.Individual;

    /// <summary>The id of the element an error is about, for the summary's links and the field's aria-describedby.</summary>
    public static string FieldId(string key) => key switch
    {
        "procedureCode" => "q",
        "applicant" or "applicant.fullName" => "FullName",
        "applicant.kind" => "kind-individual",
        "applicant.idNumber" => "IdNumber",
        "applicant.representative" => "Representative",
        "applicant.phone" => "Phone",
        "applicant.email" => "Email",
        "notifications.email" => "NotifyEmail",
        "notifications.sms" => "NotifySms",
        "notifications.zalo" => "NotifyZalo",
        "applicant.address" => "Address",
        "resultDelivery" => "result-delivery-default",
        "resultAddress" => "ResultAddress",
        "documents" => "doc-0-received",
        IncompleteKey => "ReceiveIncomplete",
        "sets" => "Sets",
        "channel" => "channel-direct",
        "refusalReason" => "RefusalReason",
        "feeCase" => "fee-case-1",
        "feeExemption.reason" => "FeeExemptionReason",
        "feeExemption.legalBasis" => "FeeExemptionLegalBasis",
        "fee" => "fee-officer",
        "fee.amountVnd" => "OfficerFeeVnd",
        "fee.kind" => "officer-fee-charge",
        "fee.note" => "OfficerFeeNote",
        _ when key.StartsWith("feeItems", StringComparison.Ordinal) => "fee-quantities",
        "items" => "ExtraProblem",
        "formData" => "e-form",
        _ when key.StartsWith("formData.", StringComparison.Ordinal) => FormFieldId(key["formData.".Length..]),
        _ when DocumentKey().Match(key) is { Success: true } m => $"doc-{m.Groups["i"].Value}-" + (m.Groups["f"].Value switch
        {
            "original" => "originals",
            "copies" => "copies",
            _ => "received",
        }),
        _ => "intake-form",
    };

    /// <summary>The id of an e-form input: "form-soTrang", and for a row of a repeated group "form-banChinh-2-soTrang".</summary>
    public static string FormFieldId(string name) => "form-" + name.Replace("].", "-", StringComparison.Ordinal).Replace('[', '-');

    /// <summary>The rows of <paramref name="group"/> the desk draws, each by field name: as posted (a form of one original
    /// under the plain names is its first row), at least one, blank when nothing was posted.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> GroupRows(string group, IReadOnlyList<EFormField> fields)
    {
        var posted = Form.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);
        var rows = EForm.Rows(posted, group, [.. fields.Select(f => f.Name)]);
        return rows.Count > 0 ? rows : [new Dictionary<string, string>()];
    }

    // The desk adds or removes a row of a repeated group by posting the whole form back (no script): "row-add:banChinh",
    // "row-remove:banChinh:2". The rows are renumbered from 0 and the page drawn again; nothing is received.
    private bool ApplyRowOperation(string? decision)
    {
        if (decision is null || !decision.StartsWith("row-", StringComparison.Ordinal)) return false;
        var parts = decision.Split(':');
        var fields = FormFields.Where(f => f.Group == (parts.Length > 1 ? parts[1] : null)).ToList();
        if (fields.Count == 0) return true;
        var group = fields[0].Group!;
        var rows = GroupRows(group, fields).ToList();
        if (parts[0] == "row-add" && rows.Count < EForm.MaxGroupRows) rows.Add(new Dictionary<string, string>());
        else if (parts[0] == "row-remove" && parts.Length > 2 && int.TryParse(parts[2], out var at) && at >= 0 && at < rows.Count && rows.Count > 1) rows.RemoveAt(at);
        foreach (var key in Form.Keys.Where(k => fields.Any(f => k == f.Name || k.StartsWith(group + "[", StringComparison.Ordinal))).ToList()) Form.Remove(key);
        for (var i = 0; i < rows.Count; i++)
            foreach (var field in fields) Form[EForm.RowKey(group, i, field.Name)] = rows[i].GetValueOrDefault(field.Name) ?? "";
        return true;
    }

    /// <summary>"true" when the field has an error (for aria-invalid), else null so the attribute is left out.</summary>
    public string? Invalid(string key) => Error(key) is null ? null : "true";

    /// <summary>The id of the field's error message (for aria-describedby), or null when it has none.</summary>
    public string? ErrorId(string key) => Error(key) is null ? null : FieldId(key) + "-error";

    /// <summary>The error of a document line: its count, its name or the line as a whole.</summary>
    public string? DocumentError(int i) =>
        string.Join(" ", new[] { $"documents[{i}]", $"documents[{i}].name", $"documents[{i}].original", $"documents[{i}].copies" }
            .Select(Error).OfType<string>()) is { Length: > 0 } text ? text : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NotPermitted = CheckOfficer();
        if (NotPermitted is not null) return Page();
        IdempotencyKey = NewKey();
        await LoadProcedureAsync(ct);
        if (!string.IsNullOrWhiteSpace(Query))
            SearchResults = await CatalogEndpoints.SearchAsync(db, Query, Claims.AgencyIdOf(User), 20, ct);
        return Page();
    }

    /// <summary>htmx: the procedures this desk receives that match what the officer typed.</summary>
    public async Task<IActionResult> OnGetSearchAsync(string? q, CancellationToken ct)
    {
        var results = await CatalogEndpoints.SearchAsync(db, q, Claims.AgencyIdOf(User), 20, ct);
        return Partial("_ProcedureResults", results);
    }

    /// <summary>
    /// htmx, on a change of the channel radio (eleventh trial finding 2): the fee block (<c>_DeskFee</c>: the preview, the
    /// cases, the quantities, the officer's amount) for <c>thutuc</c> and <c>Channel</c> (<c>direct</c> | <c>postal</c>),
    /// with the e-form's counts posted as <c>Form[name]</c>. 403 for an officer who may not receive at the desk; an empty
    /// block without a procedure this unit receives.
    /// </summary>
    public async Task<IActionResult> OnGetFeeAsync([FromQuery(Name = "Channel")] string? channel, CancellationToken ct)
    {
        if (CheckOfficer() is { } refused) return StatusCode(StatusCodes.Status403Forbidden, refused);
        Channel = string.IsNullOrWhiteSpace(channel) ? Channel : channel.Trim();
        Form = ReadForm(Request.Query);
        await LoadProcedureAsync(ct);
        return Partial("_DeskFee", this);
    }

    public async Task<IActionResult> OnPostAsync(string decision, CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer || Claims.AgencyIdOf(User) is not { } agencyId)
            return Refused("Chỉ cán bộ của một đơn vị tiếp nhận mới được tiếp nhận hồ sơ.");
        // The role is checked before anything is read or written, whatever the decision.
        if (Dossier.CheckIntake(officer, agencyId) is { } refusal) return Refused(refusal.Message);
        Form = ReadForm(Request.Form);
        await LoadProcedureAsync(ct);
        Held = citizens.HeldDocuments(VerificationToken, IdNumber, FullName, agencyId);
        if (ApplyRowOperation(decision)) return Page();

        if (decision == "supplement")
        {
            var items = Documents.Where(d => !string.IsNullOrWhiteSpace(d.Problem))
                .Select(d => new SupplementItem(d.Name, d.Problem!)).ToList();
            if (!string.IsNullOrWhiteSpace(ExtraProblem)) items.Add(new SupplementItem("Khác", ExtraProblem));
            var (notice, errors, forbidden) = await intake.RequestSupplementAsync(agencyId, ProcedureCode,
                new IntakeApplicant(FullName, IdNumber, Phone, Email, Address, ApplicantKind, Representative), items, officer, ct);
            if (forbidden is not null) return Refused(forbidden);
            if (errors is not null) { Errors = errors; return Page(); }
            SupplementNoticeId = notice!.Id;
            return Page();
        }

        // Eleventh trial finding 2: the officer read the fee block of another channel than the one posted (no script to
        // redraw it). An unplaced fee of the posted channel that asks the case or the officer's amount is refused, 422
        // naming the field, and the page is drawn again with this channel's fee: the officer decides on what they see.
        if (decision != "refuse" && FeeChannel is { } shown && !string.Equals(shown.Trim(), FeeChannelShown, StringComparison.Ordinal) && ChannelFeeUnseen() is { } unseen)
        {
            Errors = unseen;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var agencyCode = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.Code).FirstAsync(ct);
        // Only ticked lines, lines with a scan (the digitisation panel's "✓ có": a paper scanned was handed over, fresh
        // trial 17u M2) and lines the citizen's data holds (recorded as reused, with or without paper) are sent; remember
        // which line each one is, to put its errors beside it.
        var ticked = Documents.Select((d, i) => (d: Handed(d), i, reused: ReusedOf(i))).Where(x => x.d.Received || x.reused is not null).ToList();
        // A required line not handed in (the panel's "✗ thiếu") stops "Tiếp nhận" until the officer ticks the box that says
        // they receive it anyway (Nghị định 61/2018, Điều 19, khoản 2): intake answers it with the other errors, nothing
        // written (CIT35 LOW 6).
        var verified = citizens.Verifies(VerificationToken, IdNumber, FullName, agencyId);
        var provided = ticked.Where(x => x.i < DeskRows.Count).Select(x => DeskRows[x.i]).ToHashSet();
        var checkedChannel = Domain.Dossiers.Channels.Parse(Channel) ?? Domain.Dossiers.Channel.Direct;
        var incomplete = decision == "receive" && Procedure is { } spec
            ? DocumentChecklist.CheckComplete(spec, checkedChannel, provided, verified, ReceiveIncomplete)
            : null;
        // Received anyway, the box ticked: the intake event keeps the lines it lacked, so whoever reads the dossier later (an
        // inspector) can tell it was received incomplete and without what (migration 0122).
        var missing = decision == "receive" && ReceiveIncomplete && Procedure is { } listed
            ? DocumentChecklist.MissingRequired(listed, checkedChannel, provided, verified)
            : null;
        var (officerFeeVnd, officerFeeProblem) = TypedMoney.ReadVnd(OfficerFeeVnd, "fee.amountVnd", "Phí, lệ phí");
        var request = new IntakeRequest(ProcedureCode, agencyCode, Channel,
            new IntakeApplicant(FullName, IdNumber, Phone, Email, Address, ApplicantKind, Representative),
            [.. ticked.Select(x => new IntakeDocument(x.d.Name, x.d.Received ? x.d.Originals : 0, x.d.Received ? x.d.Copies : 0,
                (int)(x.reused?.Source ?? ReuseSource.None), x.reused is { } r ? ReusableDocuments.Reference(r) : null,
                x.d.StagedFiles.Count > 0 ? x.d.StagedFiles : null))],
            Sets: Sets,
            FormData: Form,
            TimeCase: TimeCase,
            Notifications: new IntakeNotifications(NotifySms, NotifyZalo, NotifyEmail),
            FeeCase: FeeCase,
            // With a case chosen only its item is charged: the other cases' quantity inputs are ignored, not refused.
            FeeItems: FeeQuantity.Where(q => FeeCase is not { } chosen || q.Key == chosen).ToList() is { Count: > 0 } asked
                ? [.. asked.OrderBy(q => q.Key).Select(q => new IntakeFeeQuantity(q.Key, int.TryParse(q.Value?.Trim(), out var n) ? n : 0))]
                : null,
            FeeExemption: string.IsNullOrWhiteSpace(FeeExemptionReason) && string.IsNullOrWhiteSpace(FeeExemptionLegalBasis)
                ? null : new IntakeFeeExemption(FeeExemptionReason, FeeExemptionLegalBasis),
            Fee: new[] { OfficerFeeVnd, OfficerFeeKind, OfficerFeeNote }.All(string.IsNullOrWhiteSpace)
                ? null : new IntakeOfficerFee(officerFeeVnd, OfficerFeeKind, OfficerFeeNote),
            ResultDelivery: ResultDelivery,
            ResultAddress: ResultAddress);
        var refuse = decision == "refuse";
        // A post without a key (a client of its own, not this page) is received without the protection.
        var key = string.IsNullOrWhiteSpace(IdempotencyKey) ? null : IdempotencyKey.Trim();
        if (key is { Length: > IntakeEndpoints.MaxIdempotencyKey })
        {
            Errors = new Dictionary<string, string[]> { ["idempotencyKey"] = ["Biểu mẫu không hợp lệ; tải lại trang để tiếp nhận hồ sơ."] };
            IdempotencyKey = NewKey();
            return Page();
        }
        var outcome = await intake.ReceiveAsync(request, officer.Actor, refuse ? IntakeDecision.Refuse : IntakeDecision.Receive,
            RefusalReason, RefusalLegalBasis, key, key is null ? null : RequestHash(request, decision), officer, ct, feeCaseRequired: true,
            applicantVerified: verified, incomplete: incomplete, missingDocuments: missing);
        // An amount typed that does not read ("30,5") is named as typed, not as missing.
        if (officerFeeProblem is not null && outcome.Errors is { } feeErrors && feeErrors.ContainsKey("fee.amountVnd"))
            feeErrors["fee.amountVnd"] = [officerFeeProblem.Message];
        if (outcome.Forbidden is not null) return Refused(outcome.Forbidden);
        if (outcome.Errors?.ContainsKey(IntakeEndpoints.IdempotencyHeader) == true)
        {
            // The same form was posted before with other content (back, edit, post again): the first dossier stands; a
            // fresh key lets the officer receive this one as a new dossier on purpose.
            Errors = new Dictionary<string, string[]> { ["idempotencyKey"] = ["Biểu mẫu này đã được gửi với nội dung khác và hồ sơ lần trước đã được lưu. Kiểm tra danh sách hồ sơ; nếu đây là hồ sơ mới, bấm gửi lại."] };
            IdempotencyKey = NewKey();
            return Page();
        }
        if (outcome.Errors is not null) { Errors = ToPageLines(outcome.Errors, [.. ticked.Select(x => x.i)]); return Page(); }
        if (!refuse)
        {
            await citizens.RecordVerificationAsync(outcome.Dossier!.Code, VerificationToken, IdNumber, FullName, officer.Actor.UserId, agencyId, ct);
            // The slip handed to the applicant at the counter, printed from the next page, is the one print with the rating code.
            await IntakePrints.OfferAsync(db, outcome.Dossier, officer.Actor.UserId!.Value, clock.GetUtcNow(), ct);
        }
        return Redirect($"/ho-so/{outcome.Dossier!.Code}?moi=1");
    }

    // The problem of a posted channel whose fee block was not shown: its case or officer's amount is asked and none given.
    private Dictionary<string, string[]>? ChannelFeeUnseen()
    {
        var channelName = FeeChannelShown == "postal" ? "Bưu chính công ích" : "Trực tiếp";
        if (FeeByCase is not null && FeeCase is null)
            return new() { ["feeCase"] = [$"Phí, lệ phí của kênh {channelName} thu theo trường hợp: chọn trường hợp áp dụng cho hồ sơ (mức phí đã hiển thị lại theo kênh nộp đã chọn)."] };
        if (AsksOfficerFee && new[] { OfficerFeeVnd, OfficerFeeKind, OfficerFeeNote }.All(string.IsNullOrWhiteSpace))
            return new() { ["fee"] = [$"Kênh {channelName} chưa xác định được mức phí, lệ phí từ văn bản công bố: xem lại mức phí đã hiển thị theo kênh nộp đã chọn, nhập số tiền do cán bộ xác định hoặc để trống nếu cơ quan giải quyết xác định sau, rồi tiếp nhận lại."] };
        return null;
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // What identifies the post for the key: the request intake receives with the decision and its reasons, in one
    // serialisation, so the same form posted twice hashes the same and an edited one does not.
    private string RequestHash(IntakeRequest request, string decision) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { request, decision, RefusalReason, RefusalLegalBasis })));

    /// <summary>403 with the reason on the page; nothing was written.</summary>
    private PageResult Refused(string reason)
    {
        NotPermitted = reason;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private string? CheckOfficer() =>
        Claims.OfficerOf(User) is { } officer && Claims.AgencyIdOf(User) is { } agencyId
            ? Dossier.CheckIntake(officer, agencyId)?.Message
            : "Chỉ cán bộ của một đơn vị tiếp nhận mới được tiếp nhận hồ sơ.";

    /// <summary>
    /// The e-form's values: only fields posted as <c>Form[name]</c>. Model binding of a dictionary falls back to the whole
    /// request when no such field is posted (a procedure without an e-form), which sent every other field as e-form data.
    /// </summary>
    public static Dictionary<string, string?> ReadForm(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> posted)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in posted)
            if (FormKey().Match(key) is { Success: true } m) values[m.Groups["name"].Value] = value.ToString();
        return values;
    }

    // The intake numbers the documents it was sent; the page numbers every line of the list.
    private static Dictionary<string, string[]> ToPageLines(IDictionary<string, string[]> errors, IReadOnlyList<int> lineOf)
    {
        var mapped = new Dictionary<string, string[]>();
        foreach (var (key, messages) in errors)
        {
            var pageKey = DocumentKey().Match(key) is { Success: true } m && int.Parse(m.Groups["i"].Value) is var k && k < lineOf.Count
                ? $"documents[{lineOf[k]}]{(m.Groups["f"].Success ? "." + m.Groups["f"].Value : "")}"
                : key;
            mapped[pageKey] = messages;
        }
        return mapped;
    }

    private async Task LoadProcedureAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ProcedureCode)) return;
        var agencyId = Claims.AgencyIdOf(User);
        var adoption = await db.AgencyProcedures.AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == agencyId && a.ProcedureCode == ProcedureCode, ct);
        var loaded = adoption is not null ? await ProcedureSpecs.LoadCurrentAsync(db, ProcedureCode, ct) : null;
        if (loaded is null)
        {
            Errors = new Dictionary<string, string[]> { ["procedureCode"] = [$"Đơn vị không tiếp nhận thủ tục có mã '{ProcedureCode}'."] };
            ProcedureCode = null;
            return;
        }
        Procedure = loaded.Value.Spec;
        FormFields = CountedFees.FormOf(Procedure);
        // Documents only shown (giấy tờ xuất trình) are checked, not received; the lines of the list kept at the desk are the
        // others, and a shown paper of a reusable kind (the residence paper of the civil-status procedures): the population
        // lookup marks it not needed and the dossier records it reused (fourth fresh trial MEDIUM 2: the desk never listed it,
        // so the citizen was asked for what the database holds).
        // The rows are DeskLines' (the digitisation panel and "Dùng lại" number them from the same list: trial 17v HIGH 1, 2).
        var kinds = await ReusableKinds.LoadAsync(db, ct);
        DeskRows = DeskLines.Of(Procedure, kinds);
        var rows = DeskRows.Select((at, row) => (at, row)).ToDictionary(x => x.at, x => x.row);
        var index = rows.Count;
        Lines = [.. Procedure.Documents.Select((d, at) => (d, row: rows.GetValueOrDefault(at, -1)))
            .Where(x => x.row >= 0 || x.d.Kind != DocumentLineKind.Document && !x.d.MustPresentOnly)
            .Select(x => new ListLine(x.d, x.row >= 0 ? x.row : null))];
        // A line the form did not post (a GET, or a page posted by hand) starts unticked with the published counts. The
        // catalogue prints "0 bản chính" for a document whose count it did not publish; the desk proposes one original,
        // what is handed over most often, and the officer corrects it (a ticked 0/0 line is refused beside it).
        Documents = [.. Lines.Where(l => l.Index is not null).Select(l => Documents.ElementAtOrDefault(l.Index!.Value) ?? new DocumentLine
        {
            Name = l.Spec.Name,
            Originals = l.Spec.Originals + l.Spec.Copies == 0 ? 1 : l.Spec.Originals,
            Copies = l.Spec.Copies,
        }), .. Documents.Skip(index)];
        LineKinds = [.. Documents.Select(d => ReusableDocuments.KindOf(d.Name, kinds))];
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == agencyId, ct);
        // The channel the radio shows checked (Receive.cshtml): the one posted when the desk offers it, else the first
        // desk channel the catalogue publishes (a procedure received by post only has no direct channel).
        var deskChannels = Procedure.PublishedChannels.Where(c => c != Domain.Dossiers.Channel.Online).ToList();
        var posted = Domain.Dossiers.Channels.Parse(Channel);
        var channel = posted is { } postedChannel && deskChannels.Contains(postedChannel)
            ? postedChannel : deskChannels.FirstOrDefault(Domain.Dossiers.Channel.Direct);
        FeeChannelShown = channel == Domain.Dossiers.Channel.Postal ? "postal" : "direct";
        var feeTerms = Procedure.Channels.FirstOrDefault(c => c.Channel == channel);
        var feeRules = feeTerms is null ? null : FeeTextReader.Read(Procedure, feeTerms);
        FeeByCase = adoption!.Fee is null && feeRules is { ByCase: true } ? feeRules : null;
        FeeQuantityItems = adoption.Fee is null && feeRules is not null
            ? [.. feeRules.Items.Select((item, i) => (i + 1, FeeRules.CaseLabel(item), item.AmountVnd, item.Unit)).Where(x => x.Unit is not null).Select(x => (x.Item1, x.Item2, x.AmountVnd, x.Unit!))]
            : [];
        // A fee by the e-form's counts is computed from the counts posted (the page shown again), else explained until typed.
        Fee = FeePreview.Of(feeRules, channel, VietnamTime.DateOf(clock.GetUtcNow()), adoption.Fee is { } local ? (long)local : null, adoption.FeeText,
            feeTerms?.FeeText, Form.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!.Trim()), DossierFee.LocalKindOf(adoption.FeeKind), Procedure.Name);
        // The date intake will give: the same effective limit (the unit's local one when shorter), case and cut-off.
        var calendar = await calendars.ForAsync(agency, ct);
        if (EffectiveTimeLimit.Of(Procedure, channel, adoption!.TimeLimit, calendar, TimeCase) is { } limit)
            DuePreview = calendar.ComputeDue(clock.GetUtcNow(), limit, channel, adoption.Cutoff);
    }

    // "Form[hoTen]", and a repeated group's "Form[banChinh[2].soTrang]".
    [GeneratedRegex(@"^Form\[(?<name>[^\[\]]+(?:\[[0-9]{1,3}\]\.[^\[\]]+)?)\]$")]
    private static partial Regex FormKey();

    [GeneratedRegex(@"^documents\[(?<i>\d+)\](?:\.(?<f>name|original|copies))?$")]
    private static partial Regex DocumentKey();
}
