using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Payments;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Payments;

/// <summary>A collection account as the administrator sees it: its agency, bank (BIN and short name), number, name,
/// whether it is the agency's active one, when it was added.</summary>
public sealed record CollectionAccountListItem(int Id, string AgencyCode, string AgencyName, string BankBin, string BankName, string AccountNumber,
    string AccountName, bool Active, DateTimeOffset CreatedAt);

/// <summary>A new collection account: the agency by code, the bank by NAPAS BIN, the account number (6 to 19 digits)
/// and name. <paramref name="UseForQr"/> says whether the new account takes the VietQR codes of the agency's new
/// requests: required (true or false) when the agency already has an account in use, so that adding one never retires
/// the working account silently (sixth trial); true retires the one in use, false keeps it and stores the new one unused.
/// Without an account in use the new one is used unless false is given.</summary>
public sealed record CollectionAccountRequest(string? AgencyCode, string? BankBin, string? AccountNumber, string? AccountName, bool? UseForQr = null);

/// <summary>The answer to a change: the account, or errors by field (422), or nothing found (404).</summary>
public sealed record CollectionAccountOutcome(CollectionAccountListItem? Account, IDictionary<string, string[]>? Errors = null, bool NotFound = false);

/// <summary>
/// The administrator's collection accounts (tài khoản thu): listed per agency, added (validated by Domain
/// <see cref="CollectionAccountInput.Validate"/>; when the administrator chooses it for the QR, the agency's previous
/// active account is deactivated in the same transaction, as one agency has one active account, index
/// <c>collection_accounts_one_active</c>), chosen for the QR later (<see cref="ActivateAsync"/>), deactivated. Never
/// deleted: requests keep pointing at the account they were raised with. Every change is audit-logged
/// (<c>admin.collection-account.create</c> / <c>.activate</c> / <c>.deactivate</c>).
/// </summary>
public sealed class CollectionAccounts(MotCuaDb db, TimeProvider clock)
{
    /// <summary>Every account, of one agency when <paramref name="agencyCode"/> is given, active ones first.</summary>
    public async Task<IReadOnlyList<CollectionAccountListItem>> ListAsync(string? agencyCode, CancellationToken ct)
    {
        var rows = await (from a in db.CollectionAccounts.AsNoTracking()
                          join g in db.Agencies.AsNoTracking() on a.AgencyId equals g.Id
                          where agencyCode == null || g.Code == agencyCode
                          orderby g.Code, a.Active descending, a.Id descending
                          select new { a, g.Code, g.Name }).ToListAsync(ct);
        return [.. rows.Select(r => Item(r.a, r.Code, r.Name))];
    }

    /// <summary>Adds the agency's new account, used for the QR (deactivating the previous one) or kept unused as
    /// <see cref="CollectionAccountRequest.UseForQr"/> says; errors name <c>agencyCode</c>, <c>bankBin</c>,
    /// <c>accountNumber</c>, <c>accountName</c>, <c>useForQr</c> (the agency has an account in use and no choice was given).</summary>
    public async Task<CollectionAccountOutcome> CreateAsync(CollectionAccountRequest request, ClaimsPrincipal admin, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.AgencyCode?.Trim();
        var agency = string.IsNullOrEmpty(code) ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null) errors["agencyCode"] = [string.IsNullOrEmpty(code) ? "Chọn cơ quan, đơn vị thu." : $"Không có cơ quan mang mã '{code}'."];
        var (input, problems) = CollectionAccountInput.Validate(request.BankBin, request.AccountNumber, request.AccountName, BankDirectory.Default);
        foreach (var p in problems) errors.TryAdd(p.Field, [p.Message]);
        var inUse = agency is null ? null : await db.CollectionAccounts.AsNoTracking().Where(a => a.AgencyId == agency.Id && a.Active).FirstOrDefaultAsync(ct);
        if (inUse is not null && request.UseForQr is null)
            errors["useForQr"] = [$"{agency!.Name} đang dùng tài khoản {BankDirectory.Default.Find(inUse.BankBin)?.ShortName ?? inUse.BankBin} {inUse.AccountNumber} cho mã VietQR. " +
                "Chọn dùng tài khoản mới cho mã QR (tài khoản đang dùng sẽ ngừng dùng) hoặc giữ tài khoản đang dùng."];
        if (errors.Count > 0) return new CollectionAccountOutcome(null, errors);
        var useForQr = request.UseForQr ?? true;

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var previous = useForQr ? await db.CollectionAccounts.Where(a => a.AgencyId == agency!.Id && a.Active).ToListAsync(ct) : [];
        foreach (var old in previous) old.Active = false;
        await db.SaveChangesAsync(ct);
        var row = new CollectionAccountRow
        {
            AgencyId = agency!.Id, BankBin = input!.BankBin, AccountNumber = input.AccountNumber, AccountName = input.AccountName,
            Active = useForQr, CreatedAt = now, CreatedBy = Claims.UserIdOf(admin),
        };
        db.CollectionAccounts.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return new CollectionAccountOutcome(null, new Dictionary<string, string[]>
            {
                ["agencyCode"] = ["Một tài khoản thu khác của đơn vị vừa được thêm cùng lúc; tải lại trang rồi thử lại."],
            });
        }
        var item = Item(row, agency.Code, agency.Name);
        Audit(admin, "admin.collection-account.create", row.Id, new { account = item, deactivated = previous.Select(p => p.Id) }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CollectionAccountOutcome(item);
    }

    /// <summary>Chooses account <paramref name="id"/> for its agency's VietQR codes, deactivating the one in use, in one
    /// transaction; audited <c>admin.collection-account.activate</c> with the account retired. An account already in use
    /// is answered as it is, nothing written. An account stored before the number rule of 6 to 19 digits (migration 0072
    /// deactivated those) is refused: <see cref="CollectionAccountOutcome.Errors"/> names <c>accountNumber</c>.</summary>
    public async Task<CollectionAccountOutcome> ActivateAsync(int id, ClaimsPrincipal admin, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.CollectionAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return new CollectionAccountOutcome(null, NotFound: true);
        if (!row.Active && CollectionAccountInput.Validate(row.BankBin, row.AccountNumber, row.AccountName, BankDirectory.Default).Problems
                .FirstOrDefault(p => p.Field == "accountNumber") is { } refused)
        {
            return new CollectionAccountOutcome(null, new Dictionary<string, string[]>
            {
                ["accountNumber"] = [$"Không dùng được tài khoản {row.AccountNumber} cho mã VietQR: {refused.Message} Thêm tài khoản mới với số đúng."],
            });
        }
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == row.AgencyId, ct);
        if (row.Active) return new CollectionAccountOutcome(Item(row, agency.Code, agency.Name));
        var now = clock.GetUtcNow();
        var previous = await db.CollectionAccounts.Where(a => a.AgencyId == row.AgencyId && a.Active).ToListAsync(ct);
        foreach (var old in previous) old.Active = false;
        await db.SaveChangesAsync(ct);
        row.Active = true;
        var item = Item(row, agency.Code, agency.Name);
        Audit(admin, "admin.collection-account.activate", row.Id, new { account = item, deactivated = previous.Select(p => p.Id) }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CollectionAccountOutcome(item);
    }

    /// <summary>Deactivates account <paramref name="id"/>: new requests of its agency get no QR until another is added.</summary>
    public async Task<CollectionAccountOutcome> DeactivateAsync(int id, ClaimsPrincipal admin, CancellationToken ct)
    {
        var row = await db.CollectionAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return new CollectionAccountOutcome(null, NotFound: true);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == row.AgencyId, ct);
        var now = clock.GetUtcNow();
        var was = row.Active;
        row.Active = false;
        var item = Item(row, agency.Code, agency.Name);
        if (was) Audit(admin, "admin.collection-account.deactivate", row.Id, new { account = item }, now);
        await db.SaveChangesAsync(ct);
        return new CollectionAccountOutcome(item);
    }

    private void Audit(ClaimsPrincipal admin, string action, int id, object details, DateTimeOffset now) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = Claims.UserIdOf(admin), Action = action, Subject = $"collection-account:{id}",
            Details = JsonSerializer.SerializeToDocument(details, MotCuaDb.Json),
        });

    private static CollectionAccountListItem Item(CollectionAccountRow a, string agencyCode, string agencyName) =>
        new(a.Id, agencyCode, agencyName, a.BankBin, BankDirectory.Default.Find(a.BankBin)?.ShortName ?? a.BankBin, a.AccountNumber, a.AccountName,
            a.Active, a.CreatedAt.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset));
}

/// <summary><c>/api/v1/admin/collection-accounts</c>: the administrator only (403 otherwise, nothing written).</summary>
public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/collection-accounts").WithTags("Administration").RequireAuthorization(Policies.Admin);
        admin.MapGet("", async (string? agency, CollectionAccounts accounts, CancellationToken ct) => Results.Ok(await accounts.ListAsync(agency, ct)))
            .Produces<IReadOnlyList<CollectionAccountListItem>>()
            .WithSummary("Tài khoản thu phí, lệ phí của các đơn vị (lọc theo mã đơn vị agency)");
        admin.MapPost("", async (CollectionAccountRequest request, CollectionAccounts accounts, HttpContext http, CancellationToken ct) =>
                await accounts.CreateAsync(request, http.User, ct) switch
                {
                    { Errors: { } errors } => Problems.Validation(errors),
                    var ok => Results.Created($"/api/v1/admin/collection-accounts/{ok.Account!.Id}", ok.Account),
                })
            .Produces<CollectionAccountListItem>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Thêm tài khoản thu của đơn vị (ngân hàng theo mã BIN VietQR); khi đơn vị đang có tài khoản dùng cho mã QR, useForQr phải cho biết có thay tài khoản đó không");
        admin.MapPost("/{id:int}/activate", async (int id, CollectionAccounts accounts, HttpContext http, CancellationToken ct) =>
                await accounts.ActivateAsync(id, http.User, ct) switch
                {
                    { NotFound: true } => Problems.NotFound($"Không tìm thấy tài khoản thu số {id}."),
                    { Errors: { } errors } => Problems.Validation(errors),
                    var ok => Results.Ok(ok.Account),
                })
            .Produces<CollectionAccountListItem>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Dùng tài khoản thu này cho mã VietQR của đơn vị; tài khoản đang dùng trước đó ngừng dùng");
        admin.MapPost("/{id:int}/deactivate", async (int id, CollectionAccounts accounts, HttpContext http, CancellationToken ct) =>
                await accounts.DeactivateAsync(id, http.User, ct) switch
                {
                    { NotFound: true } => Problems.NotFound($"Không tìm thấy tài khoản thu số {id}."),
                    var ok => Results.Ok(ok.Account),
                })
            .Produces<CollectionAccountListItem>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Ngừng dùng tài khoản thu: yêu cầu thanh toán mới của đơn vị không có mã VietQR đến khi có tài khoản khác");
    }
}
