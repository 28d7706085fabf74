using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Documents;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Demo;

/// <summary>
/// Demo mode only: Thành phố Huế (code 46) with its real communes, its provincial service centre, departments and
/// commune one-stop units, real procedures from the national catalogue, one account per role and an API client.
/// Agency electronic codes follow the format of Quyết định 20/2020 but are not the official ones.
/// </summary>
public static class DemoData
{
    public const string Password = "MotCua@2026";
    public const string ApiKey = "demo-motcua-api-key-2026";
    /// <summary>The demo's National Portal (simulator) key: an API client "Cổng DVCQG (giả lập)" granted portal-push and
    /// monitoring-ingest (issue 16).</summary>
    public const string PortalApiKey = "demo-portal-key";

    /// <summary>The demo kiosk's one-time enrolment secret (issue 17, piece E): open <see cref="KioskEnrolPath"/> on the
    /// kiosk's browser once.</summary>
    public const string KioskSecret = "demo-kiosk-trung-tam";
    public const string KioskEnrolPath = "/kiosk/ghi-danh/" + KioskSecret;
    public const string PortalClientName = "Cổng DVCQG (giả lập)";
    public const string CentreCode = "000.00.01.H46";
    public const string ThuanHoaCode = "000.10.01.H46";
    public const string PhuXuanCode = "000.10.02.H46";

    private sealed record Units(List<Province> Provinces, List<CommuneRow> HueCommunes);

    private sealed record CommuneRow(string Code, string Name, string Kind);

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two instances starting together: the second waits here, then finds the data in place.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4646)", ct);
        if (await db.Agencies.AnyAsync(ct)) return;

        var now = clock.GetUtcNow();
        var units = Read<Units>("units.hue.json", MotCuaDb.Json);
        // The model declares no navigations between these rows, so EF does not order the inserts: save parents first.
        db.Provinces.AddRange(units.Provinces);
        await db.SaveChangesAsync(ct);
        db.Communes.AddRange(units.HueCommunes.Select(c => new Commune { Code = c.Code, Name = c.Name, Kind = c.Kind, ProvinceCode = "46" }));
        await db.SaveChangesAsync(ct);

        const string city = "UBND THÀNH PHỐ HUẾ";
        var centre = Agency(CentreCode, "Trung tâm Phục vụ hành chính công thành phố Huế", city, AgencyKinds.ProvinceCenter, null,
            "01 Lê Lai, phường Thuận Hóa, thành phố Huế", "0234 3822 123", receives: true);
        Agency[] departments =
        [
            Agency("000.00.02.H46", "Sở Tư pháp", city, AgencyKinds.Department, null, "22 Lâm Hoằng, phường Vỹ Dạ, thành phố Huế", "", false),
            Agency("000.00.03.H46", "Sở Nông nghiệp và Môi trường", city, AgencyKinds.Department, null, "", "", false),
            Agency("000.00.04.H46", "Sở Xây dựng", city, AgencyKinds.Department, null, "", "", false),
            Agency("000.00.05.H46", "Sở Tài chính", city, AgencyKinds.Department, null, "", "", false),
            Agency("000.00.06.H46", "Sở Nội vụ", city, AgencyKinds.Department, null, "", "", false),
        ];
        Agency[] communes =
        [
            Agency(ThuanHoaCode, "Trung tâm Phục vụ hành chính công phường Thuận Hóa", "UBND PHƯỜNG THUẬN HÓA", AgencyKinds.Commune, "19789", "Phường Thuận Hóa, thành phố Huế", "0234 3823 456", true),
            Agency(PhuXuanCode, "Trung tâm Phục vụ hành chính công phường Phú Xuân", "UBND PHƯỜNG PHÚ XUÂN", AgencyKinds.Commune, "19753", "Phường Phú Xuân, thành phố Huế", "0234 3524 789", true),
            Agency("000.10.03.H46", "Trung tâm Phục vụ hành chính công xã Phú Vang", "UBND XÃ PHÚ VANG", AgencyKinds.Commune, "19942", "Xã Phú Vang, thành phố Huế", "", true),
            Agency("000.10.04.H46", "Trung tâm Phục vụ hành chính công xã A Lưới 1", "UBND XÃ A LƯỚI 1", AgencyKinds.Commune, "20056", "Xã A Lưới 1, thành phố Huế", "", true),
        ];
        // A commune's centre dates its documents with the commune's name (Nghị định 30/2020/NĐ-CP Phụ lục I, II.4(a)).
        foreach (var commune in communes) commune.PlaceName = PlaceNames.Of(units.HueCommunes.Single(c => c.Code == commune.CommuneCode).Name);
        // Who signs: each agency's head; the centre's leader on duty is a deputy, who signs "KT. GIÁM ĐỐC".
        centre.HeadName = "Nguyễn Văn Thành";
        departments[0].HeadName = "Lê Thị Minh Nguyệt";
        communes[0].HeadName = "Võ Quốc Việt";
        communes[1].HeadName = "Trần Đình Khoa";
        communes[2].HeadName = "Hồ Văn Lợi";
        communes[3].HeadName = "Kăn Thị Hoa";
        centre.Symbol = "TTPVHCC";
        departments[0].Symbol = "STP";
        // Some desks also open on Saturday morning.
        communes[2].OfficeHours = "T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30";
        db.Agencies.Add(centre);
        db.Agencies.AddRange(departments);
        db.Agencies.AddRange(communes);
        await db.SaveChangesAsync(ct);
        foreach (var department in departments) department.ParentId = centre.Id;
        // Issue 14: each receiving unit's collection account at VietinBank (BIN 970415), so demo intakes of procedures
        // with a fee get a VietQR code; the account numbers are made up. Normalised by the administrator's own rule.
        foreach (var (unit, i) in communes.Prepend(centre).Select((a, i) => (a, i)))
        {
            var account = MotCua.Domain.Payments.CollectionAccountInput.Validate("970415", $"11460000{i + 1:D4}", unit.Name,
                MotCua.Domain.Payments.BankDirectory.Default).Value!;
            db.CollectionAccounts.Add(new CollectionAccountRow
            {
                AgencyId = unit.Id, BankBin = account.BankBin, AccountNumber = account.AccountNumber, AccountName = account.AccountName,
                Active = true, CreatedAt = now,
            });
            // Fourth trial: a receipt must print the collecting unit's tax code (Nghị định 123/2020/NĐ-CP as amended), so
            // each demo unit has one: made up (province 33, Huế), its tenth digit the check digit, in the standard form
            // number and series the unit would use anyway (the administrator corrects them on /quan-tri/ky-hieu-bien-lai).
            var taxCode = DemoTaxCode(i);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO receipt_series (agency_id, form_number, series_prefix, tax_code, updated_at)
                VALUES ({unit.Id}, {MotCua.Domain.Receipts.ReceiptNumbering.FormNumber}, {MotCua.Domain.Receipts.ReceiptNumbering.DefaultSeriesPrefix}, {taxCode}, {now})
                """, ct);
        }

        var specs = Read<List<ProcedureSpec>>("procedures.sample.json", ProcedureSpecs.Json).Select(CatalogDemo.WithDemoForm).ToList();
        // The national catalogue may have been imported (import-catalog) before the first demo run: add only what is missing.
        var imported = await db.Procedures.Select(p => p.Code).ToHashSetAsync(ct);
        foreach (var spec in specs.Where(spec => !imported.Contains(spec.Code)))
        {
            var procedure = new Procedure
            {
                Code = spec.Code, Name = spec.Name, Field = spec.Field, Levels = spec.Levels, CurrentVersion = 1,
                SearchText = $"{spec.Code} {spec.Name} {spec.Field}",
            };
            procedure.IndexForSearch(spec);
            db.Procedures.Add(procedure);
        }
        await db.SaveChangesAsync(ct);
        foreach (var spec in specs)
        {
            if (!imported.Contains(spec.Code))
                db.ProcedureVersions.Add(new ProcedureVersion
                {
                    ProcedureCode = spec.Code, Version = 1, CreatedAt = now, Spec = JsonSerializer.SerializeToDocument(spec, ProcedureSpecs.Json),
                });
            // Since July 2025 a centre receives dossiers of any level in the province; commune desks take commune procedures.
            db.AgencyProcedures.Add(new AgencyProcedure { AgencyId = centre.Id, ProcedureCode = spec.Code, Process = CatalogDemo.DefaultProcess(spec, centre.Kind) });
            if (spec.Levels.HasFlag(ProcedureLevel.Commune))
                foreach (var commune in communes)
                    db.AgencyProcedures.Add(new AgencyProcedure { AgencyId = commune.Id, ProcedureCode = spec.Code, Process = CatalogDemo.DefaultProcess(spec, commune.Kind) });
        }

        (string UserName, string FullName, string Role, Agency? Agency)[] people =
        [
            ("tiepnhan.thuanhoa", "Nguyễn Thị Hường", Roles.ReceivingOfficer, communes[0]),
            ("tiepnhan.phuxuan", "Lê Văn Phúc", Roles.ReceivingOfficer, communes[1]),
            ("tiepnhan.trungtam", "Trần Thị Mỹ Linh", Roles.ReceivingOfficer, centre),
            ("chuyenvien.tuphap", "Hoàng Minh Đức", Roles.Specialist, departments[0]),
            ("truongphong.tuphap", "Phan Thanh Bình", Roles.DepartmentHead, departments[0]),
            ("lanhdao.thuanhoa", "Võ Quốc Việt", Roles.Leader, communes[0]),
            ("congchuc.thuanhoa", "Lê Thị Thu Hà", Roles.Specialist, communes[0]),
            // The centre's own process (CatalogDemo.DefaultProcess) is assigned, appraised and signed at the centre.
            ("truongphong.trungtam", "Huỳnh Văn Nam", Roles.DepartmentHead, centre),
            ("chuyenvien.trungtam", "Phạm Thị Diệu Linh", Roles.Specialist, centre),
            ("lanhdao.trungtam", "Tôn Thất Minh", Roles.Leader, centre),
            ("ketoan.trungtam", "Đặng Thu Trang", Roles.Accountant, centre),
            ("quantri", "Ngô Đức Anh", Roles.Admin, centre),
            ("thanhtra", "Bùi Thị Thanh Tâm", Roles.Inspector, null),
        ];
        foreach (var (userName, fullName, role, agency) in people)
        {
            var user = new User
            {
                UserName = userName, FullName = fullName, Role = role, AgencyId = agency?.Id, PasswordHash = "", CreatedAt = now,
                Position = LeaderPosition(agency, fullName, role, units.HueCommunes),
            };
            user.PasswordHash = Passwords.Hash(user, Password);
            db.Users.Add(user);
        }
        db.ApiClients.Add(new ApiClient { Name = "Cổng Dịch vụ công quốc gia (demo)", KeySha256 = ApiKeyHandler.Hash(ApiKey), CreatedAt = now });
        var portal = new ApiClient { Name = PortalClientName, KeySha256 = ApiKeyHandler.Hash(PortalApiKey), CreatedAt = now };
        db.ApiClients.Add(portal);
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO api_client_grants (client_id, grant_name, granted_at)
            VALUES ({portal.Id}, {Grants.PortalPush}, {now}), ({portal.Id}, {Grants.MonitoringIngest}, {now})
            """, ct);
        // Issue 17, piece E: queue services and counters at the centre and Thuận Hóa, and a kiosk of the centre waiting to be
        // enrolled by KioskEnrolPath (the secret is the demo's, as its password is).
        await db.Database.ExecuteSqlAsync($"""
            WITH services AS (
                INSERT INTO queue_services (agency_id, letter, name)
                SELECT a.id, s.letter, s.name FROM agencies a,
                    (VALUES ('A', 'Hộ tịch, chứng thực'), ('B', 'Đất đai, xây dựng'), ('C', 'Các lĩnh vực khác')) AS s (letter, name)
                WHERE a.code IN ({CentreCode}, {ThuanHoaCode})
                RETURNING id, agency_id, letter)
            INSERT INTO queue_counters (agency_id, number, name, service_ids)
            SELECT agency_id, row_number() OVER (PARTITION BY agency_id ORDER BY letter), '', ARRAY[id] FROM services
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO kiosk_devices (agency_id, name, secret_hash, created_at)
            SELECT id, 'Ki-ốt sảnh chính (demo)', encode(sha256(convert_to({KioskSecret}, 'UTF8')), 'hex'), {now} FROM agencies WHERE code = {CentreCode}
            """, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A demo officer's chức vụ by the level of their unit (second trial: the commune leader's account said "Giám đốc"):
    /// a commune's leader leads it as the people's committee's chairman ("Chủ tịch UBND phường Thuận Hóa") when named its
    /// head, else as vice-chairman; any other unit's head has the unit's head title, its other leaders "Phó Giám đốc";
    /// null for officers who sign nothing.
    /// </summary>
    private static string? LeaderPosition(Agency? agency, string fullName, string role, IEnumerable<CommuneRow> communes)
    {
        var isHead = agency is { HeadName: var head } && head == fullName;
        if (agency is { Kind: AgencyKinds.Commune, CommuneCode: { } code } && role == Roles.Leader
            && communes.FirstOrDefault(c => c.Code == code) is { } commune)
            return (isHead ? "Chủ tịch" : "Phó Chủ tịch") + " UBND " + char.ToLowerInvariant(commune.Name[0]) + commune.Name[1..];
        return isHead ? agency!.HeadTitle : role == Roles.Leader ? "Phó Giám đốc" : null;
    }

    /// <summary>
    /// What ./run.sh prints once the demo serves (trial of issue 14: it printed no account): the addresses, every
    /// active account read from the database (user name, role in Vietnamese, unit), the demo password and the API key.
    /// An account whose password was changed since the seed is marked so, since the demo password no longer opens it.
    /// </summary>
    public static async Task<string> WelcomeAsync(IServiceProvider services, IEnumerable<string> addresses, CancellationToken ct = default)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine($"MotCua (bản demo) đã sẵn sàng: {string.Join(", ", addresses)}");
        text.Append(await AccountsAsync(services, ct));
        text.AppendLine($"Khóa API của hệ thống tích hợp demo (tiêu đề X-Api-Key): {ApiKey}");
        text.AppendLine($"Khóa API của {PortalClientName} (đẩy hồ sơ, phản ánh và hồ sơ theo dõi): {PortalApiKey}");
        text.AppendLine($"Ki-ốt demo của trung tâm: mở {addresses.FirstOrDefault()}{KioskEnrolPath} trên máy ki-ốt rồi bấm Ghi danh (một lần); màn hình gọi số: /man-hinh-goi/{CentreCode}");
        return text.ToString();
    }

    /// <summary>
    /// "Tài khoản demo (mật khẩu chung: …):" then every active account read from the database, grouped by unit (the
    /// province-level accounts without a unit first, then the units by code), each line the user name and the role in
    /// Vietnamese; an account whose password was changed since the seed is marked so. ./run.sh prints it when the demo
    /// listens and again when the demo history has added its accounts (seventh trial: 13 of the README's accounts).
    /// </summary>
    public static async Task<string> AccountsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var accounts = await (
            from u in db.Users.AsNoTracking()
            where u.DeactivatedAt == null
            join a in db.Agencies.AsNoTracking() on u.AgencyId equals a.Id into agencies
            from a in agencies.DefaultIfEmpty()
            orderby u.Id
            select new { u.UserName, u.Role, UnitCode = a == null ? null : a.Code, Unit = a == null ? null : a.Name, Changed = u.PasswordChangedAt != null }).ToListAsync(ct);
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Tài khoản demo (mật khẩu chung: {Password}):");
        var width = accounts.Count == 0 ? 0 : accounts.Max(a => a.UserName.Length);
        foreach (var unit in accounts.GroupBy(a => (a.UnitCode, a.Unit)).OrderBy(g => g.Key.UnitCode is not null).ThenBy(g => g.Key.UnitCode, StringComparer.Ordinal))
        {
            text.AppendLine(unit.Key.Unit is null ? "Cấp tỉnh (không thuộc đơn vị):" : $"{unit.Key.Unit} ({unit.Key.UnitCode}):");
            foreach (var a in unit)
            {
                var role = Claims.RoleOf(a.Role) is { } known ? MotCua.Domain.Dossiers.ProcessingNames.Vietnamese(known) : a.Role;
                text.AppendLine($"  {a.UserName.PadRight(width)}  {role}{(a.Changed ? " (đã đổi mật khẩu)" : "")}");
            }
        }
        return text.ToString();
    }

    /// <summary>A made-up tax code for the demo's <paramref name="index"/>th receiving unit: "3300" and a five-digit sequence,
    /// then the check digit (<see cref="MotCua.Domain.Receipts.TaxCode.CheckDigit"/>); sequences with no check digit are skipped.</summary>
    internal static string DemoTaxCode(int index)
    {
        for (var sequence = 10_140 + 10 * index; ; sequence++)
        {
            var nine = $"3300{sequence:D5}";
            if (MotCua.Domain.Receipts.TaxCode.CheckDigit(nine) is { } check) return nine + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static Agency Agency(string code, string name, string superior, string kind, string? commune, string address, string phone, bool receives) => new()
    {
        Code = code, Name = name, SuperiorName = superior, Kind = kind, ProvinceCode = "46", CommuneCode = commune,
        Address = address, Phone = phone, PlaceName = PlaceNames.Of("Thành phố Huế"), ReceivesDossiers = receives,
    };

    private static T Read<T>(string name, JsonSerializerOptions options)
    {
        using var stream = typeof(MotCuaDb).Assembly.GetManifestResourceStream($"MotCua.Data.Seed.{name}")
            ?? throw new InvalidOperationException($"Thiếu dữ liệu mẫu {name}.");
        return JsonSerializer.Deserialize<T>(stream, options)!;
    }
}
