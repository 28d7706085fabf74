using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MotCua.NationalPortal;

/// <summary>
/// <c>POST /control/push {url, apiKey, count, agencyCode?, procedureCode?, form?, submittedAt?, files?, paid?}</c>: the portal pushes
/// <c>count</c> (1–100) invented online dossiers to the one-stop system at <c>url</c> (<c>POST /api/v1/portal/dossiers</c>,
/// <c>X-Api-Key: apiKey</c>), as it passes on what citizens submitted (docs/PORTAL.md "Inbound"). Each accepted one is
/// held here at status 1 under its code (from before the push; dropped when refused), so the system's later HoSo updates and
/// steps for it are accepted as the portal would. Defaults: Đăng ký khai sinh (1.001193) at phường Thuận Hóa with a complete e-form; no NgayNopHoSo unless
/// <c>submittedAt</c> (yyyyMMddHHmmss) is given, so the system's own clock dates the submission. Its documents are
/// <c>files: [{name, file}]</c> when given (each <c>file</c> a name given by <c>PUT /tep/{file}</c>, served at this
/// simulator's own address), else two one-page PDFs made here: for the birth registration a birth certificate and its
/// declaration, with its e-form and the father as applicant; for another procedure a request form and a supporting paper
/// named after it, with an empty e-form (<c>form</c> gives one). Answers
/// <c>{pushed: [{portalCode, status, answer}]}</c>. With <c>portalCode</c> and <c>files</c> (count 1): the dossier pushed
/// under that code is pushed again, the same body with <c>files</c> added as documents: a supplement answered on the portal.
/// With <c>portalCode</c> and no <c>files</c>: the body last pushed under that code is sent again unchanged, <c>count</c>
/// times, as the portal repeats a push it got no answer to (the sixteenth trial had to hand-make "the same push 10 times",
/// and the simulator then did not know the dossier). With <c>paid: [{name, amount}]</c> (amount integer VND, a JSON number
/// or a string of digits: the portal's <c>Gia</c> is text) the citizen paid those fees on the portal:
/// <c>DuocThanhToanTrucTuyen "1"</c> and <c>DanhSachLePhi</c>. A body the simulator cannot push is answered 400 with a
/// Vietnamese message (<see cref="Refusal"/>), never 500 (trial 14v LOW 1: a numeric amount crashed it; <c>"paid": true</c>
/// was ignored).
/// </summary>
public static class PortalPush
{
    private static readonly string[] Names = ["Lê Thị Hồng", "Trần Văn Bình", "Nguyễn Thị Mai", "Phạm Minh Tuấn", "Hoàng Thị Lan", "Võ Văn Cường"];
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static int serial;
    // What was pushed under each code, for a push again of the same dossier.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> Sent = new();

    /// <summary>Why a push command cannot be carried out, in Vietnamese (the 400's <c>message</c>).</summary>
    public sealed class Refusal(string message) : Exception(message);

    /// <summary>The fees of <c>paid</c> as (name, amount as the portal's digits), empty when absent; a <see cref="Refusal"/>
    /// naming the entry for anything else: not an array, an entry not an object, a name not text, an amount not a positive
    /// integer (a JSON number or a string of digits).</summary>
    public static IReadOnlyList<(string Name, string Amount)> PaidFees(JsonNode? paid)
    {
        if (paid is null) return [];
        if (paid is not JsonArray list)
            throw new Refusal("paid phải là danh sách các khoản đã nộp trên Cổng: [{\"name\": \"Lệ phí\", \"amount\": 50000}].");
        var fees = new List<(string, string)>();
        foreach (var (entry, i) in list.Select((entry, i) => (entry, i)))
        {
            if (entry is not JsonObject fee) throw new Refusal($"paid[{i}] phải là một khoản {{name, amount}}.");
            string? name = null;
            if (fee["name"] is not null && !(fee["name"] is JsonValue n && n.TryGetValue(out name)))
                throw new Refusal($"paid[{i}].name phải là tên khoản phí, lệ phí (chuỗi).");
            var amount = fee["amount"] switch
            {
                JsonValue v when v.TryGetValue<long>(out var number) => number,
                JsonValue v when v.TryGetValue<string>(out var digits) && digits.Length is > 0 and <= 13 && digits.All(char.IsAsciiDigit) => long.Parse(digits, CultureInfo.InvariantCulture),
                _ => -1L,
            };
            if (amount is < 1 or > 9_999_999_999_999)
                throw new Refusal($"paid[{i}].amount phải là số tiền nguyên dương, đồng (số JSON hoặc chuỗi chữ số, ví dụ 50000).");
            fees.Add((string.IsNullOrWhiteSpace(name) ? "Lệ phí" : name, amount.ToString(CultureInfo.InvariantCulture)));
        }
        return fees;
    }

    /// <summary>Pushes as the command says; null when the command lacks url, apiKey or a count of 1–100 (the caller's usual
    /// 400); a <see cref="Refusal"/> for a field it cannot use or a system it cannot reach.</summary>
    public static async Task<object?> RunAsync(JsonObject? command, PortalState state, PortalFiles files, Uri self, HttpClient http, CancellationToken ct)
    {
        string? Text(string name) => command?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var paidFees = PaidFees(command?["paid"]);
        if (command?["files"] is { } given && (given is not JsonArray fileList || fileList.Any(f => f is not JsonObject o
                || o["file"] is not JsonValue file || !file.TryGetValue<string>(out _) || (o["name"] is { } fn && !(fn is JsonValue nv && nv.TryGetValue<string>(out _))))))
            throw new Refusal("files phải là danh sách [{\"name\": \"…\", \"file\": \"tên tệp đã PUT /tep/{tên}\"}].");
        var url = Text("url");
        var count = command?["count"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 1;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target) || string.IsNullOrEmpty(Text("apiKey")) || count is < 1 or > 100) return null;
        var pushed = new List<object>();
        // A supplement answered on the portal (round 5): the dossier pushed under portalCode is pushed again, the same body with
        // the given files added as documents; without files, the same body repeated.
        var again = Text("portalCode") is { } repushed ? Sent.GetValueOrDefault(repushed) : null;
        var added = command?["files"] is JsonArray { Count: > 0 };
        if (Text("portalCode") is not null && (again is null || (added && count != 1))) return null;
        for (var i = 0; i < count; i++)
        {
            JsonObject body;
            if (again is not null)
            {
                body = (JsonObject)again.DeepClone();
                var documents = (JsonArray)body["TaiLieuNop"]!;
                if (added)
                    foreach (var document in Documents(body["MaHoSo"]!.GetValue<string>(), (JsonArray)command!["files"]!, files, self, documents.Count))
                        documents.Add(document!.DeepClone());
            }
            else
            {
                var procedure = Text("procedureCode") ?? BirthRegistration;
                body = Invent(Text("agencyCode") ?? "000.10.01.H46", procedure, command?["form"] as JsonObject, Text("submittedAt"));
                body["TaiLieuNop"] = Documents(body["MaHoSo"]!.GetValue<string>(), command?["files"] as JsonArray, files, self, procedure: procedure);
                // Fees the citizen paid on the portal: paid [{name, amount}], sent as the portal does (Gia: integer VND as text).
                if (paidFees.Count > 0)
                {
                    body["DuocThanhToanTrucTuyen"] = "1";
                    body["DanhSachLePhi"] = new JsonArray([.. paidFees.Select(f => (JsonNode)new JsonObject
                    {
                        ["TenPhiLePhi"] = f.Name, ["MaPhiLePhi"] = "", ["HinhThucThu"] = "2", ["Gia"] = f.Amount, ["LoaiPhiLePhi"] = "2",
                    })]);
                }
                // The portal holds its dossier before passing it on: the system's first update may arrive before this answer.
                state.Pushed(body);
            }
            Sent[body["MaHoSo"]!.GetValue<string>()] = body;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, "/api/v1/portal/dossiers")) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", Text("apiKey"));
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, ct); }
            catch (HttpRequestException e)
            {
                if (again is null) state.Forget(body["MaHoSo"]!.GetValue<string>());
                throw new Refusal($"Không gọi được hệ thống một cửa tại {target}: {e.Message}");
            }
            using (response)
            {
                var answer = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode && again is null) state.Forget(body["MaHoSo"]!.GetValue<string>());
                // An answer that is not JSON (a proxy's HTML page) is passed on as text.
                JsonNode? parsed;
                try { parsed = answer.Length == 0 ? null : JsonNode.Parse(answer); }
                catch (System.Text.Json.JsonException) { parsed = JsonValue.Create(answer); }
                pushed.Add(new { portalCode = body["MaHoSo"]!.GetValue<string>(), status = (int)response.StatusCode, answer = parsed });
            }
        }
        return new { pushed };
    }

    // The portal's own code: its unit, the Vietnam day, and a serial from the time of day, so a restarted simulator does
    // not reuse the code of a dossier it pushed earlier that day.
    // Third trial LOW 12: the birth registration's e-form and papers went with every procedure, and its e-form (the
    // father declaring) with a random applicant. The simulator has no catalogue: the birth registration, the default, gets
    // its own e-form, papers and the father as applicant; any other procedure an empty e-form (one that has an e-form is
    // then refused naming its fields: send `form`) and two papers named after the procedure, unless `form`/`files` say.
    private const string BirthRegistration = "1.001193";
    private const string Father = "Nguyễn Văn An";

    private static JsonObject Invent(string agencyCode, string procedureCode, JsonObject? form, string? submittedAt)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(Vietnam);
        var next = Interlocked.Increment(ref serial);
        var code = $"000.00.00.G22-{now:yyMMdd}-{(int)now.TimeOfDay.TotalSeconds * 100 + next % 100:D7}";
        var random = new Random(next * 7919 + (int)now.TimeOfDay.TotalSeconds);
        var birth = form is null && procedureCode == BirthRegistration;
        var name = birth ? Father : Names[random.Next(Names.Length)];
        var body = new JsonObject
        {
            ["MaHoSo"] = code, ["MaTTHC"] = procedureCode, ["MaDonViTiepNhan"] = agencyCode, ["KenhThucHien"] = "2",
            ["ChuHoSo"] = name, ["SoGiayToChuHoSo"] = $"0460950{random.Next(0, 100_000):D5}", ["LoaiDoiTuong"] = "1",
            ["MaDoiTuong"] = $"TECH-{random.Next(100_000, 999_999)}", ["Email"] = "", ["SoDienThoai"] = $"0905{random.Next(0, 1_000_000):D6}",
            ["DiaChi"] = "Phường Thuận Hóa, thành phố Huế", ["TaiKhoanDuocXacThucVoiVNeID"] = "1", ["DuocThanhToanTrucTuyen"] = "0",
            ["DuLieuToKhai"] = form?.DeepClone() ?? (!birth ? new JsonObject() : new JsonObject
            {
                ["hoTenTre"] = "Nguyễn Minh Khang", ["ngaySinh"] = "2024-06-15", ["noiSinh"] = "Bệnh viện Trung ương Huế", ["gioiTinh"] = "Nam",
                ["danToc"] = "Kinh", ["quocTich"] = "Việt Nam", ["hoTenMe"] = "Trần Thị Thu Hà",
                ["namSinhMe"] = "1995", ["danTocMe"] = "Kinh", ["quocTichMe"] = "Việt Nam", ["noiCuTruMe"] = "27 Đống Đa, phường Thuận Hóa, thành phố Huế",
                ["hoTenCha"] = Father, ["namSinhCha"] = "1993", ["danTocCha"] = "Kinh", ["quocTichCha"] = "Việt Nam",
                ["noiCuTruCha"] = "27 Đống Đa, phường Thuận Hóa, thành phố Huế", ["quanHe"] = "Cha",
            }),
        };
        if (submittedAt is not null) body["NgayNopHoSo"] = submittedAt;
        return body;
    }

    // The given files, or two documents whose one-page PDFs the simulator makes and holds under the dossier's code: the
    // birth registration's own papers, or for another procedure a request form and a supporting paper named after it.
    private static JsonArray Documents(string code, JsonArray? given, PortalFiles files, Uri self, int already = 0, string procedure = BirthRegistration)
    {
        var documents = new JsonArray();
        if (given is { Count: > 0 })
        {
            foreach (var (item, i) in given.Select((item, i) => (item, i + already)))
                documents.Add(Document(i + 1, item?["name"]?.GetValue<string>() ?? $"Giấy tờ {i + 1}", new Uri(self, "/tep/" + item!["file"]!.GetValue<string>()),
                    digitised: false, reused: "0"));
            return documents;
        }
        var papers = procedure == BirthRegistration
            ? new[] { (1, "Giấy chứng sinh", true), (2, "Tờ khai đăng ký khai sinh", false) }
            : [(1, $"Đơn, tờ khai theo mẫu (thủ tục {procedure})", false), (2, $"Giấy tờ kèm theo (thủ tục {procedure})", true)];
        foreach (var (id, name, digitised) in papers)
        {
            var file = $"{code}/{id}.pdf";
            files.Put(file, PortalFiles.OnePagePdf($"{name} - {code}"));
            documents.Add(Document(id, name, new Uri(self, "/tep/" + file), digitised, reused: "0"));
        }
        return documents;
    }

    private static JsonObject Document(int id, string name, Uri url, bool digitised, string reused) => new()
    {
        ["TepDinhKemId"] = id.ToString(CultureInfo.InvariantCulture), ["TenTepDinhKem"] = name, ["IsDeleted"] = "False", ["MaThanhPhanHoSo"] = "",
        ["DuongDanTaiTepTin"] = url.ToString(), ["DuocSoHoa"] = digitised ? "1" : "0",
        ["DuocTaiSuDung"] = reused,
    };
}

public sealed partial class PortalState
{
    /// <summary>Drops a dossier the system refused to take.</summary>
    public void Forget(string code)
    {
        lock (gate) dossiers.Remove(code);
    }

    /// <summary>Holds a dossier the portal pushed at status 1 under its code: the system's updates of it are then known.</summary>
    public void Pushed(JsonObject push)
    {
        var code = push["MaHoSo"]!.GetValue<string>();
        lock (gate)
        {
            if (dossiers.ContainsKey(code)) return;
            var held = new PortalDossier { HoSo = new JsonObject { ["MaHoSo"] = code, ["MaTTHC"] = push["MaTTHC"]!.DeepClone(), ["TrangThaiHoSo"] = "1" } };
            held.Statuses.Add("1");
            dossiers[code] = held;
        }
    }
}
