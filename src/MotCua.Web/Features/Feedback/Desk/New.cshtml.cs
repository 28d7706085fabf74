using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Calendar;
using MotCua.Domain.Feedback;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Feedback.Desk;

/// <summary>/pakn/moi: an officer transcribes a feedback received at the desk or by the hotline (for a call, its time,
/// typed dd/MM/yyyy HH:mm, Vietnam time). Registered with its number and deadlines, then opened.</summary>
public sealed class NewModel(FeedbackStore store) : FormPage
{
    [BindProperty] public FeedbackForm Form { get; set; } = new();
    [BindProperty] public string Channel { get; set; } = "desk";
    [BindProperty] public string? CallAt { get; set; }

    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is null) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is not { } officer) return Forbid();
        var channel = Channel == "hotline" ? FeedbackChannel.Hotline : FeedbackChannel.Desk;
        DateTimeOffset? call = null;
        if (channel == FeedbackChannel.Hotline)
        {
            // Trial 16b LOW 14: a date that does not exist ("31/11/2026 08:30") is said to be so, not answered as a wrong format.
            var (typed, error) = VietnameseDate.ParseDateTime(CallAt, "Thời điểm cuộc gọi");
            if (error is not null) Errors["callAt"] = [error];
            call = typed;
        }
        if (Errors.Count == 0)
        {
            var (receipt, errors, _) = await store.RegisterAsync(Form.Submission, channel, officer.Actor, call, null, null, ct);
            if (receipt is { Number: { } number }) return Redirect($"/pakn/{number}?moi=true");
            if (receipt is not null) return Redirect($"/pakn?chuyen={Uri.EscapeDataString(receipt.RoutedTo ?? "")}");
            Errors = errors;
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = await store.AgenciesAsync(ct);
        if (Form.AgencyCode is null && User.FindFirst(Claims.AgencyId)?.Value is { } agencyId)
            Form.AgencyCode = await store.AgencyCodeAsync(int.Parse(agencyId, CultureInfo.InvariantCulture), ct);
    }
}
