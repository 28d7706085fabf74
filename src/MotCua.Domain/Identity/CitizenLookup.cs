using System.Globalization;
using System.Text;

namespace MotCua.Domain.Identity;

/// <summary>A citizen as the national population database (CSDL quốc gia về dân cư) holds them: CCCD (12 digits), full
/// name, date of birth (Vietnam calendar date), sex ("Nam"/"Nữ"), permanent residence (nơi thường trú), and the documents
/// in their store or whose data the database holds (<see cref="ReusableDocuments"/>; none when absent).</summary>
public sealed record CitizenRecord(string IdNumber, string FullName, DateOnly DateOfBirth, string Sex, string PermanentResidence,
    IReadOnlyList<CitizenDocument>? Documents = null)
{
    /// <summary>The documents held, never null.</summary>
    public IReadOnlyList<CitizenDocument> Held => Documents ?? [];
}

/// <summary>Why the population database gave no answer: not configured on this server, unreachable, slower than the
/// configured timeout, an error answer (5xx), or our credential refused.</summary>
public enum RegistryFailure { NotConfigured, Down, Slow, Error, Refused }

/// <summary>
/// What a lookup by CCCD in the population database answered: <see cref="Found"/> the citizen, <see cref="NotFound"/>
/// ("không tồn tại trong CSDL dân cư"), or <see cref="Unavailable"/> (the desk then goes on by hand, the applicant
/// unverified). The audit log records <see cref="Outcome"/>.
/// </summary>
public abstract record CitizenLookupAnswer
{
    private CitizenLookupAnswer() { }

    public sealed record Found(CitizenRecord Citizen) : CitizenLookupAnswer;

    public sealed record NotFound : CitizenLookupAnswer;

    public sealed record Unavailable(RegistryFailure Failure) : CitizenLookupAnswer;

    /// <summary>The outcome as the audit log's details name it: <c>found</c>, <c>not-found</c>, <c>unavailable:down</c> …</summary>
    public string Outcome => this switch
    {
        Found => "found",
        NotFound => "not-found",
        Unavailable u => "unavailable:" + u.Failure switch
        {
            RegistryFailure.NotConfigured => "not-configured",
            RegistryFailure.Down => "down",
            RegistryFailure.Slow => "slow",
            RegistryFailure.Error => "error",
            _ => "refused",
        },
        _ => throw new InvalidOperationException(),
    };

    /// <summary>What the desk tells the officer when the database gave no answer (Vietnamese).</summary>
    public static string Message(RegistryFailure failure) => failure switch
    {
        RegistryFailure.NotConfigured => "Máy chủ này chưa được kết nối CSDL quốc gia về dân cư. Nhập tay thông tin người nộp; hồ sơ ghi \"chưa xác thực\".",
        RegistryFailure.Slow => "CSDL dân cư không trả lời kịp (quá thời gian chờ). Nhập tay thông tin người nộp; hồ sơ ghi \"chưa xác thực\".",
        RegistryFailure.Refused => "CSDL dân cư từ chối khóa truy cập của hệ thống; báo quản trị viên. Nhập tay thông tin người nộp; hồ sơ ghi \"chưa xác thực\".",
        // Third trial LOW 11: an error answer (HTTP 5xx) came from a database that was reached; "không kết nối được" misled.
        RegistryFailure.Error => "CSDL dân cư đang gặp lỗi, chưa trả lời được lần tra cứu này (có thể thử lại sau ít phút). Nhập tay thông tin người nộp; hồ sơ ghi \"chưa xác thực\".",
        _ => "Không kết nối được CSDL dân cư. Nhập tay thông tin người nộp; hồ sơ ghi \"chưa xác thực\".",
    };
}

/// <summary>
/// The rules of a lookup request. The officer states why they look a citizen up (mục đích tra cứu): personal data is
/// processed only for a stated purpose (Nghị định 13/2023/NĐ-CP, Điều 3; Luật Căn cước 2023, Điều 10 on who may use the
/// database's data), and the purpose is kept in the audit log with the number looked up.
/// </summary>
public static class CitizenLookupRules
{
    /// <summary>Shortest and longest purpose, in characters [choice: "Tiếp nhận hồ sơ" alone is 15].</summary>
    public const int MinPurpose = 10, MaxPurpose = 300;

    /// <summary>Null when <paramref name="purpose"/> is acceptable, otherwise the reason in Vietnamese.</summary>
    public static string? CheckPurpose(string? purpose)
    {
        var text = purpose?.Trim() ?? "";
        if (text.Length == 0) return "Vui lòng ghi mục đích tra cứu (ví dụ: tiếp nhận hồ sơ đăng ký khai sinh).";
        if (text.Length < MinPurpose) return $"Mục đích tra cứu quá ngắn: ghi rõ ít nhất {MinPurpose} ký tự.";
        if (text.Length > MaxPurpose) return $"Mục đích tra cứu tối đa {MaxPurpose} ký tự.";
        return null;
    }

    /// <summary>Null when <paramref name="idNumber"/> can be looked up: a well-formed 12-digit CCCD (<see cref="CitizenId"/>;
    /// an old 9-digit CMND is not a key of the database); otherwise the reason in Vietnamese.</summary>
    /// <remarks>Sixteenth trial LOW 11d: a number of the wrong length was answered with <see cref="CitizenId"/>'s message,
    /// which offers the old 9-digit CMND as an alternative that lookup then refuses; any length but 12 now gets the one
    /// message that is true here.</remarks>
    public static string? CheckIdNumber(string? idNumber, DateOnly today)
    {
        var number = idNumber?.Trim() ?? "";
        if (number.Length > 0 && number.All(char.IsAsciiDigit) && number.Length != 12) return WrongLength;
        return CitizenId.Check(idNumber, today);
    }

    /// <summary>The answer to a number of any length but 12 digits: only a CCCD is a key of the population database.</summary>
    public const string WrongLength = "Tra cứu CSDL dân cư cần số CCCD 12 chữ số (CMND 9 số cũ không tra cứu được).";

    /// <summary>Whether the name submitted is still the one the database answered: case, spacing and Unicode composition
    /// aside (NFC), so an edited name loses the verified mark.</summary>
    public static bool SameName(string? submitted, string verified) =>
        string.Equals(Normal(submitted), Normal(verified), StringComparison.Ordinal);

    private static string Normal(string? name) =>
        string.Join(' ', (name ?? "").Normalize(NormalizationForm.FormC).ToUpper(CultureInfo.GetCultureInfo("vi-VN"))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
