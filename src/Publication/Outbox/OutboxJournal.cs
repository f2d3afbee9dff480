using System.Text;
using System.Threading.Channels;

namespace Warning.Publication.Outbox;

/// <summary>
/// The outbox's append-only journal (one JSON line per event) with group commit: every caller's lines that arrive
/// while a flush is under way go to disk together in the next one, so thousands of sends cost a few fsyncs, and an
/// append returns only once its lines are on disk.
/// </summary>
public sealed class OutboxJournal : IAsyncDisposable
{
    private readonly Channel<(IReadOnlyList<string> Lines, TaskCompletionSource Done)> _pending =
        Channel.CreateUnbounded<(IReadOnlyList<string>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly FileStream _file;
    private readonly bool _flushToDisk;
    private readonly Task _writer;

    public OutboxJournal(string path, bool flushToDisk)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _flushToDisk = flushToDisk;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _writer = Task.Run(WriteLoop);
    }

    /// <summary>Every complete line written so far; a line torn by a crash mid-write is returned as it is, for the reader to skip.</summary>
    public static IEnumerable<string> ReadAll(string path) =>
        File.Exists(path) ? File.ReadLines(path, Encoding.UTF8).Where(l => l.Length > 0) : [];

    public Task Append(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((lines, done))) done.SetException(new ObjectDisposedException(nameof(OutboxJournal)));
        return done.Task;
    }

    private async Task WriteLoop()
    {
        var batch = new List<TaskCompletionSource>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            try
            {
                while (_pending.Reader.TryRead(out var item))
                {
                    foreach (var line in item.Lines)
                    {
                        _file.Write(Encoding.UTF8.GetBytes(line));
                        _file.WriteByte((byte)'\n');
                    }
                    batch.Add(item.Done);
                }
                _file.Flush(_flushToDisk);
                foreach (var done in batch) done.SetResult();
            }
            catch (Exception e)
            {
                foreach (var done in batch) done.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        await _file.DisposeAsync();
    }
}
