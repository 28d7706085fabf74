namespace MotCua.Domain.Calendar;

/// <summary>
/// The two astronomical inputs of the Vietnamese lunar calendar, with the low-precision formulas of Jean Meeus
/// (Astronomical Algorithms, 1998) in the form Hồ Ngọc Đức published for the Vietnamese calendar: new moons and
/// the Sun's longitude, both reduced to days in UTC+7. Keeping exactly these formulas keeps our calendar identical
/// to the one Vietnamese calendar software prints (docs/CALENDAR.md compares it with a precise ephemeris).
/// </summary>
internal static class LunarAstronomy
{
    // Julian Day Number of DateOnly.DayNumber 0 (0001-01-01, proleptic Gregorian).
    private const int JulianDayOfDayNumberZero = 1721426;
    private const double SynodicMonth = 29.530588853;
    // The mean new moon numbered k = 0, on 1900-01-01 (Julian Day).
    private const double FirstMeanNewMoon = 2415021.076998695;
    private const double VietnamOffsetDays = 7.0 / 24;
    private const double Degree = Math.PI / 180;

    /// <summary>The day (as <see cref="DateOnly.DayNumber"/>) on which new moon number k falls in Vietnam.</summary>
    public static int NewMoonDay(int k) =>
        (int)Math.Floor(NewMoonJulianDay(k) + 0.5 + VietnamOffsetDays) - JulianDayOfDayNumberZero;

    /// <summary>The number k of the mean new moon on or before this day.</summary>
    public static int NewMoonOnOrBefore(int dayNumber) =>
        (int)Math.Floor((dayNumber + JulianDayOfDayNumberZero - FirstMeanNewMoon) / SynodicMonth);

    /// <summary>The number k of the mean new moon nearest this day.</summary>
    public static int NewMoonNearest(int dayNumber) =>
        (int)Math.Floor((dayNumber + JulianDayOfDayNumberZero - FirstMeanNewMoon) / SynodicMonth + 0.5);

    /// <summary>
    /// The 30° arc of the ecliptic the Sun is in at Vietnamese midnight starting this day: 0 from the March
    /// equinox, 3 from the June solstice, 6 from the September equinox, 9 from the December solstice. The
    /// boundaries are the twelve major solar terms (trung khí) that number the lunar months.
    /// </summary>
    public static int SunArc(int dayNumber)
    {
        var midnightUtc = dayNumber + JulianDayOfDayNumberZero - 0.5 - VietnamOffsetDays;
        return (int)Math.Floor(SunLongitude(midnightUtc) / (Math.PI / 6));
    }

    // Meeus's formula for the k-th new moon counted from January 1900 (Julian Ephemeris Day), with the main
    // periodic terms of the Sun's and Moon's anomalies and the Moon's argument of latitude, less ΔT to give UT.
    private static double NewMoonJulianDay(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * Degree);
        var sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * Degree;
        var moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * Degree;
        var moonLatitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * Degree;
        var correction = (0.1734 - 0.000393 * t) * Math.Sin(sunAnomaly) + 0.0021 * Math.Sin(2 * sunAnomaly)
            - 0.4068 * Math.Sin(moonAnomaly) + 0.0161 * Math.Sin(2 * moonAnomaly)
            - 0.0004 * Math.Sin(3 * moonAnomaly)
            + 0.0104 * Math.Sin(2 * moonLatitude) - 0.0051 * Math.Sin(sunAnomaly + moonAnomaly)
            - 0.0074 * Math.Sin(sunAnomaly - moonAnomaly) + 0.0004 * Math.Sin(2 * moonLatitude + sunAnomaly)
            - 0.0004 * Math.Sin(2 * moonLatitude - sunAnomaly) - 0.0006 * Math.Sin(2 * moonLatitude + moonAnomaly)
            + 0.0010 * Math.Sin(2 * moonLatitude - moonAnomaly) + 0.0005 * Math.Sin(2 * moonAnomaly + sunAnomaly);
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return mean + correction - deltaT;
    }

    // The Sun's longitude in radians, in [0, 2π), at this Julian Day: mean longitude plus the equation of centre
    // (Meeus, chapter 25, low accuracy, about 0.01°).
    private static double SunLongitude(double julianDay)
    {
        var t = (julianDay - 2451545.0) / 36525;
        var t2 = t * t;
        var anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * Degree;
        var meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(anomaly)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * anomaly) + 0.000290 * Math.Sin(3 * anomaly);
        var longitude = (meanLongitude + centre) * Degree;
        return longitude - 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
    }
}
