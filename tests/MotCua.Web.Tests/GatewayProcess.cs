using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The fake SMS/Zalo gateway (tools/MotCua.Gateway) as a <see cref="SimulatorProcess"/>, with the credentials and receipt
/// secrets below. <see cref="Configure"/> points an app at it; control modes <c>fail|slow|refuse|receipts|normal</c>.
/// </summary>
public sealed class GatewayProcess : SimulatorProcess
{
    public const string ApiKey = "test-sms-key";
    public const string AccessToken = "test-zalo-token";
    public const string SmsSecret = "test-sms-secret";
    public const string ZaloSecret = "test-zalo-secret";

    public GatewayProcess() : base("GatewayDll", "cổng SMS/Zalo giả") => Start();

    // The gateway has no /health: its message list answers once it serves.
    protected override string ReadyPath => "/messages";

    protected override IEnumerable<string> Arguments =>
    [
        "--Gateway:ApiKey", ApiKey, "--Gateway:AccessToken", AccessToken, "--Gateway:SmsSecret", SmsSecret, "--Gateway:ZaloSecret", ZaloSecret,
        "--Gateway:ReceiptDelayMilliseconds", "100",
    ];

    /// <summary>Points <paramref name="app"/>'s SMS and Zalo channels at this gateway and trusts its receipts.</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Sms:Url"] = new Uri(Address, "/sms/send").ToString();
        app.Settings["Motcua:Sms:ApiKey"] = ApiKey;
        app.Settings["Motcua:Sms:Brandname"] = "UBND-HUE";
        app.Settings["Motcua:Sms:ReceiptSecret"] = SmsSecret;
        app.Settings["Motcua:Zalo:Url"] = new Uri(Address, "/message/template").ToString();
        app.Settings["Motcua:Zalo:AccessToken"] = AccessToken;
        app.Settings["Motcua:Zalo:ReceiptSecret"] = ZaloSecret;
    }

    /// <summary>What the gateway accepted for a number (either form), as it records it.</summary>
    public async Task<List<JsonElement>> MessagesAsync(string to) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/messages?to={Uri.EscapeDataString(to)}") ?? [];
}
