using System.Globalization;
using MotCua.Domain.Calendar;

namespace MotCua.Domain.Registers;

/// <summary>How a book prints each value: dates dd/MM/yyyy in Vietnam time, numbers "01", VND with dots.</summary>
public static class BookValues
{
    /// <summary>The entry number as books print it: two digits at least ("01"), all digits beyond.</summary>
    public static string Number(int number) => number.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>An instant's date in Vietnam time, dd/MM/yyyy.</summary>
    public static string Date(DateTimeOffset instant) => VietnamTime.DateOf(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>An amount in VND with dots between thousands ("10.000").</summary>
    public static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    /// <summary>The value of <paramref name="column"/> for an entry; an e-form date stored as ISO prints dd/MM/yyyy, a
    /// value the form did not ask prints empty.</summary>
    public static string Of(BookColumn column, EntryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(facts);
        return column.Source switch
        {
            ColumnSource.Number => Number(facts.Number),
            ColumnSource.EnteredOn => Date(facts.EnteredAt),
            ColumnSource.EnteredBy => facts.EnteredBy,
            ColumnSource.EnteredByWithTitle => string.IsNullOrWhiteSpace(facts.EnteredByPosition) ? facts.EnteredBy : $"{facts.EnteredBy}, {facts.EnteredByPosition.Trim()}",
            ColumnSource.Form => facts.FormData is { } data && data.TryGetValue(column.Key, out var value) ? FormValue(value) : "",
            ColumnSource.ApplicantName => facts.ApplicantName,
            ColumnSource.ApplicantAddress => facts.ApplicantAddress,
            ColumnSource.ApplicantIdNumber => facts.ApplicantIdNumber,
            ColumnSource.ApplicantNameAndIdNumber => string.IsNullOrWhiteSpace(facts.ApplicantIdNumber) ? facts.ApplicantName : $"{facts.ApplicantName}, {facts.ApplicantIdNumber}",
            ColumnSource.ApplicantPhone => facts.ApplicantPhone,
            ColumnSource.DossierCode => facts.DossierCode,
            ColumnSource.ProcedureName => facts.ProcedureName,
            ColumnSource.DueOn => facts.DueAt is { } due ? Date(due) : "",
            ColumnSource.Handler => facts.Handler ?? "",
            ColumnSource.FeeVnd => BookFees.Printed(facts.Fee, facts.FeeVnd, facts.FormData, facts.Entries),
            ColumnSource.Note => "",
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Source, null),
        };
    }

    // E-form dates are stored ISO (EForm.Validate); books print them as people write them.
    private static string FormValue(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : value;
}
