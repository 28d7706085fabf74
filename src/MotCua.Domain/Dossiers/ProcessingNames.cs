namespace MotCua.Domain.Dossiers;

public static class ProcessingNames
{
    public static string Vietnamese(this OfficerRole role) => role switch
    {
        OfficerRole.ReceivingOfficer => "cán bộ Bộ phận Một cửa",
        OfficerRole.Specialist => "chuyên viên xử lý",
        OfficerRole.DepartmentHead => "lãnh đạo phòng chuyên môn",
        OfficerRole.Leader => "lãnh đạo cơ quan",
        OfficerRole.Accountant => "kế toán",
        OfficerRole.Admin => "quản trị hệ thống",
        OfficerRole.Inspector => "thanh tra",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string Vietnamese(this ProcessingAction action) => action switch
    {
        ProcessingAction.AcceptOnline => "tiếp nhận hồ sơ trực tuyến",
        ProcessingAction.RefuseOnline => "từ chối tiếp nhận hồ sơ trực tuyến",
        ProcessingAction.Transfer => "chuyển hồ sơ đến bộ phận giải quyết",
        ProcessingAction.Assign => "phân công xử lý",
        ProcessingAction.CompleteStep => "hoàn thành bước xử lý",
        ProcessingAction.SendBack => "trả lại bước trước",
        ProcessingAction.Approve => "phê duyệt kết quả",
        ProcessingAction.RefuseOnMerits => "từ chối giải quyết",
        ProcessingAction.ResultReady => "nhận kết quả về Bộ phận Một cửa",
        ProcessingAction.Return => "trả kết quả",
        ProcessingAction.RequestSupplement => "yêu cầu bổ sung hồ sơ",
        ProcessingAction.SupplementReceived => "nhận hồ sơ bổ sung",
        ProcessingAction.RequireFinancialObligation => "yêu cầu thực hiện nghĩa vụ tài chính",
        ProcessingAction.PaymentReceived => "xác nhận đã thực hiện nghĩa vụ tài chính",
        ProcessingAction.Extend => "xin lỗi và hẹn lại ngày trả kết quả",
        ProcessingAction.Withdraw => "ghi nhận yêu cầu rút hồ sơ",
        ProcessingAction.Stop => "dừng giải quyết hồ sơ",
        ProcessingAction.CompleteCoAgencyTask => "gửi ý kiến của cơ quan phối hợp",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string Vietnamese(this ReturnMethod method) => method switch
    {
        ReturnMethod.Desk => "trực tiếp tại Bộ phận Một cửa",
        ReturnMethod.Post => "qua dịch vụ bưu chính công ích",
        ReturnMethod.Electronic => "trực tuyến (kết quả điện tử)",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
