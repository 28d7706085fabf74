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
        // An event the aggregate recorded since it was loaded has no id yet (the database gives it one on insert), so the
        // tracked dossiers' lists say what is new without another pass of change detection before the save's own.
        var recorded = context.ChangeTracker.Entries<Dossier>()
            .SelectMany(d => d.Entity.Events.Where(e => e.Id == 0).Select(e => (Dossier: d.Entity, Event: e))).ToList();
        foreach (var (dossier, @event) in recorded)
            if (DossierOutbox.MessageFor(dossier, @event) is { } message) context.Add(message);
    }
}
