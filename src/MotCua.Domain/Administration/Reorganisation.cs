using System.Globalization;
using System.Text;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Administration;

/// <summary>A merger (several units → one successor, sáp nhập, hợp nhất) or a split (one unit → several, chia tách).</summary>
public enum ReorganisationKind
{
    Merger = 1,
    Split = 2,
}

/// <summary>An agency taking part in a reorganisation, with the commune it serves (for the split's rule) and whether it has ended.</summary>
public sealed record ReorganisedUnit(int Id, string Code, string Name, string Kind, bool ReceivesDossiers, DateOnly? EndedOn, string? ServedCommuneName);

/// <summary>An open dossier that names an old unit in any role (receiving point, current step, co-agency task, resolving agency).</summary>
public sealed record OpenDossierRef(long Id, string Code, string ApplicantAddress, int? AssigneeUserId);

/// <summary>A procedure adopted by an agency (an old unit, or a successor that may already have it).</summary>
public sealed record AdoptionRef(int AgencyId, string ProcedureCode);

/// <summary>An officer (user) of an old unit.</summary>
public sealed record OfficerRef(int UserId, string UserName, int AgencyId);

/// <summary>
/// What the administrator asks for: the kind, the old units and the successors, the day it took effect and the decision
/// it rests on, and the choices made by hand for a split (dossier code, procedure code or user name → successor ids);
/// anything not chosen goes by <see cref="Reorganisation.Plan"/>'s rule.
/// </summary>
public sealed record ReorganisationRequest(
    ReorganisationKind Kind, IReadOnlyList<ReorganisedUnit> From, IReadOnlyList<ReorganisedUnit> To, DateOnly? EffectiveOn, string LegalBasis,
    IReadOnlyDictionary<string, int> DossierChoices, IReadOnlyDictionary<string, IReadOnlyList<int>> AdoptionChoices,
    IReadOnlyDictionary<string, int> OfficerChoices);

public enum AdoptionMoveKind
{
    /// <summary>The old unit's adoption, with its local terms and internal process, now belongs to the successor.</summary>
    Moved = 1,
    /// <summary>A further successor of a split gets a copy of the adoption.</summary>
    Copied,
    /// <summary>The successor already adopted the procedure and keeps its own terms; the old row stays with the ended unit as a record.</summary>
    SuccessorKeepsOwn,
}

public sealed record DossierMove(long Id, string Code, int To, bool ByHand, bool KeepsAssignee);

public sealed record AdoptionMove(int From, string ProcedureCode, int To, AdoptionMoveKind Kind, bool ByHand);

public sealed record OfficerMove(int UserId, string UserName, int From, int To, bool ByHand);

/// <summary>Where every open dossier, adoption and officer of the old units goes.</summary>
public sealed record ReorganisationPlan(
    ReorganisationKind Kind, DateOnly EffectiveOn, string LegalBasis, IReadOnlyList<int> From, IReadOnlyList<int> To,
    IReadOnlyList<DossierMove> Dossiers, IReadOnlyList<AdoptionMove> Adoptions, IReadOnlyList<OfficerMove> Officers)
{
    /// <summary>The successor whose code replaces an old unit's in internal processes that name it: the first successor.</summary>
    public int PrincipalSuccessor => To[0];
}

/// <summary>
/// The reorganisation of units since the two-level local government (1 July 2025): an old unit's open dossiers, its
/// procedure adoptions and its officers go to a successor; the dossiers keep their codes and history and record the
/// move; the old unit ends (no new intake, lookups of its codes still answer).
/// </summary>
public static class Reorganisation
{
    public static string Vietnamese(this ReorganisationKind kind) => kind switch
    {
        ReorganisationKind.Merger => "Sáp nhập, hợp nhất",
        ReorganisationKind.Split => "Chia tách",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The plan, or the problems keyed by field (camelCase API names; a choice by hand as <c>dossiers[code]</c>,
    /// <c>adoptions[code]</c>, <c>officers[userName]</c>). <paramref name="dossiers"/> are the open dossiers naming an old
    /// unit, <paramref name="adoptions"/> the adoptions of the old units and of the successors, <paramref name="officers"/>
    /// the officers of the old units; <paramref name="today"/> is the Vietnam date.
    /// <para>The rule, where nothing was chosen by hand: in a merger everything goes to the successor. In a split a dossier
    /// goes to the successor serving the commune named in the applicant's address, else to the first successor; an
    /// adoption goes to every successor (each serves part of the territory); an officer goes to the first successor.
    /// A successor that already adopted a procedure keeps its own terms. An assigned specialist stays assigned only when
    /// they move with the dossier.</para>
    /// </summary>
    public static (ReorganisationPlan? Plan, IReadOnlyDictionary<string, string> Errors) Plan(
        ReorganisationRequest request, IReadOnlyList<OpenDossierRef> dossiers, IReadOnlyList<AdoptionRef> adoptions,
        IReadOnlyList<OfficerRef> officers, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        void Add(string field, string message) => errors.TryAdd(field, message);
        var from = request.From;
        var to = request.To;

        if (!Enum.IsDefined(request.Kind)) Add("kind", "Chọn hình thức sắp xếp: sáp nhập (merger) hoặc chia tách (split).");
        else if (request.Kind == ReorganisationKind.Merger)
        {
            if (from.Count == 0) Add("from", "Chọn các đơn vị được sáp nhập.");
            if (to.Count != 1) Add("to", "Sáp nhập có đúng một đơn vị kế thừa.");
        }
        else
        {
            if (from.Count != 1) Add("from", "Chia tách áp dụng cho đúng một đơn vị.");
            if (to.Count < 2) Add("to", "Chia tách phải có ít nhất hai đơn vị kế thừa.");
        }
        if (from.Select(u => u.Id).Distinct().Count() != from.Count) Add("from", "Mỗi đơn vị chỉ chọn một lần.");
        if (to.Select(u => u.Id).Distinct().Count() != to.Count) Add("to", "Mỗi đơn vị kế thừa chỉ chọn một lần.");
        if (from.FirstOrDefault(u => u.EndedOn is not null) is { } ended)
            Add("from", $"{ended.Name} đã chấm dứt hoạt động từ ngày {ended.EndedOn:dd/MM/yyyy}.");
        if (to.FirstOrDefault(u => from.Any(f => f.Id == u.Id)) is { } both)
            Add("to", $"{both.Name} vừa là đơn vị cũ vừa là đơn vị kế thừa; đơn vị tiếp tục hoạt động chỉ chọn làm đơn vị kế thừa.");
        else if (to.FirstOrDefault(u => u.EndedOn is not null) is { } endedSuccessor)
            Add("to", $"Đơn vị kế thừa {endedSuccessor.Name} đã chấm dứt hoạt động.");
        else if (to.FirstOrDefault(u => from.Any(f => f.Kind != u.Kind)) is { } otherKind)
            Add("to", $"{otherKind.Name} không cùng cấp với đơn vị cũ; đơn vị kế thừa phải cùng cấp.");
        else if (from.Any(f => f.ReceivesDossiers) && to.FirstOrDefault(u => !u.ReceivesDossiers) is { } notReceiving)
            Add("to", $"{notReceiving.Name} không tiếp nhận hồ sơ nên không nhận được hồ sơ của Bộ phận Một cửa cũ.");

        if (request.EffectiveOn is not { } effective) Add("effectiveOn", "Nhập ngày sắp xếp có hiệu lực (dd/mm/yyyy).");
        else if (effective < AgencyRules.TwoLevelGovernmentFrom)
            Add("effectiveOn", $"Chỉ ghi nhận việc sắp xếp từ ngày {AgencyRules.TwoLevelGovernmentFrom:dd/MM/yyyy} (chính quyền địa phương hai cấp).");
        else if (effective > today) Add("effectiveOn", $"Ngày có hiệu lực không được sau hôm nay ({today:dd/MM/yyyy}).");
        if (request.LegalBasis.Length == 0) Add("legalBasis", "Nhập căn cứ: số, ngày và cơ quan ban hành nghị quyết, quyết định sắp xếp.");
        else if (request.LegalBasis.Length > AgencyRules.MaxLegalBasis) Add("legalBasis", $"Căn cứ không quá {AgencyRules.MaxLegalBasis} ký tự.");

        var successors = to.Select(u => u.Id).ToHashSet();
        var byHand = request.Kind == ReorganisationKind.Split;
        if (!byHand && request.DossierChoices.Count + request.AdoptionChoices.Count + request.OfficerChoices.Count > 0)
            Add("choices", "Sáp nhập chuyển mọi thứ về một đơn vị kế thừa; chỉ chia tách mới chọn nơi chuyển đến cho từng mục.");
        foreach (var (code, target) in request.DossierChoices)
            if (dossiers.All(d => d.Code != code)) Add($"dossiers[{code}]", $"Hồ sơ {code} không phải hồ sơ đang giải quyết của đơn vị cũ.");
            else if (!successors.Contains(target)) Add($"dossiers[{code}]", $"Hồ sơ {code} chỉ chuyển được đến một đơn vị kế thừa.");
        var oldIds = from.Select(u => u.Id).ToHashSet();
        foreach (var (code, targets) in request.AdoptionChoices)
            if (!adoptions.Any(a => a.ProcedureCode == code && oldIds.Contains(a.AgencyId))) Add($"adoptions[{code}]", $"Đơn vị cũ không áp dụng thủ tục {code}.");
            else if (targets.Count == 0 || targets.Any(t => !successors.Contains(t))) Add($"adoptions[{code}]", $"Thủ tục {code} chỉ chuyển được đến (các) đơn vị kế thừa.");
        foreach (var (userName, target) in request.OfficerChoices)
            if (officers.All(o => o.UserName != userName)) Add($"officers[{userName}]", $"{userName} không phải cán bộ của đơn vị cũ.");
            else if (!successors.Contains(target)) Add($"officers[{userName}]", $"Cán bộ {userName} chỉ chuyển được đến một đơn vị kế thừa.");
        if (errors.Count > 0) return (null, errors);

        var principal = to[0].Id;
        var officerMoves = officers.Where(o => oldIds.Contains(o.AgencyId)).Select(o => request.OfficerChoices.TryGetValue(o.UserName, out var chosen)
            ? new OfficerMove(o.UserId, o.UserName, o.AgencyId, chosen, true)
            : new OfficerMove(o.UserId, o.UserName, o.AgencyId, principal, false)).ToList();
        var officerTargets = officerMoves.ToDictionary(o => o.UserId, o => o.To);

        var dossierMoves = dossiers.Select(d =>
        {
            var (target, hand) = request.DossierChoices.TryGetValue(d.Code, out var chosen) ? (chosen, true) : (ServingSuccessor(d, to) ?? principal, false);
            // The assigned specialist keeps the dossier only when they go where it goes (or belong to neither old unit).
            var keeps = d.AssigneeUserId is not { } assignee || !officerTargets.TryGetValue(assignee, out var theirs) || theirs == target;
            return new DossierMove(d.Id, d.Code, target, hand, keeps);
        }).ToList();

        var adopted = adoptions.Where(a => successors.Contains(a.AgencyId)).Select(a => (a.AgencyId, a.ProcedureCode)).ToHashSet();
        var adoptionMoves = new List<AdoptionMove>();
        foreach (var old in adoptions.Where(a => oldIds.Contains(a.AgencyId)).OrderBy(a => a.ProcedureCode, StringComparer.Ordinal).ThenBy(a => a.AgencyId))
        {
            var hand = request.AdoptionChoices.TryGetValue(old.ProcedureCode, out var chosen);
            var targets = hand ? chosen! : [.. to.Select(u => u.Id)];
            var rowTaken = false;
            foreach (var target in targets)
            {
                if (!adopted.Add((target, old.ProcedureCode)))
                {
                    adoptionMoves.Add(new AdoptionMove(old.AgencyId, old.ProcedureCode, target, AdoptionMoveKind.SuccessorKeepsOwn, hand));
                    continue;
                }
                adoptionMoves.Add(new AdoptionMove(old.AgencyId, old.ProcedureCode, target, rowTaken ? AdoptionMoveKind.Copied : AdoptionMoveKind.Moved, hand));
                rowTaken = true;
            }
        }
        return (new ReorganisationPlan(request.Kind, request.EffectiveOn!.Value, request.LegalBasis, [.. from.Select(u => u.Id)], [.. to.Select(u => u.Id)],
            dossierMoves, adoptionMoves, officerMoves), errors);
    }

    /// <summary>An internal process with every step performed at an old unit (by code) now performed at its successor.</summary>
    public static InternalProcess Retarget(InternalProcess process, IReadOnlyDictionary<string, string> successorCodes) =>
        process.Steps.Any(s => s.AgencyCode is { } code && successorCodes.ContainsKey(code))
            ? new InternalProcess([.. process.Steps.Select(s => s.AgencyCode is { } code && successorCodes.TryGetValue(code, out var to) ? s with { AgencyCode = to } : s)])
            : process;

    /// <summary>The note of the event a moved dossier records: where it came from, where it went, on which decision.</summary>
    public static string MoveNote(ReorganisationKind kind, IEnumerable<string> fromNames, string toName, DateOnly effectiveOn, string legalBasis) =>
        $"{kind.Vietnamese()} đơn vị: chuyển hồ sơ từ {string.Join(", ", fromNames)} sang {toName} (hiệu lực từ {effectiveOn:dd/MM/yyyy}, căn cứ {legalBasis}); mã hồ sơ giữ nguyên.";

    /// <summary>Why an ended unit refuses a new dossier: since when, on which decision, and where to submit instead.</summary>
    public static string IntakeRefusal(string name, DateOnly endedOn, string legalBasis, IReadOnlyList<(string Name, string Code)> successors) =>
        $"{name} đã chấm dứt hoạt động từ ngày {endedOn:dd/MM/yyyy} ({legalBasis}) nên không tiếp nhận hồ sơ mới; "
        + $"nộp hồ sơ tại {string.Join(" hoặc ", successors.Select(s => $"{s.Name} (mã {s.Code})"))}.";

    // The successor whose commune the applicant's address names; none when no address names exactly one.
    private static int? ServingSuccessor(OpenDossierRef dossier, IReadOnlyList<ReorganisedUnit> to)
    {
        var address = Fold(dossier.ApplicantAddress);
        var named = to.Where(u => u.ServedCommuneName is { Length: > 0 } commune && address.Contains(Fold(commune), StringComparison.Ordinal)).ToList();
        return named.Count == 1 ? named[0].Id : null;
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
        return builder.ToString();
    }
}
