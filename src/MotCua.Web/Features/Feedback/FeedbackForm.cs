using MotCua.Domain.Feedback;

namespace MotCua.Web.Features.Feedback;

/// <summary>The fields of the feedback form (the public form and the officer's transcription), named as the API's.</summary>
public sealed class FeedbackForm
{
    public string? Kind { get; set; } = "phan-anh";
    public string? SenderName { get; set; }
    public string? SenderPhone { get; set; }
    public string? SenderEmail { get; set; }
    public string? SenderAddress { get; set; }
    public string? SenderIdNumber { get; set; }
    public string? AgencyCode { get; set; }
    public string? ProcedureCode { get; set; }
    public string? Subject { get; set; }
    public string? Content { get; set; }

    public FeedbackSubmission Submission => new(Kind, SenderName, SenderPhone, SenderEmail, SenderAddress, SenderIdNumber, AgencyCode, ProcedureCode, Subject, Content);
}

/// <summary>What the shared fields partial (<c>_FeedbackFields.cshtml</c>) shows: the form, its errors, the agencies, and
/// whether complaints and denunciations are offered (the public form explains they are routed away).</summary>
public sealed record FeedbackFieldsView(FeedbackForm Form, IDictionary<string, string[]> Errors, IReadOnlyList<(string Code, string Name)> Agencies)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
