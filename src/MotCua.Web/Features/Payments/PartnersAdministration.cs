using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Payments;

/// <summary>A partner as the administrator writes it: <see cref="Name"/> the short name it sends in
/// <c>X-MotCua-Partner</c> (2–40 lower-case letters, digits, hyphens), <see cref="Title"/> what officers read.</summary>
public sealed record PartnerRequest(string? Name, string? Title);

/// <summary>A partner as shown (never its secret, except <see cref="CreatedPartner"/> once).</summary>
public sealed record PartnerView(int Id, string Name, string Title, bool Active, DateTimeOffset CreatedAt);

/// <summary>A new partner with its HMAC secret (base64 of 32 random bytes), shown this once: MotCua keeps it only sealed.</summary>
public sealed record CreatedPartner(PartnerView Partner, string Secret);

/// <summary>
/// The payment partners that confirm payments by callback (a bank, the national payment platform; migration 0032):
/// listed, created with a fresh secret sealed by the <see cref="DeploymentKey"/> for <see cref="SecretPurpose"/>, and
/// deactivated by the administrator; each change and its audit entry are one commit.
/// </summary>
public sealed partial class PartnersAdministration(MotCuaDb db, DeploymentKey key, TimeProvider clock)
{
    /// <summary>The purpose a partner's secret is sealed for (<see cref="DeploymentKey.Seal"/>).</summary>
    public const string SecretPurpose = "payment-partner-secret";

    /// <summary>Every partner, newest first.</summary>
    public Task<List<PartnerView>> ListAsync(CancellationToken ct) =>
        db.Database.SqlQuery<PartnerView>($"SELECT id AS \"Id\", name AS \"Name\", title AS \"Title\", active AS \"Active\", created_at AS \"CreatedAt\" FROM payment_partners ORDER BY id DESC")
            .ToListAsync(ct);

    /// <summary>Errors by field (camelCase, Vietnamese), empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(PartnerRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["Nhập tên viết tắt của đối tác (dùng trong tiêu đề X-MotCua-Partner)."];
        else if (!NamePattern().IsMatch(request.Name.Trim()))
            errors["name"] = ["Tên viết tắt gồm 2–40 ký tự chữ thường không dấu, chữ số hoặc dấu gạch ngang, ví dụ vietinbank."];
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["Nhập tên đầy đủ của đối tác."];
        else if (request.Title.Trim().Length > 200) errors["title"] = ["Tên đầy đủ dài quá 200 ký tự."];
        return errors;
    }

    /// <summary>Creates a partner with a fresh secret, returned this once; or the errors by field (a name already used is
    /// an error on <c>name</c>).</summary>
    public async Task<(CreatedPartner? Created, Dictionary<string, string[]> Errors)> CreateAsync(PartnerRequest request, ClaimsPrincipal who, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return (null, errors);
        var name = request.Name!.Trim();
        if (await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM payment_partners WHERE name = {name}").AnyAsync(ct))
            return (null, new() { ["name"] = [$"Đã có đối tác tên {name}."] });
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var id = (await db.Database.SqlQuery<int>($"""
            INSERT INTO payment_partners (name, title, secret_sealed, active, created_at)
            VALUES ({name}, {request.Title!.Trim()}, {key.Seal(Convert.FromBase64String(secret), SecretPurpose)}, true, {now}) RETURNING id AS "Value"
            """).ToListAsync(ct)).Single();
        var view = new PartnerView(id, name, request.Title.Trim(), true, now);
        Audit("payment-partner.create", view, who, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new CreatedPartner(view, secret), errors);
    }

    /// <summary>Stops a partner: its callbacks are refused (401) from now on. Null when there is none with that id.</summary>
    public async Task<PartnerView?> DeactivateAsync(int id, ClaimsPrincipal who, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var view = (await db.Database.SqlQuery<PartnerView>($"""
            UPDATE payment_partners SET active = false WHERE id = {id}
            RETURNING id AS "Id", name AS "Name", title AS "Title", active AS "Active", created_at AS "CreatedAt"
            """).ToListAsync(ct)).SingleOrDefault();
        if (view is null) return null;
        Audit("payment-partner.deactivate", view, who, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return view;
    }

    /// <summary>The active partner named <paramref name="name"/> with its opened secret, or null.</summary>
    public async Task<(int Id, string Title, byte[] Secret)?> ActiveAsync(string name, CancellationToken ct)
    {
        var row = (await db.Database.SqlQuery<SealedPartner>($"SELECT id AS \"Id\", title AS \"Title\", secret_sealed AS \"Sealed\" FROM payment_partners WHERE name = {name} AND active")
            .ToListAsync(ct)).SingleOrDefault();
        return row is null ? null : (row.Id, row.Title, key.Open(row.Sealed, SecretPurpose));
    }

    private sealed record SealedPartner(int Id, string Title, byte[] Sealed);

    private void Audit(string action, PartnerView view, ClaimsPrincipal who, DateTimeOffset now) => db.AuditLog.Add(new AuditEntry
    {
        At = now, UserId = Claims.UserIdOf(who), Action = action, Subject = $"payment-partner:{view.Id}",
        Details = JsonSerializer.SerializeToDocument(new { view.Name, view.Title, view.Active }, MotCuaDb.Json),
    });

    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex NamePattern();
}
