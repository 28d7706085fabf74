using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// "Điền" on the desk's digitisation panel: the intake form's input for <c>field</c> (<c>idNumber</c>, <c>fullName</c>)
/// with the candidate OCR read from the officer's staged scan <c>id</c>, swapped in out of band, as the population lookup
/// fills the form. The value is read from the OCR row, never from the request: OCR writes nothing, the officer accepts.
/// The name the officer typed (<c>FullName</c>, sent by the button) is kept when the candidate has no Vietnamese marks
/// and differs from it only in marks (<see cref="MotCua.Domain.Digitisation.OcrFields.Replaces"/>, trial 17v LOW 4).
/// 403 for any role but the receiving officer, 404 for a scan not the officer's (or expired), 422 for a field the form
/// cannot take or the scan has no candidate for.
/// </summary>
public sealed class DeskFillModel(NpgsqlDataSource data, TimeProvider clock) : PageModel
{
    /// <summary>The input to swap in: its id and attributes, and the value; null when refused.</summary>
    public (string Id, string Attributes, string Value)? Input { get; private set; }

    /// <summary>Why nothing is filled, in Vietnamese.</summary>
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? field, [FromQuery(Name = "FullName")] string? typedName, CancellationToken ct)
    {
        if (DeskDigitisation.NotAtDesk(User) is { } refused) return Refuse(StatusCodes.Status403Forbidden, refused);
        var scans = await DeskDigitisation.ScansAsync(data, Claims.UserIdOf(User)!.Value, [(0, id)], clock.GetUtcNow(), ct);
        if (scans.Count == 0) return Refuse(StatusCodes.Status404NotFound, $"Không tìm thấy bản quét số {id} của bạn (hoặc đã quá hạn).");
        if (field is null || !DeskDigitisation.Fillable.TryGetValue(field, out var input))
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Chỉ điền được số định danh (idNumber) hoặc họ và tên (fullName).");
        // A birth or death paper names someone else (trial17u LOW 7); its line is not known here, the panel hides those too.
        if (scans.Any(s => s.IsPaperAboutAnotherPerson))
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Bản quét này là giấy tờ của người khác (giấy chứng sinh, khai sinh, chứng tử…): không dùng để điền thông tin người nộp.");
        if (scans.SelectMany(s => DeskDigitisation.Candidates(s.Fields)).FirstOrDefault(c => c.Field == field)?.Value is not { } value)
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Bản quét này chưa có gợi ý cho trường đó (chưa nhận dạng xong hoặc không đọc được).");
        Input = (input.Id, input.Attributes,
            field == "fullName" && !MotCua.Domain.Digitisation.OcrFields.Replaces(value, typedName) ? typedName!.Trim() : value);
        return Page();
    }

    private PageResult Refuse(int status, string message)
    {
        Response.StatusCode = status;
        Message = message;
        return Page();
    }
}
