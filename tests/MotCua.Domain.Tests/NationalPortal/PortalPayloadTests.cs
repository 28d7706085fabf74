using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Domain.NationalPortal;

namespace MotCua.Domain.Tests.NationalPortal;

/// <summary>
/// The portal payloads against the field list (tests/data/dvcqg/dvcqg_dossier_sync_fields.json): the cases are generated
/// from the file, one per key of HoSo and of QuaTrinhXuLy, so a key added to the list fails here until the builder sends it.
/// </summary>
public class PortalPayloadTests
{
    private static readonly JsonObject FieldList = Load();
    private static readonly DateTimeOffset Monday = new(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);

    private static JsonObject Load([CallerFilePath] string source = "") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "data", "dvcqg", "dvcqg_dossier_sync_fields.json")))!.AsObject();

    private static JsonObject Section(string name) => FieldList.First(p => p.Key.StartsWith(name, StringComparison.Ordinal)).Value!.AsObject();

    public static TheoryData<string> HoSoKeys() => [.. Section("HoSo").Select(p => p.Key)];
    public static TheoryData<string> StepKeys() => [.. Section("QuaTrinhXuLy").Select(p => p.Key)];

    /// <summary>A dossier with something in every list: documents (digitised, reused), fees, a supplement answered, a result.</summary>
    internal static DossierSyncView FullView() => new()
    {
        Code = "000.10.01.H46-251117-0001",
        ProcedureCode = "1.001193",
        ProcedureName = "Thủ tục đăng ký khai sinh",
        FieldCode = "Hộ tịch",
        FieldName = "Hộ tịch",
        Channel = Channel.Online,
        Applicant = new Applicant("Nguyễn Văn An", "046095001234", "0905123456", "an@example.vn", "Huế"),
        SubmittedAt = Monday,
        ReceivedAt = Monday.AddHours(1),
        DueAt = Monday.AddDays(3),
        HandlingAgency = "Phòng Tư pháp",
        Documents = [new SyncDocument(1, "Giấy chứng sinh", "GCS", "https://motcua.example/tep/1", Digitised: true), new SyncDocument(2, "Giấy đăng ký kết hôn", Reused: 1)],
        Fees = [new ChargedItem("Lệ phí đăng ký khai sinh", FeeKind.Charge, 8000, "8.000 đồng", null), new ChargedItem("Phí cấp bản sao", FeeKind.Fee, 3000, "3.000 đồng", null)],
        Payment = FeePayment.PaidOnline,
        Supplements = [new SyncSupplement(1, "Hoàng Minh Đức", "Giấy chứng sinh: bản chụp mờ", Monday.AddHours(2), "Nguyễn Thị Hường", Monday.AddHours(5), Monday.AddDays(3), Monday.AddDays(4))
        {
            Supplied = [new SuppliedDocument("Giấy chứng sinh", "https://congdvcqg.example/tep/giay-chung-sinh.pdf")],
        }],
        Results = [new SyncResult("1", "Giấy khai sinh", Monday.AddDays(1))],
        ReturnedAt = Monday.AddDays(2),
        ReturnMethod = ReturnMethod.Post,
        ReturnedTo = "Nguyễn Văn An",
        FinishedAt = Monday.AddDays(1),
        VneIdVerified = true,
        RegistryConsulted = true,
    };

    private static JsonObject Json(object payload) => JsonSerializer.SerializeToNode(payload)!.AsObject();

    [Fact]
    public void A_desk_applicant_found_in_the_population_registry_is_a_database_connection_not_a_VNeID_account()
    {
        // Issue 16's trial: every desk dossier verified by the registry went out as "verified with VNeID".
        var desk = Json(PortalPayload.HoSo(FullView() with { VneIdVerified = false, RegistryConsulted = true }, Monday.AddDays(5), DossierStatus.Returned));
        Assert.Equal("0", desk["TaiKhoanDuocXacThucVoiVNeID"]!.GetValue<string>());
        Assert.Equal("7", desk["DSKetNoiCSDL"]![0]!["MaCSDL"]!.GetValue<string>());
        var vneid = Json(PortalPayload.HoSo(FullView() with { VneIdVerified = true, RegistryConsulted = false }, Monday.AddDays(5), DossierStatus.Returned));
        Assert.Equal("1", vneid["TaiKhoanDuocXacThucVoiVNeID"]!.GetValue<string>());
        Assert.Empty(vneid["DSKetNoiCSDL"]!.AsArray());
    }

    [Fact]
    public void A_financial_obligations_fee_and_charge_reach_DanhSachLePhi_from_their_raising_and_are_due_while_the_dossier_waits()
    {
        // Trial 16f MEDIUM 2: a land dossier's 150,000 đ lệ phí at status 6 reached the portal as "DanhSachLePhi []" with
        // "DuocThanhToanTrucTuyen 0". A levy is not a phí or lệ phí (no LoaiPhiLePhi for it): never listed.
        var raised = Monday.AddHours(3);
        var view = FullView() with
        {
            Fees = [], Payment = FeePayment.None, PaidAt = null,
            Obligations =
            [
                new SyncObligation(new ChargedItem("Lệ phí cấp Giấy chứng nhận", FeeKind.Charge, 150_000, "", null), raised, PaidAt: raised.AddHours(2)),
                new SyncObligation(new ChargedItem("Phí thẩm định hồ sơ", FeeKind.Fee, 40_000, "", null), raised, PaidAt: raised.AddHours(2)),
                new SyncObligation(new ChargedItem("Lệ phí đã hủy", FeeKind.Charge, 9_000, "", null), raised, CancelledAt: raised.AddHours(1)),
            ],
        };
        JsonObject At(DateTimeOffset asOf, DossierStatus status) => Json(PortalPayload.HoSo(view, asOf, status));
        static List<(string, string, string)> Items(JsonObject hoSo) => [.. hoSo["DanhSachLePhi"]!.AsArray().Select(i =>
            (i!["TenPhiLePhi"]!.GetValue<string>(), i["Gia"]!.GetValue<string>(), i["LoaiPhiLePhi"]!.GetValue<string>()))];

        var before = At(raised.AddTicks(-1), DossierStatus.InProcess);
        Assert.Empty(Items(before));
        Assert.Equal("0", before["DuocThanhToanTrucTuyen"]!.GetValue<string>());
        var waiting = At(raised, DossierStatus.AwaitingPayment);
        Assert.Equal([("Lệ phí cấp Giấy chứng nhận", "150000", "2"), ("Phí thẩm định hồ sơ", "40000", "1"), ("Lệ phí đã hủy", "9000", "2")], Items(waiting));
        Assert.Equal("3", waiting["DuocThanhToanTrucTuyen"]!.GetValue<string>());
        // Cancelled an hour later: gone from the list from then on; paid two hours later: the pause ends, nothing due.
        Assert.Equal(2, Items(At(raised.AddHours(1), DossierStatus.AwaitingPayment)).Count);
        var resumed = At(raised.AddHours(2), DossierStatus.InProcess);
        Assert.Equal(2, Items(resumed).Count);
        Assert.Equal("0", resumed["DuocThanhToanTrucTuyen"]!.GetValue<string>());
        // An intake fee already paid online does not hide an obligation still unpaid.
        var paidIntake = view with { Fees = FullView().Fees, Payment = FeePayment.PaidOnline, PaidAt = Monday };
        var both = Json(PortalPayload.HoSo(paidIntake, raised, DossierStatus.AwaitingPayment));
        Assert.Equal(5, Items(both).Count);
        Assert.Equal("3", both["DuocThanhToanTrucTuyen"]!.GetValue<string>());
        Assert.Equal("1", Json(PortalPayload.HoSo(paidIntake, raised.AddHours(2), DossierStatus.InProcess))["DuocThanhToanTrucTuyen"]!.GetValue<string>());
    }

    [Fact]
    public void Each_HoSo_and_step_carries_the_due_its_own_event_left_not_the_due_restarted_later()
    {
        // Trial 16b HIGH 1: accepted (due D1), supplement asked (due kept), received (due restarted to D2), refused at intake
        // (due cleared): a payload built after all of them still says what was true at its event.
        var (d1, d2) = (Monday.AddDays(5), Monday.AddDays(7));
        var view = FullView() with
        {
            DueAt = d2, ReturnedAt = null, ReturnMethod = ReturnMethod.Post, PaidAt = Monday.AddHours(6),
            Dues = [new SyncDue(Monday, d1), new SyncDue(Monday.AddHours(1), d1), new SyncDue(Monday.AddHours(2), d1), new SyncDue(Monday.AddHours(5), d2)],
        };
        string Due(DateTimeOffset asOf) => Json(PortalPayload.HoSo(view, asOf, DossierStatus.InProcess))["NgayHenTra"]!.GetValue<string>();
        Assert.Equal(PortalFormat.Instant(d1), Due(Monday.AddHours(1)));
        Assert.Equal(PortalFormat.Instant(d1), Due(Monday.AddHours(4)));
        Assert.Equal(PortalFormat.Instant(d2), Due(Monday.AddHours(5)));
        var step = new SyncStep(Monday.AddHours(1), DossierEventAction.Accept, DossierStatus.Received, "Cán bộ", null, null, null, null, null, null);
        Assert.Equal(PortalFormat.Instant(d1), Json(PortalPayload.Step(view, step))["NgayKetThucTheoQuyDinh"]!.GetValue<string>());
        // The return method is chosen at the return; paid online from the payment's instant on.
        var ready = Json(PortalPayload.HoSo(view, Monday.AddHours(5), DossierStatus.ResultReady));
        Assert.Equal(("0", "3"), (ready["HinhThuc"]!.GetValue<string>(), ready["DuocThanhToanTrucTuyen"]!.GetValue<string>()));
        var returned = Json(PortalPayload.HoSo(view with { ReturnedAt = Monday.AddHours(7) }, Monday.AddHours(7), DossierStatus.Returned));
        Assert.Equal(("1", "1"), (returned["HinhThuc"]!.GetValue<string>(), returned["DuocThanhToanTrucTuyen"]!.GetValue<string>()));
        // Refused at intake: the refusal cleared the due; the submission's HoSo and the refusal's carry the due it had.
        var refused = view with { DueAt = null, Dues = [new SyncDue(Monday, d1), new SyncDue(Monday.AddHours(1), null)] };
        Assert.Equal(PortalFormat.Instant(d1), Json(PortalPayload.HoSo(refused, Monday, DossierStatus.Submitted))["NgayHenTra"]!.GetValue<string>());
        Assert.Equal(PortalFormat.Instant(d1), Json(PortalPayload.HoSo(refused, Monday.AddHours(1), DossierStatus.NotReceived))["NgayHenTra"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(HoSoKeys))]
    public void Every_HoSo_key_of_the_field_list_is_sent_well_formed(string key)
    {
        var hoSo = Json(PortalPayload.HoSo(FullView(), Monday.AddDays(5), DossierStatus.Returned));
        Assert.True(hoSo.ContainsKey(key), $"HoSo thiếu {key}");
        AssertWellFormed(key, Section("HoSo")[key]!.AsObject(), hoSo[key]);
    }

    [Theory]
    [MemberData(nameof(StepKeys))]
    public void Every_QuaTrinhXuLy_key_of_the_field_list_is_sent_well_formed(string key)
    {
        var step = Json(PortalPayload.Step(FullView(), new SyncStep(Monday.AddHours(3), DossierEventAction.CompleteStep, DossierStatus.InProcess,
            "Hoàng Minh Đức", "Chuyên viên", "Phòng Tư pháp", "Thẩm định hồ sơ", Monday.AddHours(1), Monday.AddDays(2), "Hồ sơ hợp lệ")));
        Assert.True(step.ContainsKey(key), $"QuaTrinhXuLy thiếu {key}");
        AssertWellFormed(key, Section("QuaTrinhXuLy")[key]!.AsObject(), step[key]);
    }

    [Fact]
    public void A_step_handled_before_its_counted_start_starts_at_its_handling_instant()
    {
        // Sixteenth trial LOW 11g: entered after hours, counted from 07:00 the next day, completed at 21:08 the same evening.
        var handled = Monday.AddHours(12).AddMinutes(8);
        var counted = Monday.AddDays(1).AddHours(-2);
        var late = Json(PortalPayload.Step(FullView(), new SyncStep(handled, DossierEventAction.CompleteStep, DossierStatus.InProcess,
            "Hoàng Minh Đức", "Chuyên viên", "Phòng Tư pháp", "Thẩm định hồ sơ", counted, Monday.AddDays(2), null)));
        Assert.Equal(late["ThoiDiemXuLy"]!.GetValue<string>(), late["NgayBatDau"]!.GetValue<string>());
        // Handled after its counted start: the counted start stays, the legal due is reckoned from it.
        var inTime = Json(PortalPayload.Step(FullView(), new SyncStep(counted.AddHours(1), DossierEventAction.CompleteStep, DossierStatus.InProcess,
            "Hoàng Minh Đức", "Chuyên viên", "Phòng Tư pháp", "Thẩm định hồ sơ", counted, Monday.AddDays(2), null)));
        Assert.Equal(PortalFormat.Instant(counted), inTime["NgayBatDau"]!.GetValue<string>());
    }

    [Fact]
    public void A_late_pushed_dossiers_submission_step_is_timed_at_the_submission_and_keeps_the_due_of_its_arrival()
    {
        // Trial 16b LOW 11: submitted on the portal at 22:30 the evening before, pushed here at 09:00.
        var submitted = Monday.AddHours(-10.5);
        var due = Monday.AddDays(3);
        var view = FullView() with { SubmittedAt = submitted, ReceivedAt = null, Dues = [new SyncDue(Monday, due)] };
        var step = Json(PortalPayload.Step(view, new SyncStep(Monday, DossierEventAction.Submit, DossierStatus.Submitted, "Cổng DVCQG", null, null, null, null, null, null)));
        Assert.Equal(PortalFormat.Instant(submitted), step["ThoiDiemXuLy"]!.GetValue<string>());
        Assert.Equal(PortalFormat.Instant(submitted), step["NgayBatDau"]!.GetValue<string>());
        Assert.Equal(PortalFormat.Instant(due), step["NgayKetThucTheoQuyDinh"]!.GetValue<string>());
        Assert.Equal(PortalFormat.Instant(submitted), Json(PortalPayload.HoSo(view, Monday, DossierStatus.Submitted))["NgayNopHoSo"]!.GetValue<string>());
        // Any later step is timed at its own event.
        var accepted = Json(PortalPayload.Step(view, new SyncStep(Monday.AddHours(1), DossierEventAction.Accept, DossierStatus.Received, "Cán bộ", null, null, null, null, null, null)));
        Assert.Equal(PortalFormat.Instant(Monday.AddHours(1)), accepted["ThoiDiemXuLy"]!.GetValue<string>());
    }

    [Fact]
    public void A_HoSo_lists_the_documents_held_at_its_event_not_one_a_later_supplement_brought()
    {
        // Trial 16b HIGH 1's rest: the portal's re-push answering a supplement adds a document at 14:00; a HoSo built after
        // it for an event at 10:00 (an outage, a backlog) listed it.
        var added = Monday.AddHours(5);
        var view = FullView() with
        {
            Documents = [.. FullView().Documents, new SyncDocument(3, "Giấy chứng sinh (bản rõ)", null, "https://dichvucong.example/tep/3", AddedAt: added)],
        };
        string[] Names(DateTimeOffset asOf) =>
            [.. Json(PortalPayload.HoSo(view, asOf, DossierStatus.InProcess))["TaiLieuNop"]!.AsArray().Select(d => d!["TenTepDinhKem"]!.GetValue<string>())];
        Assert.Equal(["Giấy chứng sinh", "Giấy đăng ký kết hôn"], Names(Monday.AddHours(1)));
        Assert.Equal(["Giấy chứng sinh", "Giấy đăng ký kết hôn", "Giấy chứng sinh (bản rõ)"], Names(added));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void A_document_supplied_in_its_events_own_microsecond_is_listed_at_that_event(int ticksLater)
    {
        // Fourth fresh trial HIGH 1: the answer's event is kept in whole microseconds (timestamptz), the document it brought
        // in 100 ns ticks (the dossier's JSON), so the document read up to 0.9 µs after its own event and was left out.
        var eventAt = Monday.AddHours(5).AddTicks(1230);
        var view = FullView() with
        {
            Documents = [.. FullView().Documents, new SyncDocument(3, "Giấy xác nhận cư trú", null, "https://dichvucong.example/tep/3",
                AddedAt: eventAt.AddTicks(ticksLater))],
        };
        string[] Names(DateTimeOffset asOf) =>
            [.. Json(PortalPayload.HoSo(view, asOf, DossierStatus.InProcess))["TaiLieuNop"]!.AsArray().Select(d => d!["TenTepDinhKem"]!.GetValue<string>())];
        Assert.Equal(["Giấy chứng sinh", "Giấy đăng ký kết hôn", "Giấy xác nhận cư trú"], Names(eventAt));
        // The microsecond before is still before it.
        Assert.Equal(["Giấy chứng sinh", "Giấy đăng ký kết hôn"], Names(eventAt.AddTicks(-TimeSpan.TicksPerMicrosecond)));
        Assert.Equal(eventAt.AddTicks(9), PortalPayload.EndOfMicrosecond(eventAt.AddTicks(ticksLater)));
    }

    [Fact]
    public void A_document_a_supplement_brought_has_one_ID_in_TaiLieuNop_and_in_the_supplement_history()
    {
        // Third trial LOW 6: after the portal's re-push, "Giấy xác nhận cư trú" was TaiLieuNop "3" and "1" in the history.
        // Round 1 answered by the portal (kept before SuppliedDocument.Number: matched by name and file), round 2 by the
        // citizen online (numbered), round 3 at the desk (paper, not a document of the dossier).
        var (first, second, third) = (Monday.AddHours(3), Monday.AddHours(6), Monday.AddDays(1));
        var view = FullView() with
        {
            Documents = [.. FullView().Documents,
                new SyncDocument(3, "Giấy xác nhận cư trú", null, "https://congdvcqg.example/tep/cu-tru.pdf", AddedAt: first),
                new SyncDocument(4, "Tờ khai", AddedAt: second), new SyncDocument(5, "Giấy chứng sinh", AddedAt: second)],
            Supplements =
            [
                new SyncSupplement(11, "Hoàng Minh Đức", "Giấy xác nhận cư trú", Monday.AddHours(2), "Cổng DVCQG", first, null, null)
                    { Supplied = [new SuppliedDocument("Giấy xác nhận cư trú", "https://congdvcqg.example/tep/cu-tru.pdf")] },
                new SyncSupplement(12, "Hoàng Minh Đức", "Tờ khai; Giấy chứng sinh", Monday.AddHours(4), "Trần Thị Công Dân", second, null, null)
                    { Supplied = [new SuppliedDocument("Tờ khai") { Number = 4 }, new SuppliedDocument("Giấy chứng sinh") { Number = 5 }] },
                new SyncSupplement(13, "Hoàng Minh Đức", "Giấy chứng sinh", Monday.AddHours(7), "Nguyễn Thị Hường", third, null, null)
                    { Supplied = [new SuppliedDocument("Giấy chứng sinh")] },
            ],
        };
        var hoSo = Json(PortalPayload.HoSo(view, third, DossierStatus.InProcess));
        var submitted = hoSo["TaiLieuNop"]!.AsArray().ToDictionary(d => d!["TepDinhKemId"]!.GetValue<string>(), d => d!["TenTepDinhKem"]!.GetValue<string>());
        Assert.Equal(["1", "2", "3", "4", "5"], submitted.Keys);
        var rounds = hoSo["DanhSachHoSoBoSung"]!.AsArray().Select(r => r!["DanhSachGiayToBoSung"]!.AsArray()
            .Select(d => (Id: d!["TepDinhKemId"]!.GetValue<string>(), Name: d["TenTepDinhKem"]!.GetValue<string>())).ToList()).ToList();
        Assert.Equal([("3", "Giấy xác nhận cư trú")], rounds[0]);
        Assert.Equal([("4", "Tờ khai"), ("5", "Giấy chứng sinh")], rounds[1]);
        Assert.All(rounds[..2].SelectMany(r => r), d => Assert.Equal(submitted[d.Id], d.Name));
        // The desk's paper: an ID of its own, no TaiLieuNop item's.
        Assert.Equal([("BS13.1", "Giấy chứng sinh")], rounds[2]);
        var every = rounds.SelectMany(r => r).Select(d => d.Id).Concat(submitted.Keys).ToList();
        Assert.Equal(every.Distinct().Count(), submitted.Count + 1);
    }

    [Theory]
    [InlineData(DossierStatus.Submitted, false)]
    [InlineData(DossierStatus.Received, false)]
    [InlineData(DossierStatus.NotReceived, false)]
    [InlineData(DossierStatus.InProcess, true)]
    [InlineData(DossierStatus.SupplementRequested, true)]
    [InlineData(DossierStatus.AwaitingPayment, true)]
    [InlineData(DossierStatus.WithdrawalRequested, false)]
    [InlineData(DossierStatus.Stopped, false)]
    [InlineData(DossierStatus.ResultReady, false)]
    [InlineData(DossierStatus.Returned, false)]
    public void A_communes_one_stop_unit_is_named_as_its_committee_while_the_commune_resolves(DossierStatus status, bool committee)
    {
        // Third trial LOW 7: the commune's appraisal and approval went out as done by its one-stop centre.
        const string Centre = "Trung tâm Phục vụ hành chính công phường Thuận Hóa", Committee = "Ủy ban nhân dân phường Thuận Hóa";
        var view = FullView() with { HandlingAgency = Centre, HandlingCommittee = Committee, Holders = [new SyncHolder(Monday, Centre, Committee)] };
        Assert.Equal(committee ? Committee : Centre, PortalPayload.HoSo(view, Monday.AddHours(3), status)["DonViXuLy"]);
        // Before acceptance the desk asked for the supplement: the one-stop unit's.
        Assert.Equal(Centre, PortalPayload.HoSo(view with { ReceivedAt = null }, Monday.AddHours(3), DossierStatus.SupplementRequested)["DonViXuLy"]);
        // Holders not kept (before migration 0094): the current holder, named the same way.
        Assert.Equal(committee ? Committee : Centre, PortalPayload.HoSo(view with { Holders = [] }, Monday.AddHours(3), status)["DonViXuLy"]);
        // Any other agency is named as it is.
        Assert.Equal("Sở Tư pháp", PortalPayload.HoSo(view with { Holders = [new SyncHolder(Monday, "Sở Tư pháp")] }, Monday.AddHours(3), status)["DonViXuLy"]);
    }

    [Fact]
    public void Payloads_carry_exactly_the_keys_of_the_field_list()
    {
        var hoSo = Json(PortalPayload.HoSo(FullView(), Monday.AddDays(5), DossierStatus.Returned));
        Assert.Equal(Section("HoSo").Select(p => p.Key).Order(), hoSo.Select(p => p.Key).Order());
        var step = Json(PortalPayload.Step(FullView(), new SyncStep(Monday, DossierEventAction.Receive, DossierStatus.Received, "", null, null, null, null, null, null)));
        Assert.Equal(Section("QuaTrinhXuLy").Select(p => p.Key).Order(), step.Select(p => p.Key).Order());
        Assert.Equal(PortalPayload.DefaultHandler, step["NguoiXuLy"]!.GetValue<string>());
    }

    // Scalars are strings; date-times (format, or a name in Ngay…) 14 digits of a real instant or empty; codes in the list;
    // lists hold objects with exactly the item's keys.
    private static void AssertWellFormed(string key, JsonObject spec, JsonNode? value)
    {
        if (spec["type"]?.GetValue<string>() == "array")
        {
            var array = Assert.IsType<JsonArray>(value);
            // Other attached files (DanhSachTepDinhKemKhac) are not held by MotCua: always an empty list.
            if (key != "DanhSachTepDinhKemKhac") Assert.NotEmpty(array);
            var itemKeys = spec["item"]!.AsObject().Select(p => p.Key).Order().ToList();
            foreach (var item in array)
            {
                Assert.Equal(itemKeys, item!.AsObject().Select(p => p.Key).Order().ToList());
                foreach (var (name, description) in spec["item"]!.AsObject())
                {
                    var text = description!.GetValue<string>();
                    if (text.StartsWith("array", StringComparison.Ordinal)) { Assert.IsType<JsonArray>(item[name]); continue; }
                    var v = item[name]!.GetValue<string>();
                    if (name.StartsWith("Ngay", StringComparison.Ordinal) && v.Length > 0) Assert.True(PortalFormat.TryParseInstant(v, out _), $"{key}.{name} = {v}");
                    if (text is "0/1" or "0/1/2") Assert.Contains(v, text.Split('/'));
                    if (text is "int" or "amount as string") Assert.Matches("^[0-9]+$", v);
                }
            }
            return;
        }
        var s = value!.GetValue<string>();
        if (spec["format"]?.GetValue<string>() == "yyyyMMddHHmmss" || key.StartsWith("Ngay", StringComparison.Ordinal))
            Assert.True(s.Length == 0 && spec["required"]?.GetValue<bool>() != true || PortalFormat.TryParseInstant(s, out _), $"{key} = '{s}'");
        if (spec["values"] is JsonObject values) Assert.Contains(s, values.Select(p => p.Key));
        if (spec["values_ref"] is not null) Assert.Contains(s, Section("TrangThaiHoSo").Where(p => !p.Key.StartsWith('_')).Select(p => p.Key));
        if (spec["required"] is JsonValue r && (r.TryGetValue<bool>(out var b) ? b : r.GetValue<string>() == "tandan only")) Assert.NotEqual("", s);
    }

    [Fact]
    public void Every_status_maps_into_1_to_10_under_the_portal_s_name()
    {
        var names = Section("TrangThaiHoSo");
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            var code = PortalStatus.Code(status);
            Assert.InRange(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
            Assert.Equal(names[code]!.GetValue<string>(), status.Vietnamese());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => PortalStatus.Code((DossierStatus)11));
    }

    [Fact]
    public void Instants_are_Vietnam_time_and_late_UTC_is_the_next_Vietnam_day()
    {
        Assert.Equal("20251118063000", PortalFormat.Instant(new DateTimeOffset(2025, 11, 17, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal("", PortalFormat.Instant(null));
        Assert.True(PortalFormat.TryParseInstant("20251118063000", out var back));
        Assert.Equal(new DateTimeOffset(2025, 11, 17, 23, 30, 0, TimeSpan.Zero), back);
        Assert.False(PortalFormat.TryParseInstant("20251131080000", out _));
    }

    [Fact]
    public void Text_is_NFC_and_cut_on_a_whole_letter()
    {
        var decomposed = "Nguye\u0302\u0303n";
        Assert.Equal("Nguyễn", PortalFormat.Text(decomposed));
        // "ạ́" has no precomposed form: in NFC it is still two UTF-16 units, and a cut through it keeps none of it.
        Assert.Equal("X", PortalFormat.Text("Xa\u0323\u0301", 2));
        Assert.Equal("Xa\u0323\u0301".Normalize(System.Text.NormalizationForm.FormC), PortalFormat.Text("Xa\u0323\u0301", 3));
        var view = FullView() with { ProcedureName = new string('đ', 1200) };
        Assert.Equal(PortalFormat.AbstractLength, ((string)PortalPayload.HoSo(view, Monday, DossierStatus.Received)["TrichYeuHoSo"]).Length);
        var step = PortalPayload.Step(view, new SyncStep(Monday, DossierEventAction.Receive, DossierStatus.Received, new string('Ă', 80), null, null, null, null, null, null));
        Assert.Equal(PortalFormat.HandlerLength, ((string)step["NguoiXuLy"]).Length);
    }

    [Fact]
    public void A_payload_built_late_says_only_what_was_true_at_the_event()
    {
        var view = FullView();
        var atReceipt = PortalPayload.HoSo(view, Monday.AddHours(1), DossierStatus.Received);
        Assert.Empty((System.Collections.IList)atReceipt["DanhSachHoSoBoSung"]);
        Assert.Empty((System.Collections.IList)atReceipt["DanhSachGiayToKetQua"]);
        Assert.Equal("", atReceipt["NgayTra"]);
        Assert.Equal("", atReceipt["NgayKetThucXuLy"]);
        var whileWaiting = PortalPayload.HoSo(view, Monday.AddHours(3), DossierStatus.SupplementRequested);
        var supplement = Assert.IsType<Dictionary<string, object>>(Assert.Single((System.Collections.IList)whileWaiting["DanhSachHoSoBoSung"]!));
        Assert.Equal(("1", "", ""), (supplement["TrangThaiBoSung"], supplement["NgayTiepNhanBoSung"], supplement["NgayHenTraMoi"]));
        Assert.Equal(PortalFormat.Instant(Monday.AddDays(3)), supplement["NgayHenTraTruoc"]);
        Assert.Empty((System.Collections.IList)supplement["DanhSachGiayToBoSung"]);
        var answered = Assert.IsType<Dictionary<string, object>>(Assert.Single((System.Collections.IList)PortalPayload.HoSo(view, Monday.AddHours(5), DossierStatus.InProcess)["DanhSachHoSoBoSung"]!));
        Assert.Equal(("2", PortalFormat.Instant(Monday.AddDays(3)), PortalFormat.Instant(Monday.AddDays(4))),
            (answered["TrangThaiBoSung"], answered["NgayHenTraTruoc"], answered["NgayHenTraMoi"]));
        var supplied = Assert.Single((List<Dictionary<string, string>>)answered["DanhSachGiayToBoSung"]);
        // Not a document of the dossier (the view lists none with that file): an ID no TaiLieuNop item carries.
        Assert.Equal(("BS1.1", "Giấy chứng sinh", "https://congdvcqg.example/tep/giay-chung-sinh.pdf", "False"),
            (supplied["TepDinhKemId"], supplied["TenTepDinhKem"], supplied["DuongDanTaiTepTin"], supplied["IsDeleted"]));
        var after = PortalPayload.HoSo(view, Monday.AddDays(5), DossierStatus.Returned);
        Assert.Equal(PortalFormat.Instant(Monday.AddDays(2)), after["NgayTra"]);
        Assert.Equal("Bưu chính - Nguyễn Văn An", after["ThongTinTra"]);
        Assert.Equal("1", after["HinhThuc"]);
    }

    [Theory]
    [InlineData(ApplicantKind.Individual, "046095001234", "1", 1)]
    [InlineData(ApplicantKind.Individual, "123456789", "1", 1)]
    [InlineData(ApplicantKind.Enterprise, "0401234567", "2", 0)]
    [InlineData(ApplicantKind.HouseholdBusiness, "33A8001234", "2", 0)]
    [InlineData(ApplicantKind.Organization, "", "4", 0)]
    public void Applicant_kind_and_identifiers(ApplicantKind kind, string id, string subject, int identifiers)
    {
        var view = FullView() with { Applicant = new Applicant("Chủ hồ sơ", id, "0905123456", null, "Huế") { Kind = kind, Representative = kind == ApplicantKind.Individual ? null : "Lê Văn Đại" } };
        var hoSo = PortalPayload.HoSo(view, Monday, DossierStatus.Received);
        Assert.Equal(subject, hoSo["LoaiDoiTuong"]);
        var ids = (List<Dictionary<string, string>>)hoSo["DinhDanhCHS"];
        Assert.Equal(identifiers, ids.Count);
        if (identifiers == 1) Assert.Equal(id.Length == 12 ? "1" : "2", ids[0]["LoaiDinhDanh"]);
        Assert.Equal(kind == ApplicantKind.Individual ? "" : "Lê Văn Đại", hoSo["ThongTinKhac"]);
    }

    [Fact]
    public void A_refused_dossier_sends_its_reason_and_refusal_instant_and_a_due_date_all_the_same()
    {
        var view = FullView() with { DueAt = null, ReceivedAt = null, RefusedAt = Monday.AddHours(1), Note = "Không thuộc thẩm quyền (Điều 9 Nghị định 123/2015/NĐ-CP)" };
        var hoSo = PortalPayload.HoSo(view, Monday.AddHours(1), DossierStatus.NotReceived);
        Assert.Equal(("3", "Không thuộc thẩm quyền (Điều 9 Nghị định 123/2015/NĐ-CP)"), (hoSo["TrangThaiHoSo"], hoSo["GhiChu"]));
        Assert.Equal(PortalFormat.Instant(Monday.AddHours(1)), hoSo["NgayTuChoi"]);
        Assert.True(string.CompareOrdinal((string)hoSo["NgayHenTra"], (string)hoSo["NgayTiepNhan"]) >= 0);
    }

    [Fact]
    public void A_withdrawal_request_sends_the_citizens_reason_and_a_dossier_in_process_none()
    {
        // Built after the stop (the outbox worker may lag): the request still says the citizen's reason, the stop the desk's.
        var view = FullView() with { WithdrawalReason = "Tôi đã nộp nhầm thủ tục", Note = "Dừng theo yêu cầu rút hồ sơ" };
        Assert.Equal("Tôi đã nộp nhầm thủ tục", PortalPayload.HoSo(view, Monday.AddHours(1), DossierStatus.WithdrawalRequested)["GhiChu"]);
        Assert.Equal("Dừng theo yêu cầu rút hồ sơ", PortalPayload.HoSo(view, Monday.AddHours(2), DossierStatus.Stopped)["GhiChu"]);
        Assert.Equal("", PortalPayload.HoSo(view, Monday.AddHours(1), DossierStatus.InProcess)["GhiChu"]);
    }

    [Fact]
    public void Events_keep_the_start_and_due_of_the_step_they_finish()
    {
        var calendar = new WorkingCalendar(CalendarSettings.Default, []);
        var limit = TimeLimit.Days(5);
        var receiver = new Officer(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer);
        var head = new Officer(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead);
        var specialist = new Officer(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist);
        var dossier = Dossier.Receive("000.10.01.H46-251117-0001", 2, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Channel.Direct,
            new Applicant("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế"), [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Monday,
            calendar.ComputeDue(Monday, limit, Channel.Direct), receiver.Actor, Monday);
        Assert.Null(dossier.Events[0].StepStartedAt);
        dossier.Transfer(DefaultProcess.For(limit, 2, true), calendar, null, receiver, Monday.AddMinutes(10));
        var (assignStarted, assignDue) = (dossier.CurrentStepStartedAt, dossier.CurrentStepDueAt);
        dossier.Assign(2, "Hoàng Minh Đức", calendar, head, Monday.AddMinutes(20));
        var assigned = dossier.Events[^1];
        Assert.Equal((assignStarted, assignDue), (assigned.StepStartedAt, assigned.StepDueAt));
        var (appraiseStarted, appraiseDue) = (dossier.CurrentStepStartedAt, dossier.CurrentStepDueAt);
        Assert.Equal(Monday.AddMinutes(20), appraiseStarted);
        dossier.CompleteStep("Hồ sơ hợp lệ", false, calendar, specialist, Monday.AddHours(2));
        var completed = dossier.Events[^1];
        Assert.Equal((appraiseStarted, appraiseDue), (completed.StepStartedAt, completed.StepDueAt));
        Assert.True(completed.StepDueAt > completed.StepStartedAt);
    }

    /// <summary>Third trial LOW 5: the step content says the action, the step and the note once each, for every action.</summary>
    [Fact]
    public void A_steps_content_says_each_part_once_for_every_action()
    {
        Assert.Equal("Phê duyệt kết quả: Phê duyệt, ký kết quả: Đồng ý",
            PortalPayload.Content("Phê duyệt kết quả", "Phê duyệt, ký kết quả", "Phê duyệt kết quả: Đồng ý"));
        Assert.Equal("Từ chối giải quyết: Phê duyệt, ký kết quả: Trẻ đã được đăng ký khai sinh",
            PortalPayload.Content("Từ chối giải quyết", "Phê duyệt, ký kết quả", "Từ chối giải quyết: Trẻ đã được đăng ký khai sinh"));
        Assert.Equal("Chuyển hồ sơ đến Công chức Tư pháp - Hộ tịch",
            PortalPayload.Content("Chuyển hồ sơ", null, "Chuyển hồ sơ đến Công chức Tư pháp - Hộ tịch"));
        foreach (var action in Enum.GetValues<DossierEventAction>())
        {
            var name = PortalPayload.ActionName(action);
            Assert.Equal($"{name}: Bước thẩm định: Ghi chú của cán bộ", PortalPayload.Content(name, "Bước thẩm định", $"{name}: Ghi chú của cán bộ"));
            Assert.Equal($"{name}: Ghi chú của cán bộ", PortalPayload.Content(name, name, $"{name}: {name}: Ghi chú của cán bộ"));
        }
    }
}
