using System.Text.Json;
using MotCua.Web.Features.NationalPortal;

namespace MotCua.Web.Tests;

/// <summary>Issue 16, sixteenth trial finding 8: the coordination hub (Hệ thống điều phối) is configuration
/// (<c>Motcua:CoordinationHub</c>), checked at start-up and named on <c>/readyz</c>; nothing is sent to it.</summary>
public sealed class CoordinationHubTests
{
    [Fact]
    public void A_disabled_hub_is_not_checked_and_an_enabled_one_names_every_bad_key()
    {
        Assert.Empty(new CoordinationHubOptions { BaseUrl = "không phải địa chỉ" }.Problems());
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "bi-mat\n");
        try
        {
            Assert.Empty(new CoordinationHubOptions { Enabled = true, BaseUrl = "https://dieuphoi.gov.vn/api", ClientId = "hue", ClientSecretFile = secret }.Problems());
            Assert.Empty(new CoordinationHubOptions { Enabled = true, BaseUrl = "http://127.0.0.1:5090", ClientId = "hue", ClientSecret = "x" }.Problems());
        }
        finally { File.Delete(secret); }
        var problems = new CoordinationHubOptions { Enabled = true, BaseUrl = "ftp://dieuphoi", ClientSecretFile = "/khong/co/tep" }.Problems();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Motcua:CoordinationHub:BaseUrl:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Motcua:CoordinationHub:ClientId:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Motcua:CoordinationHub:ClientSecretFile:", StringComparison.Ordinal));
        Assert.Contains(new CoordinationHubOptions { Enabled = true, BaseUrl = "http://dieuphoi.gov.vn", ClientId = "hue", ClientSecret = "x" }.Problems(),
            p => p.Contains("https", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_enabled_hub_is_named_on_readyz_and_a_misconfigured_one_stops_the_start()
    {
        using (var app = new MotCuaApp())
        {
            app.Settings["Motcua:CoordinationHub:Enabled"] = "true";
            app.Settings["Motcua:CoordinationHub:BaseUrl"] = "https://dieuphoi.gov.vn/api";
            app.Settings["Motcua:CoordinationHub:ClientId"] = "hue";
            app.Settings["Motcua:CoordinationHub:ClientSecret"] = "bi-mat";
            var ready = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/readyz")).RootElement;
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            Assert.Contains(ready.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("Hệ thống điều phối: đã cấu hình (dieuphoi.gov.vn)", StringComparison.Ordinal));
        }
        using var bad = new MotCuaApp();
        bad.Settings["Motcua:CoordinationHub:Enabled"] = "true";
        var refused = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Motcua:CoordinationHub:BaseUrl", refused.ToString(), StringComparison.Ordinal);
    }
}
