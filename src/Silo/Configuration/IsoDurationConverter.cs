using System.ComponentModel;
using System.Globalization;
using System.Xml;

namespace Warning.Silo.Configuration;

/// <summary>
/// Durations in configuration as either .NET writes them (<c>00:05:00</c>) or as the contract and the rulesets' params
/// do, ISO 8601 (<c>PT5M</c>): every <see cref="TimeSpan"/> option takes both, so <c>Confirm__Repeat=PT2S</c> means
/// what it says instead of stopping the engine. A value that is neither is refused naming its key, as before.
/// </summary>
public sealed class IsoDurationConverter : TimeSpanConverter
{
    private static int _registered;

    /// <summary>Makes <see cref="TimeSpan"/> options read ISO 8601 durations too (once per process).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(IsoDurationConverter)));
        }
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string text && text.Trim() is { Length: > 1 } trimmed && (trimmed[0] == 'P' || trimmed.StartsWith("-P", StringComparison.Ordinal)))
        {
            try
            {
                return XmlConvert.ToTimeSpan(trimmed);
            }
            catch (FormatException e)
            {
                throw new FormatException($"\"{trimmed}\" is not an ISO 8601 duration (e.g. PT5M, PT1H30M, P1D) nor a time span (00:05:00)", e);
            }
        }
        return base.ConvertFrom(context, culture, value);
    }
}
