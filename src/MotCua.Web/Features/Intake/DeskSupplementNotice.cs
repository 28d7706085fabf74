using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.Intake;

public sealed partial class DossierIntake
{
    /// <summary>
    /// Mẫu 02 at the desk: the dossier is incomplete, nothing changes state, but the notice given out is kept. Only a
    /// receiving officer of the unit may hand it out (<see cref="Dossier.CheckIntake"/>): otherwise <c>Forbidden</c> says why.
    /// </summary>
    public async Task<(SupplementNotice? Notice, IDictionary<string, string[]>? Errors, string? Forbidden)> RequestSupplementAsync(
        int agencyId, string? procedureCode, IntakeApplicant applicant, IReadOnlyList<SupplementItem> items, Officer officer, CancellationToken ct)
    {
        if (Dossier.CheckIntake(officer, agencyId) is { } refusal) return (null, null, refusal.Message);
        var actor = officer.Actor;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(procedureCode) || !await db.Procedures.AnyAsync(p => p.Code == procedureCode.Trim(), ct))
            errors["procedureCode"] = ["Vui lòng chọn thủ tục."];
        // Only the name is needed to hand out the notice; what else was typed is printed as it is.
        var kind = ApplicantIdentity.Parse(applicant.Kind) ?? ApplicantKind.Individual;
        if (string.IsNullOrWhiteSpace(applicant.FullName)) errors["applicant.fullName"] = [ApplicantIdentity.CheckName(kind, null)!];
        var cleanItems = items.Where(i => !string.IsNullOrWhiteSpace(i.Document)).Select(i => new SupplementItem(IntakeValidation.Nfc(i.Document), IntakeValidation.Nfc(i.Reason ?? ""))).ToList();
        if (cleanItems.Count == 0) errors["items"] = ["Đánh dấu ít nhất một giấy tờ còn thiếu hoặc chưa hợp lệ."];
        else if (cleanItems.Any(i => i.Reason.Length == 0)) errors["items"] = ["Nêu rõ lý do cho từng giấy tờ cần bổ sung."];
        if (errors.Count > 0) return (null, errors, null);
        var notice = new SupplementNotice
        {
            AgencyId = agencyId,
            ProcedureCode = procedureCode!.Trim(),
            ApplicantFullName = IntakeValidation.Nfc(applicant.FullName!),
            ApplicantPhone = string.IsNullOrWhiteSpace(applicant.Phone) ? null : applicant.Phone.Trim(),
            ApplicantAddress = string.IsNullOrWhiteSpace(applicant.Address) ? null : IntakeValidation.Nfc(applicant.Address),
            ApplicantEmail = string.IsNullOrWhiteSpace(applicant.Email) ? null : applicant.Email.Trim(),
            ApplicantKind = kind,
            ApplicantIdNumber = string.IsNullOrWhiteSpace(applicant.IdNumber) ? null : applicant.IdNumber.Trim().ToUpperInvariant(),
            ApplicantRepresentative = string.IsNullOrWhiteSpace(applicant.Representative) ? null : IntakeValidation.Nfc(applicant.Representative),
            Items = cleanItems,
            OfficerUserId = actor.UserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SupplementNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        return (notice, null, null);
    }
}
