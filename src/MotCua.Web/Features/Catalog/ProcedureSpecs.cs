using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Catalog;

/// <summary>Reads the versioned procedure specs stored as jsonb.</summary>
public static class ProcedureSpecs
{
    /// <summary>The jsonb shape of specs and internal processes; the same options the DbContext maps processes with.</summary>
    public static readonly JsonSerializerOptions Json = MotCuaDb.SpecJson;

    public static ProcedureSpec Read(JsonDocument spec) => spec.Deserialize<ProcedureSpec>(Json)!;

    // A version never changes once written, so a parsed one can be kept for the life of the process.
    private static readonly ConcurrentDictionary<(string Code, int Version), ProcedureSpec> Versions = new();

    /// <summary>One exact version, as a dossier received under it needs it.</summary>
    public static async Task<ProcedureSpec> LoadVersionAsync(MotCuaDb db, string code, int version, CancellationToken ct)
    {
        if (Versions.TryGetValue((code, version), out var cached)) return cached;
        var json = await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.ProcedureCode == code && v.Version == version).Select(v => v.Spec).SingleAsync(ct);
        return Versions.GetOrAdd((code, version), Read(json));
    }

    public static async Task<(ProcedureSpec Spec, int Version)?> LoadCurrentAsync(MotCuaDb db, string code, CancellationToken ct)
    {
        var row = await db.Procedures.AsNoTracking()
            .Where(p => p.Code == code)
            .Join(db.ProcedureVersions, p => new { p.Code, Version = p.CurrentVersion }, v => new { Code = v.ProcedureCode, v.Version }, (p, v) => v)
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (Read(row.Spec), row.Version);
    }

    public static async Task<Dictionary<string, ProcedureSpec>> LoadCurrentAsync(MotCuaDb db, string[] codes, CancellationToken ct)
    {
        var rows = await db.Procedures.AsNoTracking()
            .Where(p => codes.Contains(p.Code))
            .Join(db.ProcedureVersions, p => new { p.Code, Version = p.CurrentVersion }, v => new { Code = v.ProcedureCode, v.Version }, (p, v) => v)
            .ToListAsync(ct);
        return rows.ToDictionary(v => v.ProcedureCode, v => Read(v.Spec));
    }

    /// <summary>See <see cref="ProcedureSpec.TimeTermsFor"/>.</summary>
    public static ChannelTerms? TimeTermsFor(ProcedureSpec spec, Channel channel) => spec.TimeTermsFor(channel);

    public static TimeLimit? DirectTimeLimit(ProcedureSpec spec) => spec.TimeTermsFor(Channel.Direct)?.TimeLimit;
}
