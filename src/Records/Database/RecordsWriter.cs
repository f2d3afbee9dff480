using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Warning.Records.Database;

/// <summary>
/// Group commit: every write of the process is queued here, and one loop commits whatever has gathered while the
/// previous commit ran in a single transaction (one fsync for hundreds of grains' changes in a storm). A caller's task
/// completes when its transaction has committed. If a batch fails, each of its writes is retried in a transaction of
/// its own, so one bad write fails only its own caller.
/// </summary>
public sealed class RecordsWriter : IAsyncDisposable
{
    public const string MeterName = "Warning.Records";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Commits = Meter.CreateCounter<long>("warning_records_commits", description: "Transactions the records writer committed");
    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("warning_records_writes", description: "Writes committed, many to a transaction");

    private readonly Channel<IWork> _pending = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RecordsDatabase _database;
    private readonly int _maxBatch;
    private readonly bool _flushToDisk;
    private readonly ILogger _log;
    private readonly Task _loop;
    private long _committed;
    private long _written;

    internal RecordsWriter(RecordsDatabase database, int maxBatch, bool flushToDisk, ILogger log)
    {
        _database = database;
        _maxBatch = maxBatch;
        _flushToDisk = flushToDisk;
        _log = log;
        _loop = Task.Run(Loop);
    }

    /// <summary>Transactions committed so far by this writer (for tests and the bench: writes ÷ this is the grouping).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>SQLite: the size of the write-ahead log at which the writer copies it into the database file.</summary>
    public const long CheckpointAfterBytes = 256L * 1024 * 1024;

    /// <summary>Writes committed so far (÷ <see cref="Committed"/>: how many a transaction took on average).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues a write; completes once the transaction holding it committed.</summary>
    public Task Write(Func<DbConnection, DbTransaction, Task> write) =>
        Write<bool>(async (c, t) => { await write(c, t); return true; });

    /// <summary>Queues a write that answers something (a lease, a generated id); completes once committed.</summary>
    public Task<T> Write<T>(Func<DbConnection, DbTransaction, Task<T>> write)
    {
        var work = new Work<T>(write);
        if (!_pending.Writer.TryWrite(work)) work.Fail(new ObjectDisposedException(nameof(RecordsWriter), "the records writer has stopped"));
        return work.Task;
    }

    private async Task Loop()
    {
        DbConnection? connection = null;
        var batch = new List<IWork>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var work)) batch.Add(work);
            try
            {
                connection ??= await OpenWriter();
                await Commit(connection, batch);
                Commits.Add(1);
                Writes.Add(batch.Count);
            }
            catch (Exception batchError)
            {
                if (connection is not null) { await connection.DisposeAsync(); connection = null; }
                if (batch.Count == 1) { batch[0].Fail(batchError); continue; }
                _log.LogWarning("A group commit of {Count} writes failed ({Error}); committing them one by one", batch.Count, batchError.Message);
                foreach (var work in batch)
                {
                    try
                    {
                        connection ??= await OpenWriter();
                        await Commit(connection, [work]);
                    }
                    catch (Exception e)
                    {
                        if (connection is not null) { await connection.DisposeAsync(); connection = null; }
                        work.Fail(e);
                    }
                }
            }
        }
        if (connection is not null) await connection.DisposeAsync();
    }

    private async Task Commit(DbConnection connection, IReadOnlyList<IWork> batch)
    {
        await using (var tx = await connection.BeginTransactionAsync())
        {
            foreach (var work in batch) await work.Run(connection, tx);
            await tx.CommitAsync();
        }
        Interlocked.Increment(ref _committed);
        Interlocked.Add(ref _written, batch.Count);
        foreach (var work in batch) work.Complete();
    }

    private async Task<DbConnection> OpenWriter()
    {
        var connection = await _database.Open();
        // SQLite: FULL syncs the WAL at every commit (an acknowledged change survives power loss); replays turn it off.
        // The log is copied into the database file (checkpoint) once it holds CheckpointAfterBytes: each page written
        // since the last checkpoint is copied once however many commits touched it, so a long interval lets a storm's
        // changes (a warning raised, escalated, its messages leased and sent, each a commit of its own) share the copy —
        // at 40 MB a storm of 10,000 gauges copied its pages about four times, 3.3 KB a change of the 11 it wrote. The
        // price is a log file of that size on disk and a checkpoint of up to that many pages' worth on the writer's turn.
        // (Temporary B-trees are kept in memory by every connection, RecordsDatabase.Open.)
        if (!_database.IsPostgres)
            await connection.ExecuteAsync($"PRAGMA synchronous={(_flushToDisk ? "FULL" : "OFF")}; PRAGMA wal_autocheckpoint={CheckpointAfterBytes / RecordsDatabase.SqlitePageSize}; PRAGMA cache_size=-65536");
        else if (!_flushToDisk) await connection.ExecuteAsync("SET synchronous_commit = off");
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
    }

    private interface IWork
    {
        Task Run(DbConnection connection, DbTransaction tx);

        void Complete();

        void Fail(Exception e);
    }

    private sealed class Work<T>(Func<DbConnection, DbTransaction, Task<T>> write) : IWork
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public async Task Run(DbConnection connection, DbTransaction tx) => _result = await write(connection, tx);

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception e) => _done.TrySetException(e);
    }
}
