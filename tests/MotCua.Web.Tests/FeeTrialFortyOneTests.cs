using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, trial 14v's ten LOWs (/work/wt/TRIAL14v.md §2; docs/FEES.md "Trial 14v (fees41)") over real HTTP and
/// PostgreSQL: the portal simulator's push with a numeric amount; an oversized signed callback; the adoption PUT's
/// documented meaning; the local fee's wording; the officer's fee wording; receipt item names in full; requestIds of
/// part-payments; /ke-toan's long lists paged; the accountant's typed paid time clamped to now.
/// </summary>
public class FeeTrialFortyOneTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // Each test has its own month: the class's tests share one database.
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2025, month, day, hour, minute, second, VietnamTime.Offset);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<string?> TextAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    // ------------------------------------------------------------------ LOW 1: the portal simulator's paid[].amount

    [Fact]
    public async Task The_portal_simulator_takes_a_numeric_paid_amount_and_refuses_a_bad_one_with_400()
    {
        using var portal = new NationalPortalProcess();
        Assert.Equal(1, await app.ScalarAsync("SELECT 1"));
        object Push(object? paid) => new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, paid };

        var push = await portal.Client.PostAsJsonAsync("/control/push", Push(new[] { new { name = "Lệ phí", amount = 50000 } }));
        Assert.True(push.StatusCode == HttpStatusCode.OK, $"{(int)push.StatusCode} {await push.Content.ReadAsStringAsync()}");
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
        Assert.True(pushed.GetProperty("status").GetInt32() == 201, pushed.ToString());
        var code = pushed.GetProperty("answer").GetProperty("code").GetString();
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.method = 'online' AND p.amount_vnd = 50000
            """));

        // Anything else: a 400 with a message naming the field, never a 500, and nothing pushed.
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        foreach (var (paid, field) in new (object, string)[]
        {
            (true, "paid"), (new[] { 5 }, "paid[0]"), (new[] { new { name = "Phí", amount = (object)0 } }, "paid[0].amount"),
            (new[] { new { name = "Phí", amount = (object)-5 } }, "paid[0].amount"), (new[] { new { name = "Phí", amount = (object)50000.5 } }, "paid[0].amount"),
            (new[] { new { name = "Phí", amount = (object)"abc" } }, "paid[0].amount"), (new[] { new { name = (object)7, amount = (object)"1000" } }, "paid[0].name"),
        })
        {
            var refused = await portal.Client.PostAsJsonAsync("/control/push", Push(paid));
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(paid)}: {(int)refused.StatusCode} {text}");
            Assert.Contains(field, JsonDocument.Parse(text).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        var files = await portal.Client.PostAsync("/control/push", new StringContent(
            $$"""{"url":"{{app.BaseAddress}}","apiKey":"{{DemoData.PortalApiKey}}","count":1,"files":[{"name":1,"file":2}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, files.StatusCode);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    // ------------------------------------------------------------------ LOW 2: an oversized signed callback

    [Fact]
    public async Task A_signed_callback_over_the_limit_is_a_413_saying_so_before_the_signature_and_writes_nothing()
    {
        app.Clock.Now = At(2, 3, 10);
        var partner = await FeeTrialSteps.PartnerAsync(app, "bank-huge");
        var code = await app.SubmitAsync("1.001294", "046095000411");
        var payments = await app.ScalarAsync("SELECT count(*) FROM payments");
        var padded = PaymentPartner.Body("HUGE-41", 10_000, $"Nop phi {code}", app.Clock.Now)
            .Replace("TRAN THI BINH", new string('A', 2 * JsonBody.MaxBytes), StringComparison.Ordinal);
        // Declared by its length, and sent in chunks with no length: the same answer.
        foreach (var chunked in new[] { false, true })
        {
            using var request = partner.Request(padded, app.Clock.Now);
            if (chunked)
            {
                request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)));
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.TransferEncodingChunked = true;
            }
            var answer = await app.CreateClient().SendAsync(request);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)answer.StatusCode} {text}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var message = JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("body")[0].GetString();
            Assert.Equal("Nội dung yêu cầu quá lớn (tối đa 1 MB).", message);
        }
        Assert.Equal(payments, await app.ScalarAsync("SELECT count(*) FROM payments"));
        // A wrong signature on a body within the limit is still the 401.
        var small = PaymentPartner.Body("SMALL-41", 10_000, $"Nop phi {code}", app.Clock.Now);
        using var wrong = partner.Request(small, app.Clock.Now, new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().SendAsync(wrong)).StatusCode);
    }

    // ------------------------------------------------------------------ LOW 3: purpose is optional, as the OpenAPI says

    [Fact]
    public async Task The_callback_fields_docs_FEES_md_requires_are_the_OpenAPI_s_and_money_without_a_purpose_is_unmatched()
    {
        app.Clock.Now = At(3, 3, 10);
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = document.GetProperty("paths").GetProperty("/api/v1/payments/callback").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
        var fees = File.ReadAllText(Path.Combine(MotCuaApp.RepoRoot(), "docs", "FEES.md"));
        var start = fees.IndexOf("Body `{ transactionId", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/FEES.md states the callback's body");
        var body = fees[start..fees.IndexOf("}`", start, StringComparison.Ordinal)];
        // A field written without "?" is one the docs require.
        var fields = System.Text.RegularExpressions.Regex.Matches(body, @"(?:\{|,)\s*([a-zA-Z]+)(\?)?")
            .Select(m => (Name: m.Groups[1].Value, Optional: m.Groups[2].Success)).ToList();
        Assert.Contains(fields, f => f.Name == "purpose");
        Assert.Equal(required, fields.Where(f => !f.Optional).Select(f => f.Name).Order().ToList());
        Assert.Contains("unmatched", fees[start..(start + 1200)], StringComparison.Ordinal);

        // What the docs say: a signed callback without purpose is recorded, unmatched.
        var partner = await FeeTrialSteps.PartnerAsync(app, "bank-nopurpose");
        var json = JsonSerializer.Serialize(new { transactionId = "NOPURPOSE-41", amountVnd = 12_000, paidAt = app.Clock.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) });
        var answer = await FeeTrialSteps.OkAsync(await partner.SendAsync(app.CreateClient(), json, app.Clock.Now));
        Assert.Equal("unmatched", answer.GetProperty("flag").GetString());
    }

    // ------------------------------------------------------------------ LOW 4: the adoption PUT's meaning, docs and behaviour

    [Fact]
    public async Task An_adoption_PUT_of_nothing_keeps_the_local_fee_and_nulls_clear_it()
    {
        app.Clock.Now = At(4, 7, 10);
        var admin = await app.OfficerAsync("quantri");
        const string Adoption = $"/api/v1/agencies/{DemoData.CentreCode}/procedures/1.001294";
        async Task PutAsync(string json)
        {
            var answer = await admin.PutAsync(Adoption, new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{json}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
        async Task<string> SourceAsync(string idNumber)
        {
            var code = await app.SubmitAsync("1.001294", idNumber);
            return (await TextAsync($"SELECT f.source FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"))!;
        }
        await PutAsync("""{"fee":77000,"feeText":"Nghị quyết của HĐND tỉnh","feeKind":"fee"}""");
        Assert.Equal("local", await SourceAsync("046095000441"));
        // {} changes nothing (a partial update, as documented), and the next intake still takes the unit's fee.
        await PutAsync("{}");
        Assert.Equal("local", await SourceAsync("046095000442"));
        await PutAsync("""{"fee":null,"feeText":null}""");
        Assert.Equal("catalogue", await SourceAsync("046095000443"));

        // The docs say what the endpoint does (they said "PUT replaces the local terms").
        var catalog = File.ReadAllText(Path.Combine(MotCuaApp.RepoRoot(), "docs", "CATALOG.md"));
        Assert.DoesNotContain("PUT replaces the local terms", catalog, StringComparison.Ordinal);
        Assert.Contains("`{}` changes\nnothing", catalog, StringComparison.Ordinal);
        Assert.Contains("""`{"fee": null, "feeText": null}`""", catalog, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ LOW 6: no parentheses inside the amount's parentheses

    [Fact]
    public void The_fixed_wordings_printed_in_parentheses_after_the_amount_due_hold_none_of_their_own()
    {
        foreach (var source in new[] { "catalogue", "local", "none", "officer", "unplaced" })
        {
            var words = MotCua.Web.Features.Fees.DossierFees.SourceName(source);
            Assert.False(words.Contains('(', StringComparison.Ordinal) || words.Contains(')', StringComparison.Ordinal), $"{source}: {words}");
        }
        Assert.Equal("do cán bộ xác định khi tiếp nhận, vì văn bản công bố không nêu được mức thu", MotCua.Web.Features.Fees.DossierFees.SourceName("officer"));
    }

    // ------------------------------------------------------------------ LOW 8: requestIds of part-payments

    [Fact]
    public async Task Every_accepted_part_payment_lists_the_request_it_paid_towards()
    {
        app.Clock.Now = At(5, 6, 9);
        var code = await app.SubmitAsync("1.001294", "046095000481");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var fee = await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}");
        Assert.True(fee >= 2, "1.001294 charges an intake fee");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var part = fee / 2;
        app.Clock.Now = At(5, 6, 10);
        var first = await FeeTrialSteps.OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = part, method = "cash", paidAt = app.Clock.Now, payerName = "Lê Văn Phần" }));
        Assert.Equal("underpaid", first.GetProperty("flag").GetString());
        var firstId = first.GetProperty("id").GetInt64();
        await FeeTrialSteps.OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{Id(firstId)}/resolve", new { accept = true, note = "Nhận một phần" }));

        async Task<Dictionary<long, long[]>> ListedAsync() =>
            (await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("payments").EnumerateArray()
                .ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("requestIds").EnumerateArray().Select(r => r.GetInt64()).ToArray());
        // The request is still open: the accepted part paid towards it.
        Assert.Equal([request], (await ListedAsync())[firstId]);

        app.Clock.Now = At(5, 6, 11);
        var rest = await FeeTrialSteps.OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = fee - part, method = "cash", paidAt = app.Clock.Now, payerName = "Lê Văn Phần" }));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {request} AND status = 'paid'"));
        var listed = await ListedAsync();
        Assert.Equal([request], listed[firstId]);
        Assert.Equal([request], listed[rest.GetProperty("id").GetInt64()]);
    }

    // ------------------------------------------------------------------ LOW 10: the accountant's typed time clamped to now

    [Fact]
    public async Task A_typed_paid_time_a_little_ahead_is_recorded_as_now_and_the_levy_s_pause_ends_at_that_same_instant()
    {
        app.Clock.Now = At(6, 4, 10, 20);
        var code = await app.SubmitAsync("1.001294", "046095000491");
        var intake = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var fee = await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {intake}");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        // The intake fee over the page, "10:28" typed at 10:27:38: recorded at 10:27:38, on the payment and its request.
        app.Clock.Now = At(6, 4, 10, 27, 38);
        var page = await accountant.GetAsync("/ke-toan");
        var token = MotCuaApp.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var posted = await accountant.PostAsync("/ke-toan?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["requestId"] = Id(intake), ["amountVnd"] = Id(fee), ["method"] = "cash", ["paidAt"] = "04/06/2025 10:28", ["payerName"] = "Lê Văn Sớm",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, $"{(int)posted.StatusCode}");
        Assert.Equal(At(6, 4, 10, 27, 38).ToUnixTimeSeconds(), await app.ScalarAsync($"SELECT extract(epoch FROM paid_at)::bigint FROM payments WHERE request_id = {intake}"));
        Assert.Equal(At(6, 4, 10, 27, 38).ToUnixTimeSeconds(), await app.ScalarAsync($"SELECT extract(epoch FROM paid_at)::bigint FROM payment_requests WHERE id = {intake}"));

        // A levy over the API, a minute ahead: the payment and the end of the pause are the same instant, now.
        var levy = await app.ObligationAsync(code, 1_500_000);
        app.Clock.Now = At(6, 4, 11, 5, 12);
        var paid = await FeeTrialSteps.OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = levy, amountVnd = 1_500_000, method = "transfer", paidAt = At(6, 4, 11, 6), payerName = "Lê Văn Sớm" }));
        Assert.Equal(At(6, 4, 11, 5, 12), paid.GetProperty("paidAt").GetDateTimeOffset());
        // The same confirmation sent again a few seconds later is the one recorded, not a second payment.
        app.Clock.Now = At(6, 4, 11, 5, 20);
        var again = await FeeTrialSteps.OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = levy, amountVnd = 1_500_000, method = "transfer", paidAt = At(6, 4, 11, 6), payerName = "Lê Văn Sớm" }));
        Assert.Equal(paid.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        using (var scope = app.Services.CreateScope())
        {
            var dossier = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
            Assert.Equal(At(6, 4, 11, 5, 12), Assert.Single(dossier.Pauses).To);
        }
        // More than five minutes ahead is still refused.
        app.Clock.Now = At(6, 4, 11, 10);
        var code2 = await app.SubmitAsync("1.001294", "046095000492");
        var intake2 = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code2}'");
        var refused = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = intake2, amountVnd = fee, method = "cash", paidAt = At(6, 4, 11, 16) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    // ------------------------------------------------------------------ LOW 5: the local fee's name and the unit's note

    [Fact]
    public async Task A_local_fee_is_named_after_the_procedure_s_fee_and_its_note_is_labelled_the_unit_s()
    {
        app.Clock.Now = At(7, 8, 9);
        var admin = await app.OfficerAsync("quantri");
        const string Adoption = $"/api/v1/agencies/{DemoData.CentreCode}/procedures/1.001294";
        const string Note = "Mức thu theo Nghị quyết số 12/2025/NQ-HĐND tỉnh";
        var set = await admin.PutAsJsonAsync(Adoption, new { fee = 66_000, feeText = Note, feeKind = "charge" });
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        try
        {
            var desk = await app.OfficerAsync("tiepnhan.trungtam");
            // The desk's preview: the note under the unit's label, not the catalogue's.
            var preview = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?handler=Fee&thutuc=1.001294&Channel=direct"));
            Assert.Contains("<summary>Mức thu do đơn vị quy định</summary><p>" + Note, preview, StringComparison.Ordinal);
            Assert.DoesNotContain("Nội dung công bố", preview, StringComparison.Ordinal);

            var code = await app.SubmitAsync("1.001294", "046095000451");
            var item = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee").GetProperty("items").EnumerateArray().Single();
            var name = item.GetProperty("name").GetString()!;
            Assert.StartsWith("Lệ phí ", name, StringComparison.Ordinal);
            Assert.DoesNotContain("tại cơ quan", name, StringComparison.Ordinal);
            Assert.Equal(Note, item.GetProperty("publishedText").GetString());

            // The dossier page: the item by its name, the note as the unit's.
            var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{code}"));
            Assert.Contains("<dt>Lệ phí: " + name + "</dt>", page, StringComparison.Ordinal);
            Assert.Contains("<dt>Mức thu do đơn vị quy định</dt>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Theo công bố", page, StringComparison.Ordinal);

            // Mẫu 01's payment line, and the receipt's item, carry the same name.
            var pdf = Path.Combine(Path.GetTempPath(), $"{code}-41.pdf");
            await File.WriteAllBytesAsync(pdf, await app.ApiClient().GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"));
            var text = string.Join(' ', MotCuaApp.Tool("pdftotext", $"{pdf} -").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(name, text, StringComparison.Ordinal);
            Assert.DoesNotContain("tại cơ quan", text, StringComparison.Ordinal);
            var partner = await FeeTrialSteps.PartnerAsync(app, "bank-local-41");
            var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "LOCAL-41", 66_000, $"Nop phi {code}", app.Clock.Now);
            Assert.Equal(name, await TextAsync($"SELECT items -> 0 ->> 'name' FROM receipts WHERE payment_id = {Id(paid.GetProperty("id").GetInt64())} AND cancelled_at IS NULL"));
        }
        finally
        {
            await admin.PutAsJsonAsync(Adoption, new { fee = (long?)null, feeText = (string?)null });
        }
    }

    // ------------------------------------------------------------------ LOW 9: /ke-toan's long lists paged

    [Fact]
    public async Task The_accountant_s_flagged_and_settled_lists_are_paged_as_the_open_requests_are()
    {
        app.Clock.Now = At(8, 5, 9);
        var code = await app.SubmitAsync("1.001294", "046095000461");
        // 45 payments settled on this dossier and 45 flagged money of no dossier, as four months of the centre make.
        await app.ScalarAsync($"""
            INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at)
            SELECT d.id, 1000 + g, 'cash', '{app.Clock.Now:O}'::timestamptz - g * interval '1 minute', '{app.Clock.Now:O}'
            FROM dossiers d, generate_series(1, 45) g WHERE d.code = '{code}'
            """);
        await app.ScalarAsync($"""
            INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at, flag)
            SELECT NULL, 2000 + g, 'transfer', '{app.Clock.Now:O}', '{app.Clock.Now:O}', 'unmatched' FROM generate_series(1, 45) g
            """);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        static int Rows(string html, string table)
        {
            var start = html.IndexOf($"<table id=\"{table}\">", StringComparison.Ordinal);
            var body = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
            return System.Text.RegularExpressions.Regex.Matches(body, "<tr><td>").Count;
        }
        var first = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Equal(20, Rows(first, "flags"));
        Assert.Equal(20, Rows(first, "settled"));
        Assert.Contains("id=\"flags-pages\"", first, StringComparison.Ordinal);
        Assert.Contains("id=\"settled-pages\"", first, StringComparison.Ordinal);
        Assert.Contains("href=\"?trang-canh-bao=2\"", first, StringComparison.Ordinal);
        // The last page of each holds the rest, and the other list's page is kept in the links.
        var flagsTotal = (int)await app.ScalarAsync($"""
            SELECT count(*) FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id JOIN agencies a ON a.code = '{DemoData.CentreCode}'
            WHERE p.flag IS NOT NULL AND p.flag_resolved_at IS NULL AND (d.id IS NULL OR d.receiving_agency_id = a.id OR p.held_by = a.id)
            """);
        var settledTotal = (int)await app.ScalarAsync($"""
            SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id JOIN agencies a ON a.code = '{DemoData.CentreCode}'
            WHERE d.receiving_agency_id = a.id AND (p.flag IS NULL OR p.flag_accepted)
            """);
        var lastFlags = (flagsTotal + 19) / 20;
        var lastSettled = (settledTotal + 19) / 20;
        var last = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/ke-toan?trang-canh-bao={lastFlags}&trang-da-thu={lastSettled}"));
        Assert.Equal(flagsTotal - (lastFlags - 1) * 20, Rows(last, "flags"));
        Assert.Equal(settledTotal - (lastSettled - 1) * 20, Rows(last, "settled"));
        Assert.Contains($"href=\"?trang-canh-bao={lastFlags - 1}&trang-da-thu={lastSettled}\"", last, StringComparison.Ordinal);
        // A page past the end shows the last one.
        Assert.Equal(flagsTotal - (lastFlags - 1) * 20, Rows(WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan?trang-canh-bao=9999")), "flags"));
        await app.ScalarAsync($"DELETE FROM payments WHERE flag = 'unmatched' AND amount_vnd BETWEEN 2001 AND 2045 AND method = 'transfer' AND dossier_id IS NULL");
    }
}
