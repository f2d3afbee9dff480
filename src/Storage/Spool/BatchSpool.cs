using System.Globalization;

namespace Warning.Storage.Spool;

/// <summary>
/// Batches of line protocol written ahead to disk, one file each, named by a rising sequence so they drain in
/// order. A batch leaves the spool only after the server has taken it; a crash before then replays it,
/// which InfluxDB absorbs (same series and timestamp overwrite) so nothing is stored twice.
/// </summary>
public sealed class BatchSpool
{
    private const string Extension = ".lp";
    private readonly string _dir;
    private readonly string _rejectedDir;
    private long _next;

    public BatchSpool(string dir)
    {
        _dir = dir;
        Location = dir;
        _rejectedDir = Path.Combine(dir, "rejected");
        Directory.CreateDirectory(_dir);
        foreach (var tmp in Directory.EnumerateFiles(_dir, "*.tmp")) File.Delete(tmp);
        _next = Pending().Select(SequenceOf).DefaultIfEmpty(0).Max() + 1;
    }

    public string Location { get; }

    /// <summary>Writes a batch durably (write, flush to disk, rename) and returns its file.</summary>
    public string Append(string lines)
    {
        var seq = Interlocked.Increment(ref _next) - 1;
        var path = Path.Combine(_dir, seq.ToString("D16", CultureInfo.InvariantCulture) + Extension);
        var tmp = path + ".tmp";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(lines);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path);
        }
        catch (IOException)
        {
            File.Delete(tmp); // a half-written batch must not take the space the next try needs
            throw;
        }
        return path;
    }

    /// <summary>Spooled batches, oldest first.</summary>
    public IReadOnlyList<string> Pending() =>
        Directory.EnumerateFiles(_dir, "*" + Extension).Order(StringComparer.Ordinal).ToList();

    public static string Read(string path) => File.ReadAllText(path);

    public static void Remove(string path) => File.Delete(path);

    /// <summary>Moves a batch the server refused as malformed aside, so it cannot block the ones behind it.</summary>
    public string Reject(string path)
    {
        Directory.CreateDirectory(_rejectedDir);
        var target = Path.Combine(_rejectedDir, Path.GetFileName(path));
        File.Move(path, target, overwrite: true);
        return target;
    }

    private static long SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
