using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Audit;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 6 (Nghị định 13/2023/NĐ-CP): every answer that shows applicants' personal data writes an audit row with
/// who, which dossier or list, which fields, when and from where; the rows form a hash chain that the verify-audit command
/// and the inspector's page check; the app's database role cannot change or delete them.
/// </summary>
public class AuditLogTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    /// <summary>
    /// Every route that is not marked <see cref="PersonalDataAttribute"/>, and why it shows no applicant's personal data.
    /// A new route must be marked or listed here, or <see cref="Every_route_either_audits_its_reads_or_says_why_it_shows_no_personal_data"/> fails.
    /// </summary>
    private static readonly Dictionary<string, string> NoPersonalData = new()
    {
        ["PAGE /"] = "trang chủ",
        ["GET /openapi/{documentName}.json"] = "mô tả API",
        ["GET /healthz"] = "tình trạng máy chủ",
        ["POST /api/v1/dossiers/{code}/fee"] = "xác định phí, lệ phí của hồ sơ: trả các khoản thu, số tiền, nguồn và căn cứ; không có thông tin người nộp",
        ["POST /api/v1/files/staged"] = "tải tệp lên trước khi nộp: trả mã, tên, kiểu, dung lượng và số trang của chính tệp vừa gửi; không có thông tin người nộp",
        ["GET /readyz"] = "tình trạng máy chủ",
        ["GET /api/v1/reports/ratings"] = "số liệu đánh giá theo cơ quan, thủ tục, cán bộ: số đếm và tỷ lệ, ô dưới 5 lượt bị ẩn; không gắn với hồ sơ hay người đánh giá",
        ["GET /api/v1/reports/unit-scores/{agency}/{quarter}"] = "điểm tự chấm và điểm thẩm định của đơn vị theo chín tiêu chí; không có thông tin người dân",
        ["PAGE /bao-cao/cham-diem"] = "chấm điểm đơn vị theo chín tiêu chí; không có thông tin người dân",
        ["PUT /api/v1/reports/unit-scores/{agency}/{quarter}"] = "ghi điểm một tiêu chí của đơn vị (ghi nhật ký unit-score); không có thông tin người dân",
        ["PAGE /danh-gia"] = "biểu mẫu đánh giá công khai theo mã hồ sơ và mã đánh giá; không có thông tin người nộp",
        ["POST /api/v1/ratings"] = "gửi đánh giá: trả đã ghi nhận; đánh giá không gắn với hồ sơ hay người đánh giá",
        ["PAGE /cong-dan"] = "trang của người dân: chỉ tên của chính người đã đăng nhập",
        ["PAGE /cong-dan/ho-so/{code}"] = "hồ sơ của chính người dân đã đăng nhập (CitizenAccess; người khác nhận 404): người dân đọc dữ liệu của mình",
        // Issue 17, piece A: the citizens' sign-in pages show back only what the visitor typed (the destination masked) or
        // the signed-in citizen's own name; sign-in and sign-out are audited as citizen.sign-in / citizen.sign-out.
        ["PAGE /cong-dan/dang-nhap"] = "đăng nhập của người dân: chỉ số CCCD, số điện thoại người đó vừa nhập và tên của chính người đã đăng nhập",
        ["PAGE /cong-dan/dang-nhap/ma"] = "nhập mã: nơi nhận mã đã che (090****456); ghi citizen.sign-in khi đúng mã",
        ["PAGE /cong-dan/dang-nhap/vneid"] = "chuyển sang VNeID; không có thông tin người dân",
        ["PAGE /cong-dan/dang-nhap/vneid/xong"] = "kết quả đăng nhập VNeID: chỉ thông báo lỗi và biểu mẫu nhận mã; ghi citizen.sign-in khi thành công",
        ["PAGE /cong-dan/dang-xuat"] = "đăng xuất: chỉ tên của chính người đã đăng nhập; ghi citizen.sign-out",
        ["PAGE /cong-dan/nop"] = "danh mục cơ quan và thủ tục nhận hồ sơ trực tuyến: không có thông tin người dân",
        ["PAGE /cong-dan/nop/{agency}/{procedure}"] = "bản nháp hồ sơ của chính người dân đã đăng nhập (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["POST /cong-dan/ho-so/{code}/bo-sung/tep"] = "tải một tệp bổ sung cho hồ sơ của chính người dân (người khác nhận 404): trả mã, mục, tên và số trang của tệp vừa gửi",
        ["GET /cong-dan/ho-so/{code}/ket-qua.pdf"] = "kết quả của hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["GET /cong-dan/ho-so/{code}/tep/{dossierFileId:long}"] = "tệp của hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["GET /cong-dan/api/session"] = "phiên của người dân: chỉ tên của chính người đã đăng nhập và mã chống giả mạo",
        ["GET /cong-dan/api/dossiers"] = "danh sách hồ sơ của chính người dân đã đăng nhập (CitizenAccess): người dân đọc dữ liệu của mình",
        ["GET /cong-dan/api/dossiers/{code}"] = "hồ sơ của chính người dân đã đăng nhập (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["GET /cong-dan/api/dossiers/{code}/files/{dossierFileId:long}"] = "tệp của hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["GET /cong-dan/api/dossiers/{code}/result.pdf"] = "kết quả của hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["POST /cong-dan/api/files"] = "tải tệp lên trước khi nộp trực tuyến: trả mã, tên, kiểu, dung lượng và số trang của chính tệp vừa gửi",
        ["POST /cong-dan/api/dossiers"] = "nộp hồ sơ trực tuyến của chính người dân: trả mã, trạng thái, hạn và lệ phí",
        ["POST /cong-dan/api/dossiers/{code}/supplement/files"] = "tải tệp bổ sung cho hồ sơ của chính người dân (người khác nhận 404): trả mã, mục, tên và số trang",
        ["POST /cong-dan/api/dossiers/{code}/supplement"] = "gửi bổ sung hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["POST /cong-dan/api/dossiers/{code}/rating"] = "đánh giá hồ sơ của chính người dân (người khác nhận 404): trả đã ghi nhận, không gắn đánh giá với hồ sơ",
        ["POST /cong-dan/api/dossiers/{code}/withdraw"] = "rút hồ sơ của chính người dân (người khác nhận 404): người dân đọc dữ liệu của mình",
        ["POST /cong-dan/ban-nhap/{draft:long}/tep"] = "tải một tệp vào bản nháp của chính người dân: trả mã, tên, kiểu và số trang của tệp vừa gửi",
        ["PAGE /bao-cao/danh-gia/tom-tat"] = "tóm tắt đánh giá của đơn vị: số đếm, tỷ lệ, ý kiến đã che; không gắn với hồ sơ hay người đánh giá",
        ["POST /api/v1/dossiers/{code}/sync/repush"] = "đẩy lại hồ sơ lên Cổng DVCQG: trả số lần đẩy lại, số hồ sơ, số thư; không có thông tin người nộp",
        ["POST /dang-xuat"] = "đăng xuất",
        ["POST /api/v1/payments/replay-conflicts/{id:long}/note"] = "ghi chú xử lý thông báo trùng mã giao dịch: trả 204, không có dữ liệu",
        ["GET /api/v1/officer-notices"] = "nhắc việc của chính cán bộ: mã hồ sơ, bước, hạn; không có thông tin người nộp",
        ["PAGE /thong-bao"] = "nhắc việc của chính cán bộ: mã hồ sơ, bước, hạn; không có thông tin người nộp",
        ["POST /api/v1/officer-notices/{id:long}/read"] = "đánh dấu đã đọc một nhắc việc của chính mình",
        ["PAGE /thong-bao/huy/{token}"] = "ngừng nhận thông báo: chỉ mã hồ sơ và tên kênh, như trang tra cứu",
        ["POST /api/v1/notifications/receipts/{provider}"] = "báo nhận của cổng tin nhắn: chỉ trả lời đã lưu hay chưa",
        ["PAGE /dang-nhap"] = "đăng nhập",
        ["POST /api/v1/feedback"] = "gửi phản ánh, kiến nghị: trả số, trạng thái và hạn; không nhắc lại thông tin người gửi",
        ["POST /api/v1/portal/feedback"] = "Cổng chuyển phản ánh, kiến nghị: trả số, trạng thái và hạn; không nhắc lại thông tin người gửi",
        ["POST /api/v1/feedback/desk"] = "cán bộ ghi nhận phản ánh, kiến nghị: trả số, trạng thái và hạn; không nhắc lại thông tin người gửi",
        ["GET /api/v1/feedback/figures"] = "số liệu phản ánh, kiến nghị: chỉ các con số",
        ["PAGE /phan-anh-kien-nghi"] = "kết quả trả lời công khai, đã che thông tin người gửi",
        ["PAGE /phan-anh-kien-nghi/gui"] = "biểu mẫu công khai người dân tự điền, không đăng nhập",
        ["PAGE /phan-anh-kien-nghi/{number}"] = "tra cứu công khai một phản ánh, kiến nghị: không có người gửi",
        ["GET /api/v1/public/feedback"] = "kết quả trả lời công khai, đã che thông tin người gửi",
        ["GET /api/v1/public/feedback/{number}"] = "tra cứu công khai một phản ánh, kiến nghị: không có người gửi",
        ["PAGE /pakn/moi"] = "biểu mẫu trống cán bộ điền khi ghi nhận; chỉ nhắc lại điều vừa nhập",
        ["PAGE /pakn/qua-han"] = "số, trạng thái và hạn của phản ánh, kiến nghị quá hạn; không có người gửi",
        ["PAGE /tai-khoan/mat-khau"] = "mật khẩu của chính cán bộ",
        ["PAGE /tra-cuu"] = "tra cứu công khai của người dân, không đăng nhập",
        ["GET /api/v1/lookup/{code}"] = "tra cứu công khai của người dân, không đăng nhập",
        ["PAGE /xac-thuc"] = "kiểm tra chữ ký của tệp người dùng gửi lên",
        ["POST /api/v1/receipts/{id:long}/cancel"] = "trả về số biên lai, thời điểm và lý do hủy",
        ["POST /api/v1/payments/callback"] = "đối tác thanh toán gửi đến, không đăng nhập: câu trả lời nhắc lại khoản chính đối tác vừa gửi",
        ["PAGE /so-thu-phi"] = "tổng thu theo ngày và đối chiếu của đơn vị, không có tên người nộp",
        ["PAGE /bao-cao"] = "danh sách các báo cáo",
        ["PAGE /bao-cao/bieu-06"] = "Biểu 06: số hồ sơ theo lĩnh vực, không có người nộp",
        ["PAGE /bao-cao/bieu-06/ho-so"] = "hồ sơ sau một số của Biểu 06: mã, thủ tục, ngày; không có người nộp",
        ["GET /api/v1/reports/bieu-06"] = "Biểu 06: số hồ sơ theo lĩnh vực, không có người nộp",
        ["GET /api/v1/reports/bieu-06.xlsx"] = "Biểu 06: số hồ sơ theo lĩnh vực, không có người nộp",
        ["GET /api/v1/reports/bieu-06.pdf"] = "Biểu 06: số hồ sơ theo lĩnh vực, không có người nộp",
        ["GET /api/v1/reports/index-766/"] = "chỉ số 766: số hồ sơ, thủ tục, điểm; không có người nộp",
        ["GET /api/v1/reports/index-766/dossiers"] = "hồ sơ sau một số của chỉ số 766: mã, thủ tục, ngày; không có người nộp (5.1: số phản ánh, kiến nghị và các mốc, không có người gửi)",
        ["PAGE /bao-cao/chi-so-766"] = "chỉ số 766: số hồ sơ, thủ tục, điểm; không có người nộp",
        ["PAGE /bao-cao/chi-so-766/ho-so"] = "hồ sơ sau một số của chỉ số 766: mã, thủ tục, ngày; không có người nộp (5.1: số phản ánh, kiến nghị và các mốc, không có người gửi)",
        ["GET /api/v1/reports/steps"] = "thời gian theo bước: số hồ sơ, giờ làm việc; không có người nộp",
        ["GET /api/v1/reports/early-warning"] = "hồ sơ có nguy cơ trễ hạn: mã, thủ tục, bước, hạn; không có người nộp",
        ["PAGE /bao-cao/thoi-gian-buoc"] = "thời gian theo bước và hồ sơ có nguy cơ trễ hạn: mã, thủ tục, bước; không có người nộp",
        ["POST /api/v1/payments/{id:long}/receipt"] = "biên lai thay thế: số, liên kết tệp, mã hồ sơ; không có tên người nộp",
        ["GET /api/v1/reports/dashboard"] = "tổng quan: số hồ sơ, tỷ lệ đúng hạn, hồ sơ quá hạn với mã, bước và cán bộ giữ; không có người nộp",
        ["PAGE /bao-cao/tong-quan"] = "tổng quan: số hồ sơ, tỷ lệ đúng hạn, hồ sơ quá hạn với mã, bước và cán bộ giữ; không có người nộp",
        ["POST /api/v1/payments/{id:long}/refunds"] = "khoản hoàn trả: số tiền, lý do, mã hồ sơ, kế toán; không có người nộp",
        ["PAGE /xac-thuc/bien-lai/{token}"] = "xác thực biên lai: số, số tiền, đơn vị thu, chữ cái đầu tên người nộp",
        ["POST /api/v1/signatures/verify"] = "kiểm tra chữ ký của tệp người dùng gửi lên",
        ["PAGE /thu-tuc"] = "danh mục thủ tục",
        ["PAGE /thu-tuc/{code}"] = "danh mục thủ tục",
        ["GET /api/v1/procedures"] = "danh mục thủ tục",
        ["GET /api/v1/procedures/{code}"] = "danh mục thủ tục",
        ["GET /api/v1/agencies/{agencyCode}/procedures"] = "danh mục thủ tục",
        ["PUT /api/v1/agencies/{agencyCode}/procedures/{code}"] = "danh mục thủ tục",
        ["PAGE /tiep-nhan"] = "trả lại đúng điều cán bộ vừa nhập; sau khi tiếp nhận chuyển sang trang hồ sơ (được ghi nhật ký)",
        ["POST /api/v1/dossiers"] = "giấy biên nhận chỉ có mã, trạng thái và liên kết",
        ["POST /api/v1/portal/dossiers"] = "Cổng chuyển hồ sơ: trả mã hồ sơ, mã trên Cổng và trạng thái; không nhắc lại thông tin người nộp",
        ["POST /api/v1/monitoring/dossiers"] = "hệ thống của bộ, ngành gửi hồ sơ theo dõi: trả số nhận và lỗi theo mã hồ sơ; không nhắc lại thông tin người nộp",
        ["GET /api/v1/dossiers/{code}/events"] = "lịch sử xử lý: tên cán bộ, không có thông tin người nộp",
        ["GET /api/v1/dossiers/{code}/payments"] = "số tiền, mã VietQR, tài khoản thu của đơn vị, biên lai theo số; không có tên người nộp",
        ["POST /api/v1/dossiers/{code}/field-verifications"] = "trả về số biên bản và liên kết",
        ["POST /api/v1/dossiers/{code}/losses"] = "trả về số văn bản và liên kết",
        ["PAGE /ho-so/{code}/xac-minh"] = "chỉ có mã, tên thủ tục, trạng thái của hồ sơ",
        ["PAGE /ho-so/{code}/mat-hu-hong"] = "chỉ có mã, tên thủ tục, trạng thái của hồ sơ",
        ["GET /api/v1/dossiers/{code}/evaluation-slip.pdf"] = "phiếu đánh giá không ghi tên người nộp",
        ["PAGE /thanh-tra/nhat-ky"] = "chính nhật ký",
        // Issue 17, piece E: a queue ticket carries no name; the phone a holder gives is never shown back.
        ["POST /api/v1/queue/{agency}/tickets"] = "số thứ tự vừa lấy, mã trang số, vị trí và thời gian chờ; không nhắc lại số điện thoại",
        ["POST /api/v1/queue/counters/{id:int}/call-next"] = "số được gọi, dịch vụ, quầy, số lần gọi; phiếu số không có tên người",
        ["POST /api/v1/queue/tickets/{id:long}/recall"] = "số thứ tự và trạng thái; không có tên người",
        ["POST /api/v1/queue/tickets/{id:long}/start"] = "số thứ tự và trạng thái; không có tên người",
        ["POST /api/v1/queue/tickets/{id:long}/done"] = "số thứ tự và trạng thái; không có tên người",
        ["POST /api/v1/queue/tickets/{id:long}/no-show"] = "số thứ tự và trạng thái; không có tên người",
        ["GET /api/v1/queue/figures"] = "số liệu xếp hàng theo quầy, cán bộ, dịch vụ, giờ: số đếm, thời gian, tỷ lệ hài lòng; không có thông tin người dân",
        ["PAGE /xep-hang/{agency}"] = "lấy số trực tuyến: danh sách dịch vụ và số người chờ",
        ["PAGE /xep-hang/ve/{token}"] = "trang số thứ tự của người giữ mã: số, dịch vụ, vị trí, quầy; không có tên hay số điện thoại",
        ["PAGE /xep-hang/so-lieu/tom-tat"] = "số liệu xếp hàng hôm nay theo quầy; không có thông tin người dân",
        ["PAGE /man-hinh-goi/{agency}"] = "màn hình gọi số: chỉ số thứ tự và quầy",
        ["PAGE /quay/goi"] = "bảng gọi số của quầy: số thứ tự, dịch vụ, số người chờ; không có tên người",
        ["PAGE /kiosk"] = "trang chủ ki-ốt",
        ["PAGE /kiosk/lay-so"] = "lấy số tại ki-ốt: dịch vụ, số vừa lấy và mã QR của trang số",
        ["PAGE /kiosk/tra-cuu"] = "ô nhập mã hồ sơ, chuyển sang trang tra cứu công khai",
        ["PAGE /kiosk/thu-tuc"] = "thủ tục của bộ phận một cửa: lĩnh vực, giấy tờ, phí, thời hạn; không có thông tin người dân",
        ["PAGE /kiosk/ket-thuc"] = "trang kết thúc phiên ở ki-ốt",
        ["PAGE /kiosk/ghi-danh/{secret}"] = "ghi danh thiết bị ki-ốt: tên cơ quan và tên thiết bị",
    };

    /// <summary>
    /// Routes that show personal data and write their own audit row instead of the generic one: the population database
    /// lookup (issue 16) records the CCCD asked, the officer's purpose and the outcome (action <c>citizen.lookup</c>),
    /// which <see cref="PersonalDataAttribute"/>'s dossier read cannot say. PopulationRegistryTests checks their rows.
    /// </summary>
    private static readonly Dictionary<string, string> AuditedByThemselves = new()
    {
        ["POST /api/v1/citizens/lookup"] = "tra cứu CSDL dân cư: ghi citizen.lookup với số CCCD, mục đích và kết quả",
        // Issue 17 piece C: the desk's digitisation panel shows the officer's own scans of the paper the applicant has just
        // handed over, before any dossier exists (another officer's scan is a 404); once received, the dossier's files are
        // read through the audited dossier routes.
        // Offering the applicant's earlier files for reuse names their other dossiers: the panel writes its own dossier.list row.
        ["PAGE /tiep-nhan/so-hoa"] = "bản quét của chính cán bộ ở quầy, chưa thuộc hồ sơ nào: số trang, trạng thái nhận dạng, gợi ý điền từ giấy người nộp vừa đưa; khi gợi ý dùng lại giấy tờ của hồ sơ trước, ghi dossier.list 'desk:reuse' với các mã hồ sơ",
        ["PAGE /tiep-nhan/so-hoa/dung-lai"] = "dùng lại một tệp của hồ sơ trước cùng số định danh: chỉ trả lại trường ẩn, không cho xem tệp",
        ["GET /tiep-nhan/so-hoa/tep/{id:long}"] = "tệp quét của chính cán bộ, chưa thuộc hồ sơ nào (cán bộ khác nhận 404)",
        ["PAGE /tiep-nhan/so-hoa/tep/{id:long}/dien"] = "điền một ô của biểu mẫu tiếp nhận từ bản quét của chính cán bộ",
        ["PAGE /tiep-nhan/tra-cuu-cong-dan"] = "tra cứu CSDL dân cư ở quầy: ghi citizen.lookup với số CCCD, mục đích và kết quả",
    };

    /// <summary>Prefixes of routes about calendars, the catalogue and administration: no applicant appears there.</summary>
    private static readonly string[] Administration = ["/quan-tri/", "/api/v1/calendar", "/api/v1/agencies/{code}/", "/api/v1/admin/", "/api/v1/search-terms", "/api/v1/account/"];

    private sealed record Route(string Key, string Template, string Method, bool Page, PersonalDataAttribute? Marked, bool Action);

    // The route table as the running app has it: a page is one route (its marking covers every handler).
    private List<Route> Routes()
    {
        app.StartServer();
        var routes = new List<Route>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var marked = endpoint.Metadata.GetMetadata<PersonalDataAttribute>();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
                routes.Add(new($"PAGE {template}", template, "GET", true, marked, false));
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
                routes.AddRange(methods.HttpMethods.Select(m => new Route($"{m} {template}", template, m, false, marked,
                    endpoint.Metadata.GetMetadata<Features.Processing.ProcessingActionMetadata>() is not null)));
        }
        return [.. routes.DistinctBy(r => r.Key).OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    [Fact]
    public void Every_route_either_audits_its_reads_or_says_why_it_shows_no_personal_data()
    {
        var routes = Routes();
        var unexplained = routes.Where(r => r.Marked is null && !NoPersonalData.ContainsKey(r.Key) && !AuditedByThemselves.ContainsKey(r.Key)
            && !Administration.Any(p => r.Template.StartsWith(p, StringComparison.Ordinal))).Select(r => r.Key).ToList();
        Assert.True(unexplained.Count == 0, "Routes neither marked [PersonalData] nor listed as free of personal data:\n" + string.Join("\n", unexplained));
        var stale = NoPersonalData.Keys.Where(k => routes.All(r => r.Key != k) || routes.Single(r => r.Key == k).Marked is not null).ToList();
        Assert.True(stale.Count == 0, "Listed as free of personal data but gone or marked: " + string.Join(", ", stale));
        // Every processing action answers the dossier as GET /api/v1/dossiers/{code} does, ID number included.
        Assert.All(routes.Where(r => r.Action), r => Assert.Equal(PersonalFields.All, r.Marked!.Fields));
        output.WriteLine($"{routes.Count} routes: {routes.Count(r => r.Marked is not null)} audited as personal-data reads, " +
            $"{NoPersonalData.Count} listed without personal data, {routes.Count(r => r.Marked is null && !NoPersonalData.ContainsKey(r.Key))} administration routes.");
    }

    [Fact]
    public async Task Each_personal_data_read_writes_who_which_dossier_fields_and_from_where()
    {
        var code = await SubmitAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var officerId = await app.ScalarAsync("SELECT id FROM users WHERE user_name = 'tiepnhan.thuanhoa'");
        var year = VietnamTime.ToVietnam(app.Clock.Now).Year;
        var reached = new List<string>();
        var notReached = new List<string>();
        // Every marked GET route and page, filled with this dossier, as its receiving officer.
        foreach (var route in Routes().Where(r => r.Marked is not null && r.Method == "GET"))
        {
            var path = route.Template.Replace("{code}", code).Replace("{year:int}", year.ToString()).Replace("{name}", "department")
                .Replace("{step:int}", "1");
            if (path.Contains('{')) { notReached.Add($"{route.Key} (cần mã phiếu)"); continue; }
            // Issue 14: the fee register is the accountant's and the leader's (FeeRegisterTests reads it).
            if (route.Template.StartsWith("/api/v1/registers/fees", StringComparison.Ordinal)) { notReached.Add($"{route.Key} (kế toán, lãnh đạo)"); continue; }
            // The accountant's page (PaymentConfirmationTests reads it as the accountant).
            if (route.Template == "/ke-toan") { notReached.Add($"{route.Key} (kế toán)"); continue; }
            // Issue 16: the portal sync state is the administrator's (PortalSyncTests reads it and checks its audit row).
            if (route.Template.StartsWith("/api/v1/dossiers/{code}/sync", StringComparison.Ordinal)) { notReached.Add($"{route.Key} (quản trị)"); continue; }
            // Issue 15: the official books list a dossier only once it is approved (OfficialBookTests reads them).
            if (route.Template == "/so-dang-ky") { notReached.Add($"{route.Key} (hồ sơ vào sổ khi được phê duyệt)"); continue; }
            // Issue 16: feedback lists and pages are audited under the feedback's number (FeedbackTests reads them).
            if (route.Template.StartsWith("/pakn", StringComparison.Ordinal) || route.Template.StartsWith("/api/v1/feedback", StringComparison.Ordinal))
            { notReached.Add($"{route.Key} (phản ánh, kiến nghị: ghi nhật ký theo số PAKN)"); continue; }
            if (route.Template == "/ho-so") path += "?q=046095001234";
            if (route.Template == "/xu-ly") path += "?ds=department";
            var before = await LastSeqAsync();
            var response = await officer.GetAsync(path);
            if (!response.IsSuccessStatusCode)
            {
                Assert.True((int)response.StatusCode is 404 or 409, $"{route.Key}: {(int)response.StatusCode}");
                Assert.Equal(before, await LastSeqAsync());
                notReached.Add($"{route.Key} ({(int)response.StatusCode}, hồ sơ chưa tới bước đó; không ghi nhật ký)");
                continue;
            }
            await AssertLoggedAsync(before, route, code, userId: officerId, clientId: null);
            reached.Add(route.Key);
        }
        // An action's answer carries the ID number too: the transfer, with the page's antiforgery token.
        var token = MotCuaApp.AntiforgeryToken(await officer.GetStringAsync($"/ho-so/{code}"));
        var transfer = Routes().Single(r => r.Key == "POST /api/v1/dossiers/{code}/transfer");
        var last = await LastSeqAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dossiers/{code}/transfer") { Content = JsonContent.Create(new { }) })
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
            var response = await officer.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await AssertLoggedAsync(last, transfer, code, userId: officerId, clientId: null);
        reached.Add(transfer.Key);
        // An integrated system's read names the system, not a user.
        var clientId = await app.ScalarAsync("SELECT min(id) FROM api_clients");
        last = await LastSeqAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient().GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        await AssertLoggedAsync(last, Routes().Single(r => r.Key.TrimEnd('/') == "GET /api/v1/dossiers/{code}"), code, userId: null, clientId: clientId);
        // A refused read writes nothing.
        last = await LastSeqAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        Assert.Equal(last, await LastSeqAsync());

        output.WriteLine($"Đã ghi nhật ký và kiểm tra {reached.Count} đường đọc: {string.Join(", ", reached)}");
        output.WriteLine($"Chưa gọi tới trong kiểm thử này ({notReached.Count}): {string.Join("; ", notReached)}");
        Assert.Contains("PAGE /ho-so/{code}", reached);
        Assert.Contains("PAGE /ho-so", reached);
        Assert.Contains("PAGE /xu-ly", reached);
        Assert.Contains("GET /api/v1/registers/{year:int}.pdf", reached);
        Assert.Contains("GET /api/v1/registers/{year:int}.xlsx", reached);
        Assert.Contains("GET /api/v1/dossiers/{code}/receipt.pdf", reached);
        Assert.Contains("GET /api/v1/worklists/{name}", reached);
    }

    [Fact]
    public async Task The_app_role_owns_nothing_and_can_only_read_and_append_audit_rows()
    {
        await SubmitAsync();
        var appConnection = app.Services.GetRequiredService<Database>().ConnectionString;
        await using var connection = new NpgsqlConnection(appConnection);
        await connection.OpenAsync();
        Assert.Equal("motcua_app", await ScalarAsync(connection, "SELECT current_user"));
        Assert.Equal(false, await ScalarAsync(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        foreach (var sql in new[] { "UPDATE audit_log SET subject = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_link", "DROP TABLE audit_log", "CREATE TABLE public.t (x int)" })
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
            Assert.True(e.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {e.SqlState} {e.MessageText}");
        }
        // It appends, and the trigger links what it appends, whatever it claims.
        var last = await LastSeqAsync();
        await ScalarAsync(connection, "INSERT INTO audit_log (at, action, subject, chain_seq, hash) VALUES (now(), 'test.append', 'x', 1, '\\x00')");
        Assert.Equal(last + 1, await app.ScalarAsync("SELECT chain_seq FROM audit_log WHERE action = 'test.append'"));
        Assert.True((await AuditChain.VerifyAsync(appConnection, Key, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_row_edited_in_the_database_is_found_by_the_command_and_shown_to_the_inspector()
    {
        // A database of its own: this test breaks the chain on purpose.
        using var own = new MotCuaApp();
        var code = (await (await own.ApiClient().SubmitAsync(Requests.Dossier())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var officer = await own.OfficerAsync("tiepnhan.thuanhoa");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);

        var (exit, text) = await VerifyCommandAsync(own.ConnectionString);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("Chuỗi nhật ký nguyên vẹn", text);

        // The owner (not the app) hides one read of the dossier: the hash no longer matches from that row on.
        var target = await own.ScalarAsync($"SELECT max(chain_seq) - 2 FROM audit_log WHERE subject = '{code}'");
        await own.ScalarAsync($"CREATE TABLE kept AS SELECT subject, details FROM audit_log WHERE chain_seq = {target}");
        await own.ScalarAsync($"UPDATE audit_log SET subject = 'khác', details = '{{\"path\":\"personal-data\"}}' WHERE chain_seq = {target}");
        (exit, text) = await VerifyCommandAsync(own.ConnectionString);
        output.WriteLine(text);
        Assert.Equal(1, exit);
        Assert.Contains($"mắt xích số {target} ", text);

        var page = await (await own.OfficerAsync("thanhtra")).GetStringAsync("/thanh-tra/nhat-ky?ma=" + code);
        Assert.Contains("data-intact=\"false\"", page);
        Assert.Contains($"<strong id=\"broken-seq\">{target}</strong>", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/thanh-tra/nhat-ky")).StatusCode);

        // Put back, the chain is whole again; a deleted row is then a missing link.
        await own.ScalarAsync($"UPDATE audit_log a SET subject = k.subject, details = k.details FROM kept k WHERE a.chain_seq = {target}");
        Assert.True((await AuditChain.VerifyAsync(own.ConnectionString, Key, CancellationToken.None)).Intact);
        await own.ScalarAsync($"DELETE FROM audit_log WHERE chain_seq = {target + 1}");
        var state = await AuditChain.VerifyAsync(own.ConnectionString, Key, CancellationToken.None);
        Assert.Equal(target + 2, state.BrokenSeq);
        Assert.Contains("thiếu mắt xích", state.Problem);
    }

    [Fact]
    public async Task An_edit_whose_plain_chain_is_recomputed_in_SQL_is_found_by_the_keyed_checkpoint()
    {
        // A database of its own: this test breaks the chain on purpose.
        using var own = new MotCuaApp();
        var code = (await (await own.ApiClient().SubmitAsync(Requests.Dossier())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var officer = await own.OfficerAsync("tiepnhan.thuanhoa");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        var anchored = await own.Services.GetRequiredService<AuditCheckpoints>().WriteAsync(CancellationToken.None);
        Assert.Equal(await own.ScalarAsync("SELECT max(chain_seq) FROM audit_log"), anchored);
        var (exit, text) = await VerifyCommandAsync(own.ConnectionString);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains($"mốc cuối ở mắt xích số {anchored}", text);

        // The owner hides one read and recomputes every later link with the migration's own SQL: the plain chain is whole.
        var target = await own.ScalarAsync($"SELECT max(chain_seq) - 2 FROM audit_log WHERE subject = '{code}'");
        await own.ScalarAsync($"UPDATE audit_log SET subject = 'khác' WHERE chain_seq = {target}");
        await own.ScalarAsync($"""
            DO $$
            DECLARE r record; previous bytea;
            BEGIN
                SELECT hash INTO previous FROM audit_log WHERE chain_seq = {target} - 1;
                FOR r IN SELECT * FROM audit_log WHERE chain_seq >= {target} ORDER BY chain_seq LOOP
                    previous := sha256(coalesce(previous, ''::bytea) || convert_to(audit_log_content(r.chain_seq, r.id, r.at, r.user_id,
                        r.api_client_id, r.action, r.subject, r.details, r.client_address, r.endpoint), 'UTF8'));
                    UPDATE audit_log SET hash = previous WHERE id = r.id;
                END LOOP;
            END $$
            """);
        var state = await AuditChain.VerifyAsync(own.ConnectionString, Key, CancellationToken.None);
        Assert.Equal(anchored, state.BrokenSeq); // every plain link up to the checkpoint verified; the checkpoint did not
        Assert.Equal(anchored - 1, state.LastSeq);
        (exit, text) = await VerifyCommandAsync(own.ConnectionString);
        output.WriteLine(text);
        Assert.Equal(1, exit);
        Assert.Contains($"mắt xích số {anchored} ", text);
        Assert.Contains("tính lại mã băm", text);
        var page = await (await own.OfficerAsync("thanhtra")).GetStringAsync("/thanh-tra/nhat-ky");
        Assert.Contains($"<strong id=\"broken-seq\">{anchored}</strong>", page);

        // Nor can the owner write a checkpoint of its own for the new head without the deployment key.
        await own.ScalarAsync("""
            INSERT INTO audit_checkpoints (chain_seq, hash, at, mac)
            SELECT chain_seq, hash, now(), sha256(hash) FROM audit_log ORDER BY chain_seq DESC LIMIT 1
            """);
        state = await AuditChain.VerifyAsync(own.ConnectionString, Key, CancellationToken.None);
        Assert.False(state.Intact);
        output.WriteLine(state.Problem);
    }

    [Fact]
    public async Task The_page_filters_by_dossier_account_and_date_and_pages()
    {
        var code = await SubmitAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/ho-so/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/ho-so")).StatusCode);
        var inspector = await app.OfficerAsync("thanhtra");
        var today = VietnamTime.DateOf(app.Clock.Now).ToString("yyyy-MM-dd");
        var page = await inspector.GetStringAsync($"/thanh-tra/nhat-ky?ma={code}&taikhoan=tiepnhan.thuanhoa&tu={today}&den={today}");
        Assert.Contains("data-intact=\"true\"", page);
        Assert.Contains("GET /ho-so/{code}", page);
        Assert.Contains("dossier.list", page); // the /ho-so list, which showed this dossier among others
        Assert.Contains("127.0.0.1", page);
        Assert.Contains("số định danh", page);
        var yesterday = VietnamTime.DateOf(app.Clock.Now).AddDays(-1).ToString("yyyy-MM-dd");
        Assert.Contains(">0 dòng<", await inspector.GetStringAsync($"/thanh-tra/nhat-ky?ma={code}&den={yesterday}"));
        Assert.Contains("không phải là ngày", await inspector.GetStringAsync("/thanh-tra/nhat-ky?tu=hôm-qua&trang=2147483647"));
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("quantri")).GetAsync("/thanh-tra/nhat-ky")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_reads_keep_one_chain_and_a_logged_read_costs_one_insert()
    {
        var code = await SubmitAsync();
        var before = await LastSeqAsync();
        const int Clients = 8, Reads = 25;
        var clients = Enumerable.Range(0, Clients).Select(_ => app.ApiClient()).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < Reads; i++) Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        }));
        var took = clock.Elapsed;
        Assert.Equal(before + Clients * Reads, await LastSeqAsync());
        Assert.Equal(Clients * Reads, await app.ScalarAsync($"SELECT count(DISTINCT chain_seq) FROM audit_log WHERE chain_seq > {before}"));
        var state = await AuditChain.VerifyAsync(app.ConnectionString, Key, CancellationToken.None);
        Assert.True(state.Intact, state.Problem);

        // The cost of the record alone: the recorder's INSERT, as the app's role, one after another.
        await using var connection = new NpgsqlConnection(app.Services.GetRequiredService<Database>().ConnectionString);
        await connection.OpenAsync();
        const int Inserts = 300;
        clock.Restart();
        for (var i = 0; i < Inserts; i++)
            await ScalarAsync(connection, $$"""
                INSERT INTO audit_log (at, user_id, action, subject, details, client_address, endpoint)
                VALUES (now(), NULL, 'dossier.read', '{{code}}', '{"fields":["fullName","idNumber"],"codes":null,"path":"/x"}', '127.0.0.1', 'GET /x')
                """);
        var perInsert = clock.Elapsed.TotalMilliseconds / Inserts;
        state = await AuditChain.VerifyAsync(app.ConnectionString, Key, CancellationToken.None);
        Assert.True(state.Intact, state.Problem);
        output.WriteLine($"{Clients} clients × {Reads} reads in {took.TotalSeconds:0.00} s: {Clients * Reads} audit rows, one chain (seq {before + 1}..{before + Clients * Reads}).");
        output.WriteLine($"A logged read adds one INSERT of {perInsert:0.000} ms (mean of {Inserts}, app role, serialised by the chain's advisory lock).");
        output.WriteLine($"Chain check: {state.Rows} rows in {state.Took.TotalMilliseconds:0.0} ms ({state.Rows / Math.Max(state.Took.TotalSeconds, 1e-6):0} rows/s).");
    }

    private async Task<string> SubmitAsync()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private Task<long> LastSeqAsync() => app.ScalarAsync("SELECT coalesce(max(chain_seq), 0) FROM audit_log");

    // The one row written since `after`, for this route: who, what, which fields, from where.
    private async Task AssertLoggedAsync(long after, Route route, string code, long? userId, long? clientId)
    {
        var endpoint = route.Page ? $"GET {route.Template}" : route.Key;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT user_id, api_client_id, action, subject, details::text, client_address, endpoint FROM audit_log WHERE chain_seq > $1 ORDER BY chain_seq", connection)
        { Parameters = { new() { Value = after } } };
        var rows = new List<(int? User, int? Client, string Action, string Subject, JsonElement Details, string? Address, string? Endpoint)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                    JsonDocument.Parse(reader.GetString(4)).RootElement, reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        var row = Assert.Single(rows);
        Assert.Equal(endpoint, row.Endpoint);
        Assert.Equal(userId, row.User);
        Assert.Equal(clientId, row.Client);
        Assert.Equal("127.0.0.1", row.Address);
        Assert.Equal(route.Marked!.Fields, row.Details.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!));
        Assert.StartsWith("/", row.Details.GetProperty("path").GetString());
        if (row.Action == "dossier.list")
            Assert.Contains(code, row.Details.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        else
            Assert.Equal(("dossier.read", code), (row.Action, row.Subject));
    }

    // Every test app shares one deployment key file, beside the test run's PostgreSQL.
    private DeploymentKey Key => app.Services.GetRequiredService<DeploymentKey>();

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    // ./run.sh verify-audit as run.sh runs it: the built app, a separate process, on the given database.
    private static async Task<(int Exit, string Output)> VerifyCommandAsync(string connectionString)
    {
        var dll = Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Web", "bin", "Debug", "net10.0", "MotCua.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "verify-audit"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ConnectionStrings__MotCua"] = connectionString;
        start.Environment["Motcua__DeploymentKeyFile"] = Path.Combine(MotCuaApp.Postgres.Folder, "deployment.key");
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, text + errors);
    }
}
