using MotCua.Domain.Catalog;
using MotCua.Domain.Documents;

namespace MotCua.Domain.Registers;

/// <summary>
/// The official books MotCua generates (docs/REGISTERS.md, which gives each book's source): the three civil-status books
/// (Luật Hộ tịch 2014 Điều 58; forms of Thông tư 04/2020/TT-BTP, in force), the three authentication books (Nghị định
/// 23/2015/NĐ-CP Điều 13 and its annex of sổ chứng thực forms, SCT/BS, SCT/CK,ĐC and SCT/HĐ,GD) and the land-field reception
/// book. Procedure codes are those of the national catalogue (../shared/data/tthc), found by name. The copy and signature
/// books' headings are the annex's, in its order; the other books' layouts could not be read here and are marked
/// [reported] in the docs, their contents following the Law's articles on what is registered.
/// </summary>
public static class OfficialBooks
{
    /// <summary>Thủ tục đăng ký khai sinh, đăng ký kết hôn, đăng ký khai tử (Quyết định 163/QĐ-BTP).</summary>
    public const string BirthCode = "1.001193", MarriageCode = "1.000894", DeathCode = "1.000656";

    /// <summary>Chứng thực bản sao từ bản chính (3152/QĐ-BTP), chữ ký (858/QĐ-BTP), giao dịch liên quan đến tài sản là
    /// động sản, quyền sử dụng đất, nhà ở (the contract book's procedure at commune level).</summary>
    public const string CopyCode = "2.000815", SignatureCode = "2.000884", ContractCode = "2.001035";

    /// <summary>The marriage age in full years (Luật Hôn nhân và gia đình 2014 Điều 8 khoản 1 điểm a: nam từ đủ 20 tuổi,
    /// nữ từ đủ 18 tuổi), asked of each spouse's date of birth on the marriage e-form.</summary>
    public const int MarriageAgeMan = 20, MarriageAgeWoman = 18;

    /// <summary>The field the land reception book enters whole.</summary>
    public const string LandField = "Đất đai";

    private static BookColumn No(string header = "Số") => new("so", header, ColumnSource.Number);
    private static BookColumn Signer(string header) => new("nguoiKy", header, ColumnSource.EnteredByWithTitle);
    private static BookColumn On(string header) => new("ngayDangKy", header, ColumnSource.EnteredOn);
    private static BookColumn Form(string key, string header) => new(key, header, ColumnSource.Form);
    private static readonly BookColumn Code = new("maHoSo", "Mã hồ sơ", ColumnSource.DossierCode);
    private static readonly BookColumn Note = new("ghiChu", "Ghi chú", ColumnSource.Note);

    private static EFormField Text(string name, string label, bool required = true, string? help = null) =>
        new(name, label, EFormFieldType.Text, required) { Help = help };

    private static EFormField Date(string name, string label, bool required = true, int? minAgeYears = null) =>
        new(name, label, EFormFieldType.Date, required) { NotAfterToday = true, MinAgeYears = minAgeYears };

    private static EFormField Name(string name, string label, bool required = true) =>
        new(name, label, EFormFieldType.Text, required) { Pattern = @"[\p{L} ]{2,100}", PatternMessage = "Họ tên chỉ gồm chữ cái và dấu cách." };

    /// <summary>The columns of a parent's particulars besides the name (Luật Hộ tịch 2014 Điều 14 khoản 1 điểm b: năm sinh,
    /// dân tộc, quốc tịch, nơi cư trú), headed as the marriage book heads each spouse's ("Dân tộc (mẹ)").</summary>
    private static BookColumn[] Parent(string suffix, string who) =>
    [
        Form("namSinh" + suffix, $"Năm sinh ({who})"), Form("danToc" + suffix, $"Dân tộc ({who})"),
        Form("quocTich" + suffix, $"Quốc tịch ({who})"), Form("noiCuTru" + suffix, $"Nơi cư trú ({who})"),
    ];

    /// <summary>The e-form fields of a parent's particulars: asked once the parent's name is given (<see
    /// cref="EFormField.RequiredWith"/>), the year of birth four digits, not after the current year nor the child's birth
    /// (<see cref="EFormField.NotAfter"/>). Dân tộc and quốc tịch are text: the repository holds no list of the 54 ethnic
    /// groups or of nationalities (docs/REGISTERS.md).</summary>
    private static EFormField[] ParentFields(string suffix, string who)
    {
        var name = "hoTen" + suffix;
        return
        [
            new("namSinh" + suffix, $"Năm sinh của người {who}", EFormFieldType.Number)
            {
                Pattern = "[0-9]{4}", PatternMessage = "Nhập năm sinh gồm 4 chữ số, ví dụ 1990.", NotAfter = "ngaySinh", RequiredWith = name,
            },
            new("danToc" + suffix, $"Dân tộc của người {who}", EFormFieldType.Text) { RequiredWith = name, Help = "Ví dụ: Kinh." },
            new("quocTich" + suffix, $"Quốc tịch của người {who}", EFormFieldType.Text) { RequiredWith = name, Help = "Ví dụ: Việt Nam." },
            new("noiCuTru" + suffix, $"Nơi cư trú của người {who}", EFormFieldType.Text)
            {
                RequiredWith = name, Help = "Nơi thường trú hoặc tạm trú, ví dụ: 27 Đống Đa, phường Thuận Hóa, thành phố Huế.",
            },
        ];
    }

    /// <summary>Sổ đăng ký khai sinh: what Luật Hộ tịch Điều 14 khoản 1 registers (the child's particulars, quê quán and số
    /// định danh cá nhân; the parents' names, năm sinh, dân tộc, quốc tịch and nơi cư trú), the declarant, the signer of the Giấy khai sinh and the officer who registered it
    /// (Điều 16 khoản 2). The e-form is the Tờ khai đăng ký khai sinh's, with quê quán and the identification number added.</summary>
    public static OfficialBook Birth { get; } = new("khai-sinh", "SỔ ĐĂNG KÝ KHAI SINH", "SKS", BookFamily.CivilStatus, EntryAct.Approval,
        "Thông tư 04/2020/TT-BTP, mẫu Sổ đăng ký khai sinh",
        [BirthCode], null,
        [
            No(), On("Ngày, tháng, năm đăng ký"), Form("hoTenTre", "Họ, chữ đệm, tên người được đăng ký khai sinh"), Form("ngaySinh", "Ngày, tháng, năm sinh"),
            Form("gioiTinh", "Giới tính"), Form("danToc", "Dân tộc"), Form("quocTich", "Quốc tịch"), Form("noiSinh", "Nơi sinh"),
            Form("queQuan", "Quê quán"), Form("soDinhDanh", "Số định danh cá nhân"),
            Form("hoTenMe", "Họ, chữ đệm, tên người mẹ"), .. Parent("Me", "mẹ"),
            Form("hoTenCha", "Họ, chữ đệm, tên người cha"), .. Parent("Cha", "cha"),
            new("nguoiDiDangKy", "Họ, chữ đệm, tên người đi khai sinh", ColumnSource.ApplicantName), Form("quanHe", "Quan hệ với người được khai sinh"),
            new("giayToNguoiDi", "Giấy tờ tùy thân của người đi khai sinh", ColumnSource.ApplicantIdNumber),
            Signer("Họ, chữ đệm, tên, chức vụ người ký Giấy khai sinh"), new("congChuc", "Người thực hiện (công chức tư pháp - hộ tịch)", ColumnSource.Handler), Note,
        ],
        [
            Name("hoTenTre", "Họ, chữ đệm và tên của trẻ"),
            Date("ngaySinh", "Ngày, tháng, năm sinh"),
            Text("noiSinh", "Nơi sinh", help: "Tên cơ sở y tế, hoặc địa chỉ nơi trẻ sinh ra."),
            new("gioiTinh", "Giới tính", EFormFieldType.Select, Required: true) { Options = ["Nam", "Nữ"] },
            Text("danToc", "Dân tộc", help: "Ví dụ: Kinh."),
            Text("quocTich", "Quốc tịch", help: "Ví dụ: Việt Nam."),
            Text("queQuan", "Quê quán", required: false, help: "Theo quê quán của cha hoặc mẹ (Luật Hộ tịch Điều 4 khoản 8), ví dụ: phường Thuận Hóa, thành phố Huế."),
            new("soDinhDanh", "Số định danh cá nhân của trẻ", EFormFieldType.Text)
            {
                Pattern = "[0-9]{12}", PatternMessage = "Số định danh cá nhân gồm 12 chữ số.",
                Help = "Công chức tư pháp - hộ tịch ghi số lấy từ Cơ sở dữ liệu quốc gia về dân cư khi đăng ký (Luật Hộ tịch Điều 14 khoản 1 điểm c).",
            },
            Text("hoTenMe", "Họ, chữ đệm và tên người mẹ", required: false, help: "Bỏ trống nếu chưa xác định được người mẹ."),
            .. ParentFields("Me", "mẹ"),
            Text("hoTenCha", "Họ, chữ đệm và tên người cha", required: false, help: "Bỏ trống nếu chưa xác định được người cha."),
            .. ParentFields("Cha", "cha"),
            new("quanHe", "Quan hệ của người đi đăng ký với trẻ", EFormFieldType.Select, Required: true) { Options = ["Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác"] },
        ]);

    /// <summary>Sổ đăng ký kết hôn: each spouse's name, birth date, ethnicity, nationality, residence and identity paper.</summary>
    public static OfficialBook Marriage { get; } = new("ket-hon", "SỔ ĐĂNG KÝ KẾT HÔN", "SKH", BookFamily.CivilStatus, EntryAct.Approval,
        "Thông tư 04/2020/TT-BTP, mẫu Sổ đăng ký kết hôn",
        [MarriageCode], null,
        [
            No(), On("Ngày, tháng, năm đăng ký"),
            Form("hoTenChong", "Họ, chữ đệm, tên bên chồng"), Form("ngaySinhChong", "Ngày, tháng, năm sinh (chồng)"), Form("danTocChong", "Dân tộc (chồng)"),
            Form("quocTichChong", "Quốc tịch (chồng)"), Form("noiCuTruChong", "Nơi cư trú (chồng)"), Form("giayToChong", "Giấy tờ tùy thân (chồng)"),
            Form("hoTenVo", "Họ, chữ đệm, tên bên vợ"), Form("ngaySinhVo", "Ngày, tháng, năm sinh (vợ)"), Form("danTocVo", "Dân tộc (vợ)"),
            Form("quocTichVo", "Quốc tịch (vợ)"), Form("noiCuTruVo", "Nơi cư trú (vợ)"), Form("giayToVo", "Giấy tờ tùy thân (vợ)"),
            Signer("Họ, chữ đệm, tên, chức vụ người ký Giấy chứng nhận kết hôn"), new("congChuc", "Người thực hiện (công chức tư pháp - hộ tịch)", ColumnSource.Handler), Note,
        ],
        [
            Name("hoTenChong", "Họ, chữ đệm và tên bên chồng"), Date("ngaySinhChong", "Ngày, tháng, năm sinh bên chồng", minAgeYears: MarriageAgeMan),
            Text("danTocChong", "Dân tộc bên chồng"), Text("quocTichChong", "Quốc tịch bên chồng"), Text("noiCuTruChong", "Nơi cư trú bên chồng"),
            Text("giayToChong", "Giấy tờ tùy thân bên chồng", help: "Loại và số giấy tờ, ví dụ: CCCD 046095001234."),
            Name("hoTenVo", "Họ, chữ đệm và tên bên vợ"), Date("ngaySinhVo", "Ngày, tháng, năm sinh bên vợ", minAgeYears: MarriageAgeWoman),
            Text("danTocVo", "Dân tộc bên vợ"), Text("quocTichVo", "Quốc tịch bên vợ"), Text("noiCuTruVo", "Nơi cư trú bên vợ"),
            Text("giayToVo", "Giấy tờ tùy thân bên vợ", help: "Loại và số giấy tờ, ví dụ: CCCD 046196001234."),
        ]);

    /// <summary>Sổ đăng ký khai tử: the deceased, the death (date, place, cause), the death notice and the declarant.</summary>
    public static OfficialBook Death { get; } = new("khai-tu", "SỔ ĐĂNG KÝ KHAI TỬ", "SKT", BookFamily.CivilStatus, EntryAct.Approval,
        "Thông tư 04/2020/TT-BTP, mẫu Sổ đăng ký khai tử",
        [DeathCode], null,
        [
            No(), On("Ngày, tháng, năm đăng ký"), Form("hoTenNguoiChet", "Họ, chữ đệm, tên người chết"), Form("ngaySinhNguoiChet", "Ngày, tháng, năm sinh"),
            Form("gioiTinhNguoiChet", "Giới tính"), Form("danTocNguoiChet", "Dân tộc"), Form("quocTichNguoiChet", "Quốc tịch"),
            Form("giayToNguoiChet", "Giấy tờ tùy thân"), Form("noiCuTruCuoiCung", "Nơi cư trú cuối cùng"), Form("ngayChet", "Ngày, tháng, năm chết"),
            Form("noiChet", "Nơi chết"), Form("nguyenNhanChet", "Nguyên nhân chết"), Form("giayBaoTu", "Giấy báo tử hoặc giấy tờ thay thế"),
            new("nguoiDiKhai", "Họ, chữ đệm, tên người đi khai tử", ColumnSource.ApplicantName), Form("quanHe", "Quan hệ với người chết"),
            new("giayToNguoiDi", "Giấy tờ tùy thân của người đi khai tử", ColumnSource.ApplicantIdNumber),
            Signer("Họ, chữ đệm, tên, chức vụ người ký Trích lục khai tử"), new("congChuc", "Người thực hiện (công chức tư pháp - hộ tịch)", ColumnSource.Handler), Note,
        ],
        [
            Name("hoTenNguoiChet", "Họ, chữ đệm và tên người chết"),
            // Born before the death (fresh trial 17u L10: 01/01/1950 born, 01/01/1940 dead was taken).
            Date("ngaySinhNguoiChet", "Ngày, tháng, năm sinh của người chết") with { NotAfter = "ngayChet" },
            new("gioiTinhNguoiChet", "Giới tính của người chết", EFormFieldType.Select, Required: true) { Options = ["Nam", "Nữ"] },
            Text("danTocNguoiChet", "Dân tộc"), Text("quocTichNguoiChet", "Quốc tịch"),
            Text("giayToNguoiChet", "Giấy tờ tùy thân của người chết", help: "Loại và số giấy tờ."),
            Text("noiCuTruCuoiCung", "Nơi cư trú cuối cùng"), Date("ngayChet", "Ngày, tháng, năm chết"), Text("noiChet", "Nơi chết"),
            Text("nguyenNhanChet", "Nguyên nhân chết"),
            Text("giayBaoTu", "Giấy báo tử hoặc giấy tờ thay thế", help: "Số, ngày cấp và cơ quan cấp."),
            new("quanHe", "Quan hệ của người đi khai tử với người chết", EFormFieldType.Select, Required: true) { Options = ["Vợ", "Chồng", "Con", "Cha", "Mẹ", "Người thân thích khác", "Người khác"] },
        ]);

    /// <summary>The columns every authentication book shares, in the annex's words.</summary>
    private const string CertNumber = "Số thứ tự/số chứng thực", CertDate = "Ngày, tháng, năm chứng thực",
        CertSigner = "Họ tên, chức danh người ký chứng thực", CertFee = "Lệ phí/Phí chứng thực";

    /// <summary>Sổ chứng thực bản sao từ bản chính (SCT/BS), the eight columns of the form annexed to Nghị định 23/2015/NĐ-CP
    /// (Điều 13 khoản 4 điểm a) in their order. One number per original paper (Thông tư 01/2020/TT-BTP Điều 4 khoản 1): the
    /// e-form lists the originals as a repeated group (<see cref="BookFees.OriginalsGroup"/>), one entry each.</summary>
    public static OfficialBook Copies { get; } = new("chung-thuc-ban-sao", "SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH", "SCT/BS", BookFamily.Authentication, EntryAct.Approval,
        "Nghị định 23/2015/NĐ-CP Điều 13, mẫu Sổ chứng thực bản sao từ bản chính (SCT/BS); Thông tư 01/2020/TT-BTP Điều 4",
        [CopyCode], null,
        [
            No(CertNumber), On(CertDate), new("nguoiYeuCau", "Họ tên của người yêu cầu chứng thực", ColumnSource.ApplicantName),
            Form("tenBanChinh", "Tên của bản chính giấy tờ, văn bản"), Signer(CertSigner), Form("soBanSao", "Số bản sao đã được chứng thực"),
            new("phi", CertFee, ColumnSource.FeeVnd), Note,
        ],
        [
            // One row per original: each takes its own number (Nghị định 23/2015/NĐ-CP Điều 20 khoản 3).
            Text("tenBanChinh", "Tên của bản chính giấy tờ, văn bản", help: "Ví dụ: Bằng tốt nghiệp trung học phổ thông số 123456.") with { Group = BookFees.OriginalsGroup },
            new(BookFees.CopiesField, "Số bản sao yêu cầu chứng thực", EFormFieldType.Number, Required: true)
            {
                Pattern = "[1-9][0-9]{0,2}", PatternMessage = "Nhập số bản từ 1 đến 999.", Group = BookFees.OriginalsGroup,
            },
            // The fee counts the original's pages (BookFees.CopyVnd); the catalogue publishes it only as text.
            new(BookFees.PagesField, "Số trang của bản chính", EFormFieldType.Number, Required: true)
            {
                Pattern = "[1-9][0-9]{0,3}", PatternMessage = "Nhập số trang từ 1 đến 9999.", Group = BookFees.OriginalsGroup,
            },
        ]);

    /// <summary>Sổ chứng thực chữ ký, chứng thực điểm chỉ (SCT/CK,ĐC), the eight columns of the annexed form (Nghị định
    /// 23/2015/NĐ-CP Điều 13 khoản 4 điểm b) in their order: the requester's name and identity paper share a column. One
    /// number per kind of paper signed (Thông tư 01/2020/TT-BTP Điều 4 khoản 2: "ghi theo từng loại giấy tờ, văn bản cần
    /// chứng thực chữ ký; không lấy số chứng thực theo lượt người yêu cầu"): the e-form lists the papers as a repeated group
    /// (<see cref="BookFees.PapersGroup"/>), one entry each, column 6 the number of papers of that kind.</summary>
    public static OfficialBook Signatures { get; } = new("chung-thuc-chu-ky", "SỔ CHỨNG THỰC CHỮ KÝ, CHỨNG THỰC ĐIỂM CHỈ", "SCT/CK,ĐC", BookFamily.Authentication, EntryAct.Approval,
        "Nghị định 23/2015/NĐ-CP Điều 13, mẫu Sổ chứng thực chữ ký, chứng thực điểm chỉ (SCT/CK,ĐC); Thông tư 01/2020/TT-BTP Điều 4",
        [SignatureCode], null,
        [
            No(CertNumber), On(CertDate), new("nguoiYeuCau", "Họ tên, số giấy CMND/Hộ chiếu của người yêu cầu chứng thực", ColumnSource.ApplicantNameAndIdNumber),
            Form("tenGiayTo", "Tên của giấy tờ, văn bản chứng thực chữ ký/điểm chỉ"), Signer(CertSigner),
            Form("soLuongGiayTo", "Số lượng giấy tờ, văn bản đã được chứng thực chữ ký/điểm chỉ"), new("phi", CertFee, ColumnSource.FeeVnd), Note,
        ],
        [
            // One row per kind of paper: each takes its own number; several papers of one kind share it.
            Text("tenGiayTo", "Tên của giấy tờ, văn bản cần chứng thực chữ ký/điểm chỉ", help: "Ví dụ: Giấy ủy quyền.") with { Group = BookFees.PapersGroup },
            new(BookFees.PapersField, "Số lượng giấy tờ, văn bản cần chứng thực chữ ký/điểm chỉ", EFormFieldType.Number, Required: true)
            {
                Pattern = "[1-9][0-9]{0,2}", PatternMessage = "Nhập số lượng từ 1 đến 999.", Group = BookFees.PapersGroup,
            },
        ]);

    /// <summary>Sổ chứng thực hợp đồng, giao dịch (SCT/HĐ,GD, Nghị định 23/2015/NĐ-CP Điều 13 khoản 4 điểm đ): the columns
    /// it shares with the other authentication books in their words; the contract's own columns (its name, its parties)
    /// are MotCua's reading, the form not having been found here [reported].</summary>
    public static OfficialBook Contracts { get; } = new("chung-thuc-hop-dong", "SỔ CHỨNG THỰC HỢP ĐỒNG, GIAO DỊCH", "SCT/HĐ,GD", BookFamily.Authentication, EntryAct.Approval,
        "Nghị định 23/2015/NĐ-CP Điều 13, Sổ chứng thực hợp đồng, giao dịch (SCT/HĐ,GD); Thông tư 01/2020/TT-BTP Điều 4 khoản 3",
        [ContractCode], null,
        [
            No(CertNumber), On(CertDate), new("nguoiYeuCau", "Họ tên của người yêu cầu chứng thực", ColumnSource.ApplicantName),
            Form("tenHopDong", "Tên hợp đồng, giao dịch"), Form("cacBen", "Họ tên các bên tham gia hợp đồng, giao dịch"),
            Signer(CertSigner), new("phi", CertFee, ColumnSource.FeeVnd), Note,
        ],
        [
            Text("tenHopDong", "Tên hợp đồng, giao dịch", help: "Ví dụ: Hợp đồng tặng cho quyền sử dụng đất."),
            Text("cacBen", "Họ, chữ đệm, tên các bên tham gia", help: "Mỗi bên cách nhau dấu chấm phẩy."),
        ]);

    /// <summary>Sổ tiếp nhận hồ sơ lĩnh vực đất đai: every land-field dossier the unit receives, with its parcel. The parcel
    /// fields are optional: not every land procedure is about one parcel.</summary>
    public static OfficialBook Land { get; } = new("tiep-nhan-dat-dai", "SỔ TIẾP NHẬN HỒ SƠ LĨNH VỰC ĐẤT ĐAI", "STN/ĐĐ", BookFamily.Reception, EntryAct.Receipt,
        $"Sổ theo dõi hồ sơ ({DocumentKind.Register.FormSource()}) với các cột thửa đất của sổ tiếp nhận lĩnh vực địa chính",
        [], LandField,
        [
            No(), On("Ngày nhận hồ sơ"), Code, new("thuTuc", "Tên thủ tục", ColumnSource.ProcedureName),
            new("nguoiNop", "Tên người nộp hồ sơ", ColumnSource.ApplicantName), new("diaChi", "Địa chỉ", ColumnSource.ApplicantAddress),
            new("dienThoai", "Số điện thoại", ColumnSource.ApplicantPhone), Form("soThua", "Thửa đất số"), Form("soToBanDo", "Tờ bản đồ số"),
            Form("diaChiThuaDat", "Địa chỉ thửa đất"), new("henTra", "Hẹn trả kết quả", ColumnSource.DueOn),
            new("nguoiNhan", "Người nhận hồ sơ", ColumnSource.EnteredBy), Note,
        ],
        [
            new("soThua", "Thửa đất số", EFormFieldType.Text) { Pattern = "[0-9A-Za-z/-]{1,20}", PatternMessage = "Số thửa gồm chữ số (có thể có chữ cái, dấu / hoặc -)." },
            new("soToBanDo", "Tờ bản đồ số", EFormFieldType.Text) { Pattern = "[0-9A-Za-z/-]{1,20}", PatternMessage = "Số tờ bản đồ gồm chữ số (có thể có chữ cái, dấu / hoặc -)." },
            Text("diaChiThuaDat", "Địa chỉ thửa đất", required: false),
        ]);

    /// <summary>Every book, in the order the page lists them.</summary>
    public static IReadOnlyList<OfficialBook> All { get; } = [Birth, Marriage, Death, Copies, Signatures, Contracts, Land];

    /// <summary>The book with address segment <paramref name="key"/>, or null.</summary>
    public static OfficialBook? ByKey(string? key) => All.FirstOrDefault(b => string.Equals(b.Key, key, StringComparison.Ordinal));

    /// <summary>The books a dossier of the procedure enters at <paramref name="act"/>.</summary>
    public static IEnumerable<OfficialBook> Entering(string procedureCode, string procedureField, EntryAct act) =>
        All.Where(b => b.EnteredAt == act && b.Enters(procedureCode, procedureField));

    /// <summary>The e-form fields a procedure must ask so its books fill without typing twice (the fields of every book
    /// entering it, once each, in book order); empty when no book enters it.</summary>
    public static IReadOnlyList<EFormField> FormFieldsOf(string procedureCode, string procedureField) =>
        [.. All.Where(b => b.Enters(procedureCode, procedureField)).SelectMany(b => b.FormFields).DistinctBy(f => f.Name)];
}
