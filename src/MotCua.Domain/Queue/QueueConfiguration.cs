namespace MotCua.Domain.Queue;

/// <summary>A service of a centre's queue as its administrator sets it: the letter printed before the number
/// (<see cref="TicketNumber"/>), the name on the kiosk, the fields (lĩnh vực) it serves, the most remote tickets a day
/// (null: the share of the expected capacity, <see cref="RemoteWindow.Quota"/>) and whether tickets are still given.</summary>
public sealed record QueueServiceSetting(string? Letter, string? Name, IReadOnlyList<string>? Fields, int? RemoteQuota, bool Active = true);

/// <summary>A counter (quầy) of a centre as its administrator sets it: its number on the call screen, its name, the
/// letters of the services it calls, and whether it is closed (kept for its tickets, never taken or called to).</summary>
public sealed record QueueCounterSetting(int? Number, string? Name, IReadOnlyList<string>? Services, bool Closed = false);

/// <summary>A centre's whole queue: its services and counters (docs/CITIZENS.md "Queue administration").</summary>
public sealed record QueueConfiguration(IReadOnlyList<QueueServiceSetting>? Services, IReadOnlyList<QueueCounterSetting>? Counters)
{
    /// <summary>The most services a centre has: one per letter A–Z.</summary>
    public const int MaxServices = 26;

    /// <summary>The most counters a centre has (a counter's number is 1–999).</summary>
    public const int MaxCounters = 999;

    /// <summary>The most fields a service lists, and the longest field name.</summary>
    public const int MaxFields = 50, MaxFieldLength = 200;

    /// <summary>
    /// The errors of a configuration, keyed by the JSON path of the field (<c>services[1].letter</c>,
    /// <c>counters[0].services[2]</c>), each a Vietnamese sentence; empty when it may be saved. A service: one capital
    /// A–Z unique in the centre, a name of 1–200 characters, at most 50 distinct fields of 1–200 characters, a remote
    /// quota of 0–9,999 or none. A counter: a number 1–999 unique in the centre, a name of at most 200 characters, at least
    /// one service, each a letter of a service of this configuration named once; an open counter calls at least one
    /// service that still gives tickets. [choice] Services are known by their letter and counters by their number, so the
    /// same configuration sent twice changes nothing.
    /// </summary>
    public static Dictionary<string, string> Check(QueueConfiguration? configuration)
    {
        var errors = new Dictionary<string, string>();
        if (configuration is null) return new() { ["body"] = "Gửi cấu hình xếp hàng gồm services và counters." };
        var services = configuration.Services ?? [];
        var counters = configuration.Counters ?? [];
        if (configuration.Services is null) errors["services"] = "Khai báo danh sách dịch vụ (services), có thể rỗng.";
        if (configuration.Counters is null) errors["counters"] = "Khai báo danh sách quầy (counters), có thể rỗng.";
        if (services.Count > MaxServices) errors["services"] = $"Tối đa {MaxServices} dịch vụ (mỗi chữ cái A–Z một dịch vụ).";
        if (counters.Count > MaxCounters) errors["counters"] = $"Tối đa {MaxCounters} quầy.";
        var letters = new Dictionary<char, bool>();
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var at = $"services[{i}]";
            if (s is null) { errors[at] = "Dịch vụ không được để trống."; continue; }
            var letter = s.Letter?.Trim();
            if (letter is not { Length: 1 } || !TicketNumber.IsLetter(letter[0]))
                errors[at + ".letter"] = "Chữ của dịch vụ là một chữ cái in hoa không dấu A–Z (in trước số: A007).";
            else if (!letters.TryAdd(letter[0], s.Active))
                errors[at + ".letter"] = $"Chữ {letter} đã dùng cho một dịch vụ khác của cơ quan; mỗi dịch vụ một chữ riêng.";
            if (s.Name?.Trim() is not { Length: >= 1 and <= 200 }) errors[at + ".name"] = "Tên dịch vụ từ 1 đến 200 ký tự.";
            var fields = s.Fields ?? [];
            if (fields.Count > MaxFields) errors[at + ".fields"] = $"Tối đa {MaxFields} lĩnh vực cho một dịch vụ.";
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var j = 0; j < fields.Count && j < MaxFields; j++)
            {
                var field = fields[j]?.Trim();
                if (field is not { Length: >= 1 and <= MaxFieldLength }) errors[$"{at}.fields[{j}]"] = $"Tên lĩnh vực từ 1 đến {MaxFieldLength} ký tự.";
                else if (!seen.Add(field)) errors[$"{at}.fields[{j}]"] = $"Lĩnh vực “{field}” đã có trong dịch vụ này.";
            }
            if (s.RemoteQuota is < 0 or > TicketNumber.MaxPerDay)
                errors[at + ".remoteQuota"] = $"Số lấy trực tuyến tối đa mỗi ngày từ 0 đến {TicketNumber.MaxPerDay}, hoặc để trống (theo công suất dự kiến).";
        }
        var numbers = new HashSet<int>();
        for (var i = 0; i < counters.Count; i++)
        {
            var c = counters[i];
            var at = $"counters[{i}]";
            if (c is null) { errors[at] = "Quầy không được để trống."; continue; }
            if (c.Number is not (>= 1 and <= 999)) errors[at + ".number"] = "Số quầy từ 1 đến 999.";
            else if (!numbers.Add(c.Number.Value)) errors[at + ".number"] = $"Quầy số {c.Number} đã khai báo; mỗi quầy một số riêng.";
            if (c.Name is { } name && name.Trim().Length > 200) errors[at + ".name"] = "Tên quầy tối đa 200 ký tự.";
            var served = c.Services ?? [];
            if (served.Count == 0) { errors[at + ".services"] = "Chọn ít nhất một dịch vụ quầy gọi số."; continue; }
            var named = new HashSet<char>();
            var anyActive = false;
            for (var j = 0; j < served.Count; j++)
            {
                var letter = served[j]?.Trim();
                if (letter is not { Length: 1 } || !letters.TryGetValue(letter[0], out var active))
                    errors[$"{at}.services[{j}]"] = $"Không có dịch vụ “{served[j]}” trong cấu hình; quầy chỉ gọi số của các dịch vụ đã khai báo ({string.Join(", ", letters.Keys.Order())}).";
                else if (!named.Add(letter[0])) errors[$"{at}.services[{j}]"] = $"Dịch vụ {letter} đã chọn cho quầy này.";
                else anyActive |= active;
            }
            if (!c.Closed && !anyActive && !errors.Keys.Any(k => k.StartsWith(at + ".services[", StringComparison.Ordinal)))
                errors[at + ".services"] = "Quầy đang mở phải gọi ít nhất một dịch vụ còn cấp số; đóng quầy hoặc chọn dịch vụ khác.";
        }
        return errors;
    }
}
