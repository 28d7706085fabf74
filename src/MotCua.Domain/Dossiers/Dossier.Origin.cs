namespace MotCua.Domain.Dossiers;

/// <summary>Where a dossier came from (<c>dossiers.origin</c>, migration 0063).</summary>
public enum DossierOrigin
{
    /// <summary>Received here: at the desk, by post, or from an integrated system's API.</summary>
    Local = 1,
    /// <summary>Pushed by the National Public Service Portal (Cổng DVCQG) under its own dossier code.</summary>
    Portal = 2,
    /// <summary>Handled on a ministry's system and received for monitoring only (Nghị định 224/2026 [reported]).</summary>
    Monitored = 3,
}

public sealed partial class Dossier
{
    /// <summary>Where the dossier came from; <see cref="DossierOrigin.Local"/> unless intake was told otherwise.</summary>
    public DossierOrigin Origin { get; private set; } = DossierOrigin.Local;

    /// <summary>The portal's code of a dossier it pushed (sent back as MaHoSo); null for a local one.</summary>
    public string? PortalCode { get; private set; }

    /// <summary>The applicant's portal account (TechID, MaDoiTuong) of a pushed dossier; null when none was given.</summary>
    public string? PortalAccountId { get; private set; }

    /// <summary>The system a monitored dossier was handled on (the API client's name); null otherwise.</summary>
    public string? SourceSystem { get; private set; }

    /// <summary>
    /// Marks a dossier being built at intake as pushed by the National Portal under <paramref name="portalCode"/> (trimmed,
    /// 1–100 characters), with the applicant's portal account when given. Only before the dossier is stored (no code yet):
    /// where a dossier came from never changes afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dossier is already numbered, or the code is empty or too long.</exception>
    public void PushedByPortal(string portalCode, string? accountId)
    {
        if (Code.Length > 0) throw new InvalidOperationException("Nguồn của hồ sơ chỉ được ghi khi tiếp nhận.");
        var code = portalCode.Trim();
        if (code.Length is 0 or > 100) throw new InvalidOperationException("Mã hồ sơ trên Cổng phải từ 1 đến 100 ký tự.");
        Origin = DossierOrigin.Portal;
        PortalCode = code;
        PortalAccountId = string.IsNullOrWhiteSpace(accountId) ? null : accountId.Trim();
    }
}
