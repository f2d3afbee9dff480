using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace Warning.Rules.Parameters;

/// <summary>
/// Reads a ruleset's <c>params</c> object, collecting every problem instead of stopping at the first,
/// so a registry entry's errors are reported together.
/// </summary>
public sealed class ParamReader
{
    private readonly JsonElement _root;
    private readonly List<ParamError> _errors;

    public ParamReader(JsonElement root, string prefix = "params")
        : this(root, prefix, [])
    {
    }

    private ParamReader(JsonElement root, string prefix, List<ParamError> errors)
    {
        _root = root;
        _errors = errors;
        Prefix = prefix;
        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            _errors.Add(new ParamError(prefix, $"expected an object, got {Describe(root)}"));
        }
    }

    public string Prefix { get; }

    /// <summary>Every problem found so far, by this reader and the readers of its nested objects.</summary>
    public IReadOnlyList<ParamError> Errors => _errors;

    public bool Has(string name) => TryGet(name, out _);

    /// <summary>A nested object; its problems are reported with the full dotted path.</summary>
    public ParamReader Object(string name) =>
        new(TryGet(name, out var value) ? value : default, $"{Prefix}.{name}", _errors);

    private void Fail(string name, string problem) => _errors.Add(new ParamError($"{Prefix}.{name}", problem));

    /// <summary>A number that must be finite and at least <paramref name="min"/>.</summary>
    public double Number(string name, double fallback, double min = 0)
    {
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Fail(name, $"expected a number, got {Describe(value)}");
            return fallback;
        }
        if (number < min)
        {
            Fail(name, $"expected a number ≥ {min.ToString(CultureInfo.InvariantCulture)}, got {number.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }
        return number;
    }

    /// <summary>The member names of this reader's object, in document order.</summary>
    public IReadOnlyList<string> Keys() =>
        _root.ValueKind == JsonValueKind.Object ? _root.EnumerateObject().Select(p => p.Name).ToList() : [];

    /// <summary>A string, or null when absent; anything else is an error.</summary>
    public string? Text(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Fail(name, $"expected a string, got {Describe(value)}");
        return null;
    }

    /// <summary>A string the rule cannot do without.</summary>
    public string Required(string name, string expectation)
    {
        if (!Has(name)) Fail(name, $"is required: {expectation}");
        return Text(name) ?? "";
    }

    public bool IsNumber(string name) => TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number;

    /// <summary>Reports a problem found by the rule's own cross-field checks.</summary>
    public void Problem(string name, string problem) => Fail(name, problem);

    /// <summary>A finite number greater than zero.</summary>
    public double Positive(string name, double fallback)
    {
        if (!Has(name)) return fallback;
        var number = Number(name, fallback, min: double.NegativeInfinity);
        if (number > 0) return number;
        Fail(name, $"expected a number > 0, got {number.ToString(CultureInfo.InvariantCulture)}");
        return fallback;
    }

    /// <summary>An ISO 8601 duration such as <c>PT3H</c> or <c>P1D</c>, strictly positive.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind == JsonValueKind.String && TryParseDuration(value.GetString()!, out var span))
        {
            if (span > TimeSpan.Zero) return span;
            Fail(name, $"expected a positive ISO 8601 duration, got \"{value.GetString()}\"");
            return fallback;
        }
        Fail(name, $"expected an ISO 8601 duration such as \"PT3H\", got {Describe(value)}");
        return fallback;
    }

    public static bool TryParseDuration(string text, out TimeSpan span)
    {
        try
        {
            span = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            span = default;
            return false;
        }
    }

    public static string FormatDuration(TimeSpan span) => XmlConvert.ToString(span);

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _root.ValueKind == JsonValueKind.Object
            && _root.TryGetProperty(name, out value)
            && value.ValueKind != JsonValueKind.Null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
