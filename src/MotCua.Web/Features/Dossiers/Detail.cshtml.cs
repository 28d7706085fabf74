using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;
using MotCua.Web.Features.Intake;

namespace MotCua.Web.Features.Dossiers;

public sealed class DetailModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "moi")]
    public bool JustCreated { get; set; }

    [BindProperty] public string? RefusalReason { get; set; }
    [BindProperty] public string? RefusalLegalBasis { get; set; }

    public Dossier Dossier { get; private set; } = null!;
    public string AgencyName { get; private set; } = "";
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var dossier = await DossierAccess.ReadAsync(db, User, Code, clock, ct);
        if (dossier is null) return NotFound();
        await ShowAsync(dossier, ct);
        return Page();
    }

    /// <summary>The one-stop unit checks an online submission: accept it, or refuse it with reasons.</summary>
    public async Task<IActionResult> OnPostAsync(string decision, CancellationToken ct)
    {
        var dossier = await DossierAccess.ReadAsync(db, User, Code, clock, ct, tracking: true);
        if (dossier is null) return NotFound();
        var actor = Claims.ActorOf(User);
        var now = clock.GetUtcNow();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (decision == "accept")
            {
                dossier.AcceptOnline(actor, now);
                var year = DossierIntake.Vietnam(now).Year;
                dossier.EnterInRegister(year, await DossierIntake.NextRegisterNumberAsync(db, dossier.ReceivingAgencyId, year, ct));
            }
            else
            {
                dossier.RefuseOnline(RefusalReason ?? "", RefusalLegalBasis ?? "", actor, now);
            }
            db.Outbox.Add(DossierMessages.StatusChanged(dossier, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Redirect($"/ho-so/{dossier.Code}");
        }
        catch (DossierStateException e)
        {
            Message = e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            Message = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.";
        }
        db.ChangeTracker.Clear();
        await ShowAsync((await DossierAccess.ReadAsync(db, User, Code, clock, ct))!, ct);
        return Page();
    }

    private async Task ShowAsync(Dossier dossier, CancellationToken ct)
    {
        Dossier = dossier;
        AgencyName = await db.Agencies.Where(a => a.Id == dossier.ReceivingAgencyId).Select(a => a.Name).FirstAsync(ct);
    }
}
