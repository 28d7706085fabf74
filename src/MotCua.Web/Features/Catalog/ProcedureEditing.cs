using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;

namespace MotCua.Web.Features.Catalog;

/// <summary>
/// An administrator's correction of a procedure: always a new version (dossiers keep theirs), never an edit in place.
/// The import hash is left alone, so a re-import of an unchanged catalogue does not undo the correction; a real
/// change in the catalogue does add its own version on top.
/// </summary>
public static class ProcedureEditing
{
    public sealed record VersionRow(int Version, DateTimeOffset CreatedAt, string Source, string? UserName);

    public static async Task<int> SaveAsync(MotCuaDb db, ProcedureSpec edited, int? userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Row lock: two administrators saving at once get consecutive versions instead of a key violation.
        var procedure = await db.Procedures.FromSql($"SELECT * FROM procedures WHERE code = {edited.Code} FOR UPDATE").SingleAsync(ct);
        var before = await db.ProcedureVersions.AsNoTracking().SingleAsync(v => v.ProcedureCode == procedure.Code && v.Version == procedure.CurrentVersion, ct);
        var version = await db.ProcedureVersions.Where(v => v.ProcedureCode == procedure.Code).MaxAsync(v => v.Version, ct) + 1;
        db.ProcedureVersions.Add(new ProcedureVersion
        {
            ProcedureCode = procedure.Code, Version = version, CreatedAt = now, Source = "edit", UserId = userId,
            Spec = JsonSerializer.SerializeToDocument(edited, ProcedureSpecs.Json),
        });
        procedure.Name = edited.Name;
        procedure.Field = edited.Field;
        procedure.Levels = edited.Levels;
        procedure.SearchText = CatalogImporter.SearchTextOf(edited);
        procedure.IndexForSearch(edited);
        procedure.CurrentVersion = version;
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "catalog.procedure.edit", Subject = $"procedure:{procedure.Code}",
            Details = JsonSerializer.SerializeToDocument(new
            {
                fromVersion = before.Version, toVersion = version,
                changed = ChangedComponents(ProcedureSpecs.Read(before.Spec), edited),
                before = ProcedureSpecs.Read(before.Spec), after = edited,
            }, ProcedureSpecs.Json),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return version;
    }

    private static IReadOnlyList<string> ChangedComponents(ProcedureSpec before, ProcedureSpec after)
    {
        var changed = CatalogImporter.ComponentsChanged(before, after).ToList();
        if (JsonSerializer.Serialize(before.FormFields, ProcedureSpecs.Json) != JsonSerializer.Serialize(after.FormFields, ProcedureSpecs.Json)) changed.Add("formFields");
        if (!DocumentList.Same(before.Documents, after.Documents) || before.DocumentsCorrection?.ToReview != after.DocumentsCorrection?.ToReview)
            changed.Add("documentsCorrection");
        return changed;
    }

    /// <summary>Whether saving <paramref name="edited"/> over <paramref name="current"/> would change anything.</summary>
    public static bool Differs(ProcedureSpec current, ProcedureSpec edited) =>
        JsonSerializer.Serialize(edited, ProcedureSpecs.Json) != JsonSerializer.Serialize(current, ProcedureSpecs.Json);

    public static async Task<IReadOnlyList<VersionRow>> HistoryAsync(MotCuaDb db, string code, CancellationToken ct) =>
        await db.ProcedureVersions.AsNoTracking().Where(v => v.ProcedureCode == code)
            .OrderByDescending(v => v.Version)
            .Select(v => new VersionRow(v.Version, v.CreatedAt, v.Source, db.Users.Where(u => u.Id == v.UserId).Select(u => u.FullName).FirstOrDefault()))
            .ToListAsync(ct);
}
