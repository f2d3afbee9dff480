using CsCheck;
using Warning.Rules.Ordering;

namespace Warning.Rules.Tests.Ordering;

public sealed class PendingValuesTests
{
    /// <summary>Property: whatever the metrics, the compact copy answers every lookup and enumeration as the dictionary does.</summary>
    [Fact]
    public void Answers_as_the_dictionary_it_copies()
    {
        var gen = Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Gen.Double[-1e6, 1e6])[0, 6];
        gen.Sample(values =>
        {
            var compact = PendingValues.Of(values);
            Assert.Equal(values.Count, compact.Count);
            Assert.Equal(values.OrderBy(kv => kv.Key, StringComparer.Ordinal), compact.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            foreach (var (name, value) in values)
            {
                Assert.True(compact.TryGetValue(name, out var found));
                Assert.Equal(value, found);
                Assert.Equal(value, compact[name]);
            }
            Assert.False(compact.ContainsKey("not a metric"));
            Assert.Throws<KeyNotFoundException>(() => compact["not a metric"]);
            Assert.Same(compact, PendingValues.Of(compact));
        }, iter: 500);
        Assert.Same(PendingValues.Empty, PendingValues.Of(new Dictionary<string, double>()));
    }
}
