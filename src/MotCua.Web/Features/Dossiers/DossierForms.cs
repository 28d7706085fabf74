using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.Dossiers;

/// <summary>Fills the intake forms (Mẫu 01, 02, 03) from what the database already holds: nothing is typed twice.</summary>
public static class DossierForms
{
    public static async Task<byte[]> ReceiptAsync(MotCuaDb db, Dossier dossier, HttpRequest request, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var received = dossier.Events.FirstOrDefault(e => e.ToStatus == DossierStatus.Received);
        return IntakeForms.Receipt(new ReceiptForm
        {
            Letterhead = Letterheads.Of(agency),
            DossierCode = dossier.Code,
            ApplicantName = dossier.Applicant.FullName,
            ApplicantAddress = dossier.Applicant.Address,
            ApplicantPhone = dossier.Applicant.Phone,
            ApplicantEmail = dossier.Applicant.Email,
            ApplicantKind = dossier.Applicant.Kind.Vietnamese(),
            ApplicantIdentifier = (dossier.Applicant.Kind.IdentifierLabel(), dossier.Applicant.IdNumber),
            ApplicantRepresentative = dossier.Applicant.Representative,
            ProcedureName = dossier.ProcedureName,
            ProcedureCode = dossier.ProcedureCode,
            Documents = dossier.Documents,
            Sets = dossier.Sets,
            TimeLimitText = dossier.TimeLimit.ToString(),
            TimeLimitCondition = dossier.TimeLimitCondition,
            CompetentReceivedAt = dossier.CompetentReceivedAt,
            ReceivedAt = dossier.ReceivedAt!.Value,
            DueAt = dossier.DueAt!.Value,
            DueDateExplanation = SkippedPeriods.Explain(dossier.DueExplanation),
            ResultCollectionPlace = $"{agency.Name}, {agency.Address}",
            RegisterBook = $"01/{dossier.RegisterYear}",
            RegisterLine = dossier.RegisterNumber ?? 0,
            ReceivingOfficerName = received?.ActorName ?? "",
            Channel = dossier.Channel,
            LookupUrl = LookupUrl.For(request, dossier.Code),
        });
    }

    public static async Task<byte[]> RefusalAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var refused = dossier.Events.Last(e => e.ToStatus == DossierStatus.NotReceived);
        return IntakeForms.Refusal(new RefusalForm
        {
            Letterhead = Letterheads.Of(agency),
            DossierCode = dossier.Code,
            ApplicantName = dossier.Applicant.FullName,
            ApplicantAddress = dossier.Applicant.Address,
            ApplicantKind = dossier.Applicant.Kind.Vietnamese(),
            ApplicantIdentifier = (dossier.Applicant.Kind.IdentifierLabel(), dossier.Applicant.IdNumber),
            ApplicantRepresentative = dossier.Applicant.Representative,
            ProcedureName = dossier.ProcedureName,
            ProcedureCode = dossier.ProcedureCode,
            ReceivedAt = dossier.SubmittedAt,
            Reason = dossier.RefusalReason ?? "",
            LegalBasis = dossier.RefusalLegalBasis ?? "",
            OfficerName = refused.ActorName,
            IssuedAt = refused.At,
        });
    }

    public static async Task<byte[]> SupplementAsync(MotCuaDb db, SupplementNotice notice, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == notice.AgencyId, ct);
        var procedure = await db.Procedures.AsNoTracking().FirstAsync(p => p.Code == notice.ProcedureCode, ct);
        var officer = notice.OfficerUserId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.FullName).FirstAsync(ct) : "";
        return IntakeForms.SupplementRequest(new SupplementRequestForm
        {
            Letterhead = Letterheads.Of(agency),
            ApplicantName = notice.ApplicantFullName,
            ApplicantKind = notice.ApplicantKind.Vietnamese(),
            ApplicantIdentifier = notice.ApplicantIdNumber is { } number ? (notice.ApplicantKind.IdentifierLabel(), number) : null,
            ApplicantRepresentative = notice.ApplicantRepresentative,
            ProcedureName = procedure.Name,
            ProcedureCode = procedure.Code,
            ReceivedAt = notice.CreatedAt,
            Items = notice.Items,
            ContactOfficerName = officer,
            ContactOfficerPhone = agency.Phone,
            OfficerName = officer,
            IssuedAt = notice.CreatedAt,
        });
    }
}
