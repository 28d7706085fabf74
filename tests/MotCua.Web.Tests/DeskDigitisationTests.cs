using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Files;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Digitisation;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>The app whose OCR command is a stand-in: it copies the scan (pages kept) and writes a citizen card's text to
/// the sidecar, so the desk's panel is tested in seconds; the real ocrmypdf is <see cref="OcrTests"/>' part.</summary>
public sealed class CardOcrApp : MotCuaApp
{
    public string Script { get; } = Path.Combine(Path.GetTempPath(), $"motcua-ocr-card-{Guid.NewGuid():N}.py");

    public CardOcrApp()
    {
        // OCRmyPDF's arguments: "--sidecar <file>" somewhere, input and output last.
        File.WriteAllText(Script, """
            #!/usr/bin/python3
            import sys, shutil
            args = sys.argv[1:]
            shutil.copyfile(args[-2], args[-1])
            with open(args[args.index('--sidecar') + 1], 'w', encoding='utf-8') as sidecar:
                sidecar.write('CĂN CƯỚC CÔNG DÂN\nSố định danh cá nhân: 046200012345\nHọ và tên:\nNguyễn Thị Hồng Nhung\nNgày sinh: 02/09/1995\n')
            """.Replace("\n            ", "\n").TrimStart());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Settings["Motcua:Ocr:Enabled"] = "true";
        Settings["Motcua:Ocr:PollMilliseconds"] = "200";
        Settings["Motcua:Ocr:Command"] = Script;
    }
}

/// <summary>The app told to read scans with a command that is not installed.</summary>
public sealed class MissingOcrApp : MotCuaApp
{
    public MissingOcrApp()
    {
        Settings["Motcua:Ocr:Enabled"] = "true";
        Settings["Motcua:Ocr:Command"] = "/nonexistent/ocrmypdf";
    }
}

/// <summary>
/// Issue 17 piece C at the desk (docs/FILES.md "Digitisation at the desk"): the panel (<c>/tiep-nhan/so-hoa</c>, a Razor
/// page, so Vietnamese goes out as text, not entities) lists the receiving officer's scan, its pages, the OCR state and
/// the candidates; "Điền" answers the form's input out of band with the OCR row's value; the checklist marks the
/// procedure's lines; another officer's scan is 404, other roles 403. Reuse: the second dossier of the same CCCD reuses
/// the first's digitised document by reference (no upload, no content, no OCR job) and intake writes
/// <c>reused_from_id</c>. <c>/readyz</c> says when the OCR command is missing.
/// </summary>
public class DeskDigitisationTests(CardOcrApp app, MissingOcrApp missing) : IClassFixture<CardOcrApp>, IClassFixture<MissingOcrApp>
{
    internal const string Applicant = "046190000222";
    // The app's encoder (Program.cs, WebEncoderOptions): every Unicode range as text.
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private async Task<string> StringAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A procedure the demo's Thuận Hóa desk receives that declares no e-form, as DeskIntakeTests picks it.</summary>
    private async Task<string> ProcedureAsync()
    {
        await app.ScalarAsync("SELECT 1");
        return await StringAsync($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields') ORDER BY ap.procedure_code LIMIT 1
            """);
    }

    private async Task<ProcedureSpec> SpecAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return (await ProcedureSpecs.LoadCurrentAsync(scope.ServiceProvider.GetRequiredService<MotCuaDb>(), code, default))!.Value.Spec;
    }

    private static async Task<long> StageScanAsync(HttpClient officer, byte[] scan)
    {
        var form = FileUploadTests.Form(("the-can-cuoc.pdf", scan));
        form.Add(new StringContent("desk-scan"), "purpose");
        var response = await officer.PostAsync("/api/v1/files/staged", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("files")[0].GetProperty("id").GetInt64();
    }

    private async Task ReadAsync(byte[] scan)
    {
        var sha256 = ContentHash.Of(scan);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT coalesce((SELECT state FROM ocr_results WHERE sha256 = '{sha256}'), 0)") >= 3,
            "lệnh OCR giả chạy xong", seconds: 300);
        Assert.Equal(3, await app.ScalarAsync($"SELECT state FROM ocr_results WHERE sha256 = '{sha256}'"));
    }

    /// <summary>The desk form's fields for the first document line (its name as the page writes it) and the applicant.</summary>
    internal static Dictionary<string, string> DeskForm(string html, string code, long staged)
    {
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return new()
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["thutuc"] = code, ["decision"] = "receive", ["ReceiveIncomplete"] = "true",
            ["ApplicantKind"] = "individual", ["FullName"] = "Phan Thị Mai", ["IdNumber"] = Applicant, ["Phone"] = "0914000222",
            ["Address"] = "3 Lê Lợi, phường Thuận Hóa", ["Channel"] = "direct", ["Sets"] = "1",
            ["Documents[0].Name"] = WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]), ["Documents[0].Received"] = "true",
            ["Documents[0].Originals"] = "1", ["Documents[0].Copies"] = "0", ["Documents[0].StagedFiles"] = staged.ToString(),
        };
    }

    internal static async Task<string> ReceiveAsync(HttpClient officer, string code, long staged)
    {
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(DeskForm(html, code, staged)));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString()[7..^6];
    }

    [Fact]
    public async Task The_panel_lists_the_scan_its_pages_state_and_candidates_and_fills_the_form_from_the_OCR_row()
    {
        var code = await ProcedureAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("the-can-cuoc-" + Guid.NewGuid().ToString("N"), pages: 2);
        var id = await StageScanAsync(officer, scan);
        await ReadAsync(scan);

        var response = await officer.GetAsync($"/tiep-nhan/so-hoa?thutuc={code}&Documents%5B0%5D.StagedFiles={id}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("<section id=\"so-hoa\"", html);
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"<a href=\"/tiep-nhan/so-hoa/tep/{id}\">the-can-cuoc.pdf</a> (2 trang)", html);
        Assert.Contains("Đã nhận dạng (bản PDF tìm kiếm được)", html);
        // Vietnamese as text: the framework's encoder (all Unicode ranges), not "&#224;" entities.
        Assert.DoesNotContain("&#", html);
        Assert.Contains("Từ bản quét: Số định danh <strong>046200012345</strong>", html);
        Assert.Contains("Từ bản quét: Họ và tên <strong>Nguyễn Thị Hồng Nhung</strong>", html);
        Assert.DoesNotContain("chưa có dấu", html);
        Assert.Contains("<strong>02/09/1995</strong>", html);
        Assert.Contains($"hx-get=\"/tiep-nhan/so-hoa/tep/{id}/dien?field=idNumber\"", html);
        Assert.Contains($"hx-get=\"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName\"", html);
        // A date has no input of the form to fill: shown, no "Điền".
        Assert.DoesNotContain("field=dateOfBirth", html);
        // Read: no more polling, only the form's changes.
        Assert.Contains("hx-trigger=\"change from:#intake-form delay:2s\"", html);

        // The checklist: each line to hand over of the procedure's list, the scanned one provided, the rest by the list.
        var spec = await SpecAsync(code);
        var lines = spec.Documents.Where(d => d.Kind == DocumentLineKind.Document && !d.MustPresentOnly).ToList();
        Assert.NotEmpty(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            var state = i == 0 ? "✓ có" : DocumentNeeds.Of(lines[i], Channel.Direct).Need switch
            {
                DocumentNeed.Required => "<strong>✗ thiếu</strong>",
                DocumentNeed.Conditional => "? kiểm tra điều kiện",
                _ => "– không yêu cầu ở kênh nộp này",
            };
            Assert.Contains($"{state} — {Html.Encode(lines[i].Name)}", html);
        }

        // "Điền": the form's own input, out of band, with the row's value.
        var fill = await officer.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=idNumber");
        var input = await fill.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, fill.StatusCode);
        Assert.Contains("<input id=\"IdNumber\" name=\"IdNumber\" value=\"046200012345\"", input);
        Assert.Contains("hx-swap-oob=\"outerHTML\"", input);
        Assert.Contains("aria-describedby=\"IdNumber-hint\"", input);
        var name = await (await officer.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName")).Content.ReadAsStringAsync();
        Assert.Contains("<input id=\"FullName\" name=\"FullName\" value=\"Nguyễn Thị Hồng Nhung\"", name);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=dateOfBirth")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=address")).StatusCode);
        // The scan itself, to the officer who staged it.
        var served = await officer.GetAsync($"/tiep-nhan/so-hoa/tep/{id}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(scan, await served.Content.ReadAsByteArrayAsync());

        // Another receiving officer: the scan is not theirs.
        var other = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/tiep-nhan/so-hoa/tep/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=idNumber")).StatusCode);
        var theirs = await other.GetStringAsync($"/tiep-nhan/so-hoa?Documents%5B0%5D.StagedFiles={id}");
        Assert.DoesNotContain("the-can-cuoc.pdf", theirs);
        Assert.DoesNotContain("046200012345", theirs);

        // Roles that do not receive: 403 on each.
        foreach (var user in new[] { "congchuc.thuanhoa", "lanhdao.thuanhoa" })
        {
            var client = await app.OfficerAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/tiep-nhan/so-hoa?Documents%5B0%5D.StagedFiles={id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=idNumber")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/tiep-nhan/so-hoa/tep/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_second_dossier_of_the_same_CCCD_reuses_the_first_ones_digitised_document_by_reference()
    {
        var code = await ProcedureAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("ban-so-hoa-" + Guid.NewGuid().ToString("N"), pages: 2);
        var sha256 = ContentHash.Of(scan);
        var scanned = await StageScanAsync(officer, scan);
        await ReadAsync(scan);
        var first = await ReceiveAsync(officer, code, scanned);
        var original = await app.ScalarAsync($"""
            SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{first}' AND f.digitised AND f.sha256 = '{sha256}' AND f.owner_id_number = '{Applicant}' AND f.document_index = 0
            """);

        // The panel of a new form with the same CCCD offers the file for line 0 and marks the line reusable.
        var panel = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&IdNumber={Applicant}");
        Assert.Contains($"↺ dùng lại từ hồ sơ {first}", panel);
        Assert.Contains($"Bản số hóa của hồ sơ {first}", panel);
        Assert.Contains($"hx-vals='{{\"original\": \"{original}\", \"document\": \"0\"}}'", panel);
        // The offer is a read of the applicant's other dossiers: audited with their codes.
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.list' AND subject = 'desk:reuse' AND details->'codes' ? '{first}'") >= 1);
        // Another CCCD: nothing offered.
        Assert.DoesNotContain("Dùng lại", await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&IdNumber=046190000333"));

        var contents = await app.ScalarAsync("SELECT count(*) FROM stored_files");
        var jobs = await app.ScalarAsync("SELECT count(*) FROM ocr_results");
        Dictionary<string, string> Reuse(string idNumber) => new()
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = idNumber, ["thutuc"] = code,
        };
        // Another applicant's number, and a role that does not receive: nothing staged.
        var refused = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(Reuse("046190000333")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var handler = await app.OfficerAsync("congchuc.thuanhoa");
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(Reuse(Applicant)))).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE reused_from_id = {original}"));

        // "Dùng lại": a staged reference, the form's hidden field; no content, no OCR job.
        var reused = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(Reuse(Applicant)));
        var fragment = await reused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        var staged = await app.ScalarAsync($"SELECT id FROM staged_files WHERE reused_from_id = {original} AND sha256 = '{sha256}' AND purpose = 3");
        Assert.Contains($"<input type=\"hidden\" name=\"Documents[0].StagedFiles\" value=\"{staged}\" />", fragment);
        Assert.Contains($"dùng lại từ hồ sơ {first}", fragment);
        Assert.Equal(contents, await app.ScalarAsync("SELECT count(*) FROM stored_files"));
        Assert.Equal(jobs, await app.ScalarAsync("SELECT count(*) FROM ocr_results"));

        // The panel with the reference: listed as reused, the line "↺ dùng lại", no second offer.
        var withReference = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&IdNumber={Applicant}&Documents%5B0%5D.StagedFiles={staged}&Documents%5B0%5D.Received=true");
        Assert.Contains("Dùng lại, không quét lại (từ hồ sơ " + first + ")", withReference);
        Assert.Contains($"↺ dùng lại từ hồ sơ {first}", withReference);
        Assert.DoesNotContain("Bản số hóa của hồ sơ", withReference);

        // Intake: the second dossier's file is the same content, reused from the first's, keeping its digitisation.
        var second = await ReceiveAsync(officer, code, staged);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id JOIN dossier_files o ON o.id = f.reused_from_id
            WHERE d.code = '{second}' AND f.reused_from_id = {original} AND f.sha256 = '{sha256}' AND f.document_index = 0
              AND f.digitised AND f.digitised_by_user_id = o.digitised_by_user_id AND f.digitised_at = o.digitised_at
            """));
        Assert.Equal(contents, await app.ScalarAsync("SELECT count(*) FROM stored_files"));
        Assert.Equal(jobs, await app.ScalarAsync("SELECT count(*) FROM ocr_results"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE id = {staged}"));
    }

    /// <summary>
    /// The fields htmx posts for the panel: those of the desk form <paramref name="html"/> that the <c>#so-hoa</c> host's
    /// own <c>hx-include</c> selects (<c>#intake-form</c>, the whole form, or its <c>[name=…]</c> / <c>[name$=…]</c>
    /// parts), as a browser would: inputs with their value (boxes and radios only when checked, never files), text
    /// areas with their text, selects with the option selected (else the first).
    /// </summary>
    internal static List<KeyValuePair<string, string>> PanelForm(string html)
    {
        var host = System.Text.RegularExpressions.Regex.Match(html, "<div id=\"so-hoa\" hx-post=\"/tiep-nhan/so-hoa\" hx-include=\"([^\"]*)\"");
        Assert.True(host.Success, "the desk form has no #so-hoa host that posts");
        var selectors = WebUtility.HtmlDecode(host.Groups[1].Value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var formStart = html.IndexOf("id=\"intake-form\"", StringComparison.Ordinal);
        var form = html[formStart..html.IndexOf("</form>", formStart, StringComparison.Ordinal)];
        string? Attribute(string tag, string name) =>
            System.Text.RegularExpressions.Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        var fields = new List<(string Name, string Value)>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(form,
            "<input\\b[^>]*>|<textarea\\b[^>]*>(.*?)</textarea>|<select\\b[^>]*>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var tag = m.Value[..(m.Value.IndexOf('>') + 1)];
            if (Attribute(tag, "name") is not { } name || tag.Contains(" disabled", StringComparison.Ordinal)) continue;
            var type = Attribute(tag, "type");
            if (type is "file" or "submit" or "button" || type is "checkbox" or "radio" && !tag.Contains(" checked", StringComparison.Ordinal)) continue;
            var value = m.Value.StartsWith("<textarea", StringComparison.Ordinal) ? WebUtility.HtmlDecode(m.Groups[1].Value)
                : m.Value.StartsWith("<select", StringComparison.Ordinal)
                    ? (System.Text.RegularExpressions.Regex.Matches(m.Groups[2].Value, "<option\\b[^>]*>").Select(o => o.Value)
                        .OrderByDescending(o => o.Contains(" selected", StringComparison.Ordinal)).Select(o => Attribute(o, "value")).FirstOrDefault() ?? "")
                : Attribute(tag, "value") ?? (type is "checkbox" or "radio" ? "on" : "");
            fields.Add((name, value));
        }
        bool Selected(string name) => selectors.Any(selector => selector switch
        {
            "#intake-form" => true,
            _ when System.Text.RegularExpressions.Regex.Match(selector, "^#intake-form \\[name(\\$?)='?([^'\\]]+)'?\\]$") is { Success: true } part =>
                part.Groups[1].Value == "$" ? name.EndsWith(part.Groups[2].Value, StringComparison.Ordinal) : name == part.Groups[2].Value,
            _ => throw new InvalidOperationException($"hx-include '{selector}' is not one this test reads"),
        });
        return [.. fields.Where(f => Selected(f.Name)).Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];
    }

    /// <summary>MEDIUM 2 of the first trial: the panel was asked with the whole intake form in the query, 414 for long
    /// forms (1.001193 at Thuận Hóa, 2.000908, 1.013225). Every procedure every demo desk receives: the panel, posted as
    /// the page's own hx-post and hx-include post it (the antiforgery token with the form), answers 200 with the
    /// procedure's checklist.</summary>
    [Fact]
    public async Task The_panel_is_posted_with_the_whole_form_for_every_procedure_at_every_desk()
    {
        await app.ScalarAsync("SELECT 1");
        var desks = new List<(string User, string Procedure)>();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT u.user_name, ap.procedure_code FROM users u JOIN agency_procedures ap ON ap.agency_id = u.agency_id
                WHERE u.role = 'receiving_officer' AND u.user_name LIKE 'tiepnhan.%' ORDER BY 1, 2
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) desks.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.True(desks.Select(d => d.User).Distinct().Count() >= 2, "the demo's desks");
        var failures = new List<string>();
        foreach (var desk in desks.GroupBy(d => d.User))
        {
            var officer = await app.OfficerAsync(desk.Key);
            foreach (var (_, procedure) in desk)
            {
                var form = PanelForm(await officer.GetStringAsync($"/tiep-nhan?thutuc={procedure}"));
                var response = await officer.PostAsync("/tiep-nhan/so-hoa", new FormUrlEncodedContent(form));
                var panel = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !panel.Contains("Số hóa giấy tờ", StringComparison.Ordinal))
                    failures.Add($"{desk.Key} {procedure}: {(int)response.StatusCode}, {form.Count} trường");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>MEDIUM 1 of trial 30: the panel was a GET with the form's fields in its query; 1.013225 (53 lines) with two
    /// staged scans on every line made a 5,658-character address, 414, and the panel broke at about 60 scans. Posted, the
    /// panel answers 200 and lists every scan.</summary>
    [Fact]
    public async Task The_panel_of_the_longest_list_with_two_scans_on_every_line_is_posted_and_lists_them_all()
    {
        const string code = "1.013225";
        await app.ScalarAsync("SELECT 1");
        var user = await StringAsync($"""
            SELECT u.user_name FROM users u JOIN agency_procedures ap ON ap.agency_id = u.agency_id
            WHERE u.role = 'receiving_officer' AND u.user_name LIKE 'tiepnhan.%' AND ap.procedure_code = '{code}' ORDER BY 1 LIMIT 1
            """);
        var officer = await app.OfficerAsync(user);
        var lines = DeskLines.Of(await SpecAsync(code), await ReusableKindsAsync()).Count;
        Assert.True(lines >= 50, $"{code} has {lines} lines to hand over");
        var scan = FileUploadTests.Pdf("dai-nhat-" + Guid.NewGuid().ToString("N"));
        var ids = new List<long>();
        while (ids.Count < 2 * lines)
        {
            var upload = FileUploadTests.Form([.. Enumerable.Range(0, Math.Min(10, 2 * lines - ids.Count)).Select(n => ($"trang-{ids.Count + n}.pdf", scan))]);
            upload.Add(new StringContent("desk-scan"), "purpose");
            var response = await officer.PostAsync("/api/v1/files/staged", upload);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            ids.AddRange(JsonDocument.Parse(text).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        }
        var form = PanelForm(await officer.GetStringAsync($"/tiep-nhan?thutuc={code}"));
        form.AddRange(ids.Select((id, n) => new KeyValuePair<string, string>($"Documents[{n / 2}].StagedFiles", id.ToString())));
        Assert.True(string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")).Length > Problems.RequestLimits.MaxTargetLength,
            "the form would not fit in a GET's address");

        var panel = await officer.PostAsync("/tiep-nhan/so-hoa", new FormUrlEncodedContent(form));
        var html = await panel.Content.ReadAsStringAsync();
        Assert.True(panel.StatusCode == HttpStatusCode.OK, html);
        Assert.All(ids, id => Assert.Contains($"<a href=\"/tiep-nhan/so-hoa/tep/{id}\">", html));
        Assert.DoesNotContain("✗ thiếu", html);
    }

    /// <summary>MEDIUM 3 of the first trial: Phú Xuân's desk was offered Thuận Hóa's dossier of the same CCCD and its
    /// scan. Reuse is offered and accepted only from dossiers the officer's own unit received.</summary>
    [Fact]
    public async Task Reuse_is_offered_and_accepted_only_from_the_officers_own_units_dossiers()
    {
        // A procedure without e-form both communes receive.
        await app.ScalarAsync("SELECT 1");
        var code = await StringAsync($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            JOIN agency_procedures other ON other.procedure_code = ap.procedure_code JOIN agencies b ON b.id = other.agency_id AND b.code = '{DemoData.PhuXuanCode}'
            JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields') ORDER BY ap.procedure_code LIMIT 1
            """);
        var thuanHoa = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("ban-so-hoa-" + Guid.NewGuid().ToString("N"));
        var scanned = await StageScanAsync(thuanHoa, scan);
        await ReadAsync(scan);
        var first = await ReceiveAsync(thuanHoa, code, scanned);
        var original = await app.ScalarAsync($"SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{first}'");

        // Phú Xuân receives the same procedure; its desk is offered nothing of Thuận Hóa's dossier (but sees the checklist).
        var phuXuan = await app.OfficerAsync("tiepnhan.phuxuan");
        var panel = await phuXuan.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&IdNumber={Applicant}");
        Assert.Contains("Đối chiếu thành phần hồ sơ", panel);
        Assert.DoesNotContain(first, panel);
        Assert.DoesNotContain("Dùng lại", panel);
        // Asked anyway: refused, nothing staged.
        var refused = await phuXuan.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = Applicant, ["thutuc"] = code,
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        // The true reason (trial 30 LOW 2), not the number or the kind of document.
        var why = await refused.Content.ReadAsStringAsync();
        Assert.Contains("chỉ dùng lại giấy tờ của hồ sơ do chính đơn vị ông/bà tiếp nhận", why);
        Assert.DoesNotContain("cùng số định danh", why);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE reused_from_id = {original}"));
        // Thuận Hóa's own desk still is (and "Dùng lại" also offered on a line already ticked, trial 17b LOW 3).
        var own = await thuanHoa.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&IdNumber={Applicant}&Documents%5B0%5D.Received=true");
        Assert.Contains($"Bản số hóa của hồ sơ {first}", own);
        // "Dùng lại" ticks the line's received box out of band (trial 17b LOW 3).
        var reused = await thuanHoa.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = Applicant, ["thutuc"] = code,
        }));
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.Contains("<input type=\"checkbox\" id=\"doc-0-received\" name=\"Documents[0].Received\" value=\"true\" checked hx-swap-oob=\"true\" />",
            await reused.Content.ReadAsStringAsync());
        // Clicked again (htmx posts the form, whose line now carries the reference): 204, nothing more staged (trial 30 LOW 2).
        var staged = await app.ScalarAsync($"SELECT id FROM staged_files WHERE reused_from_id = {original}");
        var again = await thuanHoa.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = Applicant, ["thutuc"] = code,
            ["Documents[0].StagedFiles"] = staged.ToString(), ["Documents[0].Received"] = "true",
        }));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE reused_from_id = {original}"));
    }

    [Fact]
    public async Task A_reference_staged_for_one_CCCD_is_refused_at_intake_for_another()
    {
        var code = await ProcedureAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("ban-so-hoa-" + Guid.NewGuid().ToString("N"));
        var scanned = await StageScanAsync(officer, scan);
        await ReadAsync(scan);
        var first = await ReceiveAsync(officer, code, scanned);
        var original = await app.ScalarAsync($"SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{first}'");
        var reused = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = Applicant, ["thutuc"] = code,
        }));
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        var staged = await app.ScalarAsync($"SELECT max(id) FROM staged_files WHERE reused_from_id = {original}");

        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var form = DeskForm(html, code, staged);
        form["IdNumber"] = "046190000333";
        var dossiers = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form));
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Giấy tờ dùng lại thuộc người có số định danh khác", await response.Content.ReadAsStringAsync());
        Assert.Equal(dossiers, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE id = {staged}"));
    }

    private async Task<IReadOnlyList<MotCua.Domain.Identity.ReusableKind>> ReusableKindsAsync()
    {
        using var scope = app.Services.CreateScope();
        return await MotCua.Web.Features.PopulationRegistry.ReusableKinds.LoadAsync(scope.ServiceProvider.GetRequiredService<MotCuaDb>(), default);
    }

    /// <summary>Every procedure a demo desk receives whose published list has a paper only shown (xuất trình để đối
    /// chiếu), with one desk that receives it (Thuận Hóa's first): generated from the seed, not picked by hand.</summary>
    private async Task<List<(string User, string Procedure)>> ShownPaperDesksAsync()
    {
        await app.ScalarAsync("SELECT 1");
        var desks = new List<(string User, string Procedure)>();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT DISTINCT ON (ap.procedure_code) u.user_name, ap.procedure_code FROM users u JOIN agency_procedures ap ON ap.agency_id = u.agency_id
                WHERE u.role = 'receiving_officer' AND u.user_name LIKE 'tiepnhan.%' ORDER BY ap.procedure_code, u.user_name <> 'tiepnhan.thuanhoa', u.user_name
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) desks.Add((reader.GetString(0), reader.GetString(1)));
        }
        var shown = new List<(string User, string Procedure)>();
        foreach (var desk in desks)
            if ((await SpecAsync(desk.Procedure)).Documents.Any(d => d.Kind == DocumentLineKind.Document && d.MustPresentOnly)) shown.Add(desk);
        Assert.Contains(shown, d => d.Procedure == "1.001193");
        Assert.Contains(shown, d => d.Procedure == "1.000894");
        return shown;
    }

    /// <summary>The desk form's document rows (<c>Documents[i].Name</c>) and those tagged shown only.</summary>
    private static (List<(int Index, string Name)> Rows, HashSet<int> Shown) FormRows(string html) =>
        ([.. System.Text.RegularExpressions.Regex.Matches(html, "name=\"Documents\\[(\\d+)\\]\\.Name\" value=\"([^\"]*)\"")
            .Select(m => (int.Parse(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))],
         [.. System.Text.RegularExpressions.Regex.Matches(html, "id=\"doc-(\\d+)-present\"").Select(m => int.Parse(m.Groups[1].Value))]);

    /// <summary>Trial 17v HIGH 1: the panel numbered the lines to hand over while the form also lists a shown paper of a
    /// reusable kind (1.001193's residence paper, 1.000894's first line), so each flag after it read the next row's tick: a
    /// ticked Tờ khai showed "✗ thiếu", the e-form line "✓ có". On every procedure with a shown paper, ticking the odd rows,
    /// then the even ones, the checklist lists the form's rows to hand over in order, "✓ có" exactly on the ticked ones.</summary>
    [Fact]
    public async Task The_checklist_flags_each_row_by_its_own_tick_on_every_procedure_with_a_shown_paper()
    {
        var failures = new List<string>();
        var officers = new Dictionary<string, HttpClient>();
        foreach (var (user, procedure) in await ShownPaperDesksAsync())
        {
            if (!officers.TryGetValue(user, out var officer)) officers[user] = officer = await app.OfficerAsync(user);
            var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={procedure}");
            var (rows, shown) = FormRows(html);
            foreach (var parity in new[] { 0, 1 })
            {
                var ticked = rows.Where(r => r.Index % 2 == parity).Select(r => r.Index).ToHashSet();
                var form = PanelForm(html).Where(f => !f.Key.EndsWith("].Received", StringComparison.Ordinal)).ToList();
                form.AddRange(ticked.Select(i => new KeyValuePair<string, string>($"Documents[{i}].Received", "true")));
                var panel = await (await officer.PostAsync("/tiep-nhan/so-hoa", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
                var flags = System.Text.RegularExpressions.Regex.Matches(panel,
                        "<li>(?:<strong>)?(✗ thiếu|✓ có|↺ dùng lại từ hồ sơ \\S+|– không yêu cầu ở kênh nộp này|\\? kiểm tra điều kiện)(?:</strong>)? — ([^\\n]*)")
                    .Select(m => (Provided: m.Groups[1].Value == "✓ có", Name: WebUtility.HtmlDecode(m.Groups[2].Value).Trim())).ToList();
                var expected = rows.Where(r => !shown.Contains(r.Index)).Select(r => (Provided: ticked.Contains(r.Index), r.Name)).ToList();
                if (!flags.SequenceEqual(expected))
                    failures.Add($"{user} {procedure} ({(parity == 0 ? "chẵn" : "lẻ")}): [{string.Join("; ", flags.Select(f => (f.Provided ? "✓ " : "· ") + f.Name))}]"
                        + $" ≠ [{string.Join("; ", expected.Select(f => (f.Provided ? "✓ " : "· ") + f.Name))}]");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Trial 17v HIGH 2: "Dùng lại" posted the checklist's index, so on a procedure with a shown paper the
    /// reused file went to the next row (1.000894: the e-form line) and the dossier recorded it there. On every procedure
    /// with a shown paper: an earlier digitised file of the applicant filed under the row after the shown paper is offered
    /// with that row's index, and "Dùng lại" stages it on that row; on 1.001193 and 1.000894 at Thuận Hóa the dossier
    /// received files it there (the files API's <c>documentName</c>).</summary>
    [Fact]
    public async Task Dung_lai_stages_the_paper_on_the_row_it_is_offered_for_on_every_procedure_with_a_shown_paper()
    {
        const string applicant = "046190000444";
        var cases = await ShownPaperDesksAsync();
        var failures = new List<string>();
        var officers = new Dictionary<string, HttpClient>();
        // One real digitised file per desk (its unit's dossier, this applicant), copied by SQL under each target line's name.
        var firstFiles = new Dictionary<string, long>();
        var tried = 0;
        foreach (var (user, procedure) in cases)
        {
            if (!officers.TryGetValue(user, out var officer)) officers[user] = officer = await app.OfficerAsync(user);
            var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={procedure}");
            var (rows, shown) = FormRows(html);
            // Shown papers the form does not list (none of a reusable kind) shift nothing.
            if (shown.Count == 0) continue;
            var target = rows.Where(r => r.Index > shown.Min() && !shown.Contains(r.Index) && !DocumentSubject.IsAboutAnotherPerson(r.Name))
                .Select(r => ((int, string)?)r).FirstOrDefault();
            if (target is not { } line) continue;
            // The earlier file is made at Thuận Hóa's desk; a procedure only another desk receives is left to the panel's test.
            if (user != "tiepnhan.thuanhoa") continue;
            tried++;
            if (!firstFiles.TryGetValue(user, out var seed))
            {
                var scan = FileUploadTests.Pdf("the-can-cuoc-" + Guid.NewGuid().ToString("N"));
                var scanned = await StageScanAsync(officer, scan);
                await ReadAsync(scan);
                var html0 = await officer.GetStringAsync($"/tiep-nhan?thutuc={await ProcedureAsync()}");
                var form0 = DeskForm(html0, await ProcedureAsync(), scanned);
                form0["IdNumber"] = applicant;
                var received = await officer.PostAsync($"/tiep-nhan?thutuc={await ProcedureAsync()}", new FormUrlEncodedContent(form0));
                Assert.True(received.StatusCode == HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
                firstFiles[user] = seed = await app.ScalarAsync($"""
                    SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
                    WHERE d.code = '{received.Headers.Location!.ToString()[7..^6]}' AND f.digitised
                    """);
            }
            long original;
            await using (var connection = new NpgsqlConnection(app.ConnectionString))
            {
                await connection.OpenAsync();
                await using var copy = new NpgsqlCommand("""
                    INSERT INTO dossier_files SELECT (jsonb_populate_record(f, jsonb_build_object('id', nextval(pg_get_serial_sequence('dossier_files', 'id')),
                        'document_name', $2::text, 'required_code', NULL))).* FROM dossier_files f WHERE f.id = $1 RETURNING id
                    """, connection);
                copy.Parameters.AddWithValue(seed);
                copy.Parameters.AddWithValue(line.Item2);
                original = (long)(await copy.ExecuteScalarAsync())!;
            }
            var panel = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={procedure}&IdNumber={applicant}");
            var offer = System.Text.RegularExpressions.Regex.Match(panel, $"hx-vals='{{\"original\": \"{original}\", \"document\": \"(\\d+)\"}}'\\s*hx-target=\"#doc-(\\d+)-staged\"");
            if (!offer.Success || offer.Groups[1].Value != line.Item1.ToString() || offer.Groups[2].Value != line.Item1.ToString())
            {
                failures.Add($"{procedure}: offered for row {(offer.Success ? offer.Groups[1].Value : "none")}, expected row {line.Item1} ({line.Item2})");
                continue;
            }
            var reused = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["original"] = original.ToString(), ["document"] = offer.Groups[1].Value, ["IdNumber"] = applicant, ["thutuc"] = procedure,
            }));
            var fragment = await reused.Content.ReadAsStringAsync();
            var staged = System.Text.RegularExpressions.Regex.Match(fragment, $"name=\"Documents\\[{line.Item1}\\]\\.StagedFiles\" value=\"(\\d+)\"");
            if (reused.StatusCode != HttpStatusCode.Created || !staged.Success || !fragment.Contains($"id=\"doc-{line.Item1}-received\"", StringComparison.Ordinal))
            {
                failures.Add($"{procedure}: Dùng lại {(int)reused.StatusCode} {fragment}");
                continue;
            }
            if (procedure is not ("1.001193" or "1.000894")) continue;

            // The dossier received with it: the files API lists the reused paper under its own line.
            var eForm = procedure == "1.001193" ? Requests.BirthRegistrationForm
                : OfficialBookTests.FormFor(MotCua.Domain.Registers.OfficialBooks.FormFieldsOf(procedure, ""));
            // Only the reused paper is handed in: the officer receives the dossier without its other required lines on
            // purpose (CIT35 LOW 6: DeskIncompleteTests).
            var response = await DeskIntakeForm.Of(officer, procedure, html).EForm(eForm).Applicant("Phan Thị Mai", applicant, "0914000444", "3 Lê Lợi, phường Thuận Hóa")
                .Tick(line.Item1).Stage(line.Item1, long.Parse(staged.Groups[1].Value)).ReceiveIncomplete().PostAsync();
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                failures.Add($"{procedure}: tiếp nhận {(int)response.StatusCode}");
                continue;
            }
            var code = response.Headers.Location!.ToString()[7..^6];
            var files = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/dossiers/{code}/files")).RootElement;
            var list = files.ValueKind == JsonValueKind.Array ? files : files.GetProperty("files");
            var names = list.EnumerateArray().Select(f => f.GetProperty("documentName").GetString()).ToList();
            if (names.Count != 1 || names[0] != line.Item2) failures.Add($"{procedure} {code}: tệp dùng lại ghi ở [{string.Join("; ", names)}], cần {line.Item2}");
        }
        Assert.True(tried >= 2, $"{tried} thủ tục có giấy tờ xuất trình ở Thuận Hóa");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Trial 17v LOW 4: tesseract read "NGUYỄN VĂN AN" as "NGUYEN VAN AN"; the panel offered "Nguyen Van An" as any
    /// name and "Điền" replaced the correctly typed "Nguyễn Văn An". A name without marks is flagged, and "Điền" keeps a
    /// typed name that differs from it only in marks; with nothing typed, or another name, it fills the candidate.</summary>
    [Fact]
    public async Task A_name_read_without_marks_is_flagged_and_Dien_keeps_the_typed_name_that_differs_only_in_marks()
    {
        var code = await ProcedureAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("the-khong-dau-" + Guid.NewGuid().ToString("N"));
        var id = await StageScanAsync(officer, scan);
        await ReadAsync(scan);
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"UPDATE ocr_results SET fields = '[{{\"field\": \"fullName\", \"value\": \"Nguyen Van An\"}}]'::jsonb WHERE sha256 = '{ContentHash.Of(scan)}'", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var panel = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={code}&Documents%5B0%5D.StagedFiles={id}");
        Assert.Contains("Từ bản quét: Họ và tên <strong>Nguyen Van An</strong>", panel);
        Assert.Contains("(chưa có dấu, kiểm tra lại)", panel);
        Assert.Contains($"hx-get=\"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName\" hx-include=\"#FullName\"", panel);

        var kept = await officer.GetStringAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName&FullName={Uri.EscapeDataString("Nguyễn Văn An")}");
        Assert.Contains("<input id=\"FullName\" name=\"FullName\" value=\"Nguyễn Văn An\"", kept);
        Assert.Contains("<input id=\"FullName\" name=\"FullName\" value=\"Nguyen Van An\"", await officer.GetStringAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName"));
        Assert.Contains("<input id=\"FullName\" name=\"FullName\" value=\"Nguyen Van An\"",
            await officer.GetStringAsync($"/tiep-nhan/so-hoa/tep/{id}/dien?field=fullName&FullName={Uri.EscapeDataString("Trần Thị Bình")}"));
    }

    [Fact]
    public async Task Readyz_says_when_the_OCR_command_is_not_installed()
    {
        var ready = JsonDocument.Parse(await missing.CreateClient().GetStringAsync("/readyz")).RootElement;
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Contains(ready.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("OCR: chưa cài ocrmypdf", StringComparison.Ordinal));
        // Installed (the stand-in): no note.
        var installed = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/readyz")).RootElement;
        Assert.Empty(installed.GetProperty("notes").EnumerateArray());
    }
}
