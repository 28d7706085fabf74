using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;

namespace MotCua.Web.Features.Intake;

/// <summary>The desk: find the procedure, tick what was handed over, enter the applicant, then receive, ask for more, or refuse.</summary>
public sealed class ReceiveModel(MotCuaDb db, DossierIntake intake, CalendarStore calendars, TimeProvider clock) : PageModel
{
    public sealed class DocumentLine
    {
        public string Name { get; set; } = "";
        public bool Received { get; set; }
        public int Originals { get; set; }
        public int Copies { get; set; }
        public string? Problem { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "thutuc")]
    public string? ProcedureCode { get; set; }

    [BindProperty] public List<DocumentLine> Documents { get; set; } = [];
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string Channel { get; set; } = "direct";
    [BindProperty] public int Sets { get; set; } = 1;
    [BindProperty] public string? ExtraProblem { get; set; }
    [BindProperty] public Dictionary<string, string?> Form { get; set; } = [];
    [BindProperty] public string? RefusalReason { get; set; }
    [BindProperty] public string? RefusalLegalBasis { get; set; }
    /// <summary>The published case of the time limit the officer chose (see _TimeCase); 0: the channel's own limit.</summary>
    [BindProperty] public int TimeCase { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<ProcedureSummary>? SearchResults { get; private set; }
    public ProcedureSpec? Procedure { get; private set; }
    public DueDateResult? DuePreview { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public long? SupplementNoticeId { get; private set; }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadProcedureAsync(ct);
        if (!string.IsNullOrWhiteSpace(Query))
            SearchResults = await CatalogEndpoints.SearchAsync(db, Query, Claims.AgencyIdOf(User), 20, ct);
        if (Procedure is not null)
            Documents = Procedure.Documents.Where(d => !d.MustPresentOnly)
                .Select(d => new DocumentLine { Name = d.Name, Originals = d.Originals, Copies = d.Copies }).ToList();
        return Page();
    }

    /// <summary>htmx: the procedures this desk receives that match what the officer typed.</summary>
    public async Task<IActionResult> OnGetSearchAsync(string? q, CancellationToken ct)
    {
        var results = await CatalogEndpoints.SearchAsync(db, q, Claims.AgencyIdOf(User), 20, ct);
        return Partial("_ProcedureResults", results);
    }

    public async Task<IActionResult> OnPostAsync(string decision, CancellationToken ct)
    {
        await LoadProcedureAsync(ct);
        var agencyId = Claims.AgencyIdOf(User);
        if (agencyId is null) return Forbid();
        var actor = Claims.ActorOf(User);

        if (decision == "supplement")
        {
            var items = Documents.Where(d => !string.IsNullOrWhiteSpace(d.Problem))
                .Select(d => new SupplementItem(d.Name, d.Problem!)).ToList();
            if (!string.IsNullOrWhiteSpace(ExtraProblem)) items.Add(new SupplementItem("Khác", ExtraProblem));
            var (notice, errors) = await intake.RequestSupplementAsync(agencyId.Value, ProcedureCode, FullName, Phone, items, actor, ct);
            if (errors is not null) { Errors = errors; return Page(); }
            SupplementNoticeId = notice!.Id;
            return Page();
        }

        var agencyCode = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.Code).FirstAsync(ct);
        var request = new IntakeRequest(ProcedureCode, agencyCode, Channel,
            new IntakeApplicant(FullName, IdNumber, Phone, Email, Address),
            Documents.Where(d => d.Received).Select(d => new IntakeDocument(d.Name, d.Originals, d.Copies)).ToList(),
            Sets: Sets,
            FormData: Form,
            TimeCase: TimeCase);
        var refuse = decision == "refuse";
        if (!refuse && request.Documents!.Count == 0)
        {
            Errors = new Dictionary<string, string[]> { ["documents"] = ["Đánh dấu các giấy tờ đã nhận trước khi tiếp nhận hồ sơ."] };
            return Page();
        }
        var outcome = await intake.ReceiveAsync(request, actor, refuse ? IntakeDecision.Refuse : IntakeDecision.Receive, RefusalReason, RefusalLegalBasis, ct: ct);
        if (outcome.Errors is not null) { Errors = outcome.Errors; return Page(); }
        return Redirect($"/ho-so/{outcome.Dossier!.Code}?moi=1");
    }

    private async Task LoadProcedureAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ProcedureCode)) return;
        var agencyId = Claims.AgencyIdOf(User);
        var adopted = await db.AgencyProcedures.AnyAsync(a => a.AgencyId == agencyId && a.ProcedureCode == ProcedureCode, ct);
        var loaded = adopted ? await ProcedureSpecs.LoadCurrentAsync(db, ProcedureCode, ct) : null;
        if (loaded is null)
        {
            Errors = new Dictionary<string, string[]> { ["procedureCode"] = [$"Đơn vị không tiếp nhận thủ tục có mã '{ProcedureCode}'."] };
            ProcedureCode = null;
            return;
        }
        Procedure = loaded.Value.Spec;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == agencyId, ct);
        var channel = DossierIntake.ParseChannel(Channel) ?? Domain.Dossiers.Channel.Direct;
        if (ProcedureSpecs.TimeLimitFor(Procedure, channel) is { } limit)
        {
            var cutoff = await db.AgencyProcedures.Where(a => a.AgencyId == agencyId && a.ProcedureCode == ProcedureCode).Select(a => a.Cutoff).FirstAsync(ct);
            DuePreview = (await calendars.ForAsync(agency, ct)).ComputeDue(clock.GetUtcNow(), limit, channel, cutoff);
        }
    }
}
