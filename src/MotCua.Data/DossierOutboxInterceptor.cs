using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>
/// Adds to every save the status message of each new <see cref="DossierEvent"/> (<see cref="DossierOutbox.MessageFor"/>),
/// so the message is written in the same transaction as the event and a rolled-back action leaves neither.
/// </summary>
public sealed class DossierOutboxInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddMessages(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        AddMessages(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void AddMessages(DbContext? context)
    {
        if (context is null) return;
        // Events are appended to the aggregate's list; EF sees them only once it has compared the list.
        context.ChangeTracker.DetectChanges();
        var added = context.ChangeTracker.Entries<DossierEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToHashSet();
        if (added.Count == 0) return;
        foreach (var dossier in context.ChangeTracker.Entries<Dossier>().Select(e => e.Entity).ToList())
            foreach (var recorded in dossier.Events.Where(added.Contains))
                if (DossierOutbox.MessageFor(dossier, recorded) is { } message) context.Add(message);
    }
}
