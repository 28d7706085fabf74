using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// Marks an endpoint or a page (on its PageModel) whose successful answers show applicants' personal data, and names the
/// fields shown (<see cref="PersonalFields"/>). <see cref="PersonalDataAudit"/> writes one audit row for each such answer,
/// as Nghị định 13/2023/NĐ-CP (Điều 26, Điều 27) asks of whoever processes personal data.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PersonalDataAttribute(params string[] fields) : Attribute
{
    /// <summary>The fields shown, among <see cref="PersonalFields"/>.</summary>
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>The names of personal-data fields written to the audit log (details.fields).</summary>
public static class PersonalFields
{
    public const string FullName = "fullName";
    public const string IdNumber = "idNumber";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Address = "address";
    /// <summary>Issue 16: a citizen's date of birth, as the population database answers it.</summary>
    public const string DateOfBirth = "dateOfBirth";
    /// <summary>Issue 16: a citizen's sex, as the population database answers it.</summary>
    public const string Sex = "sex";
    /// <summary>The e-form values: birth dates, parents, places of birth and whatever else the procedure asks.</summary>
    public const string FormData = "formData";
    /// <summary>Issue 17: the files of a dossier (scans and PDFs of the applicant's papers), served one by one.</summary>
    public const string Documents = "documents";

    /// <summary>Everything an applicant gave: identity, contact and the e-form.</summary>
    public static readonly string[] All = [FullName, IdNumber, Phone, Email, Address, FormData];
}

/// <summary>
/// What a request showed, when its route does not say it: a list (its name and the dossier codes on the page), or one
/// dossier found by something other than a <c>{code}</c> route value. Scoped to the request; handlers that list dossiers
/// call <see cref="Listed"/> before answering.
/// </summary>
public sealed class PersonalDataReads
{
    internal string? List { get; private set; }
    internal IReadOnlyList<string>? Codes { get; private set; }
    internal string? Dossier { get; private set; }

    /// <summary>A list was shown: <paramref name="list"/> names it (e.g. <c>worklist:overdue</c>), <paramref name="codes"/>
    /// are the dossiers on the page in order.</summary>
    public void Listed(string list, IEnumerable<string> codes)
    {
        List = list;
        Codes = [.. codes];
    }

    /// <summary>One dossier was shown, found by <paramref name="code"/> although the route has no <c>{code}</c>.</summary>
    public void Read(string code) => Dossier = code;
}

/// <summary>
/// The one place reads of personal data are written to <c>audit_log</c> (migration 0019): for a request to an endpoint
/// marked <see cref="PersonalDataAttribute"/>, just before its successful (2xx) answer starts, one INSERT with who (the
/// officer's user id or the integrated system's client id), what (action <c>dossier.read</c> with the dossier code, or
/// <c>dossier.list</c> with the list name and the codes), which fields, when, and from where (client address, endpoint
/// pattern and the path asked). The row is written before the first byte leaves: if it cannot be written, the answer
/// fails instead of going out unrecorded. The hash chain is the table's trigger's business.
/// </summary>
public static class PersonalDataAudit
{
    public static IApplicationBuilder UsePersonalDataAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<PersonalDataAttribute>() is { } marked)
            http.Response.OnStarting(() => RecordAsync(http, endpoint, marked));
        await next(http);
    });

    private static async Task RecordAsync(HttpContext http, Endpoint endpoint, PersonalDataAttribute marked)
    {
        if (http.Response.StatusCode is < 200 or > 299) return;
        var userId = Claims.UserIdOf(http.User);
        var clientId = Claims.ClientIdOf(http.User);
        if (userId is null && clientId is null) return;
        var reads = http.RequestServices.GetRequiredService<PersonalDataReads>();
        var (action, subject) = reads.List is { } list ? ("dossier.list", list)
            : ("dossier.read", reads.Dossier ?? http.GetRouteValue("code") as string ?? http.Request.Path.Value ?? "");
        var details = JsonSerializer.Serialize(new
        {
            fields = marked.Fields,
            codes = reads.Codes,
            path = http.Request.Path.Value + http.Request.QueryString.Value,
        });
        var pattern = endpoint is RouteEndpoint route ? "/" + route.RoutePattern.RawText?.TrimStart('/') : endpoint.DisplayName;
        var handler = http.Request.Query["handler"].ToString();
        var data = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var command = data.CreateCommand("""
            INSERT INTO audit_log (at, user_id, api_client_id, action, subject, details, client_address, endpoint)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)clientId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = details, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)http.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{http.Request.Method} {pattern}{(handler.Length > 0 ? "?handler=" + handler : "")}" });
        await command.ExecuteNonQueryAsync(http.RequestAborted);
    }
}
