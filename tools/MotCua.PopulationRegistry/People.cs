using System.Globalization;

namespace MotCua.PopulationRegistry;

/// <summary>An invented citizen: CCCD (12 digits), full name (Họ đệm tên), date of birth, sex ("Nam"/"Nữ"), permanent
/// residence, and the documents the citizen's store (kho dữ liệu của công dân) holds.</summary>
public sealed record Person(string IdNumber, string FullName, DateOnly DateOfBirth, string Sex, string PermanentResidence,
    IReadOnlyList<StoredDocument> Documents);

/// <summary>A document in the citizen's store: kind code (KS birth certificate, KH marriage certificate), name, number,
/// where it is held (<c>kho-cong-dan</c>).</summary>
public sealed record StoredDocument(string Kind, string Name, string Number, string Source);

/// <summary>
/// Makes the invented people deterministically from a seed: the same seed and count give the same people in the same
/// order, so tests and the demo can name them. Surnames and middle names follow their frequencies; the CCCD is
/// <c>PPP G YY RRRRRR</c> (Thông tư 07/2016/TT-BCA, Thông tư 59/2021/TT-BCA): the province code of birth registration,
/// the century-and-sex digit (0 man / 1 woman born 1900–1999, 2 / 3 born 2000–2099), the birth year's last two digits,
/// six random digits.
/// </summary>
public static class People
{
    public static List<Person> Make(string dataDirectory, int seed, int count)
    {
        string[] Lines(string file) => [.. File.ReadAllLines(Path.Combine(dataDirectory, file)).Select(l => l.Trim()).Where(l => l.Length > 0)];
        static (string Value, int Weight)[] Weighted(string[] lines) =>
            [.. lines.Skip(1).Select(l => l.Split(',')).Select(c => (c[0], int.Parse(c[1], CultureInfo.InvariantCulture)))];
        var surnames = Weighted(Lines("surname_frequency_uit2016.csv"));
        var middles = Weighted(Lines("middle_name_frequency_uit2016.csv"));
        var male = Lines("duyet_given_names_male.txt");
        var female = Lines("duyet_given_names_female.txt");
        var provinces = Lines("cccd_province_codes_pre2025.csv").Skip(1).Select(l => l.Split(',')[0]).ToArray();
        var communes = Lines("communes_post2025_nso.csv").Skip(1).Select(l => l.Split(',')).Select(c => $"{c[4]}, {c[1]}").ToArray();

        var random = new Random(seed);
        var people = new List<Person>(count);
        var numbers = new HashSet<string>();
        while (people.Count < count)
        {
            var woman = random.Next(2) == 1;
            var given = woman ? female[random.Next(female.Length)] : male[random.Next(male.Length)];
            // The given-name lists hold two syllables (đệm + tên) for most names; a one-syllable one takes a middle name.
            var name = given.Contains(' ') ? $"{Pick(surnames, random)} {given}" : $"{Pick(surnames, random)} {Pick(middles, random)} {given}";
            var born = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 66));
            var centuryDigit = (born.Year >= 2000 ? 2 : 0) + (woman ? 1 : 0);
            var number = $"{provinces[random.Next(provinces.Length)]}{centuryDigit}{born.Year % 100:D2}{random.Next(1_000_000):D6}";
            if (!numbers.Add(number)) continue;
            var residence = $"Số {random.Next(1, 300)}, {communes[random.Next(communes.Length)]}";
            List<StoredDocument> documents = [new("KS", "Giấy khai sinh", $"{random.Next(1, 999)}/{born.Year}", "kho-cong-dan")];
            if (born.Year < 2000 && random.Next(3) == 0)
                documents.Add(new("KH", "Giấy chứng nhận kết hôn", $"{random.Next(1, 999)}/{born.Year + 25}", "kho-cong-dan"));
            // Residence is data of the population database itself (Luật Cư trú 2020): no paper, no number.
            documents.Add(new("CT", "Xác nhận thông tin về cư trú", "", "csdl-dan-cu"));
            people.Add(new Person(number, name, born, woman ? "Nữ" : "Nam", residence, documents));
        }
        return people;
    }

    private static string Pick((string Value, int Weight)[] weighted, Random random)
    {
        var at = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if (at < weight) return value;
            at -= weight;
        }
        return weighted[^1].Value;
    }
}
