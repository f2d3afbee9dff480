using System.Text;
using System.Text.Json;

namespace Warning.Ingest.DeadLetters;

/// <summary>
/// Refused inputs, appended as JSON lines to <c>{Data:Dir}/deadletters.jsonl</c> (the durable record) and the most
/// recent ones kept in memory for <c>GET /api/deadletters</c>.
/// </summary>
public sealed class DeadLetterStore : IDisposable
{
    public const int KeptInMemory = 1000;
    private const int MaxPayloadChars = 4096;

    private readonly Lock _gate = new();
    private readonly LinkedList<DeadLetter> _recent = new();
    private readonly StreamWriter _file;

    public DeadLetterStore(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        FilePath = System.IO.Path.Combine(dataDir, "deadletters.jsonl");
        _file = new StreamWriter(new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    public string FilePath { get; }

    public long Count { get; private set; }

    public void Add(DeadLetter letter)
    {
        letter = letter with { Payload = Truncate(letter.Payload) };
        var line = JsonSerializer.Serialize(letter, JsonSerializerOptions.Web);
        lock (_gate)
        {
            _file.WriteLine(line);
            _file.Flush();
            _recent.AddLast(letter);
            if (_recent.Count > KeptInMemory) _recent.RemoveFirst();
            Count++;
        }
    }

    /// <summary>The most recent refused inputs, newest first, optionally only one reason.</summary>
    public IReadOnlyList<DeadLetter> Recent(int limit, string? reason = null)
    {
        lock (_gate)
        {
            return _recent.Reverse().Where(d => reason is null || d.Reason == reason).Take(limit).ToList();
        }
    }

    public static string PayloadText(ReadOnlySpan<byte> payload) =>
        Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, MaxPayloadChars * 4)]);

    private static string Truncate(string text) => text.Length <= MaxPayloadChars ? text : text[..MaxPayloadChars] + "…";

    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }
}
