using MotCua.Domain.Calendar;

namespace MotCua.Domain.Dossiers;

/// <summary>What the citizen is awaited for while the clock stands still (statuses 5 and 6).</summary>
public enum PauseReason
{
    /// <summary>A supplement requested during appraisal (Mẫu 02).</summary>
    Supplement = 1,
    /// <summary>A financial obligation (fees, land use levy).</summary>
    Payment = 2,
}

/// <summary>A stretch the dossier's clock stood still, and why; <see cref="To"/> is null while the wait is open.</summary>
public sealed record DossierPause(DateTimeOffset From, DateTimeOffset? To, PauseReason Reason)
{
    /// <summary>The pause as the working calendar counts it, with its reason in Vietnamese for the due-date explanation.</summary>
    public Pause ForCalendar() => new(From, To, Reason.Vietnamese());
}

public static class PauseReasons
{
    /// <summary>The reason as the due-date explanation, the dossier page and the stored data name it.</summary>
    public static string Vietnamese(this PauseReason reason) => reason switch
    {
        PauseReason.Supplement => "chờ bổ sung hồ sơ",
        PauseReason.Payment => "chờ thực hiện nghĩa vụ tài chính",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>The reason stored as <paramref name="text"/>; throws <see cref="ArgumentOutOfRangeException"/> for any other text.</summary>
    public static PauseReason Parse(string text) =>
        Enum.GetValues<PauseReason>().Where(r => r.Vietnamese() == text).Cast<PauseReason?>().FirstOrDefault()
        ?? throw new ArgumentOutOfRangeException(nameof(text), text, "Không có lý do tạm dừng này.");
}
