using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/quan-tri/kiosk: the administrator creates a centre's kiosk (a one-time enrolment link, shown once) and
/// revokes one (<see cref="KioskDevices"/>).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(KioskDevices devices) : PageModel
{
    [BindProperty(Name = "agency")] public string? Agency { get; set; }
    [BindProperty(Name = "name")] public string? Name { get; set; }

    public IReadOnlyList<KioskDeviceView> Devices { get; private set; } = [];
    public string? EnrolLink { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Devices = await devices.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrWhiteSpace(Agency) || name is not { Length: > 0 and <= 200 })
        {
            Message = "Nhập mã cơ quan và tên thiết bị (tối đa 200 ký tự).";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else if (await devices.CreateAsync(Agency.Trim(), name, ct) is { } path)
        {
            EnrolLink = $"{Request.Scheme}://{Request.Host}{path}";
            Message = $"Đã tạo ki-ốt “{name}”.";
        }
        else
        {
            Message = $"Không có cơ quan mã {Problems.Echo(Agency)}.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        Devices = await devices.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromForm(Name = "id")] int? id, CancellationToken ct)
    {
        Message = id is { } device && await devices.RevokeAsync(device, ct) ? "Đã thu hồi ki-ốt: thiết bị không lấy số được nữa." : "Không có ki-ốt đang dùng với số hiệu này.";
        Devices = await devices.ListAsync(ct);
        return Page();
    }
}
