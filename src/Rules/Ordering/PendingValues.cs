using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Warning.Rules.Ordering;

/// <summary>
/// A pending reading's metric values, held compactly: one array of (name, value) pairs — a one-metric reading in about
/// 60 bytes where a copied <see cref="Dictionary{TKey,TValue}"/> takes about 200 (every sensor grain holds the readings
/// of its allowed lateness) — names shared with the interned literal of the same text where there is one (the metric
/// names rules look for are). Read only; looked up by ordinal name.
/// </summary>
public sealed class PendingValues : IReadOnlyDictionary<string, double>
{
    public static PendingValues Empty { get; } = new([]);

    private readonly KeyValuePair<string, double>[] _pairs;

    private PendingValues(KeyValuePair<string, double>[] pairs) => _pairs = pairs;

    /// <summary>A compact copy of <paramref name="values"/> (the same instance when it is one already).</summary>
    public static PendingValues Of(IReadOnlyDictionary<string, double> values)
    {
        if (values is PendingValues compact) return compact;
        if (values.Count == 0) return Empty;
        var pairs = new KeyValuePair<string, double>[values.Count];
        var i = 0;
        foreach (var (name, value) in values) pairs[i++] = new(string.IsInterned(name) ?? name, value);
        return new PendingValues(pairs);
    }

    /// <summary>
    /// One metric's value, made by a reader that holds its names once (a replay's CSV): the name is kept as given, not
    /// looked up among the interned strings on every reading, and <see cref="Of(IReadOnlyDictionary{string,double})"/>
    /// takes the result as it is — no dictionary made for the reading, no copy of it in the grain.
    /// </summary>
    public static PendingValues Of(string name, double value) => new([new(name, value)]);

    public int Count => _pairs.Length;

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<double> Values => _pairs.Select(p => p.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, double>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
