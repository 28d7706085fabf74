using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Feedback;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Feedback.Desk;

/// <summary>/pakn/{number}: one feedback of the officer's agency with the sender's data (an audited read), its deadlines
/// and events, and a form for each act its status allows (the same store as the API's acts).</summary>
[PersonalData(PersonalFields.FullName, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address, PersonalFields.IdNumber)]
public sealed class CaseModel(FeedbackStore store, PersonalDataReads reads) : FormPage
{
    /// <summary>The fields of every act's form, named as the API's.</summary>
    public sealed class ActForm
    {
        public string? Classification { get; set; }
        public string? Reason { get; set; }
        public string? TransferTo { get; set; }
        public string? What { get; set; }
        public string? Note { get; set; }
        public string? Text { get; set; }
        public string? Kind { get; set; }
        public string? Destination { get; set; }
    }

    [BindProperty] public ActForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "moi")] public bool JustRegistered { get; set; }
    [BindProperty(SupportsGet = true, Name = "xong")] public string? Done { get; set; }

    public FeedbackDetail? Item { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];
    /// <summary>The act whose form shows errors.</summary>
    public string? Failed { get; private set; }
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is not { } officer) return Forbid();
        return await ShowAsync(number, officer, ct);
    }

    public async Task<IActionResult> OnPostActAsync(string number, string? action, CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is not { } officer) return Forbid();
        if (!Enum.TryParse<FeedbackAction>(action, out var act))
        {
            Errors["action"] = ["Thao tác không có."];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(number, officer, ct);
        }
        if (Errors.Count == 0)
        {
            var result = await store.ActAsync(number, act, new FeedbackActInput(Form.Classification, Form.Reason, Form.TransferTo, Form.What, Form.Note,
                Form.Text, Form.Kind, Form.Destination), officer, ct);
            if (result.NotFound) return NotFound();
            // A transfer to another agency in MotCua moves the feedback out of this officer's list.
            if (result.Done is { } done)
                return await store.FindAsync(number, officer, ct) is null
                    ? Redirect($"/pakn?chuyen={Uri.EscapeDataString(done.TransferredTo ?? "")}")
                    : Redirect($"/pakn/{done.Number}?xong={act}");
            if (result.Refused is { } refused) { Conflict = refused.Message; Response.StatusCode = StatusCodes.Status409Conflict; }
            else { Errors = result.Errors!; Response.StatusCode = StatusCodes.Status422UnprocessableEntity; }
        }
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Failed = act.ToString();
        return await ShowAsync(number, officer, ct);
    }

    private async Task<IActionResult> ShowAsync(string number, Domain.Dossiers.Officer officer, CancellationToken ct)
    {
        Item = await store.FindAsync(number, officer, ct);
        if (Item is null) return NotFound();
        reads.Read(Item.Number!);
        Agencies = [.. (await store.AgenciesAsync(ct)).Where(a => a.Code != Item.AgencyCode)];
        if (Failed is null) Form.Text ??= Item.Status == "answered" ? Item.SuggestedPublicText : null;
        return Page();
    }
}
