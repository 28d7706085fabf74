using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Domain.Identity;

using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>The national population database, asked for one citizen by CCCD. Never throws for the service's failures:
/// they come back as <see cref="CitizenLookupAnswer.Unavailable"/>, so the desk goes on by hand.</summary>
public interface IPopulationRegistry
{
    /// <summary>Looks up <paramref name="idNumber"/> (a checked 12-digit CCCD) for <paramref name="purpose"/>, asked by
    /// <paramref name="officer"/> (their user name, passed on for the database's own log).</summary>
    Task<CitizenLookupAnswer> LookupAsync(string idNumber, string purpose, string officer, CancellationToken ct);
}

/// <summary>
/// The HTTP client of the population database, speaking the contract docs/POPULATION.md describes (the one the
/// simulator tools/MotCua.PopulationRegistry implements; the real service's contract through NDXP/LGSP is unverified):
/// <c>POST api/cong-dan/tra-cuu {soDinhDanh, mucDich, canBo}</c> with <c>X-Api-Key</c> → 200 <c>{hoTen, ngaySinh
/// (dd/MM/yyyy), gioiTinh, noiThuongTru, giayTo: [{loai, ten, so, nguon}]}</c> (the documents in the citizen's store or
/// whose data the database holds), 404 <c>{ma: "KHONG_TON_TAI"}</c>. Each call waits at most
/// <see cref="PopulationOptions.TimeoutSeconds"/>.
/// </summary>
public sealed class PopulationRegistryClient(IOptions<PopulationOptions> options, ILogger<PopulationRegistryClient> log) : IPopulationRegistry, IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<CitizenLookupAnswer> LookupAsync(string idNumber, string purpose, string officer, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Configured) return new CitizenLookupAnswer.Unavailable(RegistryFailure.NotConfigured);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.Url!.TrimEnd('/') + "/"), "api/cong-dan/tra-cuu"))
            {
                Content = JsonContent.Create(new { soDinhDanh = idNumber, mucDich = purpose, canBo = officer }),
            };
            request.Headers.Add("X-Api-Key", settings.Key() ?? "");
            using var response = await client.SendAsync(request, timeout.Token);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
                    return Read(idNumber, body) is { } citizen
                        ? new CitizenLookupAnswer.Found(citizen)
                        : Failed(RegistryFailure.Error, "câu trả lời thiếu trường cần có (hoTen, gioiTinh, noiThuongTru, ngaySinh dd/MM/yyyy)");
                case HttpStatusCode.NotFound:
                    return new CitizenLookupAnswer.NotFound();
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    return Failed(RegistryFailure.Refused, $"HTTP {(int)response.StatusCode}: kiểm tra Motcua:Population:ApiKey");
                default:
                    return Failed(RegistryFailure.Error, $"máy chủ báo lỗi HTTP {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(RegistryFailure.Slow, $"không trả lời trong {settings.TimeoutSeconds} giây");
        }
        catch (HttpRequestException e)
        {
            return Failed(RegistryFailure.Down, NetworkErrors.Vietnamese(e));
        }
        catch (JsonException)
        {
            return Failed(RegistryFailure.Error, "câu trả lời không phải JSON đọc được");
        }
    }

    // The database's fields; null when one is missing or the date is not dd/MM/yyyy.
    private static CitizenRecord? Read(string idNumber, JsonElement body)
    {
        string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("hoTen") is not { Length: > 0 } name || Text("gioiTinh") is not { Length: > 0 } sex || Text("noiThuongTru") is not { } residence
            || !DateOnly.TryParseExact(Text("ngaySinh"), "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
            return null;
        return new CitizenRecord(idNumber, name, born, sex, residence, Documents(body));
    }

    // giayTo: [{loai, ten, so, nguon}]; an item without its kind or name is left out, an absent list is none.
    private static List<CitizenDocument> Documents(JsonElement body)
    {
        if (!body.TryGetProperty("giayTo", out var list) || list.ValueKind != JsonValueKind.Array) return [];
        string? Text(JsonElement item, string name) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return [.. list.EnumerateArray()
            .Where(d => Text(d, "loai") is { Length: > 0 } && Text(d, "ten") is { Length: > 0 })
            .Select(d => new CitizenDocument(Text(d, "loai")!.Trim(), Text(d, "ten")!.Trim(), Text(d, "so")?.Trim() ?? "", ReusableDocuments.SourceOf(Text(d, "nguon"))))];
    }

    private CitizenLookupAnswer.Unavailable Failed(RegistryFailure failure, string detail)
    {
        log.LogWarning("CSDL dân cư: tra cứu không thành công ({Failure}): {Detail}", failure, detail);
        return new CitizenLookupAnswer.Unavailable(failure);
    }

    public void Dispose() => client.Dispose();
}
