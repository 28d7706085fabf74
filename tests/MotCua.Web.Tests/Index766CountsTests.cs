using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Feedback;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The 766 index's kept counts (migration 0049): after a generated mix of real processing through the API (intake at two
/// communes, online acceptance, transfers, steps, approvals and refusals, supplement requests and receipts, financial
/// obligations and payments, withdrawals, stops, results returned, at instants spread over three months) and of writes
/// the API does not make (online and flagged payments, an accountant's acceptance, a payment attached to a dossier later,
/// a cancelled payment request, a fee, a signed result, a second supplement request and one deleted, a dossier moved to
/// another unit, a transaction rolled back), every agency × month × input of <c>index766_counts</c> and every
/// agency × month × procedure of <c>index766_procedure_counts</c> equals a recount in C# over the rows read back, and the
/// API's index for each month equals the same recount. Seeded (MOTCUA_PROPERTY_SEED replays a run).
/// </summary>
public class Index766CountsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    // The actions' paths and a body that satisfies each (an action whose rules refuse it at that moment is skipped).
    private static readonly Dictionary<string, (string Path, object Body)> Actions = new()
    {
        ["acceptOnline"] = ("accept-online", new { }),
        ["refuseOnline"] = ("refuse-online", new { reason = "Hồ sơ không hợp lệ", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" }),
        ["transfer"] = ("transfer", new { }),
        ["completeStep"] = ("complete-step", new { note = "Đã thẩm định" }),
        ["sendBack"] = ("complete-step", new { note = "Trả lại bước trước", sendBack = true }),
        ["approve"] = ("approve", new { note = "Đồng ý" }),
        ["refuseOnMerits"] = ("refuse", new { reason = "Không đủ điều kiện" }),
        ["resultReady"] = ("result-ready", new { }),
        ["return"] = ("return", new { method = "desk", receivedBy = "Nguyễn Văn An" }),
        ["requestSupplement"] = ("supplement-request", new { items = new[] { new { document = "Bản sao giấy khai sinh", reason = "Bản chụp mờ" } } }),
        ["supplementReceived"] = ("supplement-received", new { }),
        ["requireFinancialObligation"] = ("financial-obligation", new { note = "Lệ phí", amountVnd = 50000 }),
        ["paymentReceived"] = ("payment-received", new { note = "Đã nộp" }),
        ["withdraw"] = ("withdraw", new { reason = "Công dân xin rút hồ sơ" }),
        ["stop"] = ("stop", new { reason = "Công dân không bổ sung hồ sơ" }),
    };

    private static readonly string[] Ends = ["withdraw", "stop", "refuseOnline", "refuseOnMerits"];

    [Fact]
    public async Task The_kept_counts_equal_a_recount_after_a_generated_mix_of_processing_payments_and_corrections()
    {
        var seed = Environment.GetEnvironmentVariable("MOTCUA_PROPERTY_SEED") is { Length: > 0 } given
            ? int.Parse(given.Split(',')[0], CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"MOTCUA_PROPERTY_SEED={seed},1");
        var random = new Random(seed);
        // Signed in again at each step, at the app's clock of that step: sessions end by that clock (idle and absolute limits).
        async Task<HttpClient[]> OfficersAsync(string agency) => agency == DemoData.ThuanHoaCode
            ? [await app.OfficerAsync("tiepnhan.thuanhoa"), await app.OfficerAsync("congchuc.thuanhoa"), await app.OfficerAsync("lanhdao.thuanhoa")]
            // The demo staffs Phú Xuân's desk only: its dossiers are received, transferred, withdrawn or stopped there.
            : [await app.OfficerAsync("tiepnhan.phuxuan")];
        string[] channels = ["direct", "online", "postal"];
        var clock = new DateTimeOffset(2025, 9, 22, 8, 0, 0, Vn);
        var codes = new List<(string Code, string Agency)>();
        var actions = 0;
        for (var n = 0; n < 24; n++)
        {
            var agency = n % 2 == 0 ? DemoData.ThuanHoaCode : DemoData.PhuXuanCode;
            app.Clock.Now = clock = clock.AddHours(random.Next(2, 60));
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: agency, channel: channels[random.Next(3)], idNumber: $"0460951{n:D5}",
                submittedAt: clock));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            codes.Add((code, agency));
            // Up to 16 actions, each one of those the unit's officers may take then (drawn among all of them, so that
            // some dossiers go all the way to a result), 1 to 8 hours after the last.
            for (var step = random.Next(0, 17); step > 0; step--)
            {
                app.Clock.Now = clock = clock.AddHours(random.Next(1, 9));
                var officers = await OfficersAsync(agency);
                var choices = new List<(HttpClient Officer, string Action)>();
                foreach (var officer in officers)
                    choices.AddRange((await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                        .EnumerateArray().Select(a => a.GetString()!).Where(Actions.ContainsKey).Select(a => (officer, a)));
                if (choices.Count == 0) break;
                // Ending a dossier without a result is drawn one time in four, so that most reach a result.
                if (random.Next(4) > 0 && choices.Any(c => !Ends.Contains(c.Action))) choices.RemoveAll(c => Ends.Contains(c.Action));
                var (by, action) = choices[random.Next(choices.Count)];
                var (path, body) = Actions[action];
                var acted = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
                if (acted.StatusCode == HttpStatusCode.OK) actions++;
                else Assert.True(acted.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict or HttpStatusCode.Forbidden,
                    $"{path}: {(int)acted.StatusCode} {await acted.Content.ReadAsStringAsync()}");
            }
        }
        output.WriteLine($"{codes.Count} hồ sơ, {actions} thao tác thành công");
        Assert.True(actions >= 20, $"Chỉ {actions} thao tác thành công: dữ liệu sinh ra không đủ đa dạng.");

        // 5.1: feedback through the register's API at the two communes, at instants over the same months: refused,
        // transferred outside MotCua, answered and published (after a request to the sender for more information on some),
        // each quickly (every step in time) or slowly (some step late), and some left open. A random of its own, so that
        // the dossiers' writes below draw as before for a replayed seed.
        var feedbackRandom = new Random(seed ^ 0x51);
        var feedbackClock = new DateTimeOffset(2025, 9, 24, 8, 0, 0, Vn);
        for (var n = 0; n < 20; n++)
        {
            var agency = n % 2 == 0 ? DemoData.ThuanHoaCode : DemoData.PhuXuanCode;
            var officer = agency == DemoData.ThuanHoaCode ? "congchuc.thuanhoa" : "tiepnhan.phuxuan";
            app.Clock.Now = feedbackClock = feedbackClock.AddHours(feedbackRandom.Next(4, 40));
            var at = feedbackClock;
            var registered = await (await app.OfficerAsync(officer)).PostAsJsonAsync("/api/v1/feedback/desk", new
            {
                channel = "desk", kind = n % 3 == 0 ? "kien-nghi" : "phan-anh", senderName = $"Người Gửi {(char)('A' + n)}", senderPhone = $"0905{n:D6}",
                senderAddress = "Huế", agencyCode = agency, content = $"Phản ánh số {n} về quy định thủ tục hành chính cần sửa.",
            });
            Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
            var number = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
            // Quick: 1 to 3 hours between acts; slow: 4 to 10 days.
            var slow = n / 4 % 2 == 1;
            var path = n % 4;
            async Task ActAsync(string act, object body)
            {
                app.Clock.Now = at = at.AddHours(slow ? feedbackRandom.Next(96, 241) : feedbackRandom.Next(1, 4));
                var done = await (await app.OfficerAsync(officer)).PostAsJsonAsync($"/api/v1/feedback/{number}/{act}", body);
                Assert.True(done.StatusCode == HttpStatusCode.OK, $"{number} {act}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
            }
            if (n >= 18) continue; // left registered: open
            if (path == 0) { await ActAsync("classify", new { classification = "refused", reason = "Không thuộc phạm vi quy định hành chính" }); continue; }
            if (path == 1) { await ActAsync("classify", new { classification = "outside-competence", reason = "Thuộc thẩm quyền bộ", transferTo = "Bộ Tư pháp" }); continue; }
            await ActAsync("classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền của đơn vị" });
            if (path == 3)
            {
                await ActAsync("request-information", new { what = "Đề nghị cho biết thủ tục cụ thể được phản ánh." });
                await ActAsync("information-received", new { note = "Người gửi đã bổ sung." });
            }
            await ActAsync("answer", new { text = "Đơn vị đã rà soát quy định và trả lời nội dung phản ánh như sau." });
            if (n >= 16) continue; // answered, not yet published: open
            await ActAsync("publish", new { text = "Đơn vị đã rà soát quy định và trả lời nội dung phản ánh như sau." });
        }
        app.Clock.Now = clock;

        // Writes the API does not make here, each on a random dossier, in its own transaction.
        string Pick() => codes[random.Next(codes.Count)].Code;
        string Id(string code) => $"(SELECT id FROM dossiers WHERE code = '{code}')";
        var phuXuan = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.PhuXuanCode}'");
        string[] writes =
        [
            $"INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at) SELECT {Id(Pick())}, 8000, 'online', now(), now() RETURNING 1",
            $"INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at, flag) SELECT {Id(Pick())}, 9000, 'online', now(), now(), 'underpaid' RETURNING 1",
            "UPDATE payments SET flag_accepted = true, flag_resolved_at = now() WHERE id = (SELECT min(id) FROM payments WHERE flag IS NOT NULL AND flag_accepted IS NULL) RETURNING 1",
            "INSERT INTO payments (amount_vnd, method, paid_at, recorded_at, flag) VALUES (7000, 'online', now(), now(), 'unmatched') RETURNING 1",
            $"UPDATE payments SET dossier_id = {Id(Pick())}, flag = NULL WHERE id = (SELECT max(id) FROM payments WHERE dossier_id IS NULL AND flag_resolved_at IS NULL) RETURNING 1",
            $"UPDATE payments SET dossier_id = {Id(Pick())} WHERE id = (SELECT min(id) FROM payments) RETURNING 1",
            $"INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at) SELECT {Id(Pick())}, 'intake', 10000, 'Lệ phí', 'open', now() RETURNING 1",
            "UPDATE payment_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'Nhầm' WHERE id = (SELECT max(id) FROM payment_requests) RETURNING 1",
            $"""
            INSERT INTO dossier_fees (dossier_id, fee_vnd, charge_vnd, due_vnd, source, fixed_at) SELECT {Id(Pick())}, 10000, 0, 10000, 'local', now()
            ON CONFLICT (dossier_id) DO UPDATE SET due_vnd = 0, fee_vnd = 0 RETURNING 1
            """,
            $"""
            INSERT INTO dossier_events (dossier_id, at, actor_name, action, from_status, to_status)
            SELECT id, coalesce(received_at, submitted_at), 'Sinh dữ liệu', 'supplement-request', 4, 5 FROM dossiers WHERE code = '{Pick()}' RETURNING 1
            """,
            "DELETE FROM dossier_events WHERE id = (SELECT max(id) FROM dossier_events WHERE action = 'supplement-request') RETURNING 1",
            $"""
            INSERT INTO issued_documents (key, agency_id, kind, series, year, serial, number, issued_at)
            SELECT 'dossier:' || id || ':result', receiving_agency_id, 'ResultNotice', 'KT', 2025, 900000 + id, id || '/KT', now()
            FROM dossiers d WHERE result_ready_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result')
            ORDER BY id LIMIT 1 RETURNING 1
            """,
            "UPDATE issued_documents SET pdf = '\\x25504446'::bytea WHERE key = (SELECT max(key) FROM issued_documents WHERE key LIKE 'dossier:%:result' AND series = 'KT') RETURNING 1",
            "UPDATE issued_documents SET pdf = NULL WHERE key = (SELECT min(key) FROM issued_documents WHERE key LIKE 'dossier:%:result' AND series IS DISTINCT FROM 'KT') RETURNING 1",
            // A reorganisation's move, and a correction of the instants (a result ready in another month, a receipt moved).
            // The moved dossier takes the next number of the other unit's book, as a unique (unit, year, number) requires.
            $"""
            UPDATE dossiers d SET receiving_agency_id = {phuXuan}, register_number = CASE WHEN d.register_number IS NOT NULL THEN
                (SELECT coalesce(max(x.register_number), 0) + 1 FROM dossiers x WHERE x.receiving_agency_id = {phuXuan} AND x.register_year = d.register_year) END
            WHERE code = '{Pick()}' RETURNING 1
            """,
            $"UPDATE dossiers SET result_ready_at = result_ready_at + interval '35 days' WHERE code = '{Pick()}' AND result_ready_at IS NOT NULL RETURNING 1",
            $"UPDATE dossiers SET received_at = received_at - interval '20 days', channel = 2 WHERE code = '{Pick()}' AND received_at IS NOT NULL RETURNING 1",
            // 4.2–4.4 (migration 0082): files scanned at the desk or sent online, one reused from another dossier, one
            // removed; an applicant verified; documents held by the citizen's store (1) or a published database (2).
            "INSERT INTO stored_files (sha256, size, media_type, pages, scan_verdict) VALUES (repeat('a', 64), 1000, 'application/pdf', 1, 0) ON CONFLICT DO NOTHING RETURNING 1",
            $"INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at) SELECT {Id(Pick())}, 3, repeat('a', 64), 'scan.pdf', now() RETURNING 1",
            $"INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at) SELECT {Id(Pick())}, 1, repeat('a', 64), 'online.pdf', now() RETURNING 1",
            $"INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at) SELECT {Id(Pick())}, 4, repeat('a', 64), 'result.pdf', now() RETURNING 1",
            $"""
            INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at, reused_from_id)
            SELECT {Id(Pick())}, 3, repeat('a', 64), 'reused.pdf', now(), min(id) FROM dossier_files RETURNING 1
            """,
            """
            DELETE FROM dossier_files f WHERE f.id = (SELECT max(x.id) FROM dossier_files x
                WHERE NOT EXISTS (SELECT 1 FROM dossier_files r WHERE r.reused_from_id = x.id)) RETURNING 1
            """,
            $"INSERT INTO dossier_applicant_verifications (dossier_id, method, verified_at, lookup_audit_id) SELECT {Id(Pick())}, 1, now(), 0 ON CONFLICT DO NOTHING RETURNING 1",
            $"UPDATE dossiers SET documents = jsonb_set(documents, '{{0,reused}}', '1') WHERE code = '{Pick()}' AND jsonb_array_length(documents) > 0 RETURNING 1",
            $"UPDATE dossiers SET documents = jsonb_set(documents, '{{0,reused}}', '2') WHERE code = '{Pick()}' AND jsonb_array_length(documents) > 0 RETURNING 1",
            // 1.2: a portal message queued, then delivered (the outbox worker is off in these tests: only these rows move).
            $"""
            INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
            SELECT 'portal.hoso', jsonb_build_object(), now(), gen_random_uuid(), 'dvcqg', 'dvcqg:' || code, now() FROM dossiers WHERE code = '{Pick()}' RETURNING 1
            """,
            "UPDATE outbox SET delivered_at = now() WHERE id = (SELECT min(id) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL) RETURNING 1",
        ];
        foreach (var sql in writes.Concat(writes.OrderBy(_ => random.Next())))
            await ExecuteAsync(sql);
        // The same writes once more on one received dossier, so that the data reaches every input of a received dossier
        // whatever the draw did: the writes above fall on random dossiers, and seed 854943578,1 put both of 4.4's on
        // dossiers never received (the check below failed by chance). One without a result if there is one; else its
        // result is signed, as 4.2 counts a dossier digitised only with an electronic result.
        var received = await app.ScalarAsync("SELECT id FROM dossiers WHERE received_at IS NOT NULL ORDER BY result_ready_at IS NULL DESC, id LIMIT 1");
        string[] reaching =
        [
            $"INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at) VALUES ({received}, 8000, 'online', now(), now())",
            $"INSERT INTO dossier_applicant_verifications (dossier_id, method, verified_at, lookup_audit_id) VALUES ({received}, 1, now(), 0) ON CONFLICT DO NOTHING",
            $"""
            INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
            SELECT 'portal.hoso', jsonb_build_object(), now(), gen_random_uuid(), 'dvcqg', 'dvcqg:' || code, now() FROM dossiers WHERE id = {received}
            """,
            $"UPDATE outbox SET delivered_at = now() WHERE target = 'dvcqg' AND delivered_at IS NULL AND ordering_key = (SELECT 'dvcqg:' || code FROM dossiers WHERE id = {received})",
            "INSERT INTO stored_files (sha256, size, media_type, pages, scan_verdict) VALUES (repeat('a', 64), 1000, 'application/pdf', 1, 0) ON CONFLICT DO NOTHING",
            $"INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at) VALUES ({received}, 3, repeat('a', 64), 'scan.pdf', now())",
            $"""
            INSERT INTO dossier_files (dossier_id, purpose, sha256, display_name, added_at, reused_from_id)
            SELECT {received}, 3, repeat('a', 64), 'reused.pdf', now(), min(id) FROM dossier_files
            """,
            $"""
            INSERT INTO issued_documents (key, agency_id, kind, series, year, serial, number, issued_at, pdf)
            SELECT 'dossier:' || id || ':result', receiving_agency_id, 'ResultNotice', 'KT', 2025, 800000 + id, id || '/KT', now(), '\x25504446'::bytea
            FROM dossiers WHERE id = {received} AND result_ready_at IS NOT NULL
            ON CONFLICT (key) DO UPDATE SET pdf = EXCLUDED.pdf
            """,
        ];
        foreach (var sql in reaching)
            await ExecuteAsync(sql);
        // One dossier resolved on time with at most one supplement request (the recount's rule), so that the data reaches
        // 1.x's "on time" input whatever the draw did (a random mix can leave it empty, and the check below would fail by
        // chance). A dossier already with a result may be the one (seed 1523217677,1 left none in progress without a
        // supplement request, and the update found no row).
        Assert.Equal(1, await ExecuteAsync("""
            UPDATE dossiers d SET status = CASE WHEN d.status IN (9, 10) THEN d.status ELSE 9 END, result_kind = coalesce(d.result_kind, 1),
                result_ready_at = greatest(d.received_at, d.clock_started_at) + interval '1 minute'
            WHERE d.id = (SELECT x.id FROM dossiers x WHERE x.status IN (2, 4, 5, 6, 7, 9, 10)
                          AND x.original_due_at > greatest(x.received_at, x.clock_started_at) + interval '1 minute'
                          AND (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = x.id AND e.action = 'supplement-request') <= 1
                          ORDER BY x.id LIMIT 1)
            """));
        // A signed result, so that the data reaches the electronic-results input whatever the draw did: the signing writes
        // above need a dossier with a result when they run, and seed 1110932632,1 had none until the update just above.
        Assert.Equal(1, await ExecuteAsync("""
            INSERT INTO issued_documents (key, agency_id, kind, series, year, serial, number, issued_at, pdf)
            SELECT 'dossier:' || id || ':result', receiving_agency_id, 'ResultNotice', 'KT', 2025, 700000 + id, id || '/KT', now(), '\x25504446'::bytea
            FROM dossiers WHERE result_ready_at IS NOT NULL ORDER BY id LIMIT 1
            ON CONFLICT (key) DO UPDATE SET pdf = EXCLUDED.pdf
            """));
        // A transaction rolled back leaves the counts as they were.
        var before = await app.ScalarAsync("SELECT coalesce(sum(n), 0) + count(*) FROM index766_counts");
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var insert = new Npgsql.NpgsqlCommand(
                $"INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at) SELECT id, 5000, 'online', now(), now() FROM dossiers", connection, tx);
            await insert.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(before, await app.ScalarAsync("SELECT coalesce(sum(n), 0) + count(*) FROM index766_counts"));

        var (expected, procedures) = await RecountAsync();
        var kept = await KeptAsync();
        Assert.Equal(expected.Where(e => e.Value != 0).OrderBy(e => e.Key).Select(e => Show(e)), kept.Where(e => e.Value != 0).OrderBy(e => e.Key).Select(e => Show(e)));
        var keptProcedures = await KeptProceduresAsync();
        Assert.Equal(procedures.OrderBy(e => e.Key).Select(e => Show(e)), keptProcedures.Where(e => e.Value.N != 0).OrderBy(e => e.Key).Select(e => Show(e)));
        // The generated data reaches every input.
        foreach (var input in new[] { 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 22, 23 })
            Assert.True(expected.Any(e => e.Key.Input == input && e.Value > 0), $"Không có số liệu của chỉ tiêu {(Index766Input)input} trong dữ liệu sinh ra.");

        // The feedback reaches 5.1's cases: closed on time, closed late, and open.
        var feedback = await Index766FeedbackRecount.RowsAsync(app.ConnectionString);
        var thuanHoa = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'");
        Assert.Contains(feedback, f => FeedbackClosure.OnTime(f.Times));
        Assert.Contains(feedback, f => FeedbackClosure.ClosedAt(f.Times) is not null && !FeedbackClosure.OnTime(f.Times));
        Assert.Contains(feedback, f => FeedbackClosure.ClosedAt(f.Times) is null);

        // The API's index of each month equals the recount (the province: every agency).
        var last = expected.Keys.Max(k => k.Month);
        app.Clock.Now = new DateTimeOffset(last.Year, last.Month, 1, 9, 0, 0, Vn).AddMonths(1);
        var inspector = await app.OfficerAsync("thanhtra");
        foreach (var month in expected.Keys.Select(k => k.Month).Distinct().Order())
        {
            var body = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?month={month:yyyy-MM}");
            foreach (var figure in body.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
                .SelectMany(i => new[] { "numerator", "denominator" }.Select(side => i.TryGetProperty(side, out var f) ? f : default))
                .Where(f => f.ValueKind == JsonValueKind.Object && f.GetProperty("input").ValueKind == JsonValueKind.String))
            {
                var input = Index766.ParseInput(figure.GetProperty("input").GetString())!.Value;
                if (Index766.KindOf(input) == Index766InputKind.Adoptions) continue;
                long want = Index766.KindOf(input) switch
                {
                    Index766InputKind.Dossiers => expected.Where(e => e.Key.Month == month && e.Key.Input == (int)input).Sum(e => e.Value),
                    Index766InputKind.Feedback => Index766FeedbackRecount.Count(feedback, new Index766Month(month.Year, month.Month), input, null),
                    _ => ProceduresOf(procedures, month, input),
                };
                Assert.True(want == figure.GetProperty("count").GetInt64(), $"{month:yyyy-MM} {input}: API {figure.GetProperty("count")}, đếm lại {want}");
            }
            // And a commune's feedback figures.
            var commune = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={DemoData.ThuanHoaCode}&month={month:yyyy-MM}");
            var five = commune.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray()).Single(i => i.GetProperty("id").GetString() == "5.1");
            foreach (var (side, input) in new[] { ("numerator", Index766Input.FeedbackOnTime), ("denominator", Index766Input.ClosedFeedback) })
            {
                var want = Index766FeedbackRecount.Count(feedback, new Index766Month(month.Year, month.Month), input, (int)thuanHoa);
                Assert.True(want == five.GetProperty(side).GetProperty("count").GetInt64(), $"{month:yyyy-MM} Thuận Hóa {input}: API {five.GetProperty(side)}, đếm lại {want}");
            }
        }
    }

    // A figure as text, decimals without trailing zeros (a kept sum and a recount may differ in scale, not in value).
    private static string Show<TKey>(KeyValuePair<TKey, long> e) => $"{e.Key}: {e.Value}";

    private static string Show<TKey>(KeyValuePair<TKey, (long N, decimal Share)> e) =>
        $"{e.Key}: {e.Value.N}, {e.Value.Share.ToString("0.############################", CultureInfo.InvariantCulture)}";

    // Per procedure over every agency of the month: resolved procedures, or those whose shares sum to no more than their dossiers.
    private static long ProceduresOf(Dictionary<(DateOnly Month, int Agency, string Procedure), (long N, decimal Share)> procedures, DateOnly month, Index766Input input) =>
        procedures.Where(p => p.Key.Month == month).GroupBy(p => p.Key.Procedure)
            .Select(g => (N: g.Sum(p => p.Value.N), Share: g.Sum(p => p.Value.Share)))
            .Count(p => p.N > 0 && (input == Index766Input.ResolvedProcedures || p.Share <= p.N));

    // Runs one statement in its own transaction; the rows it changed.
    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private sealed record DossierRow(long Id, string Code, int AgencyId, string ProcedureCode, short Channel, DateTimeOffset? ReceivedAt, DateTimeOffset? ResultReadyAt,
        DateTimeOffset? OriginalDueAt, DateTimeOffset ClockStartedAt, short? ReturnMethod, string Documents, short Origin);

    private sealed record FileRow(long DossierId, short Purpose, long? ReusedFromId);

    private sealed record PaymentRow(long DossierId, string Method, string? Flag, bool? FlagAccepted, long AmountVnd, long RefundedVnd);

    /// <summary>
    /// The recount: each dossier's inputs by the month (Vietnam time) of the instant each is judged at, from the rows read
    /// back, by DOMAIN §6 as Index766Tests recounts them. Per procedure, the shares of the time limit are the database's
    /// exact numeric ones read back (so that their sums compare exactly), each checked against elapsed ÷ allowed computed
    /// here from the instants.
    /// </summary>
    private async Task<(Dictionary<(DateOnly Month, int Input, int Agency), long> Counts, Dictionary<(DateOnly Month, int Agency, string Procedure), (long N, decimal Share)> Procedures)> RecountAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossiers = await db.Database.SqlQuery<DossierRow>($"""
            SELECT id AS "Id", code AS "Code", receiving_agency_id AS "AgencyId", procedure_code AS "ProcedureCode", channel AS "Channel", received_at AS "ReceivedAt",
                   result_ready_at AS "ResultReadyAt", original_due_at AS "OriginalDueAt", clock_started_at AS "ClockStartedAt",
                   return_method AS "ReturnMethod", documents::text AS "Documents", origin AS "Origin" FROM dossiers
            """).ToListAsync();
        var files = (await db.Database.SqlQuery<FileRow>($"""
            SELECT dossier_id AS "DossierId", purpose AS "Purpose", reused_from_id AS "ReusedFromId" FROM dossier_files
            """).ToListAsync()).ToLookup(f => f.DossierId);
        var verified = (await db.Database.SqlQuery<long>($"SELECT dossier_id AS \"Value\" FROM dossier_applicant_verifications").ToListAsync()).ToHashSet();
        // 1.2: synced now, the dossier's sync state (trial 16h MEDIUM 2), not a message delivered once.
        var synced = await PortalSyncRecount.SyncedCodesAsync(db);
        var supplements = (await db.Database.SqlQuery<long>($"SELECT dossier_id AS \"Value\" FROM dossier_events WHERE action = 'supplement-request'").ToListAsync())
            .GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var payments = await db.Database.SqlQuery<PaymentRow>($"""
            SELECT dossier_id AS "DossierId", method AS "Method", flag AS "Flag", flag_accepted AS "FlagAccepted", amount_vnd AS "AmountVnd",
                   (SELECT coalesce(sum(r.amount_vnd), 0)::bigint FROM payment_refunds r WHERE r.payment_id = p.id) AS "RefundedVnd"
            FROM payments p WHERE dossier_id IS NOT NULL
            """).ToListAsync();
        var fees = (await db.Database.SqlQuery<long>($"SELECT dossier_id AS \"Value\" FROM dossier_fees WHERE due_vnd > 0").ToListAsync()).ToHashSet();
        var requests = (await db.Database.SqlQuery<long>($"SELECT dossier_id AS \"Value\" FROM payment_requests WHERE status <> 'cancelled'").ToListAsync()).ToHashSet();
        var signed = (await db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM issued_documents WHERE pdf IS NOT NULL").ToListAsync()).ToHashSet();
        // The share of each resolved dossier whose clock ran, as the database computes it (exact numeric): read back, so
        // that the sums compare exactly; its definition (elapsed ÷ allowed from the clock's start) is checked against
        // the instants in C# to a billionth.
        var shares = await db.Database.SqlQuery<ShareRow>($"""
            SELECT id AS "Id", index766_share(result_ready_at, clock_started_at, original_due_at) AS "Share" FROM dossiers
            WHERE result_ready_at IS NOT NULL AND original_due_at > clock_started_at
            """).ToDictionaryAsync(s => s.Id, s => s.Share);

        static DateOnly Month(DateTimeOffset at)
        {
            var local = VietnamTime.ToVietnam(at);
            return new DateOnly(local.Year, local.Month, 1);
        }
        var counts = new Dictionary<(DateOnly, int, int), long>();
        var procedures = new Dictionary<(DateOnly, int, string), (long, decimal)>();
        void Add(DateOnly month, Index766Input input, int agency) =>
            counts[(month, (int)input, agency)] = counts.GetValueOrDefault((month, (int)input, agency)) + 1;
        foreach (var d in dossiers)
        {
            if (d.ReceivedAt is { } received)
            {
                var month = Month(received);
                Add(month, Index766Input.ReceivedDossiers, d.AgencyId);
                if (d.Channel == (short)Channel.Online) Add(month, Index766Input.OnlineDossiers, d.AgencyId);
                if (fees.Contains(d.Id) || requests.Contains(d.Id) || payments.Any(p => p.DossierId == d.Id)) Add(month, Index766Input.DossiersWithPayment, d.AgencyId);
                // A payment refunded in full is not a payment (issue 14's finding).
                if (payments.Any(p => p.DossierId == d.Id && p.Method == "online" && (p.Flag is null || p.FlagAccepted == true) && p.RefundedVnd < p.AmountVnd))
                    Add(month, Index766Input.DossiersPaidOnline, d.AgencyId);
                // 1.2, 4.1–4.4 judge only the dossiers MotCua handles, not a ministry's monitored ones (origin 3).
                var ours = d.Origin != 3;
                if (ours) Add(month, Index766Input.OwnReceivedDossiers, d.AgencyId);
                // 1.2, 4.2–4.4 (docs/REPORTS.md §5): the documents as stored, each read for digitised, fileUrl and reused.
                var documents = JsonDocument.Parse(d.Documents).RootElement.EnumerateArray().ToList();
                int Reused(JsonElement doc) => doc.TryGetProperty("reused", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0;
                var electronic = d.ResultReadyAt is null || signed.Contains($"dossier:{d.Id}:result") || d.ReturnMethod == (short)ReturnMethod.Electronic;
                if (ours && synced.Contains(d.Code)) Add(month, Index766Input.SyncedDossiers, d.AgencyId);
                if (ours && (files[d.Id].Any(f => f.Purpose is 1 or 3) || documents.Any(doc => Reused(doc) > 0
                        || doc.TryGetProperty("digitised", out var g) && g.ValueKind == JsonValueKind.True
                        || doc.TryGetProperty("fileUrl", out var u) && u.ValueKind == JsonValueKind.String)) && electronic)
                    Add(month, Index766Input.DigitisedDossiers, d.AgencyId);
                if (ours && (files[d.Id].Any(f => f.ReusedFromId is not null) || documents.Any(doc => Reused(doc) > 0)))
                    Add(month, Index766Input.ReusedDataDossiers, d.AgencyId);
                if (ours && (verified.Contains(d.Id) || documents.Any(doc => Reused(doc) == 1)))
                    Add(month, Index766Input.CitizenDataDossiers, d.AgencyId);
            }
            if (d.ResultReadyAt is { } ready)
            {
                var month = Month(ready);
                Add(month, Index766Input.ResolvedDossiers, d.AgencyId);
                if (d.OriginalDueAt is { } due && ready <= due && supplements.GetValueOrDefault(d.Id) <= 1) Add(month, Index766Input.ResolvedOnTime, d.AgencyId);
                if (d.Origin != 3) Add(month, Index766Input.OwnResolvedDossiers, d.AgencyId);
                if (d.Origin != 3 && (signed.Contains($"dossier:{d.Id}:result") || d.ReturnMethod == (short)ReturnMethod.Electronic))
                    Add(month, Index766Input.ElectronicResults, d.AgencyId);
                if (d.OriginalDueAt is { } limit && limit > d.ClockStartedAt)
                {
                    var share = shares[d.Id];
                    var computed = (ready - d.ClockStartedAt).TotalSeconds / (limit - d.ClockStartedAt).TotalSeconds;
                    Assert.True(Math.Abs((double)share - computed) < 1e-9, $"Tỷ lệ thời gian của hồ sơ {d.Id}: {share}, tính lại {computed}");
                    var key = (month, d.AgencyId, d.ProcedureCode);
                    var (n, sum) = procedures.GetValueOrDefault(key);
                    procedures[key] = (n + 1, sum + share);
                }
            }
        }
        return (counts, procedures);
    }

    private sealed record ShareRow(long Id, decimal Share);

    private sealed record KeptRow(DateOnly Month, short Input, int AgencyId, int N);

    private sealed record KeptProcedureRow(DateOnly Month, int AgencyId, string ProcedureCode, int N, decimal Share);

    private async Task<Dictionary<(DateOnly Month, int Input, int Agency), long>> KeptAsync()
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Database.SqlQuery<KeptRow>($"""
            SELECT month AS "Month", input AS "Input", agency_id AS "AgencyId", n AS "N" FROM index766_counts
            """).ToListAsync();
        return rows.ToDictionary(r => (r.Month, (int)r.Input, r.AgencyId), r => (long)r.N);
    }

    private async Task<Dictionary<(DateOnly Month, int Agency, string Procedure), (long N, decimal Share)>> KeptProceduresAsync()
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Database.SqlQuery<KeptProcedureRow>($"""
            SELECT month AS "Month", agency_id AS "AgencyId", procedure_code AS "ProcedureCode", n AS "N", share AS "Share" FROM index766_procedure_counts
            """).ToListAsync();
        return rows.ToDictionary(r => (r.Month, r.AgencyId, r.ProcedureCode), r => ((long)r.N, r.Share));
    }
}
