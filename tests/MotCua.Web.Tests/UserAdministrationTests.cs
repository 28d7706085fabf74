using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>Accounts over HTTP on a real PostgreSQL: create, change, deactivate, reactivate, reset, and one's own password change.</summary>
public class UserAdministrationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string NewPassword = "Hue@Mot-Cua-2027";

    private static object Account(string userName, string role = "specialist", string? agency = DemoData.ThuanHoaCode, string password = "Thuan.Hoa@2026") =>
        new { userName, fullName = "Lê Thị Bích Ngọc", role, agencyCode = agency, email = "ngoc.le@thuanhoa.hue.gov.vn", phone = "0905111222", password };

    [Fact]
    public async Task An_account_is_created_with_a_policy_password_and_signs_in()
    {
        var admin = await app.OfficerAsync("quantri");
        var written = await app.WrittenAsync();
        var weak = await admin.PostAsJsonAsync("/api/v1/admin/users", Account("ngoc.le", password: "matkhau123")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["password"], Admin.ErrorFields(weak));
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName = "Ngọc Lê", fullName = "", role = "boss", agencyCode = "000.10.99.H46", email = "x", phone = "1", password = "" })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["agencyCode", "email", "fullName", "password", "phone", "role", "userName"], Admin.ErrorFields(bad).Order());
        var taken = await admin.PostAsJsonAsync("/api/v1/admin/users", Account("tiepnhan.thuanhoa")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("đã có người dùng", taken.GetProperty("errors").GetProperty("userName")[0].GetString());
        Assert.Equal(written, await app.WrittenAsync());

        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", Account("ngoc.le")).OkAsync(HttpStatusCode.Created);
        Assert.Equal(("Trung tâm Phục vụ hành chính công phường Thuận Hóa", true), (created.GetProperty("agencyName").GetString(), created.GetProperty("active").GetBoolean()));
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync("ngoc.le", "Thuan.Hoa@2026")).Status);
        Assert.Equal(1L, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'admin.user.create' AND subject = 'user:ngoc.le' AND user_id IS NOT NULL"));
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/users?q=bich ngoc");
        Assert.Equal(["ngoc.le"], listed.EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task Role_and_agency_change_with_a_new_security_stamp_and_an_audit_entry()
    {
        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/users", Account("hai.tran")).OkAsync(HttpStatusCode.Created);
        var stamp = await StampAsync("hai.tran");
        var changed = await admin.PutAsJsonAsync("/api/v1/admin/users/hai.tran",
            new { fullName = "Trần Văn Hải", role = "leader", agencyCode = DemoData.PhuXuanCode, email = "", phone = "" }).OkAsync();
        Assert.Equal(("leader", DemoData.PhuXuanCode, "Trần Văn Hải"),
            (changed.GetProperty("role").GetString(), changed.GetProperty("agencyCode").GetString(), changed.GetProperty("fullName").GetString()));
        Assert.NotEqual(stamp, await StampAsync("hai.tran"));
        var details = await app.RowsAsync("SELECT details::text FROM audit_log WHERE action = 'admin.user.update' AND subject = 'user:hai.tran'");
        Assert.Contains("specialist", (string)Assert.Single(details)[0]!);

        var inspector = await admin.PutAsJsonAsync("/api/v1/admin/users/hai.tran", new { fullName = "Trần Văn Hải", role = "inspector", agencyCode = DemoData.PhuXuanCode })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["agencyCode"], Admin.ErrorFields(inspector));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/admin/users/khong.co", new { fullName = "A", role = "leader", agencyCode = DemoData.PhuXuanCode })).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_at_sign_in_until_reactivated_and_the_last_administrator_stays()
    {
        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/users", Account("khoa.pham")).OkAsync(HttpStatusCode.Created);
        var stamp = await StampAsync("khoa.pham");
        var off = await admin.PostAsJsonAsync("/api/v1/admin/users/khoa.pham/deactivate", new { }).OkAsync();
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.NotEqual(stamp, await StampAsync("khoa.pham"));
        var (status, page) = await app.SignInAsync("khoa.pham", "Thuan.Hoa@2026");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Tài khoản này đã ngừng hoạt động", page);
        // A wrong password says only that the pair is wrong, as for any account.
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng", (await app.SignInAsync("khoa.pham", "Sai@MatKhau1")).Page);

        await admin.PostAsJsonAsync("/api/v1/admin/users/khoa.pham/reactivate", new { }).OkAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync("khoa.pham", "Thuan.Hoa@2026")).Status);
        Assert.Equal(["admin.user.create", "admin.user.deactivate", "admin.user.reactivate"],
            (await app.RowsAsync("SELECT action FROM audit_log WHERE subject = 'user:khoa.pham' ORDER BY id")).Select(r => (string)r[0]!));

        var self = await admin.PostAsJsonAsync("/api/v1/admin/users/quantri/deactivate", new { }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("chính mình", self.GetProperty("errors").GetProperty("userName")[0].GetString());
        var demote = await admin.PutAsJsonAsync("/api/v1/admin/users/quantri", new { fullName = "Ngô Đức Anh", role = "specialist", agencyCode = DemoData.CentreCode })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("quản trị viên cuối cùng", demote.GetProperty("errors").GetProperty("role")[0].GetString());
    }

    [Fact]
    public async Task The_administrator_resets_a_password_and_an_officer_changes_their_own_through_the_page_and_the_api()
    {
        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/users", Account("lan.vo")).OkAsync(HttpStatusCode.Created);
        var weak = await admin.PostAsJsonAsync("/api/v1/admin/users/lan.vo/password", new { password = "lan.vo@2026X" }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("tên đăng nhập", weak.GetProperty("errors").GetProperty("password")[0].GetString());
        await admin.PostAsJsonAsync("/api/v1/admin/users/lan.vo/password", new { password = NewPassword }).OkAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.SignInAsync("lan.vo", "Thuan.Hoa@2026")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync("lan.vo", NewPassword)).Status);

        // The page: a wrong current password is shown beside its field and changes nothing.
        var officer = app.SessionClient();
        var login = MotCuaApp.AntiforgeryToken(await officer.GetStringAsync("/dang-nhap"));
        await officer.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "lan.vo", ["Password"] = NewPassword, ["__RequestVerificationToken"] = login }));
        var form = await officer.GetStringAsync("/tai-khoan/mat-khau");
        var token = MotCuaApp.AntiforgeryToken(form);
        var stamp = await StampAsync("lan.vo");
        var wrong = await officer.PostAsync("/tai-khoan/mat-khau", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Sai@MatKhau1", ["NewPassword"] = "Huong#Giang2028", ["Confirm"] = "Huong#Giang2028", ["__RequestVerificationToken"] = token,
        }));
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("id=\"current-error\">Mật khẩu hiện tại không đúng.", wrongPage);
        Assert.Contains("aria-invalid=\"true\"", wrongPage);
        Assert.Equal(stamp, await StampAsync("lan.vo"));
        var right = await officer.PostAsync("/tai-khoan/mat-khau", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = NewPassword, ["NewPassword"] = "Huong#Giang2028", ["Confirm"] = "Huong#Giang2028", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.NotEqual(stamp, await StampAsync("lan.vo"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync("lan.vo", "Huong#Giang2028")).Status);

        // The API, for any signed-in officer: problem+json naming the field, then success. The page's token still holds
        // after the cookie was renewed with the new stamp (it is bound to the account, not to the stamp).
        officer.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        var api = await officer.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "Huong#Giang2028", newPassword = "short" }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["newPassword"], Admin.ErrorFields(api));
        await officer.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "Huong#Giang2028", newPassword = "Huong#Giang2029" }).OkAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync("lan.vo", "Huong#Giang2029")).Status);
        Assert.Equal(2L, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'account.password.change' AND subject = 'user:lan.vo'"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "a", newPassword = "b" })).StatusCode);
    }

    private async Task<string> StampAsync(string userName) => (string)(await app.RowsAsync($"SELECT security_stamp FROM users WHERE user_name = '{userName}'"))[0][0]!;
}
