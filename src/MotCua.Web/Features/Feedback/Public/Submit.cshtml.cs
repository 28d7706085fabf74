using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Domain.Feedback;

namespace MotCua.Web.Features.Feedback.Public;

/// <summary>/phan-anh-kien-nghi/gui: the public form, no account and no captcha; what a client address registers per hour
/// is bounded (<see cref="FeedbackQuota"/>; a refused send is not counted), every send by the flood guard
/// (<see cref="FeedbackEndpoints.RateLimitPolicy"/>, GETs are not counted). The sender's contact data is never shown
/// publicly.</summary>
[EnableRateLimiting(FeedbackEndpoints.RateLimitPolicy)]
public sealed class SubmitModel(FeedbackStore store, FeedbackQuota quota) : FormPage
{
    [BindProperty] public FeedbackForm Form { get; set; } = new();

    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];

    /// <summary>Set when a complaint or denunciation was sent: where it must go instead.</summary>
    public FeedbackReceipt? RoutedAway { get; private set; }

    /// <summary>Set when the address registered its hour's quota (<see cref="FeedbackQuota"/>): the form says so, kept filled.</summary>
    public bool QuotaUsed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Agencies = await store.AgenciesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Errors.Count == 0)
        {
            var (slot, retryAfter) = quota.Take(HttpContext.Connection.RemoteIpAddress);
            if (slot is null)
            {
                QuotaUsed = true;
                Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Agencies = await store.AgenciesAsync(ct);
                return Page();
            }
            var (receipt, errors, _) = await store.RegisterAsync(Form.Submission, FeedbackChannel.Online, null, null, null, null, ct);
            if (receipt is { Number: { } number }) return Redirect($"/phan-anh-kien-nghi/{number}?moi=true");
            quota.GiveBack(slot);
            if (receipt is not null) RoutedAway = receipt;
            else Errors = errors;
        }
        if (Errors.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Agencies = await store.AgenciesAsync(ct);
        return Page();
    }
}
