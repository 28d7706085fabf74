using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Features.Dossiers;

/// <summary>Whether the dossier's applicant was verified (issue 16, sixteenth trial finding 6): <c>verified</c>;
/// <c>method</c> <c>csdl-dan-cu</c> (looked up in the population database at the desk) or <c>vneid</c> (signed in with
/// VNeID on the National Portal), null when not verified; <c>label</c> in Vietnamese ("Chưa xác thực" when not);
/// <c>at</c> the instant it was recorded (Vietnam time), null when not verified.</summary>
public sealed record ApplicantVerificationView(bool Verified, string? Method, string Label, DateTimeOffset? At)
{
    /// <summary>What a dossier without a verification row shows: its applicant was typed or not checked.</summary>
    public static readonly ApplicantVerificationView None = new(false, null, "Chưa xác thực", null);
}

/// <summary>Reads a dossier's <c>dossier_applicant_verifications</c> row (migrations 0062, 0063) for its page and the API.</summary>
public static class ApplicantVerifications
{
    private sealed record VerificationRow(short Method, DateTimeOffset VerifiedAt);

    /// <summary>The verification of dossier <paramref name="dossierId"/> (one row at most: the table is keyed by the dossier), or <see cref="ApplicantVerificationView.None"/>.</summary>
    public static async Task<ApplicantVerificationView> ReadAsync(MotCuaDb db, long dossierId, CancellationToken ct)
    {
        var row = await db.Database.SqlQuery<VerificationRow>(
                $"SELECT method AS \"Method\", verified_at AS \"VerifiedAt\" FROM dossier_applicant_verifications WHERE dossier_id = {dossierId}")
            .SingleOrDefaultAsync(ct);
        return row?.Method switch
        {
            1 => new(true, "csdl-dan-cu", "Đã xác thực qua CSDL quốc gia về dân cư", row.VerifiedAt.ToOffset(VietnamTime.Offset)),
            2 => new(true, "vneid", "Đã xác thực qua tài khoản VNeID (Cổng DVCQG)", row.VerifiedAt.ToOffset(VietnamTime.Offset)),
            _ => ApplicantVerificationView.None,
        };
    }
}
