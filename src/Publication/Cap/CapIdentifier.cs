using System.Globalization;

namespace Warning.Publication.Cap;

/// <summary>
/// GB/T 35965.1 message identifier <c>ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N</c>: the 6-digit region (GB/T 2260) and the
/// unit code, the entry time in Beijing time, and a serial 0–9 for messages of one unit in one second.
/// </summary>
public static class CapIdentifier
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string For(string region, string unitCode, DateTimeOffset sent, int serial) =>
        $"{Region6(region)}{unitCode}_{sent.ToOffset(Beijing).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}_{serial % 10}";

    /// <summary>A serial that differs between the public warnings of one region sent in the same second, and stays the same on a replay.</summary>
    public static int SerialOf(string warningId, int version)
    {
        var hash = 17;
        foreach (var c in warningId) hash = unchecked(hash * 31 + c);
        return (int)((uint)unchecked(hash * 31 + version) % 10);
    }

    private static string Region6(string region) => region.Length >= 6 && region[..6].All(char.IsAsciiDigit) ? region[..6] : "000000";
}
