using System.Text;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>The catalogue parser on real rows of the National Public Service Portal crawl (see <see cref="RealRows"/>).</summary>
public class NationalCatalogParserTests
{
    private static ParsedProcedure Parse(string row) => NationalCatalogParser.ParseLine(row);

    private static ChannelTerms Terms(ParsedProcedure p, Channel channel) => Assert.Single(p.Spec.Channels, c => c.Channel == channel);

    // ---- the whole row: đăng ký khai sinh -------------------------------------------------------------------------

    [Fact]
    public void Birth_registration_parses_fully_with_its_published_components()
    {
        var p = Parse(RealRows.BirthRegistration);
        var s = p.Spec;

        Assert.Equal(ParseQuality.Full, p.Quality);
        Assert.Equal("1.001193", s.Code);
        Assert.Equal("Thủ tục đăng ký khai sinh", s.Name);
        Assert.Equal("Hộ tịch", s.Field);
        Assert.Equal(ProcedureLevel.Commune, s.Levels);
        Assert.Equal("163/QĐ-BTP", s.Decision);
        Assert.Equal("Công dân Việt Nam, Người Việt Nam định cư ở nước ngoài", s.ApplicantTypes);
        Assert.Null(s.Conditions); // "Không có thông tin"
        Assert.Equal(["Giấy khai sinh"], s.Results);
        Assert.StartsWith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/", s.SourceUrl);
        Assert.StartsWith("- Nếu lựa chọn hình thức nộp hồ sơ trực tiếp", s.Steps);
        Assert.Empty(s.RawTextFields);
    }

    [Fact]
    public void Birth_registration_channels_bare_one_is_one_working_day_and_free()
    {
        // "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"
        var p = Parse(RealRows.BirthRegistration);

        Assert.Equal([Channel.Online, Channel.Postal, Channel.Direct], p.Spec.Channels.Select(c => c.Channel));
        Assert.All(p.Spec.Channels, c =>
        {
            Assert.Equal(TimeLimit.Days(1), c.TimeLimit);
            Assert.Equal("1", c.TimeText);
            Assert.Equal(0m, c.Fee);
            Assert.Equal("Miễn phí", c.FeeText);
            Assert.Null(c.Description);
        });
        Assert.True(p.Spec.PostalAllowed);
        // Documents to show at the desk ("Giấy tờ phải xuất trình") mean a paper step: online is at most partial.
        Assert.Equal(OnlineLevel.Partial, p.Spec.OnlineLevel);
        Assert.Equal(3, p.Issues.Count(i => i.Field == CatalogField.ChannelTime && i.Kind == ParseIssueKind.Assumed));
    }

    [Fact]
    public void Birth_registration_documents_keep_counts_groups_forms_and_notes()
    {
        var s = Parse(RealRows.BirthRegistration).Spec;

        var birthCertificate = Assert.Single(s.Documents, d => d.Name.StartsWith("Giấy chứng sinh;", StringComparison.Ordinal));
        Assert.Equal((1, 0, false, "Giấy tờ phải nộp"), (birthCertificate.Originals, birthCertificate.Copies, birthCertificate.MustPresentOnly, birthCertificate.Group));

        // "…thì không phải nộp bản giấy.0 bản chính": published with no count, kept as 0/0.
        var electronic = Assert.Single(s.Documents, d => d.Name.StartsWith("Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh", StringComparison.Ordinal));
        Assert.Equal((0, 0), (electronic.Originals, electronic.Copies));

        var identity = Assert.Single(s.Documents, d => d.Name.StartsWith("Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước", StringComparison.Ordinal));
        Assert.True(identity.MustPresentOnly);
        Assert.Equal("Giấy tờ phải xuất trình", identity.Group);
        Assert.Equal(1, identity.Originals);

        // "- Tờ khai đăng ký khai sinh theo mẫu  (nếu …);1 bản chính" in the plain "--" list.
        var form = Assert.Single(s.Documents, d => d.Name.StartsWith("Tờ khai đăng ký khai sinh theo mẫu (nếu", StringComparison.Ordinal));
        Assert.Equal("Tờ khai đăng ký khai sinh (mẫu)", form.Form);
        Assert.Null(form.Group);
        Assert.False(form.MustPresentOnly);

        Assert.Equal(14, s.Documents.Count);
        Assert.Equal(5, s.Documents.Count(d => d.Group == "Giấy tờ phải nộp"));
        Assert.Equal(6, s.Documents.Count(d => d.MustPresentOnly));
        // The "* Lưu ý:" group is guidance, not documents.
        Assert.Equal(19, s.DocumentNotes.Count);
        Assert.StartsWith("Cá nhân có quyền lựa chọn thực hiện thủ tục hành chính về hộ tịch", s.DocumentNotes[0]);
        Assert.DoesNotContain(s.Documents, d => d.Name.StartsWith("Cá nhân có quyền lựa chọn", StringComparison.Ordinal));
    }

    [Fact]
    public void Birth_registration_legal_basis_pairs_title_and_number()
    {
        var legal = Parse(RealRows.BirthRegistration).Spec.LegalBasis;

        Assert.Equal(15, legal.Count);
        Assert.Equal(new LegalDocument("85/2019/TT-BTC",
            "Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương"), legal[0]);
        Assert.Contains(legal, l => l.Number == "123/2015/NĐ-CP" && l.Title.StartsWith("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015", StringComparison.Ordinal));
        Assert.Contains(new LegalDocument("60/2014/QH13", "Luật 60/2014/QH13"), legal); // "Luật 60/2014/QH1360/2014/QH13"
        Assert.Contains(legal, l => l.Number == "66.7/2025/NQ-CP");
        // "…thuộc phạm vi quản lý của Bộ Tư pháp18/2026/NĐ-CP Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử…87/2020/NĐ-CP"
        Assert.Contains(legal, l => l.Number == "18/2026/NĐ-CP" && l.Title.EndsWith("thuộc phạm vi quản lý của Bộ Tư pháp", StringComparison.Ordinal));
        Assert.Contains(new LegalDocument("87/2020/NĐ-CP", "Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến"), legal);
        // "…của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTP": the number column repeated the type.
        Assert.Contains(new LegalDocument("03/2023/TT-BTP", "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp"), legal);
    }

    [Fact]
    public void Birth_registration_is_the_same_from_a_json_element_and_a_typed_row()
    {
        using var doc = JsonDocument.Parse(RealRows.BirthRegistration);
        var fromElement = NationalCatalogParser.Parse(doc.RootElement);
        var fromRow = NationalCatalogParser.Parse(JsonSerializer.Deserialize<NationalCatalogRow>(RealRows.BirthRegistration)!);

        Assert.Equal(JsonSerializer.Serialize(fromElement.Spec, ProcedureCatalogJson.Options), JsonSerializer.Serialize(fromRow.Spec, ProcedureCatalogJson.Options));
        Assert.Equal(fromElement.Issues, fromRow.Issues);
    }

    // ---- channels: times ---------------------------------------------------------------------------------------------

    [Fact]
    public void Working_days_and_an_amount_with_detail_and_description()
    {
        // "Trực tiếp20 Ngày làm việc2,500,000 Việt Nam Đồng(Phí : Đồng (Từ ngày 01/7/2025 …))20 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ."
        var p = Parse(RealRows.InspectionFeeAmount);
        var direct = Terms(p, Channel.Direct);

        Assert.Equal(TimeLimit.Days(20), direct.TimeLimit);
        Assert.Equal(2_500_000m, direct.Fee);
        Assert.StartsWith("2,500,000 Việt Nam Đồng (Phí : Đồng (Từ ngày 01/7/2025", direct.FeeText);
        Assert.Equal("20 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.", direct.Description);
        Assert.Equal(3, p.Spec.Channels.Count);
        Assert.Equal(ProcedureLevel.Ministry | ProcedureLevel.Province, p.Spec.Levels);
        Assert.Equal(ParseQuality.Full, p.Quality);
    }

    [Fact]
    public void Hours_are_working_hours_and_an_online_only_procedure_has_no_direct_channel()
    {
        var p = Parse(RealRows.OnlineHours); // "Trực tuyến8 GiờMiễn phí", level "Cơ quan khác"

        var online = Assert.Single(p.Spec.Channels);
        Assert.Equal(Channel.Online, online.Channel);
        Assert.Equal(TimeLimit.Hours(8), online.TimeLimit);
        Assert.Equal(0m, online.Fee);
        Assert.False(p.Spec.PostalAllowed);
        Assert.Equal(ProcedureLevel.Other, p.Spec.Levels);
    }

    [Fact]
    public void Fractional_days_keep_their_fraction()
    {
        var p = Parse(RealRows.FractionalDays); // "Trực tuyến1.5 Ngày làm việc40,000 Việt Nam Đồng(- Xe ô tô trên 10 chỗ)…"

        var online = Terms(p, Channel.Online);
        Assert.Equal(TimeLimit.Days(1.5m), online.TimeLimit);
        Assert.Equal(40_000m, online.Fee);
        Assert.StartsWith("- Trường hợp Giấy chứng nhận cải tạo bị mất, hỏng, sai thông tin", online.Description);
    }

    [Fact]
    public void Days_without_lam_viec_are_calendar_days_as_published()
    {
        // Issue 9 item 1: the portal distinguishes "Ngày" (calendar days, Bộ luật Dân sự Art. 147–148) from "Ngày làm việc".
        var p = Parse(RealRows.CalendarDays); // "Trực tiếp15 NgàyMiễn phí…"

        Assert.All(p.Spec.Channels, c => Assert.Equal(TimeLimit.CalendarDays(15), c.TimeLimit));
        Assert.Equal("15 Ngày", Terms(p, Channel.Direct).TimeText);
        Assert.DoesNotContain(p.Issues, i => i.Field == CatalogField.ChannelTime);
        Assert.All(p.Spec.Channels, c => Assert.Null(c.TimeDoubt));
        Assert.Equal(ParseQuality.Full, p.Quality);
    }

    [Fact]
    public void Days_described_as_working_days_stay_calendar_days_and_are_flagged_for_the_administrator()
    {
        // 2.001428 publishes "Trực tiếp07 Ngày" with the description "07 ngày làm việc, kể từ ngày nhận đủ hồ sơ …".
        var row = RealRows.CalendarDays.Replace("Trực tiếp15 NgàyMiễn phí", "Trực tiếp15 NgàyMiễn phí15 ngày làm việc kể từ ngày nhận đủ hồ sơ. ", StringComparison.Ordinal);

        var p = Parse(row);

        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.CalendarDays(15), direct.TimeLimit);
        Assert.Contains("ngày làm việc", direct.TimeDoubt, StringComparison.Ordinal);
        Assert.Contains(p.Issues, i => i.Field == CatalogField.ChannelTime && i.Kind == ParseIssueKind.Assumed && i.RawText == "15 Ngày");
    }

    [Fact]
    public void Months_are_months_by_the_civil_code()
    {
        var p = Parse(RealRows.Months); // "Trực tiếp6 Tháng100 USD(100 USD/thẻ.)"

        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Months(6), direct.TimeLimit);
        Assert.Equal("6 Tháng", direct.TimeText);
        Assert.Null(direct.Fee);
        Assert.Equal("100 USD (100 USD/thẻ.)", direct.FeeText);
        Assert.Equal([CatalogField.ChannelFee], p.Spec.RawTextFields);
    }

    [Fact]
    public void No_information_gives_no_time_and_no_fee_but_keeps_the_description()
    {
        var p = Parse(RealRows.NoTimeNoFee); // "Trực tiếpKhông có thông tinKhông có thông tinnộp hồ sơ trực tiếp tại trụ sở …"

        var direct = Terms(p, Channel.Direct);
        Assert.Null(direct.TimeLimit);
        Assert.Null(direct.Fee);
        Assert.Equal("", direct.FeeText);
        Assert.Equal("nộp hồ sơ trực tiếp tại trụ sở Cục Quản lý xuất nhập cảnh.", direct.Description);
        Assert.Equal(6, p.Issues.Count(i => i.Kind == ParseIssueKind.Missing && i.Field is CatalogField.ChannelTime or CatalogField.ChannelFee));
        Assert.Equal(ParseQuality.Full, p.Quality); // nothing published is not a parse failure
    }

    [Theory]
    [InlineData("Trong ngày")]
    [InlineData("Trong ngày làm việc")]
    public void Same_day_is_same_day_not_half_a_working_day(string cell)
    {
        // The crawl has no "Trong ngày" time cell; this is 1.001193's channel cell with its direct "1" replaced by it.
        var row = RealRows.BirthRegistration.Replace("Trực tiếp1Miễn phí", $"Trực tiếp{cell}Miễn phí", StringComparison.Ordinal);

        var p = Parse(row);

        Assert.Equal(TimeLimit.SameDay, Terms(p, Channel.Direct).TimeLimit);
        Assert.Equal(cell, Terms(p, Channel.Direct).TimeText);
        Assert.DoesNotContain(p.Issues, i => i.Field == CatalogField.ChannelTime && i.RawText == cell);
    }

    [Fact]
    public void A_bare_number_is_kept_as_working_days_with_the_doubt_shown()
    {
        var p = Parse(RealRows.BirthRegistration); // "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"

        Assert.All(p.Spec.Channels, c =>
        {
            Assert.Equal(TimeLimit.Days(1), c.TimeLimit);
            Assert.Contains("không có đơn vị", c.TimeDoubt, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_exception_row_is_kept_as_a_case_and_the_unconditional_row_stays_the_limit()
    {
        // Issue 9 item 4: "Trực tiếp · 02 Ngày · trong trường hợp giấy tờ phức tạp …" is an exception, not the channel's limit.
        var row = RealRows.CalendarDays.Replace("Trực tiếp15 NgàyMiễn phí",
            "Trực tiếp15 NgàyMiễn phíTrực tiếp20 NgàyMiễn phíTrong trường hợp phải xác minh thì thời hạn không quá 20 ngày. ", StringComparison.Ordinal);

        var p = Parse(row);

        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.CalendarDays(15), direct.TimeLimit);
        var exception = Assert.Single(direct.Cases);
        Assert.Equal(TimeLimit.CalendarDays(20), exception.TimeLimit);
        Assert.StartsWith("Trong trường hợp phải xác minh", exception.Condition, StringComparison.Ordinal);
        Assert.Equal(TimeLimit.CalendarDays(20), direct.LimitOfCase(1));
        Assert.Null(direct.TimeDoubt);
    }

    // ---- channels: fees ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_bare_time_running_into_an_amount_splits_and_lost_thousands_come_from_the_detail()
    {
        var p = Parse(RealRows.TimeRunsIntoFee); // "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 VNĐ(20.000 vnđ /tờ khai)"

        Assert.Equal(2, p.Spec.Channels.Count);
        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Days(1), direct.TimeLimit);
        Assert.Equal(20_000m, direct.Fee);
        Assert.Equal("20 VNĐ (20.000 vnđ /tờ khai)", direct.FeeText);
        Assert.False(p.Spec.PostalAllowed);
        Assert.Equal(ParseQuality.Full, p.Quality);
        Assert.Equal(2, p.Issues.Count(i => i.Field == CatalogField.ChannelFee && i.Kind == ParseIssueKind.Assumed));
    }

    [Fact]
    public void An_amount_under_a_thousand_dong_with_nothing_to_correct_it_is_kept_as_text()
    {
        var p = Parse(RealRows.TimeRunsIntoFeeNoDetail); // "Trực tuyến1100 VNĐDịch vụ bưu chính1100 VNĐTrực tiếp125 VNĐ"

        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Days(1), direct.TimeLimit);
        Assert.Null(direct.Fee);
        Assert.Equal("25 VNĐ", direct.FeeText);
        Assert.Equal("100 VNĐ", Terms(p, Channel.Online).FeeText);
        Assert.Equal(ParseQuality.Partial, p.Quality);
        Assert.Contains(p.Issues, i => i.Field == CatalogField.ChannelFee && i.Kind == ParseIssueKind.RawTextKept && i.RawText == "25 VNĐ");
    }

    [Fact]
    public void A_fee_in_usd_is_not_a_vnd_amount()
    {
        var p = Parse(RealRows.FeeInUsd); // "Trực tuyến5 Ngày làm việc10 USD(/lần)…"

        Assert.All(p.Spec.Channels, c =>
        {
            Assert.Equal(TimeLimit.Days(5), c.TimeLimit);
            Assert.Null(c.Fee);
            Assert.Equal("10 USD (/lần)", c.FeeText);
        });
        Assert.Equal([CatalogField.ChannelFee], p.Spec.RawTextFields);
    }

    [Fact]
    public void Free_with_the_amount_left_to_the_provincial_council_is_not_zero()
    {
        var p = Parse(RealRows.FeeSetByCouncil); // "Trực tuyến1Miễn phí(Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh.)…"

        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Days(1), direct.TimeLimit);
        Assert.Null(direct.Fee);
        Assert.Equal("Miễn phí (Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh.)", direct.FeeText);
        Assert.Equal(ProcedureLevel.Ministry | ProcedureLevel.Commune, p.Spec.Levels);
        Assert.Equal("Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", p.Spec.Field);
    }

    [Fact]
    public void A_channel_listed_once_per_case_becomes_one_entry_with_every_fee_text()
    {
        // Residence card: online/postal/direct rows per card duration (145/155/165 USD), the direct ones mislabelled "VNĐ".
        var p = Parse(RealRows.SameChannelTwice);

        Assert.Equal(3, p.Spec.Channels.Count);
        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Days(5), direct.TimeLimit);
        Assert.Null(direct.Fee);
        Assert.Contains("155 VNĐ (Thẻ tạm trú có thời hạn từ trên 02 năm đến 05 năm: 155 USD/thẻ.)", direct.FeeText);
        Assert.Contains(" | 145 VNĐ", direct.FeeText);
        Assert.Contains(p.Issues, i => i.Reason == "công bố bằng đồng nhưng phần chi tiết ghi cùng số tiền bằng USD");
    }

    [Fact]
    public void Channel_names_inside_descriptions_do_not_start_new_rows()
    {
        var p = Parse(RealRows.LabelsInDescription); // descriptions "- Trực tuyến: nộp trực tuyến … - Trực tiếp: tại Cục An ninh mạng …"

        Assert.Equal(3, p.Spec.Channels.Count);
        var direct = Terms(p, Channel.Direct);
        Assert.Equal(TimeLimit.Days(15), direct.TimeLimit);
        Assert.StartsWith("- Trực tuyến: nộp trực tuyến qua Cổng dịch vụ công Bộ Công an. - Trực tiếp: tại Cục An ninh mạng", direct.Description);
    }

    [Fact]
    public void A_table_without_recognisable_rows_is_kept_as_raw_text()
    {
        var p = Parse(RealRows.FreeTimeInDescription); // time cell: "Hệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động …"

        Assert.Empty(p.Spec.Channels);
        Assert.StartsWith("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpHệ thống giải quyết", p.Spec.ChannelsText);
        Assert.Equal([CatalogField.Channels], p.Spec.RawTextFields);
        Assert.Equal(OnlineLevel.None, p.Spec.OnlineLevel);
        Assert.Equal(ParseQuality.Partial, p.Quality);
    }

    // ---- documents ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Household_business_documents_have_a_case_group_with_copies_and_a_plain_list()
    {
        var s = Parse(RealRows.HouseholdBusiness).Spec;

        const string proxyCase = "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau";
        Assert.Equal(6, s.Documents.Count(d => d.Group == proxyCase));
        Assert.All(s.Documents.Where(d => d.Group == proxyCase), d => Assert.Equal((0, 1), (d.Originals, d.Copies))); // "0 bản chính,1 bản sao"

        var application = Assert.Single(s.Documents, d => d.Name == "Giấy đề nghị đăng ký hộ kinh doanh;");
        Assert.Equal((1, 0, (string?)null), (application.Originals, application.Copies, application.Group));
        var familyProxy = Assert.Single(s.Documents, d => d.Name.StartsWith("Bản sao văn bản ủy quyền của thành viên hộ gia đình", StringComparison.Ordinal));
        Assert.Equal((0, 1), (familyProxy.Originals, familyProxy.Copies));
        Assert.Equal(8, s.Documents.Count);
    }

    [Fact]
    public void A_form_file_glued_between_name_and_count_is_split_off()
    {
        // "Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo  theo Mẫu số 01 … Quyết định số 24/2021/QĐ-TTgGiấy đề nghị.pdf1 bản chính"
        var p = Parse(RealRows.PovertyFormFile);

        var doc = Assert.Single(p.Spec.Documents);
        Assert.Equal("Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo theo Mẫu số 01 tại Phụ lục ban hành kèm theo Quyết định số 24/2021/QĐ-TTg", doc.Name);
        Assert.Equal("Giấy đề nghị.pdf", doc.Form);
        Assert.Equal((1, 0), (doc.Originals, doc.Copies));
        Assert.Equal("Giảm nghèo", p.Spec.Field);
    }

    [Fact]
    public void Two_glued_form_files_are_both_kept()
    {
        var p = Parse(RealRows.TwoFormFiles); // "…Thông tư số 16/2025/TT-BNNMT...Mus04.docxMus05.docx1 bản chính"

        Assert.Contains(p.Spec.Documents, d => d.Form == "Mus04.docx; Mus05.docx" && d.Name.StartsWith("Bản chính Tờ trình đề nghị phê duyệt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_count_glued_to_the_number_ending_the_name_takes_the_last_digit()
    {
        var p = Parse(RealRows.CountGluedToNumber); // "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 181 bản chính,1 bản sao"

        var forms = p.Spec.Documents.Where(d => d.Name == "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18").ToList();
        Assert.Equal(2, forms.Count); // once in each case group a) and b)
        Assert.All(forms, d =>
        {
            Assert.Equal((1, 1), (d.Originals, d.Copies));
            Assert.Equal("Mẫu số 18", d.Form);
        });
        Assert.StartsWith("a) Đối với trường hợp thửa đất gốc đã có Giấy chứng nhận", forms[0].Group);
        Assert.Equal(2, p.Issues.Count(i => i.Field == CatalogField.Documents && i.Kind == ParseIssueKind.Assumed));
    }

    [Fact]
    public void A_count_in_prose_does_not_split_the_item()
    {
        // "…(Giấy chứng nhận xuất xứ hàng hóa hoặc Chứng từ tự chứng nhận xuất xứ): 01 bản chính hoặc chứng từ dưới dạng dữ liệu điện tử.1 bản chính"
        var p = Parse(RealRows.CountInProse);

        var origin = Assert.Single(p.Spec.Documents, d => d.Name.StartsWith("Chứng từ chứng nhận xuất xứ hàng hóa", StringComparison.Ordinal));
        Assert.EndsWith(": 01 bản chính hoặc chứng từ dưới dạng dữ liệu điện tử.", origin.Name);
        Assert.Equal((1, 0), (origin.Originals, origin.Copies));
    }

    [Theory]
    [InlineData(RealRows.EmptyDocumentTable)] // "--"
    [InlineData(RealRows.NoDocuments)]        // ""
    public void Rows_with_no_documents_have_an_empty_list_and_a_missing_issue(string row)
    {
        var p = Parse(row);

        Assert.Empty(p.Spec.Documents);
        Assert.Null(p.Spec.DocumentsText);
        Assert.Contains(p.Issues, i => i.Field == CatalogField.Documents && i.Kind == ParseIssueKind.Missing);
    }

    [Fact]
    public void Steps_crawled_into_the_documents_cell_are_kept_as_raw_text()
    {
        var p = Parse(RealRows.StepsInDocuments);

        Assert.Empty(p.Spec.Documents);
        Assert.Contains("Bước 2. Cơ quan BHXH tiếp nhận hồ sơ", p.Spec.DocumentsText);
        Assert.Equal([CatalogField.Documents], p.Spec.RawTextFields);
        Assert.Equal(ParseQuality.Partial, p.Quality);
    }

    [Fact]
    public void Building_permit_has_case_groups_form_references_and_channel_specific_times()
    {
        var p = Parse(RealRows.BuildingPermit);
        var s = p.Spec;

        Assert.Equal(TimeLimit.CalendarDays(15), Terms(p, Channel.Direct).TimeLimit);  // "Trực tiếp15 Ngày"
        Assert.Equal(TimeLimit.CalendarDays(20), Terms(p, Channel.Online).TimeLimit);  // "Trực tuyến20 Ngày"
        Assert.Equal(ProcedureLevel.Commune | ProcedureLevel.Other, s.Levels);
        var application = s.Documents.First(d => d.Name.StartsWith("Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 1", StringComparison.Ordinal));
        Assert.Equal("Mẫu số 1 Phụ lục số II Nghị định số 175/2024/NĐ-CP", application.Form);
        Assert.Equal((1, 1), (application.Originals, application.Copies));
        Assert.Equal("(1.1) Đối với công trình không theo tuyến", application.Group);
        Assert.Contains(s.Documents, d => d.Group == "(1.2) Đối với công trình theo tuyến");
    }

    // ---- legal basis, results, levels, text ----------------------------------------------------------------------

    [Fact]
    public void Legal_numbers_glued_to_dates_and_repeated_numbers_are_separated()
    {
        var legal = Parse(RealRows.LandRegistration).Spec.LegalBasis;

        // "…Luật Đất đai.102/2024/NĐ-CP…cổng Dịch vụ công quốc gia118/2025/NĐ-C…Luật Đất đai ngày 18/01/2024;31/2024/QH15Luật số 43/2024/QH15 ngày 29/6/202443/2024/QH15…"
        Assert.Equal(
            ["102/2024/NĐ-CP", "118/2025/NĐ-C", "151/2025/NĐ-CP", "31/2024/QH15", "43/2024/QH15", "226/2025/NĐ-CP"],
            legal.Select(l => l.Number));
        Assert.Equal("Luật Đất đai ngày 18/01/2024", legal[3].Title);
        Assert.Equal("Luật số 43/2024/QH15 ngày 29/6/2024", legal[4].Title);
    }

    [Fact]
    public void A_legal_number_repeated_after_its_own_title_is_one_document()
    {
        var legal = Parse(RealRows.TimeRunsIntoFee).Spec.LegalBasis; // "Nghị định 08/2015/NĐ-CP08/2015/NĐ-CPLuật 54/2014/QH1354/2014/QH13…"

        Assert.Equal(new LegalDocument("08/2015/NĐ-CP", "Nghị định 08/2015/NĐ-CP"), legal[0]);
        Assert.Equal(new LegalDocument("54/2014/QH13", "Luật 54/2014/QH13"), legal[1]);
        Assert.Equal(5, legal.Count);
    }

    [Fact]
    public void A_decision_number_with_a_dot_is_recognised()
    {
        var legal = Parse(RealRows.DecisionNumberWithDot).Spec.LegalBasis;

        Assert.Contains(legal, l => l.Number == "66.7/2025/NQ-CP");
    }

    [Fact]
    public void Results_drop_codes_and_page_furniture()
    {
        // "Giấy chứng nhận cải tạoMã: KQ.G04.000501Giấy chứng nhận kiểm định, tem kiểm định (…)Mã: KQ.G04.000495Từ khóa…Nộp hồ sơ"
        Assert.Equal(
            ["Giấy chứng nhận cải tạo", "Giấy chứng nhận kiểm định, tem kiểm định (xe cơ giới, xe máy chuyên dùng)"],
            Parse(RealRows.TwoResults).Spec.Results);
        Assert.Equal(
            ["Quyết định chuyển hình thức giao đất, cho thuê đất", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất."],
            Parse(RealRows.LandRegistration).Spec.Results);
    }

    [Fact]
    public void Result_furniture_crawled_into_the_conditions_is_dropped()
    {
        var p = Parse(RealRows.TimeRunsIntoFee); // conditions "Không có thông tinTừ khóaKhông có thông tinMô tảKhông có thông tin", results ""

        Assert.Null(p.Spec.Conditions);
        Assert.Empty(p.Spec.Results);
        Assert.Contains(p.Issues, i => i.Field == CatalogField.Results && i.Kind == ParseIssueKind.Missing);
    }

    [Fact]
    public void A_name_that_is_the_publishing_decision_is_flagged()
    {
        var p = Parse(RealRows.CrawlErrorName);

        Assert.StartsWith("Công bố Danh mục và Quy trình nội bộ thủ tục hành chính", p.Spec.Name);
        Assert.DoesNotContain('\n', p.Spec.Name);
        Assert.Equal([CatalogField.Name], p.Spec.RawTextFields);
        Assert.Equal(ProcedureLevel.Province | ProcedureLevel.Commune, p.Spec.Levels);
    }

    [Fact]
    public void Text_is_normalised_to_nfc()
    {
        Assert.False(JsonSerializer.Deserialize<NationalCatalogRow>(RealRows.NonNfcField)!.Field!.IsNormalized(NormalizationForm.FormC));

        var field = Parse(RealRows.NonNfcField).Spec.Field;

        Assert.True(field.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Cấp, quản lý căn cước".Normalize(NormalizationForm.FormC), field);
    }

    [Fact]
    public void A_row_that_is_not_an_object_is_rejected()
    {
        using var doc = JsonDocument.Parse("[1, 2]");

        Assert.Throws<ArgumentException>(() => NationalCatalogParser.Parse(doc.RootElement));
    }
}
